"""The whole job: ingest -> extract -> reconcile -> tables (and files)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline import export
from pipeline.records import Article, Claim, Fact, Rejection
from pipeline.settings import Settings


@dataclass
class Result:
    """The three tables of a run, plus the article texts for highlighting evidence."""

    articles: pd.DataFrame
    claims: pd.DataFrame
    facts: pd.DataFrame
    texts: dict[str, str] = field(default_factory=dict)

    @property
    def rejected(self) -> pd.DataFrame:
        return self.articles[self.articles["status"] == "rejected"]


def run(inputs: Iterable[str | Path], settings: Settings | None = None, out_dir: str | Path | None = None, nlp=None) -> Result:
    """Run every stage on `inputs` (files or folders); write the outputs to `out_dir` if given."""
    from pipeline.extract import extract
    from pipeline.ingest import ingest
    from pipeline.reconcile import reconcile

    settings = settings or Settings()
    items: list[Article | Rejection] = list(ingest(inputs, settings))
    articles = [item for item in items if isinstance(item, Article)]
    claims: list[Claim] = list(extract(articles, settings, nlp=nlp))
    facts: list[Fact] = list(reconcile(claims, settings))
    result = Result(
        articles=export.articles_frame(items),
        claims=export.claims_frame(claims),
        facts=export.facts_frame(facts),
        texts={a.doc_id: a.text for a in articles},
    )
    if out_dir is not None:
        write_outputs(Path(out_dir), result, articles=articles, claims=claims)
    return result


def write_outputs(out_dir: Path, result: Result, *, articles: list[Article], claims: list[Claim]) -> None:
    export.write_jsonl(sorted(articles, key=lambda a: (a.source, a.doc_id)), out_dir / "articles.jsonl")
    export.write_csv(result.articles, out_dir / "articles.csv")
    export.write_jsonl(sorted(claims, key=lambda c: (c.source, c.doc_id, c.char_start, c.char_end, c.type, c.claim_id)), out_dir / "claims.jsonl")
    export.write_csv(result.claims, out_dir / "claims.csv")
    export.write_csv(result.facts, out_dir / "reconciled_claims.csv")
