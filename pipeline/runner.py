"""The whole job: ingest -> extract -> reconcile -> tables (and files), streamed.

    discover -> read (workers; here until one has started) -> mark duplicates (here, in input order)
             -> articles.jsonl spool + one small row per item
             -> batches of extractable articles -> claims cache -> extract (workers)
             -> claims (kept) -> reconcile -> CSV / JSONL

Article texts are never all in memory: each article is appended to a spool
file as it is read and leaves memory once its batch is extracted; only the
claims and the articles.csv rows (no text) are kept for reconciliation. The
spool is copied into articles.jsonl in (source, doc_id) order at the end, and
`Result.texts` reads texts back from that file on demand.

Work runs on an engine (`pipeline.engines`): this process, a local process
pool, or Dask. Results come back in input order and duplicates are marked
here, sequentially, so every engine and every number of jobs writes the same
bytes.
"""
from __future__ import annotations

import dataclasses
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import IO, TYPE_CHECKING

from pipeline import export
from pipeline.outputs import OutputSet
from pipeline.cache import (
    CACHE_FILE, ClaimCache, FactCache, NoCache, PageCache, article_key, ingest_version, page_key,
    pipeline_version, reconcile_version, shared_claim,
)
from pipeline.engines import TASKS_IN_FLIGHT_PER_WORKER, WORKER_MODULES, Engine, engine_map, map_in_order, open_engine
from pipeline.errors import SettingsError
from pipeline.ingest import Signed, discover_inputs, dump_chrome, mark_signed_duplicates, read_item, signed
from pipeline.ingest.discover import InputFile
from pipeline.records import Article, Claim, Fact, Rejection
from pipeline.settings import Settings

if TYPE_CHECKING:
    import pandas as pd

TASK_FILES = 8
TASK_BYTES = 4_000_000
"""A read task holds up to 8 files or 4 MB: enough to make the cost of sending it to a
worker negligible next to parsing, small enough to spread a dump over the workers."""
READ_IN_PARENT_BYTES = 16_000_000
"""JSON Lines and WARC files larger than this are read record by record here rather than
in one worker task, so that a container of a million articles never sits in memory whole."""
READER_MODULES = (__name__, "pipeline.ingest.html", "pipeline.ingest.jsonl", "pipeline.ingest.warc")
"""What it imports for a run that only reads: the tasks and the readers."""


@dataclass
class RunStats:
    """What a run did; `extracted` counts articles whose claims were computed, `cached` those read back."""

    items: int = 0
    rejected: int = 0
    extracted: int = 0
    cached: int = 0
    claims: int = 0
    facts: int = 0


@dataclass
class Result:
    """The three tables of a run, plus the article texts for highlighting evidence.

    The tables are pandas DataFrames built from the records when first asked for: a
    batch run writes its CSV files without them (and without importing pandas), and a
    notebook gets the same tables.
    """

    article_rows: list[tuple]
    """One row per input item (`export.article_row`, in ARTICLE_COLUMNS order), sorted by source, then doc_id."""
    claim_records: list[Claim]
    fact_records: list[Fact]
    texts: Mapping[str, str] = field(default_factory=dict)
    stats: RunStats = field(default_factory=RunStats)

    @cached_property
    def articles(self) -> pd.DataFrame:
        return export.articles_table(self.article_rows)

    @cached_property
    def claims(self) -> pd.DataFrame:
        return export.claims_frame(self.claim_records)

    @cached_property
    def facts(self) -> pd.DataFrame:
        return export.facts_frame(self.fact_records)

    @property
    def rejected(self) -> pd.DataFrame:
        return self.articles[self.articles["status"] == "rejected"]

    @property
    def rejections(self) -> list[tuple[str, str]]:
        """(source, reason) of each rejected input item, in the order of the articles table."""
        status, source, reason = (export.ARTICLE_COLUMNS.index(name) for name in ("status", "source", "reason"))
        return [(row[source], row[reason]) for row in self.article_rows if row[status] == "rejected"]


def run(
    inputs: Iterable[str | Path],
    settings: Settings | None = None,
    out_dir: str | Path | None = None,
    nlp=None,
    *,
    cache: bool | str | Path = True,
    engine: str = "local",
    scheduler: str = "",
    progress: bool = False,
    wait: bool = False,
) -> Result:
    """Run every stage on `inputs` (files or folders); write the outputs to `out_dir` if given.

    `settings.jobs` workers read and extract (this process reads until one has started; with
    one job, all in this process, where a loaded `nlp` may be passed). `cache`: True keeps claims in
    `out_dir/.cache/cache.sqlite` with the pages read and the facts of each story (no cache without
    `out_dir`), a path keeps them there, False neither reads nor writes one. `engine` is "local" or
    "dask" (`scheduler`: the address of a running cluster). `progress` shows a
    bar on stderr when it is a terminal. The files are written as a set (`pipeline.outputs`): while
    another run writes into `out_dir`, this one raises OutputBusy, or waits for it if `wait`.
    """
    inputs = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    settings = settings or Settings()
    out = Path(out_dir) if out_dir is not None else None
    if nlp is not None and (engine != "local" or settings.jobs != 1):
        raise SettingsError("a loaded nlp can only be passed with the local engine and jobs=1 (workers load their own)")
    stats = RunStats()
    with (
        # The folder's lock first: a second run into it stops before starting any worker.
        OutputSet(out, "run", wait=wait) if out is not None else nullcontext() as outputs,
        # Then the engine: local workers take seconds to start (imports, model), and the
        # cache's versions, the folder walk and the first lookups can happen meanwhile (a Dask
        # cluster is started before the engine returns, so there it changes nothing). The price:
        # a cache that cannot be opened is reported once the workers have started.
        open_engine(
            engine, settings.jobs, scheduler=scheduler, preload=WORKER_MODULES, warm_up=partial(warm_up_worker, settings.model, settings.fast_components),
        ) as workers,
        _open_cache(cache, out, settings, nlp) as store,
        _open_page_cache(cache, out, settings) as pages,
        _progress_bar(progress) as bar,
        ClaimSpool(outputs.staging) if out is not None else nullcontext() as claim_rows,
        ThreadPoolExecutor(max_workers=1) as writer,
    ):
        spool = ArticleSpool(outputs.staging if out is not None else None)
        try:
            records = read_in_order(workers, discover_inputs(inputs), settings, pages)
            sink = _ArticleSink(spool, stats, bar)
            # The claims, with what reconciliation reads of each, gathered while the workers extract
            # (imported here: the workers' fork server need not import reconciliation before they start).
            from pipeline.reconcile.ledger import ClaimLedger

            ledger = ClaimLedger()
            claims: list[Claim] = ledger.claims
            batches = sink.batches(records, settings)
            for batch in extract_in_order(workers, batches, settings, store, stats, bar, nlp, rows=claim_rows is not None):
                for found_claims in batch:
                    # The claims' lines hash to the story keys, made only for the cache.
                    ledger.add(found_claims.claims, None if isinstance(store, NoCache) else found_claims.jsonl)
                    if claim_rows is not None:
                        claim_rows.add(found_claims)
            texts = spool.write_sorted(outputs.path("articles.jsonl"), out / "articles.jsonl") if out is not None else spool.texts()
        finally:
            if out is not None:
                spool.close()
        # The claim files are copied from the spool while this process reconciles, and finished
        # once the other files are: if this fails, none of the set is put in place.
        written: Future[bool] = Future()
        claim_files = writer.submit(claim_rows.write, outputs.staging, claims, written) if claim_rows is not None else None
        from pipeline.reconcile import reconcile

        try:
            with _open_fact_cache(cache, out, settings, nlp) as story_facts:
                memo = None if isinstance(story_facts, NoCache) else story_facts
                facts: list[Fact] = list(reconcile(claims, settings, memo, None if workers.in_process else partial(engine_map, workers), ledger))
            stats.facts = len(facts)
            result = Result(
                article_rows=export.sorted_article_rows(sink.rows),
                claim_records=claims,
                fact_records=facts,
                texts=texts,
                stats=stats,
            )
            if out is not None:
                export.write_rows_csv(result.article_rows, export.ARTICLE_COLUMNS, outputs.path("articles.csv"))
                from pipeline import review  # the export side's modules, imported by a run that writes files

                reviews = review.review_columns(out, facts)
                export.write_facts_csv(facts, outputs.path("reconciled_claims.csv"), getattr(story_facts, "row_of", None), reviews)
        except BaseException:
            written.set_result(False)
            raise
        written.set_result(True)
        if claim_files is not None:
            claim_files.result()
        if out is not None:
            from pipeline import report

            report.write_report(outputs.staging, outputs.path(report.REPORT_FILE))
            outputs.commit(run_details(inputs, settings, stats))
    return result


def run_details(inputs: list[str | Path], settings: Settings, stats: RunStats, stages: str = "run") -> dict:
    """What the manifest of a run (or of the ingest stage alone) says besides its files: what it
    read, with which settings (those that decide the outputs: not the number of jobs), what it found."""
    counts = {"articles": stats.items - stats.rejected, "rejected": stats.rejected}
    if stages == "run":
        counts.update(claims=stats.claims, facts=stats.facts)
    return {
        "inputs": [str(path) for path in inputs],
        "settings": {name: value for name, value in dataclasses.asdict(settings).items() if name != "jobs"},
        "counts": counts,
    }


def ingest_to(
    inputs: Iterable[str | Path], settings: Settings, out_dir: str | Path, *, engine: str = "local",
    scheduler: str = "", progress: bool = False, wait: bool = False,
) -> tuple[pd.DataFrame, RunStats]:
    """The ingest stage alone, streamed: articles.jsonl and articles.csv in `out_dir`, as a set (see `run`)."""
    inputs = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    stats = RunStats()
    with (
        OutputSet(Path(out_dir), "ingest", wait=wait) as outputs,
        open_engine(engine, settings.jobs, scheduler=scheduler, preload=READER_MODULES) as workers,
        _progress_bar(progress) as bar,
    ):
        spool = ArticleSpool(outputs.staging)
        try:
            sink = _ArticleSink(spool, stats, bar)
            sink.drain(read_in_order(workers, discover_inputs(inputs), settings))
            spool.write_sorted(outputs.path("articles.jsonl"))
        finally:
            spool.close()
        rows = export.sorted_article_rows(sink.rows)
        export.write_rows_csv(rows, export.ARTICLE_COLUMNS, outputs.path("articles.csv"))
        outputs.commit(run_details(inputs, settings, stats, "ingest"))
    articles = export.articles_table(rows)
    return articles, stats


class WritingStopped(Exception):
    """The run failed while the claim files were being written."""


# Tasks: module-level functions, so that worker processes and Dask can import them.


def read_task(items: list[InputFile | Rejection], settings: Settings, repeated: frozenset[int]) -> list[list[Signed]]:
    """The records of each item, with their texts' signatures (for marking duplicates)."""
    return [list(map(signed, read_item(item, settings, repeated))) for item in items]


def warm_up_worker(model: str, fast_components: bool = True) -> None:
    """Load the model in a new worker as the pool starts (ProcessPoolExecutor initializer).

    In a re-run most pages and claims come from the cache in this process, and the
    load overlaps that work instead of delaying the first batch left to extract. The
    price: a re-run with nothing to extract loads the model in every worker anyway.
    Extracting a short article here as well (for what loads on first use) was
    measured to cost more than it saved: it delays the workers' first tasks by a
    second, the first batch gains 0.2 s.
    """
    from pipeline.extract.nlp import load_model

    try:
        load_model(model, fast_components)
    except Exception:  # noqa: BLE001 - an initializer that raises breaks the pool with no message
        pass  # the first extraction task loads it again and the run reports that error


def extract_task(articles: list[Article], settings: Settings, nlp=None) -> list[Claim]:
    from pipeline.extract import extract

    return list(extract(articles, settings, nlp=nlp))


def article_claims_task(articles: list[Article], settings: Settings, nlp=None, rows: bool = True) -> list[export.ArticleClaims]:
    """The claims of each article, with their rows in the claim files (made here, in the worker)
    unless `rows` is False (a run that writes no files and keeps no cache)."""
    found = claims_by_article(extract_task(articles, settings, nlp))
    if not rows:
        return [export.ArticleClaims(found.get(article.doc_id, []), b"", b"") for article in articles]
    return [export.article_claims(found.get(article.doc_id, [])) for article in articles]


# Stages


def read_in_order(
    workers: Engine, found: list[InputFile | Rejection], settings: Settings, pages: PageCache | NoCache = NoCache(),
) -> Iterator[Article | Rejection]:
    """Every record of the dump, from the page cache or read by the workers (and cached),
    duplicates marked here in input order.

    While no worker has started, the pages are read here: this process would only wait for
    the workers (the first pages of a first run; a re-run's new pages, met once the cached
    ones are read), and the workers need not import the readers before they start."""
    repeated = dump_chrome(found, settings)
    jobs = (_look_up_pages(group, settings, repeated, pages) for group in read_groups(found))
    read = partial(read_task, settings=settings, repeated=repeated)
    if workers.in_process:
        done = ((job, None) for job in jobs)
    else:
        done = map_in_order(
            workers, read, jobs, window=workers.workers * TASKS_IN_FLIGHT_PER_WORKER,
            task=lambda job: job.todo if job.todo and workers.started and not _read_here(job.todo) else None,
        )
    return mark_signed_duplicates(_records_of(done, partial(read_item, settings=settings, repeated=repeated), pages), settings)


@dataclass
class ReadJob:
    """A group of input items, their page-cache keys, the records the cache holds, the items left to read."""

    items: list[InputFile | Rejection]
    keys: list[str | None]
    known: dict[str, list[Signed]]
    todo: list[InputFile | Rejection]


def _look_up_pages(group: list[InputFile | Rejection], settings: Settings, repeated: frozenset[int], pages) -> ReadJob:
    if isinstance(pages, NoCache):
        keys: list[str | None] = [None] * len(group)
    else:
        keys = [page_key(item, settings, repeated) if isinstance(item, InputFile) else None for item in group]
    known = pages.lookup(key for key in keys if key is not None)
    todo = [item for item, key in zip(group, keys) if key not in known]
    return ReadJob(group, keys, known, todo)


def _records_of(done: Iterable[tuple[ReadJob, list | None]], read_here, pages) -> Iterator[Signed]:
    """The records of each job in order, with the signatures the workers or the cache have; what no
    worker read is read here, one record at a time (a large JSON Lines file streams)."""
    for job, read_by_workers in done:
        fresh = iter(read_by_workers) if read_by_workers is not None else None
        new = []
        for item, key in zip(job.items, job.keys):
            if key in job.known:
                yield from job.known[key]
                continue
            if fresh is None and key is None:
                yield from ((record, None) for record in read_here(item))
                continue
            records = next(fresh) if fresh is not None else list(map(signed, read_here(item)))
            if key is not None:
                new.append((key, records))
            yield from records
        pages.store(new)


def read_groups(found: Iterable[InputFile | Rejection]) -> Iterator[list[InputFile | Rejection]]:
    """Consecutive items in tasks of up to TASK_FILES files or TASK_BYTES; a large container alone."""
    group: list[InputFile | Rejection] = []
    size = 0
    for item in found:
        item_size = _size(item)
        if group and (len(group) >= TASK_FILES or size + item_size > TASK_BYTES or _read_here([item])):
            yield group
            group, size = [], 0
        group.append(item)
        size += item_size
        if _read_here(group):
            yield group
            group, size = [], 0
    if group:
        yield group


def _read_here(group: list[InputFile | Rejection]) -> bool:
    return len(group) == 1 and isinstance(group[0], InputFile) and group[0].format in ("jsonl", "warc") and _size(group[0]) > READ_IN_PARENT_BYTES


def _size(item: InputFile | Rejection) -> int:
    try:
        return item.path.stat().st_size if isinstance(item, InputFile) else 0
    except OSError:
        return 0


@dataclass
class ExtractionJob:
    """One batch of articles, its cache keys, the claims the cache knows, and the articles left to extract."""

    articles: list[Article]
    keys: list[str]
    known: dict[str, export.ArticleClaims]
    todo: list[Article]
    todo_keys: list[str]

    def spread(self, parts: int) -> list["ExtractionJob"]:
        """The job as up to `parts` consecutive jobs, each with a share of the articles to extract, if
        the cache holds some of its articles: a re-run's few new articles often fall in one batch, and
        would keep one worker busy while the others wait (10 new articles of 1,000: 1.7 s on one worker).
        A batch with nothing cached is left whole: there are enough of them to keep every worker busy."""
        if parts < 2 or len(self.todo) < 2 or len(self.todo) == len(self.articles):
            return [self]
        share = -(-len(self.todo) // parts)
        todo = set(self.todo_keys)
        jobs, start, counted = [], 0, 0
        for end, key in enumerate(self.keys, start=1):
            counted += key in todo
            if counted == share or end == len(self.keys):
                jobs.append(self._part(start, end))
                start, counted = end, 0
        return [job for job in jobs if job.articles]

    def _part(self, start: int, end: int) -> "ExtractionJob":
        keys = self.keys[start:end]
        todo = [(a, key) for a, key in zip(self.articles[start:end], keys) if key not in self.known]
        return ExtractionJob(self.articles[start:end], keys, self.known, [a for a, _ in todo], [key for _, key in todo])


def extract_in_order(
    workers: Engine, batches: Iterable[list[Article]], settings: Settings, store: ClaimCache | NoCache,
    stats: RunStats, bar, nlp=None, *, rows: bool = True,
) -> Iterator[list[export.ArticleClaims]]:
    """The claims of each article, batch by batch in order: from the cache, else extracted by the
    workers (and cached); with their rows in the claim files if `rows` (always, with a cache). The
    texts of the claims extracted are shared through the pool the cache decodes its own through."""
    jobs = (part for batch in batches for part in _look_up(batch, store).spread(workers.workers))
    strings = SharedStrings(getattr(store, "shared", None))
    rows = rows or not isinstance(store, NoCache)
    done = map_in_order(
        workers, partial(article_claims_task, settings=settings, nlp=nlp, rows=rows), jobs,
        window=workers.workers * TASKS_IN_FLIGHT_PER_WORKER, task=lambda job: job.todo or None,
    )
    for job, extracted in done:
        extracted = [dataclasses.replace(article, claims=strings.share(article.claims)) for article in extracted or []]
        new = list(zip(job.todo_keys, extracted))
        store.store(new)
        made = iter(extracted)
        found = [job.known[key] if key in job.known else next(made) for key in job.keys]
        stats.extracted += len(new)
        stats.cached += len(job.articles) - len(new)
        stats.claims += sum(len(article.claims) for article in found)
        bar.update(len(job.articles))
        bar.set_postfix(rejected=stats.rejected, cached=stats.cached, claims=stats.claims, refresh=False)
        yield found


def _look_up(batch: list[Article], store: ClaimCache | NoCache) -> ExtractionJob:
    keys = [article_key(a) for a in batch]
    known = store.lookup(keys)
    todo = [(a, key) for a, key in zip(batch, keys) if key not in known]
    return ExtractionJob(batch, keys, known, [a for a, _ in todo], [key for _, key in todo])


class SharedStrings:
    """One copy of each distinct text among the claims a run keeps for reconciliation.

    Claims arrive from workers with their own copies of texts that many claims
    repeat (the sentence, the article's label and date, names, predicates,
    attributions); a run keeps every claim, so it keeps one copy of each.
    Measured on 3,000 articles of benchmarks/synthetic_dump.py with --jobs 2:
    peak memory of this process 431 -> 383 MB (claims read back from JSON:
    1.5 -> 0.43 kB each). Each claim is made again, equal, holding the shared
    copies. Claims from the cache are decoded through `pool` (ClaimCache), so
    they come already shared.
    """

    def __init__(self, pool: dict[str, str] | None = None) -> None:
        self.pool: dict[str, str] = {} if pool is None else pool
        """Each text seen, as itself (the ClaimCache of the run decodes its claims' texts through it)."""

    def share(self, claims: list[Claim]) -> list[Claim]:
        """Equal claims, holding the pool's copy of each of their texts."""
        return [shared_claim(claim, self.pool) for claim in claims]


def claims_by_article(claims: Iterable[Claim]) -> dict[str, list[Claim]]:
    grouped: dict[str, list[Claim]] = {}
    for claim in claims:
        grouped.setdefault(claim.doc_id, []).append(claim)
    return grouped


class _ArticleSink:
    """Takes every record once: its articles.csv row, its line in the spool, its count."""

    def __init__(self, spool: "ArticleSpool", stats: RunStats, bar) -> None:
        self.spool = spool
        self.stats = stats
        self.bar = bar
        self.rows: list[tuple] = []

    def take(self, record: Article | Rejection) -> None:
        self.stats.items += 1
        self.rows.append(export.article_row(record))
        if isinstance(record, Rejection):
            self.stats.rejected += 1
        else:
            self.spool.add(record)

    def drain(self, records: Iterable[Article | Rejection]) -> None:
        for record in records:
            self.take(record)
            self.bar.update(1)

    def batches(self, records: Iterable[Article | Rejection], settings: Settings) -> Iterator[list[Article]]:
        """The extractable articles in batches of `settings.batch_size`, no doc_id twice in one batch
        (a batch's claims are told apart by doc_id); the other records are counted as done here."""
        from pipeline.extract import is_extractable

        batch: list[Article] = []
        for record in records:
            self.take(record)
            if isinstance(record, Rejection) or not is_extractable(record, settings):
                self.bar.update(1)
                continue
            if any(a.doc_id == record.doc_id for a in batch):
                yield batch
                batch = []
            batch.append(record)
            if len(batch) >= settings.batch_size:
                yield batch
                batch = []
        if batch:
            yield batch


class ArticleSpool:
    """articles.jsonl lines appended as articles arrive, put in (source, doc_id) order at the end.

    The spool is an anonymous temporary file (in the output folder when there
    is one, so the final copy stays on one disk); only (source, doc_id, offset,
    length) per article stays in memory.
    """

    def __init__(self, out_dir: Path | None) -> None:
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
        self._file: IO[bytes] = tempfile.TemporaryFile(dir=out_dir, prefix=".articles-spool.")
        self._index: list[tuple[str, str, int, int, int]] = []
        self._end = 0

    def add(self, article: Article) -> None:
        line = export.jsonl_line(article).encode("utf-8")
        self._file.write(line)
        self._index.append((article.source, article.doc_id, len(self._index), self._end, len(line)))
        self._end += len(line)

    def texts(self) -> "ArticleTexts":
        """The texts, read back from the spool itself (which stays open as long as they are used)."""
        self._file.flush()
        return ArticleTexts(self._file, {doc_id: (offset, length) for _, doc_id, _, offset, length in self._index})

    def write_sorted(self, path: Path, final: Path | None = None) -> "ArticleTexts":
        """Copy the lines into `path` sorted by (source, doc_id), input order breaking ties; the
        texts are read back from `final`, where the file will be by then, if given."""
        self._file.flush()
        offsets: dict[str, tuple[int, int]] = {}
        position = 0
        with export.atomic_open(path) as handle:
            for _, doc_id, _, offset, length in sorted(self._index):
                self._file.seek(offset)
                handle.write(self._file.read(length).decode("utf-8"))
                offsets[doc_id] = (position, length)
                position += length
        self._file.seek(0, os.SEEK_END)
        return ArticleTexts(Path(final or path), offsets)

    def close(self) -> None:
        self._file.close()


class ClaimSpool:
    """The claims.jsonl lines and claims.csv rows of each article, appended as articles arrive,
    copied into the claim files in CLAIM_ORDER at the end.

    Articles are put in (source, doc_id) order, which is the start of CLAIM_ORDER; the
    claims of articles that share a (source, doc_id) (copies of a text in one file) are
    sorted together again, from the claims. Only the place of each article's rows in
    the spool (an anonymous temporary file per claim file, like ArticleSpool's) stays in memory.
    Articles that arrive in that order (a folder's files do) are copied in long runs: the
    copy runs in a thread beside reconciliation, and a read and a write per article made it
    wait for the interpreter lock thousands of times (a re-run of 1,010 articles waited 0.2 s
    for it after its other files were written).
    """

    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self._jsonl: IO[bytes] = tempfile.TemporaryFile(dir=out_dir, prefix=".claims-spool.")
        self._csv: IO[bytes] = tempfile.TemporaryFile(dir=out_dir, prefix=".claims-spool.")
        self._index: list[tuple[tuple[str, str], int, int, int, int]] = []
        """(source, doc_id), then where its lines start and end in each spool file."""
        self._mixed: list[list[Claim]] = []
        """Claims of articles whose claims differ in (source, doc_id): sorted with the others at the end."""

    def add(self, article: export.ArticleClaims) -> None:
        if not article.claims:
            return
        key = article.sort_key
        if key is None:
            self._mixed.append(article.claims)
            return
        jsonl_start, csv_start = self._jsonl.tell(), self._csv.tell()
        self._jsonl.write(article.jsonl)
        self._csv.write(article.csv)
        self._index.append((key, jsonl_start, jsonl_start + len(article.jsonl), csv_start, csv_start + len(article.csv)))

    def write(self, out_dir: Path, claims: list[Claim], proceed: Future[bool] | None = None) -> None:
        """claims.jsonl and claims.csv in `out_dir`; `claims`: all of the run's claims, for the few
        articles sorted together again. With `proceed`, the files are put in place once its result
        is True; once it is False, the writing stops and the files stay as they were."""
        self._jsonl.flush()
        self._csv.flush()
        by_key: dict[tuple[str, str], list[tuple[int, int, int, int]]] = {}
        for key, *span in self._index:
            by_key.setdefault(key, []).append(tuple(span))
        again = {key for key, spans in by_key.items() if len(spans) > 1}
        again.update((claim.source, claim.doc_id) for claims_of in self._mixed for claim in claims_of)
        resorted = _rows_by_key([claim for claim in claims if (claim.source, claim.doc_id) in again]) if again else {}
        jsonl_path, csv_path = out_dir / "claims.jsonl", out_dir / "claims.csv"

        def go_on() -> None:
            if proceed is not None and proceed.done() and not proceed.result():
                raise WritingStopped(f"{out_dir}: claim files left as they were")

        with export.atomic_open(jsonl_path, binary=True) as jsonl, export.atomic_open(csv_path, binary=True) as csv:
            csv.write(export.records_csv_text([], export.CLAIM_COLUMNS).encode("utf-8"))
            run: list[int] = []  # spans next to each other in both spool files, copied at once

            def copy_run() -> None:
                if run:
                    _copy_bytes(self._jsonl, jsonl, run[0], run[1], go_on)
                    _copy_bytes(self._csv, csv, run[2], run[3], go_on)
                    run.clear()

            for key in sorted(by_key.keys() | resorted.keys()):
                go_on()
                if key in resorted:
                    copy_run()
                    jsonl.write(resorted[key].jsonl)
                    csv.write(resorted[key].csv)
                    continue
                ((jsonl_start, jsonl_end, csv_start, csv_end),) = by_key[key]
                if run and run[1] == jsonl_start and run[3] == csv_start:
                    run[1], run[3] = jsonl_end, csv_end
                else:
                    copy_run()
                    run.extend((jsonl_start, jsonl_end, csv_start, csv_end))
            copy_run()
            go_on()
            for copied in (jsonl, csv):  # on disk while the run writes its other files (atomic_open's own sync is then quick)
                copied.flush()
                os.fsync(copied.fileno())
            if proceed is not None and not proceed.result():
                raise WritingStopped(f"{out_dir}: claim files left as they were")
        self._jsonl.seek(0, os.SEEK_END)
        self._csv.seek(0, os.SEEK_END)

    def close(self) -> None:
        self._jsonl.close()
        self._csv.close()

    def __enter__(self) -> "ClaimSpool":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


COPY_CHUNK = 8 * 1024 * 1024
"""Bytes read at a time when copying from a spool: the memory a copy takes, whatever its length."""


def _copy_bytes(source: IO[bytes], target: IO[bytes], start: int, end: int, go_on: Callable[[], None]) -> None:
    """Bytes start:end of `source` onto `target`, a chunk at a time, calling `go_on` (which raises to
    stop) before each chunk."""
    source.seek(start)
    while start < end:
        go_on()
        chunk = source.read(min(COPY_CHUNK, end - start))
        if not chunk:
            raise OSError(f"spool ended at byte {start} of {end}")
        target.write(chunk)
        start += len(chunk)


def _rows_by_key(claims: list[Claim]) -> dict[tuple[str, str], export.ArticleClaims]:
    """The rows of these claims, per (source, doc_id)."""
    grouped: dict[tuple[str, str], list[Claim]] = {}
    for claim in claims:
        grouped.setdefault((claim.source, claim.doc_id), []).append(claim)
    return {key: export.article_claims(found) for key, found in grouped.items()}


class ArticleTexts(Mapping[str, str]):
    """doc_id -> article text, read on demand from a JSONL file of articles (by byte offset)."""

    def __init__(self, source: Path | IO[bytes], offsets: dict[str, tuple[int, int]]) -> None:
        self._source = source
        self._offsets = offsets

    def __getitem__(self, doc_id: str) -> str:
        offset, length = self._offsets[doc_id]
        if isinstance(self._source, Path):
            with self._source.open("rb") as handle:
                handle.seek(offset)
                line = handle.read(length)
        else:
            self._source.seek(offset)
            line = self._source.read(length)
        return json.loads(line)["text"]

    def __iter__(self) -> Iterator[str]:
        return iter(self._offsets)

    def __len__(self) -> int:
        return len(self._offsets)


def _cache_path(cache: bool | str | Path, out: Path | None) -> Path | None:
    if cache is False or (cache is True and out is None):
        return None
    return out / CACHE_FILE if cache is True else Path(cache)


def _open_cache(cache: bool | str | Path, out: Path | None, settings: Settings, nlp) -> ClaimCache | NoCache:
    """The run's claims cache, with one pool of texts for the run (see `extract_in_order`)."""
    path = _cache_path(cache, out)
    return NoCache() if path is None else ClaimCache(path, pipeline_version(settings, nlp), shared={})


def _open_fact_cache(cache: bool | str | Path, out: Path | None, settings: Settings, nlp) -> FactCache | NoCache:
    path = _cache_path(cache, out)
    return NoCache() if path is None else FactCache(path, reconcile_version(settings, nlp))


def _open_page_cache(cache: bool | str | Path, out: Path | None, settings: Settings) -> PageCache | NoCache:
    path = _cache_path(cache, out)
    return NoCache() if path is None else PageCache(path, ingest_version(settings))


def _progress_bar(progress: bool):
    """A tqdm bar on stderr, drawn only when asked for and stderr is a terminal (tqdm's disable=None)."""
    from tqdm import tqdm

    return tqdm(
        desc="articles", unit=" articles", file=sys.stderr, disable=None if progress else True,
        dynamic_ncols=True, smoothing=0.1,
    )
