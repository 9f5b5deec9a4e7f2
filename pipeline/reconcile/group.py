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
event are describing one fact even when no phrase is shared."""

SAME_WORDS_ACROSS_SPEAKERS = 90.0
"""Quotes of different speakers this similar are one quote attributed to two people."""


def fact_key(item: FramedClaim) -> tuple[str, ...]:
    """Facts whose identity is fixed by their frame (a date, place or figure of an event)."""
    claim = item.claim
    if claim.type in ("event_date", "location"):
        return (claim.type, item.subject, item.family)
    if claim.type == "number":
        return (claim.type, item.subject, item.family, claim.unit)
    return ()


def group_claims(framed: Iterable[FramedClaim], threshold: float) -> list[list[FramedClaim]]:
    """Claims grouped into facts; each group sorted, groups in a stable order."""
    keyed: dict[tuple[str, ...], list[FramedClaim]] = defaultdict(list)
    assertions: dict[str, list[FramedClaim]] = defaultdict(list)
    quotes: list[FramedClaim] = []
    for item in framed:
        if item.claim.type == "assertion":
            assertions[item.subject].append(item)
        elif item.claim.type == "quote":
            quotes.append(item)
        elif key := fact_key(item):
            keyed[key].append(item)
    groups = list(keyed.values())
    for block in assertions.values():
        groups.extend(cluster(block, assertion_scores(block), threshold))
    groups.extend(quote_groups(quotes))
    ordered = [sorted(g, key=claim_order) for g in groups]
    return sorted(ordered, key=lambda g: claim_order(g[0]))


def claim_order(item: FramedClaim) -> tuple:
    c = item.claim
    return (c.type, item.subject, c.source, c.char_start, c.claim_id)


def assertion_scores(block: list[FramedClaim]) -> np.ndarray:
    wording = [item.claim.value or item.claim.surface for item in block]
    text_scores = process.cdist(wording, wording, scorer=fuzz.token_set_ratio, processor=utils.default_process) / 100.0
    size = len(block)
    scores = np.zeros((size, size))
    for i in range(size):
        for j in range(i + 1, size):
            a, b = block[i], block[j]
            score = (
                ENTITY_WEIGHT * jaccard(a.entities, b.entities)
                + PREDICATE_WEIGHT * float(a.family == b.family or predicate_overlap(a, b))
                + WORDING_WEIGHT * text_scores[i, j]
            )
            scores[i, j] = scores[j, i] = score
    return scores


def predicate_overlap(a: FramedClaim, b: FramedClaim) -> bool:
    """"use X to train Y" and "train Y on X" share the event "train"."""
    from pipeline.reconcile.frame import predicate_family

    words_a = {predicate_family(w) for w in (a.claim.value or "").lower().split()}
    words_b = {predicate_family(w) for w in (b.claim.value or "").lower().split()}
    return a.family in words_b or b.family in words_a


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


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
