"""Fuzz the readers: random and damaged bytes of every input format come out as records.

The property: `pipeline.ingest` of a file of any bytes raises nothing, gives at least one
record, each an Article or a Rejection of that file (or of an item inside it), and every
rejection has a reason of one line. The inputs are random bytes, and small valid inputs
of each format (.txt, .html, .jsonl, .json, .warc, and .gz of each) damaged: cut short,
bytes flipped, NULs or bytes of the format's syntax inserted, parts deleted or repeated;
a .gz either damaged itself or the gzip of damaged content.

tests/test_reader_properties.py checks the property on a few examples per format; this
script checks it for as long as asked, and prints how many inputs it tried and which failed.

Example:
    python benchmarks/fuzz_readers.py --minutes 10
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import logging
import tempfile
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.ingest import ingest
from pipeline.records import MAX_REASON_CHARS, Article, Rejection

STORY = (
    "Work on the new footbridge over the River Lune at Hornby will start in May, the county council said, "
    "after a two-year delay caused by a dispute over the land on the north bank. The bridge is due to open "
    "to walkers and cyclists in the spring of next year, and will cost about four million pounds."
)
PAGE = (
    "<html><head><title>Hornby footbridge to start in May</title>"
    '<meta property="article:published_time" content="2026-05-01"></head>'
    f"<body><nav>Home | News</nav><article><h1>Hornby footbridge to start in May</h1><p>{STORY}</p>"
    f"<p>{STORY}</p></article><footer>Share this story</footer></body></html>"
)
FORMATS = (".txt", ".html", ".jsonl", ".json", ".warc")
SUFFIXES = FORMATS + tuple(f"{suffix}.gz" for suffix in FORMATS)
SYNTAX = (b"\x00", b"\n", b"\r\n", b"{", b"}", b'"', b"<div>", b"</p>", b"WARC/1.0\r\n", b"Content-Length: 99999999\r\n",
          b"\x1f\x8b\x08", b"\xff\xfe", b"\xef\xbb\xbf")
"""Bytes that mean something to one of the readers, inserted into valid inputs."""


@lru_cache(maxsize=None)
def valid_input(suffix: str) -> bytes:
    """A small valid input of the format `suffix` names."""
    if suffix.endswith(".gz"):
        return gzip.compress(valid_input(suffix.removesuffix(".gz")), mtime=0)
    if suffix == ".txt":
        return "\n".join(["Home | News | Sport", "Hornby footbridge to start in May", STORY, STORY, "Share this story"]).encode()
    if suffix == ".html":
        return PAGE.encode()
    records = [{"title": "Footbridge", "text": STORY, "published": "2026-05-01"}, {"html": PAGE, "url": "https://example.org/a"}]
    if suffix == ".jsonl":
        return b"".join(json.dumps(record).encode() + b"\n" for record in records)
    if suffix == ".json":
        return json.dumps(records).encode()
    stream = io.BytesIO()
    writer = WARCWriter(stream, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    for uri in ("https://example.org/a", "https://example.org/b"):
        writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(PAGE.encode()), http_headers=http))
    return stream.getvalue()


@st.composite
def damaged(draw, data: bytes) -> bytes:
    """`data` with one to four cuts, flips, insertions, deletions or repeats."""
    damaged_data = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(damaged_data)))
        kind = draw(st.sampled_from(["cut", "flip", "insert", "delete", "repeat"]))
        if kind == "cut":
            del damaged_data[at:]
        elif kind == "flip" and at < len(damaged_data):
            damaged_data[at] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            damaged_data[at:at] = draw(st.sampled_from(SYNTAX) | st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del damaged_data[at : at + draw(st.integers(1, 64))]
        elif kind == "repeat":
            damaged_data[at:at] = damaged_data[at : at + draw(st.integers(1, 256))] * draw(st.integers(2, 8))
    return bytes(damaged_data)


def inputs(suffix: str) -> st.SearchStrategy[bytes]:
    """Random bytes, or a damaged valid input (for .gz: the archive damaged, or damaged content gzipped)."""
    options = [st.binary(max_size=2048), damaged(valid_input(suffix))]
    if suffix.endswith(".gz"):
        options.append(damaged(valid_input(suffix.removesuffix(".gz"))).map(lambda data: gzip.compress(data, mtime=0)))
    return st.one_of(options)


def check(suffix: str, data: bytes) -> list[Article | Rejection]:
    """Ingest `data` as a file named with `suffix`; assert the property; the records."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, f"input{suffix}")
        path.write_bytes(data)
        records = list(ingest([path]))
    assert records, "no record for the file"
    for record in records:
        assert isinstance(record, (Article, Rejection)), record
        assert record.source.startswith(str(path)), record.source
        if isinstance(record, Rejection):
            assert record.reason and "\n" not in record.reason and len(record.reason) <= MAX_REASON_CHARS, record.reason
    return records


def reader_property(suffix: str, examples: int, tried: list[int] | None = None) -> Callable[[], None]:
    """The property checked on `examples` inputs of the format `suffix`; each input tried adds one to `tried[0]`."""

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(inputs(suffix))
    def read(data: bytes) -> None:
        if tried is not None:
            tried[0] += 1
        check(suffix, data)

    return read


def fuzz(minutes: float, round_examples: int = 200) -> tuple[int, list[str]]:
    """Check the property on rounds of inputs of each format in turn until `minutes` have
    passed: the number of inputs tried and a line per failure."""
    tried = [0]
    failures: list[str] = []
    end = time.monotonic() + minutes * 60
    while time.monotonic() < end:
        for suffix in SUFFIXES:
            try:
                reader_property(suffix, round_examples, tried)()
            except Exception as error:  # noqa: BLE001 - every failure is reported, then the fuzzing goes on
                failures.append(f"{suffix}: {type(error).__name__}: {' '.join(str(error).split())[:500]}")
    return tried[0], failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to fuzz (default 10)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # rejections are what this script expects; it counts failures
    tried, failures = fuzz(args.minutes)
    for failure in failures:
        print(f"FAILED {failure}")
    print(f"{tried} inputs tried over {len(SUFFIXES)} formats in {args.minutes:g} minutes, {len(failures)} failures")


if __name__ == "__main__":
    main()
