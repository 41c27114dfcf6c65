"""Reviewers' annotations: append-only verdicts on claims, quotes and groups."""
from __future__ import annotations

import datetime as dt
import getpass
import os

from sqlalchemy import func, insert, select

from factdb import models as m
from factdb.db import Database
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
    with db.engine.begin() as conn:
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
