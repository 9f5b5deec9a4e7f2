"""Quotes: who said what, with which verb; and quoted words that are not speech."""
from __future__ import annotations

import pytest

from pipeline.extract.context import ArticleContext
from pipeline.extract.entities import EntityIndex
from pipeline.extract.quotes import (
    CONFIDENCE_NAMED,
    CONFIDENCE_PRONOUN,
    Quotation,
    find_quotes,
    quotation_spans,
)
from pipeline.records import Article


def quotes_of(nlp, text: str):
    doc = nlp(text)
    article = Article(doc_id="doc", source="test.txt", label="test", text=text)
    return find_quotes(doc, ArticleContext.of(article), EntityIndex.from_doc(doc))


def summary(claims) -> list[tuple[str, str, str, str]]:
    return [(c.speaker, c.cue, c.value, c.detail) for c in claims]


@pytest.mark.parametrize(
    "text, expected",
    [
        (  # quote, speaker, cue
            '"We will appeal the ruling," Maria Lopez said on Tuesday.',
            [("Maria Lopez", "say", "We will appeal the ruling", "direct")],
        ),
        (  # quote, cue, speaker
            '"The bridge is safe," said Tom Becker, the city engineer.',
            [("Tom Becker", "say", "The bridge is safe", "direct")],
        ),
        (  # speaker, cue, quote
            'Maria Lopez said, "We will appeal the ruling."',
            [("Maria Lopez", "say", "We will appeal the ruling.", "direct")],
        ),
        (  # a one-word answer straight after the cue
            'Asked about the delay, Tom Becker responded "mostly," and blamed the weather.',
            [("Tom Becker", "respond", "mostly", "direct")],
        ),
        (  # the quote is the complement of "framed ... as"
            'Tom Becker framed the closure as "a precaution we owe the drivers."',
            [("Tom Becker", "frame", "a precaution we owe the drivers.", "direct")],
        ),
        (
            "\u201cThe vote was rigged,\u201d Dana Whitfield said.",
            [("Dana Whitfield", "say", "The vote was rigged", "direct")],
        ),
        (
            "\u2018The vote was rigged,\u2019 Dana Whitfield said.",
            [("Dana Whitfield", "say", "The vote was rigged", "direct")],
        ),
        (  # one quotation across a sentence boundary
            '"The vote was close. We expected that," Dana Whitfield told reporters.',
            [("Dana Whitfield", "tell", "The vote was close. We expected that", "direct")],
        ),
        (  # a sentence of its own after the attributed one continues the quote
            '"We won," Maria Lopez said. "Now the real work starts."',
            [
                ("Maria Lopez", "say", "We won", "direct"),
                ("Maria Lopez", "say", "Now the real work starts.", "direct"),
            ],
        ),
        (  # a pronoun resolves to the person named before
            'Governor Anna Kowalski arrived late. "Nobody warned us about the storm," she said.',
            [("Anna Kowalski", "say", "Nobody warned us about the storm", "direct")],
        ),
        (  # a surname resolves to the full name
            'Maria Lopez was elected in 2019. Lopez said, "We will appeal."',
            [("Maria Lopez", "say", "We will appeal.", "direct")],
        ),
        (  # unnamed sources are kept as written
            '"Prices will keep rising this winter," one economist noted in a briefing.',
            [("one economist", "note", "Prices will keep rising this winter", "direct")],
        ),
        (
            '"We are reviewing the contract," a spokesperson for the company said.',
            [("a spokesperson for the company", "say", "We are reviewing the contract", "direct")],
        ),
        (
            '"The dam needs repairs," according to Paul Grady, the county engineer.',
            [("Paul Grady", "according to", "The dam needs repairs", "direct")],
        ),
        (
            'According to Paul Grady, "the dam needs repairs."',
            [("Paul Grady", "according to", "the dam needs repairs.", "direct")],
        ),
        (
            "Maria Lopez said that the council had approved the budget.",
            [("Maria Lopez", "say", "the council had approved the budget", "reported")],
        ),
        (
            "Tom Becker told reporters the bridge would reopen in May.",
            [("Tom Becker", "tell", "the bridge would reopen in May", "reported")],
        ),
        (  # the reported clause may come first
            "The bridge will reopen in May, Tom Becker said.",
            [("Tom Becker", "say", "The bridge will reopen in May", "reported")],
        ),
        (  # the clause starts after its "that"
            "Reuters reported on Friday, citing two sources, that the plant would shut.",
            [("Reuters", "report", "the plant would shut", "reported")],
        ),
        (
            "The company said in a filing that revenue fell 5%.",
            [("The company", "say", "revenue fell 5%", "reported")],
        ),
    ],
)
def test_speech_is_found_with_speaker_cue_and_words(nlp, text, expected):
    assert summary(quotes_of(nlp, text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        'The council adopted a "pay as you go" policy last year.',  # a term
        'Engineers know the method as "load balancing" in their reports.',  # a term after a verb
        'The mayor\'s "reform" left the budget unchanged.',  # scare quotes
        'The band played "Hey Jude" at the end of the show.',  # a title
        'Dana Whitfield wrote a book about "model distillation" last year.',  # a term a noun governs
        'Residents are playing a game of "wait and see" with the council.',  # an attitude, not words said
        'It is a rare day when a politician actually says, "I was wrong about this."',  # a generic speaker
        'If the mayor says "no," the project stops.',  # a condition
        'The statement left it too early to say how much film was lost.',  # an indirect question
        "The audit suggests that the funds were moved twice.",  # no speaker, an inference
        "The mayor declined to say that the deal was dead.",  # speech not made
    ],
)
def test_quoted_words_nobody_is_reported_to_say_are_not_quotes(nlp, text):
    assert quotes_of(nlp, text) == []


def test_an_unclosed_quotation_mark_gives_no_claim(nlp):
    assert quotes_of(nlp, '"We will appeal the ruling, Maria Lopez said on Tuesday.') == []


def test_offsets_point_at_the_quoted_words(nlp):
    text = 'Crews worked all night. "The fire is out," Chief Ana Ruiz said. "We stay until noon."'
    claims = quotes_of(nlp, text)
    assert [c.surface for c in claims] == ["The fire is out", "We stay until noon."]
    assert all(text[c.char_start:c.char_end] == c.surface for c in claims)


def test_the_sentence_holds_quote_and_cue(nlp):
    text = 'It rained. "We will appeal the ruling," Maria Lopez said on Tuesday. Then she left.'
    (claim,) = quotes_of(nlp, text)
    assert claim.sentence == '"We will appeal the ruling," Maria Lopez said on Tuesday.'


def test_direct_quote_fields(nlp):
    (claim,) = quotes_of(nlp, '"We will appeal the ruling," Maria Lopez said on Tuesday.')
    assert claim.type == "quote"
    assert (claim.subject, claim.predicate) == ("Maria Lopez", "say")
    assert (claim.attribution, claim.attribution_kind) == ("Maria Lopez", "direct_quote")
    assert claim.entities == "Maria Lopez"
    assert claim.confidence == CONFIDENCE_NAMED


def test_reported_speech_is_an_indirect_quote(nlp):
    (claim,) = quotes_of(nlp, "Maria Lopez said that Harbor Freight had paid the fine.")
    assert (claim.attribution, claim.attribution_kind) == ("Maria Lopez", "indirect_quote")
    assert claim.entities == "Harbor Freight; Maria Lopez"


def test_a_relayed_report_names_the_chain_outermost_first(nlp):
    text = "Local radio reported that Maria Lopez said the council had approved the budget."
    (claim,) = quotes_of(nlp, text)
    assert (claim.speaker, claim.value) == ("Maria Lopez", "the council had approved the budget")
    assert (claim.attribution, claim.attribution_kind) == ("Local radio > Maria Lopez", "relayed_report")


def test_a_guessed_speaker_has_lower_confidence(nlp):
    (claim,) = quotes_of(nlp, 'Governor Anna Kowalski arrived late. "Nobody warned us," she said.')
    assert claim.confidence == CONFIDENCE_PRONOUN < CONFIDENCE_NAMED


def test_a_negated_cue_is_marked(nlp):
    (claim,) = quotes_of(nlp, "Maria Lopez did not say that the council had approved the budget.")
    assert claim.negated is True


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "yes" and "no".', [(8, 12), (18, 21)]),
        ("He said \u201cyes\u201d and \u2018no\u2019.", [(8, 12), (18, 21)]),
        ("It\u2019s the workers\u2019 plan, isn't it?", []),  # apostrophes
        ('He said "yes and left.', []),  # unclosed
        ('He said "yes" and "no.', []),  # unpaired in the paragraph: refuse all of it
        ('He said "yes.\nShe said "no."', [(23, 27)]),  # one paragraph refused, not the next
        ("He said \u201cthey called it \u2018fine\u2019 today\u201d.", [(8, 36)]),  # nested
    ],
)
def test_quotation_spans(text, expected):
    assert quotation_spans(text) == [Quotation(*pair) for pair in expected]
