"""`factdb export claimreview` checked against Google's ClaimReview requirements; `factdb export csv`."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

from factdb.db import connect
from factdb.parse import parse
from factdb.records import Extraction, RawArticle
from factdb.review import annotate
from factdb.store import store_extraction

from test_review_queue import DAY, _members, newsroom


def _named(thing, types) -> bool:
    return isinstance(thing, dict) and thing.get("@type") in types and bool(str(thing.get("name") or "").strip())


def _iso_date(value) -> bool:
    try:
        dt.date.fromisoformat(str(value)[:10])
        return True
    except ValueError:
        return False


def google_problems(review: dict) -> list[str]:
    """What Google's fact-check documentation requires of a ClaimReview, written out independently of
    factdb.export: claimReviewed; reviewRating with ratingValue/bestRating/worstRating or
    alternateName; url or @id; author (Organization or Person with a name); datePublished; and an
    itemReviewed Claim with an author (Person/Organization with a name), an appearance
    (CreativeWork with url or headline/name) and datePublished when known."""
    problems = []
    if review.get("@type") != "ClaimReview":
        problems.append("@type is not ClaimReview")
    if not str(review.get("claimReviewed") or "").strip():
        problems.append("no claimReviewed")
    rating = review.get("reviewRating") or {}
    numeric = all(isinstance(rating.get(k), (int, float)) for k in ("ratingValue", "bestRating", "worstRating"))
    if rating.get("@type") != "Rating" or not (numeric or str(rating.get("alternateName") or "").strip()):
        problems.append("reviewRating has neither ratingValue/bestRating/worstRating nor alternateName")
    if numeric and not rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]:
        problems.append("ratingValue outside worstRating..bestRating")
    if not (review.get("url") or review.get("@id")):
        problems.append("neither url nor @id")
    if not _named(review.get("author"), ("Organization", "Person")):
        problems.append("author is not an Organization or Person with a name")
    if not _iso_date(review.get("datePublished")):
        problems.append("no datePublished")
    claim = review.get("itemReviewed") or {}
    if claim.get("@type") != "Claim":
        problems.append("itemReviewed is not a Claim")
    if not _named(claim.get("author"), ("Organization", "Person")):
        problems.append("itemReviewed.author is not an Organization or Person with a name")
    appearance = claim.get("appearance") or {}
    if appearance.get("@type") != "CreativeWork" or not any(appearance.get(k) for k in ("url", "headline", "name")):
        problems.append("itemReviewed.appearance is not a CreativeWork with url or headline/name")
    if "datePublished" in claim and not _iso_date(claim["datePublished"]):
        problems.append("itemReviewed.datePublished is not a date")
    return problems


def export(invoke, *args) -> dict:
    out = invoke("export", "claimreview", *args)
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


def test_claimreview_meets_googles_requirements(invoke, db_env, tmp_path):
    ids = newsroom(db_env)
    c = ids["claims"]
    db = connect(db_env)
    annotate(db, c["a"], "supported", reviewer="ana")
    annotate(db, c["b"], "supported", reviewer="ben")
    annotate(db, c["b"], "refuted", "the council has 27 members since March", reviewer="ana")
    annotate(db, c["c"], "not-a-claim", reviewer="ana")  # nothing to rate: not exported
    annotate(db, c["budget"], "unverifiable", reviewer="ana")
    annotate(db, ids["quote"], "supported", reviewer="ana")  # quotes are not claims
    path = tmp_path / "reviews.jsonld"
    out = invoke("export", "claimreview", "--publisher", "Fact Desk", "--url-base", "https://facts.example.org/r/",
                 "--output", path)
    assert out.exit_code == 0 and out.stderr == f"3 claim reviews written to {path}\n"
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["@context"] == "https://schema.org"
    reviews = {r["@id"].rsplit("/", 1)[1]: r for r in doc["@graph"]}
    assert sorted(reviews) == sorted([c["a"], c["b"], c["budget"]])
    assert {i: google_problems(r) for i, r in reviews.items()} == {i: [] for i in reviews}
    b = reviews[c["b"]]
    assert b["@id"] == b["url"] == f"https://facts.example.org/r/claim/{c['b']}"
    assert b["claimReviewed"] == "The council has 28 members after the vote."
    assert b["reviewRating"] == {"@type": "Rating", "alternateName": "False", "ratingValue": 1, "bestRating": 5,
                                 "worstRating": 1}
    assert b["reviewBody"] == "the council has 27 members since March"
    assert b["author"] == {"@type": "Organization", "name": "Fact Desk"}
    assert b["itemReviewed"] == {
        "@type": "Claim", "author": {"@type": "Organization", "name": "B News"}, "datePublished": "2024-05-01",
        "appearance": {"@type": "CreativeWork", "name": "Council vote", "headline": "Council vote",
                       "publisher": {"@type": "Organization", "name": "B News"}, "datePublished": "2024-05-01"}}
    a = reviews[c["a"]]
    assert a["reviewRating"]["alternateName"] == "True" and a["reviewRating"]["ratingValue"] == 5
    assert a["itemReviewed"]["author"] == {"@type": "Person", "name": "Sam Writer"}
    assert a["itemReviewed"]["appearance"]["url"] == "https://a.example.com/council"
    assert reviews[c["budget"]]["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}


def test_claimreview_defaults_stable_ids_and_unknown_authors(invoke, db_env):
    ids = newsroom(db_env)
    body = "Council talks\n\nThe council has 29 members, a diplomat said.\n"
    raw = RawArticle(file="d.txt", path="d.txt", text=body, format="text")
    with connect(db_env).engine.begin() as conn:
        store_extraction(conn, Extraction(article=parse(raw, published=DAY), claims=(_members(body, 29),),
                                          extractor_version="t"))
    claim_d = json.loads(invoke("claims", "--source", "d.txt", "--format", "json").stdout)[0]["id"]
    invoke("annotate", ids["claims"]["c"], "--verdict", "disputed", "--reviewer", "ana")
    invoke("annotate", claim_d, "--verdict", "needs-context", "--reviewer", "ben")
    out = invoke("export", "claimreview")
    assert out.stderr == ("factdb: d.txt has no author, publisher or URL: its 1 claim review says nothing of who "
                          "made the claim (itemReviewed.author)\n")
    doc = json.loads(out.stdout)
    by_id = {r["@id"]: r for r in doc["@graph"]}
    c, d = by_id[f"urn:factdb:claim/{ids['claims']['c']}"], by_id[f"urn:factdb:claim/{claim_d}"]
    assert "url" not in c and c["author"] == {"@type": "Person", "name": "ana"}
    assert c["itemReviewed"]["author"] == {"@type": "Organization", "name": "c.example.org",
                                           "url": "https://www.c.example.org"}
    assert c["reviewRating"]["alternateName"] == "Disputed" and c["reviewRating"]["ratingValue"] == 3
    assert google_problems(c) == []
    assert d["reviewRating"]["alternateName"] == "Missing context" and d["reviewRating"]["ratingValue"] == 2
    assert google_problems(d) == ["itemReviewed.author is not an Organization or Person with a name"]
    assert export(invoke) == doc  # the same reviews, the same ids


def test_csv(invoke, db_env, tmp_path):
    ids = newsroom(db_env)
    c = ids["claims"]
    invoke("annotate", c["b"], "--verdict", "supported", "--reviewer", "ben")
    invoke("annotate", c["b"], "--verdict", "refuted", "--note", "27, says the council", "--reviewer", "ana")
    out = invoke("export", "csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(rows[0]) == ["claim_id", "kind", "subject", "property", "value", "unit", "evidence", "sentence",
                             "file", "title", "publisher", "author", "published", "url", "verdict", "reviewer",
                             "note", "reviewed_at"]
    assert [r["claim_id"] for r in rows] == [c["a"], c["budget"], c["b"], c["c"]]
    b = rows[2]
    assert {k: b[k] for k in ("value", "evidence", "file", "publisher", "published", "verdict", "reviewer", "note")} == {
        "value": "28", "evidence": "28 members", "file": "b.txt", "publisher": "B News", "published": "2024-05-01",
        "verdict": "refuted", "reviewer": "ana", "note": "27, says the council"}
    assert _iso_date(b["reviewed_at"]) and rows[0]["verdict"] == rows[0]["reviewer"] == rows[0]["reviewed_at"] == ""
    path = tmp_path / "claims.csv"
    out = invoke("export", "csv", "--reviewed", "-o", path)
    assert out.stderr == f"1 claim written to {path}\n"
    assert [r["claim_id"] for r in csv.DictReader(path.open(encoding="utf-8"))] == [c["b"]]
