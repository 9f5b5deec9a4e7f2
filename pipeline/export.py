"""Files and tables: records -> CSV / JSONL, and pandas DataFrames for notebooks.

CSV files are meant to be diffed and opened in spreadsheets, so they are
deterministic (fixed columns, sorted rows, "\\n" line ends, UTF-8), written
atomically (a temporary file renamed into place), and cells that a
spreadsheet would run as a formula are neutralised (OWASP CSV injection).
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from pipeline.errors import InputError
from pipeline.records import Article, Claim, Fact, Rejection, field_names, from_dict, reading_order, to_dict

if TYPE_CHECKING:
    import pandas as pd

ARTICLE_COLUMNS = [
    "doc_id", "source", "label", "title", "outlet", "author", "url", "published",
    "published_from", "updated", "language", "format", "chars", "duplicate_of", "status", "reason",
]
CLAIM_COLUMNS = field_names(Claim)
FACT_COLUMNS = field_names(Fact)
CLAIM_ORDER = ("source", "doc_id", "char_start", "char_end", "type", "claim_id")
"""The order of claims.jsonl and claims.csv (and of `claims_frame`)."""

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
    import pandas as pd  # here, not at the top: a batch run writes its files without pandas

    frame = pd.DataFrame(list(rows), columns=ARTICLE_COLUMNS)
    return frame.sort_values(["source", "doc_id"], kind="stable").reset_index(drop=True)


def sorted_article_rows(rows: Iterable[tuple]) -> list[tuple]:
    """Rows made by `article_row` in the order of `articles_table` (by source, then doc_id, stable)."""
    return sorted(rows, key=itemgetter(ARTICLE_COLUMNS.index("source"), ARTICLE_COLUMNS.index("doc_id")))


def claims_frame(claims: Iterable[Claim]) -> pd.DataFrame:
    """One row per claim. Built column by column: a dict per claim would briefly double
    the memory of a large run and take seconds per hundred thousand claims."""
    frame = _columns_frame(list(claims), CLAIM_COLUMNS)
    return frame.sort_values(list(CLAIM_ORDER), kind="stable").reset_index(drop=True)


def facts_frame(facts: Iterable[Fact]) -> pd.DataFrame:
    """One row per fact, in reading order (`reading_order`: conflicts first)."""
    frame = _columns_frame(sorted(facts, key=reading_order), FACT_COLUMNS)
    return frame.reset_index(drop=True)


def _columns_frame(records: list[Any], columns: list[str]) -> pd.DataFrame:
    """A frame of records' fields, built column by column (no dict per record)."""
    import pandas as pd

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


ROWS_PER_WRITE = 2048
"""Rows formatted at a time: the CSV text of 112,147 facts at once (long rationales, kept by
Python as four bytes per character once one is outside Latin-1) raised a run's peak memory."""


def records_csv_text(records: Iterable[Any], columns: list[str], header: bool = True) -> str:
    """The bytes `csv_text` writes for a frame of these records' fields (see `_write_records`)."""
    buffer = io.StringIO()
    _write_records(buffer, list(records), columns, header)
    return buffer.getvalue()


def write_records_csv(records: list[Any], columns: list[str], path: Path) -> None:
    """`_write_records` into the file `path`, written atomically like `write_csv`."""
    with atomic_open(path) as handle:
        _write_records(handle, records, columns)


def _write_records(handle: IO[str], records: list[Any], columns: list[str], header: bool = True) -> None:
    """Write what `write_csv` writes for a frame of these records' fields, in the records' order,
    with the csv module (which pandas writes through) and without building the frame: less
    than half the time for claims (measured on 36,590 claims of 1,000 synthetic articles:
    building the frame and writing it 1.9 s, this 0.85 s), and ROWS_PER_WRITE rows at a time.
    Columns of the kinds our records have are formatted as pandas formats them: text as is
    (formula cells neutralised), int and bool by str, float (with or without ints) by %.4g
    and NaN as nothing; a column of any other mix of types goes through pandas itself."""
    kinds = [_column_kind(set(map(type, map(attrgetter(name), records)))) for name in columns]
    values = attrgetter(*columns) if len(columns) > 1 else (lambda record: (getattr(record, columns[0]),))
    _write_rows(handle, records, values, columns, kinds, header, lambda: _columns_frame(records, columns))


FACT_KINDS = [{"str": "text", "int": "plain", "bool": "plain", "float": "number"}[str(f.type)] for f in dataclasses.fields(Fact)]
"""How each column of reconciled_claims.csv is written: by the type its field is declared with."""


def fact_lines(facts: list[Fact]) -> list[bytes]:
    """Each fact's row of reconciled_claims.csv, as UTF-8 (the way the cache keeps it).

    The columns are formatted by their declared types (FACT_KINDS), not by the values
    of the other facts in the file, so a fact's row is the same in every file it is
    written in, and a re-run writes the rows of the stories it took from the cache as
    they were made (the facts of 1,000 synthetic articles: 0.5 s of formatting).
    """
    lines = _Lines()
    writer = csv.writer(lines, lineterminator="\n")
    values = attrgetter(*FACT_COLUMNS)
    for start in range(0, len(facts), ROWS_PER_WRITE):
        writer.writerows(_formatted([values(fact) for fact in facts[start:start + ROWS_PER_WRITE]], FACT_KINDS))
    return [line.encode("utf-8") for line in lines]


class _Lines(list):
    """A file for csv.writer that keeps each row apart (the writer writes a row at a time)."""

    write = list.append


REVIEW_COLUMNS = ["review_status", "reviewed_value", "reviewed_by", "reviewed_at", "review_note"]
"""What reconciled_claims.csv adds after each fact's own columns: a person's decision on the fact
(`pipeline.review`), all empty where there is none."""
NO_REVIEW = ("",) * len(REVIEW_COLUMNS)


def write_facts_csv(
    facts: list[Fact], path: Path, made: Callable[[Fact], bytes | None] | None = None,
    reviews: Mapping[str, tuple[str, ...]] | None = None,
) -> None:
    """reconciled_claims.csv: the facts in the order given, with the bytes `write_records_csv` writes
    for them, taking from `made` the row already made for a fact (`fact_lines`), where it has one,
    then the REVIEW_COLUMNS of `reviews` (fact_id -> their values; empty for a fact it lacks).
    Facts whose values have types other than those declared are written by `write_rows_csv`."""
    reviews = reviews or {}
    types_of_rows = {tuple(map(type, values)) for values in map(attrgetter(*FACT_COLUMNS), facts)}
    # One pass over the facts rather than one per column: 0.26-0.37 s -> 0.12-0.26 s for the 112,319 facts of 10,000 articles.
    kinds = [_column_kind(set(types)) for types in zip(*types_of_rows)]
    if facts and kinds != FACT_KINDS:
        values = attrgetter(*FACT_COLUMNS)
        rows = [values(fact) + tuple(reviews.get(fact.fact_id, NO_REVIEW)) for fact in facts]
        write_rows_csv(rows, FACT_COLUMNS + REVIEW_COLUMNS, path)
        return
    no_review = b"," * len(REVIEW_COLUMNS) + b"\n"
    with atomic_open(path, binary=True) as handle:
        handle.write((",".join(FACT_COLUMNS + REVIEW_COLUMNS) + "\n").encode("utf-8"))
        for start in range(0, len(facts), ROWS_PER_WRITE):
            chunk = facts[start:start + ROWS_PER_WRITE]
            rows = [made(fact) for fact in chunk] if made else [None] * len(chunk)
            new_rows = iter(fact_lines([fact for fact, row in zip(chunk, rows) if row is None]))
            lines = (row if row is not None else next(new_rows) for row in rows)
            handle.write(b"".join(
                line[:-1] + (_review_cells(reviews[fact.fact_id]) if fact.fact_id in reviews else no_review)
                for fact, line in zip(chunk, lines)
            ))


def _review_cells(values: tuple[str, ...]) -> bytes:
    """",accepted,2026-03-12,Ann,...\\n": the review columns of one row, as the csv module writes them."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([neutralise_cell(value) for value in values])
    return ("," + buffer.getvalue()).encode("utf-8")


def write_rows_csv(rows: list[tuple], columns: list[str], path: Path) -> None:
    """`write_records_csv` for rows of values in `columns` order, into the file `path`."""
    kinds = [_column_kind(set(map(type, column))) for column in zip(*rows)] if rows else [_column_kind(set())] * len(columns)

    def frame():
        import pandas as pd

        return pd.DataFrame(rows, columns=columns)

    with atomic_open(path) as handle:
        _write_rows(handle, rows, tuple, columns, kinds, True, frame)


def _write_rows(handle: IO[str], records: list[Any], values, columns: list[str], kinds: list[str | None], header: bool, frame) -> None:
    if None in kinds:
        _safe(frame()).to_csv(handle, index=False, header=header, lineterminator="\n", float_format="%.4g")
        return
    writer = csv.writer(handle, lineterminator="\n")
    if header:
        writer.writerow(columns)
    for start in range(0, len(records), ROWS_PER_WRITE):
        writer.writerows(_formatted([values(record) for record in records[start:start + ROWS_PER_WRITE]], kinds))


def _formatted(rows: list[tuple], kinds: list[str]) -> list[tuple]:
    by_column = list(zip(*rows))
    changed = False
    for i, (kind, column) in enumerate(zip(kinds, by_column)):
        if kind == "number":
            by_column[i], changed = [_float_cell(value) for value in column], True
        elif kind == "text" and not {value[:1] for value in column}.isdisjoint(FORMULA_TRIGGERS):
            by_column[i], changed = [neutralise_cell(value) for value in column], True
    return list(zip(*by_column)) if changed else rows


def _column_kind(types: set[type]) -> str | None:
    """How pandas writes a column of values of these types: "text", "plain" (int or bool, by
    str), "number" (floats, ints among them: float64), or None for a mix this module does not copy."""
    if types <= {str}:
        return "text"
    if types == {int} or types == {bool}:
        return "plain"
    if float in types and types <= {float, int}:
        return "number"
    return None


def _float_cell(value: float | int) -> str:
    return "" if value != value else "%.4g" % value


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame
    for column in frame.columns:
        if frame[column].dtype == object and _has_formula_cell(frame[column]):
            if safe is frame:
                safe = frame.copy()
            safe[column] = frame[column].map(neutralise_cell)
    return safe


@dataclass(frozen=True)
class ArticleClaims:
    """The claims of one article in CLAIM_ORDER, with their claims.jsonl lines and claims.csv rows.

    The rows are made where the claims are (a worker) and kept with them in the cache:
    claims.csv and claims.jsonl are then the rows of each article in turn, and a re-run
    does not serialise its cached claims again (36,590 claims of 1,000 synthetic
    articles: 1.4-1.9 s of serialising at the end of every run). An article's rows are
    the rows of the whole file: claims of other articles never sort between them (they
    differ in source or doc_id) and every column of a claim has one type, which pandas
    writes the same way in a file of one article's claims as of all.
    """

    claims: list[Claim]
    jsonl: bytes
    csv: bytes
    """The rows as UTF-8, the way the cache keeps them and the claim files are written."""

    @property
    def sort_key(self) -> tuple[str, str] | None:
        """(source, doc_id) of its claims, the start of their CLAIM_ORDER; None without claims,
        or if they do not share one (they are then sorted with every other claim)."""
        keys = {(claim.source, claim.doc_id) for claim in self.claims}
        return next(iter(keys)) if len(keys) == 1 else None


def article_claims(claims: Iterable[Claim]) -> ArticleClaims:
    ordered = sorted(claims, key=attrgetter(*CLAIM_ORDER))
    jsonl = "".join(map(jsonl_line, ordered)).encode("utf-8")
    return ArticleClaims(ordered, jsonl, records_csv_text(ordered, CLAIM_COLUMNS, header=False).encode("utf-8"))


def write_jsonl(records: Iterable[Any], path: Path) -> int:
    count = 0
    with atomic_open(path) as handle:
        for record in records:
            handle.write(jsonl_line(record))
            count += 1
    return count


def jsonl_line(record: Any) -> str:
    """One record as a line of a JSONL file (keys sorted, so the same record gives the same bytes)."""
    return _encode_json(dict(zip(_JSON_KEYS[type(record)], _JSON_VALUES[type(record)](record)))) + "\n"


_encode_json = json.JSONEncoder(ensure_ascii=False).encode
"""The dict is built with its keys in sorted order, which is what `sort_keys` would write: sorting
each dict again took a third of the time (the lines of 36,590 claims: 1.14 -> 0.73 s, measured;
the encoder is built once, since json.dumps with options builds one per call)."""


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
_JSON_KEYS = {cls: sorted(names + ["chars"] if cls is Article else names) for cls, names in _FIELD_NAMES.items()}
_JSON_VALUES = {cls: attrgetter(*names) for cls, names in _JSON_KEYS.items()}


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
def atomic_open(path: Path, binary: bool = False):
    """Write to a temporary file beside `path`, then rename it into place (UTF-8 text, or bytes if `binary`),
    with the mode any new file of the user's gets (mkstemp's own, 0600, would hide it from colleagues)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            os.fchmod(handle.fileno(), new_file_mode())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def new_file_mode() -> int:
    """The mode `open` gives a new file here: 0o666 less the process's umask."""
    return 0o666 & ~current_umask()


def current_umask() -> int:
    """The process's umask, read from /proc where there is one: setting it to read it back is
    process-wide, and another thread may create a file meanwhile."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
