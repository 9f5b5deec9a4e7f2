"""The plain records that cross stage boundaries.

paths -> Article | Rejection  (ingest)
Article -> Claim              (extract)
Claim -> Fact                 (reconcile)

Records are frozen dataclasses of plain values (str, int, float, bool) so that
they serialise to JSONL and CSV without custom encoders and compare by value.
Empty text is "" rather than None: one spelling of "absent" in every output.
Identifiers are hashes of content, never of position, so that the same input
gives the same ids whatever order the files are read in.
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import Any, TypeVar

OK = "ok"
REJECTED = "rejected"


def content_id(*parts: object, length: int = 16) -> str:
    """A short stable id from the given parts (joined with a unit separator)."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:length]


@dataclass(frozen=True)
class Article:
    """One article read from a dump, with its clean main text and metadata.

    `source` says where it came from (a path, plus `:LINE` or `#N` inside
    a container); `label` is the short name used in the reconciled table
    (the file stem, plus the locator for container items; for a file named
    by a hash, `outlet/short-title`).
    `published` is an ISO date (YYYY-MM-DD) or "" when the page gives none;
    `published_from` says how it was found (metadata, byline, field, url);
    `updated` is a later date the page gives as its update, or "".
    `duplicate_of` holds the doc_id of the first copy of a syndicated text.
    """

    doc_id: str
    source: str
    label: str
    text: str
    format: str = ""
    title: str = ""
    outlet: str = ""
    author: str = ""
    url: str = ""
    published: str = ""
    published_from: str = ""
    updated: str = ""
    language: str = ""
    duplicate_of: str = ""
    status: str = OK
    reason: str = ""

    @property
    def chars(self) -> int:
        return len(self.text)


MAX_REASON_CHARS = 300


def one_line(text: str, limit: int = MAX_REASON_CHARS) -> str:
    """`text` as one line of at most `limit` characters: a reason goes into one CSV cell and one
    line of stderr, whatever a library put in its message (line breaks, a whole "first line")."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


@dataclass(frozen=True)
class Rejection:
    """An input item that could not become an article, and why."""

    source: str
    label: str
    reason: str
    format: str = ""
    doc_id: str = ""
    status: str = REJECTED


@dataclass(frozen=True)
class Claim:
    """One checkable statement of an article, with its evidence.

    `text[char_start:char_end] == surface` in the article's clean text.
    `type` is one of event_date, quote, number, assertion, location;
    `detail` refines it (quote: direct/reported; event_date: the precision,
    day/week/month/season/year/decade/century/time, or unresolved;
    number: money/percent/count/duration).
    `value` is normalised (ISO date or partial date, number, quote text, place);
    `value_high` is the upper end of a range ("60%-90%").
    `entities` lists the canonical names the claim involves, sorted, joined
    with "; " (used to block candidate pairs in reconcile).
    `attribution_kind` is writer, direct_quote, indirect_quote or relayed_report;
    `attribution` is the chain of who the claim comes from, outermost first,
    joined with " > " ("Benzinga > Elon Musk").
    `resolved_from` and `anchor` say how a date was derived and from what.
    The doc-level fields `source`, `published` and `duplicate_of` travel with
    each claim so that reconciliation can run on claims.jsonl alone.
    """

    claim_id: str
    doc_id: str
    type: str
    surface: str
    char_start: int
    char_end: int
    sentence: str = ""
    detail: str = ""
    subject: str = ""
    predicate: str = ""
    object: str = ""
    entities: str = ""
    value: str = ""
    value_high: str = ""
    unit: str = ""
    approximate: bool = False
    speaker: str = ""
    cue: str = ""
    attribution: str = ""
    attribution_kind: str = "writer"
    hedge: str = ""
    negated: bool = False
    resolved_from: str = ""
    anchor: str = ""
    reason: str = ""
    confidence: float = 1.0
    source: str = ""
    published: str = ""
    duplicate_of: str = ""


@dataclass(frozen=True)
class Fact:
    """One fact as the sources tell it, after lining up their claims."""

    fact_id: str
    fact: str
    type: str
    subject: str
    predicate: str
    status: str
    story: str = ""
    """The story the fact belongs to, named by the label of its first article."""
    conflict_kind: str = ""
    value: str = ""
    values: str = ""
    n_sources: int = 0
    sources: str = ""
    claim_ids: str = ""
    intra_source_conflict: str = ""
    unresolved_mentions: str = ""
    bounds: str = ""
    confidence: float = 0.0
    rationale: str = ""


READING_RANK = {"conflict": 0, "agreed": 1, "unresolved": 2, "single_source": 3}
"""Which facts a reader works through first: conflicts, then facts two or more sources agree on."""


def reading_order(fact: Fact) -> tuple:
    """Conflicts first, then agreed facts (most sources first), facts told but undated, single-source
    facts; within each, by story, type and name."""
    sources = fact.n_sources if isinstance(fact.n_sources, (int, float)) else 0
    return (READING_RANK.get(fact.status, 4), -sources, str(fact.story), str(fact.type), str(fact.fact), str(fact.fact_id))


Record = TypeVar("Record", Article, Rejection, Claim, Fact)


def make_claim_id(doc_id: str, type_: str, char_start: int, char_end: int, value: str) -> str:
    """Claim ids hash the article, kind, evidence span and value: stable across runs."""
    return content_id(doc_id, type_, char_start, char_end, value)


def to_dict(record: Any) -> dict[str, Any]:
    row = dataclasses.asdict(record)
    if isinstance(record, Article):
        row["chars"] = record.chars
    return row


def from_dict(cls: type[Record], row: dict[str, Any]) -> Record:
    """Build a record from a dict, ignoring keys the record does not have."""
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in row.items() if k in names})


def field_names(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]
