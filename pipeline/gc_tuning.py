"""Python's cyclic garbage collector, tuned in the processes a run owns: the command line's
own, and the fork server the workers are forked from (so the workers too). A notebook's
process calling `pipeline.run` keeps its own settings.

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
"""A young collection every 50,000 new objects; the older generations as often as before
relative to it. Cyclic garbage waits a little longer: at most tens of thousands of objects."""


def relax() -> None:
    gc.set_threshold(*THRESHOLDS)


@contextmanager
def relaxed() -> Iterator[None]:
    """`relax` for the duration: the command line's process, given back as it was (a test or a
    notebook may call the command line's `main`)."""
    before = gc.get_threshold()
    relax()
    try:
        yield
    finally:
        gc.set_threshold(*before)


def freeze_loaded() -> None:
    """Leave every object made so far (the modules, the model) out of later collections: the
    workers forked from this process neither walk them nor write to their memory pages (which
    would copy each page the collector touches from the fork server's)."""
    gc.freeze()
