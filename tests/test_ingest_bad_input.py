"""Bad input becomes a Rejection with an exact reason, and the run goes on."""
from __future__ import annotations

import gzip
import json
import logging
import random

import pytest

from test_ingest_readers import write_warc

from pipeline.ingest import ingest
from pipeline.records import Article, Rejection
from pipeline.settings import Settings

STORY = (
    "Work on the new footbridge over the River Lune at Hornby will start in May, the county council said, "
    "after a two-year delay caused by a dispute over the land on the north bank. The bridge is due to open "
    "to walkers and cyclists in the spring of next year."
)


def reasons(paths, settings: Settings = Settings()) -> list[tuple[str, str]]:
    return [(record.label, record.reason) for record in ingest(paths, settings) if isinstance(record, Rejection)]


def undecodable_bytes() -> bytes:
    """High bytes in no pattern any text encoding explains (and no NUL, so not 'binary')."""
    generator = random.Random(1)
    return bytes(generator.randrange(0x80, 0x100) for _ in range(3000))


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.html", b"  \n\t\n", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary file (not text)"),
        ("noise.txt", undecodable_bytes(), "cannot detect text encoding"),
        ("script.html", b"<html><body><script>var ready = true;</script></body></html>", "no article text found in HTML"),
        ("note.txt", b"Back in five minutes.\n", "article text too short (0 chars)"),
        ("note.json", json.dumps({"text": "Gone fishing until Monday."}).encode(), "article text too short (26 chars)"),
        ("broken.json", b'{"text": ', "invalid JSON: Expecting value (line 1, column 10)"),
        ("page.html.gz", b"not gzip data", "corrupt gzip: Not a gzipped file (b'no')"),
        ("feed.jsonl.gz", gzip.compress(json.dumps({"text": STORY}).encode())[:40],
         "corrupt gzip: Compressed file ended before the end-of-stream marker was reached"),
        ("crawl.warc", b"<html>not an archive</html>\r\n", "corrupt WARC: Unknown archive format, first line: ['<html>not', 'an', 'archive</html>']"),
    ],
)
def test_unreadable_file(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)

    assert reasons([path]) == [(path.name.split(".")[0], reason)]


def test_missing_path(tmp_path):
    assert reasons([tmp_path / "gone.html"]) == [("gone", "no such file or directory")]


def test_unsupported_file_named_explicitly(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7")

    assert reasons([path]) == [("report", "unsupported file type '.pdf'")]


def test_file_too_large_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(STORY * 20, encoding="utf-8")
    size = path.stat().st_size

    assert reasons([path], Settings(max_bytes=1000)) == [("big", f"file too large ({size} bytes > limit 1000)")]


def test_jsonl_record_too_large(tmp_path):
    dump = tmp_path / "feed.jsonl"
    long_line = json.dumps({"text": STORY * 10})
    dump.write_text(json.dumps({"text": STORY}) + "\n" + long_line + "\n", encoding="utf-8")

    assert reasons([dump], Settings(max_bytes=1000)) == [
        ("feed:2", f"record on line 2 too large ({len(long_line)} bytes > limit 1000)")]


def test_bad_jsonl_lines_are_rejected_one_by_one(tmp_path):
    dump = tmp_path / "feed.jsonl"
    dump.write_text(
        "\n".join([
            json.dumps({"text": STORY}),
            '{"text": "unterminated',
            json.dumps({"title": "No body", "url": "https://example.org/a"}),
            json.dumps(["not", "an", "object"]),
            json.dumps({"maintext": STORY + " Updated."}),
        ]),
        encoding="utf-8",
    )

    records = list(ingest([dump]))

    assert [(r.label, r.status, r.reason) for r in records] == [
        ("feed:1", "ok", ""),
        ("feed:2", "rejected", "invalid JSON on line 2: Unterminated string starting at (column 10)"),
        ("feed:3", "rejected", "record has no text or html field (keys: title, url)"),
        ("feed:4", "rejected", "line 4 is not a JSON object"),
        ("feed:5", "ok", ""),
    ]


def test_warc_without_html_responses(tmp_path):
    warc = tmp_path / "assets.warc"
    write_warc(warc, [("response", "https://example.org/logo.png", b"\x89PNG", "image/png")])

    assert reasons([warc]) == [("assets", "no HTML response records in WARC file")]


def test_rejections_are_logged_as_warnings_and_the_run_goes_on(tmp_path, caplog):
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_story.txt").write_text(STORY, encoding="utf-8")

    with caplog.at_level(logging.WARNING, logger="pipeline.ingest"):
        records = list(ingest([tmp_path]))

    assert [type(r) for r in records] == [Rejection, Article]
    assert caplog.messages == [f"{tmp_path / 'a_empty.txt'}: empty file"]


def test_folder_walk_skips_other_and_hidden_files_with_an_info_line(tmp_path, caplog):
    (tmp_path / "README.md").write_text("About this dump", encoding="utf-8")
    (tmp_path / ".notes.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "copy.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")

    with caplog.at_level(logging.INFO, logger="pipeline.ingest"):
        labels = [record.label for record in ingest([tmp_path])]

    assert labels == ["story"]
    assert caplog.messages == [
        f"skipped hidden folder {tmp_path / '.cache'}",
        f"skipped hidden file {tmp_path / '.notes.txt'}",
        f"skipped {tmp_path / 'README.md'}: unsupported file type '.md'",
    ]
