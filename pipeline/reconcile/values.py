"""Comparing claimed values by type: dates by precision, numbers with tolerance, quotes by wording."""
from __future__ import annotations

import re
from datetime import date, timedelta

from rapidfuzz import fuzz, utils

ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")

APPROXIMATE_TOLERANCE = 0.10
"""Relative gap within which an approximate figure ("roughly 300") matches an exact one
(312): reporters round to one or two significant digits, which is within 10%."""

QUOTE_VARIANT_MIN = 60.0
"""rapidfuzz token_sort_ratio (0-100) above which two quotes of one speaker are one quote
worded two ways; below it they are different quotes. "was never at risk" vs "was not at
risk at any point" scores about 70, two unrelated sentences about 30."""


def date_range(value: str) -> tuple[date, date] | None:
    """The first and last day a partial ISO date can mean: 2026-04 -> Apr 1..Apr 30."""
    try:
        if match := ISO_WEEK.match(value):
            start = date.fromisocalendar(int(match[1]), int(match[2]), 1)
            return start, start + timedelta(days=6)
        parts = value.split("-")
        if len(parts) == 3:
            day = date.fromisoformat(value)
            return day, day
        if len(parts) == 2:
            start = date(int(parts[0]), int(parts[1]), 1)
            next_month = date(start.year + start.month // 12, start.month % 12 + 1, 1)
            return start, next_month - timedelta(days=1)
        if len(parts) == 1 and parts[0].isdigit():
            return date(int(parts[0]), 1, 1), date(int(parts[0]), 12, 31)
    except ValueError:
        return None
    return None


def precision(value: str) -> int:
    """How many days a date value spans: the fewer, the more precise."""
    span = date_range(value)
    return (span[1] - span[0]).days + 1 if span else 10**6


def dates_compatible(a: str, b: str) -> bool:
    """2026-04 and 2026-04-30 can both be true; 2026-04-29 and 2026-04-30 cannot. A time is
    within its day ("2026-04-30T09:03" and "2026-04-30"); two times of one day must be the same."""
    (a, _, a_time), (b, _, b_time) = a.partition("T"), b.partition("T")
    if a_time and b_time and a_time != b_time:
        return False
    ra, rb = date_range(a), date_range(b)
    if ra is None or rb is None:
        return a == b
    return ra[0] <= rb[1] and rb[0] <= ra[1]


BOUND_REACH = 0.25
"""How far past its bound a figure said "at least" or "up to" reaches: a bound in news is the
count so far ("at least 24 dead"), so "over 20" backs 24 but "more than 30 injured" and "60
injured" are two reports of the count, not one."""
BOUND_WORDS = {"at least": "lower", "up to": "upper", "about": "about"}
"""How a figure's bound is written in a value: "at least 24", "up to 150", "about 40"."""


def number_range(value: str, approximate: bool = False) -> tuple[float, float] | None:
    """The values a figure allows: "24" -> 24..24, "at least 24" -> 24..30, "up to 150" -> 112.5..150,
    "about 40" (or any figure said approximately) -> within APPROXIMATE_TOLERANCE, "23..25" -> 23..25."""
    bound = ""
    for words, kind in BOUND_WORDS.items():
        if value.startswith(words + " "):
            bound, value = kind, value[len(words) + 1:]
    low, _, high = value.partition("..")
    try:
        x, y = float(low), float(high or low)
    except ValueError:
        return None
    if bound == "lower":
        return x, x * (1 + BOUND_REACH)
    if bound == "upper":
        return y * (1 - BOUND_REACH), y
    if bound == "about" or approximate:
        return x * (1 - APPROXIMATE_TOLERANCE), y * (1 + APPROXIMATE_TOLERANCE)
    return x, y


def numbers_compatible(a: str, b: str, *, approximate: bool = False) -> bool:
    """Whether both figures can be true: "at least 24", "24" and "over 20" can; "212" and "230" cannot;
    "close to 250" and "230" can (an approximate figure is within APPROXIMATE_TOLERANCE)."""
    if a == b:
        return True
    ra, rb = number_range(a, approximate), number_range(b, approximate)
    if ra is None or rb is None:
        return False
    return ra[0] <= rb[1] and rb[0] <= ra[1]


def quote_key(text: str) -> str:
    """Wording without case, punctuation or spacing differences (a curly apostrophe is one too)."""
    return utils.default_process(text.replace("\u2019", "'").replace("\u2018", "'").replace("'", ""))


def quote_similarity(a: str, b: str) -> float:
    return fuzz.token_sort_ratio(a, b, processor=utils.default_process)


def compatible(type_: str, a: str, b: str, *, approximate: bool = False) -> bool:
    if type_ == "event_date":
        return dates_compatible(a, b)
    if type_ == "number":
        return numbers_compatible(a, b, approximate=approximate)
    if type_ == "quote":
        return quote_key(a) == quote_key(b)
    if type_ == "location":
        return a.casefold() == b.casefold() or a.casefold() in b.casefold() or b.casefold() in a.casefold()
    return a == b
