"""Direct and reported quotes with their attribution (speaker mention and cue verb)."""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from factdb.extract.speakers import (CONNECTORS, DETERMINERS, HONORIFICS, NOUN_HEADS, NP_MODIFIERS, PARTICLES,
                                     PRONOUNS, STOP_CAPS, trie)
from factdb.extract import maker
from factdb.records import Article, Quote

_quote = maker(Quote)  # Quote(...), faster

# ── reporting verbs ─────────────────────────────────────────────────────────────────────────────

# Verbs that report speech, in their base form: "Stoltenberg said", "she warned", "they added".
REPORTING_VERBS = """say tell add note stress warn insist argue explain claim announce declare write remark
    emphasize emphasise acknowledge admit conclude state urge underscore underline highlight assert affirm
    confirm reiterate recall suggest predict promise pledge vow reply respond answer ask comment observe
    report tweet deny maintain contend caution concede complain lament mention reveal disclose
    agree estimate propose recommend demand boast quip counter retort signal indicate repeat continue read
    testify allege assure post joke plead exclaim shout recount""".split()
# Verbs that introduce a partial quote only: "He called the attack “barbaric”", "described it as “a mistake”".
PARTIAL_VERBS = "call describe dub label term brand accuse".split()
# Forms that do not follow the spelling rules: "said", "told", "wrote", "admitted".
IRREGULAR = {"say": ("says", "said", "saying"), "tell": ("tells", "told", "telling"),
             "write": ("writes", "wrote", "writing", "written"), "admit": ("admits", "admitted", "admitting"),
             "quip": ("quips", "quipped", "quipping"), "agree": ("agrees", "agreed", "agreeing"),
             "signal": ("signals", "signalled", "signaled", "signalling", "signaling"),
             "read": ("reads", "reading"), "post": ("posts", "posted", "posting")}
# Verbs after which the reported clause may follow without "that": "Stoltenberg said Kyiv's backers will…".
ZERO_THAT = frozenset("say add warn insist argue claim announce note predict acknowledge admit stress confirm "
                      "estimate suggest write declare".split())
# Auxiliaries and adverbs between a speaker and the verb: "Stoltenberg also said", "he has repeatedly warned".
AUX_ADVERBS = frozenset("""also has have had further later then once previously repeatedly again reportedly
    would will could did does do already recently separately earlier subsequently specifically even
    publicly privately firmly flatly""".split())


def _forms(base: str) -> tuple[str, ...]:
    """All forms of a regular verb: note → notes, noted, noting; reply → replies, replied, replying."""
    if base in IRREGULAR:
        return (base, *IRREGULAR[base])
    if base.endswith("e"):
        return base, base + "s", base + "d", base[:-1] + "ing"
    if base.endswith("y") and base[-2] not in "aeiou":
        return base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return base, base + "es", base + "ed", base + "ing"
    return base, base + "s", base + "ed", base + "ing"


CUE_BASE = {f: b for b in REPORTING_VERBS + PARTIAL_VERBS for f in _forms(b)}
# A cue: a reporting verb in any tense ("said", "has warned"), "pointed (specifically) to", "according to".
# (\b before a letter is (?<!\w), tested faster.)
RE_CUE = re.compile(r"\b(?=[a-zA-Z])(?:[Aa]ccording to|"
                    r"(?:point|points|pointed|pointing)(?: [a-z]+ly)? (?:out|to)|"
                    r"puts? it(?=\s*[:,.])|"  # "As Rutte put it: “…”"
                    + trie(CUE_BASE) + r")\b")
RE_WORD = re.compile(r"[^\W_](?:[\w'.\-]*\w)?")
RE_WORD_BEFORE = re.compile(r"(\w+)\s+(?:\w+ly\s+)?$")  # "but said", "and later said"
# The clause a verb without "that" reports must look finite: "Kyiv's backers will meet", "it was delayed".
RE_FINITE = re.compile(r"\b(?:will|would|can|could|should|must|may|might|shall|is|are|was|were|has|have|had|"
                       r"does|do|did|won't|can't|\w+ed)\b")
# What may stand between a reporting verb and the start of the reported words: "told reporters in Kyiv that".
RE_ADJUNCT_THAT = re.compile(r"\s+(?:[^\s\".,;:!?]+\s+){0,7}?that\s+")
# A dash that hands a quote to its speaker: "“I thought measles was gone.” — Lauren Hale, a mother of three"
RE_DASH_CREDIT = re.compile(r"[\s,]*-{1,2}\s*")
# Words that mark a quoted term, not speech: a so-called “doom loop”
RE_SCARE_BEFORE = re.compile(r"(?i)\bso-called\s*$")
# Ends of a name-less quote that make it a heading: ‘NATO Remains the Foundation’.
RE_TERMINAL = re.compile(r"[.!?,;:\u2026]['\"]?\s*$")
# Contractions that start with an apostrophe, not a quotation mark: the '90s, rock 'n' roll, 'em, 'til.
RE_ELISION = re.compile(r"'(?:\d0s|\d\d\b|n'|em\b|til\b|cause\b|tis\b|twas\b|s\b)", re.I)
SHORT_QUOTE_WORDS = 3  # a quoted phrase this short needs a reporting verb close by to be speech
SHORT_QUOTE_REACH = 6  # words allowed between that verb and a short quoted phrase

RE_MARK = re.compile("[\"']")
OPEN, CLOSE, WEAK, AMBIG = 1, 2, 3, 0
CURLY = {"\u201c": OPEN, "\u201e": OPEN, "\u00ab": OPEN, "\u2018": OPEN, "\u201a": OPEN,
         "\u201d": CLOSE, "\u00bb": CLOSE, "\u2019": CLOSE}
OPENING_AFTER = " \n([{-/\"'"
CLOSING_BEFORE = " \n.,;:!?)]}-\"'"


@dataclass
class _Span:
    """A quoted stretch of one paragraph: marks at `open` and `close` (None: runs on to the next paragraph)."""

    open: int
    close: int | None
    para: int
    chain: int  # pieces of one multi-paragraph quote share a chain number
    mention: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None
    attributed: bool = False  # has a reporting verb (with or without a named subject)
    keep: bool = False


def _role(text: str, norm: str, i: int, a: int, b: int) -> int | None:
    """Is the quotation mark at i an opening or closing one? None for an apostrophe."""
    prev = norm[i - 1] if i > a else " "
    nxt = norm[i + 1] if i + 1 < b else " "
    if norm[i] == "'":
        if prev.isalnum() and nxt.isalnum():
            return None  # Russia's, don't
        if RE_ELISION.match(norm, i) and not prev.isalnum():
            return None
    opens = prev in OPENING_AFTER and nxt not in " \n"
    closes = nxt in CLOSING_BEFORE and prev not in " \n"
    if opens and not closes:
        return OPEN
    if closes and not opens:
        return WEAK if norm[i] == "'" and prev == "s" and nxt == " " else CLOSE
    return CURLY.get(text[i], AMBIG)


def _pair(text: str, norm: str, marks: list[int], a: int, b: int) -> tuple[list[tuple[int, int]], int | None]:
    """Pair opening and closing marks; returns the pairs and an opener left open at the end."""
    roles = [_role(text, norm, i, a, b) for i in marks]
    pairs, open_at = [], None
    for k, (i, r) in enumerate(zip(marks, roles)):
        if r is None:
            continue
        if r == AMBIG:
            r = CLOSE if open_at is not None else OPEN
        if r == OPEN:
            open_at = i  # an opener still open is unpaired: refuse it
        elif open_at is not None:
            if r == WEAK:  # "the allies' weapons": a closer only when no better one follows
                nxt = next((rr for rr in roles[k + 1:k + 20] if rr not in (None, WEAK)), None)
                if nxt in (CLOSE, AMBIG):
                    continue
            pairs.append((open_at, i))
            open_at = None
    return pairs, open_at


def _spans(article: Article) -> list[_Span]:
    """Quoted stretches of body and appendix paragraphs, multi-paragraph quotes chained."""
    text, norm = article.text, article.norm
    out: list[_Span] = []
    chains = itertools.count()
    pending: _Span | None = None  # a quote left open at the end of the previous paragraph
    marks = [m.start() for m in RE_MARK.finditer(norm)]  # one scan of the text, not two a paragraph
    for pi, p in enumerate(article.paragraphs):
        a, b = p.start, p.end
        here = marks[bisect.bisect_left(marks, a):bisect.bisect_left(marks, b)]
        if p.section not in ("body", "appendix") or not here:  # most paragraphs quote nobody
            pending = None
            continue
        doubles = [i for i in here if norm[i] == '"']
        singles = [i for i in here if norm[i] == "'"]
        pairs, left_open = _pair(text, norm, doubles, a, b)
        # single marks count only outside double quotes (inside they are nested quotes or apostrophes)
        covered = pairs + ([(left_open, b)] if left_open is not None else [])
        if covered:
            singles = [i for i in singles if not any(o < i < c for o, c in covered)]
        spairs, sleft = _pair(text, norm, singles, a, b) if singles else ([], None)
        pairs = sorted(pairs + spairs)
        if left_open is None and sleft is not None and all(c < sleft for _, c in pairs):
            left_open = sleft
        # "“First paragraph…\n\n“Second paragraph,” he said.": the open quote goes on
        continues = pending is not None and norm[a] == norm[pending.open] and (
            (pairs and pairs[0][0] == a) or left_open == a)
        if continues:
            out.append(pending)
        for o, c in pairs:
            out.append(_Span(o, c, pi, pending.chain if continues and o == a else next(chains)))
        if left_open is not None and all(c < left_open for _, c in pairs):
            pending = _Span(left_open, None, pi, pending.chain if continues and left_open == a else next(chains))
        else:
            pending = None
    return out


def _unquoted(spans: list[_Span], paras, n: int) -> list[tuple[int, int]]:
    """The stretches of the text outside the quotes' words (each opening mark kept), in text order."""
    out, last = [], 0
    for s in spans:
        out.append((last, s.open + 1))
        last = s.close if s.close is not None else paras[s.para].end
    out.append((last, n))
    return out


def _mask(norm: str, kept: list[tuple[int, int]]) -> str:
    """The folded text with every quote's words blanked, so verbs inside quotes are never cues."""
    parts = []
    for (a, b), (nxt, _) in zip(kept, kept[1:]):
        parts.append(norm[a:b])
        parts.append(" " * (nxt - b))
    parts.append(norm[kept[-1][0]:])
    return "".join(parts)


@lru_cache(maxsize=65536)
def _kind(w: str) -> str | None:
    """What a word can be in a speaker mention: "det", "pron", "cap", "noun", ... (cached: words recur)."""
    lw = w.lower()
    if lw in DETERMINERS:
        return "det"
    if lw in PRONOUNS:
        return "pron"
    if w[0].isupper() or w[0].isdigit():
        return "stop" if w in STOP_CAPS else "cap"
    if lw in PARTICLES:
        return "part"
    if lw in CONNECTORS:
        return "conn"
    if lw in NOUN_HEADS:
        return "noun"
    if lw.endswith("'s"):
        return "poss"
    if lw in NP_MODIFIERS:
        return "mod"
    return "lower" if w.isalpha() else None


MAX_LOWER = 2  # unknown lower-case words a mention may hold before its head: "central bank governor"
# Words that open a clause between a speaker and the verb: "Jane Doe, who chaired the talks, said"
RELATIVE_OPENERS = frozenset("who whose which whom".split())
MAX_CLAUSE_WORDS = 20



def _gap(s: str, i: int, j: int) -> str:
    return s[i:j].strip(" \n")


def mention_before(s: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The speaker mention that ends just before `hi` (a cue): "NATO chief Jens Stoltenberg", "the sides"."""
    found = list(RE_WORD.finditer(s, max(lo, hi - 200), hi))  # one scan: cheaper than finditer + findall
    toks = [w.span() for w in found]
    words = [w.group() for w in found]
    j = len(toks) - 1
    end = hi
    while j >= 0 and words[j].lower() in AUX_ADVERBS and not _gap(s, toks[j][1], end):
        end = toks[j][0]
        j -= 1
    if j >= 0 and _gap(s, toks[j][1], end) == ",":
        k = j
        while k > 0 and not _gap(s, toks[k - 1][1], toks[k][0]):
            k -= 1
        if k == 0 or _gap(s, toks[k - 1][1], toks[k][0]) != ",":
            return None
        inner = words[k:j + 1]
        first = inner[0].lower()
        if first in RELATIVE_OPENERS or _is_ing(first) and first[0].islower():
            if j - k > MAX_CLAUSE_WORDS:  # "Jane Doe, who chaired the talks, said"
                return None
        elif all(_kind(w) in ("cap", "part") for w in inner) and len(inner) <= 4 \
                and _kind(words[k - 1]) == "noun":
            return toks[k][0], toks[j][1]  # "The UK's climate minister, Helen Marsh, said"
        elif j - k > 7 or not any(w.lower() in NOUN_HEADS for w in inner):
            return None  # "Jens Stoltenberg, NATO's secretary general, said"
        j = k - 1
    elif j < 0 or _gap(s, toks[j][1], end):
        return None
    head = _kind(words[j])
    if head == "pron":
        return toks[j]
    if head not in ("cap", "noun") or words[j].endswith("'s"):
        return None
    k, lower = j, 0
    while k > 0 and j - k < 10:
        w, kind = words[k - 1], _kind(words[k - 1])
        gap = _gap(s, toks[k - 1][1], toks[k][0])
        lower += kind == "lower"
        if kind == "lower" and (lower > MAX_LOWER or _kind(words[k]) not in ("noun", "lower", "mod")):
            break
        if gap == "," and "and" in [x.lower() for x in words[k:j + 1]] and kind == "cap":
            k -= 1  # "Michel, von der Leyen and Stoltenberg"
            continue
        if gap or kind in (None, "stop", "pron"):
            break
        k -= 1
        if kind == "det" and not (k > 0 and _kind(words[k - 1]) == "conn" and not _gap(s, toks[k - 1][1], toks[k][0])):
            break
    while k < j and _kind(words[k]) in ("conn",) or (k < j and _kind(words[k]) == "part"
                                                     and _kind(words[k + 1]) not in ("part", "cap")):
        k += 1
    return toks[k][0], toks[j][1]


MAX_MENTION_AFTER = 10  # words read after an inverted cue


def mention_after(s: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The speaker mention that starts at `lo` (after an inverted cue): "said the head of the European Council"."""
    # the rule reads the first MAX_MENTION_AFTER + 1 words and asks whether one more follows: no need for more
    found = list(itertools.islice(RE_WORD.finditer(s, lo, min(hi, lo + 200)), MAX_MENTION_AFTER + 2))
    toks = [w.span() for w in found]
    if not toks or _gap(s, lo, toks[0][0]):
        return None
    words = [w.group() for w in found]
    if len(toks) > 1 and words[0] in HONORIFICS and _gap(s, toks[0][1], toks[1][0]) in ("", "."):
        return mention_after(s, toks[1][0], hi)  # "said Dr. Ray Okonjo"
    if _kind(words[0]) == "pron":
        return toks[0]
    k, lower = 0, 0
    while k < len(toks) and k < MAX_MENTION_AFTER:
        kind = _kind(words[k])
        lower += kind == "lower"
        if kind == "lower" and (k + 1 >= len(toks) or _kind(words[k + 1]) not in ("noun", "lower", "mod")):
            break  # "central bank governor", not "Zelensky thanked Berlin"
        if kind in (None, "stop", "pron") or (k and _gap(s, toks[k - 1][1], toks[k][0])) or lower > MAX_LOWER:
            break
        if kind == "det" and k and _kind(words[k - 1]) != "conn":
            break
        k += 1
    while k > 0 and (_kind(words[k - 1]) not in ("cap", "noun") or words[k - 1].endswith("'s")):
        k -= 1
    if k == 0:
        return None
    return toks[0][0], toks[k - 1][1]


# Lower-case words that never stand in a title before a name: "the report by Smith said"
FUNCTION_WORDS = frozenset("""by with from in on at to that than as after before about into over under while
    when where which who whom whose not also but or if then""".split())
MAX_TITLE_LEAD = 6


def _is_title_lead(lead: str) -> bool:
    """Words between a quote and its speaker that describe the speaker: "ECB policymaker" in
    "“…,” ECB policymaker Jonas Lehtinen said"; empty is fine too."""
    ws = RE_WORD.findall(lead.strip(" \n,"))
    if ws and ws[0] == "as":  # "“…,” as Rutte put it"
        ws = ws[1:]
    if len(ws) > MAX_TITLE_LEAD or sum(w[0].islower() for w in ws) > MAX_LOWER + 1:
        return False
    return all((_kind(w) in ("cap", "noun", "mod", "lower", "poss", "conn") or w.replace("-", "").isalpha())
               and w.lower() not in FUNCTION_WORDS for w in ws)


@lru_cache(maxsize=4096)
def _is_ing(w: str) -> bool:
    return w.split()[0].endswith("ing") and not w.startswith("according")


class _Cues:
    """Every reporting cue of the masked text, found in one scan, with their speaker mentions memoised."""

    def __init__(self, m: str, sents: list[int], kept: list[tuple[int, int]]):
        self.m, self.sents = m, sents
        # only the unquoted stretches can hold a cue (all of m when nested quotes make them overlap)
        ordered = all(a <= b <= nxt for (a, b), (nxt, _) in zip(kept, kept[1:]))
        self.found = [(c.start(), c.end(), c.group().lower())
                      for a, b in (kept if ordered else [(0, len(m))]) for c in RE_CUE.finditer(m, a, b)]
        self.starts = [c[0] for c in self.found]
        self.memo_before: dict[tuple[int, int], tuple[int, int] | None] = {}
        self.memo_after: dict[tuple[int, int], tuple[int, int] | None] = {}

    def within(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        return self.found[bisect.bisect_left(self.starts, lo):bisect.bisect_left(self.starts, hi)]

    def mention(self, cue: tuple[int, int, str], lo: int, hi: int) -> tuple[int, int] | None:
        """Who the cue reports: "Stoltenberg said", "according to him"; None for "adding"."""
        if cue[2].startswith("according"):
            return self.after(cue[1] + 1, hi)
        if _is_ing(cue[2]):
            return None
        key = (lo, cue[0])  # the mention before a cue does not depend on `hi`
        if key not in self.memo_before:
            self.memo_before[key] = mention_before(self.m, lo, cue[0]) or self._coordinated(cue[0])
        return self.memo_before[key]

    def after(self, lo: int, hi: int) -> tuple[int, int] | None:
        """`mention_after` in the masked text, memoised."""
        key = (lo, hi)
        if key not in self.memo_after:
            self.memo_after[key] = mention_after(self.m, lo, hi)
        return self.memo_after[key]

    def _coordinated(self, at: int) -> tuple[int, int] | None:
        """"Zelensky thanked Berlin but said …": the subject that opens the sentence."""
        prev = RE_WORD_BEFORE.search(self.m, max(0, at - 30), at)
        if not prev or prev.group(1) not in ("and", "but"):
            return None
        s_start = self.sentence_start(at)
        return mention_after(self.m, s_start, at) if s_start is not None else None

    def sentence_start(self, at: int) -> int | None:
        i = bisect.bisect_right(self.sents, at) - 1
        return self.sents[i] if i >= 0 else None


def _attribute_direct(sp: _Span, cues: _Cues, sents: list[int], sent_ends: list[int], para_start: int,
                      para_end: int, prev: _Span | None) -> None:
    """Find the reporting verb and speaker mention of a direct quote."""
    m = cues.m
    si = max(0, bisect.bisect_right(sents, sp.open) - 1)
    s_start = max(sents[si] if sents else para_start, para_start)
    close = sp.close if sp.close is not None else para_end
    ei = max(0, bisect.bisect_right(sents, close) - 1)
    s_end = min(sent_ends[ei] if sent_ends else para_end, para_end)
    if s_end <= close:
        s_end = para_end
    # 1. after the quote: "“…,” Stoltenberg said." / "“…,” said the head of the European Council."
    if sp.close is not None:
        tail_lo = close + 1
        after = cues.within(tail_lo, min(s_end, tail_lo + 160))
        if after and not _is_ing(after[0][2]):
            c = after[0]
            lead = m[tail_lo:c[0]].strip(" \n,")
            if c[2].startswith("according") or not lead:
                mention = cues.after(c[1] + 1, s_end) if not lead else None
            else:
                mention = cues.mention(c, para_start, s_end)
                if mention and not _is_title_lead(m[tail_lo:mention[0]]):
                    mention = None
            if mention:
                sp.mention, sp.cue, sp.attributed = mention, c[:2], True
                return
        dash = RE_DASH_CREDIT.match(m, tail_lo, para_end)
        if dash and dash.group().strip(" ,"):
            mention = mention_after(m, dash.end(), para_end)
            if mention and m[mention[0]].isupper():
                sp.mention, sp.attributed = mention, True
                return
    # 2. before the quote, in its sentence: "he said: “…”", "adding: “…”", "Stoltenberg said Putin wants to “…”"
    prev_close = prev.close if prev is not None and prev.close is not None and prev.close > s_start else s_start
    before = cues.within(s_start, sp.open)
    for n in range(len(before) - 1, -1, -1):
        cue = before[n]
        if _is_ing(cue[2]):  # "he noted, adding: “…”": the subject of the last finite verb, or the last speaker
            mention = next((x for x in (cues.mention(c, para_start, sp.open) for c in before[n - 1::-1] if n)
                            if x), None)
        else:
            mention = cues.mention(cue, para_start, sp.open)
            if not mention:
                continue
        sp.mention, sp.cue, sp.attributed = mention, cue[:2], True
        sp.keep = not _has_words(m, cue[1], sp.open, SHORT_QUOTE_REACH + 1) or (
            prev is not None and prev.keep and prev.close is not None and prev_close > cue[1]
            and m[prev_close + 1:sp.open].strip(" ,").lower() in ("", "and", "or"))
        return


def _own_sentence(m: str, earlier: _Span, sp: _Span, para_end: int) -> bool:
    """Nothing but the earlier quote's attribution before `sp`, nothing but punctuation after it."""
    between = m[earlier.close + 1:sp.open].strip() if earlier.close is not None else "x"
    end = sp.close if sp.close is not None else para_end
    return (between.endswith((".", "!", "?")) or between == "") and not m[end + 1:para_end].strip(" \n.,;:!?")


def _second_half(m: str, text: str, earlier: _Span, sp: _Span) -> bool:
    """"“…,” said Nadia Brooks, a senior counsel, “and a warning…”": the quote goes on after its attribution."""
    if earlier.close is None or earlier.cue is None or not earlier.close < earlier.cue[0] < sp.open:
        return False
    first = RE_WORD.search(text, sp.open + 1, sp.close if sp.close is not None else len(text))
    return m[earlier.close + 1:sp.open].rstrip().endswith(",") and bool(first) and first.group()[0].islower()


def _has_words(s: str, a: int, b: int, n: int) -> bool:
    """Does s[a:b] hold at least n words (of RE_WORD)? (Stops reading at the n-th: quotes can be long.)"""
    return _n_words(n).match(s, a, b) is not None


@lru_cache(maxsize=None)  # n is one of a few constants
def _n_words(n: int) -> re.Pattern:
    """n words of RE_WORD in a row, each after the characters that cannot start one. RE_WORD.finditer finds
    one word in each run of word characters, apostrophes, dots and hyphens that has a letter or digit, from
    the first of them to the run's last word character; so do these parts, and as they never give back what
    they took (possessive), they find no more."""
    return re.compile(r"(?:[\W_]*+[^\W_](?:[\w'.\-]*\w)?+){%d}" % n)


MAX_HEADING_WORDS = 12


def _is_heading(s: str) -> bool:
    """‘NATO Remains the Foundation’: title-cased words, no sentence punctuation."""
    if RE_TERMINAL.search(s):  # tested first: most quoted words end with punctuation ("…,” he said)
        return False
    ws = [w.group() for w in itertools.islice(RE_WORD.finditer(s), MAX_HEADING_WORDS + 1)]
    return 0 < len(ws) <= MAX_HEADING_WORDS and all(w[0].isupper() or w.isdigit() for w in ws if len(w) > 3)


def quotes(article: Article) -> list[Quote]:
    """Direct quotes (with attribution where the text gives it) and reported speech."""
    text, norm, paras = article.text, article.norm, article.paragraphs
    spans = _spans(article)
    kept = _unquoted(spans, paras, len(norm))
    m = _mask(norm, kept)
    sents = [s.start for s in article.sentences]
    cues = _Cues(m, sents, kept)
    sent_ends = [s.end for s in article.sentences]
    prev = None
    for sp in spans:
        p = paras[sp.para]
        _attribute_direct(sp, cues, sents, sent_ends, p.start, p.end, prev if prev and prev.para == sp.para else None)
        prev = sp
    _chains_and_continuations(spans, m, paras, text)
    out = []
    kept = [sp for sp in spans if sp.keep]
    # the paragraphs of one multi-paragraph quote are one quote: “First…\n\n“Second…,” she said.
    for _, group in itertools.groupby(kept, key=lambda sp: sp.chain):
        pieces = list(group)
        first, last = pieces[0], pieces[-1]
        a = first.open + 1
        b = last.close if last.close is not None else paras[last.para].end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a >= b:
            continue
        src = next((sp for sp in pieces if sp.cue), None) or next((sp for sp in pieces if sp.mention), first)
        mention = text[src.mention[0]:src.mention[1]] if src.mention else None
        out.append(_quote(text=text[a:b], start=a, end=b, kind="direct", mention=mention,
                         mention_start=src.mention[0] if src.mention else None,
                         mention_end=src.mention[1] if src.mention else None,
                         cue=text[src.cue[0]:src.cue[1]] if src.cue else None))
    out.extend(_indirect(article, cues, spans))
    out.sort(key=lambda q: q.start)
    return out


def _chains_and_continuations(spans: list[_Span], m: str, paras, text: str) -> None:
    """Share attribution along multi-paragraph quotes; continue a speaker into a bare quote paragraph."""
    by_chain: dict[int, list[_Span]] = {}
    for sp in spans:
        by_chain.setdefault(sp.chain, []).append(sp)
    for pieces in by_chain.values():
        src = next((sp for sp in pieces if sp.attributed), None)
        for sp in pieces:
            if src is not None and not sp.attributed:
                sp.mention, sp.cue, sp.attributed, sp.keep = src.mention, None, True, True
            elif len(pieces) > 1:
                sp.keep = True
    last_in_para: dict[int, _Span] = {}
    by_para_prev: dict[int, _Span] = {}  # id(span) → the span before it in its paragraph
    for sp in spans:
        if sp.para in last_in_para:
            by_para_prev[id(sp)] = last_in_para[sp.para]
        last_in_para[sp.para] = sp
    for sp in spans:
        p = paras[sp.para]
        end = sp.close if sp.close is not None else p.end
        bare = not m[p.start:sp.open].strip(" \n") and not m[end + 1:p.end].strip(" \n.,;:!?")
        if sp.attributed:
            if sp.keep is False and _has_words(text, sp.open, end, SHORT_QUOTE_WORDS + 1) \
                    and not _is_heading(text[sp.open + 1:end]):
                sp.keep = True  # a partial quote further from its verb: "noted that the partnership “will…”"
            if sp.keep is False and m[sp.open - 1: sp.open].strip() == "" and sp.cue and sp.cue[1] > sp.open:
                sp.keep = True
            continue
        # "“…,” Scholz said. “The systems will arrive within weeks.”": a quote that is a sentence of its own
        # after an attributed quote of the same paragraph goes on with that speaker
        earlier = by_para_prev.get(id(sp))
        if earlier is not None and earlier.attributed and earlier.keep and (
                _own_sentence(m, earlier, sp, p.end) or _second_half(m, text, earlier, sp)):
            sp.mention, sp.cue, sp.attributed, sp.keep = earlier.mention, earlier.cue, True, True
            continue
        before = last_in_para.get(sp.para - 1)
        if bare and before is not None and before.attributed and before.keep and before.para == sp.para - 1 \
                and paras[sp.para - 1].section == p.section:
            sp.mention, sp.cue, sp.attributed, sp.keep = before.mention, before.cue, True, True
            if before.mention is None and before.cue is None:
                sp.attributed = False
            continue
        if not _has_words(text, sp.open, end, SHORT_QUOTE_WORDS + 1) or _is_heading(text[sp.open + 1:end]):
            continue  # headings, titles and scare quotes are not speech
        sp.keep = True
    # a tail attribution ("“…,” he said") always keeps its quote; a so-called “term” is never speech
    for sp in spans:
        credit = sp.cue or sp.mention  # a dash credit has a mention and no cue
        if sp.attributed and sp.close is not None and credit is not None and credit[0] > sp.close:
            sp.keep = True
        if RE_SCARE_BEFORE.search(m, max(0, sp.open - 12), sp.open):
            sp.keep = False


# ── reported speech ─────────────────────────────────────────────────────────────────────────────

def _indirect(article: Article, cues: _Cues, spans: list[_Span]) -> list[Quote]:
    """Reported speech without quotation marks: "Stoltenberg said Kyiv's backers will meet next week"."""
    text, paras, m = article.text, article.paragraphs, cues.m
    opens = sorted(sp.open for sp in spans)
    out = []
    for s in article.sentences:
        if paras[s.paragraph].section != "body":
            continue
        lo, hi = s.start, s.end
        k = bisect.bisect_left(opens, lo)
        stop = opens[k] if k < len(opens) and opens[k] < hi else hi  # reported words end where a quote starts
        here = cues.within(lo, stop)
        if not here:
            continue
        p0 = paras[s.paragraph].start
        found = _reported_backward(cues, here, lo, stop, p0) or _reported_forward(cues, here, lo, stop, p0)
        if not found:
            continue
        (a, b), mention, cue = found
        while b > a and m[b - 1] in " \n,;:-.\"":
            b -= 1
        if not _has_words(m, a, b, 3) or '"' in m[a:b]:
            continue
        out.append(_quote(text=text[a:b], start=a, end=b, kind="indirect",
                         mention=text[mention[0]:mention[1]] if mention else None,
                         mention_start=mention[0] if mention else None, mention_end=mention[1] if mention else None,
                         cue=text[cue[0]:cue[1]]))
    return out


def _reported_forward(cues: _Cues, here, lo: int, stop: int, p0: int):
    """"X said (on Friday) that CONTENT" / "X said CONTENT": the content after the verb."""
    m = cues.m
    finite = []  # the cues before, other than "adding", "saying"
    for c in here:
        w = c[2]
        base = CUE_BASE.get(w)
        if w.startswith("according") and c[0] == lo:  # "According to a spokesperson, Berlin has …"
            mention = cues.mention(c, p0, stop)
            comma = m.find(", ", c[1], stop)
            if mention and comma > 0 and not m[mention[1]:comma].strip():
                return (comma + 2, stop), mention, c[:2]
            continue
        if w.startswith(("according", "point")) or base in PARTIAL_VERBS:
            continue
        ing = _is_ing(w)
        if not ing:
            finite.append(c)
        start = _reported_start(m, c, stop, base, ing)
        if start is None:  # tested first: the content test is cheap, finding the speaker is not
            continue
        if ing:  # "adding that …": the subject of the last finite cue that has one
            mention = next((x for x in (cues.mention(f, p0, stop) for f in reversed(finite)) if x), None)
        else:
            mention = cues.mention(c, p0, stop)
        if mention is not None:
            return (start, stop), mention, c[:2]
    return None


def _reported_start(m: str, c: tuple[int, int, str], stop: int, base: str | None, ing: bool) -> int | None:
    """Where the words a cue reports begin: after "(…) that", or a finite clause right after the verb."""
    t = RE_ADJUNCT_THAT.match(m, c[1], stop)
    if t:
        return t.end()
    if base in ZERO_THAT and not ing and m[c[1]:c[1] + 1] == " ":
        nxt = RE_WORD.match(m, c[1] + 1, stop)
        if nxt and (_kind(nxt.group()) in ("cap", "det", "pron") or nxt.group()[0].isdigit()) \
                and RE_FINITE.search(m, nxt.start(), stop):
            return nxt.start()
    return None


# The end of a sentence that names its source: ", Politico noted.", ", said the alliance's chief on Friday."
RE_ADJUNCT_END = re.compile(r"(?:\s+(?:on|in|at|during|after|before|last|this|late|early|earlier|later|"
                            r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b[^,;\"]{0,50})?"
                            r"(?:,\s*(?:adding|saying|noting|as|while|when|after|before|but|and)\b[^\"]*)?[\s.!?:,]*$")
# A short opening phrase that is not part of the reported words: "In addition, ", "More specifically, ".
RE_INTRO = re.compile(r"(?:[Aa]ccording to [^,]{1,60}|[A-Z]\w*(?:\s+\w+){0,2}),\s+")
# A dateline before the first sentence: "BERLIN (Reuters) - ", "ATHENS, May 6 - ".
RE_DATELINE = re.compile(r"[A-Z][A-Z .'\-]{2,30}(?:,[^-(]{1,20})?\s*(?:\([^)]{1,30}\))?\s*-+\s+")
# A sentence that opens with a participle describes the speaker, not what was said: "Calling support …, he said".
RE_PARTICIPLE_START = re.compile(r"[A-Z][a-z]+ing\b")


def _reported_backward(cues: _Cues, here, lo: int, stop: int, p0: int):
    """"CONTENT, X said." / "CONTENT, said X." / "CONTENT, according to X.": the content before."""
    m = cues.m
    if RE_PARTICIPLE_START.match(m, lo):
        return None
    for c in here:
        w = c[2]
        if CUE_BASE.get(w) in PARTIAL_VERBS or w.startswith("point") or _is_ing(w):
            continue
        comma = m.rfind(",", lo, c[0])
        if comma < 0:
            continue
        if m[comma + 1:c[0]].strip():  # "CONTENT, X said"
            if not RE_ADJUNCT_END.match(m, c[1], stop):  # tested first: cheaper than finding the speaker
                continue
            mention = cues.mention(c, p0, stop)
            if not mention or m[comma + 1:mention[0]].strip():
                continue
        else:  # "CONTENT, said X"
            if w in ("told", "tells", "tell"):
                continue
            mention = cues.after(c[1] + 1, stop)
            if not mention or not RE_ADJUNCT_END.match(m, mention[1], stop):
                continue
        start = RE_DATELINE.match(m, lo, comma)
        start = start.end() if start else lo
        first = RE_WORD.match(m, start, comma)
        if first and first.group() in STOP_CAPS and not RE_FINITE.search(m, start, comma):
            continue  # "In an interview with the BBC, Stubb said": a setting, not what was said
        intro = RE_INTRO.match(m, start, comma)
        return (intro.end() if intro else start, comma), mention, c[:2]
    return None
