"""Block -> compare -> cluster: which claims are about the same fact.

Blocking keeps comparisons inside small groups (same claim type, subject and
kind of event; same unit and measure; same speaker or rare words), chosen so that
no pair that could match is left out; the work grows with the size of the
blocks, not with the square of the corpus.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import replace
from collections.abc import Callable, Iterable, Mapping
from itertools import combinations
from typing import Any

import justext
import numpy as np
from rapidfuzz import fuzz, process, utils

from pipeline.export import jsonl_line
from pipeline.records import Claim
from pipeline.reconcile.events import link_events
from pipeline.reconcile.frame import FramedClaim
from pipeline.reconcile.measures import ABOUT, LOWER, PLACE_DESIGNATORS, UPPER, measure_of, story_place, story_rates
from pipeline.reconcile.values import QUOTE_VARIANT_MIN, compatible

STOPWORDS = justext.get_stoplist("English")

ENTITY_WEIGHT, PREDICATE_WEIGHT, WORDING_WEIGHT = 0.5, 0.3, 0.2
"""Assertion pair score = weighted entity overlap, predicate-family overlap and wording.
Entities weigh most: two outlets naming the same participants and the same kind of
event are describing one fact even when no phrase is shared. Wording is compared with
token_sort_ratio, not token_set_ratio, which scores 100 whenever one text's words
contain the other's. Claims naming no other entity are compared on wording alone."""

COPULAS = frozenset({"be", "become", "remain", "seem", "appear", "have"})
"""Predicates that say nothing of the event by themselves: "distillation is everywhere"
and "distillation is faster than training" share only the copula, and "the Musk
testimony is not isolated" and "Musk's testimony is a dose of reality" share the
copula and a name. Two such claims are one fact only when what they say of
the subject is worded alike."""

CONTAINED_MIN_WORDS = 5
"""A claim of at least five content words found inside a longer one is the same claim
with details added ("fire start forklift charge station" in "... near the loading docks")."""

SAME_WORDS_ACROSS_SPEAKERS = 90.0
"""Quotes of different speakers this similar are one quote attributed to two people."""


MEASURE_OVERLAP_MIN = 0.5
"""Share of the shorter description's word stems that two figures of one unit must
share to be the same figure ("preliminary damage estimate" and "damage": 1.0)."""
STEM = 5
"""Words compared by their first five letters: evacuation/evacuated, damage/damages."""

SALIENT_NAMES = 8
"""Names an article mentions most often in its claims (subjects and entities): what its story is about.
Real coverage names many things once ("Prayagraj residents", a byline read as a name): five were too
few for articles of one event to share three (the dev stories: 9 stories for 15 articles of one event,
1 with eight, 11 spurious joins of 387 stories on 2,000 synthetic articles either way)."""
SHARED_NAMES = 3
"""Salient names two articles share when they tell one story."""

SAID_AND_UNSAID = 75.0
"""Wording (token_sort_ratio) above which an article's assertion and its negation are one claim
contradicted ("will stay open" and "will not stay open"), not two things it says."""

RARE_WORDS_PER_QUOTE = 3
"""Quote blocking keys: a near-identical quote shares at least one of these."""


def fact_key(item: FramedClaim) -> tuple[str, ...]:
    """Facts whose identity is fixed by their frame: the place of an event (dates are linked to
    their events by `link_events`)."""
    claim = item.claim
    if claim.type == "location":
        return (claim.type, item.subject, item.family)
    return ()

def ordered_groups(grouped: Iterable[list[list[FramedClaim]]]) -> list[list[FramedClaim]]:
    """The groups of some stories as one list: each group sorted, groups by their first claim."""
    ordered = [sorted(group, key=claim_order) for groups in grouped for group in groups]
    return sorted(ordered, key=lambda g: claim_order(g[0]))


Mapper = Callable[[Callable[[Any], Any], Iterable[Any]], Iterable[Any]]
"""Like `map`, results in order (such as one over a run's worker processes)."""


def story_key_of(count: int, sorted_digests: list[bytes], names_used: list[tuple[str, str]], threshold: float) -> str:
    """A hash of everything grouping reads of a story of `count` claims: every field of each
    (their `claim_digest`s, sorted) and the canonical name of each name they use (names depend on
    the whole dump; the rest of a claim's frame follows from the claim)."""
    digest = hashlib.sha256(f"{threshold!r}\0{count}\0".encode("ascii"))
    digest.update(b"".join(sorted_digests))  # as many digests of one length as claims
    digest.update(b"\0" + repr(names_used).encode("utf-8"))
    return digest.hexdigest()


def claim_digest(claim: Claim) -> bytes:
    """A hash of every field of `claim`: of its line in claims.jsonl."""
    return line_digest(jsonl_line(claim).encode("utf-8"))


def line_digest(line: bytes) -> bytes:
    return hashlib.sha1(line).digest()


def stories_of_names(said: Mapping[tuple[str, str, frozenset[str]], int]) -> dict[str, str]:
    """Independent source -> its story, named by the first source of the story, from how many claims
    make each (independent source, subject, other entities) mention, in canonical names.

    Articles are one story when they share three of their salient names
    (SALIENT_NAMES), directly or through others. Names are the entities the
    model found, so a subject such as "the ruling" is not one. Two shared names
    were too weak: over 10,000 synthetic articles of 1,979 stories, drawn from
    pools of invented names, chains of chance pairs ("Stanwick" and "Dalant
    Brewing" in two unrelated stories) joined 3,740 articles into one story, and
    grouping inside it grew with its square (reconciliation 46 times slower at
    10 times the claims). With three, the largest story has 21 articles and 11
    stories of 1,979 are split (benchmarks/scale_bench.py).

    An article that names fewer than three (a brief, a single-claim item) joins
    the first article that shares all of its names; it never links two others.
    Keys are sets of names, so the work is linear in the number of articles.
    Articles whose claims name nobody cannot be told apart: they make one story.
    """
    said = same_entity_names(said)
    named = {name for _, _, entities in said for name in entities}
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for (source, subject, entities), times in said.items():
        counts = names[source]
        for name in entities:
            counts[name] += times
        if subject in named:  # "Alade Mining", not "a spokesperson" or "the ruling"
            counts[subject] += times
    sources = sorted(names)
    story_keys: list[set[tuple[str, ...]]] = []
    brief_keys: list[set[tuple[str, ...]]] = []
    brief: list[bool] = []
    for source in sources:
        salient = sorted(keys_of_salient(names[source]))
        brief.append(0 < len(salient) < SHARED_NAMES)
        if not salient:
            story_keys.append({()})
            brief_keys.append(set())
        elif brief[-1]:
            story_keys.append(set())
            brief_keys.append({tuple(salient)})
        else:
            story_keys.append(set(combinations(salient, SHARED_NAMES)))
            brief_keys.append({subset for size in range(1, SHARED_NAMES) for subset in combinations(salient, size)})
    sets = DisjointSets(len(sources))
    for block in blocks_from_keys(story_keys):
        for i in block[1:]:
            sets.join(block[0], i)
    for block in blocks_from_keys(brief_keys):
        for i in block:
            if brief[i] and len(block) > 1:
                sets.join(i, next(j for j in block if j != i))
    salient_of = {source: set(keys_of_salient(names[source])) for source in sources}
    return lone_articles_joined({source: sources[sets.root(i)] for i, source in enumerate(sources)}, salient_of)


def keys_of_salient(counts: Counter[str]) -> list[str]:
    return [n for n, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:SALIENT_NAMES]]


CORE_SHARE = 0.2
"""A story's core names: those salient in at least this share of its articles (and in two)."""


def lone_articles_joined(stories: dict[str, str], salient_of: dict[str, set[str]]) -> dict[str, str]:
    """An article left alone joins the story whose core names it shares most: SHARED_NAMES of them
    (names salient across the story, not in one article), or one when it names no more than
    SHARED_NAMES things. Real coverage names one event in many ways (the dev stories: 4 of 15
    articles of one event were left alone by the three-names rule); invented names of 2,000
    synthetic articles gave no new wrong join."""
    members: dict[str, list[str]] = defaultdict(list)
    for source, story in stories.items():
        members[story].append(source)
    holders: dict[str, list[str]] = defaultdict(list)
    for story, sources in sorted(members.items()):
        if len(sources) > 1:
            counts = Counter(name for source in sources for name in salient_of[source])
            for name, times in counts.items():
                if times >= max(2, CORE_SHARE * len(sources)):
                    holders[name].append(story)
    moved = {}
    for story, sources in members.items():
        if len(sources) != 1:
            continue
        mine = salient_of[sources[0]]
        votes = Counter(other for name in mine for other in holders[name])
        best = max(votes.items(), key=lambda kv: (kv[1], len(members[kv[0]]), kv[0]), default=None)
        if best is not None and best[1] >= (1 if len(mine) <= SHARED_NAMES else SHARED_NAMES):
            moved[story] = best[0]
    return {source: moved.get(story, story) for source, story in stories.items()}


def same_entity_names(said: Mapping[tuple[str, str, frozenset[str]], int]) -> Counter[tuple[str, str, frozenset[str]]]:
    """`said` with each name given as the longer name it is part of: "Kumbh", "Maha Kumbh" and
    "Kumbh Mela" as "Maha Kumbh Mela". A name goes to the most often used of the names whose
    words include all of its own (one, so that "Dalant" joins one of "Dalant Brewing" and
    "Dalant Mining", never both); the longer names are resolved first. A word that is a more
    often used word with one letter added is that word ("Kumbh Melah" is "Kumbh Mela")."""
    counts: Counter[str] = Counter()
    for (_, _, entities), times in said.items():
        for name in entities:
            counts[name] += times
    words = {name: frozenset(w for w in re.findall(r"[^\W\d_]+", name.casefold()) if w not in STOPWORDS) for name in counts}
    times_of_word: Counter[str] = Counter()
    for name, its_words in words.items():
        for word in its_words:
            times_of_word[word] += counts[name]
    spelled = {w: w[:-1] for w in times_of_word  # "Melah" for "Mela", "Kumbhs" for "Kumbh": one word spelled two ways
               if len(w) >= 5 and times_of_word.get(w[:-1], 0) >= times_of_word[w]}
    words = {name: frozenset(spelled.get(w, w) for w in its_words) for name, its_words in words.items()}
    with_word: dict[str, list[str]] = defaultdict(list)
    for name, its_words in words.items():
        for word in its_words:
            with_word[word].append(name)
    longer: dict[str, str] = {}
    for name in sorted((n for n in counts if words[n]), key=lambda n: (-len(words[n]), n)):
        rarest = min(words[name], key=lambda w: (len(with_word[w]), w))
        containing = [other for other in with_word[rarest] if words[name] < words[other]]
        longer[name] = longer[min(containing, key=lambda n: (-counts[n], n))] if containing else name
    resolved: Counter[tuple[str, str, frozenset[str]]] = Counter()
    for (source, subject, entities), times in said.items():
        resolved[(source, longer.get(subject, subject), frozenset(longer.get(e, e) for e in entities))] += times
    return resolved


def group_story(framed: list[FramedClaim], threshold: float) -> list[list[FramedClaim]]:
    keyed: dict[tuple[str, ...], list[FramedClaim]] = defaultdict(list)
    by_type: dict[str, list[FramedClaim]] = defaultdict(list)
    for item in framed:
        if item.claim.type in ("assertion", "number", "quote", "event_date"):
            by_type[item.claim.type].append(item)
        elif key := fact_key(item):
            keyed[key].append(item)
    groups = [part for key in sorted(keyed) for part in apart_within_source(keyed[key])]
    assertions, quotes = by_type["assertion"], by_type["quote"]
    named = frozenset(name for item in framed for name in item.entities)
    events = link_events(by_type["event_date"], named)
    groups += [[replace(item, topic=key, topic_label=label) for item in items] for key, label, items in events]
    main_event = story_event(events)
    measured, numbers = measured_counts(by_type["number"], main_event, _sources_naming(framed))
    groups += measured
    by_family = threshold > ENTITY_WEIGHT + WORDING_WEIGHT
    for group in cluster_in_blocks(assertions, assertion_blocks(assertions, by_family),
                                   lambda block: assertion_scores(block) >= threshold):
        groups += apart_within_source(group)
    for group in cluster_in_blocks(numbers, number_blocks(numbers), lambda block: measure_scores(block) >= 1.0):
        groups += apart_within_source(group)
    for group in cluster_in_blocks(quotes, quote_blocks(quotes), quote_links):
        groups += apart_within_source(group)
    return groups


def apart_within_source(group: list[FramedClaim]) -> list[list[FramedClaim]]:
    """A group matched by its words alone, split so that no article gives it two values that
    cannot both be true: one article telling two figures of one unit, or two quotes of one
    speaker, tells two things ("an 11-inch and a 12.9-inch iPad"), not a contradiction. (A
    count of a known measure, or a date of a known event, is not split: there one article can
    contradict itself.)"""
    parts: list[list[FramedClaim]] = []

    def agrees(a: FramedClaim, b: FramedClaim) -> bool:
        if a.claim.type == "assertion":  # one article saying a thing and its opposite of other words is two things
            return a.claim.negated == b.claim.negated or fuzz.token_sort_ratio(a.claim.value, b.claim.value) >= SAID_AND_UNSAID
        if a.claim.type == "quote" and a.source == b.source and a.subject != b.subject:
            return False  # one article giving the same words to two people quotes each of them
        return compatible(a.claim.type, a.claim.value, b.claim.value, approximate=a.claim.approximate or b.claim.approximate)

    for item in group:
        open_parts = [part for part in parts if not any(o.source == item.source and not agrees(o, item) for o in part)]
        agreeing = [part for part in open_parts if any(agrees(o, item) for o in part)]  # the same value from others first
        if agreeing or open_parts:
            (agreeing or open_parts)[0].append(item)
        else:
            parts.append([item])
    return [parts[0]] + [[replace(item, topic=(item.claim.type, item.subject, item.family, part[0].claim.claim_id))
                          for item in part] for part in parts[1:]] if parts and parts[0][0].claim.type == "location" else parts


def _sources_naming(items: list[FramedClaim]) -> dict[str, set[str]]:
    """Each name the claims use -> the sources using it."""
    sources: dict[str, set[str]] = defaultdict(set)
    for item in items:
        for name in item.entities:
            sources[name].add(item.source)
    return sources


def story_event(events: list[tuple[tuple[str, ...], str, list[FramedClaim]]]) -> str:
    """The story's main event, named as its facts are ("Stampede"): the known kind of event that
    most of its sources date; "" when none is known."""
    sources_of_kind: dict[str, set[str]] = defaultdict(set)
    for key, _, items in events:
        if key[1] not in ("claim", "statement", ""):
            sources_of_kind[key[1]].update(item.source for item in items)
    if not sources_of_kind:
        return ""
    return min(sources_of_kind, key=lambda kind: (-len(sources_of_kind[kind]), kind)).capitalize()


BOUND_WORDS_OF = {LOWER: "at least", UPPER: "up to", ABOUT: "about", "": ""}


def measured_counts(items: list[FramedClaim], main_event: str, naming: dict[str, set[str]]) -> tuple[list[list[FramedClaim]], list[FramedClaim]]:
    """Counts whose measure is known (deaths, injured, ...), one group per measure of the story, and
    the other numbers, left to be compared by their words. The story's own place goes unsaid
    (`story_place`), and a place named short ("Kerr") is the story's longer name of it ("Kerr County")."""
    rates = story_rates(item.claim for item in items)
    measures = [(item, measure_of(item.claim, rates)) for item in items]
    known = [(item, measure) for item, measure in measures if measure is not None]
    full_places = sorted({m.place for _, m in known if m.place.endswith(PLACE_DESIGNATORS)}, key=len)
    known = [(item, replace(m, place=next((p for p in full_places if p.startswith(m.place + " ")), m.place)) if m.place else m)
             for item, m in known]
    main_place = story_place((m.place for _, m in known), {name: len(sources) for name, sources in naming.items()})
    grouped: dict[tuple[str, ...], list[FramedClaim]] = defaultdict(list)
    for item, measure in known:
        label = f"{main_event}: {measure.label(main_place)}" if main_event else measure.label(main_place).capitalize()
        key = ("number", *measure.key(main_place))
        grouped[key].append(replace(item, topic=key, topic_label=label, bound=BOUND_WORDS_OF[measure.bound] or ("about" if measure.scale != 1.0 else ""),
                                    rising=measure.rising, scale=measure.scale))
    others = [item for item, measure in measures if measure is None]
    return [grouped[key] for key in sorted(grouped)], others


def cluster_in_blocks(items: list[FramedClaim], blocks: Iterable[list[int]],
                      links: Callable[[list[FramedClaim]], np.ndarray]) -> list[list[FramedClaim]]:
    """Connected components of the linked pairs, comparing only items that share a block.

    A claim may sit in several blocks; components are joined across them, so the
    result is what an all-pairs comparison gives for every pair that shares a block,
    at a cost that grows with the blocks' sizes, not the square of the corpus.
    """
    sets = DisjointSets(len(items))
    for block in blocks:
        if len(block) < 2:
            continue
        linked = links([items[i] for i in block])
        for a, b in zip(*np.nonzero(np.triu(linked, k=1))):
            sets.join(block[int(a)], block[int(b)])
    components: dict[int, list[FramedClaim]] = defaultdict(list)
    for i, item in enumerate(items):
        components[sets.root(i)].append(item)
    return list(components.values())


class DisjointSets:
    """Union-find over 0..n-1; a set is named by its smallest member, so names do not
    depend on the order of the joins."""

    def __init__(self, size: int):
        self.parent = list(range(size))

    def root(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        a, b = self.root(a), self.root(b)
        self.parent[max(a, b)] = min(a, b)


def blocks_from_keys(keys: list[set[tuple[str, ...]]]) -> list[list[int]]:
    """Inverted index: each key -> the items carrying it, in a stable order."""
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, item_keys in enumerate(keys):
        for key in item_keys:
            index[key].append(i)
    return [index[key] for key in sorted(index)]


def assertion_blocks(items: list[FramedClaim], by_family: bool = True) -> list[list[int]]:
    """(subject, event family) blocks.

    Above a threshold of ENTITY_WEIGHT + WORDING_WEIGHT a pair can only match
    when it describes the same kind of event (same family, or one's predicate
    among the other's words: see assertion_scores), so nothing is lost by never
    comparing across families; with a lower threshold the blocks are subjects.
    The subject side also takes each named entity the subject mentions:
    "OpenAI's terms of service" sits with what else is said of OpenAI.
    """
    families = {(key, item.family) for item in items for key in subject_keys(item)}
    keys = []
    for item in items:
        item_keys = set()
        for subject in subject_keys(item):
            if not by_family:
                item_keys.add((subject, ""))
                continue
            item_keys.add((subject, item.family))
            item_keys.update((subject, f) for f in value_families(item) if (subject, f) in families)
        keys.append(item_keys)
    return blocks_from_keys(keys)


def subject_keys(item: FramedClaim) -> set[str]:
    keys = {item.subject}
    words = set(re.findall(r"\w+", item.claim.subject.casefold()))
    for entity in item.entities:
        if entity.casefold().split()[-1] in words:
            keys.add(entity)
    return keys


def value_families(item: FramedClaim) -> set[str]:
    from pipeline.reconcile.frame import predicate_family

    return {predicate_family(w) for w in (item.claim.value or "").lower().split()}


def number_blocks(items: list[FramedClaim]) -> list[list[int]]:
    """(unit, measure word) and (unit, subject, event) blocks: the two ways two
    figures can be the same measure (measure_scores), so no linked pair is missed."""
    keys = []
    for item in items:
        unit = item.claim.unit
        item_keys = {(unit, "measure", stem) for stem in measure_words(item)}
        if item.subject:
            item_keys.add((unit, "event", item.subject, item.family))
        keys.append(item_keys)
    return blocks_from_keys(keys)


def quote_blocks(items: list[FramedClaim]) -> list[list[int]]:
    """Quotes of one speaker, and quotes sharing one of their rarest words.

    Words of one quote given to two speakers are near-identical
    (SAME_WORDS_ACROSS_SPEAKERS), so they share their rarest words: prefix
    filtering, as in set-similarity joins, with the few rarest words of each quote.
    """
    words = [quote_words(item.claim.value) for item in items]
    frequency = Counter(w for ws in words for w in ws)
    keys = []
    for item, ws in zip(items, words):
        rarest = sorted(ws, key=lambda w: (frequency[w], w))[:RARE_WORDS_PER_QUOTE]
        keys.append({("speaker", item.subject)} | {("word", w) for w in rarest})
    return blocks_from_keys(keys)


def quote_words(text: str) -> set[str]:
    return {w for w in utils.default_process(text or "").split() if len(w) > 2 and w not in STOPWORDS}


def quote_links(quotes: list[FramedClaim]) -> np.ndarray:
    """Variants of one speaker's words, or the same words given to two speakers."""
    texts = [q.claim.value for q in quotes]
    similarity = process.cdist(texts, texts, scorer=fuzz.token_sort_ratio, processor=utils.default_process)
    same_speaker = np.array([[a.subject == b.subject for b in quotes] for a in quotes])
    return (same_speaker & (similarity >= QUOTE_VARIANT_MIN)) | (similarity >= SAME_WORDS_ACROSS_SPEAKERS)


def claim_order(item: FramedClaim) -> tuple:
    c = item.claim
    return (c.type, item.subject, c.source, c.char_start, c.claim_id)


def measure_words(item: FramedClaim) -> set[str]:
    """The stems of what a figure measures: its predicate, its predicate's family ("gave" and
    "donated" are both donations) and its object."""
    claim = item.claim
    words = f"{claim.predicate} {item.family} {claim.object}".lower().replace("-", " ").split()
    return {w[:STEM] for w in words if w.isalpha() and len(w) > 2 and w not in STOPWORDS}


def measure_scores(block: list[FramedClaim]) -> np.ndarray:
    """1 where two figures of one unit describe the same measure of the same things (two articles'
    figures that both name things share a word of their names: "$139" for earphones and "$799"
    for a tablet are two prices; "South Glenley" and "South Glenley Transit" may be one place), or
    have the same subject and event."""
    words = [measure_words(item) for item in block]
    name_words = [{w for name in item.entities for w in name.casefold().split() if w not in STOPWORDS} for item in block]
    size = len(block)
    linked = np.zeros((size, size))
    for i in range(size):
        for j in range(i + 1, size):
            a, b = block[i], block[j]
            shared = len(words[i] & words[j]) / max(1, min(len(words[i]), len(words[j])))
            same_event = bool(a.subject) and a.subject == b.subject and a.family == b.family
            same_things = a.source == b.source or not (a.entities and b.entities) or bool(name_words[i] & name_words[j])
            linked[i, j] = linked[j, i] = float((shared >= MEASURE_OVERLAP_MIN and same_things) or same_event)
    return linked


def assertion_scores(block: list[FramedClaim]) -> np.ndarray:
    text_scores = wording_scores([item.claim.value or item.claim.surface for item in block])
    size = len(block)
    scores = np.zeros((size, size))
    for i in range(size):
        for j in range(i + 1, size):
            a, b = block[i], block[j]
            same_event = PREDICATE_WEIGHT * float(a.family == b.family or predicate_overlap(a, b))
            if a.family in COPULAS and a.family == b.family:
                score = fuzz.token_sort_ratio(complement(a), complement(b), processor=utils.default_process) / 100.0
            elif a.entities or b.entities:
                score = same_event + ENTITY_WEIGHT * jaccard(a.entities, b.entities) + WORDING_WEIGHT * text_scores[i, j]
            else:
                score = same_event + (ENTITY_WEIGHT + WORDING_WEIGHT) * text_scores[i, j]
            scores[i, j] = scores[j, i] = score
    return scores


def complement(item: FramedClaim) -> str:
    """What a copular claim says of its subject: its words less the subject's and the copula."""
    subject = set(utils.default_process(item.claim.subject).split())
    words = utils.default_process(item.claim.value or item.claim.surface).split()
    return " ".join(w for w in words if w not in subject and w != item.family)


def wording_scores(texts: list[str]) -> np.ndarray:
    """Similarity of wording in [0, 1]: word order aside, and one text's words
    inside the other's when the shorter one says enough (CONTAINED_MIN_WORDS)
    to be the same statement rather than a fragment ("the fire started")."""
    sort = process.cdist(texts, texts, scorer=fuzz.token_sort_ratio, processor=utils.default_process)
    contained = process.cdist(texts, texts, scorer=fuzz.token_set_ratio, processor=utils.default_process)
    words = np.array([len(utils.default_process(t).split()) for t in texts])
    enough = np.minimum.outer(words, words) >= CONTAINED_MIN_WORDS
    return np.where(enough, np.maximum(sort, contained), sort) / 100.0


def predicate_overlap(a: FramedClaim, b: FramedClaim) -> bool:
    """"use X to train Y" and "train Y on X" share the event "train"."""
    from pipeline.reconcile.frame import predicate_family

    words_a = {predicate_family(w) for w in (a.claim.value or "").lower().split()}
    words_b = {predicate_family(w) for w in (b.claim.value or "").lower().split()}
    return a.family in words_b or b.family in words_a


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0
