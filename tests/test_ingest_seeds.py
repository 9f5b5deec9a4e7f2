"""The five reference articles in ../shared/seeds come out as their gold says."""
from __future__ import annotations

import pytest

from conftest import SEEDS, gold_document, needs_seeds
from pipeline.ingest import ingest
from pipeline.ingest.page import normalise_line

pytestmark = needs_seeds

PREFIXES = ["000", "001", "002", "003", "004"]


@pytest.fixture(scope="module")
def articles() -> dict[str, object]:
    return {record.label[:3]: record for record in ingest([SEEDS])}


@pytest.mark.parametrize("prefix", PREFIXES)
def test_seed_is_an_english_article(articles, prefix):
    article = articles[prefix]

    assert (article.status, article.format, article.language, article.reason) == ("ok", "txt", "en", "")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_seed_keeps_its_whole_body(articles, seeds_gold, prefix):
    gold = gold_document(seeds_gold, prefix)
    raw = (SEEDS / gold["file"]).read_text(encoding="utf-8")
    body = raw[raw.index(gold["body_starts_with"]) : raw.index(gold["body_ends_with"]) + len(gold["body_ends_with"])]
    body_lines = [line for line in map(normalise_line, body.splitlines()) if line]

    assert gold["body_starts_with"] in articles[prefix].text
    assert gold["body_ends_with"] in articles[prefix].text
    assert [line for line in body_lines if line not in articles[prefix].text] == []


@pytest.mark.parametrize("prefix", ["000", "001", "002", "004"])
def test_seed_loses_its_boilerplate(articles, seeds_gold, prefix):
    gold = gold_document(seeds_gold, prefix)
    boilerplate = gold.get("boilerplate_lines", []) + gold.get("boilerplate_examples", [])

    assert [line for line in boilerplate if line in articles[prefix].text] == []


@pytest.mark.parametrize("prefix", PREFIXES)
def test_seed_publication_date(articles, seeds_gold, prefix):
    gold = gold_document(seeds_gold, prefix)

    assert articles[prefix].published == (gold["published"] or "")


def test_byline_of_seed_004(articles, seeds_gold):
    gold = gold_document(seeds_gold, "004")
    article = articles["004"]

    assert (article.title, article.author, article.published_from) == (gold["title"], gold["author"], "byline")


@pytest.mark.parametrize("prefix", ["001", "002", "003"])
def test_seed_title(articles, seeds_gold, prefix):
    assert articles[prefix].title == gold_document(seeds_gold, prefix)["title"]
