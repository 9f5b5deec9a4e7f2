"""Events: who did what to what, and the dates that events carry."""
from __future__ import annotations

import pytest

from pipeline.extract.claims import event_date_claims, is_dateline
from pipeline.extract.context import ArticleContext
from pipeline.extract.dates import DateMention
from pipeline.extract.entities import EntityIndex
from pipeline.extract.events import ArticleParse
from pipeline.extract.locations import find_locations
from pipeline.records import Article


def parse_of(nlp, text: str) -> ArticleParse:
    doc = nlp(text)
    article = Article(doc_id="doc", source="test", label="test", text=text)
    return ArticleParse(doc, ArticleContext.of(article), EntityIndex.from_doc(doc))


def mention(text: str, phrase: str, value: str, *, detail: str = "day", reason: str = "") -> DateMention:
    """A date mention as the dates extractor reports it, for the phrase's first occurrence."""
    start = text.index(phrase)
    return DateMention(
        start=start, end=start + len(phrase), surface=phrase, value=value, detail=detail,
        resolved_from="explicit" if value else "unresolved", anchor="", reason=reason,
        relative=not value, timex=value,
    )


def main_event(nlp, text: str):
    parse = parse_of(nlp, text)
    root = next(parse.doc.sents).root
    return parse.describe(root)


@pytest.mark.parametrize("text, subject, predicate, object_", [
    ("Acme used Globex software to build its app.", "Acme", "use", "Globex software"),
    ("The bridge was closed by the city.", "city", "close", "bridge"),
    ("Jane Doe took the stand.", "Jane Doe", "take stand", ""),
    ("Acme filed a lawsuit against Globex.", "Acme", "file lawsuit", "against Globex"),
    ("Jane Doe admitted in federal court that Acme copied the design.", "Jane Doe", "admit", "in federal court"),
])
def test_describe_names_subject_predicate_and_object(nlp, text, subject, predicate, object_):
    event = main_event(nlp, text)
    assert (event.subject, event.predicate, event.object) == (subject, predicate, object_)


@pytest.mark.parametrize("text, negated", [
    ("Acme did not use Globex software.", True),
    ("Acme never paid the fine.", True),
    ("No court has ruled on the case.", True),
    ("Acme used Globex software.", False),
])
def test_describe_marks_negated_events(nlp, text, negated):
    assert main_event(nlp, text).negated is negated


def test_a_pronoun_subject_resolves_to_the_person_named_before(nlp):
    parse = parse_of(nlp, "Jane Doe chaired the board for a decade. She resigned in protest.")
    second = list(parse.doc.sents)[1]
    assert parse.describe(second.root).subject == "Jane Doe"


def test_an_object_pronoun_is_never_the_clauses_own_subject(nlp):
    parse = parse_of(nlp, "Jane Doe called John Roe on Monday. He thanked her warmly.")
    second = list(parse.doc.sents)[1]
    event = parse.describe(second.root)
    assert (event.subject, event.object) == ("John Roe", "Jane Doe")


@pytest.mark.parametrize("text, phrase, value, subject, predicate", [
    ("On March 3, 2025, the mayor opened the new bridge.", "March 3, 2025", "2025-03-03", "mayor", "open"),
    ("Speaking on June 2, 2024, Jane Doe announced the plan.", "June 2, 2024", "2024-06-02", "Jane Doe", "speak"),
    ("Jane Doe took the stand on June 2, 2024.", "June 2, 2024", "2024-06-02", "Jane Doe", "take stand"),
    ("In 2021, Acme filed a lawsuit against Globex.", "2021", "2021", "Acme", "file lawsuit"),
    ("The hearing on June 2, 2024 lasted an hour.", "June 2, 2024", "2024-06-02", "", "hearing"),
])
def test_a_date_dates_the_event_it_modifies(nlp, text, phrase, value, subject, predicate):
    [claim] = event_date_claims(parse_of(nlp, text), [mention(text, phrase, value)])
    assert (claim.surface, claim.value, claim.subject, claim.predicate) == (phrase, value, subject, predicate)
    assert text[claim.char_start:claim.char_end] == phrase


def test_a_date_of_an_event_in_court_keeps_the_court_as_object(nlp):
    text = "Jane Doe acknowledged in federal court on June 2, 2024 that Acme copied the design."
    [claim] = event_date_claims(parse_of(nlp, text), [mention(text, "June 2, 2024", "2024-06-02")])
    assert (claim.predicate, claim.object) == ("acknowledge", "in federal court")


def test_an_unresolved_date_still_gives_a_claim_with_its_reason(nlp):
    text = "Jane Doe testified this week about the merger."
    reason = "relative date 'this week' and no publication date"
    unresolved = mention(text, "this week", "", detail="unresolved", reason=reason)
    [claim] = event_date_claims(parse_of(nlp, text), [unresolved])
    assert (claim.value, claim.detail, claim.reason) == ("", "unresolved", reason)
    assert (claim.subject, claim.predicate) == ("Jane Doe", "testify")


def test_a_negated_event_gives_a_negated_date_claim(nlp):
    text = "Acme did not open the plant in 2020."
    [claim] = event_date_claims(parse_of(nlp, text), [mention(text, "2020", "2020", detail="year")])
    assert claim.negated is True


@pytest.mark.parametrize("text, phrase", [
    ("LONDON, June 2 (Reuters) - The bank raised rates.", "June 2"),
    ("June 3, 2026\nThe bank raised rates.", "June 3, 2026"),
    ("If the board meets on Friday, it will vote.", "Friday"),
])
def test_datelines_lone_dates_and_conditions_date_no_event(nlp, text, phrase):
    assert event_date_claims(parse_of(nlp, text), [mention(text, phrase, "2026-06-02")]) == []


def test_a_span_of_time_read_as_a_duration_is_not_an_event_date(nlp):
    text = "The strike lasted eight months."
    found = mention(text, "eight months", "", detail="unresolved", reason="no anchor")
    assert event_date_claims(parse_of(nlp, text), [found], durations=[(found.start, found.end)]) == []


@pytest.mark.parametrize("text, start, expected", [
    ("OAKLAND, Calif., May 1 (Reuters) - Testimony began.", 17, True),
    ("May 1 \u2014 Testimony began.", 0, True),
    ("Testimony began on May 1 - the first day.", 19, False),
])
def test_is_dateline(text, start, expected):
    assert is_dateline(text, start, start + len("May 1")) is expected


@pytest.mark.parametrize("text, surface, value, predicate", [
    ("The trial opened in Oakland on Monday.", "Oakland", "Oakland", "open"),
    ("Jane Doe testified in the Oakland courtroom.", "the Oakland courtroom", "Oakland", "testify"),
])
def test_a_place_locates_the_event_it_modifies(nlp, text, surface, value, predicate):
    [claim] = find_locations(parse_of(nlp, text))
    assert (claim.surface, claim.value, claim.predicate) == (surface, value, predicate)


def test_an_acronym_modifying_a_noun_is_not_a_place(nlp):
    assert find_locations(parse_of(nlp, "Hiring slowed in the AI industry.")) == []
