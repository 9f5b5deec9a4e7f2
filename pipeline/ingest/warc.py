"""WARC archives (.warc, .warc.gz) -> one Page per HTML response, labelled `#N`.

N is the record's position in the archive (1-based, all record types counted),
so a rejection points at the record. Requests, metadata, and responses that
are not HTML (images, scripts, PDFs) are not articles: they are skipped and
counted in a DEBUG line.

The archive is decompressed here, not by warcio, so that a WARC gzipped as one
stream is read as whole as a WARC gzipped record by record. warcio reads a record's
header as lines of any length; the stream it reads is held to what the records'
own lengths allow (`Allowance`), so that a file of zeros or a header without end
is named, not read whole into memory. A record whose content ends before its
Content-Length is named as cut off; the complete records before it are kept.
"""
from __future__ import annotations

import gzip
import io
import logging
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.recordloader import ArcWarcRecord
from warcio.utils import BUFF_SIZE

from pipeline.errors import InputError
from pipeline.ingest.decode import decode_html, gzip_errors
from pipeline.ingest.discover import InputFile
from pipeline.ingest.html import page_from_html
from pipeline.ingest.page import Origin, reject, to_record
from pipeline.records import Article, Rejection
from pipeline.settings import Settings

logger = logging.getLogger(__name__)

HEADER_BYTES = 1 << 16
"""Room for the blank lines after a record and the next record's header (a few hundred bytes in practice)."""
GZIP_MAGIC = b"\x1f\x8b"


class Overrun(InputError):
    """warcio asked for more bytes than the records' lengths allow."""


class Allowance:
    """A binary stream that gives at most `allowance` bytes in all; the reader raises it as
    each record's length becomes known. A gzip stream that ends early reads as the end,
    with `ended_early` set, so that the record it cuts is named by its length (`read1`:
    what was decompressed before the cut comes out first)."""

    def __init__(self, stream: io.BufferedIOBase, allowance: int) -> None:
        self.stream = stream
        self.allowance = allowance
        self.position = 0
        self.ended_early = False

    def read(self, size: int | None = -1) -> bytes:
        room = self.allowance - self.position
        if room <= 0:
            raise Overrun()
        try:
            data = self.stream.read1(room if size is None or size < 0 else min(size, room))
        except EOFError:
            self.ended_early = True
            data = b""
        self.position += len(data)
        return data

    def tell(self) -> int:
        return self.position


def read_warc(file: InputFile, settings: Settings) -> Iterator[Article | Rejection]:
    origin = file.origin
    skipped: Counter[str] = Counter()
    items = 0
    with file.path.open("rb") as raw, gzip_errors():
        stream = Allowance(_unzipped(raw), HEADER_BYTES)
        for number, record in _records(stream, settings.max_bytes):
            item = origin.at(f"#{number}")
            not_an_article = _not_an_article(record)
            with warcio_notes():
                payload = b"" if not_an_article else record.content_stream().read(settings.max_bytes + 1)
                cut = _cut_off(record, number, stream)
            if not_an_article and not cut:
                skipped[not_an_article] += 1
                continue
            items += 1
            yield reject(item, cut) if cut else _response(record, payload, item, settings)
    if skipped:
        logger.debug("%s: skipped %s", origin.source, ", ".join(f"{n} {kind}" for kind, n in sorted(skipped.items())))
    if items == 0:
        raise InputError("no HTML response records in WARC file")


def _unzipped(raw: io.BufferedReader) -> io.BufferedIOBase:
    """The archive's bytes: gzip (one stream, or one member per record) is undone here."""
    gzipped = raw.read(len(GZIP_MAGIC)) == GZIP_MAGIC
    raw.seek(0)
    return gzip.GzipFile(fileobj=raw) if gzipped else raw


def _not_an_article(record: ArcWarcRecord) -> str:
    """What kind of record this is, if it is not an HTML response ("" if it is one)."""
    if record.rec_type != "response":
        return f"{record.rec_type} records"
    content_type = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
    return "" if "html" in content_type.lower() else "non-HTML responses"


def _response(record: ArcWarcRecord, payload: bytes, item: Origin, settings: Settings) -> Article | Rejection:
    if len(payload) > settings.max_bytes:
        return reject(item, f"record too large (more than {settings.max_bytes} bytes)")
    content_type = record.http_headers.get_header("Content-Type", "")
    url = record.rec_headers.get_header("WARC-Target-URI", "")
    try:
        page = page_from_html(decode_html(payload, _charset(content_type)), url=url)
    except InputError as error:
        return reject(item, str(error))
    return to_record(page, item, settings)


def _cut_off(record: ArcWarcRecord, number: int, stream: Allowance) -> str:
    """Read the rest of the record; why it is incomplete, if it is ("" if it is whole)."""
    content = record.raw_stream
    while content.read(BUFF_SIZE):
        pass
    if not isinstance(content, LimitReader):
        return f"WARC record {number} has no Content-Length (cut off or malformed)" if stream.ended_early else ""
    if content.limit > 0:
        return f"WARC record {number} cut off at byte {record.length - content.limit:,} of {record.length:,}"
    return ""


def _records(stream: Allowance, max_bytes: int) -> Iterator[tuple[int, ArcWarcRecord]]:
    """Numbered records; warcio reports damaged headers as ArchiveLoadFailed, or as the ValueError or
    AttributeError of code that met what it did not expect."""
    records = ArchiveIterator(stream)
    number = 0
    while True:
        try:
            with warcio_notes():
                record = next(records, None)
        except Overrun as error:
            if not number:
                raise InputError(f"not a WARC file: no record header in its first {HEADER_BYTES:,} bytes") from error
            raise InputError(f"after WARC record {number}: {HEADER_BYTES:,} bytes that are not a record header") from error
        except (ArchiveLoadFailed, zlib.error) as error:
            raise InputError(f"corrupt WARC: {error}") from error
        except (ValueError, AttributeError) as error:
            raise InputError(f"corrupt WARC: the header of record {number + 1} is malformed") from error
        if record is None:
            return
        number += 1
        length = record.length if isinstance(record.length, int) else max_bytes
        stream.allowance = stream.position + length + HEADER_BYTES
        yield number, record


@contextmanager
def warcio_notes() -> Iterator[None]:
    """A block in which what warcio writes to stderr itself (a record not followed by a blank line,
    a payload that stops decompressing: lines that name no file) is logged at DEBUG instead."""
    notes = io.StringIO()
    try:
        with redirect_stderr(notes):
            yield
    finally:
        if notes.getvalue():
            logger.debug("warcio: %s", " ".join(notes.getvalue().split()))


def _charset(content_type: str) -> str:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'")
    return ""
