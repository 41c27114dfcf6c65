"""Cheaper forms of the reading's patterns and steps give exactly what the plain forms give."""
from __future__ import annotations

import dataclasses
import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factdb import parse as P
from factdb.extract import maker
from factdb.extract import organisations as O
from factdb.extract import quotes as Q
from factdb.extract import speakers as S
from factdb.records import Paragraph, Quote, Role, Sentence, Speaker, TimeExpr

# Real-looking pieces with the characters the patterns hinge on: capitals, apostrophes, hyphens, dots,
# commas, Unicode letters whose case maps oddly (İ ı ſ K ß), curly quotes and odd spaces.
PIECES = ["NATO", "Secretary", "General", "Jens", "Stoltenberg", "chief", "von", "der", "Leyen", "O'Brien",
          "Al-Sayed", "Dr.", "J.", "U.S.", "the", "and", "said", "also", "has", "\u0130stanbul", "\u0131d",
          "\u017faid", "\u212a", "Straße", "Élodie", "’s", "'s", "’", "“", "”", "\"", "-", "'", ".", ",",
          ", ", " ", "  ", "\n", "\u00a0", "_", "x", "A", "Mc", "Donald", "9"]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _plain(rx: re.Pattern) -> re.Pattern:
    """The pattern with its possessive runs made greedy again."""
    return re.compile(rx.pattern.replace("*+", "*"), rx.flags)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_possessive_name_runs_match_as_the_greedy_ones(text):
    plain = _plain(S.RE_NAME_RUN)
    assert [m.span() for m in S.RE_NAME_RUN.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(texts)
def test_possessive_subjects_match_as_the_greedy_ones(text):
    plain = _plain(S.RE_SUBJECT)
    for at in range(len(text) + 1):
        got, want = S.RE_SUBJECT.match(text, at), plain.match(text, at)
        assert (got and (got.span(), got.span(1))) == (want and (want.span(), want.span(1)))


# ── sentences: one scan of the text gives what one scan per paragraph gave ──────────────────────

SENTENCE_PIECES = ["He left", "Sen", "U.S", "Jan", "No", "3", "$5", "x", "\u0130", "\u0131", "\u017f",
                   "\u212a", ".", ". ", "!", "?", "...", "\u2026", ".\"", ".'", ".)", ".]", "\"", "'", "(",
                   "[", "“", "”", " ", "  ", "\n", "\n\n", "\u00a0", "\u2028", "\t", "then", "The", "said"]
sentence_texts = st.lists(st.sampled_from(SENTENCE_PIECES), max_size=50).map("".join)


def _split_each_paragraph(norm, paras):
    """The former reading: RE_BREAK searched in each paragraph alone."""
    out = []
    for i, p in enumerate(paras):
        s_start = p.start
        for m in P.RE_BREAK.finditer(norm, p.start, p.end):
            if P._is_break(norm, p.start, p.end, m):
                out.append(Sentence(s_start, m.start("space"), i))
                s_start = m.end("space")
        out.append(Sentence(s_start, p.end, i))
    return out


@settings(max_examples=400, deadline=None)
@given(sentence_texts)
def test_sentences_in_one_scan_as_in_one_scan_a_paragraph(text):
    norm = P.normalise(text)
    paras = [Paragraph(s, e) for s, e in P.paragraphs(norm)]
    assert P.sentences(norm, paras) == _split_each_paragraph(norm, paras)


# ── maker: the fast constructors give the objects the dataclasses' own give ────────────────────

MADE = [
    (Sentence, (1, 9, 0), {}),
    (Paragraph, (0, 40), {}),
    (Paragraph, (0, 40, "meta"), {}),
    (Quote, (), dict(text="We will", start=3, end=10, kind="indirect", mention="he", mention_start=0,
                     mention_end=2, cue="said")),
    (TimeExpr, (), dict(text="last year", start=5, end=14, value="2023", type="DATE")),
    (TimeExpr, ("three days", 0, 10, "P3D"), {}),
    (Role, ("Secretary General", "NATO"), {}),
    (Role, ("chief",), {}),
    (Speaker, (), dict(name="Jens Stoltenberg")),
    (Speaker, (), dict(name="NATO", kind="organisation", aliases=("the alliance",), roles=(Role("chief"),))),
]


@pytest.mark.parametrize("cls, args, kwargs", MADE)
def test_maker_gives_what_the_dataclass_gives(cls, args, kwargs):
    made, want = maker(cls)(*args, **kwargs), cls(*args, **kwargs)
    assert type(made) is cls and made == want and hash(made) == hash(want) and repr(made) == repr(want)
    assert list(made.__dict__.items()) == list(want.__dict__.items())
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.start = 0


def test_maker_refuses_what_it_cannot_copy():
    @dataclasses.dataclass
    class Mutable:
        a: int

    @dataclasses.dataclass(frozen=True)
    class Checked:
        a: int

        def __post_init__(self):
            pass

    for cls in (Mutable, Checked):
        with pytest.raises(TypeError):
            maker(cls)


CUE_PIECES = ["said", "says", "According to", "according to", "pointed out", "points firmly to", "put it",
              "puts it:", "told", "_", "é", "9", "\u0130", "\u0131", "\u017f", "\u212a", "’", "'", "\"", "“",
              " ", "\n", ".", ",", "x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(CUE_PIECES), max_size=30).map("".join), st.integers(0, 40))
def test_cue_pattern_opens_as_with_a_lookbehind(text, pos):
    plain = re.compile(Q.RE_CUE.pattern.replace(r"\b(?=[a-zA-Z])", r"(?<!\w)(?=[a-zA-Z])", 1))
    assert plain.pattern != Q.RE_CUE.pattern
    assert [m.span() for m in Q.RE_CUE.finditer(text, pos)] == [m.span() for m in plain.finditer(text, pos)]


WORD_PIECES = ["word", "U.S.", "don't", "co-op", "_", "__x", "x_", "9", "1,000", "'", "’", "-", "--", ".",
               "..", " ", "\n", "\"", "“", "é", "\u0130", "\u0131", "\u017f", "\u212a", "\u02bc", "ß"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(WORD_PIECES), max_size=30).map("".join), st.integers(0, 30),
       st.integers(0, 60), st.integers(1, 8))
def test_n_words_pattern_counts_as_the_word_scan(text, a, b, n):
    want = len(list(itertools.islice(Q.RE_WORD.finditer(text, a, b), n))) == n
    assert Q._has_words(text, a, b, n) == want


HEAD_PIECES = ["Partnership", "Council", "Union", "Community", "Commission", "Party", "Pact", "the", "X", "é",
               "_", "9", "\u0130", "\u212a", "'", "’", "-", " ", "\n", ".", "s"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(HEAD_PIECES), max_size=25).map("".join))
def test_organisation_heads_found_as_with_a_word_boundary_first(text):
    plain = re.compile(r"\b(?:" + "|".join(O.HEADS) + r")\b")
    assert [m.span() for m in O.RE_HEAD.finditer(text)] == [m.span() for m in plain.finditer(text)]
