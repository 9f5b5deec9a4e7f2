"""Quotes as news articles write them: transcripts, partial quotes, labels,
floating quotes and the cues that are not verbs of saying. Invented sentences."""
from __future__ import annotations

import pytest

from pipeline.extract.context import ArticleContext
from pipeline.extract.entities import EntityIndex
from pipeline.extract.quotes import find_quotes, quotation_spans
from pipeline.records import Article


def quotes_of(nlp, text: str):
    doc = nlp(text)
    article = Article(doc_id="doc", source="test.txt", label="test", text=text)
    return find_quotes(doc, ArticleContext.of(article), EntityIndex.from_doc(doc))


def direct(nlp, text: str) -> list[tuple[str, str]]:
    """(speaker, words) of the direct quotes, in text order."""
    return [(c.speaker, c.value) for c in quotes_of(nlp, text) if c.detail == "direct"]


def test_transcript_turns_on_their_own_lines(nlp):
    text = (
        "Prosecutor Helen Marsh questioned the engineer Victor Osei on Monday.\n\n"
        "Marsh: Did you inspect the valve?\n\n"
        "Osei: Twice, in March.\n\n"
        "Marsh: And you found nothing?"
    )
    assert direct(nlp, text) == [
        ("Helen Marsh", "Did you inspect the valve?"),
        ("Victor Osei", "Twice, in March."),
        ("Helen Marsh", "And you found nothing?"),
    ]


def test_transcript_turns_inside_one_paragraph_stop_at_the_writers_text(nlp):
    text = (
        "Prosecutor Helen Marsh questioned the engineer Victor Osei on Monday. "
        "The exchange ran as follows: Marsh: Did you inspect the valve? Osei: Twice. "
        "Marsh: So you knew. The hearing then broke for lunch."
    )
    assert direct(nlp, text) == [
        ("Helen Marsh", "Did you inspect the valve?"),
        ("Victor Osei", "Twice."),
        ("Helen Marsh", "So you knew."),
    ]


def test_a_single_label_is_not_a_transcript(nlp):
    text = "Victor Osei spoke to the board on Monday.\n\nOsei: a career in numbers"
    assert direct(nlp, text) == []


def test_a_quoted_word_inside_reported_speech_is_the_speakers(nlp):
    text = "Victor Osei told the panel it was \"mostly\" fixed by the end of the week."
    assert direct(nlp, text) == [("Victor Osei", "mostly")]


def test_a_quoted_noun_inside_reported_speech_is_a_term(nlp):
    text = "Victor Osei said the plant used \"fracking\" at two of its sites."
    assert direct(nlp, text) == []


def test_a_colon_after_a_name_in_a_headline(nlp):
    text = "Osei at the Hearing: \"Mostly Fixed\"\n\nThe engineer Victor Osei spoke for an hour on Monday."
    assert direct(nlp, text) == [("Victor Osei", "Mostly Fixed")]


def test_a_colon_after_a_clause_with_a_speaking_subject(nlp):
    text = "Helen Marsh pressed the witness: \"So the valve was never replaced.\""
    assert direct(nlp, text) == [("Helen Marsh", "So the valve was never replaced.")]


def test_an_em_dash_and_a_name_after_the_quotation(nlp):
    text = "Victor Osei testified for two days.\n\n\"Mostly.\" \u2014 Victor Osei, during his testimony on Monday."
    assert direct(nlp, text) == [("Victor Osei", "Mostly.")]


def test_a_floating_quote_paragraph_keeps_the_speaker(nlp):
    text = (
        "\"The water came up in minutes,\" said Rosa Delgado, the town's mayor.\n\n"
        "\"We lost the school and the clinic in one night.\""
    )
    assert direct(nlp, text) == [
        ("Rosa Delgado", "The water came up in minutes"),
        ("Rosa Delgado", "We lost the school and the clinic in one night."),
    ]


def test_a_floating_quote_after_reported_speech_keeps_the_speaker(nlp):
    text = (
        "Paul Grady, the county engineer, said the bridge closed after a pillar cracked. "
        "\"Nobody was on it when it happened.\""
    )
    assert direct(nlp, text) == [("Paul Grady", "Nobody was on it when it happened.")]


def test_an_interrupted_quote_has_one_speaker(nlp):
    text = "\"We are not leaving,\" Rosa Delgado said, \"until the last family is safe.\""
    assert direct(nlp, text) == [
        ("Rosa Delgado", "We are not leaving"),
        ("Rosa Delgado", "until the last family is safe."),
    ]


def test_a_verb_that_only_news_uses_for_quotes(nlp):
    text = "Rosa Delgado, who lost her home, shared, \"We have nothing left but the car.\""
    assert direct(nlp, text) == [("Rosa Delgado", "We have nothing left but the car.")]


def test_what_they_called_gives_the_words_to_the_plural_subject(nlp):
    text = "Local unions blamed the closure on what they called the council's \"neglect\" and \"broken promises\"."
    assert direct(nlp, text) == [("Local unions", "neglect"), ("Local unions", "broken promises")]


def test_quoted_as_saying_gives_the_words_to_the_quoted_person(nlp):
    text = "\"The files were never sent,\" the newspaper quoted a county clerk as saying."
    assert direct(nlp, text) == [("a county clerk", "The files were never sent")]


def test_a_pronoun_does_not_resolve_to_a_name_inside_the_quote(nlp):
    text = (
        "Rosa Delgado met the governor on Friday. "
        "\"Paul Grady promised us a new bridge,\" she said."
    )
    assert direct(nlp, text) == [("Rosa Delgado", "Paul Grady promised us a new bridge")]


def test_a_pronoun_prefers_an_unnamed_person_written_after_the_last_name(nlp):
    text = (
        "Rosa Delgado opened the shelter on Friday. "
        "A woman at the shelter said the roads were closed. "
        "\"We walked for six hours with the children,\" she told reporters."
    )
    assert direct(nlp, text) == [("A woman at the shelter", "We walked for six hours with the children")]


def test_an_organisation_speaks_in_a_statement(nlp):
    text = (
        "Pine Hollow Camp has run for sixty years.\n\n"
        "\"We are heartbroken,\" the camp said in a statement."
    )
    assert direct(nlp, text) == [("Pine Hollow Camp", "We are heartbroken")]


def test_a_person_beside_an_organisation_in_the_subject_speaks(nlp):
    text = (
        "President of the Riverside Farmers Union, Nadia Petrova, said the harvest was lost. "
        "\"We will need help through the winter.\""
    )
    assert direct(nlp, text) == [("Nadia Petrova", "We will need help through the winter.")]


def test_a_name_in_use_is_quoted_with_no_speaker(nlp):
    text = "The storm hit a stretch of coast known as \"hurricane row\" by local fishermen."
    assert direct(nlp, text) == [("", "hurricane row")]


def test_short_single_quoted_terms_are_not_quotes(nlp):
    text = "Pilgrims gathered for the \u2018night vigil\u2019, also called \u2018the long watch\u2019, on Sunday."
    assert direct(nlp, text) == []


def test_a_single_quoted_sentence_is_speech(nlp):
    text = "Rosa Delgado told the crowd: \u2018We will rebuild every house on this street.\u2019"
    assert direct(nlp, text) == [("Rosa Delgado", "We will rebuild every house on this street.")]


def test_a_single_quotation_over_several_paragraphs(nlp):
    text = (
        "Rosa Delgado described the night: \u2018The rain started at midnight.\n"
        "Then the power went out and the river came in.\u2019 She left at dawn."
    )
    assert direct(nlp, text) == [
        ("Rosa Delgado", "The rain started at midnight. Then the power went out and the river came in.")
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # an opening curly mark typeset where the closing one belongs
        ("\u201cWe are still counting,\u201c a police officer said.", [(0, 23)]),
        # the curly marks written as HTML entities
        ("&#8220;We are still counting,&#8221; he said.", [(6, 29)]),
        # the excerpt cut off inside the quotation
        ("The mayor spoke at noon. \"We will rebuild the sch", [(25, 49)]),
    ],
)
def test_quotation_marks_of_scraped_text(text, expected):
    assert [(q.opening, q.closing) for q in quotation_spans(text)] == expected


def test_an_unclosed_mark_in_a_finished_text_still_gives_nothing(nlp):
    assert direct(nlp, "\"We will rebuild the school, the mayor said.") == []


def test_a_full_sentence_quoted_as_what_someone_fell_back_to_is_theirs(nlp):
    text = 'Asked whether the valve had failed, Victor Osei retreated to "Every plant has its bad days."'
    assert direct(nlp, text) == [("Victor Osei", "Every plant has its bad days.")]


def test_a_partial_quote_hung_on_a_verb_of_acting_takes_the_speaker_after_it(nlp):
    text = 'Crews were sent to respond to the "worst leak in years," Mayor Helen Marsh said.'
    assert direct(nlp, text) == [("Helen Marsh", "worst leak in years")]


def test_the_words_a_statement_reads_are_its_owners(nlp):
    text = 'Kessel Airways issued a statement on Monday. Kessel Airways\' statement reads, "We are with the families."'
    assert direct(nlp, text) == [("Kessel Airways", "We are with the families.")]
