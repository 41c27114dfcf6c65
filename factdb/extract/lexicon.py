"""Entity alias table: canonical entities ("NATO") with their kind and the names news uses for them.

The default table is `factdb/data/entities.json`. Users extend it with a JSON file of the same shape
named by the environment variable FACTDB_ENTITIES; it is merged over the default: an entity already
known gets the extra aliases (and the new kind/event when given), a new entity is added, and an alias
given in the user file points at the user's entity even when the default table had it elsewhere.

    {"entities": {"Council of Europe": {"kind": "organisation", "aliases": ["the Strasbourg-based body"]}}}

`canonical(phrase)` folds case, articles, possessives, hyphens, dots and plurals before looking up.
`mentions(text)` finds every alias in a (folded) text with its offsets, by word n-grams.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from factdb.errors import FactdbError

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "entities.json"
ENV_VAR = "FACTDB_ENTITIES"

# Words of a phrase: "U.S.", "N.Korea", "27", "OPEC+"; hyphens and apostrophes split words (see `tokens`).
RE_TOKEN = re.compile(r"[A-Za-z0-9\u00C0-\u024F][A-Za-z0-9\u00C0-\u024F.+]*")
ARTICLES = frozenset({"the", "a", "an"})
# A leading size modifier is not part of the name: "the 27-member bloc" is the bloc.
COUNT_NOUNS = frozenset({"member", "nation", "country", "state", "strong"})


@dataclass(frozen=True)
class Entity:
    name: str
    kind: str
    event: str | None = None  # the event its date usually stands for ("signed" for a declaration)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: str  # canonical entity


@dataclass(frozen=True)
class _Alias:
    name: str
    upper: tuple[bool, ...]  # per word: the text must be upper case too ("US" is not "us")
    needs_the: bool  # "the alliance": only with its article


def tokens(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    """Words of a text with absolute offsets: "U.S." keeps its dots, "Kyiv." does not; the s of "NATO's" is no word."""
    out = []
    for m in RE_TOKEN.finditer(text):
        w, s = m.group(), m.start()
        if w[-1] == ".":
            if len(w) > 2 and "." not in w[:-1]:
                w = w.rstrip(".")
        elif w == "s" and s and text[s - 1] in "'\u2019":
            continue
        out.append((s + offset, s + offset + len(w), w))
    return out


def fold_word(word: str) -> str:
    return word.lower().replace(".", "")


def fold_words(words: list[str]) -> list[str]:
    """[fold_word(w) for w in words] at once, for the words of `tokens`: they have no space, and none has a
    letter that lowers by its neighbours (Σ)."""
    return " ".join(words).lower().replace(".", "").split(" ") if words else []


def singular(word: str) -> str:
    """'declarations' → 'declaration', 'allies' → 'ally', 'nations' → 'nation' (English regular plurals)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _key_words(words: list[str]) -> list[str]:
    """Folded words with leading articles and size modifiers ("27-member") removed."""
    out = [fold_word(w) for w in words]
    while out and (out[0] in ARTICLES or (len(out) > 1 and out[0].isdigit() and out[1] in COUNT_NOUNS)):
        out = out[1:] if out[0] in ARTICLES else out[2:]
    return out


class Lexicon:
    """Canonical entities and an index of their aliases by folded words."""

    def __init__(self, tables: list[dict]):
        self.entities: dict[str, Entity] = {}
        self.aliases: dict[str, _Alias] = {}
        for table in tables:
            for name, spec in table.get("entities", {}).items():
                old = self.entities.get(name)
                self.entities[name] = Entity(
                    name, spec.get("kind") or (old.kind if old else "organisation"),
                    spec.get("event") or (old.event if old else None))
                for alias in [name, *spec.get("aliases", [])]:
                    self._add(alias, name)
        self.prefixes = {" ".join(k.split()[:n]) for k in self.aliases for n in range(1, len(k.split()) + 1)}
        # last words of the names of documents, so that a sentence without one is not searched for them
        self.document_words = frozenset(
            k.split()[-1] + s for k, a in self.aliases.items() if self.entities[a.name].kind == "document"
            for s in ("", "s"))

    def _add(self, alias: str, name: str) -> None:
        words = [w for _, _, w in tokens(alias)]
        needs_the = bool(words) and words[0].lower() == "the"
        key = " ".join(_key_words(words))
        if not key:
            return
        kept = words[len(words) - len(key.split()):]
        upper = tuple(len(w.replace(".", "")) > 1 and w.replace(".", "").replace("+", "").isupper() for w in kept)
        self.aliases[key] = _Alias(name, upper, needs_the)

    def lookup(self, words: list[str], text_words: list[str] | None = None) -> _Alias | None:
        """The alias for folded words, trying the singular of the last word; checks acronym case."""
        if not words:
            return None
        key = " ".join(words)
        alias = self.aliases.get(key)
        if alias is None and len(words[-1]) > 3:
            alias = self.aliases.get(" ".join([*words[:-1], singular(words[-1])]))
        if alias is None or text_words is None:
            return alias
        for must, w in zip(alias.upper, text_words):
            if must and not w.replace(".", "").replace("+", "").isupper():
                return None
        return alias

    def canonical(self, phrase: str) -> str | None:
        return self.name_of([w for _, _, w in tokens(phrase)])

    def name_of(self, words: list[str]) -> str | None:
        """The canonical entity of a phrase given as its words."""
        keyw = _key_words(words)
        alias = self.lookup(keyw, words[len(words) - len(keyw):])
        return alias.name if alias else None

    def mentions(self, text: str, offset: int = 0) -> list[Mention]:
        """Every alias in `text`, longest first, left to right, not overlapping."""
        return self.match(tokens(text, offset))

    def match(self, toks: list[tuple[int, int, str]]) -> list[Mention]:
        """Every alias in a list of words (as `tokens` gives them), longest first, not overlapping."""
        folded = fold_words([w for _, _, w in toks])
        aliases, prefixes = self.aliases, self.prefixes
        out, i, n = [], 0, len(folded)
        while i < n:
            first = folded[i]
            if first not in prefixes and not (first[-1:] == "s" and singular(first) in aliases):
                i += 1
                continue
            best, key, j = None, "", i
            while j < n:  # walk down the words while they begin some alias; keep the longest match
                key = f"{key} {folded[j]}" if key else folded[j]
                alias = aliases.get(key)
                if alias is None and key[-1] == "s":
                    alias = aliases.get(key[:len(key) - len(folded[j])] + singular(folded[j]))
                if alias and self._fits(alias, toks, folded, i, j):
                    best = (j, alias)
                if key not in prefixes:
                    break
                j += 1
            if best:
                out.append(Mention(toks[i][0], toks[best[0]][1], best[1].name))
                i = best[0] + 1
            else:
                i += 1
        return out

    @staticmethod
    def _fits(alias: _Alias, toks, folded, i: int, j: int) -> bool:
        """Acronyms match upper case only; "the alliance" needs its article."""
        if alias.needs_the and not (i > 0 and folded[i - 1] in ("the", "this", "that")):
            return False
        for must, (_, _, w) in zip(alias.upper, toks[i:j + 1]):
            if must and not w.replace(".", "").replace("+", "").isupper():
                return False
        return True

    def kind(self, name: str) -> str | None:
        e = self.entities.get(name)
        return e.kind if e else None

    def event(self, name: str) -> str | None:
        e = self.entities.get(name)
        return e.event if e else None


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise FactdbError(f"cannot read the entity table {path}: {e}; fix the file or unset {ENV_VAR}") from e
    if not isinstance(data, dict) or not isinstance(data.get("entities"), dict):
        raise FactdbError(f'{path}: an entity table is {{"entities": {{"NAME": {{"kind": ..., "aliases": [...]}}}}}}')
    return data


@lru_cache(maxsize=4)
def _load(user_path: str | None) -> Lexicon:
    tables = [_read(DEFAULT_PATH)]
    if user_path:
        tables.append(_read(Path(user_path)))
    return Lexicon(tables)


def lexicon() -> Lexicon:
    """The default table merged with the user's FACTDB_ENTITIES file, if any (loaded once per path)."""
    return _load(os.environ.get(ENV_VAR) or None)


def canonical(phrase: str) -> str | None:
    """The canonical entity a phrase names: "the 27-member European bloc" → "EU"; unknown → None."""
    return lexicon().canonical(phrase)


def mentions(text: str, offset: int = 0) -> list[Mention]:
    return lexicon().mentions(text, offset)
