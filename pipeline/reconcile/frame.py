"""Put every claim in a common frame: one name per entity across articles, one
predicate family per event said in other words, one independent source per copy."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.records import Claim
from pipeline.resources import load_groups

COURT_CONTEXT = re.compile(
    r"\b(court|courtroom|trial|hearing|testimony|on the stand|under oath|deposition|jury|jurors|the bench|cross-examination)\b", re.I)
OPENING_MARKS = " \t\n\"'(\u201c\u2018\u00ab["
"""What may come before a sentence's first word."""
FUTURE_CONTEXT = re.compile(r"\b(will|shall|scheduled to|expected to|set to|plans? to|is to|are to|going to)\b", re.I)


def surface_in(sentence: str, surface: str) -> int:
    """Where a claim's words stand in its sentence, as words: the "3" of "135 dead, 3 missing" is
    the second figure, not a digit of the first. -1 when the sentence does not hold them."""
    match = re.search(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", sentence) if surface else None
    return match.start() if match else sentence.find(surface)


@lru_cache(maxsize=1)
def predicate_families() -> dict[str, str]:
    """member -> family, from resources/predicate_families.txt (first family wins)."""
    families: dict[str, str] = {}
    for family, members in load_groups("predicate_families"):
        for member in (family, *members):
            families.setdefault(member, family)
    return families


def predicate_family(predicate: str, sentence: str = "") -> str:
    """The family of a predicate; a statement made in court is testimony."""
    family = _family_of(predicate)
    if family == "state" and _in_court(sentence):
        return "testify"
    return family


@lru_cache(maxsize=65536)
def _in_court(sentence: str) -> bool:
    return bool(COURT_CONTEXT.search(sentence))


@lru_cache(maxsize=65536)
def _family_of(predicate: str) -> str:
    """Asked for every word of every assertion when blocking: worth remembering."""
    key = " ".join(predicate.lower().split())
    families = predicate_families()
    return families.get(key) or families.get(key.split(" ")[0], key) if key else ""


class NameResolver:
    """Resolves a name to the fullest form any article uses for the same entity.

    "Musk" -> "Elon Musk" when exactly one multi-word name in the corpus ends with
    (or starts with) "Musk"; spellings that differ only in case are one name, written
    the way it is most often written inside a sentence: a capital at a sentence's start
    says nothing of a word's spelling ("Construction began" and "said construction began"
    are written "construction"). Counting those too made the spelling flip with a few
    articles more (a re-run of 1,010 synthetic articles against 1,000: "construction"
    79 times, "Construction" 81, every story using the word worked out again). An
    ambiguous short name ("Smith" with two Smiths) stays as written.
    """

    def __init__(self, names: Iterable[str], sentence_initial: Iterable[str] = ()):
        """`names`: every occurrence; `sentence_initial`: those of them that open a sentence."""
        self._resolve(_stripped_counts(Counter(names)), _stripped_counts(Counter(sentence_initial)))

    def _resolve(self, counts: Counter[str], initial: Counter[str]) -> None:
        inside = counts - initial
        self._spelling: dict[str, str] = {}
        for name in sorted(counts, key=lambda name: (-inside[name], -counts[name], name)):
            self._spelling.setdefault(name.casefold(), name)
        by_part: dict[str, set[str]] = defaultdict(set)
        for folded, name in self._spelling.items():
            words = folded.split()
            if len(words) > 1:
                by_part[words[-1]].add(name)
                by_part[words[0]].add(name)
        self._short = {part: next(iter(full)) for part, full in by_part.items() if len(full) == 1}

    @classmethod
    def from_claims(cls, claims: Iterable[Claim]) -> "NameResolver":
        tally = NameTally()
        tally.add(claims)
        return cls.from_tally(tally)

    @classmethod
    def from_tally(cls, tally: "NameTally") -> "NameResolver":
        resolver = cls.__new__(cls)
        resolver._resolve(_stripped_counts(tally.names), _stripped_counts(tally.initial))
        return resolver

    def canonical(self, name: str) -> str:
        folded = " ".join(name.casefold().split())
        if not folded:
            return ""
        if " " not in folded and folded in self._short:
            return self._short[folded]
        return self._spelling.get(folded, name.strip())


TALLY_MEMO = 1 << 14
"""Entity lists and sentences a `NameTally` remembers (the most recent): it lives as long as a run."""


class NameTally:
    """The names claims use, and those that open their sentences, counted as written: what a
    `NameResolver` is made from. A run counts each batch of claims as it arrives, while it
    waits for the next, rather than all of them once the last has come (counting took 0.36 s
    under cProfile at the end of a re-run of 1,010 synthetic articles). The run's ClaimLedger
    holds it."""

    def __init__(self) -> None:
        self.names: Counter[str] = Counter()
        self.initial: Counter[str] = Counter()
        # Claims share entity lists and sentences (several claims per sentence, and an article's
        # claims come together): each is read once while it comes up.
        self._entity_names = lru_cache(maxsize=TALLY_MEMO)(lambda entities: [n for n in entities.split("; ") if n])
        self._opening_of = lru_cache(maxsize=TALLY_MEMO)(lambda sentence: sentence.lstrip(OPENING_MARKS))

    def add(self, claims: Iterable[Claim]) -> None:
        names: list[str] = []
        initial: list[str] = []
        for claim in claims:
            said = [n for n in (claim.subject, claim.speaker) if n] + self._entity_names(claim.entities)
            names += said
            opening = self._opening_of(claim.sentence)
            if opening[:1].isupper():
                initial += [n for n in said if n[0] == opening[0] and _opens(opening, n)]
        self.names.update(names)
        self.initial.update(initial)


def _stripped_counts(counts: Counter[str]) -> Counter[str]:
    """How often each name occurs, surrounding spaces ignored (counted first as written: a dump
    repeats a few thousand names tens of thousands of times)."""
    stripped_counts: Counter[str] = Counter()
    for name, times in counts.items():
        if stripped := name.strip():
            stripped_counts[stripped] += times
    return stripped_counts


def _opens(sentence: str, name: str) -> bool:
    """Whether `name`, capitalised, is the first word or words of `sentence`."""
    end = len(name)
    return name[:1].isupper() and sentence.startswith(name) and (len(sentence) == end or not sentence[end].isalnum())


@dataclass(frozen=True)
class FramedClaim:
    """A claim with the names and families used to compare it with others."""

    claim: Claim
    subject: str
    family: str
    entities: frozenset[str]
    source: str
    """The independent source: the first copy's doc_id for a syndicated copy."""
    future: bool
    topic: tuple[str, ...] = ()
    """What fact the claim is about, once its story is grouped: its event, or its measure."""
    topic_label: str = ""
    """How that fact is named for a reader ("Stampede: date", "Stampede: deaths (children)")."""
    bound: str = ""
    """How a count's words bound its value: "at least", "up to", "about" or ""."""
    rising: bool = False
    """Whether a count is told as having changed ("the toll rose to 230")."""
    scale: float = 1.0
    """The size of a quantity's unit in the base unit its fact compares values in (a foot: 0.3048 m)."""


def frame_claims(claims: Iterable[Claim]) -> list[FramedClaim]:
    claims = list(claims)
    frame = Frame(claims)
    return [frame.framed(claim) for claim in claims]


class Frame:
    """What framing a claim takes from the whole dump: the names its articles use.

    A dump has a few thousand names and entity lists for tens of thousands of claims:
    each is resolved once (framing 36,590 claims, measured when this was per claim:
    0.68-0.82 s -> 0.6 s).
    """

    def __init__(self, claims: Iterable[Claim], tally: NameTally | None = None) -> None:
        """`tally`: the names of `claims`, counted ahead (counted here if not given)."""
        self.names = NameResolver.from_claims(claims) if tally is None else NameResolver.from_tally(tally)
        self.canonical = cache(self.names.canonical)
        self._named = cache(lambda entities: frozenset(self.canonical(e) for e in entities.split("; ") if e))

    def mentions(self, claim: Claim) -> tuple[str, frozenset[str]]:
        """The claim's subject and the other entities it names, in their canonical names."""
        return self.mention(claim.subject or claim.speaker, claim.entities)

    def mention(self, subject: str, entities: str) -> tuple[str, frozenset[str]]:
        """A subject and the other entities of a "; "-separated list, in their canonical names."""
        subject = self.canonical(subject)
        named = self._named(entities)
        return subject, named - {subject} if subject in named else named

    def framed(self, claim: Claim) -> FramedClaim:
        subject, entities = self.mentions(claim)
        return FramedClaim(
            claim=claim,
            subject=subject,
            family=predicate_family(claim.predicate, claim.sentence),
            entities=entities,
            source=independent_source(claim),
            future=_tells_future(claim.sentence) and claim.type != "event_date",
        )

    def names_used(self, claims: Iterable[Claim]) -> list[tuple[str, str]]:
        """(name as written, canonical name) of every name the claims use, sorted: with the
        claims themselves, all a story's frame is made of (families, sources and tenses
        follow from each claim alone)."""
        written = {claim.subject or claim.speaker for claim in claims}
        written.update(name for entities in {claim.entities for claim in claims} for name in entities.split("; "))
        return sorted((name, self.canonical(name)) for name in written if name)


def independent_source(claim: Claim) -> str:
    """The first copy's doc_id for a syndicated copy, else the claim's own."""
    return claim.duplicate_of or claim.doc_id


@lru_cache(maxsize=65536)
def _tells_future(sentence: str) -> bool:
    """Asked once per claim, and a sentence holds several claims: worth remembering."""
    return bool(FUTURE_CONTEXT.search(sentence))
