"""The project's word lists and vocabularies, as data files."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load_groups(name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The groups of resources/<name>.txt, in file order: one `group: member, member, ...` a line,
    lower-cased, `#` starting a comment; a group's name keeps any marker it starts with."""
    text = resources.files(__name__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    groups = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if ":" in line:
            group, members = line.split(":", 1)
            groups.append((group.strip(), tuple(" ".join(m.split()) for m in members.split(",") if m.strip())))
    return tuple(groups)
