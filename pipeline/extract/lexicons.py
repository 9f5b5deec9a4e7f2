"""Word lists kept as data files in pipeline/resources/, loaded once."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load_words(name: str) -> frozenset[str]:
    """Entries of resources/<name>.txt: one per line, lower-cased; `#` starts a comment."""
    text = resources.files("pipeline.resources").joinpath(f"{name}.txt").read_text(encoding="utf-8")
    entries = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(e for e in entries if e)
