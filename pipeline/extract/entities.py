"""One canonical name per person or organisation within an article.

A later mention that is a part of an earlier, longer name ("Musk" after
"Elon Musk") resolves to the longest form the article uses.
"""
from __future__ import annotations

from dataclasses import dataclass, field

NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT"}


def _clean(text: str) -> str:
    text = text.strip().strip("'\u2019\"")
    if text.endswith(("'s", "\u2019s")):
        text = text[:-2]
    return " ".join(text.split())


@dataclass
class EntityIndex:
    """Names of the article's entities, longest form first, with their labels."""

    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_doc(cls, doc) -> "EntityIndex":
        index = cls()
        for ent in doc.ents:
            if ent.label_ in NAME_LABELS:
                name = _clean(ent.text)
                if name:
                    index.names.setdefault(name, ent.label_)
        return index

    def canonical(self, text: str) -> str:
        """The longest name of this article whose words contain `text`'s words."""
        name = _clean(text)
        if not name:
            return ""
        words = name.lower().split()
        candidates = [
            full for full in self.names
            if len(full.split()) >= len(words) and _contains_run(full.lower().split(), words)
        ]
        return max(candidates, key=lambda n: (len(n.split()), len(n), n)) if candidates else name


def _contains_run(words: list[str], part: list[str]) -> bool:
    return any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1))
