"""Which event a dated claim is about, whatever the words: "the ferry sank on Monday", "the
vessel went down", "the sinking happened Monday" and "Monday's disaster" are one event.

An event is a kind (resources/event_kinds.txt: a verb, its nouns and its phrasings) and the
named participants the claim gives it (its subject and object, in their full names). The kind
is read from the claim's own words first (its subject: "the sinking happened", its predicate,
its object), then from the words of its sentence nearest the date ("was on the stand ... on
Thursday"); "the incident" is the story's main event. Within a story, claims of one kind that
share a participant are one event; a claim that names none joins the kind's event that most
sources date, unless it puts the event in another year or its kind was read from its sentence
alone with no other source naming the event. Statements, briefings and "as of" counts are
dated one fact per day; the start or end of an event that lasts (a trial) is a fact of its own.
Inside one article, two dates of an event contradict each other only when both name it in
their own words, of one subject; one sentence never contradicts itself. A date whose event
cannot be told is a fact of its own: never merged by its verb alone.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from pipeline.records import Claim
from pipeline.resources import load_groups
from pipeline.reconcile.frame import FramedClaim, predicate_family, surface_in
from pipeline.reconcile.values import dates_compatible

PHRASE_WORDS = 4
SENTENCE_REACH = 10
"""Words on each side of a date searched for the event it dates when the claim's own words name none."""
CONSEQUENCE, REPORT, STORY_ITSELF, DURATIVE, DISASTER = "*", "!", "^", "~", "%"
MARKERS = (CONSEQUENCE, REPORT, STORY_ITSELF, DURATIVE, DISASTER)
REPORT_KIND = "statement"
"""Statements, briefings and "as of" counts: dated one fact per day, whoever speaks."""
GENERIC = "incident"
"""The kind of "the incident", "the disaster": whatever the story's main event is."""
AS_OF = re.compile(r"\b(?:as of|as at|by|since|through|until|till)\s+(?:early\s+|late\s+)?$", re.IGNORECASE)
"""Words before a date that make it the time of a count or a state, not of the event."""
SENTENCE_FORMS_NOT_EVENTS = frozenset({"found"})
"""Forms that read as an event in a sentence but are mostly another word ("bodies were found")."""
SETTING_WORDS = frozenset({"in", "at", "on", "before", "during", "inside", "outside", "near", "across", "from", "to", "into"})
"""Words that open an object which is the setting of the event, not a party to it."""
ASPECTS = {"begin": "start", "start": "start", "open": "start", "kick off": "start", "get under way": "start",
           "end": "end", "finish": "end", "conclude": "end", "close": "end", "wrap up": "end",
           "resume": "resumption", "restart": "resumption", "pause": "pause", "suspend": "pause", "halt": "pause",
           "continue": "continuation"}
"""Predicates that date a phase of an event, not the event: "the trial began on April 27"."""
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
SUFFIXES = ("ing", "ed", "es", "s", "d")
"""Endings tried off a word not in the table ("capsized" -> "capsize")."""


@dataclass(frozen=True)
class EventRef:
    """What a dated claim says of its event: its kind ("" if unknown) and its named participants."""

    kind: str
    participants: frozenset[str]
    own_words: bool = False
    """Whether the claim's own subject or predicate names the event (not its object or sentence)."""


@lru_cache(maxsize=1)
def event_kinds() -> tuple[dict[tuple[str, ...], str], frozenset[str], frozenset[str]]:
    """Member phrase -> kind, the kinds that are consequences, and those that last a while
    (resources/event_kinds.txt)."""
    table, consequences, lasting, _ = _read_event_kinds()
    return table, consequences, lasting


def disasters() -> frozenset[str]:
    """The sudden disasters of resources/event_kinds.txt (marked %): one may be part of another
    ("the plane crashed, burst into flames and exploded")."""
    return _read_event_kinds()[3]


@lru_cache(maxsize=1)
def _read_event_kinds() -> tuple[dict[tuple[str, ...], str], frozenset[str], frozenset[str], frozenset[str]]:
    table: dict[tuple[str, ...], str] = {}
    marked: dict[str, set[str]] = defaultdict(set)
    for kind, members in load_groups("event_kinds"):
        marker, kind = (kind[0], kind[1:].strip()) if kind[:1] in MARKERS else ("", kind)
        marked[marker].add(kind)
        for member in (kind, *members):
            table.setdefault(tuple(member.split()), kind)
    return table, frozenset(marked[CONSEQUENCE]), frozenset(marked[DURATIVE]), frozenset(marked[DISASTER])


def kind_of_word(word: str, sentence: str = "") -> str:
    """The event kind a word or lemma names, directly or through its predicate family
    ("admission" -> state -> testimony when said in court)."""
    table, _, _ = event_kinds()
    word = word.lower()
    for form in (word, *(word[: -len(s)] for s in SUFFIXES if word.endswith(s) and len(word) > len(s) + 2),
                 *(word[: -len(s)] + "e" for s in ("ed", "ing") if word.endswith(s) and len(word) > len(s) + 2)):
        if (kind := table.get((form,))) is not None:
            return kind
    family = predicate_family(word, sentence)
    return table.get((family,), "") if family != word else ""


def kinds_in(words: list[str], sentence: str = "") -> list[tuple[int, str]]:
    """(position, kind) of each event phrase in `words`, longest phrase first at each position."""
    table, _, _ = event_kinds()
    found = []
    position = 0
    while position < len(words):
        for size in range(PHRASE_WORDS, 1, -1):
            if (kind := table.get(tuple(words[position:position + size]))) is not None:
                found.append((position, kind))
                position += size
                break
        else:
            if kind := kind_of_word(words[position], sentence):
                found.append((position, kind))
            position += 1
    return found


def words_of(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def event_of(item: FramedClaim, named: frozenset[str]) -> EventRef:
    """The event a dated claim is about: the kind its own words name (a consequence such as a death
    only when nothing else is named), else the kind named nearest the date in its sentence."""
    claim = item.claim
    _, consequences, _ = event_kinds()
    at = surface_in(claim.sentence, claim.surface)
    if at >= 0 and AS_OF.search(claim.sentence[:at]):
        return EventRef(REPORT_KIND, frozenset())
    family = predicate_family(claim.predicate, claim.sentence) if claim.predicate else ""
    if _tells_a_count(claim):
        return EventRef(REPORT_KIND, frozenset())
    told_as_consequence = any(k in consequences for _, k in kinds_in(words_of(f"{claim.predicate} {claim.object}")))
    announcing = kind_of_word(claim.predicate) == "announcement"
    if family != "testify" and not told_as_consequence and not announcing and (
            family == "state" or kind_of_word(claim.predicate, claim.sentence) == REPORT_KIND):
        announced = _announced_kind(claim, at, consequences)
        if announced and (item.subject in named or _looks_like_a_name(item.subject)):
            return EventRef(announced, frozenset({item.subject}))  # "Wexus Steel said on Monday it had agreed to acquire ..."
        return EventRef(REPORT_KIND, frozenset())
    own = [kind for _, kind in kinds_in(words_of(claim.subject), claim.sentence)]
    whole = kind_of_word(claim.predicate, claim.sentence) if " " in claim.predicate else ""
    own += [whole] if whole else [kind for _, kind in kinds_in(words_of(claim.predicate), claim.sentence)]
    strong = {k for k in own if k not in consequences and k != REPORT_KIND}
    own += [kind for _, kind in kinds_in(words_of(claim.object), claim.sentence)]
    kind = next((k for k in own if k not in consequences and k != REPORT_KIND), "") or _nearest_kind(claim.sentence, claim.surface)
    kind = kind or next(iter(own), "")
    aspect = ASPECTS.get(claim.predicate.lower(), "")
    if kind and aspect and kind in event_kinds()[2]:
        kind = f"{kind} ({aspect})"
    participants = {name for name in (item.subject,) if name in named or _looks_like_a_name(name)}
    if claim.object.split(" ", 1)[0].lower() not in SETTING_WORDS:  # "co-founded OpenAI", not "in a California court"
        participants.update(name for name in item.entities if name in named and name.casefold() in claim.object.casefold())
    return EventRef(kind, frozenset(participants), own_words=kind.split(" (")[0] in strong)


COUNT_NOUNS = frozenset({"toll", "tally", "count", "figure", "figures", "number", "total"})
COUNT_VERBS = frozenset({"rise", "climb", "reach", "increase", "jump", "surpass", "stand", "grow", "hit", "top", "exceed"})
"""A date whose clause tells a count changing ("the toll rose to 230 on Tuesday") dates a report, not the event."""


def _tells_a_count(claim: Claim) -> bool:
    subject_words = set(words_of(claim.subject))
    return bool(subject_words & COUNT_NOUNS) and claim.predicate.split(" ")[0].lower() in COUNT_VERBS


SPEAKER_PRONOUNS = frozenset({"it", "they", "he", "she", "we"})


def _announced_kind(claim: Claim, at: int, consequences: frozenset[str]) -> str:
    """The kind of event a named speaker's words announce after the date ("said on Monday it had
    agreed to acquire ..."): the date of an announcement of the speaker's own act."""
    if at < 0:
        return ""
    after = words_of(claim.sentence[at + len(claim.surface):])[:SENTENCE_REACH]
    speaker = set(words_of(claim.subject))
    opening = [w for w in after[:3] if w != "that"][:2]
    if not opening or not (opening[0] in SPEAKER_PRONOUNS or opening[0] in speaker):
        return ""  # "said on Tuesday that 161 people are missing": the words are not of the speaker's own act
    kinds = [kind for _, kind in kinds_in(after, claim.sentence) if kind not in consequences and kind not in (REPORT_KIND, GENERIC)]
    return kinds[0] if kinds else ""


def _looks_like_a_name(text: str) -> bool:
    """ "Elon Musk", "Dalant Brewing": two or more capitalised words, as a subject the model did not tag."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


def _nearest_kind(sentence: str, surface: str) -> str:
    at = surface_in(sentence, surface)
    if at < 0:
        return ""
    _, consequences, _ = event_kinds()
    before = [w for w in words_of(sentence[:at]) if w not in SENTENCE_FORMS_NOT_EVENTS]
    after = [w for w in words_of(sentence[at + len(surface):]) if w not in SENTENCE_FORMS_NOT_EVENTS]
    found = [(len(before) - position, kind) for position, kind in kinds_in(before, sentence)]
    found += [(position + 1, kind) for position, kind in kinds_in(after, sentence)]
    found = [(distance, kind) for distance, kind in found if kind != REPORT_KIND and (distance <= SENTENCE_REACH or kind != GENERIC)]
    found.sort(key=lambda distance_kind: (distance_kind[1] in consequences, distance_kind[0] > SENTENCE_REACH, distance_kind[0]))
    return found[0][1] if found else ""


def link_events(items: list[FramedClaim], named: frozenset[str]) -> list[tuple[tuple[str, ...], str, list[FramedClaim]]]:
    """The story's dated claims as events: (key, label, claims) per event, in a stable order.

    Claims of one kind that share a named participant are one event (joined through any of
    them); a claim that names none joins the kind's event most sources date, unless its own
    article gives that event another date; a claim whose kind is unknown stays alone.
    """
    refs = [event_of(item, named) for item in items]
    by_kind: dict[str, list[int]] = defaultdict(list)
    alone = []
    for index, ref in enumerate(refs):
        (by_kind[ref.kind] if ref.kind else alone).append(index)
    main = _main_kind(by_kind, items)
    if main and GENERIC in by_kind:
        by_kind[main] += by_kind.pop(GENERIC)
        by_kind[main].sort()
    if main in disasters():
        _parts_of_the_disaster(main, by_kind, items)
    events: list[tuple[tuple[str, ...], str, list[FramedClaim]]] = []
    for kind in sorted(by_kind):
        if kind == REPORT_KIND:
            events += _reports(kind, [(items[i], refs[i]) for i in by_kind[kind]])
        else:
            events += _events_of_kind(kind, [(items[i], refs[i]) for i in by_kind[kind]])
    by_subject: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index in alone:
        item = items[index]
        by_subject[("event_date", item.subject, item.family) if item.subject else ("event_date", "claim", item.claim.claim_id)].append(index)
    for key, indices in by_subject.items():
        members = [(items[i], refs[i]) for i in indices]
        apart = set(_told_apart_in_source(list(range(len(members))), members))
        kept = [members[i][0] for i in range(len(members)) if i not in apart]
        label = f"{items[indices[0]].subject or 'Undetermined event'} {items[indices[0]].family}".strip()
        if kept:
            events.append((key, label, kept))
        events += [(("event_date", "claim", members[i][0].claim.claim_id), label, [members[i][0]]) for i in sorted(apart)]
    return events


def _parts_of_the_disaster(main: str, by_kind: dict[str, list[int]], items: list[FramedClaim]) -> None:
    """Moves into the story's main disaster the other disasters told of its day, or of a day said
    without a date ("crashed on Sunday, burst into flames and exploded"): one event, not three. A
    fire or a crash of another day stays an event of its own."""
    days = Counter(items[i].claim.value[:10] for i in by_kind[main] if len(items[i].claim.value) >= 10)
    day = min(days, key=lambda d: (-days[d], d)) if days else ""
    for kind in sorted(disasters() & set(by_kind) - {main}):
        joining = [i for i in by_kind[kind] if not items[i].claim.value or (day and items[i].claim.value[:10] == day)]
        if joining:
            by_kind[main] = sorted(by_kind[main] + joining)
            by_kind[kind] = [i for i in by_kind[kind] if i not in joining]
            if not by_kind[kind]:
                del by_kind[kind]


def _main_kind(by_kind: dict[str, list[int]], items: list[FramedClaim]) -> str:
    """The kind of event most sources of the story date (statements, reports and "the incident" aside)."""
    _, consequences, _ = event_kinds()
    sources = {kind: {items[i].source for i in members} for kind, members in by_kind.items()
               if kind not in (REPORT_KIND, GENERIC) and kind not in consequences}
    return min(sources, key=lambda kind: (-len(sources[kind]), kind)) if sources else ""


def _reports(kind: str, members: list[tuple[FramedClaim, EventRef]]) -> list[tuple[tuple[str, ...], str, list[FramedClaim]]]:
    """Statements, briefings and reports: one fact per day (a day said without a date stays alone),
    so that they never stand for the date of the event they report on."""
    grouped: dict[tuple[str, ...], list[FramedClaim]] = defaultdict(list)
    for item, _ in members:
        grouped[("event_date", kind, item.claim.value[:10] or item.claim.claim_id)].append(item)
    return [(key, "Statement or update", grouped[key]) for key in sorted(grouped)]


def _events_of_kind(kind: str, members: list[tuple[FramedClaim, EventRef]]) -> list[tuple[tuple[str, ...], str, list[FramedClaim]]]:
    parent = list(range(len(members)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    same_as = _shorter_names({name for _, ref in members for name in ref.participants})
    holder: dict[str, int] = {}
    for index, (_, ref) in enumerate(members):
        for name in sorted({same_as[n] for n in ref.participants}):
            if name in holder:
                a, b = root(index), root(holder[name])
                parent[max(a, b)] = min(a, b)
            else:
                holder[name] = index
    clusters: dict[int, list[int]] = defaultdict(list)
    loose = []
    for index, (_, ref) in enumerate(members):
        (clusters[root(index)] if ref.participants else loose).append(index)
    if not clusters and loose:
        clusters[loose[0]] = []
    ranked = sorted(clusters, key=lambda r: (-len({members[i][0].source for i in clusters[r]}), r))
    main = ranked[0] if ranked else None
    dated = clusters[main] if main is not None and clusters[main] else loose
    years = Counter(members[i][0].claim.value[:4] for i in dated if members[i][0].claim.value)
    kind_year = min(years, key=lambda y: (-years[y], y)) if years else ""
    named_in_own_words = {members[i][0].source for i in range(len(members)) if members[i][1].own_words}
    for index in loose:
        target = main
        item, ref = members[index]
        if index == target:
            clusters[target].append(index)
        elif not ref.own_words and not (named_in_own_words - {item.source}):
            clusters[index] = [index]  # read from its sentence alone, and no other source tells the event
        elif target is not None and _dated_otherwise(members[index][0], [members[i][0] for i in clusters[target]], kind_year):
            clusters[index] = [index]
        elif target is not None:
            clusters[target].append(index)
    split: dict[int, list[int]] = {}
    split_off: set[int] = set()
    main_root = None
    for cluster_root, cluster in clusters.items():
        apart = _other_years(cluster, members)
        apart += [i for i in _told_apart_in_source(cluster, members) if i not in apart]
        kept = [i for i in cluster if i not in apart]
        if kept:
            split[min(kept)] = kept
            if cluster_root == main:
                main_root = min(kept)
        split.update((i, [i]) for i in apart)
        split_off.update(apart)
    main, clusters = main_root, split
    events = []
    for cluster_root in sorted(clusters, key=lambda r: min(clusters[r])):
        group = [members[i][0] for i in sorted(clusters[cluster_root])]
        names = sorted({n for i in clusters[cluster_root] for n in members[i][1].participants})
        if cluster_root in split_off:  # another event than the one its participants name elsewhere
            key = ("event_date", kind, *names, group[0].claim.claim_id)
        else:
            key = ("event_date", kind, *names) if names else ("event_date", kind, group[0].claim.claim_id if cluster_root != main else "")
        label = f"{_label_name(clusters[cluster_root], members)} {kind}".strip()
        label = label[:1].upper() + label[1:]
        events.append((key, label, group))
    return events


YEARS_APART = 2
"""Dates of one kind of event more than this many years from the event's own are another event
("surpassing its 1987 record" in a story of a 2025 flood); closer ones are a conflict."""


def _other_years(cluster: list[int], members: list[tuple[FramedClaim, EventRef]]) -> list[int]:
    """The claims of an event dated years away from most of its dates."""
    years = Counter(int(members[i][0].claim.value[:4]) for i in cluster if members[i][0].claim.value[:4].isdigit())
    if not years:
        return []
    usual = min(years, key=lambda y: (-years[y], y))
    return [i for i in cluster if members[i][0].claim.value[:4].isdigit()
            and abs(int(members[i][0].claim.value[:4]) - usual) > YEARS_APART]


def _told_apart_in_source(cluster: list[int], members: list[tuple[FramedClaim, EventRef]]) -> list[int]:
    """Claims of an event that their own article dates otherwise, and that are not its contradiction:
    one article contradicts itself on an event when both of its dates name the event in their own
    words, the same way, of the same subject ("the fire broke out on March 12" and "the fire broke
    out on March 13");
    a date whose event was read from its sentence is then another event of the article. Each
    article's date that other sources back most is the one kept."""
    first_of_source: dict[str, int] = {}
    apart = []

    def support(i: int) -> int:
        """Other sources of the event whose dates agree with this one."""
        value, source = members[i][0].claim.value, members[i][0].source
        return len({members[j][0].source for j in cluster if members[j][0].source != source and members[j][0].claim.value
                    and dates_compatible(value, members[j][0].claim.value)})

    for i in sorted(cluster, key=lambda i: (-support(i), not members[i][1].own_words, members[i][0].claim.char_start)):
        item, ref = members[i]
        if not item.claim.value:
            continue
        j = first_of_source.setdefault(item.claim.doc_id, i)
        if j == i:
            continue
        first, first_ref = members[j]
        if first.claim.value and not dates_compatible(first.claim.value, item.claim.value) and (
                first.claim.sentence == item.claim.sentence  # "from 2004 to 2017": a span, not a contradiction
                or not (ref.own_words and first_ref.own_words and item.family == first.family and item.subject
                        and item.subject == first.subject)):
            apart.append(i)
    return apart


def _label_name(cluster: list[int], members: list[tuple[FramedClaim, EventRef]]) -> str:
    """The participant most of an event's sources name, for its label ("Elon Musk testimony"), or ""
    when no participant is named by two sources (then the kind alone: "Stampede")."""
    sources: dict[str, set[str]] = defaultdict(set)
    for i in cluster:
        item, ref = members[i]
        for name in ref.participants:
            sources[name].add(item.source)
    best = min(sources, key=lambda n: (-len(sources[n]), n), default="")
    return best if best and len(sources[best]) >= 2 else ""


def _shorter_names(names: set[str]) -> dict[str, str]:
    """Each participant's name as the shortest of the names whose words it holds: a headline read
    as a subject ("Elon Musk Seemingly Admits") is the person it names ("Elon Musk")."""
    words = {name: frozenset(name.casefold().split()) for name in names}
    ordered = sorted(names, key=lambda n: (len(words[n]), n))
    return {name: next((other for other in ordered if words[other] <= words[name]), name) for name in names}


def _dated_otherwise(item: FramedClaim, event: list[FramedClaim], event_year: str) -> bool:
    """Whether a claim that names no participant puts the event in another year than the event's
    own dates do (most of them), or than its own article does: one kind of event in two years is
    two events ("founded in 2023" beside "co-founded in 2015", "its 1987 record" in a story of
    2025); two days of one year stay one event, contradicted."""
    year = item.claim.value[:4]
    if not year:
        return False
    return (bool(event_year) and year != event_year) or any(
        other.claim.doc_id == item.claim.doc_id and other.claim.value and other.claim.value[:4] != year
        for other in event
    )
