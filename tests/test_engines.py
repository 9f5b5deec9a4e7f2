"""The local process pool: workers start at once and warm up before their first task."""
from __future__ import annotations

import os
import time
from functools import partial
from pathlib import Path

from pipeline.engines import open_engine


def leave_mark(folder: str) -> None:
    Path(folder, f"worker-{os.getpid()}").touch()


def test_every_worker_warms_up_before_any_task_is_submitted(tmp_path):
    with open_engine("local", 2, warm_up=partial(leave_mark, str(tmp_path))):
        deadline = time.monotonic() + 60
        while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(list(tmp_path.iterdir())) == 2


def test_tasks_run_in_worker_processes():
    with open_engine("local", 2) as engine:
        assert engine.submit(os.getpid).result() != os.getpid()


def test_a_pool_has_not_started_until_a_worker_has_warmed_up():
    with open_engine("local", 2, warm_up=partial(time.sleep, 0.5)) as engine:
        assert not engine.started  # each worker sleeps half a second before it takes a task
        engine.submit(os.getpid).result()
        deadline = time.monotonic() + 60
        while not engine.started and time.monotonic() < deadline:
            time.sleep(0.01)
        assert engine.started


def test_engines_that_start_with_their_tasks_count_as_started():
    with open_engine("local", 1) as inline, open_engine("local", 2) as pool_without_warm_up:
        assert inline.started
        assert pool_without_warm_up.started
