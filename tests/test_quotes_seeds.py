"""Quotes of the five reference articles, checked against their gold (read at run time)."""
from __future__ import annotations

import re

import pytest

from pipeline.extract.context import ArticleContext
from pipeline.extract.entities import EntityIndex
from pipeline.extract.quotes import find_quotes
from pipeline.records import Article, Claim
from tests.conftest import SEEDS, gold_document, needs_seeds

pytestmark = needs_seeds

SEED_PREFIXES = ["000", "001", "002", "003", "004"]


@pytest.fixture(scope="module")
def seed_quotes(nlp) -> dict[str, tuple[str, list[Claim]]]:
    """Each seed's text and quote claims, by file prefix; the text read as plain text."""
    found = {}
    for prefix in SEED_PREFIXES:
        path = sorted(SEEDS.glob(f"{prefix}_*.txt"))[0]
        text = path.read_text(encoding="utf-8")
        article = Article(doc_id=prefix, source=str(path), label=prefix, text=text, published="")
        doc = nlp(text)
        found[prefix] = (text, find_quotes(doc, ArticleContext.of(article), EntityIndex.from_doc(doc)))
    return found


@pytest.fixture(scope="module")
def quotes_003(seed_quotes) -> list[Claim]:
    return [c for c in seed_quotes["003"][1] if c.detail == "direct"]


def normalised(text: str) -> str:
    """Lower case, curly apostrophes straight, no edge punctuation or doubled spaces."""
    text = text.replace("\u2019", "'").lower()
    return " ".join(re.sub(r"^\W+|\W+$", "", text).split())


def test_seed_003_gold_speech_quotes_are_found_with_speaker_and_cue(nlp, quotes_003, seeds_gold):
    """Unnamed speakers (gold speaker null) are kept as the text writes them."""
    found = {normalised(c.value): (c.speaker, c.cue) for c in quotes_003}
    expected = {
        normalised(q["text"]): (q["speaker"] or q["surface_speaker"], nlp(q["cue"])[0].lemma_)
        for q in gold_document(seeds_gold, "003")["speech_quotes"]
    }
    assert {words: found.get(words) for words in expected} == expected


@pytest.mark.parametrize(
    "words, speaker, cue",
    [
        ("partly", "Elon Musk", "respond"),
        ("standard practice to validate your ai", "Elon Musk", "frame"),
    ],
)
def test_seed_003_musk_quotes(quotes_003, words, speaker, cue):
    matches = [(c.speaker, c.cue) for c in quotes_003 if normalised(c.value) == words]
    assert matches == [(speaker, cue)]


def test_seed_003_analyst_keeps_the_unnamed_speaker(quotes_003):
    analyst = [c for c in quotes_003 if normalised(c.value).startswith("distillation threatens")]
    assert [(c.speaker, c.cue, c.attribution_kind) for c in analyst] == [("one analyst", "note", "direct_quote")]


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_seed_words_that_are_not_speech_give_no_quote(seed_quotes, seeds_gold, prefix):
    not_speech = {normalised(q) for q in gold_document(seeds_gold, prefix)["not_speech_quotes"]}
    quoted = {normalised(c.value) for c in seed_quotes[prefix][1]}
    assert not_speech & quoted == set()


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_seed_quote_offsets_point_at_the_surface(seed_quotes, prefix):
    text, claims = seed_quotes[prefix]
    assert all(text[c.char_start:c.char_end] == c.surface for c in claims)
