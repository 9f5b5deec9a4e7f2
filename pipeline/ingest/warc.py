"""WARC archives (.warc, .warc.gz) -> one Page per HTML response, labelled `#N`.

N is the record's position in the archive (1-based, all record types counted),
so a rejection points at the record. Requests, metadata, and responses that
are not HTML (images, scripts, PDFs) are not articles: they are skipped and
counted in a DEBUG line.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from pipeline.errors import InputError
from pipeline.ingest.decode import decode_html, gzip_errors
from pipeline.ingest.discover import InputFile
from pipeline.ingest.html import page_from_html
from pipeline.ingest.page import reject, to_record
from pipeline.records import Article, Rejection
from pipeline.settings import Settings

logger = logging.getLogger(__name__)


def read_warc(file: InputFile, settings: Settings) -> Iterator[Article | Rejection]:
    origin = file.origin
    skipped: Counter[str] = Counter()
    articles = 0
    with file.path.open("rb") as stream, gzip_errors():
        for number, record in _records(stream):
            if record.rec_type != "response":
                skipped[f"{record.rec_type} records"] += 1
                continue
            content_type = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
            if "html" not in content_type.lower():
                skipped["non-HTML responses"] += 1
                continue
            articles += 1
            item = origin.at(f"#{number}")
            payload = record.content_stream().read(settings.max_bytes + 1)
            if len(payload) > settings.max_bytes:
                yield reject(item, f"record too large (more than {settings.max_bytes} bytes)")
                continue
            url = record.rec_headers.get_header("WARC-Target-URI", "")
            try:
                page = page_from_html(decode_html(payload, _charset(content_type)), url=url)
            except InputError as error:
                yield reject(item, str(error))
                continue
            yield to_record(page, item, settings)
    if skipped:
        logger.debug("%s: skipped %s", origin.source, ", ".join(f"{n} {kind}" for kind, n in sorted(skipped.items())))
    if articles == 0:
        raise InputError("no HTML response records in WARC file")


def _records(stream: BinaryIO) -> Iterator[tuple[int, ArcWarcRecord]]:
    """Numbered records; warcio reports damaged headers as ArchiveLoadFailed, ValueError or AttributeError."""
    records = ArchiveIterator(stream)
    number = 0
    while True:
        try:
            record = next(records, None)
        except (ArchiveLoadFailed, ValueError, AttributeError) as error:
            raise InputError(f"corrupt WARC: {error}") from error
        if record is None:
            return
        number += 1
        yield number, record


def _charset(content_type: str) -> str:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'")
    return ""
