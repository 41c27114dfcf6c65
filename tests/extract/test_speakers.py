"""Golden cases for speaker resolution: full names, pronouns, roles, organisations, publications."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factdb.extract.quotes import quotes
from factdb.extract.speakers import attribute
from factdb.parse import parse
from factdb.records import RawArticle, Role

HEAD = "Leaders meet in Brussels for talks\n\n"
XFAIL = pytest.mark.xfail


def read(body: str):
    a = parse(RawArticle(file="t.txt", path="t.txt", text=HEAD + body, format="text"))
    return attribute(a, quotes(a))


def speakers_of(body: str) -> list[tuple[str, str | None]]:
    """(first word of each direct quote, its speaker)."""
    found, _ = read(body)
    return [(q.text.split()[0], q.speaker) for q in found if q.kind == "direct"]


SPEAKERS = [
    # the family name takes the fullest name given before
    ("NATO Secretary General Jens Stoltenberg arrived on Monday.\n\n“We are united,” Stoltenberg said.",
     [("We", "Jens Stoltenberg")]),
    # ... or after
    ("“We are united,” Stoltenberg said.\n\nJens Stoltenberg spoke after the meeting.", [("We", "Jens Stoltenberg")]),
    # names with particles
    ("“Aid will flow,” said European Commission President von der Leyen.\n\n"
     "Ursula von der Leyen then left.", [("Aid", "Ursula von der Leyen")]),
    # a pronoun takes the last person quoted
    ("“Aid will flow,” Prime Minister Mark Rutte said.\n\n“It will not stop,” he said.",
     [("Aid", "Mark Rutte"), ("It", "Mark Rutte")]),
    # a pronoun takes the person who opens the previous sentence
    ("Finance Minister Anna Berg met bankers on Monday. “Rates will fall,” she said.", [("Rates", "Anna Berg")]),
    # a pronoun with nobody before it stays unknown
    ("“Rates will fall,” she said.", [("Rates", None)]),
    # a role resolves to the person introduced with it
    ("European Council President Charles Michel met the leaders.\n\n"
     "“We are ready,” said the head of the European Council.", [("We", "Charles Michel")]),
    # an organisation alias: the alliance = NATO
    ("NATO Secretary General Jens Stoltenberg met ministers.\n\n“We will help,” the alliance's chief said.",
     [("We", "Jens Stoltenberg")]),
    # "NATO chief" finds the person introduced with a NATO title
    ("NATO Secretary-General Jens Stoltenberg arrived.\n\n“We will help,” the NATO chief said.",
     [("We", "Jens Stoltenberg")]),
    # organisations
    ("“Cooperation is essential,” the EU and NATO said.\n\n“We will do more,” the sides noted.",
     [("Cooperation", "EU and NATO"), ("We", "EU and NATO")]),
    ("“Cooperation is essential,” the EU and NATO said.\n\nBut, they added, “we need more money.”",
     [("Cooperation", "EU and NATO"), ("we", "EU and NATO")]),
    # a publication: "the article said" → the outlet named just before
    ("The deal took a year to agree, Politico noted.\n\n“Talks stalled in May,” the article said.",
     [("Talks", "Politico")]),
    # a title of address is not part of the name
    ("“We are busy,” said Dr. Ray Okonjo, the county health director.\n\n“Fear works,” Okonjo added.",
     [("We", "Ray Okonjo"), ("Fear", "Ray Okonjo")]),
    # "the company" is the company the article names: by its suffix, its ticker, a company title, a possessive
    ("Brightline Robotics, Inc. (NASDAQ: BRRX) reported results.\n\n“Demand is strong,” the company said.",
     [("Demand", "Brightline Robotics")]),
    ("A court fined Apex Mobile. Apex Chief Executive Dan Morr left early.\n\n“We disagree,” the company said.",
     [("We", "Apex Mobile")]),
    ("Regulators fined Acme Power on Monday, and Acme's shares fell.\n\n“We will appeal,” the firm said.",
     [("We", "Acme Power")]),
    # ... and nothing when the article names no company
    ("The city fined a shop on Monday.\n\n“We will appeal,” the company said.", [("We", None)]),
    # a body named by a lower-case noun, as written
    ("In a statement, the German finance ministry said “the worst is over for households.”",
     [("the", "German finance ministry")]),
    # a role resolves to the full name given with it, even beside a namesake
    ("Council member Tom Whitfield voted no. Mayor Karen Whitfield spoke.\n\n“We had no choice,” the mayor said.",
     [("We", "Karen Whitfield")]),
    # a family name shared by two people: the one introduced before the mention
    ("Mayor Chidi Obi won.\n\n“We will finish the job,” Obi said.\n\nHis wife, Ngozi Obi, also spoke.",
     [("We", "Chidi Obi")]),
    # an organisation whose name holds "for ... and": one name, not two
    ("The virus is “one of the most contagious known,” according to the Centers for Disease Control and Prevention.",
     [("one", "Centers for Disease Control and Prevention")]),
    # a subject with a title in lower case, for a pronoun later
    ("Ashford City boss Paolo Venturi was left to rue his luck. “We were better,” he told reporters.",
     [("We", "Paolo Venturi")]),
    # two people with the same family name: refuse the full name
    ("Joe Biden and Jill Biden arrived.\n\n“We are happy,” Biden said.", [("We", "Biden")]),
    # several people together: refuse
    ("“We agree,” Michel, von der Leyen and Stoltenberg said.", [("We", None)]),
    pytest.param("Jens Stoltenberg met Mark Rutte. “He will do well,” Stoltenberg said of Rutte. "
                 "“I am ready,” he said.", [("He", "Jens Stoltenberg"), ("I", "Mark Rutte")],
                 marks=XFAIL(reason="no discourse model: 'he' takes the last speaker, not the last topic"),
                 id="pronoun-topic-shift"),
]


@pytest.mark.parametrize("body,expected", SPEAKERS)
def test_speaker_resolution(body, expected):
    assert speakers_of(body) == expected


def test_pronoun_never_reaches_past_the_lookback():
    body = "“Aid will flow,” Mark Rutte said.\n\n" + "The weather was fine today.\n\n" * 6 + "“No,” he said."
    assert speakers_of(body)[-1] == ("No,", None)


def test_speaker_records_have_aliases_and_roles():
    _, speakers = read("NATO Secretary General Jens Stoltenberg arrived.\n\n“We will help,” Stoltenberg said."
                       "\n\n“More aid is coming,” the NATO chief said.")
    (s,) = speakers
    assert s.name == "Jens Stoltenberg" and s.kind == "person"
    assert set(s.aliases) == {"Stoltenberg", "NATO chief"}
    assert Role("Secretary General", "NATO") in s.roles


def test_publication_kind():
    _, speakers = read("The deal took a year to agree, Politico noted.\n\n“Talks stalled in May,” the article said.")
    assert [(s.name, s.kind) for s in speakers] == [("Politico", "publication")]


def test_organisation_kind():
    _, speakers = read("“Cooperation is essential,” the EU and NATO said.")
    assert [(s.name, s.kind) for s in speakers] == [("EU and NATO", "organisation")]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["“We act,”", " he said.", " Stoltenberg said.", " NATO chief Jens Stoltenberg",
                                 " the sides noted.", " they added,", " the article said.", "\n\n", " Politico noted",
                                 " the head of the European Council", " said", " von der Leyen", "'"]), max_size=30))
def test_attribute_never_raises(parts):
    found, speakers = read("".join(parts))
    names = {s.name for s in speakers}
    assert all(q.speaker is None or q.speaker in names for q in found)
