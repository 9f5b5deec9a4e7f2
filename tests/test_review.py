"""Review decisions: made on a fact, kept in OUT/reviews.sqlite, applied again on every run."""
from __future__ import annotations

import csv
import dataclasses
import json
import sqlite3
import threading
import urllib.error
import urllib.request
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
    with pytest.raises(review.ReviewError, match="needs a note"):
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
    assert "needs a note" in capsys.readouterr().err


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


@pytest.fixture
def server(out):
    from pipeline.serve import open_server

    with open_server(out, clock=lambda: NOON) as running:
        thread = threading.Thread(target=running.serve_forever, daemon=True)
        thread.start()
        yield running
        running.shutdown()


LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))
"""Straight to 127.0.0.1, whatever proxy the environment names."""


def post(url: str, body: dict, token: str | None) -> tuple[int, dict | str]:
    headers = {"Content-Type": "application/json", **({"X-Token": token} if token is not None else {})}
    asked = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
    try:
        with LOCAL.open(asked) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode()


def test_the_review_page_listens_on_this_machine_only(server):
    assert server.server_address[0] == "127.0.0.1"
    assert server.url.startswith(f"http://127.0.0.1:{server.server_address[1]}/?token=")


def test_a_write_without_the_token_is_refused(server, out):
    base = server.url.split("?")[0]

    assert post(base + "review", {"fact_id": FIRE.fact_id, "action": "accept", "value": "2026-03-12"}, None)[0] == 403
    assert post(base + "review", {"fact_id": FIRE.fact_id, "action": "accept", "value": "2026-03-12"}, "guess")[0] == 403
    assert review.decisions(out) == []


def test_the_page_is_not_served_without_the_token(server):
    with pytest.raises(urllib.error.HTTPError) as refused:
        LOCAL.open(server.url.split("?")[0])
    assert refused.value.code == 403


def test_the_page_has_a_button_to_accept_each_value(server):
    with LOCAL.open(server.url) as answer:
        page = answer.read().decode("utf-8")

    assert f'<form class="actions" data-fact="{FIRE.fact_id}"' in page
    assert '<button type="button" data-action="accept" data-value="2026-03-13">accept 2026-03-13</button>' in page


def test_accepting_on_the_page_records_the_decision_and_shows_it_on_the_next_load(server, out):
    base = server.url.split("?")[0]

    status, decision = post(base + "review", {"fact_id": FIRE.fact_id, "action": "accept", "value": "2026-03-13", "by": "Ann"}, server.token)

    assert (status, decision["status"], decision["at"]) == (200, "accepted", "2026-03-20T12:00:00Z")
    assert [(d.fact_id, d.value, d.by) for d in review.decisions(out)] == [(FIRE.fact_id, "2026-03-13", "Ann")]
    with LOCAL.open(server.url) as answer:
        assert "Reviewed: <b>accepted</b> <q>2026-03-13</q> by Ann" in answer.read().decode("utf-8")


def test_a_decision_the_page_cannot_make_is_answered_with_why(server):
    status, answer = post(server.url.split("?")[0] + "review", {"fact_id": FIRE.fact_id, "action": "correct", "value": "x"}, server.token)

    assert status == 400 and "needs a note" in answer
