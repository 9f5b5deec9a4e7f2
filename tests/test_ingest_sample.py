"""The sample corpus in data/raw comes out as its README describes."""
from __future__ import annotations

import pytest

from conftest import SAMPLE
from pipeline.ingest import ingest

pytestmark = pytest.mark.skipif(not SAMPLE.is_dir(), reason="data/raw (the sample corpus) is not present")


@pytest.fixture(scope="module")
def articles() -> dict:
    return {record.label: record for record in ingest([SAMPLE])}


def test_every_sample_item_is_an_english_article(articles):
    assert sorted(articles) == [
        "newsfeed:1", "newsfeed:2", "newsfeed:3", "northern-post", "plastics-trade-review",
        "riverbend-now", "wire-reprints:1", "wrenford-courier",
    ]
    assert {(a.status, a.language, a.reason) for a in articles.values()} == {("ok", "en", "")}


@pytest.mark.parametrize(
    "label, published, published_from",
    [
        ("wrenford-courier", "2026-03-13", "metadata"),
        ("northern-post", "2026-03-14", "metadata"),
        ("plastics-trade-review", "2026-03-16", "metadata"),
        ("riverbend-now", "2026-03-13", "byline"),
        ("newsfeed:1", "2026-03-13", "field"),
        ("newsfeed:2", "2026-03-10", "field"),
        ("newsfeed:3", "", ""),
        ("wire-reprints:1", "2026-03-13", "field"),
    ],
)
def test_publication_dates(articles, label, published, published_from):
    assert (articles[label].published, articles[label].published_from) == (published, published_from)


def test_text_dump_is_cut_to_its_article(articles):
    riverbend = articles["riverbend-now"]

    assert riverbend.text.startswith("Caskell Polymers workers evacuated after Wrenford plant fire\nRoughly 300 workers")
    assert riverbend.text.endswith("at the plant gates.")
    assert riverbend.author == "Priya Sandoval"


def test_syndicated_copy_points_at_the_wire_original(articles):
    assert articles["wire-reprints:1"].duplicate_of == articles["newsfeed:1"].doc_id
    assert [label for label, a in sorted(articles.items()) if a.duplicate_of] == ["wire-reprints:1"]
