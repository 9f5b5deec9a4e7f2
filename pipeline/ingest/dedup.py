"""Mark copies: exact copies by their text, syndicated near-copies by shingle similarity.

A near-copy (the same story with another byline, dateline or footer) shares
almost all of its word 5-grams with the original. Each text gets a MinHash
signature of its 5-gram shingles; locality-sensitive hashing on bands of the
signature finds the earlier texts that can be similar (16 bands of 8 rows:
a pair at Jaccard 0.9 becomes a candidate with probability > 0.999, a pair at
0.5 with probability 0.06), and the share of equal signature values estimates
their Jaccard similarity (standard error about 0.03 near 0.9 with 128 values).

Copies are marked, never dropped: `duplicate_of` names the first copy in
input order, through chains (a copy of a copy points at the original).
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import defaultdict
from functools import lru_cache
from itertools import islice

import numpy as np

from pipeline.records import Article, content_id

SHINGLE_WORDS = 5
SIGNATURE_SIZE = 128
BANDS = 16
_ROWS = SIGNATURE_SIZE // BANDS
_SIGNATURE_SEEDS = np.random.default_rng(20260501).integers(0, 2**63, size=SIGNATURE_SIZE, dtype=np.uint64)
_WORD = re.compile(r"\w+")


class DuplicateIndex:
    """The articles seen so far, to tell whether the next one copies one of them."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self._first_by_text: dict[str, str] = {}
        self._signatures: list[np.ndarray] = []
        self._originals: list[str] = []
        self._buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)

    def mark(self, article: Article, signature: bytes | None = None) -> Article:
        """The article with `duplicate_of` set if it copies an earlier one (exact copies get their own doc_id).

        `signature`: the text's `signature_bytes`, when they were worked out elsewhere (a worker, a cache).
        """
        text_id = article.doc_id
        if text_id in self._first_by_text:
            return dataclasses.replace(
                article,
                doc_id=content_id(" ".join(article.text.split()), article.source),
                duplicate_of=self._first_by_text[text_id],
            )
        if signature is None:
            signature = minhash_signature(article.text)
        else:
            signature = np.frombuffer(signature, dtype=np.uint64) if signature else None
        original = self._near_copy_of(signature) if signature is not None else ""
        self._first_by_text[text_id] = original or text_id
        if signature is not None:
            self._add(signature, original or text_id)
        return dataclasses.replace(article, duplicate_of=original) if original else article

    def _near_copy_of(self, signature: np.ndarray) -> str:
        candidates = set()
        for band, key in enumerate(_band_keys(signature)):
            candidates.update(self._buckets.get((band, key), ()))
        for index in sorted(candidates):
            if np.mean(self._signatures[index] == signature) >= self.threshold:
                return self._originals[index]
        return ""

    def _add(self, signature: np.ndarray, original: str) -> None:
        index = len(self._signatures)
        self._signatures.append(signature)
        self._originals.append(original)
        for band, key in enumerate(_band_keys(signature)):
            self._buckets[(band, key)].append(index)


def shingles(text: str) -> set[str]:
    """Word 5-grams of the lower-cased `\\w+` tokens."""
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def minhash_signature(text: str) -> np.ndarray | None:
    """For each of 128 hash functions, the smallest hash over the text's shingles (None: too short).

    A shingle's hash is built from its words' hashes in numpy rather than by hashing
    its text: equal 5-grams get equal hashes, different ones differ (each word is mixed
    in after the hash of the words before it, so order counts and repeated words do
    not cancel), and frequent words are hashed once. Measured side by side on 1,000
    synthetic articles: 1.4-1.5 s -> 0.9-1.1 s.

    The words are taken SHINGLE_CHUNK at a time (each chunk with the last words of the one
    before), so that memory stays bounded whatever the text's length: the minimum over the
    chunks is the minimum over all shingles.
    """
    words = (match.group() for match in _WORD.finditer(text.lower()))
    signature = None
    carried = np.empty(0, dtype=np.uint64)
    while True:
        chunk = np.fromiter(map(_word_hash, islice(words, SHINGLE_CHUNK)), dtype=np.uint64)
        if not len(chunk):
            return signature
        word_hashes = np.concatenate((carried, chunk))
        carried = word_hashes[-(SHINGLE_WORDS - 1):]
        if len(word_hashes) < SHINGLE_WORDS:
            continue
        least = _chunk_signature(word_hashes)
        signature = least if signature is None else np.minimum(signature, least)


SHINGLE_CHUNK = 1 << 14
"""Words hashed at a time: the largest array of a chunk is 16,384 x 128 hashes (16 MB)."""


def _chunk_signature(word_hashes: np.ndarray) -> np.ndarray:
    count = len(word_hashes) - SHINGLE_WORDS + 1
    hashes = _mix(word_hashes[:count])
    for offset in range(1, SHINGLE_WORDS):
        hashes = _mix(hashes ^ word_hashes[offset : offset + count])
    values = hashes[:, None] ^ _SIGNATURE_SEEDS[None, :]
    return _mix(values).min(axis=0)


def signature_bytes(text: str) -> bytes:
    """`minhash_signature` as bytes, for `DuplicateIndex.mark` (b"": too short to have one)."""
    signature = minhash_signature(text)
    return b"" if signature is None else signature.tobytes()


@lru_cache(maxsize=1 << 15)
def _word_hash(word: str) -> int:
    """A hash that is the same in every process (`hash` of a str is salted per process). The
    cache holds the 32,768 most recent words (about 6 MB): most words of news text are frequent."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a bijection of 64-bit integers that spreads every input bit."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _band_keys(signature: np.ndarray) -> list[bytes]:
    return [signature[band * _ROWS : (band + 1) * _ROWS].tobytes() for band in range(BANDS)]
