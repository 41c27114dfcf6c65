"""The entity alias table: canonical names, mentions, and the user's FACTDB_ENTITIES file."""
from __future__ import annotations

import json

import pytest

from factdb.errors import FactdbError
from factdb.extract import lexicon as lx

CANONICAL = [
    ("EU", "EU"),
    ("the European Union", "EU"),
    ("the bloc", "EU"),
    ("European bloc", "EU"),
    ("the 27-member bloc", "EU"),
    ("The 28-member European bloc", "EU"),  # size modifiers are not part of the name
    ("the 27-nation bloc's", "EU"),
    ("the alliance\u2019s", "NATO"),  # curly possessive
    ("North Atlantic Alliance", "NATO"),
    ("the military alliance", "NATO"),
    ("the Alliance", "NATO"),
    ("30-member military alliance", "NATO"),
    ("US-led alliance", "NATO"),
    ("US led alliance", "NATO"),  # hyphen or space
    ("NATO's", "NATO"),
    ("Joint Declaration on Cooperation", "EU-NATO joint declaration"),
    ("the joint declaration", "EU-NATO joint declaration"),
    ("cooperation pledges", "EU-NATO joint declaration"),  # plural
    ("NATO-EU joint declaration", "EU-NATO joint declaration"),
    ("the declaration", "EU-NATO joint declaration"),
    ("U.S.", "US"),
    ("the United States", "US"),
    ("the U.N.", "UN"),
    ("United Nations", "UN"),
    ("G-7", "G7"),
    ("the Group of Seven", "G7"),
    ("EU member states", "EU member states"),
    ("EU countries", "EU member states"),
    ("NATO allies", "NATO allies"),
    ("Russia's full-scale invasion of Ukraine", "Russian invasion of Ukraine"),
    ("N.Korea", "North Korea"),
    ("us", None),  # the pronoun is not the country
    ("who", None),  # nor is the relative pronoun the WHO
    ("the weather", None),
    ("", None),
]


@pytest.mark.parametrize("phrase, expected", CANONICAL)
def test_canonical(phrase, expected):
    assert lx.canonical(phrase) == expected


MENTIONS = [
    ("NATO and the EU vowed to cooperate", ["NATO", "EU"]),
    ("closer EU-NATO cooperation", ["EU", "NATO"]),
    ("the alliance's summit", ["NATO summit"]),  # possessives fold: the alliance's summit is a NATO summit
    ("an alliance of convenience", []),  # "the alliance" needs its article
    ("Let us see what the U.S. does", ["US"]),
    ("Tuesday's joint declaration", ["EU-NATO joint declaration"]),
    ("the Russian invasion of Ukraine", ["Russian invasion of Ukraine"]),
]


@pytest.mark.parametrize("text, names", MENTIONS)
def test_mentions(text, names):
    found = lx.mentions(text, 10)
    assert [m.name for m in found] == names
    for m in found:  # offsets are shifted by the offset given
        assert 10 <= m.start < m.end <= 10 + len(text)


def test_kinds_and_events():
    lex = lx.lexicon()
    assert lex.kind("NATO") == "organisation"
    assert lex.kind("EU-NATO joint declaration") == "document"
    assert lex.event("EU-NATO joint declaration") == "signed"
    assert lex.kind("nothing") is None


def test_user_table_is_merged_over_the_default(tmp_path, monkeypatch):
    extra = tmp_path / "mine.json"
    extra.write_text(json.dumps({"entities": {
        "Council of Europe": {"kind": "organisation", "aliases": ["the Strasbourg-based body", "CoE"]},
        "NATO": {"aliases": ["the Atlantic pact"]},
        "Weimar Triangle": {"kind": "group", "aliases": ["the bloc"]},  # takes "the bloc" over from the EU
    }}), encoding="utf-8")
    assert lx.canonical("the Strasbourg-based body") is None
    monkeypatch.setenv("FACTDB_ENTITIES", str(extra))
    assert lx.canonical("the Strasbourg-based body") == "Council of Europe"
    assert lx.canonical("CoE") == "Council of Europe"
    assert lx.canonical("the Atlantic pact") == "NATO"
    assert lx.canonical("the military alliance") == "NATO"  # default aliases stay
    assert lx.lexicon().kind("NATO") == "organisation"  # kind kept when the user gives none
    assert lx.canonical("the bloc") == "Weimar Triangle"
    assert lx.canonical("European Union") == "EU"
    monkeypatch.delenv("FACTDB_ENTITIES")
    assert lx.canonical("the Strasbourg-based body") is None
    assert lx.canonical("the bloc") == "EU"


@pytest.mark.parametrize("content", ["not json", '{"people": []}', '["NATO"]'])
def test_bad_user_table_says_how_to_fix_it(tmp_path, monkeypatch, content):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    monkeypatch.setenv("FACTDB_ENTITIES", str(bad))
    with pytest.raises(FactdbError, match="entit"):
        lx.canonical("NATO")


def test_missing_user_table(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTDB_ENTITIES", str(tmp_path / "nowhere.json"))
    with pytest.raises(FactdbError, match="FACTDB_ENTITIES"):
        lx.lexicon()
