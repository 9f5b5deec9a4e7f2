"""Locations: where an event took place ("in the Oakland courtroom" -> Oakland).

A place counts when it is a named place (GPE, LOC, FAC, by the article's
vote over all its mentions, see entities.py) inside a locative prepositional
phrase of an event. A place that modifies the noun of the phrase ("the
Oakland courtroom") must be written like a place name: the small model tags
acronyms as places ("the AI industry"), and an acronym modifying a noun names
a field far more often than a place.
"""
from __future__ import annotations

from spacy.tokens import Span

from pipeline.extract.attribution import stance_of
from pipeline.extract.events import ArticleParse, event_head
from pipeline.extract.lexicons import load_words
from pipeline.records import Claim

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def find_locations(parse: ArticleParse) -> list[Claim]:
    claims = []
    for ent in parse.doc.ents:
        name = parse.canonical(ent.text)
        if ent.label_ in PLACE_LABELS and parse.entities.label(name) in PLACE_LABELS:
            claim = location_claim(ent, name, parse)
            if claim is not None:
                claims.append(claim)
    return claims


def location_claim(place: Span, name: str, parse: ArticleParse) -> Claim | None:
    """The claim for a place in "in/at/near ... <place> ...", tied to the event the phrase modifies."""
    phrase_head = place.root
    while phrase_head.dep_ in ("compound", "amod", "nmod", "poss") and phrase_head.head != phrase_head:
        phrase_head = phrase_head.head
    prep = phrase_head.head
    if phrase_head.dep_ != "pobj" or prep.lower_ not in load_words("location_prepositions"):
        return None
    if phrase_head != place.root and place.text.isupper():
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
        sentence=parse.line_of(place.root),
        **stance_of(clause, parse).fields(),
    )
