"""process(raw) → Extraction: the whole reading of one article, pure, no database."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from functools import cache
from pathlib import Path

from factdb import __version__
from factdb.extract.claims import claims
from factdb.extract.dates import dates
from factdb.extract.quotes import quotes
from factdb.extract.speakers import attribute
from factdb.parse import parse
from factdb.records import Extraction, RawArticle

_PKG = Path(__file__).parent


@cache
def extractor_version() -> str:
    """The package version plus a digest of the reading rules, so every rule change is visible."""
    digest = hashlib.sha256()
    files = [_PKG / "parse.py", *sorted((_PKG / "extract").glob("*.py")), *sorted((_PKG / "data").glob("*"))]
    for f in files:
        if f.is_file():
            digest.update(f.name.encode())
            digest.update(f.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:10]}"


def process(raw: RawArticle, published: dt.date | None = None) -> Extraction:
    """Read one article: metadata, dates, quotes with speakers, claims."""
    article = parse(raw, published=published)
    found_dates = dates(article)
    found_quotes, speakers = attribute(article, quotes(article))
    return Extraction(
        article=article,
        quotes=tuple(found_quotes),
        claims=tuple(claims(article, found_dates)),
        dates=tuple(found_dates),
        speakers=tuple(speakers),
        extractor_version=extractor_version(),
    )


def as_dict(ex: Extraction) -> dict:
    """The JSON shape of `factdb extract` (see ../shared/eval/GOLD.md); extra fields are allowed."""
    a = ex.article
    return {
        "source": {
            "file": a.raw.file, "title": a.title,
            "published": a.published.isoformat() if a.published else None,
            "published_how": a.published_how, "publisher": a.publisher, "author": a.author,
            "url": a.raw.url, "extractor_version": ex.extractor_version,
        },
        "quotes": [dataclasses.asdict(q) for q in ex.quotes],
        # GOLD.md's claims carry numbers; dated events ("signed on January 10") carry a TIMEX3 value
        # and are listed apart. Both are stored as claims and compared across articles.
        "claims": [dataclasses.asdict(c) for c in ex.claims if c.kind != "date"],
        "events": [dataclasses.asdict(c) for c in ex.claims if c.kind == "date"],
        "dates": [dataclasses.asdict(d) for d in ex.dates],
        "speakers": [dataclasses.asdict(s) for s in ex.speakers],
    }
