"""HTML pages -> Page: main text (maintext.py) and metadata with trafilatura, the date with htmldate.

The date is looked up in the page's markup first (meta tags, JSON-LD, time
elements: `published_from="metadata"`) and only then in the URL ("url"), so
that the record says where it came from. htmldate's bounds are fixed: its
default upper bound is today, which would make the result depend on the day
of the run.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import htmldate
import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from pipeline.errors import InputError
from pipeline.ingest.dates import date_in_url
from pipeline.ingest.maintext import main_text
from pipeline.ingest.page import Page

EARLIEST_DATE = "1995-01-01"
LATEST_DATE = "2099-12-31"
DATE_SEARCH = {
    "original_date": True,
    "extensive_search": False,
    "min_date": EARLIEST_DATE,
    "max_date": LATEST_DATE,
}
"""Publication (not modification) dates, from markup and a strict text search only."""


def page_from_html(html: str, url: str = "") -> Page:
    """`url` is the address the page was fetched from, when a container knows it; it wins over the page's own."""
    with quiet_loggers(LIBRARY_LOGGERS):
        tree = load_html(html)
        if tree is not None and reaches_depth(tree, PARSER_DEPTH):
            raise InputError(f"HTML nested too deeply ({PARSER_DEPTH} levels or more)")
        text = main_text(tree, url) if tree is not None else ""
        if not text.strip():
            raise InputError("no article text found in HTML")
        document = trafilatura.extract_metadata(tree, default_url=url or None, date_config=DATE_SEARCH, extensive=False)
        url = url or document.url or ""
        published, published_from = _publication_date(tree, url)
    return Page(
        text=text,
        title=document.title or "",
        author=document.author or "",
        outlet=document.sitename or _hostname(url),
        url=url,
        published=published,
        published_from=published_from,
    )


PARSER_DEPTH = 256
"""libxml2 reads elements this deep at most and drops what lies deeper: a tree that reaches
this depth is a page cut short by its parser, not the page."""
LIBRARY_LOGGERS = ("trafilatura", "htmldate", "courlan")
"""Their warnings ("discarding data: None") name no file; the Rejection says what went wrong."""


@contextmanager
def quiet_loggers(names: tuple[str, ...]) -> Iterator[None]:
    """A block in which the named loggers pass on nothing below CRITICAL; their levels are put back after."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def reaches_depth(tree: HtmlElement, depth: int) -> bool:
    """Whether some element of `tree` lies `depth` levels deep (the root is level 1)."""
    level = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        level += 1 if event == "start" else -1
        if level >= depth:
            return True
    return False


def _publication_date(tree: HtmlElement, url: str) -> tuple[str, str]:
    # url="" keeps htmldate from reading the URL (and the canonical link) first.
    in_markup = htmldate.find_date(tree, url="", **DATE_SEARCH)
    if in_markup:
        return in_markup, "metadata"
    in_url = date_in_url(url)
    return (in_url, "url") if in_url else ("", "")


def _hostname(url: str) -> str:
    return (urlsplit(url).hostname or "") if url else ""
