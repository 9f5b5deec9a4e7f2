"""Inputs that used to crash a run, exhaust memory or hide damage: each is named in one line,
and what else the dump holds is read in full."""
from __future__ import annotations

import importlib

import numpy as np

from pipeline.extract import extract, pieces
from pipeline.ingest.dedup import minhash_signature
from pipeline.records import Article, make_claim_id

PARAGRAPHS = (
    "Acme Corp said on Tuesday that it would close its Dayton plant.",
    "On March 3, 2025, the company confirmed that about 300 workers would lose their jobs.",
    "Jane Doe, the plant manager, said the closure cost $12 million.",
)
LONG_TEXT = "\n".join(PARAGRAPHS * 4)


def test_an_article_longer_than_a_piece_is_extracted_in_pieces_with_its_own_offsets(nlp, monkeypatch):
    monkeypatch.setattr(importlib.import_module("pipeline.extract"), "PIECE_CHARS", 300)
    article = Article(doc_id="acme-long", source="inline", label="acme", text=LONG_TEXT, published="2025-03-05")

    claims = list(extract([article], nlp=nlp))

    assert max(c.char_start for c in claims) > 2 * 300
    assert all(LONG_TEXT[c.char_start:c.char_end] == c.surface for c in claims)
    assert all(c.claim_id == make_claim_id(c.doc_id, c.type, c.char_start, c.char_end, c.value) for c in claims)
    assert [c.surface for c in claims if c.type == "number"].count("$12 million") == 4


def test_pieces_end_between_paragraphs_and_cover_the_text():
    article = Article(doc_id="d", source="s", label="l", text=LONG_TEXT)

    parts = list(pieces(article, 300))

    assert "".join(part.text for part, _ in parts) == LONG_TEXT
    assert [start for _, start in parts] == [0, *np.cumsum([len(part.text) for part, _ in parts[:-1]])]
    assert all(len(part.text) <= 300 and part.text.endswith(("\n", ".")) for part, _ in parts)


def test_a_paragraph_longer_than_a_piece_is_cut_at_a_space():
    article = Article(doc_id="d", source="s", label="l", text="word " * 100)

    assert [(len(part.text), start) for part, start in pieces(article, 48)][:2] == [(45, 0), (45, 45)]


def test_the_near_duplicate_signature_taken_in_chunks_is_the_signature_of_the_whole(monkeypatch):
    text = " ".join(f"word{i}" for i in range(40))
    whole = minhash_signature(text)
    monkeypatch.setattr(importlib.import_module("pipeline.ingest.dedup"), "SHINGLE_CHUNK", 6)

    assert np.array_equal(minhash_signature(text), whole)
