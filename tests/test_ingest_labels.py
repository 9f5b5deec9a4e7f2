"""Articles of files named by a hash are labelled by their outlet and title; other files keep their name."""
from __future__ import annotations

import json
import shutil

from conftest import FIXTURES
from pipeline.ingest import ingest

HTML_PAGE = FIXTURES / "ingest" / "ferry_page.html"
SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
MD5 = "098f6bcd4621d373cade4e832627b4f6"
STORY = (
    "The county library service will open on Sundays from next month, after volunteers from three villages "
    "offered to staff the reading rooms in Elmford, Cray and Dunmere. The service said the pilot would run "
    "for six months and that it would publish visitor numbers before deciding whether to keep it."
)


def labels(folder) -> list[str]:
    return [record.label for record in ingest([folder])]


def feed_line(**fields) -> str:
    return json.dumps({"text": STORY + " " + fields.pop("tail", ""), **fields}) + "\n"


def test_a_page_named_by_a_hash_is_labelled_by_its_site_and_title(tmp_path):
    shutil.copy(HTML_PAGE, tmp_path / f"{SHA256}.html")
    assert labels(tmp_path) == ["harbour-gazette/ferry-crossing-to-tolland-island-resumes"]


def test_without_a_site_name_the_label_names_the_urls_host(tmp_path):
    (tmp_path / f"{MD5}.jsonl").write_text(
        feed_line(title="Libraries to open on Sundays", url="https://www.county-news.example/2026/libraries"),
        encoding="utf-8",
    )
    assert labels(tmp_path) == ["county-news.example/libraries-to-open-on-sundays"]


def test_two_articles_with_one_label_are_numbered_in_input_order(tmp_path):
    (tmp_path / f"{MD5}.jsonl").write_text(
        feed_line(title="Sunday opening", outlet="Elmford Echo", tail="First.")
        + feed_line(title="Sunday opening", outlet="Elmford Echo", tail="Second, with more."),
        encoding="utf-8",
    )
    (tmp_path / f"{SHA256}.jsonl").write_text(
        feed_line(title="Sunday opening", outlet="Elmford Echo", tail="Third, with much more."), encoding="utf-8",
    )
    assert labels(tmp_path) == ["elmford-echo/sunday-opening", "elmford-echo/sunday-opening-2", "elmford-echo/sunday-opening-3"]


def test_an_article_with_neither_outlet_nor_title_keeps_the_file_name(tmp_path):
    (tmp_path / f"{MD5}.jsonl").write_text(feed_line(), encoding="utf-8")
    assert labels(tmp_path) == [f"{MD5}:1"]


def test_files_with_readable_names_keep_them(tmp_path):
    shutil.copy(HTML_PAGE, tmp_path / "ferry_page.html")
    shutil.copy(HTML_PAGE, tmp_path / "000_a7ac89c94b1d4880.html")
    (tmp_path / "newsfeed.jsonl").write_text(feed_line(title="Sunday opening", outlet="Elmford Echo"), encoding="utf-8")
    assert labels(tmp_path) == ["000_a7ac89c94b1d4880", "ferry_page", "newsfeed:1"]
