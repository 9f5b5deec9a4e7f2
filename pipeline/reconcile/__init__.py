"""Reconcile stage: Claim -> Fact.

names (one full name per entity across the dump) -> stories (articles sharing
names) -> per story: frame (names, predicate families, independent sources) ->
group (block, compare, cluster) -> weigh (truth discovery: a source's reliability
is learned from every fact it speaks about; sources of different stories share no
fact, so each story is weighed on its own) -> decide (status, values, suggested
value, rationale).

A story's facts depend on its claims, the full names given to the names they use and
the labels shown for its sources alone, so a memo of the facts of each story (the
run's cache) spares a re-run every story where none of these changed: such a story
is not even framed.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from operator import attrgetter
from typing import Protocol

from pipeline.records import Claim, Fact, reading_order
from pipeline.reconcile.decide import Bound, FactDraft, decide, fact_id_for
from pipeline.reconcile.frame import Frame, FramedClaim
from pipeline.reconcile.group import Mapper, group_story, ordered_groups, stories_of_names
from pipeline.reconcile.ledger import ClaimLedger
from pipeline.reconcile.truth import discover_truth
from pipeline.reconcile.values import BOUND_WORDS, compatible
from pipeline.settings import Settings

__all__ = ["reconcile"]

STAGE_VERSION = 1  # bump when the facts of the same claims change (code, word lists, their rows): a new facts cache


class FactMemo(Protocol):
    """Where the facts of each story are kept, by `ClaimLedger.facts_keys` (the run's cache, a dict in tests)."""

    def lookup(self, keys: Iterable[str]) -> dict[str, list[Fact]]: ...

    def store(self, entries: Iterable[tuple[str, list[Fact]]]) -> None: ...


def reconcile(
    claims: Iterable[Claim], settings: Settings | None = None, memo: FactMemo | None = None, mapper: Mapper | None = None,
    ledger: ClaimLedger | None = None,
) -> list[Fact]:
    """The facts the claims state. `memo` (lookup/store of each story's facts, such as the
    run's cache) spares a re-run the stories whose claims did not change; `mapper` (like `map`,
    results in order, such as one over a run's worker processes) works out runs of stories
    in parallel (grouped, weighed, decided); `ledger` is what reconciliation reads of each
    claim, gathered ahead as the claims arrived (used if it gathered these very claims). The
    facts are the same with them or without."""
    settings = settings or Settings()
    claims = list(claims)
    if ledger is None or not ledger.counted(claims):
        ledger = ClaimLedger.of(claims)
    frame = Frame(claims, ledger.names)
    mentions = [frame.mention(subject, entities) for subject, entities in ledger.mentions]  # each distinct one once
    said: Counter[tuple[str, str, frozenset[str]]] = Counter()
    for source, claims_of in ledger.sources.items():
        for number, times in claims_of.mentions.items():
            said[(source, *mentions[number])] += times
    stories = stories_of_names(said)
    labels = ledger.labels()
    sources_of: dict[str, list[str]] = defaultdict(list)
    for source in ledger.sources:
        sources_of[stories[source]].append(source)
    story_sources = [sources_of[story] for story in sorted(sources_of)]
    if memo is None:
        keys: list[str | None] = [None] * len(story_sources)
        known: dict[str, list[Fact]] = {}
    else:
        keys = ledger.facts_keys(story_sources, claims, frame, labels, settings.match_threshold)
        known = memo.lookup(key for key in keys if key is not None)
    todo = [i for i, key in enumerate(keys) if key not in known]
    framed = [  # only the stories worked out, each in the order of its claims
        [frame.framed(claims[i]) for i in ledger.indices(story_sources[story])] for story in todo
    ]
    worked_out = facts_of_stories(framed, labels, stories, settings, mapper)
    if memo is not None:
        memo.store((keys[i], facts) for i, facts in zip(todo, worked_out) if keys[i] is not None)
    facts = [fact for key in keys if key in known for fact in known[key]]
    facts += [fact for facts_of_story in worked_out for fact in facts_of_story]
    return sorted(facts, key=reading_order)


CLAIMS_PER_STORY_TASK = 2000
"""Claims in one task of stories sent through a mapper: enough to outweigh sending them, few
enough to spread the stories of a small dump over two workers."""


def facts_of_stories(
    by_story: list[list[FramedClaim]], labels: dict[str, str], stories: dict[str, str], settings: Settings,
    mapper: Mapper | None,
) -> list[list[Fact]]:
    """The facts of each story, worked out here, or through `mapper` in runs of stories (stories
    share no fact and are weighed on their own, so the facts are the same either way). Stories
    that make one run are worked out here: one task runs on one worker while this process
    waits, and sending it there and its facts back costs more (a re-run's 4 changed stories:
    0.28 s in a worker)."""
    runs = list(runs_of_stories(by_story, CLAIMS_PER_STORY_TASK)) if mapper is not None else []
    if len(runs) < 2:
        return story_facts((by_story, labels, stories, settings.match_threshold))
    tasks = ((run, *_frame_of(run, labels, stories), settings.match_threshold) for run in runs)
    return [facts for facts_of_run in mapper(story_facts, tasks) for facts in facts_of_run]


def story_facts(task: tuple[list[list[FramedClaim]], dict[str, str], dict[str, str], float]) -> list[list[Fact]]:
    """The facts of each of some stories: grouped, weighed (these stories at once) and decided.
    A task for a worker: what it needs of the whole dump comes with it."""
    by_story, labels, stories, threshold = task
    drafts_of_story = [
        merge_same_ids([FactDraft(fact_id_for(group, stories[group[0].source]), group, labels, labels.get(stories[group[0].source], ""))
                        for group in ordered_groups([groups])])
        for groups in (group_story(items, threshold) for items in by_story)
    ]
    observations = [obs for drafts in drafts_of_story for draft in drafts for obs in draft.observations()]
    truth = discover_truth(observations, compatible=partial_support)
    bounds = event_bounds((item for items in by_story for item in items), labels, stories)
    return [
        [decide(draft, truth.verdicts.get(draft.fact_id), bounds_for(draft, bounds, stories), truth.reliability) for draft in drafts]
        for drafts in drafts_of_story
    ]


def runs_of_stories(stories: list[list[FramedClaim]], claims_per_run: int) -> Iterator[list[list[FramedClaim]]]:
    run: list[list[FramedClaim]] = []
    size = 0
    for items in stories:
        if run and size + len(items) > claims_per_run:
            yield run
            run, size = [], 0
        run.append(items)
        size += len(items)
    if run:
        yield run


def _frame_of(run: list[list[FramedClaim]], labels: dict[str, str], stories: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The labels and stories of the sources of `run` (a task need not carry the whole dump's)."""
    sources = {source for items in run for item in items for source in (item.source, item.claim.doc_id)}
    return ({s: labels[s] for s in sources if s in labels}, {s: stories[s] for s in sources if s in stories})


def partial_support(a: str, b: str) -> bool:
    """Values that back each other without being equal: partial dates (2026-04 supports 2026-04-30)
    and bounded figures ("at least 24" supports 51); other values never mix."""
    if a == b:
        return False
    if any(a.startswith(w + " ") or b.startswith(w + " ") for w in BOUND_WORDS):
        return compatible("number", a, b)
    return "-" in a + b and a[:4].isdigit() and b[:4].isdigit() and compatible("event_date", a, b)


def merge_same_ids(drafts: list[FactDraft]) -> list[FactDraft]:
    """Two clusters that hash to one fact id are one fact (same anchor claim)."""
    merged: dict[str, FactDraft] = {}
    for draft in drafts:
        if draft.fact_id in merged:
            first = merged[draft.fact_id]
            merged[draft.fact_id] = FactDraft(draft.fact_id, first.items + draft.items, first.labels, first.story)
        else:
            merged[draft.fact_id] = draft
    return list(merged.values())


def event_bounds(
    framed: Iterable[FramedClaim], labels: dict[str, str], stories: dict[str, str]
) -> dict[tuple[str, str, str], list[Bound]]:
    """(story, subject, family) -> the latest date each dated report of the story allows for the event.

    An article published on day D that tells an event as past puts the event on or
    before D. Statements about what will happen ("is scheduled to testify") are skipped.
    """
    latest: dict[tuple[str, str, str], dict[str, str]] = defaultdict(dict)
    for item in framed:
        claim = item.claim
        if not claim.published or item.future or not item.subject or not item.family:
            continue
        day = claim.published[:10]
        known = latest[(stories[item.source], item.subject, item.family)]
        label = labels.get(item.source, claim.source)
        if label not in known or day < known[label]:
            known[label] = day
    return {key: [Bound(label, day) for label, day in sorted(found.items())] for key, found in latest.items()}


def bounds_for(
    draft: FactDraft, bounds: dict[tuple[str, str, str], list[Bound]], stories: dict[str, str]
) -> list[Bound]:
    if draft.type != "event_date":
        return []
    first = draft.items[0]
    return bounds.get((stories[first.source], first.subject, first.family), [])
