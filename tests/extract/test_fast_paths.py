"""The shortcuts in parse and dates read text exactly as the regexes they stand in for."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factdb import parse as P
from factdb.extract import dates as D
from factdb.records import Sentence

# Characters that (?i) matches beside ASCII letters ("İ", "ı" for i, "ſ" for s, the Kelvin sign for k)
TRICKY = ["\u0130", "\u0131", "\u017f", "\u212a", "\u00e9", "\n", "\u00a0"]


def pieces(*words: str) -> st.SearchStrategy[str]:
    """Text made of the given words, their upper-case forms, tricky letters and separators."""
    atoms = list(words) + [w.upper() for w in words] + TRICKY + [" ", ":", ",", "-", " - ", "x", "d", "ted"]
    return st.lists(st.sampled_from(atoms), max_size=10).map("".join)


@settings(max_examples=400, deadline=None)
@given(pieces("updated", "update", "modified", "edited", "revised", "on", "at", "mod\u0130fied", "rev\u0131sed"),
       st.data())
def test_revision_label_prefilter(text, data):
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    assert D._after_revision_label(text, lo, hi) == (D.RE_REVISION_BEFORE.search(text, lo, hi) is not None)


@pytest.mark.parametrize("text", ["Updated: ", "MOD\u0130F\u0130ED on ", "edited at:", "rev\u017fed - ", "said on "])
def test_revision_label_examples(text):
    assert D._after_revision_label(text, 0, len(text)) == (D.RE_REVISION_BEFORE.search(text) is not None)


@settings(max_examples=300, deadline=None)
@given(pieces("two weeks ago", "over the weekend", "the 20th century", "wee\u212aend", "ago"))
def test_needed_words(text):
    """A rule skipped for want of its word never matches the text."""
    usable = D.usable_rules(text.lower())
    for r in D.NEEDY_RULES:
        if any(r in rules for rules in usable.values()):
            continue
        assert not any(r.pattern.match(text, i) for i in range(len(text) + 1))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Related Articles", "share this story", "Tags: x", "Advertisement", "loading",
                                 "\u00a9 2024 X", "(c)", "12 min read", "skip to content", "x", " ", "K", "\u017f",
                                 "\u212a"]), max_size=4).map("".join))
def test_boilerplate_lowered(line):
    line = "".join(c.upper() if i % 3 == 0 else c for i, c in enumerate(line))
    expected = P.RE_BOILERPLATE.fullmatch(line) is not None
    if line.isascii():
        assert (P.RE_BOILERPLATE_LOWER.fullmatch(line.casefold()) is not None) == expected
    assert P._is_boilerplate(line) == (len(line) <= P.FURNITURE_MAX and expected
                                       or len(line) <= P.BLURB_MAX
                                       and any(ph in line.casefold() for ph in P.BOILERPLATE_PHRASES))


@given(st.text(alphabet="0123456789 x\u0662", max_size=12))
def test_ascii_year(line):
    if line.isascii():
        assert (P.RE_ASCII_YEAR.search(line) is None) == (P.RE_YEAR.search(line) is None)


def reference_clause(norm: str, sent: Sentence, start: int, end: int) -> tuple[int, int]:
    """The clause around [start, end) as tense() took it before: nine rfind and nine find."""
    delims = (",", ";", ":", "(", ")", '"', "[", "]", " - ")
    lo = max(sent.start, max(norm.rfind(d, sent.start, start) for d in delims) + 1)
    ends = [i for i in (norm.find(d, end, sent.end) for d in delims) if i >= 0]
    return lo, min(ends) if ends else sent.end


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([",", ";", ":", "(", ")", '"', "[", "]", " - ", " ", "-", "x", " - - "]),
                max_size=14).map("".join), st.data())
def test_clause_bounds(norm, data):
    a = data.draw(st.integers(0, len(norm)))
    b = data.draw(st.integers(a, len(norm)))
    start = data.draw(st.integers(a, b))
    end = data.draw(st.integers(start, b))
    m = D.RE_LAST_CLAUSE_DELIM.match(norm, a, start)
    lo = m.start("delim") + 1 if m else a
    m = D.RE_CLAUSE_DELIM.search(norm, end, b)
    assert (lo, m.start() if m else b) == reference_clause(norm, Sentence(a, b, 0), start, end)


@pytest.mark.parametrize("text, expected", [  # as 95df841 read them
    ("Ministers will meet, officials said, on Tuesday.", "past"),
    ("The talks ended - and they resume on Tuesday.", "future"),
    ("They said (it will happen) on Tuesday.", "future"),  # no marker after ")": the whole sentence's nearest
    ("The strike, which began last week, was called off on Tuesday.", "past"),
    ("On Tuesday the vote is expected to pass.", "future"),
])
def test_tense_examples(text, expected):
    p = text.index("Tuesday")
    assert D.tense(text, Sentence(0, len(text), 0), p, p + len("Tuesday")) == expected


def test_dates_with_needed_words():
    from factdb.records import RawArticle
    raw = RawArticle(file="t.txt", path="t.txt", format="text",
                     text="Talks resume\n\nThe pact was signed two weeks ago and amended over the weekend.\n")
    found = [(d.text, d.value) for d in D.dates(P.parse(raw, published=dt.date(2024, 5, 8)))]
    assert found == [("two weeks ago", "2024-W17"), ("over the weekend", "2024-W18-WE")]
