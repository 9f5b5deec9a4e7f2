"""Review decisions: made on a fact, kept in OUT/reviews.sqlite, applied again on every run."""
from __future__ import annotations

import csv
import dataclasses
import sqlite3
from datetime import datetime, timezone

import pytest

from pipeline import report, review
from pipeline.cli import main
from tests.conftest import SAMPLE, write_run
from tests.story import ARTICLES, CLAIMS, FACTS, FIRE

NOON = datetime(2026, 3, 20, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def out(tmp_path):
    return write_run(tmp_path / "out", ARTICLES, CLAIMS, FACTS)


def rows(path) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["fact_id"]: row for row in csv.DictReader(handle)}


def test_accepting_a_value_is_the_standing_decision(out):
    review.decide(out, FIRE.fact_id, "accept", value="2026-03-12", note="the fire service's log", by="Ann", at=NOON)

    [decision] = review.decisions(out)
    assert (decision.fact_id, decision.status, decision.value, decision.by, decision.at) == (
        FIRE.fact_id, "accepted", "2026-03-12", "Ann", "2026-03-20T12:00:00Z")


def test_a_value_the_fact_was_not_given_cannot_be_accepted(out):
    with pytest.raises(review.ReviewError, match="not one of its values"):
        review.decide(out, FIRE.fact_id, "accept", value="2026-03-11", by="Ann", at=NOON)


def test_a_correction_needs_a_note(out):
    with pytest.raises(review.ReviewError, match="needs a --note"):
        review.decide(out, FIRE.fact_id, "correct", value="2026-03-11", by="Ann", at=NOON)


def test_a_fact_the_run_does_not_have_is_refused(out):
    with pytest.raises(review.ReviewError, match="no fact"):
        review.decide(out, "0000000000000000", "split", note="two fires", by="Ann", at=NOON)


def test_a_note_alone_keeps_the_decision_and_adds_to_its_note(out):
    review.decide(out, FIRE.fact_id, "accept", value="2026-03-12", note="log", by="Ann", at=NOON)
    review.decide(out, FIRE.fact_id, "note", note="the Post corrected itself", by="Ben", at=NOON)

    [decision] = review.decisions(out)
    assert (decision.status, decision.value, decision.note) == ("accepted", "2026-03-12", "log\nthe Post corrected itself")


def test_the_audit_log_keeps_each_decision_with_what_it_replaced(out):
    review.decide(out, FIRE.fact_id, "accept", value="2026-03-12", note="log", by="Ann", at=NOON)
    review.decide(out, FIRE.fact_id, "not_conflict", note="one fire, told across midnight", by="Ben", at=NOON)

    first, second = review.audit(out)
    assert (first["by"], first["action"], first["before"]) == ("Ann", "accept", "")
    assert (second["by"], second["action"], second["before"]) == ("Ben", "not_conflict", first["after"])
    assert '"status": "not_conflict"' in second["after"]


def test_the_audit_log_cannot_be_rewritten(out):
    review.decide(out, FIRE.fact_id, "accept", value="2026-03-12", by="Ann", at=NOON)

    with sqlite3.connect(out / review.REVIEWS_FILE) as db, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE audit SET by = 'Eve'")


def test_the_audit_log_exports_as_csv(out, tmp_path):
    review.decide(out, FIRE.fact_id, "correct", value="2026-03-11", note="police report", by="Ann", at=NOON)

    assert review.export_csv(out, tmp_path / "reviews.csv") == 1
    [entry] = csv.DictReader((tmp_path / "reviews.csv").open(encoding="utf-8"))
    assert (entry["fact_id"], entry["action"], entry["note"], entry["at"]) == (FIRE.fact_id, "correct", "police report", "2026-03-20T12:00:00Z")


def test_a_decision_goes_into_its_facts_review_columns(out):
    review.decide(out, FIRE.fact_id, "correct", value="2026-03-11", note="police report", by="Ann", at=NOON)

    assert review.review_columns(out, FACTS) == {FIRE.fact_id: ("corrected", "2026-03-11", "Ann", "2026-03-20T12:00:00Z", "police report")}


def test_a_fact_with_a_new_source_since_the_decision_is_flagged(out):
    review.decide(out, FIRE.fact_id, "accept", value="2026-03-12", by="Ann", at=NOON)
    grown = dataclasses.replace(FIRE, values="2026-03-12 [courier, herald] | 2026-03-13 [post]", sources="courier; herald; post")

    assert review.review_columns(out, [grown])[FIRE.fact_id][0] == "accepted; changed since review"


def test_a_fact_whose_id_changed_is_found_by_the_claims_it_had(out):
    review.decide(out, FIRE.fact_id, "accept", value="2026-03-12", by="Ann", at=NOON)
    renamed = dataclasses.replace(FIRE, fact_id="fire0000000000bb", story="herald", claim_ids="c0; c1; c2")

    assert review.review_columns(out, [renamed]) == {
        "fire0000000000bb": ("accepted; changed since review", "2026-03-12", "Ann", "2026-03-20T12:00:00Z", "")}


def test_no_decisions_leave_the_review_columns_empty(out):
    assert {tuple(row[name] for name in review.export.REVIEW_COLUMNS) for row in rows(out / "reconciled_claims.csv").values()} == {("",) * 5}
    assert not (out / review.REVIEWS_FILE).exists()


def test_a_decision_from_the_command_line_reaches_the_csv_and_the_report_with_the_report_command(out):
    assert main(["review", str(out), FIRE.fact_id, "--accept", "2026-03-12", "--note", "log", "--by", "Ann"]) == 0
    assert main(["report", str(out)]) == 0

    fire = rows(out / "reconciled_claims.csv")[FIRE.fact_id]
    assert (fire["review_status"], fire["reviewed_value"], fire["reviewed_by"], fire["review_note"]) == ("accepted", "2026-03-12", "Ann", "log")
    assert 'Reviewed: <b>accepted</b> <q>2026-03-12</q> by Ann' in (out / report.REPORT_FILE).read_text(encoding="utf-8")


def test_the_command_line_lists_the_decisions(out, capsys):
    main(["review", str(out), FIRE.fact_id, "--split", "--note", "two fires", "--by", "Ann"])
    capsys.readouterr()

    assert main(["review", str(out), "--list"]) == 0
    assert capsys.readouterr().out.startswith(f"{FIRE.fact_id}  split")


def test_the_command_line_refuses_a_correction_without_a_note(out, capsys):
    assert main(["review", str(out), FIRE.fact_id, "--correct", "2026-03-11", "--by", "Ann"]) == 2
    assert "needs a --note" in capsys.readouterr().err


@pytest.mark.slow
def test_a_decision_lasts_through_a_run_over_a_grown_dump_and_says_the_fact_changed(tmp_path):
    first_dump = tmp_path / "dump"
    first_dump.mkdir()
    for page in SAMPLE.iterdir():
        if page.name != "northern-post.html" and page.suffix != ".md":
            (first_dump / page.name).write_bytes(page.read_bytes())
    out = tmp_path / "out"
    main(["run", str(first_dump), "--out", str(out), "--jobs", "1", "--quiet"])
    fire = next(row for row in rows(out / "reconciled_claims.csv").values() if row["fact"] == "Fire: date")
    review.decide(out, fire["fact_id"], "accept", value="2026-03-12", note="log", by="Ann", at=NOON)
    (first_dump / "northern-post.html").write_bytes((SAMPLE / "northern-post.html").read_bytes())

    main(["run", str(first_dump), "--out", str(out), "--jobs", "1", "--quiet"])

    grown = rows(out / "reconciled_claims.csv")[fire["fact_id"]]
    assert "northern-post" in grown["sources"]
    assert (grown["review_status"], grown["reviewed_value"]) == ("accepted; changed since review", "2026-03-12")
