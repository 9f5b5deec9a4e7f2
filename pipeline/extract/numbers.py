"""Numbers: amounts of money, percentages, counts and durations, with their unit.

A number is a claim when it measures something: "$38 million", "60%-90%",
"about 8 months", "three workers". Dates, years, versions ("GPT-4", "Grok 3",
"Qwen 2.5"), ordinals, list markers, phone numbers and bare numbers that count
nothing named are not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from spacy.attrs import LOWER
from spacy.tokens import Doc, Token

from pipeline.extract.attribution import stance_of
from pipeline.extract.events import TEMPORAL_LABELS, ArticleParse, event_head
from pipeline.extract.lexicons import load_words
from pipeline.extract.nlp import StringTest
from pipeline.records import Claim

MONEY, PERCENT, COUNT, DURATION = "money", "percent", "count", "duration"
PIECE = re.compile(r"US\$|[$€£¥%]|\d+(?:,\d{3})*(?:\.\d+)?|\.\d+|[^\W\d_]+|[-\u2013\u2014]|\S")
DIGITS = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")
DASHES = ("-", "\u2013", "\u2014")
RANGE_MARKS = (*DASHES, "to")
PEOPLE = "people"
"""The unit of a bare number that counts people ("60 were injured", "the toll rose to 40")."""
MODIFIER_TOKENS = 4
"""Tokens a hyphenated modifier may take between a number and the noun it counts."""
MEASURE_HEAD_STEPS = 3
"""Heads climbed from a bare number to the verb whose subject may be a toll ("risen to 109")."""
MEASURE_NOUN_WINDOW = 8
"""Words before a bare number searched for the measure noun it gives ("the death toll has risen to 40")."""
MULTIPLIER_FROM = 1000
"""Number words from a thousand up multiply what comes before them ("3 million")."""


@dataclass(frozen=True)
class Piece:
    """A part of a token: "60%-90" is the pieces "60", "%", "-", "90"."""

    text: str
    token: int
    last: bool
    """Whether the piece ends its token."""


@dataclass(frozen=True)
class Amount:
    value: Decimal
    scale: Decimal | None
    unit: str
    kind: str


@dataclass(frozen=True)
class Quantity:
    """A number found in the text, as token range [start, end)."""

    start: int
    end: int
    value: Decimal
    high: Decimal | None
    unit: str
    kind: str
    approximate: bool
    anchor: int
    """The token the quantity hangs from in the parse: its counted noun, or its own head."""


@lru_cache(maxsize=1)
def units() -> dict[str, tuple[str, str]]:
    """Word or sign -> (unit, kind), from resources/units.txt."""
    table = {}
    for entry in load_words("units"):
        surface, unit, kind = entry.split()
        table[surface] = (unit.upper() if kind == MONEY else unit, kind)
    return table


@lru_cache(maxsize=1)
def number_words() -> dict[str, Decimal]:
    return {word: Decimal(value) for word, value in (e.split() for e in load_words("number_words"))}


def plain(number: Decimal) -> str:
    """A plain decimal string: 38000000, 0.5."""
    return format(number.normalize(), "f")


def find_numbers(parse: ArticleParse) -> list[Claim]:
    return [number_claim(q, parse) for q in find_quantities(parse.doc)]


def number_claim(quantity: Quantity, parse: ArticleParse) -> Claim:
    doc = parse.doc
    first, last = doc[quantity.start], doc[quantity.end - 1]
    anchor = doc[quantity.anchor]
    head = measured_noun(anchor, quantity) or event_head(anchor)
    event = parse.describe(head) if head is not None else None
    obj = of_phrase(anchor, parse)
    if not obj and quantity.kind == MONEY:
        obj = in_phrase(anchor, parse)
    if not obj:
        obj = estimated_measure(anchor, parse)
    if not obj and event is not None and event.object not in doc[first.i:last.i + 1].text:
        obj = event.object  # the event's object, unless that is the number itself ("donated $38 million")
    clause = parse.clause_of(head if head is not None else anchor)
    about = {"subject": event.subject, "predicate": event.predicate, "negated": event.negated} if event else {}
    return parse.ctx.claim(
        "number", first.idx, last.idx + len(last.text),
        value=plain(quantity.value),
        value_high=plain(quantity.high) if quantity.high is not None else "",
        unit=quantity.unit,
        detail=quantity.kind,
        approximate=quantity.approximate,
        object=obj,
        entities=parse.entity_list(clause, event),
        sentence=parse.line_of(first),
        **about,
        **stance_of(clause, parse).fields(),
    )


def measured_noun(anchor: Token, quantity: Quantity) -> Token | None:
    """The noun a quantity is "of": "a valuation of roughly $1 trillion" -> valuation."""
    if anchor.dep_ == "pobj" and anchor.head.lower_ == "of":
        noun = anchor.head.head
        if noun.pos_ == "NOUN" and not quantity.start <= noun.i < quantity.end:
            return noun
    return None


def of_phrase(anchor: Token, parse: ArticleParse) -> str:
    """What a share or amount is of: "60%-90% of computational overhead"."""
    for prep in anchor.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return parse.name_of(pobj)
    return ""


def in_phrase(anchor: Token, parse: ArticleParse) -> str:
    """What a sum is counted in: "$5.3 million in damage", "$38 million in donations"."""
    for prep in anchor.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ == "NOUN" and pobj.ent_type_ not in TEMPORAL_LABELS:
                return parse.name_of(pobj)
    return ""


def estimated_measure(anchor: Token, parse: ArticleParse) -> str:
    """What an estimate puts at a figure: "put the damage at $6.6 million", "valued the company
    at $2 billion"."""
    prep = anchor.head
    if anchor.dep_ != "pobj" or prep.lower_ != "at" or prep.dep_ != "prep" or prep.head.pos_ != "VERB":
        return ""
    measured = next((c for c in prep.head.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")), None)
    return parse.name_of(measured) if measured is not None else ""


def find_quantities(doc: Doc) -> list[Quantity]:
    found = []
    end = 0
    for i in _STARTS.indices(doc, LOWER):
        if i < end:
            continue
        quantity = read_quantity(doc, i)
        if quantity is not None:
            found.append(quantity)
            end = quantity.end
    return [q for q in found if is_measure(q, doc)]


def could_start(text: str) -> bool:
    """Whether a quantity may start at a token whose lower-case form is `text`."""
    return text[:1].isdigit() or text in number_words() or units().get(text, ("", ""))[1] == MONEY


_STARTS = StringTest(could_start)


def pieces_from(doc: Doc, start: int, limit: int = 8) -> list[Piece]:
    """The pieces of up to `limit` tokens from `start`, stopping at a line break."""
    pieces: list[Piece] = []
    for token in doc[start:start + limit]:
        if token.is_space:
            break
        if pieces and is_thousands_group(token):
            pieces[-1] = Piece(pieces[-1].text + token.text, token.i, True)  # "2 418": one number
            continue
        parts = PIECE.findall(token.text)
        pieces.extend(Piece(p, token.i, n == len(parts) - 1) for n, p in enumerate(parts))
    return pieces


def is_thousands_group(token: Token) -> bool:
    """ "418" in "2 418": three digits after a number of one to three digits and one space, a
    space being the thousands mark of many style guides; not a third number after it."""
    doc = token.doc
    if token.i == 0 or len(token.text) != 3 or not token.text.isdigit():
        return False
    before = doc[token.i - 1]
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (before.text.isdigit() and len(before.text) <= 3 and before.whitespace_ == " "
            and not (after is not None and after.text.isdigit()))


def read_quantity(doc: Doc, start: int) -> Quantity | None:
    pieces = pieces_from(doc, start)
    low = read_amount(pieces, 0)
    if low is None:
        return None
    first, p = low
    high = None
    if p + 1 < len(pieces) and is_range_mark(pieces[p].text.lower(), doc, start):
        second = read_amount(pieces, p + 1)
        if second is not None:
            high, p = second
            if p + 1 < len(pieces) and pieces[p].text in DASHES and DIGITS.fullmatch(pieces[p + 1].text):
                return None  # 555-123-4567: a phone number or a code, not a range
    end = pieces[p - 1].token + 1
    if not pieces[p - 1].last or is_glued_to_word(doc[end - 1]):
        return None  # the number runs into letters: "4G", "1st", "3D"
    kind, unit = first.kind or (high.kind if high else ""), first.unit or (high.unit if high else "")
    scale = first.scale or (high.scale if high else None) or Decimal(1)
    value = first.value * scale
    top = high.value * (high.scale or scale) if high else None
    noun = counted_noun(doc, end) if not kind else None
    if noun is not None:
        unit, kind = units().get(noun.lower_, (noun.lemma_.lower(), COUNT))
        end = noun.i + 1
    begin, approximate = approximator_before(doc, start)
    if not kind and (tally := counts_people(doc, end) or follows_measure_noun(doc, begin) or told_of_a_toll(doc[start])
                     or group_counted(doc, end)):
        unit, kind = tally, COUNT
    anchor = noun.i if noun is not None else syntactic_head(doc, start, end)
    return Quantity(begin, end, value, top, unit, kind, approximate, anchor)


def counts_people(doc: Doc, end: int) -> str:
    """PEOPLE if the words right after a bare number say it counts people ("60 were injured",
    "30 dead", "30 have lost their lives"), else ""."""
    following = [t.lower_ for t in doc[end:end + 4] if not t.is_space]
    found = any(" ".join(following[:size]) in load_words("people_roles") for size in range(1, len(following) + 1))
    return PEOPLE if found else ""


@lru_cache(maxsize=1)
def measure_nouns() -> dict[str, str]:
    """Noun -> the unit a bare number it stands for counts (resources/measure_nouns.txt)."""
    return dict(entry.split() for entry in load_words("measure_nouns"))


def follows_measure_noun(doc: Doc, begin: int) -> str:
    """The unit of a bare number that gives the value of a toll or tally just before it ("the toll
    at nearly 40", "a death toll of 212", "the official toll stands at 37"), else ""."""
    window = doc[max(0, begin - MEASURE_NOUN_WINDOW):begin]
    for token in reversed(window):
        if token.is_punct or token.like_num or token.is_space:
            return ""
        if token.pos_ == "NOUN" and token.lemma_.lower() in measure_nouns():
            return unit_of_tally(token)
    return ""


def told_of_a_toll(number: Token) -> str:
    """The unit of a bare number that a toll or a count of deaths comes to, by the parse ("the
    death toll from the flooding in Texas has risen to 109", "deaths surpassed 100"), else ""."""
    token = number
    for _ in range(MEASURE_HEAD_STEPS):
        if token.head == token:
            break
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return next((unit_of_tally(child) for child in token.children if child.dep_ in ("nsubj", "nsubjpass")
                         and child.lemma_.lower() in measure_nouns()), "")
    return ""


def unit_of_tally(noun: Token) -> str:
    """What a toll or tally counts: "the toll" deaths, "the number" people, "the number of deaths" deaths."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            counted = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if counted is not None and measure_nouns().get(counted.lemma_.lower()) == "deaths":
                return "deaths"
    return measure_nouns().get(noun.lemma_.lower(), "")


def is_glued_to_word(token: Token) -> bool:
    """ "4" in "4G": a number written against the letters that follow it."""
    following = token.nbor() if token.i + 1 < len(token.doc) else None
    return not token.whitespace_ and following is not None and following.text[:1].isalpha()


def is_range_mark(text: str, doc: Doc, start: int) -> bool:
    """ "60-90%", "60% to 90%", "between 60 and 90 percent"."""
    return text in RANGE_MARKS or (text == "and" and start > 0 and doc[start - 1].lower_ == "between")


def read_amount(pieces: list[Piece], p: int) -> tuple[Amount, int] | None:
    """[currency] number [scale] [% | currency word], from pieces[p]."""
    unit, kind = "", ""
    if p < len(pieces) and units().get(pieces[p].text.lower(), ("", ""))[1] == MONEY:
        unit, kind = units()[pieces[p].text.lower()]
        p += 1
    number = read_number(pieces, p)
    if number is None:
        return None
    value, scale, p = number
    if p < len(pieces):
        follower = units().get(pieces[p].text.lower())
        if follower is not None and follower[1] in (MONEY, PERCENT) and not kind:
            unit, kind = follower
            p += 1
        elif pieces[p].text.lower() == "per" and p + 1 < len(pieces) and pieces[p + 1].text.lower() == "cent":
            unit, kind = "percent", PERCENT
            p += 2
    return Amount(value, scale, unit, kind), p


def read_number(pieces: list[Piece], p: int) -> tuple[Decimal, Decimal | None, int] | None:
    """Digits or number words ("twenty-five", "two hundred"), then scale words."""
    if p >= len(pieces):
        return None
    words = number_words()
    text = pieces[p].text.lower()
    if DIGITS.fullmatch(text):
        value = Decimal(text.replace(",", ""))
        p += 1
    elif text in words and words[text] < 100:
        value = words[text]
        p += 1
        unit_word = pieces[p + 1].text.lower() if p + 1 < len(pieces) and pieces[p].text == "-" else ""
        if value >= 20 and words.get(unit_word, 100) < 10:  # "twenty-five"
            value += words[unit_word]
            p += 2
        if p < len(pieces) and pieces[p].text.lower() == "hundred":
            value *= 100
            p += 1
    else:
        return None
    scale = None
    while p < len(pieces) and words.get(pieces[p].text.lower(), 0) >= MULTIPLIER_FROM:
        scale = (scale or Decimal(1)) * words[pieces[p].text.lower()]
        p += 1
    return value, scale, p


def counted_noun(doc: Doc, end: int) -> Token | None:
    """The noun a number counts, right after it or after its modifiers:
    "8 months", "three workers", "two core factual points"."""
    if end >= len(doc):
        return None
    noun = doc[end - 1].head
    if noun.pos_ == "NOUN" and end <= noun.i <= end + 2 and all(t.head == noun for t in doc[end:noun.i]):
        return noun
    if noun.pos_ == "NOUN" and end <= noun.i <= end + MODIFIER_TOKENS and all(
            t.head == noun or (t.head.i < noun.i and t.head.head == noun) for t in doc[end:noun.i]):
        return noun  # "24 flood-related fatalities": a modifier of its own words
    return None


def group_counted(doc: Doc, end: int) -> str:
    """The noun a bare number counts when the words after it say what they were: "14 were
    children", "40 were adults" (the number of a group within a count told before)."""
    if end + 1 >= len(doc) or doc[end].lower_ not in ("were", "are", "was", "is"):
        return ""
    noun = doc[end + 1]
    return noun.lemma_.lower() if noun.pos_ == "NOUN" and noun.tag_ == "NNS" else ""


def approximator_before(doc: Doc, start: int) -> tuple[int, bool]:
    """Where the quantity starts once "roughly", "more than", ... are included."""
    if start == 0 or doc[start - 1].lower_ not in approximator_ends():
        return start, False
    for words in approximators():
        begin = start - len(words)
        if begin >= 0 and [t.lower_ for t in doc[begin:start]] == list(words):
            return begin, True
    return start, False


@lru_cache(maxsize=1)
def approximator_ends() -> frozenset[str]:
    return frozenset(words[-1] for words in approximators())


@lru_cache(maxsize=1)
def approximators() -> list[tuple[str, ...]]:
    """Longest first, so that "just over" wins over "over"."""
    return sorted((tuple(e.split()) for e in load_words("approximators")), key=lambda w: (-len(w), w))


def syntactic_head(doc: Doc, start: int, end: int) -> int:
    """The token of [start, end) whose head lies outside it."""
    for token in doc[start:end]:
        if not start <= token.head.i < end or token.head == token:
            return token.i
    return end - 1


def is_measure(quantity: Quantity, doc: Doc) -> bool:
    """Whether a number found in the text is a measured quantity (see module docstring)."""
    if not quantity.kind:
        return False
    tokens = doc[quantity.start:quantity.end]
    number = next(t for t in tokens if could_start(t.lower_) or t.like_num)
    if quantity.kind == COUNT and number.lower_ == "one":
        return False  # "one analyst", "one of the fastest": an indefinite, not a count
    before = doc[quantity.start - 1].lower_ if quantity.start > 0 else ""
    if quantity.kind == COUNT and before in load_words("definite_determiners"):
        return False  # "the two parties": refers back to things already counted
    if quantity.kind in (MONEY, PERCENT):
        return True  # a currency or a percent sign is never part of a date or a name
    if any(t.ent_type_ in TEMPORAL_LABELS for t in tokens) and not is_duration(quantity, doc):
        return False
    return not is_name_part(number) and not is_list_marker(number)


def is_duration(quantity: Quantity, doc: Doc) -> bool:
    """ "about 8 months" is a span of time; "three years ago" is a date."""
    if quantity.kind != DURATION:
        return False
    after = " ".join(t.lower_ for t in doc[quantity.end:quantity.end + 2])
    markers = load_words("relative_markers")
    return not any(after == m or after.startswith(m + " ") for m in markers)


def is_name_part(number: Token) -> bool:
    """A number that is part of a name or version: "Grok 3", "GPT-4", "Qwen 2.5"."""
    doc = number.doc
    before = doc[number.i - 1] if number.i > 0 else None
    if before is not None and before.text == "-" and number.i > 1:
        before = doc[number.i - 2]
    return before is not None and before.pos_ == "PROPN" and before.ent_type_ not in TEMPORAL_LABELS


def is_list_marker(number: Token) -> bool:
    """ "1. Factual level" / "2) Next step": a number opening its line."""
    doc = number.doc
    opens_line = number.i == 0 or "\n" in doc[number.i - 1].text_with_ws
    follows = doc[number.i + 1].text if number.i + 1 < len(doc) else ""
    return opens_line and follows in (".", ")")
