"""A synthetic news dump for scale benchmarks: many small stories, planted disagreements.

Each story (a plant fire, job cuts, a council vote, a takeover, a storm, a court
ruling) is covered by 2 to 8 made-up outlets. Every story draws its own invented
people, companies, towns, figures and dates, so a dump of 10,000 articles holds
thousands of stories and its claims fall into many small groups, as in a real
crawl. Each outlet words the story its own way and sometimes disagrees with the
others: the event a day earlier or later, a changed figure, a negated
statement, a quote worded differently, or a hedge. Pages come as saved HTML
(<meta> publication date, og:site_name, navigation, related links, footer) or
as plain-text page dumps (menu lines, share buttons, a "By Name Month D, YYYY"
byline, a related list, a footer), with 250-400 words of article text.

The dump is a prefix of one endless stream of articles: the first N articles
of a dump of N + k are byte-identical to a dump of N, so growing a dump by 1%
adds new files without touching the old ones (what an incremental re-run needs).

Written beside the pages: `manifest.json`, the planted facts and what each
article says about them (never inside the page folder, which is the input).
All text here was written for this generator; every name is invented and the
web addresses use the reserved `.example` domain.

Example:
    python benchmarks/synthetic_dump.py /tmp/dump --articles 1000 --seed 0
    python -m pipeline run /tmp/dump/pages --out /tmp/dump-out
"""
from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

MANIFEST_VERSION = 1
PAGES_FOLDER = "pages"
MANIFEST_NAME = "manifest.json"
CONFLICT_KINDS = ("date_shift", "number_changed", "negation", "wording")
"""Planted disagreements that reconciliation should report as a conflict (a hedge is not one)."""

ALTERNATIVES = re.compile(r"\[([^\]]*)\]")
MONTHS = "January February March April May June July August September October November December".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
FIRST_NAMES = (
    "Amara Bruno Celia Dmitri Elena Farid Greta Hiroshi Ines Jonah Kasia Leon Mona Nils Oluchi Petra "
    "Quentin Rosa Samir Tova Umar Vera Wesley Xenia Yusuf Zora Anders Beatriz Callum Delphine Emeka "
    "Fiona Gideon Halima Ivo Jasmin Kofi Lorna Mateo Nadia Oskar Priya Rafael Sunniva Tobias Una "
    "Valentin Wanjiru Yara Zeno Agnes Bastian Clodagh Darius Esther Florian Gwen Henrik Isla Joaquin"
).split()
SURNAME_HEADS = "Ash Brad Cal Dun Elling Fair Gar Hal Ire Kel Lang Mar Nor Oak Pen Rad Sel Thorn Ul Ver Wyn Yar".split()
SURNAME_TAILS = "ford wick ton ley man stead worth by croft mere holt son".split()
COMPANY_HEADS = "Al Bren Cor Dal Ev Fen Gal Har Is Jor Kes Lum Mer Nov Or Pell Quin Ros Sil Tam Ul Val Wex Zan".split()
COMPANY_TAILS = "ora ix ant ell ico ara en us ade ion".split()
TOWN_HEADS = (
    "Ash Bram Cold Dray Elm Fox Glen Hart Ivy King Lark Mill New Oak Pike Red Stan Thorn Wel Yew "
    "Alder Birch Crow Dun Heron Kestrel Lynd Marl Otter Raven Sedge Wil"
).split()
TOWN_TAILS = "bury field ford haven mouth ton wick dale port stead brook moor combe gate hurst ley".split()
TOWN_PREFIXES = ("", "", "", "", "North ", "South ", "Upper ", "Little ")
COUNTIES = (
    "Merrin Caldway Oster Penhallow Brisk Tamber Ludgate Horne Varrow Selkie Dunmore Quill Abbotsley "
    "Corran Fenwold Gillam Harrowby Iskel Jessop Kilbride"
).split()
OUTLET_HEADS = (
    "Harbour Valley Northgate Eastmarch Riverside Lowland Coastline Midland Hillcrest Westerly Ferry "
    "Stonebridge Meadow Tideway Upland Lakeside"
).split()
OUTLET_NOUNS = "Ledger Courier Post Herald Dispatch Gazette Observer Tribune Record Sentinel Examiner Bulletin".split()
SECTIONS = ("News", "Local", "Business", "Politics", "Weather", "Courts", "Opinion", "Sport", "Culture", "Obituaries")
EVERGREEN_TOPICS = (
    "Library extends weekend opening hours", "Farmers market returns to the old square",
    "Volunteers restore the riverside footpath", "School choir wins regional title",
    "Bus timetable changes from next month", "Bakery celebrates fifty years on the high street",
    "Council seeks views on new cycle lanes", "Museum opens exhibition of local maps",
    "Charity run raises money for the hospice", "Allotment waiting list grows again",
    "Swimming pool reopens after repairs", "Ferry service adds an evening crossing",
    "Youth football club opens a new pitch", "Theatre announces its winter season",
    "Residents plant trees along the ring road", "Market hall roof repairs to begin",
)


@dataclass(frozen=True)
class Outlet:
    name: str
    slug: str
    tagline: str
    sections: tuple[str, ...]
    related: tuple[str, ...]
    curly_quotes: bool
    glued_byline: bool


@dataclass(frozen=True)
class Person:
    first: str
    last: str

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


@dataclass(frozen=True)
class Kind:
    """One kind of story: the sentences each planted fact can be told with.

    Slots in braces are filled from the story (`Story.slots`) and the outlet's
    view of it. `assertion` is (affirmed phrasings, negated phrasings);
    `hedged` is (plain phrasings, hedged phrasings); `quotes` pairs two
    wordings of one remark. Background `fillers` may hold "[a|b|c]": each
    article picks one alternative, as outlets word background differently.
    """

    name: str
    headlines: tuple[str, ...]
    leads: tuple[str, ...]
    counts: tuple[str, ...]
    money: tuple[str, ...]
    assertion: tuple[tuple[str, ...], tuple[str, ...]]
    hedged: tuple[tuple[str, ...], tuple[str, ...]]
    speaker_role: str
    quotes: tuple[tuple[str, str], ...]
    second_role: str
    second_quotes: tuple[str, ...]
    fillers: tuple[str, ...]
    count_range: tuple[int, int]
    money_range: tuple[float, float]
    money_unit: str
    """"million" or "billion": the scale the money figure is written in."""
    extra_slots: dict[str, tuple[str, ...]] = field(default_factory=dict)


KINDS = (
    Kind(
        name="fire",
        headlines=(
            "Fire halts work at {company} {facility} in {town}",
            "{town} {facility} evacuated after overnight fire",
            "Blaze at {company} site in {town} under investigation",
        ),
        leads=(
            "A fire broke out at the {company} {facility} in {town} {date}, forcing {company} to shut the site down.",
            "Firefighters were called to the {company} {facility} in {town} after a fire broke out {date}.",
            "Workers fled the {company} {facility} in {town} when a fire broke out in a storage hall {date}.",
        ),
        counts=(
            "{count} {crowd} were {moved} from the {company} site, according to the {county} County emergency office.",
            "According to the {county} County emergency office, {count} {crowd} were {moved} from the {company} site before the first engines arrived.",
            "Managers said {count} {crowd} were {moved} from the {company} buildings as the smoke spread.",
        ),
        money=(
            "The fire at the {town} {facility} caused an estimated {money} in {losses}, fire officials said.",
            "Fire officials put the {losses} at the {town} {facility} at {money}, a figure they called preliminary.",
            "{company} put the {losses} at its storage hall and stock at {money}.",
        ),
        assertion=(
            ("The sprinkler system in the {company} storage hall activated within minutes.",
             "Inspectors said the sprinkler system in the {company} storage hall activated within minutes of the alarm."),
            ("The sprinkler system in the {company} storage hall did not activate.",
             "Inspectors said the sprinkler system in the {company} storage hall did not activate after the alarm."),
        ),
        hedged=(
            ("The fire at the {company} {facility} started near a {spot} at the back of the hall.",
             "Investigators said the fire at the {company} {facility} started near a {spot} at the back of the hall."),
            ("The fire at the {company} {facility} reportedly started near a {spot} at the back of the hall.",
             "The fire at the {company} {facility} may have started near a {spot} at the back of the hall, investigators said."),
        ),
        speaker_role="{town} fire chief",
        quotes=(
            ("Our crews kept the flames away from the main {company} production hall",
             "Our crews kept the fire out of the main {company} production hall"),
            ("We were lucky that the wind over {town} dropped after midnight",
             "We were fortunate the wind over {town} died down after midnight"),
            ("Everyone got out of the {company} building safely and quickly",
             "Everybody got out of the {company} building quickly and safely"),
        ),
        second_role="a spokesperson for {company}",
        second_quotes=(
            "We are grateful to the firefighters of {town} and we will support our staff while the site is closed",
            "Our priority is our people in {town}, and we will pay every worker during the shutdown",
        ),
        fillers=(
            "The {company} {facility} [opened|started production|was built] in {founded} and [employs about {staff} people|has a workforce of about {staff}|provides about {staff} jobs], most of them [from {town} and nearby villages|held by people from {town}|filled from around {county} County].",
            "{county} County sent [engines|crews|fire engines] from [five|six|four|seven] stations to help the {town} [crews|firefighters|brigade] through the night, and the last of them left [after dawn|at first light|around breakfast time].",
            "{town} police told residents of {street} to keep their windows [shut|closed] until the smoke over the {company} site [cleared|lifted|drifted away].",
            "The {town} Community Hall stayed open as a [rest centre|shelter|warm place] for night-shift workers from {company} and their families.",
            "{company} said it would [work with|help|cooperate with] [the state fire marshal|fire investigators|the county fire service] and its insurers to find out [what went wrong|how the fire started|what happened] in {town}.",
            "{third}, who has worked at the {company} {facility} for {years} years, said {company} staff had [raised concerns about|complained about|warned managers about] the {town} storage hall [earlier in the year|last spring|more than once].",
            "The {town} Traders Association handed out [hot drinks|coffee and sandwiches|tea and soup] to firefighters and to {company} workers waiting for news.",
            "{town} police closed {street} past the {company} {facility} for [most of the morning|several hours|much of the day] while [crews|firefighters] [damped down|cooled|hosed down] the {company} roof.",
            "{union} said it wanted to see the inspection records for the {company} hall before the {town} site reopens.",
            "The {company} {facility} supplies customers across {county} County, and {company} has [warned them to expect delays|told them orders will be late|promised to keep them informed].",
            "{county} County said air quality readings taken in {town} [later in the day|that afternoon|the next morning] were [normal|within safe limits].",
            "{county} County [plans to review|will review|has promised a review of] its emergency procedures for [large industrial sites|factories and warehouses] after the fire in {town}.",
        ),
        count_range=(60, 900),
        money_range=(1.2, 48.0),
        money_unit="million",
        extra_slots={"facility": ("packaging plant", "warehouse", "bottling plant", "textile mill", "print works"),
                     "spot": ("battery charging point", "loading bay", "paint store", "waste compactor"),
                     "crowd": ("workers", "employees", "staff members", "contractors", "night-shift workers", "people"),
                     "moved": ("evacuated", "led to safety", "moved out", "sent out"),
                     "losses": ("damage", "losses", "repair costs")},
    ),
    Kind(
        name="job cuts",
        headlines=(
            "{company} to cut jobs at {town} {facility}",
            "Job losses loom as {company} shrinks {town} operation",
            "{company} announces cuts at its {town} site",
        ),
        leads=(
            "{company} announced {date} that it will {cut} {count} {jobs} at its {facility} in {town}.",
            "{company} said {date} it would {cut} {count} {jobs} at its {town} {facility}.",
            "Workers at the {company} {facility} in {town} learned {date} that {count} {jobs} will go.",
        ),
        counts=(),
        money=(
            "{company} expects the changes to save {money} a year, according to a statement.",
            "According to {company}, the cuts in {town} will save about {money} a year.",
            "The restructuring is meant to save {company} {money} a year, the company said.",
        ),
        assertion=(
            ("The {company} {facility} in {town} will stay open after the cuts.",
             "Managers told staff that the {company} {facility} in {town} will stay open after the cuts."),
            ("The {company} {facility} in {town} will not stay open after the cuts.",
             "Managers told staff that the {company} {facility} in {town} will not stay open after the cuts."),
        ),
        hedged=(
            ("More cuts will follow at other {company} sites next year.",
             "{company} said more cuts will follow at its other sites next year."),
            ("More cuts could follow at other {company} sites next year.",
             "More cuts may follow at other {company} sites next year, analysts said."),
        ),
        speaker_role="chief executive of {company}",
        quotes=(
            ("This was the hardest decision I have made at {company}",
             "This is the hardest decision I have had to make at {company}"),
            ("Demand for {sector} has fallen faster than anyone expected",
             "Demand for {sector} fell faster than anybody expected"),
            ("We will help every affected employee in {town} find a new role",
             "We will help each affected worker in {town} find a new job"),
        ),
        second_role="a union organiser at the {town} site",
        second_quotes=(
            "People in {town} have given {company} decades of their lives and they deserve better",
            "We were told nothing about the {town} cuts until the announcement went out this morning",
        ),
        fillers=(
            "The {company} {facility} in {town} [opened|started operating] in {founded} and [employed about {staff} people|had about {staff} staff] before the announcement.",
            "{company} has struggled with [higher energy and transport costs|rising costs and falling orders|cheaper imports] for the past [two|three|few] years.",
            "{company} called its {town} staff to a meeting [in the canteen|on the factory floor|in the car park] shortly before the news was made public.",
            "{third}, who runs a [cafe|sandwich shop|bakery] on {street} near the {company} site, said most of the lunchtime trade on {street} comes from {company} workers.",
            "{union} said it would seek talks with {company} management about [voluntary redundancies|the cuts|other ways to save money].",
            "{county} County said it would [set up|hold|organise] a job fair in {town} for affected {company} workers.",
            "{company} shares [rose slightly|edged higher|moved little] after the announcement[, then fell back by the close of trading|| and closed the day flat].",
            "{company} had been expected to cut jobs since it lost a large [contract|customer|order] [last year|in the spring|over the winter], [analysts said|according to analysts].",
            "The mayor of {town} said the council would do what it could to keep the {company} site open.",
            "The {company} {facility} had been the [biggest|largest|main] employer in {town} for a generation, former employees said.",
            "{town} College said it would offer free [retraining courses|training places|evening classes] to {company} workers who lose their jobs.",
            "{company} did not say which [departments|teams|shifts] in {town} would be most affected by the cuts.",
        ),
        count_range=(40, 1200),
        money_range=(2.0, 90.0),
        money_unit="million",
        extra_slots={"facility": ("assembly plant", "distribution centre", "call centre", "bakery", "foundry"),
                     "jobs": ("jobs", "positions", "roles", "posts"), "cut": ("cut", "eliminate", "shed", "axe")},
    ),
    Kind(
        name="council vote",
        headlines=(
            "{town} council backs {project}",
            "Councillors approve {project} in {town}",
            "{town} votes for {project} after long debate",
        ),
        leads=(
            "The {town} town council voted {date} to approve {project}, ending months of debate.",
            "Councillors in {town} approved {project} {date} after a three-hour meeting.",
            "{town} will go ahead with {project} after the town council approved the plan {date}.",
        ),
        counts=(
            "The {town} plan covers {count} {homes} on the east side of town, according to the council's planning office.",
            "According to the {town} planning office, {count} {homes} on the east side of town are covered by the plan.",
            "Some {count} {homes} on the east side of {town} fall within the plan, officials said.",
        ),
        money=(
            "The {town} project will cost {money}, most of it from a state grant.",
            "The {town} council put the cost of the project at {money}, with a state grant covering most of it.",
            "The work in {town} is budgeted at {money}, according to council documents.",
        ),
        assertion=(
            ("The {town} plan includes new parking spaces near the station.",
             "Officials confirmed that the {town} plan includes new parking spaces near the station."),
            ("The {town} plan does not include new parking spaces near the station.",
             "Officials confirmed that the {town} plan does not include new parking spaces near the station."),
        ),
        hedged=(
            ("Construction in {town} will begin in the spring.",
             "The {town} council said construction will begin in the spring."),
            ("Construction in {town} is expected to begin in the spring.",
             "Construction in {town} could begin in the spring, officials said."),
        ),
        speaker_role="{town} council member",
        quotes=(
            ("This is the most important decision this council will make for {town} in a decade",
             "This is the biggest decision this council will make for {town} in a decade"),
            ("We listened to the people of {town} and we changed the plan because of them",
             "We listened to the people of {town} and we changed the plan for them"),
            ("The money is there and the need in {town} is obvious",
             "The funding is there and the need in {town} is clear"),
        ),
        second_role="a resident who spoke at the {town} meeting",
        second_quotes=(
            "Nobody asked the people on our street in {town} what they wanted",
            "I have waited twenty years for {town} to fix this",
        ),
        fillers=(
            "More than a hundred {town} residents [attended the meeting|packed the council chamber|came to the hearing], where dozens of them spoke about {project}.",
            "The {town} plan was first proposed in {founded} but [stalled|was shelved|went nowhere] after the previous {town} council rejected it.",
            "The {town} council had not done enough to consult businesses on {street}, [opponents said|critics said|according to opponents].",
            "Supporters of {project} [held signs|gathered|handed out leaflets] outside {town} Town Hall before the meeting began.",
            "The mayor of {town} said {town} would publish a timetable for {project} within a few weeks.",
            "The {town} finance committee [reviewed|examined|checked] the budget twice before sending it to the full council.",
            "{town} has about {staff} residents and has grown [steadily|quickly|every year] since the new rail link to {county} County opened.",
            "The {street} Neighbourhood Association said it would keep pressing the {town} council for changes to the design.",
            "{third}, the {town} town engineer, told councillors that the work on {street} would be done in stages to limit disruption.",
            "Several {town} councillors said the vote on {project} was the most [contentious|difficult|heated] of their term.",
            "The grant to {town} must be spent within [three|four|five] years, according to its terms.",
            "The {town} Chamber of Commerce asked the council to keep at least one lane of {street} open during construction.",
        ),
        count_range=(120, 4000),
        money_range=(1.1, 36.0),
        money_unit="million",
        extra_slots={"project": ("a new flood barrier", "a rebuilt town square", "protected cycle lanes",
                                 "a new public library", "a bus rapid transit line"),
                     "homes": ("homes", "households", "properties", "flats", "addresses")},
    ),
    Kind(
        name="takeover",
        headlines=(
            "{company} agrees to buy {target}",
            "{company} strikes deal for rival {target}",
            "{target} accepts takeover offer from {company}",
        ),
        leads=(
            "{company} agreed {date} to buy {target}, its smaller rival based in {town}, for {money}.",
            "{company} said {date} it had agreed to acquire {target} of {town} for {money}.",
            "{target}, based in {town}, agreed {date} to be bought by {company} for {money}.",
        ),
        counts=(
            "{target} employs {count} {staffers}, according to its latest annual report.",
            "According to its annual report, {target} has {count} {staffers}.",
            "{target} has {count} {staffers}, most of them in {town}.",
        ),
        money=(),
        assertion=(
            ("The board of {target} backed the offer from {company}.",
             "The board of {target} backed the offer from {company} unanimously, the companies said."),
            ("The board of {target} did not back the offer from {company}.",
             "The board of {target} did not back the offer from {company}, the companies said."),
        ),
        hedged=(
            ("The {company} deal for {target} will close by the end of the year.",
             "{company} said the deal for {target} will close by the end of the year."),
            ("The {company} deal for {target} is expected to close by the end of the year.",
             "The {company} deal for {target} could close by the end of the year, the companies said."),
        ),
        speaker_role="chief executive of {company}",
        quotes=(
            ("Together with {target} we will be able to serve customers we could never reach alone",
             "Together with {target} we can serve customers that neither of us could reach alone"),
            ("We have admired {target} for a long time",
             "We have admired {target} for a very long time"),
            ("Nothing changes for {target} customers in the short term",
             "Nothing will change for {target} customers in the short term"),
        ),
        second_role="an analyst who follows {target}",
        second_quotes=(
            "The price {company} is paying looks generous, but the logic of the deal is sound",
            "Regulators will want to look closely at the combined market share of {company} and {target}",
        ),
        fillers=(
            "{target} was founded in {town} in {founded} and has grown through a string of small [acquisitions|purchases|deals].",
            "Shares of {company} [rose|climbed|gained] in early trading after the announcement.",
            "{company} and {target} compete for many of the same customers in {county} County.",
            "The {target} deal still needs the approval of [competition regulators|the competition authority|regulators].",
            "Advisers to {company} and {target} worked on the terms for [several|six|many] months.",
            "{company} said it planned to keep the {target} brand for at least [two|three] years.",
            "{company} and {target} together will have about {staff} [employees|staff|workers] across {county} County.",
            "Some investors in {target} had pushed for a sale since a [difficult|poor|weak] year for the business.",
            "{third}, the mayor of {town}, said {town} hoped {company} would keep the {target} jobs there.",
            "{company} will pay for {target} with [cash and new borrowing|cash and shares|its own cash], it said.",
            "Customers of {target} were told in a letter that their {target} contracts would not change.",
            "The {target} takeover is the largest in the {sector} sector this year.",
        ),
        count_range=(80, 2500),
        money_range=(0.3, 9.5),
        money_unit="billion",
        extra_slots={"staffers": ("people", "employees", "staff", "workers")},
    ),
    Kind(
        name="storm",
        headlines=(
            "Storm leaves thousands without power in {town}",
            "{town} cleans up after heavy storm",
            "Power cuts and flooding as storm hits {town}",
        ),
        leads=(
            "A storm swept through {town} {date}, bringing down trees and power lines across {county} County.",
            "Heavy rain and high winds hit {town} {date}, flooding roads across {county} County.",
            "{town} was hit by a powerful storm {date} that flooded streets and cut power to thousands.",
        ),
        counts=(
            "{count} {homes} in {town} lost power at the height of the storm, according to {utility}.",
            "According to {utility}, {count} {homes} in {town} were without power at the peak.",
            "{utility} said {count} {homes} in {town} lost power during the storm.",
        ),
        money=(
            "{county} County officials estimated the cost of repairs in {town} at {money}.",
            "Repairs to roads and bridges in {town} will cost about {money}, {county} County officials said.",
            "{county} County put the damage to public property in {town} at {money}.",
        ),
        assertion=(
            ("Schools in {town} reopened the next day.",
             "The {county} County school district said schools in {town} reopened the next day."),
            ("Schools in {town} did not reopen the next day.",
             "The {county} County school district said schools in {town} did not reopen the next day."),
        ),
        hedged=(
            ("The river in {town} peaked below the level of the flood wall.",
             "Forecasters said the river in {town} peaked below the level of the flood wall."),
            ("The river in {town} apparently peaked below the level of the flood wall.",
             "The river in {town} may have peaked below the level of the flood wall, forecasters said."),
        ),
        speaker_role="mayor of {town}",
        quotes=(
            ("I have never seen water this high in {town}",
             "I have never seen the water this high in {town}"),
            ("Please stay off the roads in {town} until the crews have cleared them",
             "Please keep off the roads in {town} until crews have cleared them"),
            ("Our crews in {town} worked through the night and they are still out there",
             "Our crews in {town} have worked through the night and are still out there"),
        ),
        second_role="a shop owner in {town}",
        second_quotes=(
            "The water came under the door in minutes and there was nothing anyone in {town} could do",
            "We will open again in {town} as soon as the floor dries out",
        ),
        fillers=(
            "{utility} sent crews from across {county} County to {town} overnight to restore power.",
            "{town} High School opened as a [shelter|rest centre|refuge] for families who had to leave their homes.",
            "The last storm of this size to hit {town} was in {founded}, according to the weather service.",
            "{town} police closed {street} and several other roads because of [fallen trees and standing water|debris and flooding|fallen branches].",
            "Volunteers from the {town} Rotary Club filled sandbags outside the {town} fire station until late in the evening.",
            "The weather service had warned {county} County residents the day before to prepare for the storm.",
            "{third}, who farms outside {town}, said the rain had flattened [crops|wheat|barley] across {county} County.",
            "{county} County opened a hotline for {town} residents to report damage to their homes.",
            "{county} Mutual, the largest insurer in the area, said it expected a large number of claims from {town}.",
            "{town} has about {staff} residents, many of whom live near the [river|harbour|canal].",
            "{town} Transit suspended bus services for the day and resumed them the following morning.",
            "Emergency services in {county} County said most calls from {town} were about flooded [basements|cellars|kitchens].",
        ),
        count_range=(900, 60000),
        money_range=(1.5, 40.0),
        money_unit="million",
        extra_slots={"utility": ("the {county} Power Cooperative", "{county} Electric", "the Valley Power Authority of {county}"),
                     "homes": ("households", "homes", "customers", "properties")},
    ),
    Kind(
        name="court ruling",
        headlines=(
            "Judge orders {company} to pay damages",
            "{company} loses case brought by {town} residents",
            "Court rules against {company} over {issue}",
        ),
        leads=(
            "A judge in {town} ordered {company} {date} to pay {money} to residents over {issue}.",
            "{company} must pay {money} to residents of {town} over {issue}, a judge ruled {date}.",
            "A court in {town} ruled {date} that {company} must pay {money} over {issue}.",
        ),
        counts=(
            "The case against {company} was brought by {count} {plaintiffs}, according to court filings.",
            "According to court filings, {count} {plaintiffs} joined the case against {company}.",
            "{count} {plaintiffs} from {town} took part in the case, their lawyers said.",
        ),
        money=(),
        assertion=(
            ("{company} will appeal the {town} ruling.",
             "A spokesperson said {company} will appeal the {town} ruling."),
            ("{company} will not appeal the {town} ruling.",
             "A spokesperson said {company} will not appeal the {town} ruling."),
        ),
        hedged=(
            ("The {company} payments will reach residents within six months.",
             "Lawyers said the {company} payments will reach residents within six months."),
            ("The {company} payments could reach residents within six months.",
             "The {company} payments may reach residents within six months, lawyers said."),
        ),
        speaker_role="lawyer for the {town} residents",
        quotes=(
            ("Today the court listened to the people of {town} who live with this every day",
             "Today the court listened to the people of {town} who live with this every single day"),
            ("This ruling should be a warning to every company in {county} County",
             "This ruling should serve as a warning to every company in {county} County"),
            ("My clients in {town} never wanted money, they wanted the truth",
             "My clients in {town} never wanted the money, they wanted the truth"),
        ),
        second_role="one of the {town} residents who brought the case",
        second_quotes=(
            "We have been complaining about {company} for years and finally somebody listened",
            "It does not give us back the years we lost in {town}, but it is something",
        ),
        fillers=(
            "The case against {company} began after residents complained about {issue} near its {town} site, which opened in {founded}.",
            "The trial of {company} lasted [three|four|two] weeks and heard from more than [twenty|thirty|a dozen] witnesses.",
            "{company} had argued that its {town} site followed all the rules that applied at the time.",
            "Dozens of {town} residents gathered on the steps of the courthouse after the ruling against {company} was read.",
            "Judge {third} said {company} had ignored warnings from its own engineers.",
            "The {county} Rivers Trust said the ruling against {company} could encourage similar cases elsewhere in the state.",
            "{company} employs about {staff} people in {county} County, according to its website.",
            "State regulators had fined {company} [twice|three times|once] before the {town} residents went to court.",
            "Lawyers for the {town} residents said they would meet the {town} plaintiffs next week to explain the next steps.",
            "The ruling also orders {company} to pay for independent monitoring in {town} for [five|three|ten] years.",
            "A spokesperson for {company} declined to say how {company} would fund the payment.",
            "Neighbours of the {company} site said they hoped the ruling would lead to real changes in {town}.",
        ),
        count_range=(25, 1800),
        money_range=(0.8, 65.0),
        money_unit="million",
        extra_slots={"issue": ("noise from its quarry", "dust from its cement works", "odours from its treatment plant",
                               "contamination of wells", "flooding from its drainage works"),
                     "plaintiffs": ("residents", "households", "families", "homeowners", "neighbours")},
    ),
)
STREET_KINDS = ("Road", "Street", "Lane", "Avenue")
UNIONS = ("Allied Workers Union", "General Trades Union", "Industrial Workers Guild", "United Plant Workers")
SECTORS = (
    "Polymers", "Logistics", "Foods", "Energy", "Pharmaceuticals", "Textiles", "Motors", "Mining",
    "Freight", "Semiconductors", "Dairy", "Paper", "Steel", "Glassworks", "Software", "Brewing",
)
HEDGE_SHARE = 0.3
"""Share of stories where one outlet hedges a statement the others make plainly."""
CONFLICT_SHARE = 0.6
"""Share of stories with at least one planted disagreement."""
SYNDICATION_SHARE = 0.08
"""Share of stories (of three outlets or more) where one outlet reprints another's text."""


@dataclass(frozen=True)
class Dump:
    pages: Path
    manifest: Path
    articles: int
    stories: int
    planted_conflicts: int


@dataclass
class Story:
    """One news event and what every outlet covering it says."""

    number: int
    kind: Kind
    event: date
    slots: dict[str, str]
    speaker: Person
    second: Person
    quote: int
    count: int
    money: float
    outlets: list[Outlet]
    published: list[date]
    planted: list[str]
    """Per planted fact key, in order: the disagreement kind ("" when none)."""
    deviants: dict[str, set[int]]
    """Planted fact key -> outlet positions that deviate."""
    syndicated: int
    """Position of the outlet that reprints outlet 0's text, or -1."""


@dataclass
class Page:
    file: str
    story: int
    outlet: str
    format: str
    published: str
    author: str
    text: str
    syndicated_of: str
    facts: dict[str, str]


def generate(out_dir: str | Path, n_articles: int, seed: int = 0, html_share: float = 0.5) -> Dump:
    """Write `n_articles` pages under OUT/pages and the planted facts to OUT/manifest.json."""
    if n_articles < 0 or not 0 <= html_share <= 1:
        raise ValueError(f"need n_articles >= 0 and 0 <= html_share <= 1, got {n_articles} and {html_share}")
    out = Path(out_dir)
    pages_dir = out / PAGES_FOLDER
    pages_dir.mkdir(parents=True, exist_ok=True)
    outlets = make_outlets(seed)
    pages: list[Page] = []
    stories: list[Story] = []
    for story in story_stream(seed, outlets):
        stories.append(story)
        for page in story_pages(story, seed, html_share, first_index=len(pages)):
            if len(pages) == n_articles:
                break
            pages.append(page)
        if len(pages) == n_articles:
            break
    for page in pages:
        (pages_dir / page.file).write_text(page.text, encoding="utf-8", newline="\n")
    manifest = build_manifest(seed, html_share, pages, stories)
    manifest_path = out / MANIFEST_NAME
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return Dump(pages_dir, manifest_path, len(pages), manifest["stories"], sum(manifest["conflicts"].values()))


def make_outlets(seed: int) -> list[Outlet]:
    rng = random.Random(f"outlets:{seed}")
    names = [f"{head} {noun}" for head in OUTLET_HEADS for noun in OUTLET_NOUNS]
    outlets = []
    for name in sorted(rng.sample(names, 40)):
        if rng.random() < 0.4:
            name = f"The {name}"
        related = tuple(rng.sample(EVERGREEN_TOPICS, 6))
        outlets.append(Outlet(
            name=name, slug=name.lower().replace(" ", "-"),
            tagline=f"News from {name.split()[-2]} and the surrounding counties",
            sections=tuple(rng.sample(SECTIONS, 6)), related=related,
            curly_quotes=rng.random() < 0.5, glued_byline=rng.random() < 0.3,
        ))
    return outlets


def story_stream(seed: int, outlets: list[Outlet]) -> Iterator[Story]:
    """Stories 0, 1, 2, ... each drawn from its own generator, so story i never depends on how many follow."""
    number = 0
    while True:
        yield make_story(number, random.Random(f"story:{seed}:{number}"), outlets)
        number += 1


def make_story(number: int, rng: random.Random, outlets: list[Outlet]) -> Story:
    kind = KINDS[rng.randrange(len(KINDS))]
    town = rng.choice(TOWN_PREFIXES) + rng.choice(TOWN_HEADS) + rng.choice(TOWN_TAILS)
    sector = rng.choice(SECTORS)
    company = rng.choice(COMPANY_HEADS) + rng.choice(COMPANY_TAILS) + " " + sector
    target = rng.choice(COMPANY_HEADS) + rng.choice(COMPANY_TAILS) + " " + rng.choice(SECTORS)
    slots = {
        "town": town, "company": company, "target": target, "county": rng.choice(COUNTIES),
        "founded": str(rng.randint(1952, 2016)), "staff": f"{rng.randint(3, 90) * 100:,}", "sector": sector.lower(),
    }
    slots.update({name: rng.choice(choices).format(**slots) for name, choices in kind.extra_slots.items()})
    people = [Person(first, head + rng.choice(SURNAME_TAILS))
              for first, head in zip(rng.sample(FIRST_NAMES, 3), rng.sample(SURNAME_HEADS, 3))]
    slots.update({
        "third": people[2].full, "years": str(rng.randint(4, 35)),
        "street": f"{rng.choice(TOWN_HEADS)}{rng.choice(TOWN_TAILS)} {rng.choice(STREET_KINDS)}",
        "union": f"Local {rng.randint(100, 999)} of the {rng.choice(UNIONS)}",
    })
    low, high = kind.money_range
    event = date(2024, 1, 1) + timedelta(days=rng.randint(0, 700))
    covering = rng.sample(outlets, rng.randint(2, 8))
    published = [event + timedelta(days=rng.choice((0, 1, 1, 1, 2, 2, 3))) for _ in covering]
    syndicated = len(covering) - 1 if len(covering) >= 3 and rng.random() < SYNDICATION_SHARE else -1
    if syndicated >= 0:
        published[syndicated] = published[0]
    facts = fact_keys(kind)
    planted = ["" for _ in facts]
    deviants: dict[str, set[int]] = {}
    if rng.random() < CONFLICT_SHARE:
        for key in rng.sample([key for key in facts if conflict_kind_of(key)], rng.choice((1, 1, 2))):
            planted[facts.index(key)] = conflict_kind_of(key)
            deviants[key] = set(rng.sample(range(len(covering)), max(1, len(covering) // 3)))
    hedge_key = "hedged"
    if rng.random() < HEDGE_SHARE:
        planted[facts.index(hedge_key)] = "hedge"
        deviants[hedge_key] = {rng.randrange(len(covering))}
    return Story(
        number=number, kind=kind, event=event, slots=slots, speaker=people[0], second=people[1],
        quote=rng.randrange(len(kind.quotes)), count=rng.randint(*kind.count_range),
        money=round(rng.uniform(low, high), 1), outlets=covering, published=published,
        planted=planted, deviants=deviants, syndicated=syndicated,
    )


def fact_keys(kind: Kind) -> list[str]:
    """The planted facts a story of this kind tells (a takeover's price is in its lead, a storm has no count of jobs)."""
    leads = "".join(kind.leads)
    money = ["money"] if kind.money or "{money}" in leads else []
    count = ["count"] if kind.counts or "{count}" in leads else []
    return ["event_date", *money, *count, "assertion", "quote", "hedged"]


def conflict_kind_of(key: str) -> str:
    return {"event_date": "date_shift", "money": "number_changed", "count": "number_changed",
            "assertion": "negation", "quote": "wording", "hedged": ""}[key]


def story_pages(story: Story, seed: int, html_share: float, first_index: int) -> Iterator[Page]:
    original_file = ""
    for position, outlet in enumerate(story.outlets):
        rng = random.Random(f"page:{seed}:{story.number}:{position}")
        index = first_index + position
        as_html = rng.random() < html_share
        file = f"{index:06d}-{outlet.slug}.{'html' if as_html else 'txt'}"
        author = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAME_HEADS)}{rng.choice(SURNAME_TAILS)}"
        published = story.published[position]
        source = 0 if position == story.syndicated else position
        view = outlet_view(story, source)
        body_rng = random.Random(f"body:{seed}:{story.number}:{source}")
        paragraphs = article_body(story, view, story.outlets[source], story.published[source], body_rng)
        headline = fill(body_rng.choice(story.kind.headlines), story, view)
        if position == story.syndicated:
            paragraphs = [*paragraphs, f"This story was first published by {story.outlets[0].name}."]
        page_text = (html_page if as_html else text_page)(outlet, headline, author, published, paragraphs, rng)
        page = Page(
            file=file, story=story.number, outlet=outlet.name, format="html" if as_html else "txt",
            published=published.isoformat(), author=author, text=page_text,
            syndicated_of=original_file if position == story.syndicated else "",
            facts=stated_values(story, view, published),
        )
        original_file = original_file or file
        yield page


def outlet_view(story: Story, position: int) -> dict[str, object]:
    """What the outlet at `position` says: the story's facts with its planted deviations applied."""
    view: dict[str, object] = {"event": story.event, "count": story.count, "money": story.money,
                               "negated": False, "hedged": False, "wording": 0}
    for key, positions in story.deviants.items():
        if position not in positions:
            continue
        shift = 1 if story.number % 2 else -1
        if key == "event_date":
            view["event"] = story.event + timedelta(days=shift)
        elif key == "count":
            view["count"] = story.count + max(5, story.count // 5) * shift
        elif key == "money":
            view["money"] = round(story.money * (1.25 if shift > 0 else 0.75), 1)
        elif key == "assertion":
            view["negated"] = True
        elif key == "quote":
            view["wording"] = 1
        elif key == "hedged":
            view["hedged"] = True
    return view


def stated_values(story: Story, view: dict[str, object], published: date) -> dict[str, str]:
    """The value of each planted fact as this article states it (normalised like the pipeline's output)."""
    values = {}
    for key in fact_keys(story.kind):
        if key == "event_date":
            values[key] = min(view["event"], published).isoformat()
        elif key == "money":
            values[key] = str(round(view["money"] * scale(story.kind)))
        elif key == "count":
            values[key] = str(view["count"])
        elif key == "assertion":
            values[key] = "negated" if view["negated"] else "affirmed"
        elif key == "quote":
            values[key] = story.kind.quotes[story.quote][view["wording"]].format(**story.slots)
        elif key == "hedged":
            values[key] = "hedged" if view["hedged"] else "plain"
    return values


def scale(kind: Kind) -> int:
    return 1_000_000_000 if kind.money_unit == "billion" else 1_000_000


def article_body(story: Story, view: dict[str, object], outlet: Outlet, published: date, rng: random.Random) -> list[str]:
    """About 250-400 words in paragraphs longer than a menu line (text dumps drop short lines repeated across pages)."""
    kind = story.kind
    event = min(view["event"], published)
    slots = {**story.slots, "date": date_phrase(event, published, rng), "count": f"{view['count']:,}",
             "money": money_phrase(view["money"], kind.money_unit)}

    def pick(options: tuple[str, ...]) -> str:
        return rng.choice(options).format(**slots)

    sentences = [pick(kind.leads)]
    planted = [
        pick(kind.counts) if kind.counts else "",
        pick(kind.money) if kind.money else "",
        pick(kind.assertion[1 if view["negated"] else 0]),
        pick(kind.hedged[1 if view["hedged"] else 0]),
        quote_sentence(story, view, outlet, rng),
    ]
    rng.shuffle(planted)
    sentences += [sentence for sentence in planted if sentence]
    if rng.random() < 0.6:
        sentences.insert(rng.randint(2, len(sentences)), second_quote(story, outlet, rng))
    target_words = rng.randint(280, 400)
    fillers = rng.sample(kind.fillers, len(kind.fillers))
    while fillers and sum(len(s.split()) for s in sentences) < target_words:
        sentences.insert(rng.randint(2, len(sentences)), vary(fillers.pop(), rng).format(**slots))
    return paragraphs_of(sentences)


def vary(template: str, rng: random.Random) -> str:
    """One of the alternatives of each "[a|b|c]" in `template`: outlets word background differently."""
    return ALTERNATIVES.sub(lambda match: rng.choice(match[1].split("|")), template)


def paragraphs_of(sentences: list[str], min_chars: int = 210) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []
    for sentence in sentences:
        current.append(sentence)
        if len(" ".join(current)) >= min_chars:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        if paragraphs:
            paragraphs[-1] += " " + " ".join(current)
        else:
            paragraphs.append(" ".join(current))
    return paragraphs


def date_phrase(event: date, published: date, rng: random.Random) -> str:
    """How an outlet dates the event: a weekday in the week of publication, or a written date."""
    lag = (published - event).days
    style = rng.random()
    if 0 < lag <= 5 and style < 0.4:
        return f"on {WEEKDAYS[event.weekday()]}"
    if style < 0.7:
        return f"on {MONTHS[event.month - 1]} {event.day}, {event.year}"
    if style < 0.85:
        return f"on {event.day} {MONTHS[event.month - 1]} {event.year}"
    return f"on {WEEKDAYS[event.weekday()]}, {MONTHS[event.month - 1]} {event.day}, {event.year}"


def money_phrase(amount: float, unit: str) -> str:
    return f"${amount:.1f} {unit}"


def fill(template: str, story: Story, view: dict[str, object]) -> str:
    return template.format(**story.slots, count=f"{view['count']:,}", money=money_phrase(view["money"], story.kind.money_unit))


def quote_sentence(story: Story, view: dict[str, object], outlet: Outlet, rng: random.Random) -> str:
    words = story.kind.quotes[story.quote][view["wording"]].format(**story.slots)
    role = story.kind.speaker_role.format(**story.slots)
    speaker = story.speaker
    open_, close = ("\u201c", "\u201d") if outlet.curly_quotes else ('"', '"')
    forms = (
        f"{open_}{words},{close} said {speaker.full}, the {role}.",
        f"{open_}{words},{close} {speaker.full}, the {role}, told reporters.",
        f"{speaker.full}, the {role}, said: {open_}{words}.{close}",
        f"The {role}, {speaker.full}, spoke to reporters in {story.slots['town']}. {open_}{words},{close} {speaker.last} said.",
    )
    return rng.choice(forms)


def second_quote(story: Story, outlet: Outlet, rng: random.Random) -> str:
    words = rng.choice(story.kind.second_quotes).format(**story.slots)
    role = story.kind.second_role.format(**story.slots)
    open_, close = ("\u201c", "\u201d") if outlet.curly_quotes else ('"', '"')
    return f"{open_}{words},{close} said {story.second.full}, {role}."


def written_date(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def related_items(outlet: Outlet, published: date, rng: random.Random) -> list[tuple[str, date]]:
    chosen = rng.sample(outlet.related, 3)
    return [(headline, published - timedelta(days=rng.randint(2, 40))) for headline in chosen]


def html_page(outlet: Outlet, headline: str, author: str, published: date, paragraphs: list[str], rng: random.Random) -> str:
    esc = html.escape
    url = f"https://www.{outlet.slug}.example/{published:%Y/%m/%d}/{'-'.join(headline.lower().split()[:6])}"
    nav = "\n".join(f'        <li><a href="/{s.lower()}">{s}</a></li>' for s in outlet.sections)
    body = "\n".join(f"        <p>{esc(p, quote=False)}</p>" for p in paragraphs)
    related = "\n".join(
        f'        <li><a href="/{day:%Y/%m/%d}/story">{esc(title)}</a> <span class="date">{written_date(day)}</span></li>'
        for title, day in related_items(outlet, published, rng)
    )
    hour = rng.randint(6, 21)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{esc(headline)} | {esc(outlet.name)}</title>
  <meta name="author" content="{esc(author)}">
  <meta property="og:site_name" content="{esc(outlet.name)}">
  <meta property="og:type" content="article">
  <meta property="og:title" content="{esc(headline)}">
  <meta property="og:url" content="{url}">
  <meta property="article:published_time" content="{published.isoformat()}T{hour:02d}:00:00+00:00">
  <link rel="canonical" href="{url}">
</head>
<body>
  <header class="site-header">
    <a class="logo" href="/">{esc(outlet.name)}</a>
    <p class="tagline">{esc(outlet.tagline)}</p>
    <nav class="main-menu">
      <ul>
{nav}
      </ul>
    </nav>
  </header>
  <main>
    <article>
      <h1>{esc(headline)}</h1>
      <p class="byline">By <span class="author">{esc(author)}</span> <time datetime="{published.isoformat()}">{written_date(published)}</time></p>
      <ul class="share"><li><a href="https://facebook.example/share">Facebook</a></li><li><a href="https://x.example/share">X</a></li><li><a href="mailto:?subject=story">Email</a></li></ul>
      <div class="article-body">
{body}
      </div>
    </article>
    <aside class="related">
      <h2>Related stories</h2>
      <ul>
{related}
      </ul>
    </aside>
  </main>
  <footer>
    <p class="newsletter">Get the morning briefing from {esc(outlet.name)} in your inbox.</p>
    <ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy</a></li></ul>
    <p>&copy; {published.year} {esc(outlet.name)}. All rights reserved.</p>
  </footer>
</body>
</html>
"""


def text_page(outlet: Outlet, headline: str, author: str, published: date, paragraphs: list[str], rng: random.Random) -> str:
    byline = f"By {author}{written_date(published)}" if outlet.glued_byline else f"By {author} {written_date(published)}"
    related = [line for title, day in related_items(outlet, published, rng) for line in (title, written_date(day), "")]
    lines = [
        "Skip to content", "", outlet.name, outlet.tagline, "", "Menu", *[f"\u2022 {s}" for s in outlet.sections],
        "Search", "", f"Home \u203a {outlet.sections[0]} \u203a {outlet.sections[1]}", "", headline, "", byline,
        "Share on Facebook Share on X Copy link", "", *[line for p in paragraphs for line in (p, "")],
        "Share this story", "Facebook X Email", "", "Related", "", *related,
        "Newsletter", "Sign up for our morning briefing.", "",
        f"\u00a9 {published.year} {outlet.name}. All rights reserved.",
    ]
    return "\n".join(lines) + "\n"


def build_manifest(seed: int, html_share: float, pages: list[Page], stories: list[Story]) -> dict:
    """Planted facts: for each story's fact, what each written article states, and whether they disagree."""
    by_story: dict[int, list[Page]] = {}
    for page in pages:
        by_story.setdefault(page.story, []).append(page)
    facts = []
    conflicts = dict.fromkeys(CONFLICT_KINDS, 0)
    hedges = 0
    for story in stories:
        written = by_story.get(story.number, [])
        for key, planted in zip(fact_keys(story.kind), story.planted, strict=True):
            values = {Path(p.file).stem: p.facts[key] for p in written}
            disagree = len(set(values.values())) > 1
            kind = planted if disagree else ""
            if kind in conflicts:
                conflicts[kind] += 1
            hedges += kind == "hedge"
            facts.append({"story": story.number, "kind": story.kind.name, "fact": key, "planted": kind,
                          "conflict": kind in CONFLICT_KINDS, "values": values})
    return {
        "generator": "benchmarks/synthetic_dump.py", "version": MANIFEST_VERSION, "seed": seed,
        "html_share": html_share, "articles": len(pages), "stories": len(by_story),
        "conflicts": conflicts, "hedges": hedges,
        "pages": [{"file": p.file, "label": Path(p.file).stem, "story": p.story, "outlet": p.outlet,
                   "format": p.format, "published": p.published, "author": p.author,
                   "syndicated_of": p.syndicated_of} for p in pages],
        "facts": facts,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder to write pages/ and manifest.json into")
    parser.add_argument("--articles", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--html-share", type=float, default=0.5, help="share of HTML pages, the rest text dumps (default 0.5)")
    args = parser.parse_args(argv)
    try:
        dump = generate(args.out, args.articles, seed=args.seed, html_share=args.html_share)
    except ValueError as error:
        parser.error(str(error))
    print(f"{dump.articles} articles about {dump.stories} stories, {dump.planted_conflicts} planted conflicts: "
          f"{dump.pages} (facts in {dump.manifest})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
