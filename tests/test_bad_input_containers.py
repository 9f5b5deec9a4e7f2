"""Inputs that used to crash a run, exhaust memory or hide damage: each is named in one line,
and what else the dump holds is read in full."""
from __future__ import annotations

import gzip
import importlib
import json
import logging
import os
import re
import subprocess
import sys
import zlib

import numpy as np
import pytest

from test_ingest_bad_input import STORY
from test_ingest_readers import HTML_PAGE, write_warc

from pipeline.extract import extract, pieces
from pipeline.ingest import ingest
from pipeline.ingest.dedup import minhash_signature
from pipeline.records import MAX_REASON_CHARS, Article, Rejection, make_claim_id
from pipeline.settings import Settings

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


def rejections(paths, settings: Settings = Settings()) -> list[tuple[str, str]]:
    return [(record.label, record.reason) for record in ingest(paths, settings) if isinstance(record, Rejection)]


def statuses(paths, settings: Settings = Settings()) -> list[tuple[str, str, str]]:
    return [(record.label, record.status, record.reason) for record in ingest(paths, settings)]


def three_responses(path) -> bytes:
    write_warc(path, [
        ("response", f"https://harbourgazette.example/ferry/{n}", HTML_PAGE.read_bytes(), "text/html; charset=utf-8")
        for n in range(3)
    ])
    return path.read_bytes()


def write_gzip_of_zeros(path, size: int) -> None:
    """`size` bytes of zeros, gzipped, written a block at a time (the test never holds them)."""
    block = bytes(1 << 20)
    with gzip.open(path, "wb", compresslevel=1) as stream:
        for _ in range(size >> 20):
            stream.write(block)


def test_a_warc_cut_off_mid_record_names_the_record_and_keeps_the_complete_ones(tmp_path):
    whole = three_responses(tmp_path / "whole.warc")
    third = whole.index(b"WARC/1.", whole.index(b"WARC/1.", whole.index(b"WARC/1.") + 1) + 1)
    content_start = whole.index(b"\r\n\r\n", third) + 4
    length = int(re.search(rb"Content-Length: (\d+)", whole[third:]).group(1))
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole[: content_start + 1000])

    assert statuses([cut]) == [
        ("cut#1", "ok", ""),
        ("cut#2", "ok", ""),
        ("cut#3", "rejected", f"WARC record 3 cut off at byte 1,000 of {length:,}"),
    ]


def test_a_warc_gzipped_per_record_cut_off_mid_record_names_the_record(tmp_path):
    plain = three_responses(tmp_path / "plain.warc")
    third = plain.index(b"WARC/1.", plain.index(b"WARC/1.", plain.index(b"WARC/1.") + 1) + 1)
    header = plain.index(b"\r\n\r\n", third) + 4 - third
    length = int(re.search(rb"Content-Length: (\d+)", plain[third:]).group(1))
    whole = three_responses(tmp_path / "whole.warc.gz")
    member = whole.rindex(b"\x1f\x8b\x08")
    cut_at = member + (len(whole) - member) // 2
    present = len(zlib.decompressobj(31).decompress(whole[member:cut_at])) - header
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[:cut_at])

    assert statuses([cut]) == [
        ("cut#1", "ok", ""),
        ("cut#2", "ok", ""),
        ("cut#3", "rejected", f"WARC record 3 cut off at byte {present:,} of {length:,}"),
    ]


def test_a_warc_gzipped_as_one_stream_is_read_whole(tmp_path):
    one_stream = tmp_path / "crawl.warc.gz"
    one_stream.write_bytes(gzip.compress(three_responses(tmp_path / "crawl.warc")))

    assert [(label, status) for label, status, _ in statuses([one_stream])] == [
        ("crawl#1", "ok"), ("crawl#2", "ok"), ("crawl#3", "ok")]


def test_zeros_named_warc_are_not_read_past_a_header_length(tmp_path):
    zeros = tmp_path / "zeros.warc"
    zeros.write_bytes(bytes(1 << 20))

    assert rejections([zeros]) == [("zeros", "not a WARC file: no record header in its first 65,536 bytes")]


def test_gzipped_zeros_named_warc_are_not_decompressed_past_a_header_length(tmp_path):
    zeros = tmp_path / "zeros.warc.gz"
    write_gzip_of_zeros(zeros, 64 << 20)

    assert rejections([zeros]) == [("zeros", "not a WARC file: no record header in its first 65,536 bytes")]


def test_a_warc_with_garbage_after_a_record_keeps_the_record(tmp_path):
    crawl = tmp_path / "crawl.warc"
    crawl.write_bytes(three_responses(tmp_path / "plain.warc") + b"x" * 100_000)

    assert statuses([crawl])[2:] == [
        ("crawl#3", "ok", ""),
        ("crawl", "rejected", "after WARC record 3: 65,536 bytes that are not a record header"),
    ]


def test_a_library_message_becomes_one_bounded_line(tmp_path):
    crawl = tmp_path / "crawl.warc"
    crawl.write_bytes(b"x" * 10_000 + b"\r\n")

    [(label, reason)] = rejections([crawl])

    assert reason == "corrupt WARC: Unknown archive format, first line: ['" + "x" * 247 + "…"
    assert len(reason) == MAX_REASON_CHARS


def test_gzipped_zeros_as_a_jsonl_line_are_measured_in_blocks_and_the_next_line_is_read(tmp_path):
    feed = tmp_path / "feed.jsonl.gz"
    with gzip.open(feed, "wb") as stream:
        stream.write(bytes(3 << 20) + b"\n" + json.dumps({"text": STORY}).encode() + b"\n")

    assert statuses([feed], Settings(max_bytes=1_000_000)) == [
        ("feed:1", "rejected", "record on line 1 too large (3145728 bytes > limit 1000000)"),
        ("feed:2", "ok", ""),
    ]


FRENCH_PAGE = "\n".join([
    "Accueil | Actualités | Sport | Culture",
    "Le nouveau pont de Hornby ouvrira au printemps",
    "Les travaux du nouveau pont piétonnier sur la rivière commenceront en mai, a annoncé mardi le conseil "
    "départemental, après deux ans de retard causés par un litige sur les terrains de la rive nord.",
    "Le pont doit ouvrir aux piétons et aux cyclistes au printemps de l'année prochaine, et son coût est "
    "estimé à quatre millions d'euros, financés pour moitié par la région.",
    "Partager sur Facebook",
])
CHINESE_PAGE = "\n".join([
    "首页 | 新闻 | 体育",
    "霍恩比新人行桥将于明年春天开放",
    "县议会周二表示，横跨河流的新人行桥将于五月开工。此前，由于北岸土地纠纷，工程推迟了两年。议会发言人说，"
    "新桥建成后将方便附近村庄的居民步行和骑车前往镇中心的学校、医院和火车站。",
    "这座桥预计明年春天向行人和骑自行车的人开放，造价约为四百万欧元，其中一半由地区政府出资。当地居民对这一消息表示欢迎，"
    "认为新桥将大大缩短他们每天的出行时间，并减少主干道上的交通拥堵。",
    "工程师表示，施工期间河上的船只仍可通行，但在安装桥面的几个星期里，河边的步道将暂时关闭，议会将提前在网站上公布具体日期，并在附近的图书馆张贴通知。",
    "分享到微博",
])


@pytest.mark.parametrize("language, page", [("fr", FRENCH_PAGE), ("zh", CHINESE_PAGE)])
def test_a_text_page_in_another_language_is_kept_and_marked(tmp_path, language, page):
    path = tmp_path / "page.txt"
    path.write_text(page, encoding="utf-8")

    [article] = ingest([path])

    assert (article.status, article.language, article.reason) == (
        "ok", language, f"language {language}: not extracted (extractors handle en)")
    assert article.text.endswith("\n".join(page.split("\n")[2:-1]))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_a_byte_order_mark_is_decoded(tmp_path, encoding):
    path = tmp_path / "story.txt"
    path.write_bytes(STORY.encode(encoding))

    [article] = ingest([path])

    assert (article.status, article.text) == ("ok", STORY)


def test_zero_bytes_in_every_other_place_of_no_text_are_still_binary(tmp_path):
    path = tmp_path / "data.txt"
    path.write_bytes(bytes([1, 0]) * 2000)

    assert rejections([path]) == [("data", "binary file (not text)")]


def test_html_nested_too_deeply_is_named_and_the_libraries_say_nothing(tmp_path, caplog):
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 100_000 + f"<p>{STORY}</p>" + "</div>" * 100_000 + "</body></html>")
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    level = logging.getLogger("trafilatura").level

    with caplog.at_level(logging.DEBUG):
        found = statuses([page, story])

    assert found == [("deep", "rejected", "HTML nested too deeply (256 levels or more)"), ("story", "ok", "")]
    assert [record.name for record in caplog.records if not record.name.startswith("pipeline")] == []
    assert logging.getLogger("trafilatura").level == level


def test_a_page_without_article_text_is_rejected_without_library_warnings(tmp_path, caplog):
    page = tmp_path / "script.html"
    page.write_text("<html><body><script>var ready = true;</script></body></html>")

    with caplog.at_level(logging.DEBUG):
        found = rejections([page])

    assert found == [("script", "no article text found in HTML")]
    assert [record.name for record in caplog.records if not record.name.startswith("pipeline")] == []


READER_CEILING = 1 << 30
RUN_CEILING = 3 << 29
"""The address space the README gives as the bound of a reader (1 GiB) and of a run over an article of 1 MB (1.5 GiB)."""


def under_address_limit(limit: int, code: str, *args: str) -> subprocess.CompletedProcess:
    """`code` run by a new Python whose address space is limited to `limit` bytes, with `args`."""
    preamble = f"import resource\nresource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
    environment = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "-c", preamble + code, *args], capture_output=True, text=True, env=environment, timeout=600
    )


READ_ALL = """
import json, sys
from pipeline.ingest import ingest
for record in ingest(sys.argv[1:]):
    print(json.dumps([record.label, record.status, record.reason, len(getattr(record, "text", ""))]))
"""


def test_no_bomb_makes_a_reader_exceed_its_memory_ceiling_and_the_other_files_are_read_whole(tmp_path):
    write_gzip_of_zeros(tmp_path / "a_zeros.jsonl.gz", 2 << 30)
    os.link(tmp_path / "a_zeros.jsonl.gz", tmp_path / "b_zeros.warc.gz")
    with (tmp_path / "c_zeros.warc").open("wb") as sparse:
        sparse.truncate(100 << 20)
    line = STORY + "\n"
    (tmp_path / "d_long.txt").write_text(line * (19_000_000 // len(line)), encoding="utf-8")
    (tmp_path / "e_story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "f_feed.jsonl").write_text(json.dumps({"text": STORY}) + "\n", encoding="utf-8")

    done = under_address_limit(READER_CEILING, READ_ALL, str(tmp_path))

    assert done.returncode == 0, done.stderr
    assert [json.loads(row)[:3] for row in done.stdout.splitlines()] == [
        ["a_zeros:1", "rejected", "record on line 1 too large (2147483648 bytes > limit 20000000)"],
        ["b_zeros", "rejected", "not a WARC file: no record header in its first 65,536 bytes"],
        ["c_zeros", "rejected", "not a WARC file: no record header in its first 65,536 bytes"],
        ["d_long", "ok", ""],
        ["e_story", "ok", ""],
        ["f_feed:1", "ok", ""],
    ]
    assert json.loads(done.stdout.splitlines()[3])[3] == len(line) * (19_000_000 // len(line)) - 1


RUN = """
import json, sys
import pipeline
result = pipeline.run(sys.argv[1:-1], out_dir=sys.argv[-1], cache=False)
print(json.dumps([[claim.source, claim.char_start, claim.surface] for claim in result.claim_records]))
"""


def test_an_article_over_the_models_max_length_is_extracted_within_the_run_ceiling(tmp_path, nlp):
    paragraph = "Hornby " + "a" * 20_000 + " bridge opened on May 1, 2026."
    text = "\n".join([paragraph] * (nlp.max_length // len(paragraph) + 2))
    (tmp_path / "long.jsonl").write_text(json.dumps({"text": text, "language": "en"}) + "\n", encoding="utf-8")
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")

    done = under_address_limit(RUN_CEILING, RUN, str(tmp_path), str(tmp_path / "out"))

    assert done.returncode == 0, done.stderr
    claims = json.loads(done.stdout)
    dates = [start for source, start, surface in claims if source == "long:1" and surface == "May 1, 2026"]
    assert len(text) > nlp.max_length
    assert dates == [at + len(paragraph) - len("May 1, 2026.") for at in range(0, len(text), len(paragraph) + 1)]
    assert {source for source, _, _ in claims} == {"long:1", "story"}


def test_a_warc_record_without_a_target_uri_is_named_as_malformed(tmp_path):
    crawl = tmp_path / "crawl.warc"
    good = three_responses(tmp_path / "plain.warc")
    crawl.write_bytes(good + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n")

    assert statuses([crawl])[3:] == [("crawl", "rejected", "corrupt WARC: the header of record 4 is malformed")]


def test_a_charset_with_a_nul_in_its_name_is_not_a_crash(tmp_path):
    crawl = tmp_path / "crawl.warc"
    write_warc(crawl, [("response", "https://example.org/a", HTML_PAGE.read_bytes(), "text/html; charset=\x00utf-8")])

    assert statuses([crawl]) == [("crawl#1", "ok", "")]


def test_what_warcio_writes_to_stderr_is_held_back(tmp_path, capsys):
    crawl = tmp_path / "crawl.warc"
    good = three_responses(tmp_path / "plain.warc")
    second = good.index(b"WARC/1.", 1)
    crawl.write_bytes(good[:second - 4] + b"extra bytes past the Content-Length" + good[second - 4:])

    found = statuses([crawl])

    assert [label for label, status, _ in found if status == "ok"] == ["crawl#1", "crawl#2", "crawl#3"]
    assert capsys.readouterr().err == ""
