"""Publication dates from what a page's text says: bylines, datelines and labelled dates.

A saved page's text states its date in a few recurring shapes: a label ("Published:
May 1, 2026", "Updated 2026-05-02", "DateMay 1, 2026"), a byline with a clock time
("Business Apr 30, 2026 1:41 PM"), a byline with a name ("By Jane Doe | May 1, 2026"),
or a short line above the headline. Dates of related posts, comments, copyright
lines and navigation are never the publication date: a date is only taken from the
page's opening lines, from a line that is not prose, and never from a line that
names a comment, a reply, a copyright or a list of other stories.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.ingest.dates import DateMatch, find_written_date, is_date_only

OPENING_LINES = 40
"""Lines from the top of a page searched for a labelled date (menus come before the article)."""
BYLINE_LINES = 12
"""Lines from the top of the article searched for an unlabelled byline date."""
BYLINE_MAX_CHARS = 90
"""A byline or dateline is short; a date inside a longer line is prose (an event's date)."""

_PUBLISHED_LABEL = re.compile(
    r"(?:^|\b|(?<=[a-z]))(?:first published|published(?: on)?|posted(?: on)?|publication date|date published|"
    r"release date|date)\s*[:\-–—|]?\s*$",
    re.IGNORECASE,
)
_UPDATED_LABEL = re.compile(
    r"(?:^|\b|(?<=[a-z]))(?:last updated|updated(?: on)?|last modified|modified(?: on)?|revised)\s*[:\-–—|]?\s*$",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"^\s*[,·|•-]?\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\b", re.IGNORECASE)
_BY_NAME = re.compile(r"(?:^|\s|\|)[Bb]y\s+[A-Z][\w.'-]+")
_NOT_PUBLICATION = re.compile(
    r"©|\bcopyright\b|\ball rights reserved\b|\bcomments?\b|\brepl(?:y|ies)\b|\brelated\b|\bread more\b|"
    r"\bmore stories\b|\bprevious\b|\bnext\b|\brecommended\b|\bsee also\b|\bevent\b|\bdeadline\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class StatedDates:
    """The dates a page's text states (ISO or ""): after a "Published" label, in a byline, and
    after an "Updated" label."""

    labelled: str = ""
    byline: str = ""
    updated: str = ""

    def published(self, header_byline: str = "") -> str:
        """The publication date: a labelled one, else the byline above the article (`header_byline`,
        found by the reader), else a byline of the opening lines, else the update date."""
        return self.labelled or header_byline or self.byline or self.updated

    def later_update(self, published: str) -> str:
        return self.updated if self.updated > published else ""


def dates_in_text(lines: list[str]) -> StatedDates:
    """The publication and update dates that the opening lines of a page state."""
    labelled = updated = ""
    for line in lines[:OPENING_LINES]:
        for match, label in _labelled_dates(line):
            if label == "updated":
                updated = updated or match.iso
            else:
                labelled = labelled or match.iso
        if labelled and updated:
            break
    byline = next((iso for line in lines[:BYLINE_LINES] if (iso := byline_date(line))), "")
    return StatedDates(labelled, byline, updated)


def _labelled_dates(line: str) -> list[tuple[DateMatch, str]]:
    """Each date of `line` right after a "Published"/"Updated" label, with which label."""
    found = []
    rest, offset = line, 0
    while (match := find_written_date(rest)) is not None:
        before = line[: offset + match.start]
        if _UPDATED_LABEL.search(before[-30:]):
            found.append((match, "updated"))
        elif _PUBLISHED_LABEL.search(before[-30:]) and not _NOT_PUBLICATION.search(before[-40:]):
            found.append((match, "published"))
        offset += match.end
        rest = line[offset:]
    return found


def byline_date(line: str) -> str:
    """The date of a byline: a date with a clock time after it, or a short line naming its author,
    or a short line that is mostly the date; never a copyright, comment or related-post line."""
    match = find_written_date(line)
    if match is None or _NOT_PUBLICATION.search(line) or is_date_only(line):
        return ""  # a line that is only a date is a timestamp under a listed headline
    after = line[match.end:]
    if _CLOCK.match(after):
        return match.iso
    if len(line) > BYLINE_MAX_CHARS:
        return ""
    words_around = len(re.findall(r"[^\W\d_]{2,}", line[: match.start] + after))
    if _BY_NAME.search(line) or words_around <= 6:
        return match.iso
    return ""
