"""Locations: where an event took place ("in the Oakland courtroom" -> Oakland).

A place counts when it is a named place (GPE, LOC, FAC) inside a locative
prepositional phrase of an event. The small model sometimes labels an
organisation as a place ("against OpenAI"); a name the article labels a place
less often than not is left out.
"""
from __future__ import annotations

from collections import Counter

from spacy.tokens import Span

from pipeline.extract.attribution import stance_of
from pipeline.extract.events import ArticleParse, event_head, line_of
from pipeline.extract.lexicons import load_words
from pipeline.records import Claim

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def find_locations(parse: ArticleParse) -> list[Claim]:
    labels = Counter((parse.canonical(e.text), e.label_ in PLACE_LABELS) for e in parse.doc.ents)
    claims = []
    for ent in parse.doc.ents:
        name = parse.canonical(ent.text)
        if ent.label_ in PLACE_LABELS and labels[(name, True)] > labels[(name, False)]:
            claim = location_claim(ent, name, parse)
            if claim is not None:
                claims.append(claim)
    return claims


def location_claim(place: Span, name: str, parse: ArticleParse) -> Claim | None:
    """The claim for a place in "in/at/near ... <place> ...", tied to the event the phrase modifies."""
    phrase_head = place.root
    while phrase_head.dep_ in ("compound", "amod", "nmod", "poss") and phrase_head.head is not phrase_head:
        phrase_head = phrase_head.head
    prep = phrase_head.head
    if phrase_head.dep_ != "pobj" or prep.lower_ not in load_words("location_prepositions"):
        return None
    head = event_head(prep)
    if head is None:
        return None
    event = parse.describe(head)
    clause = parse.clause_of(head)
    start = phrase_head.left_edge
    return parse.ctx.claim(
        "location", start.idx, phrase_head.idx + len(phrase_head.text),
        value=name,
        subject=event.subject,
        predicate=event.predicate,
        object=event.object,
        negated=event.negated,
        entities=parse.entity_list(clause, event),
        sentence=line_of(place.root),
        **stance_of(clause, parse).fields(),
    )
