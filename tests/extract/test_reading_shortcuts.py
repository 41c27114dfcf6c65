"""The reading stage's shortcuts give what the plain scans they replace give."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from factdb.extract import quotes as Q
from factdb.extract import speakers as S
from factdb.parse import parse
from factdb.records import RawArticle

PIECES = ["said", "says", "according to", "pointed out", "points specifically to", "put it", "puts it:",
          "told", "Stoltenberg", "he", "the", "that", "and", "warned", "unsaid", "Inc", "Corp.", "Co", "N.V",
          "GmbH", "(NYSE:", "Apex's shares", " ", " ", " ", ", ", ". ", "\n\n", '"', '"', "“", "”", "'", "‘", "’",
          "-", "_", "x"]
texts = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


def _article(body: str):
    return parse(RawArticle(file="t.txt", path="t.txt", text="Title\n\n" + body, format="text"))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_cues_found_outside_quotes_only_as_in_the_whole_masked_text(body):
    a = _article(body)
    spans = Q._spans(a)
    kept = Q._unquoted(spans, a.paragraphs, len(a.norm))
    m = Q._mask(a.norm, kept)
    whole = [(c.start(), c.end(), c.group().lower()) for c in Q.RE_CUE.finditer(m)]
    assert Q._Cues(m, [], kept).found == whole


@settings(max_examples=300, deadline=None)
@given(texts)
def test_company_hint_as_the_suffix_pattern_with_its_space(body):
    plain = [re.compile(rf"\s{S._SUFFIX}"), S.RE_TICKER, S.RE_OWNED]
    assert S._may_name_company(body) == any(h.search(body) for h in plain)
