"""The claims cache: a re-run extracts only new articles, a new version starts afresh, --no-cache leaves no file."""
from __future__ import annotations

import dataclasses
import importlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import export, runner
from pipeline.cache import CACHE_FILE, ClaimCache, FactCache, article_key, ingest_version, pipeline_version, reconcile_version
from pipeline.cli import main
from pipeline.records import Article, Claim, Fact
from pipeline.settings import Settings
from tests.conftest import SAMPLE

OUTPUTS = ("articles.csv", "articles.jsonl", "claims.csv", "claims.jsonl", "reconciled_claims.csv", "report.html")
STORY = (
    "The harbour authority of {town} said on Tuesday that the ferry service would resume next week. "
    "About {count} passengers were stranded when the storm closed the port, officials said. "
    "\"We are working around the clock,\" said harbour master Ines Calder."
)


def write_story(folder, name: str, town: str, count: int) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.txt").write_text(f"Ferries {town}\n{STORY.format(town=town, count=count)}\n", encoding="utf-8")


@pytest.fixture
def counted_extraction(monkeypatch, nlp):
    """The real extraction (the session's model), with the articles sent to it counted."""
    sent: list[str] = []

    def extract_task(articles, settings, nlp=None):
        sent.extend(a.label for a in articles)
        return real(articles, settings, session_nlp)

    real, session_nlp = runner.extract_task, nlp
    monkeypatch.setattr(runner, "extract_task", extract_task)
    return sent


def test_second_run_reads_every_claim_from_the_cache(tmp_path, counted_extraction):
    dump = tmp_path / "dump"
    for number, town in enumerate(["Ashby", "Carden", "Dunmore"]):
        write_story(dump, f"story{number}", town, 100 + number)
    first = runner.run([dump], Settings(), out_dir=tmp_path / "first")
    shutil.copytree(tmp_path / "first" / ".cache", tmp_path / "second" / ".cache")
    counted_extraction.clear()
    second = runner.run([dump], Settings(), out_dir=tmp_path / "second")
    assert counted_extraction == []
    assert (first.stats.extracted, second.stats.extracted, second.stats.cached) == (3, 0, 3)
    assert len(first.claims) > 0
    for name in OUTPUTS:
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes(), name


def test_a_new_article_is_the_only_one_extracted(tmp_path, counted_extraction):
    dump = tmp_path / "dump"
    write_story(dump, "old1", "Ashby", 120)
    write_story(dump, "old2", "Carden", 130)
    runner.run([dump], Settings(), out_dir=tmp_path / "out")
    write_story(dump, "new", "Millport", 140)
    counted_extraction.clear()
    result = runner.run([dump], Settings(), out_dir=tmp_path / "out")
    assert counted_extraction == ["new"]
    assert (result.stats.extracted, result.stats.cached) == (1, 2)


def test_an_edited_article_is_extracted_again(tmp_path, counted_extraction):
    dump = tmp_path / "dump"
    write_story(dump, "story", "Ashby", 120)
    runner.run([dump], Settings(), out_dir=tmp_path / "out")
    write_story(dump, "story", "Ashby", 121)
    counted_extraction.clear()
    runner.run([dump], Settings(), out_dir=tmp_path / "out")
    assert counted_extraction == ["story"]


def test_a_new_pipeline_version_empties_the_cache(tmp_path):
    found = export.article_claims([Claim(claim_id="c1", doc_id="d1", type="number", surface="12", char_start=0, char_end=2)])
    with ClaimCache(tmp_path / "claims.sqlite", version="one") as cache:
        cache.store([("key", found)])
        assert cache.lookup(["key"]) == {"key": found}
    with ClaimCache(tmp_path / "claims.sqlite", version="two") as cache:
        assert cache.lookup(["key"]) == {}
        assert len(cache) == 0


def test_a_cache_stored_another_way_by_an_older_version_is_made_again(tmp_path):
    path = tmp_path / "cache.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("INSERT INTO meta VALUES ('claims version', 'old')")
        db.execute("CREATE TABLE claims (article TEXT PRIMARY KEY, claims BLOB NOT NULL)")
        db.execute("INSERT INTO claims VALUES ('key', x'00')")
    found = export.article_claims([Claim(claim_id="c1", doc_id="d1", type="number", surface="12", char_start=0, char_end=2)])
    with ClaimCache(path, version="new") as cache:
        assert cache.lookup(["key"]) == {}
        cache.store([("key", found)])
        assert cache.lookup(["key"]) == {"key": found}


def test_claims_round_trip_exactly(tmp_path):
    claims = [
        Claim(claim_id="a", doc_id="d", type="quote", surface="“Ça va”, he said", char_start=3, char_end=19,
              value="Ça va — 😀", confidence=0.1 + 0.2, approximate=True, negated=False),
        Claim(claim_id="b", doc_id="d", type="number", surface="=1+2", char_start=0, char_end=4, value="3", confidence=1.0),
    ]
    stored = export.article_claims(claims)
    with ClaimCache(tmp_path / "claims.sqlite", version="v") as cache:
        cache.store([("k", stored), ("empty", export.article_claims([]))])
        found = cache.lookup(["k", "empty", "missing"])
    assert found == {"k": stored, "empty": export.ArticleClaims([], b"", b"")}
    assert sorted(found["k"].claims, key=lambda c: c.claim_id) == claims
    assert [type(c.confidence) for c in found["k"].claims] == [float, float]
    assert (found["k"].jsonl, found["k"].csv) == (stored.jsonl, stored.csv)


def test_story_facts_round_trip_exactly(tmp_path):
    facts = [
        Fact(fact_id="f", fact="Testimony date", type="event_date", subject="Elon Musk", predicate="testify",
             status="conflict", values="2026-04-29 (a); 2026-04-30 (b)", n_sources=2, confidence=2 / 3,
             rationale="Support: “quoted” — 😀"),
    ]
    with FactCache(tmp_path / "facts.sqlite", version="v") as cache:
        cache.store([("story", facts)])
        assert cache.lookup(["story", "missing"]) == {"story": facts}


def test_the_facts_of_a_story_come_back_with_their_rows_of_the_facts_file(tmp_path):
    facts = [
        Fact(fact_id="f1", fact="Jobs cut", type="number", subject="Alade", predicate="cut", status="agreed",
             value="40", n_sources=2, confidence=0.5, rationale="Support: “quoted” — 😀"),
        Fact(fact_id="f2", fact="Plant, \"Nord\"\nclosed", type="quote", subject="Ines Calder", predicate="say",
             status="single-source", values="Ça ferme", n_sources=1, confidence=1.0),
        Fact(fact_id="f3", fact="", type="event_date", subject="", predicate="", status="agreed"),
    ]
    with FactCache(tmp_path / "facts.sqlite", version="v") as cache:
        cache.store([("story", facts), ("no facts", [])])
        assert [cache.row_of(fact) for fact in facts] == export.fact_lines(facts)
    with FactCache(tmp_path / "facts.sqlite", version="v") as cache:
        found = cache.lookup(["story", "no facts"])
        assert found == {"story": facts, "no facts": []}
        assert [cache.row_of(fact) for fact in found["story"]] == export.fact_lines(facts)
        assert cache.row_of(dataclasses.replace(found["story"][0])) is None, "an equal fact it did not give has no row here"


def test_the_version_follows_what_extraction_reads():
    base = Settings()
    assert pipeline_version(base) == pipeline_version(base.replace(jobs=4, batch_size=8, match_threshold=0.5))
    assert pipeline_version(base) != pipeline_version(base.replace(languages=("en", "de")))
    assert pipeline_version(base) != pipeline_version(base.replace(fast_components=False))
    assert ingest_version(base) == ingest_version(base.replace(fast_components=False))


def test_the_version_follows_the_model(nlp):
    class OtherVersion:
        meta = {**nlp.meta, "version": nlp.meta["version"] + ".post1"}

    assert pipeline_version(Settings(), nlp) == pipeline_version(Settings())
    assert pipeline_version(Settings(), OtherVersion()) != pipeline_version(Settings())


def test_the_default_model_is_versioned_as_the_one_extraction_loads():
    from pipeline.settings import pick_model_name

    assert pipeline_version(Settings()) == pipeline_version(Settings(model=pick_model_name()))


def versions_made_in(root: Path) -> list[str]:
    """The three cache versions, made by the package found in `root` (in a new interpreter)."""
    code = (
        "import pipeline; from pipeline.cache import ingest_version, pipeline_version, reconcile_version; "
        "from pipeline.settings import Settings; settings = Settings(); "
        "print(pipeline.__file__, ingest_version(settings), pipeline_version(settings), reconcile_version(settings))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    package, *versions = done.stdout.split()
    assert Path(package).is_relative_to(root), "the package of that folder"
    return versions


def test_editing_the_code_but_no_version_keeps_every_cache(tmp_path):
    root = Path(__file__).resolve().parents[1]
    shutil.copytree(root / "pipeline", tmp_path / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    for module in ("ingest/html.py", "extract/claims.py", "reconcile/decide.py", "records.py", "cache.py", "export.py"):
        with open(tmp_path / "pipeline" / module, "a", encoding="utf-8") as code:
            code.write("# a comment\n")

    assert versions_made_in(tmp_path) == versions_made_in(root)


@pytest.mark.parametrize("stage, changed", [
    ("ingest", (True, False, False)), ("extract", (False, True, True)), ("reconcile", (False, False, True)),
])
def test_bumping_a_stage_version_starts_its_cache_afresh(monkeypatch, stage, changed):
    settings = Settings()
    before = [version(settings) for version in (ingest_version, pipeline_version, reconcile_version)]
    package = importlib.import_module(f"pipeline.{stage}")
    monkeypatch.setattr(package, "STAGE_VERSION", package.STAGE_VERSION + 1)
    after = [version(settings) for version in (ingest_version, pipeline_version, reconcile_version)]
    assert tuple(a != b for a, b in zip(before, after)) == changed


def test_the_key_ignores_where_the_file_was_found_but_not_what_it_says():
    article = Article(doc_id="d", source="/a/story.txt", label="story", text="Some text.", published="2026-03-02")
    assert article_key(article) == article_key(dataclasses.replace(article, source="/b/story.txt"))
    assert article_key(article) != article_key(dataclasses.replace(article, published="2026-03-03"))
    assert article_key(article) != article_key(dataclasses.replace(article, duplicate_of="e"))


def test_no_cache_writes_no_cache_file(tmp_path):
    assert main(["run", str(SAMPLE), "--out", str(tmp_path), "--jobs", "1", "--no-cache", "--quiet"]) == 0
    assert not (tmp_path / ".cache").exists()
    assert (tmp_path / "claims.csv").is_file()


def test_cache_option_puts_the_cache_where_asked(tmp_path, capsys):
    assert main(["run", str(SAMPLE), "--out", str(tmp_path / "out"), "--jobs", "1", "--cache", str(tmp_path / "c.sqlite")]) == 0
    assert (tmp_path / "c.sqlite").is_file() and not (tmp_path / "out" / CACHE_FILE).exists()
    assert main(["run", str(SAMPLE), "--out", str(tmp_path / "out"), "--jobs", "1", "--cache", str(tmp_path / "c.sqlite")]) == 0
    assert "claims of 8 article(s) from the cache, 0 extracted" in capsys.readouterr().err


def test_an_unreadable_cache_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "c.sqlite").write_text("not a database " * 100)
    assert main(["run", str(SAMPLE), "--out", str(tmp_path / "out"), "--jobs", "1", "--cache", str(tmp_path / "c.sqlite")]) == 2
    assert "cannot use as a cache" in capsys.readouterr().err


def test_a_rerun_groups_and_decides_no_story_again(tmp_path, monkeypatch, nlp):
    import sys

    reconcile_module = sys.modules["pipeline.reconcile"]

    dump = tmp_path / "dump"
    for number, town in enumerate(["Ashby", "Carden"]):
        write_story(dump, f"story{number}", town, 100 + number)
    runner.run([dump], Settings(), out_dir=tmp_path / "out", nlp=nlp)
    first = (tmp_path / "out" / "reconciled_claims.csv").read_bytes()

    def no_grouping(items, threshold):
        raise AssertionError("a story was grouped again")

    def no_deciding(*args, **kwargs):
        raise AssertionError("a fact was decided again")

    monkeypatch.setattr(reconcile_module, "group_story", no_grouping)
    monkeypatch.setattr(reconcile_module, "decide", no_deciding)
    runner.run([dump], Settings(), out_dir=tmp_path / "out", nlp=nlp)
    assert (tmp_path / "out" / "reconciled_claims.csv").read_bytes() == first


def test_a_rerun_writes_the_cached_stories_fact_rows_as_they_were_made(tmp_path, monkeypatch, nlp):
    dump = tmp_path / "dump"
    for number, town in enumerate(["Ashby", "Carden"]):
        write_story(dump, f"story{number}", town, 100 + number)
    runner.run([dump], Settings(), out_dir=tmp_path / "out", nlp=nlp)
    first = (tmp_path / "out" / "reconciled_claims.csv").read_bytes()
    formatted: list[int] = []
    fact_lines = export.fact_lines
    monkeypatch.setattr(export, "fact_lines", lambda facts: formatted.append(len(facts)) or fact_lines(facts))

    runner.run([dump], Settings(), out_dir=tmp_path / "out", nlp=nlp)

    assert sum(formatted) == 0, "no fact row made again"
    assert (tmp_path / "out" / "reconciled_claims.csv").read_bytes() == first


def test_claims_read_back_share_their_texts_through_the_pool_given(tmp_path):
    def article(doc_id: str) -> export.ArticleClaims:
        sentence = "".join(["Harbour master Ines Calder said ", "the port would reopen."])  # a new copy per article
        return export.article_claims([
            Claim(claim_id=f"{doc_id}-{n}", doc_id=doc_id, type="quote", surface="the port would reopen", char_start=0,
                  char_end=21, sentence=sentence, speaker="Ines Calder", source="dump")
            for n in (1, 2)
        ])

    known_speaker = "".join(["Ines ", "Calder"])
    pool = {known_speaker: known_speaker}
    with ClaimCache(tmp_path / "claims.sqlite", version="v", shared=pool) as cache:
        cache.store([("a", article("a")), ("b", article("b"))])
        found = cache.lookup(["a", "b"])
    claims = found["a"].claims + found["b"].claims
    assert found == {"a": article("a"), "b": article("b")}
    assert all(claim.sentence is claims[0].sentence for claim in claims)
    assert all(claim.speaker is known_speaker for claim in claims)
    assert claims[0].sentence in pool and "a-1" not in pool  # ids are each claim's own: not pooled


def test_a_rerun_shares_the_texts_of_cached_and_new_claims(tmp_path, nlp):
    dump = tmp_path / "dump"
    write_story(dump, "story1", "Ashby", 120)
    runner.run([dump], Settings(), out_dir=tmp_path / "out", nlp=nlp)
    write_story(dump, "story2", "Ashby", 120)  # the same text, after it: a copy, with equal sentences and names

    result = runner.run([dump], Settings(), out_dir=tmp_path / "out", nlp=nlp)

    assert (result.stats.cached, result.stats.extracted) == (1, 1)
    cached = [c for c in result.claim_records if c.source == "story1"]
    new = [c for c in result.claim_records if c.source == "story2"]
    assert cached and new
    assert cached[0].sentence == new[0].sentence and cached[0].sentence is new[0].sentence


def test_a_rerun_keys_its_stories_from_the_ledger_it_gathered(tmp_path, nlp, monkeypatch):
    """The run hands reconciliation the ledger it filled as claims arrived: it is not gathered
    again, and no claim is serialised again to key its story (the claims' lines are hashed)."""
    from pipeline.reconcile import ledger as ledger_module

    dump = tmp_path / "dump"
    write_story(dump, "story1", "Ashby", 120)
    runner.run([dump], Settings(), out_dir=tmp_path / "out", nlp=nlp)
    write_story(dump, "story2", "Carden", 130)
    monkeypatch.setattr(ledger_module.ClaimLedger, "of", classmethod(lambda cls, claims: pytest.fail("gathered again")))
    monkeypatch.setattr(ledger_module, "claim_digest", lambda claim: pytest.fail("a claim was serialised again"))

    result = runner.run([dump], Settings(), out_dir=tmp_path / "out", nlp=nlp)

    assert (result.stats.cached, result.stats.extracted) == (1, 1) and result.fact_records
