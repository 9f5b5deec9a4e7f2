"""Article text as HTML with each claim's evidence marked, for reading claims in context.

Claims may overlap (a quote that contains a date), and HTML marks cannot cross.
So the text is cut at every claim boundary and each piece gets at most one flat
`<mark>`: coloured by the shortest claim covering it, titled with all of them.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pipeline.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

TYPE_COLOURS = {
    "event_date": "#ffd166",
    "quote": "#a0c4ff",
    "number": "#b9fbc0",
    "assertion": "#ffc6ff",
    "location": "#98f5e1",
}
OTHER_COLOUR = "#e0e0e0"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str
    value: str
    reason: str
    claim_id: str

    @property
    def title(self) -> str:
        """What the claim says, or why it says nothing checkable."""
        if self.value:
            return f"{self.type}: {self.value}"
        return f"{self.type}: no value ({self.reason})" if self.reason else self.type


def highlight(text: str, claims: pd.DataFrame, *, start: int = 0, end: int | None = None) -> str:
    """HTML of text[start:end] with a `<mark>` over the evidence of each claim.

    `claims` are rows of the claims table for this text; their offsets are
    offsets into the whole `text`, so a window shows the claims it cuts through.
    """
    end = len(text) if end is None else end
    spans = [
        span for span in (_span(row, text) for row in claims.itertuples(index=False))
        if span.start < end and span.end > start
    ]
    cuts = sorted({start, end} | {max(s.start, start) for s in spans} | {min(s.end, end) for s in spans})
    pieces = []
    for left, right in zip(cuts, cuts[1:]):
        covering = [s for s in spans if s.start <= left and right <= s.end]
        pieces.append(_mark(text[left:right], covering))
    return f'<div style="white-space: pre-wrap">{"".join(pieces)}</div>'


def highlighted(text: str, claims: pd.DataFrame, *, start: int = 0, end: int | None = None) -> Any:
    """highlight() for notebooks: an IPython HTML object, or the markup where IPython is absent."""
    markup = highlight(text, claims, start=start, end=end)
    try:
        from IPython.display import HTML
    except ImportError:
        return markup
    return HTML(markup)


def type_key() -> str:
    """One mark per claim type, to read the colours of highlight() by."""
    marks = (
        f'<mark style="background-color: {colour}">{html.escape(kind)}</mark>'
        for kind, colour in TYPE_COLOURS.items()
    )
    return "<div>" + " ".join(marks) + "</div>"


def sentence_span(text: str, claim: Any) -> tuple[int, int]:
    """Where the claim's sentence sits in `text`, looked for around the claim itself.

    `claim` is anything with `char_start`, `char_end` and `sentence` (a Claim, a
    table row). When the sentence is not found verbatim, the claim's paragraph.
    """
    if claim.sentence:
        first = text.find(claim.sentence, max(0, claim.char_end - len(claim.sentence)))
        if 0 <= first <= claim.char_start:
            return first, first + len(claim.sentence)
    paragraph_end = text.find("\n", claim.char_end)
    return text.rfind("\n", 0, claim.char_start) + 1, len(text) if paragraph_end < 0 else paragraph_end


def _span(row: Any, text: str) -> Span:
    start, end = int(row.char_start), int(row.char_end)
    if not 0 <= start < end <= len(text) or text[start:end] != row.surface:
        raise InputError(
            f"claim {row.claim_id} ({start}:{end}, {row.surface!r}) does not match the text "
            f"({len(text)} chars): pass the claims of this article only"
        )
    return Span(start, end, row.type, str(row.value), str(row.reason), row.claim_id)


def _mark(piece: str, covering: list[Span]) -> str:
    if not covering:
        return html.escape(piece)
    innermost = min(covering, key=lambda s: (s.end - s.start, s.start, s.type, s.claim_id))
    ordered = sorted(covering, key=lambda s: (s.start, -s.end, s.type, s.claim_id))
    style = f"background-color: {TYPE_COLOURS.get(innermost.type, OTHER_COLOUR)}"
    if len(covering) > 1:
        style += "; outline: 1px dashed #555"
    title = "&#10;".join(html.escape(s.title) for s in ordered)
    ids = " ".join(s.claim_id for s in ordered)
    return f'<mark style="{style}" title="{title}" data-claims="{ids}">{html.escape(piece)}</mark>'
