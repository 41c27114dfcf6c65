"""Cheaper forms of the reading's patterns and steps give exactly what the plain forms give."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from factdb.extract import speakers as S

# Real-looking pieces with the characters the patterns hinge on: capitals, apostrophes, hyphens, dots,
# commas, Unicode letters whose case maps oddly (İ ı ſ K ß), curly quotes and odd spaces.
PIECES = ["NATO", "Secretary", "General", "Jens", "Stoltenberg", "chief", "von", "der", "Leyen", "O'Brien",
          "Al-Sayed", "Dr.", "J.", "U.S.", "the", "and", "said", "also", "has", "İstanbul", "ıd", "ſaid", "Kelvin",
          "Straße", "Élodie", "’s", "'s", "’", "“", "”", '"', "-", "'", ".", ",", ", ", " ", "  ", "\n", "\u00a0",
          "_", "x", "A", "Mc", "Donald", "9"]
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

