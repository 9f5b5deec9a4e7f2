"""claims.jsonl and claims.csv are written from slices serialised by the workers: same bytes as written whole."""
from __future__ import annotations

import threading

import pytest

from pipeline import export, runner
from pipeline.engines import open_engine
from pipeline.records import Claim


def claims() -> list[Claim]:
    """Claims out of order, over two sources, one with a formula-like value and a float confidence."""
    return [
        Claim(claim_id=f"c{i}", doc_id=f"d{i % 3}", type="number", surface=str(i), char_start=10 - i, char_end=12 - i,
              value=f"-{i}" if i % 2 else str(i), confidence=0.5 + i / 10, source=f"{'b' if i % 2 else 'a'}.txt")
        for i in range(7)
    ]


def written_whole(items: list[Claim], folder) -> tuple[bytes, bytes]:
    export.write_jsonl(sorted(items, key=lambda c: tuple(getattr(c, n) for n in runner.CLAIM_ORDER)), folder / "claims.jsonl")
    export.write_csv(export.claims_frame(items), folder / "claims.csv")
    return (folder / "claims.jsonl").read_bytes(), (folder / "claims.csv").read_bytes()


@pytest.mark.parametrize("jobs", [1, 2])
def test_claim_files_written_in_slices_have_the_bytes_of_one_write(tmp_path, monkeypatch, jobs):
    monkeypatch.setattr(runner, "CLAIMS_PER_WRITE_TASK", 2)
    (tmp_path / "whole").mkdir()
    expected = written_whole(claims(), tmp_path / "whole")

    with open_engine("local", jobs) as workers:
        runner.write_claim_files(workers, claims(), tmp_path)

    assert ((tmp_path / "claims.jsonl").read_bytes(), (tmp_path / "claims.csv").read_bytes()) == expected


def test_no_claims_give_an_empty_jsonl_and_a_csv_header(tmp_path):
    with open_engine("local", 1) as workers:
        runner.write_claim_files(workers, [], tmp_path)

    assert (tmp_path / "claims.jsonl").read_bytes() == b""
    assert (tmp_path / "claims.csv").read_text(encoding="utf-8") == ",".join(export.CLAIM_COLUMNS) + "\n"


def test_a_stopped_writing_leaves_the_previous_files_as_they_were(tmp_path):
    (tmp_path / "claims.jsonl").write_text("previous\n", encoding="utf-8")
    stop = threading.Event()
    stop.set()

    with open_engine("local", 1) as workers, pytest.raises(runner.WritingStopped):
        runner.write_claim_files(workers, claims(), tmp_path, stop)

    assert (tmp_path / "claims.jsonl").read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.jsonl"]
