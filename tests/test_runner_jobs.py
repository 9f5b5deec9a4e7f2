"""--jobs N: worker processes read and extract, and the files are the same bytes as with one job."""
from __future__ import annotations

import shutil

import pytest

from pipeline import runner
from pipeline.cli import main
from pipeline.records import Article
from tests.conftest import FIXTURES, SAMPLE

OUTPUTS = ("articles.csv", "articles.jsonl", "claims.csv", "claims.jsonl", "reconciled_claims.csv", "report.html")


@pytest.mark.slow
def test_two_jobs_write_the_same_bytes_as_one(tmp_path):
    # Batches of two articles, so that both workers extract.
    common = ["--batch-size", "2", "--no-cache", "--quiet"]
    assert main(["run", str(SAMPLE), "--out", str(tmp_path / "one"), "--jobs", "1", *common]) == 0
    assert main(["run", str(SAMPLE), "--out", str(tmp_path / "two"), "--jobs", "2", *common]) == 0
    for name in OUTPUTS:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_ingest_with_two_jobs_writes_the_same_bytes_as_one(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "binary.html").write_bytes(bytes(range(256)) * 4)
    (bad / "feed.jsonl").write_text('{"text": "too short"}\n{not json\n', encoding="utf-8")
    inputs = [str(SAMPLE), str(FIXTURES), str(bad), str(tmp_path / "missing.html")]
    assert main(["ingest", *inputs, "--out", str(tmp_path / "one"), "--jobs", "1", "--quiet"]) == 1
    assert main(["ingest", *inputs, "--out", str(tmp_path / "two"), "--jobs", "2", "--quiet"]) == 1
    for name in ("articles.csv", "articles.jsonl"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_a_model_that_cannot_load_in_the_workers_is_a_clear_error(tmp_path, capsys):
    code = main(["run", str(SAMPLE), "--out", str(tmp_path), "--jobs", "2", "--no-cache", "--quiet", "--model", "no_such_model_xyz"])
    assert code == 2
    assert "Error: cannot load spaCy model 'no_such_model_xyz'" in capsys.readouterr().err


def test_a_large_container_read_here_keeps_its_place(tmp_path, monkeypatch):
    from pipeline import runner
    from pipeline.settings import Settings

    monkeypatch.setattr(runner, "READ_IN_PARENT_BYTES", 1_000)
    one, _ = runner.ingest_to([SAMPLE, FIXTURES], Settings(jobs=1), tmp_path / "one")
    two, _ = runner.ingest_to([SAMPLE, FIXTURES], Settings(jobs=2), tmp_path / "two")
    assert any(runner._read_here([item]) for item in runner.discover_inputs([SAMPLE]))
    assert one.equals(two)
    assert (tmp_path / "one" / "articles.jsonl").read_bytes() == (tmp_path / "two" / "articles.jsonl").read_bytes()


@pytest.mark.slow
def test_a_rerun_that_spreads_its_new_articles_over_two_workers_writes_the_bytes_of_a_fresh_run(tmp_path, monkeypatch):
    spread_into: list[list[int]] = []

    def spread(job, parts):
        answer = real_spread(job, parts)
        spread_into.append([len(part.todo) for part in answer])
        return answer

    real_spread = runner.ExtractionJob.spread
    monkeypatch.setattr(runner.ExtractionJob, "spread", spread)
    dump = tmp_path / "dump"
    shutil.copytree(SAMPLE, dump)
    new = sorted(path for path in dump.iterdir() if path.is_file())[-2:]
    moved = [path.rename(tmp_path / path.name) for path in new]
    # One batch holds every article: the re-run's batch is mostly cached, its new articles go to two workers.
    common = ["--batch-size", "64", "--quiet"]
    assert main(["run", str(dump), "--out", str(tmp_path / "rerun"), "--jobs", "2", *common]) == 0
    for path, original in zip(moved, new):
        path.rename(original)
    spread_into.clear()
    assert main(["run", str(dump), "--out", str(tmp_path / "rerun"), "--jobs", "2", *common]) == 0
    assert spread_into == [[1, 1]], "the batch's two new articles went to two tasks"
    assert main(["run", str(dump), "--out", str(tmp_path / "fresh"), "--jobs", "1", "--no-cache", *common]) == 0
    for name in OUTPUTS:
        assert (tmp_path / "rerun" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name


def extraction_job(cached: str) -> runner.ExtractionJob:
    """A job over articles a, b, c...; the letters in `cached` are in the cache."""
    names = "abcdef"
    articles = [Article(doc_id=name, source=name, label=name, text=name) for name in names]
    known = {name: [] for name in cached}
    todo = [a for a in articles if a.doc_id not in known]
    return runner.ExtractionJob(articles, list(names), known, todo, [a.doc_id for a in todo])


def test_a_partly_cached_batch_is_spread_over_the_workers_in_order():
    parts = extraction_job(cached="ace").spread(2)

    assert [[a.doc_id for a in part.articles] for part in parts] == [["a", "b", "c", "d"], ["e", "f"]]
    assert [[a.doc_id for a in part.todo] for part in parts] == [["b", "d"], ["f"]]
    assert [part.todo_keys for part in parts] == [["b", "d"], ["f"]]


@pytest.mark.parametrize("cached, workers", [("", 2), ("abcde", 2), ("ace", 1)])
def test_a_batch_is_left_whole_when_spreading_it_gains_nothing(cached, workers):
    job = extraction_job(cached)
    assert job.spread(workers) == [job]
