"""Speakers: resolve mentions ("he", "Stoltenberg", "NATO chief") to canonical names."""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import cached_property, lru_cache
from typing import NamedTuple

from nameparser import HumanName
from nameparser.config import Constants

from factdb.extract import maker
from factdb.records import Article, Quote, Role, Speaker

_role, _speaker, _quote = maker(Role), maker(Speaker), maker(Quote)  # Role(...) and so on, faster

# ── lexicons (lower-case unless said otherwise); quotes.py reads them to recognise mentions ──────

# Pronouns and what they can stand for: "he said", "according to him", "they added".
PRONOUNS = {"he": "person", "she": "person", "him": "person", "her": "person",
            "they": "plural", "them": "plural", "it": "thing", "we": "plural", "i": "self", "us": "plural"}
# Determiners that open a mention: "the sides", "a senior official", "its spokesman".
DETERMINERS = frozenset("the a an his her their its our both".split())
# Name particles kept inside a name: "Ursula von der Leyen", "Osama bin Laden".
PARTICLES = frozenset("von van der den de del della di da du dos das le la al el bin ibn ben ter ten zu".split())
# Words that join the parts of a mention: "the head of the European Council", "the EU and NATO".
CONNECTORS = frozenset("of and for &".split())
# Title nouns: "NATO Secretary General Jens Stoltenberg", "NATO chief Jens Stoltenberg".
ROLE_HEADS = frozenset("""president chancellor premier minister secretary-general general chief head leader boss
    chairman chairwoman chair chairperson spokesman spokeswoman spokesperson director director-general
    commissioner ambassador envoy governor mayor senator congressman congresswoman lawmaker commander
    king queen prince pope ceo officer official diplomat adviser advisor founder judge prosecutor
    representative rapporteur coordinator negotiator mp policymaker economist strategist analyst counsel
    attorney manager coach captain executive""".split())
# Words that stand before a title noun inside a title: "Prime Minister", "Defense Minister", "Vice President".
ROLE_MODIFIERS = frozenset("""prime deputy vice foreign defence defense finance interior justice health economy
    trade energy state secretary chief executive acting former outgoing incoming senior top high assistant
    attorney first""".split())
# Titles that name the top person of an organisation, so "NATO chief" finds "NATO Secretary General X".
LEADER_TITLES = frozenset(["chief", "head", "leader", "boss", "president", "secretary general", "chairman",
                           "chair", "chairwoman", "chairperson", "director general", "director", "ceo",
                           "chief executive", "chancellor", "prime minister", "premier"])
GENERIC_TITLES = frozenset(["chief", "head", "leader", "boss"])  # "the alliance's chief": any leader title
# Plural groups that stand for the organisations last quoted: "the sides noted", "the two organizations said".
GROUP_NOUNS = frozenset("""sides side parties organizations organisations institutions bodies partners
    allies leaders countries nations members governments""".split())
# Publications: "the article said", "the report says" → the outlet named just before ("Politico noted").
PUBLICATION_NOUNS = frozenset("""article report newspaper paper daily outlet magazine website site publication
    story broadcaster channel tabloid weekly journal agency""".split())
# Documents issued by the speakers last quoted: "the joint declaration said".
DOCUMENT_NOUNS = frozenset("statement declaration communique document letter text resolution".split())
# Other nouns that can head an anonymous source: "diplomats said", "a senior official told".
SOURCE_NOUNS = frozenset("""official officials diplomat diplomats source sources analyst analysts expert experts
    observers witness witnesses residents police authorities ministry government office service spokesman
    company firm group team party campaign court army military embassy prosecutors lawyers lawyer opposition
    spokeswoman spokesperson spokespeople people""".split())
# Nouns for a company: "the company said" → the company the article names ("Brightline Robotics, Inc.").
COMPANY_NOUNS = frozenset("""company firm carrier maker group business retailer lender bank airline insurer
    operator manufacturer automaker carmaker startup conglomerate developer supplier chain""".split())
# Nouns for a public body: "the German finance ministry said", "the Kenyan presidency said".
BODY_NOUNS = frozenset("""ministry department agency presidency government administration commission council
    committee office parliament regulator authority union association federation police""".split())
ORG_NOUNS = COMPANY_NOUNS | BODY_NOUNS
NOUN_HEADS = ROLE_HEADS | GROUP_NOUNS | PUBLICATION_NOUNS | DOCUMENT_NOUNS | SOURCE_NOUNS | ORG_NOUNS
# Lower-case words allowed before the head of a mention: "a senior official", "the two sides".
NP_MODIFIERS = ROLE_MODIFIERS | frozenset("""two three four both joint military diplomatic western european
    russian ukrainian american unnamed anonymous other several some many press news""".split())
# Capitalised words that never belong to a name: "But he said", "On Tuesday Stoltenberg said".
STOP_CAPS = frozenset("""But And Or So Yet However Meanwhile Also Still Now Then Thus Instead Earlier Later
    Separately Moreover Furthermore Indeed In On At During Following From For With By To Of As After Before
    When While If Although Though Since Until Under Over About Against Among Between Into Through Without
    Within This That These Those There Here It He She They We I You His Her Their Its Our My Your What
    Which Who Whom Whose Where Why How Asked Speaking According Calling Asserting Adding Saying Last Next
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Mr Mrs Ms Dr""".split())
# Titles of address before a name, never part of it: "said Dr. Ray Okonjo", "Mr Smith"
HONORIFICS = frozenset("Mr Mrs Ms Miss Mx Dr Prof Sir Dame Rev Sen Rep Gov Gen Col Capt Lt Sgt".split())
# Capitalised words that mark an organisation: "European Commission", "NATO press service".
ORG_WORDS = frozenset("""Union Council Commission Alliance Organization Organisation Agency Ministry Department
    Office Service Committee Parliament Assembly Court Bank Fund Party Government Army Forces Navy Police
    Institute University Association Federation Group Company Corporation Inc Ltd Kremlin Pentagon House
    Senate Congress Cabinet Secretariat Nations Republic Kingdom Foundation Center Centre Board Authority
    Bureau Command Headquarters Ministry""".split())
# Capitalised words that mark a publication: "The New York Times", "Associated Press".
PUBLICATION_WORDS = frozenset("""Press News Times Post Journal Guardian Telegraph Herald Tribune Gazette Radio
    Television TV Network Daily Magazine Review Wire Broadcasting""".split())
# Organisation descriptions and the organisation they stand for when it is named in the article:
# "the alliance's chief said" (NATO), "the bloc said" (EU).
ORG_ALIASES = {"alliance": "NATO", "the alliance": "NATO", "north atlantic alliance": "NATO",
               "military alliance": "NATO", "transatlantic alliance": "NATO",
               "north atlantic treaty organization": "NATO", "north atlantic treaty organisation": "NATO",
               "bloc": "EU", "european bloc": "EU", "union": "EU", "european union": "EU",
               "commission": "European Commission", "united nations": "UN"}

# nameparser splits the titles it knows from a name ("Secretary General Jens Stoltenberg").
_NAMES = Constants()
_NAMES.titles.add(*sorted(ROLE_HEADS | ROLE_MODIFIERS | {"secretary", "general"}))

RE_WORD = re.compile(r"[^\W_](?:[\w'.\-]*\w)?")
LOOKBACK_PARAGRAPHS = 4  # a pronoun refers to a speaker at most this many paragraphs back


def trie(words) -> str:
    """One regex alternation shaped as a trie: a long word list costs one scan of the text."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and "" not in node else "(?:" + "|".join(alts) + ")"
        return body + ("?" if "" in node else "")
    return build(root)


def words(s: str) -> list[str]:
    return RE_WORD.findall(s)


def is_org_word(w: str) -> bool:
    return w in ORG_WORDS or w in PUBLICATION_WORDS or (len(w) >= 2 and w.isupper() and w.isalpha())


def split_role(toks: list[str]) -> tuple[str | None, str | None, list[str]]:
    """(organisation, title, name tokens) of "European Commission President Ursula von der Leyen"."""
    org, title, rest = _split_role(tuple(toks))
    return org, title, list(rest)


@lru_cache(maxsize=65536)
def _split_role(toks: tuple[str, ...]) -> tuple[str | None, str | None, tuple[str, ...]]:
    """`split_role`, cached: the same mentions recur within and across articles."""
    low = [w.lower() for w in toks]
    last = len(low) - 1  # the last title noun: "President", "general" of "Secretary General"
    while last >= 0 and not (low[last] in ROLE_HEADS
                             or (low[last] == "general" and last and low[last - 1] in ("secretary", "attorney"))):
        last -= 1
    if last < 0:
        return None, None, toks
    first = last
    while first > 0 and (low[first - 1] in ROLE_MODIFIERS or low[first - 1] in ROLE_HEADS):
        first -= 1
    org_toks = [w[:-2] if w.endswith("'s") else w for w, lw in zip(toks[:first], low)
                if lw not in DETERMINERS and lw not in ("former", "outgoing", "incoming")]
    title = " ".join(toks[first:last + 1])
    rest = toks[last + 1:]
    if rest and rest[0].lower() == "of":  # "the head of the European Council"
        org_toks, rest = [w for w in rest[1:] if w.lower() not in DETERMINERS], ()
    return (" ".join(org_toks) or None), title, rest


@lru_cache(maxsize=4096)
def person_parts(name: str) -> tuple[str, str]:
    """(given, family) of a person's name; nameparser knows particles ("von der Leyen") and titles."""
    h = HumanName(name, constants=_NAMES)
    toks = name.split()
    # nameparser reads "von der Leyen" alone as given "von": keep particles with the family name.
    family = h.last
    i = len(toks) - len(family.split())
    while i > 0 and toks[i - 1].lower() in PARTICLES:
        i -= 1
    family = " ".join(toks[i:]) if family else ""
    return " ".join(toks[:i]), family


def title_key(title: str | None) -> str:
    return (title or "").lower().replace("-", " ")


def org_key(org: str | None, norm: str = "") -> str:
    """"the alliance" → "nato" when NATO is named in the article; "European Union" → "eu"."""
    if not org:
        return ""
    k = org.lower().replace("'s", "").strip()
    k = k[4:] if k.startswith("the ") else k
    alias = ORG_ALIASES.get(k)
    if alias and (alias in norm or not norm):
        k = alias.lower()
    return k


def _is_person_name(toks: list[str]) -> bool:
    return _is_person_tuple(tuple(toks))


@lru_cache(maxsize=65536)
def _is_person_tuple(toks: tuple[str, ...]) -> bool:
    caps = [w for w in toks if w.lower() not in PARTICLES]
    return (1 <= len(caps) <= 4 and all(w[:1].isupper() and not is_org_word(w) and w not in STOP_CAPS
                                        and not w.endswith("'s") and not any(c.isdigit() for c in w)
                                        for w in caps))


_ROLE_ALT = trie(ROLE_HEADS | ROLE_MODIFIERS | PARTICLES)
# A run of capitalised words with titles and particles inside: "NATO Secretary General Jens Stoltenberg",
# "NATO chief Jens Stoltenberg", "European Commission President Ursula von der Leyen".
# (It opens with [A-Z] and checks the word boundary after it, `(?<!\w.)`: a pattern that opens with a
# character class is scanned in C from capital to capital, one that opens with \b is tried at every offset.)
# (Its word runs are possessive, `*+`: what follows a run never starts with a word character, so giving
# characters back could never make a match; sre would try it one character at a time.)
RE_NAME_RUN = re.compile(r"[A-Z](?<!\w.)(?:[a-z]?\.|[\w\-']*+)"
                         r"(?: +(?:[A-Z][a-z]?\.|[A-Z][\w\-']*+|%s(?= +[A-Za-z])))+" % _ROLE_ALT)
# "Stoltenberg is due to step down as NATO chief", "Rutte, who takes over as the alliance's chief".
RE_AS_ROLE = re.compile(r" as\s+(?:the\s+)?([A-Za-z][\w\-]*?)(?:'s)?\s+(%s)\b" % trie(ROLE_HEADS))
# "Jens Stoltenberg, NATO's secretary general," / "Charles Michel, the head of the European Council,".
RE_APPOSITIVE = re.compile(r",\s+(?:the\s+)?(?:([A-Z][\w\-]*)'s\s+)?((?:%s\s+){0,2}%s)"
                           r"(?:\s+of\s+(?:the\s+)?([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,3}))?\s*[,.]"
                           % (trie(ROLE_MODIFIERS), trie(ROLE_HEADS)))
RE_CAP_WORD = re.compile(r"[A-Z][\w\-']+")
_CAPS = r"[A-Z][\w&\-']*(?:\s+(?:[A-Z][\w&\-']*|&|of|and))*?"
# How news marks a name as a company's: "Brightline Robotics, Inc. (NASDAQ: BRRX)", "Acme Corp",
# "Apex's customers", "Apex Chief Executive Dan Morrell" (a company title; see COMPANY_TITLES)
_SUFFIX = r"(?:Inc|Corp|Corporation|Co|Ltd|Limited|PLC|plc|LLC|LLP|AG|SA|NV|N\.V|GmbH|Holdings)\b"
_TICKER = r"\((?:NASDAQ|Nasdaq|NYSE|LSE|TSX|ASX|AMEX|OTC|[A-Z]{2,5})\s*:"
_OWNED = (r"'s\s+(?:customers|shares|stock|employees|subscribers|shareholders|investors|revenue"
          r"|sales|profits?|products|chief\s+executive|board)\b")
RE_COMPANY = re.compile(
    rf"\b(?P<a>{_CAPS}),?\s+{_SUFFIX}"
    rf"|\b(?P<b>{_CAPS})\s*{_TICKER}\s*[A-Z.]{{1,6}}\)"
    rf"|\b(?P<c>[A-Z][\w&\-]*){_OWNED}")
# What each way of RE_COMPANY needs: an article without any is not searched (the search is slow).
# (Patterns that open with a class or a literal scan faster than their alternation; the suffix is
# searched without its leading space, which is checked after: `\s` would be tried at every space.)
RE_SUFFIX, RE_TICKER, RE_OWNED = re.compile(_SUFFIX), re.compile(_TICKER), re.compile(_OWNED)


def _may_name_company(norm: str) -> bool:
    """Does the text hold a company suffix (" Inc"), a ticker ("(NYSE:") or "X's shares"?"""
    return (any(norm[m.start() - 1:m.start()].isspace() for m in RE_SUFFIX.finditer(norm))
            or bool(RE_TICKER.search(norm)) or bool(RE_OWNED.search(norm)))


COMPANY_TITLES = frozenset(["chief executive", "ceo", "chief financial officer", "cfo", "chief operating officer",
                            "founder", "co-founder", "chairman", "chairwoman"])
RE_LAST_WORD = re.compile(r"([A-Z][\w\-']+)\s*$")


def family_of(toks: list[str]) -> list[str]:
    """The family name of "Ursula von der Leyen" (particles kept); nameparser for the harder names."""
    if len(toks) > 2 and not any(w.lower() in PARTICLES for w in toks) or any(w.endswith(".") for w in toks):
        _, family = person_parts(" ".join(toks))
        return family.split() or toks[-1:]
    i = len(toks) - 1
    while i > 1 and toks[i - 1].lower() in PARTICLES:
        i -= 1
    if i == 1 and toks[0].lower() in PARTICLES:
        i = 0
    return toks[i:]


@lru_cache(maxsize=65536)
def family_name(toks: tuple[str, ...]) -> str:
    """The family name of a person's name words, as one string (cached: names recur)."""
    return " ".join(family_of(list(toks)))


@lru_cache(maxsize=65536)
def _person_mention(toks: tuple[str, ...]) -> tuple[str, str | None] | None:
    """(family name, the name as written) of a mention that names a person ("Jens Stoltenberg"); the name
    is None when the mention is a family name alone ("Stoltenberg", "von der Leyen"). Cached: names recur."""
    if not toks or not _is_person_tuple(toks):
        return None
    if len(toks) == 1 or toks[0].lower() in PARTICLES:
        return " ".join(toks), None
    return family_name(toks), " ".join(toks)


@lru_cache(maxsize=65536)
def _name_run(run: str) -> tuple[str | None, str | None, str, str] | None:
    """(organisation, title, full name, family name) of a run of capitalised words that names a
    person ("NATO chief Jens Stoltenberg"), else None. Cached: names recur across articles."""
    toks = run.split()
    while toks and (toks[0] in STOP_CAPS or toks[0].lower() in DETERMINERS or toks[0].rstrip(".") in HONORIFICS):
        toks = toks[1:]
    org, title, rest = split_role(toks)
    rest = [w[:-2] if w.endswith("'s") else w for w in rest]
    if not rest or not _is_person_name(rest):
        return None
    return org, title, " ".join(rest), " ".join(family_of(rest))


class _Index:
    """What the article says about people, read in one pass: full names by family name, roles."""

    def __init__(self, article: Article):
        self.norm = norm = article.norm
        self.by_family: dict[str, set[str]] = {}
        self.roles: dict[str, list[Role]] = {}  # family name → roles
        self.first_seen: dict[str, int] = {}  # full name → offset of its first mention
        self.holders: dict[tuple[str, Role], str] = {}  # (family, role) → the full name given with the role
        self._family_names: dict[str, tuple[list[str], str | None]] = {}  # see _names_of
        self._titled: list[str] = []  # organisations of company titles ("Apex Chief Executive …"), in order
        for m in RE_NAME_RUN.finditer(norm):
            person = _name_run(m.group())
            if person is None:
                continue
            org, title, full, family = person
            if len(full) > len(family):
                self.by_family.setdefault(family, set()).add(full)
                self.first_seen.setdefault(full, m.start())
            if title:
                self._add_role(family, _role(title, org), full)
                if org and title.lower() in COMPANY_TITLES:
                    self._titled.append(org)
        for m in RE_AS_ROLE.finditer(norm):  # the subject of the clause takes the role
            lo = max(norm.rfind(".", 0, m.start()), norm.rfind("\n", 0, m.start()), m.start() - 80) + 1
            who = next((w.group() for w in RE_CAP_WORD.finditer(norm, lo, m.start()) if w.group() not in STOP_CAPS), None)
            if who:
                self._add_role(who, _role(m.group(2), m.group(1)))
        for m in RE_APPOSITIVE.finditer(norm):  # the name just before the comma takes the role
            who = RE_LAST_WORD.search(norm, max(0, m.start() - 40), m.start())
            if who and who.group(1) not in STOP_CAPS:
                self._add_role(who.group(1), _role(m.group(2), m.group(1) or m.group(3)))

    @cached_property
    def companies(self) -> set[str]:
        """The companies the article names, in full. Read when first asked ("the company said"):
        the search is slow and most articles never ask."""
        companies = set(self._titled)
        for m in RE_COMPANY.finditer(self.norm) if _may_name_company(self.norm) else ():
            companies.add(m.group(m.lastgroup))
        return {self._longest(c) for c in companies if c not in STOP_CAPS}

    def _longest(self, name: str) -> str:
        """A one-word company name as the article writes it in full most often: "Apex" → "Apex Mobile"
        (not "Apex Chief Executive Dan Morrell")."""
        if " " in name:
            return name
        seen: dict[str, int] = {}
        for m in re.finditer(r"\b%s(?:\s+[A-Z][\w&\-']*)+" % re.escape(name), self.norm):
            toks = m.group().split()
            if not any(w.lower() in ROLE_HEADS or w.lower() in ROLE_MODIFIERS or w in STOP_CAPS for w in toks):
                seen[m.group()] = seen.get(m.group(), 0) + 1
        return max(seen, key=seen.__getitem__) if seen else name

    def company_before(self, pos: int) -> str | None:
        """The company named last before `pos` (else first after): what "the company said" refers to."""
        best = None
        for name in self.companies:
            at = self.norm.rfind(name, 0, pos)
            key = (1, at) if at >= 0 else (0, -self.norm.find(name))
            if best is None or key > best[0]:
                best = (key, name)
        return best[1] if best else None

    def _add_role(self, family: str, role: Role, full: str | None = None) -> None:
        roles = self.roles.setdefault(family, [])
        if role not in roles:
            roles.append(role)
        if full and len(full) > len(family):
            self.holders.setdefault((family, role), full)

    def full_name(self, family: str, pos: int | None = None) -> str | None:
        """The fullest name the article gives a family name: "Stoltenberg" → "Jens Stoltenberg".
        Two people of one family name ("Chidi Okonkwo", "Ngozi Okonkwo"): the one introduced before
        `pos` when only one was; otherwise refuse."""
        names, fullest = self._names_of(family)
        if fullest is not None:
            return fullest
        if names and pos is not None:
            before = [n for n in names if self.first_seen.get(n, pos) < pos]
            if before and all(before[-1].endswith(n) for n in before):
                return before[-1]
        return None

    def _names_of(self, family: str) -> tuple[list[str], str | None]:
        """The full names given a family name, shortest first, and the one all others end (if any).
        Memoised: an article asks for the same few families again and again."""
        got = self._family_names.get(family)
        if got is None:
            names = sorted(self.by_family.get(family, ()), key=len)
            got = names, names[-1] if names and all(names[-1].endswith(n) for n in names) else None
            self._family_names[family] = got
        return got

    def canonical_person(self, toks: Sequence[str], pos: int | None = None) -> str | None:
        """Canonical name of a person mention without its title: "von der Leyen" → "Ursula von der Leyen"."""
        parts = _person_mention(tuple(toks))
        if parts is None:
            return None
        family, name = parts
        fuller = self.full_name(family, pos)
        if name is None:  # the mention is a family name alone
            return fuller
        return fuller if fuller and fuller.endswith(name) else name

    def roles_of(self, name: str) -> list[Role]:
        """Titles the article gives a person: Role("Secretary General", "NATO")."""
        family = family_name(tuple(name.split()))
        return list(self.roles.get(family, ()))

    def holder(self, org: str | None, title: str | None) -> str | None:
        """The one person the article gives this role: ("European Council", "head") → "Charles Michel"."""
        ok, tk = org_key(org, self.norm), title_key(title)
        found = set()
        for family, roles in self.roles.items():
            for r in roles:
                if ok and org_key(r.organisation, self.norm) != ok:
                    continue
                rt = title_key(r.title)
                if tk == rt or (tk in GENERIC_TITLES and rt in LEADER_TITLES) or (rt in GENERIC_TITLES and tk in LEADER_TITLES):
                    found.add(self.holders.get((family, r)) or self.full_name(family) or family)
        return found.pop() if len(found) == 1 else None


class _Resolved:
    __slots__ = ("name", "kind", "plural", "pos", "para")

    def __init__(self, name, kind, plural, pos, para):
        self.name, self.kind, self.plural, self.pos, self.para = name, kind, plural, pos, para


def _org_name(toks: list[str]) -> str:
    """"the EU and the NATO" → "EU and NATO"."""
    return " ".join(w for w in toks if w.lower() not in DETERMINERS)


def attribute(article: Article, quotes: list[Quote]) -> tuple[list[Quote], list[Speaker]]:
    """Give every quote the canonical name of its speaker; return the article's speakers."""
    if not quotes:
        return [], []
    index = _Index(article)
    para_starts = [p.start for p in article.paragraphs]
    at = [q.mention_start if q.mention_start is not None else q.start for q in quotes]
    # subjects after the last quote would never be read
    history = _History(lambda: _subjects(article, index, max(at)))
    kinds: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    resolved_at: dict[tuple[int, int], _Resolved | None] = {}
    order = sorted(range(len(quotes)), key=at.__getitem__)
    results: list[Quote | None] = [None] * len(quotes)
    for qi in order:
        q, pos = quotes[qi], at[qi]
        history.reach(pos)
        para = bisect.bisect_right(para_starts, pos) - 1
        r = None
        if q.mention is not None:
            key = (q.mention_start, q.mention_end)
            if key not in resolved_at:
                resolved_at[key] = _resolve(article.norm[q.mention_start:q.mention_end], pos, para, index, history,
                                            kinds)
                if resolved_at[key] is not None:
                    history.append(resolved_at[key])
            r = resolved_at[key]
            if r is not None and q.mention.lower() not in PRONOUNS:
                al = aliases.setdefault(r.name, [])
                m = " ".join(article.norm[q.mention_start:q.mention_end].split())
                m = m[4:] if m.lower().startswith("the ") else m
                if m != r.name and m not in al:
                    al.append(m)
        elif q.cue:  # "adding: “…”" with no subject of its own: the speaker last quoted
            r = history.last(para, lambda h: True)
        if r is not None:
            kinds.setdefault(r.name, r.kind)
            aliases.setdefault(r.name, [])
        results[qi] = _with_speaker(q, r.name if r else None)
    out = [q for q in results if q is not None]
    speakers = []
    for name in aliases:
        kind = kinds[name]
        roles = tuple(index.roles_of(name)) if kind == "person" else ()
        speakers.append(_speaker(name=name, kind=kind, aliases=tuple(aliases[name]), roles=roles))
    return out, speakers


def _with_speaker(q: Quote, speaker: str | None) -> Quote:
    """`replace(q, speaker=speaker)` without its walk over the fields; q itself when unchanged."""
    return q if speaker == q.speaker else _quote(**{**q.__dict__, "speaker": speaker})


class _History:
    """Named speakers and person subjects, in text order, for what a pronoun refers to. The sentence
    subjects are read when something first asks (most articles never do): until then the history
    records the quotes' positions and speakers, and replays them when it is read."""

    def __init__(self, subjects):
        self._subjects = subjects  # () → the subjects, in text order
        self._items: list[_Resolved] | None = None  # None: not read yet
        self._events: list[int | _Resolved] = []  # until read: each reach(pos) and append(r), in order
        self._todo: list[_Resolved] = []  # subjects not yet reached
        self._next = 0

    def reach(self, pos: int) -> None:
        """Take in the subjects before `pos` (positions come in order)."""
        if self._items is None:
            self._events.append(pos)
            return
        todo, i = self._todo, self._next
        while i < len(todo) and todo[i].pos < pos:
            self._items.append(todo[i])
            i += 1
        self._next = i

    def append(self, r: _Resolved) -> None:
        if self._items is None:
            self._events.append(r)
        else:
            self._items.append(r)

    def last(self, para: int, ok) -> _Resolved | None:
        """The latest entry `ok` accepts, at most LOOKBACK_PARAGRAPHS paragraphs back."""
        if self._items is None:
            self._todo, self._items, events = self._subjects(), [], self._events
            for e in events:
                if isinstance(e, int):
                    self.reach(e)
                else:
                    self._items.append(e)
        for h in reversed(self._items):
            if para - h.para > LOOKBACK_PARAGRAPHS:
                return None
            if ok(h):
                return h
        return None


class _Shape(NamedTuple):
    """What the words of a mention say before the article is asked (see `_shape`)."""

    pronoun: str | None  # what a lone pronoun stands for: "person", "plural", "thing", "self"
    content: tuple[str, ...]  # the words without determiners
    has_cap: bool
    head: str  # the last word, lower case
    several: str | None  # "and" joins names: "organisations" ("the EU and NATO") or "people"
    of_name: bool  # "Centers for Disease Control and Prevention"
    org: str | None  # split_role(content)
    title: str | None
    rest: tuple[str, ...]
    org_name: str  # _org_name(content)


@lru_cache(maxsize=16384)
def _shape(mention: str) -> _Shape | None:
    """The shape of a mention, None when it has no words. Cached: an article names its speakers again
    and again, and articles share them ("Analysts", "A senior official")."""
    toks = words(mention)
    if not toks:
        return None
    low = [w.lower() for w in toks]
    pronoun = PRONOUNS[low[0]] if len(toks) == 1 and low[0] in PRONOUNS else None
    content = [w for w, lw in zip(toks, low) if lw not in DETERMINERS]
    # "the EU and NATO", "Michel, von der Leyen, and Stoltenberg"
    parts, cur = [], []
    for w in content:
        if w.lower() == "and":
            parts.append(cur)
            cur = []
        else:
            cur.append(w)
    parts.append(cur)
    # "Centers for Disease Control and Prevention", "Department of Health and Human Services": one name
    of_name = len(content) > 2 and content[0][:1].isupper() and content[-1][:1].isupper() \
        and any(w in ("of", "for") for w in content[1:-1])
    several = None
    if len(parts) > 1 and all(parts) and not (of_name and content.index("and") > min(
            content.index(w) for w in ("of", "for") if w in content)):
        several = "organisations" if all(any(is_org_word(w) for w in p) for p in parts) else "people"
    org, title, rest = split_role(content)
    return _Shape(pronoun, tuple(content), any(w[:1].isupper() for w in content), low[-1], several, of_name,
                  org, title, tuple(rest), _org_name(content))


def _resolve(mention: str, pos: int, para: int, index: _Index, history: _History,
             kinds: dict[str, str]) -> _Resolved | None:
    shape = _shape(mention)
    if shape is None:
        return None
    new = lambda name, kind, plural=False: _Resolved(name, kinds.get(name, kind), plural, pos, para)  # noqa: E731
    if shape.pronoun is not None:
        want = shape.pronoun
        if want == "person":
            h = history.last(para, lambda h: h.kind == "person" and not h.plural)
        elif want == "plural":
            h = history.last(para, lambda h: h.plural or h.kind == "organisation")
        elif want == "thing":
            h = history.last(para, lambda h: h.kind != "person")
        else:
            h = None
        return _Resolved(h.name, h.kind, h.plural, pos, para) if h else None
    content, head, org, title, rest = shape.content, shape.head, shape.org, shape.title, shape.rest
    if not shape.has_cap:
        if head in PUBLICATION_NOUNS:  # "the article said" → the outlet named just before
            h = history.last(para, lambda h: h.kind in ("publication", "organisation") and not h.plural)
            if h:
                kinds[h.name] = "publication"
                return _Resolved(h.name, "publication", False, pos, para)
            return None
        if head in GROUP_NOUNS or head in DOCUMENT_NOUNS:  # "the sides noted" → the organisations last quoted
            h = history.last(para, lambda h: h.kind == "organisation")
            return _Resolved(h.name, h.kind, h.plural, pos, para) if h else None
        if title and not rest:  # "the alliance's chief"
            holder = index.holder(org, title)
            if holder:
                return new(holder, "person")
        if head in COMPANY_NOUNS and len(content) <= 3:  # "the company said", "the wireless carrier said"
            company = index.company_before(pos)
            if company:
                return new(company, "organisation")
        return None
    if shape.several == "organisations":
        return new(shape.org_name, "organisation", True)
    if shape.several == "people":
        return None  # several people: refuse
    if title and not rest:  # "NATO chief", "the head of the European Council"
        holder = index.holder(org or _of_org(content), title)
        return new(holder, "person") if holder else None
    if rest and not any(is_org_word(w) for w in rest):
        name = index.canonical_person(rest, pos)
        if name:
            return new(name, "person")
    if any(w in PUBLICATION_WORDS for w in content):
        return new(shape.org_name, "publication")
    if head in ORG_NOUNS or shape.of_name:  # "the German finance ministry", "the Centers for Disease Control"
        return new(shape.org_name, "organisation")
    if any(is_org_word(w) for w in content) or org_key(shape.org_name, index.norm) != shape.org_name.lower():
        return new(shape.org_name, "organisation", head in GROUP_NOUNS)
    if len(content) == 1:  # a single unknown name: a person's family name, else an outlet or body
        full = index.full_name(content[0], pos)
        return new(full, "person") if full else new(content[0], "organisation")
    return None


def _of_org(toks: list[str]) -> str | None:
    """"head of the European Council" → "European Council"."""
    low = [w.lower() for w in toks]
    if "of" in low:
        return " ".join(toks[low.index("of") + 1:]) or None
    return None


# The subject that opens a sentence: "Stoltenberg said …", "The NATO press service reported …".
# ("Ashford City boss Paolo Venturi was left…": titles in lower case inside.)
# (word runs possessive, as in RE_NAME_RUN: a space or comma follows them)
RE_SUBJECT = re.compile(r"((?:[A-Z][\w\-']*+\s+|(?:%s)\s+){0,6}[A-Z][\w\-']*+),?\s+"
                        r"(?:also\s+|has\s+|had\s+)?[a-z]"
                        % trie(PARTICLES | ROLE_HEADS | ROLE_MODIFIERS | {"the", "and"}))
_SUBJECT_NOUNS = sorted(SOURCE_NOUNS | PUBLICATION_NOUNS | {"press", "news"})
RE_LOWER_TAIL = re.compile(r"(?:\s+%s\b)*" % trie(_SUBJECT_NOUNS))


def _subjects(article: Article, index: _Index, before: int) -> list[_Resolved]:
    """Named people and organisations that open a body sentence ("Stoltenberg said that…"), for pronouns;
    only in the sentences that start before `before`."""
    out = []
    norm, paras = article.norm, article.paragraphs
    for s in article.sentences:
        if s.start >= before:
            break
        if paras[s.paragraph].section != "body":
            continue
        m = RE_SUBJECT.match(norm, s.start, s.end)
        if m is None or m.group(1).split()[0] in STOP_CAPS:  # "At the press conference, Stoltenberg said"
            comma = norm.find(", ", s.start, min(s.end, s.start + 60))
            m = RE_SUBJECT.match(norm, comma + 2, s.end) if comma > 0 else None
            if m is None:
                continue
        toks, title, rest, person = _subject_parts(m.group(1), RE_LOWER_TAIL.match(norm, m.end(1)).group())
        if person:
            name = index.canonical_person(list(rest))
            if name and " " in name:
                out.append(_Resolved(name, "person", False, m.start(1), s.paragraph))
        elif toks and not title and any(is_org_word(w) for w in toks) and toks[-1][:1].isupper():
            out.append(_Resolved(_org_name(list(toks)), "organisation", "and" in toks, m.start(1), s.paragraph))
    return out


@lru_cache(maxsize=16384)
def _subject_parts(caps: str, tail: str) -> tuple[tuple[str, ...], str | None, tuple[str, ...], bool]:
    """(words, title, name words, names a person?) of a sentence subject: its capitalised words and
    lower-case tail ("The NATO" + "press service"). Cached: subjects recur."""
    toks = [w for w in caps.split() if w not in STOP_CAPS] + tail.split()
    if toks and toks[0].lower() == "the":
        toks = toks[1:]
    _, title, rest = split_role(toks)
    return tuple(toks), title, tuple(rest), bool(rest) and _is_person_name(rest)
