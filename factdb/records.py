"""The dataclasses that travel through the pipeline: RawArticle → Article → Extraction.

Every offset (start, end) indexes into `Article.text`, the text that is stored in the
database, so that `article.text[x.start:x.end]` is the surface of x.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Reviewers' verdicts: on claims and quotes, and on agreement/conflict groups.
ITEM_VERDICTS = ("supported", "refuted", "disputed", "unverifiable", "needs-context", "not-a-claim")
GROUP_VERDICTS = ("confirmed", "dismissed")


@dataclass(frozen=True)
class RawArticle:
    """One article as read from a file, before any interpretation of its text."""

    file: str  # file name as imported (no directory), e.g. "003_47763e78da537fb5.txt"
    path: str  # where it was read from; with ":LINE" for a JSON Lines record
    text: str  # the body: the whole file for plain text, the main text for HTML/JSON
    format: str  # "text" | "jsonl" | "json" | "html"
    url: str | None = None
    title: str | None = None  # given by the container (HTML <title>, JSON field)
    published: str | None = None  # as given by the container, ISO date or free text
    publisher: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    # "body": the article; "title", "meta" (dateline, byline, breadcrumb); "boilerplate" (site
    # furniture such as "Related Articles"); "appendix" (appended sections that are not the
    # article, e.g. "Further Reading").
    section: str = "body"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int  # index into Article.paragraphs


@dataclass(frozen=True)
class Article:
    """A parsed article: clean text with paragraphs, sentences and metadata."""

    raw: RawArticle
    text: str  # stored text; all offsets point into it
    norm: str  # same length as `text`: quotation marks, dashes and spaces folded to ASCII
    title: str | None
    published: dt.date | None
    published_how: str | None  # "dateline", "byline", "container", "given", ...
    publisher: str | None
    author: str | None
    paragraphs: tuple[Paragraph, ...] = ()
    sentences: tuple[Sentence, ...] = ()

    def body_sentences(self) -> list[Sentence]:
        """Sentences of the article proper (not title, meta, boilerplate or appendix)."""
        return [s for s in self.sentences if self.paragraphs[s.paragraph].section == "body"]

    def sentence_at(self, offset: int) -> Sentence | None:
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None


@dataclass(frozen=True)
class TimeExpr:
    """A temporal expression with its TIMEX3 value ("on Tuesday" → "2024-04-30")."""

    text: str
    start: int
    end: int
    value: str  # TIMEX3: 2023-01-10, 2022-06, 2021, 2024-W28, 2024-FA, XXXX-01-10, P3D ...
    type: str = "DATE"  # DATE | DURATION | TIME | SET


@dataclass(frozen=True)
class Role:
    title: str  # "Secretary General", "President", "chief"
    organisation: str | None = None  # "NATO", "European Commission"


@dataclass(frozen=True)
class Speaker:
    """A person or organisation quoted in an article, under its canonical (fullest) name."""

    name: str
    kind: str = "person"  # "person" | "organisation" | "publication"
    aliases: tuple[str, ...] = ()  # other ways the article names them ("Stoltenberg", "NATO chief")
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True)
class Quote:
    text: str  # the quoted words, without the quotation marks
    start: int
    end: int
    kind: str  # "direct" | "indirect"
    speaker: str | None = None  # canonical name, or None when unknown
    mention: str | None = None  # the speaker as written where the quote is attributed ("he")
    mention_start: int | None = None
    mention_end: int | None = None
    cue: str | None = None  # the reporting verb or phrase ("said", "told", "according to")


@dataclass(frozen=True)
class Claim:
    """A checkable statement: a count, ordinal, duration, amount, percentage or dated event.

    Numeric values are kept as an interval [low, high] (open ends flagged) so that hedges
    compare correctly: "more than a year" is (1, inf) years, "billions" is [1e9, 1e12).
    Dated events keep their TIMEX3 value in `value` and leave the interval empty.
    """

    kind: str  # "count" | "ordinal" | "duration" | "amount" | "percent" | "date"
    subject: str  # canonical entity ("NATO", "EU-NATO joint declaration")
    property: str  # "members", "shared members", "ordinal", "signing date", ...
    value: float | str | None
    evidence: str  # the words that state the claim, exactly as in the text
    start: int
    end: int
    unit: str | None = None  # "day", "year", "EUR", "USD", "%"
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    hedge: str | None = None  # "more than", "about", "almost", ...
    as_of: str | None = None  # ISO date the claim speaks for (the publication date by default)
    qualifiers: tuple[tuple[str, str], ...] = ()  # e.g. (("since", "2016"),)


@dataclass(frozen=True)
class Extraction:
    """Everything read out of one article."""

    article: Article
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    dates: tuple[TimeExpr, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    extractor_version: str = ""
    warnings: tuple[str, ...] = field(default=())
