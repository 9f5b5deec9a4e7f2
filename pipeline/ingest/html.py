"""HTML pages -> Page: main text (maintext.py) and metadata with trafilatura, the date with htmldate.

The date is looked up in the page's markup first (meta tags, JSON-LD, time
elements: `published_from="metadata"`) and only then in the URL ("url"), so
that the record says where it came from. htmldate's bounds are fixed: its
default upper bound is today, which would make the result depend on the day
of the run.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import htmldate
import trafilatura
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
    tree = load_html(html)
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


def _publication_date(tree: HtmlElement, url: str) -> tuple[str, str]:
    # url="" keeps htmldate from reading the URL (and the canonical link) first.
    in_markup = htmldate.find_date(tree, url="", **DATE_SEARCH)
    if in_markup:
        return in_markup, "metadata"
    in_url = date_in_url(url)
    return (in_url, "url") if in_url else ("", "")


def _hostname(url: str) -> str:
    return (urlsplit(url).hostname or "") if url else ""
