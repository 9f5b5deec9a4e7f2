"""A model saved with spaCy's standard tokenizer loads it into an empty one: the same tokenizer, built once."""
from __future__ import annotations

import spacy
from spacy.util import load_model_from_config

from pipeline.extract.nlp import SPACY_TOKENIZER, load_model, saved_tokenizer_is_spacys
from pipeline.settings import pick_model_name

TEXT = "Dr. Chen didn't say it's $4.5bn (U.S.) on 30 Apr. 2026 -- see https://example.org/a?b=1 :)"


def test_the_default_models_tokenizer_is_the_one_spacy_loads():
    ours = load_model()
    theirs = spacy.load(pick_model_name())

    assert saved_tokenizer_is_spacys(pick_model_name())
    assert ours.tokenizer.to_bytes(exclude=["vocab"]) == theirs.tokenizer.to_bytes(exclude=["vocab"])
    assert [t.text for t in ours.tokenizer(TEXT)] == [t.text for t in theirs.tokenizer(TEXT)]


def test_the_loaded_models_config_names_spacys_tokenizer_and_builds_it_again():
    config = load_model().config

    assert config["nlp"]["tokenizer"] == SPACY_TOKENIZER
    rebuilt = load_model_from_config(config, auto_fill=False, validate=False)
    assert [t.text for t in rebuilt.tokenizer("It didn't (U.S.).")] == ["It", "did", "n't", "(", "U.S.", ")", "."]


def test_a_model_saved_with_spacys_tokenizer_is_loaded_the_same_way(tmp_path):
    spacy.blank("en").to_disk(tmp_path / "blank")

    assert saved_tokenizer_is_spacys(str(tmp_path / "blank"))
    nlp = load_model(str(tmp_path / "blank"))
    assert [t.text for t in nlp.tokenizer("It's 4.5bn.")] == ["It", "'s", "4.5bn", "."]


def test_a_model_with_another_tokenizer_or_none_saved_is_loaded_as_spacy_loads_it(tmp_path):
    spacy.blank("en").to_disk(tmp_path / "other")
    config = tmp_path / "other" / "config.cfg"
    config.write_text(config.read_text().replace('"spacy.Tokenizer.v1"', '"custom.Tokenizer.v1"'))
    spacy.blank("en").to_disk(tmp_path / "unsaved", exclude=["tokenizer"])

    assert not saved_tokenizer_is_spacys(str(tmp_path / "other"))
    assert not saved_tokenizer_is_spacys(str(tmp_path / "unsaved"))
    assert not saved_tokenizer_is_spacys("no_such_model_package")


def test_a_headline_is_a_sentence_of_its_own(nlp):
    doc = nlp("Fire halts work at the Kessel warehouse\nA fire broke out at the warehouse on Monday.")

    assert [sentence.text.strip() for sentence in doc.sents] == [
        "Fire halts work at the Kessel warehouse", "A fire broke out at the warehouse on Monday."]
    assert "paragraph_breaks" in nlp.pipe_names
