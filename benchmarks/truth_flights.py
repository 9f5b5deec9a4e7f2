"""Suggested values against the Flight data-fusion benchmark (issue 6 part 3).

38 web sources give the scheduled and actual departure and arrival times of 100
flights (Li et al., "Truth Finding on the Deep Web: Is the Problem Solved?",
VLDB 2012; the PClean cut). flights_clean.csv holds the true times on the same
rows; they are the same for every row of a flight, so the truth of an item
(flight, attribute) is read from any of its rows.

Example:
    python benchmarks/truth_flights.py
    python benchmarks/truth_flights.py --data ../shared/benchmarks/truth-flights --flights 20
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.reconcile.truth import Observation, TruthResult, discover_truth

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "truth-flights"
ATTRIBUTES = ("sched_dep_time", "act_dep_time", "sched_arr_time", "act_arr_time")

CLOCK_TIME = re.compile(
    r"(?<![\d:])(?P<hour>\d{1,2}):(?P<minute>\d{2})(?![\d:])\s*"
    r"(?P<meridiem>(?i:[ap]\.?m\.?|noon|midnight)|[aApP](?![a-z]))?"
)
"""The first clock time of a cell: "7:10 a.m.", "7:10aDec 1", "2:46P 12-01-11",
"12:00noon", "Thu  20:00" (24-hour when no a.m./p.m.). A lone a or p counts only
when no lower-case letter follows it. Dates written around the time ("12/02/2011",
"Fri 02-Dec-2011") have no colon; offsets such as "(+8:00)" come after it."""

PUBLISHED_VOTE = 0.757
"""Majority vote per item, as measured in the benchmarks README."""
METHODS = (
    ("majority vote", dict(method="vote")),
    ("truthfinder", dict(method="truthfinder")),
    ("accu", dict(method="accu", detect_copying=False)),
    ("accu + copy detection", dict(method="accu", detect_copying=True)),
)


def normalise_time(text: str) -> str:
    """A cell's time of day as 24-hour "HH:MM", or "" when it holds none ("Not Available")."""
    found = CLOCK_TIME.search(text)
    if not found:
        return ""
    hour, minute = int(found["hour"]), int(found["minute"])
    meridiem = (found["meridiem"] or "").lower().replace(".", "")
    if meridiem in ("a", "am", "midnight"):
        hour %= 12
    elif meridiem in ("p", "pm"):
        hour = hour % 12 + 12
    if hour > 23 or minute > 59:
        return ""
    return f"{hour:02d}:{minute:02d}"


@dataclass(frozen=True)
class Score:
    label: str
    correct: int
    evaluated: int
    reliability_error: float
    """Mean over sources of |learned reliability - share of its claims that are true|."""
    misses: tuple[str, ...]
    """One line per wrong item: the truth, the choice, and who claimed the truth."""

    @property
    def accuracy(self) -> float:
        return self.correct / self.evaluated if self.evaluated else 0.0


def read_flights(data: Path, flights: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The dirty and clean tables, cut to the first `flights` flights in name order."""
    dirty = pd.read_csv(data / "flights_dirty.csv", dtype=str, keep_default_na=False)
    clean = pd.read_csv(data / "flights_clean.csv", dtype=str, keep_default_na=False)
    if flights is not None:
        kept = sorted(set(dirty["flight"]))[:flights]
        dirty, clean = dirty[dirty["flight"].isin(kept)], clean[clean["flight"].isin(kept)]
    return dirty, clean


def observations(dirty: pd.DataFrame) -> list[Observation]:
    """One observation per cell that holds a time; the item is "flight/attribute"."""
    cells = dirty.melt(id_vars=["src", "flight"], value_vars=list(ATTRIBUTES), var_name="attribute")
    cells["time"] = cells["value"].map(normalise_time)
    cells = cells[cells["time"] != ""]
    return [
        Observation(source=src, item=f"{flight}/{attribute}", value=time)
        for src, flight, attribute, time in zip(cells["src"], cells["flight"], cells["attribute"], cells["time"])
    ]


def true_values(clean: pd.DataFrame) -> dict[str, str]:
    """item -> true time; the clean file repeats a flight's truth on each of its rows."""
    cells = clean.melt(id_vars=["flight"], value_vars=list(ATTRIBUTES), var_name="attribute")
    truth = {f"{f}/{a}": normalise_time(v) for f, a, v in zip(cells["flight"], cells["attribute"], cells["value"])}
    return {item: time for item, time in truth.items() if time}


def evaluate(data: Path = DEFAULT_DATA, *, flights: int | None = None) -> list[Score]:
    """Each method's accuracy over the items that some source reports on."""
    dirty, clean = read_flights(data, flights)
    claimed = observations(dirty)
    truth = true_values(clean)
    return [score(label, discover_truth(claimed, **options), claimed, truth) for label, options in METHODS]


def score(label: str, result: TruthResult, claimed: list[Observation], truth: dict[str, str]) -> Score:
    hits: dict[str, list[bool]] = defaultdict(list)
    backers: dict[str, list[str]] = defaultdict(list)
    for o in claimed:
        if o.item in truth:
            hits[o.source].append(o.value == truth[o.item])
            if o.value == truth[o.item]:
                backers[o.item].append(o.source)
    error = sum(abs(result.reliability[source] - sum(h) / len(h)) for source, h in hits.items()) / len(hits)
    evaluated = sorted(item for item in result.verdicts if item in truth)
    wrong = [item for item in evaluated if result.verdicts[item].value != truth[item]]
    misses = tuple(
        f"{item}: true {truth[item]}, chose {result.verdicts[item].value}; "
        f"true value from {', '.join(sorted(backers[item])) or 'no source'}"
        for item in wrong
    )
    return Score(label, len(evaluated) - len(wrong), len(evaluated), error, misses)


def report(scores: list[Score]) -> str:
    lines = [f"{'method':<24} {'accuracy':>8} {'correct':>8} {'items':>6} {'reliability error':>18}"]
    lines += [
        f"{s.label:<24} {s.accuracy:>8.3f} {s.correct:>8} {s.evaluated:>6} {s.reliability_error:>18.3f}"
        for s in scores
    ]
    lines.append(f"* benchmarks README: majority vote {PUBLISHED_VOTE} (its time normaliser is not given)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with the two CSV files")
    parser.add_argument("--flights", type=int, default=None, help="only the first N flights (name order)")
    parser.add_argument("--misses", action="store_true", help="list the items the last method gets wrong")
    args = parser.parse_args(argv)
    if not (args.data / "flights_dirty.csv").is_file():
        print(f"Error: {args.data}/flights_dirty.csv not found; pass --data DIR", file=sys.stderr)
        return 2
    scores = evaluate(args.data, flights=args.flights)
    print(report(scores))
    if args.misses:
        print(f"\n{scores[-1].label} misses:")
        print("\n".join(scores[-1].misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
