"""Python's cyclic garbage collector, tuned in the processes a run owns: the command line's
own, and the fork server the workers are forked from (so the workers too). A notebook's
process calling `pipeline.run` keeps its own settings; the fork server a run starts there is
the process's, so other pools it forks later inherit the setting.

CPython starts a collection every 700 new container objects (net of those freed) and walks
the older generations every 10 of those. Loading spaCy, the model and the extractors makes
hundreds of thousands of objects and no garbage, and a run keeps every claim it reads:
collections found next to nothing to free and walked the same objects again and again.
Measured here: the fork server's import of pipeline.worker_start took 0.73-0.77 s with the
defaults and 0.70-0.71 s relaxed (six alternating imports each); extracting 200 synthetic
articles in one process spent 75-93 ms in 135 collections, relaxed 11 ms in 3."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLDS = (50_000, 20, 100)
"""A young collection every 50,000 new objects (700 by default), the middle generation every 20
of those and the oldest every 100 (10 and 10 by default). Cyclic garbage waits longer to be
freed; objects without cycles are freed as before, when their last reference goes, and
extraction makes next to no cyclic garbage."""


def relax() -> None:
    gc.set_threshold(*THRESHOLDS)


@contextmanager
def relaxed() -> Iterator[None]:
    """`relax` for the duration: the command line's process, given back as it was (a test or a
    notebook may call the command line's `main`). The setting is the process's: other threads
    run relaxed meanwhile, and two threads calling `main` at once may leave it relaxed."""
    before = gc.get_threshold()
    relax()
    try:
        yield
    finally:
        gc.set_threshold(*before)


def freeze_loaded() -> None:
    """Leave every object made so far (the modules, the model) out of later collections: the
    workers forked from this process do not walk them, and their collector does not write to
    those objects' memory pages (each such write copies a page from the fork server's; counting
    references still does)."""
    gc.freeze()
