"""How much the extractors add to spaCy's own time.

Runs bare `nlp.pipe` (all components, same model, same batch size) and then
`pipeline.extract.extract` over the same texts, and prints words per second of
each and the overhead of extraction in percent (target: at most 30%).

Texts: the files given on the command line; or (default) about 1 MB of real
news: the article bodies of the public article-extraction benchmark
(../shared/benchmarks/article-extraction/ground-truth.json, read at run time,
taken again from the start until the size is reached); or, with
`--text generated`, news-like articles from templates (fixed lists, fixed
seed). The generated text names a person, a company or a number in every
sentence, which real news does not: the entity recogniser cannot skip any of
it, so it shows the worst case of the extraction overhead.

Example:
    python benchmarks/extract_bench.py
    python benchmarks/extract_bench.py --text generated
    python benchmarks/extract_bench.py --megabytes 2 --stages
    python benchmarks/extract_bench.py --megabytes 0.2 --profile
    python benchmarks/extract_bench.py corpus/*.txt
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import sys
import time
from pathlib import Path

from pipeline.extract import extract
from pipeline.extract.nlp import load_model
from pipeline.records import Article
from pipeline.settings import Settings

REAL_NEWS = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "article-extraction" / "ground-truth.json"
PEOPLE = ["Maria Okafor", "Daniel Brandt", "Priya Raman", "Tomas Varga", "Helen Achterberg", "Samuel Oduya"]
COMPANIES = ["Northwind Energy", "Bluefin Logistics", "Castellan Foods", "Orbital Freight", "Pinecrest Mining"]
CITIES = ["Rotterdam", "Nairobi", "Porto", "Winnipeg", "Osaka", "Tucson"]
MONTHS = ["January", "March", "April", "June", "September", "November"]
SENTENCES = [
    "{person} said on {month} {day}, {year} that {company} had cut {count} jobs at its plant in {city}.",
    "{company} reported a loss of ${amount} million for the quarter, roughly {pct}% more than analysts expected.",
    "According to the {city} Ledger, {company} did not inform its staff before the closure.",
    "\"We expected this for about {months} months,\" {person} told reporters in {city}.",
    "In {year}, {company} filed a lawsuit against {company2}, alleging it had copied its designs.",
    "Asked whether {company} had paid the fine, {person} replied \"partly.\"",
    "The regulator may fine {company} between {pct} and {pct2} percent of its annual revenue.",
    "{person} testified in federal court on {month} {day} that {company2} used the same supplier.",
    "Reports say {company2} is seeking a valuation of nearly ${amount} billion.",
    "Workers in {city} protested for {count2} days after {person} announced the plan.",
    "The company was founded in {year} and now employs more than {count} people.",
    "Critics point out that {company} never published the audit it promised in {year}.",
]


def generated_articles(megabytes: float, seed: int = 0) -> list[Article]:
    """News-like articles of about 2,500 characters each, `megabytes` MB in all."""
    rng = random.Random(seed)
    articles: list[Article] = []
    size = 0
    while size < megabytes * 1_000_000:
        paragraphs = []
        for _ in range(4):
            sentences = [rng.choice(SENTENCES).format(**slots(rng)) for _ in range(5)]
            paragraphs.append(" ".join(sentences))
        text = "\n".join(paragraphs)
        number = len(articles)
        articles.append(Article(
            doc_id=f"bench-{number:05d}", source="generated", label=f"bench-{number:05d}",
            text=text, published=f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        ))
        size += len(text.encode("utf-8"))
    return articles


def slots(rng: random.Random) -> dict[str, object]:
    first, second = rng.sample(COMPANIES, 2)
    low = rng.randint(5, 40)
    return {
        "person": rng.choice(PEOPLE), "company": first, "company2": second, "city": rng.choice(CITIES),
        "month": rng.choice(MONTHS), "day": rng.randint(1, 28), "year": rng.randint(2015, 2025),
        "count": rng.randint(20, 900), "count2": rng.randint(2, 30), "amount": rng.randint(2, 90),
        "pct": low, "pct2": low + rng.randint(5, 30), "months": rng.randint(2, 18),
    }


def real_articles(megabytes: float) -> list[Article]:
    """The benchmark's article bodies, in id order, repeated until `megabytes` MB."""
    truth = json.loads(REAL_NEWS.read_text(encoding="utf-8"))
    bodies = [truth[key]["articleBody"] for key in sorted(truth) if truth[key]["articleBody"].strip()]
    articles: list[Article] = []
    size = 0
    while size < megabytes * 1_000_000:
        text = bodies[len(articles) % len(bodies)]
        articles.append(Article(doc_id=f"real-{len(articles):05d}", source="article-extraction",
                                label=f"real-{len(articles):05d}", text=text))
        size += len(text.encode("utf-8"))
    return articles


def file_articles(paths: list[str]) -> list[Article]:
    return [
        Article(doc_id=f"file-{i:05d}", source=path, label=Path(path).stem, text=Path(path).read_text(encoding="utf-8"))
        for i, path in enumerate(sorted(paths))
    ]


def stage_times(nlp, articles: list[Article], batch_size: int) -> dict[str, float]:
    """Seconds spent in each extractor of claims_for_doc, on texts parsed beforehand."""
    from pipeline.extract.assertions import find_assertions
    from pipeline.extract.claims import event_date_claims
    from pipeline.extract.context import ArticleContext
    from pipeline.extract.dates import find_dates
    from pipeline.extract.entities import EntityIndex
    from pipeline.extract.events import ArticleParse
    from pipeline.extract.locations import find_locations
    from pipeline.extract.numbers import find_numbers
    from pipeline.extract.quotes import find_quotes

    seconds: dict[str, float] = {}

    def run(stage: str, extractor, *args):
        start = time.perf_counter()
        result = extractor(*args)
        seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - start
        return result

    docs = nlp.pipe([a.text for a in articles], batch_size=batch_size)
    for doc, article in zip(docs, articles, strict=True):
        ctx = ArticleContext.of(article)
        entities = run("entities", EntityIndex.from_doc, doc)
        mentions = run("dates", find_dates, doc, ctx.published)
        run("quotes", find_quotes, doc, ctx, entities)
        parse = ArticleParse(doc, ctx, entities)
        run("numbers", find_numbers, parse)
        run("event dates", event_date_claims, parse, mentions)
        run("assertions", find_assertions, parse)
        run("locations", find_locations, parse)
    return seconds


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", help="plain-text articles (default: generated text)")
    parser.add_argument("--text", choices=["real", "generated"], default="real",
                        help="real news bodies from ../shared (default) or generated articles")
    parser.add_argument("--megabytes", type=float, default=1.0, help="size of the text (default 1)")
    parser.add_argument("--batch-size", type=int, default=Settings().batch_size)
    parser.add_argument("--profile", action="store_true", help="print the 25 costliest functions of extraction")
    parser.add_argument("--stages", action="store_true", help="print the time of each extractor, in %% of nlp.pipe")
    args = parser.parse_args(argv)

    if args.files:
        articles = file_articles(args.files)
    elif args.text == "real":
        if not REAL_NEWS.exists():
            parser.error(f"{REAL_NEWS} not found: pass files, or --text generated")
        articles = real_articles(args.megabytes)
    else:
        articles = generated_articles(args.megabytes)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1_000_000
    settings = Settings(batch_size=args.batch_size)
    nlp = load_model(settings.model)
    list(extract(articles[:5], settings, nlp=nlp))  # load word lists and warm up

    bare = timed(lambda: list(nlp.pipe(texts, batch_size=args.batch_size)))
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    claims: list = []
    full = timed(lambda: claims.extend(extract(articles, settings, nlp=nlp)))
    if profiler:
        profiler.disable()

    print(f"text: {args.text if not args.files else 'files'}, {len(articles)} articles, {megabytes:.2f} MB, {words} words, batch size {args.batch_size}")
    print(f"nlp.pipe:          {bare:7.1f} s  {words / bare:8.0f} words/s")
    print(f"pipeline.extract:  {full:7.1f} s  {words / full:8.0f} words/s  ({len(claims)} claims)")
    print(f"overhead:          {100 * (full - bare) / bare:7.1f} %")
    if args.stages:
        for stage, seconds in stage_times(nlp, articles, args.batch_size).items():
            print(f"  {stage:16} {seconds:7.1f} s  {100 * seconds / bare:6.1f} % of nlp.pipe")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
