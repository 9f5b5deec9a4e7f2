"""Inputs -> the files to read, in a deterministic order, each with its format.

Folders are walked recursively and their files sorted by path; files of other
types and hidden files are skipped with an INFO line (a dump folder holds
READMEs and .DS_Store files). A file named explicitly is never skipped
silently: if it cannot be read it becomes a Rejection.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest.page import Origin, reject
from pipeline.records import Rejection

logger = logging.getLogger(__name__)

FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".txt": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".warc": "warc",
}


@dataclass(frozen=True)
class InputFile:
    path: Path
    format: str
    gzipped: bool

    @property
    def origin(self) -> Origin:
        return Origin(source=str(self.path), label=label_of(self.path), format=self.format)


def discover(inputs: Iterable[str | Path]) -> Iterator[InputFile | Rejection]:
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield _explicit_file(path)
        elif path.exists():
            yield reject(Origin(str(path), label_of(path), ""), "not a regular file or folder")
        else:
            yield reject(Origin(str(path), label_of(path), ""), "no such file or directory")


def type_suffix(path: Path) -> str:
    """The suffix that names the file type, through one layer of gzip: 'x.jsonl.gz' -> '.jsonl.gz'."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if suffixes[-1:] == [".gz"]:
        return "".join(suffixes[-2:])
    return "".join(suffixes[-1:])


def label_of(path: Path) -> str:
    """The file name without its type suffix: 'story.html.gz' -> 'story'."""
    return path.name[: len(path.name) - len(type_suffix(path))]


def _walk(folder: Path) -> Iterator[InputFile]:
    found = []
    for directory, subdirectories, names in os.walk(folder):
        for name in sorted(subdirectories):
            if name.startswith("."):
                logger.info("skipped hidden folder %s", Path(directory, name))
        subdirectories[:] = [name for name in subdirectories if not name.startswith(".")]
        found.extend(Path(directory, name) for name in names)
    for path in sorted(found):
        if path.name.startswith("."):
            logger.info("skipped hidden file %s", path)
            continue
        input_file = _typed(path)
        if input_file is None:
            logger.info("skipped %s: %s", path, _unsupported(path))
            continue
        yield input_file


def _explicit_file(path: Path) -> InputFile | Rejection:
    input_file = _typed(path)
    if input_file is None:
        return reject(Origin(str(path), label_of(path), ""), _unsupported(path))
    return input_file


def _typed(path: Path) -> InputFile | None:
    suffix = type_suffix(path)
    gzipped = suffix.endswith(".gz")
    inner = suffix.removesuffix(".gz")
    if inner not in FORMATS:
        return None
    if inner == ".warc" and gzipped:
        # warcio reads .warc.gz record by record itself.
        return InputFile(path, "warc", gzipped=False)
    return InputFile(path, FORMATS[inner], gzipped)


def _unsupported(path: Path) -> str:
    suffix = type_suffix(path)
    return f"unsupported file type {suffix!r}" if suffix else "unsupported file type (no suffix)"
