"""Tables and files: records -> pandas DataFrames -> CSV / JSONL.

CSV files are meant to be diffed and opened in spreadsheets, so they are
deterministic (fixed columns, sorted rows, "\\n" line ends, UTF-8), written
atomically (a temporary file renamed into place), and cells that a
spreadsheet would run as a formula are neutralised (OWASP CSV injection).
"""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from operator import attrgetter
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.errors import InputError
from pipeline.records import Article, Claim, Fact, Rejection, field_names, from_dict, to_dict

ARTICLE_COLUMNS = [
    "doc_id", "source", "label", "title", "outlet", "author", "url", "published",
    "published_from", "language", "format", "chars", "duplicate_of", "status", "reason",
]
CLAIM_COLUMNS = field_names(Claim)
FACT_COLUMNS = field_names(Fact)

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def articles_frame(items: Iterable[Article | Rejection]) -> pd.DataFrame:
    """One row per input item, text excluded, sorted by source."""
    return articles_table(article_row(item) for item in items)


def article_row(item: Article | Rejection) -> tuple:
    """The articles.csv row of one item (values in ARTICLE_COLUMNS order): small, without the text,
    so that a streaming run can keep one per input item."""
    if isinstance(item, Rejection):
        row = {**to_dict(item), "chars": 0}
    else:
        row = {name: getattr(item, name) for name in ARTICLE_COLUMNS}
    return tuple(row.get(col, "") for col in ARTICLE_COLUMNS)


def articles_table(rows: Iterable[tuple]) -> pd.DataFrame:
    """The articles table from rows made by `article_row`, sorted by source."""
    frame = pd.DataFrame(list(rows), columns=ARTICLE_COLUMNS)
    return frame.sort_values(["source", "doc_id"], kind="stable").reset_index(drop=True)


def claims_frame(claims: Iterable[Claim]) -> pd.DataFrame:
    """One row per claim. Built column by column: a dict per claim would briefly double
    the memory of a large run and take seconds per hundred thousand claims."""
    frame = _columns_frame(list(claims), CLAIM_COLUMNS)
    return frame.sort_values(["source", "doc_id", "char_start", "char_end", "type", "claim_id"], kind="stable").reset_index(drop=True)


def facts_frame(facts: Iterable[Fact]) -> pd.DataFrame:
    frame = _columns_frame(list(facts), FACT_COLUMNS)
    return frame.sort_values(["type", "fact", "fact_id"], kind="stable").reset_index(drop=True)


def _columns_frame(records: list[Any], columns: list[str]) -> pd.DataFrame:
    """A frame of records' fields, built column by column (no dict per record)."""
    values = {name: list(map(attrgetter(name), records)) for name in columns} if records else None
    return pd.DataFrame(values, columns=columns)


def neutralise_cell(value: Any) -> Any:
    """Prefix a quote to text a spreadsheet would treat as a formula.

    Only strings are touched: a negative number stays a number.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _has_formula_cell(values: pd.Series) -> bool:
    """Whether some text cell starts like a formula; a cheap look at first characters, since
    most columns have none and mapping every cell cost a second per large table."""
    firsts = {value[:1] for value in values.tolist() if isinstance(value, str)}
    return not firsts.isdisjoint(FORMULA_TRIGGERS)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    with atomic_open(path) as handle:
        _safe(frame).to_csv(handle, index=False, lineterminator="\n", float_format="%.4g")


def csv_text(frame: pd.DataFrame, header: bool = True) -> str:
    """The rows `write_csv` would write for `frame` (its header line too if `header`): a file
    written in parts from consecutive slices of a sorted frame has the same bytes."""
    return _safe(frame).to_csv(index=False, header=header, lineterminator="\n", float_format="%.4g")


def records_csv_text(records: Iterable[Any], columns: list[str], header: bool = True) -> str:
    """The bytes `csv_text` writes for a frame of these records' fields, in the records' order,
    written by the csv module (which pandas writes through) without building the frame: a third
    of the time for claims (measured on 36,590 claims of 1,000 synthetic articles: building the
    frame 0.75 s and writing it 1.08 s). Values are formatted as pandas does for the dtypes our
    records have: str as is (formula cells neutralised), int and bool by str, float by %.4g."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(columns)
    rows = list(map(attrgetter(*columns), records))
    if rows:
        by_column = list(zip(*rows))
        needs_care = [i for i, values in enumerate(by_column) if _needs_formatting(values)]
        for i in needs_care:
            by_column[i] = list(map(_csv_cell, by_column[i]))
        if needs_care:
            rows = list(zip(*by_column))
    writer.writerows(rows)
    return buffer.getvalue()


def _needs_formatting(values: tuple) -> bool:
    """Whether a column holds a float, or a text that a spreadsheet would run as a formula."""
    types = set(map(type, values))
    if float in types:
        return True
    return str in types and not {value[:1] for value in values if type(value) is str}.isdisjoint(FORMULA_TRIGGERS)


def _csv_cell(value: Any) -> Any:
    if type(value) is str:
        return "'" + value if value.startswith(FORMULA_TRIGGERS) else value
    if type(value) is float:
        return "%.4g" % value
    return value


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame
    for column in frame.columns:
        if frame[column].dtype == object and _has_formula_cell(frame[column]):
            if safe is frame:
                safe = frame.copy()
            safe[column] = frame[column].map(neutralise_cell)
    return safe


def write_jsonl(records: Iterable[Any], path: Path) -> int:
    count = 0
    with atomic_open(path) as handle:
        for record in records:
            handle.write(jsonl_line(record))
            count += 1
    return count


def jsonl_line(record: Any) -> str:
    """One record as a line of a JSONL file (keys sorted, so the same record gives the same bytes)."""
    return _encode_json(flat_dict(record)) + "\n"


_encode_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
"""json.dumps with these options builds a new encoder per call: a quarter of the time of a claim's line."""


def flat_dict(record: Any) -> dict[str, Any]:
    """`records.to_dict` for records of plain values, without `dataclasses.asdict`'s deep copy
    (ten times slower, and a large run serialises every article and claim)."""
    names = _FIELD_NAMES[type(record)]
    row = dict(zip(names, _FIELD_VALUES[type(record)](record)))
    if isinstance(record, Article):
        row["chars"] = record.chars
    return row


_FIELD_NAMES = {cls: field_names(cls) for cls in (Article, Rejection, Claim, Fact)}
_FIELD_VALUES = {cls: attrgetter(*names) for cls, names in _FIELD_NAMES.items()}


def read_jsonl(path: Path, cls: type) -> Iterator[Any]:
    """Records of type `cls` from a JSONL file written by write_jsonl."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield from_dict(cls, json.loads(line))
            except (json.JSONDecodeError, TypeError) as exc:
                raise InputError(f"{path}: invalid record on line {number}: {exc}") from exc


def read_articles(path: Path) -> Iterator[Article]:
    return read_jsonl(path, Article)


def read_claims(path: Path) -> Iterator[Claim]:
    return read_jsonl(path, Claim)


@contextmanager
def atomic_open(path: Path):
    """Write to a temporary file beside `path`, then rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
