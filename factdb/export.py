"""Reviewed claims out of factdb: schema.org ClaimReview JSON-LD, and CSV for spreadsheets."""
from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import func, select

from factdb import models as m
from factdb.db import Database

# Verdict → (ratingValue on a 1–5 scale, alternateName). The scale is the common five-point one of
# fact-checkers (1 False, 2 Mostly false, 3 Mixture, 4 Mostly true, 5 True); "needs-context" sits
# with the misleading ratings, as "Missing context" does in Meta's fact-checking programme.
# "unverifiable" has no place on a truth scale: only its alternateName is given, which Google
# accepts. "not-a-claim" is not exported: the reviewer says there is nothing to rate.
RATINGS = {
    "supported": (5, "True"),
    "disputed": (3, "Disputed"),
    "needs-context": (2, "Missing context"),
    "refuted": (1, "False"),
    "unverifiable": (None, "Unverifiable"),
}
BEST_RATING, WORST_RATING = 5, 1
DEFAULT_ID_BASE = "urn:factdb:"
CSV_COLUMNS = ["claim_id", "kind", "subject", "property", "value", "unit", "evidence", "sentence", "file",
               "title", "publisher", "author", "published", "url", "verdict", "reviewer", "note", "reviewed_at"]


def claim_rows(db: Database, reviewed_only: bool = False) -> list[dict]:
    """Claims of the latest version of each article with their source and current verdict (the
    latest annotation on the claim, with its reviewer, note and time)."""
    current = (select(m.Annotation).where(m.Annotation.id.in_(
        select(func.max(m.Annotation.id)).group_by(m.Annotation.item_id))).subquery("current"))
    stmt = (select(m.Claim.id.label("claim_id"), m.Claim.kind, m.Claim.subject, m.Claim.property, m.Claim.value,
                   m.Claim.unit, m.Claim.evidence, m.Claim.sentence, m.Source.file, m.Source.title,
                   m.Source.publisher, m.Source.author, m.Source.published, m.Source.url,
                   current.c.verdict, current.c.reviewer, current.c.note,
                   current.c.created_at.label("reviewed_at"))
            .join(m.Source, m.Source.id == m.Claim.source_id)
            .outerjoin(current, current.c.item_id == m.Claim.id)
            .where(m.Source.is_latest)
            .order_by(m.Source.file, m.Source.id, m.Claim.start_char, m.Claim.id))
    if reviewed_only:
        stmt = stmt.where(current.c.verdict.is_not(None))
    with db.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(stmt)]
    for r in rows:
        r["published"] = r["published"].isoformat() if r["published"] else None
        r["reviewed_at"] = r["reviewed_at"].isoformat(timespec="seconds") if r["reviewed_at"] else None
    return rows


def _thing(kind: str, name: str, url: str | None = None) -> dict:
    return {"@type": kind, "name": name, **({"url": url} if url else {})}


def claim_author(row: dict) -> dict | None:
    """Who made the claim: the article's author, else its publisher, else the site it is on; None
    when none is known (refuse rather than guess)."""
    if row["author"]:
        return _thing("Person", row["author"])
    if row["publisher"]:
        return _thing("Organization", row["publisher"])
    host = urlsplit(row["url"]).hostname if row["url"] else None
    return _thing("Organization", host.removeprefix("www."), f"https://{host}") if host else None


def claim_review(row: dict, publisher: str | None = None, url_base: str | None = None) -> dict:
    """One ClaimReview for a reviewed claim row of `claim_rows`."""
    value, name = RATINGS[row["verdict"]]
    rating = {"@type": "Rating", "alternateName": name}
    if value is not None:
        rating.update(ratingValue=value, bestRating=BEST_RATING, worstRating=WORST_RATING)
    appearance = {"@type": "CreativeWork", "name": row["title"] or row["file"]}
    if row["title"]:
        appearance["headline"] = row["title"]
    if row["url"]:
        appearance["url"] = row["url"]
    if row["publisher"]:
        appearance["publisher"] = _thing("Organization", row["publisher"])
    if row["published"]:
        appearance["datePublished"] = row["published"]
    claim = {"@type": "Claim", "appearance": appearance}
    author = claim_author(row)
    if author:
        claim["author"] = author
    if row["published"]:
        claim["datePublished"] = row["published"]
    base = url_base.rstrip("/") + "/" if url_base else DEFAULT_ID_BASE
    review = {"@type": "ClaimReview", "@id": f"{base}claim/{row['claim_id']}"}
    if url_base:
        review["url"] = review["@id"]
    review.update({
        "claimReviewed": " ".join((row["sentence"] or row["evidence"]).split()),
        "reviewRating": rating,
        "itemReviewed": claim,
        "author": _thing("Organization", publisher) if publisher else _thing("Person", row["reviewer"]),
        "datePublished": row["reviewed_at"][:10],
    })
    if row["note"]:
        review["reviewBody"] = row["note"]
    return review


def claim_reviews(db: Database, publisher: str | None = None,
                  url_base: str | None = None) -> tuple[dict, list[str]]:
    """A JSON-LD document with one ClaimReview per claim whose current verdict can be rated, and
    warnings about what could not be said (articles whose claims' author is unknown)."""
    from collections import Counter

    reviews, unknown = [], Counter()
    for row in claim_rows(db, reviewed_only=True):
        if row["verdict"] not in RATINGS:
            continue
        reviews.append(claim_review(row, publisher, url_base))
        if "author" not in reviews[-1]["itemReviewed"]:
            unknown[row["file"]] += 1
    warnings = [f"{file} has no author, publisher or URL: its {n} claim review{'s' if n != 1 else ''} "
                f"say{'' if n != 1 else 's'} nothing of who made the claim (itemReviewed.author)"
                for file, n in sorted(unknown.items())]
    return {"@context": "https://schema.org", "@graph": reviews}, warnings
