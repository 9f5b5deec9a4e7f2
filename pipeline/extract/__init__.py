"""Extract stage: Article -> Claim, with spaCy loaded once and run in batches."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from pipeline.records import Article, Claim
from pipeline.settings import Settings

STAGE_VERSION = 1  # bump when the claims of the same article change (code, word lists, their rows): a new claims cache


def extract(articles: Iterable[Article], settings: Settings | None = None, nlp=None) -> Iterator[Claim]:
    """Claims of every extractable article, in input order.

    Rejected articles and articles in languages the model does not handle are
    skipped (ingest recorded them in articles.csv). Syndicated copies are
    extracted too: their claims carry `duplicate_of` so reconcile counts them once.
    """
    from pipeline.extract.claims import claims_for_doc
    from pipeline.extract.nlp import load_model, parse

    settings = settings or Settings()
    nlp = nlp or load_model(settings.model)
    todo = ((a.text, a) for a in articles if is_extractable(a, settings))
    for doc, article in parse(nlp, todo, settings.batch_size):
        yield from claims_for_doc(doc, article)


def is_extractable(article: Article, settings: Settings) -> bool:
    return (
        article.status == "ok"
        and bool(article.text)
        and (not article.language or article.language in settings.languages)
    )
