"""What every extractor knows about the article behind a Doc."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipeline.records import Article


@dataclass(frozen=True)
class ArticleContext:
    article: Article
    published: date | None

    @classmethod
    def of(cls, article: Article) -> "ArticleContext":
        return cls(article=article, published=parse_iso_date(article.published))


def parse_iso_date(value: str) -> date | None:
    """The date of an ISO string (YYYY-MM-DD, or a timestamp starting so), else None."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
