"""The flight benchmark script: its time normaliser, and a smoke run on a sample."""
from __future__ import annotations

import pytest

from benchmarks.truth_flights import evaluate, normalise_time
from tests.conftest import BENCHMARKS, needs_benchmarks


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("7:10 a.m.", "07:10"),
        ("7:58 p.m.", "19:58"),
        ("12:10 a.m.", "00:10"),
        ("12:35 p.m.", "12:35"),
        ("12:00noon", "12:00"),
        ("7:10 AM", "07:10"),
        ("9:04A", "09:04"),
        ("2:46P 12-01-11", "14:46"),
        ("7:10aDec 1", "07:10"),
        ("1:50pDec 1", "13:50"),
        ("7:10 at the gate", "07:10"),
        ("7:10 pm", "19:10"),
        ("Dec 2 7:10am", "07:10"),
        ("12/02/2011 6:55 a.m.", "06:55"),
        ("12/2/11 12:21 a.m.", "00:21"),
        ("6:55 a.m.  Fri 02-Dec-2011", "06:55"),
        ("1:50 p.m. (+8:00)", "13:50"),
        ("6:47 p.m. (Estimated runway)", "18:47"),
        ("10:39 p.m.&nbsp(Estimated)", "22:39"),
        ("9:16 a.m.            Delayed", "09:16"),
        ("Thu  20:00", "20:00"),
        ("Thu  7:45", "07:45"),
        ("Not Available", ""),
        ("Dec 02 Contact Airline", ""),
        ("", ""),
    ],
)
def test_normalise_time(cell: str, expected: str) -> None:
    assert normalise_time(cell) == expected


@needs_benchmarks
def test_accu_does_at_least_as_well_as_majority_vote_on_twenty_flights() -> None:
    scores = {s.label: s for s in evaluate(BENCHMARKS / "truth-flights", flights=20)}

    assert {s.evaluated for s in scores.values()} == {80}
    assert scores["accu + copy detection"].accuracy >= scores["majority vote"].accuracy
    assert scores["accu"].accuracy >= scores["majority vote"].accuracy
