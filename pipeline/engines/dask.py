"""The Dask engine: the same tasks on dask.distributed, on this machine or on a cluster.

Without a scheduler address it starts a LocalCluster of `jobs` worker
processes with one thread each (spaCy and the extractors are CPU-bound Python,
so threads would share one core); with one it joins that cluster. Either way
the workers import this package to run the tasks, so it must be installed
where they run. Dask is an optional dependency: `open_engine` imports this
module only when the dask engine is asked for.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from distributed import Client, LocalCluster

from pipeline.errors import SettingsError


class DaskEngine:
    """A dask.distributed Client, on a LocalCluster it owns or on the cluster at `scheduler`."""

    in_process = False
    started = True
    """A cluster's workers start with it (or are running already): tasks are always submitted."""

    def __init__(self, jobs: int, *, scheduler: str = "") -> None:
        self._cluster: LocalCluster | None = None
        if scheduler:
            try:
                self._client = Client(scheduler, timeout="30s")
            except OSError as exc:
                raise SettingsError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        else:
            self._cluster = LocalCluster(
                n_workers=jobs, threads_per_worker=1, processes=True,
                # Its HTTP server (dashboard, health checks) takes a free port, so runs never collide on 8787.
                dashboard_address=":0", silence_logs=logging.ERROR,
            )
            self._client = Client(self._cluster)
        self.workers = max(1, sum(self._client.nthreads().values()))

    def submit(self, function: Callable[..., Any], /, *args: Any):
        # pure=False: a task runs each time it is submitted; its arguments are never hashed into a key.
        return self._client.submit(function, *args, pure=False)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> "DaskEngine":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

