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
AGE = "years"
"""The unit of a bare number set off after a person's name: an age ("Jane Roe, 40, said")."""
SPAN_MARKERS = ("after", "before", "later", "earlier")
"""Relative markers after which a span of time stays a duration: "more than 12 hours after the
crash", "20 minutes later" measure the time between two events (unlike "three years ago")."""
GLUED_UNITS = frozenset({"mm", "cm", "km", "kg", "ft", "mph", "kmh"})
"""Units written against their number: "30cm", "105km"."""
SINGLE_UNITS = frozenset({"kilometre", "kilometer", "mile", "metre", "meter", "foot", "inch", "yard",
                          "kilogram", "pound", "ton", "tonne", "litre", "liter", "gallon", "acre"})
"""Units that "a" or "an" counts once after a bound: "about a kilometre", "more than a foot"."""
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10}
"""Ordinals that number a day of something ("the third day of the trial")."""
NUMBERED_SPANS = frozenset({"day", "week", "month", "year"})
"""Spans of time an ordinal or a following number numbers: "the third day of", "day three of"."""
OF_MARK_WINDOW = 5
"""Tokens a sentence-opening "Of the fatalities," may take before the bare number it qualifies."""


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
    told: bool = False
    """Whether what it counts was told by the words around a bare number (a toll, a role, a list of
    places): the recogniser's DATE on such a number ("stands at 37") is then a misreading."""


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
    trim = 1 if last.text.endswith((")", ",")) and len(last.text) > 1 and "(" not in last.text else 0
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
        "number", first.idx, last.idx + len(last.text) - trim,
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
        if i < end or is_code_part(doc, i):
            continue
        quantity = read_quantity(doc, i)
        if quantity is not None:
            found.append(quantity)
            if quantity.kind:  # a bare number that counts nothing does not hide the one after it
                end = quantity.end
    found.extend(single_units(doc, found))
    found.extend(numbered_spans(doc, found))
    return [q for q in found if is_measure(q, doc)]


def is_code_part(doc: Doc, i: int) -> bool:
    """ "01" in "2025-01-29": digits joined by a hyphen to digits before them (a date or a code)."""
    if i < 2 or not doc[i].text[:1].isdigit():
        return False
    mark, before = doc[i - 1], doc[i - 2]
    return mark.text in DASHES and not mark.whitespace_ and not before.whitespace_ and before.text[-1:].isdigit()


def single_units(doc: Doc, found: list[Quantity]) -> list[Quantity]:
    """ "about a kilometre", "less than an hour": one of a unit, after a bound."""
    taken = {i for q in found if q.kind for i in range(q.start, q.end)}
    extra = []
    for token in doc:
        if token.lower_ not in ("a", "an") or token.i + 1 >= len(doc) or token.i in taken:
            continue
        noun = doc[token.i + 1]
        name = noun.lower_
        unit, kind = units().get(name, ("", ""))
        if kind != DURATION:
            unit, kind = (noun.lemma_.lower(), COUNT) if name in SINGLE_UNITS else ("", "")
        if not kind:
            continue
        begin, approximate = approximator_before(doc, token.i)
        if approximate:
            extra.append(Quantity(begin, noun.i + 1, Decimal(1), None, unit, kind, True, noun.i, True))
    return extra


def numbered_spans(doc: Doc, found: list[Quantity]) -> list[Quantity]:
    """ "the third day of the trial", "day three of the hearing": how many days (weeks, ...)
    something has run, told by the number of its latest one."""
    taken = {i for q in found if q.kind for i in range(q.start, q.end)}
    extra = []
    for token in doc[:-2]:
        nxt, after = doc[token.i + 1], doc[token.i + 2]
        if token.i in taken or nxt.i in taken or after.lower_ != "of":
            continue
        if token.lower_ in ORDINALS and nxt.lemma_.lower() in NUMBERED_SPANS and nxt.tag_ == "NN":
            value, span = ORDINALS[token.lower_], nxt
        elif token.lemma_.lower() in NUMBERED_SPANS and token.tag_ == "NN" and (
                nxt.lower_ in number_words() and number_words()[nxt.lower_] < 100 or nxt.text.isdigit()):
            value, span = int(number_words().get(nxt.lower_, nxt.text)), token
        else:
            continue
        if value < 2:
            continue  # "the first day of": when something began, not how long it has run
        unit = units()[span.lower_ + "s"][0]
        extra.append(Quantity(token.i, nxt.i + 1, Decimal(value), None, unit, DURATION, False, span.i, True))
    return extra


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
    glued = ""
    if not pieces[p - 1].last and pieces[p].text.lower() in GLUED_UNITS and pieces[p].last and not high:
        glued = pieces[p].text.lower()  # "30cm": a unit written against its number
    elif not pieces[p - 1].last and not (pieces[p].text in (")", ",") and pieces[p].last):
        return None  # the number runs into letters: "4G", "1st", "3D" (not a closing bracket: "(8)")
    if is_glued_to_word(doc[end - 1]):
        if doc[end].lower_ not in GLUED_UNITS or high or glued:
            return None
        glued, end = doc[end].lower_, end + 1  # "30cm" split by the tokenizer
    kind, unit = first.kind or (high.kind if high else ""), first.unit or (high.unit if high else "")
    if glued and not kind:
        kind, unit = COUNT, glued
    scale = first.scale or (high.scale if high else None) or Decimal(1)
    value = first.value * scale
    top = high.value * (high.scale or scale) if high else None
    noun = counted_noun(doc, end, start) if not kind else None
    if noun is not None:
        unit, kind = units().get(noun.lower_, (noun.lemma_.lower(), COUNT))
        end = noun.i + 1
    begin, approximate = approximator_before(doc, start)
    told = False
    if not kind and (tally := counts_people(doc, end) or follows_measure_noun(doc, begin) or told_of_a_toll(doc[start])
                     or group_counted(doc, end) or counted_after_of(doc, end) or killed_object(doc[start])
                     or opening_of_phrase(doc, begin) or set_off_after_name(doc, begin, end)):
        unit, kind, told = tally, COUNT, True
    anchor = noun.i if noun is not None else syntactic_head(doc, start, end)
    return Quantity(begin, end, value, top, unit, kind, approximate, anchor, told)


def counts_people(doc: Doc, end: int) -> str:
    """PEOPLE if the words right after a bare number say it counts people ("60 were injured",
    "30 dead", "30 have lost their lives", "18 who received nothing"), else ""."""
    following = [t.lower_ for t in doc[end:end + 4] if not t.is_space]
    if following[:1] == ["who"]:
        return PEOPLE
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
    half = [x.text.lower() for x in pieces[p:p + 3]]
    if half[:3] == ["and", "a", "half"] or half[:2] == ["and", "half"]:
        value += Decimal("0.5")  # "four and a half hours"
        p += 3 if half[1] == "a" else 2
    scale = None
    while p < len(pieces) and words.get(pieces[p].text.lower(), 0) >= MULTIPLIER_FROM:
        scale = (scale or Decimal(1)) * words[pieces[p].text.lower()]
        p += 1
    return value, scale, p


def counted_noun(doc: Doc, end: int, start: int | None = None) -> Token | None:
    """The noun a number counts, right after it or after its modifiers:
    "8 months", "three workers", "two core factual points"; or a plural noun right after it when
    the parse hangs the number elsewhere ("four and a half hours", a headline's "Thirty people")."""
    if end >= len(doc):
        return None
    following = doc[end]
    if start is not None and following.pos_ == "NOUN" and following.tag_ == "NNS" and all(
            t.head.i <= end for t in doc[start:end]):
        return following
    noun = doc[end - 1].head
    if noun.pos_ == "NOUN" and end <= noun.i <= end + 2 and all(t.head == noun for t in doc[end:noun.i]):
        return noun
    if noun.pos_ == "NOUN" and end <= noun.i <= end + MODIFIER_TOKENS and all(
            t.head == noun or (t.head.i < noun.i and t.head.head == noun) for t in doc[end:noun.i]):
        return noun  # "24 flood-related fatalities": a modifier of its own words
    return None


def counted_after_of(doc: Doc, end: int) -> str:
    """What a bare number counts of a group named after it: "eight of the deceased", "ten of these
    victims", "66 of the bodies" (the group's lemma; its tally unit for a toll word)."""
    if end + 2 >= len(doc) or doc[end].lower_ != "of" or doc[end + 1].lower_ not in load_words("definite_determiners"):
        return ""
    noun = doc[end + 2]
    if noun.tag_ == "NNS" or noun.lower_ in load_words("people_roles"):
        return measure_nouns().get(noun.lemma_.lower(), PEOPLE if noun.pos_ != "NOUN" else noun.lemma_.lower())
    return ""


def killed_object(number: Token) -> str:
    """PEOPLE for a bare number that a verb of harm takes as its object: "the flood that killed at least 104"."""
    head = number.head
    if number.dep_ == "dobj" and head.pos_ == "VERB" and head.lower_ in load_words("people_roles"):
        return PEOPLE
    return ""


def opening_of_phrase(doc: Doc, begin: int) -> str:
    """What a bare number counts when its clause opens on the group it is part of: "Of the
    fatalities, 87 occurred in the county" (the group's tally unit, or its lemma)."""
    if begin < 3 or doc[begin - 1].text != ",":
        return ""
    for i in range(begin - 2, max(-1, begin - 2 - OF_MARK_WINDOW), -1):
        if doc[i].is_sent_start or doc[i].is_punct:
            opener = doc[i]
            break
    else:
        return ""
    if opener.lower_ != "of" or not opener.is_sent_start:
        return ""
    noun = doc[begin - 2]
    if noun.pos_ != "NOUN" or noun.tag_ != "NNS":
        return ""
    return measure_nouns().get(noun.lemma_.lower(), noun.lemma_.lower())


def set_off_after_name(doc: Doc, begin: int, end: int) -> str:
    """What a bare number set off after a name gives: a person's age ("Jane Roe, 40,"), or a
    place's share of a toll or of people dead or missing in its sentence ("the toll in Dunmere, 107,"
    and "deaths in Alder County (8), Birch County (5)")."""
    if begin < 2 or end >= len(doc):
        return ""
    opener, closer, name = doc[begin - 1].text, doc[end - 1].text[-1:] + doc[end].text[:1], doc[begin - 2]
    if not ((opener == "," and doc[end].text in (",", ".", ";")) or opener == "(" and ")" in closer):
        return ""
    if name.pos_ != "PROPN":
        return ""
    if name.ent_type_ == "PERSON" and opener == ",":
        return AGE
    if name.ent_type_ not in ("GPE", "LOC", "FAC", "ORG", "PERSON"):
        return ""
    sentence = doc[begin].sent
    for token in sentence:
        if token.i >= begin - 2:
            break
        if token.pos_ == "NOUN" and token.lemma_.lower() in measure_nouns():
            return unit_of_tally(token)
    roles = load_words("people_roles")
    return PEOPLE if opener == "(" and any(t.lower_ in roles for t in sentence) else ""


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
    number = next((t for t in tokens if could_start(t.lower_) or t.like_num), doc[quantity.anchor])
    if quantity.kind == COUNT and number.lower_ == "one" and not counts_one(quantity, doc):
        return False  # "one analyst", "one of the fastest": an indefinite, not a count
    before = doc[quantity.start - 1].lower_ if quantity.start > 0 else ""
    if quantity.kind == COUNT and before in load_words("definite_determiners") and not (
            quantity.approximate or told_who(quantity, doc) or told_role(quantity, doc)):
        return False  # "the two parties": refers back to things already counted
    if quantity.kind in (MONEY, PERCENT):
        return True  # a currency or a percent sign is never part of a date or a name
    if any(t.ent_type_ in TEMPORAL_LABELS for t in tokens) and not is_duration(quantity, doc) and not (
            quantity.told and not is_year_like(number) and only_itself_temporal(quantity, doc)):
        return False
    return not is_name_part(number) and not is_list_marker(number)


def counts_one(quantity: Quantity, doc: Doc) -> bool:
    """Whether "one" counts: "10 campers and one counselor", "one camp counselor missing",
    "one each in Alder County" beside a toll; not "one analyst said", "one of the fastest"."""
    end = quantity.end
    if end < len(doc) and doc[end].lower_ == "of":
        return False
    if quantity.told:
        return True
    noun = doc[quantity.anchor]
    if noun.dep_ == "conj" or any(c.dep_ == "conj" for c in noun.children):
        partners = [noun.head] if noun.dep_ == "conj" else []
        partners += [c for c in noun.children if c.dep_ == "conj"]
        if any(c.dep_ == "nummod" and c.lower_ != "one" for p in partners for c in p.children):
            return True  # coordinated with another count
    roles = load_words("people_roles")
    if noun.head.lower_ == "with" and noun.head.head.lower_ in ("along", "together"):
        return any(t.lower_ in roles for t in noun.sent)  # "five are missing, along with one counselor"
    return any(t.lower_ in roles for t in clause_tokens(noun))


def clause_tokens(token: Token) -> list[Token]:
    """The tokens of the clause a noun belongs to, without the clauses inside it."""
    head = token
    while head.dep_ not in ("ROOT", "ccomp", "advcl", "relcl", "conj", "parataxis", "xcomp", "acl") or head.pos_ not in ("VERB", "AUX"):
        if head.head == head:
            break
        head = head.head
    inner = ("ccomp", "advcl", "relcl", "parataxis")
    found, stack = [], [head]
    while stack:
        t = stack.pop()
        found.append(t)
        stack.extend(c for c in t.children if c.dep_ not in inner or c.is_ancestor(token))
    return found


ROLE_NOUNS = frozenset({"survivor", "victim", "casualty", "fatality", "dead", "missing"})
ROLE_REACH = 4
"""Tokens after a definite count searched for the role that makes it a count ("the 181 people on board")."""


def told_role(quantity: Quantity, doc: Doc) -> bool:
    """ "the two survivors", "the 181 people on board", "the 179 people who were killed": a definite
    count whose noun or next words say what it counts is a count, not a reference back."""
    if doc[quantity.anchor].lemma_.lower() in ROLE_NOUNS:
        return True
    following = [t.lower_ for t in doc[quantity.end:quantity.end + ROLE_REACH]]
    return "aboard" in following or "board" in following or any(w in load_words("people_roles") for w in following)


def told_who(quantity: Quantity, doc: Doc) -> bool:
    """ "the 27 who lost their lives": a definite count the words after it tell."""
    return quantity.end < len(doc) and doc[quantity.end].lower_ in ("who", "that") and quantity.told


def only_itself_temporal(quantity: Quantity, doc: Doc) -> bool:
    """Whether each time expression over the quantity lies within it: a lone "37" the recogniser
    read as a date, not the "4" of "July 4"."""
    return all(quantity.start <= e.start and e.end <= quantity.end for e in doc.ents
               if e.label_ in TEMPORAL_LABELS and e.start < quantity.end and quantity.start < e.end)


def is_year_like(number: Token) -> bool:
    return len(number.text) == 4 and number.text.isdigit() and 1000 <= int(number.text) <= 2200


def is_duration(quantity: Quantity, doc: Doc) -> bool:
    """ "about 8 months" and "12 hours after the crash" are spans of time; "three years ago" is a date."""
    if quantity.kind != DURATION:
        return False
    after = " ".join(t.lower_ for t in doc[quantity.end:quantity.end + 2])
    markers = [m for m in load_words("relative_markers") if m not in SPAN_MARKERS]
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
