"""All claims of one parsed article: dated events, quotes, numbers, assertions, places.

Every extractor reads the same `ArticleParse`, so names, pronouns and clauses
are worked out once per article. The result is sorted by position, so the
same article always gives the same list.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc

from pipeline.extract.assertions import find_assertions
from pipeline.extract.attribution import stance_of
from pipeline.extract.context import ArticleContext
from pipeline.extract.dates import DateMention, find_dates
from pipeline.extract.entities import EntityIndex
from pipeline.extract.events import ArticleParse, event_head, is_hypothetical
from pipeline.extract.locations import find_locations
from pipeline.extract.numbers import DURATION, find_numbers
from pipeline.extract.quotes import find_quotes
from pipeline.records import Article, Claim

PRESENT = "PRESENT_REF"
"""TimeML's value for "now", "currently": the time of writing, not a date the article gives an event."""
DATELINE_PLACE = re.compile(r"(?:[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*)*,\s*)*")
"""What may stand before the date of a dateline on its line: "OAKLAND, Calif., "."""
DATELINE_END = re.compile(r"\s*(?:\([^)\n]{1,40}\)\s*)?[-\u2013\u2014]")
"""What follows it: an optional "(Reuters)" and a dash."""


def claims_for_doc(doc: Doc, article: Article) -> list[Claim]:
    ctx = ArticleContext.of(article)
    entities = EntityIndex.from_doc(doc)
    parse = ArticleParse(doc, ctx, entities)
    numbers = find_numbers(parse)
    durations = [(c.char_start, c.char_end) for c in numbers if c.detail == DURATION]
    claims = [
        *event_date_claims(parse, find_dates(doc, ctx.published), durations),
        *find_quotes(doc, ctx, entities),
        *numbers,
        *find_assertions(parse),
        *find_locations(parse),
    ]
    unique = {c.claim_id: c for c in claims}
    return sorted(unique.values(), key=lambda c: (c.char_start, c.char_end, c.type, c.claim_id))


def event_date_claims(
    parse: ArticleParse, mentions: Iterable[DateMention], durations: Iterable[tuple[int, int]] = ()
) -> list[Claim]:
    """One event_date claim per date mention that dates an event of the article.

    A mention that modifies no event (a date alone on a line, a byline) or
    only an event in a condition ("if they are still distilling today"), a
    dateline, "now", and a span of time read as a duration ("about 8 months")
    give none. An unresolved mention still gives a claim, with value "" and the
    reason, so that "this week" without a publication date reaches the output.
    """
    durations = list(durations)
    claims = []
    for mention in mentions:
        if mention.timex == PRESENT or any(start < mention.end and mention.start < end for start, end in durations):
            continue
        if is_dateline(parse.ctx.article.text, mention.start, mention.end):
            continue
        span = parse.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        head = event_head(span.root) if span is not None else None
        if head is None or is_hypothetical(head):
            continue
        event = parse.describe(head)
        clause = parse.clause_of(head)
        claims.append(parse.ctx.claim(
            "event_date", mention.start, mention.end,
            value=mention.value,
            detail=mention.detail,
            resolved_from=mention.resolved_from,
            anchor=mention.anchor,
            reason=mention.reason,
            subject=event.subject,
            predicate=event.predicate,
            object=event.object,
            negated=event.negated,
            entities=parse.entity_list(clause, event),
            sentence=parse.line_of(span.root),
            **stance_of(clause, parse).fields(),
        ))
    return claims


def is_dateline(text: str, start: int, end: int) -> bool:
    """ "OAKLAND, Calif., May 1 (Reuters) - ...": the date the story was filed, not an event's."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(DATELINE_PLACE.fullmatch(text, line_start, start) and DATELINE_END.match(text, end))
