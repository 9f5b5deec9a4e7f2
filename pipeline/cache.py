"""A cache of what a run has read, extracted and grouped, so a re-run redoes only what changed.

Three tables, each made again when it was written by another version of what fills it:

- `pages`: the records read from each saved page (HTML or text), keyed by
  `page_key` (the file's path and bytes, and for a text dump the site chrome it
  shares with the rest of the dump), for one `ingest_version` (the ingest stage's
  version, its libraries' and settings): a re-run does not clean a page again.
- `article_claims`: the claims of each article and their rows in the claim files (made by
  export.py), keyed by `article_key` (the article as extraction sees it: text and
  metadata, so a changed text or date is a new entry), for one `pipeline_version`
  (the package's and the extract stage's versions, spaCy model, the settings extraction reads).
- `story_facts`: the facts of each story and their rows in reconciled_claims.csv, keyed by everything they are made of
  (the story's claims, the full name given to each name they use, the labels shown), for one `reconcile_version`.

The versions are made of declared versions only (packages, the model, each stage's
`STAGE_VERSION`, `CACHE_FORMAT`) and the fields of the records kept: editing the code
keeps every cache, and a change of a stage's output bumps its `STAGE_VERSION`.

The store is SQLite, through the standard library: one
file, transactional (a run killed mid-write leaves the cache as it was after
the last committed batch), lookups by primary key are what it is built for,
and readers may open it while a run writes (WAL journal). Values are stored in
JSON, which round-trips every value exactly, and rows of the output files as their
bytes, compressed with Zstandard (with a checksum each, so a damaged blob is an error,
not a changed file). A page file edited while a run reads it may be kept under the key
of its earlier bytes: do not edit a dump during a run.
"""
from __future__ import annotations

import base64
import dataclasses
import hashlib
import importlib
import importlib.metadata
import json
import logging
import sqlite3
from collections.abc import Iterable
from itertools import accumulate
from operator import attrgetter, itemgetter
from pathlib import Path

import zstandard

from pipeline.errors import InputError, ModelError
from pipeline.export import ArticleClaims, fact_lines, flat_dict
from pipeline.ingest import Signed
from pipeline.ingest.decode import decode, read_limited
from pipeline.ingest.discover import InputFile
from pipeline.ingest.text import chrome_on_page
from pipeline.outputs import PACKAGE
from pipeline.records import Article, Claim, Fact, Rejection
from pipeline.settings import Settings, model_folder, pick_model_name

CACHE_FILE = Path(".cache") / "cache.sqlite"
"""Where the cache (claims per article, records per page file) lives, relative to the output folder."""
NOT_SEEN_BY_EXTRACTION = ("source",)
"""Article fields left out of its key: where the file was found (claims carry the label,
not the path), so moving a dump or naming it by another path keeps its cache."""
SETTINGS_NOT_READ_BY_EXTRACTION = ("max_bytes", "min_text_chars", "min_brief_chars", "near_duplicate_threshold", "batch_size", "jobs", "match_threshold")
"""Settings that cannot change the claims of a given article (ingest settings change the
article itself, and so its key). Any other setting, new ones included, is part of the version."""
CACHE_FORMAT = 1
"""How the cache keeps its values, with the rows of the output files (export.py): bumped when either changes."""
MODEL_IDENTITY = ("lang", "name", "version", "components")
LOOKUP_CHUNK = 500
"""Keys per SELECT (SQLite allows 999 bound parameters in old builds)."""

log = logging.getLogger(__name__)


def article_key(article: Article) -> str:
    """A hash of everything about the article that extraction can read."""
    fields = {k: v for k, v in flat_dict(article).items() if k not in NOT_SEEN_BY_EXTRACTION}
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


INGEST_PACKAGES = (
    "trafilatura", "htmldate", "justext", "courlan", "py3langid", "lxml", "lxml_html_clean", "charset-normalizer",
)
SETTINGS_NOT_READ_BY_INGEST = ("model", "fast_components", "batch_size", "jobs", "match_threshold", "near_duplicate_threshold")
"""Near-duplicates are marked after the cache, over the whole dump."""
PAGE_FORMATS = ("html", "txt")
"""Formats with one page per file. JSONL and WARC files hold many records each and are read
quickly: they are not cached."""


def ingest_version(settings: Settings) -> str:
    """A hash of what, besides a page file, decides its records."""
    digest = hashlib.sha256()
    for name in (PACKAGE, *INGEST_PACKAGES):
        digest.update(_package_version(name).encode("utf-8") + b"\0")
    ingest_settings = {k: v for k, v in dataclasses.asdict(settings).items() if k not in SETTINGS_NOT_READ_BY_INGEST}
    digest.update(json.dumps(ingest_settings, sort_keys=True, default=str).encode("utf-8") + b"\0")
    _declare(digest, "ingest", Article, Rejection)
    return digest.hexdigest()


def page_key(file: InputFile, settings: Settings, repeated: frozenset[int]) -> str | None:
    """The key of a page file's records, or None for a file the cache does not keep.

    A text dump's lines repeated across the dump are its site chrome and are
    dropped, so the key holds the repeated lines this page has: a page stays
    cached while the rest of the dump changes, unless what counts as chrome on
    it changes.
    """
    if file.format not in PAGE_FORMATS:
        return None
    try:
        if file.path.stat().st_size > settings.max_bytes:
            return None
        raw = file.path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256()
    digest.update(f"{file.format}\0{file.gzipped}\0{file.origin.source}\0{file.origin.label}\0".encode("utf-8"))
    digest.update(raw)
    if file.format == "txt":
        try:
            text = decode(read_limited(file.path, settings.max_bytes, file.gzipped))
        except InputError:
            return None
        digest.update(b"\0" + json.dumps(chrome_on_page(text, repeated)).encode("ascii"))
    return digest.hexdigest()


def pipeline_version(settings: Settings, nlp=None) -> str:
    """A hash of what, besides the article, decides its claims.

    `nlp`, when the caller loaded the model itself, is described by its meta;
    otherwise the model `settings.model` names is, without loading it.
    """
    digest = hashlib.sha256()
    for part in (*map(_package_version, (PACKAGE, "spacy", "thinc", "blis", "numpy", "pandas")), _model_identity(settings.model, nlp)):
        digest.update(part.encode("utf-8") + b"\0")
    extraction_settings = {
        k: v for k, v in dataclasses.asdict(settings).items() if k not in SETTINGS_NOT_READ_BY_EXTRACTION
    }
    extraction_settings.pop("model", None)
    digest.update(json.dumps(extraction_settings, sort_keys=True, default=str).encode("utf-8") + b"\0")
    _declare(digest, "extract", Claim)
    return digest.hexdigest()


RECONCILE_PACKAGES = ("rapidfuzz", "numpy", "justext")


def reconcile_version(settings: Settings, nlp=None) -> str:
    """A hash of what, besides a story's claims, decides its facts (the extraction version too,
    which costs nothing: a new one makes new claims anyway)."""
    digest = hashlib.sha256(pipeline_version(settings, nlp).encode("ascii"))
    for name in RECONCILE_PACKAGES:
        digest.update(_package_version(name).encode("utf-8") + b"\0")
    digest.update(repr(settings.match_threshold).encode("ascii"))
    _declare(digest, "reconcile", Fact)
    return digest.hexdigest()


def _declare(digest, stage: str, *records: type) -> None:
    """The stage's STAGE_VERSION, the cache's format, and the fields of the records kept (kept as
    rows of their values in field order)."""
    version = importlib.import_module(f"pipeline.{stage}").STAGE_VERSION
    fields = [[field.name for field in dataclasses.fields(record)] for record in records]
    digest.update(json.dumps([stage, version, CACHE_FORMAT, fields]).encode("utf-8") + b"\0")


class SqliteCache:
    """Values per key in one table of a SQLite file, for one version of what made them.

    A value is stored as one or more compressed blobs (`COLUMNS`); `encode` and `decode`
    turn it into those blobs and back. The table is made again when another version
    wrote it, so a new version may also store its values differently.

    Blobs are compressed with Zstandard (level 3), not zlib: on the cached claims of 2,000
    synthetic articles (110 MB), zlib took 1.18 s to compress and 0.30 s to decompress, Zstandard
    0.24 s and 0.10 s, for 8% more bytes; a re-run of 10,100 articles decompresses half a GB of
    claim rows, and a first run's process compresses them while the workers extract.

    The run uses its caches from its main thread only (their compressors, like SQLite's
    connection, are not shared between threads).

    A damaged entry (a blob that does not decompress or decode, a row SQLite cannot read) is
    dropped and so made again, with one warning per table and run; if the file itself fails
    mid-run, the run goes on without it. Neither ends the run: the cache only saves time.
    """

    TABLE = ""
    KEY = ""
    COLUMNS: tuple[str, ...] = ()
    COMPRESSION_LEVEL = 3

    def __init__(self, path: str | Path, version: str) -> None:
        self._compress = zstandard.ZstdCompressor(level=self.COMPRESSION_LEVEL, write_checksum=True).compress
        self._decompress = zstandard.ZstdDecompressor().decompress
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._warned = self._failed = False
        try:
            self._db = sqlite3.connect(self.path)
            self._db.execute("PRAGMA journal_mode=WAL")
            # A commit per batch: WAL with synchronous=NORMAL survives a crash of the run, without an fsync each time.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
            version_name = f"{self.TABLE} version"
            stored = self._db.execute("SELECT value FROM meta WHERE name = ?", (version_name,)).fetchone()
            if stored is None or stored[0] != version:
                with self._db:
                    self._db.execute(f"DROP TABLE IF EXISTS {self.TABLE}")
                    self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (version_name, version))
            columns = ", ".join(f"{column} BLOB NOT NULL" for column in self.COLUMNS)
            self._db.execute(f"CREATE TABLE IF NOT EXISTS {self.TABLE} ({self.KEY} TEXT PRIMARY KEY, {columns})")
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{self.path}: cannot use as a cache: {exc} (delete it, or run with --no-cache)") from exc

    def lookup(self, keys: Iterable[str]) -> dict:
        """The cached values of those keys that are in the cache (and not damaged)."""
        keys = list(keys)
        found: dict = {}
        for start in range(0, len(keys), LOOKUP_CHUNK):
            if self._failed:
                break
            chunk = keys[start : start + LOOKUP_CHUNK]
            try:
                rows = self._select(chunk)
            except sqlite3.DatabaseError:
                rows = [row for key in chunk for row in self._select_one(key)]
            for key, *blobs in rows:
                try:
                    found[key] = self.decode(list(map(self._decompress, blobs)))
                except Exception as exc:  # noqa: BLE001 - whatever damaged bytes raise, the entry is made again
                    self._drop(key, exc)
        return found

    def _select(self, keys: list[str]) -> list[tuple]:
        marks = ",".join("?" * len(keys))
        query = f"SELECT {self.KEY}, {', '.join(self.COLUMNS)} FROM {self.TABLE} WHERE {self.KEY} IN ({marks})"
        return self._db.execute(query, keys).fetchall()

    def _select_one(self, key: str) -> list[tuple]:
        """The row of `key`, read alone after a chunk of rows failed: only the damaged ones are lost."""
        try:
            return self._select([key])
        except sqlite3.DatabaseError as exc:
            self._drop(key, exc)
            return []

    def _drop(self, key: str, exc: Exception) -> None:
        if not self._warned:
            self._warned = True
            log.warning("%s: a damaged cache entry dropped and made again (%s: %s)", self.path, type(exc).__name__, _one_line(exc))
        try:
            with self._db:
                self._db.execute(f"DELETE FROM {self.TABLE} WHERE {self.KEY} = ?", (key,))
        except sqlite3.DatabaseError as error:
            self._fail(error)

    def _fail(self, exc: sqlite3.DatabaseError) -> None:
        """Go on without the file: it fails beyond single entries."""
        if not self._failed:
            self._failed = True
            log.warning("%s: cache file damaged (%s); the run goes on without it (delete it, or run with --no-cache)", self.path, _one_line(exc))

    def store(self, entries: Iterable[tuple[str, object]]) -> None:
        """Add some entries, in one transaction."""
        rows = [(key, *map(self._compress, self.encode(value))) for key, value in entries]
        if self._failed:  # encoded even so: a FactCache keeps the rows it makes, for the facts file
            return
        marks = ", ".join("?" * (len(self.COLUMNS) + 1))
        try:
            with self._db:
                self._db.executemany(f"INSERT OR REPLACE INTO {self.TABLE} VALUES ({marks})", rows)
        except sqlite3.DatabaseError as exc:
            self._fail(exc)

    def encode(self, value) -> list[bytes]:
        raise NotImplementedError

    def decode(self, blobs: list[bytes]) -> object:
        raise NotImplementedError

    def __len__(self) -> int:
        return self._db.execute(f"SELECT COUNT(*) FROM {self.TABLE}").fetchone()[0]

    def close(self) -> None:
        self._db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _one_line(exc: Exception, limit: int = 200) -> str:
    return " ".join(str(exc).split())[:limit]


def _json_bytes(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


class ClaimCache(SqliteCache):
    """The claims of each article with their rows in the claim files (`export.ArticleClaims`),
    per article key (`article_key`), for one `pipeline_version`.

    An article's claims are kept as the distinct values of their text fields and, per claim,
    the index of each of its texts among them followed by its other fields: its claims repeat
    their sentence, label, date and names, so a re-run decodes each text once and shares it,
    through `shared`, with every claim of the run that has it (the run passes its
    `SharedStrings` pool, for the memory that saves; without one, the claims of an article
    share their texts with each other only). Measured on the 36,261 claims of 1,000 synthetic
    articles, eight rounds: decoding them as rows of all their fields in order, then sharing
    their texts, took 0.26-0.50 s; 0.17-0.31 s this way (same claims).
    """

    TABLE, KEY, COLUMNS = "article_claims", "article", ("claims", "jsonl", "csv")

    def __init__(self, path: str | Path, version: str, shared: dict[str, str] | None = None) -> None:
        super().__init__(path, version)
        self.shared = shared

    def encode(self, value: ArticleClaims) -> list[bytes]:
        index: dict[str, int] = {}
        rows = [
            [index.setdefault(text, len(index)) for text in _claim_texts(claim)] + list(_claim_others(claim))
            for claim in value.claims
        ]
        return [_json_bytes([list(index), rows]), value.jsonl, value.csv]

    def decode(self, blobs: list[bytes]) -> ArticleClaims:
        table, rows = json.loads(blobs[0])
        shared = self.shared if self.shared is not None else {}
        text_at = [shared.setdefault(text, text) for text in table].__getitem__
        texts = len(CLAIM_TEXT_FIELDS)
        claims = [Claim(*_in_field_order([*map(text_at, row[:texts]), *row[texts:]])) for row in rows]
        _, jsonl, csv = blobs
        return ArticleClaims(claims, jsonl, csv)


CLAIM_FIELDS = tuple(field.name for field in dataclasses.fields(Claim))
CLAIM_TEXT_FIELDS = tuple(
    field.name for field in dataclasses.fields(Claim) if field.type in (str, "str") and field.name != "claim_id"
)
"""The fields of a claim that other claims repeat (all its texts but its id). They hold str (the
extractors make nothing else): the cache keeps one copy of each distinct value, so values that
are equal but of other types (1 and True) would come back as one of them."""
CLAIM_OTHER_FIELDS = tuple(name for name in CLAIM_FIELDS if name not in CLAIM_TEXT_FIELDS)
_claim_texts, _claim_others = attrgetter(*CLAIM_TEXT_FIELDS), attrgetter(*CLAIM_OTHER_FIELDS)
_in_field_order = itemgetter(*((*CLAIM_TEXT_FIELDS, *CLAIM_OTHER_FIELDS).index(name) for name in CLAIM_FIELDS))



def shared_claim(claim: Claim, pool: dict[str, str]) -> Claim:
    """An equal claim whose texts are the copies in `pool` (each text not yet there is added)."""
    return Claim(*_in_field_order([*(pool.setdefault(text, text) for text in _claim_texts(claim)), *_claim_others(claim)]))

class PageCache(SqliteCache):
    """The records read from a page file, with their texts' MinHash signatures, per `page_key`,
    for one `ingest_version`.

    Reading a saved HTML page costs two trafilatura passes and a language guess
    (about 12 ms), and a signature about 1 ms; a re-run of a grown dump finds the
    pages it has read before here.
    """

    TABLE, KEY, COLUMNS = "pages", "page", ("records",)

    def encode(self, records: list[Signed]) -> list[bytes]:
        return [_json_bytes([
            {
                "kind": type(r).__name__,
                "minhash": None if signature is None else base64.b64encode(signature).decode("ascii"),
                **{f.name: getattr(r, f.name) for f in dataclasses.fields(r)},
            }
            for r, signature in records
        ])]

    def decode(self, blobs: list[bytes]) -> list[Signed]:
        kinds = {"Article": Article, "Rejection": Rejection}
        answer = []
        for row in json.loads(blobs[0]):
            kind, signature = row.pop("kind"), row.pop("minhash")
            answer.append((kinds[kind](**row), None if signature is None else base64.b64decode(signature)))
        return answer


class FactCache(SqliteCache):
    """The facts of each story with their rows of reconciled_claims.csv (`export.fact_lines`),
    per story key (`ClaimLedger.facts_keys`), for one `reconcile_version`. The rows of the facts
    looked up or stored are kept (with the facts) for `row_of` as long as this object, closed
    or not: the run writes the facts file after closing the cache.

    A story's facts are kept as rows of their fields in order (half the size of named fields,
    and faster to read back; the fields are part of the version, so the order is the one they
    were written in) with the length in bytes of each row of the file, and the rows of the file
    as their bytes one after the other. Reading back the 112,319 facts of 10,000 synthetic
    articles took 1.00-1.19 s with the rows of the file as a JSON list of texts (and zlib),
    0.70-0.80 s this way (and Zstandard)."""

    TABLE, KEY, COLUMNS = "story_facts", "story", ("facts", "csv")

    def __init__(self, path: str | Path, version: str) -> None:
        super().__init__(path, version)
        self._made: dict[int, tuple[Fact, bytes]] = {}

    def row_of(self, fact: Fact) -> bytes | None:
        """The row of a fact this cache gave or was given, else None (for `export.write_facts_csv`)."""
        found = self._made.get(id(fact))
        return found[1] if found is not None and found[0] is fact else None

    def encode(self, facts: list[Fact]) -> list[bytes]:
        lines = fact_lines(facts)
        self._made.update((id(fact), (fact, line)) for fact, line in zip(facts, lines))
        return [_json_bytes([list(map(_fact_values, facts)), list(map(len, lines))]), b"".join(lines)]

    def decode(self, blobs: list[bytes]) -> list[Fact]:
        rows, lengths = json.loads(blobs[0])
        ends = list(accumulate(lengths))
        lines = [blobs[1][end - length:end] for end, length in zip(ends, lengths)]
        facts = [Fact(*row) for row in rows]
        self._made.update((id(fact), (fact, line)) for fact, line in zip(facts, lines))
        return facts


FACT_FIELDS = tuple(field.name for field in dataclasses.fields(Fact))
_fact_values = attrgetter(*FACT_FIELDS)


class NoCache:
    """The cache of --no-cache: nothing is found, nothing is kept, no file is made."""

    def lookup(self, keys: Iterable[str]) -> dict:
        return {}

    def store(self, entries: Iterable[tuple[str, object]]) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> "NoCache":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _package_version(name: str) -> str:
    try:
        return f"{name}=={importlib.metadata.version(name)}"
    except importlib.metadata.PackageNotFoundError:
        return f"{name}==?"


ADDED_COMPONENTS = frozenset({"paragraph_breaks"})


def _model_identity(name: str, nlp=None) -> str:
    """The model's language, name, version and components, from `nlp` or from its meta.json."""
    if nlp is not None:  # as saved: the components this package adds are not the model's
        meta = {key: [c for c in value if c not in ADDED_COMPONENTS] if key in ("pipeline", "components") else value
                for key, value in nlp.meta.items()}
    else:
        meta = _model_meta(name)
    return json.dumps({key: meta.get(key) for key in MODEL_IDENTITY}, sort_keys=True)


def _model_meta(name: str) -> dict:
    """meta.json of an installed model package or a model folder, read without importing spaCy
    (a parent process that only hands work to workers never needs it)."""
    try:
        resolved = pick_model_name(name)
    except ModelError:
        resolved = ""
    folder = model_folder(resolved)
    if folder is None:
        return {"name": resolved}
    try:
        return json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {"name": resolved}
