"""Our greedy loop over spaCy's entity recogniser finds exactly the entities spaCy's own loop finds."""
from __future__ import annotations

import random

import numpy
import pytest
import spacy
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc, Span

from pipeline.extract.entity_decoder import can_decode, entity_decoder
from pipeline.extract.nlp import one_blas_thread

TEXTS = [
    "Mayor Ines Walcott said on Tuesday that the ferry to Port Alder would carry 300 passengers by June 4, 2026.",
    "Shares of Kestrel Holdings fell 4.5% to $12.30 in New York.\n\nThe board met in London.",
    "It rained.",
    "",
    "Elon Musk told a court in Oakland, California, that xAI had used OpenAI models. Grok was trained partly on them.",
    "  \n  The   European Union and the United Nations \t met at 9 a.m. on the first Monday of May",
]


def spacy_entities(recogniser, docs: list[Doc], batch_size: int = 4) -> list[list[tuple[int, int, int]]]:
    """The entities of spaCy's own loop (the model's recogniser is pipeline_ner, a subclass)."""
    copies = [doc.copy() for doc in docs]
    return [[(e.start, e.end, e.label) for e in doc.ents] for doc in EntityRecognizer.pipe(recogniser, copies, batch_size=batch_size)]


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
        found = entity_decoder(recogniser).entities(docs, 4)
        expected = spacy_entities(recogniser, docs)
    assert found == expected
    assert (1, 3, nlp.vocab.strings["PERSON"]) in found[0]


def test_entities_do_not_cross_sentence_starts(nlp):
    recogniser = nlp.get_pipe("ner")
    docs = with_sentences(nlp, TEXTS)
    with one_blas_thread():
        assert entity_decoder(recogniser).entities(docs, 4) == spacy_entities(recogniser, docs)


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
    found = decoder.entities(docs, 8)
    assert found == spacy_entities(recogniser, docs, 8)
    assert sum(map(len, found)) > 20


def test_no_doc_or_only_empty_docs_find_nothing(nlp):
    decoder = entity_decoder(nlp.get_pipe("ner"))
    assert decoder.entities([], 4) == []
    assert decoder.entities(unannotated(nlp, ["", ""]), 4) == [[], []]


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


def test_the_component_gives_the_entities_of_spacys_loop(nlp):
    recogniser = nlp.get_pipe("ner")
    with nlp.select_pipes(disable=["ner"]):
        ours, theirs = list(nlp.pipe(TEXTS)), list(nlp.pipe(TEXTS))
    with one_blas_thread():
        ours = recogniser.pipe(ours, batch_size=4)
        theirs = list(EntityRecognizer.pipe(recogniser, theirs, batch_size=4))
    found = [[(e.start, e.end, e.label_) for e in doc.ents] for doc in ours]
    assert found == [[(e.start, e.end, e.label_) for e in doc.ents] for doc in theirs]
    assert (1, 3, "PERSON") in found[0] and found[4][0] == (0, 2, "PERSON")
    assert [t.ent_iob_ for t in ours[2]] == [t.ent_iob_ for t in theirs[2]] == ["O", "O", "O"]


@pytest.mark.parametrize("batch_size", [2, 5, 32])
def test_batches_of_every_shape_find_the_same_entities(nlp, batch_size):
    """spaCy runs its model on groups of a quarter of a batch sorted by length: a one-token Doc,
    empty Docs and Docs of many lengths, in one or several groups."""
    recogniser = nlp.get_pipe("ner")
    texts = ["Paris", "", *TEXTS, "Ines Walcott", "", "Port Alder, May 4. " * 6, "Kestrel Holdings"] * 3
    docs = unannotated(nlp, texts)
    with one_blas_thread():
        assert entity_decoder(recogniser).entities(docs, batch_size) == spacy_entities(recogniser, docs, batch_size)


def test_a_sentence_start_stops_an_entity(nlp):
    recogniser = nlp.get_pipe("ner")
    words = ["She", "flew", "to", "New", "York", "City", "on", "Monday", "."]
    whole = Doc(nlp.vocab, words=words)
    split = Doc(nlp.vocab, words=words, sent_starts=[i in (0, 4) for i in range(len(words))])
    with one_blas_thread():
        decoder = entity_decoder(recogniser)
        assert (3, 6) in [(start, end) for start, end, _ in decoder.entities([whole], 4)[0]]
        found = decoder.entities([split], 4)[0]
    assert found == spacy_entities(recogniser, [split])[0]
    assert all(not (start < 4 < end) for start, end, _ in found)


def blank_recogniser(**model):
    blank = spacy.blank("en")
    recogniser = blank.add_pipe("ner", config={"model": {**DEFAULT_MODEL, **model}} if model else {})
    recogniser.add_label("ALPHA")
    blank.initialize()
    return recogniser


DEFAULT_MODEL = {
    "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "extra_state_tokens": False,
    "hidden_width": 16, "maxout_pieces": 2, "use_upper": True, "nO": None,
    "tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None, "width": 32, "depth": 1,
                "embed_size": 500, "window_size": 1, "maxout_pieces": 3, "subword_features": True},
}


@pytest.mark.parametrize("model", [{"use_upper": False}, {"extra_state_tokens": True}])
def test_recognisers_of_other_shapes_are_left_to_spacy(model):
    assert entity_decoder(blank_recogniser()) is not None
    assert entity_decoder(blank_recogniser(**model)) is None


def test_a_recogniser_with_unseen_classes_or_other_ops_is_left_to_spacy():
    from thinc.api import NumpyOps

    class OtherOps(NumpyOps):
        """Ops of another kind, such as Apple's, whose C BLAS spaCy's loop would use."""

    unseen = blank_recogniser()
    unseen.model.attrs["unseen_classes"].add(0)
    assert entity_decoder(unseen) is None
    other = blank_recogniser()
    other.model.ops = OtherOps()
    assert entity_decoder(other) is None


def test_scores_that_are_not_finite_are_decoded_as_spacy_does():
    """A NaN or an infinite weight: spaCy takes the first valid move unless a later valid one
    scores higher, and maxout keeps a piece unless the next is larger."""
    recogniser = blank_recogniser()
    upper, lower = recogniser.model.get_ref("upper"), recogniser.model.get_ref("lower")
    rng = numpy.random.default_rng(3)
    for layer, name in ((upper, "W"), (upper, "b"), (lower, "b")):
        layer.set_param(name, rng.normal(size=layer.get_param(name).shape).astype("float32"))
    bias = upper.get_param("b").copy()
    names = [recogniser.moves.get_class_name(i) for i in range(recogniser.moves.n_moves)]
    bias[names.index("L-ALPHA")] = numpy.inf  # never valid on a closed state
    bias[names.index("U-ALPHA")] = numpy.nan
    upper.set_param("b", bias)
    hidden = lower.get_param("b").copy()
    hidden[0, 0] = numpy.nan
    lower.set_param("b", hidden)
    docs = [Doc(recogniser.vocab, words=list("abcdefg")[: n + 1]) for n in range(7)]
    assert entity_decoder(recogniser).entities(docs, 4) == spacy_entities(recogniser, docs)
