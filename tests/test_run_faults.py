"""Faults around a run: its outputs are a set (or the previous one), one run at a time writes into a
folder, files are readable as the umask says, the workers die with the run, a damaged cache entry is
made again."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest

from pipeline import outputs
from pipeline.cli import main
from tests.conftest import ROOT

OUTPUTS = ["articles.csv", "articles.jsonl", "claims.csv", "claims.jsonl", "reconciled_claims.csv", "report.html"]


@pytest.fixture
def out(tmp_path_factory):
    return tmp_path_factory.mktemp("out")


def run(dump, out, *options) -> int:
    return main(["run", str(dump), "--out", str(out), "--jobs", "1", "-q", *options])


def files_of(folder) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file() and path.name != ".lock"}


def test_a_run_ends_by_writing_a_manifest_of_its_files(tiny_dump, out):
    assert run(tiny_dump, out) == 0
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == OUTPUTS
    assert manifest["files"]["articles.csv"]["bytes"] == (out / "articles.csv").stat().st_size
    assert manifest["counts"] == {"articles": 2, "rejected": 0, "claims": 0, "facts": 0}
    assert outputs.read_manifest(out) == manifest


def test_the_manifest_names_the_inputs_as_given(tiny_dump, out):
    import pipeline

    pipeline.run(str(tiny_dump), out_dir=out)
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["inputs"] == [str(tiny_dump)]


def test_a_rerun_writes_the_same_manifest(tiny_dump, out):
    run(tiny_dump, out)
    first = (out / "run.json").read_bytes()
    run(tiny_dump, out)
    assert (out / "run.json").read_bytes() == first


def test_a_file_changed_after_the_run_makes_the_set_incomplete(tiny_dump, out):
    run(tiny_dump, out)
    (out / "claims.csv").write_text("edited\n")
    assert outputs.read_manifest(out) is None


def test_a_run_that_fails_leaves_the_previous_set_and_nothing_else(tiny_dump, out, monkeypatch):
    from pipeline import runner

    run(tiny_dump, out)
    before = files_of(out)
    (tiny_dump / "Dunmore.txt").write_text("Bridge works in Dunmore\n" + "The council of Dunmore met on Monday. " * 9)

    def failing(articles, settings, nlp=None):
        raise RuntimeError("extraction failed")

    monkeypatch.setattr(runner, "extract_task", failing)
    with pytest.raises(RuntimeError):
        run(tiny_dump, out)
    assert files_of(out) == before
    assert sorted(path.name for path in out.iterdir()) == [".cache", ".lock", *OUTPUTS, "run.json"]


def test_leftovers_of_a_killed_run_are_removed_at_the_next_start(tiny_dump, out):
    (out / ".staging-x1y2").mkdir()
    (out / ".staging-x1y2" / "articles.csv").write_text("half\n")
    (out / ".claims.csv.k3j4.tmp").write_text("half\n")
    run(tiny_dump, out)
    assert sorted(path.name for path in out.iterdir()) == [".cache", ".lock", *OUTPUTS, "run.json"]


def test_a_set_left_half_moved_has_no_manifest_and_is_finished_at_the_next_start(out, monkeypatch):
    with outputs.OutputSet(out, "test") as previous:
        for name in ("a.csv", "b.csv"):
            previous.path(name).write_text("old\n")
        previous.commit()
    real_replace, moved = os.replace, []

    def killed_after_one_file(source, target):
        if Path(target).parent == out:
            if moved:
                raise KeyboardInterrupt
            moved.append(target)
        real_replace(source, target)

    with pytest.raises(KeyboardInterrupt), outputs.OutputSet(out, "test") as interrupted:
        for name in ("a.csv", "b.csv"):
            interrupted.path(name).write_text("new\n")
        monkeypatch.setattr(os, "replace", killed_after_one_file)
        interrupted.commit()
    monkeypatch.setattr(os, "replace", real_replace)
    assert ((out / "a.csv").read_text(), (out / "b.csv").read_text(), (out / "run.json").exists()) == ("new\n", "old\n", False)
    assert outputs.read_manifest(out) is None

    with outputs.OutputSet(out, "test"):
        pass
    assert ((out / "a.csv").read_text(), (out / "b.csv").read_text()) == ("new\n", "new\n")
    assert sorted(outputs.read_manifest(out)["files"]) == ["a.csv", "b.csv"]
    assert sorted(path.name for path in out.iterdir()) == [".lock", "a.csv", "b.csv", "run.json"]


def test_article_texts_are_read_from_the_file_put_in_place(tiny_dump, out):
    import pipeline

    result = pipeline.run([tiny_dump], out_dir=out)
    assert [text.split(" met ")[0] for text in result.texts.values()] == [
        "Bridge works in Ashby\nThe council of Ashby", "Bridge works in Carden\nThe council of Carden"]


def test_a_second_run_into_a_folder_being_written_stops_with_a_clear_message(tiny_dump, out, capsys):
    with outputs.OutputSet(out, "run"):
        assert run(tiny_dump, out) == 2
    assert capsys.readouterr().err == (
        f"Error: {out}: another run (process {os.getpid()}) is writing there; try again when it ends, or use --wait\n"
    )
    assert not (out / "run.json").exists()


def test_with_wait_a_second_run_waits_for_the_first_to_end(tiny_dump, out, caplog):
    holding = outputs.OutputSet(out, "run").__enter__()
    threading.Timer(0.5, holding.__exit__, (None, None, None)).start()
    started = time.monotonic()
    assert main(["run", str(tiny_dump), "--out", str(out), "--jobs", "1", "--wait"]) == 0
    assert time.monotonic() - started >= 0.5
    assert f"{out}: waiting for another run (process {os.getpid()}) writing there to end" in caplog.messages
    assert outputs.read_manifest(out) is not None


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_output_files_are_readable_as_the_umask_says(tiny_dump, out, umask, mode):
    before = os.umask(umask)
    try:
        run(tiny_dump, out)
    finally:
        os.umask(before)
    modes = {name: (out / name).stat().st_mode & 0o777 for name in [*OUTPUTS, "run.json"]}
    assert modes == dict.fromkeys(modes, mode)


def cache_of(out):
    return out / ".cache" / "cache.sqlite"


def damage_one_entry(out, table: str, column: str, damage) -> None:
    """Replace one entry's `column` blob of the cache by `damage(blob)`."""
    with sqlite3.connect(cache_of(out)) as db:
        key_column = {"pages": "page", "article_claims": "article"}[table]
        key, blob = db.execute(f"SELECT {key_column}, {column} FROM {table} ORDER BY {key_column} LIMIT 1").fetchone()
        db.execute(f"UPDATE {table} SET {column} = ? WHERE {key_column} = ?", (damage(bytes(blob)), key))
    db.close()


def flipped_in_the_middle(frame: bytes) -> bytes:
    middle = len(frame) // 2
    return frame[:middle] + bytes([frame[middle] ^ 0xFF]) + frame[middle + 1:]


def cache_warnings(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "pipeline.cache"]


@pytest.fixture
def counted(tiny_dump, monkeypatch):
    """The files read and the articles extracted by the runs of `tiny_dump`."""
    from pipeline import runner

    done = {"read": [], "extracted": []}
    real_read, real_extract = runner.read_item, runner.extract_task

    def read_item(item, settings, repeated=frozenset()):
        done["read"].append(item.path.name)
        return real_read(item, settings, repeated)

    def extract_task(articles, settings, nlp=None):
        done["extracted"].extend(a.label for a in articles)
        return real_extract(articles, settings, nlp)

    monkeypatch.setattr(runner, "read_item", read_item)
    monkeypatch.setattr(runner, "extract_task", extract_task)
    return done


@pytest.mark.parametrize(
    "table, column, damage, redone, error",
    [
        ("pages", "records", lambda blob: b"not a zstd frame", "read", "error determining content size from frame header"),
        ("article_claims", "claims", flipped_in_the_middle, "extracted", "decompression error: Restored data doesn't match checksum"),
    ],
    ids=["a page row", "a compressed frame of claims"],
)
def test_a_damaged_cache_entry_is_made_again_with_one_warning(tiny_dump, out, counted, caplog, table, column, damage, redone, error):
    run(tiny_dump, out)
    first = files_of(out)
    damage_one_entry(out, table, column, damage)
    counted[redone].clear()
    assert run(tiny_dump, out) == 0
    assert len(counted[redone]) == 1
    assert cache_warnings(caplog) == [f"{cache_of(out)}: a damaged cache entry dropped and made again (ZstdError: {error})"]
    assert files_of(out) == first


def test_an_entry_made_again_is_found_by_the_next_run(tiny_dump, out, counted, caplog):
    run(tiny_dump, out)
    damage_one_entry(out, "article_claims", "claims", flipped_in_the_middle)
    run(tiny_dump, out)
    counted["extracted"].clear()
    caplog.clear()
    run(tiny_dump, out)
    assert (counted["extracted"], cache_warnings(caplog)) == ([], [])


def test_a_cache_file_damaged_under_its_tables_is_left_aside_and_the_run_goes_on(tiny_dump, out, caplog):
    run(tiny_dump, out)
    first = files_of(out)
    with sqlite3.connect(cache_of(out)) as db:
        (root,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'pages'").fetchone()
        (page_size,) = db.execute("PRAGMA page_size").fetchone()
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    with cache_of(out).open("r+b") as cache:
        cache.seek((root - 1) * page_size)
        cache.write(b"\xff" * 64)
    assert run(tiny_dump, out) == 0
    assert cache_warnings(caplog) == [
        f"{cache_of(out)}: a damaged cache entry dropped and made again (DatabaseError: database disk image is malformed)",
        f"{cache_of(out)}: cache file damaged (database disk image is malformed); the run goes on without it "
        "(delete it, or run with --no-cache)",
    ]
    assert files_of(out) == first


@pytest.fixture(scope="module")
def dump_of_30_pages(tmp_path_factory):
    from benchmarks.kill_test import build_dump

    return build_dump(tmp_path_factory.mktemp("dump") / "pages", pages=30)


def started_with_workers(dump, out, **pipes):
    """`python -m pipeline run` with two workers, in a session of its own, once its workers have started."""
    from benchmarks.kill_test import command, session_processes

    run = subprocess.Popen(command(dump, out, 2), cwd=ROOT, start_new_session=True, **pipes)
    deadline = time.monotonic() + 60
    while len(session_processes(run.pid)) < 5 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(session_processes(run.pid)) == 5, "the run, the resource tracker, the fork server and two workers"
    return run


def test_a_killed_run_leaves_no_process_and_closes_the_callers_pipe(dump_of_30_pages, out):
    from benchmarks.kill_test import left_at, pipe_closed

    run = started_with_workers(dump_of_30_pages, out, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    assert pipe_closed(run.stdout.fileno(), time.monotonic() + 5)
    run.stdout.close()
    assert left_at(run.pid, time.monotonic() + 5) == []


def test_ctrl_c_of_a_run_with_workers_ends_with_one_line_and_exit_130(dump_of_30_pages, out):
    from benchmarks.kill_test import left_at

    run = started_with_workers(dump_of_30_pages, out, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.killpg(run.pid, signal.SIGINT)
    _, stderr = run.communicate(timeout=60)
    assert (run.returncode, stderr.decode()) == (130, "interrupted\n")
    assert left_at(run.pid, time.monotonic() + 5) == []
    assert not (out / "run.json").exists()


def test_kill_test_of_two_kills_finds_no_failure(tmp_path):
    from benchmarks.kill_test import kill_test

    figures = kill_test(tmp_path, tries=2, seed=1, pages=20, jobs=2, log=lambda line: None)
    assert (figures.tries, figures.failures) == (2, [])
