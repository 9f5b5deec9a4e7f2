"""Each reader turns its kind of dump into Articles with text and metadata."""
from __future__ import annotations

import gzip
import io
import json
import shutil

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import FIXTURES
from pipeline.ingest import ingest
from pipeline.records import Article

HTML_PAGE = FIXTURES / "ingest" / "ferry_page.html"
TEXT_DUMP = FIXTURES / "ingest" / "orchard_dump.txt"

STORY = (
    "The county library service will open on Sundays from next month, after volunteers from three villages "
    "offered to staff the reading rooms in Elmford, Cray and Dunmere. The service said the pilot would run "
    "for six months and that it would publish visitor numbers before deciding whether to keep it."
)
OTHER_STORY = (
    "A pair of ospreys has returned to the nest platform at Loch Garvie for the fourth spring running, the "
    "wildlife trust said on Friday. Volunteers will watch the nest around the clock until the chicks fledge, "
    "and a camera feed will be shown in the visitor centre."
)
GERMAN_STORY = (
    "Die Stadtbibliothek wird ab dem nächsten Monat auch sonntags geöffnet sein, nachdem sich Freiwillige aus "
    "drei Dörfern bereit erklärt haben, die Lesesäle zu betreuen. Der Versuch läuft zunächst sechs Monate lang, "
    "danach wird über die Fortsetzung entschieden."
)


def only(records: list) -> Article:
    assert len(records) == 1, records
    assert isinstance(records[0], Article), records[0]
    return records[0]


def test_html_page_gives_main_text_and_metadata():
    article = only(list(ingest([HTML_PAGE])))

    assert article.text.startswith("The ferry between Porthallow and Tolland Island carried its first passengers")
    assert article.text.endswith("return to its usual six crossings a day from Wednesday.")
    for chrome in ["Subscribe", "Related stories", "Storm closes Tolland ferry", "28 September 2025", "All rights reserved"]:
        assert chrome not in article.text
    assert (article.format, article.label, article.source) == ("html", "ferry_page", str(HTML_PAGE))
    assert (article.title, article.author, article.outlet) == (
        "Ferry crossing to Tolland Island resumes after storm repairs", "Marta Olsen", "Harbour Gazette")
    assert article.url == "https://www.harbourgazette.example/local/ferry-crossing-resumes"
    assert (article.published, article.published_from, article.language) == ("2025-10-07", "metadata", "en")


def test_html_date_from_the_url_when_the_markup_has_none(tmp_path):
    page = tmp_path / "story.html"
    page.write_text(
        f'<html><head><link rel="canonical" href="https://news.example/2025/06/30/library-sundays"></head>'
        f"<body><article><p>{STORY}</p></article></body></html>",
        encoding="utf-8",
    )

    article = only(list(ingest([page])))

    assert (article.published, article.published_from) == ("2025-06-30", "url")


def test_text_dump_is_cleaned_and_keeps_its_byline():
    article = only(list(ingest([TEXT_DUMP])))

    assert article.text.startswith("Frost damage leaves Kessel Valley orchards short of blossom\nGrowers across")
    assert (article.format, article.label, article.title) == (
        "txt", "orchard_dump", "Frost damage leaves Kessel Valley orchards short of blossom")
    assert (article.author, article.published, article.published_from) == ("Tomas Reyes", "2025-02-14", "byline")


def test_jsonl_with_news_please_field_names(tmp_path):
    dump = tmp_path / "crawl.jsonl"
    record = {
        "maintext": STORY,
        "title": "Libraries to open on Sundays",
        "authors": ["Ada Kerr", "Ben Ode"],
        "date_publish": "2025-04-02 07:45:00",
        "date_download": "2025-04-03 01:00:00",
        "source_domain": "www.countynews.example",
        "url": "https://www.countynews.example/libraries-sundays",
        "language": "en",
    }
    dump.write_text(json.dumps(record) + "\n\n" + json.dumps({**record, "maintext": OTHER_STORY}) + "\n", encoding="utf-8")

    first, second = ingest([dump])

    assert (first.source, first.label, first.format) == (f"{dump}:1", "crawl:1", "jsonl")
    assert (second.source, second.label) == (f"{dump}:3", "crawl:3")
    assert (first.text, first.title, first.author, first.outlet) == (
        STORY, "Libraries to open on Sundays", "Ada Kerr; Ben Ode", "www.countynews.example")
    assert (first.published, first.published_from, first.url) == (
        "2025-04-02", "field", "https://www.countynews.example/libraries-sundays")


def test_entities_a_scraper_left_in_a_text_are_read_as_the_characters_they_stand_for(tmp_path):
    dump = tmp_path / "crawl.jsonl"
    left = STORY.replace("The service said", "&#8220;The service,&#8221; it said &amp; added: The service said")
    dump.write_text(json.dumps({"text": left, "url": "https://www.countynews.example/a"}) + "\n", encoding="utf-8")

    (article,) = ingest([dump])

    assert "\u201cThe service,\u201d it said & added: The service said" in article.text


def test_a_text_its_exporter_escaped_twice_is_read_as_its_paragraphs(tmp_path):
    dump = tmp_path / "crawl.jsonl"
    escaped = "<p>" + STORY.replace(". ", ".<\\/p>\\n<p>") + "<\\/p>"
    dump.write_text(json.dumps({"text": escaped, "url": "https://www.countynews.example/a"}) + "\n", encoding="utf-8")

    (article,) = ingest([dump])

    assert "\\" not in article.text and "<" not in article.text
    assert article.text.split("\n")[0] == STORY.split(". ")[0] + "."


@pytest.mark.parametrize(
    "record, field, expected",
    [
        ({"content": STORY, "headline": "Sunday libraries"}, "title", "Sunday libraries"),
        ({"body": STORY, "pubDate": "Wed, 02 Apr 2025 07:45:00 GMT"}, "published", "2025-04-02"),
        ({"article": STORY, "datePublished": "2025-04-02T07:45:00Z"}, "published", "2025-04-02"),
        ({"text": STORY, "site_name": "County News"}, "outlet", "County News"),
        ({"text": STORY, "source": {"id": "cn", "name": "County News"}}, "outlet", "County News"),
        ({"text": STORY, "byline": "Ada Kerr"}, "author", "Ada Kerr"),
        ({"text": STORY, "link": "https://countynews.example/a"}, "url", "https://countynews.example/a"),
        ({"html": f"<html><body><article><p>{STORY}</p></article></body></html>"}, "text", STORY),
        ({"content": f"<div><p>{STORY}</p></div>"}, "text", STORY),
    ],
)
def test_json_record_field_names(tmp_path, record, field, expected):
    dump = tmp_path / "items.jsonl"
    dump.write_text(json.dumps(record), encoding="utf-8")

    assert getattr(only(list(ingest([dump]))), field) == expected


def test_json_array_gives_one_article_per_item(tmp_path):
    dump = tmp_path / "export.json"
    dump.write_text(json.dumps([{"text": STORY}, {"text": OTHER_STORY}]), encoding="utf-8")

    records = list(ingest([dump]))

    assert [(r.label, r.format, r.text) for r in records] == [("export#1", "json", STORY), ("export#2", "json", OTHER_STORY)]


def test_json_single_object_and_object_per_line(tmp_path):
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"text": STORY}), encoding="utf-8")
    per_line = tmp_path / "lines.json"
    per_line.write_text(json.dumps({"text": STORY}) + "\n" + json.dumps({"text": OTHER_STORY}) + "\n", encoding="utf-8")

    assert [r.label for r in ingest([single, per_line])] == ["one", "lines:1", "lines:2"]


def test_gzipped_dumps_are_read_by_their_inner_suffix(tmp_path):
    (tmp_path / "ferry.html.gz").write_bytes(gzip.compress(HTML_PAGE.read_bytes()))
    (tmp_path / "feed.jsonl.gz").write_bytes(gzip.compress(json.dumps({"text": STORY}).encode("utf-8")))

    records = list(ingest([tmp_path]))

    assert [(r.label, r.format, r.status) for r in records] == [("feed:1", "jsonl", "ok"), ("ferry", "html", "ok")]
    assert records[1].title == "Ferry crossing to Tolland Island resumes after storm repairs"


def write_warc(path, records: list[tuple[str, str, bytes, str]]) -> None:
    """(WARC type, target URI, payload, HTTP content type) per record."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.suffix == ".gz")
        for warc_type, uri, payload, content_type in records:
            headers = None
            if warc_type == "response":
                headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, warc_type, payload=io.BytesIO(payload), http_headers=headers))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses_become_articles(tmp_path, name, caplog):
    warc = tmp_path / name
    write_warc(warc, [
        ("request", "https://harbourgazette.example/ferry", b"GET /ferry HTTP/1.1\r\n\r\n", ""),
        ("response", "https://harbourgazette.example/ferry", HTML_PAGE.read_bytes(), "text/html; charset=utf-8"),
        ("response", "https://harbourgazette.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"),
    ])

    with caplog.at_level("DEBUG", logger="pipeline.ingest.warc"):
        article = only(list(ingest([warc])))

    assert (article.source, article.label, article.format) == (f"{warc}#2", "crawl#2", "warc")
    assert article.url == "https://harbourgazette.example/ferry"
    assert article.text.startswith("The ferry between Porthallow and Tolland Island")
    assert f"{warc}: skipped 1 non-HTML responses, 1 request records" in caplog.messages


def test_windows_1252_page_is_decoded(tmp_path):
    page = tmp_path / "legacy.txt"
    text = STORY.replace("Elmford", "Élmford") + " Opening hours – 10:00 to 16:00 – were agreed with the “friends” groups."
    page.write_bytes(text.encode("cp1252"))

    assert only(list(ingest([page]))).text == text


@pytest.mark.parametrize("record", [{"text": GERMAN_STORY}, {"text": GERMAN_STORY, "language": "de-DE"}])
def test_non_english_article_is_kept_with_a_reason(tmp_path, record):
    dump = tmp_path / "foreign.jsonl"
    dump.write_text(json.dumps(record), encoding="utf-8")

    article = only(list(ingest([dump])))

    assert (article.status, article.language) == ("ok", "de")
    assert article.reason == "language de: not extracted (extractors handle en)"


def test_folder_order_is_sorted_and_labels_drop_suffixes(tmp_path):
    (tmp_path / "b").mkdir()
    shutil.copy(TEXT_DUMP, tmp_path / "b" / "orchard.txt")
    shutil.copy(HTML_PAGE, tmp_path / "a.htm")

    assert [(r.label, r.format) for r in ingest([tmp_path])] == [("a", "html"), ("orchard", "txt")]
