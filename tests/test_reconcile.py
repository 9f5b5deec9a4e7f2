"""Reconciliation on small hand-made claims: the matcher's hard cases."""
from __future__ import annotations

import importlib
import itertools
import pickle
from collections import Counter

import pytest

from pipeline.records import Claim
from pipeline.settings import Settings
from pipeline.reconcile import reconcile
from pipeline.reconcile.frame import NameResolver, predicate_family

_ids = itertools.count()


def claim(source: str, type_: str = "event_date", **fields) -> Claim:
    """A claim of article `source` (its doc_id is the source name unless given)."""
    n = next(_ids)
    defaults = dict(
        claim_id=f"c{n:03d}", doc_id=fields.pop("doc_id", source), type=type_, surface="x",
        char_start=n, char_end=n + 1, source=source,
    )
    return Claim(**{**defaults, **fields})


def said_date(source: str, value: str, **fields) -> Claim:
    return claim(source, subject=fields.pop("subject", "Elon Musk"), predicate=fields.pop("predicate", "testify"),
                 value=value, resolved_from=fields.pop("resolved_from", "explicit"),
                 sentence=fields.pop("sentence", "He testified in court."), **fields)


def only(facts, **match):
    found = [f for f in facts if all(getattr(f, k) == v for k, v in match.items())]
    assert len(found) == 1, f"expected one fact with {match}, got {found}"
    return found[0]


def test_full_and_partial_dates_of_one_event_agree():
    facts = reconcile([said_date("a", "2026-04-30"), said_date("b", "2026-04")])
    fact = only(facts, type="event_date")
    assert fact.status == "agreed"
    assert fact.value == "2026-04-30"
    assert fact.n_sources == 2


def test_two_different_days_conflict_and_list_every_value_with_its_sources():
    facts = reconcile([
        said_date("000", "2026-05-01"),
        said_date("003", "2026-04-30"),
        said_date("003", "2026-04-29", predicate="acknowledge", sentence="He acknowledged in federal court."),
    ])
    fact = only(facts, type="event_date")
    assert fact.status == "conflict"
    assert fact.conflict_kind == "value"
    assert fact.values == "2026-04-29 [003] | 2026-04-30 [003] | 2026-05-01 [000]"
    assert fact.intra_source_conflict == "003"
    assert fact.fact == "Elon Musk testimony: date"


def test_short_name_and_full_name_are_one_subject():
    facts = reconcile([said_date("a", "2026-04-30", subject="Musk"), said_date("b", "2026-04-30")])
    assert only(facts, type="event_date").subject == "Elon Musk"


def test_unresolved_relative_date_is_reported_on_the_fact():
    facts = reconcile([
        said_date("a", "2026-04-30"),
        said_date("002", "", detail="unresolved", resolved_from="unresolved", surface="this week",
                       reason="relative date 'this week' and the article has no publication date"),
    ])
    fact = only(facts, type="event_date")
    assert fact.status == "single_source"
    assert fact.unresolved_mentions.startswith("002: relative date 'this week'")


def test_only_unresolved_mentions_make_an_unresolved_fact():
    facts = reconcile([said_date("002", "", reason="no publication date")])
    assert only(facts, type="event_date").status == "unresolved"


def test_a_date_later_than_a_report_telling_the_event_as_past_is_ruled_out():
    facts = reconcile([
        said_date("000", "2026-05-03"),
        said_date("003", "2026-04-30"),
        claim("004", "assertion", subject="Elon Musk", predicate="testify", published="2026-05-01",
              value="Elon Musk testify", sentence="Musk has testified that it happened."),
    ])
    fact = only(facts, type="event_date")
    assert fact.value == "2026-04-30"
    assert fact.bounds == "004: <= 2026-05-01"
    assert "Ruled out: 2026-05-03 is later than 2026-05-01" in fact.rationale


def test_syndicated_copy_counts_once():
    facts = reconcile([
        said_date("wire", "2026-04-30", doc_id="d1"),
        said_date("copy", "2026-04-30", doc_id="d2", duplicate_of="d1"),
    ])
    fact = only(facts, type="event_date")
    assert fact.n_sources == 1
    assert fact.status == "single_source"
    assert fact.sources == "copy; wire"
    assert "Copies counted once with their original: copy." in fact.rationale


def uses_openai(source: str, surface: str, **fields) -> Claim:
    return claim(source, "assertion", subject="xAI", predicate=fields.pop("predicate", "use"),
                 entities="Grok; OpenAI; xAI", surface=surface, value=fields.pop("value", "xAI use OpenAI model train Grok"),
                 **fields)


def test_paraphrases_with_the_same_participants_are_one_agreed_fact():
    facts = reconcile([
        uses_openai("a", "xAI used OpenAI models to train Grok"),
        uses_openai("b", "xAI trained Grok on output from OpenAI's models", predicate="train",
                    value="xAI train Grok output OpenAI model"),
        uses_openai("c", "xAI utilized OpenAI models to train the Grok series", predicate="utilize",
                    value="xAI utilize OpenAI model train Grok series"),
    ])
    fact = only(facts, type="assertion")
    assert fact.status == "agreed"
    assert fact.n_sources == 3


def test_negated_paraphrase_is_a_polarity_conflict_not_an_agreement():
    facts = reconcile([
        uses_openai("a", "xAI used OpenAI models to train Grok"),
        uses_openai("b", "xAI did not use OpenAI models to train Grok", negated=True,
                    value="xAI not use OpenAI model train Grok"),
    ])
    fact = only(facts, type="assertion")
    assert fact.status == "conflict"
    assert fact.conflict_kind == "polarity"
    assert fact.values == "affirmed [a] | not use [b]"


def test_hedged_claim_agrees_but_the_difference_of_extent_is_reported():
    facts = reconcile([
        uses_openai("a", "xAI used OpenAI models to train Grok"),
        uses_openai("b", "xAI partly used OpenAI models to train Grok", hedge="partly"),
    ])
    fact = only(facts, type="assertion")
    assert fact.status == "agreed"
    assert fact.conflict_kind == "extent"
    assert fact.values == "affirmed (hedged: partly) [a, b]"


def test_claims_about_other_participants_stay_apart():
    facts = reconcile([
        uses_openai("a", "xAI used OpenAI models to train Grok"),
        claim("z", "assertion", subject="xAI", predicate="open", entities="Memphis; xAI",
              surface="xAI opened a data centre in Memphis", value="xAI open data centre Memphis"),
    ])
    assert len([f for f in facts if f.type == "assertion"]) == 2


def quote(source: str, speaker: str, text: str) -> Claim:
    return claim(source, "quote", detail="direct", speaker=speaker, subject=speaker, predicate="say",
                 value=text, surface=text)


def test_same_quote_worded_two_ways_is_one_quote_with_variants():
    facts = reconcile([
        quote("a", "Dana Okoro", "the plant was never at risk"),
        quote("b", "Okoro", "the plant was not at risk at any point"),
        quote("c", "Dana Okoro", "we will appeal the ruling next week"),
    ])
    quotes = [f for f in facts if f.type == "quote"]
    assert len(quotes) == 2
    variant = only(quotes, status="conflict")
    assert variant.conflict_kind == "wording"
    assert variant.subject == "Dana Okoro"
    assert variant.n_sources == 2


def test_quote_differing_only_in_punctuation_and_case_agrees():
    facts = reconcile([quote("a", "Dana Okoro", "The plant was never at risk."),
                       quote("b", "Dana Okoro", "the plant was never at risk")])
    assert only(facts, type="quote").status == "agreed"


def number(source: str, value: str, **fields) -> Claim:
    return claim(source, "number", subject="Elon Musk", predicate="donate", unit="USD", value=value, **fields)


@pytest.mark.parametrize("first,second,status", [
    (dict(value="38000000"), dict(value="38000000"), "agreed"),
    (dict(value="4200000"), dict(value="4500000"), "conflict"),
    (dict(value="300", approximate=True), dict(value="312"), "agreed"),
    (dict(value="300"), dict(value="312"), "conflict"),
])
def test_numbers_compare_with_tolerance_only_for_approximations(first, second, status):
    facts = reconcile([number("a", **first), number("b", **second)])
    assert only(facts, type="number").status == status


def test_single_source_fact():
    fact = only(reconcile([number("003", "38000000")]), type="number")
    assert (fact.status, fact.value, fact.n_sources, fact.fact) == ("single_source", "38000000", 1, "Elon Musk donate: USD")


def test_fact_ids_and_rows_do_not_depend_on_input_order():
    claims = [said_date("000", "2026-05-01"), said_date("003", "2026-04-30"),
              uses_openai("a", "xAI used OpenAI models to train Grok"), number("003", "38000000")]
    assert reconcile(claims) == reconcile(list(reversed(claims)))


@pytest.mark.parametrize("predicate,sentence,family", [
    ("acknowledge", "Musk acknowledged in federal court on Monday that ...", "testify"),
    ("drop bombshell", "Musk dropped a bombshell in court this week.", "testify"),
    ("acknowledge", "Musk acknowledged on Monday in a post that ...", "state"),
    ("take stand", "", "testify"),
    ("utilize", "", "use"),
])
def test_predicate_families(predicate, sentence, family):
    assert predicate_family(predicate, sentence) == family


def test_ambiguous_short_name_stays_as_written():
    names = NameResolver(["Anna Smith", "John Smith", "Elon Musk", "Musk"])
    assert names.canonical("Smith") == "Smith"
    assert names.canonical("musk") == "Elon Musk"


def test_spellings_differing_in_case_are_written_as_most_often_inside_a_sentence():
    names = NameResolver(["Construction"] * 3 + ["construction"] * 2, sentence_initial=["Construction"] * 3)
    assert names.canonical("Construction") == "construction"


def test_a_capital_opening_a_sentence_does_not_vote_on_the_spelling():
    claims = [
        claim(f"a{i}", "assertion", subject="Construction", predicate="begin", sentence="“Construction began in May.")
        for i in range(3)
    ] + [
        claim(f"b{i}", "assertion", subject="construction", predicate="begin", sentence="Officials said construction began.")
        for i in range(2)
    ]
    assert NameResolver.from_claims(claims).canonical("Construction") == "construction"


def test_a_name_keeps_its_capitals_when_written_so_inside_sentences():
    claims = [
        claim("a", "assertion", subject="Alade Mining", predicate="close", sentence="Alade Mining closed the pit."),
        claim("b", "assertion", subject="alade mining", predicate="close", sentence="Alade Mining, said alade mining closed it."),
        claim("c", "assertion", subject="Alade Mining", predicate="close", sentence="On Monday Alade Mining closed it."),
    ]
    assert NameResolver.from_claims(claims).canonical("alade mining") == "Alade Mining"


def test_a_subject_naming_an_entity_meets_claims_about_that_entity():
    facts = reconcile([
        claim("a", "assertion", subject="OpenAI's terms of service", predicate="prohibit", entities="OpenAI",
              surface="OpenAI's terms of service prohibit training rival models on its outputs",
              value="OpenAI terms service prohibit train rival model output"),
        claim("b", "assertion", subject="the catch: OpenAI's terms", predicate="forbid", entities="OpenAI",
              surface="the catch: OpenAI's terms forbid training rival models on its outputs",
              value="catch OpenAI terms forbid train rival model output"),
    ])
    fact = only(facts, type="assertion")
    assert (fact.status, fact.n_sources) == ("agreed", 2)


def test_copular_claims_sharing_only_subject_and_verb_stay_apart():
    facts = reconcile([
        claim("a", "assertion", subject="Distillation", predicate="be", entities="OpenAI",
              surface="Distillation is everywhere at OpenAI", value="Distillation be everywhere OpenAI"),
        claim("b", "assertion", subject="distillation", predicate="be", entities="OpenAI",
              surface="distillation is cheaper than training at OpenAI",
              value="distillation be cheap than training OpenAI"),
    ])
    assert sorted(f.status for f in facts if f.type == "assertion") == ["single_source", "single_source"]


def test_blocking_finds_the_same_groups_as_comparing_every_pair():
    from pipeline.reconcile import group
    from pipeline.reconcile.frame import frame_claims

    framed = frame_claims([
        uses_openai("a", "xAI used OpenAI models to train Grok"),
        uses_openai("b", "xAI trained Grok on OpenAI output", predicate="train", value="xAI train Grok OpenAI output"),
        claim("c", "assertion", subject="Elon Musk", predicate="testify", entities="OpenAI; xAI",
              value="Musk testify xAI use OpenAI"),
        claim("d", "number", unit="USD", predicate="donate", object="donation to OpenAI", value="38000000"),
        claim("e", "number", unit="USD", predicate="give", object="OpenAI donation", value="38000000"),
        claim("f", "number", unit="USD", predicate="raise", object="funding round", value="6000000000"),
        quote("g", "Elon Musk", "We used their models, partly."),
        quote("h", "Musk", "we used their models partly"),
        quote("i", "Sam Altman", "We used their models, partly."),
    ])
    assertions, numbers, quotes = ([f for f in framed if f.claim.type == t] for t in ("assertion", "number", "quote"))
    cases = [
        (assertions, group.assertion_blocks(assertions), lambda block: group.assertion_scores(block) >= 0.72),
        (numbers, group.number_blocks(numbers), lambda block: group.measure_scores(block) >= 1.0),
        (quotes, group.quote_blocks(quotes), group.quote_links),
    ]
    for items, blocks, links in cases:
        blocked = group.cluster_in_blocks(items, blocks, links)
        every_pair = group.cluster_in_blocks(items, [list(range(len(items)))], links)
        assert partition(blocked) == partition(every_pair)
        assert len(blocked) < len(items)


def partition(groups) -> list[list[str]]:
    return sorted(sorted(item.claim.claim_id for item in group) for group in groups)


def staff_count(source: str, company: str, value: str, town: str) -> Claim:
    return claim(source, "number", subject="the plant", predicate="employ", object="people", unit="people",
                 value=value, entities=f"{company}; {town}", sentence=f"The {company} plant employs {value} people.")


def test_the_same_measure_of_two_stories_is_two_facts_not_a_conflict():
    facts = reconcile([
        staff_count("a", "Alade Mining", "1448", "Coldfield"),
        staff_count("b", "Alade Mining", "1448", "Coldfield"),
        staff_count("c", "Brenen Energy", "900", "Ashhaven"),
        staff_count("d", "Brenen Energy", "950", "Ashhaven"),
    ])
    numbers = sorted((f.status, f.sources) for f in facts if f.type == "number")
    assert numbers == [("agreed", "a; b"), ("conflict", "c; d")]


def test_articles_sharing_two_names_through_a_third_are_one_story():
    facts = reconcile([
        staff_count("a", "Alade Mining", "1448", "Coldfield"),
        claim("b", "number", subject="the plant", predicate="employ", object="people", unit="people", value="1500",
              entities="Alade Mining; Coldfield; Nora Pike", sentence="x"),
        claim("c", "number", subject="the plant", predicate="employ", object="people", unit="people", value="1448",
              entities="Nora Pike; Alade Mining", sentence="x"),
    ])
    assert only(facts, type="number").sources == "a; b; c"


class DictMemo:
    """A memo of each story's facts in a dict, counting what it is given."""

    def __init__(self) -> None:
        self.facts: dict[str, list] = {}
        self.stored = 0

    def lookup(self, keys):
        return {key: self.facts[key] for key in keys if key in self.facts}

    def store(self, entries):
        for key, facts in entries:
            self.facts[key] = facts
            self.stored += 1


TWO_STORIES = [
    staff_count("a", "Alade Mining", "1448", "Coldfield"),
    staff_count("b", "Alade Mining", "1448", "Coldfield"),
    staff_count("c", "Brenen Energy", "900", "Ashhaven"),
    staff_count("d", "Brenen Energy", "950", "Ashhaven"),
]


def test_a_memo_of_story_facts_gives_the_same_facts():
    memo = DictMemo()
    assert reconcile(TWO_STORIES, memo=memo) == reconcile(TWO_STORIES)
    assert memo.stored == 2
    assert reconcile(TWO_STORIES, memo=memo) == reconcile(TWO_STORIES)
    assert memo.stored == 2, "the second time every story comes from the memo"


def test_only_the_story_that_changed_is_reconciled_again():
    memo = DictMemo()
    reconcile(TWO_STORIES, memo=memo)
    grown = [*TWO_STORIES, staff_count("e", "Brenen Energy", "950", "Ashhaven")]
    facts = reconcile(grown, memo=memo)
    assert memo.stored == 3
    assert facts == reconcile(grown)
    numbers = sorted((f.status, f.sources) for f in facts if f.type == "number")
    assert numbers == [("agreed", "a; b"), ("conflict", "c; d; e")]


class CountingMapper:
    """`map` as a run's worker processes do it (each task and its answer pickled), counting the tasks."""

    def __init__(self) -> None:
        self.tasks = 0

    def __call__(self, function, items):
        for item in items:
            self.tasks += 1
            yield pickle.loads(pickle.dumps(function(pickle.loads(pickle.dumps(item)))))


def test_stories_worked_out_in_tasks_give_the_same_facts(monkeypatch):
    stage = importlib.import_module("pipeline.reconcile")  # the package: `pipeline.reconcile` is its function
    monkeypatch.setattr(stage, "CLAIMS_PER_STORY_TASK", 2)
    mapper = CountingMapper()

    assert reconcile(TWO_STORIES, mapper=mapper) == reconcile(TWO_STORIES)
    assert mapper.tasks == 2, "one task per story of two claims"


def test_only_changed_stories_are_sent_to_the_mapper(monkeypatch):
    monkeypatch.setattr(importlib.import_module("pipeline.reconcile"), "CLAIMS_PER_STORY_TASK", 2)  # a task per story
    memo, mapper = DictMemo(), CountingMapper()
    third_story = [staff_count("f", "Corvel Foods", "310", "Dunmere"), staff_count("g", "Corvel Foods", "310", "Dunmere")]
    reconcile([*TWO_STORIES, *third_story], memo=memo)
    grown = [
        *TWO_STORIES, *third_story, staff_count("e", "Brenen Energy", "950", "Ashhaven"),
        staff_count("h", "Corvel Foods", "315", "Dunmere"),
    ]

    assert reconcile(grown, memo=memo, mapper=mapper) == reconcile(grown)
    assert mapper.tasks == 2, "the two stories with a new article, not the third"


def test_stories_that_make_one_task_are_worked_out_here():
    memo, mapper = DictMemo(), CountingMapper()
    reconcile(TWO_STORIES, memo=memo)
    grown = [*TWO_STORIES, staff_count("e", "Brenen Energy", "950", "Ashhaven")]

    assert reconcile(grown, memo=memo, mapper=mapper) == reconcile(grown)
    assert mapper.tasks == 0


def test_a_story_whose_names_resolve_otherwise_is_worked_out_again(monkeypatch):
    """No claim of the first story changes, but a new article of the second names "Ines
    Calder" in full: the first story's "Calder" is now her, so its facts are made again."""
    monkeypatch.setattr(importlib.import_module("pipeline.reconcile"), "CLAIMS_PER_STORY_TASK", 2)  # a task per story
    memo, mapper = DictMemo(), CountingMapper()
    first_story = [staff_count("a", "Alade Mining", "1448", "Calder"), staff_count("b", "Alade Mining", "1448", "Calder")]
    second_story = [staff_count("c", "Brenen Energy", "900", "Ashhaven"), staff_count("d", "Brenen Energy", "950", "Ashhaven")]
    reconcile(first_story + second_story, memo=memo)
    grown = [*first_story, *second_story, staff_count("e", "Brenen Energy", "950", "Ashhaven; Ines Calder")]

    assert reconcile(grown, memo=memo, mapper=mapper) == reconcile(grown)
    assert mapper.tasks == 2, "both stories: one has a new article, the other a name resolved otherwise"


def test_a_frame_lists_the_names_a_story_uses_with_their_canonical_names():
    from pipeline.reconcile.frame import Frame

    claims = [*TWO_STORIES, said_date("e", "2026-04-30", subject="Musk", entities="Elon Musk; OpenAI")]

    assert Frame(claims).names_used(claims[-1:]) == [("Elon Musk", "Elon Musk"), ("Musk", "Elon Musk"), ("OpenAI", "OpenAI")]


def article_naming(source: str, names: list[str], value: str) -> Claim:
    return claim(source, "number", subject="the plant", predicate="employ", object="people", unit="people",
                 value=value, entities="; ".join(names), sentence="x")


def test_articles_sharing_only_two_of_their_names_are_two_stories():
    from pipeline.reconcile.frame import Frame, independent_source
    from pipeline.reconcile.group import stories_of_names

    claims = [
        article_naming("a", ["Stanwick", "Dalant Brewing", "Ines Calder", "Harbour Board"], "1448"),
        article_naming("b", ["Stanwick", "Dalant Brewing", "Piet Moran", "Ashby Council"], "900"),
        article_naming("c", ["Stanwick", "Dalant Brewing", "Ines Calder", "Ferry Union"], "1448"),
    ]
    frame = Frame(claims)
    stories = stories_of_names(Counter((independent_source(c), *frame.mentions(c)) for c in claims))
    assert stories["a"] == stories["c"] != stories["b"]


def test_reconciling_leaves_the_callers_garbage_collector_as_it_was():
    import gc

    import pipeline

    before = (gc.isenabled(), gc.get_threshold())
    facts = pipeline.reconcile([said_date("a", "2026-04-30"), said_date("b", "2026-04-30"), said_date("c", "2026-04-29")])
    assert facts
    assert (gc.isenabled(), gc.get_threshold()) == before


def test_the_collector_runs_while_reconciling_as_the_caller_set_it():
    """A notebook's collector stays on: what a run tunes, it tunes in its own processes."""
    import gc

    class WatchingMemo:
        def __init__(self):
            self.seen = []

        def lookup(self, keys):
            self.seen.append(gc.isenabled())
            return {}

        def store(self, entries):
            list(entries)

    memo = WatchingMemo()
    reconcile([said_date("a", "2026-04-30"), said_date("b", "2026-04-29")], memo=memo)
    assert memo.seen == [gc.isenabled()] == [True]


def ledger_from_rows(claims: list[Claim]):
    """A ClaimLedger as a run fills it: each article's claims with their claims.jsonl lines."""
    from pipeline import export
    from pipeline.reconcile.ledger import ClaimLedger

    ledger, in_order = ClaimLedger(), []
    for doc_id in sorted({c.doc_id for c in claims}):
        rows = export.article_claims([c for c in claims if c.doc_id == doc_id])
        ledger.add(rows.claims, rows.jsonl)
        in_order += rows.claims
    return ledger, in_order


def test_story_keys_from_the_claims_lines_equal_those_from_the_claims(monkeypatch):
    from pipeline.reconcile import ledger as ledger_module

    ledger, claims = ledger_from_rows(TWO_STORIES)
    with_lines, without = DictMemo(), DictMemo()
    monkeypatch.setattr(ledger_module, "claim_digest", lambda claim: pytest.fail("a claim was serialised again"))
    facts = reconcile(claims, memo=with_lines, ledger=ledger)
    monkeypatch.undo()

    assert facts == reconcile(TWO_STORIES, memo=without)
    assert with_lines.facts.keys() == without.facts.keys() and len(without.facts) == 2


def keys_looked_up(claims: list[Claim], ledger=None) -> list[str]:
    """The keys reconciliation looks up in its memo, one per story that has one."""
    keyed = []
    memo = DictMemo()
    memo.lookup = lambda keys: keyed.extend(keys) or {}
    reconcile(claims, memo=memo, ledger=ledger)
    return keyed


def test_a_ledger_filled_in_parts_makes_the_keys_of_one_filled_at_once():
    from pipeline.reconcile.ledger import ClaimLedger

    claims = [
        *TWO_STORIES,
        said_date("wire", "2026-04-30", doc_id="d1", subject="Musk", entities="Musk; OpenAI"),
        said_date("copy", "2026-04-30", doc_id="d2", duplicate_of="d1", subject="Elon Musk", entities="Elon Musk; OpenAI"),
        said_date("other", "2026-05-01", doc_id="d3", subject="", speaker="Musk", entities="OpenAI; xAI"),
        said_date("other", "2026-05-02", doc_id="d3", subject="the hearing", entities=""),
    ]
    ledger = ClaimLedger()
    ledger.add(claims[:3])
    ledger.add(claims[3:])
    assert ledger.counted(claims)
    keyed = keys_looked_up(claims, ledger)
    assert keyed == keys_looked_up(claims) and len(set(keyed)) == 4


def test_a_story_whose_claim_ids_repeat_has_no_key():
    import dataclasses

    twice = [*TWO_STORIES[:2], dataclasses.replace(TWO_STORIES[1], doc_id="b-copy", source="b-copy")]
    assert keys_looked_up(twice) == [], "nothing looked up"
    assert reconcile(twice, memo=DictMemo()) == reconcile(twice)


def test_lines_that_do_not_match_their_claims_are_not_used():
    from pipeline.reconcile.ledger import ClaimLedger

    ledger = ClaimLedger()
    ledger.add(TWO_STORIES[:2], b'{"not": "these claims"}\n')
    ledger.add(TWO_STORIES[2:])
    assert ledger.counted(TWO_STORIES)
    keyed = keys_looked_up(TWO_STORIES, ledger)
    assert keyed == keys_looked_up(TWO_STORIES) and len(keyed) == 2


MUSK_CLAIMS = [
    said_date("a", "2026-04-30", subject="Elon Musk", entities="Elon Musk; OpenAI"),
    said_date("b", "2026-04-30", subject="Musk", entities="OpenAI"),
    said_date("c", "2026-05-01", subject="Musk", entities="Musk; OpenAI"),
]


def test_names_counted_batch_by_batch_give_the_same_frame_and_facts():
    from pipeline.reconcile.frame import Frame, NameTally
    from pipeline.reconcile.ledger import ClaimLedger

    tally = NameTally()
    tally.add(MUSK_CLAIMS[:1])
    tally.add(MUSK_CLAIMS[1:])
    ledger = ClaimLedger()
    ledger.add(MUSK_CLAIMS[:1])
    ledger.add(MUSK_CLAIMS[1:])
    assert ledger.counted(MUSK_CLAIMS)

    assert Frame(MUSK_CLAIMS, tally).mentions(MUSK_CLAIMS[1]) == Frame(MUSK_CLAIMS).mentions(MUSK_CLAIMS[1])
    assert reconcile(MUSK_CLAIMS, ledger=ledger) == reconcile(MUSK_CLAIMS)


def test_a_ledger_of_other_claims_is_not_used():
    from pipeline.reconcile.frame import Frame, NameTally
    from pipeline.reconcile.ledger import ClaimLedger

    tally = NameTally()
    tally.add(MUSK_CLAIMS[1:])  # "Elon Musk" is never counted: "Musk" would stay "Musk"
    assert Frame(MUSK_CLAIMS, tally).mentions(MUSK_CLAIMS[1])[0] == "Musk"

    assert reconcile(MUSK_CLAIMS, ledger=ClaimLedger.of(MUSK_CLAIMS[1:])) == reconcile(MUSK_CLAIMS)
    assert any("Elon Musk" in fact.fact for fact in reconcile(MUSK_CLAIMS))


def test_a_ledger_knows_the_very_claims_it_gathered():
    import copy

    from pipeline.reconcile.ledger import ClaimLedger

    ledger = ClaimLedger.of(MUSK_CLAIMS)
    assert ledger.counted(MUSK_CLAIMS)
    assert not ledger.counted([copy.copy(claim) for claim in MUSK_CLAIMS]), "equal claims, other objects"
    assert not ledger.counted(MUSK_CLAIMS[::-1]), "the same claims in another order"
    assert not ClaimLedger.of(MUSK_CLAIMS[:-1]).counted(MUSK_CLAIMS), "some of them"
    assert not ClaimLedger.of([*MUSK_CLAIMS, MUSK_CLAIMS[0]]).counted(MUSK_CLAIMS), "more"
