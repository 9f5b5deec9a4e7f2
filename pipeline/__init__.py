"""News-claim extraction and cross-source fact reconciliation.

The stages, each a plain function from records to records:

    ingest(paths)      -> Article | Rejection
    extract(articles)  -> Claim
    reconcile(claims)  -> Fact
    run(paths)         -> Result (the three tables as pandas DataFrames)
"""
from __future__ import annotations

import logging
import sys
import types

from pipeline.records import Article, Claim, Fact, Rejection
from pipeline.settings import Settings

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["Article", "Claim", "Fact", "Rejection", "Settings", "ingest", "extract", "reconcile", "run"]
STAGES = frozenset({"ingest", "extract", "reconcile"})


class _Package(types.ModuleType):
    """This package, keeping its public functions: the stage packages share their names with
    them, and Python sets a package's attribute to each subpackage the first time it is
    imported (`import pipeline.extract.nlp` would make `pipeline.extract` the package).

    The stages are imported when first used: importing them all with this package cost
    every start 0.4 s (numpy, jusText, rapidfuzz), and a run's worker processes start after it.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in STAGES and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def ingest(inputs, settings: Settings | None = None):
    from pipeline.ingest import ingest as ingest_stage

    return ingest_stage(inputs, settings or Settings())


def extract(articles, settings: Settings | None = None, nlp=None):
    from pipeline.extract import extract as extract_stage

    return extract_stage(articles, settings or Settings(), nlp=nlp)


def reconcile(claims, settings: Settings | None = None):
    from pipeline.reconcile import reconcile as reconcile_stage

    return reconcile_stage(claims, settings or Settings())


def run(inputs, settings: Settings | None = None, out_dir=None, nlp=None, **options):
    """All stages; `options` are those of `pipeline.runner.run` (cache, engine, scheduler, progress)."""
    from pipeline.runner import run as _run

    return _run(inputs, settings or Settings(), out_dir=out_dir, nlp=nlp, **options)
