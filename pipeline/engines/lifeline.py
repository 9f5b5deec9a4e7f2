"""Worker processes that end with the run that started them, however it ends.

A run killed with SIGKILL runs no clean-up: its fork server and pool workers would live
on, waiting for tasks that never come (each holds the pipes of the others, so none sees
the run go), holding hundreds of MB and the caller's stdout (`run ... | grep` would never
return). Two guards, both in processes the run owns, never in the caller's:

- Linux's parent-death signal (prctl PR_SET_PDEATHSIG): the kernel kills the process when the
  thread that made it ends. Set in the fork server (made by the run's main thread:
  `pipeline.engines.server_start`) and in each worker (made by the single-threaded fork server).
- A thread in each worker that waits on the sentinel pipe multiprocessing gives it (readable
  once the run has died), for other systems and a fork server made by another thread.

Workers also ignore SIGINT: Ctrl-C reaches the whole process group, and the run itself ends them.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

PR_SET_PDEATHSIG = 1
ORPHANED_EXIT_CODE = 70


def die_with_parent() -> bool:
    """Have the kernel SIGKILL this process when the thread that made it ends; False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return False
    return prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0


def exit_when_parent_dies() -> None:
    """End this process (a multiprocessing child) as soon as the process that started it has died."""
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(ORPHANED_EXIT_CODE)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def start_worker(warm_up: Callable[[], Any] | None, forked_by_server: bool) -> None:
    """A pool worker's initializer: the guards, then `warm_up`. The parent-death signal only for a
    worker of the fork server (with spawn, the parent thread may be one that ends before the run)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if forked_by_server:
        die_with_parent()
    exit_when_parent_dies()
    if warm_up is not None:
        warm_up()
