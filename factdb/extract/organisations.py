"""Organisations an article names that the entity table does not know.

"The Caspian Energy Partnership" is an organisation by its last word; later in the same article "the
Partnership" or "the partnership" is that body, unless another unknown body of the article ends in
the same word. `local_lexicon(text, lex)` makes a small Lexicon of them, for the claims rules to use
beside the entity table ("The Partnership now has 37 members" → Caspian Energy Partnership).
"""
from __future__ import annotations

import re

from factdb.extract.lexicon import Lexicon

HEADS = """Partnership Council Organisation Organization Union Alliance Forum League Association Community
Commission Committee Assembly Coalition Federation Pact Bloc Conference Bank Fund Agency Parliament Congress
Group Club Network Initiative Secretariat Authority Institute Foundation Movement Party""".split()
# (The word boundary before a head is checked after its first letter, `(?<!\w.)`: a pattern that opens
# with literals is scanned in C from capital to capital, one that opens with \b is tried at every offset.)
RE_HEAD = re.compile("(?:" + "|".join(head[0] + r"(?<!\w.)" + head[1:] for head in HEADS) + r")\b")
# The capitalised words right before a head: "Caspian Energy " of "Caspian Energy Partnership".
RE_NAME_BEFORE = re.compile(r"(?:[A-Z][\w'’.&-]* ){1,5}$")
# "Association of Southeast Asian Nations", "Organisation for Economic Co-operation and Development"
RE_OF_AFTER = re.compile(r" (?:of|for) (?:the )?[A-Z][\w.-]*(?: (?:and )?[A-Z][\w.-]*){0,3}")
# Words that open a sentence or a phrase, not a name: "On Monday the ...", "Its Council".
NOT_NAME = frozenset("""the a an this that these those its their our his her but and yet so when while after
before as in on at for by with from under over meanwhile however also then there here now new
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december""".split())
# Possessives that are part of a name: "People's Party", "Women's Forum".
NAME_POSSESSIVES = frozenset("people women children men workers citizens farmers".split())
EMPTY = Lexicon([])


class LocalOrganisations:
    """The local_lexicon of an article, made when first asked for (most articles never need it)."""

    def __init__(self, text: str, lex: Lexicon):
        self.text, self.lex = text, lex
        self._lexicon: Lexicon | None = None

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = local_lexicon(self.text, self.lex)
        return self._lexicon


def local_lexicon(text: str, lex: Lexicon) -> Lexicon:
    """The organisations of `text` that `lex` does not know, with "the <last word>" as their short form
    when no other of them ends in that word."""
    names: dict[str, str] = {}  # name → its head
    for m in RE_HEAD.finditer(text):
        name = _name_at(text, m.start(), m.end())
        if name and name not in names and lex.canonical(name) is None:
            names[name] = m.group()
    if not names:
        return EMPTY
    heads = list(names.values())
    return Lexicon([{"entities": {
        name: {"kind": "organisation", "aliases": [f"the {head.lower()}"] if heads.count(head) == 1 else []}
        for name, head in names.items()}}])


def _name_at(text: str, start: int, end: int) -> str | None:
    """The organisation name whose head word is text[start:end]: with the capitalised words before it
    ("Caspian Energy Partnership"), or those after "of" or "for" ("Association of Caspian Ports");
    None when it has neither."""
    before = RE_NAME_BEFORE.search(text, max(0, start - 80), start)
    words = before.group().split() if before else []
    for i in range(len(words) - 1, -1, -1):  # not the end of a sentence before, nor a possessor ("Germany's")
        possessor = words[i].endswith(("'s", "’s")) and words[i][:-2].lower() not in NAME_POSSESSIVES
        if words[i].endswith(".") or possessor:
            words = words[i + 1:]
            break
    while words and words[0].lower() in NOT_NAME:
        words = words[1:]
    after = RE_OF_AFTER.match(text, end)
    if not words and not after:
        return None
    return " ".join([*words, text[start:after.end() if after else end]])
