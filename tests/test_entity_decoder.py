"""Our greedy loop over spaCy's entity recogniser finds exactly the entities spaCy's own loop finds."""
from __future__ import annotations

import random

import numpy
import pytest
import spacy
from spacy.tokens import Doc, Span

from pipeline.extract.entity_decoder import can_decode, entity_decoder
from pipeline.extract.nlp import one_blas_thread, recognise_selectively

TEXTS = [
    "Mayor Ines Walcott said on Tuesday that the ferry to Port Alder would carry 300 passengers by June 4, 2026.",
    "Shares of Kestrel Holdings fell 4.5% to $12.30 in New York.\n\nThe board met in London.",
    "It rained.",
    "",
    "Elon Musk told a court in Oakland, California, that xAI had used OpenAI models. Grok was trained partly on them.",
    "  \n  The   European Union and the United Nations \t met at 9 a.m. on the first Monday of May",
]


def spacy_entities(recogniser, docs: list[Doc]) -> list[list[tuple[int, int, int]]]:
    copies = [doc.copy() for doc in docs]
    return [[(e.start, e.end, e.label) for e in doc.ents] for doc in recogniser.pipe(copies, batch_size=4)]


def unannotated(nlp, texts: list[str]) -> list[Doc]:
    return [nlp.make_doc(text) for text in texts]


def with_sentences(nlp, texts: list[str]) -> list[Doc]:
    with nlp.select_pipes(enable=["tok2vec", "parser"]):
        return [Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
                    sent_starts=[t.is_sent_start for t in doc]) for doc in nlp.pipe(texts)]


def test_the_english_models_recogniser_finds_the_same_entities(nlp):
    recogniser = nlp.get_pipe("ner")
    docs = unannotated(nlp, TEXTS)
    with one_blas_thread():
        found = entity_decoder(recogniser).entities(docs)
        expected = spacy_entities(recogniser, docs)
    assert found == expected
    assert (1, 3, nlp.vocab.strings["PERSON"]) in found[0]


def test_entities_do_not_cross_sentence_starts(nlp):
    recogniser = nlp.get_pipe("ner")
    docs = with_sentences(nlp, TEXTS)
    with one_blas_thread():
        assert entity_decoder(recogniser).entities(docs) == spacy_entities(recogniser, docs)


def test_an_untrained_recogniser_with_other_labels_decodes_the_same():
    """Random weights take moves a trained model rarely does (entities on every token, at
    sentence and Doc ends, next to white space): the validity rules decide most of them."""
    blank = spacy.blank("en")
    recogniser = blank.add_pipe("ner")
    for label in ("ALPHA", "BETA", "GAMMA"):
        recogniser.add_label(label)
    blank.initialize()
    upper = recogniser.model.get_ref("upper")  # initialised to zeros: every move would score the same
    numpy_rng = numpy.random.default_rng(7)
    for name in ("W", "b"):
        upper.set_param(name, numpy_rng.normal(size=upper.get_param(name).shape).astype("float32"))
    rng = random.Random(7)
    words = ["a", "b", "c", "\n\n", "d", "e", ".", "f", " ", "g"]
    docs = []
    for _ in range(30):
        chosen = [rng.choice(words) for _ in range(rng.randint(1, 40))]
        docs.append(Doc(blank.vocab, words=chosen, sent_starts=[i == 0 or rng.random() < 0.2 for i in range(len(chosen))]))
    decoder = entity_decoder(recogniser)
    assert decoder is not None
    found = decoder.entities(docs)
    assert found == spacy_entities(recogniser, docs)
    assert sum(map(len, found)) > 20


def test_no_doc_or_only_empty_docs_find_nothing(nlp):
    decoder = entity_decoder(nlp.get_pipe("ner"))
    assert decoder.entities([]) == []
    assert decoder.entities(unannotated(nlp, ["", ""])) == [[], []]


def test_a_beam_search_recogniser_is_left_to_spacy():
    blank = spacy.blank("en")
    recogniser = blank.add_pipe("beam_ner")
    recogniser.add_label("ALPHA")
    blank.initialize()
    assert entity_decoder(recogniser) is None


def test_docs_with_preset_entities_are_left_to_spacy(nlp):
    doc = nlp.make_doc("Ines Walcott visited Port Alder.")
    doc.set_ents([Span(doc, 3, 5, label="GPE")])
    assert not can_decode([doc])
    assert can_decode(unannotated(nlp, ["Ines Walcott visited Port Alder.", ""]))


@pytest.mark.parametrize("decoder_used", [True, False])
def test_selective_recognition_gives_the_same_entities_with_or_without_our_loop(nlp, decoder_used):
    recogniser = nlp.get_pipe("ner")
    decoder = entity_decoder(recogniser) if decoder_used else None
    with nlp.select_pipes(disable=["ner"]):
        docs = list(nlp.pipe(TEXTS))
    with one_blas_thread():
        recognised = recognise_selectively(recogniser, docs, 4, decoder)
    found = [[(e.text, e.label_) for e in doc.ents] for doc in recognised]
    assert ("Ines Walcott", "PERSON") in found[0] and ("Kestrel Holdings", "ORG") in found[1]
    assert found[4][0] == ("Elon Musk", "PERSON")
