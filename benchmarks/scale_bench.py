"""Scale benchmark of a whole run (issue 7): speed, parallelism, memory, re-runs, reconciliation.

For each dump size it generates a synthetic dump (benchmarks/synthetic_dump.py)
and measures, each command in a subprocess:

- end to end, `python -m pipeline run DUMP --out DIR --jobs N --no-cache --quiet`
  for each N of --jobs-list: wall time, articles/s, words/s (words of the
  extracted texts in articles.jsonl), peak memory;
- bare `nlp.pipe` of every component of the same model on the same extracted
  texts, with the same batch size and n_process = N, and the ratio of the two
  speeds (target: end to end at least as fast, ratio >= 1.0); with
  `--bare-blas numpy`, the model multiplies as the pipeline has it multiply
  (numpy's BLAS, one thread per process) instead of with spaCy's blis as installed;
- the speed-up of --jobs 2 over --jobs 1 (target >= 1.7), and whether the
  CSVs of the two runs are the same bytes;
- incremental: a run that fills the claims cache, 1% new articles added to the
  dump, and the re-run (target: the re-run takes at most 10% of the first run);
- reconciliation alone (`pipeline.reconcile`, timed in this process on the
  claims of the --jobs 1 run), whose time at 10x the claims must stay within
  15x (sizes that are not 10x apart are held to the same exponent,
  log 15 / log 10 = 1.18);
- how many of the dump's planted conflicts the run reports as conflicts.

Across sizes it compares peak memory at the largest size with the smallest
(target <= 1.5), and ends with a table of every target: measured, PASS/FAIL.

Peak memory is the largest sum of RSS over the process and all its children,
sampled every 0.1 s with psutil when installed; without psutil, the largest
RSS of any single process of the tree (wait4 rusage). The output says which.
The sum counts pages that forked workers share with their parent twice.

With --repeat N the runs are measured N times, interleaved (end to end for each
--jobs, then bare nlp.pipe for each, N rounds; the re-run N times from the cache
the first run left), and the medians are compared: on a shared machine one
run can be 10-15% off another taken minutes later.

Exit status: 0 every measured target passed, 1 some failed, 2 could not run.

Example:
    flock /tmp/heavy.lock python benchmarks/scale_bench.py                  # 1,000 and 10,000 articles
    flock /tmp/heavy.lock python benchmarks/scale_bench.py --sizes 100 300 --work /tmp/scale
    python benchmarks/scale_bench.py --sizes 20 --jobs-list 1 --skip-bare --skip-incremental
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import importlib.util
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, the repository root is not on the path

from benchmarks import synthetic_dump  # noqa: E402

SPEED_RATIO_MIN = 1.0
SPEEDUP_MIN = 1.7
MEMORY_GROWTH_MAX = 1.5
RERUN_SHARE_MAX = 0.10
RECONCILE_GROWTH_AT_10X = 15.0
NEW_ARTICLES_SHARE = 0.01
REQUIRED_RUN_OPTIONS = ("--jobs", "--no-cache", "--quiet")
OUTPUT_CSVS = ("articles.csv", "claims.csv", "reconciled_claims.csv")
SAMPLE_SECONDS = 0.1
MIB = 1024 * 1024
FACT_TYPES = {"event_date": "event_date", "money": "number", "count": "number", "assertion": "assertion", "quote": "quote"}
"""Planted fact -> the `type` of the reconciled fact that should report it."""
VALUE_CHECKED = {"event_date", "money", "count"}
"""Planted facts whose values must both appear in the reported conflict."""


class BenchError(Exception):
    """The bench cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Measurement:
    seconds: float
    peak_rss: int
    """Bytes: the sum over the process tree (psutil) or the largest single process (wait4)."""
    largest_process_rss: int
    method: str


@dataclass(frozen=True)
class RunFigures:
    """One end-to-end run and what it produced."""

    jobs: int
    measured: Measurement
    articles: int
    words: int
    claims: int
    facts: int
    out: Path

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.measured.seconds

    @property
    def words_per_second(self) -> float:
        return self.words / self.measured.seconds


@dataclass(frozen=True)
class ReconcileFigures:
    claims: int
    facts: int
    seconds: float


@dataclass
class SizeResult:
    size: int
    runs: dict[int, RunFigures] = field(default_factory=dict)
    bare: dict[int, Measurement] = field(default_factory=dict)
    bare_blas: str = "installed"
    reconcile: ReconcileFigures | None = None
    first_cached: Measurement | None = None
    rerun: Measurement | None = None
    new_articles: int = 0
    same_csvs: bool | None = None


@dataclass(frozen=True)
class Target:
    name: str
    goal: str
    measured: str
    passed: bool | None
    """None when the figures it needs were not measured."""


def memory_method() -> str:
    if importlib.util.find_spec("psutil") is not None:
        return f"sum of RSS over the process tree, psutil samples every {SAMPLE_SECONDS} s"
    return "largest RSS of one process of the tree (wait4 ru_maxrss; psutil is not installed)"


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and its descendants until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        import psutil

        self.psutil = psutil
        self.root = psutil.Process(pid)
        self.peak = 0
        self.finished = threading.Event()

    def run(self) -> None:
        while not self.finished.is_set():
            self.peak = max(self.peak, self.tree_rss())
            self.finished.wait(SAMPLE_SECONDS)

    def tree_rss(self) -> int:
        total = 0
        try:
            processes = [self.root, *self.root.children(recursive=True)]
        except self.psutil.Error:
            return 0
        for process in processes:
            try:
                total += process.memory_info().rss
            except self.psutil.Error:
                continue
        return total

    def stop(self) -> int:
        self.finished.set()
        self.join()
        return self.peak


def start_sampler(pid: int) -> TreeSampler | None:
    import psutil

    try:
        sampler = TreeSampler(pid)
    except psutil.Error:
        return None
    sampler.start()
    return sampler


def measure(argv: list[str], log: Path, environment: dict[str, str] | None = None) -> Measurement:
    """Run `argv` (with `environment` added to this one) with its output in `log`; wall time and
    peak memory. A failed command raises."""
    log.parent.mkdir(parents=True, exist_ok=True)
    use_psutil = importlib.util.find_spec("psutil") is not None
    with log.open("wb") as handle:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=handle, stderr=subprocess.STDOUT,
                                   env={**os.environ, **environment} if environment else None)
        sampler = start_sampler(process.pid) if use_psutil else None
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
    tree_peak = sampler.stop() if sampler else 0
    largest = usage.ru_maxrss * 1024
    if process.returncode not in (0, 1):
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise BenchError(f"{' '.join(argv)} exited with {process.returncode}; end of {log}:\n{tail}")
    return Measurement(seconds, max(tree_peak, largest) if sampler else largest, largest, memory_method())


def typical(measurements: list[Measurement]) -> Measurement:
    """The median time of repeated measurements (this machine's speed drifts by 10-15% between
    runs minutes apart), with the largest peak memory of any of them."""
    ordered = sorted(measurements, key=lambda m: m.seconds)
    middle = ordered[(len(ordered) - 1) // 2]
    return dataclasses.replace(
        middle, peak_rss=max(m.peak_rss for m in measurements),
        largest_process_rss=max(m.largest_process_rss for m in measurements),
    )


def check_run_options(python: str) -> None:
    """Fail early, with the reason, when `pipeline run` lacks an option the bench drives."""
    result = subprocess.run([python, "-m", "pipeline", "run", "--help"], capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError(f"`{python} -m pipeline run --help` failed:\n{result.stderr[-2000:]}")
    missing = [option for option in REQUIRED_RUN_OPTIONS if not re.search(rf"{option}(?![\w-])", result.stdout)]
    if missing:
        raise BenchError(
            f"`python -m pipeline run` has no {', '.join(missing)} option: this bench drives the runtime "
            "features of issue 7 (parallel --jobs N, the claims cache and --no-cache, --quiet) through "
            "the command line. Land them first, then run the bench again."
        )


def run_argv(python: str, dump: Path, out: Path, jobs: int, *, cache: bool, model: str) -> list[str]:
    argv = [python, "-m", "pipeline", "run", str(dump), "--out", str(out), "--jobs", str(jobs), "--quiet"]
    if not cache:
        argv.append("--no-cache")
    if model:
        argv += ["--model", model]
    return argv


def read_texts(articles_jsonl: Path) -> list[str]:
    with articles_jsonl.open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


def count_lines(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        return sum(1 for line in handle if line.strip())


def count_csv_rows(path: Path) -> int:
    import pandas as pd

    return len(pd.read_csv(path, dtype=str, keep_default_na=False))


def end_to_end(python: str, dump: Path, out: Path, jobs: int, model: str) -> RunFigures:
    shutil.rmtree(out, ignore_errors=True)
    measured = measure(run_argv(python, dump, out, jobs, cache=False, model=model), out.with_suffix(".log"))
    texts = read_texts(out / "articles.jsonl")
    return RunFigures(
        jobs=jobs, measured=measured, articles=len(texts), words=sum(len(text.split()) for text in texts),
        claims=count_lines(out / "claims.jsonl"), facts=count_csv_rows(out / "reconciled_claims.csv"), out=out,
    )


BARE_BLAS = ("installed", "numpy")
"""How bare `nlp.pipe` multiplies matrices: as spaCy is installed (thinc's blis), or with numpy's
BLAS on one thread per process, as the pipeline runs the model (pipeline.extract.nlp)."""


def bare_pipe(python: str, articles_jsonl: Path, jobs: int, model: str, batch_size: int, report: Path,
              blas: str = "installed") -> Measurement:
    """Bare `nlp.pipe` in a subprocess of this script (`--bare-pipe`), measured like a run."""
    argv = [python, str(Path(__file__).resolve()), "--bare-pipe", str(articles_jsonl), "--report", str(report),
            "--jobs", str(jobs), "--batch-size", str(batch_size), "--bare-blas", blas]
    if model:
        argv += ["--model", model]
    return measure(argv, report.with_suffix(".log"), BLAS_ONE_THREAD if blas == "numpy" else None)


BLAS_ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
"""One BLAS thread in every process of a bare run with numpy's BLAS, as the pipeline's workers have."""


def bare_pipe_main(articles_jsonl: Path, report: Path, jobs: int, batch_size: int, model: str, blas: str = "installed") -> int:
    """The bare run itself: every component of the model over the texts, docs thrown away."""
    import spacy

    from pipeline.extract.nlp import multiply_with_numpy_blas
    from pipeline.settings import pick_model_name

    started = time.perf_counter()
    nlp = spacy.load(pick_model_name(model))
    if blas == "numpy":
        multiply_with_numpy_blas(nlp)  # the forked processes of n_process > 1 inherit it
    texts = read_texts(articles_jsonl)
    loaded = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size, n_process=jobs))
    finished = time.perf_counter()
    report.write_text(json.dumps({
        "model": nlp.meta.get("name", ""), "components": nlp.pipe_names, "texts": len(texts), "tokens": tokens,
        "load_seconds": loaded - started, "pipe_seconds": finished - loaded, "blas": blas,
    }), encoding="utf-8")
    return 0


def time_reconcile(claims_jsonl: Path) -> ReconcileFigures:
    from pipeline import export
    from pipeline.reconcile import reconcile
    from pipeline.settings import Settings

    claims = list(export.read_claims(claims_jsonl))
    started = time.perf_counter()
    facts = reconcile(claims, Settings())
    return ReconcileFigures(len(claims), len(facts), time.perf_counter() - started)


def planted_conflicts_found(manifest_path: Path, reconciled_csv: Path) -> dict[str, tuple[int, int]]:
    """Per kind of planted disagreement: (reported as a conflict, planted).

    A planted conflict counts as reported when one conflict fact of the right
    type has claims from articles on both sides of it (and, for dates and
    figures, lists both values).
    """
    import pandas as pd

    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    facts = pd.read_csv(reconciled_csv, dtype=str, keep_default_na=False)
    conflicts = facts[facts["status"] == "conflict"]
    by_label: dict[str, list[int]] = defaultdict(list)
    reported = []
    for number, (fact_type, sources, values) in enumerate(zip(conflicts["type"], conflicts["sources"], conflicts["values"])):
        labels = set(sources.split("; "))
        reported.append((fact_type, labels, values))
        for label in labels:
            by_label[label].append(number)
    tally = {kind: [0, 0] for kind in synthetic_dump.CONFLICT_KINDS}
    for planted in manifest["facts"]:
        if not planted["conflict"]:
            continue
        tally[planted["planted"]][1] += 1
        sides: dict[str, set[str]] = defaultdict(set)
        for label, value in planted["values"].items():
            sides[value].add(label)
        candidates = {number for label in planted["values"] for number in by_label.get(label, ())}
        if any(reports_conflict(reported[number], planted["fact"], sides) for number in candidates):
            tally[planted["planted"]][0] += 1
    return {kind: (found, total) for kind, (found, total) in tally.items()}


def facts_mixing_stories(manifest_path: Path, reconciled_csv: Path) -> tuple[int, int, int, int]:
    """(facts whose sources cover several stories, facts, claims in those facts, claims): merges across
    unrelated stories, which make reconciliation groups grow with the dump instead of with a story."""
    import pandas as pd

    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    story_of = {page["label"]: page["story"] for page in manifest["pages"]}
    facts = pd.read_csv(reconciled_csv, dtype=str, keep_default_na=False)
    mixed = mixed_claims = all_claims = 0
    for sources, claim_ids in zip(facts["sources"], facts["claim_ids"]):
        claims = len(claim_ids.split(";"))
        all_claims += claims
        if len({story_of.get(label, label) for label in sources.split("; ")}) > 1:
            mixed += 1
            mixed_claims += claims
    return mixed, len(facts), mixed_claims, all_claims


def reports_conflict(fact: tuple[str, set[str], str], planted_fact: str, sides: dict[str, set[str]]) -> bool:
    fact_type, labels, values = fact
    if fact_type != FACT_TYPES[planted_fact]:
        return False
    present = [value for value, side in sides.items() if side & labels]
    if planted_fact in VALUE_CHECKED:
        present = [value for value in present if re.search(rf"(?:^| \| ){re.escape(value)} \[", values)]
    return len(present) >= 2


def csv_digest(out: Path) -> str:
    digest = hashlib.sha256()
    for name in OUTPUT_CSVS:
        digest.update((out / name).read_bytes())
    return digest.hexdigest()


def mib(size: int) -> str:
    return f"{size / MIB:,.0f} MiB"


def say(text: str = "") -> None:
    print(text, flush=True)


@dataclass(frozen=True)
class Options:
    sizes: list[int]
    jobs_list: list[int]
    work: Path
    model: str
    batch_size: int
    seed: int
    skip_bare: bool
    skip_incremental: bool
    repeat: int = 1
    bare_blas: str = "installed"
    python: str = sys.executable


def bench_size(size: int, options: Options) -> SizeResult:
    """Every measurement at one dump size, printed as it is taken."""
    folder = options.work / f"size-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    result = SizeResult(size, bare_blas=options.bare_blas)
    started = time.perf_counter()
    dump = synthetic_dump.generate(folder / "dump", size, seed=options.seed)
    megabytes = sum(path.stat().st_size for path in dump.pages.iterdir()) / 1e6
    say(f"\n== {size:,} articles: {dump.stories:,} stories, {dump.planted_conflicts:,} planted conflicts, "
        f"{megabytes:.1f} MB of pages, generated in {time.perf_counter() - started:.1f} s ({dump.pages})")

    rounds: dict[int, list[RunFigures]] = defaultdict(list)
    bare_rounds: dict[int, list[Measurement]] = defaultdict(list)
    for round_number in range(1, options.repeat + 1):
        of = f" (round {round_number}/{options.repeat})" if options.repeat > 1 else ""
        for jobs in options.jobs_list:
            run = end_to_end(options.python, dump.pages, folder / f"run-jobs{jobs}", jobs, options.model)
            rounds[jobs].append(run)
            say(f"end to end, --jobs {jobs}{of}: {run.measured.seconds:.1f} s, {run.articles_per_second:.2f} articles/s, "
                f"{run.words_per_second:,.0f} words/s, peak {mib(run.measured.peak_rss)} "
                f"(largest process {mib(run.measured.largest_process_rss)}); {run.articles:,} articles, "
                f"{run.words:,} words, {run.claims:,} claims, {run.facts:,} facts")
        if options.skip_bare:
            continue
        for jobs in options.jobs_list:
            run = rounds[jobs][-1]
            report = folder / f"bare-jobs{jobs}.json"
            measured = bare_pipe(options.python, run.out / "articles.jsonl", jobs, options.model, options.batch_size, report,
                                 options.bare_blas)
            bare_rounds[jobs].append(measured)
            inside = json.loads(report.read_text(encoding="utf-8"))
            say(f"bare nlp.pipe, n_process {jobs}, {options.bare_blas} BLAS{of}: {measured.seconds:.1f} s, {run.articles / measured.seconds:.2f} "
                f"articles/s, {run.words / measured.seconds:,.0f} words/s, peak {mib(measured.peak_rss)} "
                f"(model load {inside['load_seconds']:.1f} s + pipe {inside['pipe_seconds']:.1f} s; "
                f"{inside['model']}: {', '.join(inside['components'])}; batch {options.batch_size}); "
                f"end to end / bare speed: {measured.seconds / run.measured.seconds:.2f}")
    for jobs, runs in rounds.items():
        result.runs[jobs] = dataclasses.replace(runs[-1], measured=typical([run.measured for run in runs]))
    for jobs, measured in bare_rounds.items():
        result.bare[jobs] = typical(measured)
    if options.repeat > 1:
        say("medians of {} rounds: {}".format(options.repeat, "; ".join(
            [f"--jobs {jobs} {run.measured.seconds:.1f} s" for jobs, run in result.runs.items()]
            + [f"bare n_process {jobs} {measured.seconds:.1f} s" for jobs, measured in result.bare.items()])))
    first = result.runs[options.jobs_list[0]]
    found = planted_conflicts_found(dump.manifest, first.out / "reconciled_claims.csv")
    say("planted conflicts reported as conflicts (--jobs {}): {}".format(first.jobs, ", ".join(
        f"{kind} {hit}/{total}" for kind, (hit, total) in found.items())) +
        f"; all {sum(h for h, _ in found.values())}/{sum(t for _, t in found.values())}")
    mixed, facts, mixed_claims, claims = facts_mixing_stories(dump.manifest, first.out / "reconciled_claims.csv")
    say(f"facts mixing unrelated stories: {mixed:,} of {facts:,} ({100 * mixed / max(facts, 1):.1f}%), "
        f"holding {100 * mixed_claims / max(claims, 1):.1f}% of the grouped claims")
    if len(result.runs) > 1:
        digests = {jobs: csv_digest(run.out) for jobs, run in result.runs.items()}
        result.same_csvs = len(set(digests.values())) == 1
        say(f"CSVs identical across --jobs {', '.join(map(str, digests))}: {'yes' if result.same_csvs else 'NO'}")
    if 1 in result.runs and 2 in result.runs:
        say(f"speed-up --jobs 2 / --jobs 1: {result.runs[1].measured.seconds / result.runs[2].measured.seconds:.2f}x")

    reconciled = time_reconcile(first.out / "claims.jsonl")
    result.reconcile = reconciled
    say(f"reconcile alone: {reconciled.claims:,} claims -> {reconciled.facts:,} facts in {reconciled.seconds:.2f} s")

    if not options.skip_incremental:
        jobs = max(options.jobs_list)
        out = folder / "incremental"
        result.first_cached = measure(run_argv(options.python, dump.pages, out, jobs, cache=True, model=options.model),
                                      folder / "incremental-first.log")
        result.new_articles = max(1, math.ceil(size * NEW_ARTICLES_SHARE))
        synthetic_dump.generate(folder / "dump", size + result.new_articles, seed=options.seed)
        filled = folder / "incremental-filled"
        shutil.rmtree(filled, ignore_errors=True)
        shutil.copytree(out, filled)
        reruns = []
        for round_number in range(options.repeat):
            if round_number:
                shutil.rmtree(out)
                shutil.copytree(filled, out)  # each re-run starts from the cache the first run left
            reruns.append(measure(run_argv(options.python, dump.pages, out, jobs, cache=True, model=options.model),
                                  folder / "incremental-rerun.log"))
        result.rerun = typical(reruns)
        rerun_articles = count_lines(out / "articles.jsonl")
        say(f"incremental, --jobs {jobs}: first run with the cache {result.first_cached.seconds:.1f} s; "
            f"re-run after {result.new_articles} new articles ({rerun_articles:,} in all) {result.rerun.seconds:.1f} s"
            + (f" (median of {options.repeat}: {', '.join(f'{m.seconds:.1f}' for m in reruns)})" if options.repeat > 1 else "") + " "
            f"= {100 * result.rerun.seconds / result.first_cached.seconds:.1f}% of the first")
    return result


def targets(results: list[SizeResult], jobs_list: list[int]) -> list[Target]:
    """Every target of issue 7 that the measurements allow, with its verdict."""
    rows: list[Target] = []
    for result in results:
        for jobs, run in result.runs.items():
            bare = result.bare.get(jobs)
            ratio = bare.seconds / run.measured.seconds if bare else None
            rows.append(Target(
                f"{result.size:,} articles, --jobs {jobs}: end-to-end speed / bare nlp.pipe"
                + (f" ({result.bare_blas} BLAS)" if result.bare_blas != "installed" else ""), f">= {SPEED_RATIO_MIN}",
                f"{ratio:.2f}" if ratio is not None else "not measured",
                None if ratio is None else ratio >= SPEED_RATIO_MIN,
            ))
        if 1 in result.runs and 2 in result.runs:
            speedup = result.runs[1].measured.seconds / result.runs[2].measured.seconds
            rows.append(Target(f"{result.size:,} articles: --jobs 2 speed / --jobs 1", f">= {SPEEDUP_MIN}",
                               f"{speedup:.2f}", speedup >= SPEEDUP_MIN))
        if result.same_csvs is not None:
            rows.append(Target(f"{result.size:,} articles: same CSV bytes for every --jobs", "identical",
                               "identical" if result.same_csvs else "different", result.same_csvs))
        if result.rerun and result.first_cached:
            share = result.rerun.seconds / result.first_cached.seconds
            rows.append(Target(f"{result.size:,} articles: re-run with {result.new_articles} new / first run",
                               f"<= {RERUN_SHARE_MAX:.0%}", f"{share:.1%}", share <= RERUN_SHARE_MAX))
    if len(results) >= 2:
        small, large = results[0], results[-1]
        for jobs in jobs_list:
            if jobs in small.runs and jobs in large.runs:
                growth = large.runs[jobs].measured.peak_rss / small.runs[jobs].measured.peak_rss
                rows.append(Target(
                    f"peak memory, --jobs {jobs}: {large.size:,} / {small.size:,} articles", f"<= {MEMORY_GROWTH_MAX}",
                    f"{growth:.2f} ({mib(large.runs[jobs].measured.peak_rss)} / {mib(small.runs[jobs].measured.peak_rss)})",
                    growth <= MEMORY_GROWTH_MAX,
                ))
        if small.reconcile and large.reconcile and small.reconcile.claims and large.reconcile.claims > small.reconcile.claims:
            claims_ratio = large.reconcile.claims / small.reconcile.claims
            time_ratio = large.reconcile.seconds / small.reconcile.seconds
            allowed = RECONCILE_GROWTH_AT_10X ** (math.log(claims_ratio) / math.log(10))
            rows.append(Target(
                f"reconcile time at {claims_ratio:.1f}x the claims ({small.reconcile.claims:,} -> {large.reconcile.claims:,})",
                f"<= {allowed:.2f}x ({RECONCILE_GROWTH_AT_10X:.0f}x at 10x)", f"{time_ratio:.2f}x", time_ratio <= allowed,
            ))
    return rows


def print_table(rows: list[Target]) -> None:
    width = max((len(row.name) for row in rows), default=10)
    goal_width = max((len(row.goal) for row in rows), default=6)
    say(f"\n{'target':<{width}}  {'goal':<{goal_width}}  {'measured':<28}  verdict")
    for row in rows:
        verdict = "n/a" if row.passed is None else "PASS" if row.passed else "FAIL"
        say(f"{row.name:<{width}}  {row.goal:<{goal_width}}  {row.measured:<28}  {verdict}")


def run_bench(options: Options) -> int:
    check_run_options(options.python)
    from pipeline.settings import pick_model_name

    say(f"scale bench: sizes {', '.join(f'{s:,}' for s in options.sizes)}; --jobs {', '.join(map(str, options.jobs_list))}; "
        f"model {pick_model_name(options.model)}; batch size {options.batch_size}; seed {options.seed}; "
        f"{os.cpu_count()} CPUs; work folder {options.work}")
    say(f"peak memory: {memory_method()}")
    started = time.perf_counter()
    results = [bench_size(size, options) for size in sorted(options.sizes)]
    rows = targets(results, options.jobs_list)
    print_table(rows)
    say(f"\nbench time: {(time.perf_counter() - started) / 60:.1f} min")
    return 1 if any(row.passed is False for row in rows) else 0


def positive(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, got {text}")
    return value


def main(argv: list[str] | None = None) -> int:
    from pipeline.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=positive, nargs="+", default=[1000, 10000], help="dump sizes in articles (default 1000 10000)")
    parser.add_argument("--jobs-list", type=positive, nargs="+", default=[1, 2], help="--jobs values to run (default 1 2)")
    parser.add_argument("--skip-bare", action="store_true", help="do not run bare nlp.pipe")
    parser.add_argument("--bare-blas", choices=BARE_BLAS, default="installed",
                        help="bare nlp.pipe multiplies with spaCy's blis as installed (default), or with numpy's "
                             "BLAS on one thread per process, as the pipeline runs the model")
    parser.add_argument("--skip-incremental", action="store_true", help="do not run the cached first run and re-run")
    parser.add_argument("--work", type=Path, help="folder for dumps and outputs, kept afterwards (default: a temporary folder)")
    parser.add_argument("--model", default="", help="spaCy model for the runs and bare nlp.pipe (default: the pipeline's)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic dumps (default 0)")
    parser.add_argument("--repeat", type=positive, default=1,
                        help="rounds of the timed runs, interleaved; medians are compared (default 1)")
    parser.add_argument("--bare-pipe", type=Path, metavar="ARTICLES_JSONL", help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=positive, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--batch-size", type=positive, default=Settings().batch_size, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.bare_pipe:
        return bare_pipe_main(args.bare_pipe, args.report, args.jobs, args.batch_size, args.model, args.bare_blas)

    with tempfile.TemporaryDirectory(prefix="scale-bench-") as temporary:
        options = Options(
            sizes=args.sizes, jobs_list=list(dict.fromkeys(args.jobs_list)), work=args.work or Path(temporary),
            model=args.model, batch_size=args.batch_size, seed=args.seed,
            skip_bare=args.skip_bare, skip_incremental=args.skip_incremental, repeat=args.repeat, bare_blas=args.bare_blas,
        )
        try:
            return run_bench(options)
        except BenchError as error:
            print(f"Error: {error}", file=sys.stderr)
            return 2


if __name__ == "__main__":
    sys.exit(main())
