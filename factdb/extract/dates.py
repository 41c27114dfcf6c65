"""Temporal expressions with TIMEX3 values, resolved against the publication date and tense."""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from dateutil.relativedelta import relativedelta

from factdb.extract import maker
from factdb.records import Article, Sentence, TimeExpr

_time_expr = maker(TimeExpr)  # TimeExpr(...), faster

# ---------------------------------------------------------------------------------------------
# Lexicons
# ---------------------------------------------------------------------------------------------

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
            "sunday": 7}  # ISO numbers
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_ORDER = ("SP", "SU", "FA", "WI")  # within a "season year"; winter runs Dec → Feb
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a couple of": 2,
}  # anything else the number pattern takes ("several", "a few", "many") is vague: X
UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE",
         "hour": "TH", "minute": "TM"}  # TH/TM: time units, written PT3H
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
# Capitalised words that turn a weekday into a holiday name: "Black Friday sales"
HOLIDAY_WORDS = re.compile(r"(?:Black|Good|Super|Ash|Cyber|Holy|Easter|Bloody|Maundy|Palm|Shrove|Giving)\s+$")
# Words that make a weekday any such day, not one date: "every Tuesday", "on a Saturday"
RE_GENERIC_BEFORE = re.compile(r"(?i)\b(?:every|each|any|a)\s+(?:other\s+|single\s+)?$")
# Words in -ed that are not past-tense verbs: "we need on Tuesday"
NOT_PAST = frozenset("""need indeed speed proceed succeed exceed feed seed breed shed bed red hundred embed
    weed deed greed creed bleed heed reed sacred naked wicked rugged ragged crooked kindred
    wretched""".split())

# ---------------------------------------------------------------------------------------------
# Pattern pieces (matched on Article.norm; month and weekday names must be capitalised)
# ---------------------------------------------------------------------------------------------

MONTH = (r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|November"
         r"|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|\b))")
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
YEAR = r"(?P<year>1[6-9]\d\d|20\d\d|2100)(?![\d%]|[,.]\d)"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?![.,:]\d)"
NUM = (r"(?P<num>a\s+couple\s+of|a\s+few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
       r"|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty"
       r"|fifty|sixty|seventy|eighty|ninety|hundred|several|many|few|some|(?<![\d,.])\d{1,3}(?:,\d{3})*)")
UNIT = r"(?P<unit>day|week|month|year|decade|centur(?:y|ie)|hour|minute)"
HEDGE = (r"(?P<hedge>almost|nearly|about|around|roughly|approximately|some|more\s+than|less\s+than|over"
         r"|under|at\s+least|close\s+to|upwards\s+of)")
SEASON = r"(?P<season>(?i:spring|summer|fall|autumn|winter))"

# ---------------------------------------------------------------------------------------------
# Tense
# ---------------------------------------------------------------------------------------------

# Words that mark the future: "Ministers will meet on Tuesday", "a vote slated for May"
FUTURE_WORDS = frozenset("will shall won't would upcoming scheduled slated".split())
# "is due to", "are set to", "'s expected to": be + one of these + to/for
FUTURE_AFTER_BE = frozenset("due set expected planning planned going poised about".split())
BE_PRESENT = frozenset("is are am 's 're".split())
# "plans to", "intends to" + verb
PLAN_VERBS = frozenset("plan plans intend intends aim aims hope hopes expect expects".split())
# Present-tense verbs of scheduled events, which speak of the future: "the fiscal year that begins July 1",
# "the strike starts Monday", "talks resume on Tuesday" (headline-style "visits" is left out: it reports the past)
SCHEDULE_VERBS = frozenset("begins begin starts start ends opens closes expires resumes resume kicks launches meet meets"
                           .split())
# Past-tense words besides -ed forms: "They met on Tuesday", "the war began in February"
PAST_WORDS = frozenset("""was were had did said told led met took made came went saw gave held left began
    became brought thought found got kept lost paid ran sent spoke stood won wrote fell rose struck sought
    fought spent broke chose drove flew grew knew built felt heard meant sold sat shot swore taught threw
    understood withdrew drew bought caught ago yesterday""".split())
RE_WORD = re.compile(r"[A-Za-z']+")
# What ends a clause: ",", ";", ":", "(", ")", '"', "[", "]" or " - "
_CLAUSE_DELIM = r"""[,;:()"\[\]]| - """
RE_CLAUSE_DELIM = re.compile(_CLAUSE_DELIM)
# The last delimiter of a range: ".*" runs to its end and gives back one character at a time
RE_LAST_CLAUSE_DELIM = re.compile(rf"(?s:.*)(?P<delim>{_CLAUSE_DELIM})")
MARKER_WORDS = FUTURE_WORDS | BE_PRESENT | PLAN_VERBS | PAST_WORDS | SCHEDULE_VERBS | {"course", "track"}
MARKER_ENDINGS = ("ed", "'ll", "'s", "'re")


def _marker(words: list[str], i: int) -> str | None:
    """"future", "past" or None for the i-th word of a run of words."""
    w = words[i]
    if w not in MARKER_WORDS and not w.endswith(MARKER_ENDINGS):
        return None
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if w in FUTURE_WORDS or w.endswith("'ll"):
        return "future"
    if (w in BE_PRESENT or w.endswith(("'s", "'re"))) and nxt in FUTURE_AFTER_BE:
        after = words[i + 2] if i + 2 < len(words) else ""
        return "future" if after in ("to", "for") else None
    if w in PLAN_VERBS and nxt == "to":
        return "future"
    prev = words[i - 1] if i else ""
    if w in ("course", "track") and prev == "on" and nxt in ("to", "for"):
        return "future"  # "on course for a cut on Thursday", "on track to finish in May"
    if w in FUTURE_AFTER_BE and nxt in ("to", "for") and (prev in BE_PRESENT or prev.endswith(("'s", "'re"))):
        return "future"  # "are expected to", seen from its second word
    if prev == "be":
        return None  # passive after a modal: "will be held in May"
    if w in SCHEDULE_VERBS:  # "the year that begins July 1"; not "the begins" or "to begin"
        return "future" if prev not in ("to", "the", "a", "an", "its", "their", "did", "didn't") else None
    if w in PAST_WORDS or (len(w) > 3 and w.endswith("ed") and w.islower() and w not in NOT_PAST):
        return "past"
    return None


def _markers(words: list[str], order: range):
    """(i, marker) for each word, taken in `order`, that is a marker; most words are rejected at once."""
    for i in order:
        w = words[i]
        if w in MARKER_WORDS or w.endswith(MARKER_ENDINGS):
            mark = _marker(words, i)
            if mark:
                yield i, mark


def _nearest(norm: str, a: int, start: int, end: int, b: int) -> str | None:
    """The marker among the words of [a, start) and [end, b) nearest to the expression, in words."""
    before = RE_WORD.findall(norm, a, start)
    after = RE_WORD.findall(norm, end, b)
    left = next(_markers(before, range(len(before) - 1, -1, -1)), None)
    if left:
        left = (len(before) - 1 - left[0], left[1])
    right = next(_markers(after, range(min(len(after), left[0]) if left else len(after))), None)
    return (right or left)[1] if right or left else None


def tense(norm: str, sent: Sentence, start: int, end: int) -> str:
    """"future" or "past" (present counts as past) from the marker nearest to [start, end),
    looked for first in the clause around it, then in the whole sentence."""
    m = RE_LAST_CLAUSE_DELIM.match(norm, sent.start, start)
    lo = m.start("delim") + 1 if m else sent.start
    m = RE_CLAUSE_DELIM.search(norm, end, sent.end)
    hi = m.start() if m else sent.end
    return (_nearest(norm, lo, start, end, hi)
            or (lo > sent.start or hi < sent.end) and _nearest(norm, sent.start, start, end, sent.end)
            or "past")


# ---------------------------------------------------------------------------------------------
# Calendar arithmetic
# ---------------------------------------------------------------------------------------------

def iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def at_granularity(d: dt.date, unit: str) -> str:
    """The TIMEX3 value of the day/week/month/year/decade around d."""
    return {"D": d.isoformat(), "W": iso_week(d), "M": f"{d.year}-{d.month:02d}", "Y": str(d.year),
            "DE": str(d.year)[:3], "CE": str(d.year)[:2]}[unit]


UNKNOWN = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX", "Y": "XXXX", "DE": "XXX", "CE": "XX"}


def shift(d: dt.date, unit: str, n: int) -> dt.date:
    if unit == "D":
        return d + relativedelta(days=n)
    if unit == "W":
        return d + relativedelta(weeks=n)
    if unit == "M":
        return d + relativedelta(months=n)
    return d + relativedelta(years=n * {"Y": 1, "DE": 10, "CE": 100}[unit])


def pick(candidates, pub, how: str):
    """The candidate (comparable with pub) chosen by `how`: last ≤, first ≥, last <, first >."""
    if how == "past":
        ok = [c for c in candidates if c <= pub]
        return max(ok) if ok else None
    if how == "future":
        ok = [c for c in candidates if c >= pub]
        return min(ok) if ok else None
    if how == "last":
        ok = [c for c in candidates if c < pub]
        return max(ok) if ok else None
    ok = [c for c in candidates if c > pub]
    return min(ok) if ok else None


def month_day(pub: dt.date | None, month: int, day: int, how: str) -> str:
    """"January 10": the year from the publication date and tense, else XXXX."""
    if not pub:
        return f"XXXX-{month:02d}-{day:02d}"
    cands = []
    for y in range(pub.year - 4, pub.year + 5):
        try:
            cands.append(dt.date(y, month, day))
        except ValueError:
            pass
    d = pick(cands, pub, how)
    return d.isoformat() if d else f"XXXX-{month:02d}-{day:02d}"


def month_only(pub: dt.date | None, month: int, how: str) -> str:
    """"in April", "last June": the year from the publication date and tense, else XXXX."""
    if not pub:
        return f"XXXX-{month:02d}"
    if how == "this":
        return f"{pub.year}-{month:02d}"
    cur = pub.year * 12 + pub.month - 1
    key = pick([y * 12 + month - 1 for y in range(pub.year - 1, pub.year + 2)], cur, how)
    return f"{key // 12}-{month:02d}"


def season_key(d: dt.date) -> int:
    year = d.year - 1 if d.month <= 2 else d.year
    idx = 3 if d.month in (12, 1, 2) else (d.month - 3) // 3
    return year * 4 + idx


def season(pub: dt.date | None, code: str, how: str) -> str:
    """"this fall" → 2024-FA; "last winter", "next spring" relative to the publication's season."""
    if not pub:
        return f"XXXX-{code}"
    cur = season_key(pub)
    if how == "this":
        return f"{cur // 4}-{code}"
    idx = SEASON_ORDER.index(code)
    key = pick([y * 4 + idx for y in range(cur // 4 - 1, cur // 4 + 2)], cur, how)
    return f"{key // 4}-{code}"


def weekday(pub: dt.date | None, iso: int, how: str) -> str:
    """A weekday: the same day as publication when it matches (news says "on Friday" for the day
    itself), else the nearest one before (past) or after (future); "last"/"next" skip the day."""
    if not pub:
        return f"XXXX-WXX-{iso}"
    ahead = (iso - pub.isoweekday()) % 7
    if how == "next":
        return (pub + dt.timedelta(days=ahead or 7)).isoformat()
    if how == "last":
        return (pub - dt.timedelta(days=(7 - ahead) if ahead else 7)).isoformat()
    if ahead == 0:
        return pub.isoformat()
    return (pub + dt.timedelta(days=ahead if how == "future" else ahead - 7)).isoformat()


def number(m: re.Match) -> int | None:
    """The count of a NUM group; None for vague counts ("several", "a few") or none."""
    raw = m.group("num")
    if raw is None:
        return None
    raw = " ".join(raw.lower().split()).replace(",", "")
    return int(raw) if raw.isdigit() else NUMBERS.get(raw)


def unit_code(m: re.Match) -> str:
    u = m.group("unit").lower()
    return UNITS["century" if u.startswith("centur") else u]


def duration(n: int | None, unit: str) -> str:
    amount = "X" if n is None else str(n)
    return f"PT{amount}{unit[1]}" if unit.startswith("T") else f"P{amount}{unit}"


# ---------------------------------------------------------------------------------------------
# Rules: a compiled pattern and the function that turns a match into (value, type) or None
# ---------------------------------------------------------------------------------------------

@dataclass
class Ctx:
    """What a rule needs to resolve a match: publication date and the tense of its clause."""

    norm: str
    pub: dt.date | None
    sent: Sentence

    def tense(self, m: re.Match) -> str:
        return tense(self.norm, self.sent, m.start(), m.end())


Resolved = tuple[str, str] | None


def date_or_none(y: int, mo: int, d: int) -> Resolved:
    try:
        return dt.date(y, mo, d).isoformat(), "DATE"
    except ValueError:
        return None


def r_iso(m: re.Match, c: Ctx) -> Resolved:
    return date_or_none(int(m["y"]), int(m["m"]), int(m["d"]))


def r_numeric(m: re.Match, c: Ctx) -> Resolved:
    a, b, y = int(m["a"]), int(m["b"]), int(m["year"])
    if m["sep"] in ".-":  # day first, as written outside the US
        return date_or_none(y, b, a)
    if a > 12 >= b:
        return date_or_none(y, b, a)
    if b > 12 >= a or a == b:
        return date_or_none(y, a, b)
    return None  # 03/04/2024: month or day first is unknown


def r_calendar(m: re.Match, c: Ctx) -> Resolved:
    month, day = MONTHS[m["month"].rstrip(".").lower()], int(m["day"])
    if not 1 <= day <= 31:
        return None
    if m["year"]:
        return date_or_none(int(m["year"]), month, day)
    if day > (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
        return None
    return month_day(c.pub, month, day, c.tense(m)), "DATE"


def r_month_year(m: re.Match, c: Ctx) -> Resolved:
    return f"{m['year']}-{MONTHS[m['month'].rstrip('.').lower()]:02d}", "DATE"


def r_month(m: re.Match, c: Ctx) -> Resolved:
    prep = m["prep"].lower()
    how = {"last": "last", "next": "next", "this": "this", "since": "past"}.get(prep) or c.tense(m)
    return month_only(c.pub, MONTHS[m["month"].rstrip(".").lower()], how), "DATE"


def r_year(m: re.Match, c: Ctx) -> Resolved:
    return m["year"], "DATE"


def r_year_tail(m: re.Match, c: Ctx) -> Resolved:
    if not RE_YEAR_LEAD.search(c.norm, max(0, m.start() - 30), m.start()):
        return None
    return m["year"], "DATE"


def r_decade(m: re.Match, c: Ctx) -> Resolved:
    if m["dec"]:
        return m["dec"][:3], "DATE"
    short = int(m["dec2"])
    return (f"19{short // 10}", "DATE") if short >= 30 else None  # "the '20s": which century?


def r_century(m: re.Match, c: Ctx) -> Resolved:
    n = int(m["ord"])
    return (f"{n - 1:02d}", "DATE") if 1 <= n <= 21 else None


def r_part_of_year(m: re.Match, c: Ctx) -> Resolved:
    if m["q2"]:
        return f"{m['year']}-Q{m['q2']}", "DATE"
    n = ORDINALS[m["ord"].lower()]
    if m["part"].lower() == "half":
        return (f"{m['year']}-H{n}", "DATE") if n <= 2 else None
    return f"{m['year']}-Q{n}", "DATE"


def r_season(m: re.Match, c: Ctx) -> Resolved:
    if m["year"]:
        return f"{m['year']}-{SEASONS[m['season2'].lower()]}", "DATE"
    rel = " ".join(m["rel"].lower().split())
    how = {"this": "this", "last": "last", "this past": "last", "next": "next"}[rel]
    return season(c.pub, SEASONS[m["season"].lower()], how), "DATE"


def r_weekday(m: re.Match, c: Ctx) -> Resolved:
    if HOLIDAY_WORDS.search(c.norm, max(0, m.start() - 12), m.start()):
        return None
    if RE_GENERIC_BEFORE.search(c.norm, max(0, m.start() - 16), m.start()):
        return f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()]}", "SET"  # "every Tuesday", "on a Saturday"
    prep = (m["prep"] or "").lower()
    how = {"last": "last", "next": "next", "since": "past"}.get(prep) or c.tense(m)
    return weekday(c.pub, WEEKDAYS[m["wd"].lower()], how), "DATE"


def r_day_word(m: re.Match, c: Ctx) -> Resolved:
    word = m["word"].lower()
    if not c.pub:
        return ("XXXX-XX-XXTNI", "TIME") if word == "tonight" else ("XXXX-XX-XX", "DATE")
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
    day = (c.pub + dt.timedelta(days=offset)).isoformat()
    return (day + "TNI", "TIME") if word == "tonight" else (day, "DATE")


def r_relative(m: re.Match, c: Ctx) -> Resolved:
    rel, unit = m["rel"].lower(), m["unit"].lower()
    step = {"this": 0, "last": -1, "next": 1}[rel]
    if unit == "weekend":
        if not c.pub:
            return "XXXX-WXX-WE", "DATE"
        return iso_week(shift(c.pub, "W", step)) + "-WE", "DATE"
    if unit == "quarter":
        if not c.pub:
            return "XXXX-QX", "DATE"
        d = shift(c.pub, "M", 3 * step)
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}", "DATE"
    code = UNITS[unit]
    return (at_granularity(shift(c.pub, code, step), code) if c.pub else UNKNOWN[code]), "DATE"


def r_weekend(m: re.Match, c: Ctx) -> Resolved:
    if not c.pub:
        return "XXXX-WXX-WE", "DATE"
    past = c.tense(m) == "past"
    if c.pub.isoweekday() >= 6:  # written during the weekend: that weekend
        return iso_week(c.pub) + "-WE", "DATE"
    return iso_week(shift(c.pub, "W", -1 if past else 0)) + "-WE", "DATE"


def r_ago(m: re.Match, c: Ctx) -> Resolved:
    n = number(m)
    if m["hedge"] or n is None:
        return None  # "almost a year ago", "a few weeks ago": no exact value
    code = unit_code(m)
    if code.startswith("T"):
        return None
    return (at_granularity(shift(c.pub, code, -n), code) if c.pub else UNKNOWN[code]), "DATE"


def r_duration(m: re.Match, c: Ctx) -> Resolved:
    n, code = number(m), unit_code(m)
    plural = bool(m["plural"])
    if m["rel"] is None and m["num"] is None and not plural:
        return None  # "during the year": not a length of time
    if m["rel"] is not None and m["num"] is None and not plural:
        n = 1  # "over the past year"
    prep = m["prep"].lower()
    if (prep == "in" and m["rel"] is None and n is not None and not m["hedge"]
            and not code.startswith("T") and c.pub and c.tense(m) == "future"):
        return at_granularity(shift(c.pub, code, n), code), "DATE"  # "will meet in two weeks"
    return duration(n, code), "DURATION"


def r_adjective_duration(m: re.Match, c: Ctx) -> Resolved:
    return duration(number(m), unit_code(m)), "DURATION"


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    resolve: Callable[[re.Match, Ctx], Resolved]
    kinds: frozenset[str]  # the anchor kinds (see `anchors`) the rule is tried at
    # A word every match contains, lower-cased (an article without it skips the rule); none with "i" or
    # "s", which (?i) also matches as "ı", "İ", "ſ"
    needs: str | None = None


def rule(name: str, kinds: str, pattern: str, resolve, needs: str | None = None) -> Rule:
    return Rule(name, re.compile(pattern), resolve, frozenset(kinds.split()), needs)


RULES = (
    # "2024-05-06", "2024/05/06"
    rule("iso", "year", r"(?<![\w/=.-])(?P<y>1[6-9]\d\d|20\d\d)(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})"
         r"(?![\w/-])", r_iso),
    # "05.07.2024" (day first), "12/25/2024" (only when unambiguous)
    rule("numeric", "num", r"(?<![\w/=.,-])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)"
         rf"{YEAR}(?![\w/])", r_numeric),
    # "Monday, May 6, 2024", "February 24, 2022", "Feb. 24", "January 10th"
    rule("month_day", "month weekday", rf"(?:\b{WEEKDAY},?\s+)?\b{MONTH}\s+{DAY}(?:,?\s+{YEAR})?",
         r_calendar),
    # "24 February 2022", "the 24th of February"
    rule("day_month", "num month weekday", rf"(?:\b{WEEKDAY},?\s+)?(?:(?i:the)\s+)?(?<![\d,.$])\b{DAY}\s+"
         rf"(?:of\s+)?{MONTH}(?:,?\s+{YEAR})?", r_calendar),
    # "June 2022", "early June 2022", "February of 2022"
    rule("month_year", "month", rf"(?:(?i:early|late|mid)-?\s*)?\b{MONTH},?\s+(?:of\s+)?{YEAR}",
         r_month_year),
    # "In April, Russian troops", "last June", "by the end of March", "mid-June"
    rule("month", "month", r"\b(?P<prep>(?i:in|since|by|until|till|through|from|before|after|during|as\s+of"
         r"|last|next|this|early|late|mid-?|(?:the\s+)?(?:end|beginning|start|middle)\s+of))(?:\s+|(?<=-))"
         rf"{MONTH}(?!\s*\d|\s+of\s+\d)", r_month),
    # "since 2016", "in 2021", "by the end of 2025", "mid-2023", "early 2024"
    rule("year", "year", r"\b(?i:in|since|by|until|till|through|from|before|after|during|between|as\s+of"
         r"|early|late|mid-?|(?:the\s+)?(?:end|beginning|start|middle)\s+of)(?:\s+|(?<=-))" + YEAR, r_year),
    # "2021's elections", "the 2022 summit", "its 2023 report", "Ukraine's 2023 counteroffensive"
    # "the full year 2025", "fiscal year 2024", "fiscal 2025", "the year 2030"
    rule("named_year", "year", r"\b(?:(?i:the)\s+)?(?:(?i:full|fiscal|financial|calendar|tax)\s+(?:(?i:year)\s+)?"
         rf"|(?i:the)\s+(?i:year)\s+){YEAR}", r_year),
    rule("year_attr", "year", rf"(?:(?:(?<=[Tt]he\s)|(?<=\bits\s)|(?<='s\s))(?=\d{{4}}\s+[a-z])"
         rf"|\b(?=\d{{4}}'s\b)){YEAR}", r_year),
    # "between 2014 and 2022", "in 2014-2022": the second year of a dated range
    rule("year_tail", "year", rf"(?:(?<=\d{{4}} and )|(?<=\d{{4}} to )|(?<=\d{{4}} or )|(?<=\d{{4}}-)){YEAR}",
         r_year_tail),
    # "the 1990s", "the early 2000s", "the '90s"
    rule("decade", "year num", r"\b(?i:the)\s+(?:(?i:early|late|mid)-?\s*)?(?:(?P<dec>1[6-9]\d0|20\d0)"
         r"|'(?P<dec2>\d0))s\b", r_decade),
    # "the 20th century"
    rule("century", "num", r"\b(?i:the)\s+(?P<ord>\d{1,2})(?:st|nd|rd|th)\s+(?i:century)\b", r_century,
         needs="century"),
    # "the first quarter of 2024", "Q3 2024", "the second half of 2023"
    rule("part_of_year", "year part", r"\b(?:(?:(?i:the)\s+)?(?P<ord>(?i:first|second|third|fourth|1st|2nd"
         rf"|3rd|4th))\s+(?P<part>(?i:quarter|half))\s+(?:of\s+)?|Q(?P<q2>[1-4])\s+){YEAR}", r_part_of_year),
    # "this fall", "next spring", "last winter", "the summer of 2022", "autumn 2023"
    rule("season", "season", r"\b(?:(?P<rel>(?i:this\s+past|this|last|next))\s+" + SEASON + r"\b"
         r"|(?:(?i:the)\s+)?(?P<season2>(?i:spring|summer|fall|autumn|winter))(?:\s+of)?\s+" + YEAR + ")",
         r_season),
    # "on Tuesday", "Tuesday's declaration", "vowed Tuesday", "last Friday", "next Monday"
    rule("weekday", "weekday", r"(?:\b(?P<prep>(?i:on|last|next|this|since|until|by|before|after|from))\s+)?"
         rf"\b(?P<wd>{WEEKDAY})\b", r_weekday),
    # "today", "yesterday", "tomorrow", "tonight"
    rule("day_word", "dayword", r"\b(?P<word>(?i:today|yesterday|tomorrow|tonight))\b", r_day_word),
    # "next week", "last month", "this year", "earlier this month", "later this year" (not "the last week")
    rule("relative", "unit part", r"(?<![Tt]he\s)\b(?:(?i:earlier|later|early|late)\s+)?(?P<rel>(?i:this|last"
         r"|next))\s+(?P<unit>(?i:week|weekend|month|year|quarter))\b", r_relative),
    # "over the weekend"
    rule("weekend", "unit", r"\b(?i:over|during|at)\s+the\s+(?i:weekend)\b", r_weekend, needs="weekend"),
    # "two weeks ago", "three years ago" (hedged "almost a year ago" is refused)
    rule("ago", "unit", rf"(?i:\b(?:{HEDGE}\s+)?\b{NUM}\s+{UNIT}s?\s+ago)\b", r_ago, needs="ago"),
    # "for more than a year", "for years", "over the past decade", "in two weeks" (a date when future)
    rule("duration", "unit", rf"(?i:\b(?P<prep>for|over|during|in|within|after|throughout)\s+(?:the\s+"
         rf"(?P<rel>past|last|next|coming|previous|following)\s+)?(?:{HEDGE}\s+)?(?:{NUM}\s+)?{UNIT}"
         r"(?P<plural>s)?\b(?!\s+ago|-old|\s+old)(?:'\s+time)?)", r_duration),
    # "three-day summit", "a 10-year plan" (not "a 30-year-old")
    rule("adjective_duration", "unit", rf"(?i:\b{NUM}-{UNIT}\b(?!-old|\s+old|s))", r_adjective_duration),
)
KIND_RULES = {k: tuple(r for r in RULES if k in r.kinds) for k in {k for r in RULES for k in r.kinds}}
NEEDY_RULES = tuple(r for r in RULES if r.needs)


@lru_cache(maxsize=None)  # one entry for each set of missing words: at most 2 ** len(NEEDY_RULES)
def _kind_rules(skipped: frozenset[str]) -> dict[str, tuple[Rule, ...]]:
    """KIND_RULES without the rules named in `skipped`."""
    return {k: tuple(r for r in rules if r.name not in skipped) for k, rules in KIND_RULES.items()}


def usable_rules(low: str) -> dict[str, tuple[Rule, ...]]:
    """The rules of each anchor kind that may match in a text, given lower-cased."""
    return _kind_rules(frozenset(r.name for r in NEEDY_RULES if r.needs not in low))


# Anchors: every expression contains a digit, a month or weekday name, or one of KEYWORDS.
# Patterns that begin with a character class or literals let sre skip other characters fast.
RE_DIGITS = re.compile(r"[0-9][0-9]*")
RE_NAME = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*")
KEYWORDS = {"day": "unit", "week": "unit", "month": "unit", "year": "unit", "decade": "unit",
            "quarter": "part", "spring": "season", "summer": "season", "fall": "season", "autumn": "season",
            "winter": "season", "tomorrow": "dayword", "tonight": "dayword"}
# (found with str.find in the lower-cased text at the start of a word; "today" and "yesterday" through
# "day"; "the 20th century", "the first half of 2024" through their digits)
# Words a rule may take to the left of its anchor ("for more than a couple of years", "the end of 2023")
LEFT_WORDS = frozenset("""in on since by until till through from before after during as of between for over
    within throughout at last next this early late mid earlier later the end beginning start middle past
    year full fiscal financial calendar tax
    coming previous following almost nearly about around roughly approximately some more less than under
    least close to upwards couple few several many first second third fourth quarter half q1 q2 q3 q4
    spring summer fall autumn winter""".split()) | NUMBERS.keys() | MONTHS.keys() | WEEKDAYS.keys()
MAX_LEFT = 48  # characters
NUM_SUFFIXES = ("st", "nd", "rd", "th")
PUNCT = " ,.;:\"()[]'"


# The first year of a range that is a date: "between 2014 and ", "from 2014 to "
RE_YEAR_LEAD = re.compile(r"(?i)\b(?:between|from|in|since|during)\s+(?:1[6-9]|20)\d\d"
                          r"(?:\s+(?:and|to|or)\s+|-)$")
# "Ahmet Gencturk | 05.07.2024 - Update : 06.07.2024": a revision stamp, not an event
RE_REVISION_BEFORE = re.compile(r"(?i)\b(?:updated?|modified|edited|revised)\b[\s:,-]*(?:on|at)?[\s:]*$")
# A piece of each of its words, lower-cased, without "i" and "s" (which (?i) also matches as "ı", "İ",
# "ſ"): text with none of them is not searched (the regex tries every position)
REVISION_STEMS = ("updat", "mod", "ted", "rev")


def _after_revision_label(norm: str, lo: int, hi: int) -> bool:
    low = norm[lo:hi].lower()
    for stem in REVISION_STEMS:
        if stem in low:
            return RE_REVISION_BEFORE.search(norm, lo, hi) is not None
    return False


SKIP_SECTIONS = frozenset({"boilerplate", "appendix"})


def anchors(norm: str, low: str | None = None) -> list[tuple[int, str]]:
    """Positions where an expression may be, with their kind: year, num, month, weekday, dayword,
    unit, part, season. Cheap: two fast scans and a few str.find loops. `low`: norm.lower(), if at hand."""
    out = []
    for m in RE_NAME.finditer(norm):
        p, w = m.start(), m.group().lower()
        if not (p and norm[p - 1].isalpha()):
            if w in MONTHS:
                out.append((p, "month"))
            elif w in WEEKDAYS:
                out.append((p, "weekday"))
    for m in RE_DIGITS.finditer(norm):
        run, p, e = m.group(), m.start(), m.end()
        # a day or short number in "05.07.2024", "the 20th century", "the '90s" ("24 February" and
        # "Q3 2024" are reached from their month or year)
        if len(run) <= 2 and (norm[e:e + 1] in (".", "/", "-") or norm[e:e + 2] in NUM_SUFFIXES
                              or norm[p - 1:p] == "'"):
            out.append((p, "num"))
        elif len(run) == 4 and 1600 <= int(run) <= 2100:
            out.append((m.start(), "year"))
    low = norm.lower() if low is None else low
    for word, kind in KEYWORDS.items():
        i = low.find(word)
        while i >= 0:
            if not (i and low[i - 1].isalpha()):
                out.append((i, kind))
            elif word == "day":  # "today", "yesterday"
                for head in ("to", "yester"):
                    a = i - len(head)
                    if low[a:i] == head and not (a and low[a - 1].isalpha()):
                        out.append((a, "dayword"))
            i = low.find(word, i + len(word))
    out.sort()
    return out


@lru_cache(maxsize=4096)
def _is_left_word(token: str) -> bool:
    t = token.strip(PUNCT).lower()
    return t in LEFT_WORDS or t.rstrip("stndrh").isdigit() or t.split("-")[0] in LEFT_WORDS


def left_starts(norm: str, lo: int, p: int) -> list[int]:
    """Where an expression around the anchor at p may begin: p itself, the start of its word
    ("three-day", "mid-2023") and of each word before it that a rule may take ("in", "the")."""
    floor = max(lo, p - MAX_LEFT)
    out = [p]
    i = norm.rfind(" ", floor, p)
    cur = i + 1 if i >= 0 else (lo if floor == lo else p)  # start of the leftmost word taken
    skip = [cur] if cur < p else []
    while cur > floor and norm[cur - 1] == " ":
        i = norm.rfind(" ", floor, cur - 1)
        s = i + 1 if i >= 0 else (lo if floor == lo else -1)
        if s < 0 or s >= cur - 1 or not _is_left_word(norm[s:cur - 1]):
            break
        skip.append(s)
        cur = s
    for s in skip:
        out.append(s)
        while s < p and not norm[s].isalnum():  # '"In April', "(2021"
            s += 1
            out.append(s)
    return out


def _publication(article: Article) -> dt.date | None:
    pub = article.published
    if isinstance(pub, dt.datetime):
        return pub.date()
    return pub


def dates(article: Article) -> list[TimeExpr]:
    """Every temporal expression in the article's sentences (not boilerplate or appendix)."""
    norm, text = article.norm, article.text
    if article.sentences:
        sents = [s for s in article.sentences
                 if not article.paragraphs or article.paragraphs[s.paragraph].section not in SKIP_SECTIONS]
    else:
        sents = [Sentence(0, len(text), 0)]
    if not sents:
        return []
    starts = [s.start for s in sents]
    found = []  # (start, end, rule, match, sentence)
    covered = -1
    low = norm.lower()
    kind_rules = usable_rules(low)
    for p, kind in anchors(norm, low):
        if p < covered:
            continue
        k = bisect_right(starts, p) - 1
        if k < 0 or p >= sents[k].end:
            continue
        sent = sents[k]
        best = None
        for start in left_starts(norm, sent.start, p):
            for r in kind_rules[kind]:
                m = r.pattern.match(norm, start, sent.end)
                if m and m.end() > p and (best is None or m.end() - m.start() > best[1] - best[0]):
                    best = (m.start(), m.end(), r, m, sent)
        if best:
            found.append(best)
            covered = best[1]
    # Longest match wins where matches overlap.
    found.sort(key=lambda f: (f[0], f[0] - f[1]))
    kept = []
    for f in found:
        if kept and f[0] < kept[-1][1]:
            if f[1] - f[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = f
            continue
        kept.append(f)
    pub = _publication(article)
    out = []
    for start, end, r, m, sent in kept:
        if norm[start - 1:start] in "/=" and start > 0 or norm[end:end + 1] == "/":
            continue  # inside a URL
        if _after_revision_label(norm, max(sent.start, start - 30), start):
            continue
        resolved = r.resolve(m, Ctx(norm, pub, sent))
        if resolved:
            out.append(_time_expr(text=text[start:end], start=start, end=end, value=resolved[0],
                                type=resolved[1]))
    return out
