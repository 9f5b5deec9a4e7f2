"""Extract stage: Article -> Claim, with spaCy loaded once and run in batches."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from pipeline.records import Article, Claim, make_claim_id
from pipeline.settings import Settings

STAGE_VERSION = 1  # bump when the claims of the same article change (code, word lists, their rows): a new claims cache


def extract(articles: Iterable[Article], settings: Settings | None = None, nlp=None) -> Iterator[Claim]:
    """Claims of every extractable article, in input order.

    Rejected articles and articles in languages the model does not handle are
    skipped (ingest recorded them in articles.csv). Syndicated copies are
    extracted too: their claims carry `duplicate_of` so reconcile counts them once.
    An article longer than PIECE_CHARS (or the model's `max_length`) is parsed in pieces.
    """
    from pipeline.extract.claims import claims_for_doc
    from pipeline.extract.nlp import load_model, parse

    settings = settings or Settings()
    nlp = nlp or load_model(settings.model, settings.fast_components)
    todo = (
        (piece.text, (piece, start))
        for article in articles if is_extractable(article, settings)
        for piece, start in pieces(article, min(nlp.max_length, PIECE_CHARS))
    )
    for doc, (piece, start) in parse(nlp, todo, settings.batch_size):
        claims = claims_for_doc(doc, piece)
        yield from (shifted(claim, start) for claim in claims) if start else claims


PIECE_CHARS = 100_000
"""The longest text parsed whole: a long news article has 30,000-60,000 characters, and the
parser needs about 300 MB per 100,000 (spaCy refuses more than its `max_length`, 1,000,000)."""


def is_extractable(article: Article, settings: Settings) -> bool:
    return (
        article.status == "ok"
        and bool(article.text)
        and (not article.language or article.language in settings.languages)
    )


def pieces(article: Article, max_chars: int) -> Iterator[tuple[Article, int]]:
    """The article as parts of at most `max_chars` characters, each with where it starts in the text.

    The parser's memory grows with the text, so a longer article is cut between paragraphs (lines), or, where one paragraph is longer,
    at the last space before the limit: each part is an article of its own for the extractors,
    and its claims are placed back in the whole text by `shifted`.
    """
    text = article.text
    if len(text) <= max_chars:
        yield article, 0
        return
    start = 0
    while start < len(text):
        end = len(text) if len(text) - start <= max_chars else _cut(text, start, start + max_chars)
        yield dataclasses.replace(article, text=text[start:end]), start
        start = end


def _cut(text: str, start: int, limit: int) -> int:
    """The end of a part starting at `start`: after the last line break before `limit`, else
    after the last space, else at `limit`."""
    for separator in ("\n", " "):
        at = text.rfind(separator, start, limit)
        if at > start:
            return at + 1
    return limit


def shifted(claim: Claim, start: int) -> Claim:
    """A claim of a part of an article placed in the whole article's text (offsets and id)."""
    char_start, char_end = claim.char_start + start, claim.char_end + start
    return dataclasses.replace(
        claim,
        char_start=char_start,
        char_end=char_end,
        claim_id=make_claim_id(claim.doc_id, claim.type, char_start, char_end, claim.value),
    )
