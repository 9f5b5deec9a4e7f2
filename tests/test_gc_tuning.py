"""The collector is relaxed in the processes a run owns, and given back as it was elsewhere."""
from __future__ import annotations

import gc
import subprocess
import sys

from pipeline import cli, gc_tuning


def test_the_command_line_runs_its_command_with_the_relaxed_collector_and_gives_the_old_one_back(monkeypatch):
    seen = []
    monkeypatch.setitem(cli.COMMANDS, "reconcile", lambda args, settings: seen.append(gc.get_threshold()) or 0)
    before = gc.get_threshold()

    assert cli.main(["reconcile", "claims.jsonl", "--out", "out"]) == 0
    assert seen == [gc_tuning.THRESHOLDS] != [before]
    assert gc.get_threshold() == before


def test_a_failing_command_gives_the_old_collector_back(monkeypatch):
    def fail(args, settings):
        raise RuntimeError("broken")

    monkeypatch.setitem(cli.COMMANDS, "reconcile", fail)
    before = gc.get_threshold()
    try:
        cli.main(["reconcile", "claims.jsonl", "--out", "out"])
    except RuntimeError:
        pass
    assert gc.get_threshold() == before


def test_the_workers_fork_server_relaxes_the_collector_and_freezes_what_it_loaded():
    probe = "import gc, pipeline.worker_start; print(gc.get_threshold(), gc.get_freeze_count() > 10_000)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split(")")[0] + ")" == str(gc_tuning.THRESHOLDS)
    assert done.stdout.strip().endswith("True")
