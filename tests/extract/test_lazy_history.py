"""attribute reads the sentence subjects only when a pronoun (or the like) first asks for the
history: the speakers must be those of reading them up front."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factdb.extract import speakers as S
from factdb.extract.quotes import quotes
from factdb.parse import parse
from factdb.records import RawArticle

from test_speakers import HEAD, SPEAKERS


class _EagerHistory(S._History):
    """The history as it was: subjects read before the first quote."""

    def __init__(self, subjects):
        super().__init__(subjects)
        self.last(0, lambda h: False)


def both(body: str, monkeypatch: pytest.MonkeyPatch):
    a = parse(RawArticle(file="t.txt", path="t.txt", text=HEAD + body, format="text"))
    q = quotes(a)
    lazy = S.attribute(a, q)
    with monkeypatch.context() as mp:
        mp.setattr(S, "_History", _EagerHistory)
        eager = S.attribute(a, q)
    return lazy, eager


EXTRA = [
    "Chancellor Olaf Scholz met the press. He said: “We will deliver.”\n\nThe ministers agreed. "
    "“We are ready,” they said, adding: “Soon.”",
    "The European Commission said it would act. “It is time,” it said.\n\n“It is late,” she said.",
    "“First,” said Ana Lima.\n\nMaria Costa arrived. “Second,” she said.\n\n“Third,” he said.",
    "The article said the talks failed. “Nothing,” the paper said.\n\nThe sides noted: “Progress.”",
]


BODIES = [getattr(c, "values", c)[0] for c in SPEAKERS] + EXTRA  # some cases are pytest.param


@pytest.mark.parametrize("body", BODIES)
def test_lazy_subjects_examples(body, monkeypatch):
    lazy, eager = both(body, monkeypatch)
    assert lazy == eager


SENTENCES = ["NATO Secretary General Jens Stoltenberg arrived on Monday.", "Mark Rutte spoke.",
             "The European Union said it would help.", "“We are united,” he said.",
             "“It will not stop,” she said.", "“We agree,” they said.", "“Aid will flow,” Rutte said.",
             "He added: “Never.”", "Adding: “Soon.”", "“The company will grow,” the company said.",
             "At the summit, Stoltenberg said it was over.",
             "“İstanbul is ready,” said the mayor, Ekrem İmamoğlu.", "Officials said nothing."]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4), min_size=1, max_size=5))
def test_lazy_subjects_generated(paras):
    body = "\n\n".join(" ".join(p) for p in paras)
    with pytest.MonkeyPatch.context() as mp:
        lazy, eager = both(body, mp)
    assert lazy == eager
