"""Generate a reproducible corpus of news-style articles with planted agreements and conflicts.

    python benchmarks/make_corpus.py OUT_DIR --articles 10000 --seed 1 [--format txt|jsonl]
        [--conflict-rate 0.1] [--agreement-rate 0.3]

Articles come in stories: several outlets cover one event (a summit, a deployment, a storm, an
election, a trade deal), so they state the same facts. Of the facts of stories covered by two or
more articles, a share `--agreement-rate` is stated by two or more of them with the same value (a
planted agreement), and a share `--conflict-rate` is also stated by one article with a different
value (a planted conflict). Organisations' member counts are facts shared by every story about
the organisation. Key quotes are repeated across a story's articles, sometimes misworded or
credited to someone else. `manifest.json` lists every planted fact with each mention's document
and surface text, every story's documents, and the totals.

The same seed gives the same bytes. Articles are written as they are made, one story at a time;
only the organisations' member-count ledger and the stories' document names stay in memory.
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import random
import sys
import time
from pathlib import Path

# ── pools ──────────────────────────────────────────────────────────────────────────────────────
OUTLETS = [
    "Northern Herald", "Capital Ledger", "Harbour Times", "Meridian Wire", "Continental Post",
    "Evening Dispatch", "Riverside Chronicle", "Atlas News Agency", "Daily Courier", "Global Observer",
    "Lowland Gazette", "Pacific Tribune", "Summit Press", "Eastern Standard", "Coastal Record",
    "Metro Bulletin", "Union Journal", "Morning Sentinel", "Highland Examiner", "Weekly Monitor",
    "Crossroads Review", "Beacon Media", "Frontier Telegraph", "Lakeside Reporter", "Compass News",
    "Central Mirror", "Horizon Times", "Isthmus Daily", "Granite State Wire", "Old Quarter Post",
]
FIRST = """Anna Tomas Maria Jonas Elena Pavel Sofia Marek Ingrid Lukas Clara Andrei Nadia Oskar Lena
Viktor Amira Henrik Julia Stefan Irene Mateo Leila Karim Greta Emil Noor Felix Vera Samuel Alma
Dmitri Ines Rafael Hana Jakub Selma Paolo Mira Anton Olga Daniel Petra Hugo Zofia Milan Agnes
Luca Rosa Erik Yara Carlos Eva Ivan Laura Teodor Nina Omar Katrin Bruno""".split()
LAST = """Berzina Lind Kovacs Novak Moreau Larsen Petrov Jansen Rossi Horvat Silva Nieminen Dumont
Brandt Costa Varga Olsen Keller Marin Popescu Weber Fischer Ortega Halloran Strand Kowalski
Demir Laine Sauer Duarte Eriksen Janssen Ferrante Vidal Hedlund Szabo Karlsson Mercier Lindqvist
Bauer Andersen Romano Castillo Nagy Wolff Quist Barros Ahmadi Sorensen Haddad Mendes Albrecht
Virtanen Blom Carvalho Lucas Dragan Ivanova Moretti Salo""".split()
COUNTRIES = [  # (name, adjective, capital)
    ("Latvia", "Latvian", "Riga"), ("Estonia", "Estonian", "Tallinn"), ("Lithuania", "Lithuanian", "Vilnius"),
    ("Finland", "Finnish", "Helsinki"), ("Sweden", "Swedish", "Stockholm"), ("Norway", "Norwegian", "Oslo"),
    ("Denmark", "Danish", "Copenhagen"), ("Poland", "Polish", "Warsaw"), ("Germany", "German", "Berlin"),
    ("France", "French", "Paris"), ("Spain", "Spanish", "Madrid"), ("Portugal", "Portuguese", "Lisbon"),
    ("Italy", "Italian", "Rome"), ("Greece", "Greek", "Athens"), ("Austria", "Austrian", "Vienna"),
    ("Hungary", "Hungarian", "Budapest"), ("Romania", "Romanian", "Bucharest"), ("Bulgaria", "Bulgarian", "Sofia"),
    ("Croatia", "Croatian", "Zagreb"), ("Slovakia", "Slovak", "Bratislava"), ("Ireland", "Irish", "Dublin"),
    ("Slovenia", "Slovenian", "Ljubljana"), ("Belgium", "Belgian", "Brussels"), ("Canada", "Canadian", "Ottawa"),
    ("Japan", "Japanese", "Tokyo"), ("Chile", "Chilean", "Santiago"), ("Peru", "Peruvian", "Lima"),
    ("Kenya", "Kenyan", "Nairobi"), ("Ghana", "Ghanaian", "Accra"), ("Morocco", "Moroccan", "Rabat"),
    ("Vietnam", "Vietnamese", "Hanoi"), ("Indonesia", "Indonesian", "Jakarta"), ("Mexico", "Mexican", "Mexico City"),
    ("Brazil", "Brazilian", "Brasilia"), ("Turkey", "Turkish", "Ankara"), ("Egypt", "Egyptian", "Cairo"),
    ("Australia", "Australian", "Canberra"), ("New Zealand", "New Zealand", "Wellington"),
    ("South Korea", "South Korean", "Seoul"), ("Thailand", "Thai", "Bangkok"),
]
REGIONS = """Baltic Nordic Danube Alpine Adriatic Caspian Andean Sahel Mekong Pacific Atlantic Arctic
Caribbean Balkan Iberian Carpathian Levant Aegean Rhine Amazon""".split()
TOPICS = "Energy Trade Fisheries Water Rail Security Health Digital Grain Climate Maritime Space Mining Ports".split()
BODIES = [("Council", "council"), ("Forum", "forum"), ("Alliance", "alliance"), ("Compact", "bloc"),
          ("Commission", "commission"), ("Partnership", "partnership"), ("Union", "union")]
PEOPLE_PER_PLACE = 12
ORG_ROLES = ["Secretary General", "chief negotiator", "spokesperson", "Director General", "Executive Secretary"]
MINISTER_ROLES = ["Foreign Minister", "Defence Minister", "Prime Minister", "President", "Finance Minister",
                  "Trade Minister", "Energy Minister", "Interior Minister"]
PARTIES = """Civic Platform|National Renewal|Social Democratic Party|Green Alliance|People's Movement|
Liberal Union|Labour Front|Farmers' Party|Progress Party|Centre Coalition""".replace("\n", "").split("|")
STORMS = """Alda Bruno Cora Dario Elsa Fabian Gilda Hector Iris Jorge Kira Leon Mila Nestor Opal Piero
Quinn Rhea Silas Tessa Ugo Vida Wren Xavi Yuna Zeno""".split()
FIELDS = ["engineers", "troops", "police officers", "medical staff", "advisers", "inspectors", "firefighters"]
MONTHS = "January February March April May June July August September October November December".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
ORD = "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
SMALL = "zero one two three four five six seven eight nine ten eleven twelve".split()

# Pieces of quotes and background sentences; {x} slots are filled from the story.
Q_OPEN = ["This is", "Today is", "What we agreed here is", "This agreement is", "The decision is",
          "Our message is simple: this is", "Let me be clear, this is", "For our citizens this is",
          "I believe this is", "Everyone in the room knew this was", "Make no mistake, this is",
          "For {country} this is"]
Q_MID = ["a turning point for {area}", "a signal that {org_short} can deliver", "the start of real work in {city}",
         "proof that cooperation on {topic} pays off", "a promise we intend to keep to {country}",
         "not the end of the road for {event}", "the result of months of hard talks in {city2}",
         "a fair deal for every family in {country}", "what people in {city} asked us for",
         "the most serious test of {org_short} so far", "a moment {country} will remember",
         "the best answer to the doubts about {event}"]
Q_WHY = ["because the costs of doing nothing keep rising", "and we did it without cutting corners",
         "even if some partners wanted more", "after years of promises on {topic}",
         "at a time when trust is in short supply", "and it will be felt well beyond {city}",
         "though nobody pretends it is perfect", "for farmers, workers and small firms alike"]
Q_TAIL = ["We will not wait for {city2} or anyone else to act on {topic}.",
          "Nobody in {city2} should doubt our resolve on {topic}.",
          "The money has to reach the people who need it in {city}, not the consultants.",
          "There is still a great deal of work ahead for {org_short} and for {country}.",
          "We owe {event} to the next generation in {country}.",
          "Every member, {country} included, has made sacrifices to get to {city}.",
          "We will judge {event} by results, not by declarations in {city2}.",
          "The hard part of {event} starts tomorrow morning in {city}.",
          "I am grateful to our partners in {city2} for their patience with {country}.",
          "We must keep our word on {topic}, whatever {city2} says.",
          "{country} will do its share of {event}, and more.",
          "I expect the first results of {event} before the end of the year."]
Q_MORE = ["That is what I told my colleagues from {city2}.", "I have said so since the first day in {city}.",
          "Our citizens in {country} expect nothing less.", "{city2} knows this as well as we do.",
          "The figures on {topic} speak for themselves.", "History will be the judge of {event}.",
          "We are not naive about {topic}.", "Let nobody in {city2} pretend otherwise.",
          "This is not about {city2}, it is about {country}.", "I say this with respect for {org_short}.",
          "The people of {city} deserve an honest answer.", "We have waited long enough for {event}."]
REPORT_VERBS = ["said", "told reporters", "said in a statement", "told a news conference", "said on {weekday}",
                "added", "noted", "stressed"]
REPORTED = ["the plan would be reviewed within a year", "talks on {topic} would continue in {city2}",
            "the agreement did not go far enough", "members had resolved their differences over funding",
            "{org_short} would publish a timetable in the coming weeks", "no country had asked to leave",
            "the deal was the fruit of a long negotiation", "further measures on {topic} could follow",
            "the first payments would be made before the winter", "critics had misread the text",
            "{country} was ready to take on more responsibility", "the outcome in {city} would shape {event}"]
BACKGROUND = [
    "Officials in {city} have spent months preparing for the meeting.",
    "Critics say {org_short} has moved too slowly on {topic}.",
    "The talks were overshadowed by a dispute over how costs should be shared.",
    "Opposition lawmakers in {country} have questioned the price of the plan.",
    "Analysts said the outcome was broadly in line with expectations.",
    "Several delegations arrived late after flights to {city} were delayed by fog.",
    "Protesters gathered outside the venue, calling for faster action on {topic}.",
    "The agreement still needs to be ratified by national parliaments.",
    "Previous rounds of talks ended without a joint statement.",
    "Business groups welcomed the move but asked for clearer rules.",
    "Diplomats described the atmosphere as constructive but tense.",
    "Details of the financing were not made public.",
    "The next meeting is expected to take place in {city2}.",
    "Relations between the members have been strained over {topic} for years.",
    "Environmental groups said the plan lacked firm deadlines.",
    "Markets in {country} barely reacted to the announcement.",
    "Newspapers in {city2} gave the news prominent coverage, while officials there declined to comment.",
    "A senior official, speaking on condition of anonymity, said the text had been rewritten several times overnight.",
    "Public support for the measures has fallen in recent months, according to opinion polls in {country}.",
    "Unions in {city} warned that jobs could be at risk if the timetable slipped again.",
    "The European Commission and the World Bank were represented as observers.",
    "Questions remain over how the commitments will be monitored and what happens if a member falls behind.",
    "Rival parties in {country} used the occasion to attack the government's record on {topic}.",
    "Local residents interviewed in {city} were divided, with some saying they had heard it all before.",
]
SUBHEADS = ["What happens next", "A long road", "Money and politics", "Reaction", "Background",
            "Critics unconvinced", "The numbers"]
FOOTERS = ["\u00a9 {year} {outlet}. All rights reserved.", "{outlet} {year}. All rights reserved.",
           "{outlet} website contains only a portion of the news stories offered to subscribers.",
           "Related Articles", "- Advertisement -", ""]


# ── small helpers ──────────────────────────────────────────────────────────────────────────────
def num(n: int) -> str:
    return f"{n:,}"


def small(n: int, rng: Random) -> str:
    return SMALL[n] if n < len(SMALL) and rng.random() < 0.5 else str(n)


def long_date(d: dt.date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}"


def money(v: float) -> str:
    if v >= 1e9:
        return f"${v / 1e9:g} billion"
    return f"${v / 1e6:g} million"


class Random(random.Random):
    """random.Random with a cheaper choice() (the generator makes hundreds per article)."""

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]


@functools.lru_cache(maxsize=4096)
def slug(s: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in s.lower()).strip("-")


class Org:
    def __init__(self, region: str, topic: str, body: tuple[str, str], members: int, founded: int):
        self.name = f"{region} {topic} {body[0]}"
        self.short = body[1]  # "the council"
        self.region, self.topic, self.members, self.founded = region, topic.lower(), members, founded


class Person:
    def __init__(self, first: str, last: str, role: str, where: str, adjective: str | None):
        self.first, self.last, self.role, self.where = first, last, role, where
        self.full = f"{first} {last}"
        # "Latvian Foreign Minister Anna Berzina" / "Tomas Lind, the council's Secretary General"
        self.titled = f"{adjective} {role} {self.full}" if adjective else f"{where} {role} {self.full}"


# ── facts and the manifest ─────────────────────────────────────────────────────────────────────
class Fact:
    """One checkable fact and where the corpus states it."""

    def __init__(self, fid: str, kind: str, subject: str, prop: str, value, hedge: str | None, forms):
        self.id, self.kind, self.subject, self.property = fid, kind, subject, prop
        self.value, self.hedge, self.forms = value, hedge, forms
        self.mentions: list[dict] = []  # {"doc", "value", "text", "planted": "agree"|"conflict"|"single"}

    def entry(self) -> dict:
        value = self.value.isoformat() if isinstance(self.value, dt.date) else self.value
        agree_docs = {m["doc"] for m in self.mentions if m["planted"] != "conflict"}
        return {"id": self.id, "kind": self.kind, "subject": self.subject, "property": self.property,
                "value": value, "hedge": self.hedge, "agreement": len(agree_docs) >= 2,
                "conflict": any(m["planted"] == "conflict" for m in self.mentions), "mentions": self.mentions}


def altered(fact: Fact, rng: Random):
    """A value that contradicts the fact (for hedged counts: an exact figure below the bound)."""
    v = fact.value
    if fact.kind == "ordinal":
        return v + 1 if v < 3 or rng.random() < 0.5 else v - 1
    if fact.kind == "date":
        return v + dt.timedelta(days=rng.choice([-3, -2, -1, 1, 2, 4]))
    if fact.kind == "percent":
        return round(v + rng.choice([-1, 1]) * rng.uniform(5, 12), 1)
    if fact.property in ("members", "seats"):
        return v + rng.choice([-3, -2, 2, 3, 5])
    factor = rng.uniform(0.35, 0.7) if fact.hedge in ("more than", "at least") or rng.random() < 0.5 \
        else rng.uniform(1.4, 2.2)
    step = 10 ** max(0, len(str(int(v))) - 2)
    new = max(step, int(v * factor) // step * step)
    return new if new != v else v + 2 * step


# ── stories ────────────────────────────────────────────────────────────────────────────────────
class Story:
    """A shared event: its facts (each with sentence forms), people, quotes and headlines."""

    def __init__(self, sid: int, kind: str, rng: Random, when: dt.date, org: Org, people: list[Person],
                 country: tuple[str, str, str]):
        self.id, self.kind, self.when, self.org, self.people, self.country = sid, kind, when, org, people, country
        self.city = country[2]
        self.facts: list[Fact] = []
        self.event = f"the {org.name}"
        getattr(self, "_" + kind)(rng)
        national = kind in ("storm", "election")
        self.body = "the government" if national else f"the {org.short}"
        self.slots = {"org_short": self.body, "org": org.name, "topic": "recovery" if kind == "storm" else org.topic,
                      "city": self.city, "country": country[0], "area": f"the {org.region} region",
                      "city2": rng.choice(COUNTRIES)[2], "event": self.event}

    def fact(self, name, kind, subject, prop, value, hedge, *forms) -> None:
        self.facts.append(Fact(f"s{self.id}.{name}", kind, subject, prop, value, hedge, forms))

    # Each form is f(value) -> (sentence, phrase), the phrase being the part that states the value.
    def _summit(self, rng):
        org, when = self.org, self.when
        self.accord = f"{self.city} {org.topic.title()} Accord"
        self.event = f"the {self.accord}"
        n = rng.randint(2, 10)
        since = org.founded
        self.headlines = [f"{org.name} signs {self.accord} at {self.city} summit",
                          f"{org.region} leaders agree {org.topic} pact in {self.city}",
                          f"{org.name} members seal deal on {org.topic}"]
        self.lead = (f"Leaders of the {org.name} met in {self.city} on {WEEKDAYS[when.weekday()]} and agreed "
                     f"a plan to deepen cooperation on {org.topic}.")
        self.fact("ordinal", "ordinal", f"{org.name} summit", "ordinal", n, None,
                  lambda v, h: (f"It was the {ORD[v - 1]} summit of the {org.short} since {since}.",
                             f"the {ORD[v - 1]} summit of the {org.short} since {since}"),
                  lambda v, h: (f"The meeting in {self.city} was the {ORD[v - 1]} summit since {since}, officials said.",
                             f"the {ORD[v - 1]} summit since {since}"))
        self.fact("signed", "date", self.accord, "signed", when, None,
                  lambda v, h: (f"The {self.accord} was signed on {long_date(v)}.", f"signed on {long_date(v)}"),
                  lambda v, h: (f"Delegates signed the {self.accord} on {long_date(v)} in {self.city}.",
                             f"signed the {self.accord} on {long_date(v)}"))
        staff, field = rng.choice([300, 450, 600, 1200, 1500, 2000, 2500, 3000, 4000]), rng.choice(FIELDS)
        hedge = rng.choice(["more than", "about", None])
        self.fact("staff", "count", self.accord, field, staff, hedge,
                  lambda v, h: _hedged_sentence(f"The accord commits {{n}} {field} to joint projects.", v, h),
                  lambda v, h: _hedged_sentence(f"Under the plan, {{n}} {field} will be sent to {self.city}.", v, h))
        cost = rng.choice([1.2, 2.5, 3.5, 4.8, 6, 7.5, 12]) * 1e9
        self.fact("cost", "amount", self.accord, "cost", cost, None,
                  lambda v, h: (f"The accord is expected to cost {money(v)} over five years.", money(v)),
                  lambda v, h: (f"Members will share the {money(v)} bill according to the size of their economies.", money(v)))

    def _deployment(self, rng):
        org, when, (country, adj, _cap) = self.org, self.when, self.country
        self.mission = f"{org.region} {org.topic.title()} Mission"
        self.event = f"the {self.mission}"
        self.headlines = [f"{country} to send {rng.choice(FIELDS)} to {self.mission}",
                          f"{adj} government approves deployment to {org.region} mission",
                          f"{country} boosts its role in {org.name} mission"]
        self.lead = (f"The government of {country} on {WEEKDAYS[when.weekday()]} approved a deployment to the "
                     f"{self.mission}, run by the {org.name}.")
        troops = rng.choice([150, 200, 350, 500, 800, 1000, 1500, 2000, 2400])
        hedge = rng.choice(["more than", "at least", None, None])
        self.fact("troops", "count", self.mission, f"{adj} troops", troops, hedge,
                  lambda v, h: _hedged_sentence(f"{country} will send {{n}} troops to the mission.", v, h),
                  lambda v, h: _hedged_sentence(f"The deployment of {{n}} troops needs the approval of parliament.", v, h))
        rot = rng.randint(2, 9)
        since = rng.choice([2014, 2016, 2018, 2019])
        self.fact("rotation", "ordinal", f"{adj} deployment to {self.mission}", "ordinal", rot, None,
                  lambda v, h: (f"It will be the {ORD[v - 1]} {adj} rotation since {since}.",
                             f"the {ORD[v - 1]} {adj} rotation since {since}"))
        self.fact("announced", "date", f"{adj} deployment to {self.mission}", "announced", when, None,
                  lambda v, h: (f"The deployment was announced on {long_date(v)}.", f"announced on {long_date(v)}"))
        cost = rng.choice([45, 80, 120, 250, 450, 600]) * 1e6
        self.fact("cost", "amount", f"{adj} deployment to {self.mission}", "cost", cost, None,
                  lambda v, h: (f"The mission will cost {country} {money(v)} a year.", money(v)))

    def _storm(self, rng):
        when, (country, adj, _cap) = self.when, self.country
        name = f"Storm {rng.choice(STORMS)}"
        self.event = name
        self.headlines = [f"{name} kills dozens in {country}", f"{name} batters the coast of {country}",
                          f"Death toll rises as {name} sweeps across {country}"]
        self.lead = f"{name} hit the coast of {country} on {WEEKDAYS[when.weekday()]}, flooding towns and cutting power."
        dead = rng.choice([12, 18, 23, 31, 45, 60, 87])
        self.fact("killed", "count", name, "people killed", dead, "at least",
                  lambda v, h: _hedged_sentence("{n} people were killed, officials said.", v, h),
                  lambda v, h: (f"The storm killed {num(v)} people, according to the {adj} civil protection agency.",
                             f"killed {num(v)} people"))
        evac = rng.choice([2000, 5000, 8000, 12000, 20000, 35000])
        self.fact("evacuated", "count", name, "people evacuated", evac, "more than",
                  lambda v, h: _hedged_sentence("{n} people were evacuated from low-lying areas.", v, h))
        n = rng.randint(2, 5)
        self.fact("ordinal", "ordinal", name, "ordinal", n, None,
                  lambda v, h: (f"It was the {ORD[v - 1]} major storm to hit {country} this year.",
                             f"the {ORD[v - 1]} major storm to hit {country} this year"))
        self.fact("landfall", "date", name, "landfall", when, None,
                  lambda v, h: (f"The storm made landfall on {long_date(v)}.", f"made landfall on {long_date(v)}"))

    def _election(self, rng):
        when, (country, adj, _cap) = self.when, self.country
        party = rng.choice(PARTIES)
        self.event = f"the {party}"
        self.headlines = [f"{party} wins {adj} election", f"{country} votes: {party} claims victory",
                          f"{adj} voters hand {party} a new term"]
        self.lead = f"The {party} won the parliamentary election in {country} held on {WEEKDAYS[when.weekday()]}."
        share = round(rng.uniform(28, 55), 1)
        self.fact("share", "percent", f"{party} in the {adj} election", "share of the vote", share, None,
                  lambda v, h: (f"The party won {v:g} percent of the vote.", f"{v:g} percent of the vote"),
                  lambda v, h: (f"With {v:g}% of the vote, the {party} finished first.", f"{v:g}% of the vote"))
        seats = rng.choice([101, 150, 200, 230, 300, 349, 450])
        self.fact("seats", "count", f"{adj} parliament", "seats", seats, None,
                  lambda v, h: (f"It will be the largest group in the {v}-seat parliament.", f"{v}-seat parliament"))
        term = rng.randint(2, 5)
        self.fact("term", "ordinal", f"{party} in government", "ordinal", term, None,
                  lambda v, h: (f"The result gives the party a {ORD[v - 1]} consecutive term.",
                             f"a {ORD[v - 1]} consecutive term"))
        turnout = round(rng.uniform(45, 78), 1)
        self.fact("turnout", "percent", f"{adj} election", "turnout", turnout, None,
                  lambda v, h: (f"Turnout was {v:g} percent, the electoral commission said.", f"{v:g} percent"),
                  lambda v, h: (f"Turnout in the {adj} election was {v:g} percent.", f"{v:g} percent"))

    def _deal(self, rng):
        org, when, (country, adj, _cap) = self.org, self.when, self.country
        self.headlines = [f"{country} joins {org.name} trade deal", f"{org.name} welcomes {country} into {org.topic} deal",
                          f"{adj} {org.topic} exporters win access to {org.region} market"]
        self.lead = f"{country} on {WEEKDAYS[when.weekday()]} signed up to the {org.name}'s agreement on {org.topic}."
        value = rng.choice([0.8, 1.5, 2.2, 3.1, 4.2, 5.5]) * 1e9
        self.fact("value", "amount", f"{adj} accession to the {org.name}", "trade value", value, "about",
                  lambda v, h: _hedged_money("The deal covers {n} of annual trade.", v, h))
        tariff = rng.choice([5, 8, 12, 15, 20, 25])
        self.fact("tariff", "percent", f"{adj} accession to the {org.name}", "tariff cut", float(tariff), None,
                  lambda v, h: (f"Tariffs on {org.topic} goods will fall by {v:g} percent.", f"{v:g} percent"),
                  lambda v, h: (f"{adj} tariffs on {org.topic} goods from the {org.region} will be cut by {v:g} percent.",
                                f"{v:g} percent"))
        self.fact("signed", "date", f"{adj} accession to the {org.name}", "signed", when, None,
                  lambda v, h: (f"The accession treaty was signed on {long_date(v)}.", f"signed on {long_date(v)}"))


def _hedged_sentence(template: str, v: int, hedge: str | None) -> tuple[str, str]:
    """("More than 2,000 people were evacuated.", "More than 2,000") from "{n} people were evacuated."."""
    return _hedged(template, num(v), hedge)


def _hedged_money(template: str, v: float, hedge: str | None) -> tuple[str, str]:
    return _hedged(template, money(v), hedge)


def _hedged(template: str, figure: str, hedge: str | None) -> tuple[str, str]:
    n = f"{hedge} {figure}" if hedge else figure
    sentence = template.format(n=n)
    if sentence.startswith(n):
        sentence = sentence[0].upper() + sentence[1:]
    at = sentence.lower().index(n.lower())
    return sentence, sentence[at:at + len(n)]


ARTICLES = "articles"  # the folder, under the output folder, that holds the articles
STORY_KINDS = ["summit", "deployment", "storm", "election", "deal"]


# ── the generator ──────────────────────────────────────────────────────────────────────────────
class Generator:
    def __init__(self, seed: int, conflict_rate: float, agreement_rate: float,
                 start: dt.date = dt.date(2023, 1, 2), days: int = 730):
        self.rng = rng = Random(seed)
        self.conflict_rate, self.agreement_rate = conflict_rate, agreement_rate
        self.start, self.days = start, days
        self.orgs = [Org(r, t, b, rng.randint(5, 45), rng.choice(range(1990, 2020)))
                     for r in REGIONS for t in TOPICS for b in BODIES]
        rng.shuffle(self.orgs)
        self.member_facts: dict[str, Fact] = {}
        self.people: dict[str, list[Person]] = {}  # by org or country name, made on first use

    def persons(self, where: str, adjective: str | None, roles: list[str], k: int = 3) -> list[Person]:
        """k people of a country or organisation, drawn from its pool (office holders come and go)."""
        if where not in self.people:
            rng = self.rng
            self.people[where] = [Person(rng.choice(FIRST), rng.choice(LAST), rng.choice(roles), where, adjective)
                                  for _ in range(PEOPLE_PER_PLACE)]
        return self.rng.sample(self.people[where], k)

    def members_fact(self, org: Org) -> Fact:
        f = self.member_facts.get(org.name)
        if f is None:
            f = self.member_facts[org.name] = Fact(
                f"org.{slug(org.name)}.members", "count", org.name, "members", org.members, None,
                (lambda v, h: (f"The {v}-member {org.name} was founded in {org.founded}.", f"{v}-member {org.name}"),
                 lambda v, h: (f"The {org.short} now has {v} members.", f"{v} members"),
                 lambda v, h: (f"All {v} members of the {org.short} backed the decision.", f"All {v} members")))
        return f

    def stories(self, n_articles: int):
        """(story, n) pairs until n_articles are covered."""
        rng, made, sid = self.rng, 0, 0
        while made < n_articles:
            n = 1 if rng.random() < 0.2 else rng.randint(2, 6)
            n = min(n, n_articles - made)
            kind = rng.choice(STORY_KINDS)
            org = self.orgs[int(rng.paretovariate(1.2)) % len(self.orgs)]  # a few orgs are in the news a lot
            country = rng.choice(COUNTRIES)
            when = self.start + dt.timedelta(days=rng.randrange(self.days))
            national = kind in ("storm", "election")
            people = self.persons(country[0], country[1], MINISTER_ROLES, 3 if national else 2)
            if not national:
                people += self.persons(org.name, None, ORG_ROLES, 1)
            yield Story(sid, kind, rng, when, org, people, country), n
            made += n
            sid += 1

    def plan(self, story: Story, n: int) -> list[list[tuple[Fact, object, str]]]:
        """For each of the n articles, the (fact, value, planted) it states."""
        rng = self.rng
        per_article: list[list] = [[] for _ in range(n)]
        facts = list(story.facts)
        if story.kind in ("summit", "deal") or rng.random() < 0.3:
            facts.append(self.members_fact(story.org))
        for fact in facts:
            order = rng.sample(range(n), n)
            global_fact = fact.id.startswith("org.")
            k = rng.randint(2, n) if n >= 2 and rng.random() < self.agreement_rate else 1
            conflict = n >= 2 and rng.random() < self.conflict_rate
            if conflict and k == n:
                k -= 1
            if global_fact and not conflict and rng.random() < 0.5:
                continue  # not every story mentions the organisation's size
            planted = "agree" if k >= 2 or global_fact else "single"
            for i in order[:k]:
                per_article[i].append((fact, fact.value, planted))
            if conflict:
                per_article[order[k]].append((fact, altered(fact, rng), "conflict"))
        return per_article

    def quotes(self, story: Story, k: int) -> list[str]:
        rng, s = self.rng, story.slots
        out = []
        for _ in range(k):
            text = (f"{rng.choice(Q_OPEN)} {rng.choice(Q_MID)}, {rng.choice(Q_WHY)}. "
                    f"{rng.choice(Q_TAIL)} {rng.choice(Q_MORE)}")
            out.append(text.format(**s))
        return out

    def article(self, story: Story, outlet: str, published: dt.date, stated, quotes, doc: str) -> tuple[str, dict]:
        """The text of one article and its metadata; records each fact mention against `doc`."""
        rng, s = self.rng, story.slots
        _, second, official = story.people
        lines = [rng.choice(story.headlines)]
        style = rng.randrange(6)
        author = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if style == 0:
            lines.append(f"{WEEKDAYS[published.weekday()]}, {MONTHS[published.month - 1]} {published.day}, {published.year}")
        elif style == 1:
            lines.append(f"By {author} | {MONTHS[published.month - 1]} {published.day}, {published.year}")
        elif style == 2:
            lines.append(f"{author}  | {published:%d.%m.%Y}")
        elif style == 3:
            lines.append(f"Published: {published.isoformat()}")
        lead = story.lead
        if style == 4:
            lead = f"{story.city.upper()}, {long_date(published)} ({outlet}) - {lead}"
        body = [lead]
        weekday = WEEKDAYS[story.when.weekday()]
        # Key quote first, then fact sentences interleaved with quotes, reported speech and background.
        q_open, q_close = ("\u201c", "\u201d") if rng.random() < 0.6 else ('"', '"')
        said = rng.choice(REPORT_VERBS[:-3]).format(weekday=weekday)
        for text, who in quotes:
            first, _, rest = text.partition(". ")
            if rng.random() < 0.5 and rest:  # “First sentence,” X said. “Rest.”
                body.append(f"{q_open}{first},{q_close} {who.titled} {said}. {q_open}{rest}{q_close}")
            else:  # “Whole quote,” X said.
                body.append(f"{q_open}{text[:-1]},{q_close} {who.titled} {said}.")
            said = rng.choice(["said", "added", "told reporters"])
        fact_lines = []
        for fact, value, planted in stated:
            # A contradiction is stated as an exact figure: "more than 700" would not contradict "more than 2,000".
            sentence, phrase = rng.choice(fact.forms)(value, None if planted == "conflict" else fact.hedge)
            fact_lines.append(sentence)
            fact.mentions.append({"doc": doc, "value": value.isoformat() if isinstance(value, dt.date) else value,
                                  "text": phrase, "planted": planted})
        rng.shuffle(fact_lines)
        filler = [b.format(**s) for b in rng.sample(BACKGROUND, rng.randint(10, 14))]
        reported = [r.format(**s) for r in rng.sample(REPORTED, 2)]
        body.append(f"{official.full}, {official.role} of {story.body if official.where == story.org.name else official.where}, "
                    f"said {reported[0]}.")
        while fact_lines or filler:
            para = []
            if fact_lines:
                para.append(fact_lines.pop())
            for _ in range(rng.randint(1, 2)):
                if filler:
                    para.append(filler.pop())
            body.append(" ".join(para))
            if rng.random() < 0.3:
                body.append(f"According to {second.titled}, {reported[1]}.")
                reported[1] = rng.choice(REPORTED).format(**s)
            if rng.random() < 0.15:
                body.append(rng.choice(SUBHEADS))
        text = "\n\n".join(lines) + "\n\n" + "\n\n".join(body)
        footer = rng.choice(FOOTERS).format(outlet=outlet, year=published.year)
        if footer:
            text += "\n\n" + footer
        meta = {"title": lines[0], "publisher": outlet, "published": published.isoformat(), "author": author,
                "url": f"https://{slug(outlet)}.example/{published:%Y/%m/%d}/{slug(lines[0])}-{doc.split('/')[-1].split('.')[0]}"}
        return text + "\n", meta

    def story_quotes(self, story: Story, n: int) -> tuple[list[list[tuple[str, Person]]], list[dict]]:
        """Quotes per article: the key quote repeated (agreement), sometimes misquoted or misattributed."""
        rng = self.rng
        key, *others = self.quotes(story, 4)
        speaker, second, _ = story.people
        per_article: list[list] = [[] for _ in range(n)]
        repeated = n >= 2 and rng.random() < self.agreement_rate
        k = rng.randint(2, n) if repeated else 1
        conflict = n >= 2 and rng.random() < self.conflict_rate
        if conflict and k == n:
            k -= 1
        order = rng.sample(range(n), n)
        planted = {"id": f"s{story.id}.quote", "kind": "quote", "text": key, "speaker": speaker.full,
                   "agreement": k >= 2, "conflict": conflict, "mentions": []}
        for i in order[:k]:
            per_article[i].append((key, speaker))
            planted["mentions"].append({"i": i, "text": key, "speaker": speaker.full, "planted": "agree" if k >= 2 else "single"})
        if conflict:
            if rng.random() < 0.5:  # misattribution: same words, someone else
                per_article[order[k]].append((key, second))
                planted["mentions"].append({"i": order[k], "text": key, "speaker": second.full, "planted": "conflict"})
            else:  # misquote: one word changed
                words = key.split()
                j = rng.randrange(len(words) // 2, len(words))
                words[j] = "never" if words[j] != "never" else "always"
                changed = " ".join(words)
                per_article[order[k]].append((changed, speaker))
                planted["mentions"].append({"i": order[k], "text": changed, "speaker": speaker.full, "planted": "conflict"})
        for i in range(n):
            extra = self.quotes(story, 1 if i < len(others) else 2)
            per_article[i] += [(others[i] if i < len(others) else extra[1], second), (extra[0], story.people[i % 2])]
            rng.shuffle(per_article[i])
        return per_article, [planted]


def generate(out: Path, articles: int, seed: int, fmt: str = "txt", conflict_rate: float = 0.1,
             agreement_rate: float = 0.3) -> dict:
    """Write the articles under `out`/articles and `out`/manifest.json; return the manifest's totals.

    Mentions in the manifest name their document relative to the articles folder ("000/000123_x.txt",
    or "articles_000.jsonl:124" for the 124th line)."""
    root, out = out, out / ARTICLES
    out.mkdir(parents=True, exist_ok=True)
    gen = Generator(seed, conflict_rate, agreement_rate)
    totals = {"articles": 0, "stories": 0, "facts": 0, "agreements": 0, "conflicts": 0,
              "quote_agreements": 0, "quote_conflicts": 0, "fact_mentions": 0}
    manifest = open(root / "manifest.json", "w", encoding="utf-8")
    manifest.write(json.dumps({"seed": seed, "articles": articles, "articles_dir": ARTICLES, "format": fmt,
                               "conflict_rate": conflict_rate,
                               "agreement_rate": agreement_rate})[:-1] + ', "planted": [\n')
    first_entry = True
    jsonl = None
    story_docs = []  # each story's articles: a conflict between two stories is a false one

    def emit(entry: dict) -> None:
        nonlocal first_entry
        manifest.write(("" if first_entry else ",\n") + json.dumps(entry, ensure_ascii=False))
        first_entry = False

    def count(entry: dict, quote: bool = False) -> None:
        prefix = "quote_" if quote else ""
        totals["facts"] += 0 if quote else 1
        totals[prefix + "agreements"] += entry["agreement"]
        totals[prefix + "conflicts"] += entry["conflict"]
        totals["fact_mentions"] += 0 if quote else len(entry["mentions"])

    for story, n in gen.stories(articles):
        plan = gen.plan(story, n)
        quotes, planted_quotes = gen.story_quotes(story, n)
        published = [story.when + dt.timedelta(days=gen.rng.choice([0, 0, 1, 1, 2, 3])) for _ in range(n)]
        outlets = gen.rng.sample(OUTLETS, n)
        docs = []
        for i in range(n):
            idx = totals["articles"]
            if fmt == "txt":
                doc = f"{idx // 1000:03d}/{idx:06d}_{slug(outlets[i])}.txt"
            else:
                doc = f"articles_{idx // 1000:03d}.jsonl:{idx % 1000 + 1}"
            text, meta = gen.article(story, outlets[i], published[i], plan[i], quotes[i], doc)
            if fmt == "txt":
                path = out / doc
                path.parent.mkdir(exist_ok=True)
                path.write_text(text, encoding="utf-8")
            else:
                if idx % 1000 == 0:
                    if jsonl:
                        jsonl.close()
                    jsonl = open(out / doc.split(":")[0], "w", encoding="utf-8")
                jsonl.write(json.dumps({**meta, "text": text}, ensure_ascii=False) + "\n")
            docs.append(doc)
            totals["articles"] += 1
        for fact in story.facts:
            entry = fact.entry()
            count(entry)
            emit(entry)
        for q in planted_quotes:
            for mention in q["mentions"]:
                mention["doc"] = docs[mention.pop("i")]
            count(q, quote=True)
            emit(q)
        story_docs.append({"id": f"s{story.id}", "kind": story.kind, "docs": docs})
        totals["stories"] += 1
    for fact in gen.member_facts.values():
        if fact.mentions:
            entry = fact.entry()
            count(entry)
            emit(entry)
    if jsonl:
        jsonl.close()
    manifest.write('\n], "stories": ' + json.dumps(story_docs) + ', "totals": ' + json.dumps(totals) + "}\n")
    manifest.close()
    return totals


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path, help="folder to write the corpus into")
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--format", choices=["txt", "jsonl"], default="txt")
    ap.add_argument("--conflict-rate", type=float, default=0.1)
    ap.add_argument("--agreement-rate", type=float, default=0.3)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    totals = generate(args.out, args.articles, args.seed, args.format, args.conflict_rate, args.agreement_rate)
    print(f"{totals['articles']} articles in {totals['stories']} stories, {totals['facts']} facts "
          f"({totals['agreements']} agreements, {totals['conflicts']} conflicts planted), "
          f"{time.perf_counter() - t0:.1f} s → {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
