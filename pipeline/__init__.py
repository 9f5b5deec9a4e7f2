"""News-claim extraction and cross-source fact reconciliation.

The stages, each a plain function from records to records:

    ingest(paths)      -> Article | Rejection
    extract(articles)  -> Claim
    reconcile(claims)  -> Fact
    run(paths)         -> Result (the three tables as pandas DataFrames)
"""
from __future__ import annotations

import logging

from pipeline.records import Article, Claim, Fact, Rejection
from pipeline.settings import Settings

# The stage packages share their names with the public functions below. Loading
# them here, before the functions are defined, means Python's "set the parent's
# attribute on first import" happens now, so `pipeline.extract` stays the
# function however often the submodules are imported later. All three import in
# well under a second: spaCy itself loads only when a model is needed.
from pipeline.extract import extract as _extract
from pipeline.ingest import ingest as _ingest
from pipeline.reconcile import reconcile as _reconcile

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["Article", "Claim", "Fact", "Rejection", "Settings", "ingest", "extract", "reconcile", "run"]


def ingest(inputs, settings: Settings | None = None):
    return _ingest(inputs, settings or Settings())


def extract(articles, settings: Settings | None = None, nlp=None):
    return _extract(articles, settings or Settings(), nlp=nlp)


def reconcile(claims, settings: Settings | None = None):
    return _reconcile(claims, settings or Settings())


def run(inputs, settings: Settings | None = None, out_dir=None, nlp=None, **options):
    """All stages; `options` are those of `pipeline.runner.run` (cache, engine, scheduler, progress)."""
    from pipeline.runner import run as _run

    return _run(inputs, settings or Settings(), out_dir=out_dir, nlp=nlp, **options)
