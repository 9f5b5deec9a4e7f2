"""Greedy decoding of spaCy's entity recogniser, one numpy step for a whole batch of Docs.

Our own loop in place of the recogniser's (`Parser.greedy_parse`), which asks every state,
one at a time, whether each move is valid: here the validity of every move for every state
is one row of a precomputed table per step. The token features are worked out over the same
groups of Docs as spaCy's `Parser.pipe`, summed in the order of its `sum_state_features`, the
hidden layer's pieces and the best valid move picked as its loop picks them (NaN and
infinite scores included), and the output layer multiplies with blis as that loop does, so
the scores are the same floats and the entities the same (tests/test_entity_decoder.py).
It runs as the component `pipeline_ner` (pipeline.extract.nlp).

Only what spaCy's BILUO system does on Docs without preset entities is written here; a
recogniser of another shape (beam search, other features, unseen classes, no output
layer, ops other than numpy's, whose C BLAS spaCy's loop would use) or a Doc with preset
entities is left to spaCy (`entity_decoder` returns None, `can_decode` False).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.attrs import ENT_IOB, IS_SPACE, SENT_START
from spacy.tokens import Doc
from thinc.api import NumpyOps

MOVES = "BILUO"
"""Begin, In, Last, Unit, Out: the moves of spaCy's BiluoPushDown, by the first letter of their names."""
BEGIN, IN, LAST, UNIT, OUT = range(len(MOVES))
NEVER = len(MOVES)
"""The kind of a class no state may take (spaCy's 'M', missing)."""
STATE_FEATURES = 3
"""Tokens a state is described by: the first of the buffer, the first of the open entity, the one before the buffer."""

Entity = tuple[int, int, int]
"""Token start, token end and label (a hash of the vocabulary's strings) of one entity."""


@dataclass(frozen=True)
class EntityDecoder:
    embed: object
    """The recogniser's token-vector layers (its own embedding, then a linear layer)."""
    lower: object
    """The precomputable affine layer: per token and feature slot, its share of the hidden layer."""
    hidden_bias: numpy.ndarray
    output_weights: numpy.ndarray
    output_bias: numpy.ndarray
    class_kinds: numpy.ndarray
    """Per class (move and label), its move: BEGIN ... OUT, or NEVER."""
    class_labels: numpy.ndarray
    """Per class, the index of its label in `labels` (0: no label)."""
    labels: tuple[int, ...]
    """Label hashes; index 0 stands for no label."""
    allowed: numpy.ndarray
    """See `allowed_moves`."""

    def entities(self, docs: list[Doc], batch_size: int) -> list[list[Entity]]:
        """The entities spaCy's recogniser would set on each of `docs` given to its `pipe` with `batch_size`."""
        found: list[list[Entity]] = [[] for _ in docs]
        lengths = numpy.array([len(doc) for doc in docs], dtype=numpy.int64)
        if not lengths.any():
            return found
        offsets = numpy.concatenate(([0], numpy.cumsum(lengths)[:-1]))
        features = self.token_features(docs, lengths, offsets, batch_size)
        spaces, sentence_starts = token_flags(docs)
        decode_steps(self, features, offsets, lengths, spaces, sentence_starts, found)
        return found

    def token_features(self, docs: list[Doc], lengths: numpy.ndarray, offsets: numpy.ndarray, batch_size: int) -> numpy.ndarray:
        """Per token of the batch (row 0: padding, token i of the batch: row i + 1) and feature
        slot, its pre-activation share of the hidden layer, flattened over units and pieces.
        Worked out over the groups of Docs spaCy's `Parser.pipe` makes, so that every matrix
        product has the shape it has there (a product's rounding may depend on its shape)."""
        table = None
        for group in pipe_groups(lengths.tolist(), batch_size):
            if not lengths[group].any():
                continue
            part = self.lower.predict(self.embed.predict([docs[i] for i in group]))
            part = part.reshape(part.shape[0], part.shape[1], -1)
            if table is None:
                table = numpy.empty((int(lengths.sum()) + 1, *part.shape[1:]), dtype=part.dtype)
                table[0] = part[0]
            rows = numpy.concatenate([numpy.arange(offsets[i] + 1, offsets[i] + 1 + lengths[i]) for i in group])
            table[rows] = part[1:]
        return table


def pipe_groups(lengths: list[int], batch_size: int) -> list[list[int]]:
    """The indices of the Docs each call of spaCy's parser model gets in `Parser.pipe(docs,
    batch_size)`: batches of `batch_size` in order, each sorted by length (stably) and cut
    in groups of a quarter of the batch size (at least 2)."""
    group_size = max(batch_size // 4, 2)
    groups = []
    for start in range(0, len(lengths), batch_size):
        by_length = sorted(range(start, min(start + batch_size, len(lengths))), key=lambda i: lengths[i])
        groups += [by_length[i:i + group_size] for i in range(0, len(by_length), group_size)]
    return groups


def decode_steps(
    decoder: EntityDecoder,
    table: numpy.ndarray,
    offsets: numpy.ndarray,
    lengths: numpy.ndarray,
    spaces: numpy.ndarray,
    sentence_starts: numpy.ndarray,
    found: list[list[Entity]],
) -> None:
    """spaCy's greedy loop (Parser._parseC, predict_states, c_transition_batch) for every
    unfinished Doc at once: each step moves every state one token on, so the move taken
    at each token is all there is to remember."""
    from blis.py import gemm

    tokens = len(spaces)
    in_doc = numpy.repeat(numpy.arange(len(lengths)), lengths)
    goes_on = numpy.zeros(tokens, dtype=bool)  # the next token is in the same Doc and sentence
    goes_on[:-1] = (in_doc[1:] == in_doc[:-1]) & ~sentence_starts[1:]
    closed_states = (~spaces) * (1 + goes_on)
    chosen = numpy.zeros(tokens, dtype=numpy.int64)

    token = offsets[lengths > 0].copy()
    end = token + lengths[lengths > 0]
    is_open = numpy.zeros(len(token), dtype=bool)
    entity_row = numpy.ones(len(token), dtype=numpy.int64)
    open_states = numpy.zeros(len(token), dtype=numpy.int64)
    slots = table.shape[1]
    rows = table.reshape(-1, table.shape[2])  # row (token + 1) * slots + slot; token -1 is padding
    hidden_bias = decoder.hidden_bias.reshape(-1)
    pieces = decoder.hidden_bias.shape[-1]
    allowed, kinds, class_labels = decoder.allowed, decoder.class_kinds, decoder.class_labels
    while len(token):
        summed = rows.take((token + 1) * slots, axis=0)
        summed += rows.take(entity_row, axis=0)
        summed += rows.take(numpy.where(is_open, token * slots + 2, 2), axis=0)
        summed += hidden_bias
        scores = gemm(strongest_pieces(summed, pieces), decoder.output_weights, trans2=True, beta=0.0)
        scores += decoder.output_bias

        state = numpy.where(is_open, open_states + goes_on.take(token), closed_states.take(token))
        valid = allowed.take(state, axis=0)
        best = numpy.where(valid, scores, -numpy.inf).argmax(axis=1)
        if not numpy.isfinite(scores).all():
            best = numpy.array([first_best_valid(row, row_valid) for row, row_valid in zip(scores, valid)])
        chosen[token] = best

        move = kinds.take(best)
        begins = move == BEGIN
        if begins.any():
            entity_row[begins] = (token[begins] + 1) * slots + 1
            open_states[begins] = OPEN_STATES + 2 * class_labels.take(best[begins])
        lasts = move == LAST
        entity_row[lasts] = 1
        is_open = (is_open | begins) & ~lasts
        token += 1

        going = token < end
        if not going.all():
            token, end, is_open = token[going], end[going], is_open[going]
            entity_row, open_states = entity_row[going], open_states[going]
    collect_entities(decoder, chosen, in_doc, offsets, found)


def collect_entities(
    decoder: EntityDecoder, chosen: numpy.ndarray, in_doc: numpy.ndarray, offsets: numpy.ndarray,
    found: list[list[Entity]],
) -> None:
    """The entities of the moves taken: a Unit is one; a Begin opens one that the next Last
    closes (spaCy's BILUO system allows nothing else between them but In)."""
    moves, labels = decoder.class_kinds[chosen], decoder.class_labels[chosen]
    units = numpy.flatnonzero(moves == UNIT)
    starts, lasts = numpy.flatnonzero(moves == BEGIN), numpy.flatnonzero(moves == LAST)
    entities = numpy.concatenate([
        numpy.stack([units, units + 1, labels[units]], axis=1),
        numpy.stack([starts, lasts + 1, labels[starts]], axis=1),
    ])
    entities = entities[numpy.argsort(entities[:, 0], kind="stable")]
    docs = in_doc[entities[:, 0]]
    local = entities[:, :2] - offsets[docs][:, None]
    for doc, (start, end), label in zip(docs.tolist(), local.tolist(), entities[:, 2].tolist()):
        found[doc].append((start, end, decoder.labels[label]))


def strongest_pieces(summed: numpy.ndarray, pieces: int) -> numpy.ndarray:
    """Maxout as thinc's `Vec.arg_max` picks the piece (so also where a value is NaN): per hidden
    unit, the first of its `pieces` consecutive values that no later one exceeds (`.max(axis=2)`
    over so short an axis also took 15 times as long as these strided views)."""
    if pieces == 2:
        first, second = summed[:, 0::2], summed[:, 1::2]
        return numpy.where(first > second, first, second)
    strongest = summed[:, 0::pieces].copy()
    for piece in range(1, pieces):
        values = summed[:, piece::pieces]
        numpy.copyto(strongest, values, where=values > strongest)
    return strongest


def first_best_valid(scores: numpy.ndarray, valid: numpy.ndarray) -> int:
    """spaCy's `arg_max_if_valid` for one state, for scores that are not all finite: the first valid
    move, replaced by each later valid move that scores higher."""
    best = -1
    for move in numpy.flatnonzero(valid).tolist():
        if best == -1 or scores[move] > scores[best]:
            best = move
    return best


OPEN_STATES = 3
"""States are numbered for `allowed_moves`: 0 a closed state on white space (Out only), 1 a closed
state that may take a one-token entity but not begin one (the sentence or the Doc ends after
this token), 2 one that may do both; then, per label L, OPEN_STATES + 2L an open entity that
must end here, and + 1 one that may go on."""


def allowed_moves(kinds: numpy.ndarray, class_labels: numpy.ndarray, n_labels: int) -> numpy.ndarray:
    """Per state number (see OPEN_STATES) and class, whether spaCy's BILUO system allows the
    move on a Doc without preset entities."""
    labelled = class_labels != 0
    allowed = numpy.zeros((OPEN_STATES + 2 * n_labels, len(kinds)), dtype=bool)
    allowed[:OPEN_STATES, kinds == OUT] = True
    allowed[1:OPEN_STATES, (kinds == UNIT) & labelled] = True
    allowed[2, (kinds == BEGIN) & labelled] = True
    for label in range(1, n_labels):
        same = labelled & (class_labels == label)
        allowed[OPEN_STATES + 2 * label, (kinds == LAST) & same] = True
        allowed[OPEN_STATES + 2 * label + 1, ((kinds == LAST) | (kinds == IN)) & same] = True
    return allowed


def token_flags(docs: list[Doc]) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Per token of the batch: whether it is white space, whether it starts a sentence."""
    nonempty = [doc for doc in docs if len(doc)]
    values = numpy.concatenate([doc.to_array([IS_SPACE, SENT_START]) for doc in nonempty])
    return values[:, 0].astype(bool), values[:, 1].astype(numpy.int64) == 1


def can_decode(docs: list[Doc]) -> bool:
    """False when a Doc holds preset entities, which spaCy's recogniser keeps and builds around."""
    return not any(len(doc) and doc.to_array(ENT_IOB).any() for doc in docs)


def entity_decoder(recogniser) -> EntityDecoder | None:
    """The decoder for spaCy's entity recogniser `recogniser`, or None if it is not of the shape
    this module decodes."""
    model, moves = recogniser.model, getattr(recogniser, "moves", None)
    if moves is None or recogniser.cfg.get("beam_width", 1) != 1 or model.name != "parser_model":
        return None
    if type(model.ops) is not NumpyOps:  # spaCy's loop multiplies with the ops' C BLAS (Apple's has its own)
        return None
    if not model.attrs.get("has_upper") or model.attrs.get("unseen_classes") or len(model.layers) != 3:
        return None
    embed, lower, upper = model.layers
    if not lower.has_param("b") or lower.get_dim("nF") != STATE_FEATURES:
        return None
    weights, bias = upper.get_param("W"), upper.get_param("b")
    if not all(isinstance(array, numpy.ndarray) for array in (weights, bias, lower.get_param("b"))):
        return None
    names = [moves.get_class_name(i) for i in range(moves.n_moves)]
    if weights.shape[0] != len(names):
        return None
    kinds, label_names = zip(*(class_of(name) for name in names))
    labels = (0, *sorted({recogniser.vocab.strings.add(label) for label in label_names if label}))
    index = {label: i for i, label in enumerate(labels)}
    class_kinds = numpy.array(kinds, dtype=numpy.int64)
    class_labels = numpy.array([index[recogniser.vocab.strings.add(label)] if label else 0 for label in label_names])
    return EntityDecoder(
        embed=embed,
        lower=lower,
        hidden_bias=lower.get_param("b"),
        output_weights=numpy.ascontiguousarray(weights, dtype=numpy.float32),
        output_bias=numpy.ascontiguousarray(bias, dtype=numpy.float32),
        class_kinds=class_kinds,
        class_labels=class_labels,
        labels=labels,
        allowed=allowed_moves(class_kinds, class_labels, len(labels)),
    )


def class_of(name: str) -> tuple[int, str]:
    """'B-ORG' -> (BEGIN, 'ORG'); 'O' -> (OUT, ''); 'M' or anything unknown -> (NEVER, '')."""
    move, _, label = name.partition("-")
    if move in MOVES and (move == "O") == (name == "O"):
        return MOVES.index(move), label
    return NEVER, ""
