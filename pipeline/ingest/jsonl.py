"""JSON and JSON Lines dumps -> one Page per record.

Field names follow news-please (`maintext`, `date_publish`, `source_domain`,
`authors`) and the other common crawlers and feed tools; the first field of
each list that holds a value wins. `date_download` and similar crawl times are
deliberately not publication dates.

A .jsonl file is read line by line, so a malformed line rejects that line only;
a .json file holds one object, a list of objects (items `#N`), or, like
.jsonl, one object per line.
"""
from __future__ import annotations

import dataclasses
import gzip
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from pipeline.errors import InputError
from pipeline.ingest.dates import parse_date_value
from pipeline.ingest.decode import decode, gzip_errors, looks_binary, read_limited
from pipeline.ingest.discover import InputFile
from pipeline.ingest.html import page_from_html
from pipeline.ingest.language import language_code
from pipeline.ingest.page import Origin, Page, reject, to_record
from pipeline.ingest.text import page_from_dump
from pipeline.records import Article, Rejection
from pipeline.settings import Settings

TEXT_FIELDS = ("text", "maintext", "content", "body", "article", "article_text", "articleBody")
HTML_FIELDS = ("html", "raw_html", "content_html")
TITLE_FIELDS = ("title", "headline")
URL_FIELDS = ("url", "link", "canonical_url")
DATE_FIELDS = ("published", "date_publish", "publish_date", "published_at", "datePublished", "pubDate", "date")
OUTLET_FIELDS = ("outlet", "site_name", "sitename", "source_domain", "source", "publisher")
AUTHOR_FIELDS = ("author", "authors", "byline")
LANGUAGE_FIELDS = ("language", "lang")

MAX_KEYS_SHOWN = 12
_LOOKS_LIKE_HTML = re.compile(r"<(?:p|div|br|article|body|html|span|h[1-6])\b[^>]*>", re.IGNORECASE)


def read_json_lines(file: InputFile, settings: Settings) -> Iterator[Article | Rejection]:
    """Records of a .jsonl file, one per non-blank line, labelled `:LINE`."""
    origin = file.origin
    with file.path.open("rb") as raw, gzip_errors():
        stream: BinaryIO = gzip.GzipFile(fileobj=raw) if file.gzipped else raw
        yield from _lines(bounded_lines(stream, settings.max_bytes), origin, settings)


LINE_BLOCK = 1 << 20
"""How much of an overlong line is read at a time, on the way to the next line."""


def bounded_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[bytes, int]]:
    """(line, its length) for each line of `stream`, without its line break. A line longer than
    `limit` comes as (b"", its length): the rest of it is read in blocks, never held whole."""
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            line = line.rstrip(b"\r\n")
            yield line, len(line)
            continue
        size = len(line)
        while rest := stream.readline(LINE_BLOCK):
            if rest.endswith(b"\n"):
                size += len(rest.rstrip(b"\r\n"))
                break
            size += len(rest)
        yield b"", size


def read_json(file: InputFile, settings: Settings) -> Iterator[Article | Rejection]:
    """Records of a .json file: one object, a list of objects, or one object per line."""
    origin = file.origin
    text = decode(read_limited(file.path, settings.max_bytes, file.gzipped))
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        if error.msg != "Extra data":
            raise InputError(f"invalid JSON: {error.msg} (line {error.lineno}, column {error.colno})") from error
        yield from _lines(((line, len(line)) for line in text.encode("utf-8").splitlines()), origin, settings)
        return
    if isinstance(value, list):
        for number, item in enumerate(value, start=1):
            yield _record(item, origin.at(f"#{number}"), settings, f"item {number}")
    else:
        yield _record(value, origin, settings, "the file")


def page_from_record(record: dict[str, Any]) -> Page:
    text = _undo_escapes(_first(record, TEXT_FIELDS))
    html = _undo_escapes(_first(record, HTML_FIELDS))
    url = _first(record, URL_FIELDS)
    if text and not _LOOKS_LIKE_HTML.search(text):
        page = page_from_given_text(text)
    elif text or html:
        page = page_from_html(_as_document(html or text), url=url)
    else:
        keys = ", ".join(sorted(record)[:MAX_KEYS_SHOWN]) + (", ..." if len(record) > MAX_KEYS_SHOWN else "") or "none"
        raise InputError(f"record has no text or html field (keys: {keys})")
    published = parse_date_value(_first_raw(record, DATE_FIELDS))
    return dataclasses.replace(
        page,
        title=_first(record, TITLE_FIELDS) or page.title,
        author=_first(record, AUTHOR_FIELDS) or page.author,
        outlet=_first(record, OUTLET_FIELDS) or page.outlet,
        url=url or page.url,
        published=published or page.published,
        published_from="field" if published else page.published_from,
        language=language_code(_first(record, LANGUAGE_FIELDS)),
    )


_DOUBLE_ESCAPED = re.compile(r"\\(?:/|n|r|t|\")")
_ESCAPE_MEANS = {"\\/": "/", "\\n": "\n", "\\r": "", "\\t": " ", '\\"': '"'}


def _undo_escapes(value: str) -> str:
    """A field escaped twice by its exporter ("testified.<\\/p>\\n<p>He says"), JSON escapes
    still in the string: read as the markup and line breaks they stand for."""
    if "<\\/" not in value:
        return value
    return _DOUBLE_ESCAPED.sub(lambda escape: _ESCAPE_MEANS[escape[0]], value)


def page_from_given_text(text: str) -> Page:
    """A record's text, cleaned of page chrome as a text dump is; a short text the user gave
    (a brief) is kept whole when cleaning would leave too little of it to be an article."""
    page = page_from_dump(text)
    if len(page.text) < BRIEF_KEPT_WHOLE * len(text.strip()):
        return dataclasses.replace(page, text=text, text_given=True)
    return dataclasses.replace(page, text_given=True)


BRIEF_KEPT_WHOLE = 0.25
"""Cleaning that keeps less than this share of a record's text took the article for chrome."""


def _lines(lines: Iterable[tuple[bytes, int]], origin: Origin, settings: Settings) -> Iterator[Article | Rejection]:
    records = 0
    for number, (line, size) in enumerate(lines, start=1):
        if size > settings.max_bytes:
            records += 1
            yield reject(origin.at(f":{number}"), f"record on line {number} too large ({size} bytes > limit {settings.max_bytes})")
            continue
        if not line.strip():
            continue
        records += 1
        item = origin.at(f":{number}")
        if records == 1 and looks_binary(line):
            raise InputError("binary file (not text)")
        try:
            value = json.loads(decode(line))
        except json.JSONDecodeError as error:
            yield reject(item, f"invalid JSON on line {number}: {error.msg} (column {error.colno})")
            continue
        except InputError as error:
            yield reject(item, f"line {number}: {error}")
            continue
        yield _record(value, item, settings, f"line {number}")
    if records == 0:
        raise InputError("empty file")


def _as_document(html: str) -> str:
    """Feeds carry HTML fragments (`<p>..</p>`); the HTML parser wants a page."""
    return html if re.search(r"<html\b", html[:2000], re.IGNORECASE) else f"<html><body>{html}</body></html>"


def _record(value: Any, origin: Origin, settings: Settings, where: str) -> Article | Rejection:
    if not isinstance(value, dict):
        return reject(origin, f"{where} is not a JSON object")
    try:
        page = page_from_record(value)
    except InputError as error:
        return reject(origin, str(error))
    return to_record(page, origin, settings)


def _first_raw(record: dict[str, Any], fields: tuple[str, ...]) -> Any:
    return next((record[field] for field in fields if record.get(field) not in (None, "", [], {})), None)


def _first(record: dict[str, Any], fields: tuple[str, ...]) -> str:
    """The first field that holds a value, as text: lists are joined, {"name": ...} objects named."""
    value = _first_raw(record, fields)
    if isinstance(value, list):
        return "; ".join(_first({"value": item}, ("value",)) for item in value if item)
    if isinstance(value, dict):
        return _first(value, ("name", "title", "url"))
    return "" if value is None else str(value).strip()
