"""The main text of an HTML page: trafilatura, steered by how news pages are built.

    page tree -> prepared copy: quoted tweets lifted out of their widgets,
                 an article body split by ads joined into one
              -> trafilatura in precision mode, and in its default mode unless
                 the precision text holds more than half of all the page's text
              -> the precision text, unless it lost most of the prose
              -> lines: the page's headline and cross-links to other stories dropped

Each rule names a way pages commonly go wrong, not a site. Shingle F1 on the Zyte
article-extraction benchmark (benchmarks/article_extraction.py, 181 pages), adding
one rule at a time: trafilatura's default mode 0.962; precision mode 0.966; the
fallback to the default mode 0.971; split bodies joined 0.973; quoted tweets
kept 0.975; the headline dropped 0.975; cross-links dropped 0.977.
"""
from __future__ import annotations

import re
from copy import deepcopy

import trafilatura
from trafilatura.settings import Extractor
from lxml.html import HtmlElement

QUOTED_TWEETS = "//blockquote[contains(concat(' ', normalize-space(@class), ' '), ' twitter-tweet ')]"
"""Tweets embedded in the article. They are what the article quotes, but trafilatura drops them
with the share buttons, because their wrappers are named 'social' or 'embed'."""

ARTICLE_BODY_CLASS = re.compile(
    r"article[-_]*body|story[-_]*body|body[-_]*text|(?:article|entry|post|story)[-_]*(?:content|text)", re.IGNORECASE
)
"""Class names that mark a container of the article body (the usual CMS vocabulary)."""
MIN_PART_WORDS = 30
"""A body container with fewer words is a teaser or an empty slot, not a part of the article."""

PROSE_LINE_WORDS = 12
"""A line of at least this many words is prose (a paragraph), not a menu item, date or caption."""
MIN_PROSE_KEPT = 0.5
"""Precision mode may drop boilerplate, not the article: when it keeps less than half of the
prose that the default mode finds, its pruning removed a container of the body."""

CROSS_LINK_CUES = (
    r"related(?: posts?| stories| articles| content| coverage| reading)?",
    r"read more", r"read also", r"also read", r"see also", r"see more",
    r"more on this(?: story)?", r"more stories", r"don'?t miss", r"you (?:may|might) also like",
    r"recommended(?: for you)?", r"most (?:popular|read)",
)
"""How pages introduce links to their other stories ("Related: <headline>", "DON'T MISS")."""
_CUE = "(?:" + "|".join(CROSS_LINK_CUES) + ")"
_CUE_AND_HEADLINE = re.compile(rf"^\W*{_CUE}\s*[:|]\s*\S", re.IGNORECASE)
_CUE_ALONE = re.compile(rf"^\W*{_CUE}\W*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*$")
HEADLINE_MAX_WORDS = 20
"""Under a cue, a line this short without a full stop is another story's headline."""


def main_text(tree: HtmlElement, url: str = "") -> str:
    """The article's text, one paragraph per line; "" when the page has none."""
    prepared = prepare(tree)
    precise = _extract(prepared, url, favor_precision=True)
    if len(precise) >= FALLBACK_BELOW_CHARS and prose_chars(precise) >= MIN_PROSE_KEPT * text_bound(prepared):
        chosen = precise  # the default mode cannot find twice this much prose: the page does not hold it
    else:
        chosen = preferred(precise, _extract(prepared, url, favor_precision=False))
    lines = without_leading_headlines(chosen.splitlines(), headlines(tree))
    return "\n".join(without_cross_links(lines))


def prepare(tree: HtmlElement) -> HtmlElement:
    """A copy of the page with the structures trafilatura misreads put right."""
    prepared = deepcopy(tree)
    lift_quoted_tweets(prepared)
    join_split_bodies(prepared)
    return prepared


def lift_quoted_tweets(tree: HtmlElement) -> None:
    """Replace each widget holding nothing but a quoted tweet by the tweet, as a plain quote."""
    for tweet in tree.xpath(QUOTED_TWEETS):
        tweet.attrib.pop("class")
        wrapper, parent = tweet, tweet.getparent()
        while parent is not None and parent.tag != "body" and _text(parent) == _text(tweet):
            wrapper, parent = parent, parent.getparent()
        if wrapper is not tweet:
            tweet.tail = wrapper.tail
            wrapper.getparent().replace(wrapper, tweet)


def join_split_bodies(tree: HtmlElement) -> None:
    """Move the later parts of an article body cut into containers of the same class (ads
    between them) into its first part: extractors take the first body container and would
    miss the rest. Whitespace after a moved part stays behind."""
    groups: dict[tuple[str, str], list[HtmlElement]] = {}
    for element in tree.iter("div", "section", "article"):
        css_class = element.get("class") or ""
        if ARTICLE_BODY_CLASS.search(css_class):
            groups.setdefault((element.tag, css_class), []).append(element)
    for group in groups.values():
        parts = [part for part in group if len(_text(part).split()) >= MIN_PART_WORDS]
        if len(parts) < 2 or any(ancestor in parts for part in parts for ancestor in part.iterancestors()):
            continue
        for part in parts[1:]:
            part.tail = None
            parts[0].append(part)


def preferred(precise: str, default: str) -> str:
    """The precision-mode text, unless it kept less than half of the default mode's prose."""
    return precise if prose_chars(precise) >= MIN_PROSE_KEPT * prose_chars(default) else default


def text_bound(tree: HtmlElement) -> int:
    """More characters than any extraction of the page's body can hold: its text, spaces
    normalised, plus room for the separators an extractor adds around each piece ("- " before
    a list item, " | " between table cells). Lets a page skip the second extraction when the
    first already kept more than half of this (a third of the pages of the article-extraction
    set, nearly all of a templated dump).

    Text outside the body (JSON-LD, attributes) is not counted: the default mode reads it only
    when its own extraction comes out under FALLBACK_BELOW_CHARS, and it prunes less than the
    precision mode, so a precision text at least that long rules the fall-back out."""
    body = tree.find("body")
    total = 0
    for element in (body if body is not None else tree).iter():
        if isinstance(element.tag, str) and element.tag not in NOT_TEXT_TAGS:
            total += _bound_of(element.text)
        total += _bound_of(element.tail)
    return total


NOT_TEXT_TAGS = frozenset({"script", "style", "noscript", "template"})
FALLBACK_BELOW_CHARS = Extractor().min_extracted_size
"""trafilatura's default mode falls back to text embedded in scripts and attributes below this."""
SEPARATOR_ROOM = 3


def _bound_of(text: str | None) -> int:
    return len(" ".join(text.split())) + SEPARATOR_ROOM if text else 0


def prose_chars(text: str) -> int:
    """Characters in the distinct lines long enough to be paragraphs."""
    return sum(len(line) for line in set(text.splitlines()) if len(line.split()) >= PROSE_LINE_WORDS)


def headlines(tree: HtmlElement) -> set[str]:
    """The page's top-level headings (h1), normalised for comparison."""
    return {_normalised(_text(heading)) for heading in tree.iter("h1")} - {""}


def without_leading_headlines(lines: list[str], page_headlines: set[str]) -> list[str]:
    """The text without the headline above it: the h1 heads the page, it is not body."""
    start = 0
    while start < len(lines) and _normalised(lines[start]) in page_headlines:
        start += 1
    return lines[start:]


def without_cross_links(lines: list[str]) -> list[str]:
    """Drop links to other stories: "Related: <headline>" lines, and a cue line such as
    "DON'T MISS" with the headlines listed under it."""
    kept: list[str] = []
    under_cue = False
    for line in lines:
        if _CUE_AND_HEADLINE.search(line):
            under_cue = False
        elif _CUE_ALONE.search(line):
            under_cue = True
        elif not (under_cue and _is_headline(line)):
            under_cue = False
            kept.append(line)
    return kept


def _is_headline(line: str) -> bool:
    return len(line.split()) <= HEADLINE_MAX_WORDS and not _SENTENCE_END.search(line.rstrip())


def _extract(tree: HtmlElement, url: str, favor_precision: bool) -> str:
    text = trafilatura.extract(
        tree, url=url or None, favor_precision=favor_precision, include_comments=False, output_format="txt"
    )
    return text or ""


def _text(element: HtmlElement) -> str:
    return " ".join("".join(element.itertext()).split())


def _normalised(line: str) -> str:
    return " ".join(line.split()).casefold()
