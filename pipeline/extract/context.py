"""What every extractor knows about the article behind a Doc, and how it makes claims."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipeline.records import Article, Claim, make_claim_id


@dataclass(frozen=True)
class ArticleContext:
    article: Article
    published: date | None

    @classmethod
    def of(cls, article: Article) -> "ArticleContext":
        return cls(article=article, published=parse_iso_date(article.published))

    def claim(self, type_: str, start: int, end: int, **fields) -> Claim:
        """A claim of this article whose evidence is text[start:end].

        Fills the id and the doc-level fields, so extractors only say what they found.
        """
        text = self.article.text
        if not 0 <= start < end <= len(text):
            raise ValueError(f"evidence span {start}:{end} is outside the article ({len(text)} chars)")
        value = str(fields.get("value", ""))
        return Claim(
            claim_id=make_claim_id(self.article.doc_id, type_, start, end, value),
            doc_id=self.article.doc_id,
            type=type_,
            surface=text[start:end],
            char_start=start,
            char_end=end,
            source=self.article.label,
            published=self.article.published,
            duplicate_of=self.article.duplicate_of,
            **fields,
        )


def parse_iso_date(value: str) -> date | None:
    """The date of an ISO string (YYYY-MM-DD, or a timestamp starting so), else None."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
