"""The model loads with this package's components in place of spaCy's, named in its config, or as spaCy loads it."""
from __future__ import annotations

from spacy.pipeline import AttributeRuler, EntityRecognizer
from spacy.util import load_model_from_config

from pipeline.extract.attribute_rules import FAST_ATTRIBUTE_RULER, TableAttributeRuler
from pipeline.extract.nlp import DECODING_NER, DecodingEntityRecognizer, load_model


def factories(nlp) -> dict[str, str]:
    return {name: nlp.get_pipe_meta(name).factory for name in nlp.pipe_names}


def test_the_fast_components_are_registered_and_named_in_the_config(nlp):
    assert factories(nlp)["attribute_ruler"] == FAST_ATTRIBUTE_RULER
    assert factories(nlp)["ner"] == DECODING_NER
    assert nlp.config["components"]["attribute_ruler"]["factory"] == FAST_ATTRIBUTE_RULER
    assert nlp.config["components"]["ner"]["factory"] == DECODING_NER
    assert isinstance(nlp.get_pipe("attribute_ruler"), TableAttributeRuler)
    assert isinstance(nlp.get_pipe("ner"), DecodingEntityRecognizer)


def test_the_config_builds_the_same_components_again(nlp):
    rebuilt = load_model_from_config(nlp.config, auto_fill=False, validate=False)
    assert factories(rebuilt) == factories(nlp)


def test_the_fast_components_keep_the_models_patterns_and_weights(nlp):
    plain = load_model(fast_components=False)
    assert nlp.get_pipe("attribute_ruler").patterns == plain.get_pipe("attribute_ruler").patterns
    assert nlp.get_pipe("ner").to_bytes(exclude=["vocab"]) == plain.get_pipe("ner").to_bytes(exclude=["vocab"])


def test_without_fast_components_the_model_runs_as_spacy_loads_it():
    plain = load_model(fast_components=False)
    assert factories(plain)["attribute_ruler"] == "attribute_ruler" and factories(plain)["ner"] == "ner"
    assert type(plain.get_pipe("attribute_ruler")) is AttributeRuler
    assert type(plain.get_pipe("ner")) is EntityRecognizer


def test_a_headline_is_a_sentence_of_its_own(nlp):
    doc = nlp("Fire halts work at the Kessel warehouse\nA fire broke out at the warehouse on Monday.")

    assert [sentence.text.strip() for sentence in doc.sents] == [
        "Fire halts work at the Kessel warehouse", "A fire broke out at the warehouse on Monday."]
    assert "paragraph_breaks" in nlp.pipe_names
