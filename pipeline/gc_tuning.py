"""Python's cyclic garbage collector, tuned in the processes a run owns only: the command line's
and the fork server the workers are forked from. A function a notebook calls leaves it alone."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLDS = (50_000, 20, 100)
"""Collections far rarer than the default (700, 10, 10): loading the model and keeping every claim
makes many objects and next to no cyclic garbage, so frequent collections free nothing."""


def relax() -> None:
    gc.set_threshold(*THRESHOLDS)


@contextmanager
def relaxed() -> Iterator[None]:
    """`relax` for the command line's run, given back after (a test may call the command line's `main`)."""
    before = gc.get_threshold()
    relax()
    try:
        yield
    finally:
        gc.set_threshold(*before)


def freeze_loaded() -> None:
    """Leave what the fork server loaded (modules, model) out of later collections, so the forked
    workers neither walk it nor write to its memory pages."""
    gc.freeze()
