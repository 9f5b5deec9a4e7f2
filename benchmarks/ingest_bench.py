"""Ingest speed and memory on a generated dump, and HTML extraction quality on a public benchmark.

The generated dump (in a temporary folder) holds HTML pages and plain-text page
dumps of templated articles wrapped in page chrome: menus, trending lists with
dates, breadcrumbs, bylines, share buttons, related posts, footers. Each
article's words are drawn at random, so no two are near-copies. Because the
generator knows each page's article, the run also reports how many bodies,
titles and dates came out exactly.

With --article-extraction, the HTML reader is scored on the Zyte
article-extraction benchmark (../shared/benchmarks/article-extraction, read at
run time) with the benchmark's own metric: precision/recall/F1 of the sets of
token 4-gram shingles of the extracted text against `articleBody`.

Example:
    python benchmarks/ingest_bench.py --html 2000 --txt 2000
    python benchmarks/ingest_bench.py --html 0 --txt 0 --article-extraction
"""
from __future__ import annotations

import argparse
import json
import random
import re
import resource
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest import ingest
from pipeline.records import Article

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_EXTRACTION = ROOT.parent / "shared" / "benchmarks" / "article-extraction"
PUBLISHED_F1 = {"trafilatura 2.0.0 (its README)": 0.958, "trafilatura 2.3.1 defaults (measured here)": 0.953}

WORDS = (
    "council harbour ferry library bridge school market farmers river valley village hospital station road "
    "water budget report plan vote meeting residents engineers police museum festival weather storm repairs "
    "service timetable contract company workers union strike plant factory orchard harvest price rent housing "
    "tenants landlord court judge ruling appeal inquiry survey volunteers charity park garden pool theatre"
).split()
FUNCTION_WORDS = "the a of to and in on for with that was were said by at from after before would could".split()
NAMES = "Ada Kerr|Ben Ode|Cora Lind|Dev Patel|Esme Hart|Femi Ade|Gus Moran|Hana Brook|Ivo Stan|June Park".split("|")
MONTHS = "January February March April May June July August September October November December".split()


@dataclass(frozen=True)
class Generated:
    title: str
    author: str
    published: str
    body: list[str]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--html", type=int, default=2000, help="HTML pages to generate (default 2000)")
    parser.add_argument("--txt", type=int, default=2000, help="plain-text page dumps to generate (default 2000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--article-extraction", action="store_true", help="also score HTML extraction on the public benchmark")
    args = parser.parse_args()

    if args.html or args.txt:
        with tempfile.TemporaryDirectory() as folder:
            expected = generate_dump(Path(folder), args.html, args.txt, random.Random(args.seed))
            run_dump(Path(folder), expected)
    if args.article_extraction:
        score_article_extraction(ARTICLE_EXTRACTION)


def generate_dump(folder: Path, html_pages: int, text_pages: int, rng: random.Random) -> dict[str, Generated]:
    expected = {}
    for number in range(html_pages):
        article = random_article(rng)
        label = f"page{number:06d}"
        (folder / f"{label}.html").write_text(html_page(article, rng), encoding="utf-8")
        expected[label] = article
    for number in range(text_pages):
        article = random_article(rng)
        label = f"dump{number:06d}"
        (folder / f"{label}.txt").write_text(text_dump(article, rng), encoding="utf-8")
        expected[label] = article
    return expected


def run_dump(folder: Path, expected: dict[str, Generated]) -> None:
    started, cpu_started = time.perf_counter(), time.process_time()
    records = list(ingest([folder]))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for file_format in ("html", "txt"):
        mine = [r for r in records if r.format == file_format]
        if not mine:
            continue
        articles = [r for r in mine if isinstance(r, Article)]
        truth = [expected[a.label] for a in articles]
        bodies = sum(a.text == "\n".join(t.body) for a, t in zip(articles, truth))
        titles = sum(a.title == t.title for a, t in zip(articles, truth))
        dates = sum(a.published == t.published for a, t in zip(articles, truth))
        copies = sum(bool(a.duplicate_of) for a in articles)
        print(f"{file_format}: {len(mine)} pages, {len(articles)} articles, {bodies} exact bodies, "
              f"{titles} exact titles, {dates} exact dates, {copies} marked as copies")
    print(f"all: {len(records)} pages in {seconds:.1f} s wall = {len(records) / seconds:.1f} pages/s "
          f"({cpu_seconds:.1f} s CPU = {len(records) / cpu_seconds:.1f} pages per CPU second); "
          f"peak memory (max RSS) {peak_mib:.0f} MiB")


def random_article(rng: random.Random) -> Generated:
    def sentence() -> str:
        words = [rng.choice(WORDS if rng.random() < 0.55 else FUNCTION_WORDS) for _ in range(rng.randint(12, 24))]
        return " ".join(words).capitalize() + "."

    paragraphs = [" ".join(sentence() for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(4, 8))]
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 9))).capitalize()
    published = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return Generated(title=title, author=rng.choice(NAMES), published=published, body=paragraphs)


def written(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{MONTHS[int(month) - 1]} {int(day)}, {year}"


def related(rng: random.Random, count: int) -> list[tuple[str, str]]:
    return [(random_article(rng).title, written(random_article(rng).published)) for _ in range(count)]


def html_page(article: Generated, rng: random.Random) -> str:
    items = "".join(f'<li><a href="/s/{i}">{title}</a> <time>{date}</time></li>' for i, (title, date) in enumerate(related(rng, 4)))
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in article.body)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{article.title} | Bench Gazette</title>
<meta name="author" content="{article.author}"><meta property="og:site_name" content="Bench Gazette">
<meta property="article:published_time" content="{article.published}T08:00:00+00:00"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<main><article><h1>{article.title}</h1><p class="byline">By {article.author}</p>{paragraphs}</article>
<aside><h2>Related stories</h2><ul>{items}</ul></aside></main>
<footer><p><a href="/about">About</a> | <a href="/privacy">Privacy</a></p><p>&copy; 2025 Bench Gazette</p></footer></body></html>"""


def text_dump(article: Generated, rng: random.Random) -> str:
    trending = [line for title, date in related(rng, 3) for line in (title, date)]
    more = [line for title, date in related(rng, 3) for line in (title, date)]
    lines = [
        "Skip to content", "Bench Ledger", "Menu", "• Local", "• Business", "• Sport", "Search", "", "Trending Now",
        *trending, "", f"Home » Local » {article.title}", article.title,
        f"By {article.author}{written(article.published)}", "Share", "Facebook X Email", "",
        *[line for paragraph in article.body for line in (paragraph, "")],
        "Share this story", "Related Posts", *more, "Newsletter", "Get the Bench Ledger every morning.",
        "© 2025 Bench Ledger Media. All rights reserved.",
    ]
    return "\n".join(lines) + "\n"


def score_article_extraction(folder: Path) -> None:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = sorted((folder / "html").glob("*.html.gz"))
    started = time.perf_counter()
    extracted = {record.label: record for record in ingest(pages)}
    seconds = time.perf_counter() - started
    matches = []
    for page in pages:
        record = extracted[page.name.removesuffix(".html.gz")]
        text = record.text if isinstance(record, Article) else ""
        matches.append(shingle_match(truth[record.label]["articleBody"], text))
    precision = statistics.mean(tp / (tp + fp) for tp, fp, _ in matches if tp + fp > 0)
    recall = statistics.mean(tp / (tp + fn) for tp, _, fn in matches if tp + fn > 0)
    f1 = 2 * precision * recall / (precision + recall)
    print(f"article-extraction: {len(pages)} pages in {seconds:.1f} s; shingle precision {precision:.3f}, "
          f"recall {recall:.3f}, F1 {f1:.3f}")
    for name, value in PUBLISHED_F1.items():
        print(f"  published F1, {name}: {value:.3f}")


def shingle_match(expected: str, predicted: str, n: int = 4) -> tuple[float, float, float]:
    """The benchmark's metric for one page: true positive, false positive and false negative
    counts of token 4-gram shingles (multisets), as shares of their sum so that every page
    weighs the same."""
    true, found = shingle_counts(expected, n), shingle_counts(predicted, n)
    counts = (sum((true & found).values()), sum((found - true).values()), sum((true - found).values()))
    total = sum(counts)
    return tuple(count / total for count in counts) if total else (0.0, 0.0, 0.0)


def shingle_counts(text: str, n: int) -> Counter[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(len(tokens) - n + 1, 1)) if tokens[i : i + n])


if __name__ == "__main__":
    main()
