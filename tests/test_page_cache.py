"""The page cache: a re-run does not clean a page it has cleaned before, unless the page or its chrome changed."""
from __future__ import annotations

import pytest

from pipeline import runner
from pipeline.cache import PageCache, ingest_version, page_key
from pipeline.ingest import signed
from pipeline.ingest.discover import InputFile
from pipeline.records import Article, Rejection
from pipeline.settings import Settings

MENU = "Home\nWorld\nBusiness\nSubscribe"
PAGE = (
    "{menu}\nFerries return to {town}\n"
    "The harbour authority of {town} said on Tuesday that the ferry service would resume next week after the storm.\n"
    "About {count} passengers were stranded when the storm closed the port for three days, officials said on Monday.\n"
)
HTML = (
    "<html><head><title>Bridge opens in {town}</title></head><body><nav><a href='/'>Home</a></nav><article>"
    "<p>The new bridge over the river at {town} opened to traffic on Saturday morning after two years of work by the county.</p>"
    "<p>About {count} cars crossed it in the first hour, the county engineer said, more than the old ferry carried in a day.</p>"
    "</article></body></html>"
)


def write_text_page(folder, name: str, town: str, count: int, menu: str = MENU) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.txt").write_text(PAGE.format(menu=menu, town=town, count=count), encoding="utf-8")


def write_html_page(folder, name: str, town: str, count: int) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.html").write_text(HTML.format(town=town, count=count), encoding="utf-8")


@pytest.fixture
def counted_reading(monkeypatch):
    """The real reader, with the names of the files it reads counted."""
    read: list[str] = []

    def read_item(item, settings, repeated=frozenset()):
        read.append(item.path.name)
        return real(item, settings, repeated)

    real = runner.read_item
    monkeypatch.setattr(runner, "read_item", read_item)
    return read


def run_ingest(dump, out) -> list[str]:
    articles, _ = runner.ingest_to([dump], Settings(jobs=1), out)
    return list(articles["label"])


def run_twice(tmp_path, counted_reading) -> None:
    runner.run([tmp_path / "dump"], Settings(jobs=1), out_dir=tmp_path / "out")
    counted_reading.clear()


def test_a_rerun_reads_no_page_again_and_writes_the_same_tables(tmp_path, counted_reading):
    dump = tmp_path / "dump"
    write_text_page(dump, "a", "Ashby", 120)
    write_text_page(dump, "b", "Carden", 130)
    write_html_page(dump, "c", "Dunmore", 140)
    runner.run([dump], Settings(jobs=1), out_dir=tmp_path / "out")
    first = {name: (tmp_path / "out" / name).read_bytes() for name in ("articles.csv", "articles.jsonl", "claims.csv")}
    counted_reading.clear()
    runner.run([dump], Settings(jobs=1), out_dir=tmp_path / "out")
    assert counted_reading == []
    assert {name: (tmp_path / "out" / name).read_bytes() for name in first} == first


def test_a_new_page_is_the_only_one_read(tmp_path, counted_reading):
    dump = tmp_path / "dump"
    write_text_page(dump, "a", "Ashby", 120)
    write_html_page(dump, "c", "Dunmore", 140)
    run_twice(tmp_path, counted_reading)
    write_html_page(dump, "d", "Millport", 150)
    runner.run([dump], Settings(jobs=1), out_dir=tmp_path / "out")
    assert counted_reading == ["d.html"]


def test_an_edited_page_is_read_again(tmp_path, counted_reading):
    dump = tmp_path / "dump"
    write_html_page(dump, "c", "Dunmore", 140)
    run_twice(tmp_path, counted_reading)
    write_html_page(dump, "c", "Dunmore", 141)
    result = runner.run([dump], Settings(jobs=1), out_dir=tmp_path / "out")
    assert counted_reading == ["c.html"]
    assert "About 141 cars" in result.texts[result.articles["doc_id"].iloc[0]]


def test_a_text_page_is_read_again_when_the_chrome_it_shares_with_the_dump_changes(tmp_path, counted_reading):
    dump = tmp_path / "dump"
    write_text_page(dump, "a", "Ashby", 120, menu="Home\nWeather")
    write_text_page(dump, "b", "Carden", 130, menu="Home\nSport")
    run_twice(tmp_path, counted_reading)
    write_text_page(dump, "c", "Dunmore", 140, menu="Sport\nWeather")  # "Weather" and "Sport" now repeat
    runner.run([dump], Settings(jobs=1), out_dir=tmp_path / "out")
    assert sorted(counted_reading) == ["a.txt", "b.txt", "c.txt"]


def test_a_text_page_stays_cached_when_other_pages_change(tmp_path, counted_reading):
    dump = tmp_path / "dump"
    write_text_page(dump, "a", "Ashby", 120)
    write_text_page(dump, "b", "Carden", 130)
    run_twice(tmp_path, counted_reading)
    write_text_page(dump, "c", "Dunmore", 140)  # same menu: nothing new is chrome
    runner.run([dump], Settings(jobs=1), out_dir=tmp_path / "out")
    assert counted_reading == ["c.txt"]


def test_rejections_are_cached_with_their_reason(tmp_path, counted_reading):
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "empty.html").write_bytes(b"")
    run_twice(tmp_path, counted_reading)
    result = runner.run([dump], Settings(jobs=1), out_dir=tmp_path / "out")
    assert counted_reading == []
    assert list(result.rejected["reason"]) == ["empty file"]


def test_no_cache_reads_every_page(tmp_path, counted_reading):
    dump = tmp_path / "dump"
    write_html_page(dump, "c", "Dunmore", 140)
    runner.run([dump], Settings(jobs=1), out_dir=tmp_path / "out", cache=False)
    runner.run([dump], Settings(jobs=1), out_dir=tmp_path / "out", cache=False)
    assert counted_reading == ["c.html", "c.html"]


def test_records_round_trip_exactly_with_their_signatures(tmp_path):
    article = Article(doc_id="d", source="/x/a.html", label="a", text="Ça va — 😀\nsecond line and more words", format="html")
    short = Article(doc_id="e", source="/x/a.html", label="a", text="Too short.", format="html")
    records = [
        signed(article),
        signed(short),
        (Article(doc_id="f", source="/x/c.html", label="c", text="Not signed here.", published="2026-03-02"), None),
        signed(Rejection(source="/x/b.html", label="b", reason="empty file", format="html")),
    ]
    assert len(records[0][1]) == 8 * 128 and records[1][1] == b"" and records[3][1] is None
    with PageCache(tmp_path / "cache.sqlite", version="v") as cache:
        cache.store([("k", records)])
        assert cache.lookup(["k", "missing"]) == {"k": records}


def test_the_ingest_version_follows_what_reading_reads():
    base = Settings()
    assert ingest_version(base) == ingest_version(base.replace(jobs=4, batch_size=8, model="other"))
    assert ingest_version(base) != ingest_version(base.replace(max_bytes=1000))


def test_json_lines_and_oversized_pages_are_not_cached(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "x"}\n')
    (tmp_path / "big.html").write_text("<p>" + "word " * 500 + "</p>")
    jsonl = InputFile(tmp_path / "a.jsonl", "jsonl", False)
    assert page_key(jsonl, Settings(), frozenset()) is None
    big = InputFile(tmp_path / "big.html", "html", False)
    assert page_key(big, Settings(max_bytes=100), frozenset()) is None
    assert page_key(big, Settings(), frozenset()) is not None
