"""What every reader hands on: a Page (main text and metadata) read from an Origin.

`to_record` is the one place where a Page becomes an Article or a Rejection,
so the length check, the language check and the content id are the same for
HTML, text dumps, JSON records and WARC responses.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from pipeline.ingest.dates import date_in_url
from pipeline.ingest.language import detect_language
from pipeline.records import Article, Rejection, content_id, one_line
from pipeline.settings import Settings


@dataclass(frozen=True)
class Origin:
    """Where an item was read: `source` is the path as given or found, `label` its short name."""

    source: str
    label: str
    format: str

    def at(self, locator: str) -> Origin:
        """The origin of one item inside this container (`:LINE`, `#N`)."""
        return Origin(self.source + locator, self.label + locator, self.format)


@dataclass(frozen=True)
class Page:
    text: str
    title: str = ""
    author: str = ""
    outlet: str = ""
    url: str = ""
    published: str = ""
    published_from: str = ""
    updated: str = ""
    language: str = ""
    text_given: bool = False
    """The text is the article as a record gave it (a brief is news), not text found in a page."""


def normalise_line(line: str) -> str:
    return " ".join(line.split())


def normalise_text(text: str) -> str:
    """One block per line, inner whitespace collapsed, blank lines dropped, Unicode NFC."""
    lines = (normalise_line(line) for line in unicodedata.normalize("NFC", text).splitlines())
    return "\n".join(line for line in lines if line)


def reject(origin: Origin, reason: str) -> Rejection:
    """The one maker of Rejections: every reason is one line, bounded in length (`one_line`)."""
    return Rejection(source=origin.source, label=origin.label, reason=one_line(reason), format=origin.format)


def to_record(page: Page, origin: Origin, settings: Settings) -> Article | Rejection:
    text = normalise_text(page.text)
    if len(text) < (settings.min_brief_chars if page.text_given else settings.min_text_chars):
        return reject(origin, f"article text too short ({len(text)} chars)")
    language = page.language or detect_language(text)
    reason = ""
    if language not in settings.languages:
        handled = ", ".join(settings.languages)
        reason = f"language {language}: not extracted (extractors handle {handled})"
    published, published_from, note = publication_date(page)
    reason = "; ".join(filter(None, [reason, note]))
    return Article(
        doc_id=content_id(" ".join(text.split())),
        source=origin.source,
        label=origin.label,
        text=text,
        format=origin.format,
        title=normalise_line(page.title),
        outlet=normalise_line(page.outlet),
        author=normalise_line(page.author),
        url=page.url.strip(),
        published=published,
        published_from=published_from,
        updated=page.updated if page.updated > published else "",
        language=language,
        reason=reason,
    )


def publication_date(page: Page) -> tuple[str, str, str]:
    """(published, where it came from, a note): the page's own date, else its URL's; where
    both are given and disagree, the page's text or markup wins and the note says so."""
    in_url = date_in_url(page.url)
    if not page.published:
        return (in_url, "url", "") if in_url else ("", "", "")
    note = ""
    if in_url and in_url != page.published:
        note = f"publication date {page.published} ({page.published_from}) differs from the url's {in_url}"
    return page.published, page.published_from, note
