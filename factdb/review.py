"""Reviewers' annotations: append-only verdicts on claims, quotes and groups."""
from __future__ import annotations

import datetime as dt
import getpass
import os
from functools import partial

from sqlalchemy import func, insert, select

from factdb import models as m
from factdb.db import Database, retrying, serialize
from factdb.errors import FactdbError, NotFoundError
from factdb.records import GROUP_VERDICTS, ITEM_VERDICTS  # noqa: F401 (re-exported)

ENV_REVIEWER = "FACTDB_REVIEWER"


def reviewer_name(given: str | None = None) -> str:
    """--reviewer, else FACTDB_REVIEWER, else the login name."""
    name = given or os.environ.get(ENV_REVIEWER)
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "unknown"
    return name.strip()


def current_verdicts():
    """A subquery (item_id, verdict, reviewer): the latest annotation on each item."""
    latest = (select(m.Annotation.item_id, func.max(m.Annotation.id).label("aid"))
              .group_by(m.Annotation.item_id).subquery())
    return (select(m.Annotation.item_id, m.Annotation.verdict, m.Annotation.reviewer)
            .join(latest, latest.c.aid == m.Annotation.id).subquery("current_verdict"))


def filter_by_verdict(stmt, item_id_column, verdict: str | None, unreviewed: bool):
    """Add the current verdict as column `verdict`, keep only items with this verdict / none."""
    cv = current_verdicts()
    stmt = stmt.add_columns(cv.c.verdict).outerjoin(cv, cv.c.item_id == item_id_column)
    if verdict:
        stmt = stmt.where(cv.c.verdict == verdict)
    if unreviewed:
        stmt = stmt.where(cv.c.verdict.is_(None))
    return stmt


def item_kind(conn, item_id: str) -> str:
    """"claim", "quote" or "group" for an existing item; NotFoundError otherwise."""
    for kind, model in (("claim", m.Claim), ("quote", m.Quote), ("group", m.Group)):
        if conn.execute(select(model.id).where(model.id == item_id)).first():
            return kind
    raise NotFoundError(f"no claim, quote or group with id {item_id!r} (ids look like c_…, q_…, g_…; "
                        f"see `factdb claims`, `factdb quotes`, `factdb report conflicts`)")


def annotate(db: Database, item_id: str, verdict: str, note: str | None = None,
             reviewer: str | None = None) -> dict:
    """Record a verdict; the reviewer's previous annotation on the item is kept and referenced."""
    reviewer = reviewer_name(reviewer)
    verdict = verdict.strip().lower()
    return retrying(partial(_annotate, db, item_id, verdict, note, reviewer))


def _annotate(db: Database, item_id: str, verdict: str, note: str | None, reviewer: str) -> dict:
    with db.writing() as conn:
        serialize(conn, f"factdb:annotate:{item_id}")  # each annotation replaces the one just before
        kind = item_kind(conn, item_id)
        allowed = GROUP_VERDICTS if kind == "group" else ITEM_VERDICTS
        if verdict not in allowed:
            raise FactdbError(f"{verdict!r} is not a verdict for a {kind}; use one of: {', '.join(allowed)}")
        previous = conn.execute(select(func.max(m.Annotation.id)).where(m.Annotation.item_id == item_id)).scalar()
        row = dict(item_id=item_id, item_kind=kind, reviewer=reviewer, verdict=verdict, note=note or None,
                   created_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None), replaces_id=previous)
        row["id"] = conn.execute(insert(m.Annotation).values(**row).returning(m.Annotation.id)).scalar_one()
    return row


def history(db: Database, item_id: str) -> list[dict]:
    """Every annotation on an item, oldest first (kept even when the item itself is gone)."""
    with db.engine.connect() as conn:
        rows = conn.execute(select(m.Annotation).where(m.Annotation.item_id == item_id).order_by(m.Annotation.id)).all()
        if not rows:
            item_kind(conn, item_id)  # a clear error for an unknown id
    return [{"id": r.id, "item_id": r.item_id, "kind": r.item_kind, "reviewer": r.reviewer, "verdict": r.verdict,
             "note": r.note, "created_at": r.created_at.isoformat(timespec="seconds"), "replaces": r.replaces_id}
            for r in rows]


# ───────────────────── reviewers and their agreement (`factdb report reviews`) ─────────────────────

KAPPA_MIN_SHARED = 5  # Cohen's kappa of a pair of reviewers is given from this many shared items on
REVIEW_CSV_COLUMNS = ["section", "reviewer", "other", "item_id", "measure", "value"]


def cohen_kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two reviewers' verdicts on the same items: (observed − chance) / (1 − chance).

    None when there are no items, or when chance agreement is certain (both gave one same verdict
    to everything), where kappa is undefined."""
    from collections import Counter

    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    chance = sum(first[v] * second[v] for v in first) / (n * n)
    return None if chance == 1 else (observed - chance) / (1 - chance)


def current_items(conn) -> dict[str, str]:
    """{item_id: kind} of the annotated items that still count: claims and quotes of the latest
    version of their article, and groups still found. Annotations on anything else are orphaned
    (an old version, an item no longer read); `factdb history` still shows them."""
    annotated = select(m.Annotation.item_id).distinct()
    found: dict[str, str] = {}
    for kind, model in (("claim", m.Claim), ("quote", m.Quote)):
        stmt = (select(model.id).join(m.Source, m.Source.id == model.source_id)
                .where(m.Source.is_latest, model.id.in_(annotated)))
        found.update((i, kind) for i in conn.execute(stmt).scalars())
    found.update((i, "group") for i in conn.execute(
        select(m.Group.id).where(m.Group.active, m.Group.id.in_(annotated))).scalars())
    return found


def reviewer_verdicts(conn, item_ids=None) -> dict[str, dict[str, str]]:
    """Each reviewer's current verdict on each item (their own latest annotation):
    {item_id: {reviewer: verdict}}, reviewers in alphabetical order; `item_ids` a list or a select."""
    latest = select(func.max(m.Annotation.id)).group_by(m.Annotation.item_id, m.Annotation.reviewer)
    stmt = (select(m.Annotation.item_id, m.Annotation.reviewer, m.Annotation.verdict)
            .where(m.Annotation.id.in_(latest)).order_by(m.Annotation.item_id, m.Annotation.reviewer))
    if item_ids is not None:
        stmt = stmt.where(m.Annotation.item_id.in_(item_ids))
    out: dict[str, dict[str, str]] = {}
    for item_id, reviewer, verdict in conn.execute(stmt):
        out.setdefault(item_id, {})[reviewer] = verdict
    return out


def describe_items(conn, ids: list[str]) -> dict[str, str]:
    """A one-line description of each claim, quote or group, for listings of item ids."""
    out = {}
    claims = (select(m.Claim.id, m.Claim.subject, m.Claim.property, m.Claim.value, m.Claim.unit, m.Source.file)
              .join(m.Source, m.Source.id == m.Claim.source_id).where(m.Claim.id.in_(ids)))
    for r in conn.execute(claims):
        out[r.id] = f"{r.subject} / {r.property} = {r.value}{' ' + r.unit if r.unit else ''} ({r.file})"
    quotes = (select(m.Quote.id, m.Quote.text, m.Speaker.name, m.Source.file)
              .join(m.Source, m.Source.id == m.Quote.source_id)
              .outerjoin(m.Speaker, m.Speaker.id == m.Quote.speaker_id).where(m.Quote.id.in_(ids)))
    for r in conn.execute(quotes):
        words = r.text if len(r.text) <= 80 else r.text[:79] + "…"
        out[r.id] = f"{r.name or '?'}: “{words}” ({r.file})"
    for r in conn.execute(select(m.Group).where(m.Group.id.in_(ids))):
        out[r.id] = f"{r.relation} ({r.kind}): {r.subject or '?'} / {r.property or '?'}"
    return out


def reviews_summary(db: Database, min_shared: int = KAPPA_MIN_SHARED) -> dict:
    """Per reviewer: annotations, items judged, verdict counts; between reviewers: how often their
    current verdicts agree on the items they share, Cohen's kappa per pair, the items they disagree on.

    Only items that still count are considered (see `current_items`)."""
    from collections import Counter
    from itertools import combinations

    with db.engine.connect() as conn:
        items = current_items(conn)
        ids = sorted(items)
        by_item = reviewer_verdicts(conn, ids) if ids else {}
        counts = dict(conn.execute(select(m.Annotation.reviewer, func.count())
                                   .where(m.Annotation.item_id.in_(ids)).group_by(m.Annotation.reviewer)).all())
        shared = {i: v for i, v in by_item.items() if len(v) > 1}
        split = sorted(i for i, v in shared.items() if len(set(v.values())) > 1)
        described = describe_items(conn, split) if split else {}
    reviewers = []
    for name in sorted(counts):
        mine = {i: v[name] for i, v in by_item.items() if name in v}
        kinds = Counter(items[i] for i in mine)
        reviewers.append({"reviewer": name, "annotations": counts[name], "items": len(mine),
                          "claims": kinds["claim"], "quotes": kinds["quote"], "groups": kinds["group"],
                          "verdicts": dict(sorted(Counter(mine.values()).items()))})
    pairs = []
    for a, b in combinations(sorted(counts), 2):
        both = [(v[a], v[b]) for v in shared.values() if a in v and b in v]
        if not both:
            continue
        agree = sum(x == y for x, y in both)
        kappa = cohen_kappa(both) if len(both) >= min_shared else None
        pairs.append({"reviewer": a, "other": b, "shared": len(both), "agree": agree,
                      "observed": round(agree / len(both), 3),
                      "kappa": None if kappa is None else round(kappa, 3)})
    agreeing = len(shared) - len(split)
    return {
        "reviewers": reviewers,
        "agreement": {"items": len(shared), "agreeing": agreeing,
                      "share": round(agreeing / len(shared), 3) if shared else None,
                      "min_shared_for_kappa": min_shared},
        "pairs": pairs,
        "disagreements": [{"item_id": i, "kind": items[i], "what": described.get(i), "verdicts": by_item[i]}
                          for i in split],
    }


def reviews_text(summary: dict) -> str:
    """`factdb report reviews` as tables: reviewers, pairs of reviewers, disagreements."""
    from factdb.render import as_table

    if not summary["reviewers"]:
        return "no annotations yet (record some with `factdb annotate` or `factdb review`)"
    rows = [{**r, "verdicts": ", ".join(f"{v} {n}" for v, n in r["verdicts"].items())}
            for r in summary["reviewers"]]
    parts = [as_table(rows, ["reviewer", "annotations", "items", "claims", "quotes", "groups", "verdicts"])]
    agreement = summary["agreement"]
    if not agreement["items"]:
        parts.append("no item has been judged by two reviewers yet")
        return "\n\n".join(parts)
    n = agreement["items"]
    parts.append(f"{n} item{'s' if n != 1 else ''} judged by two reviewers or more; "
                 f"their current verdicts agree on {agreement['agreeing']} ({agreement['share']:.0%})")
    pairs = [{**p, "reviewers": f"{p['reviewer']} / {p['other']}", "observed": f"{p['observed']:.0%}",
              "kappa": f"{p['kappa']:.2f}" if p["kappa"] is not None else
              ("n/a" if p["shared"] >= agreement["min_shared_for_kappa"] else
               f"(needs {agreement['min_shared_for_kappa']} shared)")}
             for p in summary["pairs"]]
    parts.append(as_table(pairs, ["reviewers", "shared", "agree", "observed", "kappa"]))
    if summary["disagreements"]:
        rows = [{**d, "verdicts": "; ".join(f"{who}: {v}" for who, v in d["verdicts"].items())}
                for d in summary["disagreements"]]
        parts.append(f"reviewers disagree on {len(rows)} item{'s' if len(rows) != 1 else ''}:\n"
                     + as_table(rows, ["item_id", "kind", "verdicts", "what"]))
    return "\n\n".join(parts)


def reviews_csv_rows(summary: dict) -> list[dict]:
    """The summary as one long table (section, reviewer, other, item_id, measure, value) for spreadsheets."""
    rows = []
    for r in summary["reviewers"]:
        for measure in ("annotations", "items", "claims", "quotes", "groups"):
            rows.append({"section": "reviewer", "reviewer": r["reviewer"], "measure": measure,
                         "value": r[measure]})
        rows += [{"section": "reviewer", "reviewer": r["reviewer"], "measure": f"verdict:{v}", "value": n}
                 for v, n in r["verdicts"].items()]
    for p in summary["pairs"]:
        rows += [{"section": "pair", "reviewer": p["reviewer"], "other": p["other"], "measure": k,
                  "value": p[k]} for k in ("shared", "agree", "observed", "kappa")]
    for d in summary["disagreements"]:
        rows += [{"section": "disagreement", "reviewer": who, "item_id": d["item_id"], "measure": "verdict",
                  "value": v} for who, v in d["verdicts"].items()]
    return rows
