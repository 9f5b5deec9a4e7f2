"""Readable labels for articles read from files named by a hash: the label names a source in
the reconciled table, and 64 hex characters name none a reader knows."""
from __future__ import annotations

import dataclasses
import re
from urllib.parse import urlsplit

from pipeline.records import Article

HASH_NAME = re.compile(r"[0-9a-fA-F]{32,64}(?=$|[:#])")
"""A file stem of 32 to 64 hex characters (an MD5 to a SHA-256), alone or before a record's locator."""
TITLE_WORDS = 6
TITLE_CHARS = 48


def is_hash_label(label: str) -> bool:
    return HASH_NAME.match(label) is not None


def slug(text: str) -> str:
    """Lower-case words joined by hyphens: 'Ferries Resume, Says Port' -> 'ferries-resume-says-port'."""
    return "-".join(re.findall(r"[^\W_]+", text.lower()))


def outlet_of(article: Article) -> str:
    """The site's name as a slug, else the url's host without 'www.'."""
    try:
        host = urlsplit(article.url).hostname or ""
    except ValueError:  # a url that does not parse names no host
        host = ""
    return slug(article.outlet) or host.removeprefix("www.")


def short_title(title: str) -> str:
    """The title's first words as a slug, cut at a word within TITLE_CHARS."""
    words = slug(title).split("-")[:TITLE_WORDS]
    while len(words) > 1 and len("-".join(words)) > TITLE_CHARS:
        words.pop()
    return "-".join(words)[:TITLE_CHARS]


def readable_label(article: Article) -> str:
    """'outlet/short-title' (either alone if the other is missing); '' if the article has neither."""
    return "/".join(part for part in (outlet_of(article), short_title(article.title)) if part)


class ReadableLabels:
    """Gives each article of a hash-named file its readable label, numbered ('-2', '-3') where an
    earlier one has it, in the order the articles come (input order: the same labels every run)."""

    def __init__(self) -> None:
        self._given: set[str] = set()

    def relabel(self, article: Article) -> Article:
        base = readable_label(article) if is_hash_label(article.label) else ""
        if not base:
            return article
        label, number = base, 1
        while label in self._given:
            number += 1
            label = f"{base}-{number}"
        self._given.add(label)
        return dataclasses.replace(article, label=label)
