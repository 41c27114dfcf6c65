"""Claims: counts, ordinals, durations, amounts, percentages and dated events, hedges kept as intervals."""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection, Iterator
from functools import lru_cache

from factdb.extract.lexicon import Lexicon, Mention, lexicon, singular, tokens
from factdb.extract.organisations import LocalOrganisations
from factdb.records import Article, Claim, Sentence, TimeExpr

# ---------------------------------------------------------------- numbers

_UNITS = "one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
WORD_NUMBERS = {w: i + 1 for i, w in enumerate(_UNITS)} | {w: i + 10 for i, w in enumerate(_TEENS)} \
    | {w: 20 + 10 * i for i, w in enumerate(_TENS)} | {"a": 1, "an": 1, "one": 1, "a dozen": 12, "dozen": 12}
_ORD_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
_ORD_TEENS = ("tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
              "nineteenth").split()
_ORD_TENS = "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split()
ORDINALS = {w: i + 1 for i, w in enumerate(_ORD_UNITS)} | {w: i + 10 for i, w in enumerate(_ORD_TEENS)} \
    | {w: 20 + 10 * i for i, w in enumerate(_ORD_TENS)} | {"hundredth": 100}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6, "mn": 1e6,
          "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12}


def _alt(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


NUM_WORD = rf"(?:(?:{_alt(_TENS)})(?:-(?:{_alt(_UNITS)}))?|{_alt(_TEENS)}|{_alt(_UNITS)}|a\s+dozen)"
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUM = rf"(?:{DIGITS}|{NUM_WORD})"
ORD = rf"(?:(?:{_alt(_TENS)})-(?:{_alt(_ORD_UNITS)})|{_alt(ORDINALS)}|\d+(?:st|nd|rd|th))"
SCALE = r"(?:thousand|million|billion|trillion|mln|mn|bn|trn|tn|k|m|b)"

# Hedge → how the interval opens. "gt": (v, ∞), "ge": [v, ∞), "lt": (-, v), "le": (-, v], "near": [0.9v, v),
# "about": [0.9v, 1.1v].
HEDGES = {
    "more than": "gt", "over": "gt", "above": "gt", "in excess of": "gt", "upwards of": "gt", "just over": "gt",
    "at least": "ge", "no fewer than": "ge", "no less than": "ge", "a minimum of": "ge",
    "less than": "lt", "fewer than": "lt", "under": "lt", "below": "lt", "just under": "lt",
    "up to": "le", "at most": "le", "no more than": "le", "a maximum of": "le",
    "almost": "near", "nearly": "near", "close to": "near", "getting on for": "near",
    "about": "about", "around": "about", "roughly": "about", "some": "about", "approximately": "about",
    "an estimated": "about", "an approximate": "about", "circa": "about", "or so": "about",
}
HEDGE = rf"(?:{_alt(k for k in HEDGES if k != 'or so')})"
ABOUT = 0.1  # the tolerance of "about"
# Vague plurals → [low, high): "billions of dollars" is [1e9, 1e12).
VAGUE = {"dozens": (24, 100), "scores": (40, 100), "hundreds": (100, 1e3), "thousands": (1e3, 1e6),
         "tens of thousands": (1e4, 1e5), "hundreds of thousands": (1e5, 1e6), "millions": (1e6, 1e9),
         "tens of millions": (1e7, 1e8), "hundreds of millions": (1e8, 1e9), "billions": (1e9, 1e12),
         "tens of billions": (1e10, 1e11), "hundreds of billions": (1e11, 1e12), "trillions": (1e12, 1e15)}
VAGUE_RE = rf"(?:{_alt(VAGUE)})"


RE_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
RE_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def number(text: str) -> float | None:
    """'1,200' → 1200, 'twenty-one' → 21, 'a' → 1; None when it is not a number."""
    t = " ".join(text.lower().replace(",", "").split())
    if RE_DECIMAL.fullmatch(t):
        return float(t)
    if t in WORD_NUMBERS:
        return float(WORD_NUMBERS[t])
    parts = t.split("-")
    if len(parts) == 2 and parts[0] in WORD_NUMBERS and parts[1] in WORD_NUMBERS:
        return float(WORD_NUMBERS[parts[0]] + WORD_NUMBERS[parts[1]])
    return None


def ordinal(text: str) -> int | None:
    """'third' → 3, 'twenty-first' → 21, '75th' → 75."""
    t = text.lower()
    if t[:-2].isdigit():
        return int(t[:-2])
    if t in ORDINALS:
        return ORDINALS[t]
    tens, _, unit = t.partition("-")
    if tens in WORD_NUMBERS and unit in ORDINALS:
        return WORD_NUMBERS[tens] + ORDINALS[unit]
    return None


def _plain(v: float) -> float | int:
    return int(v) if float(v).is_integer() and abs(v) < 1e15 else v


def interval(value: float, hedge: str | None) -> dict:
    """The Claim fields low/high/low_open/high_open/hedge for a stated value and its hedge."""
    how = HEDGES.get((hedge or "").lower())
    lo, hi, lo_open, hi_open = value, value, False, False
    if how == "gt":
        hi, lo_open = None, True
    elif how == "ge":
        hi = None
    elif how == "lt":
        lo, hi_open = None, True
    elif how == "le":
        lo = None
    elif how == "near":
        lo, hi_open = value * (1 - ABOUT), True
    elif how == "about":
        lo, hi = value * (1 - ABOUT), value * (1 + ABOUT)
    return {"low": None if lo is None else _plain(lo), "high": None if hi is None else _plain(hi),
            "low_open": lo_open, "high_open": hi_open, "hedge": hedge.lower() if how else None}


def vague(phrase: str) -> dict:
    lo, hi = VAGUE[" ".join(phrase.lower().split())]
    return {"low": _plain(lo), "high": _plain(hi), "low_open": False, "high_open": True,
            "hedge": " ".join(phrase.lower().split())}


# ---------------------------------------------------------------- vocabulary

# Words that end a noun chunk: "the third summit [held] [since] 2016".
STOP = frozenset("""a an the and or but nor of in on at to for from with by as since than that which who whom
whose this these those its their his her our your my is are was were be been being has have had will would
shall should can could may might must do does did not no it they he she we you i also so if when while
after before during until about over into onto up down out per via amid among between against under within
across through toward towards without behind beyond despite""".split())
# Common verbs whose past tense does not end in -ed: they end a noun chunk ("The bank lent ...").
IRREGULAR_VERBS = frozenset("""lent sent spent set put cut gave give gives took take takes made make makes said says
paid pays won wins lost loses rose rise rises fell falls grew grows saw sees got gets left leaves held holds met
meets told tells kept keeps brought brings bought buys sold sells built builds hit hits ran runs began begins
became becomes came comes went goes wants plans needs expects agrees says""".split())
PRONOUNS = frozenset("it its they them their he him his she her we us our you your i me my this that".split())
TIME_UNITS = {"second": "second", "minute": "minute", "hour": "hour", "day": "day", "week": "week",
              "month": "month", "year": "year", "decade": "decade", "century": "century"}
UNIT = r"(?:minute|hour|day|week|fortnight|month|year|decade|century)"
UNIT_WORDS_ALL = frozenset(w + s for w in [*TIME_UNITS, "fortnight"] for s in ("", "s")) | {"centuries"}
# Heads that make an ordinal a part of a date or a name, not a claim: "the first half of 2024".
NOT_ORDINAL_HEADS = frozenset("""half quarter place lady minister secretary deputy sight glance hand person
round-up week day month year century decade floor row line instance minute hour""".split())

CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB",
                    "₴": "UAH", "C$": "CAD", "A$": "AUD"}
CURRENCY_WORDS = {"dollar": "USD", "euro": "EUR", "pound": "GBP", "pounds sterling": "GBP", "sterling": "GBP",
                  "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rouble": "RUB", "ruble": "RUB",
                  "hryvnia": "UAH", "franc": "CHF", "swiss franc": "CHF", "rupee": "INR"}
CURRENCY_CODES = ("USD", "EUR", "GBP", "JPY", "CNY", "CHF", "RUB", "UAH", "INR", "CAD", "AUD")
DOLLAR_ADJ = {"us": "USD", "u.s.": "USD", "american": "USD", "canadian": "CAD", "australian": "AUD",
              "hong kong": "HKD", "new zealand": "NZD"}

# People and things that news counts when something happens to them: "1,200 people were evacuated".
COUNTED = r"""(?:people|persons|civilians|soldiers|troops|servicemen|residents|migrants|refugees|children|
women|men|workers|employees|jobs|patients|cases|deaths|passengers|protesters|prisoners|hostages|
homes|houses|buildings|vehicles|tanks|drones|missiles|aircraft|jets|ships|vessels|villages|towns|
countries|nations|states|members|delegates|lawmakers|students|journalists|fighters|militants|officers|
police|firefighters|staff|victims|casualties|families)"""
COUNTED = re.sub(r"\s+", "", COUNTED)
PARTICIPLES = r"""(?:killed|injured|wounded|hurt|evacuated|arrested|detained|displaced|rescued|missing|dead|
hospitali[sz]ed|infected|deported|released|freed|captured|abducted|kidnapped|fired|laid\s+off|hired|
affected|destroyed|damaged|launched|shot\s+down|intercepted|deployed|sent|stationed|expelled|sentenced|
charged|convicted|died|fled|attended|joined|signed|voted|participated|took\s+part)"""
PARTICIPLES = re.sub(r"\s+", "", PARTICIPLES).replace("\\s+", r"\s+")

# Event words of a dated clause → the property of the date claim. Order matters: the first that matches wins.
EVENT_WORDS: list[tuple[str, str]] = [
    # "was originally expected to be signed at the summit last June"
    (r"(?:expected|due|set|scheduled|slated|planned|envisioned|envisaged|meant|supposed|intended|hoped)\s+"
     r"to\s+(?:be\s+)?(?:signed|adopted|agreed|held|come\s+out|take\s+place|published|released|launched|"
     r"completed|start(?:ed)?|begin|open(?:ed)?|finished|concluded|approved|unveiled|presented)", "planned"),
    (r"(?:signed|signing|inked|sign)", "signed"),  # "signed the declaration on January 10"
    (r"(?:agreed|adopted|approved|endorsed|concluded|struck|reached)", "agreed"),  # "agreed in 2016"
    (r"ratified|ratification", "ratified"),
    (r"(?:pledged|vowed|promised|committed)", "pledged"),  # "The EU and NATO on Tuesday pledged"
    (r"(?:invaded|invasion\s+of|invade)", "invaded"),  # "Russia invaded Ukraine in February 2022"
    (r"(?:began|begun|started|start\s+of|beginning\s+of|outbreak\s+of|broke\s+out|erupted)", "began"),
    (r"(?:launched|launch\s+of|unveiled|introduced|rolled\s+out)", "launched"),  # "launched in 2019"
    (r"(?:held|hosted|took\s+place|convened|met)", "held"),  # "the summit held in Vilnius last July"
    (r"(?:announced|declared|proclaimed)", "announced"),
    (r"(?:published|released|issued)", "published"),
    (r"(?:ended|concluded|finished|end\s+of)", "ended"),
    (r"(?:joined|acceded\s+to|accession)", "joined"),
    (r"(?:founded|established|created|set\s+up|formed)", "founded"),
    (r"(?:elected|appointed|named|took\s+office|sworn\s+in)", "took office"),
    (r"(?:died|killed)", "died"),
]
RE_EVENT = re.compile(r"\b(?:" + "|".join(f"(?P<e{i}>{p})" for i, (p, _) in enumerate(EVENT_WORDS)) + r")\b", re.I)
# Every word of the event phrases (plain words, no character classes): a match of RE_EVENT begins with one,
# so it is tried only where one starts (searching a whole clause with it is slow: re.I, many alternatives).
EVENT_VOCAB = frozenset(re.findall(r"[a-z]+", re.sub(r"\\.", " ", "|".join(p for p, _ in EVENT_WORDS))))
# Letters that re.I matches to ASCII ones though lower() does not give them (İ ı ſ K); İ also lengthens on
# lower(). A text with one is searched in full, not word by word on its lower case.
CASE_TRAPS = "\u0130\u0131\u017f\u212a"
ANAPHOR_REACH = 4  # sentences back where "the document" may find its name
# Nouns that refer back to the last document named: "The latest version had been envisioned to come out in 2021".
RE_DOC_ANAPHOR = re.compile(
    r"\b(?:the|this|that)\s+(?:(?:latest|new|final|current|original|first|revised)\s+)?"
    r"(?:document|text|version|draft|accord|agreement|deal|pact|treaty|declaration|statement)\b", re.I)

# ---------------------------------------------------------------- rules (matched on Article.norm)

# "The 27-member European bloc", "a 30-member military alliance", "the 27-nation bloc".
RE_MEMBER_ADJ = re.compile(rf"\b(?:(?:the|a|an|its|their)\s+)?(?:(?P<hedge>{HEDGE})\s+)?(?P<num>{NUM})"
                           r"[- ](?P<noun>member|nation|country|strong)\b(?!\s+(?:states?|countries|nations)\b)",
                           re.I)
# "NATO now has 32 members", "the alliance, with 31 members,", "grew to 32 members".
RE_HAS_MEMBERS = re.compile(
    rf"\b(?P<verb>has|have|had|comprises|comprising|includes|including|counts|numbers|with|grew\s+to|"
    rf"grown\s+to|expanded\s+to|rose\s+to|risen\s+to|reach(?:ed|es)?)\s+(?:now\s+)?(?:(?P<hedge>{HEDGE})\s+)?"
    rf"(?P<num>{NUM})\s+(?P<what>member\s+states|member\s+countries|member\s+nations|members|allies|"
    rf"member\s+governments)\b", re.I)
# "the UN's 193 member states", "the bloc's 27 members".
RE_POSS_MEMBERS = re.compile(rf"(?:'s?)\s+(?:(?P<hedge>{HEDGE})\s+)?(?P<num>{NUM})\s+"
                             r"(?P<what>member\s+states|member\s+countries|member\s+nations|members|allies)\b", re.I)
# "all 32 members of NATO", "the 37 members of the Partnership".
RE_MEMBERS_OF = re.compile(rf"\b(?:all|the)\s+(?:(?P<hedge>{HEDGE})\s+)?(?P<num>{NUM})\s+"
                           r"(?P<what>member\s+states|member\s+countries|member\s+nations|members)\s+of\s+", re.I)
# "the 27 EU member states", "all 32 NATO allies".
RE_NUM_ENTITY_MEMBERS = re.compile(
    rf"\b(?:the|all|its|their)\s+(?:(?P<hedge>{HEDGE})\s+)?(?P<num>{NUM})\s+(?P<ent>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)"
    r"\s+(?P<what>member\s+states|member\s+countries|members|countries|nations|allies|governments|states)\b")
# "which share 21 members", "the two blocs have 22 members in common".
RE_SHARED = re.compile(
    rf"\b(?:(?:which|that|who)\s+)?(?:(?P<share>share[sd]?|sharing)|(?P<have>have|has|had))\s+"
    rf"(?:(?P<hedge>{HEDGE})\s+)?(?P<num>{NUM})\s+(?P<what>member\s+states|member\s+countries|members|"
    r"countries|allies|nations)(?P<common>\s+in\s+common)?", re.I)
# Adverbs that may sit inside a verb group: "have now been infected".
ADVERB = r"(?:now|already|also|reportedly|since|so\s+far|just|only|still)"
# "1,200 people were evacuated", "at least 12 civilians were killed", "dozens of soldiers were wounded".
RE_EVENT_COUNT = re.compile(
    rf"\b(?:(?P<hedge>{HEDGE})\s+)?(?:(?P<num>{NUM})|(?P<vague>{VAGUE_RE})\s+of)\s+(?:(?P<adj>[a-z]+)\s+)?"
    rf"(?P<noun>{COUNTED})\s+(?:(?:were|was|have|had|has|are|being|got)\s+)?(?:{ADVERB}\s+)?(?:been\s+)?"
    rf"(?P<verb>{PARTICIPLES})\b", re.I)
# Plural nouns that are units, not things counted: "30 days" is a duration, "5 miles" a measure.
NOT_COUNTED = frozenset("""times cents dollars euros pounds yen percent miles kilometres kilometers km metres meters
feet inches yards tons tonnes kilograms kilos grams ounces litres liters gallons barrels acres hectares degrees
watts megawatts gigawatts kilowatts bytes megabytes gigabytes knots mph members allies""".split()) | {
    u + "s" for u in (*TIME_UNITS, "fortnight")} | {"centuries"}
# Words that are not nouns though they end in s: "two is", "three was".
NOT_NOUN_S = frozenset("is was has does this its his hers ours yours theirs us as yes less unless whereas thus "
                       "plus minus across perhaps always sometimes nevertheless besides".split())
# Plurals without an s: "1,100 people", "two children".
PLURAL = r"(?:[a-z][a-z-]*[a-z]s|people|children|men|women|police|staff|personnel|cattle|sheep|aircraft|crew)"
# A modifier between a number and its noun: lower case, no function word, number or plural ("12 months prices").
ADJ = rf"(?:(?!(?:{_alt(STOP)}|{NUM_WORD})\b)(?![a-z-]*[^su]s\s)[a-z][a-z-]*\s+)"
# "48 countries have agreed", "eliminates 46 vacant positions", "Three other carriers were fined".
RE_COUNT = re.compile(
    rf"(?P<num>{DIGITS}|(?i:{NUM_WORD}))(?:\s+(?P<scale>thousand|million|billion))?"
    rf"\s+(?P<adj>{ADJ}{{0,2}})(?P<noun>{PLURAL})\b(?!['\u2019-])")
# "seven of the 11 council seats", "14 of the 50 largest U.S. retailers", "two of the victims".
RE_PARTITIVE = re.compile(
    rf"(?P<num>{DIGITS}|(?i:{NUM_WORD}))\s+of\s+(?:the|its|their|his|her|our|those|"
    rf"these)\s+(?:(?P<num2>{DIGITS}|{NUM_WORD})\s+)?(?P<adj>(?:[\w.-]+\s+){{0,3}}?)(?P<noun>{PLURAL})\b")
# What the counted things do, after them: "48 countries have agreed", "20 countries that share the euro".
RE_COUNT_VERB_AFTER = re.compile(
    rf"\s*(?:,[^,.;:\"]{{1,60}},\s*)?(?:(?P<rel>that|which|who)\s+)?(?:(?P<aux>have|has|had|were|was|are|is|will|would|"
    rf"could|can|may|must|did|do)\s+)?(?:{ADVERB}\s+)?(?:(?:been|be)\s+)?(?P<verb>[a-z]+)\b")
# The verb the count is the object of, before it: "employs more than 1,100 people", "Shipped 2,140 robots".
RE_COUNT_VERB_BEFORE = re.compile(rf"\b(?P<verb>[A-Za-z]+)\s+(?:(?:{ADVERB}|about|some)\s+)?$")
NOT_VERB = STOP | frozenset("""within across including include includes among from with without like unlike per
every each all both some many several other last first next those these own just only nearly almost total
past""".split())
# "Customer count grew to 312", "the death toll rose to 45", "a crowd of 14,382".
# An earlier value after a count: "reported 1,214 cases as of Friday, up from 1,046 a week earlier".
RE_UP_FROM = re.compile(rf"[^.;:\"]{{0,30}}?\b(?P<dir>up|down|rising|falling)\s+from\s+"
                        rf"(?P<num>{DIGITS}|{NUM_WORD})\b(?!\s*(?:%|percent|per\s+cent|million|billion))")
RE_TOTAL = re.compile(
    rf"\b(?P<what>(?:[a-z]+\s+)?(?:count|tally|toll|total|headcount|workforce|membership|number\s+of\s+[a-z]+)|"
    rf"(?:crowd|attendance|audience|congregation)(?=\s+of\b))\s+(?:(?:has|have|had)\s+)?(?:(?:rose|risen|grew|grown|"
    rf"climbed|increased|jumped|fell|fallen|dropped|declined|reached|hit|stood\s+at|stands\s+at|stand\s+at|now\s+"
    rf"stands\s+at|of)\s+)(?:to\s+)?(?:(?P<hedge>{HEDGE})\s+)?(?P<num>{DIGITS}|{NUM_WORD})\b"
    r"(?!\s*(?:%|percent|per\s+cent|[.,]\d))", re.I)
# "lowered its deposit rate five times since June" (not "five times as many", "10 times what").
RE_TIMES = re.compile(
    rf"(?P<num>{DIGITS}|{NUM_WORD})\s+times\b(?!\s+(?:as|more|less|fewer|higher|lower|larger|bigger|"
    r"smaller|greater|faster|slower|over|the|that|what|a|an|per|every|each)\b)", re.I)
# "a three-judge panel", "a 12-page report" (not "a 30-year-old", "a two-day summit", "a 5-2 vote").
RE_HYPHEN_COUNT = re.compile(
    rf"(?P<num>{DIGITS}|{NUM_WORD})-(?P<noun>[a-z]+)\s+(?P<head>[a-z][a-z-]*)\b",
    re.I)
NOT_HYPHEN_COUNT = frozenset("""member nation country state strong year day week month hour minute second decade
century fortnight cent dollar euro pound percent per mile kilometre kilometer km metre meter foot inch yard ton tonne
kilogram kilo gram ounce litre liter gallon barrel acre hectare degree watt megawatt gigawatt point time""".split())
# "the third cooperation pledge", "signed the third Joint Declaration", "its fifth summit", "NATO's 75th summit".
RE_ORDINAL = re.compile(
    rf"(?:\b(?P<verb>signed|agreed|adopted|held|hosted|launched|approved|won|marked|celebrated)\s+)?"
    rf"(?:\b(?P<det>the|its|their|his|her|this|a|an)\s+|(?P<poss>'s?)\s+)(?P<ord>{ORD})\b(?!-)\s*"
    rf"(?=(?P<rest>[^.;:!?()\"]*))",
    re.I)
RE_DET_BEFORE = re.compile(r"\b(?:a|an|the|its|their)\s+$", re.I)
# Nouns an ordinal after "a" or a possessive must count to be a claim: "a second term", "its first contribution"
# (not "his first priority", "a second opinion").
ORDINAL_HEADS = frozenset("""time term year season month week day round race game match leg stage election vote
ballot referendum poll summit meeting conference session visit trip tour attempt bid try win victory defeat loss title
championship trophy medal goal contribution pledge payment increase rise hike cut fall drop decline gain quarter
report declaration agreement deal treaty accord package budget case death attack strike wave outbreak lockdown
shutdown default recession album film book novel edition child wife husband candidate place""".split())
# After an ordinal's noun: "agreed since 2016", "since 1990".
RE_SINCE = re.compile(r"\s*(?:(?:agreed|signed|adopted|held|hosted|launched|approved|recorded|seen)\s+)?since\s+"
                      r"(?P<since>(?:1[89]|20)\d\d|the\s+\w+\s+of\s+(?:1[89]|20)\d\d|(?:January|February|March|April|"
                      r"May|June|July|August|September|October|November|December)(?:\s+(?:1[89]|20)\d\d)?)\b", re.I)
# "for the second year in a row", "the third consecutive year", "a second straight month".
ROW_UNIT = rf"(?:{UNIT}|time|quarter|term|season|session|round|game|match|win|victory|defeat|loss|increase|rise|fall|drop|cut)"
RE_IN_A_ROW = re.compile(rf"(?:\b(?:(?:for|in)\s+)?(?:the|a|its|their|his|her)\s+|(?P<poss>'s?)\s+)(?P<ord>{ORD})\s+"
                         rf"(?:(?:consecutive|straight|successive)\s+(?:[a-z]+\s+)?(?P<unit1>{ROW_UNIT})s?|"
                         rf"(?P<unit2>{ROW_UNIT})\s+in\s+a\s+row)\b", re.I)
IN_A_ROW_WORDS = frozenset({"consecutive", "straight", "successive", "row"})  # one is in every match of RE_IN_A_ROW
# A place in a ranking: "City, who finished second last season", "drop to ninth", "came third in the poll".
RANK_VERBS = frozenset("""finish finished finishes came comes placed ranked ranks drop dropped drops fell falls slipped
slips slid rose rises climb climbed climbs moved moves jump jumped jumps""".split())
RE_RANK = re.compile(
    rf"\b(?P<verb>{_alt(RANK_VERBS)})\s+(?:(?:up|down|back)\s+)?(?:to\s+)?(?:(?:joint|equal)\s+)?"
    rf"(?P<ord>{ORD})\b(?!-)(?=\s*(?:[.,;]|$|(?:place|position|spot|in|on|at|behind|with|last|this|after|overall)\b))",
    re.I)
# "the alliance's three-day summit", "a two-year deal", "a decade-long war", "a five-month-long siege".
RE_DURATION_ADJ = re.compile(
    rf"\b(?:(?P<num>{NUM})-)?(?P<unit>{UNIT})(?P<plural>s)?(?:-(?P<long>long))?(?P<old>-old)?"
    r"\s+(?P<head>[A-Za-z][\w-]*)", re.I)
# "developed for more than a year", "stalled for three months", "for the past two decades".
RE_DURATION_FOR = re.compile(
    rf"(?:\b(?P<verb>[a-z]+(?:ed|en|ing))\s+)?\bfor\s+(?:the\s+(?:past|last|next)\s+)?(?:(?P<hedge>{HEDGE})\s+)?"
    rf"(?P<num>{NUM}|a|an)\s+(?P<unit>{UNIT})s?\b(?!-)", re.I)
FOR_WORD = frozenset({"for"})  # in every match of RE_DURATION_FOR
# "more than four hours of public comment", "within 30 days of a disaster", "with 14 minutes left".
RE_DURATION_BARE = re.compile(
    rf"(?P<num>{DIGITS}|{NUM_WORD})\s+(?P<unit>{UNIT})s?\b(?![-'\u2019])"
    r"(?:\s+of\s+(?P<of>(?!(?:the|a|an|its|their|his|her|this|that|age)\b)[a-z]+(?:\s+[a-z]+)?))?", re.I)
# Words before a number of units that make it a point or a period, not a length: "the past 12 months", "in two
# weeks", "every three years".
RE_NOT_DURATION_BEFORE = re.compile(r"\b(?:the|past|last|next|first|these|those|every|each|per|in|of|its|their|his|"
                                    r"her|than|by|some|about|around)\s+$", re.I)
# ... and after: "30 days ago", "two years later", "five years old", "24 hours a day".
RE_NOT_DURATION_AFTER = re.compile(r"\s*(?:ago|later|earlier|before|after|old|older|younger|from\s+now|since|into|"
                                   r"in\s+a\s+row|running|straight|early|late|ahead|behind|a\s+(?:day|week|month|"
                                   r"year)|per|each|every)\b", re.I)
RE_TIME_LEFT = re.compile(r"\s+(?:left|remaining|to\s+go|to\s+play)\b", re.I)
# "$43 billion", "€1.5bn", "US$2 million", "USD 300 million".
RE_MONEY_SYMBOL = re.compile(
    rf"(?:\b(?P<hedge>{HEDGE})\s+)?(?P<cur>US\$|C\$|A\$|[$€£¥₹₽₴]|\b(?:{'|'.join(CURRENCY_CODES)})\s?)"
    rf"(?P<num>{DIGITS})(?:\s?(?P<scale>{SCALE})\b)?")
# "40 billion euros", "2 million US dollars", "300 million USD".
RE_MONEY_WORD = re.compile(
    rf"(?:\b(?P<hedge>{HEDGE})\s+)?\b(?P<num>{NUM})(?:\s?(?P<scale>{SCALE}))?\s+"
    rf"(?:(?P<adj>U\.?S\.?|American|Canadian|Australian|Hong\s+Kong|New\s+Zealand|Swiss)\s+)?"
    rf"(?P<cur>dollars?|euros?|pounds\s+sterling|pounds?|sterling|yen|yuan|renminbi|roubles?|rubles?|hryvnias?|"
    rf"francs?|rupees?|{'|'.join(CURRENCY_CODES)})\b", re.I)
# "billions of dollars of arms", "hundreds of millions of euros".
RE_MONEY_VAGUE = re.compile(
    rf"\b(?P<vague>{VAGUE_RE})\s+of\s+(?:(?P<adj>U\.?S\.?|American|Canadian|Australian)\s+)?"
    r"(?P<cur>dollars|euros|pounds|yen|yuan|roubles|rubles|hryvnias|francs|rupees)\b", re.I)
# What the money is: "$43 billion in military aid", "billions of dollars of arms", "a $61 billion package".
RE_MONEY_WHAT = re.compile(r"(?:\s*\([^()]{1,30}\))?\s+(?:(?P<prep>in|of|worth\s+of|for)\s+)?"
                           r"(?P<what>(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)")
# A determiner before an amount used as an adjective: "a $412 million operating budget", "its $4.5bn fund".
RE_MONEY_DET = re.compile(rf"(?:\b(?:a|an|the|its|their|his|her|our|this|that)|'s?)\s+(?:(?:{HEDGE})\s+)?$", re.I)
# The noun an amount is "of": "revenue of $170 million", "a fine of $57 million", "a package worth $5bn".
RE_MONEY_OF = re.compile(r"\b(?P<np>[a-z][a-z-]+)\s+(?:of|worth|totall?ing|valued\s+at|amounting\s+to)\s+$")
# An amount as the complement of its clause's subject: "The fund will be worth $4.2 billion", "the budget grows
# 3.1% to $118.4 million", "the reserve, which stands at about $61 million".
RE_MONEY_COMPLEMENT = re.compile(
    r"\b(?:is|was|are|were|be|been|stands?\s+at|stood\s+at|totals?|totall?ed|reached|amounts?\s+to|amounted\s+to|"
    r"worth|valued\s+at|(?:rose|risen|rises|grew|grown|grows|fell|fallen|falls|increased|increases|decreased|climbed|"
    r"dropped|jumped|declined)\s+(?:[^,;]{0,20}?\s+)?to)\s+$", re.I)
# Between two bounds of one range: "$170 million to $176 million", "between $215bn and $387bn", ", or $0.09".
RE_BETWEEN = re.compile(r"\b(?:between|from)\s+$", re.I)
RE_RANGE_GAP = re.compile(r"\s*,?\s*(?:to|and|or|-|\u2013)\s*")
# The scale of a range's upper bound, lent to the lower: "$170 to $176 million".
RE_RANGE_SCALE = re.compile(rf"\s*(?:to|and|-)\s*(?:[$\u20ac\u00a3]|US\$)?(?:{DIGITS})\s?(?P<scale>{SCALE})\b", re.I)
# An amount in brackets right after another is its conversion: "$4.5bn (£3.5bn)".
RE_CONVERSION_BEFORE = re.compile(rf"(?:\d|{SCALE}|dollars?|euros?|pounds?)\s*\($", re.I)
NOT_MONEY_SUBJECT = frozenset("total sum tune amount figure excess upwards value".split()) | UNIT_WORDS_ALL
# "2% of GDP", "up 3.5 percent", "fell by 0.2 percentage points".
RE_PERCENT = re.compile(
    rf"(?:\b(?P<dir>up|down|rose|risen|rising|fell|fallen|falling|increased|decreased|grew|grown|dropped|"
    rf"declined|climbed|jumped|slipped|gained|lost|surged|plunged|slumped|cut|raised)\s+(?:by\s+)?)?"
    rf"(?:\b(?P<hedge>{HEDGE})\s+)?\b(?P<num>{DIGITS}|{NUM_WORD})\s?(?P<pct>%|percent\b|per\s+cent\b|"
    r"percentage\s+points?\b)(?:\s+of\s+(?P<of>(?:the\s+)?(?:[A-Za-z][\w-]*\s+){0,2}[A-Za-z][\w-]*))?", re.I)
RE_UP = re.compile(r"up|ris|rose|increas|grew|grown|climb|jump|gain|surg|raise", re.I)
# A dated subject on its own: "Tuesday's joint declaration".
RE_POSSESSIVE_AFTER = re.compile(r"'s?\s+")
# Words before a date that make it a bound, not the date of the event: "since 2016", "until March".
RE_BOUND_BEFORE = re.compile(r"\b(?:since|until|till|by|before|after|from|through|between|ahead\s+of)\s+$",
                             re.I)
RE_BOUND_START = re.compile(r"(?:since|until|till|by|before|after|from|through|between|ahead\s+of)\b", re.I)
# Clause edges inside a sentence: "; ", " - ", ", but ", ", which ".
RE_CLAUSE_EDGE = re.compile(r";|:|\s-\s|\(|\)|,\s+(?:but|while|whereas|although|though|which|when|as|and|after|"
                            r"before|because|since|so|where)\b", re.I)
RE_COORD = re.compile(r"\s*(?:,|and|&|,\s*and|as\s+well\s+as)\s+(?:the\s+)?$", re.I)
RE_OWNER_GAP = re.compile(r"'s?\s+$")
RE_POSSESSOR = re.compile(r"\b([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)'s?\s+$")
RE_PUNCT = re.compile(r"[^\w\s'-]")


# ---------------------------------------------------------------- cheap tests that pick the rules to run

RE_LOWER_WORD = re.compile(r"[a-z]+")
RE_DIGIT = re.compile(r"\d")
NUMBER_WORDS = frozenset(WORD_NUMBERS) - {"a", "an", "a dozen", "dozen"}
HEDGE_WORDS = {tuple(h.split()): h for h in HEDGES if h != "or so"}
NOT_BEFORE_NUMBER = "$\u20ac\u00a3\u00a5.,'-\u2019"  # "$12", "3.5", "1,214", "5-2", "'90"
# A digit not after a word character or "$€£¥.,'’-" (the digit first: sre then skips fast to digits).
RE_NUMBER_START = re.compile(r"\d(?<![\w$\u20ac\u00a3\u00a5.,'\u2019-]\d)")
NUMBERISH = frozenset(WORD_NUMBERS) - {"a", "an", "a dozen"} | {"dozen", "dozens", "scores", "hundreds", "thousands",
                                                               "millions", "billions", "trillions"}
MEMBER_WORDS = frozenset("member members nation nations country countries allies strong".split())
COUNTED_WORDS = frozenset(COUNTED[3:-1].split("|"))
# The first word of each participle ("laid" of "laid off"): a match of RE_EVENT_COUNT has one as a word.
PARTICIPLE_HEADS = frozenset(p.split(r"\s+")[0].replace("[sz]", z)
                             for p in PARTICIPLES[3:-1].split("|") for z in "sz")
ORDINAL_WORDS = frozenset(ORDINALS) | {"th", "st", "nd", "rd"}
UNIT_WORDS = frozenset(w + s for w in [*TIME_UNITS, "fortnight", "centurie"] for s in ("", "s"))
CURRENCY_WORDS_ALL = frozenset(w + s for w in [*CURRENCY_WORDS, *map(str.lower, CURRENCY_CODES)] for s in ("", "s"))


# The rules (methods of _Claims) in the order they run on a sentence; a sentence's rule mask has a bit for each
# rule worth trying on it (_Claims.rule_mask), and two more for a number word and a participle.
RULES = ("members", "shared", "event_counts", "counts", "ordinals", "durations", "amounts", "percents",
         "dated_events")
R_MEMBERS, R_SHARED, R_EVENT_COUNTS, R_COUNTS, R_ORDINALS, R_DURATIONS, R_AMOUNTS, R_PERCENTS, R_DATED_EVENTS, \
    R_NUMBERISH, R_PARTICIPLE = (1 << i for i in range(len(RULES) + 2))
# Rules that state a number: tried only in sentences with a digit or a NUMBERISH word.
NUMERIC_RULES = R_MEMBERS | R_SHARED | R_EVENT_COUNTS | R_COUNTS | R_AMOUNTS


def _word_bits(table: dict[int, frozenset[str]]) -> dict[str, int]:
    """Word → the mask of the rules it triggers."""
    out: dict[str, int] = {}
    for bit, words in table.items():
        for w in words:
            out[w] = out.get(w, 0) | bit
    return out


# A rule is tried only in sentences with one of its trigger words (one of _Sentence.words) ...
WORD_BITS = _word_bits({R_MEMBERS: MEMBER_WORDS, R_EVENT_COUNTS: COUNTED_WORDS, R_ORDINALS: ORDINAL_WORDS,
                        R_DURATIONS: UNIT_WORDS, R_AMOUNTS: CURRENCY_WORDS_ALL, R_NUMBERISH: NUMBERISH,
                        R_PARTICIPLE: PARTICIPLE_HEADS})
# ... or one of its trigger strings in the lower case.
TRIGGER_STRINGS = {R_SHARED: ("shar", "in common"), R_PERCENTS: ("%", "percent", "per cent"),
                   R_AMOUNTS: tuple("$\u20ac\u00a3\u00a5\u20b9\u20bd\u20b4")}


@lru_cache(maxsize=None)  # at most 2 ** len(RULES) masks
def _rules(mask: int) -> tuple[Callable[..., None], ...]:
    """The methods of _Claims that a rule mask names, in order."""
    return tuple(getattr(_Claims, name) for i, name in enumerate(RULES) if mask >> i & 1)


# Where in a sentence a rule can match: each rule's pattern runs only in windows around these (on lower case).
ANCHOR_MEMBERS = re.compile(r"member|nation|countr|strong|allies")
ANCHOR_SHARED = re.compile(r"shar|in common")
ANCHOR_COUNTED = re.compile(rf"\b{COUNTED}\b")
ANCHOR_ORDINAL = re.compile(rf"\b(?:{_alt(ORDINALS)})\b|\d(?:st|nd|rd|th)\b")
ANCHOR_UNIT = re.compile(r"minute|hour|day|week|fortnight|month|year|decade|centur")
ANCHOR_MONEY = re.compile("[$\u20ac\u00a3\u00a5\u20b9\u20bd\u20b4]|dollar|euro|pound|sterling|yen|yuan|renminbi|"
                          r"r[ou]ble|hryvnia|franc|rupee|\b(?:" + "|".join(CURRENCY_CODES).lower() + r")\b")
ANCHOR_PERCENT = re.compile(r"%|percent|per cent")
TOTAL_WORDS = frozenset("count tally toll total headcount workforce membership number crowd attendance audience "
                        "congregation".split())
ANCHOR_TOTAL = re.compile(r"count|tally|toll|total|headcount|workforce|membership|number of|crowd|attendance|"
                          r"audience|congregation")
RE_RATIO_BEFORE = re.compile(rf"(?:\d|\b(?:{NUM_WORD}))\s+(?:out\s+of|in)\s+$", re.I)
RE_ANAPHOR_BEFORE = re.compile(r"\b(?:the|these|those|both|its|their|his|her|our|all)\s+$", re.I)
RE_VERB_FORM = re.compile(r"[a-z]+(?:ed|ly|ing)")
RE_EDLY = re.compile(r"[a-z]+(?:ed|ly)")
RE_ED = re.compile(r"[a-z]+ed")
RE_WHICH = re.compile(r"\s*,?\s*(?:which|that)\b")
RE_PER = re.compile(r"\s+(?:per|a|an)\s+(?:share|year|month|week|day|person|head|household|ride|unit|barrel|tonne|ton|"
                    r"kilogram|hour)\b")
RE_NP_END = re.compile(r"(?:\b([A-Za-z][\w-]*)'s?\s+)?(?:[a-z][\w-]*\s+){0,2}?([A-Za-z][\w-]*)\s*$")
RE_OWNER_BEFORE = re.compile(rf"\b([A-Za-z][\w-]*)'s?\s+(?:(?:{HEDGE})\s+)?$")
RE_WORD_BEFORE = re.compile(r"([A-Za-z][\w.-]*)\s+$")
RE_PAST_VERB = re.compile(r"\b[a-z]{3,}ed\b")


# Bytes a-z kept, 0-9 → tab, any other → space (both split words).
LETTERS_ONLY = bytes(c if 97 <= c <= 122 else 9 if 48 <= c <= 57 else 32 for c in range(256))


# The words _Sentence.words keeps: those that the tests of a sentence look for (and the lexicon's document_words).
VOCABULARY = frozenset(WORD_BITS) | TOTAL_WORDS | RANK_VERBS | FOR_WORD | IN_A_ROW_WORDS


@lru_cache(maxsize=4)
def _vocabulary(lex: Lexicon) -> frozenset[str]:
    return VOCABULARY | lex.document_words


def _letters(low: str) -> str:
    """A lower-case text with its letters a-z kept, digits made tabs and any other character a space, one for
    one: its split() is RE_LOWER_WORD.findall(low), found several times faster on ASCII bytes."""
    return low.encode("ascii", "replace").translate(LETTERS_ONLY).decode()


def _scan(s, pattern: re.Pattern, anchor: re.Pattern, before: int, after: int, needs: Collection[str] = (),
          starts: Callable[[_Sentence, int, int], list[int]] | None = None,
          words: frozenset[str] = frozenset()) -> Iterator[re.Match]:
    """Matches of `pattern` in the sentence, looked for only within `before`/`after` characters of an anchor,
    and only where one of the lower-case strings `needs` occurs, if given: every match that counts has one.
    `starts(s, lo, hi)`, if given, lists every position of [lo, hi) where a match may begin: the pattern is
    tried there only (it must never match empty). `words` (of VOCABULARY), if given, are words of which every
    match has one."""
    skip = needs and s.plain_case  # else s.low may not line up with s.norm or fold as re.I does
    if s.plain_case and (words and s.words.isdisjoint(words) or needs and all(n not in s.low for n in needs)):
        return
    last = -1
    for lo, hi in s.windows(anchor, before, after):
        if skip and all(s.low.find(n, lo, hi) < 0 for n in needs):
            continue
        found = _matches_at(pattern, s.norm, starts(s, lo, hi), hi) if skip and starts \
            else pattern.finditer(s.norm, lo, hi)
        for m in found:
            if m.start() >= last:
                last = m.end()
                yield m


def _matches_at(pattern: re.Pattern, text: str, starts: list[int], hi: int) -> Iterator[re.Match]:
    """pattern.finditer(text, lo, hi) when `starts` has every position where a match may begin."""
    end = -1
    for at in starts:
        if at >= end:
            m = pattern.match(text, at, hi)
            if m:
                end = m.end()
                yield m


def _for_starts(s, lo: int, hi: int) -> list[int]:
    """Where RE_DURATION_FOR may begin in [lo, hi): at a "for", or at the word before it ("stalled for")."""
    low, out = s.low, []
    at = low.find("for", lo, hi)
    while at >= 0:
        gap = at  # back over the white space, then over the letters of the word before
        while gap > lo and low[gap - 1].isspace():
            gap -= 1
        word = gap
        while word > lo and "a" <= low[word - 1] <= "z":
            word -= 1
        out += [word, at] if word < gap < at else [at]
        at = low.find("for", at + 1, hi)
    return sorted(out)


# ---------------------------------------------------------------- sentence context

class _Sentence:
    """One body sentence: its folded text, its words of the VOCABULARY and, computed on demand, the entities it
    mentions."""

    # computed on demand
    _mentions: list[Mention] | None = None
    _org_mentions: list[Mention] | None = None
    _edges: list[int] | None = None
    _toks: list[tuple[int, int, str]] | None = None
    _numbers: list[int] | None = None

    def __init__(self, claims: _Claims, start: int, end: int):
        self.article, self.start, self.end, self.lex = claims.article, start, end, claims.lex
        self.local = claims.local  # not `claims`: a sentence holding it would make a reference cycle
        self.plain_case = claims.plain_case  # no CASE_TRAPS: the lower case lines up and folds as re.I does
        self.norm = self.article.norm[start:end]
        if claims.folded:
            self.low, letters = claims.folded[0][start:end], claims.folded[1][start:end]
        else:
            self.low = self.norm.lower()
            letters = _letters(self.low)
        # for the cheap tests that pick the rules to run: its lower-case words of the vocabulary
        self.words = claims.vocabulary.intersection(letters.split())
        self.digit = "\t" in letters if self.norm.isascii() else bool(RE_DIGIT.search(self.norm))
        self._anchors: dict[re.Pattern, list[tuple[int, int]]] = {}
        self._windows: dict[tuple[re.Pattern, int, int], list[list[int]]] = {}

    def windows(self, anchor: re.Pattern, before: int, after: int) -> list[list[int]]:
        """The spans within `before`/`after` characters of the matches of `anchor`, merged."""
        key = (anchor, before, after)
        spans = self._windows.get(key)
        if spans is None:
            spans = self._windows[key] = []
            for a in self.anchors(anchor):
                lo, hi = max(0, a[0] - before), min(len(self.norm), a[1] + after)
                if spans and lo <= spans[-1][1]:
                    spans[-1][1] = hi
                else:
                    spans.append([lo, hi])
        return spans

    def anchors(self, anchor: re.Pattern) -> list[tuple[int, int]]:
        """The spans of the matches of `anchor` in the lower case (found once per sentence)."""
        found = self._anchors.get(anchor)
        if found is None:
            found = self._anchors[anchor] = [a.span() for a in anchor.finditer(self.low)]
        return found

    @property
    def toks(self) -> list[tuple[int, int, str]]:
        if self._toks is None:
            self._toks = tokens(self.norm, self.start)
            self._tok_starts = [t[0] for t in self._toks]
        return self._toks

    @property
    def numbers(self) -> list[int]:
        """Where the numbers of the sentence start (relative to it): "1,214", "3.5", "seven", "twenty-one"."""
        if self._numbers is None:
            out = [m.start() for m in RE_NUMBER_START.finditer(self.norm)]
            low = self.low
            for w in self.words & NUMBER_WORDS:  # few: look each up with str.find
                at = low.find(w)
                while at >= 0:
                    end = at + len(w)
                    if not (at and (low[at - 1] in NOT_BEFORE_NUMBER or low[at - 1].isalnum())) \
                            and not (end < len(low) and low[end].isalnum()):
                        out.append(at)
                    at = low.find(w, end)
            self._numbers = sorted(out)
        return self._numbers

    def hedge_before(self, at: int) -> tuple[str, int] | None:
        """The hedge right before position `at` of the sentence ("more than"), with where it starts."""
        words = list(RE_LOWER_WORD.finditer(self.low, max(0, at - 24), at))[-3:]
        for k in (3, 2, 1):
            if len(words) >= k and not self.low[words[-1].end():at].strip():
                key = tuple(w.group() for w in words[-k:])
                if key in HEDGE_WORDS and all(not self.low[a.end():b.start()].strip()
                                              for a, b in zip(words[-k:], words[-k + 1:])):
                    return HEDGE_WORDS[key], words[-k].start()
        return None

    @property
    def clause_edges(self) -> list[int]:
        if self._edges is None:
            self._edges = [m.start() + self.start for m in RE_CLAUSE_EDGE.finditer(self.norm)]
        return self._edges

    @property
    def mentions(self) -> list[Mention]:
        if self._mentions is None:
            self._mentions = self.lex.match(self.toks)
        return self._mentions

    @property
    def org_mentions(self) -> list[Mention]:
        """The mentions, and the organisations of the article the entity table does not know: for the
        member counts, which only organisations have."""
        if self._org_mentions is None:
            known = self.mentions
            local = [m for m in self.local.lexicon.match(self.toks)
                     if not any(k.start < m.end and m.start < k.end for k in known)]
            self._org_mentions = sorted(known + local, key=lambda m: m.start) if local else known
        return self._org_mentions

    def clause(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.clause_edges, pos)
        lo = self.clause_edges[i - 1] if i else self.start
        hi = self.clause_edges[i] if i < len(self.clause_edges) else self.end
        return lo, hi

    def text(self, start: int, end: int) -> str:
        return self.article.norm[start:end]

    def words_from(self, pos: int, limit: int, end: int | None = None) -> list[tuple[int, int, str]]:
        """Up to `limit` words of the sentence from `pos` on (and before `end`)."""
        toks = self.toks
        i, out, end = bisect.bisect_left(self._tok_starts, pos), [], end or self.end
        while i < len(toks) and toks[i][1] <= end and len(out) < limit:
            out.append(toks[i])
            i += 1
        return out

    def subject_before(self, pos: int, lo: int | None = None, orgs: bool = False) -> tuple[str, int] | None:
        """The entity named last before `pos` (joined with one coordinated before it: "NATO and the EU");
        with `orgs`, also the organisations the table does not know (org_mentions)."""
        lo = self.start if lo is None else lo
        before = [m for m in (self.org_mentions if orgs else self.mentions) if lo <= m.start and m.end <= pos]
        if not before:
            return None
        last = before[-1]
        if len(before) > 1 and before[-2].name != last.name \
                and RE_COORD.fullmatch(" " + self.text(before[-2].end, last.start)):
            return joint(before[-2].name, last.name), before[-2].start
        return last.name, last.start

    def owner(self, pos: int, orgs: bool = False) -> tuple[str, int] | None:
        """The possessor right before `pos`: "the alliance's [three-day summit]", "its [fifth summit]"."""
        for m in reversed(self.org_mentions if orgs else self.mentions):
            if m.end <= pos:
                if RE_OWNER_GAP.fullmatch(self.text(m.end, pos)):
                    s = m.start - 4 if self.text(max(m.start - 4, 0), m.start).lower() == "the " else m.start
                    return m.name, s
                break
        w = self.text(max(pos - 6, self.start), pos).lower()
        if w.endswith(("its ", "their ")):
            found = self.subject_before(pos - 6, orgs=orgs)
            if found:
                return found[0], pos - (4 if w.endswith("its ") else 6)
        return None


def joint(a: str, b: str) -> str:
    """A subject made of two entities, in a fixed order: "EU and NATO" for "NATO and the EU"."""
    return " and ".join(sorted((a, b), key=str.lower))


def _chunk(s: _Sentence, pos: int, limit: int = 4, after_det: bool = False) -> list[tuple[int, int, str]]:
    """Words of the noun chunk starting at `pos`: up to `limit` words, stopping at function words and verbs
    (after a determiner, the first word is a noun even if it can be a verb: "A cut on Thursday")."""
    out = []
    for t in s.words_from(pos, limit):
        w = t[2].lower()
        if w in STOP or (w in IRREGULAR_VERBS and (out or not after_det)) or (out and RE_ED.fullmatch(w)) \
                or w.isdigit() \
                or (out and RE_PUNCT.search(s.text(out[-1][1], t[0]))):  # "the fourth quarter, ECB data"
            break
        out.append(t)
    return out


def _clause_head(s: _Sentence, pos: int) -> tuple[str, int] | None:
    """The noun chunk a clause (or else the sentence) opens with, when it comes before `pos`: "Inflation"."""
    lo = s.clause(pos)[0]
    for at in dict.fromkeys((lo, s.start)):
        head = _chunk_at(s, at, pos)
        if head:
            return head
    return None


def _chunk_at(s: _Sentence, at: int, pos: int | None = None) -> tuple[str, int] | None:
    """The noun chunk that opens at `at` (after a determiner or conjunction), up to `pos`; not a pronoun."""
    toks = s.words_from(at, 40, pos)
    det = False
    while toks and toks[0][2].lower() in ("the", "a", "an", "but", "and", "while", "which", "as"):
        det = toks[0][2].lower() in ("the", "a", "an")
        toks = toks[1:]
    chunk = _chunk(s, toks[0][0], after_det=det) if toks else []
    chunk = [t for t in chunk if pos is None or t[1] <= pos]
    if chunk and chunk[0][2].lower() not in PRONOUNS:
        words = [w.lower() for _, _, w in chunk]
        return " ".join([*words[:-1], singular(words[-1])]), chunk[0][0]
    return None


# "With 43.6% of the vote, the People's Movement finished first", "Winning 52 percent, Smith ...": a figure
# that is the object of the word a sentence opens with belongs to the subject of the clause after the comma.
RE_FRONTED = re.compile(r"(?:With|Winning|Taking|Securing|Gaining|Capturing|Polling|Having\s+(?:won|taken|"
                        r"secured|polled))\s+")
RE_TO_COMMA = re.compile(r"\s*,\s+")  # right after the figure: not "With 61% of ballots counted, ..."


def _fronted_subject(s: _Sentence, start: int, end: int) -> tuple[str, int] | None:
    """The subject of the main clause when the figure at start..end opens the sentence after "With" or a
    participle and a comma follows it."""
    if not RE_FRONTED.fullmatch(s.norm, 0, start - s.start):
        return None
    rest = RE_TO_COMMA.match(s.norm, end - s.start)
    if not rest:
        return None
    at = s.start + rest.end()
    named = next((m for m in s.mentions if m.start >= at), None)
    if named and s.text(at, named.start).strip().lower() in ("", "the"):
        owner = RE_OWNER_GAP.match(s.text(named.end, named.end + 3))
        head = _chunk_at(s, named.end + owner.end()) if owner else None  # "NATO's candidate"
        if head:
            return _owned(s, s.text(named.start, named.end), head[0]), named.start
        return named.name, named.start
    return _chunk_at(s, at)


def _owned(s: _Sentence, owner: str | None, head: str) -> str:
    """A head noun with its possessor, which tells one fund from another: "council fund", "NATO budget"."""
    if not owner:
        return head
    return f"{s.lex.canonical(owner) or owner.lower()} {head}"


def _np_before(s: _Sentence, end: int) -> str | None:
    """The noun phrase ending at `end`, as head noun with possessor: "the city's rainy-day fund" → "city fund"."""
    m = RE_NP_END.search(s.norm, max(0, end - s.start - 60), end - s.start)
    if not m or m.group(2) in STOP or not m.group(2).islower():
        return None
    return _owned(s, m.group(1), m.group(2))


def _agent(s: _Sentence, pos: int) -> tuple[str, int] | None:
    """Who or what a clause is about: an entity before `pos` in the clause, a possessor ("Rovers' fourth
    straight win"), or the noun chunk the clause (or sentence) opens with."""
    lo = s.clause(pos)[0]
    found = s.subject_before(pos, lo)
    if found:
        return found
    poss = RE_POSSESSOR.search(s.norm, max(0, lo - s.start), pos - s.start)
    if poss and poss.end() == pos - s.start:
        return poss.group(1), s.start + poss.start()
    return s.subject_before(pos) or _clause_head(s, pos)


@lru_cache(maxsize=8192)
def _name_of(lex: Lexicon, words: tuple[str, ...]) -> str | None:
    """Lexicon.name_of, remembered: the same few words come back often ("the first time")."""
    return lex.name_of(list(words))


def _resolve(s: _Sentence, pos: int, limit: int = 6, orgs: bool = False) -> tuple[str, int] | None:
    """The longest entity name starting at `pos` (within `limit` words): (canonical, end); with `orgs`,
    also of the organisations the table does not know."""
    toks = s.words_from(pos, limit)
    words = [w for _, _, w in toks]
    for n in range(len(toks), 0, -1):
        name = _name_of(s.lex, tuple(words[:n])) or (orgs and s.local.lexicon.name_of(words[:n]) or None)
        if name:
            return name, toks[n - 1][1]
    return None


# ---------------------------------------------------------------- the extractor

class _Claims:
    """Collects the claims of one article; each rule family is one method."""

    def __init__(self, article: Article, dates: list[TimeExpr]):
        self.article = article
        self.dates = sorted((d for d in dates if d.type == "DATE" and not d.value.startswith("P")),
                            key=lambda d: d.start)
        self.date_starts = [d.start for d in self.dates]
        self.as_of = article.published.isoformat() if article.published else None
        self._quoted: list[tuple[int, int]] | None = None
        # the last amount: sentence, end, subject, property, start (within the sentence)
        self._last_money: tuple[int, int, str | None, str, int] | None = None
        self.out: list[Claim] = []
        self.body = article.body_sentences()
        self._sentences: dict[int, _Sentence] = {}  # by start: built once, their tokens and mentions kept
        self.lex = lexicon()
        self.local = LocalOrganisations(article.norm, self.lex)  # the organisations the table does not know
        self.vocabulary = _vocabulary(self.lex)
        norm = article.norm
        self.plain_case = norm.isascii() or not any(c in norm for c in CASE_TRAPS)
        low = norm.lower()
        # Sentences slice the lower case when lower() maps the text character by character: no İ (it lengthens)
        # nor Σ (it lowers by its neighbours).
        self.folded = (low, _letters(low)) if len(low) == len(norm) and "\u03a3" not in norm else None
        # the trigger strings the article has: a sentence's lower case is a piece of the article's for them
        self.trigger_strings = [(bit, strings) for bit, strings in TRIGGER_STRINGS.items()
                                if any(x in low for x in strings)]

    def sentence(self, sent: Sentence) -> _Sentence:
        """The _Sentence of a body sentence, made once."""
        s = self._sentences.get(sent.start)
        if s is None:
            s = _Sentence(self, sent.start, sent.end)
            self._sentences[sent.start] = s
        return s

    def in_quote(self, start: int, end: int) -> bool:
        if self._quoted is None:
            self._quoted = _quoted_ranges(self.article)
        i = bisect.bisect_right(self._quoted, (start, float("inf"))) - 1
        return i >= 0 and self._quoted[i][0] <= start and end <= self._quoted[i][1]

    def add(self, s: _Sentence, kind: str, subject: str | None, prop: str, value, start: int, end: int,
            **fields) -> None:
        text = self.article.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
            end -= 1
        if not subject or start >= end or self.in_quote(start, end):
            return
        if isinstance(value, float):
            value = _plain(value)
        if kind != "date" and "low" not in fields and isinstance(value, (int, float)):
            fields |= interval(value, None)
        self.out.append(Claim(kind=kind, subject=subject, property=prop, value=value, evidence=text[start:end],
                              start=start, end=end, as_of=self.as_of, **fields))

    def run(self) -> list[Claim]:
        for sent in self.body:
            s = self.sentence(sent)
            for rule in _rules(self.rule_mask(s)):
                rule(self, s)
        return _dedupe(self.out)

    def rule_mask(self, s: _Sentence) -> int:
        """The rules worth trying on a sentence: those whose trigger, a cheap necessary condition, holds."""
        mask = R_COUNTS
        for w in s.words:
            mask |= WORD_BITS.get(w, 0)
        if mask & R_EVENT_COUNTS and s.plain_case and not mask & R_PARTICIPLE:
            mask ^= R_EVENT_COUNTS
        for bit, strings in self.trigger_strings:
            if not mask & bit:
                for x in strings:
                    if x in s.low:
                        mask |= bit
                        break
        if not (s.digit or mask & R_NUMBERISH):
            mask &= ~NUMERIC_RULES
        i = bisect.bisect_left(self.date_starts, s.start)
        if i < len(self.dates) and self.dates[i].end <= s.end:  # see dated_events
            mask |= R_DATED_EVENTS
        return mask

    # counts --------------------------------------------------------

    def members(self, s: _Sentence) -> None:
        for m in _scan(s, RE_MEMBER_ADJ, ANCHOR_MEMBERS, 50, 30):
            head = s.start + m.end()
            found = _resolve(s, head, orgs=True)
            if not found:
                continue
            self._count(s, found[0], "members", m, s.start + m.start(), found[1])
        for m in _scan(s, RE_HAS_MEMBERS, ANCHOR_MEMBERS, 60, 30):
            subj = s.subject_before(s.start + m.start(), s.clause(s.start + m.start())[0], orgs=True) \
                or s.subject_before(s.start + m.start(), orgs=True)
            if subj and " and " not in subj[0]:  # two bodies "have N members" only in common (see shared)
                self._count(s, subj[0], "members", m, s.start + m.start(), s.start + m.end())
        for m in _scan(s, RE_POSS_MEMBERS, ANCHOR_MEMBERS, 50, 30):
            owner = s.owner(s.start + m.start("hedge" if m.group("hedge") else "num"), orgs=True)
            if owner:
                self._count(s, owner[0], "members", m, owner[1], s.start + m.end())
        for m in _scan(s, RE_MEMBERS_OF, ANCHOR_MEMBERS, 50, 30):
            found = _resolve(s, s.start + m.end(), orgs=True)
            if found:
                self._count(s, found[0], "members", m, s.start + m.start(), found[1])
        for m in _scan(s, RE_NUM_ENTITY_MEMBERS, ANCHOR_MEMBERS, 60, 30):
            name = s.lex.canonical(m.group("ent"))
            if name and s.lex.kind(name) in ("organisation", "group"):
                self._count(s, name.removesuffix(" member states").removesuffix(" allies"), "members", m,
                            s.start + m.start(), s.start + m.end())

    def _count(self, s: _Sentence, subject: str, prop: str, m: re.Match, start: int, end: int) -> None:
        value = number(m.group("num"))
        if value is not None:
            self.add(s, "count", subject, prop, value, start, end, **interval(value, m.group("hedge")))

    def shared(self, s: _Sentence) -> None:
        for m in _scan(s, RE_SHARED, ANCHOR_SHARED, 20, 60):
            if m.group("have") and not m.group("common"):
                continue
            pos = s.start + m.start()
            subj = s.subject_before(pos)
            after = re.match(r"\s+with\s+", s.norm[m.end():])
            if after and subj:  # "NATO shares 23 members with the EU"
                other = [x for x in s.mentions if x.start >= s.start + m.end() + after.end()][:1]
                if other and other[0].start == s.start + m.end() + after.end() + (
                        4 if s.norm[m.end() + after.end():].lower().startswith("the ") else 0):
                    subj = (joint(subj[0], other[0].name), subj[1])
            if subj and " and " in subj[0]:
                self._count(s, subj[0], "shared " + _what(m.group("what")), m, pos, s.start + m.end())

    def event_counts(self, s: _Sentence) -> None:
        for m in _scan(s, RE_EVENT_COUNT, ANCHOR_COUNTED, 60, 50):
            noun = m.group("noun").lower()
            prop = " ".join(m.group("verb").lower().split())
            subject = (m.group("adj").lower() + " " if m.group("adj") and m.group("adj").lower() not in STOP
                       else "") + noun
            if m.group("vague"):
                v = vague(m.group("vague"))
                self.add(s, "count", subject, prop, v["low"], s.start + m.start(), s.start + m.end(), **v)
            else:
                value = number(m.group("num"))
                if value is not None and not (value >= 1900 and value <= 2100 and "," not in m.group("num")):
                    self.add(s, "count", subject, prop, value, s.start + m.start(), s.start + m.end(),
                             **interval(value, m.group("hedge")))

    def counts(self, s: _Sentence) -> None:
        """A number quantifying a plural noun: subject the noun, property what the counted things do or undergo."""
        norm = s.norm
        for at in s.numbers:
            m = RE_COUNT.match(norm, at)
            if m:
                self._count_noun(s, m)
            m = RE_PARTITIVE.match(norm, at)
            if m:
                value, whole = _count_value(m.group("num")), number(m.group("num2") or "")
                noun = m.group("noun").lower()
                if value is not None and noun not in NOT_COUNTED and noun not in NOT_NOUN_S \
                        and (whole is None or value <= whole):
                    end = m.end("num2") if m.group("num2") else m.end()
                    self.add(s, "count", noun, _count_property(s, at, None), value, s.start + at, s.start + end)
            m = RE_TIMES.match(norm, at)
            if m:
                self._times(s, m)
            m = RE_HYPHEN_COUNT.match(norm, at)
            det = RE_DET_BEFORE.search(norm, max(0, at - 7), at) if m else None
            if det:
                noun, head = m.group("noun").lower(), m.group("head").lower()
                value = _count_value(m.group("num"))
                if value is not None and noun not in NOT_HYPHEN_COUNT and head not in STOP | {"old"} \
                        and not noun.endswith("s"):
                    self.add(s, "count", singular(head), noun + "s", value, s.start + det.start(), s.start + m.end())
        for m in (_scan(s, RE_TOTAL, ANCHOR_TOTAL, 40, 50) if not s.words.isdisjoint(TOTAL_WORDS) else ()):
            value = _count_value(m.group("num"))
            what = " ".join(m.group("what").lower().split())
            if value is not None:
                subject = what.removeprefix("number of ") if what.startswith("number of") else what
                prop = "size" if what in ("crowd", "attendance", "audience", "congregation") else "total"
                self.add(s, "count", subject, prop, value, s.start + m.start(), s.start + m.end(),
                         **interval(value, m.group("hedge")))

    def _count_noun(self, s: _Sentence, m: re.Match) -> None:
        noun = m.group("noun").lower()
        value = _count_value(m.group("num"), m.group("scale"))
        hedge = s.hedge_before(m.start())
        if value is None or noun in NOT_COUNTED or noun in NOT_NOUN_S or noun.endswith(("ss", "us")) \
                or (not hedge and (_named_number(s, m.start()) or _refers_back(s, m))):
            return
        at = hedge[1] if hedge else m.start()
        prop = _count_property(s, at, m.end())
        self.add(s, "count", noun, prop, value, s.start + at, s.start + m.end(),
                 **interval(value, hedge[0] if hedge else None))
        earlier = RE_UP_FROM.match(s.norm, m.end())
        if earlier and _count_value(earlier.group("num")) is not None:  # "1,214 cases, up from 1,046"
            self.add(s, "count", noun, prop + " earlier", _count_value(earlier.group("num")),
                     s.start + earlier.start("dir"), s.start + earlier.end("num"))

    def _times(self, s: _Sentence, m: re.Match) -> None:
        """"lowered its deposit rate five times since June": a count of repeated events."""
        value = _count_value(m.group("num"))
        pos = s.start + m.start()
        lo = s.clause(pos)[0]
        subj = s.subject_before(pos, lo) or _clause_head(s, pos)
        if value is None or not subj:
            return
        verbs = RE_PAST_VERB.findall(s.norm, lo - s.start, m.start())
        self._times_claim(s, subj[0], verbs[-1].lower() + " times" if verbs else "times", value, pos,
                          s.start + m.end())

    def _times_claim(self, s: _Sentence, subject: str, prop: str, value: float, start: int, end: int) -> None:
        since = RE_SINCE.match(s.norm, end - s.start)
        quals = (("since", since.group("since")),) if since else ()
        self.add(s, "count", subject, prop, value, start, s.start + since.end() if since else end, qualifiers=quals)

    # ordinals --------------------------------------------------------

    def ordinals(self, s: _Sentence) -> None:
        for m in _scan(s, RE_IN_A_ROW, ANCHOR_ORDINAL, 30, 60, IN_A_ROW_WORDS, words=IN_A_ROW_WORDS):
            value = ordinal(m.group("ord"))
            unit = (m.group("unit1") or m.group("unit2")).lower()
            subj = _agent(s, s.start + m.start("ord"))
            if value and subj:
                start = min(subj[1], s.start + m.start()) if m.group("poss") else s.start + m.start()
                self.add(s, "ordinal", subj[0], f"consecutive {unit}s", value, start, s.start + m.end())
        for m in _scan(s, RE_RANK, ANCHOR_ORDINAL, 30, 10, words=RANK_VERBS):
            value = ordinal(m.group("ord"))
            subj = _agent(s, s.start + m.start())
            if value and subj:
                self.add(s, "ordinal", subj[0], "position", value, s.start + m.start(), s.start + m.end())
        for m in _scan(s, RE_ORDINAL, ANCHOR_ORDINAL, 40, 120):
            self._ordinal(s, m)

    def _ordinal(self, s: _Sentence, m: re.Match) -> None:
        word = m.group("ord")
        value = ordinal(word)
        ord_at = s.start + m.start("ord")
        if value is None or word[0].isupper():
            return  # "the Second World War": part of a name
        start = s.start + m.start()
        if m.group("poss"):
            owner = s.owner(ord_at)
            if not owner:
                return
            start = owner[1]
        rest = s.start + m.start("rest")
        det = (m.group("det") or "").lower()
        found = _resolve(s, rest)
        if found:
            subject, end = found
        else:
            chunk = _chunk(s, rest)
            if not chunk:  # "A cut would be the sixth since June": the ordinal stands for the clause's subject
                subj = _agent(s, start) if det == "the" and RE_SINCE.match(s.norm, m.start("rest") - 1) else None
                if subj:
                    self._ordinal_claim(s, subj[0], "ordinal", value, start, s.start + m.end("ord"))
                return
            last = chunk[-1][2]
            if last.lower() in NOT_ORDINAL_HEADS or last[0].isupper() or singular(last) != last or (
                    (det not in ("the", "this") or m.group("poss")) and singular(last.lower()) not in ORDINAL_HEADS):
                return  # "the first half", "the 4th Ward" (a name; not "the fifth Japanese rotation"),
                # "the first payments", "his first priority"
            head = " ".join(singular(w.lower()) if i == len(chunk) - 1 else w.lower()
                            for i, (_, _, w) in enumerate(chunk))
            end = chunk[-1][1]
            if head == "time":
                subj = _agent(s, start)
                subject, prop = (subj[0], "times") if subj else ("time", "ordinal")
            else:
                owner = s.owner(s.start + m.start("ord")) if (m.group("poss") or (m.group("det") or "").lower()
                                                               in ("its", "their")) else None
                subject = f"{owner[0]} {head}" if owner else head
                prop = "ordinal"
            self._ordinal_claim(s, subject, prop, value, start, end)
            return
        self._ordinal_claim(s, subject, "ordinal", value, start, end)

    def _ordinal_claim(self, s: _Sentence, subject: str, prop: str, value: int, start: int, end: int) -> None:
        qualifiers = ()
        since = RE_SINCE.match(s.norm, end - s.start)
        if since:
            qualifiers = (("since", since.group("since")),)
            end = s.start + since.end()
        self.add(s, "ordinal", subject, prop, value, start, end, qualifiers=qualifiers)

    # durations -------------------------------------------------------

    def durations(self, s: _Sentence) -> None:
        # only matches with a number ("3-day") or "-long" are kept: both have a hyphen
        for m in _scan(s, RE_DURATION_ADJ, ANCHOR_UNIT, 30, 40, ("-",)):
            num, unit, head = m.group("num"), m.group("unit").lower(), m.group("head")
            if m.group("old") or not (num or m.group("long")) or (m.group("plural") and not num) \
                    or (m.group("plural") and not m.group("long")):
                continue  # "the 34-year-old", "a day when", "years-long", "two days later"
            value = number(num) if num else 1.0
            if value is None or head.lower() in STOP | {"high", "low", "ago", "old", "later", "earlier"}:
                continue
            start, end = s.start + m.start(), s.start + m.end()
            owner = s.owner(start)
            chunk = _chunk(s, s.start + m.start("head"), 3)
            for i, t in enumerate(chunk[1:], 1):  # "the two-day summit opens": a verb ends the noun
                if t[2].endswith("s") and not t[2].endswith("ss"):
                    chunk = chunk[:i]
                    break
            if chunk and not s.lex.canonical(head):  # "a two-day climate summit": the summit
                head, end = chunk[-1][2], chunk[-1][1]
            noun = singular(head.lower())
            subject = s.lex.canonical(head) or (f"{owner[0]} {noun}" if owner else noun)
            if owner:
                start = owner[1]
            else:
                det = re.search(r"\b(?:the|a|an|its|their)\s+$", s.norm[max(0, m.start() - 6):m.start()], re.I)
                start -= len(det.group()) if det else 0
            self.add(s, "duration", subject, "duration", value, start, end, unit=TIME_UNITS.get(unit, unit))
        for m in _scan(s, RE_DURATION_FOR, ANCHOR_UNIT, 60, 20, ("for",), _for_starts, FOR_WORD):
            value = number(m.group("num"))
            pos = s.start + m.start()
            subj = s.subject_before(pos, s.clause(pos)[0]) or self._anaphor(s, pos)
            if value is None or not subj:
                continue
            verb = m.group("verb")
            quals = (("verb", verb.lower()),) if verb else ()
            self.add(s, "duration", subj[0], "duration", value, pos, s.start + m.end(),
                     unit=TIME_UNITS.get(m.group("unit").lower(), m.group("unit").lower()), qualifiers=quals,
                     **interval(value, m.group("hedge")))
        self._bare_durations(s)

    def _bare_durations(self, s: _Sentence) -> None:
        """A number of time units stating how long something lasts: "after more than four hours of debate"."""
        for at in s.numbers:
            m = RE_DURATION_BARE.match(s.norm, at)
            if not m:
                continue
            value = number(m.group("num"))
            hedge = s.hedge_before(at)
            if hedge:
                at = hedge[1]
            if value is None or value == 1 or RE_NOT_DURATION_BEFORE.search(s.norm, max(0, at - 8), at) \
                    or RE_NOT_DURATION_AFTER.match(s.norm, m.end("unit") + (m.end("unit") < len(s.norm)
                                                                             and s.norm[m.end("unit")] == "s")):
                continue
            pos, unit = s.start + at, m.group("unit").lower()
            before = s.norm[max(0, at - 8):at].lower()
            left = RE_TIME_LEFT.match(s.norm, m.end())
            prop = "deadline" if before.endswith("within ") else "time left" if left else "duration"
            subj = (m.group("of").lower(), pos) if m.group("of") else _agent(s, pos)
            if subj:
                self.add(s, "duration", subj[0], prop, value, pos, s.start + (left.end() if left else m.end()),
                         unit=TIME_UNITS.get(unit, unit), **interval(value, hedge[0] if hedge else None))

    def _anaphor(self, s: _Sentence, pos: int) -> tuple[str, int] | None:
        """"The document ..." with no name in the clause: the last document the article named."""
        lo = s.clause(pos)[0]
        m = RE_DOC_ANAPHOR.search(s.norm, lo - s.start, pos - s.start)
        if not m:
            return None
        i = bisect.bisect_left(self.body, s.start, key=lambda x: x.start)
        for sent in reversed(self.body[max(0, i - ANAPHOR_REACH):i]):
            before = self.sentence(sent)
            if not before.words.isdisjoint(s.lex.document_words):
                docs = [x.name for x in before.mentions if s.lex.kind(x.name) == "document"]
                if docs:
                    return docs[-1], s.start + m.start()
        return None

    # amounts ------------------------------------------------------------

    def amounts(self, s: _Sentence) -> None:
        for m in _scan(s, RE_MONEY_SYMBOL, ANCHOR_MONEY, 40, 40):
            cur = CURRENCY_SYMBOLS.get(m.group("cur").strip()) or m.group("cur").strip().upper()
            self._money(s, m, cur, float(m.group("num").replace(",", "")))
        for m in _scan(s, RE_MONEY_WORD, ANCHOR_MONEY, 60, 30, words=CURRENCY_WORDS_ALL):
            if m.group("num").lower() in ("a", "an"):
                continue
            cur = m.group("cur").lower()
            code = cur.upper() if cur.upper() in CURRENCY_CODES else \
                CURRENCY_WORDS.get(cur) or CURRENCY_WORDS.get(singular(cur)) or CURRENCY_WORDS.get(cur.rstrip("s"))
            if m.group("adj") and code == "USD":
                code = DOLLAR_ADJ.get(" ".join(m.group("adj").lower().split()), code)
            value = number(m.group("num"))
            if code and value is not None:
                self._money(s, m, code, value)
        for m in _scan(s, RE_MONEY_VAGUE, ANCHOR_MONEY, 60, 30, words=CURRENCY_WORDS_ALL):
            cur = m.group("cur").lower()
            code = CURRENCY_WORDS.get(singular(cur)) or CURRENCY_WORDS.get(cur.rstrip("s"))
            if m.group("adj") and code == "USD":
                code = DOLLAR_ADJ.get(m.group("adj").lower(), code)
            v = vague(m.group("vague"))
            self._money_claim(s, m, code, v["low"], v)

    def _money(self, s: _Sentence, m: re.Match, code: str, value: float) -> None:
        scale = (m.group("scale") or "").lower()
        if not scale:
            borrowed = RE_RANGE_SCALE.match(s.norm, m.end())
            scale = borrowed.group("scale").lower() if borrowed else ""
        value *= SCALES.get(scale, 1.0)
        self._money_claim(s, m, code, value, interval(value, m.group("hedge")))

    def _money_claim(self, s: _Sentence, m: re.Match, code: str | None, value: float, fields: dict) -> None:
        if not code or (RE_CONVERSION_BEFORE.search(s.norm, max(0, m.start() - 12), m.start())
                        and s.norm[m.end():m.end() + 1] == ")"):
            return  # "$4.5bn (£3.5bn)": the bracketed amount converts the one before
        start, end = s.start + m.start(), s.start + m.end()
        prev = self._last_money
        gap = RE_RANGE_GAP.fullmatch(s.norm, prev[1], m.start()) if prev and prev[0] == s.start else None
        if gap:  # "$170 million to $176 million": the upper bound states the range; ", or $0.09 per share" restates
            subject, prop = prev[2], prev[3]
            if "or" not in gap.group():
                between = RE_BETWEEN.search(s.norm, max(0, prev[4] - 10), prev[4])
                start = s.start + (between.start() if between else prev[4])
        else:
            subject, prop, end = self._money_subject(s, m, end)
        per = RE_PER.match(s.norm, end - s.start)
        if per:
            end = s.start + per.end()
        self._last_money = (s.start, m.end(), subject, prop, m.start())
        self.add(s, "amount", subject, prop + (" " + " ".join(per.group().split()) if per else ""), value, start,
                 end, unit=code, **fields)

    def _money_subject(self, s: _Sentence, m: re.Match, end: int) -> tuple[str | None, str, int]:
        """What an amount measures (subject, property, evidence end): the noun it qualifies ("a $412 million
        budget"), is "in/of/for" ("$43 billion in aid"), is "of" ("revenue of $170 million"), or is the complement
        of ("The fund will be worth $4.2 billion"); else the clause's subject."""
        start = s.start + m.start()
        what = RE_MONEY_WHAT.match(s.norm, m.end())
        if what:
            words = []
            for w in what.group("what").split():
                if w.lower() in STOP or w.lower() in UNIT_WORDS_ALL or (words and RE_VERB_FORM.fullmatch(w)):
                    break
                words.append(w.lower())
            prep = what.group("prep")
            if words and not RE_EDLY.fullmatch(words[0]) and (
                    prep or RE_MONEY_DET.search(s.norm, max(0, m.start() - 30), m.start())):
                end = s.start + what.start("what") + len(" ".join(what.group("what").split()[:len(words)]))
                owner = RE_OWNER_BEFORE.search(s.norm, max(0, m.start() - 40), m.start()) if not prep else None
                if owner:  # "the council's $412 million budget"
                    return _owned(s, owner.group(1), words[-1]), "amount", end
                agent = s.subject_before(start, s.clause(start)[0])  # "The US approved $61 billion in aid"
                return (f"{agent[0]} {words[-1]}" if agent else words[-1]), "amount", end
        before = s.norm[max(0, m.start() - 40):m.start()]
        of = RE_MONEY_OF.search(before)
        if of and of.group("np") not in STOP | NOT_MONEY_SUBJECT:
            return of.group("np"), "amount", end
        lo = s.clause(start)[0]
        if RE_MONEY_COMPLEMENT.search(before):
            if RE_WHICH.match(s.norm, lo - s.start):  # "the rainy-day fund, which stands at $61 million"
                np = _np_before(s, lo)
                if np:
                    return np, "amount", end
            else:
                head = _clause_head(s, start)
                if head and head[0].split()[-1] not in STOP:
                    last = head[0].split()[-1]
                    at = s.low.find(last, head[1] - s.start)
                    np = _np_before(s, s.start + at + len(last)) if at >= 0 else None
                    return np or last, "amount", end
        subj = s.subject_before(start, lo) or s.subject_before(start) or _clause_head(s, start)
        return (subj[0] if subj else None), "amount", end

    # percentages ----------------------------------------------------------

    def percents(self, s: _Sentence) -> None:
        for m in _scan(s, RE_PERCENT, ANCHOR_PERCENT, 60, 60):
            value = number(m.group("num"))
            if value is None:
                continue
            prop = "percent"
            if m.group("of"):
                of = []
                for w in m.group("of").split():
                    if w.lower() in STOP and (of or w.lower() != "the") or of and RE_EDLY.fullmatch(w):
                        break
                    if w.lower() != "the":
                        of.append(w)
                end = m.start("of") + m.group("of").index(of[-1]) + len(of[-1]) if of else m.end()
                prop = "share of " + " ".join(of) if of else "percent"
            elif m.group("dir"):
                prop = "increase" if RE_UP.match(m.group("dir")) else "decrease"
            unit = "percentage points" if m.group("pct").lower().startswith("percentage") else "%"
            start = s.start + m.start()
            end = m.end() if not m.group("of") else end
            subj = (_fronted_subject(s, start, s.start + end) or s.subject_before(start, s.clause(start)[0])
                    or s.subject_before(start) or _clause_head(s, start))
            if not subj and prop.startswith("share of "):  # "Nearly 94% of the cases are ...": a share of the cases
                subj = (prop.removeprefix("share of ").lower(), start)
                prop = "share"
            self.add(s, "percent", subj[0] if subj else None, prop, value, start, s.start + end, unit=unit,
                     **interval(value, m.group("hedge")))

    # dated events -----------------------------------------------------------

    def dated_events(self, s: _Sentence) -> None:
        i = bisect.bisect_left(self.date_starts, s.start)
        while i < len(self.dates) and self.dates[i].end <= s.end:
            self._dated_event(s, self.dates[i])
            i += 1

    def _dated_event(self, s: _Sentence, d: TimeExpr) -> None:
        if self.in_quote(d.start, d.end) or not RE_DIGIT.search(d.value) or RE_BOUND_START.match(d.text) \
                or RE_BOUND_BEFORE.search(s.text(max(s.start, d.start - 12), d.start)):
            return  # "since 2016" bounds a span of time; "last year" with no known year says nothing
        lo, hi = s.clause(d.start)
        # "Tuesday's joint declaration": a dated document stands for its signing.
        poss = RE_POSSESSIVE_AFTER.match(s.norm, d.end - s.start)
        if poss:
            nxt = [m for m in s.mentions if m.start == s.start + poss.end()]
            if nxt and s.lex.event(nxt[0].name):
                self.add(s, "date", nxt[0].name, s.lex.event(nxt[0].name), d.value, d.start, nxt[0].end)
                return
        events = _events(s, lo - s.start, hi - s.start)
        if not events:
            return
        # the event word nearest the date
        e = min(events, key=lambda e: abs(s.start + e.start() - d.start))
        prop = next(EVENT_WORDS[int(k[1:])][1] for k, v in e.groupdict().items() if v)
        e_start, e_end = s.start + e.start(), s.start + e.end()
        subject = self._event_subject(s, lo, hi, e_start, e_end)
        if not subject:
            return
        name, at = subject
        start, end = min(e_start, d.start), max(e_end, d.end)
        if end - start > 100:  # too far apart to be one statement
            return
        if start - 40 <= at < start:  # the words naming the subject belong to the evidence when they are close
            start = at
        elif end < at < end + 40:
            end = next(m.end for m in s.mentions if m.start == at)
        self.add(s, "date", name, prop, d.value, start, end)

    def _event_subject(self, s: _Sentence, lo: int, hi: int, e_start: int, e_end: int) -> tuple[str, int] | None:
        """What a dated event is about: a document or event named in the clause, the object after the event
        word, the entity right before it, or the subject of the clause."""
        ms = [m for m in s.mentions if lo <= m.start and m.end <= hi]
        for m in ms:
            if s.lex.kind(m.name) in ("document", "event") and abs(m.start - e_start) < 80:
                return m.name, m.start
        before = s.subject_before(e_start, lo)
        if before:  # "Russia invaded Ukraine in 2022": the agent
            return before
        after = [m for m in ms if m.start >= e_end and m.start - e_end < 30]
        if after and re.fullmatch(r"\s*(?:(?:the|a|an|its|their)\s+)?(?:\w+\s+)?",
                                  s.text(e_end, after[0].start)):  # "the start of the war in February"
            return after[0].name, after[0].start
        return self._anaphor(s, e_start)


def _events(s: _Sentence, lo: int, hi: int) -> list[re.Match]:
    """RE_EVENT.finditer(s.norm, lo, hi), tried only where a word of EVENT_VOCAB starts."""
    if not s.plain_case:
        return list(RE_EVENT.finditer(s.norm, lo, hi))
    out, last = [], lo
    for w in RE_LOWER_WORD.finditer(s.low, lo, hi):
        if w.start() >= last and w.group() in EVENT_VOCAB:
            m = RE_EVENT.match(s.norm, w.start(), hi)
            if m:
                out.append(m)
                last = m.end()
    return out


def _count_value(num: str, scale: str | None = None) -> float | None:
    """The value of a count; None for "one" (rarely a claim) and bare years ("2024 elections")."""
    value = number(num)
    if value is None or value == 1 and not scale or RE_YEAR.fullmatch(num):
        return None
    return value * SCALES.get((scale or "").lower(), 1.0)


def _named_number(s: _Sentence, pos: int) -> bool:
    """A number right after a capitalised word is part of a name ("Apollo 11 astronauts", "Page 12 shows"), unless
    the word opens the sentence and is a function word or a verb ("All 27 members", "Shipped 2,140 robots")."""
    before = RE_WORD_BEFORE.search(s.norm, 0, pos)
    if not before or not before.group(1)[0].isupper():
        return False
    word = before.group(1).lower()
    opens = before.start() == 0 or s.norm[:before.start()].rstrip().endswith((".", ":", '"', "-", "*", "\u2022"))
    return not (opens and (word in NOT_VERB or word in IRREGULAR_VERBS or RE_EDLY.fullmatch(word)))


def _refers_back(s: _Sentence, m: re.Match) -> bool:
    """"the two sides" names things already counted; "9 out of 10 people" is a ratio: neither is a count."""
    before = s.norm[max(0, m.start() - 16):m.start()]
    return bool(RE_RATIO_BEFORE.search(before) or m.group("num")[0].isalpha() and RE_ANAPHOR_BEFORE.search(before))


def _count_property(s: _Sentence, start: int, end: int | None) -> str:
    """What counted things do: the verb before them ("employs 1,100 people") or after ("48 countries agreed")."""
    before = RE_COUNT_VERB_BEFORE.search(s.norm, max(0, start - 30), start)
    verb = before.group("verb") if before else ""
    if verb and verb.lower() not in NOT_VERB and (verb[0].islower() or RE_PAST_VERB.fullmatch(verb.lower())):
        return before.group("verb").lower()
    if end is not None:
        after = RE_COUNT_VERB_AFTER.match(s.norm, end)
        if after:
            verb = after.group("verb")
            if verb not in NOT_VERB and (after.group("aux") or after.group("rel") or verb in IRREGULAR_VERBS
                                         or RE_PAST_VERB.fullmatch(verb)):
                return verb
    return "count"


def _what(phrase: str) -> str:
    return "members" if phrase.lower().split()[0] in ("member", "members") else " ".join(phrase.lower().split())


def _quoted_ranges(article: Article) -> list[tuple[int, int]]:
    """Spans inside double quotation marks, per paragraph; an unclosed quote runs to the paragraph's end."""
    out: list[tuple[int, int]] = []
    norm, marks = article.norm, []
    at = norm.find('"')
    while at >= 0:
        marks.append(at)
        at = norm.find('"', at + 1)
    for p in article.paragraphs:
        first = bisect.bisect_left(marks, p.start)
        if first == len(marks) or marks[first] >= p.end:
            continue  # no quotation mark in the paragraph
        inside = marks[first:bisect.bisect_left(marks, p.end)]
        out += [(inside[k], inside[k + 1] + 1 if k + 1 < len(inside) else p.end) for k in range(0, len(inside), 2)]
    return out


def _dedupe(found: list[Claim]) -> list[Claim]:
    """One claim per stated fact: of two claims of one kind and value whose spans overlap, keep the longer
    ("seven of the 11 council seats" states two counts)."""
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    out: list[Claim] = []
    for c in found:
        if any(o.kind == c.kind and o.value == c.value and o.start < c.end and c.start < o.end for o in out[-6:]):
            continue
        out.append(c)
    return out


def claims(article: Article, dates: list[TimeExpr]) -> list[Claim]:
    """Counts, ordinals, durations, amounts, percentages and dated events of the article's body."""
    return _Claims(article, dates).run()
