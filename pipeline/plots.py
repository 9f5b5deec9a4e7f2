"""Figures and small views of a run's tables, to keep the notebook thin.

Everything reads the DataFrames of `pipeline.run` (columns = record fields,
list cells "; "-joined, `values` as "VALUE [label1, label2] | VALUE2 [label3]")
and returns a DataFrame or a matplotlib Figure; nothing is shown or saved here.
matplotlib is the optional `plots` extra, so it is imported inside the functions,
and figures are made with `Figure()` rather than pyplot: no global figure state,
the caller decides whether to show or save.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pandas as pd

from pipeline.errors import InputError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

AGREE, CONFLICT, VAGUE, SILENT = "agree", "conflict", "vague", "silent"
STANCE_COLOURS = {AGREE: "#1a9850", CONFLICT: "#d73027", VAGUE: "#fdd49e", SILENT: "#f0f0f0"}
STANCE_MEANINGS = {
    AGREE: "backs the suggested value",
    CONFLICT: "gives another value",
    VAGUE: "names it without a value, or a coarser period",
    SILENT: "says nothing",
}
SUGGESTED_COLOUR = "#444444"
BOUND_COLOUR = "#555555"

_VALUE_ITEM = re.compile(r"^(?P<value>.*?)\s*\[(?P<labels>[^\[\]]*)\]$", re.DOTALL)
_BOUND = re.compile(r"^(?P<op><=|>=|<|>)\s*(?P<value>\S+)$")
_WEEK = re.compile(r"(?P<year>\d{4})-W(?P<week>\d{2})")


# Reading the list cells of the facts table


def split_list(cell: str) -> list[str]:
    """Items of a "; "-joined cell."""
    return [item.strip() for item in str(cell or "").split(";") if item.strip()]


def parse_values(cell: str) -> list[tuple[str, list[str]]]:
    """(value, source labels) pairs of a `values` cell: "V1 [a, b] | V2 [c]"."""
    pairs = []
    for item in re.split(r"(?<=\])\s+\|\s+", str(cell or "").strip()):
        match = _VALUE_ITEM.match(item)
        if match:
            labels = [label.strip() for label in match["labels"].split(",") if label.strip()]
            pairs.append((match["value"], labels))
    return pairs


def parse_labelled(cell: str) -> list[tuple[str, str]]:
    """(label, text) pairs of a "label: text; label2: text2" cell (bounds, unresolved mentions)."""
    pairs = []
    for item in split_list(cell):
        label, _, text = item.partition(": ")
        pairs.append((label.strip(), text.strip()))
    return pairs


# Dates as the periods they name


@dataclass(frozen=True)
class Period:
    """The days an ISO date or partial date covers: [start, end)."""

    value: str
    start: date
    end: date

    @property
    def is_day(self) -> bool:
        return self.end - self.start == timedelta(days=1)


def period(value: str) -> Period | None:
    """The period of "2026-04-29", "2026-04", "2026" or "2026-W18"; None for anything else."""
    value = str(value or "").strip()
    try:
        if week := _WEEK.fullmatch(value):
            start = date.fromisocalendar(int(week["year"]), int(week["week"]), 1)
            return Period(value, start, start + timedelta(days=7))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            start = date.fromisoformat(value)
            return Period(value, start, start + timedelta(days=1))
        if re.fullmatch(r"\d{4}-\d{2}", value):
            start = date.fromisoformat(value + "-01")
            return Period(value, start, date(start.year + start.month // 12, start.month % 12 + 1, 1))
        if re.fullmatch(r"\d{4}", value):
            return Period(value, date(int(value), 1, 1), date(int(value) + 1, 1, 1))
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class Bound:
    """A constraint such as "<= 2026-05-01": the event is on or before that day."""

    text: str
    before: bool
    at: date

    @classmethod
    def parse(cls, text: str) -> "Bound | None":
        match = _BOUND.match(text.strip())
        days = period(match["value"]) if match else None
        if days is None:
            return None
        op = match["op"]
        at = {"<=": days.end, "<": days.start, ">=": days.start, ">": days.end}[op]
        return cls(text.strip(), op.startswith("<"), at)


# Timeline


@dataclass
class SourceRow:
    """What one source says about an event date."""

    source: str
    periods: list[Period] = field(default_factory=list)
    bounds: list[Bound] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def timeline_rows(fact: pd.Series, claims: pd.DataFrame) -> list[SourceRow]:
    """One row per source of a date fact: the dates it claims, its bounds, its vague mentions.

    Unresolved mentions of the fact carry their reason; an unresolved claim of a
    source without such a mention is noted by its surface.
    """
    rows: dict[str, SourceRow] = {}

    def row(source: str) -> SourceRow:
        return rows.setdefault(source, SourceRow(source))

    for source in split_list(fact["sources"]):
        row(source)
    unresolved = parse_labelled(fact["unresolved_mentions"])
    for source, reason in unresolved:
        row(source).notes.append(reason)
    for source, text in parse_labelled(fact["bounds"]):
        bound = Bound.parse(text)
        if bound is None:
            row(source).notes.append(text)
        else:
            row(source).bounds.append(bound)
    explained = {source for source, _ in unresolved}
    for claim in fact_claims(fact, claims).itertuples(index=False):
        days = period(claim.value)
        if days is not None:
            if days not in row(claim.source).periods:
                row(claim.source).periods.append(days)
        elif claim.source not in explained:
            row(claim.source).notes.append(claim.surface)
    for source_row in rows.values():
        source_row.periods.sort(key=lambda p: (p.start, p.end))
    return [rows[source] for source in sorted(rows)]


def timeline(
    facts: pd.DataFrame, claims: pd.DataFrame, fact_id: str | None = None, ax: Axes | None = None
) -> Figure:
    """Who dates an event when: the conflicting event-date facts, or the fact `fact_id`.

    One row per source; a dot for a day, a bar for a month, week or year; an arrow
    for a bound; an empty circle at the row's end for a date the text leaves
    unresolved; the suggested value as a dashed line (or a shaded period).
    """
    from matplotlib.figure import Figure

    chosen = _timeline_facts(facts, fact_id)
    if ax is not None and len(chosen) > 1:
        raise InputError(f"{len(chosen)} conflicting event-date facts and one axes: pass fact_id")
    rows = [timeline_rows(fact, claims) for fact in chosen]
    if ax is None:
        figure = Figure(figsize=(10, sum(1.4 + 0.5 * len(r) for r in rows)), layout="constrained")
        axes = figure.subplots(len(rows), 1, squeeze=False, height_ratios=[1 + len(r) for r in rows])[:, 0]
    else:
        figure, axes = ax.figure, [ax]
    for axis, fact, fact_rows in zip(axes, chosen, rows):
        _draw_timeline(axis, fact, fact_rows)
    return figure


def _timeline_facts(facts: pd.DataFrame, fact_id: str | None) -> list[pd.Series]:
    if fact_id is not None:
        found = facts[facts["fact_id"] == fact_id]
        if found.empty:
            raise InputError(f"no fact {fact_id!r} in the facts table")
        return [found.iloc[0]]
    found = facts[(facts["type"] == "event_date") & (facts["status"] == "conflict")]
    if found.empty:
        raise InputError("no conflicting event-date fact to draw: pass fact_id to draw another fact")
    return [fact for _, fact in found.sort_values(["fact", "fact_id"], kind="stable").iterrows()]


def _draw_timeline(ax: Axes, fact: pd.Series, rows: list[SourceRow]) -> None:
    from matplotlib import dates as mdates

    suggested = period(fact["value"])
    days = [d for r in rows for p in r.periods for d in (p.start, p.end)]
    days += [b.at for r in rows for b in r.bounds]
    days += [suggested.start, suggested.end] if suggested else []
    ax.set_xlim(*_date_limits(days, room_for_notes=any(r.notes for r in rows)))
    periods = sorted({p for r in rows for p in r.periods}, key=lambda p: (p.start, p.end, p.value))
    colours = _value_colours([p.value for p in periods])
    if suggested is not None and suggested.is_day:
        ax.axvline(_middle(suggested), color=SUGGESTED_COLOUR, linestyle="--", linewidth=1, gid="suggested")
    elif suggested is not None:
        ax.axvspan(_num(suggested.start), _num(suggested.end), color=SUGGESTED_COLOUR, alpha=0.12,
                   gid="suggested")
    for y, source_row in enumerate(rows):
        _draw_source_row(ax, y, source_row, colours)

    ax.set_yticks(range(len(rows)), labels=[r.source for r in rows])
    ax.set_ylim(len(rows) - 0.4, -0.6)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_title(fact["fact"])
    ax.legend(handles=_timeline_legend(periods, colours, rows, suggested), loc="upper left",
              bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)


def _draw_source_row(ax: Axes, y: int, row: SourceRow, colours: dict[str, str]) -> None:
    for days in row.periods:
        colour = colours[days.value]
        if days.is_day:
            ax.plot([_middle(days)], [y], marker="o", markersize=9, linestyle="", color=colour, gid="claim")
        else:
            ax.barh(y, _num(days.end) - _num(days.start), left=_num(days.start), height=0.36, color=colour,
                    alpha=0.45, edgecolor=colour, gid="claim-range")
    low, high = ax.get_xlim()
    for bound in row.bounds:
        at = _num(bound.at)
        ax.annotate("", xy=(low if bound.before else high, y), xytext=(at, y), gid="bound",
                    arrowprops={"arrowstyle": "->", "color": BOUND_COLOUR, "linewidth": 1.2})
        ax.plot([at], [y], marker="|", markersize=14, linestyle="", color=BOUND_COLOUR, gid="bound")
        ax.annotate(bound.text, (at, y), xytext=(0, -10), textcoords="offset points",
                    ha="center", va="top", fontsize=8, color=BOUND_COLOUR)
    if row.notes:
        row_end = ax.get_yaxis_transform()
        ax.plot([0.985], [y], transform=row_end, marker="o", markersize=9, linestyle="",
                markerfacecolor="none", markeredgecolor="black", gid="unresolved")
        ax.text(0.97, y, "; ".join(row.notes), transform=row_end, ha="right", va="center",
                fontsize=8, style="italic")


def _timeline_legend(
    periods: list[Period], colours: dict[str, str], rows: list[SourceRow], suggested: Period | None
) -> list:
    """Each value in its colour, then the symbols the figure uses."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [
        Line2D([], [], marker="o", linestyle="", color=colours[p.value], label=p.value) if p.is_day
        else Patch(color=colours[p.value], alpha=0.45, label=p.value)
        for p in periods
    ]
    if any(r.bounds for r in rows):
        handles.append(Line2D([], [], marker="|", markersize=10, color=BOUND_COLOUR, label="bound"))
    if any(r.notes for r in rows):
        handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="none",
                              markeredgecolor="black", label="date left unresolved"))
    if suggested is not None:
        handles.append(Line2D([], [], color=SUGGESTED_COLOUR, linestyle="--",
                              label=f"suggested: {suggested.value}"))
    return handles


def _date_limits(days: list[date], *, room_for_notes: bool) -> tuple[float, float]:
    """X limits around the dates drawn, leaving the right end free for unresolved notes."""
    if not days:
        return 0.0, 1.0
    low, high = _num(min(days)), _num(max(days))
    pad = max(2.0, 0.12 * (high - low))
    notes_room = 0.6 * (high - low + 2 * pad) if room_for_notes else 0.0
    return low - pad, high + pad + notes_room


def _value_colours(values: list[str]) -> dict[str, str]:
    """One colour per distinct value, so that agreeing sources share a colour."""
    from matplotlib import colormaps

    palette = colormaps["tab10"].colors
    return {value: palette[i % len(palette)] for i, value in enumerate(values)}


def _num(day: date) -> float:
    from matplotlib import dates as mdates

    return float(mdates.date2num(day))


def _middle(days: Period) -> float:
    return (_num(days.start) + _num(days.end)) / 2


# Source matrix


def source_stances(facts: pd.DataFrame, claims: pd.DataFrame, *, max_facts: int = 30) -> pd.DataFrame:
    """Each source's stance on each fact that two or more sources speak to.

    agree: it gives the suggested value, or names a fact that has no suggested
    value and is not a conflict (an agreed assertion);
    conflict: it gives another value;
    vague: it names the fact without a value (a bound, an unresolved date) or only
    with a coarser period that holds the suggested one (April for April 29);
    silent: it says nothing about the fact.
    Rows are sources (every source with claims), columns fact ids, conflicts first.
    """
    shared = facts[facts["n_sources"] >= 2].assign(_agreed=lambda f: f["status"] != "conflict")
    shared = shared.sort_values(["_agreed", "n_sources", "type", "fact", "fact_id"],
                                ascending=[True, False, True, True, True], kind="stable").head(max_facts)
    stances = {fact["fact_id"]: _stances(fact) for _, fact in shared.iterrows()}
    sources = sorted(
        {s for s in claims["source"] if s} | {s for by_source in stances.values() for s in by_source}
    )
    return pd.DataFrame(
        {fact_id: [by_source.get(s, SILENT) for s in sources] for fact_id, by_source in stances.items()},
        index=pd.Index(sources, name="source"),
        columns=list(stances),
    )


def _stances(fact: pd.Series) -> dict[str, str]:
    values_by_source: dict[str, set[str]] = {}
    for value, labels in parse_values(fact["values"]):
        for label in labels:
            values_by_source.setdefault(label, set()).add(value)
    named = set(split_list(fact["sources"]))
    named |= {label for label, _ in parse_labelled(fact["bounds"])}
    named |= {label for label, _ in parse_labelled(fact["unresolved_mentions"])}
    nothing_to_compare = not fact["value"] and fact["status"] != "conflict"
    stances = {}
    for source in sorted(named | set(values_by_source)):
        given = values_by_source.get(source, set())
        if nothing_to_compare or fact["value"] in given:
            stances[source] = AGREE
        elif given and not all(_coarser(value, fact["value"]) for value in given):
            stances[source] = CONFLICT
        else:
            stances[source] = VAGUE
    return stances


def _coarser(value: str, suggested: str) -> bool:
    """Whether `value` is a period that contains the suggested one ("2026-04" holds "2026-04-29")."""
    outer, inner = period(value), period(suggested)
    return bool(outer and inner) and outer.start <= inner.start and inner.end <= outer.end


def source_matrix(facts: pd.DataFrame, claims: pd.DataFrame, *, max_facts: int = 30) -> Figure:
    """Sources x shared facts, coloured by whether each source backs the suggested value."""
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    stances = source_stances(facts, claims, max_facts=max_facts)
    n_sources, n_facts = stances.shape
    figure = Figure(figsize=(max(6.0, 3 + 0.45 * n_facts), 2.5 + 0.35 * n_sources), layout="constrained")
    ax = figure.subplots()
    figure.suptitle("Which sources back each shared fact")
    if n_facts == 0:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no fact has two or more sources", transform=ax.transAxes, ha="center", va="center")
        return figure

    order = list(STANCE_COLOURS)
    codes = stances.apply(lambda column: column.map(order.index)).to_numpy(dtype=float)
    ax.imshow(codes, cmap=ListedColormap([STANCE_COLOURS[s] for s in order]),
              norm=BoundaryNorm(range(len(order) + 1), len(order)), aspect="auto", interpolation="none")
    labels = facts.set_index("fact_id")["fact"]
    ax.set_xticks(range(n_facts), labels=[_shorten(labels[f]) for f in stances.columns],
                  rotation=60, ha="right", rotation_mode="anchor", fontsize=8)
    ax.set_yticks(range(n_sources), labels=stances.index)
    ax.set_xticks([x - 0.5 for x in range(1, n_facts)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, n_sources)], minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    ax.legend(handles=[Patch(color=STANCE_COLOURS[s], label=f"{s}: {STANCE_MEANINGS[s]}") for s in order],
              loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return figure


def _shorten(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


# Tables for the notebook


def fact_claims(fact: pd.Series, claims: pd.DataFrame) -> pd.DataFrame:
    """The claims a fact was built from, by source and position."""
    ids = split_list(fact["claim_ids"])
    found = claims[claims["claim_id"].isin(ids)]
    return found.sort_values(["source", "char_start", "claim_id"], kind="stable").reset_index(drop=True)


def supporting_claims(facts: pd.DataFrame, claims: pd.DataFrame, *, status: str = "agreed") -> pd.DataFrame:
    """Each fact of that status with the claims behind it: who says it, and in which sentence."""
    columns = ["fact", "value", "source", "surface", "sentence"]
    chosen = facts[facts["status"] == status].sort_values(["fact", "fact_id"], kind="stable")
    parts = [
        fact_claims(fact, claims).assign(fact=fact["fact"], value=fact["value"])[columns]
        for _, fact in chosen.iterrows()
    ]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def conflicts(facts: pd.DataFrame) -> pd.DataFrame:
    """The conflicting facts, one row per thing a source says: a value, a bound or an unresolved mention."""
    rows = []
    for _, fact in facts[facts["status"] == "conflict"].iterrows():
        head = {"fact_id": fact["fact_id"], "fact": fact["fact"], "type": fact["type"],
                "conflict_kind": fact["conflict_kind"]}
        for value, labels in sorted(parse_values(fact["values"]), key=lambda pair: (-len(pair[1]), pair[0])):
            rows.append({**head, "kind": "value", "value": value, "sources": ", ".join(labels),
                         "suggested": value == fact["value"]})
        for kind, cell in (("bound", fact["bounds"]), ("unresolved", fact["unresolved_mentions"])):
            for label, text in parse_labelled(cell):
                rows.append({**head, "kind": kind, "value": text, "sources": label, "suggested": False})
    columns = ["fact_id", "fact", "type", "conflict_kind", "kind", "value", "sources", "suggested"]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["fact", "fact_id"], kind="stable").reset_index(drop=True)


def quotes_by_speaker(claims: pd.DataFrame) -> pd.DataFrame:
    """Every quote, grouped by who said it; quotes with no speaker come last."""
    quotes = claims[claims["type"] == "quote"].assign(_unknown=lambda q: q["speaker"] == "")
    quotes = quotes.sort_values(["_unknown", "speaker", "source", "char_start"], kind="stable")
    table = quotes[["speaker", "source", "detail", "value", "cue", "attribution"]].reset_index(drop=True)
    return table.assign(speaker=table["speaker"].replace("", "(no speaker)"))
