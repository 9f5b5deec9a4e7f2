"""Ingest speed and memory on a generated dump.

The generated dump (in a temporary folder) holds HTML pages and plain-text page
dumps of templated articles wrapped in page chrome: menus, trending lists with
dates, breadcrumbs, bylines, share buttons, related posts, footers. Each
article's words are drawn at random, so no two are near-copies. Because the
generator knows each page's article, the run also reports how many bodies,
titles and dates came out exactly.

The quality of the HTML reader on real pages is measured by
benchmarks/article_extraction.py (the Zyte article-extraction benchmark).

Example:
    python benchmarks/ingest_bench.py --html 2000 --txt 2000
"""
from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest import ingest
from pipeline.records import Article


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
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        expected = generate_dump(Path(folder), args.html, args.txt, random.Random(args.seed))
        run_dump(Path(folder), expected)


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


if __name__ == "__main__":
    main()
