"""Plain-text copies of web pages -> Page: keep the article, drop the page chrome.

Each non-blank line is a block, classified the way jusText classifies HTML
paragraphs (Pomikálek 2011; its thresholds and English stop list are reused
from the `justext` package): first on its own, by length, stop-word density
and link density (URLs written out stand in for links); then by context, so
that short lines between article paragraphs (subheadings, list items) are
kept and short lines at the edges (menus, share buttons, tags) are not.

Two signals jusText gets from markup are replaced by signals a text dump has:
a line seen on the pages of several different articles of the same dump is
site chrome (`repeated_lines`, a first pass over the dump), and a line that
is only a date is a timestamp under a listed headline.

The lines before the article (the header) give the title and the byline.
"""
from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

import justext
from justext.core import (
    LENGTH_HIGH_DEFAULT as LENGTH_HIGH,
    LENGTH_LOW_DEFAULT as LENGTH_LOW,
    MAX_LINK_DENSITY_DEFAULT as MAX_LINK_DENSITY,
    STOPWORDS_HIGH_DEFAULT as STOPWORDS_HIGH,
    STOPWORDS_LOW_DEFAULT as STOPWORDS_LOW,
)

from pipeline.ingest.dates import DateMatch, find_written_date, is_date_only
from pipeline.ingest.language import detect_language
from pipeline.ingest.page import Page, normalise_line
from pipeline.ingest.pubdate import dates_in_text

GOOD, NEARGOOD, SHORT, BAD = "good", "neargood", "short", "bad"
CHROME = "chrome"
"""Bad whatever its neighbours say: links, copyright lines, bare dates, lines repeated across pages."""


@dataclass(frozen=True)
class StopWords:
    """jusText's stop list and its density thresholds (share of a line's words in the list)."""

    words: frozenset[str]
    low: float
    high: float


ENGLISH = StopWords(frozenset(justext.get_stoplist("English")), STOPWORDS_LOW, STOPWORDS_HIGH)
ANY_LANGUAGE = StopWords(frozenset(), 0.0, 0.0)
"""jusText's language-independent mode, for pages in other languages: lines are told by
their length and links alone (an English stop list would take every line for chrome)."""

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_BREADCRUMB_SEPARATOR = re.compile(r"\s*[»›]\s*|\s+[>/]\s+")
_BYLINE_NAME = re.compile(r"(?:\b[Bb]y|(?<=[a-z])By)\s+(?P<name>\S.*)$")
_COPYRIGHT = re.compile(
    r"(?:©|\([cC]\)|\bCopyright\b)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*"
    r"(?P<name>[^|]+?)\s*(?:\.\s|\bAll [Rr]ights\b|\||\.?$)"
)
_SENTENCE_END = tuple('.,;:"”’\'')
MAX_AUTHOR_WORDS = 4


_LEFT_TAG = re.compile(r"<\\?/?([A-Za-z][A-Za-z0-9]{0,9})(?:\s[^<>\n]{0,200})?\\?/?>")
"""Markup a scraper left in a text ("he testified.<\\/p>"), escaped or not."""
BLOCK_TAGS = frozenset({"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote"})
_ESCAPED_BREAK = re.compile(r"(?:\\r)?\\n")
"""A line break written out as the two characters backslash and n, as JSON escapes left undecoded."""
_GLUED_SENTENCES = re.compile(r"(?<=[a-z0-9][.!?])(?=[\"\u201c\u2018]?[A-Z][a-z])")
"""Paragraphs a scraper glued together ("on board.\u201cSo far two rescued"): a space between them."""
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def page_from_dump(text: str, repeated: frozenset[int] = frozenset()) -> Page:
    """The article in a page saved as text; `repeated` comes from `repeated_lines` over its dump.
    HTML entities, tags and escaped line breaks a scraper left in the text ("&#8220;After I received",
    "<\\/p>\\n") read as what they stand for."""
    text = _ENTITY.sub(lambda entity: html.unescape(entity[0]), text)
    text = _ESCAPED_BREAK.sub("\n", _LEFT_TAG.sub(lambda tag: "\n" if tag[1].lower() in BLOCK_TAGS else "", text))
    text = _GLUED_SENTENCES.sub(" ", text)
    lines = [line for line in map(normalise_line, text.splitlines()) if line]
    classes = classify_lines(lines, repeated, stop_words_of(lines))
    body = [index for index, kind in enumerate(classes) if kind == GOOD]
    while body and (_is_title_like(lines[body[0]]) or _byline_date(lines[body[0]]) is not None):
        body.pop(0)
    header = lines[: body[0]] if body else []
    title, author, byline = _read_header(header)
    stated = dates_in_text(lines)
    published = stated.published(byline)
    in_body = set(body)
    headline = [title] if title in header and not _in_title_case(title) and "|" not in title else []
    return Page(
        text="\n".join(headline + [lines[index] for index in body]),
        title=title,
        author=author,
        outlet=_outlet([line for index, line in enumerate(lines) if index not in in_body]),
        published=published,
        published_from="byline" if published else "",
        updated=stated.later_update(published),
    )


def stop_words_of(lines: list[str]) -> StopWords:
    """ENGLISH, unless the page's prose (its lines long enough to be paragraphs, else all of
    it) is in another language."""
    prose = [line for line in lines if len(line) >= LENGTH_LOW] or lines
    return ENGLISH if not prose or detect_language("\n".join(prose)[:LANGUAGE_SAMPLE]) == "en" else ANY_LANGUAGE


LANGUAGE_SAMPLE = 20_000
"""Characters of prose enough to tell its language (the identifier's time grows with the text)."""


def classify_lines(lines: list[str], repeated: frozenset[int] = frozenset(), stop_words: StopWords = ENGLISH) -> list[str]:
    """GOOD or not, for each line: context-free classes, then jusText's context rules, then smoothing."""
    own = _promote_prose_runs([_context_free_class(line, repeated, stop_words) for line in lines])
    classes = _resolve_short(own)
    _resolve_neargood(classes)
    _keep_runs_between_good(classes, own)
    return classes


def repeated_lines(pages: Iterable[str]) -> frozenset[int]:
    """Keys (`line_key`) of the lines that appear on pages of at least two different articles.

    Syndicated copies of one article share its long paragraphs, so the smallest
    key among a page's long lines names its article (a one-permutation MinHash):
    copies of one article count once and keep their subheadings. Long lines are
    prose and are never counted.
    """
    first_article: dict[int, int] = {}
    repeated: set[int] = set()
    for number, page in enumerate(pages):
        lines = {line for line in map(normalise_line, page.splitlines()) if line}
        long_keys = [line_key(line) for line in lines if len(line) > LENGTH_HIGH]
        article = min(long_keys) if long_keys else -1 - number
        for key in {line_key(line) for line in lines if len(line) <= LENGTH_HIGH}:
            if first_article.setdefault(key, article) != article:
                repeated.add(key)
    return frozenset(repeated)


def chrome_on_page(page: str, repeated: frozenset[int]) -> list[int]:
    """Keys of the page's lines that are chrome because they repeat across the dump (what
    `_context_free_class` looks up: short lines only), sorted. Long lines are not hashed:
    they are most of a page's bytes."""
    if not repeated:
        return []
    lines = {line for line in map(normalise_line, page.splitlines()) if line and len(line) <= LENGTH_HIGH}
    return sorted({key for key in map(line_key, lines) if key in repeated})


def line_key(line: str) -> int:
    return int.from_bytes(hashlib.blake2b(line.encode("utf-8"), digest_size=8).digest(), "little")


def _context_free_class(line: str, repeated: frozenset[int], stop_words: StopWords) -> str:
    if _is_chrome(line) or (len(line) <= LENGTH_HIGH and line_key(line) in repeated):
        return CHROME
    if len(line) < LENGTH_LOW:
        return SHORT
    density = _stopword_density(line, stop_words.words)
    if density >= stop_words.high:
        return GOOD if len(line) > LENGTH_HIGH else NEARGOOD
    return NEARGOOD if density >= stop_words.low or _reads_as_prose(line) else BAD


TITLE_CASE_SHARE = 0.75


def _in_title_case(line: str) -> bool:
    """ "Musk Admits xAI Used OpenAI Models": a headline kept as metadata only, for its capitals read as
    names; a headline in sentence case ("Death toll rises to 51") is the article's first sentence."""
    words = [word for word in line.split() if len(word) >= 4 and word[:1].isalpha()]
    return bool(words) and sum(word[:1].isupper() for word in words) >= TITLE_CASE_SHARE * len(words)


PROSE_WORDS = 12
_PROSE_END = tuple('.!?"”')


def _reads_as_prose(line: str) -> bool:
    """Sentences dense with names and figures ("Kerr County was the hardest-hit, with 43 confirmed
    deaths, 28 adults and 15 children."): few stopwords, but punctuated and mostly lower-case, as
    menus and lists of links are not."""
    words = line.split()
    lower = sum(word[:1].islower() for word in words)
    return len(words) >= PROSE_WORDS and line[:1].isalnum() and line.endswith(_PROSE_END) and "," in line and lower >= len(words) / 2


def _promote_prose_runs(own: list[str]) -> list[str]:
    """Two or more near-good lines in a row are article paragraphs, not a stray blurb.

    jusText needs one paragraph longer than LENGTH_HIGH to anchor the article;
    wire copy written in one- or two-sentence paragraphs has none.
    """
    classes = list(own)
    for index, kind in enumerate(own):
        if kind == NEARGOOD and NEARGOOD in own[max(index - 1, 0) : index] + own[index + 1 : index + 2]:
            classes[index] = GOOD
    return classes


def _is_chrome(line: str) -> bool:
    link_chars = sum(len(match) for match in _URL.findall(line))
    return (
        link_chars > MAX_LINK_DENSITY * len(line)
        or "©" in line
        or not any(character.isalpha() for character in line)
        or is_date_only(line)
    )


def _stopword_density(line: str, stop_words: frozenset[str]) -> float:
    words = line.split()
    return sum(word.lower() in stop_words for word in words) / len(words)


def _neighbour(classes: list[str], index: int, step: int, skip_neargood: bool) -> str:
    """The nearest decided class before (step -1) or after (+1) `index`; the page edge counts as BAD."""
    index += step
    while 0 <= index < len(classes):
        kind = classes[index]
        if kind in (GOOD, BAD, CHROME):
            return BAD if kind == CHROME else kind
        if kind == NEARGOOD and not skip_neargood:
            return NEARGOOD
        index += step
    return BAD


def _resolve_short(own: list[str]) -> list[str]:
    """jusText: a short line takes the class of its neighbours; between good and bad it
    is good only if the bad side is reached through a near-good line."""
    classes = list(own)
    for index, kind in enumerate(own):
        if kind != SHORT:
            continue
        before = _neighbour(own, index, -1, skip_neargood=True)
        after = _neighbour(own, index, +1, skip_neargood=True)
        if before == after:
            classes[index] = before
        elif (before == BAD and _neighbour(own, index, -1, skip_neargood=False) == NEARGOOD) or (
            after == BAD and _neighbour(own, index, +1, skip_neargood=False) == NEARGOOD
        ):
            classes[index] = GOOD
        else:
            classes[index] = BAD
    return classes


def _resolve_neargood(classes: list[str]) -> None:
    """jusText: a near-good line is bad only when bad lines surround it."""
    for index, kind in enumerate(classes):
        if kind != NEARGOOD:
            continue
        before = _neighbour(classes, index, -1, skip_neargood=True)
        after = _neighbour(classes, index, +1, skip_neargood=True)
        classes[index] = BAD if before == after == BAD else GOOD


def _keep_runs_between_good(classes: list[str], own: list[str]) -> None:
    """Lines between two article paragraphs are article (terse list items, subheadings),
    unless one of them is chrome: prose on both sides is the surest context a dump has."""
    good = [index for index, kind in enumerate(classes) if kind == GOOD]
    for start, end in zip(good, good[1:]):
        if end - start > 1 and CHROME not in own[start + 1 : end]:
            classes[start + 1 : end] = [GOOD] * (end - start - 1)


@dataclass(frozen=True)
class _Byline:
    index: int
    author: str
    published: str


def _read_header(header: list[str]) -> tuple[str, str, str]:
    """Title, author and publication date from the lines above the article.

    The byline is the last header line that holds a date next to other words
    ("By Jane RoeMay 1, 2026"); bare dates belong to listed headlines. The
    title is the headline just above the byline, else the last part of a
    breadcrumb, else a line the page repeats, else the header's longest headline-like line
    (menus and "Connect with us" are shorter than a headline; a question is a teaser).
    """
    bylines = (_parse_byline(header, index) for index in reversed(range(len(header))))
    byline = next((found for found in bylines if found is not None), None)
    candidates = header[byline.index - 1 : byline.index] if byline and byline.index else []
    candidates += [_BREADCRUMB_SEPARATOR.split(line)[-1] for line in reversed(header) if _is_breadcrumb(line)]
    candidates += [line for index, line in reversed(list(enumerate(header))) if line in header[:index]]
    candidates += sorted((line for line in header if _is_title_like(line) and not line.endswith("?")),
                         key=lambda line: -len(line.split()))[:1]
    title = next((line for line in candidates if _is_title_like(line)), "")
    return title, byline.author if byline else "", byline.published if byline else ""


def _parse_byline(header: list[str], index: int) -> _Byline | None:
    line = header[index]
    date = _byline_date(line)
    if date is None:
        return None
    name = _BYLINE_NAME.search(line[: date.start])
    author = name["name"].strip(" ,|·•-–—") if name else ""
    if not author[:1].isupper() or len(author.split()) > MAX_AUTHOR_WORDS:
        author = ""
    return _Byline(index, author, date.iso)


def _byline_date(line: str) -> DateMatch | None:
    """The date of a byline-sized line that has words besides the date."""
    if len(line) >= LENGTH_LOW or is_date_only(line):
        return None
    return find_written_date(line)


def _is_breadcrumb(line: str) -> bool:
    return len(_BREADCRUMB_SEPARATOR.split(line)) >= 3


def _is_title_like(line: str) -> bool:
    """A headline: a few words, no longer than a paragraph threshold, not ending like a sentence."""
    return (
        len(line.split()) >= 3
        and len(line) <= LENGTH_HIGH
        and not line.endswith(_SENTENCE_END)
        and not _is_chrome(line)
    )


def _outlet(lines: list[str]) -> str:
    """The name in the page's copyright notice ("© 2026 Example News. All rights reserved.")."""
    for line in reversed(lines):
        match = _COPYRIGHT.search(line)
        if match and match["name"].strip():
            return match["name"].strip()
    return ""
