"""The lemmatizer asked once per kind of word gives every word the lemma the lemmatizer gives it."""
from __future__ import annotations

from spacy.tokens import Doc

from pipeline.extract.lemmas import MemoLemmatizer, memo_lemmatizer, set_indexed
from pipeline.ingest import ingest
from tests.conftest import SAMPLE


def tagged(nlp, text: str) -> Doc:
    """`text` through every component before the lemmatizer."""
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        if name == "lemmatizer":
            return doc
        doc = component(doc)
    raise AssertionError("no lemmatizer in the pipeline")


def test_every_lemma_is_the_lemmatizers(nlp):
    texts = [a.text for a in ingest([SAMPLE]) if a.status == "ok" and a.text]
    memo = memo_lemmatizer(nlp.get_pipe("lemmatizer"))
    assert isinstance(memo, MemoLemmatizer)
    memo.checked = True  # every text through the memo (the first would go to the component itself)
    ours = [memo(tagged(nlp, text)) for text in texts]
    theirs = [nlp.get_pipe("lemmatizer")(tagged(nlp, text)) for text in texts]
    assert len(ours) >= 5 and memo.lemmas
    assert [[t.lemma_ for t in doc] for doc in ours] == [[t.lemma_ for t in doc] for doc in theirs]


def test_a_word_seen_again_is_not_sent_to_the_lemmatizer(nlp):
    lemmatizer = nlp.get_pipe("lemmatizer")
    asked = []
    memo = MemoLemmatizer(lemmatizer)
    memo.checked = True
    original = lemmatizer.lemmatize
    lemmatizer.lemmatize = lambda token: asked.append(token.text) or original(token)
    try:
        doc = memo(tagged(nlp, "The plants closed. The plants closed again."))
    finally:
        lemmatizer.lemmatize = original
    assert [t.lemma_ for t in doc][:3] == ["the", "plant", "close"]
    assert asked.count("plants") == 1 and asked.count("closed") == 1


def test_a_lemma_already_set_is_kept(nlp):
    memo = MemoLemmatizer(nlp.get_pipe("lemmatizer"))
    memo.checked = True
    doc = tagged(nlp, "Prices rose.")
    doc[1].lemma_ = "climb"
    assert [t.lemma_ for t in memo(doc)] == ["price", "climb", "."]


def test_with_overwrite_a_lemma_already_set_is_replaced_as_the_lemmatizer_does(nlp, monkeypatch):
    lemmatizer = nlp.get_pipe("lemmatizer")
    monkeypatch.setattr(lemmatizer, "overwrite", True)
    memo = MemoLemmatizer(lemmatizer)
    memo.checked = True
    ours, theirs = tagged(nlp, "Prices rose."), tagged(nlp, "Prices rose.")
    ours[1].lemma_ = theirs[1].lemma_ = "climb"

    assert [t.lemma_ for t in memo(ours)] == [t.lemma_ for t in lemmatizer(theirs)] == ["price", "rise", "."]


def test_the_first_doc_goes_to_the_lemmatizer_itself(nlp, monkeypatch):
    lemmatizer = nlp.get_pipe("lemmatizer")
    memo = MemoLemmatizer(lemmatizer)
    calls = []
    monkeypatch.setattr(type(lemmatizer), "__call__", lambda self, doc: calls.append(doc) or doc)

    doc = tagged(nlp, "Prices rose.")
    memo(doc)
    memo(tagged(nlp, "Prices fell."))
    assert calls == [doc]


def test_the_set_indexed_copy_gives_every_word_the_lemmatizers_lemma(nlp):
    lemmatizer = nlp.get_pipe("lemmatizer")
    fast = set_indexed(lemmatizer)
    words = [token for text in (a.text for a in ingest([SAMPLE]) if a.status == "ok" and a.text)
             for token in tagged(nlp, text)]
    assert len(words) > 1000
    assert [fast.lemmatize(token) for token in words] == [lemmatizer.rule_lemmatize(token) for token in words]


def test_the_set_indexed_copy_leaves_the_models_tables_and_cache_alone(nlp):
    lemmatizer = nlp.get_pipe("lemmatizer")
    cache = lemmatizer.cache
    fast = set_indexed(lemmatizer)
    fast(tagged(nlp, "The plants closed."))

    index = lemmatizer.lookups.get_table("lemma_index")
    assert all(isinstance(words, list) for words in index.values())
    assert all(isinstance(words, frozenset) for words in fast.lookups.get_table("lemma_index").values())
    assert lemmatizer.cache is cache and fast.cache is not cache
    assert fast.lemmatize.__self__ is fast


def test_the_memo_reads_overwrite_from_the_models_lemmatizer_on_each_doc(nlp, monkeypatch):
    lemmatizer = nlp.get_pipe("lemmatizer")
    memo = memo_lemmatizer(lemmatizer)
    memo.checked = True
    monkeypatch.setattr(lemmatizer, "overwrite", True)  # set after the memo was made
    doc = tagged(nlp, "Prices rose.")
    doc[1].lemma_ = "climb"

    assert memo.lemmatize is not None  # unseen words go to the set-indexed copy
    assert [t.lemma_ for t in memo(doc)] == ["price", "rise", "."]
