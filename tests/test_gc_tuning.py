"""The collector is relaxed in the processes a run owns, and given back as it was elsewhere."""
from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import cli, gc_tuning

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _environment(monkeypatch):
    monkeypatch.delenv("DASK_LOGGING__DISTRIBUTED", raising=False)  # the command line sets it


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
    with pytest.raises(RuntimeError):
        cli.main(["reconcile", "claims.jsonl", "--out", "out"])
    assert gc.get_threshold() == before


def test_the_fork_servers_module_relaxes_the_collector_before_loading_and_freezes_what_it_loaded():
    """Imported in a fresh interpreter, as the fork server imports it. With the default thresholds
    the import runs over 300 young collections; relaxed, those of the package's own import only."""
    probe = (
        "import gc, pipeline.worker_start; "
        "print(gc.get_threshold(), gc.get_freeze_count(), gc.get_stats()[0]['collections'], sep=';')"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    thresholds, frozen, young_collections = done.stdout.strip().split(";")
    assert thresholds == str(gc_tuning.THRESHOLDS)
    assert int(frozen) > 10_000
    assert int(young_collections) < 150
