"""The default model loads its saved tokenizer into an empty one: the same tokenizer, built once."""
from __future__ import annotations

import spacy

from pipeline.extract.nlp import load_model, pick_model_name


def test_the_default_models_tokenizer_is_the_one_spacy_loads():
    ours = load_model()
    theirs = spacy.load(pick_model_name())

    assert theirs.config["nlp"]["tokenizer"] == {"@tokenizers": "spacy.Tokenizer.v1"}
    assert ours.config["nlp"]["tokenizer"] == {"@tokenizers": "pipeline.tokenizer_from_disk.v1"}
    assert ours.tokenizer.to_bytes(exclude=["vocab"]) == theirs.tokenizer.to_bytes(exclude=["vocab"])
    text = "Dr. Chen didn't say it's $4.5bn (U.S.) on 30 Apr. 2026 -- see https://example.org/a?b=1 :)"
    assert [t.text for t in ours(text)] == [t.text for t in theirs(text)]


def test_a_model_named_by_the_user_loads_with_its_own_tokenizer(tmp_path):
    spacy.blank("en").to_disk(tmp_path / "blank")

    nlp = load_model(str(tmp_path / "blank"))
    assert nlp.config["nlp"]["tokenizer"] == {"@tokenizers": "spacy.Tokenizer.v1"}
    assert [t.text for t in nlp("It's 4.5bn.")] == ["It", "'s", "4.5bn", "."]
