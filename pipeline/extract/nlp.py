"""Load the spaCy pipeline once; every extractor receives it ready-made."""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TypeVar

from spacy.attrs import IS_CURRENCY, LIKE_NUM, LOWER, ORTH, POS
from spacy.symbols import NUM, PROPN
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import registry

from pipeline.errors import ModelError
from pipeline.extract.entity_decoder import Entity, can_decode, entity_decoder
from pipeline.settings import model_folder, pick_model_name

log = logging.getLogger(__name__)
Context = TypeVar("Context")


def load_model(name: str = ""):
    """Load (and cache per process) the spaCy pipeline `name` (default: the first installed default)."""
    return _load_named_model(pick_model_name(name))


@lru_cache(maxsize=4)
def _load_named_model(resolved: str):
    import spacy

    into_empty = saved_tokenizer_is_spacys(resolved)
    try:
        nlp = spacy.load(resolved, config=TOKENIZER_FROM_DISK if into_empty else {})
    except OSError as exc:
        raise ModelError(
            f"cannot load spaCy model {resolved!r}: {exc}. Install it with pip "
            "(spacy download needs the internet) or pass --model NAME"
        ) from exc
    if into_empty:  # the tokenizer is spaCy's as saved: the config says so, for whoever reuses it
        nlp.config["nlp"]["tokenizer"] = dict(SPACY_TOKENIZER)
    multiply_with_numpy_blas(nlp)
    if "parser" in nlp.pipe_names and PARAGRAPH_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    log.info("loaded spaCy model %s (%s)", resolved, ", ".join(nlp.pipe_names))
    return nlp


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


@registry.tokenizers("pipeline.tokenizer_from_disk.v1")
def tokenizer_from_disk():
    """An empty tokenizer for the model's saved one to be loaded into. spaCy first builds a
    model's tokenizer from its language's defaults (for English, 1,347 special cases, each
    checked against the affix rules) and then builds it again from the tokenizer saved with
    the model, which replaces every part of it. Where the saved one is spaCy's standard
    tokenizer (`saved_tokenizer_is_spacys`), loading it into an empty one gives the same
    tokenizer (tests/test_nlp_load.py compares the bytes): the default model loaded in
    0.23-0.26 s with spaCy's factory and 0.19-0.21 s with this one (five alternating loads
    each). The loaded model's config names spaCy's factory again."""

    def empty_tokenizer(nlp) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return empty_tokenizer


TOKENIZER_FROM_DISK = {"nlp": {"tokenizer": {"@tokenizers": "pipeline.tokenizer_from_disk.v1"}}}
SPACY_TOKENIZER = {"@tokenizers": "spacy.Tokenizer.v1"}


def saved_tokenizer_is_spacys(name: str) -> bool:
    """Whether the model `name` (a package or a folder) was saved with spaCy's standard
    tokenizer: its config names it and the tokenizer's file is there (reading the config:
    about 3 ms). Anything unexpected answers False, and the model loads as spaCy loads it."""
    from spacy.util import get_model_meta, load_config

    try:
        folder = model_folder(name)
        if folder is None:
            return False
        if not (folder / "config.cfg").is_file():  # a package: the model is in its data folder
            meta = get_model_meta(folder)
            folder = folder / f"{meta['lang']}_{meta['name']}-{meta['version']}"
        if not (folder / "tokenizer").is_file():
            return False
        return load_config(folder / "config.cfg", interpolate=False)["nlp"]["tokenizer"] == SPACY_TOKENIZER
    except Exception:  # noqa: BLE001 - an unusual model is loaded the usual way
        return False


def multiply_with_numpy_blas(nlp) -> None:
    """Let the layers of `nlp` multiply matrices with numpy's BLAS (OpenBLAS) instead of blis,
    through thinc's own switch (`NumpyOps(use_blis=False)`): same weights, same annotations
    (tests/test_matrix_products.py). Here the blis wheel runs its 'generic' kernels: a product
    of the small models' shapes (12,000 x 288 by 288 x 288) took 69-78 ms with blis and
    20-22 ms with OpenBLAS on one thread, and `nlp.pipe` of en_core_web_sm over 150
    articles 12.5-12.9 s and 8.7-9.0 s. The parser's and the entity recogniser's step-by-step
    loop (compiled, through thinc's `CBlas`) still calls blis: thinc offers no switch for it.
    Other ops (a GPU's, Apple's) are left as they are."""
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


def forget_token_values(doc: Doc) -> None:
    for key in [key for key in doc.user_data if isinstance(key, str) and key.startswith(VALUES_KEY)]:
        del doc.user_data[key]


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


ENTITY_CUE_WORDS = frozenset({
    "hour", "hours", "minute", "minutes", "second", "seconds", "decade", "decades",
    "centuries", "quarter", "quarters", "first", "last", "once", "twice", "half", "dozen", "dozens",
    "hundreds", "thousands", "millions", "billions", "percent", "overnight", "hourly", "daily",
    "weekly", "monthly", "yearly", "annual", "annually",
})
"""Lower-case words the entity recogniser labels on their own (TIME, DATE, ORDINAL, CARDINAL,
PERCENT), besides the date words of pipeline.extract.dates."""


def parse(nlp, items: Iterable[tuple[str, Context]], batch_size: int) -> Iterator[tuple[Doc, Context]]:
    """`nlp.pipe(items, as_tuples=True)`, with three components run in a cheaper way of our own.

    The attribute ruler is applied through lookup tables (pipeline.extract.attribute_rules:
    the same attributes, a tenth of the time), and the lemmatizer asked once per kind of
    word (pipeline.extract.lemmas: the same lemmas). The entity recogniser runs only where an
    entity can be: the recogniser of the small English models has its own embedding
    layer and costs about as much as all the other components together. A sentence
    without a proper noun, a number, a capitalised word past its first, or a date
    word holds no entity the extractors read, so the recogniser runs on runs of the
    other sentences only (with their sentence boundaries, which it respects); the
    rest are marked as outside any entity. On news text a quarter to a third of the
    sentences are skipped. The claims of the seeds and the sample corpus come out the
    same (tests compare); with 0.4 MB of real news bodies from the article-extraction
    benchmark added, all 4,527 claims were found again and 8 differed in a field (an
    entity seen with less context). Pipelines whose recogniser listens to a shared
    embedding layer run it whole. The recogniser's step-by-step loop is our own
    (pipeline.extract.entity_decoder: the same entities; the recogniser took 9.4 s -> about
    4 s over 300 synthetic articles).
    """
    steps = parse_steps(nlp, pipeline_signature(nlp))
    for batch in batches(items, batch_size, BATCH_CHARS):
        docs = [nlp.make_doc(text) for text, _ in batch]
        for doc, (text, _) in zip(docs, batch):
            doc.user_data[TEXT_KEY] = text  # what doc.text would rebuild from every token
        with one_blas_thread():
            for step in steps:
                docs = step(docs, batch_size)
        for doc in docs:
            forget_token_values(doc)  # read while annotating: the extractors read the final values
        yield from zip(docs, (context for _, context in batch), strict=True)


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


def pipeline_signature(nlp) -> tuple:
    """What the compiled steps depend on: the components, and how many rules the attribute ruler has."""
    ruler = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.pipe_names else None
    return (tuple((name, id(component)) for name, component in nlp.pipeline), len(ruler.patterns) if ruler else 0)


@lru_cache(maxsize=4)
def parse_steps(nlp, signature: tuple) -> list:
    """One function per component of `nlp` (its `pipeline_signature` is the key of the cache),
    from a batch of Docs to the same Docs annotated."""
    from pipeline.extract.attribute_rules import compile_ruler
    from pipeline.extract.lemmas import memo_lemmatizer

    steps = []
    for name, component in nlp.pipeline:
        if name == "attribute_ruler" and (compiled := compile_ruler(nlp)) is not None:
            steps.append(lambda docs, _, ruler=compiled: [ruler(doc) for doc in docs])
        elif name == "lemmatizer" and (memo := memo_lemmatizer(component)) is not None:
            steps.append(lambda docs, _, lemmatize=memo: [lemmatize(doc) for doc in docs])
        elif name == "ner" and (recogniser := standalone_recogniser(nlp)) is not None:
            steps.append(lambda docs, size, ner=recogniser: recognise_selectively(ner, docs, size))
        elif hasattr(component, "pipe"):
            steps.append(lambda docs, size, pipe=component.pipe: list(pipe(docs, batch_size=size)))
        else:
            steps.append(lambda docs, _, call=component: [call(doc) for doc in docs])
    return steps


def recognise_selectively(recogniser, docs: list[Doc], batch_size: int, ours: bool = True) -> list[Doc]:
    """Entities on the sentences of `docs` that may hold one, found by our loop where it decodes
    this recogniser (made again each time: the recogniser may have been changed since) and
    `ours` is True, else by spaCy's own loop."""
    regions = [entity_regions(doc) for doc in docs]
    parts = [part for part, _ in regions]
    decoder = entity_decoder(recogniser) if ours else None
    if decoder is not None and can_decode(parts):
        found = decoder.entities(parts, batch_size)
    else:
        found = [[(ent.start, ent.end, ent.label) for ent in part.ents] for part in recogniser.pipe(parts, batch_size=batch_size)]
    for doc, (_, positions), entities in zip(docs, regions, found, strict=True):
        doc.set_ents(mapped_entities(doc, entities, positions), default="outside")
    return docs


def standalone_recogniser(nlp):
    if "ner" not in nlp.pipe_names:
        return None
    recogniser = nlp.get_pipe("ner")
    if any("listener" in layer.name for layer in recogniser.model.walk()):
        return None
    return recogniser


def entity_regions(doc: Doc) -> tuple[Doc, list[int]]:
    """The sentences of `doc` that may hold an entity, as one unannotated Doc, and the index in
    `doc` of each of its tokens."""
    cues, capitalised = entity_cue_flags(doc)
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[bool] = []
    positions: list[int] = []
    for sent in doc.sents:
        first, end = sent.start, sent.end
        if not (any(cues[first:end]) or any(capitalised[first + 1:end])):
            continue
        for token in sent:
            words.append(token.text)
            spaces.append(bool(token.whitespace_))
            starts.append(token.i == first)
            positions.append(token.i)
    return Doc(doc.vocab, words=words, spaces=spaces, sent_starts=starts), positions


@lru_cache(maxsize=1)
def entity_cues() -> frozenset[str]:
    from pipeline.extract.dates import trigger_words  # dates reads the word lists; load them on first use

    return trigger_words() | ENTITY_CUE_WORDS


def _is_cue_word(lower: str) -> bool:
    return lower in entity_cues() or any(c.isdigit() for c in lower)


_CUE_WORDS = StringTest(_is_cue_word)
_CAPITALISED = StringTest(lambda text: text[:1].isupper())


def entity_cue_flags(doc: Doc) -> tuple[bytearray, bytearray]:
    """Per token: whether it hints at an entity wherever it stands (a proper noun, a number,
    a currency sign, a date word), and whether it is capitalised (a hint past a sentence's
    first word)."""
    cues = bytearray(len(doc))
    tagged = zip(token_values(doc, POS), token_values(doc, LIKE_NUM), token_values(doc, IS_CURRENCY))
    for i, (pos, like_num, currency) in enumerate(tagged):
        if pos == PROPN or pos == NUM or like_num or currency:
            cues[i] = 1
    for i in _CUE_WORDS.indices(doc, LOWER):
        cues[i] = 1
    capitalised = bytearray(len(doc))
    for i in _CAPITALISED.indices(doc, ORTH):
        capitalised[i] = 1
    return cues, capitalised


def mapped_entities(doc: Doc, found: list[Entity], positions: list[int]) -> list[Span]:
    """The entities found in a part of `doc` (token start, end, label), placed back in `doc`
    (dropping any that would span skipped text)."""
    entities = []
    for part_start, part_end, label in found:
        start, last = positions[part_start], positions[part_end - 1]
        if last - start == part_end - 1 - part_start:
            entities.append(Span(doc, start, last + 1, label=label))
    return entities
