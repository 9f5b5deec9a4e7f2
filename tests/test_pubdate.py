"""Publication dates from what a page says: its url, its byline and its labelled dates."""
import json

import pytest

from pipeline.ingest import ingest
from pipeline.ingest.dates import date_in_url
from pipeline.ingest.pubdate import byline_date, dates_in_text

BODY = (
    "The harbour board voted on Tuesday to close the north pier for repairs after divers found the "
    "timber piles had rotted through. Boats that use the pier will moor at the south quay until the work "
    "is done, the board said in a statement issued after the vote."
)


@pytest.mark.parametrize("url, expected", [
    ("https://example.org/2026/06/11/pier-closes/", "2026-06-11"),
    ("https://example.org/articles/2026-05-01-007.html", "2026-05-01"),
    ("https://example.org/signal/2026-04-30-2", "2026-04-30"),
    ("https://example.org/story?id=9&date=2026-03-14", "2026-03-14"),
    ("https://example.org/news/20260501/pier", "2026-05-01"),
    ("https://example.org/a/202605/01/WS686d.html", "2026-05-01"),
    ("https://example.org/news/article-315", ""),
    ("https://2026-05-01.example.org/news/", ""),
])
def test_date_in_url(url, expected):
    assert date_in_url(url) == expected


@pytest.mark.parametrize("line, expected", [
    ("Jane Roe Business Apr 30, 2026 1:41 PM Harbour board closes pier while divers inspect the piles", "2026-04-30"),
    ("By Jane Roe | May 1, 2026", "2026-05-01"),
    ("§ NewsApr 30, 2026 · Issue 30 · Story 2", "2026-04-30"),
    ("© 2026 Example Media. Published May 1, 2026", ""),
    ("12 comments · May 2, 2026", ""),
    ("Related: Pier reopens after winter storms May 3, 2026", ""),
    ("9 Feb 2025", ""),
])
def test_byline_date(line, expected):
    assert byline_date(line) == expected


def test_labelled_dates_keep_the_original_and_the_update():
    stated = dates_in_text(["Harbour Gazette", "Published: 1 May 2026", "Updated May 3, 2026, 9:12 am", BODY])

    assert stated.published() == "2026-05-01"
    assert stated.later_update(stated.published()) == "2026-05-03"


def test_label_glued_to_the_date():
    assert dates_in_text(["DateMay 1, 2026", BODY]).published() == "2026-05-01"


def test_a_date_inside_the_story_is_not_its_publication_date():
    assert dates_in_text([BODY + " The pier opened on 4 June 1921."]).published() == ""


def test_jsonl_record_dated_by_its_url(tmp_path):
    dump = tmp_path / "crawl.jsonl"
    dump.write_text(json.dumps({"url": "https://example.org/2026/05/01/pier/", "text": BODY}) + "\n", encoding="utf-8")

    [article] = ingest([dump])

    assert (article.published, article.published_from) == ("2026-05-01", "url")


def test_text_date_wins_over_a_disagreeing_url_and_says_so(tmp_path):
    dump = tmp_path / "crawl.jsonl"
    text = "Harbour board closes north pier\nBy Jane Roe | April 30, 2026\n" + BODY
    dump.write_text(json.dumps({"url": "https://example.org/2026/06/11/pier/", "text": text}) + "\n", encoding="utf-8")

    [article] = ingest([dump])

    assert (article.published, article.published_from) == ("2026-04-30", "byline")
    assert "differs from the url's 2026-06-11" in article.reason


def test_a_short_brief_given_as_a_record_is_an_article(tmp_path):
    dump = tmp_path / "briefs.jsonl"
    brief = "The north pier is closed for repairs. Boats will use the south quay. Work ends in June."
    dump.write_text(json.dumps({"text": brief}) + "\n", encoding="utf-8")

    [article] = ingest([dump])

    assert (article.status, article.text) == ("ok", brief)
