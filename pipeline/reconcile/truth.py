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
import pandas as pd

from pipeline.errors import InputError, SettingsError

METHODS = ("accu", "truthfinder", "vote")

FALSE_VALUES = 10
"""ACCU's n: how many false values an item has besides the true one. It sets how
much agreement is worth: a vote counts ln(n * A / (1 - A)). Ten is a small domain;
the flight benchmark gives the same accuracy for n between 5 and 100."""
COPY_PRIOR = 0.2
"""Prior probability that two sources are dependent (Dong et al. 2009, alpha)."""
COPY_RATE = 0.8
"""Share of its values a copier takes from the source it copies (Dong et al. 2009, c)."""
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
    item: str
    value: str
    confidence: float
    scores: tuple[tuple[str, float], ...]
    """Every candidate value with its score, best first; ties in value order."""


@dataclass(frozen=True)
class TruthResult:
    verdicts: dict[str, Verdict]
    reliability: dict[str, float]
    copying: dict[tuple[str, str], float]
    """Probability that the two sources (in name order) are not independent."""
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
    def build(cls, observations: Iterable[Observation], compatible: Callable[[str, str], bool] | None) -> "ObservationTable":
        rows = pd.DataFrame(
            [(o.voter, o.item, o.value, float(o.weight)) for o in observations],
            columns=["source", "item", "value", "weight"],
        )
        rows = rows.groupby(["source", "item", "value"], as_index=False, sort=True)["weight"].max()
        source_codes, sources = pd.factorize(rows["source"], sort=True)
        candidate_codes = rows.groupby(["item", "value"], sort=True).ngroup().to_numpy()
        candidates = rows[["item", "value"]].drop_duplicates().sort_values(["item", "value"])
        item_codes, items = pd.factorize(candidates["item"], sort=True)
        values = tuple(candidates["value"])
        support_from, support_to = compatible_pairs(item_codes, values, compatible)
        return cls(
            sources=tuple(sources),
            items=tuple(items),
            values=values,
            candidate_item=item_codes,
            source=source_codes,
            candidate=candidate_codes,
            weight=rows["weight"].to_numpy(dtype=float),
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
    """Alternate: truth from reliabilities (and dependence), reliabilities (and
    dependence) from truth, until reliabilities stop moving."""
    reliability = np.full(len(table.sources), prior)
    dependence = np.zeros(co_reports.n_pairs if co_reports else 0)
    independence = np.ones(table.n_observations)
    iterations = 0
    for iterations in range(1, max_iterations + 1):
        truth = accu_posterior(table, reliability, independence, false_values)
        updated = accuracy(table, truth, prior)
        if co_reports is not None:
            dependence = co_reports.dependence(truth, updated, false_values)
            independence = co_reports.independence(table, dependence, updated)
        converged = np.max(np.abs(updated - reliability)) < TOLERANCE
        reliability = updated
        if converged:
            break
    truth = accu_posterior(table, reliability, independence, false_values)
    return truth, reliability, dependence, iterations


def truthfinder(table: ObservationTable, prior: float, max_iterations: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Yin et al.: trust t(s) -> score tau = -ln(1 - t) -> fact confidence
    sigma(f) = sum of tau, adjusted by related values of the item (compatible ones
    support, others count against) -> s(f) = sigmoid(gamma * sigma*) -> t(s) = mean s(f)."""
    trust = np.full(len(table.sources), prior)
    confidence = np.zeros(table.n_candidates)
    iterations = 0
    for iterations in range(1, max_iterations + 1):
        tau = -np.log(1 - trust)
        sigma = table.per_candidate(table.weight * tau[table.source])
        others = table.per_item(sigma)[table.candidate_item] - sigma
        adjusted = sigma + IMPLICATION * ((1 - BASE_SIMILARITY) * table.support(sigma)
                                          - BASE_SIMILARITY * (others - table.support(sigma)))
        confidence = 1 / (1 + np.exp(-DAMPENING * adjusted))
        updated = accuracy(table, confidence, prior)
        converged = np.max(np.abs(updated - trust)) < TOLERANCE
        trust = updated
        if converged:
            break
    return confidence, trust, iterations


@dataclass(frozen=True)
class CoReports:
    """Every pair of observations by two different sources on the same item.

    `pair` numbers the source pairs (a < b); `same` marks pairs of observations
    that give the same value, for which `first` and `second` are the two
    observations' rows.
    """

    pair_sources: np.ndarray
    pair: np.ndarray
    same: np.ndarray
    candidate: np.ndarray
    first: np.ndarray
    second: np.ndarray

    @classmethod
    def build(cls, table: ObservationTable) -> "CoReports":
        rows = pd.DataFrame({
            "item": table.candidate_item[table.candidate],
            "source": table.source,
            "candidate": table.candidate,
            "row": np.arange(table.n_observations),
        })
        pairs = rows.merge(rows, on="item", suffixes=("_a", "_b"))
        pairs = pairs[pairs["source_a"] < pairs["source_b"]]
        pair_codes, pair_index = pd.factorize(
            pd.MultiIndex.from_arrays([pairs["source_a"], pairs["source_b"]]), sort=True
        )
        same = (pairs["candidate_a"] == pairs["candidate_b"]).to_numpy()
        return cls(
            pair_sources=np.array(pair_index.tolist(), dtype=np.int64).reshape(-1, 2),
            pair=pair_codes,
            same=same,
            candidate=pairs["candidate_a"].to_numpy(),
            first=pairs["row_a"].to_numpy()[same],
            second=pairs["row_b"].to_numpy()[same],
        )

    @property
    def n_pairs(self) -> int:
        return len(self.pair_sources)

    def dependence(self, truth: np.ndarray, reliability: np.ndarray, false_values: int) -> np.ndarray:
        """P(the two sources are not independent | the values they share), per pair.

        Counts are expected ones: a shared value is true with probability truth(v).
        Independent sources agree on a true value with probability A1*A2 and on a
        false one with (1-A1)(1-A2)/n; a copier repeats its original's value (true
        with the original's accuracy) with probability COPY_RATE.
        """
        shared_truth = np.where(self.same, truth[self.candidate], 0.0)
        count = lambda weights: np.bincount(self.pair, weights=weights, minlength=self.n_pairs)  # noqa: E731
        true_shared, false_shared = count(shared_truth), count(self.same - shared_truth)
        different = count(~self.same * 1.0)
        a, b = reliability[self.pair_sources[:, 0]], reliability[self.pair_sources[:, 1]]
        both_true = a * b
        both_false = (1 - a) * (1 - b) / false_values
        differ = 1 - both_true - both_false

        def log_likelihood(p_true: np.ndarray, p_false: np.ndarray, p_differ: np.ndarray) -> np.ndarray:
            return true_shared * np.log(p_true) + false_shared * np.log(p_false) + different * np.log(p_differ)

        independent = math.log(1 - COPY_PRIOR) + log_likelihood(both_true, both_false, differ)
        copied = [
            math.log(COPY_PRIOR / 2) + log_likelihood(
                COPY_RATE * original + (1 - COPY_RATE) * both_true,
                COPY_RATE * (1 - original) + (1 - COPY_RATE) * both_false,
                (1 - COPY_RATE) * differ,
            )
            for original in (a, b)
        ]
        either_copied = np.logaddexp(*copied)
        return 1 / (1 + np.exp(independent - either_copied))

    def independence(self, table: ObservationTable, dependence: np.ndarray, reliability: np.ndarray) -> np.ndarray:
        """Per observation, the probability it was given independently of the sources
        before it that give the same value (Dong et al.'s I(S)). Sources are taken
        most reliable first, so a copy group keeps its best member's full vote."""
        order = np.lexsort((np.arange(len(reliability)), -reliability))
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        first_source, second_source = table.source[self.first], table.source[self.second]
        later = np.where(rank[first_source] > rank[second_source], self.first, self.second)
        discount = np.log1p(-COPY_RATE * dependence[self.pair[self.same]])
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
    found = {}
    for start, end in zip(starts.tolist(), ends.tolist()):
        ranked = order[start:end].tolist()
        item = table.items[table.candidate_item[ranked[0]]]
        ranked_scores = tuple((table.values[c], float(scores[c])) for c in ranked)
        found[item] = Verdict(item=item, value=ranked_scores[0][0], confidence=ranked_scores[0][1], scores=ranked_scores)
    return found
