"""What a count measures, whatever the words: "212 people died", "the death toll rose to 230",
"226 confirmed fatalities" and "230 lives" are one measure (deaths); "12 rescuers killed" is
another (deaths among rescuers), and so is "84 in Kerr County" (deaths in one place).

A measure is read from the claim alone: its counted noun, the words around its number in
the sentence (the nearest word of a role wins: in "30 killed and 60 injured" the 60 are
injured), the group its noun names, the place and the year it is given for, and how firmly
its value is stated ("at least", "up to", "about"). The vocabularies are data files:
resources/measures.txt (roles), measure_qualifiers.txt (groups).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pipeline.records import Claim
from pipeline.reconcile.events import disasters, kind_of_word, kinds_in, words_of
from pipeline.reconcile.frame import surface_in
from pipeline.resources import load_groups
from pipeline.wordnet import noun_kind

WORDS_BEFORE, WORDS_AFTER = 6, 14
"""Words of the sentence read on each side of a number for the role it counts."""
NEAR_WORDS = 3
"""A role word this close to the number says its role; farther off, the verb the number's clause
hangs from says it first ("about 23 children who were attending the camp are still missing")."""
UNFOUND = frozenset({"find", "locate", "account"})
"""Verbs that, negated, make a count of the missing ("10 campers have still not been found")."""
PLACE_AFTER_WORDS = 7
"""Words after a number within which "in <Place>" gives the place it is counted for."""
PHRASE_WORDS = 4
"""The longest role phrase ("lost their lives")."""

LOWER, UPPER, ABOUT = "lower", "upper", "about"
BOUNDS = (
    (LOWER, ("at least", "more than", "over", "upwards of", "in excess of", "surpassed", "exceeded", "topped",
             "at least a", "more than a", "over a", "just over")),
    (UPPER, ("up to", "at most", "fewer than", "less than", "under", "no more than", "just under")),
    (ABOUT, ("about", "around", "roughly", "approximately", "nearly", "almost", "close to", "some", "an estimated",
             "estimated", "circa", "as many as", "as high as", "nearly a", "almost a", "about a", "around a")),
)
"""How the words before a figure bound its value: "at least 24" is 24 or more."""
RISING = frozenset({"rose", "risen", "rises", "rising", "climbed", "climbs", "climbing", "increased", "jumped", "reached",
                    "surpassed", "hit", "grew", "grown", "soared", "now", "updated", "revised"})
"""Words just before a figure that tell a count changing as the story unfolds."""
INCLUDED_IN = frozenset({"including", "among", "includes", "include", "included"})
PART_WORDS = frozenset({"majority", "most", "many", "half", "some", "rest", "bulk", "much"})
"""Words after a count that turn to a part of it ("160 missing, the majority of them in Kerr County"):
a place named after them is the part's."""
"""A count right after these is part of the count before it ("51 dead, including 15 children"): its role."""
BODY_NOUNS = frozenset({"body", "bodies"})
VICTIM_NOUNS = frozenset({"victim", "victims"})
DEATH_BODY_VERBS = frozenset({"recover", "recovered", "find", "found", "pull", "pulled", "retrieve", "retrieved"})
"""Bodies recovered are the dead; bodies brought, counted or identified are a count of their own."""
PLACE_DESIGNATORS = ("County", "District", "Province", "Prefecture", "Region", "Municipality", "Borough",
                     "Township", "Parish", "Ward", "Governorate", "Oblast", "State")
"""Words that end the name of a part of a country: a count given for it is a count of that part."""
FACILITY_WORDS = ("Camp", "School", "Academy", "College", "University", "Hospital", "Clinic", "Church", "Cathedral",
                  "Mosque", "Temple", "Synagogue", "Hotel", "Resort", "Mall", "Stadium", "Arena", "Tower", "Towers",
                  "Building", "Station", "Airport", "Market", "Factory", "Plant", "Mine", "Prison", "Museum", "Park",
                  "Bridge", "Dam", "Nightclub", "Club", "Theatre", "Theater", "Home", "Shelter", "Estate")
"""Words that make a name the name of one site ("Camp Mystic", "Lincoln High School"): a count given
for the site is a count of its own, never the story's main place."""
OCCASION_NOUNS = frozenset({"festival", "pilgrimage", "rally", "concert", "match", "game", "games", "ceremony",
                            "celebration", "celebrations", "parade", "summit", "conference", "fair", "show", "march",
                            "protest", "protests", "gathering", "event", "service", "procession", "race", "tournament"})
"""Nouns after a name that make it the name of an occasion ("at the Kumbh Mela pilgrimage"), not of a place."""
NOT_PLACES = frozenset({
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "The", "A", "An", "This", "That", "His", "Her", "Their", "Its",
})
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d,.]*|[;:()]")
_IN_PLACE = re.compile(r"\b(?:in|across|at)\s+((?:the\s+)?(?:[A-Z][\w'’.-]*\s?){1,4})")
_PLACE_BEFORE = re.compile(r"((?:[A-Z][\w'’.-]*\s){1,3}(?:" + "|".join(PLACE_DESIGNATORS) + r"))\W{0,3}$")
_OPENING_PLACE = re.compile(r"^\W*(?:In|Across|At)\s+((?:[A-Z][\w'’.-]*\s?){1,3}(?:" + "|".join(PLACE_DESIGNATORS) + r"))\b")
"""A sentence that opens on a part of a country: "In Travis County, which includes Austin, three people were killed"."""
_DESIGNATED_PLACE = re.compile(r"((?:[A-Z][\w'’.-]*\s){1,3}(?:" + "|".join(PLACE_DESIGNATORS) + r"))\b")
_FACILITY = re.compile(r"\b((?:[A-Z][\w'’.-]*\s){0,3}(?:" + "|".join(FACILITY_WORDS) + r")(?:\s[A-Z][\w'’.-]*){0,2})\b")
_SETTING_BEFORE = re.compile(r"^(.*?)\s+(?:at|in|on|near|inside|outside)\s+(?:the\s+)?(?:[A-Z][\w'’.-]*\s+){0,2}$", re.DOTALL)
_ROUTE_BEFORE = re.compile(r"\b(?:from|to|for)\s+(?:[A-Z][\w'’.-]*\s*){1,3},?\s*$")
"""A place that follows a journey's end ("returning from Bangkok in Thailand"): the route's, not the count's."""
SETTING_REACH = 5
"""Words before "at", "in" or "on" searched for the disaster it places ("crashed on landing at ...")."""


def _sets_a_disaster(text: str) -> bool:
    """Whether the words that end `text` tell a disaster, so that a place named next is where it happened."""
    return any(kind_of_word(word) in disasters() for word in re.findall(r"[a-z]+", text.lower())[-SETTING_REACH:])
_POSSESSIVE = re.compile(r"['’]s$")
_WIDER_AREA = re.compile(r"\b(?:county|district|region|city|state|province|area)\b")
"""A lower-case area named beside a site ("in the county home to Camp Mystic"): the count is the area's."""
STATEWIDE = re.compile(r"\b(?:across|statewide|nationwide|in all|in total|altogether|overall)\b", re.IGNORECASE)
"""Words that give a count for the whole of the story's area, whatever part the sentence names."""
_YEAR = re.compile(r"(?<![\d$€£.,])((?:19|20)\d{2})(?![\d%])")


@dataclass(frozen=True)
class Measure:
    """What a count measures (`role`, the group and place it is given for) and how its value is bounded."""

    role: str
    group: str = ""
    place: str = ""
    year: str = ""
    bound: str = ""
    rising: bool = False
    dimension: str = ""
    """For a quantity in a unit of measure: its dimension (length, distance, duration, ...)."""
    scale: float = 1.0
    """The size of the quantity's unit in its dimension's base unit (a foot is 0.3048 m)."""

    def key(self, main_place: str = "") -> tuple[str, str, str, str, str]:
        """Counts with one key are one fact: the story's main place goes without saying."""
        place = "" if self.place.casefold() == main_place.casefold() else self.place
        return (self.role, self.group, place, self.year, self.dimension)

    def label(self, main_place: str = "") -> str:
        """ "deaths", "deaths (children; Kerr County)", "water level (m)"."""
        role, group, place, year, dimension = self.key(main_place)
        details = "; ".join(filter(None, (BASE_UNITS.get(dimension, ""), group, place, year and f"in {year}")))
        return f"{role} ({details})" if details else role


@lru_cache(maxsize=None)
def _table(name: str) -> dict[tuple[str, ...], str]:
    """Phrase (as a tuple of lower-case words) -> its group's name, from resources/<name>.txt."""
    table: dict[tuple[str, ...], str] = {}
    for group, members in load_groups(name):
        for member in members:
            table.setdefault(tuple(member.split()), group)
    return table


def roles() -> dict[tuple[str, ...], str]:
    return _table("measures")


def groups() -> dict[tuple[str, ...], str]:
    return _table("measure_qualifiers")


BASE_UNITS = {"money": "", "length": "m", "distance": "km", "duration": "minutes", "speed": "km/h", "area": "ha",
              "weight": "kg", "temperature": "degrees", "magnitude": "magnitude"}
"""The unit each dimension's quantities are compared and shown in (resources/unit_dimensions.txt)."""


@lru_cache(maxsize=1)
def unit_dimensions() -> dict[str, tuple[str, float]]:
    text = resources.files("pipeline.resources").joinpath("unit_dimensions.txt").read_text(encoding="utf-8")
    table = {}
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) == 3:
            table[fields[0].lower()] = (fields[1], float(fields[2]))
    return table


@lru_cache(maxsize=None)
def quantities(dimension: str) -> dict[tuple[str, ...], str]:
    """Phrase -> the measure it names for a quantity of `dimension` (resources/quantity_measures.txt)."""
    suffix = f" ({dimension})"
    return {phrase: name[: -len(suffix)] for phrase, name in _table("quantity_measures").items() if name.endswith(suffix)}


def measure_of(claim: Claim, rates: Mapping[str, float] | None = None) -> Measure | None:
    """The measure a count of people or things gives, or None when no role word says what it counts.
    A sum of money is a measure when `rates` (the story's own conversions: currency -> its value in
    the story's main currency) knows its currency."""
    if claim.type != "number":
        return None
    if claim.unit.lower() in unit_dimensions() and claim.detail == "duration":
        return duration_measure(claim, unit_dimensions()[claim.unit.lower()][1])
    if claim.unit.lower() in unit_dimensions():
        return quantity_measure(claim, *unit_dimensions()[claim.unit.lower()])
    if claim.detail == "money" and rates and claim.unit in rates:
        return quantity_measure(claim, "money", rates[claim.unit])
    if claim.detail != "count":
        return None
    sentence, surface = claim.sentence, claim.surface
    at = surface_in(sentence, surface)
    before, after = (sentence[:at], sentence[at + len(surface):]) if at >= 0 else ("", "")
    before_words = [w.lower() for w in _WORD.findall(before)][-WORDS_BEFORE:]
    after_words = [w.lower() for w in _WORD.findall(_ASIDE.sub(" ", after))][:WORDS_AFTER]
    surface_words = [w.lower() for w in _WORD.findall(surface)]
    unit = claim.unit.lower()
    provided_for = _provided_for(before_words) if counts_people(unit) or (unit,) in roles() else ""
    role = provided_for or _role_of_noun(unit, claim.predicate) or ("deaths" if _TOLL_BEFORE.search(before) else "")
    listed = _listed(before_words)
    if not role and counts_people(unit):
        included = listed or (bool(before_words) and before_words[-1] in INCLUDED_IN)
        whole = before_words[-2:] in WHOLE_OF  # "Of the 750 who were staying at the camp, more than 400 are missing"
        if whole:
            after_words = after_words[:next((i for i, w in enumerate(after_words) if w[:1].isdigit()), len(after_words))]
        distance, near = _nearest_role(before_words, [] if included else after_words)
        if included and not near:  # "A total of 179 people, including 85 women, 84 men and 10 others, died"
            distance, near = 0, _nearest_role([], after_words)[1]
        role = near if distance <= NEAR_WORDS or whole else (_role_of_predicate(claim) or near)
        if not role and unit in PEOPLE_WORDS and not whole:  # "the number could be as high as 50": the sentence's own role
            _, role = _nearest_role([w.lower() for w in _WORD.findall(before)], [w.lower() for w in _WORD.findall(after)])
        elif not role and claim.predicate.split(" ")[0].lower() == "be":  # "68 died ..., 40 were adults and 28 were children"
            _, role = _nearest_role([w.lower() for w in _WORD.findall(before)], [])
    if not role:
        return None
    nationality = _demonym(surface)
    group = _group(surface_words, unit) or ("others" if listed and unit in ("other", "others") else "")
    group = "; ".join(filter(None, ("" if nationality and group == "foreigners" else group, nationality)))
    if group in ("passengers", "crew") and _AND_THE_OTHERS.match(after):  # "181 passengers and crew": everyone aboard
        group = ""
    if unit not in BODY_NOUNS and _partitive(after_words):
        own_role = _role_of_predicate(claim)
        role, group = (own_role, group) if own_role else (role, _part(after_words, claim.predicate))
    return Measure(
        role=role,
        group=group,
        place=_place(before, after, sites=not group),
        year=_other_year(sentence, surface, claim.published),
        bound=_bound(surface_words),
        rising=bool(RISING & set(before_words[-3:])),
    )


PEOPLE_KINDS = frozenset({"noun.person", ""})
"""WordNet kinds of nouns that count people ("" for a noun WordNet does not know)."""
PEOPLE_WORDS = frozenset({"people", "person", "persons", "individual", "individuals", "other", "others", "someone"})
"""Nouns for anyone, filed by WordNet among its top concepts (with "location" and "thing") or its
groups (with "company" and "team"); the groups of measure_qualifiers.txt ("police", "crew") count too."""


def counts_people(unit: str) -> bool:
    """Whether a count's noun counts people or groups of them ("pilgrims", "crew"), not things
    ("helicopters", "counties"): only such a count takes its role from the words around it."""
    return unit in PEOPLE_WORDS or (unit,) in groups() or noun_kind(unit) in PEOPLE_KINDS


_TOLL_BEFORE = re.compile(
    r"\b(?:death\s+toll|toll|number\s+of\s+(?:the\s+)?(?:dead|deaths|fatalities|victims|lives\s+lost))\b[^.;:]{0,80}?\b"
    r"(?:rose|risen|rises|climbed|climbs|reached|reaches|stands|stood|is|was|hit|hits|jumped|increased|surpassed)\s+"
    r"(?:to\s+)?(?:at\s+least\s+|about\s+|around\s+|more\s+than\s+|over\s+|nearly\s+|some\s+)?$", re.IGNORECASE)
"""A count the death toll is said to have reached ("the death toll has risen to 176 people")."""


def _listed(before_words: list[str]) -> bool:
    """ "including 85 women, 84 men and 10 others": a figure further down a list a count opens."""
    opening = max((i for i, w in enumerate(before_words) if w in INCLUDED_IN), default=-1)
    if opening < 0 or opening == len(before_words) - 1:
        return False
    return all(w[:1].isdigit() or w == "and" or counts_people(w) for w in before_words[opening + 1:])


_AND_THE_OTHERS = re.compile(r"\s*(?:and|&)\s+(?:the\s+)?(?:crew|passengers|crew members)\b", re.IGNORECASE)
_ASIDE = re.compile(r"\s[-\u2013\u2014]\s[^-\u2013\u2014]{1,60}?\s[-\u2013\u2014]\s")
"""An aside between dashes ("two people - both flight crew - rescued"): not what the count is said to be."""
_DEMONYM = re.compile(r"\b((?:(?:North|South|East|West|New)\s)?(?:[A-Z][a-z]+(?:an|ian|ese|ish|ch)|Thai|Swiss|Greek|Iraqi|"
                      r"Israeli|Pakistani|Bangladeshi|Nepali|Saudi|Emirati|Kuwaiti|Qatari|Omani|Yemeni|Afghan|Filipino|Malay))\b")
NOT_DEMONYMS = frozenset({"Christian", "Muslim", "Catholic", "Jewish", "Buddhist", "Hindu", "Republican", "Democratic",
                          "Lutheran", "Anglican", "Victorian", "Georgian"})
"""Words shaped like a nationality that name a faith, a party or an age."""


def _demonym(surface: str) -> str:
    """The nationality a count is given for ("two Thai passengers", "173 South Korean passengers")."""
    match = _DEMONYM.search(surface)
    return match[1] if match and match[1].split()[-1] not in NOT_DEMONYMS else ""


def _role_of_noun(unit: str, predicate: str) -> str:
    """The role the counted noun itself says ("fatalities", "lives"); bodies are the dead only when recovered,
    and victims identified are bodies identified."""
    verb = predicate.split(" ")[0].lower() if predicate else ""
    if unit in VICTIM_NOUNS and verb == "identify":
        return "bodies identified"
    if unit in BODY_NOUNS:
        return "deaths" if not verb or verb in DEATH_BODY_VERBS or roles().get((verb,)) == "deaths" else ("bodies identified" if verb == "identify" else f"bodies {verb}")
    return roles().get((unit,), "")


def quantity_measure(claim: Claim, dimension: str, scale: float) -> Measure | None:
    """What a quantity in a unit of measure measures ("12 inches of rain": rainfall; "crested at
    29.45 feet": water level; "jewels worth €88 million": value), from the nearest measure word
    around it and its verb."""
    sentence, surface = claim.sentence, claim.surface
    at = surface_in(sentence, surface)
    before, after = (sentence[:at], sentence[at + len(surface):]) if at >= 0 else ("", "")
    before_words = [w.lower() for w in _WORD.findall(before)][-WORDS_BEFORE:]
    after_words = [w.lower() for w in _WORD.findall(after)][:WORDS_BEFORE]
    table = quantities(dimension)
    _, role = _nearest_role(before_words, after_words, table)
    role = role or table.get(tuple(claim.predicate.lower().split()[:1]), "")
    if not role:
        return None
    return Measure(role=role, place=_place(before, after), year=_other_year(sentence, surface, claim.published),
                   bound=_bound([w.lower() for w in _WORD.findall(surface)]), dimension=dimension, scale=scale)


DURATION_CUES = (("lasted",), ("lasting",), ("took",), ("taking",), ("took", "just"), ("took", "only"), ("in",), ("in", "just"),
                 ("in", "only"), ("in", "under"), ("in", "less", "than"), ("in", "fewer", "than"), ("within",), ("over", "a"),
                 ("burned", "for"))
"""Words just before a duration that make it how long an event took ("the raid lasted seven minutes",
"in just four minutes"); "12 hours after the crash" is a time, not a duration."""


def duration_measure(claim: Claim, scale: float) -> Measure | None:
    """How long the event its sentence names took, or None when no word says it lasted that long
    or the sentence names no event: "the heist took four minutes", "the river rose in just 45 minutes"."""
    sentence, surface = claim.sentence, claim.surface
    at = surface_in(sentence, surface)
    if at < 0:
        return None
    before_words = [w.lower() for w in _WORD.findall(sentence[:at])]
    surface_words = [w.lower() for w in _WORD.findall(surface)]
    leads = [before_words + surface_words[:i] for i in range(len(surface_words))]  # "in fewer than 60 minutes"
    if not any(tuple(lead[-len(cue):]) == cue for lead in leads for cue in DURATION_CUES):
        return None
    words = [w.lower() for w in _WORD.findall(sentence)]
    here = len(before_words)
    changes = [(abs(i - here), quantities("length")[(w,)]) for i, w in enumerate(words)
               if (w,) in quantities("length") and w not in NOT_CHANGES]
    changed = min(changes)[1] if changes else ""
    kinds = [kind for _, kind in kinds_in(words_of(sentence), sentence) if kind in disasters() or kind in MEASURED_EVENTS]
    what = changed or (kinds[0] if kinds else "")
    if not what:
        return None
    amounts = [(abs(m.start() - at), " ".join(m[0].split())) for m in _AMOUNT.finditer(sentence)] if changed else []
    return Measure(role=f"{what} duration", group=min(amounts)[1] if amounts else "", bound=_bound(surface_words),
                   dimension="duration", scale=scale)


_AMOUNT = re.compile(r"\b\d[\d,.]*\s?(?:inches|inch|feet|foot|ft|metres|meters|metre|meter|cm|mm)\b", re.IGNORECASE)
"""The amount a timed change came to ("26 feet in 45 minutes"): durations of other amounts are other facts."""


NOT_CHANGES = frozenset({"level", "stage", "height", "reach", "reached", "reaching"})
"""Words of a length measure that name a state, not a change that takes time."""


MEASURED_EVENTS = frozenset({"theft", "attack", "shooting", "rescue", "strike", "protest", "testimony", "trial"})
"""Events besides the disasters whose length news reports and compares."""


CONVERSION_GAP = 3
"""Characters between a sum and its conversion in brackets: "€40 million ($46 million)"."""


def story_rates(claims: Iterable[Claim]) -> dict[str, float]:
    """Each currency's value in the story's main currency, from the conversions its articles give
    ("€40 million ($46 million)"): the median rate of each pair, and 1 for the main currency (the
    one most sums are in). Currencies no article converts are not compared with the others."""
    money = [c for c in claims if c.type == "number" and c.detail == "money" and c.unit]
    if not money:
        return {}
    counts = Counter(c.unit for c in money)
    main = min(counts, key=lambda unit: (-counts[unit], unit))
    by_doc: dict[str, list[Claim]] = {}
    for claim in sorted(money, key=lambda c: (c.doc_id, c.char_start)):
        by_doc.setdefault(claim.doc_id, []).append(claim)
    seen: dict[tuple[str, str], list[float]] = {}
    for claims_of_doc in by_doc.values():
        for first, then in zip(claims_of_doc, claims_of_doc[1:]):
            gap = first.sentence[first.sentence.find(first.surface) + len(first.surface):] if first.surface in first.sentence else ""
            if (first.unit != then.unit and 0 < then.char_start - first.char_end <= CONVERSION_GAP
                    and gap.lstrip()[:1] == "(" and float(first.value) > 0):
                seen.setdefault((first.unit, then.unit), []).append(float(then.value) / float(first.value))
    rates = {main: 1.0}
    for (a, b), found in sorted(seen.items()):
        rate = sorted(found)[len(found) // 2]
        if b == main and a not in rates:
            rates[a] = rate
        elif a == main and b not in rates:
            rates[b] = 1 / rate
    for (a, b), found in sorted(seen.items()):  # one step further: a currency converted into a converted one
        rate = sorted(found)[len(found) // 2]
        if b in rates and a not in rates:
            rates[a] = rate * rates[b]
        elif a in rates and b not in rates:
            rates[b] = rates[a] / rate
    return rates if len(rates) > 1 else {}


FOR_FILLERS = frozenset({"only", "just", "some", "about", "around", "nearly", "almost", "roughly", "at", "least", "more",
                         "than", "over", "up", "to", "the"})


SEEKING = frozenset({"search", "searches", "searching", "searched", "look", "looks", "looking", "looked", "hunt",
                     "hunting", "wait", "waiting", "pray", "praying", "continue", "continues", "continued"})
"""Words before "for" that seek or wait for those counted ("the search for 27 girls"): their count keeps its role."""


def _provided_for(before_words: list[str]) -> str:
    """ "compensation for 35 victims", "shelter for 500 families": a count of those something is
    for, a measure of that thing, not of the victims; "" for any other count."""
    words = list(before_words)
    while words and words[-1] in FOR_FILLERS and words[-1] != "for":
        words.pop()
    if len(words) < 2 or words[-1] != "for" or not words[-2].isalpha():
        return ""
    thing = words[-2]
    table = roles()
    if (thing, "for") in table or (thing,) in table or thing in FOR_FILLERS or thing in PEOPLE_WORDS or thing in SEEKING:
        return ""
    return f"{thing} for"


WHOLE_OF = (["of", "the"], ["of", "those"], ["of", "these"])
"""Words before a count that make it the whole a part of is counted from: the role told after the
part's own figure is the part's."""
PARTITIVE_HEADS = frozenset({"the", "these", "those", "them", "all", "whom", "which", "its", "their", "our"})
COPULAS = frozenset({"was", "were", "is", "are", "been", "be"})
LINKING_WORDS = frozenset({"by", "in", "at", "from", "on", "among", "of", "with", "without", "under"})


def _partitive(after_words: list[str]) -> bool:
    """ "Ten of these victims", "25 of all 30 dead": a part of a count told before."""
    return len(after_words) > 1 and after_words[0] == "of" and (after_words[1] in PARTITIVE_HEADS or after_words[1][:1].isdigit())


def _part(after_words: list[str], predicate: str) -> str:
    """The group a part of a count is: what it is said to be ("were men": men), else what is said of it
    ("have been identified": identify)."""
    for at, (word, then) in enumerate(zip(after_words, after_words[1:])):
        if word in COPULAS and then.isalpha():
            if (group := groups().get((then,))) is not None:
                return group  # "25 of the victims were male": the men among them
            said = after_words[at + 1:at + 3] if then in LINKING_WORDS else [then]
            return "part: " + " ".join(said)
    verb = predicate.split(" ")[0].lower() if predicate else ""
    return f"part: {verb}" if verb and verb != "be" else "part"


def _role_of_predicate(claim: Claim) -> str:
    """The role the verb of the number's clause says ("killed", "missing"; "not found": missing)."""
    verb = claim.predicate.split(" ")[0].lower() if claim.predicate else ""
    if verb in UNFOUND and claim.negated:
        return "missing"
    return roles().get(tuple(claim.predicate.lower().split()), "") or roles().get((verb,), "")


def _nearest_role(before: list[str], after: list[str], table: dict[tuple[str, ...], str] | None = None) -> tuple[int, str]:
    """(distance in words, role) of the role phrase nearest the number, on either side (after first
    on a tie); (a large distance, "") when there is none."""
    table = roles() if table is None else table
    best: tuple[int, int, str] | None = None
    for side, words in ((0, after), (1, list(reversed(before)))):
        for start in range(len(words)):
            for size in range(PHRASE_WORDS, 0, -1):
                phrase = tuple(words[start:start + size]) if side == 0 else tuple(reversed(words[start:start + size]))
                if len(phrase) == size and phrase in table:
                    found = (start, side, table[phrase])
                    best = found if best is None or found[:2] < best[:2] else best
                    break
            if best is not None and best[0] <= start:
                break
    return (best[0], best[2]) if best else (WORDS_AFTER + WORDS_BEFORE, "")


def _group(surface_words: list[str], unit: str) -> str:
    """The group the counted noun or its modifiers name ("12 rescuers", "31 foreign nationals")."""
    table = groups()
    for size in (2, 1):
        for start in range(len(surface_words) - size + 1):
            if (name := table.get(tuple(surface_words[start:start + size]))) is not None:
                return name
    return table.get((unit,), "")


def _place(before: str, after: str, sites: bool = True) -> str:
    """The place a count is given for: "84 in Kerr County", "Kerr County, 107", "Travis County (9)";
    with `sites`, also the one site the sentence names ("27 people died at Camp Mystic")."""
    words = after.split()[:PLACE_AFTER_WORDS]
    stop = next((i for i, w in enumerate(words) if w.strip(",.;:()").lower() in INCLUDED_IN | PART_WORDS or w[:1].isdigit()), len(words))
    limit = len(" ".join(words[:stop]))
    flat = " ".join(after.split())
    setting_end = -1
    for match in _IN_PLACE.finditer(flat):
        if match.start() > limit:
            break
        if flat[match.end():].split(" ", 1)[0].strip(".,;:").lower() in OCCASION_NOUNS:
            continue  # "injured in a crush at the Spring Fair pilgrimage": an occasion, not a place
        if (_sets_a_disaster(flat[:match.start()]) or _ROUTE_BEFORE.search(flat[:match.start()])
                or (setting_end >= 0 and not flat[setting_end:match.start()].strip(" ,"))):
            setting_end = match.end()  # "crashed at Muan airport in South Jeolla": where the event happened
            continue
        words = [w for w in match[1].split() if w.lower() != "the"]
        while words and words[0].strip(".,") in NOT_PLACES:
            words.pop(0)
        if words:
            return _POSSESSIVE.sub("", " ".join(words).strip(" .,;:"))
    if match := _OPENING_PLACE.match(before):
        return match[1].strip(" ,")
    if match := _PLACE_BEFORE.search(before):
        words = match[1].split()
        while words and words[0] in ("In", "At", "Across", "The"):
            words.pop(0)
        return " ".join(words)
    if not STATEWIDE.search(before + after) and (match := _DESIGNATED_PLACE.search(before)):
        return match[1].strip()  # "Kerr County Sheriff ... said the remains of 13 victims had been found"
    if sites and not STATEWIDE.search(before + after) and not _WIDER_AREA.search(before + after):
        return _facility(before + " " + after)
    return ""


def _facility(text: str) -> str:
    """The one site a sentence names ("Five campers from Camp Mystic"), or "" when it names none or
    several; a site named as where the event happened ("the crash at Muan International Airport") is
    the event's place, not the count's."""
    sites = set()
    for match in _FACILITY.finditer(text):
        if (setting := _SETTING_BEFORE.search(text[:match.start()])) and _sets_a_disaster(setting[1]):
            continue
        words = match[1].split()
        while words and words[0] in NOT_PLACES:
            words.pop(0)
        if len(words) > 1:
            sites.add(" ".join(words))
    return sites.pop() if len(sites) == 1 else ""


def is_site(place: str) -> bool:
    return bool(_FACILITY.fullmatch(place)) and len(place.split()) > 1


def _other_year(sentence: str, surface: str, published: str) -> str:
    """The years the sentence names that are not the year of the report: a count of another occasion
    ("the 1987 flood killed 10", "11 deaths between 2009 and 2018")."""
    years = sorted({y for y in _YEAR.findall(sentence.replace(surface, " ")) if y != published[:4]})
    if not years or (not published and len(years) == 1):
        return ""
    return years[0] if len(years) == 1 else f"{years[0]}-{years[-1]}"


def _bound(surface_words: list[str]) -> str:
    text = " ".join(surface_words)
    for bound, phrases in BOUNDS:
        if any(text.startswith(phrase + " ") for phrase in phrases):
            return bound
    return ""


def story_place(places: Iterable[str], sources_naming: Mapping[str, int]) -> str:
    """The story's own place among the places its counts are given for: the one most of its sources
    name, unless a designator marks it as a part of the country ("in Texas" in a story of Texas
    goes without saying; "in Kerr County" and "at Camp Mystic", named by fewer, do not)."""
    candidates = sorted({p for p in places if p and not p.endswith(PLACE_DESIGNATORS) and not is_site(p)})
    if not candidates:
        return ""
    return max(candidates, key=lambda place: sources_naming.get(place, 0))
