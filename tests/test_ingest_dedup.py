"""Copies are marked duplicate_of the first copy in input order, never dropped."""
from __future__ import annotations

import json

import pytest

from pipeline.ingest import ingest
from pipeline.ingest.dedup import DuplicateIndex, minhash_signature, shingles, signature_bytes
from pipeline.records import Article, content_id

ORIGINAL = " ".join([
    "Engineers at the Aldwick water treatment works have finished replacing the main filter beds, the regional",
    "water company said on Thursday, ending six weeks in which households in four villages were asked to boil",
    "their tap water before drinking it. The company said samples taken over the past ten days had all met the",
    "drinking water standard and that the advice had been lifted at noon. Residents had been given bottled water",
    "at the village halls in Aldwick, Forde and Lyneham while the work went on, and the company said it would",
    "refund one month of water charges to every affected household. The beds were replaced after a routine",
    "inspection in March found that the sand in two of them had worn far thinner than expected. A spokesperson",
    "said the company would now inspect the filter beds at its other eleven treatment works by the end of the",
    "year, starting with the oldest. The parish council said it would ask the company to explain at its next",
    "meeting why the fault had not been found sooner, and whether the villages could be connected to a second",
    "supply so that a single failure could not cut off clean water again. The regulator said it had been kept",
    "informed throughout and would publish its own review of the incident in the autumn.",
])
SYNDICATED = "ALDWICK (County Wire) - " + ORIGINAL + " Reporting by County Wire; editing by the regional desk."
UNRELATED = " ".join([
    "The Lyneham brass band has won the regional championship for the first time in its ninety-year history,",
    "beating eleven other bands at the contest in Marlow on Saturday. The band's conductor said the players had",
    "rehearsed three evenings a week since January and that the prize money would go towards new instruments",
    "for the youth section. The band will now represent the region at the national finals in September.",
])


def article(text: str, source: str) -> Article:
    return Article(doc_id=content_id(" ".join(text.split())), source=source, label=source, text=text)


def test_near_copy_with_another_dateline_and_footer_is_marked():
    index = DuplicateIndex(threshold=0.9)

    first = index.mark(article(ORIGINAL, "a"))
    copy = index.mark(article(SYNDICATED, "b"))

    assert first.duplicate_of == ""
    assert copy.duplicate_of == first.doc_id
    assert copy.doc_id == content_id(" ".join(SYNDICATED.split()))


def test_a_signature_worked_out_elsewhere_is_used_as_given():
    index = DuplicateIndex(threshold=0.9)
    first = index.mark(article(ORIGINAL, "a"), signature_bytes(ORIGINAL))

    copy = index.mark(article(SYNDICATED, "b"), signature_bytes(SYNDICATED))
    unrelated_signed_as_a_copy = index.mark(article(UNRELATED, "c"), signature_bytes(SYNDICATED))
    too_short = index.mark(article("Too short.", "d"), signature_bytes("Too short."))

    assert copy.duplicate_of == first.doc_id
    assert unrelated_signed_as_a_copy.duplicate_of == first.doc_id
    assert too_short.duplicate_of == ""


def test_exact_copy_gets_its_own_id_and_points_at_the_first():
    index = DuplicateIndex(threshold=0.9)

    first = index.mark(article(ORIGINAL, "a"))
    copy = index.mark(article(ORIGINAL, "b"))

    assert copy.duplicate_of == first.doc_id
    assert copy.doc_id == content_id(" ".join(ORIGINAL.split()), "b")
    assert copy.doc_id != first.doc_id


def test_unrelated_text_is_not_a_copy():
    index = DuplicateIndex(threshold=0.9)
    index.mark(article(ORIGINAL, "a"))

    assert index.mark(article(UNRELATED, "b")).duplicate_of == ""


def test_a_copy_of_a_copy_points_at_the_original():
    index = DuplicateIndex(threshold=0.9)

    first = index.mark(article(ORIGINAL, "a"))
    index.mark(article(SYNDICATED, "b"))
    copy_of_copy = index.mark(article(SYNDICATED, "c"))

    assert copy_of_copy.duplicate_of == first.doc_id


@pytest.mark.parametrize("other, low, high", [(SYNDICATED, 0.85, 1.0), (UNRELATED, 0.0, 0.1)])
def test_signature_agreement_estimates_shingle_jaccard(other, low, high):
    a, b = shingles(ORIGINAL), shingles(other)
    exact = len(a & b) / len(a | b)

    estimate = float((minhash_signature(ORIGINAL) == minhash_signature(other)).mean())

    assert low <= exact <= high
    assert abs(estimate - exact) < 0.1


def test_ingest_marks_copies_across_files_in_sorted_order(tmp_path):
    (tmp_path / "a_wire.txt").write_text(ORIGINAL, encoding="utf-8")
    (tmp_path / "b_reprints.jsonl").write_text(
        "\n".join(json.dumps({"text": text}) for text in [SYNDICATED, ORIGINAL, UNRELATED]), encoding="utf-8")

    records = list(ingest([tmp_path]))

    wire = records[0]
    assert [(r.label, r.duplicate_of) for r in records] == [
        ("a_wire", ""), ("b_reprints:1", wire.doc_id), ("b_reprints:2", wire.doc_id), ("b_reprints:3", "")]


@pytest.mark.parametrize("text, other", [
    ("alpha beta gamma delta epsilon", "beta alpha gamma delta epsilon"),
    ("the the gamma delta epsilon", "very very gamma delta epsilon"),
])
def test_shingles_with_the_same_words_in_another_order_hash_apart(text, other):
    assert not (minhash_signature(text) == minhash_signature(other)).any()
