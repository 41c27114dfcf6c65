"""Extraction fuzzing (hypothesis): on any text the reading never raises, every span lies within the
text and equals its surface, and the same input always gives the same output and identifiers."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factdb.errors import ReadError
from factdb.pipeline import as_dict, process
from factdb.read import decode
from factdb.records import RawArticle
from factdb.store import item_id

# Pieces of news writing, so that the rules fire, mixed with every kind of quotation mark,
# white space, dash and Unicode oddity, and with arbitrary text.
NEWS = ["Anna Berg", "Trade Minister", "NATO Secretary General Jens Stoltenberg", "said", "told reporters",
        "according to", "added", "he", "she", "the minister", "the 27-member bloc", "NATO's 32 members",
        "the third", "joint declaration", "on Monday", "January 10", "last year", "in 2024", "since 2016",
        "more than", "almost", "about", "$4.5 billion", "3.5 percent", "12 countries", "for two years",
        "Brussels, Tuesday, April 30, 2024", "By Jo Smith", "Reuters", "(AP) —", "Mr.", "U.S.", "e.g.", "No. 3"]
MARKS = ['"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "\u00ab", "\u00bb", "\u201e", "``", "''", '""']
SPACES = [" ", "  ", "\n", "\n\n", "\t", "\r\n", "\u00a0", "\u2009", "\u2028", "\u200b", "\ufeff"]
ODD = ["\u2014", "\u2013", "-", "...", "\u2026", ".", ",", ";", ":", "?!", "(", ")", "[", "]", "\u0301", "\U0001f600",
       "\u202e", "\u200d", "\x00", "\x0b", "\ud7ff", "\U00010000", "%", "{", "}", "\\", "0", "1,000", "½"]

fragments = st.one_of(st.sampled_from(NEWS), st.sampled_from(MARKS), st.sampled_from(SPACES), st.sampled_from(ODD),
                      st.text(max_size=8))
texts = st.one_of(st.lists(fragments, max_size=60).map("".join),
                  st.lists(fragments, max_size=60).map(" ".join),
                  st.text(max_size=300))
dates = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
FUZZ = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def raw(text: str, fmt: str = "text") -> RawArticle:
    return RawArticle(file="fuzz.txt", path="/fuzz/fuzz.txt", text=text, format=fmt)


def span_problems(ex) -> list[str]:
    """Every span of the extraction that is out of bounds or differs from its surface text."""
    text, n = ex.article.text, len(ex.article.text)
    out = []

    def check(what, start, end, surface):
        if not (0 <= start <= end <= n):
            out.append(f"{what} span {start}:{end} outside 0:{n}")
        elif text[start:end] != surface:
            out.append(f"{what} {text[start:end]!r} != {surface!r}")

    for q in ex.quotes:
        check("quote", q.start, q.end, q.text)
        if q.mention is not None or q.mention_start is not None:
            check("mention", q.mention_start if q.mention_start is not None else -1,
                  q.mention_end if q.mention_end is not None else -1, q.mention)
    for c in ex.claims:
        check("claim", c.start, c.end, c.evidence)
    for d in ex.dates:
        check("date", d.start, d.end, d.text)
    names = {s.name for s in ex.speakers}
    out += [f"quote speaker {q.speaker!r} not among the speakers" for q in ex.quotes
            if q.speaker is not None and q.speaker not in names]
    return out


def structure_problems(article) -> list[str]:
    n, out = len(article.text), []
    if len(article.norm) != n:
        out.append(f"norm has {len(article.norm)} characters, text {n}")
    last = 0
    for p in article.paragraphs:
        if not (last <= p.start <= p.end <= n):
            out.append(f"paragraph {p.start}:{p.end} out of order or bounds (text {n})")
        last = p.end
    last = 0
    for s in article.sentences:
        if not (last <= s.start <= s.end <= n) or not (0 <= s.paragraph < len(article.paragraphs)):
            out.append(f"sentence {s.start}:{s.end} (paragraph {s.paragraph}) out of order or bounds")
        last = s.end
    return out


@FUZZ
@given(texts, dates)
def test_reading_never_raises_and_spans_equal_their_surface(text, published):
    ex = process(raw(text), published=published)
    assert structure_problems(ex.article) == []
    assert span_problems(ex) == []


@FUZZ
@given(texts, st.sampled_from(["text", "jsonl", "json", "html"]))
def test_same_input_same_output_and_identifiers(text, fmt):
    first, second = process(raw(text, fmt)), process(raw(text, fmt))
    assert first == second
    assert as_dict(first) == as_dict(second)
    ids = lambda ex: ([item_id("q", "uid", q.kind, q.start, q.end) for q in ex.quotes],  # noqa: E731
                      [item_id("c", "uid", c.kind, c.subject, c.property, c.start, c.end) for c in ex.claims])
    assert ids(first) == ids(second)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_decoding_any_bytes_gives_text_or_a_read_error(data):
    try:
        text = decode(data, "fuzz.bin")
    except ReadError as e:
        assert e.reason and "\n" not in e.reason
        return
    assert isinstance(text, str) and text.strip() and "\x00" not in text and "\r" not in text


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([".txt", ".jsonl", ".json", ".html", ""]))
def test_reading_any_file_yields_articles_or_read_errors(tmp_path_factory, data, suffix):
    from factdb.read import read_file

    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    for item in read_file(path):
        assert isinstance(item, (RawArticle, ReadError))
        if isinstance(item, ReadError):
            assert "\n" not in item.reason


CROSS_PROCESS = [
    "NATO chief Jens Stoltenberg said on Tuesday the 32-member alliance would meet again. \u201cWe stand "
    "together,\u201d he told reporters. The EU, the 27-member bloc, pledged \u20ac5 billion, about 3 percent more.",
    "Brussels, Monday, January 8, 2024\n\nTrade Minister Anna Berg said the deal was \"done\". \"It keeps food "
    "moving,\" Berg added, according to Reuters. More than 20 countries signed it last year, the third such pact.",
]


def test_same_output_in_other_processes(tmp_path):
    """Set and dict orders, hash seeds: `factdb extract` prints the same in two processes."""
    outputs = []
    for seed in ("1", "2"):
        printed = []
        for i, text in enumerate(CROSS_PROCESS):
            path = tmp_path / f"article{i}.txt"
            path.write_text(text, encoding="utf-8")
            result = subprocess.run([sys.executable, "-m", "factdb", "extract", str(path), "--format", "json"],
                                    capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed},
                                    timeout=60)
            assert result.returncode == 0, result.stderr
            printed.append(json.loads(result.stdout))
        outputs.append(printed)
    assert outputs[0] == outputs[1]
    assert any(doc["quotes"] for doc in outputs[0]) and any(doc["claims"] for doc in outputs[0])


@pytest.mark.parametrize("text", [
    "\u201c" * 500, '"' * 501, "'" * 500, "\u00ab" * 300 + "\u00bb" * 299, " ".join(['"said"'] * 300),
    "\n" * 1000, "said " * 2000, "." * 3000, "Mr. " * 1000, "1,000,000,000,000,000,000,000 percent of " * 50,
])
def test_pathological_repetitions_are_read_quickly(text):
    """Long runs of one token must not make any rule quadratic."""
    import time

    started = time.perf_counter()
    ex = process(raw("Title\n\n" + text))
    assert span_problems(ex) == []
    assert time.perf_counter() - started < 2.0, f"{time.perf_counter() - started:.1f} s"
