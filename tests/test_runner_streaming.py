"""The runner streams: articles flow through in batches, texts stay on disk, output order is fixed."""
from __future__ import annotations

import gc
import json
from concurrent.futures import Future

import pytest

from pipeline import export, runner
from pipeline.ingest import ingest
from pipeline.ingest.discover import InputFile
from pipeline.records import Article, to_dict
from pipeline.settings import Settings

PARAGRAPH = (
    "The council of {town} met on Monday to discuss the new bridge over the river. "
    "Members argued for two hours about the cost of the project and the timetable. "
    "The mayor said the work would begin in the spring if the budget allowed it."
)


def write_feed(tmp_path, count: int):
    """A JSON Lines dump whose sources (`feed.jsonl:10` before `feed.jsonl:2`) sort unlike its input order."""
    folder = tmp_path / "dump"
    folder.mkdir()
    lines = [
        json.dumps({"title": f"Bridge {n}", "text": PARAGRAPH.format(town=f"Town{n} number {n * 7919}"), "published": "2026-03-02"})
        for n in range(1, count + 1)
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def no_claims(articles, settings, nlp=None):
    return []


def test_articles_jsonl_is_the_ingested_articles_sorted_by_source_and_doc_id(tmp_path, monkeypatch):
    dump = write_feed(tmp_path, 12)
    monkeypatch.setattr(runner, "extract_task", no_claims)
    runner.run([dump], Settings(batch_size=3), out_dir=tmp_path / "out", cache=False)
    articles = [a for a in ingest([dump]) if isinstance(a, Article)]
    expected = "".join(
        json.dumps(to_dict(a), ensure_ascii=False, sort_keys=True) + "\n"
        for a in sorted(articles, key=lambda a: (a.source, a.doc_id))
    )
    assert (tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8") == expected
    assert [a.source for a in articles][:3] != sorted(a.source for a in articles)[:3], "the dump must test the sort"


def test_only_a_few_batches_of_articles_are_alive_at_once(tmp_path, monkeypatch):
    dump = write_feed(tmp_path, 40)
    alive = []

    def count_alive(articles, settings, nlp=None):
        alive.append(sum(isinstance(o, Article) for o in gc.get_objects()) - before)
        return []

    monkeypatch.setattr(runner, "extract_task", count_alive)
    gc.collect()
    before = sum(isinstance(o, Article) for o in gc.get_objects())
    result = runner.run([dump], Settings(batch_size=2), out_dir=tmp_path / "out", cache=False)
    assert len(alive) == 20 and len(result.articles) == 40
    assert max(alive) <= 8, alive


def test_texts_are_read_back_from_articles_jsonl(tmp_path, monkeypatch):
    dump = write_feed(tmp_path, 3)
    monkeypatch.setattr(runner, "extract_task", no_claims)
    result = runner.run([dump], Settings(), out_dir=tmp_path / "out", cache=False)
    expected = {a.doc_id: a.text for a in ingest([dump]) if isinstance(a, Article)}
    assert not isinstance(result.texts, dict)
    assert dict(result.texts) == expected


def test_texts_without_an_output_folder(tmp_path, monkeypatch):
    dump = write_feed(tmp_path, 3)
    monkeypatch.setattr(runner, "extract_task", no_claims)
    result = runner.run([dump], Settings(), cache=False)
    assert dict(result.texts) == {a.doc_id: a.text for a in ingest([dump]) if isinstance(a, Article)}


def test_articles_table_is_the_same_as_from_the_records(tmp_path, monkeypatch):
    dump = write_feed(tmp_path, 5)
    (dump / "empty.txt").write_text("")
    monkeypatch.setattr(runner, "extract_task", no_claims)
    result = runner.run([dump], Settings(), cache=False)
    assert result.articles.equals(export.articles_frame(ingest([dump])))
    assert (result.stats.items, result.stats.rejected) == (6, 1)


@pytest.mark.parametrize(
    "sizes, expected",
    [
        ([10] * 10, [8, 2]),
        ([3_000_000, 3_000_000], [1, 1]),
        ([10, 20_000_000, 10], [1, 1, 1]),
    ],
)
def test_read_tasks_group_small_files_and_leave_a_large_container_alone(tmp_path, sizes, expected):
    files = []
    for number, size in enumerate(sizes):
        path = tmp_path / f"{number:02d}.{'jsonl' if size > runner.READ_IN_PARENT_BYTES else 'txt'}"
        with path.open("wb") as handle:
            handle.truncate(size)
        files.append(InputFile(path, path.suffix[1:], gzipped=False))
    assert [len(group) for group in runner.read_groups(files)] == expected


class RecordingEngine:
    """Runs each task in this process as it is submitted and counts them; `started` as told."""

    in_process = False
    workers = 2

    def __init__(self, started: bool) -> None:
        self.started = started
        self.submitted = 0

    def submit(self, function, *args) -> Future:
        self.submitted += 1
        future: Future = Future()
        future.set_result(function(*args))
        return future


def write_pages(tmp_path, count: int) -> list[InputFile]:
    """`count` pages, then a copy of the first and a near copy of the second (a word added)."""
    folder = tmp_path / "pages"
    folder.mkdir()
    texts = [PARAGRAPH.format(town=f"Town{n}.") for n in range(count)]
    texts += [texts[0], texts[1] + " Updated."]
    for n, text in enumerate(texts):
        (folder / f"page{n:02d}.txt").write_text(text, encoding="utf-8")
    return [InputFile(path, "txt", gzipped=False) for path in sorted(folder.iterdir())]


def test_pages_are_read_here_while_no_worker_has_started(tmp_path):
    pages = write_pages(tmp_path, 10)
    starting = RecordingEngine(started=False)
    records = list(runner.read_in_order(starting, pages, Settings()))
    assert starting.submitted == 0
    assert [f"Town{n}." in record.text for n, record in enumerate(records[:10])] == [True] * 10
    assert [record.duplicate_of for record in records[10:]] == [records[0].doc_id, records[1].doc_id]


@pytest.mark.parametrize("page_cache", [False, True])
def test_pages_go_to_the_workers_once_one_has_started_with_the_same_records(tmp_path, page_cache):
    pages = write_pages(tmp_path, 10)

    def read_all(engine, out):
        with runner._open_page_cache(page_cache, tmp_path / out, Settings()) as cache:
            return list(runner.read_in_order(engine, pages, Settings(), cache))

    started = RecordingEngine(started=True)
    read_by_workers = read_all(started, "workers")
    assert started.submitted == 2  # 8 files a task
    assert read_by_workers == read_all(RecordingEngine(started=False), "here")
    assert read_by_workers[11].duplicate_of == read_by_workers[1].doc_id
