"""What reconciliation reads of every claim before it works out a story, gathered as claims arrive."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter, is_

from pipeline.records import Claim
from pipeline.reconcile.frame import Frame, NameTally
from pipeline.reconcile.group import claim_digest, line_digest, story_key_of

_article_of = attrgetter("doc_id", "duplicate_of", "source")


def _article_of_pair(pair: tuple[Claim, bytes | None]) -> tuple[str, str, str]:
    return _article_of(pair[0])


Mention = tuple[str, str]
"""(subject or speaker, entity list) of a claim, as written."""


@dataclass
class SourceClaims:
    """The claims of one independent source (an article and its syndicated copies)."""

    spans: list[tuple[int, int]] = field(default_factory=list)
    """Where they are in the run's list of claims: runs [start, end) (an article's claims come together)."""
    digests: list[bytes | None] = field(default_factory=list)
    """`claim_digest` of each, from its claims.jsonl line; None where the line was not given."""
    claim_ids: list[str] = field(default_factory=list)
    doc_ids: set[str] = field(default_factory=set)
    mentions: Counter[int] = field(default_factory=Counter)
    """The number of each mention they make (ClaimLedger.mentions) -> how many of them make it."""

    def indices(self) -> Iterator[int]:
        return (index for start, end in self.spans for index in range(start, end))

    def add_run(self, start: int, end: int) -> None:
        """The claims at positions [start, end) of the run's list."""
        if self.spans and self.spans[-1][1] == start:
            self.spans[-1] = (self.spans[-1][0], end)
        else:
            self.spans.append((start, end))


class ClaimLedger:
    """Everything `reconcile` reads of each claim before it works out a story: the names counted
    (NameTally), the labels shown for the articles, and per independent source where its claims
    are, the mentions they make, their hashes and ids (with the mentions' names, what a story's
    cache key is made of).

    A run adds each article's claims as they arrive, while it waits for its workers, so that once
    the last has come only what depends on the whole dump is left: each distinct mention resolved
    once (a dump repeats them: 23,931 (source, mention) pairs and 6,309 mentions for the 36,590
    claims of 1,010 synthetic articles), the stories and their keys. Reconciling those claims
    with their stories' facts in the cache (a `/tmp` script, in this process) took 0.29-0.38 s
    when all of it was done over every claim at the end, and 0.16-0.17 s from a ledger; in a
    re-run with 10 new articles, 0.22 s before and 0.16-0.17 s after (the rest of the time went
    to the ledger while the run waited for its workers).
    """

    def __init__(self) -> None:
        self.names = NameTally()
        self.mentions: dict[Mention, int] = {}
        """Each distinct mention, numbered in the order met."""
        self.sources: dict[str, SourceClaims] = {}
        """Independent source -> what was gathered of its claims, in the order met."""
        self.articles: dict[tuple[bool, str, str, str], None] = {}
        """(is a copy, source label, doc_id, independent source) of each article, in the order met."""
        self.claims: list[Claim] = []
        """The claims added, in order: the list a run keeps and reconciles."""

    @classmethod
    def of(cls, claims: Iterable[Claim]) -> "ClaimLedger":
        ledger = cls()
        ledger.add(claims)
        return ledger

    def add(self, claims: Iterable[Claim], jsonl: bytes | None = None) -> None:
        """`jsonl`: the claims.jsonl lines of `claims`, in their order, whose hashes key the stories
        (not used if they do not match the claims; without them, each claim is serialised when keyed).

        Claims come an article at a time, so they are taken in runs of one article's, whose
        source is looked up once (the 36,590 claims of 1,010 synthetic articles, added an article
        at a time: 122-125 ms -> 107-117 ms, of which the names 57 ms and the hashes 33 ms)."""
        claims = list(claims)
        lines = jsonl.split(b"\n")[:-1] if jsonl is not None else []
        digests = [line_digest(line + b"\n") for line in lines] if len(lines) == len(claims) else [None] * len(claims)
        index = len(self.claims)
        self.claims += claims
        self.names.add(claims)
        number = self.mentions.setdefault
        for (doc_id, duplicate_of, label), run in groupby(zip(claims, digests), key=_article_of_pair):
            run = list(run)
            source = duplicate_of or doc_id
            claims_of = self.sources.get(source)
            if claims_of is None:
                claims_of = self.sources[source] = SourceClaims()
            claims_of.add_run(index, index + len(run))
            claims_of.digests += [digest for _, digest in run]
            claims_of.claim_ids += [claim.claim_id for claim, _ in run]
            claims_of.doc_ids.add(doc_id)
            claims_of.mentions.update([number((claim.subject or claim.speaker, claim.entities), len(self.mentions)) for claim, _ in run])
            self.articles[(bool(duplicate_of), label, doc_id, source)] = None
            index += len(run)

    def counted(self, claims: list[Claim]) -> bool:
        """Whether these very claims (the same objects, in the same order) are those added."""
        return len(claims) == len(self.claims) and all(map(is_, claims, self.claims))

    def indices(self, sources: list[str]) -> list[int]:
        """Where the claims of these sources are in the run's list of claims, in its order."""
        return sorted(index for source in sources for index in self.sources[source].indices())

    def labels(self) -> dict[str, str]:
        """Independent source id -> the label shown for it (the original's label)."""
        labels: dict[str, str] = {}
        for _, label, doc_id, source in sorted(self.articles, key=lambda article: article[:2]):
            labels.setdefault(doc_id, label)
            labels.setdefault(source, label)
        return labels

    def facts_keys(
        self, stories: list[list[str]], claims: list[Claim], frame: Frame, labels: dict[str, str], threshold: float,
    ) -> list[str | None]:
        """The key of each story's facts (a story given as its independent sources): a hash of what
        they are made of (`story_key_of`: its claims and their names; the labels shown for its
        sources), None if its claim ids repeat."""
        names_in = [[written, *entities.split("; ")] for written, entities in self.mentions]
        return [self._facts_key([self.sources[source] for source in story], story, claims, frame, labels, threshold, names_in)
                for story in stories]

    def _facts_key(
        self, of: list[SourceClaims], sources: list[str], claims: list[Claim], frame: Frame, labels: dict[str, str],
        threshold: float, names_in: list[list[str]],
    ) -> str | None:
        claim_ids = [claim_id for claims_of in of for claim_id in claims_of.claim_ids]
        if len(set(claim_ids)) != len(claim_ids):
            return None
        digests = sorted(
            digest if digest is not None else claim_digest(claims[index])
            for claims_of in of for digest, index in zip(claims_of.digests, claims_of.indices())
        )
        written = {name for claims_of in of for number in claims_of.mentions for name in names_in[number]}
        names_used = sorted((name, frame.canonical(name)) for name in written if name)
        key = story_key_of(len(claim_ids), digests, names_used, threshold)
        articles = {(source, doc_id) for source, claims_of in zip(sources, of) for doc_id in claims_of.doc_ids}
        return shown_key(key, articles, labels)


def shown_key(story_key: str, articles: Iterable[tuple[str, str]], labels: dict[str, str]) -> str:
    """A story's key (`story_key_of`) with the labels its facts show for the sources of its
    articles ((independent source, doc_id) pairs)."""
    shown = sorted({(source, labels.get(source)) for article in articles for source in article})
    return hashlib.sha256((story_key + json.dumps(shown, ensure_ascii=False)).encode("utf-8")).hexdigest()
