"""Faults around a run: its outputs are a set (or the previous one), one run at a time writes into a
folder, files are readable as the umask says, the workers die with the run, a damaged cache entry is
made again."""
from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from pipeline import outputs
from pipeline.cli import main

OUTPUTS = ["articles.csv", "articles.jsonl", "claims.csv", "claims.jsonl", "reconciled_claims.csv"]


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
    assert [text.split(" met ")[0] for text in result.texts.values()] == ["The council of Ashby", "The council of Carden"]


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
