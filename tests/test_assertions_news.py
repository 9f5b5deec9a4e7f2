"""Assertions a reader could check, and saying verbs that state nothing on their own."""
from __future__ import annotations

import pytest

from pipeline.extract import extract
from pipeline.records import Article

pytestmark = pytest.mark.slow


def assertions(text: str) -> list[str]:
    article = Article(doc_id="a", source="a.txt", label="a", text=text, language="en")
    return [c.surface for c in extract([article]) if c.type == "assertion"]


@pytest.mark.parametrize("text", [
    "Police in Dunmere said Saturday. The harbour reopened.",
    "Mayor Ines Calder told reporters on Monday. The harbour reopened.",
    "Ines Calder told Harbour Radio. The harbour reopened.",
    "City engineers estimate. The harbour reopened.",
])
def test_a_saying_verb_with_only_a_time_or_an_audience_is_no_assertion(text):
    assert assertions(text) == ["The harbour reopened"]


def test_what_was_said_is_the_assertion():
    found = assertions("Mayor Ines Calder said the harbour wall had collapsed after the storm.")
    assert any("harbour wall had collapsed" in surface for surface in found)
