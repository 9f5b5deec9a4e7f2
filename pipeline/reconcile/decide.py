"""From a group of claims about one fact to a Fact row: status, values, suggestion, rationale."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from pipeline.records import Fact, content_id
from pipeline.reconcile.frame import FramedClaim
from pipeline.reconcile.truth import Observation, Verdict
from pipeline.reconcile.values import compatible, date_range, precision, quote_key

AGREED, CONFLICT, SINGLE, UNRESOLVED = "agreed", "conflict", "single_source", "unresolved"

DERIVATION_WEIGHT = {
    "explicit": 1.0,
    "relative_to_publication": 0.9,
    "weekday_before_publication": 0.9,
    "year_inferred_from_article": 0.8,
    "year_inferred_from_publication": 0.8,
    "relative_to_article": 0.8,
}
"""How firmly a date is stated: an explicit full date beats one whose year had to be inferred."""
HEDGE_WEIGHT = 0.7
"""A hedged claim ("partly", "reportedly") counts for less than a plain one."""


@dataclass(frozen=True)
class Bound:
    """The event is on or before `latest`: `label` was published then and tells it as past."""

    label: str
    latest: str


@dataclass
class FactDraft:
    """A group of claims about one fact, with what the decision needs to know about them.

    Its views of the claims are worked out once: the decision asks for them many
    times, and a large run decides a hundred thousand facts. The items are not
    changed after the first look (merged drafts are new drafts).
    """

    fact_id: str
    items: list[FramedClaim]
    labels: dict[str, str]
    """independent source id -> display label (the first copy's label)."""
    story: str = ""
    """The label of the story's first article."""

    @cached_property
    def type(self) -> str:
        return self.items[0].claim.type

    @cached_property
    def resolved(self) -> list[FramedClaim]:
        return [i for i in self.items if i.claim.value or self.type == "assertion"]

    @cached_property
    def unresolved(self) -> list[FramedClaim]:
        return [i for i in self.items if not (i.claim.value or self.type == "assertion")]

    @cached_property
    def resolved_values(self) -> list[tuple[FramedClaim, str]]:
        return [(item, self.value_of(item)) for item in self.resolved]

    def value_of(self, item: FramedClaim) -> str:
        """The value compared across sources: the assertion's polarity, the quote's wording key."""
        claim = item.claim
        if self.type == "assertion":
            return "not " + (claim.predicate or "stated") if claim.negated else "affirmed"
        if self.type == "quote":
            return quote_key(claim.value)
        if self.type == "number" and claim.value_high:
            return f"{claim.value}..{claim.value_high}"
        value = claim.value
        if self.type == "number" and item.scale != 1.0:
            value = plain_figure(float(value) * item.scale)  # in the base unit the fact's label names ("m")
        if self.type == "number" and item.bound:
            return f"{item.bound} {value}"
        return value

    def observations(self) -> list[Observation]:
        by_source: dict[str, set[str]] = defaultdict(set)
        for item, value in self.resolved_values:
            by_source[item.source].add(value)
        observations = []
        for item, value in self.resolved_values:
            claim = item.claim
            weight = claim.confidence * DERIVATION_WEIGHT.get(claim.resolved_from, 1.0)
            if claim.hedge:
                weight *= HEDGE_WEIGHT
            weight /= len(by_source[item.source])
            copy_of = claim.duplicate_of
            observations.append(Observation(
                source=claim.doc_id if copy_of else item.source, item=self.fact_id,
                value=value, weight=weight, copy_of=copy_of,
            ))
        return observations


def plain_figure(number: float) -> str:
    """A converted figure to four significant digits, written out: 7.925, 46000000."""
    rounded = float(f"{number:.4g}")
    return str(int(rounded)) if rounded.is_integer() else f"{rounded:f}".rstrip("0")


def fact_id_for(items: list[FramedClaim], story: str = "") -> str:
    """From the fact's frame (and its story, named by the story's first source), or its first claim."""
    first = items[0]
    if first.topic:
        return content_id(*first.topic, story)
    if first.claim.type in ("event_date", "location"):
        return content_id(first.claim.type, first.subject, first.family, story)
    anchor = min(items, key=lambda i: (i.claim.source, i.claim.char_start)).claim
    return content_id(first.claim.type, first.subject, first.family, first.claim.unit, anchor.value or anchor.surface, story)


def label_for(draft: FactDraft) -> str:
    first = draft.items[0]
    claim = first.claim
    subject = first.subject or "(unknown)"
    if first.topic_label:
        return f"{first.topic_label}: date" if claim.type == "event_date" else first.topic_label
    if claim.type == "event_date":
        return f"{subject} {first.family}: date"
    if claim.type == "location":
        return f"{subject} {first.family}: place"
    if claim.type == "number":
        about = " ".join(w for w in (first.subject, claim.predicate, claim.object) if w)
        return f"{about or '(unknown)'}: {claim.unit or 'count'}"
    if claim.type == "quote":
        words = claim.value.split()
        return f"{subject}: \u201c{' '.join(words[:12])}{' ...' if len(words) > 12 else ''}\u201d"
    plain = next((i.claim for i in draft.items if not i.claim.negated and not i.claim.hedge), claim)
    return plain.surface if len(plain.surface) <= 160 else plain.surface[:157] + "..."


def decide(draft: FactDraft, verdict: Verdict | None, bounds: list[Bound], reliability: dict[str, float]) -> Fact:
    type_ = draft.type
    resolved, unresolved = draft.resolved, draft.unresolved
    values: dict[str, list[FramedClaim]] = defaultdict(list)
    for item, value in draft.resolved_values:
        values[value].append(item)

    kinds = conflict_kinds(draft, values)
    intra = self_contradicting(draft, values)
    sources = {i.source for i in resolved}
    if not resolved:
        status = UNRESOLVED
    elif kinds & {"value", "polarity", "wording", "attribution"}:
        status = CONFLICT
    elif len(sources) >= 2:
        status = AGREED
    else:
        status = SINGLE

    suggested, confidence, reasons = suggest(draft, values, verdict, bounds, reliability)
    first = draft.items[0]
    return Fact(
        fact_id=draft.fact_id,
        fact=label_for(draft),
        type=type_,
        subject=first.subject,
        predicate=first.family,
        status=status,
        story=draft.story,
        conflict_kind="; ".join(sorted(kinds)),
        value=display_value(draft, suggested, values),
        values=" | ".join(
            f"{display_value(draft, value, values)} [{', '.join(sorted({i.claim.source for i in items}))}]"
            for value, items in sorted(values.items())
        ),
        n_sources=len(sources),
        sources="; ".join(sorted({i.claim.source for i in draft.items})),
        claim_ids="; ".join(sorted(i.claim.claim_id for i in draft.items)),
        intra_source_conflict="; ".join(sorted(draft.labels[s] for s in intra)),
        unresolved_mentions="; ".join(
            f"{i.claim.source}: {i.claim.reason or 'no value'} ({i.claim.surface})" for i in unresolved
        ),
        bounds="; ".join(f"{b.label}: <= {b.latest}" for b in bounds),
        confidence=round(float(confidence), 3),
        rationale=" ".join(reasons),
    )


def display_value(draft: FactDraft, value: str, values: dict[str, list[FramedClaim]]) -> str:
    """Quotes are compared without case and punctuation but shown as written."""
    if draft.type == "quote" and value in values:
        return values[value][0].claim.value
    if draft.type == "assertion" and value in values:
        hedges = sorted({h for i in values[value] for h in i.claim.hedge.split("; ") if h})
        return value + (f" (hedged: {', '.join(hedges)})" if hedges else "")
    return value


def conflict_kinds(draft: FactDraft, values: dict[str, list[FramedClaim]]) -> set[str]:
    kinds: set[str] = set()
    type_ = draft.type
    distinct = list(values)
    if type_ == "number" and draft.items[0].topic and _changed_over_time(draft, values):
        kinds.add("time")
    if type_ == "assertion":
        if len({i.claim.negated for i in draft.resolved}) > 1:
            kinds.add("polarity")
    elif type_ == "quote":
        if any(a not in b and b not in a for n, a in enumerate(distinct) for b in distinct[n + 1:]):
            kinds.add("wording")  # one quote cut shorter than the other ("..., as it's a celebration") is no rewording
        if len({i.subject for i in draft.resolved}) > 1:
            kinds.add("attribution")
    else:
        # A count of a known measure carries its bound in its value ("at least 212"); another figure
        # said approximately makes every figure of its fact approximate.
        approximate = not draft.items[0].topic and any(i.claim.approximate for i in draft.resolved)
        for n, a in enumerate(distinct):
            for b in distinct[n + 1:]:
                if not compatible(type_, a, b, approximate=approximate):
                    kinds.add("value")
        if type_ != "quote" and len({i.claim.negated for i in draft.resolved}) > 1:
            kinds.add("polarity")
    hedged = {bool(i.claim.hedge) for i in draft.resolved}
    if len(hedged) > 1:
        kinds.add("extent")
    return kinds


def _changed_over_time(draft: FactDraft, values: dict[str, list[FramedClaim]]) -> bool:
    """Whether a count's values differ from report to report as a story unfolds: told as risen
    ("the toll rose to 230"), or given by reports of different days."""
    if len(values) < 2:
        return False
    days = {i.claim.published[:10] for items in values.values() for i in items if i.claim.published}
    return len(days) > 1 or any(i.rising for items in values.values() for i in items)


def newest_value(values: dict[str, list[FramedClaim]]) -> tuple[str, str, str] | None:
    """(value, day, source) of the newest report of a count: the latest publication day, and on that
    day a count told as risen, then the highest (a toll is recounted upwards)."""
    dated = [(i.claim.published[:10], i.rising, _magnitude(value), value, i.claim.source)
             for value, items in values.items() for i in items if i.claim.published]
    if not dated:
        return None
    day, _, _, value, source = max(dated)
    return value, day, source


def _magnitude(value: str) -> float:
    try:
        return float(value.rsplit(" ", 1)[-1].partition("..")[0])
    except ValueError:
        return 0.0


def self_contradicting(draft: FactDraft, values: dict[str, list[FramedClaim]]) -> set[str]:
    """Independent sources that give incompatible values for this fact."""
    by_source: dict[str, set[str]] = defaultdict(set)
    for value, items in values.items():
        for item in items:
            by_source[item.source].add(value)
    contradicting = set()
    for source, given in by_source.items():
        given = sorted(given)
        if any(not compatible(draft.type, a, b) for n, a in enumerate(given) for b in given[n + 1:]):
            contradicting.add(source)
    return contradicting


def approximations_backing_exact(values: dict[str, list[FramedClaim]]) -> dict[str, str]:
    """Approximate figure -> the exact figure it is compatible with ("roughly 300" -> 312)."""
    exact = [v for v, items in values.items() if not all(i.claim.approximate for i in items)]
    backed = {}
    for value, items in values.items():
        if all(i.claim.approximate for i in items):
            match = [e for e in exact if compatible("number", value, e, approximate=True)]
            if len(match) == 1:
                backed[value] = match[0]
    return backed


def suggest(draft: FactDraft, values: dict[str, list[FramedClaim]], verdict: Verdict | None,
            bounds: list[Bound], reliability: dict[str, float]) -> tuple[str, float, list[str]]:
    """The most likely value, its confidence and the reasons, in words."""
    if not values:
        return "", 0.0, ["No source gives a value that can be resolved."]
    reasons = []
    support = []
    for value, items in sorted(values.items()):
        labels = sorted({i.claim.source for i in items})
        how = sorted({i.claim.resolved_from for i in items if i.claim.resolved_from})
        support.append(f"{display_value(draft, value, values)} from {len(labels)} source(s) ({', '.join(labels)}"
                       + (f"; {', '.join(how)}" if how else "") + ")")
    reasons.append("Support: " + "; ".join(support) + ".")

    scores = dict(verdict.scores) if verdict else {}
    ruled_out: dict[str, str] = {}
    if draft.type == "event_date" and bounds:
        latest = min(bounds, key=lambda b: b.latest)
        for value in values:
            span = date_range(value)
            if span and span[0].isoformat() > latest.latest:
                ruled_out[value] = f"{value} is later than {latest.latest}, when {latest.label} reported the event as past"
        reasons.append(f"Constraint: on or before {latest.latest} (published by {latest.label}, which tells the event as past).")
    candidates = [v for v in values if v not in ruled_out] or list(values)
    if draft.type == "number":
        backed = approximations_backing_exact(values)
        if backed:
            reasons.append("Approximate figures within tolerance back the exact one: " + "; ".join(
                f"{approx} backs {exact}" for approx, exact in sorted(backed.items())) + ".")
            candidates = [v for v in candidates if v not in backed] or candidates
    if ruled_out:
        reasons.append("Ruled out: " + "; ".join(ruled_out[v] for v in sorted(ruled_out)) + ".")

    def rank(value: str) -> tuple:
        approximate = all(i.claim.approximate for i in values[value])
        return (-scores.get(value, 0.0), -len({i.source for i in values[value]}), approximate,
                precision(value) if draft.type == "event_date" else 0, value)

    best = min(candidates, key=rank)
    newest = newest_value(values) if draft.type == "number" and draft.items[0].topic and len(values) > 1 else None
    if newest is not None and _changed_over_time(draft, values):
        earlier = sorted({(i.claim.published[:10], v) for v, items in values.items() for i in items
                          if i.claim.published and v != newest[0]})
        reasons.append(
            f"Counts change as a story unfolds: the newest report ({newest[2]}, {newest[1]}) gives {newest[0]}"
            + (f"; earlier reports give {', '.join(f'{v} ({day})' for day, v in earlier)}" if earlier else "") + "."
        )
        best = newest[0]
    total = sum(max(scores.get(v, 0.0), 0.0) for v in values) or 1.0
    confidence = max(scores.get(best, 0.0), 0.0) / total if scores else 1.0 / len(values)
    if verdict is not None:
        confidence = min(confidence, verdict.confidence) if len(values) > 1 else verdict.confidence
    unreliable = sorted(
        draft.labels.get(s, s) for s in {i.source for i in draft.resolved} if reliability.get(s, 1.0) < 0.5
    )
    if unreliable:
        reasons.append("Counted for less: " + ", ".join(unreliable) + " (often contradicted by independent sources).")
    copies = sorted({i.claim.source for i in draft.items if i.claim.duplicate_of})
    if copies:
        reasons.append("Copies counted once with their original: " + ", ".join(copies) + ".")
    if len(values) > 1:
        runner_up = sorted((v for v in candidates if v != best), key=rank)
        tie = runner_up and abs(scores.get(runner_up[0], 0.0) - scores.get(best, 0.0)) < 1e-9
        if newest is not None and best == newest[0] and _changed_over_time(draft, values):
            why = "the newest report"
        elif tie:
            why = ("tied with " + display_value(draft, runner_up[0], values) + ", broken by number of sources, then "
                   "precision (an exact figure or a full date before an approximate or partial one)")
        else:
            why = "highest support weighted by source reliability and how firmly each source states it"
        reasons.append(f"Suggested {display_value(draft, best, values)}: {why}.")
    return best, confidence, reasons
