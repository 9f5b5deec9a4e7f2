"""claims.jsonl and claims.csv are copied from each article's rows (made by the workers, kept in the
cache): the same bytes as all the claims sorted and written at once."""
from __future__ import annotations

import threading
from operator import attrgetter

import pytest

from pipeline import export, runner
from pipeline.records import Claim


def claim(i: int, doc_id: str, source: str, **fields) -> Claim:
    return Claim(claim_id=f"c{i}", doc_id=doc_id, type="number", surface=str(i), char_start=10 - i, char_end=12 - i,
                 value=f"-{i}" if i % 2 else str(i), confidence=0.5 + i / 10, source=source, **fields)


def articles() -> list[list[Claim]]:
    """Articles out of order over two sources; formula-like values, float confidences, text with quotes and a newline."""
    return [
        [claim(0, "d2", "b.txt"), claim(1, "d2", "b.txt", sentence='He said "no"\nand left.')],
        [claim(2, "d1", "b.txt")],
        [claim(3, "d9", "a.txt"), claim(4, "d9", "a.txt"), claim(5, "d9", "a.txt")],
        [],
    ]


def written_whole(claims: list[Claim], folder) -> tuple[bytes, bytes]:
    folder.mkdir()
    export.write_jsonl(sorted(claims, key=attrgetter(*export.CLAIM_ORDER)), folder / "claims.jsonl")
    export.write_csv(export.claims_frame(claims), folder / "claims.csv")
    return (folder / "claims.jsonl").read_bytes(), (folder / "claims.csv").read_bytes()


def written_by_spool(per_article: list[list[Claim]], folder) -> tuple[bytes, bytes]:
    folder.mkdir()
    with runner.ClaimSpool(folder) as spool:
        for claims in per_article:
            spool.add(export.article_claims(claims))
        spool.write(folder, [c for claims in per_article for c in claims])
    return (folder / "claims.jsonl").read_bytes(), (folder / "claims.csv").read_bytes()


def test_claim_files_copied_article_by_article_have_the_bytes_of_one_write(tmp_path):
    everything = [c for claims in articles() for c in claims]
    assert written_by_spool(articles(), tmp_path / "spool") == written_whole(everything, tmp_path / "whole")


def test_copies_of_a_text_in_one_file_have_their_claims_sorted_together(tmp_path):
    copies = [[claim(1, "d1", "a.jsonl"), claim(5, "d1", "a.jsonl")], [claim(3, "d1", "a.jsonl")], [claim(2, "d0", "a.jsonl")]]
    everything = [c for claims in copies for c in claims]
    jsonl, _ = written_by_spool(copies, tmp_path / "spool")
    assert [line.split('"claim_id": "')[1][:2] for line in jsonl.decode().splitlines()] == ["c2", "c5", "c3", "c1"]
    assert (jsonl, _) == written_whole(everything, tmp_path / "whole")


def test_an_article_whose_claims_differ_in_source_is_sorted_with_the_others(tmp_path):
    odd = [[claim(1, "d1", "b.txt"), claim(2, "d1", "a.txt")], [claim(3, "d1", "a.txt")]]
    everything = [c for claims in odd for c in claims]
    assert written_by_spool(odd, tmp_path / "spool") == written_whole(everything, tmp_path / "whole")


def test_no_claims_give_an_empty_jsonl_and_a_csv_header(tmp_path):
    jsonl, csv = written_by_spool([[], []], tmp_path / "spool")
    assert jsonl == b""
    assert csv.decode("utf-8") == ",".join(export.CLAIM_COLUMNS) + "\n"


def test_a_stopped_writing_leaves_the_previous_files_as_they_were(tmp_path):
    (tmp_path / "claims.jsonl").write_text("previous\n", encoding="utf-8")
    stop = threading.Event()
    stop.set()

    with runner.ClaimSpool(tmp_path) as spool, pytest.raises(runner.WritingStopped):
        for claims in articles():
            spool.add(export.article_claims(claims))
        spool.write(tmp_path, [c for claims in articles() for c in claims], stop)

    assert (tmp_path / "claims.jsonl").read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.jsonl"]
