"""Language of an article's clean text, as an ISO 639-1 code."""
from __future__ import annotations

import py3langid


def load_model() -> None:
    """Load the identifier's model now (0.6-0.7 s), instead of on the first text."""
    py3langid.classify("")


def detect_language(text: str) -> str:
    language, _score = py3langid.classify(text)
    return language


def language_code(value: str) -> str:
    """The ISO 639-1 part of a record's own language tag ("en-US" -> "en")."""
    return value.strip().replace("_", "-").split("-")[0].lower()
