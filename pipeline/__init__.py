"""News-claim extraction and cross-source fact reconciliation.

The stages, each a plain function from records to records:

    ingest(paths)      -> Article | Rejection
    extract(articles)  -> Claim
    reconcile(claims)  -> Fact
    run(paths)         -> Result (the three tables as pandas DataFrames)
"""
from __future__ import annotations

import functools
import logging
import sys

# The stage packages are imported before their names are bound to the stage functions below:
# Python binds a package's name in its parent when it is first imported, never again after.
from pipeline import extract as _extract_package
from pipeline import ingest as _ingest_package
from pipeline import reconcile as _reconcile_package
from pipeline.records import Article, Claim, Fact, Rejection
from pipeline.settings import Settings

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["Article", "Claim", "Fact", "Rejection", "Settings", "ingest", "extract", "reconcile", "run"]


class Stage:
    """A stage function under its package's name; it also gives the package's imported modules,
    so that `import pipeline.reconcile.measures as m` finds them."""

    def __init__(self, function) -> None:
        functools.update_wrapper(self, function)

    def __call__(self, *args, **kwargs):
        return self.__wrapped__(*args, **kwargs)

    def __getattr__(self, name: str):
        module = sys.modules.get(f"{__name__}.{self.__name__}.{name}")
        if module is None:
            raise AttributeError(f"stage function {__name__}.{self.__name__} has no attribute {name!r}")
        return module

    def __repr__(self) -> str:
        return f"<stage function {__name__}.{self.__name__}>"


@Stage
def ingest(inputs, settings: Settings | None = None):
    return _ingest_package.ingest(inputs, settings or Settings())


@Stage
def extract(articles, settings: Settings | None = None, nlp=None):
    return _extract_package.extract(articles, settings or Settings(), nlp=nlp)


@Stage
def reconcile(claims, settings: Settings | None = None):
    return _reconcile_package.reconcile(claims, settings or Settings())


def run(inputs, settings: Settings | None = None, out_dir=None, nlp=None, **options):
    """All stages; `options` are those of `pipeline.runner.run` (cache, engine, scheduler, progress)."""
    from pipeline.runner import run as _run

    return _run(inputs, settings or Settings(), out_dir=out_dir, nlp=nlp, **options)
