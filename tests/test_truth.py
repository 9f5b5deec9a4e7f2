"""Truth discovery on small, hand-made sets of observations."""
from __future__ import annotations

import random

import numpy as np
import pytest

from pipeline.errors import InputError, SettingsError
from pipeline.reconcile.truth import Observation, discover_truth, same_item_pairs


def checked_record() -> list[Observation]:
    """A wire and a paper agree on four items where two blogs each say something else;
    on a fifth item the two blogs outnumber the wire."""
    observations = []
    for n in range(1, 5):
        observations += [
            Observation("wire", f"q{n}", f"right {n}"),
            Observation("paper", f"q{n}", f"right {n}"),
            Observation("blog a", f"q{n}", f"rumour a{n}"),
            Observation("blog b", f"q{n}", f"rumour b{n}"),
        ]
    return observations + [
        Observation("wire", "turnout", "61%"),
        Observation("blog a", "turnout", "75%"),
        Observation("blog b", "turnout", "75%"),
    ]


def mirrored_record() -> list[Observation]:
    """Five papers that slip independently, and four mirrors of one feed that repeat
    its four wrong values. On the contested item the mirrors outnumber the two papers
    that report it."""
    papers = ["paper 1", "paper 2", "paper 3", "paper 4", "paper 5"]
    mirrors = ["mirror 1", "mirror 2", "mirror 3", "mirror 4"]
    observations = []
    for n in range(10):
        observations += [
            Observation(paper, f"item {n}", f"slip {n}" if n == 4 + k else f"true {n}")
            for k, paper in enumerate(papers)
        ]
        observations += [Observation(mirror, f"item {n}", f"false {n}" if n < 4 else f"true {n}") for mirror in mirrors]
    observations += [Observation(paper, "contested", "right") for paper in papers[:2]]
    observations += [Observation(mirror, "contested", "copied") for mirror in mirrors]
    return observations


def test_majority_vote_follows_the_larger_number() -> None:
    assert discover_truth(checked_record(), method="vote").verdicts["turnout"].value == "75%"


def test_a_source_proven_reliable_elsewhere_outvotes_two_unreliable_ones() -> None:
    result = discover_truth(checked_record(), method="accu", detect_copying=False)

    assert result.verdicts["turnout"].value == "61%"
    assert result.reliability["wire"] > result.reliability["blog a"]


def test_copiers_sharing_false_values_count_about_once() -> None:
    observations = mirrored_record()

    assert discover_truth(observations, method="vote").verdicts["contested"].value == "copied"
    assert discover_truth(observations, method="accu", detect_copying=False).verdicts["contested"].value == "copied"
    result = discover_truth(observations, method="accu", detect_copying=True)
    assert result.verdicts["contested"].value == "right"
    assert result.copying[("mirror 1", "mirror 2")] > 0.99
    assert result.copying[("paper 1", "paper 2")] < 0.1


def test_copying_is_not_estimated_when_not_asked_for() -> None:
    assert discover_truth(mirrored_record(), method="accu", detect_copying=False).copying == {}


def test_a_known_copy_counts_as_its_original() -> None:
    observations = [
        Observation("wire", "death toll", "12"),
        Observation("reprint 1", "death toll", "12", copy_of="wire"),
        Observation("reprint 2", "death toll", "12", copy_of="wire"),
        Observation("paper 1", "death toll", "14"),
        Observation("paper 2", "death toll", "14"),
    ]

    result = discover_truth(observations, method="vote")

    assert result.verdicts["death toll"].value == "14"
    assert sorted(result.reliability) == ["paper 1", "paper 2", "wire"]


def month_and_day(a: str, b: str) -> bool:
    return a != b and (a.startswith(b) or b.startswith(a))


@pytest.mark.parametrize("method", ["vote", "accu", "truthfinder"])
def test_compatible_values_back_each_other_without_merging(method: str) -> None:
    observations = [
        Observation("a", "signed", "2026-03-31"),
        Observation("b", "signed", "2026-03-31"),
        Observation("c", "signed", "2026-04"),
        Observation("d", "signed", "2026-04"),
        Observation("e", "signed", "2026-04-30"),
    ]

    plain = discover_truth(observations, method=method).verdicts["signed"]
    backed = discover_truth(observations, method=method, compatible=month_and_day).verdicts["signed"]

    assert plain.value == "2026-03-31"
    assert backed.value == "2026-04"
    assert sorted(value for value, _ in backed.scores) == ["2026-03-31", "2026-04", "2026-04-30"]


@pytest.mark.parametrize("method", ["vote", "accu", "truthfinder"])
def test_the_result_does_not_depend_on_the_input_order(method: str) -> None:
    observations = mirrored_record() + checked_record()
    shuffled = observations[:]
    random.Random(7).shuffle(shuffled)

    assert discover_truth(shuffled, method=method) == discover_truth(observations, method=method)


def test_a_single_source_gives_its_value_with_its_reliability_as_confidence() -> None:
    result = discover_truth([Observation("only outlet", "venue", "Geneva")], prior_reliability=0.7)

    verdict = result.verdicts["venue"]
    assert (verdict.value, verdict.scores) == ("Geneva", (("Geneva", verdict.confidence),))
    assert verdict.confidence == pytest.approx(0.7)
    assert result.reliability == {"only outlet": pytest.approx(0.7)}


@pytest.mark.parametrize("method", ["vote", "accu", "truthfinder"])
def test_a_tie_between_two_unknown_sources_goes_to_the_first_value(method: str) -> None:
    observations = [Observation("x", "venue", "Lyon"), Observation("y", "venue", "Geneva")]

    verdict = discover_truth(observations, method=method).verdicts["venue"]

    assert verdict.value == "Geneva"
    assert verdict.scores[0][1] == verdict.scores[1][1]


@pytest.mark.parametrize("method", ["vote", "accu"])
def test_a_tie_has_a_confidence_under_one_half(method: str) -> None:
    observations = [Observation("x", "venue", "Lyon"), Observation("y", "venue", "Geneva")]

    assert discover_truth(observations, method=method).verdicts["venue"].confidence < 0.5


@pytest.mark.parametrize("method", ["accu", "truthfinder"])
def test_a_tie_between_two_single_sources_goes_to_the_more_reliable_one(method: str) -> None:
    observations = [Observation("x", "venue", "Geneva"), Observation("y", "venue", "Lyon")]
    observations += [Observation(source, f"check {n}", "yes") for n in range(3) for source in ("y", "z")]
    observations += [Observation("x", f"check {n}", "no") for n in range(3)] + [Observation("w", "check 0", "yes")]

    result = discover_truth(observations, method=method)

    assert result.reliability["y"] > result.reliability["x"]
    assert result.verdicts["venue"].value == "Lyon"


def test_a_firmer_claim_outweighs_a_hedged_one() -> None:
    observations = [Observation("a", "cost", "3 million", weight=0.5), Observation("b", "cost", "4 million")]

    assert discover_truth(observations, method="vote").verdicts["cost"].value == "4 million"


def test_no_observations_give_an_empty_result() -> None:
    result = discover_truth([])

    assert (result.verdicts, result.reliability, result.copying, result.iterations) == ({}, {}, {}, 0)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"method": "median"}, "unknown truth discovery method 'median'; valid: accu, truthfinder, vote"),
        ({"prior_reliability": 1.0}, "prior_reliability must be in (0, 1), got 1.0"),
        ({"max_iterations": 0}, "max_iterations must be at least 1, got 0"),
        ({"false_values": 0}, "false_values must be at least 1, got 0"),
        (
            {"prior_reliability": 0.25, "false_values": 3},
            "prior_reliability 0.25 is no better than a random pick among 4 values; use more than 0.250",
        ),
    ],
)
def test_invalid_options_are_refused(options: dict, message: str) -> None:
    with pytest.raises(SettingsError) as error:
        discover_truth([Observation("a", "b", "c")], **options)
    assert str(error.value) == message


def test_a_negative_weight_is_refused() -> None:
    with pytest.raises(InputError) as error:
        Observation("a", "cost", "3", weight=-1.0)
    assert str(error.value) == "observation weight must be a finite number >= 0, got -1.0 (source 'a', item 'cost')"


@pytest.mark.parametrize("method", ["accu", "truthfinder"])
def test_a_group_of_sources_gets_the_same_results_beside_unrelated_ones(method) -> None:
    # The two records share no source and no item; the mirrored one needs more rounds to settle.
    alone = discover_truth(checked_record(), method=method)
    beside = discover_truth(checked_record() + mirrored_record(), method=method)
    other = discover_truth(mirrored_record(), method=method)

    assert alone.iterations != other.iterations
    assert {item: beside.verdicts[item] for item in alone.verdicts} == alone.verdicts
    assert {source: beside.reliability[source] for source in alone.reliability} == alone.reliability
    assert {item: beside.verdicts[item] for item in other.verdicts} == other.verdicts
    assert beside.iterations == max(alone.iterations, other.iterations)


def test_sources_linked_through_a_long_chain_of_items_are_one_group() -> None:
    from pipeline.reconcile.truth import Components, ObservationTable

    chain = [Observation(f"source {n:03d}", f"item {n:03d}", "x") for n in range(200)]
    chain += [Observation(f"source {n + 1:03d}", f"item {n:03d}", "x") for n in range(199)]
    apart = [Observation("lone source", "lone item", "y")]

    table = ObservationTable.build(chain + apart, None)
    groups = Components.of(table)

    group_of = dict(zip(table.sources, groups.of_source.tolist()))
    assert groups.count == 2
    assert len({group_of[f"source {n:03d}"] for n in range(200)}) == 1
    assert group_of["lone source"] != group_of["source 000"]


def test_pairs_of_observations_of_one_item_in_source_order():
    item = np.array([0, 1, 0, 0, 1])
    source = np.array([2, 0, 1, 3, 1])
    first, second = same_item_pairs(item, source)
    assert list(zip(first.tolist(), second.tolist())) == [(0, 3), (1, 4), (2, 0), (2, 3)]
