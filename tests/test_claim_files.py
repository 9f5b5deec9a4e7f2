"""claims.jsonl and claims.csv are copied from each article's rows (made by the workers, kept in the
cache): the same bytes as all the claims sorted and written at once."""
from __future__ import annotations

import sys
from concurrent.futures import Future, ThreadPoolExecutor
from operator import attrgetter

import pytest

from pipeline import export, runner
from pipeline.records import Claim
from pipeline.settings import Settings


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


def in_file_order() -> list[list[Claim]]:
    return sorted(articles(), key=lambda claims: export.article_claims(claims).sort_key or ("", ""))


def test_articles_arriving_in_file_order_are_copied_in_one_run(tmp_path, monkeypatch):
    copies = []
    copy_bytes = runner._copy_bytes
    monkeypatch.setattr(runner, "_copy_bytes", lambda *args: copies.append(args[2:]) or copy_bytes(*args))
    everything = [c for claims in articles() for c in claims]

    assert written_by_spool(in_file_order(), tmp_path / "spool") == written_whole(everything, tmp_path / "whole")
    assert len(copies) == 2, "one copy from each spool file"


def test_a_run_that_fails_while_a_long_run_is_copied_stops_the_copy(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "COPY_CHUNK", 7)
    (tmp_path / "claims.jsonl").write_text("previous\n", encoding="utf-8")
    proceed: Future[bool] = Future()
    chunks = []
    copy_bytes = runner._copy_bytes

    def copy_and_fail(source, target, start, end, go_on):
        def go_on_counting():
            chunks.append(start)
            if len(chunks) == 2:
                proceed.set_result(False)  # the run fails while the copy is under way
            go_on()
        copy_bytes(source, target, start, end, go_on_counting)

    monkeypatch.setattr(runner, "_copy_bytes", copy_and_fail)
    with runner.ClaimSpool(tmp_path) as spool, pytest.raises(runner.WritingStopped):
        for claims in in_file_order():
            spool.add(export.article_claims(claims))
        spool.write(tmp_path, [c for claims in articles() for c in claims], proceed)

    assert len(chunks) == 2, "stopped at the next chunk"
    assert (tmp_path / "claims.jsonl").read_text(encoding="utf-8") == "previous\n"


def test_a_run_longer_than_a_chunk_is_copied_a_chunk_at_a_time(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "COPY_CHUNK", 7)
    everything = [c for claims in articles() for c in claims]
    assert written_by_spool(in_file_order(), tmp_path / "spool") == written_whole(everything, tmp_path / "whole")


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


def test_a_failed_run_leaves_the_previous_files_as_they_were(tmp_path):
    (tmp_path / "claims.jsonl").write_text("previous\n", encoding="utf-8")
    failed: Future[bool] = Future()
    failed.set_result(False)

    with runner.ClaimSpool(tmp_path) as spool, pytest.raises(runner.WritingStopped):
        for claims in articles():
            spool.add(export.article_claims(claims))
        spool.write(tmp_path, [c for claims in articles() for c in claims], failed)

    assert (tmp_path / "claims.jsonl").read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.jsonl"]


def test_the_claim_files_are_put_in_place_once_the_run_says_so(tmp_path):
    written: Future[bool] = Future()
    with runner.ClaimSpool(tmp_path) as spool, ThreadPoolExecutor(max_workers=1) as writer:
        for claims in articles():
            spool.add(export.article_claims(claims))
        copying = writer.submit(spool.write, tmp_path, [c for claims in articles() for c in claims], written)
        with pytest.raises(TimeoutError):
            copying.result(timeout=0.5)
        assert not (tmp_path / "claims.jsonl").exists()
        written.set_result(True)
        copying.result(timeout=10)
    assert (tmp_path / "claims.jsonl").read_text(encoding="utf-8").count("\n") == 6


def test_a_run_that_fails_after_extraction_leaves_the_previous_claim_files(tmp_path, monkeypatch, nlp):
    (tmp_path / "dump").mkdir()
    (tmp_path / "dump" / "a.txt").write_text("Ferries\n" + "The harbour reopened on Tuesday, officials said. " * 8, encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "claims.jsonl").write_text("previous\n", encoding="utf-8")

    def fail(*args, **kwargs):
        raise RuntimeError("reconciliation broke")

    monkeypatch.setattr(sys.modules["pipeline.reconcile"], "reconcile", fail)
    with pytest.raises(RuntimeError, match="reconciliation broke"):
        runner.run([tmp_path / "dump"], Settings(), out_dir=tmp_path / "out", cache=False, nlp=nlp)
    assert (tmp_path / "out" / "claims.jsonl").read_text(encoding="utf-8") == "previous\n"
    assert not (tmp_path / "out" / "claims.csv").exists()
