"""Bytes -> text, with the reasons a file cannot be read spelled out.

UTF-8 first (most of the web); otherwise charset-normalizer, preferring the
web's legacy default windows-1252 when it fits as well as the best guess,
because charset-normalizer alone often names a rarer code page (cp775, cp1250)
for short Western pages.
"""
from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import charset_normalizer

from pipeline.errors import InputError

SNIFF_BYTES = 8192
MAX_CONTROL_SHARE = 0.1
"""Text has almost no control bytes; more than 10% of the first 8 KiB means binary data."""
LEGACY_WEB_ENCODING = "cp1252"
CHAOS_MARGIN = 0.05
"""How much worse than charset-normalizer's best guess (its 'chaos' score) windows-1252 may be."""

_UNICODE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CONTROL_BYTES = bytes(b for b in range(32) if chr(b) not in "\t\n\r\f\v\x1b")
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def read_limited(path: Path, max_bytes: int, gzipped: bool = False) -> bytes:
    """The file's bytes (decompressed), refusing empty and oversized files before reading them."""
    try:
        size = path.stat().st_size
        if size == 0:
            raise InputError("empty file")
        if size > max_bytes:
            raise InputError(f"file too large ({size} bytes > limit {max_bytes})")
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read file: {error.strerror or error}") from error
    return gunzip(data, max_bytes) if gzipped else data


def gunzip(data: bytes, max_bytes: int) -> bytes:
    with gzip_errors(), gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
        content = stream.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise InputError(f"file too large after decompression (more than {max_bytes} bytes)")
    return content


@contextmanager
def gzip_errors() -> Iterator[None]:
    """Turn the three ways gzip reports a damaged stream into one InputError."""
    try:
        yield
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        raise InputError(f"corrupt gzip: {error}") from error


def decode(data: bytes, declared: str = "") -> str:
    """Text of `data`; `declared` is an encoding the container names (HTTP header), tried first."""
    if not data.strip():
        raise InputError("empty file")
    text = utf16_without_bom(data)
    if text is not None:
        return text
    if looks_binary(data):
        raise InputError("binary file (not text)")
    for encoding in (declared, "utf-8-sig"):
        text = _try_decode(data, encoding)
        if text is not None:
            return text
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError("cannot detect text encoding")
    for match in matches:
        if LEGACY_WEB_ENCODING in match.could_be_from_charset and match.chaos <= best.chaos + CHAOS_MARGIN:
            return data.decode(LEGACY_WEB_ENCODING)
    return str(best)


def decode_html(data: bytes, declared: str = "") -> str:
    """Like `decode`, but an HTML page's own <meta charset> comes before guessing."""
    if not declared:
        match = _DECLARED_CHARSET.search(data[:SNIFF_BYTES])
        declared = match.group(1).decode("ascii") if match else ""
    return decode(data, declared)


UTF16_ZERO_SHARE = 0.3
"""UTF-16 of text in Latin letters has a zero byte in every other place: in at least 30% of the
first 8 KiB's byte pairs on one side, and (nearly) none on the other."""
UTF16_STRAY_ZEROS = 0.01


def utf16_without_bom(data: bytes) -> str | None:
    """The text of UTF-16 (little- or big-endian) written without a byte-order mark, else None."""
    head = data[: SNIFF_BYTES]
    pairs = len(head) // 2
    if not pairs or len(data) % 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd >= UTF16_ZERO_SHARE * pairs and even <= UTF16_STRAY_ZEROS * pairs:
        encoding = "utf-16-le"
    elif even >= UTF16_ZERO_SHARE * pairs and odd <= UTF16_STRAY_ZEROS * pairs:
        encoding = "utf-16-be"
    else:
        return None
    text = _try_decode(data, encoding)
    return text if text is not None and not looks_binary(text[: SNIFF_BYTES].encode("utf-8")) else None


def looks_binary(data: bytes) -> bool:
    head = data[:SNIFF_BYTES]
    if head.startswith(_UNICODE_BOMS):
        return False
    if b"\x00" in head:
        return True
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return control > MAX_CONTROL_SHARE * len(head)


def _try_decode(data: bytes, encoding: str) -> str | None:
    if not encoding:
        return None
    try:
        name = codecs.lookup(encoding).name
        if name == "iso8859-1":
            # Browsers read pages labelled latin-1 as windows-1252 (WHATWG Encoding standard).
            return _try_decode(data, LEGACY_WEB_ENCODING) or data.decode(name)
        return data.decode(name)
    except (ValueError, LookupError):  # ValueError: undecodable bytes, or a name with a NUL in it
        return None
