"""Load the spaCy pipeline once; every extractor receives it ready-made."""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TypeVar

from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc, Span

from pipeline.errors import ModelError
from pipeline.extract.entity_decoder import can_decode, entity_decoder
from pipeline.settings import pick_model_name

log = logging.getLogger(__name__)
Context = TypeVar("Context")


def load_model(name: str = "", fast_components: bool = True):
    """Load (and cache per process) the spaCy pipeline `name` (default: the first installed default),
    with this package's components in place of spaCy's where `fast_components` (Settings)."""
    return _load_named_model(pick_model_name(name), fast_components)


@lru_cache(maxsize=4)
def _load_named_model(resolved: str, fast_components: bool = True):
    import spacy

    try:
        nlp = spacy.load(resolved)
    except OSError as exc:
        raise ModelError(
            f"cannot load spaCy model {resolved!r}: {exc}. Install it with pip "
            "(spacy download needs the internet) or pass --model NAME"
        ) from exc
    if fast_components:
        use_fast_components(nlp)
        multiply_with_numpy_blas(nlp)
    if "parser" in nlp.pipe_names and PARAGRAPH_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    log.info("loaded spaCy model %s (%s)", resolved, ", ".join(nlp.pipe_names))
    return nlp


def use_fast_components(nlp: Language) -> None:
    """Swap in `pipeline_attribute_ruler` and `pipeline_ner` for the model's ruler and recogniser
    (same names, patterns and weights; their factories show in `nlp.config`), where they can run."""
    from pipeline.extract.attribute_rules import FAST_ATTRIBUTE_RULER, compiled_or_none

    if "attribute_ruler" in nlp.pipe_names and nlp.get_pipe_meta("attribute_ruler").factory == "attribute_ruler":
        ruler = nlp.get_pipe("attribute_ruler")
        if compiled_or_none(ruler) is not None:
            patterns = ruler.patterns
            config = {key: value for key, value in nlp.config["components"]["attribute_ruler"].items() if key != "factory"}
            nlp.replace_pipe("attribute_ruler", FAST_ATTRIBUTE_RULER, config=config)
            nlp.get_pipe("attribute_ruler").add_patterns(patterns)
    if "ner" in nlp.pipe_names and nlp.get_pipe_meta("ner").factory == "ner" and standalone_recogniser(nlp) is not None:
        weights = nlp.get_pipe("ner").to_bytes(exclude=["vocab"])
        config = {key: value for key, value in nlp.config["components"]["ner"].items() if key != "factory"}
        nlp.replace_pipe("ner", DECODING_NER, config=config)
        nlp.get_pipe("ner").from_bytes(weights, exclude=["vocab"])


PARAGRAPH_BREAKS = "paragraph_breaks"


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """The first line of an article's clean text, its headline when it has one, is a sentence of
    its own: a headline has no full stop, and the parser would read it as the start of the
    sentence below it (it keeps boundaries set before it)."""
    after_break = False
    for token in doc:
        if after_break and not token.is_space:
            token.is_sent_start = True
            break
        after_break = "\n" in token.text or "\n" in token.whitespace_
    return doc


def multiply_with_numpy_blas(nlp) -> None:
    """Let the layers of `nlp` multiply matrices with numpy's BLAS instead of blis, through thinc's
    own switch (`NumpyOps(use_blis=False)`): same weights, same annotations (tests/test_matrix_products.py);
    the blis wheel here runs its generic kernels. Other ops (a GPU's) are left as they are.
    Without it `pipeline.extract` takes 10% longer (sample corpus + 200 synthetic articles, 2026-12-08)."""
    from thinc.api import NumpyOps

    numpy_blas = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        for node in model.walk() if hasattr(model, "walk") else ():
            if type(node.ops) is NumpyOps and node.ops.use_blis:
                node.ops = numpy_blas


@lru_cache(maxsize=1)
def _blas_threads():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread():
    """A block in which numpy's BLAS runs on one thread: parallel runs use processes (--jobs), and
    a worker whose BLAS started a thread per core would compete with the other workers."""
    return _blas_threads().limit(limits=1, user_api="blas")


TEXT_KEY = "pipeline.text"


def doc_text(doc) -> str:
    """`doc.text`, computed once per Doc: spaCy rebuilds it from every token on each access,
    which made extractors that read it per quote or per entity quadratic in article length."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


VALUES_KEY = "pipeline.values."


def token_values(doc: Doc, attribute: int) -> list[int]:
    """`doc.to_array(attribute)` as a list, computed once per Doc. Extractors scan it for the
    few tokens worth a Token object: building one costs more than the test that skips it,
    and a loop over every Token of every article added up to a fifth of extraction time."""
    key = f"{VALUES_KEY}{attribute}"
    values = doc.user_data.get(key)
    if values is None:
        values = doc.user_data[key] = doc.to_array(attribute).tolist()
    return values


def indices_where(doc: Doc, attribute: int, wanted: frozenset[int]) -> list[int]:
    """Indices of the tokens whose `attribute` value is one of `wanted` (hashes or ids)."""
    return [i for i, value in enumerate(token_values(doc, attribute)) if value in wanted]


class StringTest:
    """A test on strings, answered once per distinct string hash (LOWER, ORTH) of a vocabulary."""

    def __init__(self, test) -> None:
        self.test = test
        self.answers: dict[int, bool] = {}

    def indices(self, doc: Doc, attribute: int) -> list[int]:
        answers, strings = self.answers, doc.vocab.strings
        found = []
        for i, key in enumerate(token_values(doc, attribute)):
            answer = answers.get(key)
            if answer is None:
                answer = answers[key] = bool(self.test(strings[key]))
            if answer:
                found.append(i)
        return found


def parse(nlp, items: Iterable[tuple[str, Context]], batch_size: int) -> Iterator[tuple[Doc, Context]]:
    """`nlp.pipe` over the texts of `items`, in batches of up to BATCH_CHARS characters, with
    numpy's BLAS on one thread; each Doc keeps its text (TEXT_KEY) and comes with its context."""
    for batch in batches(items, batch_size, BATCH_CHARS):
        docs = [nlp.make_doc(text) for text, _ in batch]
        for doc, (text, _) in zip(docs, batch):
            doc.user_data[TEXT_KEY] = text  # what doc.text would rebuild from every token
        with one_blas_thread():
            docs = list(nlp.pipe(docs, batch_size=batch_size))
        yield from zip(docs, (context for _, context in batch), strict=True)


DECODING_NER = "pipeline_ner"


class DecodingEntityRecognizer(EntityRecognizer):
    """spaCy's entity recogniser (same model, saved and loaded the same way, the same entities)
    decoded by pipeline.extract.entity_decoder's loop where it can, else by spaCy's.
    Without it `pipeline.extract` takes 56% longer (sample corpus + 200 synthetic articles, 2026-12-08)."""

    def __call__(self, doc: Doc) -> Doc:
        return self.pipe([doc], batch_size=1)[0]

    def pipe(self, docs, *, batch_size: int = 256) -> list[Doc]:
        docs = list(docs)
        decoder = entity_decoder(self)  # made again each time: the model may have been changed since
        if decoder is None or not can_decode(docs):
            return list(super().pipe(docs, batch_size=batch_size))
        for doc, entities in zip(docs, decoder.entities(docs, batch_size), strict=True):
            doc.set_ents([Span(doc, start, end, label=label) for start, end, label in entities], default="outside")
        return docs


@Language.factory(
    DECODING_NER,
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
    default_config={
        "moves": None,
        "update_with_oracle_cut_size": 100,
        "model": {"@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "extra_state_tokens": False,
                  "hidden_width": 64, "maxout_pieces": 2, "use_upper": True,
                  "tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None, "width": 96,
                              "depth": 4, "embed_size": 2000, "window_size": 1, "maxout_pieces": 3,
                              "subword_features": True}},
        "incorrect_spans_key": None,
        "scorer": {"@scorers": "spacy.ner_scorer.v1"},
    },
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_decoding_ner(nlp: Language, name: str, model, moves, update_with_oracle_cut_size: int,
                       incorrect_spans_key, scorer) -> DecodingEntityRecognizer:
    return DecodingEntityRecognizer(
        nlp.vocab, model, name=name, moves=moves, update_with_oracle_cut_size=update_with_oracle_cut_size,
        incorrect_spans_key=incorrect_spans_key, scorer=scorer,
    )


BATCH_CHARS = 200_000
"""Characters of text parsed together at most (unless one text is longer): the parser's and
the recogniser's memory grows with the text of a batch, about 300 MB per 100,000 characters."""


def batches(items: Iterable[tuple[str, Context]], size: int, max_chars: int) -> Iterator[list[tuple[str, Context]]]:
    """Lists of up to `size` items holding up to `max_chars` characters of text (at least one item)."""
    batch: list[tuple[str, Context]] = []
    chars = 0
    for item in items:
        if batch and (len(batch) == size or chars + len(item[0]) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += len(item[0])
    if batch:
        yield batch


def standalone_recogniser(nlp):
    """The model's recogniser where it has its own embedding layer (our loop runs that layer
    itself), else None: one listening to a shared layer is left to spaCy."""
    if "ner" not in nlp.pipe_names:
        return None
    recogniser = nlp.get_pipe("ner")
    if any("listener" in layer.name for layer in recogniser.model.walk()):
        return None
    return recogniser
