"""CSV export: deterministic bytes, atomic writes, spreadsheet-safe cells."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from pipeline import export
from pipeline.records import reading_order
from pipeline.records import Article, Claim, Fact, Rejection


@pytest.mark.parametrize("cell,expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1 555", "'+1 555"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tTAB", "'\tTAB"),
    ("\rCR", "'\rCR"),
    ("plain text", "plain text"),
    (-5, -5),
])
def test_formula_cells_are_neutralised(cell, expected):
    assert export.neutralise_cell(cell) == expected


def test_csv_is_utf8_with_newline_line_ends_and_neutralised_cells(tmp_path):
    frame = pd.DataFrame({"a": ["=1+1", "café"], "b": [1, 2]})
    export.write_csv(frame, tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_bytes() == "a,b\n'=1+1,1\ncafé,2\n".encode("utf-8")


def test_failed_write_leaves_the_previous_file_whole(tmp_path):
    target = tmp_path / "t.csv"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with export.atomic_open(target) as handle:
            handle.write("half a fi")
            raise RuntimeError("crash mid-write")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_articles_table_has_one_row_per_input_item_sorted_by_source():
    items = [
        Article(doc_id="d2", source="b.html", label="b", text="text"),
        Rejection(source="a.bin", label="a", reason="binary file (not text)"),
    ]
    frame = export.articles_frame(items)
    assert list(frame["source"]) == ["a.bin", "b.html"]
    assert list(frame["status"]) == ["rejected", "ok"]
    assert list(frame["reason"]) == ["binary file (not text)", ""]
    assert list(frame["chars"]) == [0, 4]
    assert "text" not in frame.columns


def test_articles_csv_from_rows_has_the_bytes_of_the_articles_table(tmp_path):
    items = [
        Article(doc_id="d2", source="b.html", label="b", text="caf\u00e9", title="=cmd|' /C calc'!A0", author="L\u00e9a, \"Lou\""),
        Rejection(source="a.bin", label="a", reason="binary file (not text)"),
        Article(doc_id="d1", source="b.html", label="b", text="text\nmore", published="2026-04-30"),
    ]
    rows = export.sorted_article_rows(map(export.article_row, items))
    export.write_rows_csv(rows, export.ARTICLE_COLUMNS, tmp_path / "rows.csv")
    export.write_csv(export.articles_frame(items), tmp_path / "table.csv")
    assert (tmp_path / "rows.csv").read_bytes() == (tmp_path / "table.csv").read_bytes()
    assert [row[0] for row in rows] == list(export.articles_frame(items)["doc_id"])


def test_rows_with_a_mix_of_types_pandas_does_not_write_like_the_csv_module_go_through_pandas(tmp_path):
    rows = [("a", None, 1.5), ("b", 2, 3)]
    export.write_rows_csv(rows, ["name", "mixed", "number"], tmp_path / "rows.csv")
    export.write_csv(pd.DataFrame(rows, columns=["name", "mixed", "number"]), tmp_path / "frame.csv")
    assert (tmp_path / "rows.csv").read_bytes() == (tmp_path / "frame.csv").read_bytes()


def test_claims_round_trip_through_jsonl(tmp_path):
    claims = [Claim(claim_id="c1", doc_id="d", type="quote", surface="hi", char_start=0, char_end=2, negated=True)]
    export.write_jsonl(claims, tmp_path / "claims.jsonl")
    assert list(export.read_claims(tmp_path / "claims.jsonl")) == claims


@pytest.mark.parametrize("record", [
    Claim(claim_id="c1", doc_id="d", type="quote", surface="\u201chi\u201d", char_start=0, char_end=4, confidence=0.5),
    Article(doc_id="d", source="a.html", label="a", text="caf\u00e9 text", title="T"),
    Rejection(source="b.bin", label="b", reason="binary file (not text)"),
    Fact(fact_id="f1", fact="x", type="quote", subject="s", predicate="say", status="agreed", n_sources=2, confidence=0.25),
], ids=["claim", "article", "rejection", "fact"])
def test_a_jsonl_line_is_the_record_with_its_keys_sorted(record):
    line = export.jsonl_line(record)
    assert line == json.dumps(json.loads(line), ensure_ascii=False, sort_keys=True) + "\n"
    assert json.loads(line) == export.flat_dict(record)


def test_reading_a_broken_claims_file_names_the_line(tmp_path):
    path = tmp_path / "claims.jsonl"
    path.write_text('{"claim_id": "c1", "doc_id": "d", "type": "quote", "surface": "", "char_start": 0, "char_end": 1}\n{oops\n')
    with pytest.raises(Exception, match="invalid record on line 2"):
        list(export.read_claims(path))


def test_a_csv_written_in_slices_of_a_sorted_frame_has_the_bytes_of_one_write(tmp_path):
    frame = pd.DataFrame({"a": ["=1+1", "x", "-2", "y", "z"], "b": [1.5, 2.0, 3.25, 4.0, 5.125]})
    export.write_csv(frame, tmp_path / "whole.csv")

    parts = [export.csv_text(frame.iloc[start:start + 2], header=start == 0) for start in range(0, len(frame), 2)]

    assert "".join(parts) == (tmp_path / "whole.csv").read_text(encoding="utf-8")


def test_claims_csv_written_from_records_has_the_bytes_pandas_writes():
    tricky = [
        Claim(claim_id="c1", doc_id="d", type="number", surface="-3", char_start=0, char_end=2, value="-3",
              confidence=0.123456, approximate=True),
        Claim(claim_id="c2", doc_id="d", type="quote", surface='He said "no, never"', char_start=5, char_end=-1,
              sentence="line one\nline two\r\nthree", speaker="=cmd|' /C calc'!A0", confidence=1.0),
        Claim(claim_id="c3", doc_id="d", type="assertion", surface="café, “quoted”", char_start=9, char_end=20,
              negated=True, confidence=2.5e-05, attribution="@handle", hedge="\tindented"),
    ]
    by_pandas = export.csv_text(export.claims_frame(tricky))

    assert export.records_csv_text(tricky, export.CLAIM_COLUMNS) == by_pandas
    assert export.records_csv_text(tricky[1:], export.CLAIM_COLUMNS, header=False) == by_pandas.split("\n", 2)[2]


def test_claims_csv_of_no_claims_is_the_header_alone():
    assert export.records_csv_text([], export.CLAIM_COLUMNS) == export.csv_text(export.claims_frame([]))


def test_facts_csv_written_from_sorted_records_has_the_bytes_pandas_writes():
    facts = [
        Fact(fact_id="f2", fact="-5 jobs", type="number", subject="Alade", predicate="cut", status="conflict",
             values="-5 (a); 7 (b)", n_sources=2, confidence=0.5 + 1e-9, rationale='Support: "x", y\n'),
        Fact(fact_id="f1", fact="Testimony date", type="event_date", subject="Elon Musk", predicate="testify",
             status="agreed", value="2026-04-30", n_sources=3, confidence=1.0),
    ]
    ordered = sorted(facts, key=reading_order)

    assert [f.fact_id for f in ordered] == ["f2", "f1"], "the conflict first"
    assert export.records_csv_text(ordered, export.FACT_COLUMNS) == export.csv_text(export.facts_frame(facts))


@pytest.mark.parametrize("confidences", [
    [float("nan"), 0.5],
    [12345, 0.5],
    [float("inf"), -0.25],
    [1, 2],
])
def test_a_number_column_is_written_as_pandas_writes_it(confidences):
    facts = [
        Fact(fact_id=f"f{n}", fact="x", type="number", subject="s", predicate="p", status="agreed", confidence=value)
        for n, value in enumerate(confidences)
    ]
    assert export.records_csv_text(facts, export.FACT_COLUMNS) == export.csv_text(export.facts_frame(facts))


def test_a_column_of_unusual_values_goes_through_pandas():
    import numpy as np

    facts = [Fact(fact_id="f", fact="x", type="number", subject="s", predicate="p", status="agreed",
                  confidence=np.float64(2 / 3), value=None)]
    assert export.records_csv_text(facts, export.FACT_COLUMNS) == export.csv_text(export.facts_frame(facts))


def test_one_column_is_written_whole():
    facts = [Fact(fact_id="ab", fact="x", type="number", subject="s", predicate="p", status="agreed")]
    assert export.records_csv_text(facts, ["fact_id"]) == "fact_id\nab\n"


def test_records_written_a_few_rows_at_a_time_give_the_bytes_of_one_frame(monkeypatch, tmp_path):
    monkeypatch.setattr(export, "ROWS_PER_WRITE", 2)
    facts = [
        Fact(fact_id=f"f{n}", fact=fact, type="number", subject="s", predicate="p", status="agreed", confidence=confidence)
        for n, (fact, confidence) in enumerate([("=a", 0.5), ("b", 1), ("c", 0.25), ("d", 12345)])
    ]
    export.write_records_csv(facts, export.FACT_COLUMNS, tmp_path / "facts.csv")

    assert (tmp_path / "facts.csv").read_text(encoding="utf-8") == export.csv_text(export.facts_frame(facts))


FACTS_OF_TWO_STORIES = [  # in the order of the file: reading order (conflicts, agreed, single-source)
    Fact(fact_id="f2", fact="=cut jobs", type="number", subject="Alade", predicate="cut", status="conflict",
         values="-5 (a); 7 (b)", n_sources=2, confidence=12345.0),
    Fact(fact_id="f1", fact="Testimony date", type="event_date", subject="Elon Musk", predicate="testify",
         status="agreed", value="2026-04-30", n_sources=3, confidence=1.0, rationale='Support: "x", y\n'),
    Fact(fact_id="f3", fact="Vote date", type="event_date", subject="council", predicate="vote", status="single_source",
         value="2026-05-02", n_sources=1, confidence=0.667, rationale="Only “one” source — 😀"),
]


def test_each_fact_row_is_its_line_in_the_file_of_all_facts(tmp_path):
    export.write_facts_csv(FACTS_OF_TWO_STORIES, tmp_path / "facts.csv")
    file_bytes = (tmp_path / "facts.csv").read_bytes()

    unreviewed = export.facts_frame(FACTS_OF_TWO_STORIES).assign(**dict.fromkeys(export.REVIEW_COLUMNS, ""))
    assert file_bytes == export.csv_text(unreviewed).encode("utf-8")
    header = (",".join(export.FACT_COLUMNS + export.REVIEW_COLUMNS) + "\n").encode("utf-8")
    assert file_bytes == header + b"".join(line[:-1] + b",,,,,\n" for line in export.fact_lines(FACTS_OF_TWO_STORIES))
    assert b"".join(export.fact_lines(FACTS_OF_TWO_STORIES[1:2])) == b"".join(export.fact_lines(FACTS_OF_TWO_STORIES)[1:2])


def test_rows_already_made_are_written_as_given(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "ROWS_PER_WRITE", 2)
    made = {id(FACTS_OF_TWO_STORIES[1]): b"made,earlier\n"}
    export.write_facts_csv(FACTS_OF_TWO_STORIES, tmp_path / "facts.csv", lambda fact: made.get(id(fact)))

    rows = export.fact_lines(FACTS_OF_TWO_STORIES)
    unreviewed = [row[:-1] + b",,,,,\n" for row in rows]
    assert (tmp_path / "facts.csv").read_bytes().endswith(unreviewed[0] + b"made,earlier,,,,,\n" + unreviewed[2])


def test_facts_with_values_of_other_types_are_written_as_pandas_writes_them(tmp_path):
    facts = [Fact(fact_id="f", fact="x", type="number", subject="s", predicate="p", status="agreed", confidence=12345)]
    export.write_facts_csv(facts, tmp_path / "facts.csv", lambda fact: b"never used\n")

    unreviewed = export.facts_frame(facts).assign(**dict.fromkeys(export.REVIEW_COLUMNS, ""))
    assert (tmp_path / "facts.csv").read_text(encoding="utf-8") == export.csv_text(unreviewed)
    assert "12345" in (tmp_path / "facts.csv").read_text(encoding="utf-8")


def test_one_fact_of_another_type_among_others_sends_the_whole_file_to_pandas(tmp_path):
    facts = [
        Fact(fact_id="f1", fact="x", type="number", subject="s", predicate="p", status="agreed", n_sources=2),
        Fact(fact_id="f2", fact="y", type="number", subject="s", predicate="p", status="agreed", n_sources="3"),
    ]
    export.write_facts_csv(facts, tmp_path / "facts.csv", lambda fact: b"never used\n")

    unreviewed = export.facts_frame(facts).assign(**dict.fromkeys(export.REVIEW_COLUMNS, ""))
    assert (tmp_path / "facts.csv").read_text(encoding="utf-8") == export.csv_text(unreviewed)
    assert "never used" not in (tmp_path / "facts.csv").read_text(encoding="utf-8")


def test_facts_of_the_declared_types_take_the_rows_given(tmp_path):
    facts = [
        Fact(fact_id="f1", fact="x", type="number", subject="s", predicate="p", status="agreed", confidence=0.5),
        Fact(fact_id="f2", fact="y", type="quote", subject="t", predicate="q", status="conflict", n_sources=3),
    ]
    export.write_facts_csv(facts, tmp_path / "facts.csv", lambda fact: f"row of {fact.fact_id}\n".encode())

    assert (tmp_path / "facts.csv").read_text(encoding="utf-8").splitlines()[1:] == ["row of f1,,,,,", "row of f2,,,,,"]


def test_no_facts_is_the_header_alone(tmp_path):
    export.write_facts_csv([], tmp_path / "facts.csv")
    unreviewed = export.facts_frame([]).assign(**dict.fromkeys(export.REVIEW_COLUMNS, ""))
    assert (tmp_path / "facts.csv").read_text(encoding="utf-8") == export.csv_text(unreviewed)
