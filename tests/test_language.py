"""Plainly English text is recognised without the language identifier; anything else goes to it."""
from __future__ import annotations

import py3langid
import pytest

from pipeline.ingest.language import detect_language, plainly_english

ENGLISH = (
    "The council said on Tuesday that the bridge would reopen after repairs, which were delayed by "
    "the storm. Engineers from the county have inspected the structure and their report, published "
    "with the minutes, found that the deck was sound. Residents who live near the river said they "
    "had waited for months and that the detour was long. The mayor, who was not at the meeting, "
    "will visit the site next week, according to his office."
)
GERMAN = (
    "Der Stadtrat hat am Dienstag beschlossen, dass die Brücke nach der Reparatur wieder geöffnet "
    "wird. Die Ingenieure des Landkreises haben das Bauwerk geprüft und in ihrem Bericht festgestellt, "
    "dass die Fahrbahn in gutem Zustand ist. Anwohner sagten, sie hätten monatelang gewartet und der "
    "Umweg sei lang. Der Bürgermeister war nicht bei der Sitzung und wird die Baustelle nächste Woche "
    "besuchen, teilte sein Büro mit."
)
SPANISH = (
    "El ayuntamiento anunció el martes que el puente volverá a abrir después de las reparaciones, que "
    "se retrasaron por la tormenta. Los ingenieros del condado inspeccionaron la estructura y su informe "
    "concluyó que el tablero está en buen estado. Los vecinos dijeron que esperaron durante meses y que "
    "el desvío era largo. El alcalde visitará la obra la próxima semana, según su oficina."
)


def test_english_news_is_plainly_english_and_agrees_with_the_identifier():
    assert plainly_english(ENGLISH)
    assert detect_language(ENGLISH) == py3langid.classify(ENGLISH)[0] == "en"


@pytest.mark.parametrize("text, language", [(GERMAN, "de"), (SPANISH, "es")])
def test_other_languages_go_to_the_identifier(text, language):
    assert not plainly_english(text)
    assert detect_language(text) == language


def test_a_few_english_words_in_a_foreign_text_do_not_make_it_english():
    mixed = GERMAN + ' Er sagte: "the bridge was never closed for the public".'
    assert detect_language(mixed) == "de"


def test_an_english_opening_does_not_make_a_foreign_text_english():
    assert detect_language(ENGLISH + " " + GERMAN + " " + GERMAN) == "de"


def test_short_text_goes_to_the_identifier(monkeypatch):
    asked = []
    monkeypatch.setattr(py3langid, "classify", lambda text: asked.append(text) or ("en", 1.0))

    assert detect_language("The bridge was closed and the river was high.") == "en"
    assert asked == ["The bridge was closed and the river was high."]


def test_plain_english_is_not_sent_to_the_identifier(monkeypatch):
    monkeypatch.setattr(py3langid, "classify", lambda text: pytest.fail("the identifier was asked"))

    assert detect_language(ENGLISH) == "en"

