"""Comparison rules for reconcile: claim keys, value intervals, TIMEX3 dates, quote matching."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate, chain, combinations
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

# Claims and quotes are read by attribute: factdb.records.Claim / Quote, or any row object that has
# the same fields (kind, subject, property, value, low, high, low_open, high_open, unit, hedge,
# as_of, qualifiers, evidence for a claim; text, speaker for a quote).
ClaimLike = Any
QuoteLike = Any

INF = math.inf


@dataclass(frozen=True)
class Verdict:
    """How two claims or quotes relate, with a reason in plain words."""

    relation: str  # "agree" | "conflict" | "outdated" | "unrelated"
    reason: str
    diff: tuple[tuple[str, str, str], ...] = ()  # quotes: word_diff ops, see word_diff()


@dataclass(frozen=True)
class Flag:
    """A cross-claim inconsistency found by consistency_flags()."""

    rule: str  # "shared-exceeds-members" | "ordinal-repeat" | "ordinal-skip" | "ordinal-order"
    reason: str
    claims: tuple[Any, ...]


# ───────────────────────────── names, keys ─────────────────────────────

# Kind families: claims of different families are never compared ("money" is the gold's "amount").
KIND_FAMILIES = {
    "count": "count", "ordinal": "ordinal", "duration": "duration", "amount": "amount",
    "money": "amount", "percent": "percent", "percentage": "percent", "date": "date",
}

# Time units in days, so that "a three-day summit" and "72 hours" compare.
TIME_UNITS = {
    "second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0,
    "fortnight": 14.0, "month": 30.4375, "quarter": 91.3125, "year": 365.25, "decade": 3652.5,
    "century": 36525.0,
}

# Currencies by code and by the words and signs news writes ("$43 billion", "40 billion euros").
CURRENCIES = {
    "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "€": "EUR", "eur": "EUR", "euro": "EUR",
    "£": "GBP", "gbp": "GBP", "pound": "GBP", "sterling": "GBP", "¥": "JPY", "jpy": "JPY", "yen": "JPY",
    "cny": "CNY", "yuan": "CNY", "renminbi": "CNY", "rub": "RUB", "rouble": "RUB", "ruble": "RUB",
    "uah": "UAH", "hryvnia": "UAH", "chf": "CHF", "franc": "CHF", "inr": "INR", "rupee": "INR",
    "cad": "CAD", "aud": "AUD", "sek": "SEK", "krona": "SEK", "nok": "NOK", "pln": "PLN", "zloty": "PLN",
    "try": "TRY", "lira": "TRY", "krw": "KRW", "won": "KRW",
}
CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}

# Percent units: "5%", "5 percent", "5 per cent"; points are a different unit ("2 percentage points").
PERCENT_UNITS = {"%": "%", "percent": "%", "per cent": "%", "pct": "%", "percentage point": "pp",
                 "point": "pp", "pp": "pp"}

# Qualifiers that bound the period a value speaks for ("the third pledge since 2016"): compared, not keyed.
PERIOD_QUALIFIERS = frozenset({"since", "as of", "until", "till", "between", "from", "through", "by",
                               "before", "after", "over"})
# Qualifiers that date the event a claim is about ("the third declaration, signed in 2023").
EVENT_QUALIFIERS = frozenset({"date", "on", "in", "year", "when", "signed", "at"})

# Properties whose values change over time: compared with their as-of dates (the word is enough:
# "members", "shared members", "member states", "population", "death toll", "troops" ...).
CHANGING_WORDS = frozenset({
    "member", "members", "population", "inhabitants", "residents", "troops", "soldiers", "staff",
    "employees", "workers", "users", "subscribers", "customers", "toll", "deaths", "dead", "casualties",
    "killed", "injured", "wounded", "refugees", "displaced", "cases", "infections", "price", "prices",
    "rate", "inflation", "unemployment", "budget", "debt", "spending", "revenue", "sales", "reserves",
    "stock", "valuation", "share", "countries", "states", "allies", "signatories", "participants",
    "holdings", "output", "production", "exports", "imports", "gdp",
})
OUTDATED_AFTER_DAYS = 366  # as-of dates further apart than about a year: "outdated", not a conflict

RE_NAME_PUNCT = re.compile(r"[^\w\s]+")
RE_SPACES = re.compile(r"\s+")
RE_LEADING_THE = re.compile(r"^the\s+")


def _fold_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


@lru_cache(maxsize=8192)
def norm_name(name: str | None) -> str:
    """Case-, accent- and punctuation-free: "The EU–NATO Joint Declaration" → "eu nato joint declaration"."""
    if not name:
        return ""
    s = _fold_accents(name).casefold().replace("’", "'").replace("'s ", " ")
    s = RE_SPACES.sub(" ", RE_NAME_PUNCT.sub(" ", s)).strip()
    return RE_LEADING_THE.sub("", s)


def _singular(word: str) -> str:
    # "members" → "member", "countries" → "country"; "press", "status", "news" stay.
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "news")):
        return word[:-1]
    return word


def norm_property(prop: str | None) -> str:
    """"Shared Members" → "shared member"."""
    return " ".join(_singular(w) for w in norm_name(prop).split())


RE_PARTY_SPLIT = re.compile(r"\s+and\s+")  # on normalised names: "eu and the nato"


def _parties(name: str) -> list[str]:
    """The members of a normalised group name: "eu and the nato" → ["eu", "nato"]."""
    return [RE_LEADING_THE.sub("", p) for p in RE_PARTY_SPLIT.split(name) if p]


def _canonical(name: str | None, aliases: Mapping[str, str] | None) -> str:
    """Canonical subject; a group is keyed in a fixed order: "NATO and the EU" = "EU and NATO"."""
    n = norm_name(name)
    if aliases:
        n = norm_name(aliases.get(n, aliases.get(name or "", n)))
    parties = _parties(n)
    if len(parties) > 1:
        if aliases:
            parties = [norm_name(aliases.get(p, p)) for p in parties]
        n = " and ".join(sorted(parties))
    return n


def unit_family(kind: str | None, unit: str | None) -> tuple[str, str | None]:
    """(family, unit): ("time", "day"), ("currency", "EUR"), ("percent", "%"), ("", None)."""
    u = norm_name(unit) if unit and unit not in ("$", "€", "£", "¥", "%") else (unit or "")
    u = _singular(u) if u else u
    if not u:
        return ("", None)
    if u in TIME_UNITS:
        return ("time", u)
    if u in CURRENCIES or (len(u) == 3 and u.upper() == unit and KIND_FAMILIES.get(kind or "") == "amount"):
        return ("currency", CURRENCIES.get(u, (unit or "").upper()))
    if u in PERCENT_UNITS:
        return ("percent", PERCENT_UNITS[u])
    return (u, u)


def _is_temporal(value: str) -> bool:
    return _when(value).grain != "unknown" or bool(re.fullmatch(r"\d{4}", value.strip()))


def _split_qualifiers(qualifiers: Iterable[tuple[str, str]] | None):
    """(scope, period, event): scope qualifiers ("in Europe") key a claim; the others are compared."""
    scope, period, event = [], {}, {}
    for name, value in qualifiers or ():
        n, v = norm_name(name), str(value).strip()
        if n in PERIOD_QUALIFIERS:
            period[n] = v
        elif n in EVENT_QUALIFIERS and _is_temporal(v):
            event[n] = v
        else:
            scope.append((n, norm_name(v)))
    return tuple(sorted(scope)), period, event


def claim_key(claim: ClaimLike, aliases: Mapping[str, str] | None = None) -> tuple:
    """The blocking key: (kind family, subject, property, unit family, scope qualifiers).

    Only claims of one key are compared. `aliases` maps names (normalised or as written) to
    canonical ones, e.g. {"north atlantic alliance": "NATO"}. Period qualifiers ("since 2016") and
    event dates stay out of the key: a claim that lacks them is still about the same thing.
    """
    family = KIND_FAMILIES.get(norm_name(claim.kind), norm_name(claim.kind))
    subject = _canonical(claim.subject, aliases)
    prop = norm_property(claim.property)
    units = "" if family in ("ordinal", "date") else unit_family(claim.kind, claim.unit)[0]
    scope, _, _ = _split_qualifiers(getattr(claim, "qualifiers", ()))
    return (family, subject, prop, units, scope)


# ───────────────────────────── story ─────────────────────────────
# A subject in lower case ("turnout", "the summit", "troops") is no identity: "turnout was 48.7 percent"
# in a Chilean election and "64.7 percent" in an Italian one do not disagree. Such claims are compared
# only when their articles share a name (in the title or the claim's sentence): the same story.

RE_STORY_NAME = re.compile(r"\b[A-Z][\w\-']*[A-Za-z]")
# Capitalised words that name no story: sentence openers, calendar words, generic titles and bodies
STORY_STOPWORDS = frozenset("""the a an in on at of for and but or as by to from with after before over under
    this that these those it its he she they we his her their our there here what when where why how who
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december mr mrs ms dr party movement council union ministry
    minister president government parliament court city state national new news times post daily
    update updated breaking live world says said government governments officials reuters ap afp
    bloomberg""".split())
# A dateline before a sentence: "NAIROBI, March 11 (Reuters) - ", "WASHINGTON (AP) - "
RE_LEAD_DATELINE = re.compile(r"[A-Z][A-Z .'\-]{2,30}(?:,[^-(\n]{1,20})?\s*(?:\([^)]{1,30}\))?\s*-+\s+")
DEMONYM_ENDINGS = ("ians", "eans", "ian", "ean", "ans", "ese", "ish", "an", "ia", "y", "e", "s", "i")


@lru_cache(maxsize=8192)
def _story_stem(word: str) -> str:
    """A name folded so a country and its people meet: Italy/Italian → "ital", Germany/German → "germ"."""
    w = word.lower().replace("'s", "").replace("'", "")
    changed = True
    while changed:
        changed = False
        for ending in DEMONYM_ENDINGS:
            if w.endswith(ending) and len(w) - len(ending) >= 4:
                w, changed = w[:-len(ending)], True
                break
    return w


@lru_cache(maxsize=8192)  # an article's title is read for each of its claims
def story_names(text: str | None, first_word: bool = True) -> frozenset[str]:
    """The names in a title or sentence, folded; `first_word=False` skips a sentence's first word
    (capitalised anyway: "Turnout was 48.7 percent"). A country, however named ("Poland", "Polish",
    "Poles"), is one name: "@Poland" (story_countries)."""
    text = text or ""
    lead = RE_LEAD_DATELINE.match(text) if not first_word else None
    start = lead.end() if lead else 0
    countries = _countries_in(text[start:])
    out = {COUNTRY_MARK + country for country, _, _ in countries}
    taken = {start + i for _, a, b in countries for i in range(a, b)}
    for m in RE_STORY_NAME.finditer(text, start):
        w = m.group()
        if m.start() in taken or (not first_word and not text[start:m.start()].strip(" \"'([\u201c\u2018")):
            continue
        if w.lower() not in STORY_STOPWORDS and len(w) > 1:
            out.add(_story_stem(w))
    return frozenset(out)


COUNTRY_MARK = "@"  # story names that are countries: "@Poland"
COUNTRIES_PATH = Path(__file__).resolve().parent / "data" / "countries.json"
MAX_COUNTRY_WORDS = 6  # "Democratic Republic of the Congo"
RE_COUNTRY_WORD = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_](?:[\w'’\-]*\w)?")  # "U.S.", "d'Ivoire", "Poland's"


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Each way of naming a country (factdb/data/countries.json) → the country; "" for the names that
    hold a country's name but name none ("Northern Ireland", "Latin America")."""
    table = json.loads(COUNTRIES_PATH.read_text(encoding="utf-8"))
    names = dict.fromkeys(table.get("not_countries", ()), "")
    names.update((name, country) for country, forms in table["countries"].items() for name in forms)
    return names


def _countries_in(text: str) -> list[tuple[str, int, int]]:
    """The countries a text names, with the span of each naming."""
    words = [(m.group(), m.start(), m.end()) for m in RE_COUNTRY_WORD.finditer(text)]
    found, i = [], 0
    while i < len(words):
        hit = _country_at(text, words, i) if words[i][0][0].isupper() else None
        if hit is None:
            i += 1
            continue
        country, n = hit
        if country:
            found.append((country, words[i][1], words[i + n - 1][2]))
        i += n
    return found


def _country_at(text: str, words: list[tuple[str, int, int]], i: int) -> tuple[str, int] | None:
    """The country named by the longest phrase from words[i] ("South Sudan" before "Sudan"; "Poland's"
    is Poland), and how many words name it."""
    names = _country_names()
    for n in range(min(MAX_COUNTRY_WORDS, len(words) - i), 0, -1):
        last, last_start, _ = words[i + n - 1]
        head = text[words[i][1]:last_start]  # the words before the last, as written
        for tail in (last, last.removesuffix("'s").removesuffix("’s")):
            if (country := names.get(head + tail)) is not None:
                return country, n
    return None


def story_countries(names: Iterable[str]) -> frozenset[str]:
    """The countries among story names (story_names)."""
    return frozenset(n for n in names if n.startswith(COUNTRY_MARK))


def needs_story(subject: str | None) -> bool:
    """A subject that names nothing by itself: "turnout", "the summit" (not "NATO", "EU-NATO declaration")."""
    s = (subject or "").strip()
    s = s[4:] if s.lower().startswith("the ") else s
    return not s[:1].isupper()


# ───────────────────────────── numbers ─────────────────────────────

# Hedges → interval around the stated value v. Each entry: an example phrase it must cover.
ABOUT_TOLERANCE = 0.10  # "about 30" is [27, 33]
HEDGES_ABOVE = frozenset({"more than", "over", "above", "in excess of", "upwards of", "exceeding",
                          "north of", "greater than", "higher than"})  # "more than a year"
HEDGES_AT_LEAST = frozenset({"at least", "no fewer than", "no less than", "a minimum of"})  # "at least 20"
HEDGES_BELOW = frozenset({"less than", "fewer than", "under", "below", "lower than",
                          "south of"})  # "under 5%"
HEDGES_AT_MOST = frozenset({"at most", "up to", "no more than", "as many as", "a maximum of",
                            "as much as"})  # "up to 300,000 troops"
HEDGES_ALMOST = frozenset({"almost", "nearly", "just under", "just shy of", "not quite",
                           "close to"})  # "almost a year ago"
HEDGES_ABOUT = frozenset({"about", "around", "roughly", "approximately", "some", "an estimated",
                          "estimated", "circa", "approx", "or so", "more or less",
                          "some estimated"})  # "about 30 countries"
HEDGES_JUST_OVER = frozenset({"just over", "just above", "slightly more than",
                              "a little over"})  # "just over 40"
SCALE_WORDS = {"dozens": 12.0, "scores": 20.0, "hundreds": 100.0, "thousands": 1e3, "millions": 1e6,
               "billions": 1e9, "trillions": 1e12}  # "billions of dollars" → [1e9, 1e12)


def _num(x) -> float | None:
    if x is None or isinstance(x, bool):
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _bounds(claim: ClaimLike) -> tuple[float | None, float | None, float | None]:
    return _num(getattr(claim, "low", None)), _num(getattr(claim, "high", None)), _num(claim.value)


@dataclass(frozen=True)
class Interval:
    low: float  # -inf when unbounded
    high: float  # +inf when unbounded
    low_open: bool = False
    high_open: bool = False

    @property
    def is_point(self) -> bool:
        return self.low == self.high and not (self.low_open or self.high_open)

    def overlaps(self, other: Interval) -> bool:
        if self.low > other.high or other.low > self.high:
            return False
        if self.low == other.high and (self.low_open or other.high_open):
            return False
        return not (other.low == self.high and (other.low_open or self.high_open))

    def scaled(self, f: float) -> Interval:
        return Interval(self.low * f, self.high * f, self.low_open, self.high_open)


def _hedged(v: float, hedge: str | None) -> Interval:
    h = norm_name(hedge)
    if h in HEDGES_ABOVE:
        return Interval(v, INF, True, False)
    if h in HEDGES_AT_LEAST:
        return Interval(v, INF)
    if h in HEDGES_BELOW:
        return Interval(-INF, v, False, True)
    if h in HEDGES_AT_MOST:
        return Interval(-INF, v)
    if h in HEDGES_ALMOST:
        return Interval(v - abs(v) * ABOUT_TOLERANCE, v, False, h != "close to")
    if h in HEDGES_JUST_OVER:
        return Interval(v, v + abs(v) * ABOUT_TOLERANCE, True, False)
    if h in HEDGES_ABOUT:
        return Interval(v - abs(v) * ABOUT_TOLERANCE, v + abs(v) * ABOUT_TOLERANCE)
    if h in SCALE_WORDS:
        s = SCALE_WORDS[h]
        return Interval(s, s * (12 if h == "dozens" else 1000), False, True)
    return Interval(v, v)


def _half_last_digit(x: float) -> float:
    """5.3 → 0.05; 43 → 0.5."""
    s = repr(round(abs(x), 6))
    decimals = len(s.split(".")[1].rstrip("0")) if "." in s else 0
    return 0.5 * 10 ** -decimals


def _rounding(v: float, family: str) -> float:
    """Half the last stated digit of a percentage or a big round figure (43.2 billion → 0.05 billion);
    0 for small counts, which are exact."""
    if family == "percent":
        return _half_last_digit(v)
    for scale in (1e12, 1e9, 1e6):
        if abs(v) >= scale:
            return _half_last_digit(v / scale) * scale
    return 0.0


def claim_interval(claim: ClaimLike) -> Interval | None:
    """The claim's value as an interval (in days for durations); None when it has no number.

    Explicit bounds win (a None bound is unbounded); a bare value is widened by its hedge, and an
    unhedged big round figure or percentage by its rounding ("40 billion" is [39.5, 40.5) billion).
    """
    low, high, value = _bounds(claim)
    hedge = getattr(claim, "hedge", None)
    if low is None and high is None:
        if value is None:
            return None
        iv = _hedged(value, hedge)
        family = KIND_FAMILIES.get(norm_name(claim.kind), "")
        if iv.is_point and not hedge and family in ("amount", "percent", "count"):
            if r := _rounding(value, family):
                iv = Interval(value - r, value + r, False, True)
    else:
        iv = Interval(-INF if low is None else low, INF if high is None else high,
                      bool(getattr(claim, "low_open", False)), bool(getattr(claim, "high_open", False)))
        if iv.is_point and hedge:
            iv = _hedged(iv.low, hedge)
    fam, unit = unit_family(claim.kind, claim.unit)
    if fam == "time":
        iv = iv.scaled(TIME_UNITS[unit])
    return iv


def fmt_number(x: float | None) -> str:
    """27 → "27"; 4.3e10 → "43 billion"; 0.5 → "0.5"."""
    if x is None:
        return "?"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(x) >= scale:
            return f"{x / scale:.6g} {word}"
    return str(int(x)) if float(x).is_integer() else f"{x:.6g}"


def _unit_label(claim: ClaimLike) -> tuple[str, str]:
    """(prefix, suffix) around a number: ("$", ""), ("", " members"), ("", "%"), ("", " days")."""
    fam, unit = unit_family(claim.kind, claim.unit)
    if unit and fam not in ("currency", "percent") and _num(claim.value) == 1:
        return ("", f" {unit}")  # "more than 1 year"
    if fam == "currency":
        sign = CURRENCY_SIGNS.get(unit or "")
        return (sign, "") if sign else ("", f" {unit}")
    if fam == "percent":
        return ("", "%" if unit == "%" else " percentage points")
    if fam == "time":
        return ("", f" {unit}s")
    if unit:
        return ("", f" {unit}s")
    prop = norm_name(claim.property)
    return ("", f" {prop}") if KIND_FAMILIES.get(norm_name(claim.kind)) == "count" and prop else ("", "")


def describe_number(claim: ClaimLike, with_unit: bool = True) -> str:
    """ "more than 1 year", "$43 billion", "27 members", "between 20 and 30" (bounds as given)."""
    pre, suf = _unit_label(claim) if with_unit else ("", "")
    low, high, value = _bounds(claim)
    hedge = getattr(claim, "hedge", None)
    if value is not None:
        if hedge and norm_name(hedge) in SCALE_WORDS:  # "billions of dollars" → "billions (USD)"
            unit = unit_family(claim.kind, claim.unit)[1] or suf.strip()
            return f"{hedge} ({unit})" if unit else hedge
        return (f"{hedge} " if hedge else "") + f"{pre}{fmt_number(value)}{suf}"
    if low is not None and high is not None:
        return f"between {pre}{fmt_number(low)} and {pre}{fmt_number(high)}{suf}"
    if low is not None:
        return f"more than {pre}{fmt_number(low)}{suf}"
    if high is not None:
        return f"less than {pre}{fmt_number(high)}{suf}"
    return "no value"


# ───────────────────────────── dates (TIMEX3) ─────────────────────────────

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SEASON_NAMES = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
# Seasons in days of the year, generous at the edges (northern hemisphere; winter spans the new year).
SEASON_SPANS = {"SP": ((3, 1), (6, 21)), "SU": ((6, 1), (9, 22)), "FA": ((9, 1), (12, 21))}

RE_TX_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]*\S*)?")  # 2023-01-10, 2023-01-10T14:00
RE_TX_MONTH = re.compile(r"(\d{4})-(\d{2})")  # 2022-06
RE_TX_YEAR = re.compile(r"(\d{4})")  # 2021
RE_TX_DECADE = re.compile(r"(\d{3})X")  # 201X: the 2010s
RE_TX_CENTURY = re.compile(r"(\d{2})XX")  # 19XX: the 1900s
RE_TX_WEEK = re.compile(r"(\d{4})-W(\d{2})(?:-(\d))?")  # 2024-W28, 2024-W18-2
RE_TX_WEEKEND = re.compile(r"(\d{4})-W(\d{2})-WE")  # 2024-W28-WE: that weekend
RE_TX_SEASON = re.compile(r"(\d{4})-(SP|SU|FA|WI)")  # 2024-FA
RE_TX_QUARTER = re.compile(r"(\d{4})-(Q[1-4]|H[12])")  # 2024-Q3, 2024-H1
RE_TX_NOYEAR = re.compile(r"XXXX-(\d{2})(?:-(\d{2}))?")  # XXXX-01-10, XXXX-06
RE_TX_WEEKDAY = re.compile(r"XXXX-WXX-(\d)")  # XXXX-WXX-2: a Tuesday


@dataclass(frozen=True)
class When:
    """A TIMEX3 date as day ranges (year known) or as a pattern (year unknown)."""

    value: str
    grain: str  # day | week | month | season | quarter | year | decade | century | weekday | unknown
    ranges: tuple[tuple[dt.date, dt.date], ...] = ()  # inclusive; empty when the year is unknown
    month: int | None = None  # pattern fields, year unknown
    day: int | None = None
    weekday: int | None = None  # 1 = Monday … 7 = Sunday


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> dt.date:
    return (dt.date(y + (m == 12), m % 12 + 1, 1)) - dt.timedelta(days=1)


@lru_cache(maxsize=4096)
def _when(value: str) -> When:
    v = (value or "").strip().upper()
    unknown = When(value, "unknown")
    try:
        if m := RE_TX_DAY.fullmatch(v):
            d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
            return When(value, "day", ((d, d),)) if d else unknown
        if m := RE_TX_WEEKEND.fullmatch(v):
            mon = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return When(value, "week", ((mon + dt.timedelta(days=5), mon + dt.timedelta(days=6)),))
        if m := RE_TX_WEEK.fullmatch(v):
            y, w = int(m[1]), int(m[2])
            if m[3]:
                d = dt.date.fromisocalendar(y, w, int(m[3]))
                return When(value, "day", ((d, d),))
            mon = dt.date.fromisocalendar(y, w, 1)
            return When(value, "week", ((mon, mon + dt.timedelta(days=6)),))
        if m := RE_TX_MONTH.fullmatch(v):
            y, mo = int(m[1]), int(m[2])
            if not 1 <= mo <= 12:
                return unknown
            return When(value, "month", ((dt.date(y, mo, 1), _month_end(y, mo)),))
        if m := RE_TX_YEAR.fullmatch(v):
            y = int(m[1])
            return When(value, "year", ((dt.date(y, 1, 1), dt.date(y, 12, 31)),))
        if m := RE_TX_SEASON.fullmatch(v):
            y, s = int(m[1]), m[2]
            if s == "WI":  # winter 2024: its start (Jan–Mar 20) or the winter that begins in December
                spans = ((dt.date(y, 1, 1), dt.date(y, 3, 20)), (dt.date(y, 12, 1), dt.date(y + 1, 3, 20)))
                return When(value, "season", spans)
            (m0, d0), (m1, d1) = SEASON_SPANS[s]
            return When(value, "season", ((dt.date(y, m0, d0), dt.date(y, m1, d1)),))
        if m := RE_TX_QUARTER.fullmatch(v):
            y, q = int(m[1]), m[2]
            first, months = ((int(q[1]) - 1) * 3 + 1, 3) if q[0] == "Q" else ((int(q[1]) - 1) * 6 + 1, 6)
            return When(value, "quarter", ((dt.date(y, first, 1), _month_end(y, first + months - 1)),))
        if m := RE_TX_DECADE.fullmatch(v):
            y = int(m[1]) * 10
            return When(value, "decade", ((dt.date(max(y, 1), 1, 1), dt.date(y + 9, 12, 31)),))
        if m := RE_TX_CENTURY.fullmatch(v):
            y = int(m[1]) * 100
            return When(value, "century", ((dt.date(max(y, 1), 1, 1), dt.date(y + 99, 12, 31)),))
        if m := RE_TX_NOYEAR.fullmatch(v):
            mo, d = int(m[1]), int(m[2]) if m[2] else None
            if not 1 <= mo <= 12 or (d is not None and _safe_date(2000, mo, d) is None):
                return unknown
            return When(value, "day" if d else "month", month=mo, day=d)
        if m := RE_TX_WEEKDAY.fullmatch(v):
            wd = int(m[1])
            return When(value, "weekday", weekday=wd) if 1 <= wd <= 7 else unknown
    except ValueError:  # an impossible week or day
        return unknown
    return unknown


def describe_date(value: str) -> str:
    """Plain words for a TIMEX3 value: "2024-04-30", "January 10", "June 2022", "a Tuesday", "autumn 2024"."""
    w = _when(value)
    v = (value or "").strip().upper()
    if w.grain == "unknown":
        return {"XXXX": "an unknown year", "XXXX-WXX": "an unknown week"}.get(v, value or "no date")
    if not w.ranges:
        if w.weekday:
            return f"a {WEEKDAY_NAMES[w.weekday - 1]}"
        return f"{MONTH_NAMES[w.month - 1]} {w.day}" if w.day else MONTH_NAMES[w.month - 1]
    if m := RE_TX_WEEK.fullmatch(v):
        if not m[3]:
            return f"week {int(m[2])} of {m[1]}"
        return f"{w.ranges[0][0].isoformat()}"
    if m := RE_TX_MONTH.fullmatch(v):
        return f"{MONTH_NAMES[int(m[2]) - 1]} {m[1]}"
    if m := RE_TX_SEASON.fullmatch(v):
        return f"{SEASON_NAMES[m[2]]} {m[1]}"
    if m := RE_TX_DECADE.fullmatch(v):
        return f"the {m[1]}0s"
    if m := RE_TX_DAY.fullmatch(v):
        return f"{m[1]}-{m[2]}-{m[3]}"
    if RE_TX_WEEKEND.fullmatch(v):
        return f"the weekend of {w.ranges[0][0].isoformat()}"
    return value


GRAIN_ORDER = ("day", "weekday", "week", "month", "season", "quarter", "year", "decade", "century")
GRAIN_PLURAL = {"day": "days", "weekday": "weekdays", "week": "weeks", "month": "months", "season": "seasons",
                "quarter": "quarters", "year": "years", "decade": "decades", "century": "centuries"}


def _coarser(a: When, b: When) -> str:
    return max(a.grain, b.grain, key=GRAIN_ORDER.index)


def _ranges_overlap(ra, rb) -> bool:
    return any(a0 <= b1 and b0 <= a1 for a0, a1 in ra for b0, b1 in rb)


def _ranges_within(inner, outer) -> bool:
    return all(any(o0 <= i0 and i1 <= o1 for o0, o1 in outer) for i0, i1 in inner)


def _pattern_days(p: When, ranges) -> list[tuple[dt.date, dt.date]]:
    """The days of `ranges` that fit a year-less month/day pattern (at most one span per year)."""
    out = []
    years = range(min(r[0].year for r in ranges), max(r[1].year for r in ranges) + 1)
    for y in years:
        if p.day:
            d = _safe_date(y, p.month, p.day)
            span = (d, d) if d else None
        else:
            span = (dt.date(y, p.month, 1), _month_end(y, p.month))
        if span and _ranges_overlap([span], ranges):
            out.append(span)
    return out


def compare_dates(a: str, b: str) -> Verdict:
    """Compare two TIMEX3 values: overlapping days agree, disjoint ones conflict, vague ones are unrelated."""
    wa, wb = _when(a), _when(b)
    da, db = describe_date(a), describe_date(b)
    if wa.grain == "unknown" or wb.grain == "unknown":
        return Verdict("unrelated", f"{da} vs {db}: not precise enough to compare")
    if (a or "").strip().upper() == (b or "").strip().upper():
        return Verdict("agree", f"both say {da}")
    if wa.ranges and wb.ranges:
        if not _ranges_overlap(wa.ranges, wb.ranges):
            return Verdict("conflict", f"{da} vs {db}: different {GRAIN_PLURAL[_coarser(wa, wb)]}")
        if _ranges_within(wa.ranges, wb.ranges):
            return Verdict("agree", f"{da} falls in {db}" if wa.ranges != wb.ranges else f"both say {da}")
        if _ranges_within(wb.ranges, wa.ranges):
            return Verdict("agree", f"{db} falls in {da}")
        return Verdict("unrelated", f"{da} vs {db}: they overlap, neither settles the other")
    if wa.ranges or wb.ranges:  # one year known, the other a pattern
        known, pat = (wa, wb) if wa.ranges else (wb, wa)
        dk, dp = (da, db) if known is wa else (db, da)
        if pat.weekday:
            if known.grain != "day":
                return Verdict("unrelated", f"{da} vs {db}: a weekday cannot be placed in {dk}")
            actual = known.ranges[0][0].isoweekday()
            if actual == pat.weekday:
                return Verdict("agree", f"{dk} is {dp}")
            weekday = WEEKDAY_NAMES[actual - 1]
            return Verdict("conflict", f"{da} vs {db}: different days ({dk} is a {weekday})")
        fits = _pattern_days(pat, known.ranges)
        if not fits:
            return Verdict("conflict", f"{da} vs {db}: different {GRAIN_PLURAL[_coarser(pat, known)]}")
        if _ranges_within(known.ranges, fits):  # 2023-01-10 / January 10; 2022-06-15 / June
            return Verdict("agree", f"{dk} falls in {dp}" if known.grain != pat.grain else f"{dk} is {dp}")
        if known.grain in ("week", "month"):  # June 15 / June 2022: both name the month
            return Verdict("agree", f"{dp} falls in {dk}")
        return Verdict("unrelated", f"{da} vs {db}: the year of {dp} is unknown")
    # both without a year
    if wa.weekday or wb.weekday:
        if wa.weekday and wb.weekday:
            return Verdict("conflict", f"{da} vs {db}: different days")
        return Verdict("unrelated", f"{da} vs {db}: the year is unknown, so the weekday cannot be checked")
    if wa.month != wb.month:
        return Verdict("conflict", f"{da} vs {db}: different months")
    if wa.day and wb.day:
        return Verdict("conflict", f"{da} vs {db}: different days")
    return Verdict("agree", f"{da if wa.day else db} falls in {db if wa.day else da}")


def days_apart(a: str | None, b: str | None) -> int | None:
    """Days between two as-of dates (ISO or TIMEX3 with a year), 0 when they overlap; None if unknown."""
    if not a or not b:
        return None
    wa, wb = _when(str(a)), _when(str(b))  # str(): a datetime.date from the database is fine too
    if not wa.ranges or not wb.ranges:
        return None
    if _ranges_overlap(wa.ranges, wb.ranges):
        return 0
    a0, a1 = wa.ranges[0][0], wa.ranges[-1][1]
    b0, b1 = wb.ranges[0][0], wb.ranges[-1][1]
    return (b0 - a1).days if a1 < b0 else (a0 - b1).days


# ───────────────────────────── claim values ─────────────────────────────

def changes_over_time(claim: ClaimLike) -> bool:
    """Whether the claim's figure may change, so that figures a year apart are "outdated", not a conflict."""
    words = set(norm_name(claim.property).split()) | set(norm_name(getattr(claim, "unit", None)).split())
    return KIND_FAMILIES.get(norm_name(claim.kind)) != "ordinal" and bool(words & CHANGING_WORDS)


def _as_of_label(claim: ClaimLike) -> str:
    return f" (as of {claim.as_of})" if getattr(claim, "as_of", None) else ""


class PreparedClaim:
    """A claim with what compare_values reads of it worked out once (and when first needed), for a claim
    compared with many others."""

    def __init__(self, claim: ClaimLike):
        self.claim = claim
        self.family = KIND_FAMILIES.get(norm_name(claim.kind), norm_name(claim.kind))
        _, self.period, self.event = _split_qualifiers(getattr(claim, "qualifiers", ()))

    @cached_property
    def number(self) -> float | None:
        return _num(self.claim.value)

    @cached_property
    def units(self) -> tuple[str, str | None]:
        return unit_family(self.claim.kind, self.claim.unit)

    @cached_property
    def interval(self) -> Interval | None:
        return claim_interval(self.claim)

    @cached_property
    def hedge(self) -> str:
        return norm_name(getattr(self.claim, "hedge", None))

    @cached_property
    def described(self) -> str:
        return describe_number(self.claim)

    @cached_property
    def described_before_same_unit(self) -> str:
        """"27" in "27 vs 28 members": a word unit both sides share is said once; "$" and "%" stay on both."""
        return describe_number(self.claim, with_unit=not _unit_label(self.claim)[1].startswith(" "))


def compare_values(a: ClaimLike | PreparedClaim, b: ClaimLike | PreparedClaim) -> Verdict:
    """Compare the values of two claims of one key: agree | conflict | outdated | unrelated, with a reason.
    Claims may be given as PreparedClaim, to work out what is read of a claim once for many comparisons."""
    x = a if isinstance(a, PreparedClaim) else PreparedClaim(a)
    y = b if isinstance(b, PreparedClaim) else PreparedClaim(b)
    a, b = x.claim, y.claim
    fa, fb = x.family, y.family
    if fa != fb:
        return Verdict("unrelated", f"{a.kind} vs {b.kind}: different kinds of claim")
    pa, ea, pb, eb = x.period, x.event, y.period, y.event
    for name in pa.keys() & pb.keys():
        if _when(pa[name]).grain != "unknown" and compare_dates(pa[name], pb[name]).relation == "agree":
            continue
        if norm_name(pa[name]) != norm_name(pb[name]):
            return Verdict("unrelated", f"{name} {pa[name]} vs {name} {pb[name]}: different periods")
    if fa == "date":
        return compare_dates(str(a.value or ""), str(b.value or ""))
    if fa == "ordinal":
        va, vb = x.number, y.number
        if va is None or vb is None:
            return Verdict("unrelated", "an ordinal without a number")
        for name in ea.keys() & eb.keys():  # "the third declaration (2023)" vs "the third (2018)": two events
            if compare_dates(ea[name], eb[name]).relation == "conflict":
                return Verdict("unrelated", f"{ea[name]} vs {eb[name]}: different events of the series")
        if va == vb:
            return Verdict("agree", f"both say {fmt_number(va)}")
        return Verdict("conflict", f"{fmt_number(va)} vs {fmt_number(vb)}: different ranks")
    (ua_f, ua), (ub_f, ub) = x.units, y.units
    if ua_f != ub_f or (ua_f == "currency" and ua != ub) or (ua_f == "percent" and ua != ub):
        what = "currencies" if "currency" in (ua_f, ub_f) else "units"
        return Verdict("unrelated", f"{x.described} vs {y.described}: different {what}, not compared")
    ia, ib = x.interval, y.interval
    if ia is None or ib is None:
        return Verdict("unrelated", "a value without a number")
    va, vb = x.number, y.number
    if va is not None and va == vb and ua == ub and x.hedge == y.hedge:
        return Verdict("agree", f"both say {x.described}")
    versus = f"{x.described if ua != ub else x.described_before_same_unit} vs {y.described}"
    if ia.overlaps(ib):
        return Verdict("agree", f"{versus}: compatible")
    gap = days_apart(getattr(a, "as_of", None), getattr(b, "as_of", None))
    if gap is not None and gap > OUTDATED_AFTER_DAYS and changes_over_time(a):
        years = f"{gap // 365} year{'s' if gap >= 730 else ''}"
        return Verdict("outdated", f"{x.described}{_as_of_label(a)} vs {y.described}"
                       f"{_as_of_label(b)}: {years} apart, the figure may have changed")
    return Verdict("conflict", versus)


def value_signature(claim: ClaimLike) -> tuple:
    """Claims of one key with the same signature say the same thing, whenever they said it: reconcile
    compares only distinct signatures, then splits a disagreement by the claims' as-of dates."""
    return (str(claim.value), getattr(claim, "low", None), getattr(claim, "high", None),
            norm_name(getattr(claim, "hedge", None)), norm_name(claim.unit),
            tuple(sorted(getattr(claim, "qualifiers", ()) or ())))


def as_of_span(value: object) -> tuple[dt.date, dt.date] | None:
    """The first and last day an as-of date (ISO, TIMEX3 or a datetime.date) may mean; None if unknown."""
    return _span_of(str(value)) if value else None


@lru_cache(maxsize=4096)
def _span_of(value: str) -> tuple[dt.date, dt.date] | None:
    when = _when(value)
    return (when.ranges[0][0], when.ranges[-1][1]) if when.ranges else None


# ───────────────────────────── quotes ─────────────────────────────

# British → American spellings, so that "defence"/"defense" is no difference. General vocabulary:
# irregular words, then stems that take -our/-ise/-yse/-tre/-ll- endings.
SPELLING_WORDS = {
    "defence": "defense", "offence": "offense", "licence": "license", "pretence": "pretense",
    "programme": "program", "programmes": "programs", "grey": "gray", "ageing": "aging",
    "judgement": "judgment", "judgements": "judgments", "aluminium": "aluminum", "tyre": "tire",
    "tyres": "tires", "cheque": "check", "cheques": "checks", "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers", "sceptical": "skeptical", "sceptic": "skeptic", "sceptics": "skeptics",
    "mould": "mold", "plough": "plow", "enrolment": "enrollment", "fulfil": "fulfill", "fulfils": "fulfills",
    "skilful": "skillful", "wilful": "willful", "instalment": "installment", "jewellery": "jewelry",
    "towards": "toward", "afterwards": "afterward", "amongst": "among", "whilst": "while",
    "paediatric": "pediatric", "anaesthetic": "anesthetic", "oestrogen": "estrogen", "foetus": "fetus",
    "gaol": "jail", "kerb": "curb", "storey": "story", "draught": "draft", "practise": "practice",
    "practised": "practiced", "practising": "practicing", "learnt": "learned", "spelt": "spelled",
    "dreamt": "dreamed", "burnt": "burned", "leapt": "leaped",
}
# Stems spelled -our in British English: "labour" → "labor", "honourable" → "honorable".
SPELLING_OUR_STEMS = ("colo", "favo", "hono", "labo", "neighbo", "behavio", "harbo", "humo", "rumo", "vigo",
                      "endeavo", "armo", "flavo", "odo", "savo", "parlo", "splendo", "tumo", "valo", "vapo",
                      "ranco", "clamo", "fervo", "cando", "ardo", "savio")
# Stems spelled -ise in British English: "recognise" → "recognize", "mobilisation" → "mobilization".
SPELLING_ISE_STEMS = frozenset((
    "recogn", "organ", "reorgan", "real", "emphas", "critic", "apolog", "author", "mobil", "normal",
    "stabil", "destabil", "priorit", "minim", "maxim", "modern", "character", "final", "legal",
    "privat", "util", "summar", "special", "sympath", "memor", "categor", "civil", "capital", "central",
    "decentral", "democrat", "global", "harmon", "hospital", "industrial", "legitim", "liberal",
    "local", "marginal", "militar", "demilitar", "monopol", "national", "neutral", "optim", "polar",
    "rational", "revital", "scrutin", "standard", "subsid", "symbol", "terror", "western", "visual",
    "penal", "jeopard", "galvan", "energ", "agon", "antagon", "patron", "public", "weapon", "digital",
    "incentiv", "operational", "familiar", "formal", "fossil", "human", "ideal", "immun",
    "institutional", "internal", "international", "material", "mesmer", "motor", "natural",
    "personal", "popular", "pressur", "random", "revolution", "sanit", "secular", "sensit", "social",
    "stigmat", "synchron", "theor", "trivial", "urban", "vandal", "victim", "vocal", "colon",
    "commercial", "crystal", "dramat", "econom", "equal", "hypothes", "item", "magnet", "moral",
    "radical", "regular", "satir", "scandal", "spiritual", "fertil", "steril", "computer",
))
RE_ISE = re.compile(r"(\w+?)is(e|es|ed|ing|er|ers|ation|ations)$")  # "organised", "mobilisation"
RE_YSE = re.compile(r"(anal|paral|catal|electrol|dial)ys(e|es|ed|ing)$")  # "analysed" → "analyzed"
RE_TRE = re.compile(r"(cent|met|theat|fib|lit|calib|somb|spect|lust|meag|sab|kilomet|millimet|centimet|"
                    r"manoeuv|sepulch)re(s|d)?$")  # "centre" → "center", "kilometres"
RE_LL = re.compile(r"(travel|cancel|label|model|fuel|level|signal|counsel|marshal|total|channel|equal|"
                   r"quarrel|rival|dial|duel|tunnel|pencil|shovel|unravel|grovel|marvel|jewel|libel|"
                   r"initial|refuel|panel|parcel|pedal|spiral|yodel)l(ed|ing|er|ers)$")  # "travelled"
RE_OUR = re.compile(r"(" + "|".join(SPELLING_OUR_STEMS)
                    + r")ur(s|ed|ing|er|ers|able|ably|ite|ites|less|ful|hood|hoods|ism)?$")
RE_OGUE = re.compile(r"(catal|anal|dial|monol|epil|prol)ogue(s|d)?$")  # "catalogued"
# Joined prefixes: "co-operation" = "cooperation", "re-elected" = "reelected".
RE_PREFIX_HYPHEN = re.compile(r"\b(co|re|pre|non|anti|multi|inter|post|counter|cyber|geo|micro|macro|mid)"
                              r"[-‐‑](?=[a-z])", re.IGNORECASE)
RE_BRACKETED = re.compile(r"\[[^\]]*\]")  # editorial insertions: "the three of us [Michel, …] met"
RE_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")  # words with inner apostrophes: "Kyiv's", "don't"
RE_ELLIPSIS = re.compile(r"…|\.\s?\.\s?\.")  # an omission inside a quote
# where a quote's next sentence starts (not after "U.S." or "Mr.")
RE_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\b[A-Z]\.)(?<!\bM[rs]\.)(?<!\bMrs\.)(?<!\bDr\.)(?<!\bSt\.)"
                             r"[\"”’)]*\s+(?=[\"“‘(]*[A-Z])")
CONTRACTIONS = {  # "don't" = "do not"; "it's" is taken as "it is"
    "can't": "can not", "cannot": "can not", "won't": "will not", "shan't": "shall not",
    "let's": "let us", "i'm": "i am", "it's": "it is", "that's": "that is", "there's": "there is",
    "here's": "here is", "what's": "what is", "who's": "who is", "he's": "he is", "she's": "she is",
}
RE_CONTRACTION_SUFFIX = re.compile(r"(\w+)(n't|'re|'ll|'ve)$")
CONTRACTION_SUFFIXES = {"n't": "not", "'re": "are", "'ll": "will", "'ve": "have"}
# Words that make no block key: too common in news quotes to find the same statement.
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just me more
most my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves said says say saying told tell think believe know going
want make made need needs must may might shall us one two three new also very really still even
well back way much many like get got every people time today year years week
""".split())


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """One casefolded word with British spellings made American: "defence" → "defense"."""
    if word in SPELLING_WORDS:
        return SPELLING_WORDS[word]
    if m := RE_ISE.fullmatch(word):
        if m[1] in SPELLING_ISE_STEMS:
            return f"{m[1]}iz{m[2]}"
    if m := RE_OUR.fullmatch(word):
        return f"{m[1]}r{m[2] or ''}"
    for rx, sub in ((RE_YSE, r"\1yz\2"), (RE_TRE, r"\1er\2"), (RE_LL, r"\1\2"), (RE_OGUE, r"\1og\2")):
        if rx.fullmatch(word):
            return rx.sub(sub, word)
    return word


@lru_cache(maxsize=4096)
def quote_tokens(text: str) -> tuple[tuple[str, str, int], ...]:
    """(key, surface, source index) per word: keys are folded; a contraction gives two keys."""
    cleaned = text or ""
    if "[" in cleaned:
        cleaned = RE_BRACKETED.sub(" ", cleaned)
    if "-" in cleaned or "‐" in cleaned or "‑" in cleaned:
        cleaned = RE_PREFIX_HYPHEN.sub(r"\1", cleaned)
    out = []
    for i, surface in enumerate(RE_WORD.findall(cleaned)):
        w = surface.casefold()
        if "'" in w or "’" in w:
            w = w.replace("’", "'")
            if w in CONTRACTIONS:
                parts = CONTRACTIONS[w].split()
            elif mc := RE_CONTRACTION_SUFFIX.fullmatch(w):
                parts = [mc[1], CONTRACTION_SUFFIXES[mc[2]]]
            else:
                parts = [w.replace("'", "")]
            out.extend((fold_word(p), surface, i) for p in parts)
        else:
            out.append((fold_word(w), surface, i))
    return tuple(out)


@lru_cache(maxsize=16384)
def norm_quote(text: str) -> str:
    """Case, punctuation, quotation marks, brackets and British spelling folded: "defence," → "defense"."""
    return " ".join(k for k, _, _ in quote_tokens(text))


def _surface(tokens: Sequence[tuple[str, str, int]], i: int, j: int) -> str:
    words, last = [], None
    for _, surface, src in tokens[i:j]:
        if src != last:
            words.append(surface)
            last = src
    return " ".join(words)


def word_diff(a: str, b: str) -> list[tuple[str, str, str]]:
    """Word-level differences a → b as (op, old words, new words), op "replace" | "delete" | "insert".

    Case, punctuation and British/American spelling are not differences; the words are shown as
    written: [("replace", "defend the homeland", "protect their Motherland")].
    """
    ta, tb = quote_tokens(a), quote_tokens(b)
    return _diff_tokens(ta, tb)


def _diff_tokens(ta, tb) -> list[tuple[str, str, str]]:
    ca, cb = "".join(_code(t[0]) for t in ta), "".join(_code(t[0]) for t in tb)
    return [(op, _surface(ta, i1, i2), _surface(tb, j1, j2)) for op, i1, i2, j1, j2 in _opcodes(ca, cb)
            if op != "equal"]


def format_diff(ops: Sequence[tuple[str, str, str]], limit: int = 6) -> str:
    """ '"defend the homeland" → "protect their Motherland"; + "that"; − "they"' """
    parts = []
    for op, old, new in ops[:limit]:
        if op == "replace":
            parts.append(f'"{old}" → "{new}"')
        else:
            parts.append(f'− "{old}"' if op == "delete" else f'+ "{new}"')
    if len(ops) > limit:
        parts.append(f"… {len(ops) - limit} more")
    return "; ".join(parts)


def same_speaker(a: str | None, b: str | None) -> bool | None:
    """True/False for two speaker names; None when either is unknown or one is a group with the other.

    Names match when equal or when one ends with the other ("Ursula von der Leyen" / "von der Leyen");
    a group matches its parts in any order ("EU and NATO" / "NATO and the EU"); "EU and NATO" /
    "NATO" is None: the same words from both are no misattribution.
    """
    na, pa = _speaker_parties(a)
    nb, pb = _speaker_parties(b)
    if not na or not nb:
        return None
    if na == nb:
        return True
    if len(pa) == 1 and len(pb) == 1:  # two people (most pairs): a match is both ways
        return _name_match(pa[0], pb[0])
    ab, ba = _all_matched(pa, pb), _all_matched(pb, pa)
    if ab and ba:
        return True
    return None if ab or ba else False  # a group and one of its members: neither same nor other


@lru_cache(maxsize=65536)
def _speaker_parties(name: str | None) -> tuple[str, tuple[str, ...]]:
    """A speaker's normalised name and its members (_parties), read once a name: same_speaker is
    asked of hundreds of thousands of pairs of a few thousand names."""
    n = norm_name(name)
    return n, tuple(_parties(n))


def _all_matched(xs: Sequence[str], ys: Sequence[str]) -> bool:
    return all(any(_name_match(x, y) for y in ys) for x in xs)


def _name_match(x: str, y: str) -> bool:
    if x == y:
        return True
    short, long_ = (x, y) if len(x) < len(y) else (y, x)
    return long_.endswith(" " + short) and len(short) >= 3


MIN_MATCH_WORDS = 3  # shorter quotes ("control", "see a different Europe") are too common to match
MIN_MISATTRIBUTION_WORDS = 6  # the same words from two speakers: at least this long to be one quote
SAME_STATEMENT_RATIO = 60  # rapidfuzz partial_ratio over words (one char per word): "same statement"
SAME_STATEMENT_COVERAGE = 0.55  # share of the shorter quote's words found in phrases of the other
MIN_GAP = 3  # words only the longer quote has, between two matched runs, that part two places (_aligned_window)


@dataclass(frozen=True)
class _Prepared:
    tokens: tuple[tuple[str, str, int], ...]
    keys: tuple[str, ...]
    padded: str  # " key key key ", for containment by substring search
    key_set: frozenset[str]
    codes: str  # one character per word, see _code()
    fragments: tuple[str, ...]  # padded keys of the parts between omissions ("…"), when there are several


@lru_cache(maxsize=4096)
def _prepare(text: str) -> _Prepared:
    tokens = quote_tokens(text)
    keys = tuple(t[0] for t in tokens)
    parts = RE_ELLIPSIS.split(text or "")
    frags = [" ".join(k for k, _, _ in quote_tokens(f)) for f in parts] if len(parts) > 1 else []
    frags = [f" {f} " for f in frags if f]
    return _Prepared(tokens, keys, f" {' '.join(keys)} ", frozenset(keys), "".join(map(_code, keys)),
                     tuple(frags) if len(frags) > 1 else ())


def _sentences(text: str, n: int) -> tuple[tuple[int, int], ...]:
    """The (start, end) keys of each sentence of a quote of n keys (one sentence if they cannot be told)."""
    parts = RE_SENTENCE_END.split(text)
    if len(parts) > 1:
        sizes = [len(quote_tokens.__wrapped__(part)) for part in parts]  # not cached: parts are read once
        if sum(sizes) == n:
            ends = list(accumulate(sizes))
            return tuple((end - size, end) for size, end in zip(sizes, ends) if size)
    return ((0, n),)


def _same_words(a: _Prepared, b: _Prepared) -> bool:
    """a's words are b's, or a run of b's, or (with omissions "…") appear in b in order."""
    if a.padded in b.padded:
        return True
    pos = 0
    for f in a.fragments:
        pos = b.padded.find(f, pos)
        if pos < 0:
            return False
        pos += len(f) - 1
    return bool(a.fragments)


_WORD_CODES: dict[str, str] = {}


def _code(word: str) -> str:
    """One character per distinct word (surrogates skipped), so rapidfuzz aligns words, not letters."""
    c = _WORD_CODES.get(word)
    if c is None:
        n = 0x100 + len(_WORD_CODES)
        c = _WORD_CODES[word] = chr(n + 0x800 if n >= 0xD800 else n)
    return c


def _opcodes(ca: str, cb: str) -> list[tuple[str, int, int, int, int]]:
    """Word-level edit script (codes from _code): equal / replace / delete / insert, adjacent edits merged."""
    out: list[list] = []
    for op in Indel.opcodes(ca, cb):
        tag = op.tag
        if tag != "equal" and out and out[-1][0] != "equal":
            prev = out[-1]
            prev[2], prev[4] = op.src_end, op.dest_end
            prev[0] = "replace" if prev[1] < prev[2] and prev[3] < prev[4] else prev[0]
        else:
            out.append([tag, op.src_start, op.src_end, op.dest_start, op.dest_end])
    return [tuple(o) for o in out]


def _aligned_window(ca: str, cb: str) -> tuple[int, int, float]:
    """Where the shorter quote (word codes `ca`) sits in `cb`: (start, end, word-level partial ratio).

    rapidfuzz finds the best window of len(ca) words; inside it (with some slack) the matching runs
    of two words or more place the quote's first and last words, so that a lead-in of a different
    length ("I think that Ukraine should" / "Ukrainians should") does not shift the window.
    """
    al = fuzz.partial_ratio_alignment(ca, cb)
    if al is None or al.score < SAME_STATEMENT_RATIO:
        return 0, 0, 0.0 if al is None else al.score
    slack = len(ca) // 2 + 2
    lo, hi = max(0, al.dest_start - slack), min(len(cb), al.dest_end + slack)
    runs = [(i1, j1 + lo, i2 - i1) for op, i1, i2, j1, j2 in _opcodes(ca, cb[lo:hi])
            if op == "equal" and i2 - i1 >= 2]
    if not runs:
        return al.dest_start, al.dest_end, al.score
    # Runs that words of the longer quote alone keep apart are two places: "Spain will" matched in
    # "a moment Spain will remember, ... corners." and the rest of the quote in the next sentence,
    # "Spain will do its share". The place with the most words matched is the quote's.
    places = [[runs[0]]]
    for run, (prev_a, prev_b, size) in zip(runs[1:], runs):
        if (run[1] - prev_b - size) - (run[0] - prev_a - size) >= MIN_GAP:
            places.append([])
        places[-1].append(run)
    place = max(places, key=lambda runs: sum(r[2] for r in runs))
    (fa, fb, _), (la, lb, lsize) = place[0], place[-1]
    start = max(0, fb - fa)
    end = min(len(cb), lb + lsize + (len(ca) - la - lsize))
    return start, end, al.score


def _rewrites_a_sentence(ops: Sequence[tuple[str, int, int, int, int]], sentences_a: Sequence[tuple[int, int]],
                        sentences_b: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a word diff (opcodes of the shorter quote against the longer's keys start:end, without
    the equal runs) changes more than half the words of a sentence, on either side. One statement
    worded differently differs by words and phrases ("defend the homeland" → "protect their
    Motherland"). Two statements that share a sentence, or a speaker's stock phrase, differ by whole
    sentences ("Let nobody in Cairo pretend otherwise." → "Our citizens in Latvia expect nothing
    less."), or one has a sentence the other has not: they are not one statement."""
    def rewritten(sentences, changes, lo, hi) -> bool:
        for s0, s1 in sentences:
            s0, s1 = max(s0, lo), min(s1, hi)  # the part of the sentence the other quote is set against
            if s1 > s0 and 2 * sum(max(0, min(s1, c1) - max(s0, c0)) for c0, c1 in changes) > s1 - s0:
                return True
        return False

    return (rewritten(sentences_a, [(i1, i2) for _, i1, i2, _, _ in ops], 0, sentences_a[-1][1])
            or rewritten(sentences_b, [(j1 + start, j2 + start) for _, _, _, j1, j2 in ops], start, end))


def quote_words(text: str | None) -> tuple[frozenset[str], int, bool]:
    """What may_relate needs of a quote: its set of words, its number of words, whether it has omissions."""
    p = _prepare(text or "")
    return p.key_set, len(p.keys), bool(p.fragments)


def may_relate(a: str | None, b: str | None) -> bool:
    """False when compare_quotes will surely find two quotes unrelated: the shorter one's words are
    not even SAME_STATEMENT_COVERAGE found in the other (a cheap test on cached word sets)."""
    return words_may_relate(quote_words(a), quote_words(b))


def words_may_relate(a: tuple[frozenset[str], int, bool], b: tuple[frozenset[str], int, bool]) -> bool:
    """may_relate on quote_words computed beforehand (once per quote, not once per pair)."""
    if a[2] or b[2]:  # words in order across omissions: left to compare_quotes
        return True
    short, other = (a[0], b[0]) if a[1] <= b[1] else (b[0], a[0])
    return _covers(short, other)


def _covers(short: frozenset[str], other: frozenset[str]) -> bool:
    """The shorter quote's words are at least SAME_STATEMENT_COVERAGE found in the other's."""
    return len(short & other) >= SAME_STATEMENT_COVERAGE * len(short)


def compare_quotes(a: QuoteLike, b: QuoteLike) -> Verdict | None:
    """Compare two quotes (text, speaker): agree, conflict (wording or misattribution), or None (unrelated).

    Same speaker and the same words (or one a part of the other) → agree; same speaker and the same
    statement in other words → conflict with a word diff; other speaker and the same words →
    conflict "misattribution". An unknown speaker or an indirect quote (reported speech, `kind`
    "indirect") never makes a conflict.
    """
    pa, pb = _prepare(a.text or ""), _prepare(b.text or "")
    if not pa.keys or not pb.keys:
        return None
    swapped = len(pa.keys) > len(pb.keys)
    if swapped:  # shorter first
        a, b, pa, pb = b, a, pb, pa
    ta, tb, ka, kb = pa.tokens, pb.tokens, pa.keys, pb.keys
    speakers = same_speaker(a.speaker, b.speaker)
    who = a.speaker if speakers else None
    # Reported speech is the reporter's wording: it can agree, but makes no wording or attribution conflict.
    reported = "indirect" in (getattr(a, "kind", "direct"), getattr(b, "kind", "direct"))
    if len(ka) >= MIN_MATCH_WORDS and _same_words(pa, pb):
        part = "" if ka == kb else " (one quotes a part of the other)"
        if speakers is False:
            if len(ka) < MIN_MISATTRIBUTION_WORDS or reported:
                return None
            return Verdict("conflict",
                           f"misattribution: the same words are credited to {a.speaker} and to {b.speaker}")
        if speakers is None:
            return Verdict("agree", f"same words{part}; the speaker is unknown in one source")
        return Verdict("agree", f"same words by {who}{part}")
    if not speakers or reported or len(ka) < MIN_MATCH_WORDS + 1:
        return None
    if not _covers(pa.key_set, pb.key_set):  # cheap gate
        return None
    start, end, score = _aligned_window(pa.codes, pb.codes)
    if score < SAME_STATEMENT_RATIO:
        return None
    sub = tb[start:end]
    raw = [o for o in _opcodes(pa.codes, pb.codes[start:end]) if o[0] != "equal"]
    # A quote that starts or stops earlier than the other is a partial quote, not a difference.
    if raw and raw[0][0] in ("insert", "delete") and raw[0][1] == 0 and raw[0][3] == 0:
        raw = raw[1:]
    if raw and raw[-1][0] in ("insert", "delete") and raw[-1][2] == len(ka) and raw[-1][4] == len(sub):
        raw = raw[:-1]
    # sentences only here: most pairs never get this far
    if _rewrites_a_sentence(raw, _sentences(a.text or "", len(ka)), _sentences(b.text or "", len(kb)), start, end):
        return None
    ops = [(op, _surface(ta, i1, i2), _surface(sub, j1, j2)) for op, i1, i2, j1, j2 in raw]
    if swapped:  # show the difference from the caller's first quote to the second
        ops = [({"delete": "insert", "insert": "delete"}.get(op, op), new, old) for op, old, new in ops]
    if not ops:
        return Verdict("agree", f"same words by {who} where the quotes overlap")
    return Verdict("conflict", f"same statement by {who}, worded differently: {format_diff(ops)}", tuple(ops))


# ───────────────────────────── blocking ─────────────────────────────

MAX_BLOCK = 64  # a term in more quotes than this is too common to pair quotes by
MAX_TERM = 100  # longer terms are not indexed (the column's width)
MIN_SHARED = 2  # usable terms two quotes must share to be compared (one if either has only one)


def _is_content_word(key: str) -> bool:
    """A word that can identify a statement: not a stopword, at least 4 letters, not a number."""
    return len(key) >= 4 and key not in STOPWORDS and not key.isdigit()


def index_terms(text: str) -> set[str]:
    """The terms of a quote kept in the quote_terms index: its content words; each two content words
    that follow each other in it ("defend the homeland" → "defend homeland"); and, for a quote of
    MIN_MATCH_WORDS words or more, a fingerprint of all its words ("=" and 16 hex digits).

    In a large archive nearly every word is in more than MAX_BLOCK quotes ("Ukraine", "promise"), and
    so useless to pair quotes by; a phrase stays rare far longer, and a quote repeated word for word
    shares its fingerprint with its copies whatever its words."""
    keys = [k for k, _, _ in quote_tokens(text)]
    content = [k for k in keys if _is_content_word(k)]
    terms = set(content)
    terms.update(f"{a} {b}" for a, b in zip(content, content[1:]) if a != b)
    if len(keys) >= MIN_MATCH_WORDS:
        terms.add("=" + hashlib.sha1(" ".join(keys).encode("utf-8")).hexdigest()[:16])
    return {t for t in terms if len(t) <= MAX_TERM}


def word_terms(terms: Iterable[str]) -> frozenset[str]:
    """The single words among a quote's index terms (index_terms): its content words."""
    return frozenset(t for t in terms if " " not in t and t[0] != "=")  # is_word_term, inline: a hot loop


def may_share_words(words_a: Set[str], words_b: Set[str]) -> bool:
    """False when two quotes, by their content words (word_terms), cannot have "the same words" (one
    all of the other, or a run of it): the words of neither are all in the other. All that quotes of
    two speakers, or of an unknown one, can have in common (compare_quotes), told without reading them."""
    return words_a <= words_b or words_b <= words_a


def is_word_term(term: str) -> bool:
    """An index term that is a single word (not a phrase or a fingerprint): what migration 0004 indexed."""
    return " " not in term and not is_fingerprint(term)


def is_fingerprint(term: str) -> bool:
    """An index term that stands for all the words of a quote (index_terms)."""
    return term.startswith("=")


def is_candidate(usable_a: Set[str], usable_b: Set[str], min_shared: int = MIN_SHARED) -> bool:
    """The rule candidate_pairs pairs two quotes by, given their usable terms: they share a
    fingerprint (the same words), or enough of their other usable terms (shares_enough). A
    fingerprint that is not shared tells nothing of how much of a quote another one can hold, so it
    is not counted: a part of a quote ("For Thailand this is a test," ...) pairs with the whole
    by the one rare phrase it has."""
    shared = usable_a & usable_b
    if not shared:
        return False
    if any(map(is_fingerprint, shared)):
        return True
    return shares_enough(len(shared), counted_terms(usable_a), counted_terms(usable_b), min_shared)


def counted_terms(usable: Set[str]) -> int:
    """How many of a quote's usable terms count for shares_enough: all but a fingerprint."""
    return len(usable) - sum(map(is_fingerprint, usable))


def usable_terms(terms: Iterable[str], df: Mapping[str, int], max_block: int | None = None) -> set[str]:
    """The terms rare enough to pair quotes by: in at most `max_block` (MAX_BLOCK) quotes."""
    limit = MAX_BLOCK if max_block is None else max_block
    return {w for w in terms if df.get(w, 0) <= limit}


def usable_terms_each(terms: Iterable[set[str]], df: Mapping[str, int],
                      max_block: int | None = None) -> list[set[str]]:
    """usable_terms of each quote's terms, each distinct word looked up once (quotes share many)."""
    terms = list(terms)
    words = set().union(*terms)
    common = words - usable_terms(words, df, max_block)
    return [ws - common for ws in terms]


def candidate_pairs(terms: Sequence[set[str]], df: Mapping[str, int] | None = None, max_block: int | None = None,
                    min_shared: int = MIN_SHARED, focus: Iterable[int] | None = None,
                    among: Iterable[Sequence[int]] = ()) -> set[tuple[int, int]]:
    """Index pairs (i < j) worth a compare_quotes call, found through an inverted index, never all pairs.

    `terms` are the quotes' index terms (index_terms); `df` how many quotes have each term (the whole
    database's: by default these quotes'). A term in more than `max_block` quotes is too common to
    pair by. Two quotes are a candidate pair when they share a fingerprint, `min_shared` usable terms,
    or every usable term of either but a fingerprint (is_candidate). The rule is symmetric, so the
    pairs of new quotes can be found through the stored index alone. At most len(terms) * terms per
    quote * max_block index look-ups.
    With `focus`, only the pairs with one of those quotes, and those within one of the lists `among`.
    """
    if df is None:
        df = Counter(w for ws in terms for w in ws)
    usable = usable_terms_each(terms, df, max_block)
    postings: dict[str, list[int]] = defaultdict(list)
    fingerprint: dict[int, str] = {}  # quote → its usable fingerprint
    for i, ws in enumerate(usable):
        for w in ws:
            postings[w].append(i)
            if w[0] == "=":  # is_fingerprint, inline: a loop over every term of every quote
                fingerprint[i] = w
    words = [len(ws) - (i in fingerprint) for i, ws in enumerate(usable)]  # counted_terms of each
    pairs: set[tuple[int, int]] = set()
    for i in range(len(usable)) if focus is None else sorted(set(focus)):
        shared = [postings[w] for w in usable[i] if len(postings[w]) > 1]  # most terms are this quote's alone
        if shared:
            copies = postings[fingerprint[i]] if i in fingerprint else ()
            hits = Counter(chain.from_iterable(shared))
            del hits[i]
            need = min(min_shared, words[i])  # shares_enough, inline: n >= min(min_shared, words[i], words[j])
            pairs.update((min(i, j), max(i, j)) for j, n in hits.items()
                         if n >= need or n >= words[j] or j in copies)
    for group in among:  # as through the postings
        pairs.update((i, j) for i, j in combinations(sorted(group), 2)
                     if is_candidate(usable[i], usable[j], min_shared))
    return pairs


def shares_enough(shared: int, usable_a: int, usable_b: int, min_shared: int = MIN_SHARED) -> bool:
    """Whether two quotes with `usable_a` and `usable_b` usable terms, `shared` of them in common,
    are a candidate pair: `min_shared` in common, or every usable term of either (a quote whose
    common words leave it one rare word is paired by that word)."""
    return shared >= min(min_shared, usable_a, usable_b)


# ───────────────────────────── cross-claim consistency ─────────────────────────────

RE_SHARED = re.compile(r"\b(shared|common|joint|overlapping|mutual)\b.*\bmember\b")  # "shared members"
RE_MEMBERS = re.compile(r"^(member|member state|member country|ally|members)$")  # "27 members"
RE_SUBJECT_SPLIT = re.compile(r"\s+and\s+|\s*[,&/]\s*|(?<=\w)[-–](?=\w)")  # "EU and NATO", "EU-NATO"


def _event_date(claim: ClaimLike) -> str | None:
    _, _, event = _split_qualifiers(getattr(claim, "qualifiers", ()))
    return next(iter(event.values()), None)


def consistency_flags(claims: Sequence[ClaimLike], aliases: Mapping[str, str] | None = None) -> list[Flag]:
    """Cheap cross-claim checks: a shared-members count above either organisation's member count;
    an ordinal series (one key, events dated by a qualifier) whose ranks repeat, skip or run backwards."""
    flags: list[Flag] = []
    members: dict[str, list] = defaultdict(list)
    shared, series = [], defaultdict(list)
    for c in claims:
        family = KIND_FAMILIES.get(norm_name(c.kind))
        prop = norm_property(c.property)
        if family == "count" and RE_SHARED.search(prop):
            shared.append(c)
        elif family == "count" and RE_MEMBERS.match(prop):
            members[_canonical(c.subject, aliases)].append(c)
        elif family == "ordinal" and _num(c.value) is not None and (when := _event_date(c)):
            if _when(when).ranges:
                series[claim_key(c, aliases)].append((_when(when).ranges[0][0], when, c))
    for s in shared:
        iv = claim_interval(s)
        orgs = [_canonical(p, aliases) for p in RE_SUBJECT_SPLIT.split(s.subject or "") if p.strip()]
        for org in orgs:
            for m in members.get(org, ()):
                im = claim_interval(m)
                gap = days_apart(getattr(s, "as_of", None), getattr(m, "as_of", None))
                if iv and im and iv.low > im.high and (gap is None or gap <= OUTDATED_AFTER_DAYS):
                    flags.append(Flag("shared-exceeds-members",
                                      f"{describe_number(s)} of {s.subject} is more than the "
                                      f"{describe_number(m)} of {m.subject}", (s, m)))
    for items in series.values():
        items.sort(key=lambda t: (t[0], _num(t[2].value)))
        by_rank: dict[float, list] = defaultdict(list)
        for item in items:
            by_rank[_num(item[2].value)].append(item)
        for rank, dated in by_rank.items():
            if len({day for day, _, _ in dated}) > 1:
                whens = " and ".join(dict.fromkeys(w for _, w, _ in dated))
                flags.append(Flag("ordinal-repeat", f"two events are both number {fmt_number(rank)}: {whens}",
                                  tuple(c for _, _, c in dated)))
        ranks = sorted((rank, dated[0]) for rank, dated in by_rank.items())  # earliest event per rank
        for (r0, (day0, w0, c0)), (r1, (day1, w1, c1)) in zip(ranks, ranks[1:]):
            if day1 <= day0:
                flags.append(Flag("ordinal-order", f"number {fmt_number(r1)} ({w1}) is dated before "
                                  f"number {fmt_number(r0)} ({w0})", (c0, c1)))
            elif r1 - r0 > 1:
                flags.append(Flag("ordinal-skip", f"number {fmt_number(r0)} ({w0}) is followed by number "
                                  f"{fmt_number(r1)} ({w1}): the ranks skip", (c0, c1)))
    return flags
