"""Assertions: one claim per clause that states something, and none for the rest."""
from __future__ import annotations

import pytest

from pipeline.extract.assertions import find_assertions, is_headline
from pipeline.extract.context import ArticleContext
from pipeline.extract.entities import EntityIndex
from pipeline.extract.events import ArticleParse
from pipeline.records import Article


def assertions_in(nlp, text: str):
    doc = nlp(text)
    article = Article(doc_id="doc", source="test", label="test", text=text)
    return find_assertions(ArticleParse(doc, ArticleContext.of(article), EntityIndex.from_doc(doc)))


def test_a_reported_claim_gives_the_reporting_event_and_the_claim(nlp):
    text = "Jane Doe testified that Acme used Globex software to build its app."
    reporting, embedded = assertions_in(nlp, text)
    assert (reporting.surface, reporting.subject, reporting.predicate) == ("Jane Doe testified", "Jane Doe", "testify")
    assert (embedded.surface, embedded.subject, embedded.predicate, embedded.object) == (
        "Acme used Globex software to build its app", "Acme", "use", "Globex software"
    )
    assert (embedded.attribution, embedded.attribution_kind) == ("Jane Doe", "indirect_quote")
    assert embedded.entities == "Acme; Globex"


@pytest.mark.parametrize("text, value", [
    ("Acme had used Globex models to train Atlas.", "Acme use Globex models train Atlas"),
    ("Acme did not use Globex software.", "Acme not use Globex software"),
])
def test_value_is_a_short_normal_form_of_the_clause(nlp, text, value):
    [claim] = assertions_in(nlp, text)
    assert claim.value == value


@pytest.mark.parametrize("text, negated, hedge", [
    ("Acme did not use Globex software.", True, ""),
    ("Acme may have copied the design.", False, "may"),
    ("Acme reportedly copied the design.", False, "reportedly"),
    ("Acme copied the design.", False, ""),
])
def test_negation_and_hedges(nlp, text, negated, hedge):
    [claim] = assertions_in(nlp, text)
    assert (claim.negated, claim.hedge) == (negated, hedge)


def test_passive_voice_takes_the_agent_as_subject(nlp):
    [claim] = assertions_in(nlp, "The design was copied by the city.")
    assert (claim.subject, claim.predicate, claim.object) == ("city", "copy", "design")


@pytest.mark.parametrize("text", [
    "Did Acme copy the design?",
    "Read the full report.",
    "It is a difficult case.",
    "If Acme loses, it will appeal.",
    "Some welcomed the plan, while others said it would hurt trade.",
    "Acme Admits Copying Globex Design",
])
def test_questions_imperatives_pronoun_subjects_conditions_and_headlines_give_none(nlp, text):
    assert assertions_in(nlp, text) == []


def test_words_the_writer_puts_in_quotation_marks_are_a_term_not_a_claim(nlp):
    claims = assertions_in(nlp, 'The report uses the phrase "prices fell sharply" twice.')
    assert [(c.subject, c.predicate) for c in claims] == [("report", "use")]


@pytest.mark.parametrize("reply, hedge, negated", [
    ("partly", "partly", False),
    ("yes", "", False),
    ("no", "", True),
])
def test_a_quoted_reply_to_a_yes_no_question_asserts_its_clause(nlp, reply, hedge, negated):
    text = f'Asked whether Acme had copied the design, Jane Doe replied "{reply}."'
    claim = next(c for c in assertions_in(nlp, text) if c.subject == "Acme")
    assert (claim.surface, claim.predicate, claim.hedge, claim.negated) == (
        "Acme had copied the design", "copy", hedge, negated
    )
    assert (claim.attribution, claim.attribution_kind) == ("Jane Doe", "direct_quote")


def test_an_unanswered_question_gives_no_assertion_for_its_clause(nlp):
    text = 'Asked whether Acme had copied the design, Jane Doe replied "I have no comment on that at all."'
    assert all(c.subject != "Acme" for c in assertions_in(nlp, text))


def test_every_assertion_surface_is_its_span_of_the_text(nlp):
    text = "Jane Doe testified that Acme copied the design. The city closed the bridge in March."
    claims = assertions_in(nlp, text)
    assert len(claims) == 3
    assert all(text[c.char_start:c.char_end] == c.surface for c in claims)


@pytest.mark.parametrize("text", [
    "Investigators said the fire began in a storage room.",
    "The fire began in a storage room, investigators said.",
    "Jane Doe added that the fire began in a storage room.",
])
def test_a_verb_that_only_passes_words_on_is_no_claim_of_its_own(nlp, text):
    claims = assertions_in(nlp, text)
    assert [c.predicate for c in claims] == ["begin"]


@pytest.mark.parametrize("line, expected", [
    ("Acme Admits Copying Globex Design", True),
    ("Acme admits copying the Globex design.", False),
    ("Jane Doe And John Roe", True),
    ("Acme won", False),
])
def test_is_headline(line, expected):
    assert is_headline(line) is expected


@pytest.mark.parametrize("text, subject, predicate, object_", [
    ("When pressed by the city's lawyer John Roe, Jane Doe resigned.", "John Roe", "press", "Jane Doe"),
    ("Testifying before the committee, Jane Doe denied the report.", "Jane Doe", "testify", "before committee"),
    ("Acme closed the plant, citing weak demand.", "Acme", "cite", "weak demand"),
])
def test_an_adverbial_clause_that_tells_what_happened_is_an_assertion(nlp, text, subject, predicate, object_):
    claims = assertions_in(nlp, text)
    assert (subject, predicate, object_) in [(c.subject, c.predicate, c.object) for c in claims]


def test_a_purpose_is_not_an_assertion(nlp):
    claims = assertions_in(nlp, "Acme hired lawyers to fight the case.")
    assert [c.predicate for c in claims] == ["hire"]
