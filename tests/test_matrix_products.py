"""The model multiplies its matrices with numpy's BLAS on one thread, and annotates as with blis."""
from __future__ import annotations

from types import SimpleNamespace

import numpy
import spacy
from thinc.api import Linear, NumpyOps
from threadpoolctl import threadpool_info

from pipeline.extract.nlp import multiply_with_numpy_blas, one_blas_thread, parse
from pipeline.ingest import ingest
from tests.conftest import SAMPLE


def blas_threads() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_) for t in doc]


def test_loaded_models_use_numpy_blas_not_blis(nlp):
    ops = [node.ops for _, component in nlp.pipeline if getattr(component, "model", None) for node in component.model.walk()]
    assert ops and all(type(op) is NumpyOps and not op.use_blis for op in ops)


def test_other_ops_are_left_alone():
    class OtherOps(NumpyOps):
        pass

    layer = Linear(2, 2)
    layer.ops = OtherOps()
    multiply_with_numpy_blas(SimpleNamespace(pipeline=[("custom", SimpleNamespace(model=layer))]))
    assert type(layer.ops) is OtherOps


def test_blas_runs_on_one_thread_only_inside_the_block():
    numpy.ones(1)  # numpy's BLAS is loaded
    before = blas_threads()
    with one_blas_thread():
        assert blas_threads() and set(blas_threads()) == {1}
    assert blas_threads() == before


def test_annotations_are_those_of_the_model_with_blis(nlp):
    texts = [a.text for a in ingest([SAMPLE]) if a.status == "ok" and a.text]
    with_blis = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"])
    with_blis.add_pipe("paragraph_breaks", before="parser")
    assert all(type(node.ops) is NumpyOps and node.ops.use_blis for node in with_blis.get_pipe("ner").model.walk())
    ours = [doc for doc, _ in parse(nlp, ((text, None) for text in texts), batch_size=4)]
    theirs = [doc for doc, _ in parse(with_blis, ((text, None) for text in texts), batch_size=4)]
    assert len(ours) == len(texts) >= 5
    assert [annotations(doc) for doc in ours] == [annotations(doc) for doc in theirs]


def test_an_article_is_annotated_the_same_alone_or_in_a_batch(nlp):
    """Runs with other --jobs, or re-runs that spread new articles over the workers, batch
    articles differently: a matrix product's rows must not depend on the rows beside them."""
    texts = [a.text for a in ingest([SAMPLE]) if a.status == "ok" and a.text] + ["Hi.", "Mayor Ines Walcott spoke."]
    together = [annotations(doc) for doc, _ in parse(nlp, ((text, None) for text in texts), batch_size=len(texts))]
    alone = [annotations(next(parse(nlp, [(text, None)], batch_size=1))[0]) for text in texts]
    assert together == alone
