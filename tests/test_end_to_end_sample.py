"""The whole job on the sample corpus: every disagreement planted in data/raw/README.md is found."""
from __future__ import annotations

import pandas as pd
import pytest

from pipeline.cli import main
from tests.conftest import SAMPLE

pytestmark = pytest.mark.slow

WIRE, REPRINT, INSIDER, COUNCIL = "newsfeed:1", "wire-reprints:1", "newsfeed:3", "newsfeed:2"


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    code = main(["run", str(SAMPLE), "--out", str(out), "--quiet"])
    read = lambda name: pd.read_csv(out / name, keep_default_na=False)  # noqa: E731
    return code, read("articles.csv"), read("claims.csv"), read("reconciled_claims.csv")


def labels(cell: str) -> set[str]:
    return {part.strip() for part in cell.split(";") if part.strip()}


def values(cell: str) -> dict[str, set[str]]:
    found = {}
    for part in cell.split(" | "):
        value, _, sources = part.partition(" [")
        found[value] = {s.strip() for s in sources.rstrip("]").split(",")}
    return found


def one(facts: pd.DataFrame, **conditions) -> pd.Series:
    rows = facts
    for column, wanted in conditions.items():
        rows = rows[rows[column].str.contains(wanted, regex=False)]
    assert len(rows) == 1, f"{conditions}: {len(rows)} rows: {rows['fact'].tolist()}"
    return rows.iloc[0]


def test_every_input_is_read_and_the_reprint_is_a_duplicate(sample_run):
    code, articles, _, _ = sample_run
    assert code == 0
    assert len(articles) == 8 and set(articles["status"]) == {"ok"}
    wire_id = articles.loc[articles["label"] == WIRE, "doc_id"].item()
    assert articles.loc[articles["label"] == REPRINT, "duplicate_of"].item() == wire_id


def test_day_of_the_fire_conflicts_with_a_self_contradiction_and_an_unresolved_mention(sample_run):
    facts = sample_run[3]
    fire = one(facts, type="event_date", fact="Fire", status="conflict")
    found = values(fire["values"])
    assert set(found) == {"2026-03-12", "2026-03-13"}
    assert {"wrenford-courier", "riverbend-now", WIRE} <= found["2026-03-12"]
    assert {"northern-post", "plastics-trade-review"} <= found["2026-03-13"]
    assert fire["intra_source_conflict"] == "plastics-trade-review"
    assert f"{INSIDER}: relative date 'this week'" in fire["unresolved_mentions"]


def test_on_thursday_resolves_against_the_publication_date(sample_run):
    claims = sample_run[2]
    thursday = claims[(claims["source"] == "wrenford-courier") & (claims["surface"] == "Thursday")]
    assert thursday[["value", "resolved_from", "anchor"]].values.tolist() == [
        ["2026-03-12", "weekday_before_publication", "2026-03-13"]
    ]


def test_quote_worded_two_ways_is_a_wording_conflict(sample_run):
    quote = one(sample_run[3], type="quote", subject="Lena Hartigan", fact="production hall")
    assert (quote["status"], quote["conflict_kind"]) == ("conflict", "wording")
    assert quote["n_sources"] == 2


def test_damage_figures_conflict(sample_run):
    damage = one(sample_run[3], type="number", values="4500000")
    assert damage["status"] == "conflict"
    assert set(values(damage["values"])) == {"4200000", "4500000"}


def test_approximate_head_count_agrees_with_the_exact_one(sample_run):
    workers = one(sample_run[3], type="number", values="312")
    assert workers["status"] == "agreed"
    assert workers["value"] == "312"


def test_hedged_origin_agrees_with_a_difference_of_extent(sample_run):
    origin = one(sample_run[3], type="assertion", fact="forklift charging station", status="agreed")
    assert "extent" in origin["conflict_kind"]
    assert "northern-post" in labels(origin["sources"])


def test_negated_sprinklers_are_a_polarity_conflict(sample_run):
    sprinklers = one(sample_run[3], type="assertion", fact="sprinkler system")
    assert (sprinklers["status"], sprinklers["conflict_kind"]) == ("conflict", "polarity")


def test_agreed_facts_count_the_wire_copy_once(sample_run):
    treated = one(sample_run[3], type="assertion", fact="firefighters were treated")
    assert treated["status"] == "agreed"
    assert {WIRE, REPRINT} <= labels(treated["sources"])
    assert treated["n_sources"] == len(labels(treated["sources"])) - 1


def test_unrelated_article_facts_stay_apart(sample_run):
    facts = sample_run[3]
    council = facts[facts["sources"].str.contains(COUNCIL, regex=False)]
    assert len(council) > 0
    assert all(labels(s) == {COUNCIL} for s in council["sources"]), council[["fact", "sources"]].to_string()
