"""Truth discovery: which value of each item to believe when sources disagree.

A source that is right where others can check it is trusted more where it speaks
alone, so reliability is learned across all items at once:

- vote: every source counts the same (the baseline);
- truthfinder: Yin, Han & Yu, "Truth Discovery with Multiple Conflicting
  Information Providers on the Web" (KDD 2007, TKDE 2008);
- accu: Dong, Berti-Equille & Srivastava, "Integrating Conflicting Data: the Role
  of Source Dependence" (VLDB 2009): Bayesian source accuracy, and copy detection
  (sources that share many false values are copiers, so their shared votes count
  about once).

Observations are coded as integers once; each round is a handful of numpy
bincounts over observations and over pairs of sources that report on the same
item, so the cost grows with those, never with sources squared times items.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from pipeline.errors import InputError, SettingsError

METHODS = ("accu", "truthfinder", "vote")

FALSE_VALUES = 10
"""ACCU's n: how many false values an item can take besides the true one; a vote
counts ln(n * A / (1 - A)). Chosen before measuring; on the flight benchmark, ACCU
with copy detection scores 0.94 for n from 2 to 50, 0.93 up to 150, 0.91 at 1000."""
COPY_PRIOR = 0.2
"""Prior probability that two sources are dependent (Dong et al. 2009, alpha)."""
COPY_RATE = 0.8
"""Share of its values a copier takes from the source it copies (Dong et al. 2009, c).
It is also the discount of a likely copy's vote. On the flight benchmark 0.6 to 0.8
give 0.94; from 0.95 the discount silences accurate sources that agree, and 0.69."""
IMPLICATION = 0.5
"""How much a compatible value backs another (TruthFinder's rho, Yin et al. 2008)."""
BASE_SIMILARITY = 0.5
"""TruthFinder's implication is similarity minus this: a compatible value (similarity
1) supports, an incompatible one (similarity 0) counts against."""
DAMPENING = 0.3
"""TruthFinder's gamma: keeps confidences from saturating when many sources agree."""
PRIOR_OBSERVATIONS = 1.0
"""The prior reliability counts as this many observations, so that a source seen
once is not judged perfect or worthless on that one item."""
RELIABILITY_BOUNDS = (0.001, 0.999)
"""No source is taken as always or never right: its vote stays finite."""
TOLERANCE = 1e-6
"""Iteration stops when no reliability moves by more than this."""
TIE_DECIMALS = 12
"""Scores equal to this many decimals are a tie, broken by the value string."""


@dataclass(frozen=True)
class Observation:
    """`source` says `value` about `item`, with some firmness (`weight`).

    `copy_of` names the source this observation was copied from (a syndicated
    article): the claim is the original's and counts once, under its name.
    """

    source: str
    item: str
    value: str
    weight: float = 1.0
    copy_of: str = ""

    def __post_init__(self) -> None:
        if not (math.isfinite(self.weight) and self.weight >= 0):
            raise InputError(
                f"observation weight must be a finite number >= 0, got {self.weight} "
                f"(source {self.source!r}, item {self.item!r})"
            )

    @property
    def voter(self) -> str:
        return self.copy_of or self.source


@dataclass(frozen=True)
class Verdict:
    """The value to suggest for `item`, with every candidate's score, best first
    (ties in value order).

    With "accu" and "vote" a score is the probability that the value is true, so a
    tie between two single sources scores under 0.5 each; with "truthfinder" it is
    Yin et al.'s fact confidence, which is not shared out between the values.
    """

    item: str
    value: str
    confidence: float
    scores: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class TruthResult:
    """`reliability` is learned per voting source (a known copy votes as its
    original); `copying` holds, for "accu" with copy detection, the probability
    that two sources (in name order) are not independent; `iterations` counts
    rounds of reliability updates (0 for "vote") of the group of linked sources
    that needed the most (each group settles on its own)."""

    verdicts: dict[str, Verdict]
    reliability: dict[str, float]
    copying: dict[tuple[str, str], float]
    iterations: int


def discover_truth(
    observations: Iterable[Observation],
    *,
    method: str = "accu",
    prior_reliability: float = 0.8,
    max_iterations: int = 20,
    detect_copying: bool = True,
    compatible: Callable[[str, str], bool] | None = None,
    false_values: int = FALSE_VALUES,
) -> TruthResult:
    """The most likely value of every item, and how reliable each source proved.

    "vote" is ACCU's posterior with every source at `prior_reliability`, so it picks
    the largest weighted count and its confidences read like the other methods'.
    `compatible(a, b)` says that value `a` backs value `b` without being equal
    (a month and a day in it); such values support each other partially and stay
    separate candidates. Copy detection applies to "accu" only.
    """
    if method not in METHODS:
        raise SettingsError(f"unknown truth discovery method {method!r}; valid: {', '.join(METHODS)}")
    if not 0 < prior_reliability < 1:
        raise SettingsError(f"prior_reliability must be in (0, 1), got {prior_reliability}")
    if max_iterations < 1:
        raise SettingsError(f"max_iterations must be at least 1, got {max_iterations}")
    if false_values < 1:
        raise SettingsError(f"false_values must be at least 1, got {false_values}")
    if prior_reliability * (false_values + 1) <= 1:
        raise SettingsError(
            f"prior_reliability {prior_reliability} is no better than a random pick among "
            f"{false_values + 1} values; use more than {1 / (false_values + 1):.3f}"
        )

    table = ObservationTable.build(observations, compatible)
    if not table.sources:
        return TruthResult(verdicts={}, reliability={}, copying={}, iterations=0)
    prior = np.full(len(table.sources), prior_reliability)
    copying: dict[tuple[str, str], float] = {}
    if method == "vote":
        scores = accu_posterior(table, prior, np.ones(table.n_observations), false_values)
        reliability, iterations = accuracy(table, scores, prior_reliability), 0
    elif method == "truthfinder":
        scores, reliability, iterations = truthfinder(table, prior_reliability, max_iterations)
    else:
        co_reports = CoReports.build(table) if detect_copying else None
        scores, reliability, dependence, iterations = accu(
            table, prior_reliability, max_iterations, false_values, co_reports
        )
        if co_reports is not None:
            copying = co_reports.as_dict(table, dependence)
    return TruthResult(
        verdicts=verdicts(table, scores),
        reliability={name: float(r) for name, r in zip(table.sources, reliability)},
        copying=copying,
        iterations=iterations,
    )


@dataclass(frozen=True)
class ObservationTable:
    """Observations as integer codes, in sorted order so that results do not
    depend on the order they came in.

    A candidate is one (item, value); candidates are sorted by item then value.
    One row per (voter, candidate), keeping the firmest weight.
    """

    sources: tuple[str, ...]
    items: tuple[str, ...]
    values: tuple[str, ...]
    candidate_item: np.ndarray
    source: np.ndarray
    candidate: np.ndarray
    weight: np.ndarray
    support_from: np.ndarray
    support_to: np.ndarray

    @classmethod
    def build(
        cls, observations: Iterable[Observation], compatible: Callable[[str, str], bool] | None
    ) -> "ObservationTable":
        firmest: dict[tuple[str, str, str], float] = {}
        for o in observations:
            key, weight = (o.voter, o.item, o.value), float(o.weight)
            if key not in firmest or weight > firmest[key]:
                firmest[key] = weight
        rows = sorted(firmest)
        sources = sorted({source for source, _, _ in rows})
        candidates = sorted({(item, value) for _, item, value in rows})
        items = sorted({item for item, _ in candidates})
        source_code = {source: code for code, source in enumerate(sources)}
        candidate_code = {candidate: code for code, candidate in enumerate(candidates)}
        item_code = {item: code for code, item in enumerate(items)}
        candidate_item = np.array([item_code[item] for item, _ in candidates], dtype=np.intp)
        values = tuple(value for _, value in candidates)
        support_from, support_to = compatible_pairs(candidate_item, values, compatible)
        return cls(
            sources=tuple(sources),
            items=tuple(items),
            values=values,
            candidate_item=candidate_item,
            source=np.array([source_code[source] for source, _, _ in rows], dtype=np.intp),
            candidate=np.array([candidate_code[(item, value)] for _, item, value in rows], dtype=np.intp),
            weight=np.array([firmest[row] for row in rows], dtype=float),
            support_from=support_from,
            support_to=support_to,
        )

    @property
    def n_observations(self) -> int:
        return len(self.source)

    @property
    def n_candidates(self) -> int:
        return len(self.values)

    def per_candidate(self, per_observation: np.ndarray) -> np.ndarray:
        return np.bincount(self.candidate, weights=per_observation, minlength=self.n_candidates)

    def per_item(self, per_candidate: np.ndarray) -> np.ndarray:
        return np.bincount(self.candidate_item, weights=per_candidate, minlength=len(self.items))

    def support(self, per_candidate: np.ndarray) -> np.ndarray:
        """For each candidate, the sum of `per_candidate` over the candidates compatible with it."""
        return np.bincount(self.support_to, weights=per_candidate[self.support_from], minlength=self.n_candidates)


def compatible_pairs(
    candidate_item: np.ndarray, values: tuple[str, ...], compatible: Callable[[str, str], bool] | None
) -> tuple[np.ndarray, np.ndarray]:
    """(from, to) candidate codes of the same item where `from` backs `to`."""
    pairs: list[tuple[int, int]] = []
    if compatible is not None:
        starts = np.flatnonzero(np.r_[True, candidate_item[1:] != candidate_item[:-1]])
        ends = np.r_[starts[1:], len(values)]
        for start, end in zip(starts.tolist(), ends.tolist()):
            pairs.extend(
                (a, b) for a in range(start, end) for b in range(start, end)
                if a != b and compatible(values[a], values[b])
            )
    codes = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    return codes[:, 0], codes[:, 1]


def same_item_pairs(item: np.ndarray, source: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(first, second): every two observations of one item (`item` per observation) whose sources
    are in that order, ordered by first then second: the rows of pandas' self-merge on the item, in
    its order (compared on 300 random tables), without importing pandas into every run."""
    order = np.argsort(item, kind="stable")
    in_order = item[order]
    starts = np.searchsorted(in_order, item, side="left")
    counts = np.searchsorted(in_order, item, side="right") - starts
    first = np.repeat(np.arange(len(item)), counts)
    offsets = np.arange(len(first)) - np.repeat(np.cumsum(counts) - counts, counts)
    second = order[np.repeat(starts, counts) + offsets]
    keep = source[first] < source[second]
    return first[keep], second[keep]


def accuracy(table: ObservationTable, truth: np.ndarray, prior: float) -> np.ndarray:
    """A source's reliability: the weighted mean probability that what it says is true,
    with the prior counted as PRIOR_OBSERVATIONS observations."""
    weights = table.weight
    said = np.bincount(table.source, weights=weights * truth[table.candidate], minlength=len(table.sources))
    total = np.bincount(table.source, weights=weights, minlength=len(table.sources))
    estimate = (said + PRIOR_OBSERVATIONS * prior) / (total + PRIOR_OBSERVATIONS)
    return np.clip(estimate, *RELIABILITY_BOUNDS)


def accu_posterior(
    table: ObservationTable, reliability: np.ndarray, independence: np.ndarray, false_values: int
) -> np.ndarray:
    """P(candidate is true): softmax over the item's domain of n + 1 values of the
    vote counts, where values nobody claims have count 0.

    With a single source of reliability A this gives exactly A, so cold-start
    items get their source's reliability as confidence.
    """
    vote = np.log(false_values * reliability / (1 - reliability))
    count = table.per_candidate(table.weight * vote[table.source] * independence)
    count = count + IMPLICATION * table.support(count)
    n_values = np.bincount(table.candidate_item, minlength=len(table.items))
    unclaimed = np.maximum(false_values + 1 - n_values, 0)
    top = np.zeros(len(table.items))
    np.maximum.at(top, table.candidate_item, count)
    exp = np.exp(count - top[table.candidate_item])
    total = table.per_item(exp) + unclaimed * np.exp(-top)
    return exp / total[table.candidate_item]


def accu(
    table: ObservationTable,
    prior: float,
    max_iterations: int,
    false_values: int,
    co_reports: "CoReports | None",
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Alternate truth and reliabilities until reliabilities stop moving; then, with
    copy detection, go on alternating truth and (reliabilities, dependence).

    Copy detection waits for reliabilities learned without it: judged against the
    flat prior, any two accurate sources agree "too often" and look like copiers,
    and discounting them all lets a large copy group win (on the flight benchmark,
    starting copy detection at once gives 0.69 with n = 10, against 0.94 this way).

    Each group of sources linked by common items (`Components`) goes through these
    phases on its own, and stops when its own reliabilities settle: the result for
    one story is what it would be in a dump of that story alone.
    """
    groups = Components.of(table)
    phases = 2 if co_reports else 1
    phase = np.zeros(groups.count, dtype=np.int64)
    rounds_in_phase = np.zeros(groups.count, dtype=np.int64)
    rounds = np.zeros(groups.count, dtype=np.int64)
    reliability = np.full(len(table.sources), prior)
    dependence = np.zeros(co_reports.n_pairs if co_reports else 0)
    pair_group = groups.of_source[co_reports.pair_sources[:, 0]] if co_reports else np.zeros(0, dtype=np.int64)
    independence = np.ones(table.n_observations)
    while (active := phase < phases).any():
        truth = accu_posterior(table, reliability, independence, false_values)
        updated = np.where(active[groups.of_source], accuracy(table, truth, prior), reliability)
        moved = groups.largest(np.abs(updated - reliability))
        detecting = active & (phase == 1)
        if detecting.any():
            estimated = np.where(detecting[pair_group], co_reports.dependence(truth, updated, false_values), dependence)
            np.maximum.at(moved, pair_group, np.abs(estimated - dependence))
            dependence = estimated
            independence = co_reports.independence(table, dependence, updated)
        reliability = updated
        rounds += active
        rounds_in_phase += active
        settled = active & ((moved < TOLERANCE) | (rounds_in_phase >= max_iterations))
        phase += settled
        rounds_in_phase[settled] = 0
    truth = accu_posterior(table, reliability, independence, false_values)
    return truth, reliability, dependence, int(rounds.max(initial=0))


def truthfinder(table: ObservationTable, prior: float, max_iterations: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Yin et al.: trust t(s) -> score tau = -ln(1 - t) -> fact confidence
    sigma(f) = sum of tau, adjusted by related values of the item (compatible ones
    support, others count against) -> s(f) = sigmoid(gamma * sigma*) -> t(s) = mean s(f).
    Each group of linked sources (`Components`) stops when its own trust settles."""
    groups = Components.of(table)
    trust = np.full(len(table.sources), prior)
    confidence = np.zeros(table.n_candidates)
    rounds = np.zeros(groups.count, dtype=np.int64)
    active = np.ones(groups.count, dtype=bool)
    while active.any():
        tau = -np.log(1 - trust)
        sigma = table.per_candidate(table.weight * tau[table.source])
        others = table.per_item(sigma)[table.candidate_item] - sigma
        adjusted = sigma + IMPLICATION * ((1 - BASE_SIMILARITY) * table.support(sigma)
                                          - BASE_SIMILARITY * (others - table.support(sigma)))
        candidate_active = active[groups.of_source[groups.first_source_of_candidate]]
        confidence = np.where(candidate_active, np.exp(-np.logaddexp(0.0, -DAMPENING * adjusted)), confidence)
        updated = np.where(active[groups.of_source], accuracy(table, confidence, prior), trust)
        moved = groups.largest(np.abs(updated - trust))
        trust = updated
        rounds += active
        active &= (moved >= TOLERANCE) & (rounds < max_iterations)
    return confidence, trust, int(rounds.max(initial=0))


@dataclass(frozen=True)
class Components:
    """The groups of sources linked by reporting on a common item (connected components of
    the source-item graph). Nothing one group says bears on another's reliabilities, so
    each group's iterations stop on their own: a story's results do not depend on the
    other stories of the dump, which lets a re-run keep the results of unchanged stories."""

    of_source: np.ndarray
    count: int
    first_source_of_candidate: np.ndarray

    @classmethod
    def of(cls, table: ObservationTable) -> "Components":
        item_of = table.candidate_item[table.candidate]
        label = np.arange(len(table.sources))
        while True:  # label propagation: every source takes the smallest label it is linked to
            smallest_of_item = np.full(len(table.items), len(table.sources))
            np.minimum.at(smallest_of_item, item_of, label[table.source])
            spread = label.copy()
            np.minimum.at(spread, table.source, smallest_of_item[item_of])
            spread = spread[spread]  # a label is a source of the same group: take its label (rounds ~ log of the longest chain)
            if np.array_equal(spread, label):
                break
            label = spread
        names, of_source = np.unique(label, return_inverse=True)
        first_source_of_candidate = np.zeros(table.n_candidates, dtype=np.int64)
        first_source_of_candidate[table.candidate] = table.source
        return cls(of_source=of_source, count=len(names), first_source_of_candidate=first_source_of_candidate)

    def largest(self, per_source: np.ndarray) -> np.ndarray:
        """The largest value of each group."""
        answer = np.zeros(self.count)
        np.maximum.at(answer, self.of_source, per_source)
        return answer


@dataclass(frozen=True)
class CoReports:
    """What each pair of sources (a < b) reports on the same items: how many values
    they share and on how many they differ. Each shared value is kept as a row
    (`same_pair`, `same_candidate`, and the two observations `first`, `second`)
    because whether it counts as a shared true or false value changes every round.
    """

    pair_sources: np.ndarray
    shared: np.ndarray
    differing: np.ndarray
    same_pair: np.ndarray
    same_candidate: np.ndarray
    first: np.ndarray
    second: np.ndarray

    @classmethod
    def build(cls, table: ObservationTable) -> "CoReports":
        first, second = same_item_pairs(table.candidate_item[table.candidate], table.source)
        n_sources = len(table.sources)
        keys, pair_codes = np.unique(table.source[first] * n_sources + table.source[second], return_inverse=True)
        n_pairs = len(keys)
        same = table.candidate[first] == table.candidate[second]
        return cls(
            pair_sources=np.stack([keys // n_sources, keys % n_sources], axis=1),
            shared=np.bincount(pair_codes[same], minlength=n_pairs).astype(float),
            differing=np.bincount(pair_codes[~same], minlength=n_pairs).astype(float),
            same_pair=pair_codes[same],
            same_candidate=table.candidate[first][same],
            first=first[same],
            second=second[same],
        )

    @property
    def n_pairs(self) -> int:
        return len(self.pair_sources)

    def dependence(self, truth: np.ndarray, reliability: np.ndarray, false_values: int) -> np.ndarray:
        """P(the two sources are not independent | what they share), per pair.

        A shared value counts as true with probability truth(v) (expected counts).
        Independent sources agree on a true value with probability A1*A2 and on a
        false one with (1-A1)(1-A2)/n; a copier repeats its original's value (true
        with the original's accuracy) with probability COPY_RATE.
        """
        shared_true = np.bincount(self.same_pair, weights=truth[self.same_candidate], minlength=self.n_pairs)
        shared_false = self.shared - shared_true
        a, b = reliability[self.pair_sources[:, 0]], reliability[self.pair_sources[:, 1]]
        both_true = a * b
        both_false = (1 - a) * (1 - b) / false_values
        differ = 1 - both_true - both_false

        def log_likelihood(p_true: np.ndarray, p_false: np.ndarray, p_differ: np.ndarray) -> np.ndarray:
            return shared_true * np.log(p_true) + shared_false * np.log(p_false) + self.differing * np.log(p_differ)

        independent = math.log(1 - COPY_PRIOR) + log_likelihood(both_true, both_false, differ)
        copied = [
            math.log(COPY_PRIOR / 2) + log_likelihood(
                COPY_RATE * original + (1 - COPY_RATE) * both_true,
                COPY_RATE * (1 - original) + (1 - COPY_RATE) * both_false,
                (1 - COPY_RATE) * differ,
            )
            for original in (a, b)
        ]
        return np.exp(-np.logaddexp(0.0, independent - np.logaddexp(*copied)))

    def independence(self, table: ObservationTable, dependence: np.ndarray, reliability: np.ndarray) -> np.ndarray:
        """Per observation, the probability it was given independently of the sources
        before it that give the same value (Dong et al.'s I(S)). Sources are taken
        most reliable first, so a copy group keeps its best member's full vote."""
        order = np.lexsort((np.arange(len(reliability)), -reliability))
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        first_source, second_source = table.source[self.first], table.source[self.second]
        later = np.where(rank[first_source] > rank[second_source], self.first, self.second)
        discount = np.log1p(-COPY_RATE * dependence[self.same_pair])
        return np.exp(np.bincount(later, weights=discount, minlength=table.n_observations))

    def as_dict(self, table: ObservationTable, dependence: np.ndarray) -> dict[tuple[str, str], float]:
        return {
            (table.sources[a], table.sources[b]): float(p)
            for (a, b), p in zip(self.pair_sources.tolist(), dependence)
        }


def verdicts(table: ObservationTable, scores: np.ndarray) -> dict[str, Verdict]:
    """One verdict per item: candidates by score, ties in value order."""
    order = np.lexsort((np.arange(table.n_candidates), -np.round(scores, TIE_DECIMALS), table.candidate_item))
    starts = np.flatnonzero(np.r_[True, np.diff(table.candidate_item[order]) != 0])
    ends = np.r_[starts[1:], len(order)]
    found: dict[str, Verdict] = {}
    for start, end in zip(starts.tolist(), ends.tolist()):
        ranked = order[start:end].tolist()
        item = table.items[table.candidate_item[ranked[0]]]
        ranked_scores = tuple((table.values[c], float(scores[c])) for c in ranked)
        value, confidence = ranked_scores[0]
        found[item] = Verdict(item=item, value=value, confidence=confidence, scores=ranked_scores)
    return found
