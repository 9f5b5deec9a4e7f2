"""Dates and times an article mentions, resolved against the article's own dates.

Where the pieces come from:
- spans: a spaCy Matcher grammar of date phrases (calendar dates, weekdays,
  "this week", "two days ago", years, decades, clock times). The model's
  DATE/TIME entities are the evidence for the two ambiguous forms, a bare
  four-digit number ("a 2010 raid" vs "1500 employees") and a bare month name
  ("in May" vs "may"); phrases the grammar does not know ("LLaMA 3", "several
  weeks") are left out, so durations, ages and names never become dates.
- values: dateparser reads calendar phrases and counted phrases ("two days
  ago") on the phrase alone, with pinned settings, and every answer is checked
  against the numbers the phrase contains. Own rules where dateparser is wrong
  or silent: weekdays, the year of a date written without one, "this/last/next"
  periods, seasons, decades, centuries.

A relative date is only ever resolved against the publication date: without
one its value is "" and `reason` says why. Nothing depends on today's date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache, partial

from dateparser.date import DateDataParser
from dateutil.easter import easter
from spacy.attrs import ORTH
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.extract.lexicons import load_words
from pipeline.extract.nlp import StringTest, doc_text


@dataclass(frozen=True)
class DateMention:
    """A date or time phrase of the article and what it resolves to.

    `value` is ISO 8601 at the precision the text gives ("2026-04-29",
    "2026-04", "2026", "2026-W18", "2013-03-23T15:00"; decades and centuries
    as ISO's reduced forms "199" and "19"; seasons as TimeML's "2012-SU"), or ""
    when it cannot be resolved, with `reason` saying why. `detail` names that
    precision: day, month, year, week, time, season, decade, century, or
    unresolved. `resolved_from` is explicit, year_inferred_from_article,
    year_inferred_from_publication, relative_to_publication,
    weekday_before_publication or unresolved; `anchor` is the ISO date used.
    `timex` is the TimeML value ("2013-03-22TAF", "PRESENT_REF", "PAST_REF"),
    scored by the TempEval benchmark: "now" has the publication day as value
    and PRESENT_REF as timex, "the past" no value and PAST_REF.
    """

    start: int
    end: int
    surface: str
    value: str
    detail: str
    resolved_from: str
    anchor: str
    reason: str
    relative: bool
    timex: str


def find_dates(doc: Doc, published: date | None) -> list[DateMention]:
    """The date and time mentions of `doc`, sorted by position.

    `published` is the article's publication date: the only base for relative
    phrases ("yesterday", "on Thursday", "this week").
    """
    if isinstance(published, datetime):
        published = published.date()
    spans = [span for span in _candidate_spans(doc) if not _after_publication_label(span)]
    story = _story_date(spans, published)
    readings = [_READERS[span.label_](span, story) for span in spans]
    found = [r for r in readings if r is not None]
    return _resolve_in_context(_settle_years(found, story))


# The article's own dates: its publication label, its dateline, the dates it gives before


PUBLICATION_LABEL_TAIL = re.compile(
    r"\s*(?:on|at)?\s*[:|\-\u2013\u2014]?\s*"
    r"(?:\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?\s*(?:[a-z]{2,4}\b)?,?\s*)?"
    r"(?:[A-Za-z]{3,9}\.?,?\s*)?(?:\d{1,2}(?:st|nd|rd|th)?,?\s*)?(?:[A-Za-z]{3,9}\.?,?\s*)?$")
"""What may stand between a publication label and the date it labels: "Published on: ",
"Updated Friday, " (the weekday and the month of the date itself: "DateMay 1, 2026" is read
as its year; a clock time: "Updated 10:30 am, 3 May 2025")."""


def _after_publication_label(span: Span) -> bool:
    """A date on a line that opens with a publication label ("date 2025-07-09 ...", "Published:
    May 1, 2026", "DateMay 1, 2026", "Updated 3 May"), right after it: when the page was
    published or changed, not the date of an event."""
    text = doc_text(span.doc)
    line_start = text.rfind("\n", 0, span.start_char) + 1
    prefix = text[line_start:span.start_char].lstrip().lower()
    if len(prefix) > 40:
        return False
    label = next((w for w in sorted(_words().publication_labels, key=len, reverse=True) if prefix.startswith(w)), None)
    return label is not None and PUBLICATION_LABEL_TAIL.fullmatch(prefix, len(label)) is not None


DATELINE_HEAD = re.compile(
    r"(?:[^\n]{0,60}?\)\s*)?"  # a publication label and an agency before it: "date 2025-01-28 (MENAFN- IANS) "
    r"(?:[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*)*,\s*)+")
"""The places before the date of a dateline on its line: "OAKLAND, Calif., ", "New Delhi, "."""
DATELINE_TAIL = re.compile(r"\s*(?:\([^)\n]{1,40}\)|[-\u2013\u2014]|\(?[A-Z]{2,}\)?\s*[-\u2013\u2014])")
"""What follows it: "(Reuters)", "(IANS)", a dash."""
DATELINE_REACH = 600
"""A dateline opens the story: only the first characters of the text hold one."""


def _story_date(spans: list[Span], published: date | None) -> date | None:
    """The date the story tells from: its dateline's ("NAIROBI, March 3 (Reuters) -"), with the
    year of the publication date or of the article's first full date; else the publication date.
    Weekdays and "yesterday" count from it."""
    for span in spans:
        if span.start_char > DATELINE_REACH:
            break
        if span.label_ != "CALENDAR" or not _is_dateline(span):
            continue
        reading = _read_calendar(span, published)
        if isinstance(reading, DateMention) and reading.detail == "day":
            return date.fromisoformat(reading.value)
        if isinstance(reading, _Partial) and reading.day is not None:
            reference = published or _first_full_date(spans)
            if reference is not None:
                return date.fromisoformat(_with_year(reading, reference, "", "").value)
        break
    return published


def _is_dateline(span: Span) -> bool:
    text = doc_text(span.doc)
    line_start = text.rfind("\n", 0, span.start_char) + 1
    return bool(DATELINE_HEAD.fullmatch(text, line_start, span.start_char)
                and DATELINE_TAIL.match(text, span.end_char))


def _first_full_date(spans: list[Span]) -> date | None:
    for span in spans:
        if span.label_ == "CALENDAR":
            reading = _read_calendar(span, None)
            if isinstance(reading, DateMention) and reading.detail == "day":
                return date.fromisoformat(reading.value)
    return None


def _resolve_in_context(items: list[DateMention | _Anaphor]) -> list[DateMention]:
    """Days counted from the date the article gave before them ("the next day"), and clock
    times alone, which take the day their sentence gives."""
    counted: list[DateMention | _Anaphor] = []
    last_day: DateMention | None = None
    for item in items:
        if isinstance(item, _Anaphor) and not item.clock:
            item = _counted_from(item, last_day)
        counted.append(item)
        if isinstance(item, DateMention) and item.value and item.detail in ("day", "time"):
            last_day = item
    return [_clock_in_sentence(item, counted) if isinstance(item, _Anaphor) else item for item in counted]


def _counted_from(item: _Anaphor, last_day: DateMention | None) -> DateMention:
    span = item.span
    if last_day is None:
        return _unresolved(span, f"'{span.text}' counts from a day the article does not give before it",
                           relative=True)
    day = date.fromisoformat(last_day.value[:10]) + timedelta(days=item.offset)
    timex = f"{day.isoformat()}T{item.part}" if item.part else day.isoformat()
    return _mention(span, day.isoformat(), "day", "relative_to_article", anchor=last_day.value[:10],
                    relative=True, timex=timex)


def _clock_in_sentence(item: _Anaphor, items: list[DateMention | _Anaphor]) -> DateMention:
    """"at 2 a.m." in a sentence that gives one day ("on January 29") is that day at 2:00."""
    span = item.span
    if span[0].lower_ in ("midnight", "noon"):
        return _unresolved(span, f"clock time '{span.text}' without a day", relative=False)  # which day's midnight?
    sentence = span.sent
    days = {m.value[:10] for m in items if isinstance(m, DateMention) and m.value and m.detail in ("day", "time")
            and sentence.start_char <= m.start < sentence.end_char}
    if len(days) != 1:
        return _unresolved(span, f"clock time '{span.text}' without a day", relative=False)
    day = date.fromisoformat(days.pop())
    time = _clock_time(span, list(span), day)
    if time is None:
        return _unresolved(span, f"cannot read the time in '{span.text}'", relative=False)
    return _mention(span, time, "time", "relative_to_article", anchor=day.isoformat(), relative=True)


# Word tables (pipeline/resources/date_*.txt)


@dataclass(frozen=True)
class _Words:
    months: dict[str, int]
    full_months: dict[str, int]
    weekdays: dict[str, int]
    parts_of_day: dict[str, str]
    seasons: dict[str, str]
    references: dict[str, str]
    future_cues: frozenset[str]
    prepositions: frozenset[str]
    holidays: dict[str, str]
    anaphora: dict[str, int]
    publication_labels: frozenset[str]
    not_year_after: frozenset[str]


@lru_cache(maxsize=None)
def _words() -> _Words:
    months, full_months = _calendar_names("date_months")
    weekdays, _ = _calendar_names("date_weekdays")
    return _Words(
        months=months,
        full_months=full_months,
        weekdays=weekdays,
        parts_of_day=_coded("date_parts_of_day"),
        seasons=_coded("date_seasons"),
        references=_coded("date_references"),
        future_cues=load_words("date_future_cues"),
        prepositions=load_words("date_prepositions"),
        holidays=_coded("date_holidays"),
        anaphora={phrase: int(code) for phrase, code in _coded("date_anaphora").items()},
        publication_labels=load_words("date_publication_labels"),
        not_year_after=load_words("date_not_year_after"),
    )


def _calendar_names(name: str) -> tuple[dict[str, int], dict[str, int]]:
    """From lines "<number> <full name> <abbreviations...>": every spelling -> number,
    and full name -> number (only a full name can stand alone: "in May")."""
    spellings: dict[str, int] = {}
    full_names: dict[str, int] = {}
    for line in load_words(name):
        number, *names = line.split()
        spellings.update(dict.fromkeys(names, int(number)))
        full_names[names[0]] = int(number)
    return spellings, full_names


def _coded(name: str) -> dict[str, str]:
    """Phrase -> code from lines "<phrase> <CODE>": seasons, parts of day, references."""
    pairs = (line.rsplit(None, 1) for line in load_words(name))
    return {phrase: code.upper() for phrase, code in pairs}


# Grammar: the closed-class words of date phrases, and the phrase shapes

SHIFTS = {"this": 0, "current": 0, "last": -1, "next": 1, "coming": 1}
"""Not "past" ("over the past year" is the twelve months before, a duration) nor
"previous" ("the previous week" counts from an event in the text)."""
UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
         "months": "month", "year": "year", "years": "year"}
MODIFIERS = {"early", "mid", "late", "earlier", "later"}
EDGES = {"end", "beginning", "start", "middle", "turn"}
VAGUE_COUNTS = {"few", "several", "many", "some", "couple"}
DAY_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}
AM_PM = ["a.m.", "p.m.", "am", "pm", "a.m", "p.m"]
DASHES = ["-", "\u2013", "\u2014", "/"]
YEAR_RE = r"^(1[5-9]\d\d|2[01]\d\d)$"
DAY_RE = r"^(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?$"
HYPHEN_MODIFIER_RE = re.compile(r"^(early|mid|late)-", re.IGNORECASE)
FIXED_BASE = datetime(2000, 1, 1)
"""The base dateparser fills missing parts from when reading a calendar phrase:
any fixed date will do (2000 has a 29 February); never today."""
NAME_LABELS = {"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "LAW", "FAC"}
"""A month or weekday inside a name ("Bill March", "The Mail on Sunday") is no date."""
NOT_A_DATE_HEAD_TAGS = {"NNS", "NNPS"}
"""A number counting a plural noun ("1500 employees") is a quantity, not a year."""


@lru_cache(maxsize=4)
def _grammar(vocab) -> tuple[Matcher, int, StringTest]:
    """The date-phrase Matcher, the length of its longest pattern, and the test of the tokens
    that every match holds one of."""
    words = _words()
    month = {"LOWER": {"IN": sorted(words.months)}, "IS_LOWER": False, "TAG": {"NOT_IN": ["MD"]}}
    full_month = {**month, "LOWER": {"IN": sorted(words.full_months)}}
    lower_month = {"LOWER": {"IN": sorted(words.full_months)}, "IS_LOWER": True}
    """A month name in lower case ("on april 30"): only next to a day, checked in the reader."""
    weekday = {"LOWER": {"IN": sorted(words.weekdays)}, "IS_LOWER": False}
    day = {"LOWER": {"REGEX": DAY_RE}}
    year = {"TEXT": {"REGEX": YEAR_RE}}
    comma = {"TEXT": ",", "OP": "?"}
    part = {"LOWER": {"IN": sorted(words.parts_of_day)}}
    shift = {"LOWER": {"IN": sorted(SHIFTS)}}
    zone = {"TEXT": {"REGEX": r"^(GMT|UTC|[A-Z][SD]?T)$"}}
    maybe_zone = {**zone, "OP": "?"}
    clocks = [
        [{"TEXT": {"REGEX": r"^\d{1,2}(:\d\d)?$"}}, {"LOWER": {"IN": AM_PM}}, maybe_zone],
        [{"LOWER": {"REGEX": r"^\d{1,2}(:\d\d)?(am|pm|a\.m\.|p\.m\.)$"}}, maybe_zone],
        [{"TEXT": {"REGEX": r"^([01]?\d|2[0-3]):[0-5]\d$"}}, zone],
        [{"LOWER": {"IN": ["noon", "midnight"]}}],
    ]
    shapes: dict[str, list[list[dict]]] = {
        "CALENDAR": [
            [weekday, comma, month, day, comma, year],
            [weekday, comma, month, day],
            [month, day, comma, year],
            [month, day],
            [day, month, comma, year],
            [day, month],
            [day, {"LOWER": "of"}, month, comma, year],
            [day, {"LOWER": "of"}, month],
            [lower_month, day, comma, year],
            [lower_month, day],
            [day, lower_month, comma, year],
            [day, lower_month],
            [month, comma, year],
            [{"TEXT": {"REGEX": r"^\d{1,2}/\d{1,2}/(\d\d|\d{4})$"}}],
            [{"TEXT": {"REGEX": r"^\d{4}-\d\d-\d\d$"}}],
            [year, {"TEXT": "-"}, {"TEXT": {"REGEX": r"^\d\d$"}}, {"TEXT": "-"}, {"TEXT": {"REGEX": r"^\d\d$"}}],
        ],
        "MONTH": [[full_month], [{"LOWER": {"REGEX": r"^(early|mid|late)-[a-z]+$"}}]],
        "YEAR": [[year], [{"LOWER": {"REGEX": r"^(early|mid|late)-(1[5-9]\d\d|2[01]\d\d)$"}}]],
        "YEAR_RANGE": [[year, {"TEXT": {"IN": DASHES}}, {"TEXT": {"REGEX": r"^(\d\d|\d{4})$"}}]],
        "DECADE": [[{"LOWER": {"REGEX": r"^(1[5-9]|20)\d0s$"}}]],
        "SEASON": [[{"LOWER": {"IN": sorted(words.seasons)}}, {"LOWER": "of", "OP": "?"}, year]],
        "CENTURY": [[{"LOWER": {"REGEX": r"^\d{1,2}(st|nd|rd|th)$"}}, {"TEXT": "-", "OP": "?"}, {"LOWER": "century"}]],
        "WEEKDAY": [[shift, weekday], [weekday], [weekday, part]]
        + [[weekday, {"LOWER": "at", "OP": "?"}, *clock] for clock in clocks]
        + [[*clock, {"LOWER": "on", "OP": "?"}, weekday] for clock in clocks],
        "SHIFTED": [
            [shift, {"LOWER": "fiscal", "OP": "?"}, {"LOWER": {"IN": ["week", "month", "year", "weekend"]}}],
            [shift, {"LOWER": {"IN": sorted(words.seasons)}}],
            [shift, full_month],
        ],
        "PERIOD_EDGE": [[{"LOWER": "the", "OP": "?"}, {"LOWER": {"IN": sorted(EDGES)}}, {"LOWER": "of"},
                         {"LOWER": "the", "OP": "?"}, {"LOWER": {"IN": ["week", "month", "year"]}}]],
        "DAY_WORD": [[{"LOWER": {"IN": sorted(DAY_WORDS)}}], [{"LOWER": {"IN": sorted(DAY_WORDS)}}, part],
                     [{"LOWER": "this"}, part], [{"LOWER": "last"}, {"LOWER": "night"}]],
        "COUNTED": [
            [*count, {"LOWER": "of", "OP": "?"}, {"LOWER": {"IN": sorted(UNITS)}}, *tail]
            for count in ([{"LIKE_NUM": True}], [{"LOWER": {"IN": ["a", "an"]}}],
                          [{"LOWER": {"IN": ["a", "an"]}, "OP": "?"}, {"LOWER": {"IN": sorted(VAGUE_COUNTS)}}])
            for tail in ([{"LOWER": "ago"}], [{"LOWER": "from"}, {"LOWER": "now"}])
        ],
        "REFERENCE": [[{"LOWER": w} for w in phrase.split()] for phrase in sorted(words.references)],
        "CLOCK": clocks,
    }
    matcher = Matcher(vocab)
    for label, patterns in shapes.items():
        matcher.add(label, patterns)
    reach = max(len(pattern) for patterns in shapes.values() for pattern in patterns)
    return matcher, reach, StringTest(partial(_is_trigger, _regex_tests(shapes)))


@lru_cache(maxsize=4)
def _story_grammar(vocab) -> tuple[Matcher, int, StringTest]:
    """The Matcher of holidays ("Labor Day"), days counted from the article's own dates ("the
    next day", "two days later") and "earlier in the week", with its own trigger words: kept out
    of the main grammar, whose windows and states they would widen for every "the" and "day"."""
    words = _words()
    comma = {"TEXT": ",", "OP": "?"}
    year = {"TEXT": {"REGEX": YEAR_RE}}
    day_nouns = ["day", *sorted(words.parts_of_day)]
    shapes: dict[str, list[list[dict]]] = {
        "HOLIDAY": [[*_phrase_pattern(phrase), *tail] for phrase in sorted(words.holidays)
                    for tail in ([], [comma, year])],
        "ANAPHORIC": [[*_phrase_pattern(phrase), {"LOWER": {"IN": day_nouns}}] for phrase in sorted(words.anaphora)]
        + [[{"LOWER": {"IN": ["earlier", "later"]}}, {"LOWER": "in"}, {"LOWER": "the"}, {"LOWER": {"IN": day_nouns}}]]
        + [[count, {"LOWER": {"IN": ["day", "days"]}}, {"LOWER": {"IN": ["later", "earlier"]}}]
           for count in ({"LIKE_NUM": True}, {"LOWER": {"IN": ["a", "one"]}})],
        "WITHIN": [[{"LOWER": {"IN": ["earlier", "later"]}}, {"LOWER": "in"}, {"LOWER": "the"},
                    {"LOWER": {"IN": ["week", "month", "year"]}}]],
    }
    matcher = Matcher(vocab)
    for label, patterns in shapes.items():
        matcher.add(label, patterns)
    reach = max(len(pattern) for patterns in shapes.values() for pattern in patterns)
    triggers = frozenset({w for phrase in words.holidays for w in phrase.split()} - HOLIDAY_COMMON_WORDS
                         | {"day", "days", "earlier", "later", *words.parts_of_day})
    return matcher, reach, StringTest(lambda text: text.lower() in triggers)


APOSTROPHES = {"'s": ["'s", "\u2019s"], "'": ["'", "\u2019"]}


def _phrase_pattern(phrase: str) -> list[dict]:
    """Matcher tokens of a phrase of a word table; "'s" and "'" match either apostrophe."""
    return [{"LOWER": {"IN": APOSTROPHES[w]}} if w in APOSTROPHES else {"LOWER": w} for w in phrase.split()]


def _regex_tests(shapes: dict[str, list[list[dict]]]) -> tuple[tuple[bool, re.Pattern], ...]:
    """(on lower case?, expression) of every REGEX test in the patterns."""
    tests = {
        (attribute == "LOWER", condition["REGEX"])
        for patterns in shapes.values() for pattern in patterns for token in pattern
        for attribute, condition in token.items() if isinstance(condition, dict) and "REGEX" in condition
    }
    return tuple((lower, re.compile(expression)) for lower, expression in sorted(tests))


def _is_trigger(regex_tests: tuple[tuple[bool, re.Pattern], ...], text: str) -> bool:
    """Whether a token `text` is a word of some pattern's list, or passes one of its regular
    expressions: every pattern holds one such token (besides words as common as "the")."""
    lower = text.lower()
    if lower in trigger_words() or HYPHENED_MODIFIER.match(lower) is not None:
        return True
    return any(expression.search(lower if on_lower else text) for on_lower, expression in regex_tests)


WITH_MODIFIERS = frozenset({"MONTH", "YEAR", "DECADE", "CENTURY", "SEASON", "SHIFTED", "CALENDAR", "WEEKDAY"})
"""Phrases that take "early", "mid-", "late" or "the end of (the)" before them."""
HYPHEN_MODIFIERS = frozenset({"early", "mid", "late"})


def _modifier_start(doc: Doc, start: int) -> int:
    """Where the phrase at `start` begins once its modifier is included: "the end of the" 2019,
    "early" March, "mid-" 2020. Read here rather than as Matcher patterns, which it multiplied
    by four (and made every token start optional states)."""
    before = start - 1 if start >= 1 and doc[start - 1].lower_ == "the" else start
    if before >= 2 and doc[before - 1].lower_ == "of" and doc[before - 2].lower_ in EDGES:
        edge = before - 2
        return edge - 1 if edge >= 1 and doc[edge - 1].lower_ == "the" else edge
    if start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in HYPHEN_MODIFIERS:
        return start - 2
    if start >= 1 and doc[start - 1].lower_ in MODIFIERS:
        return start - 1
    return start


GENERIC_WORDS = frozenset({"the", "at", "of", "a", "an", "on", "in"})
"""Words of date phrases too common to mark where one may be ("at the time" is marked by "time")."""
HYPHENED_MODIFIER = re.compile(r"^(early|mid|late)-")
HOLIDAY_COMMON_WORDS = GENERIC_WORDS | {"new", "'s", "'", "king", "jr.", "martin", "luther", "good"}
"""Words of holiday names too common to mark where one may be: each name holds another
("new year's day": "day", "year"; "good friday": "friday")."""


@lru_cache(maxsize=1)
def trigger_words() -> frozenset[str]:
    """Words of which every date phrase the grammar knows holds at least one (or else a token that
    passes one of its regular expressions)."""
    words = _words()
    phrases = [*words.references, *words.parts_of_day, *words.seasons]
    in_phrases = {w for phrase in phrases for w in phrase.split()} - GENERIC_WORDS
    return frozenset({
        *words.months, *words.weekdays, *in_phrases, *DAY_WORDS, *UNITS,
        "week", "month", "year", "weekend", "noon", "midnight", "century",
    })


def _windows(doc: Doc, reach: int, triggers: StringTest) -> list[tuple[int, int]]:
    """Merged token ranges within `reach` of a trigger word: the only places a date phrase can be."""
    windows: list[tuple[int, int]] = []
    length = len(doc)
    for i in triggers.indices(doc, ORTH):
        start, end = max(0, i - reach), min(length, i + reach + 1)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _candidate_spans(doc: Doc) -> list[Span]:
    """Longest non-overlapping grammar matches; year ranges split into their two years.

    The Matcher runs only on windows around trigger words: every pattern holds a
    trigger, so a window reaching one pattern length either side finds the same
    matches as the whole Doc, at a fraction of the cost (the patterns with regular
    expressions cost tens of microseconds per token over whole articles).
    """
    matcher, reach, triggers = _grammar(doc.vocab)
    matches = [
        Span(doc, _modifier_start(doc, span.start), span.end, label=span.label) if span.label_ in WITH_MODIFIERS else span
        for start, end in _windows(doc, reach, triggers)
        for span in matcher(doc[start:end], as_spans=True)
    ]
    matcher, reach, triggers = _story_grammar(doc.vocab)
    matches += [span for start, end in _windows(doc, reach, triggers) for span in matcher(doc[start:end], as_spans=True)]
    spans: list[Span] = []
    for span in sorted(filter_spans(matches), key=lambda s: s.start):
        if span.label_ == "YEAR_RANGE":
            spans.append(Span(doc, span.start, span.start + 1, label="YEAR_RANGE_START"))
            spans.append(Span(doc, span.end - 1, span.end, label="YEAR_RANGE_END"))
        else:
            spans.append(span)
    return spans


# Reading one span


@dataclass(frozen=True)
class _Partial:
    """A calendar date written without its year, waiting for one from the article."""

    span: Span
    month: int
    day: int | None
    tense: str
    rule: str = ""
    """A holiday's rule ("1-MON-09", "EASTER-2") when its day depends on the year."""


@dataclass(frozen=True)
class _Anaphor:
    """A day counted from the date the article gave before it ("the next day", "two days
    later", "earlier that day"), or a clock time waiting for its day ("at 2 a.m.")."""

    span: Span
    offset: int
    part: str | None
    clock: bool = False


def _mention(span: Span, value: str, detail: str, resolved_from: str, *, anchor: str = "",
             relative: bool = False, timex: str = "", reason: str = "") -> DateMention:
    return DateMention(
        start=span.start_char, end=span.end_char, surface=span.text, value=value, detail=detail,
        resolved_from=resolved_from, anchor=anchor, reason=reason, relative=relative,
        timex=timex or value,
    )


def _unresolved(span: Span, reason: str, *, relative: bool, timex: str = "") -> DateMention:
    return _mention(span, "", "unresolved", "unresolved", relative=relative, timex=timex, reason=reason)


def _no_publication(span: Span, what: str) -> DateMention:
    return _unresolved(span, f"{what} '{span.text}' and the article has no publication date", relative=True)


def _core_tokens(span: Span) -> list[Token]:
    """The span without its modifiers ("early", "the end of the"): they do not change the value."""
    tokens = list(span)
    if len(tokens) > 2 and tokens[1].lower_ in EDGES or len(tokens) > 1 and tokens[0].lower_ in EDGES:
        of = next(i for i, t in enumerate(tokens) if t.lower_ == "of")
        tokens = tokens[of + 1:]
        if len(tokens) > 1 and tokens[0].lower_ == "the":
            tokens = tokens[1:]
    elif len(tokens) > 1 and tokens[0].lower_ in MODIFIERS:
        tokens = tokens[2:] if tokens[1].text == "-" else tokens[1:]
    return tokens


def _core_text(span: Span) -> str:
    text = "".join(t.text_with_ws for t in _core_tokens(span)).strip()
    return HYPHEN_MODIFIER_RE.sub("", text)


def _read_calendar(span: Span, published: date | None) -> DateMention | _Partial | None:
    if not _lower_month_stands_as_date(span):
        return None
    text = _core_text(span)
    parsed = _dateparser_read(text, FIXED_BASE, "current_period", ("month",))
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    has_year = any(n >= 1000 for n in numbers) or re.search(r"\d/\d+/\d", text) is not None
    if parsed is None or not _agrees(parsed, text, numbers, has_year):
        return _unresolved(span, f"cannot read the date '{span.text}'", relative=False)
    when, period = parsed
    if not has_year:
        return _Partial(span, when.month, when.day if period == "day" else None, _tense(span))
    value = when.date().isoformat() if period == "day" else f"{when.year:04d}-{when.month:02d}"
    return _mention(span, value, period, "explicit")


def _lower_month_stands_as_date(span: Span) -> bool:
    """A month name in lower case ("on april 30, local time") is a date after a temporal
    preposition or with a year, and when its day counts nothing ("april 30 people")."""
    months = _words().full_months
    lower = [t for t in span if t.lower_ in months and t.is_lower]
    if not lower:
        return True
    if any(re.fullmatch(YEAR_RE, t.text) for t in span):
        return True
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if before is None or before.lower_ not in _words().prepositions:
        return False
    return after is None or not (after.pos_ in ("NOUN", "PROPN") and span[-1].dep_ == "nummod"
                                 and span[-1].head.i == after.i)


def _agrees(parsed: tuple[datetime, str], text: str, numbers: list[int], has_year: bool) -> bool:
    """dateparser's answer uses every number (a year may have two digits: "4/30/26")
    and the month name the phrase gives.

    Without a year in the phrase the answer must keep the fixed base year: a
    different year would be invented (dateparser has filled it from today).
    """
    when, period = parsed
    if period not in ("day", "month") or (not has_year and when.year != FIXED_BASE.year):
        return False
    parts = {when.year, when.month, when.year % 100} | ({when.day} if period == "day" else set())
    if any(n not in parts for n in numbers):
        return False
    months = _words().months
    named = [months[w] for w in re.findall(r"[a-z]+\.?", text.lower()) if w in months]
    return all(m == when.month for m in named)


def _read_month(span: Span, published: date | None) -> _Partial | None:
    token = _core_tokens(span)[0]
    name = HYPHEN_MODIFIER_RE.sub("", token.lower_)
    month = _words().full_months.get(name)
    if month is None or not _stands_as_date(span, token):
        return None
    return _Partial(span, month, None, _tense(span))


def _stands_as_date(span: Span, token: Token) -> bool:
    """A bare month or year is a date after a modifier ("early May") or a temporal
    preposition ("in May"), never inside a name ("Bill March")."""
    if token.ent_type_ in NAME_LABELS:
        return False
    if token.i != span.start or HYPHEN_MODIFIER_RE.match(token.text):
        return True
    before = span.doc[span.start - 1] if span.start > 0 else None
    return before is not None and before.lower_ in _words().prepositions


def _read_year(span: Span, published: date | None) -> DateMention | None:
    token = _core_tokens(span)[0]
    year = HYPHEN_MODIFIER_RE.sub("", token.text)
    if not _is_year_number(span, token):
        return None
    return _mention(span, year, "year", "explicit")


def _is_year_number(span: Span, token: Token) -> bool:
    doc = span.doc
    before = doc[token.i - 1] if token.i > 0 else None
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if before is not None and (before.is_currency or before.text == "#"):
        return False
    if before is not None and before.lower_ in _words().not_year_after:
        return False
    if _beside_digits(doc, token):
        return False
    if after is not None and (after.text == "%" or after.lower_ in ("percent", "per")):
        return False
    if token.dep_ == "nummod" and token.head.tag_ in NOT_A_DATE_HEAD_TAGS and not _dates_a_plural(token):
        return False
    if token.ent_type_ in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT"):
        return False
    return token.ent_type_ == "DATE" or _stands_as_date(span, token)


def _beside_digits(doc: Doc, token: Token) -> bool:
    """A four-digit number in a run of numbers ("call 1900 555 0100") is part of a phone
    number or an id."""
    return any(0 <= i < len(doc) and re.fullmatch(r"\d{2,}", doc[i].text) is not None
               for i in (token.i - 1, token.i + 1))


def _dates_a_plural(token: Token) -> bool:
    """"2017 discussions", "the 2020 elections": a year the model reads as a date before a
    plural noun; "1500 employees" is a count."""
    return token.ent_type_ == "DATE" and token.ent_iob_ == "B" and (
        token.i + 1 >= len(token.doc) or token.doc[token.i + 1].ent_type_ != "DATE")


def _read_range_start(span: Span, published: date | None) -> DateMention:
    return _mention(span, span.text, "year", "explicit")


def _read_range_end(span: Span, published: date | None) -> DateMention | None:
    first = int(span.doc[span.start - 2].text)
    last = int(span.text) if len(span.text) == 4 else first // 100 * 100 + int(span.text)
    if not first < last < first + 100:
        return None
    return _mention(span, str(last), "year", "explicit")


def _read_decade(span: Span, published: date | None) -> DateMention:
    """"the 1990s" is the decade "199"; "the 1800s" the century "18"."""
    digits = _core_text(span)[:4]
    if digits.endswith("00"):
        return _mention(span, digits[:2], "century", "explicit")
    return _mention(span, digits[:3], "decade", "explicit")


def _read_season(span: Span, published: date | None) -> DateMention:
    """"the summer of 1969": TimeML's "1969-SU"."""
    tokens = _core_tokens(span)
    code = _words().seasons[tokens[0].lower_]
    return _mention(span, f"{tokens[-1].text}-{code}", "season", "explicit")


def _read_century(span: Span, published: date | None) -> DateMention:
    ordinal = int(re.match(r"\d+", _core_text(span)).group())
    return _mention(span, f"{ordinal - 1:02d}", "century", "explicit")


def _read_weekday(span: Span, published: date | None) -> DateMention | None:
    """The weekday's date in the publication week, by the tense of its verb.

    News style says "on Friday" for the current week: a story published on a
    Friday saying "on Friday" means that very day, whatever the tense. Future
    tense takes the first such weekday on or after publication, present tense
    and the end of an interval ("until Saturday") the nearer of the two, any
    other (past, a participle, no verb) the latest on or before publication. "last Friday" is
    strictly before, "next Friday" strictly after. (dateparser with
    PREFER_DATES_FROM="past" answers a week early for the publication weekday:
    TempEval-3 platinum value F1 0.794 with it, 0.894 with this rule.)
    """
    words = _words()
    tokens = _core_tokens(span)
    name = next(t for t in tokens if t.lower_ in words.weekdays and not t.is_lower)
    if name.ent_type_ in NAME_LABELS:
        return None
    if published is None:
        return _no_publication(span, "weekday")
    weekday = words.weekdays[name.lower_]
    shift = next((SHIFTS[t.lower_] for t in tokens if t.lower_ in SHIFTS), None)
    day = _weekday_date(weekday, published, shift, _tense(span))
    if shift is None and (published - day).days == DAY_AFTER_PUBLICATION:
        return _unresolved(span, f"'{span.text}' is the day after the publication date: that next day in another "
                           "time zone, or six days before", relative=True)
    resolved_from = "weekday_before_publication" if day <= published else "relative_to_publication"
    anchor = published.isoformat()
    part = next((words.parts_of_day[t.lower_] for t in tokens if t.lower_ in words.parts_of_day), None)
    if part:
        return _mention(span, day.isoformat(), "day", resolved_from, anchor=anchor, relative=True,
                        timex=f"{day.isoformat()}T{part}")
    clock = [t for t in tokens if t.lower_ not in words.weekdays and t.lower_ not in SHIFTS
             and t.lower_ not in ("at", "on")]
    if clock:
        time = _clock_time(span, clock, day)
        if time is None:
            return _unresolved(span, f"cannot read the time in '{span.text}'", relative=True)
        return _mention(span, time, "time", resolved_from, anchor=anchor, relative=True)
    return _mention(span, day.isoformat(), "day", resolved_from, anchor=anchor, relative=True)


DAY_AFTER_PUBLICATION = 6
"""Days back to a weekday that is the day after the publication date: a page dated Saturday (its
place's date) telling of a crash "on Sunday" on the other side of the world."""


def _weekday_date(weekday: int, published: date, shift: int | None, tense: str) -> date:
    back = (published.isoweekday() - weekday) % 7
    ahead = (weekday - published.isoweekday()) % 7
    if shift == -1:
        return published - timedelta(days=back or 7)
    if shift == 1:
        return published + timedelta(days=ahead or 7)
    if shift == 0:
        return published + timedelta(days=weekday - published.isoweekday())
    if tense in ("present", "bound") and ahead < back:
        return published + timedelta(days=ahead)
    if tense == "future":
        return published + timedelta(days=ahead)
    return published - timedelta(days=back)


def _clock_time(span: Span, clock: list[Token], day: date) -> str | None:
    """"YYYY-MM-DDTHH:MM" of a clock phrase on `day`, read by dateparser and checked."""
    text = " ".join(t.text for t in clock if t.lower_ in AM_PM or not re.fullmatch(r"[A-Z]{2,4}", t.text))  # a zone
    parsed = _dateparser_read(text, datetime(day.year, day.month, day.day), "current_period", ())
    if parsed is None or parsed[1] != "time" or parsed[0].date() != day:
        return None
    digits = re.match(r"\d+", text)
    if digits and int(digits.group()) % 12 != parsed[0].hour % 12:
        return None
    return parsed[0].strftime("%Y-%m-%dT%H:%M")


def _read_clock(span: Span, published: date | None) -> _Anaphor:
    """A clock time alone: it takes the day the same sentence gives, if it gives one."""
    return _Anaphor(span, 0, None, clock=True)


HOLIDAY_TIME_NOUNS = frozenset({"weekend", "holiday", "holidays", "morning", "afternoon", "evening", "night",
                                "eve", "day", "celebration", "celebrations", "parade", "service"})
"""Nouns a one-word holiday may name the time of ("Easter weekend"); before any other noun it
is a kind of thing ("a Christmas tree", "Thanksgiving dinner"), not a date."""
WEEKDAY_CODES = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


def _read_holiday(span: Span, published: date | None) -> DateMention | _Partial | None:
    """"Christmas Eve", "Labor Day 2023", "the Fourth of July": the holiday's date, in the year
    the phrase gives, else in the year the article's dates give (as for "May 3")."""
    tokens = list(span)
    year = tokens[-1] if re.fullmatch(YEAR_RE, tokens[-1].text) else None
    name = [t for t in tokens if t is not year and t.text != ","]
    rule = _words().holidays.get(" ".join(t.lower_.replace("\u2019", "'") for t in name))
    if rule is None or any(t.ent_type_ in NAME_LABELS for t in name):
        return None
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and (before.tag_ == "POS" or before.ent_type_ in ("NORP", "GPE")):
        return None  # "Mexico's Independence Day": a country's own holiday, its date not in the table
    words = [t for t in name if t.is_alpha and t.lower_ not in ("the", "of")]
    if len(words) == 1:
        after = doc[span.end] if span.end < len(doc) else None
        if words[0].is_lower or (after is not None and year is None and after.pos_ == "NOUN"
                                 and after.lower_ not in HOLIDAY_TIME_NOUNS):
            return None
    if year is not None:
        return _mention(span, _holiday_date(rule, int(year.text)).isoformat(), "day", "explicit")
    if re.fullmatch(r"\d\d-\d\d", rule):
        month, day = map(int, rule.split("-"))
        return _Partial(span, month, day, _tense(span))
    return _Partial(span, int(rule.rsplit("-", 1)[-1]) if "-" in rule and not rule.startswith("EASTER") else 4,
                    None, _tense(span), rule)


def _holiday_date(rule: str, year: int) -> date:
    """The day of a holiday rule in `year`: "12-25", "1-MON-09", "L-MON-05", "EASTER-2"."""
    if rule.startswith("EASTER"):
        return easter(year) + timedelta(days=int(rule[len("EASTER"):]))
    parts = rule.split("-")
    if len(parts) == 2:
        return date(year, int(parts[0]), int(parts[1]))
    nth, weekday, month = parts[0], WEEKDAY_CODES.index(parts[1]), int(parts[2])
    if nth == "L":
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (int(nth) - 1))


COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10}


def _read_anaphoric(span: Span, published: date | None) -> _Anaphor | DateMention | None:
    """"the next day", "later that night", "earlier in the day", "two days later": a day
    counted from the date the article gave before it (resolved in `_resolve_in_context`)."""
    words = [t.lower_ for t in span]
    parts = _words().parts_of_day
    if words[-1] in ("later", "earlier"):
        count = COUNT_WORDS.get(words[0]) or (int(words[0]) if words[0].isdigit() else None)
        if count is None or count > 31:
            return _unresolved(span, f"cannot count the days of '{span.text}'", relative=True)
        return _Anaphor(span, count if words[-1] == "later" else -count, None)
    following = span.doc[span.end] if span.end < len(span.doc) else None
    if following is not None and following.lower_ in ("of", "after", "before"):
        return None  # "the next day of talks", "the day after the vote": counted from an event
    if words[0] in ("earlier", "later") and words[1] == "in":
        offset = 0
    else:
        offset = _words().anaphora.get(" ".join(words[:-1]))
        if offset is None:
            return None
    return _Anaphor(span, offset, parts.get(words[-1]))


def _read_within(span: Span, published: date | None) -> DateMention:
    """"earlier in the week", "later in the month": the week (month, year) of the story."""
    if published is None:
        return _no_publication(span, "relative date")
    unit = span[-1].lower_
    anchor = published.isoformat()
    if unit == "week":
        iso = published.isocalendar()
        return _mention(span, f"{iso.year}-W{iso.week:02d}", "week", "relative_to_publication",
                        anchor=anchor, relative=True)
    if unit == "month":
        return _mention(span, published.strftime("%Y-%m"), "month", "relative_to_publication",
                        anchor=anchor, relative=True)
    return _mention(span, str(published.year), "year", "relative_to_publication", anchor=anchor, relative=True)


def _read_shifted(span: Span, published: date | None) -> DateMention | None:
    """"this week", "last month", "next year", "last summer", "last July": own arithmetic.

    Exact and simple; dateparser answers "this week" with a day and does not
    read "last July" or "last summer".
    """
    tokens = _core_tokens(span)
    following = span.doc[span.end] if span.end < len(span.doc) else None
    if following is not None and following.lower_ == "of":
        return None
    if published is None:
        return _no_publication(span, "relative date")
    words = _words()
    shift = SHIFTS[tokens[0].lower_]
    unit = tokens[-1].lower_
    anchor = published.isoformat()
    if unit in ("week", "weekend"):
        iso = (published + timedelta(weeks=shift)).isocalendar()
        week = f"{iso.year}-W{iso.week:02d}"
        timex = week + "-WE" if unit == "weekend" else week
        return _mention(span, week, "week", "relative_to_publication", anchor=anchor, relative=True, timex=timex)
    if unit == "month":
        year, month = _add_months(published.year, published.month, shift)
        return _mention(span, f"{year:04d}-{month:02d}", "month", "relative_to_publication",
                        anchor=anchor, relative=True)
    if unit == "year":
        return _mention(span, str(published.year + shift), "year", "relative_to_publication",
                        anchor=anchor, relative=True)
    if unit in words.seasons:
        year, code = _season(words.seasons[unit], published, shift)
        return _mention(span, f"{year}-{code}", "season", "relative_to_publication", anchor=anchor,
                        relative=True)
    year = _shifted_month_year(words.full_months[unit], published, shift)
    return _mention(span, f"{year:04d}-{words.full_months[unit]:02d}", "month", "relative_to_publication",
                    anchor=anchor, relative=True)


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _shifted_month_year(month: int, published: date, shift: int) -> int:
    """"last July": the latest July before the publication month; "next July": the first after."""
    if shift == 0:
        return published.year
    if shift < 0:
        return published.year if month < published.month else published.year - 1
    return published.year if month > published.month else published.year + 1


SEASON_STARTS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _season(code: str, published: date, shift: int) -> tuple[int, str]:
    """Year and code of a season; winter is counted in the year of its December."""
    start_month = SEASON_STARTS[code]
    current = max((m for m in SEASON_STARTS.values() if m <= published.month), default=12)
    current_year = published.year if published.month >= 3 else published.year - 1
    starts = [date(y, start_month, 1) for y in range(published.year - 2, published.year + 2)]
    current_start = date(current_year, current, 1)
    if shift < 0:
        year = max(d for d in starts if d < current_start).year
    elif shift > 0:
        year = min(d for d in starts if d > current_start).year
    else:
        year = min(starts, key=lambda d: (abs((d - current_start).days), d)).year
    return year, code


def _read_period_edge(span: Span, published: date | None) -> DateMention:
    """"the end of the year": of the publication's year (month, week)."""
    if published is None:
        return _no_publication(span, "relative date")
    unit = span[-1].lower_
    anchor = published.isoformat()
    if unit == "year":
        return _mention(span, str(published.year), "year", "relative_to_publication", anchor=anchor, relative=True)
    if unit == "month":
        return _mention(span, published.strftime("%Y-%m"), "month", "relative_to_publication",
                        anchor=anchor, relative=True)
    iso = published.isocalendar()
    return _mention(span, f"{iso.year}-W{iso.week:02d}", "week", "relative_to_publication",
                    anchor=anchor, relative=True)


def _read_day_word(span: Span, published: date | None) -> DateMention:
    """"yesterday", "tonight", "this morning", "last night": a day next to publication."""
    if published is None:
        return _no_publication(span, "relative date")
    words = _words()
    first, last = span[0].lower_, span[-1].lower_
    offset = -1 if first == "last" else DAY_WORDS.get(first, 0)
    day = published + timedelta(days=offset)
    part = words.parts_of_day.get(last) or ("NI" if first == "tonight" else None)
    timex = f"{day.isoformat()}T{part}" if part else day.isoformat()
    return _mention(span, day.isoformat(), "day", "relative_to_publication", anchor=published.isoformat(),
                    relative=True, timex=timex)


def _read_counted(span: Span, published: date | None) -> DateMention | None:
    """"two days ago", "eight years from now": dateparser counts back from publication."""
    words = [t.lower_ for t in span]
    if any(w in VAGUE_COUNTS for w in words):
        timex = "PAST_REF" if words[-1] == "ago" else "FUTURE_REF"
        return _unresolved(span, f"'{span.text}' gives no number to count from publication",
                           relative=True, timex=timex)
    if published is None:
        return _no_publication(span, "relative date")
    base = datetime(published.year, published.month, published.day)
    parsed = _dateparser_read(span.text, base, "past" if words[-1] == "ago" else "future", ())
    unit = UNITS[next(w for w in words if w in UNITS)]
    if parsed is None or parsed[1] != unit or (parsed[0] < base) != (words[-1] == "ago"):
        return _unresolved(span, f"cannot count '{span.text}' from the publication date", relative=True)
    when = parsed[0].date()
    iso = when.isocalendar()
    value = {"day": when.isoformat(), "week": f"{iso.year}-W{iso.week:02d}", "month": when.strftime("%Y-%m"),
             "year": str(when.year)}[unit]
    return _mention(span, value, unit, "relative_to_publication", anchor=published.isoformat(), relative=True)


def _read_reference(span: Span, published: date | None) -> DateMention | None:
    """"now" is the publication date; "the past" and "the future" point at no date."""
    following = span.doc[span.end] if span.end < len(span.doc) else None
    if following is not None and following.lower_ == "of":
        return None
    if span[-1].lower_ in ("past", "future") and following is not None and following.pos_ in ("NOUN", "ADJ", "NUM"):
        return None
    code = _words().references[span.text.lower()]
    if code != "PRESENT_REF":
        return _unresolved(span, f"'{span.text}' points at no particular time", relative=True, timex=code)
    if published is None:
        return _unresolved(span, f"present reference '{span.text}' and the article has no publication date",
                           relative=True, timex=code)
    return _mention(span, published.isoformat(), "day", "relative_to_publication",
                    anchor=published.isoformat(), relative=True, timex=code)


_READERS = {
    "CALENDAR": _read_calendar,
    "MONTH": _read_month,
    "YEAR": _read_year,
    "YEAR_RANGE_START": _read_range_start,
    "YEAR_RANGE_END": _read_range_end,
    "DECADE": _read_decade,
    "SEASON": _read_season,
    "CENTURY": _read_century,
    "WEEKDAY": _read_weekday,
    "SHIFTED": _read_shifted,
    "PERIOD_EDGE": _read_period_edge,
    "DAY_WORD": _read_day_word,
    "COUNTED": _read_counted,
    "REFERENCE": _read_reference,
    "CLOCK": _read_clock,
    "HOLIDAY": _read_holiday,
    "ANAPHORIC": _read_anaphoric,
    "WITHIN": _read_within,
}


# Tense of the event a date phrase modifies


def _tense(span: Span) -> str:
    """"past", "future", "present", "bound" or "" (cannot tell) of the verb the phrase modifies.

    The end of an interval ("postponed until Saturday") says nothing about when
    the bound lies: "bound".
    """
    if span.root.head.lower_ in ("until", "till", "through"):
        return "bound"
    verb = span.root
    while not verb.tag_.startswith(("VB", "MD")) and verb.head.i != verb.i:
        verb = verb.head
    cues = _words().future_cues
    while any(c.tag_ == "TO" for c in verb.children) and verb.head.i != verb.i:
        if verb.head.lower_ in cues or verb.head.lemma_ in cues:
            return "future"
        verb = verb.head
    auxiliaries = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a in cues for a in auxiliaries) or verb.lower_ in cues:
        return "future"
    if verb.tag_ == "VBD" or any(a in ("was", "were", "had", "did") for a in auxiliaries):
        return "past"
    if verb.tag_ == "VBN" and any(a in ("has", "have") for a in auxiliaries):
        return "past"
    if verb.tag_ in ("VBZ", "VBP", "VB") or any(a in ("is", "are", "am", "be") for a in auxiliaries):
        return "present"
    return ""


# Years for dates written without one

def _settle_years(found: list[DateMention | _Partial], published: date | None) -> list[DateMention]:
    """Give each date written without a year a year: around the article's nearest
    full date (the one before it, else after it), else around the publication
    date as the tense implies, else none (unresolved, with the reason)."""
    full_dates = [(m.start, date.fromisoformat(m.value)) for m in found
                  if isinstance(m, DateMention) and m.resolved_from == "explicit" and m.detail == "day"]
    settled = []
    for item in found:
        if not isinstance(item, _Partial):
            settled.append(item)
            continue
        start = item.span.start_char
        before = [d for s, d in full_dates if s < start]
        after = [d for s, d in full_dates if s > start]
        if before or after:
            anchor = before[-1] if before else after[0]
            settled.append(_with_year(item, anchor, "", "year_inferred_from_article"))
        elif published is not None:
            settled.append(_with_year(item, published, item.tense, "year_inferred_from_publication"))
        else:
            settled.append(_unresolved(
                item.span, f"date '{item.span.text}' has no year, and the article has neither a full date "
                           "nor a publication date", relative=False))
    return sorted(settled, key=_position)


def _position(item: DateMention | _Anaphor) -> tuple[int, int]:
    return (item.start, item.end) if isinstance(item, DateMention) else (item.span.start_char, item.span.end_char)


def _with_year(item: _Partial, reference: date, tense: str, resolved_from: str) -> DateMention:
    """The year for a month (and day) near `reference`.

    "past": the latest on or before it; "future": the first on or after it;
    otherwise the nearest. (dateparser's PREFER_DATES_FROM has no "nearest", and
    some versions take the year from today. Always "past", as dateparser would
    with PREFER_DATES_FROM="past": TempEval-3 platinum value F1 0.864, 0.894 here.)
    """
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append(_holiday_date(item.rule, year) if item.rule else date(year, item.month, item.day or 1))
        except ValueError:
            continue
    by_day = item.day is not None or bool(item.rule)
    key = reference if by_day else reference.replace(day=1)
    earlier = [c for c in candidates if c <= key]
    later = [c for c in candidates if c >= key]
    if tense == "past" and earlier:
        chosen = max(earlier)
    elif tense == "future" and later:
        chosen = min(later)
    else:
        chosen = min(candidates, key=lambda c: (abs((c - key).days), c > key))
    value = chosen.isoformat() if by_day else chosen.strftime("%Y-%m")
    return _mention(item.span, value, "day" if by_day else "month", resolved_from, anchor=reference.isoformat())


# dateparser, pinned


@lru_cache(maxsize=64)
def _date_parser(base: datetime, prefer: str, require: tuple[str, ...]) -> DateDataParser:
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": prefer,
        "RETURN_TIME_AS_PERIOD": True,
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if require:
        settings["REQUIRE_PARTS"] = list(require)
    return DateDataParser(languages=["en"], settings=settings)


def load_reference_data() -> None:
    """Load what dateparser reads on its first phrase (its English data: 0.2 s) now."""
    _dateparser_read("30 April 2026", FIXED_BASE, "current_period", ("month",))


@lru_cache(maxsize=4096)
def _dateparser_read(phrase: str, base: datetime, prefer: str,
                     require: tuple[str, ...]) -> tuple[datetime, str] | None:
    """(date, period) dateparser reads in `phrase` alone, relative to `base`; None if nothing."""
    data = _date_parser(base, prefer, require).get_date_data(phrase)
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.replace(tzinfo=None), data.period
