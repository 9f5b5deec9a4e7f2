"""Publication dates as written in bylines, record fields and URLs, to ISO YYYY-MM-DD.

Only complete dates (day, month and year) count: a publication date is never
completed from today's date or guessed from a partial one.
"""
from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"),
            ("May",), ("June", "Jun"), ("July", "Jul"), ("August", "Aug"),
            ("September", "Sept", "Sep"), ("October", "Oct"), ("November", "Nov"), ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
# No word boundary before the month: page dumps glue bylines together ("JaneMay 1, 2026").
_WRITTEN_DATES = (
    re.compile(rf"{_MONTH}\s+{_DAY},?\s+(?P<year>\d{{4}})"),
    re.compile(rf"(?<!\d){_DAY}\s+{_MONTH},?\s+(?P<year>\d{{4}})"),
    re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)"),
)
_URL_DATES = (
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})[/_.-](?P<month>\d{1,2})[/_.-](?P<day>\d{1,2})(?!\d)"),
    re.compile(r"(?<![\d.])(?P<year>(?:19|20)\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)(?![\d.])"),
    re.compile(r"(?<![\d.])(?P<year>(?:19|20)\d{2})(?P<month>[01]\d)/(?P<day>[0-3]\d)(?![\d.])"),
    re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)/(?P<day>\d{1,2})/",
               re.IGNORECASE),
)
"""/2026/06/11/, 2026-05-01-007.html, ?date=2026-05-01, /20260501/, /202605/01/, /2024/dec/28/."""
_EPOCH_MILLISECONDS = 10**11
"""Timestamps above this are in milliseconds (10**11 seconds is the year 5138)."""


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    iso: str


def find_written_date(text: str) -> DateMatch | None:
    """The first complete date written out in `text`, if any."""
    found = []
    for pattern in _WRITTEN_DATES:
        for match in pattern.finditer(text):
            iso = _iso(match["year"], match["month"], match["day"])
            if iso:
                found.append(DateMatch(match.start(), match.end(), iso))
                break
    return min(found, key=lambda m: m.start, default=None)


def is_date_only(line: str) -> bool:
    """A line that holds a date and nothing else worded: a timestamp under a headline."""
    match = find_written_date(line)
    if match is None:
        return False
    rest = line[: match.start] + line[match.end :]
    return not any(character.isalnum() for character in rest)


def date_in_url(url: str) -> str:
    """The first complete date a URL's path or query spells out (the host is never read)."""
    _, _, rest = url.partition("://")
    path = rest[rest.find("/"):] if "/" in rest else ""
    for pattern in _URL_DATES:
        for match in pattern.finditer(path):
            if iso := _iso(match["year"], match["month"], match["day"]):
                return iso
    return ""


def parse_date_value(value: object) -> str:
    """A record's date field (ISO, RFC 2822, epoch seconds, or words) as YYYY-MM-DD, else ""."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value > _EPOCH_MILLISECONDS else value
        try:
            return datetime.fromtimestamp(seconds, tz=timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return ""
    text = str(value).strip()
    if not text:
        return ""
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    match = find_written_date(text)
    return match.iso if match else ""


def _iso(year: str, month: str, day: str) -> str:
    month_number = int(month) if month.isdigit() else _MONTHS[month.capitalize()]
    try:
        return date(int(year), month_number, int(day)).isoformat()
    except ValueError:
        return ""
