"""--engine dask: the same stages on dask.distributed write the same bytes as the local engine."""
from __future__ import annotations

import sys

import pytest

from pipeline.cli import main
from pipeline.engines import open_engine
from pipeline.errors import SettingsError
from tests.conftest import SAMPLE

OUTPUTS = ("articles.csv", "articles.jsonl", "claims.csv", "claims.jsonl", "reconciled_claims.csv", "report.html")


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    assert main(["run", str(SAMPLE), "--out", str(out), "--jobs", "1", "--no-cache", "--quiet"]) == 0
    return out


@pytest.mark.slow
def test_a_two_worker_local_cluster_writes_the_same_bytes(local_run, tmp_path):
    distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed (the dask extra)")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        argv = ["run", str(SAMPLE), "--out", str(tmp_path), "--engine", "dask", "--scheduler", cluster.scheduler_address,
                "--batch-size", "2", "--no-cache", "--quiet"]
        assert main(argv) == 0
    for name in OUTPUTS:
        assert (tmp_path / name).read_bytes() == (local_run / name).read_bytes(), name


@pytest.mark.slow
def test_the_engine_starts_its_own_cluster_without_a_scheduler(local_run, tmp_path):
    pytest.importorskip("distributed", reason="dask.distributed is not installed (the dask extra)")
    argv = ["run", str(SAMPLE), "--out", str(tmp_path), "--engine", "dask", "--jobs", "2", "--no-cache", "--quiet"]
    assert main(argv) == 0
    for name in OUTPUTS:
        assert (tmp_path / name).read_bytes() == (local_run / name).read_bytes(), name


def test_without_dask_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    monkeypatch.delitem(sys.modules, "pipeline.engines.dask", raising=False)
    with pytest.raises(SettingsError, match=r"pip install 'news-claims-pipeline\[dask\]'"):
        open_engine("dask", 2)


def test_a_scheduler_needs_the_dask_engine(tmp_path, capsys):
    assert main(["run", str(SAMPLE), "--out", str(tmp_path), "--scheduler", "tcp://127.0.0.1:8786", "--quiet"]) == 2
    assert "Error: a scheduler address needs the dask engine (--engine dask)" in capsys.readouterr().err
