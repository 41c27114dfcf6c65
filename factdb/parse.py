"""RawArticle → Article: normalise, split paragraphs and sentences, mark sections, find metadata."""
from __future__ import annotations

import datetime as dt
import functools
import re

from dateutil import parser as dateparser
from syntok import segmenter
from syntok.tokenizer import Tokenizer

from factdb.extract import maker
from factdb.records import Article, Paragraph, RawArticle, Sentence

_paragraph, _sentence = maker(Paragraph), maker(Sentence)  # Paragraph(...), Sentence(...), faster

# One character for one character, so offsets in the folded text are offsets in the original.
FOLD = str.maketrans({
    # double quotation marks: curly, low, reversed, guillemets, double prime, full-width, CJK corners
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2033": '"', "\u2036": '"', "\u301d": '"', "\u301e": '"', "\u301f": '"', "\uff02": '"',
    "\u300c": '"', "\u300d": '"', "\u300e": '"', "\u300f": '"',
    # single quotation marks and apostrophes: curly, low, reversed, single guillemets, primes, accents
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2039": "'", "\u203a": "'",
    "\u2032": "'", "\u2035": "'", "\u02bc": "'", "\u02bb": "'", "\u00b4": "'", "`": "'", "\uff07": "'",
    # spaces: no-break, figure, narrow, thin, hair, en/em and the other fixed widths, ideographic,
    # zero-width ones and the byte-order mark (kept one for one so offsets do not move)
    "\u00a0": " ", "\u1680": " ", "\u2000": " ", "\u2001": " ", "\u2002": " ", "\u2003": " ",
    "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ",
    "\u200a": " ", "\u200b": " ", "\u202f": " ", "\u205f": " ", "\u3000": " ", "\ufeff": " ",
    "\t": " ", "\x0b": " ", "\x0c": " ",
    # line breaks other than "\n"
    "\r": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n",
    # hyphens and dashes: hyphen, non-breaking, figure, en, em, bar, minus, two/three-em, small, full-width
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u2e3a": "-", "\u2e3b": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
})


_FOLD_CHARS = {chr(k): v for k, v in FOLD.items()}
# Any character FOLD maps (a regex finds the few in a text faster than str.translate walks it all)
RE_FOLDABLE = re.compile("[" + "".join(re.escape(c) for c in _FOLD_CHARS) + "]")


def normalise(text: str) -> str:
    """Fold typographic quotation marks, dashes and spaces to ASCII, keeping the length."""
    return RE_FOLDABLE.sub(lambda m: _FOLD_CHARS[m.group()], text)


# ── paragraphs ──────────────────────────────────────────────────────────────────────────────────

# A line trimmed of the white space around it: from its first to its last non-space character
RE_LINE = re.compile(r"\S(?:[^\n]*\S)?")
# A line that starts a list item, never joined to the line above: "- Defense Industry Support:"
RE_BULLET = re.compile(r"[-*\u2022\u25cf\u25aa]\s|\d{1,2}[.)]\s")
MAX_WRAP_WIDTH = 100  # hard-wrapped text is wrapped at ~60-80 columns; longer lines are paragraphs


def _lines(norm: str) -> list[tuple[int, int, bool]]:
    """Non-blank lines as (start, end, follows_blank), trimmed of surrounding white space."""
    out, prev_end = [], 0
    for m in RE_LINE.finditer(norm):
        start, end = m.span()
        # two newlines between two lines make a blank line between them
        out.append((start, end, not out or norm.count("\n", prev_end, start) >= 2))
        prev_end = end
    return out


def _blocks(lines: list[tuple[int, int, bool]]) -> list[list[tuple[int, int]]]:
    blocks: list[list[tuple[int, int]]] = []
    for start, end, follows_blank in lines:
        if follows_blank or not blocks:
            blocks.append([])
        blocks[-1].append((start, end))
    return blocks


def _wrap_width(blocks: list[list[tuple[int, int]]]) -> int | None:
    """The column hard-wrapped text is wrapped at, or None when lines are paragraphs."""
    multi = [b for b in blocks if len(b) >= 2]
    if len(blocks) < 2 or 2 * len(multi) <= len(blocks):
        return None
    width = max(e - s for b in multi for s, e in b)
    return width if width <= MAX_WRAP_WIDTH else None


def paragraphs(norm: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: one per line, or per blank-line block when the text is hard-wrapped."""
    lines = _lines(norm)
    blocks = _blocks(lines)
    width = _wrap_width(blocks)
    if width is None:
        return [(s, e) for s, e, _ in lines]
    out = []
    for block in blocks:
        start = block[0][0]
        for (s, e), nxt in zip(block, block[1:] + [None]):
            if nxt is not None:
                # A greedy wrapper breaks only when the next word does not fit: if it would have
                # fitted, the break is the writer's ("Headline\nBy Jane Doe").
                word = norm[nxt[0]:nxt[1]].split(" ", 1)[0]
                if e - s + 1 + len(word) > width and not RE_BULLET.match(norm, nxt[0]):
                    continue
            out.append((start, e))
            if nxt is not None:
                start = nxt[0]
    return out


# ── sentences ───────────────────────────────────────────────────────────────────────────────────

TOKENIZER = Tokenizer()
# A possible sentence break: terminal, closing quotation marks/brackets, space, and what follows:
# 'He left. Then', 'We won." She', 'Why? "No'. No terminal stands before the run of terminals; that is
# checked after its first one, so that the regex engine can skip straight from terminal to terminal.
RE_BREAK = re.compile(
    r"(?P<term>[.!?\u2026](?<![.!?\u2026].)[.!?\u2026]*+)[\"')\]]*(?P<space>\s+)(?=[\"'(\[]*(?P<next>\S))")
# Abbreviations that stand before a name or number and so never end a sentence:
# "Sen. Maria Lopez", "Gov. Tom Hale", "Gen. Mark Milley", "St. Louis", "Jan. 10", "Fig. 3"
PREFIX_ABBREVIATIONS = frozenset("""
    mr mrs ms mx dr prof rev fr st mt ft gen lt col maj capt cmdr adm sgt cpl pvt brig
    sen rep gov pres amb atty supt insp det hon messrs mme mlle fig figs vol pp nos
    jan feb mar apr jun jul aug sep sept oct nov dec
""".split())
# Abbreviations that may also end a sentence, which syntok judges: "Acme Inc. said", "John Smith Jr. The"
ABBREVIATIONS = frozenset("""
    sr jr inc corp co ltd llc plc bros dept univ assn est approx vs etc al no ca cf
    mon tue tues wed thu thur thurs fri sat sun ave blvd rd hwy
""".split())
# A word before a terminal, read backwards: "neS" in "Sen. Warren", "S.U" in "the U.S. Army"
RE_WORD_REVERSED = re.compile(r"[\w.'\-]*")
ROMAN_NUMERALS = frozenset("i ii iii iv v vi vii viii ix x xi xii".split())
SYNTOK_WINDOW = 40  # characters of context on each side of an ambiguous break


def _is_break(norm: str, start: int, end: int, m: re.Match) -> bool:
    """Whether a RE_BREAK match ends a sentence; syntok judges abbreviations, initials and numbers."""
    nxt = m.group("next")
    if nxt.islower():
        return False
    word = _word_before(norm, max(start, m.start() - 20), m.start()).casefold()
    full_stop = m.group("term") == "."
    if full_stop and word in PREFIX_ABBREVIATIONS:
        return False
    if not nxt.isalnum():  # "said. $5 billion ...": a break after a plain word only
        return word.isalpha() and len(word) > 1 and word not in ABBREVIATIONS
    if nxt.isdigit() or full_stop and (word in ABBREVIATIONS or word in ROMAN_NUMERALS or len(word) == 1
                                       or "." in word):
        return _syntok_breaks(norm, start, end, m.end("term"), m.start("next"))
    return True


def _word_before(norm: str, lo: int, hi: int) -> str:
    """The word that ends norm[lo:hi] (or its last line): "Sen" in "said Sen", "U.S" in "the U.S".

    Matched on the reversed text: a search for the word at the end would try every start position.
    """
    chunk = norm[lo:hi - 1] if norm.endswith("\n", lo, hi) else norm[lo:hi]
    return chunk[len(chunk) - RE_WORD_REVERSED.match(chunk[::-1]).end():]


def _syntok_breaks(norm: str, start: int, end: int, at: int, upto: int) -> bool:
    """Whether syntok starts a sentence between `at` and `upto`, reading a window around them."""
    lo = max(start, norm.rfind(" ", start, max(start, at - SYNTOK_WINDOW)) + 1)
    hi = norm.find(" ", min(end, upto + SYNTOK_WINDOW), end)
    hi = end if hi < 0 else hi
    chunk = norm[lo:hi]
    for sent in list(segmenter.split(TOKENIZER.tokenize(chunk)))[1:]:
        first = next((t.offset for t in sent if t.value), None)
        if first is not None and at <= lo + first <= upto:
            return True
    return False


def sentences(norm: str, paras: list[Paragraph]) -> list[Sentence]:
    """Sentences inside each paragraph (never across two), as spans of the original text: plain breaks
    by rule, doubtful ones as syntok reads them. A closing quotation mark stays with the sentence it
    closes ('We won." She left.').

    One scan of the whole text, not one a paragraph: paragraphs are trimmed and only white space lies
    between them, so a match inside a paragraph is the one its own scan finds, and the only other kind,
    after a paragraph's last terminal, has its space at the paragraph's end and is left out."""
    out = []
    breaks = RE_BREAK.finditer(norm)
    m = next(breaks, None)
    for i, p in enumerate(paras):
        start, end = p.start, p.end
        while m is not None and m.start() < start:
            m = next(breaks, None)
        s_start = start
        while m is not None and m.start("space") < end:
            if _is_break(norm, start, end, m):
                out.append(_sentence(s_start, m.start("space"), i))
                s_start = m.end("space")
            m = next(breaks, None)
        out.append(_sentence(s_start, end, i))
    return out


# ── dates in header lines ───────────────────────────────────────────────────────────────────────

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?"
# A full calendar date with a year, by the way it is written; the group name says how to read it.
RE_DATE = re.compile(
    # tested first, for speed: a date starts a word with a digit or a weekday's or month's first letter
    r"\b(?=[\dadfjmnostw])"
    rf"(?:\b{_WEEKDAY},?\s+)?(?:"
    r"(?P<iso>\b\d{4}-[01]\d-[0-3]\d)(?![\d-])"  # "2024-05-06", "2024-05-06T10:00:00Z"
    rf"|(?P<mdy>\b{_MONTH}\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+\d{{4}})\b"  # "May 6, 2024"
    rf"|(?P<dmy>\b[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}})\b"  # "6 May 2024"
    r"|(?P<dotted>\b[0-3]?\d\.[01]?\d\.\d{4})\b"  # "05.07.2024" (day first)
    r"|(?P<slashed>\b[01]?\d/[0-3]?\d/\d{4}|\b[0-3]?\d/[01]?\d/\d{4})\b"  # "13/05/2024", "05/13/2024"
    r")",
    re.IGNORECASE,
)
# A time of day beside a date: "10:32 GMT", "3:05 p.m. ET", "14:00 (UTC+3)"
RE_TIME = re.compile(
    r"\b[0-2]?\d[:.][0-5]\d(?::[0-5]\d)?\s*(?:[ap]\.?m\.?)?\s*"
    r"(?:\(?(?:GMT|UTC|[ECMP][SD]?T|CES?T|EES?T|BST|IST|TRT|MSK)(?:\s*[+-]\s*\d{1,2}(?::?\d\d)?)?\)?)?",
    re.IGNORECASE,
)
# Words that label a date line: "Published: May 6, 2024", "Last updated on 06.07.2024"
RE_DATE_LABEL = re.compile(
    r"\b(?:first\s+|last\s+)?(?:published|posted|updated?|modified|date[d]?|on|at|am|pm)\b", re.IGNORECASE)
# A label that makes a date line outside the header count: "Published: 6 May 2024"
RE_PUBLISHED_LABEL = re.compile(r"\b(?:published|posted|updated?|modified)\b", re.IGNORECASE)
# A label that marks a later revision, not the publication: "Update : 06.07.2024"
RE_UPDATE_LABEL = re.compile(r"\b(?:updated?|modified)\W*(?:on\W*)?$", re.IGNORECASE)
# Every full date has a four-digit year; lines without one skip RE_DATE: "May 6, 2024"
# (four classes rather than \d{4}: a pattern that starts with a class is scanned faster)
RE_YEAR = re.compile(r"\d\d\d\d")
# The same in ASCII text, twice as fast: a range is tested faster than the category \d
RE_ASCII_YEAR = re.compile(r"[0-9][0-9][0-9][0-9]")
# A relative revision time or reading time beside a date: "Updated 3 hours ago", "4 min read"
RE_RELATIVE_STAMP = re.compile(
    r"\b(?:\d+|an?|one)\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\b"
    r"|\b\d+\s*(?:-\s*)?min(?:ute)?s?\s+read\b|\bjust\s+now\b",
    re.IGNORECASE,
)
# Only separators left once dates, times and labels are gone: "Monday, May 6, 2024 | 10:32 GMT"
RE_ONLY_PUNCT = re.compile(r"[\W_]*")


# The plain forms of a RE_DATE group, read without dateutil (which takes ~0.1 ms a date) where it would
# read them the same way: "2024-05-06", "06.05.2024" (day first), "May 6, 2024", "6th May 2024"
RE_PLAIN_DATE = {
    "iso": re.compile(r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)", re.ASCII),
    "dotted": re.compile(r"(?P<d>\d\d?)\.(?P<m>\d\d?)\.(?P<y>\d{4})", re.ASCII),
    "mdy": re.compile(r"(?P<m>[A-Za-z]+)\.? (?P<d>\d\d?)(?:st|nd|rd|th)?,? (?P<y>\d{4})", re.ASCII),
    "dmy": re.compile(r"(?P<d>\d\d?)(?:st|nd|rd|th)? (?P<m>[A-Za-z]+)\.?,? (?P<y>\d{4})", re.ASCII),
}
MONTH_NAMES = dateparser.parserinfo()  # dateutil's own month names


def _plain_date(kind: str, text: str) -> dt.date | None:
    """The date of a plain, valid date from 1900 to 2100, or None to leave the text to dateutil."""
    rx = RE_PLAIN_DATE.get(kind)
    m = rx.fullmatch(text) if rx else None
    if m is None:
        return None
    month = int(m["m"]) if m["m"].isdigit() else MONTH_NAMES.month(m["m"])
    if month is None or not 1 <= month <= 12 or not 1900 <= int(m["y"]) <= 2100:
        return None  # dateutil reads "05.13.2024" month first
    try:
        return dt.date(int(m["y"]), month, int(m["d"]))
    except ValueError:
        return None


def _date(m: re.Match) -> dt.date | None:
    """The date a RE_DATE match names, or None when it is impossible or ambiguous."""
    kind, text = m.lastgroup, m.group(m.lastgroup)
    when = _plain_date(kind, text)
    if when:
        return when
    if kind == "slashed":  # day/month order is a convention: read it only when a part exceeds 12
        a, b, _ = (int(x) for x in text.split("/"))
        if (a > 12) == (b > 12):
            return None
        text = text if b > 12 else f"{b}/{a}/{text.rsplit('/', 1)[1]}"
    try:
        when = dateparser.parse(text, dayfirst=kind == "dotted").date()
    except (ValueError, OverflowError):
        return None
    return when if 1900 <= when.year <= 2100 else None


def _strip_dates(text: str) -> str:
    return RE_DATE_LABEL.sub(" ", RE_RELATIVE_STAMP.sub(" ", RE_TIME.sub(" ", RE_DATE.sub(" ", text))))


def _line_date(text: str) -> dt.date | None:
    """The publication date of a date line or byline: the first date not labelled as an update."""
    found = [(RE_UPDATE_LABEL.search(text, max(0, m.start() - 20), m.start()) is not None, i, m)
             for i, m in enumerate(RE_DATE.finditer(text))]
    for _, _, m in sorted(found):
        when = _date(m)
        if when:
            return when
    return None


def parse_date(text: str | None) -> dt.date | None:
    """A date as a container gives it ("2024-05-06T10:00Z", "05.07.2024", "May 6, 2024"), else None."""
    if not text or not text.strip():
        return None
    m = RE_DATE.search(text)
    if m:
        return _date(m)
    try:  # free text dateutil can read; a date missing its year, month or day is refused
        a = dateparser.parse(text, default=dt.datetime(1904, 1, 1))
        b = dateparser.parse(text, default=dt.datetime(1908, 2, 2))
    except (ValueError, OverflowError):
        return None
    return a.date() if a.date() == b.date() and 1900 <= a.year <= 2100 else None


# ── names ───────────────────────────────────────────────────────────────────────────────────────

_NAME_WORD = r"[A-Z][\w'.\-]*"
_PARTICLE = r"(?:von|van|der|den|de|da|del|della|di|du|la|le|al|el|bin|ibn|ben|ter|ten|mac)"
# A personal name: "Jane Doe", "Ursula von der Leyen", "J. R. Smith", "Ahmet Gencturk"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD}){{0,4}}"
# One or several names: "Jane Doe and John Roe", "Jane Doe, John Roe & Max Mustermann"
RE_NAMES = re.compile(rf"{_NAME}(?:\s*(?:,|\band\b|&)\s*{_NAME})*")
# Job words after a name in a byline, not part of it: "By Jane Doe, Staff Writer"
RE_BYLINE_ROLE = re.compile(
    r"\b(?:staff|writer|correspondent|reporter|editor|contributor|columnist|journalist|bureau)\b", re.I)
# A labelled byline: "By Jane Doe", "Written by Jane Doe", "Author: Jane Doe", "Reporting by Jane Doe"
RE_BYLINE = re.compile(
    r"(?:(?:written\s+|reporting\s+|text\s+)?by|authors?\s*:|writer\s*:|reporter\s*:)\s+(?P<who>.+)", re.I)
# What stands before the date of a dated byline; a name without "By" needs a separator:
# "Jane Doe | 05.07.2024", "By Jane Doe 6 May 2024" (not "Biden Visits Kyiv on May 6, 2024")
RE_BYLINE_LEAD = re.compile(r"\s*(?P<who>.*?)\s*(?P<sep>(?:[|\u2022\u00b7/]|\s-)[\s|\u2022\u00b7/,:-]*)?")
# Between names in a byline: "Jane Doe, John Roe and Max Mustermann"
RE_NAME_SEP = re.compile(r"\s*(?:,|\band\b|&)\s*")


def _names(text: str, labelled: bool) -> str | None:
    """The author(s) a byline names; an unlabelled one must give a full name (two words or more)."""
    text = text.strip(" ,;:|-")
    if not RE_NAMES.fullmatch(text):
        return None
    names = [n for n in RE_NAME_SEP.split(text) if n and not RE_BYLINE_ROLE.search(n)]
    if len(names) > 1:  # "Jane Doe, Reuters": a one-word item beside full names is an organisation
        names = [n for n in names if " " in n] or names
    if not names or (not labelled and any(" " not in n for n in names)):
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# ── sections ────────────────────────────────────────────────────────────────────────────────────

# Site furniture, the whole paragraph (case folded), each with an example it must match.
BOILERPLATE = (
    r"related\s+(?:articles?|topics?|stories|posts?|news|content|coverage|links)\s*:?",  # "Related Articles"
    r"(?:more|latest|top|trending)\s+(?:stories|news|articles|from\s+\S+.*)\s*:?",  # "More stories"
    # "You may also like", "Most read"
    r"(?:you\s+may\s+also\s+like|recommended(?:\s+for\s+you)?|most\s+(?:read|popular|viewed))\s*:?",
    # "Back to top button", "Scroll to Top"
    r"(?:back\s+to\s+top|scroll\s+to\s+top|go\s+to\s+top|top\s+of\s+page)(?:\s+button)?",
    r"-*\s*advert[is]+e?ment\s*-*",  # "- Advertisment -", "Advertisement"
    r"(?:source|photo|image|credit)s?\s*(?:by|:)\s*\[[^\]]*\]",  # "Source by [author_name]"
    # "Read all articles by X on Google News, subscribe and follow."
    r"read\s+(?:all|more)\s+(?:articles|stories|news)\s+(?:by|from)\s+.+\s+on\s+google\s+news.*",
    r"(?:follow|find)\s+us\s+on\s+.+",  # "Follow us on Twitter"
    # "Share this article"
    r"(?:share|tweet|email|print)\s+(?:this|the)\s+(?:article|story|post|page|news)\s*:?",
    r"(?:share|tweet|email|print|save|copy\s+link|comments?|leave\s+a\s+(?:comment|reply))\s*:?",  # "Share"
    r"share\s+(?:on|via)\s+\w+(?:\s*,?\s*(?:share\s+(?:on|via)\s+)?\w+)*",  # "Share on Facebook, Twitter"
    # "Bu haberi paylaşın" (Turkish), "Diesen Artikel teilen" (German): "share this article"
    r"bu\s+haberi\s+payla\S*|diesen\s+artikel\s+teilen|partager\s+(?:cet|l')\s*article",
    r"tags?\s*:.*|topics?\s*:.*|filed\s+under\s*:?.*",  # "Tags: NATO, EU"
    # "Read more: Council delays vote", "Click here to subscribe"
    r"(?:also\s+read|read\s+also|read\s+more|see\s+also\s+on\s+\S+|click\s+here\b.*)\s*:?.*",
    r"(?:sign\s+up|subscribe)\b.*(?:newsletter|updates|inbox|now|here).*",  # "Sign up for our newsletter"
    r"\[\d+\]\s*:?\s*(?:https?://|www\.)\S*.*",  # "[2]: https://www.example.com/story"
    r"(?:https?://|www\.)\S+",  # a bare link: "https://example.com/a"
    r"(?:copyright|\(c\)|\u00a9).*",  # "© 2024 Reuters. All rights reserved."
    r"loading\W*|skip\s+to\s+(?:main\s+)?content",  # "Skip to content"
    # "FOR IMMEDIATE RELEASE", "Press release", "EMBARGOED UNTIL 00:01 GMT"
    r"for\s+immediate\s+release|(?:press|news|media)\s+release\s*:?|embargoed\b.{0,60}",
    r"\d+\s*(?:-\s*)?min(?:ute)?s?\s+read",  # "12 min read"
)
RE_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE), re.IGNORECASE)
# The same for an ASCII line lower-cased, where it reads the same: twice as fast as IGNORECASE
RE_BOILERPLATE_LOWER = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE))
FURNITURE_MAX = 120  # a furniture line, date line or byline is short; longer ones are not checked
# Phrases that make a paragraph of up to BLURB_MAX characters site furniture, wherever they stand:
# "Anadolu Agency website contains only a portion of the news stories offered to subscribers ..."
BOILERPLATE_PHRASES = (
    "offered to subscribers", "contact us for subscription",
    "all rights reserved",  # "The Valley Herald 2025. All rights reserved."
    "we use cookies",  # "We use cookies to improve your experience."
    "delivered to your inbox",  # "Sign up for The Checkup, ... delivered to your inbox every Tuesday."
    "originally published on", "originally appeared on",  # "This story originally appeared on City Daily."
    "your browser does not support", "enable javascript",  # "Please enable JavaScript to view the comments"
)
BLURB_MAX = 400
# A heading after which everything is appended material, not the article:
# "Further Reading:", "Enrichment Insights:", "Sources:", "References"
RE_APPENDIX_HEADING = re.compile(
    r"(?:further|additional|related|suggested)\s+(?:reading|resources|information)|enrichment\s+insights?"
    r"|sources?(?:\s+and\s+references)?|references?|footnotes?|notes|bibliography|external\s+links"
    r"|key\s+insights?|additional\s+insights?|background\s+information|editor'?s?\s+notes?",
    re.IGNORECASE,
)
HEADING_MAX = 60
# A breadcrumb trail: "Home > World > Europe", "News / Politics / EU", "Home » Europe"
RE_BREADCRUMB = re.compile(r"(?:home|news)\s*[>»›/|]\s*.+|[^>»›\n]{1,40}(?:\s*[>»›]\s*[^>»›\n]{1,80}){2,}",
                           re.IGNORECASE)
# A breadcrumb whose items the page printed without separators: "HomeEuropeEU and NATO vow ..."
RE_GLUED_BREADCRUMB = re.compile(r"Home(?=[A-Z])")
# Words that name a site's sections: "World, Asia - Pacific, Russia-Ukraine War"
SECTION_WORDS = frozenset("""
    news world politics business economy economics markets finance europe asia africa americas
    middle east opinion analysis features sport sports tech technology science health culture
    entertainment local national international defense defence security military diplomacy
    latest breaking environment climate energy exclusive explainer factbox interview
    editorial commentary live update features feature transport travel property housing education lifestyle
    weather crime courts society media arts books food motoring obituaries football cricket rugby tennis golf
    nature environment money jobs careers
""".split())
CATEGORY_ITEM_MAX_WORDS = 4
RE_CATEGORY_SEP = re.compile(r"\s*[,|\u00b7\u2022]\s*")
# A city dateline printed alone: "ATHENS", "NEW YORK", "KYIV, Ukraine"
RE_CITY_DATELINE = re.compile(
    r"[A-Z][A-Z'.\-]+(?:\s+[A-Z][A-Z'.\-]+){0,2}(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?\s*[-:]?")
# A dateline that opens the first paragraph: "KYIV, May 6, 2024 - ...", "BRUSSELS (Reuters), Jan. 10, 2023 -",
# "BOSTON, Feb. 27, 2025 /PRNewswire/ --"
RE_BODY_DATELINE = re.compile(
    r"[A-Z][A-Z'.\-]+(?:\s+[A-Z][A-Z'.\-]+){0,2}(?:,\s*[A-Z][A-Za-z.]+)?(?:\s*\([^)]{1,30}\))?,?\s+"
    rf"(?P<date>(?:{_WEEKDAY},?\s+)?{_MONTH}\s+[0-3]?\d,?\s+\d{{4}}|[0-3]?\d\s+{_MONTH}\s+\d{{4}})"
    r"(?:\s*(?:\([^)]{1,30}\)|/[^/\n]{1,30}/))?\s*[-:]")
# A wire credit in the dateline: "BRUSSELS (Reuters) -", "NAIROBI, March 11 (Reuters) -", "WASHINGTON (AP) -"
RE_WIRE_CREDIT = re.compile(
    r"[A-Z][A-Z'.\-]+(?:\s+[A-Z][A-Z'.\-]+){0,2}(?:,\s*[A-Z][\w.]*(?:\s+[\w.]+){0,2})?\s*"
    r"\((?P<wire>[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,3})\)\s*[-:]")
# Wire services known by their initials, as their own copy names them
WIRE_SERVICES = {"AP": "Associated Press", "AFP": "Agence France-Presse", "UPI": "United Press International",
                 "DPA": "Deutsche Presse-Agentur", "PTI": "Press Trust of India", "ANI": "Asian News International",
                 "PA": "PA Media", "CP": "The Canadian Press", "AAP": "Australian Associated Press"}
# A newspaper's name printed above its headline: "Port Marlow Gazette", "The Daily Star"
MASTHEAD_WORDS = frozenset("""
    gazette times post herald tribune journal chronicle courier daily observer guardian telegraph independent
    star sun mirror express record review register examiner inquirer enquirer dispatch bulletin standard mail
    press reporter sentinel monitor globe leader echo advocate argus beacon ledger gleaner courant weekly
""".split())
MASTHEAD_MAX_WORDS = 5
BODY_MIN_WORDS = 8  # the article proper starts with a paragraph this long ending with a full stop
STANDFIRST_MAX = 1  # paragraphs between the headline and a byline that are a standfirst, not the article
TITLE_MIN_WORDS = 4
TITLE_MAX = 250
# Punctuation and spaces ignored when comparing two lines: "EU and NATO vow…" ~ "eu and nato vow"
RE_KEY_JUNK = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=1024)  # a header line is compared with each of the lines above it
def _key(text: str) -> str:
    """A line as compared with the headline; long lines are never headlines."""
    return RE_KEY_JUNK.sub(" ", text.casefold()).strip() if len(text) <= TITLE_MAX else ""


def _is_boilerplate(line: str) -> bool:
    if len(line) > BLURB_MAX:
        return False
    folded = line.casefold()
    if len(line) <= FURNITURE_MAX and (RE_BOILERPLATE_LOWER.fullmatch(folded) if line.isascii()
                                       else RE_BOILERPLATE.fullmatch(line)):
        return True
    for phrase in BOILERPLATE_PHRASES:  # a plain loop, not any(): this runs on every paragraph
        if phrase in folded:
            return True
    return False


def _is_category_line(line: str) -> bool:
    """ "World, Asia - Pacific, Russia-Ukraine War", "ANALYSIS": short capitalised items, one a section."""
    items = [i.strip() for i in RE_CATEGORY_SEP.split(line)]
    # the section test first: a headline fails it at its first word
    if not all(items) or not any(_is_section(item) for item in items):
        return False
    for item in items:
        words = [w for w in item.split() if any(c.isalpha() for c in w)]
        if not words or len(words) > CATEGORY_ITEM_MAX_WORDS or not all(w[0].isupper() for w in words):
            return False
    return True


def _is_section(item: str) -> bool:
    """A site section's name: "Politics", "LOCAL NEWS", "Science & Nature"."""
    return item.casefold() in SECTION_WORDS or all(w.casefold() in SECTION_WORDS or w == "&" for w in item.split())


def _is_date_line(line: str, m: re.Match | None) -> bool:
    """ "Monday, May 6, 2024", "Published: 2024-05-06 10:32 GMT": dates, times and labels only."""
    return m is not None and bool(RE_ONLY_PUNCT.fullmatch(_strip_dates(line)))


def _byline(line: str, m: re.Match | None) -> tuple[str, dt.date | None] | None:
    """(author, date) of a byline ("By Jane Doe", "Jane Doe | 05.07.2024 - Update : 06.07.2024");
    `m` is the line's first date."""
    who, sep = line, None
    if m is not None:  # the name, then only dates, times and labels
        lead = RE_BYLINE_LEAD.fullmatch(RE_DATE_LABEL.sub(" ", line[:m.start()]))
        if lead is None or not RE_ONLY_PUNCT.fullmatch(_strip_dates(line[m.start():])):
            return None
        who, sep = lead.group("who"), lead.group("sep")
    labelled = RE_BYLINE.fullmatch(who)
    author = _names(labelled.group("who"), labelled=True) if labelled else _names(who, False) if sep else None
    return (author, _line_date(line) if m else None) if author else None


class _Header:
    """What the lines above the article proper say: title, date, author."""

    def __init__(self):
        self.title: int | None = None
        self.published: dt.date | None = None
        self.published_how: str | None = None
        self.author: str | None = None
        self.masthead: str | None = None  # a newspaper's name above the headline
        self.wire: str | None = None  # the wire service a dateline credits

    def date(self, when: dt.date | None, how: str):
        if when and self.published is None:
            self.published, self.published_how = when, how


def _sections(norm: str, spans: list[tuple[int, int]], title: str | None) -> tuple[list[str], _Header]:
    """The section of every paragraph, and what the header says."""
    lines = [norm[s:e] for s, e in spans]
    sections = ["body"] * len(spans)
    head = _Header()
    title_key = _key(title) if title else None
    in_header, in_appendix = True, False
    body_start, own_title = -1, False
    body_seen = 0  # body paragraphs since the header ended: a standfirst may come before the byline
    nav_after_title = False  # site navigation below a headline taken from the text: that was the site's name
    for i, line in enumerate(lines):
        if _is_boilerplate(line):
            sections[i] = "boilerplate"
            continue
        if in_appendix:
            sections[i] = "appendix"
            continue
        short = len(line) <= FURNITURE_MAX
        date = (RE_DATE.search(line) if short and (RE_ASCII_YEAR if line.isascii() else RE_YEAR).search(line)
                else None)
        if _is_date_line(line, date):
            sections[i] = "meta"
            if in_header or RE_PUBLISHED_LABEL.search(line):
                head.date(_line_date(line), "dateline")
            continue
        byline = _byline(line, date) if short else None
        if byline:
            sections[i] = "meta"
            head.author = head.author or byline[0]
            if not in_header and body_seen <= STANDFIRST_MAX and i == body_start + body_seen:
                in_header = True  # "The ice that remembers / Deep beneath… (a standfirst) / By Eleanor Voss / 2025-04-02"
            if in_header:
                head.date(byline[1], "byline")
            continue
        loose = in_header and head.title is None
        key = (_key(line) if title_key and len(line) <= 2 * len(title_key) + 10
               and (loose or _may_repeat_title(line, title_key)) else "")
        if key and (key == title_key or loose and _shares_headline(key, title_key)):
            # the headline, the headline printed again, or a header line a container title cuts or extends
            sections[i] = "meta" if head.title is not None else "title"
            head.title = i if head.title is None else head.title
            continue
        if in_header and len(line) <= TITLE_MAX and (
                RE_BREADCRUMB.fullmatch(line) or RE_GLUED_BREADCRUMB.match(line)
                or _ends_with_later_line(lines, i) or (short and _is_category_line(line))
                or (head.title is not None and RE_CITY_DATELINE.fullmatch(line))):
            sections[i] = "meta"
            nav_after_title = own_title and head.title is not None and not RE_CITY_DATELINE.fullmatch(line)
            continue
        if in_header and nav_after_title and len(line.split()) >= TITLE_MIN_WORDS and len(line) <= TITLE_MAX \
                and not RE_SENTENCE_END.search(line):
            # "The Pulse - Health news you can use / Home | News | … / Daily walking cuts dementia risk…"
            sections[head.title], sections[i] = "meta", "title"
            head.title, title_key, nav_after_title = i, _key(line), False
            continue
        if not in_header and len(line) <= HEADING_MAX and RE_APPENDIX_HEADING.fullmatch(line.rstrip(" :")):
            sections[i] = "appendix"
            in_appendix = True
            continue
        if in_header and line.rstrip("\"')]")[-1:] in (".", "!") and len(line.split()) >= BODY_MIN_WORDS:
            in_header, body_start, body_seen = False, i, 0
            m = RE_BODY_DATELINE.match(line)
            if m:
                head.date(_line_date(m.group("date")), "dateline")
            m = RE_WIRE_CREDIT.match(line)
            if m:
                head.wire = WIRE_SERVICES.get(m.group("wire").upper(), m.group("wire"))
        if in_header and head.title is None and head.masthead is None and title_key is None and _is_masthead(line):
            sections[i] = "meta"
            head.masthead = line.strip()
            continue
        if in_header and head.title is None and title_key is None and len(line) <= TITLE_MAX:
            sections[i] = "title"
            head.title = i
            title_key = _key(line)
            own_title = True
        elif not in_header and sections[i] == "body":
            body_seen += 1
    return sections, head


def _is_masthead(line: str) -> bool:
    """A paper's name printed alone: a few capitalised words ending in "Gazette", "Times", "Herald"..."""
    words = line.split()
    return (0 < len(words) <= MASTHEAD_MAX_WORDS and words[-1].casefold() in MASTHEAD_WORDS
            and all(w[0].isupper() or w in ("of", "the", "and", "&") for w in words)
            and not RE_SENTENCE_END.search(line))


def _may_repeat_title(line: str, title_key: str) -> bool:
    """Whether _key(line) may equal title_key, cheaply: the headline's first and last words are in it."""
    folded = line.casefold()
    return title_key.partition(" ")[0] in folded and title_key.rpartition(" ")[2] in folded


def _shares_headline(key: str, title_key: str) -> bool:
    """A header line that is the container's title cut or extended: "NATO vow" / "NATO vow | Site"."""
    return key.count(" ") >= 2 and (key in title_key or title_key in key)


def _ends_with_later_line(lines: list[str], i: int) -> bool:
    """A breadcrumb ends with the headline below it: "HomeEuropeEU and NATO vow" / "EU and NATO vow"."""
    key = _key(lines[i])
    for line in lines[i + 1:i + 4]:
        later = _key(line) if len(line) < len(lines[i]) else ""
        if later.count(" ") >= 2 and key.endswith(later) and len(key) > len(later):
            return True
    return False


# ── publisher ───────────────────────────────────────────────────────────────────────────────────

_ORG = r"(?P<pub>[A-Z][\w&'.\-]*(?:\s+(?:[A-Z][\w&'.\-]*|of|the|and|&|for|de)){0,5})"
# Site furniture that names the site: (words the line must contain, rule), each with an example.
PUBLISHER_RULES = tuple((cues, re.compile(p)) for cues, p in (
    # "Anadolu Agency website contains only a portion of the news stories offered to subscribers"
    (("contains",), rf"{_ORG}(?:'s)?\s+(?:website|web\s+site|site|service)\s+contains\b"),
    # "Read all articles by Insight News Media on Google News, subscribe and follow."
    (("google news",), rf"(?i:read\s+(?:all|more)\s+(?:articles|stories|news)\s+(?:by|from))\s+"
                       rf"{_ORG}\s+(?i:on\s+google\s+news)"),
    # "© 2024 Reuters", "Copyright 2020-2024 The Valley Herald"
    (("copyright", "(c)", "\u00a9"),
     rf"(?i:copyright|\(c\)|\u00a9)(?:\s*\u00a9)?\s*(?:\d{{4}}(?:\s*-\s*\d{{4}})?\s*,?\s*)?{_ORG}"),
    # "Reuters 2024. All rights reserved."
    (("rights reserved",), rf"{_ORG}\s*,?\s*(?:\d{{4}}\s*)?\.?\s*(?i:all\s+rights\s+reserved)"),
))
# A name runs to the end of its sentence: "© 2024 Reuters. All rights reserved" → "Reuters"
RE_SENTENCE_GAP = re.compile(r"\.\s")
RE_TRAILING_CONNECTOR = re.compile(r"(?:\s+(?:of|the|and|&|for|de))+$|[.\-']+$")


def _publisher(norm: str, paras: list[Paragraph], sections: list[str]) -> str | None:
    """The site that names itself in its furniture; the article body is never read for this."""
    for p, section in zip(paras, sections):
        if section in ("boilerplate", "meta", "appendix") and p.end - p.start <= BLURB_MAX:
            line = norm[p.start:p.end]
            folded = line.casefold()
            for cues, rx in PUBLISHER_RULES:
                m = any(cue in folded for cue in cues) and rx.search(line)
                if m:
                    name = RE_TRAILING_CONNECTOR.sub("", RE_SENTENCE_GAP.split(m.group("pub"))[0]).strip()
                    if name and name.casefold() not in ("all", "the", "copyright"):
                        return name
    return None


# ── helpers for extractors ──────────────────────────────────────────────────────────────────────

def paragraph_text(article: Article, i: int) -> str:
    """The original text of paragraph i."""
    p = article.paragraphs[i]
    return article.text[p.start:p.end]


SUBHEADING_MAX_WORDS = 12
# A line that ends a sentence (possibly inside a closing quotation mark): "He left." / 'he said."'
RE_SENTENCE_END = re.compile(r"[.!?:;,][\"')\]]*$")


def is_subheading(article: Article, i: int) -> bool:
    """A short title-case body line inside the article: "NATO Remains the Foundation"."""
    p = article.paragraphs[i]
    line = article.norm[p.start:p.end]
    words = [w.strip("\"'()[]") for w in line.split()]
    words = [w for w in words if w and w[0].isalpha()]
    return (p.section == "body" and 0 < len(words) <= SUBHEADING_MAX_WORDS and i + 1 < len(article.paragraphs)
            and not RE_SENTENCE_END.search(line) and 2 * sum(w[0].isupper() for w in words) >= len(words))


# ── parse ───────────────────────────────────────────────────────────────────────────────────────

# " | Site Name" after a container's title, to fill in with the site's name: "Budget passes | City Daily"
TITLE_SITE_SUFFIX = r"\s*[|\-:\u00b7]\s*{}\s*$"


def _container_title(raw: RawArticle) -> str | None:
    """The container's title without a trailing " | Site Name"."""
    title = " ".join(raw.title.split()) if raw.title else None
    if title and raw.publisher:
        title = re.sub(TITLE_SITE_SUFFIX.format(re.escape(raw.publisher)), "", title, flags=re.I) or title
    return title or None


def parse(raw: RawArticle, published: dt.date | None = None) -> Article:
    """Parse one article; `published` overrides the publication date found in the text."""
    text = raw.text
    norm = normalise(text)
    spans = paragraphs(norm)
    title = _container_title(raw)
    sections, head = _sections(norm, spans, title)
    paras = [_paragraph(s, e, section) for (s, e), section in zip(spans, sections)]
    if title is None and head.title is not None:
        title = " ".join(text[paras[head.title].start:paras[head.title].end].split())
    container_date = parse_date(raw.published)
    if published:
        how = "given"
    elif container_date:
        published, how = container_date, "container"
    else:
        published, how = head.published, head.published_how
    return Article(
        raw=raw, text=text, norm=norm, title=title, published=published, published_how=how,
        publisher=raw.publisher or _publisher(norm, paras, sections) or head.masthead or head.wire,
        author=raw.author or head.author,
        paragraphs=tuple(paras), sentences=tuple(sentences(norm, paras)),
    )
