"""Where the work of a run happens: in this process, in a local process pool, or on Dask.

Every engine does one thing: run a module-level function on its arguments
somewhere and hand back a future (`.result()` waits and returns, or raises the
task's error). `map_in_order` builds the one pattern the runner needs on top:
a lazy map over a stream that keeps a bounded number of tasks in flight and
yields results in input order, so outputs never depend on which worker
finished first and memory never depends on the size of the dump.

Workers keep what they load between tasks: the spaCy model is loaded once per
worker process and reused (`load_model` caches it per process). A local pool
can be given a `warm_up` function that every worker runs as it starts: the
runner loads the model there, while it is still reading the first pages, so
the first batch to extract does not wait for it.

    with open_engine("local", jobs=2) as engine:
        for batch, claims in map_in_order(engine, partial(extract_task, settings=settings), batches, window=engine.workers * 2):
            ...
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from pipeline.errors import SettingsError

ENGINES = ("local", "dask")
WORKER_MODULES = ("pipeline.worker_start",)
"""What the fork server imports once for every worker of a run (the tasks, the extractors, and
the data they load on first use; a worker imports the readers with its first pages)."""
TASKS_IN_FLIGHT_PER_WORKER = 2
"""Tasks submitted ahead per worker: one running, one waiting, so no worker idles while
this process takes in a result; more would only hold more work in memory."""


class Future(Protocol):
    def result(self) -> Any: ...


class Engine(Protocol):
    workers: int
    """How many tasks can run at once (windows of tasks in flight are a multiple of it)."""
    in_process: bool
    """True when tasks run in this process: callers may stream instead of batching into tasks."""
    started: bool
    """False while no worker can take a task yet (local workers starting): what this process can
    do itself meanwhile is not worth queueing."""

    def submit(self, function: Callable[..., Any], /, *args: Any) -> Future: ...

    def close(self) -> None: ...

    def __enter__(self) -> "Engine": ...

    def __exit__(self, *exc_info: object) -> None: ...


def open_engine(
    name: str, jobs: int, *, scheduler: str = "", preload: tuple[str, ...] = (), warm_up: Callable[[], Any] | None = None,
) -> Engine:
    """The engine called `name` with `jobs` workers.

    "local" with one job runs tasks in this process, when their results are
    asked for; with more, in a pool of processes that start with the modules
    `preload` imported, each running `warm_up` first. "dask" runs them on a LocalCluster of `jobs` worker
    processes, or on the cluster whose scheduler listens at `scheduler`.
    """
    if name not in ENGINES:
        raise SettingsError(f"unknown engine {name!r}; valid: {', '.join(ENGINES)}")
    if scheduler and name != "dask":
        raise SettingsError("a scheduler address needs the dask engine (--engine dask)")
    if name == "dask":
        try:
            from pipeline.engines.dask import DaskEngine
        except ImportError as exc:
            if (exc.name or "").split(".")[0] not in ("dask", "distributed"):
                raise
            raise SettingsError(
                "the dask engine needs dask.distributed, which is not installed: "
                "pip install 'news-claims-pipeline[dask]'"
            ) from exc
        return DaskEngine(jobs, scheduler=scheduler)
    from pipeline.engines.local import InlineEngine, ProcessEngine

    return InlineEngine() if jobs == 1 else ProcessEngine(jobs, preload=preload, warm_up=warm_up)


def map_in_order(
    engine: Engine, function: Callable[[Any], Any], items: Iterable[Any], *, window: int,
    task: Callable[[Any], Any] = lambda item: item,
) -> Iterator[tuple[Any, Any]]:
    """(item, `function(task(item))` computed by `engine`) for each item, in the order of `items`.

    An item whose `task(item)` is None is not submitted: it comes out as
    (item, None) in its place, for the caller to deal with (work already done,
    or work better done here). At most `window` items are pulled and not yet
    yielded, and `items` is pulled only as results are taken, so a generator
    upstream stays lazy and memory stays bounded.
    """
    pending: deque[tuple[Any, Future | None]] = deque()
    stream = iter(items)

    def fill() -> None:
        while len(pending) < window and (item := next(stream, _END)) is not _END:
            work = task(item)
            pending.append((item, None if work is None else engine.submit(function, work)))

    fill()
    while pending:
        item, future = pending.popleft()
        fill()
        yield item, None if future is None else future.result()


def engine_map(engine: Engine, function: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
    """`map(function, items)` computed by `engine`, TASKS_IN_FLIGHT_PER_WORKER tasks per worker in flight."""
    return (result for _, result in map_in_order(engine, function, items, window=TASKS_IN_FLIGHT_PER_WORKER * engine.workers))


_END = object()
