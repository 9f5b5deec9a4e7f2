"""A person's decisions on facts, kept in `OUT/reviews.sqlite` so that they outlast re-runs.

A decision is keyed by the fact's `fact_id`, a hash of what the fact is (its story, type,
subject and event or measure; never a row number), so a re-run over a grown dump applies it to
the same fact. A fact whose id changed (its story renamed by an article sorting first) is found
again by the claims it shares with the decided one. Each decision remembers the fact's values
and sources as they were: when they differ on a later run the decision is still applied, and
flagged "changed since review". Every decision and change of one is appended to `audit`, which
triggers keep append-only. The file sits beside the outputs, not in the cache: deleting the
cache never loses a decision.

    from datetime import datetime, timezone
    review.decide("out", "e0b472df39830ac5", "accept", value="2026-03-12", by="Ann",
                  note="the fire service's log", at=datetime.now(timezone.utc))
    review.decisions("out")
"""
from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from pipeline import export
from pipeline.errors import PipelineError
from pipeline.records import Fact, from_dict

REVIEWS_FILE = "reviews.sqlite"
FACTS_FILE = "reconciled_claims.csv"
ACTIONS = ("accept", "correct", "not_conflict", "split", "note")
STATUS_OF = {"accept": "accepted", "correct": "corrected", "not_conflict": "not_conflict", "split": "split", "note": "noted"}
CHANGED = "changed since review"
AUDIT_COLUMNS = ["id", "fact_id", "story", "fact", "by", "at", "action", "before", "after", "note"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    fact_id TEXT PRIMARY KEY, story TEXT NOT NULL, fact TEXT NOT NULL, type TEXT NOT NULL,
    status TEXT NOT NULL, value TEXT NOT NULL, note TEXT NOT NULL, by TEXT NOT NULL, at TEXT NOT NULL,
    seen_values TEXT NOT NULL, seen_sources TEXT NOT NULL, claim_ids TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT, fact_id TEXT NOT NULL, story TEXT NOT NULL, fact TEXT NOT NULL,
    by TEXT NOT NULL, at TEXT NOT NULL, action TEXT NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


class ReviewError(PipelineError):
    """A decision that cannot be made: an unknown fact, a value it does not have, a missing note."""


@dataclass(frozen=True)
class Decision:
    """The standing decision on one fact, with what the fact was when it was made."""

    fact_id: str
    story: str
    fact: str
    type: str
    status: str
    value: str
    note: str
    by: str
    at: str
    seen_values: str
    seen_sources: str
    claim_ids: str


def decide(
    out_dir: str | Path, fact_id: str, action: str, *, at: datetime, value: str = "", note: str = "", by: str = "",
) -> Decision:
    """Record `action` (one of ACTIONS) on the fact `fact_id` of the run in `out_dir`; the standing decision.

    "accept" takes one of the fact's values; "correct" another value, with a note saying why;
    "not_conflict" and "split" ("not the same fact") need a note too; "note" adds one, keeping
    the decision standing if there is one. `at` is when, passed in so a test can fix it.
    """
    if action not in ACTIONS:
        raise ReviewError(f"unknown action {action!r}: one of {', '.join(ACTIONS)}")
    fact = _fact_of(Path(out_dir), fact_id)
    offered = [told for told, _ in value_sources(fact["values"])] or [fact["value"]]
    if action == "accept" and value not in offered:
        raise ReviewError(f"{fact_id}: {value!r} is not one of its values ({', '.join(offered)}); use --correct for another")
    if action == "correct" and not value:
        raise ReviewError(f"{fact_id}: --correct needs the value")
    if action in ("correct", "not_conflict", "split", "note") and not note.strip():
        raise ReviewError(f"{fact_id}: this decision needs a note saying why (--note)")
    when = at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    with _connect(Path(out_dir)) as db:
        before = _decision(db, fact_id)
        if action == "note" and before is not None:
            status, value = before.status, before.value
            note = f"{before.note}\n{note}" if before.note else note
        else:
            status = STATUS_OF[action]
        after = Decision(
            fact_id, fact["story"], fact["fact"], fact["type"], status, value if action in ("accept", "correct", "note") else "",
            note, by, when, fact["values"], fact["sources"], fact["claim_ids"],
        )
        db.execute("INSERT OR REPLACE INTO decisions VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", _row(after))
        db.execute(
            "INSERT INTO audit (fact_id, story, fact, by, at, action, before, after, note) VALUES (?,?,?,?,?,?,?,?,?)",
            (fact_id, after.story, after.fact, by, when, action, _summary(before), _summary(after), note),
        )
    return after


def decisions(out_dir: str | Path) -> list[Decision]:
    """Every standing decision in `out_dir`, by story, fact and id."""
    path = Path(out_dir) / REVIEWS_FILE
    if not path.is_file():
        return []
    with _connect(Path(out_dir)) as db:
        rows = db.execute("SELECT * FROM decisions ORDER BY story, fact, fact_id").fetchall()
    return [Decision(*row) for row in rows]


def audit(out_dir: str | Path) -> list[dict[str, object]]:
    """The audit log, oldest first: one entry per decision made or changed."""
    path = Path(out_dir) / REVIEWS_FILE
    if not path.is_file():
        return []
    with _connect(Path(out_dir)) as db:
        rows = db.execute(f"SELECT {', '.join(AUDIT_COLUMNS)} FROM audit ORDER BY id").fetchall()
    return [dict(zip(AUDIT_COLUMNS, row)) for row in rows]


def export_csv(out_dir: str | Path, path: str | Path) -> int:
    """The audit log as CSV (gold for later tuning); the number of entries."""
    entries = audit(out_dir)
    export.write_rows_csv([tuple(entry.values()) for entry in entries], AUDIT_COLUMNS, Path(path))
    return len(entries)


def review_columns(out_dir: str | Path, facts: Iterable[Fact]) -> dict[str, tuple[str, ...]]:
    """fact_id -> the values of export.REVIEW_COLUMNS for each of `facts` that has a decision.

    By fact_id first; a decision whose fact is no longer found so is applied to the fact of the
    same type and name that shares most of its claims, if one does, and flagged as changed.
    """
    standing = decisions(out_dir)
    if not standing:
        return {}
    facts = list(facts)
    by_id = {fact.fact_id: fact for fact in facts}
    found: dict[str, tuple[Decision, Fact]] = {}
    lost = []
    for decision in standing:
        if decision.fact_id in by_id:
            found[decision.fact_id] = (decision, by_id[decision.fact_id])
        else:
            lost.append(decision)
    if lost:
        of_claim = {claim: fact for fact in facts for claim in _split(fact.claim_ids)}
        for decision in lost:
            shared: dict[str, int] = {}
            for claim in _split(decision.claim_ids):
                fact = of_claim.get(claim)
                if fact is not None and fact.type == decision.type and fact.fact == decision.fact:
                    shared[fact.fact_id] = shared.get(fact.fact_id, 0) + 1
            if shared:
                best = min(shared, key=lambda fact_id: (-shared[fact_id], fact_id))
                found.setdefault(best, (decision, by_id[best]))
    columns = {}
    for fact_id, (decision, fact) in found.items():
        changed = (decision.fact_id != fact_id or decision.seen_values != fact.values or decision.seen_sources != fact.sources)
        status = f"{decision.status}; {CHANGED}" if changed else decision.status
        columns[fact_id] = (status, decision.value, decision.by, decision.at, decision.note)
    return columns


def apply_to_csv(out_dir: str | Path, facts_csv: Path, path: Path) -> int:
    """reconciled_claims.csv `facts_csv` again into `path`, its review columns from the decisions
    now in `out_dir` (the other cells as they were); the number of facts with a decision."""
    with Path(facts_csv).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    width = len(header) - len(export.REVIEW_COLUMNS) if header[-len(export.REVIEW_COLUMNS):] == export.REVIEW_COLUMNS else len(header)
    facts = [from_dict(Fact, dict(zip(header, row))) for row in rows]
    reviews = review_columns(out_dir, facts)
    with export.atomic_open(Path(path)) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header[:width] + export.REVIEW_COLUMNS)
        for fact, row in zip(facts, rows):
            writer.writerow(row[:width] + [export.neutralise_cell(v) for v in reviews.get(fact.fact_id, export.NO_REVIEW)])
    return len(reviews)


def value_sources(values: str) -> list[tuple[str, list[str]]]:
    """"2026-03-12 [a, b] | 2026-03-13 [c]" -> [("2026-03-12", ["a", "b"]), ("2026-03-13", ["c"])]."""
    found = []
    for part in values.split(" | ") if values else []:
        told, bracket, sources = part.rpartition(" [")
        if not bracket or not sources.endswith("]"):
            found.append((part, []))
        else:
            found.append((told, [s.strip() for s in sources[:-1].split(",") if s.strip()]))
    return found


def _fact_of(out: Path, fact_id: str) -> dict[str, str]:
    path = out / FACTS_FILE
    if not path.is_file():
        raise ReviewError(f"{path}: no such file (run the pipeline into {out} first)")
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["fact_id"] == fact_id:
                return row
    raise ReviewError(f"{out}: no fact {fact_id!r} in {FACTS_FILE}")


def _connect(out: Path) -> "_Closing":
    """The reviews database in `out`, made if missing; used as `with`, it commits or rolls back."""
    try:
        db = sqlite3.connect(out / REVIEWS_FILE)
        db.executescript(SCHEMA)
    except sqlite3.Error as exc:
        raise ReviewError(f"{out / REVIEWS_FILE}: cannot open the reviews: {exc}") from exc
    return _Closing(db)


class _Closing:
    """A connection that commits (or rolls back) and closes at the end of a `with` block."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, kind, *rest) -> None:
        try:
            if kind is None:
                self.db.commit()
            else:
                self.db.rollback()
        finally:
            self.db.close()


def _decision(db: sqlite3.Connection, fact_id: str) -> Decision | None:
    row = db.execute("SELECT * FROM decisions WHERE fact_id = ?", (fact_id,)).fetchone()
    return Decision(*row) if row else None


def _row(decision: Decision) -> tuple:
    return tuple(decision.__dict__[name] for name in Decision.__dataclass_fields__)


def _summary(decision: Decision | None) -> str:
    """A decision as one JSON object for the audit log ("" before the first)."""
    if decision is None:
        return ""
    return json.dumps({"status": decision.status, "value": decision.value, "note": decision.note, "by": decision.by},
                      ensure_ascii=False, sort_keys=True)


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]

