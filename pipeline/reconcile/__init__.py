"""Reconcile stage: Claim -> Fact.

frame (names, predicate families, independent sources) -> group (block, compare,
cluster) -> weigh (truth discovery across every fact at once, so that a source's
reliability is learned from all the facts it speaks about) -> decide (status,
values, suggested value, rationale).
"""
from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from pipeline.records import Claim, Fact
from pipeline.reconcile.decide import Bound, FactDraft, decide, fact_id_for
from pipeline.reconcile.frame import FramedClaim, frame_claims
from pipeline.reconcile.group import GroupMemo, Mapper, group_claims, story_ids
from pipeline.reconcile.truth import discover_truth
from pipeline.reconcile.values import compatible
from pipeline.settings import Settings

__all__ = ["reconcile"]


def reconcile(
    claims: Iterable[Claim], settings: Settings | None = None, memo: GroupMemo | None = None, mapper: Mapper | None = None,
) -> list[Fact]:
    """The facts the claims state. `memo` (lookup/store of each story's groups, such as the
    run's cache) spares a re-run regrouping the stories whose claims did not change;
    `mapper` (like `map`, results in order, such as one over a run's worker processes)
    groups runs of stories in parallel. The facts are the same with them or without."""
    with collector_paused():
        return _reconcile(claims, settings or Settings(), memo, mapper)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the duration: reconciliation makes hundreds of
    thousands of objects without cycles, and each collection would walk every claim held.
    Measured on the claims of 1,000 synthetic articles: 5.1-5.6 s -> 4.3-4.6 s."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _reconcile(claims: Iterable[Claim], settings: Settings, memo: GroupMemo | None, mapper: Mapper | None) -> list[Fact]:
    framed = frame_claims(claims)
    labels = source_labels(framed)
    stories = story_ids(framed)
    drafts = [
        FactDraft(fact_id_for(group, stories[group[0].source]), group, labels)
        for group in group_claims(framed, stories, settings.match_threshold, memo, mapper)
    ]
    drafts = merge_same_ids(drafts)

    observations = [obs for draft in drafts for obs in draft.observations()]
    truth = discover_truth(observations, compatible=partial_support)
    bounds = event_bounds(framed, labels, stories)
    facts = [
        decide(draft, truth.verdicts.get(draft.fact_id), bounds_for(draft, bounds, stories), truth.reliability)
        for draft in drafts
    ]
    return sorted(facts, key=lambda f: (f.type, f.fact, f.fact_id))


def partial_support(a: str, b: str) -> bool:
    """Values that back each other without being equal: only dates have partial
    values (2026-04 supports 2026-04-30); other values never mix."""
    return a != b and "-" in a + b and a[:4].isdigit() and b[:4].isdigit() and compatible("event_date", a, b)


def source_labels(framed: list[FramedClaim]) -> dict[str, str]:
    """Independent source id -> the label shown for it (the original's label)."""
    labels: dict[str, str] = {}
    for item in sorted(framed, key=lambda i: (bool(i.claim.duplicate_of), i.claim.source)):
        labels.setdefault(item.claim.doc_id, item.claim.source)
        labels.setdefault(item.source, item.claim.source)
    return labels


def merge_same_ids(drafts: list[FactDraft]) -> list[FactDraft]:
    """Two clusters that hash to one fact id are one fact (same anchor claim)."""
    merged: dict[str, FactDraft] = {}
    for draft in drafts:
        if draft.fact_id in merged:
            first = merged[draft.fact_id]
            merged[draft.fact_id] = FactDraft(draft.fact_id, first.items + draft.items, first.labels)
        else:
            merged[draft.fact_id] = draft
    return list(merged.values())


def event_bounds(
    framed: list[FramedClaim], labels: dict[str, str], stories: dict[str, str]
) -> dict[tuple[str, str, str], list[Bound]]:
    """(story, subject, family) -> the latest date each dated report of the story allows for the event.

    An article published on day D that tells an event as past puts the event on or
    before D. Statements about what will happen ("is scheduled to testify") are skipped.
    """
    latest: dict[tuple[str, str, str], dict[str, str]] = defaultdict(dict)
    for item in framed:
        claim = item.claim
        if not claim.published or item.future or not item.subject or not item.family:
            continue
        day = claim.published[:10]
        known = latest[(stories[item.source], item.subject, item.family)]
        label = labels.get(item.source, claim.source)
        if label not in known or day < known[label]:
            known[label] = day
    return {key: [Bound(label, day) for label, day in sorted(found.items())] for key, found in latest.items()}


def bounds_for(
    draft: FactDraft, bounds: dict[tuple[str, str, str], list[Bound]], stories: dict[str, str]
) -> list[Bound]:
    if draft.type != "event_date":
        return []
    first = draft.items[0]
    return bounds.get((stories[first.source], first.subject, first.family), [])
