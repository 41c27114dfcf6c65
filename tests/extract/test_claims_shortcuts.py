"""The shortcuts of claims (rule triggers, word and string preconditions of the scans) only skip work: with
every rule tried on every sentence and every pattern run over its whole windows, the claims are the same.
And the lexicon folds the words of a sentence at once as it would one by one."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factdb.extract import claims as C
from factdb.extract.dates import dates
from factdb.extract.lexicon import fold_word, fold_words, tokens
from factdb.parse import parse
from factdb.read import read_paths
from factdb.records import RawArticle

ROOT = Path(__file__).resolve().parents[2]
# Sentences that reach the rules, in plain and in trap case (İ ı ſ K fold under re.I but not under lower()).
SNIPPETS = """The club finished second last season and slid to ninth; City FINISHED THIRD. The fund has 27 members.
Rovers won for the third straight week, their fifth win in a row. It stalled for three months, for the past two
decades. NATO's 32 member states agreed. 1,200 people were evacuated and 40 billion euros were pledged, up 3%.
Some 12 civilians were KILLED; USD 300 million and $4.5bn (£3.5bn) in aid. The two blocs share 21 members in common.
The death toll rose to 45. It signed the third Joint Declaration on 10 January 2023."""
TRAPS = SNIPPETS.replace("s", "\u017f").replace("k", "\u212a").replace("I", "\u0130").replace("i", "\u0131")


def _articles() -> list[RawArticle]:
    paths = sorted((ROOT / "seeds").glob("*")) + sorted((ROOT / "devset" / "articles").glob("*"))
    raws = [r for r in read_paths(paths) if isinstance(r, RawArticle)]
    for text in (SNIPPETS, TRAPS, SNIPPETS.upper(), SNIPPETS + " \u03a3\u0391\u03a3 " + SNIPPETS):
        raws.append(RawArticle(file="t.txt", path="t.txt", text="A headline\n\n" + text, format="text"))
    return raws


ARTICLES = _articles()


def _scan_in_full(s, pattern, anchor, before, after, *shortcuts, **kw):
    return C._SCAN(s, pattern, anchor, before, after)


@pytest.mark.parametrize("raw", ARTICLES, ids=lambda r: Path(r.path).name)
def test_shortcuts_change_nothing(raw, monkeypatch):
    article = parse(raw)
    found = dates(article)
    fast = C.claims(article, found)
    monkeypatch.setattr(C, "_SCAN", C._scan, raising=False)
    monkeypatch.setattr(C, "_scan", _scan_in_full)
    monkeypatch.setattr(C._Claims, "rule_mask", lambda self, s: (1 << len(C.RULES)) - 1)
    assert C.claims(article, found) == fast


def test_trigger_words_are_lower_case_words():
    """Words are looked up among the [a-z]+ runs of a sentence's lower case (a phrase never matches)."""
    for w in C.VOCABULARY:
        assert w.isascii() and w.replace(" ", "").isalpha() and w.islower(), w


def test_rank_verbs_are_the_verbs_of_the_pattern():
    for w in C.RANK_VERBS:
        assert C.RE_RANK.match(f"{w} second.").group("verb") == w
    assert not C.RE_RANK.match("finishing second.")


def test_participle_heads():
    for w in C.PARTICIPLE_HEADS:
        assert C.RE_EVENT_COUNT.search(f"12 people were {w}" + (" off" if w == "laid" else " down" if w == "shot"
                                                                 else " part" if w == "took" else ""))


@given(st.text(alphabet="aAsSzZ.+'\u2019 -0\u00e9\u00c9\u0130\u0131\u017f\u212a\u03a3\u00df", max_size=40))
def test_fold_words_is_fold_word_of_each(text):
    words = [w for _, _, w in tokens(text)]
    assert fold_words(words) == [fold_word(w) for w in words]
