"""The synthetic dump generator and the scale bench built on it (benchmarks/)."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from benchmarks import scale_bench
from benchmarks.scale_bench import BenchError, Measurement, ReconcileFigures, RunFigures, SizeResult, targets
from benchmarks.synthetic_dump import CONFLICT_KINDS, KINDS, generate, money_phrase, scale
from pipeline.ingest import ingest
from pipeline.records import Article

CHROME = ("Skip to content", "Share this story", "Related stories", "All rights reserved", "Sign up for our",
          "Menu", "Facebook")


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def dump(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("dump"), 200, seed=3)


@pytest.fixture(scope="module")
def manifest(dump) -> dict:
    return json.loads(dump.manifest.read_text(encoding="utf-8"))


def test_same_seed_same_bytes_other_seed_other_text(tmp_path):
    first = generate(tmp_path / "a", 30, seed=5)
    second = generate(tmp_path / "b", 30, seed=5)
    other = generate(tmp_path / "c", 30, seed=6)
    assert files_of(first.pages) == files_of(second.pages)
    assert first.manifest.read_bytes() == second.manifest.read_bytes()
    assert len(files_of(first.pages)) == 30
    assert set(files_of(first.pages).values()).isdisjoint(files_of(other.pages).values())


def test_a_bigger_dump_only_adds_files(tmp_path):
    """The incremental bench grows a dump by 1% and expects the old pages untouched."""
    small = files_of(generate(tmp_path / "small", 40, seed=1).pages)
    grown = files_of(generate(tmp_path / "grown", 41, seed=1).pages)
    assert {name: grown[name] for name in small} == small
    assert len(grown) == 41


def test_every_generated_page_ingests_cleanly(tmp_path):
    generated = generate(tmp_path, 20, seed=0)
    pages = {page["label"]: page for page in json.loads(generated.manifest.read_text(encoding="utf-8"))["pages"]}
    records = list(ingest([generated.pages]))
    assert len(records) == 20
    assert {page["format"] for page in pages.values()} == {"html", "txt"}
    for record in records:
        assert isinstance(record, Article) and record.status == "ok", record
        page = pages[record.label]
        assert (record.published, record.outlet, record.author) == (page["published"], page["outlet"], page["author"])
        assert not [marker for marker in CHROME if marker in record.text], record.label
        assert 250 <= len(record.text.split()) <= 450, record.label


def test_manifest_plants_every_kind_of_conflict(manifest):
    assert manifest["articles"] == 200
    assert 25 <= manifest["stories"] <= 100
    assert all(manifest["conflicts"][kind] > 0 for kind in CONFLICT_KINDS), manifest["conflicts"]
    assert manifest["hedges"] > 0
    planted = [fact for fact in manifest["facts"] if fact["conflict"]]
    assert sum(manifest["conflicts"].values()) == len(planted)
    for fact in planted:
        values = set(fact["values"].values())
        assert len(values) >= 2, fact
        if fact["planted"] == "date_shift":
            first, second = sorted(date.fromisoformat(value) for value in values)
            assert (second - first).days == 1, fact
        if fact["planted"] == "negation":
            assert values == {"affirmed", "negated"}


def test_manifest_values_are_what_the_pages_say(dump, manifest):
    checked = 0
    for fact in manifest["facts"]:
        for label, value in fact["values"].items():
            page = next(dump.pages.glob(f"{label}.*")).read_text(encoding="utf-8")
            if fact["fact"] == "count":
                assert f"{int(value):,}" in page, (label, value)
            elif fact["fact"] == "quote":
                assert value in page, (label, value)
            elif fact["fact"] == "money":
                kind = next(kind for kind in KINDS if kind.name == fact["kind"])
                assert money_phrase(int(value) / scale(kind), kind.money_unit) in page, (label, value)
            else:
                continue
            checked += 1
    assert checked > 100


def test_syndicated_copies_are_marked_as_copies(dump, manifest):
    copies = {page["label"] for page in manifest["pages"] if page["syndicated_of"]}
    assert copies, "seed 3 plants at least one syndicated copy in 200 articles"
    marked = {record.label for record in ingest([dump.pages]) if record.duplicate_of}
    assert marked == copies


def test_planted_conflicts_are_counted_from_the_reconciled_table(tmp_path):
    manifest = {"pages": [], "facts": [
        {"fact": "event_date", "planted": "date_shift", "conflict": True,
         "values": {"a": "2025-03-01", "b": "2025-03-02", "c": "2025-03-01"}},
        {"fact": "assertion", "planted": "negation", "conflict": True, "values": {"a": "affirmed", "d": "negated"}},
        {"fact": "count", "planted": "number_changed", "conflict": True, "values": {"e": "120", "f": "150"}},
        {"fact": "quote", "planted": "", "conflict": False, "values": {"a": "x", "b": "x"}},
    ]}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (tmp_path / "facts.csv").write_text(
        "type,status,sources,values,claim_ids\n"
        "event_date,conflict,a; b; c,2025-03-01 [a; c] | 2025-03-02 [b],1; 2; 3\n"
        "assertion,agreed,a; d,affirmed [a; d],4; 5\n"
        "number,conflict,e; f,120 [e] | 125 [f],6; 7\n",
        encoding="utf-8",
    )
    found = scale_bench.planted_conflicts_found(tmp_path / "manifest.json", tmp_path / "facts.csv")
    assert found == {"date_shift": (1, 1), "number_changed": (0, 1), "negation": (0, 1), "wording": (0, 0)}


def test_a_pipeline_without_the_runtime_options_is_refused_with_the_reason(tmp_path):
    fake_python = tmp_path / "python"
    fake_python.write_text("#!/bin/sh\necho 'usage: python -m pipeline run [-q] [--quiet] --out DIR INPUT'\n")
    fake_python.chmod(0o755)
    with pytest.raises(BenchError, match=r"has no --jobs, --no-cache option"):
        scale_bench.check_run_options(str(fake_python))


def run_figures(jobs: int, seconds: float, peak_mib: int) -> RunFigures:
    measured = Measurement(seconds, peak_mib * scale_bench.MIB, peak_mib * scale_bench.MIB, "test")
    return RunFigures(jobs, measured, articles=100, words=30_000, claims=4_000, facts=900, out=Path("."))


def test_targets_judge_each_figure():
    small, large = SizeResult(100), SizeResult(1000)
    small.runs = {1: run_figures(1, 10.0, 400), 2: run_figures(2, 5.5, 800)}
    large.runs = {1: run_figures(1, 100.0, 500), 2: run_figures(2, 70.0, 1300)}
    small.bare = {1: Measurement(12.0, 0, 0, "test")}
    small.same_csvs = large.same_csvs = True
    small.first_cached, small.rerun, small.new_articles = Measurement(10.0, 0, 0, ""), Measurement(0.9, 0, 0, ""), 1
    small.reconcile, large.reconcile = ReconcileFigures(4_000, 900, 1.0), ReconcileFigures(40_000, 9_000, 16.0)
    verdicts = {row.name: row.passed for row in targets([small, large], [1, 2])}
    assert verdicts == {
        "100 articles, --jobs 1: end-to-end speed / bare nlp.pipe": True,
        "100 articles, --jobs 2: end-to-end speed / bare nlp.pipe": None,
        "100 articles: --jobs 2 speed / --jobs 1": True,
        "100 articles: same CSV bytes for every --jobs": True,
        "100 articles: re-run with 1 new / first run": True,
        "1,000 articles, --jobs 1: end-to-end speed / bare nlp.pipe": None,
        "1,000 articles, --jobs 2: end-to-end speed / bare nlp.pipe": None,
        "1,000 articles: --jobs 2 speed / --jobs 1": False,
        "1,000 articles: same CSV bytes for every --jobs": True,
        "peak memory, --jobs 1: 1,000 / 100 articles": True,
        "peak memory, --jobs 2: 1,000 / 100 articles": False,
        "reconcile time at 10.0x the claims (4,000 -> 40,000)": False,
    }


@pytest.mark.slow
def test_smoke_run_on_a_tiny_dump(tmp_path, capsys):
    try:
        scale_bench.check_run_options(scale_bench.sys.executable)
    except BenchError as error:
        pytest.skip(str(error))
    status = scale_bench.main(["--sizes", "10", "--jobs-list", "1", "--skip-bare", "--skip-incremental",
                               "--work", str(tmp_path)])
    printed = capsys.readouterr().out
    assert status == 0, printed
    assert "end to end, --jobs 1:" in printed and "10 articles" in printed
    assert "planted conflicts reported as conflicts" in printed
    assert "reconcile alone:" in printed
    assert "10 articles, --jobs 1: end-to-end speed / bare nlp.pipe" in printed
    assert (tmp_path / "size-10" / "run-jobs1" / "reconciled_claims.csv").is_file()


def test_repeated_measurements_give_the_median_time_and_the_largest_peak():
    runs = [scale_bench.Measurement(seconds, peak, peak, "psutil") for seconds, peak in [(80.0, 900), (70.0, 1200), (75.0, 1000)]]

    typical = scale_bench.typical(runs)

    assert typical.seconds == 75.0
    assert typical.peak_rss == 1200


@pytest.mark.slow
def test_bare_pipe_can_multiply_as_the_pipeline_does(tmp_path):
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"text": "Officials said on Tuesday that 40 people were hired."}) + "\n", encoding="utf-8")
    report = tmp_path / "bare.json"

    measured = scale_bench.bare_pipe(scale_bench.sys.executable, articles, 1, "", 8, report, blas="numpy")

    figures = json.loads(report.read_text(encoding="utf-8"))
    assert (figures["blas"], figures["texts"]) == ("numpy", 1) and figures["tokens"] > 5
    assert measured.seconds > 0


def test_a_ratio_to_bare_nlp_pipe_with_numpy_blas_says_so():
    result = SizeResult(100, bare_blas="numpy")
    result.runs = {1: run_figures(1, 10.0, 400)}
    result.bare = {1: Measurement(7.0, 0, 0, "test")}

    (row,) = targets([result], [1])

    assert (row.name, row.measured, row.passed) == ("100 articles, --jobs 1: end-to-end speed / bare nlp.pipe (numpy BLAS)", "0.70", False)
