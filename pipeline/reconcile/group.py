"""Block -> compare -> cluster: which claims are about the same fact.

Blocking keeps comparisons inside small groups (same claim type and subject),
so the work grows with the size of the blocks, not with the square of the corpus.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np
from rapidfuzz import fuzz, process, utils

from pipeline.reconcile.frame import FramedClaim
from pipeline.reconcile.values import QUOTE_VARIANT_MIN

ENTITY_WEIGHT, PREDICATE_WEIGHT, WORDING_WEIGHT = 0.5, 0.3, 0.2
"""Assertion pair score = weighted entity overlap, predicate-family overlap and wording.
Entities weigh most: two outlets naming the same participants and the same kind of
event are describing one fact even when no phrase is shared. Wording is compared with
token_sort_ratio, not token_set_ratio, which scores 100 whenever one text's words
contain the other's. Claims naming no other entity are compared on wording alone."""

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


def fact_key(item: FramedClaim) -> tuple[str, ...]:
    """Facts whose identity is fixed by their frame: the date or place of an event."""
    claim = item.claim
    if claim.type in ("event_date", "location"):
        return (claim.type, item.subject, item.family)
    return ()


def group_claims(framed: Iterable[FramedClaim], threshold: float) -> list[list[FramedClaim]]:
    """Claims grouped into facts; each group sorted, groups in a stable order."""
    keyed: dict[tuple[str, ...], list[FramedClaim]] = defaultdict(list)
    assertions: dict[str, list[FramedClaim]] = defaultdict(list)
    numbers: dict[str, list[FramedClaim]] = defaultdict(list)
    quotes: list[FramedClaim] = []
    for item in framed:
        if item.claim.type == "assertion":
            assertions[item.subject].append(item)
        elif item.claim.type == "number":
            numbers[item.claim.unit].append(item)
        elif item.claim.type == "quote":
            quotes.append(item)
        elif key := fact_key(item):
            keyed[key].append(item)
    groups = attach_undated(keyed)
    for block in assertions.values():
        groups.extend(cluster(block, assertion_scores(block), threshold))
    for block in numbers.values():
        groups.extend(cluster(block, measure_scores(block), 1.0))
    groups.extend(quote_groups(quotes))
    ordered = [sorted(g, key=claim_order) for g in groups]
    return sorted(ordered, key=lambda g: claim_order(g[0]))


def claim_order(item: FramedClaim) -> tuple:
    c = item.claim
    return (c.type, item.subject, c.source, c.char_start, c.claim_id)


def attach_undated(keyed: dict[tuple[str, ...], list[FramedClaim]]) -> list[list[FramedClaim]]:
    """An event whose only dates are unresolved joins its subject's one dated event.

    "the fire ... this week" in an undated article is about the fire the other
    articles date, even when the parser hangs the phrase on another verb. With
    two or more dated events of that subject it stays apart: which one is unknown.
    """
    dated: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key, items in keyed.items():
        if key[0] == "event_date" and any(i.claim.value for i in items):
            dated[key[1]].append(key)
    groups: dict[tuple[str, ...], list[FramedClaim]] = {}
    for key, items in sorted(keyed.items()):
        undated = key[0] == "event_date" and not any(i.claim.value for i in items)
        if undated and key[1] and len(dated[key[1]]) == 1:
            groups.setdefault(dated[key[1]][0], []).extend(items)
        else:
            groups.setdefault(key, []).extend(items)
    return list(groups.values())


def measure_words(item: FramedClaim) -> set[str]:
    claim = item.claim
    words = f"{claim.predicate} {claim.object}".lower().replace("-", " ").split()
    return {w[:STEM] for w in words if w.isalpha() and len(w) > 2}


def measure_scores(block: list[FramedClaim]) -> np.ndarray:
    """1 where two figures of one unit describe the same measure (or have the same subject and event)."""
    words = [measure_words(item) for item in block]
    size = len(block)
    linked = np.zeros((size, size))
    for i in range(size):
        for j in range(i + 1, size):
            shared = len(words[i] & words[j]) / max(1, min(len(words[i]), len(words[j])))
            same_event = bool(block[i].subject) and block[i].subject == block[j].subject and block[i].family == block[j].family
            linked[i, j] = linked[j, i] = float(shared >= MEASURE_OVERLAP_MIN or same_event)
    return linked


def assertion_scores(block: list[FramedClaim]) -> np.ndarray:
    text_scores = wording_scores([item.claim.value or item.claim.surface for item in block])
    size = len(block)
    scores = np.zeros((size, size))
    for i in range(size):
        for j in range(i + 1, size):
            a, b = block[i], block[j]
            same_event = PREDICATE_WEIGHT * float(a.family == b.family or predicate_overlap(a, b))
            if a.entities or b.entities:
                score = same_event + ENTITY_WEIGHT * jaccard(a.entities, b.entities) + WORDING_WEIGHT * text_scores[i, j]
            else:
                score = same_event + (ENTITY_WEIGHT + WORDING_WEIGHT) * text_scores[i, j]
            scores[i, j] = scores[j, i] = score
    return scores


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


def cluster(block: list[FramedClaim], scores: np.ndarray, threshold: float) -> list[list[FramedClaim]]:
    """Connected components of the pairs scoring at least `threshold` (union-find)."""
    parent = list(range(len(block)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(*np.nonzero(np.triu(scores >= threshold, k=1))):
        parent[root(int(i))] = root(int(j))
    components: dict[int, list[FramedClaim]] = defaultdict(list)
    for i, item in enumerate(block):
        components[root(i)].append(item)
    return list(components.values())


def quote_groups(quotes: list[FramedClaim]) -> list[list[FramedClaim]]:
    """One group per quote: variants of one speaker's words, or the same words given to two speakers."""
    if not quotes:
        return []
    texts = [q.claim.value for q in quotes]
    similarity = process.cdist(texts, texts, scorer=fuzz.token_sort_ratio, processor=utils.default_process)
    same_speaker = np.array([[a.subject == b.subject for b in quotes] for a in quotes])
    linked = (same_speaker & (similarity >= QUOTE_VARIANT_MIN)) | (similarity >= SAME_WORDS_ACROSS_SPEAKERS)
    return cluster(quotes, linked.astype(float), 1.0)
