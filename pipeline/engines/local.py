"""The local engines: tasks in this process (one job), or in a pool of worker processes."""
from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from typing import Any

from pipeline.engines.lifeline import start_worker

SERVER_START = "pipeline.engines.server_start"


class InlineEngine:
    """One job: a task runs in this process when its result is asked for, so nothing runs ahead."""

    workers = 1
    in_process = True
    started = True

    def submit(self, function: Callable[..., Any], /, *args: Any) -> "LazyResult":
        return LazyResult(function, args)

    def close(self) -> None:
        pass

    def __enter__(self) -> "InlineEngine":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class LazyResult:
    """A future for the inline engine: the call happens on the first `result()`."""

    def __init__(self, function: Callable[..., Any], args: tuple) -> None:
        self._call: tuple[Callable[..., Any], tuple] | None = (function, args)
        self._value: Any = None

    def result(self) -> Any:
        if self._call is not None:
            function, args = self._call
            self._value, self._call = function(*args), None
        return self._value


class ProcessEngine:
    """`jobs` worker processes (concurrent.futures), started with the modules `preload` imported,
    each running `warm_up` (a picklable function) before its first task. The workers end when
    this process does, even if it is killed (`lifeline`)."""

    in_process = False

    def __init__(self, jobs: int, *, preload: tuple[str, ...] = (), warm_up: Callable[[], Any] | None = None) -> None:
        self.workers = jobs
        context = _worker_context(preload)
        initializer = partial(start_worker, warm_up, context.get_start_method() == "forkserver")
        self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=initializer)
        self._starter: threading.Thread | None = None
        self._first_tasks: list[Future] = []
        if warm_up is not None:
            # The pool starts workers as tasks come: start them all now, from a thread, since
            # the first start waits for the fork server to import `preload` (about a second
            # that a re-run spends reading its cache instead).
            self._starter = threading.Thread(target=self._start_workers, name="start-workers", daemon=True)
            self._starter.start()

    def _start_workers(self) -> None:
        try:
            for _ in range(self.workers):
                self._first_tasks.append(self._pool.submit(_nothing))
        except RuntimeError:  # broken or shut down: the tasks themselves report it
            pass

    @property
    def started(self) -> bool:
        """Whether a worker has started and can take a task now. Until then (about a second: the
        fork server's imports and model), work the run can do itself, such as reading a page,
        is better done in this process than queued. Without `warm_up` the workers start with
        the first tasks: always True."""
        return self._starter is None or any(task.done() for task in self._first_tasks)

    def submit(self, function: Callable[..., Any], /, *args: Any):
        return self._pool.submit(function, *args)

    def close(self) -> None:
        if self._starter is not None:
            self._starter.join()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "ProcessEngine":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _nothing() -> None:
    pass


def _worker_context(preload: tuple[str, ...]):
    """Workers forked from a fork server: a clean single-threaded process that has imported
    `preload` once, so workers start fast without inheriting this process's threads and
    locks (a plain fork of a threaded parent can deadlock). Spawn where there is none."""
    if not start_fork_server(preload):
        return multiprocessing.get_context("spawn")
    return multiprocessing.get_context("forkserver")


def start_fork_server(preload: tuple[str, ...]) -> bool:
    """Start this process's fork server, importing `preload`, unless it is running (it keeps the
    modules it started with); False where there is none. Called by the command line before
    it imports the stages, so the workers' imports and model load overlap the run's own start.
    Started in the caller's thread: from the thread that starts the workers it began 0.1 s
    later, that thread waiting for this one between its steps. Started by the main thread, it
    dies with this process (SERVER_START: the parent-death signal fires when the thread that
    made the server ends, and another thread may end before the process)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return False
    guard = [SERVER_START] if threading.current_thread() is threading.main_thread() else []
    if preload or guard:
        multiprocessing.get_context("forkserver").set_forkserver_preload([*guard, *preload])
    multiprocessing.forkserver.ensure_running()
    return True
