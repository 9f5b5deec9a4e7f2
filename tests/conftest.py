"""Shared fixtures: one spaCy pipeline per test session, and the shared seeds."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SEEDS_GOLD = SHARED / "seeds-gold.json"
BENCHMARKS = SHARED / "benchmarks"
SAMPLE = ROOT / "data" / "raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir() or not SEEDS_GOLD.is_file(),
    reason="../shared/seeds (reference articles and their gold) is not beside this checkout",
)
needs_benchmarks = pytest.mark.skipif(
    not BENCHMARKS.is_dir(), reason="../shared/benchmarks is not beside this checkout"
)


@pytest.fixture(scope="session")
def nlp():
    from pipeline.extract.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def spacy_nlp():
    """The model as spaCy loads it: its own attribute ruler and entity recogniser, blis."""
    from pipeline.extract.nlp import load_model

    return load_model(fast_components=False)


@pytest.fixture(scope="session")
def seeds_gold() -> dict:
    return json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))


def gold_document(gold: dict, prefix: str) -> dict:
    """The gold entry of the seed whose file name starts with `prefix` ("003")."""
    return next(d for d in gold["documents"] if d["file"].startswith(prefix))


@pytest.fixture
def tiny_dump(tmp_path, monkeypatch):
    """Two short articles; extraction replaced by one that finds nothing, so no model loads."""
    from pipeline import runner

    for town in ("Ashby", "Carden"):
        (tmp_path / f"{town}.txt").write_text(
            f"Bridge works in {town}\n" + f"The council of {town} met on Monday to discuss the new bridge. " * 5 + "\n"
        )
    monkeypatch.setattr(runner, "extract_task", lambda articles, settings, nlp=None: [])
    return tmp_path


def write_run(out: Path, articles: list, claims: list, facts: list) -> Path:
    """A run's files in `out`, as `run` writes them, from records made by hand (no extraction)."""
    from operator import attrgetter

    from pipeline import export
    from pipeline.outputs import OutputSet

    with OutputSet(out, "run") as outputs:
        export.write_jsonl(articles, outputs.path("articles.jsonl"))
        rows = export.sorted_article_rows(export.article_row(article) for article in articles)
        export.write_rows_csv(rows, export.ARTICLE_COLUMNS, outputs.path("articles.csv"))
        ordered = sorted(claims, key=attrgetter(*export.CLAIM_ORDER))
        export.write_records_csv(ordered, export.CLAIM_COLUMNS, outputs.path("claims.csv"))
        export.write_facts_csv(facts, outputs.path("reconciled_claims.csv"))
        outputs.commit()
    return out
