"""Ingest stage: files and folders of page dumps -> Article | Rejection.

    inputs -> discover (sorted files, with their format)
           -> read: html.py (trafilatura) | text.py (page dumps) | jsonl.py | warc.py
           -> page.to_record (length, language, content id)
           -> dedup (exact and syndicated copies marked)

Every input item comes out once, as an Article or as a Rejection with its
reason (also logged as a WARNING); nothing is dropped silently. Records are
produced lazily, after one first pass over the .txt files that counts the
lines repeated across the pages of the dump.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.errors import InputError
from pipeline.ingest.decode import decode, decode_html, read_limited
from pipeline.ingest.dedup import DuplicateIndex, signature_bytes
from pipeline.ingest.discover import InputFile, discover
from pipeline.ingest.labels import ReadableLabels
from pipeline.ingest.page import reject, to_record
from pipeline.ingest.text import page_from_dump, repeated_lines
from pipeline.records import Article, Rejection
from pipeline.settings import Settings

__all__ = [
    "ingest", "discover_inputs", "dump_chrome", "read_item", "mark_duplicates", "mark_signed_duplicates", "signed",
]

logger = logging.getLogger(__name__)

STAGE_VERSION = 2  # bump when the records read from the same page change (code or word lists): a new page cache


def ingest(inputs: Iterable[str | Path], settings: Settings = Settings()) -> Iterator[Article | Rejection]:
    """One record per input item (a file, or a record of a JSONL or WARC file), in input order.

    Folders are searched recursively in sorted path order; the first of several
    copies of a text in that order is the original the others point at.

    The steps are public so that a runner can read the files elsewhere (worker
    processes) and still mark duplicates here, in input order:
    `discover_inputs` -> `dump_chrome` -> `read_item` for each -> `mark_duplicates`.
    """
    found = discover_inputs(inputs)
    repeated = dump_chrome(found, settings)
    yield from mark_duplicates((record for item in found for record in read_item(item, settings, repeated)), settings)


def discover_inputs(inputs: Iterable[str | Path] | str | Path) -> list[InputFile | Rejection]:
    """The files to read, in order (a path that cannot be read is already a Rejection)."""
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    return list(discover(inputs))


def dump_chrome(found: Iterable[InputFile | Rejection], settings: Settings) -> frozenset[int]:
    """The first pass over the .txt page dumps: keys of the lines repeated across their pages."""
    text_dumps = [item for item in found if isinstance(item, InputFile) and item.format == "txt"]
    return repeated_lines(_readable_texts(text_dumps, settings))


def read_item(
    item: InputFile | Rejection, settings: Settings, repeated: frozenset[int] = frozenset()
) -> Iterator[Article | Rejection]:
    """The records of one discovered item: a file's records, or the item itself if it is a Rejection."""
    if isinstance(item, Rejection):
        yield item
    else:
        yield from read(item, settings, repeated)


def mark_duplicates(records: Iterable[Article | Rejection], settings: Settings) -> Iterator[Article | Rejection]:
    """The records in the same order, copies marked (`duplicate_of`), articles of hash-named files
    labelled by their outlet and title (`labels`), rejections logged.

    Sequential by design: the original of a copy, and the first of two equal labels, is the first
    in input order.
    """
    return mark_signed_duplicates(((record, None) for record in records), settings)


Signed = tuple[Article | Rejection, bytes | None]
"""A record and its text's MinHash signature (`signed`), or None where it was not worked out."""


def signed(record: Article | Rejection) -> Signed:
    """The record with its signature, worked out where it is read (a worker), so that the
    process marking duplicates in order has less to do, and a cache can keep it."""
    return record, signature_bytes(record.text) if isinstance(record, Article) else None


def mark_signed_duplicates(records: Iterable[Signed], settings: Settings) -> Iterator[Article | Rejection]:
    """`mark_duplicates` of records that may come with their signatures."""
    duplicates = DuplicateIndex(settings.near_duplicate_threshold)
    labels = ReadableLabels()
    for record, signature in records:
        if isinstance(record, Article):
            yield duplicates.mark(labels.relabel(record), signature)
        else:
            logger.warning("%s: %s", record.source, record.reason)
            yield record


def read(file: InputFile, settings: Settings, repeated: frozenset[int] = frozenset()) -> Iterator[Article | Rejection]:
    """The records of one file; a file that cannot be read at all is one Rejection.

    The readers of HTML, JSON Lines and WARC are imported here, on first use: with
    trafilatura, htmldate and warcio they take 0.14-0.15 s to import after the rest of the
    command line (measured), which a process that reads nothing itself never needs (a run
    reads pages here only until its first worker has started; a worker imports them with
    its first pages).
    """
    from pipeline.ingest.html import page_from_html
    from pipeline.ingest.jsonl import read_json, read_json_lines
    from pipeline.ingest.warc import read_warc

    try:
        if file.format == "jsonl":
            yield from read_json_lines(file, settings)
        elif file.format == "json":
            yield from read_json(file, settings)
        elif file.format == "warc":
            yield from read_warc(file, settings)
        elif file.format == "html":
            page = page_from_html(decode_html(read_limited(file.path, settings.max_bytes, file.gzipped)))
            yield to_record(page, file.origin, settings)
        else:
            page = page_from_dump(decode(read_limited(file.path, settings.max_bytes, file.gzipped)), repeated)
            yield to_record(page, file.origin, settings)
    except InputError as error:
        yield reject(file.origin, str(error))


def _readable_texts(files: list[InputFile], settings: Settings) -> Iterator[str]:
    for file in files:
        try:
            yield decode(read_limited(file.path, settings.max_bytes, file.gzipped))
        except InputError:
            continue
