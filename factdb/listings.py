"""The rows behind `factdb sources|quotes|claims|speakers|imports`, with their filters."""
from __future__ import annotations

from sqlalchemy import Select, func, or_, select

from factdb import models as m
from factdb.db import Database
from factdb.review import filter_by_verdict

SOURCE_COLUMNS = ["id", "file", "title", "publisher", "author", "published", "version", "quotes", "claims"]
QUOTE_COLUMNS = ["id", "speaker", "kind", "text", "file", "cue", "verdict"]
CLAIM_COLUMNS = ["id", "kind", "subject", "property", "value", "unit", "evidence", "file", "verdict"]
SPEAKER_COLUMNS = ["id", "name", "kind", "quotes", "aliases", "roles", "first_seen", "last_seen"]
IMPORT_COLUMNS = ["id", "started_at", "finished_at", "status", "new", "unchanged", "updated", "failed", "paths"]
FAILURE_COLUMNS = ["import_id", "location", "reason"]


def _rows(db: Database, stmt: Select) -> list[dict]:
    with db.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]


def _contains(column, text: str):
    """Case-insensitive substring match; % and _ in `text` are literal characters, not wildcards."""
    return func.lower(column).contains(text.lower(), autoescape=True)


def _source_filter(stmt: Select, source: str | None) -> Select:
    """--source matches a file name, URL or title (case-insensitive substring), or a source id."""
    if not source:
        return stmt
    conds = [_contains(m.Source.file, source), _contains(m.Source.url, source), _contains(m.Source.title, source)]
    if source.isdigit():
        conds.append(m.Source.id == int(source))
    return stmt.where(or_(*conds))


def _speaker_filter(stmt: Select, speaker: str | None) -> Select:
    if not speaker:
        return stmt
    aliases = select(m.SpeakerAlias.speaker_id).where(_contains(m.SpeakerAlias.alias, speaker))
    return stmt.where(or_(_contains(m.Speaker.name, speaker), m.Speaker.id.in_(aliases)))


def sources(db: Database, source: str | None = None, all_versions: bool = False) -> list[dict]:
    n_quotes = select(func.count()).where(m.Quote.source_id == m.Source.id).scalar_subquery()
    n_claims = select(func.count()).where(m.Claim.source_id == m.Source.id).scalar_subquery()
    stmt = select(
        m.Source.id, m.Source.file, m.Source.title, m.Source.publisher, m.Source.author,
        m.Source.published, m.Source.published_how, m.Source.url, m.Source.version,
        m.Source.is_latest, m.Source.content_hash, m.Source.extractor_version, m.Source.imported_at,
        n_quotes.label("quotes"), n_claims.label("claims"),
    ).order_by(m.Source.file, m.Source.doc_key, m.Source.version)
    if not all_versions:
        stmt = stmt.where(m.Source.is_latest)
    rows = _rows(db, _source_filter(stmt, source))
    for r in rows:
        r["published"] = r["published"].isoformat() if r["published"] else None
        r["imported_at"] = r["imported_at"].isoformat(timespec="seconds") if r["imported_at"] else None
        r["is_latest"] = bool(r["is_latest"])
    return rows


def quotes(db: Database, source: str | None = None, speaker: str | None = None,
           kind: str | None = None, verdict: str | None = None, unreviewed: bool = False) -> list[dict]:
    stmt = (select(m.Quote.id, m.Speaker.name.label("speaker"), m.Quote.mention, m.Quote.kind,
                   m.Quote.text, m.Quote.cue, m.Source.file, m.Quote.source_id, m.Quote.start_char,
                   m.Quote.end_char, m.Quote.extractor_version)
            .join(m.Source, m.Source.id == m.Quote.source_id)
            .outerjoin(m.Speaker, m.Speaker.id == m.Quote.speaker_id)
            .where(m.Source.is_latest)
            .order_by(m.Source.file, m.Quote.start_char))
    if kind:
        stmt = stmt.where(m.Quote.kind == kind)
    stmt = filter_by_verdict(stmt, m.Quote.id, verdict, unreviewed)
    return _rows(db, _speaker_filter(_source_filter(stmt, source), speaker))


def claims(db: Database, source: str | None = None, kind: str | None = None,
           subject: str | None = None, verdict: str | None = None, unreviewed: bool = False) -> list[dict]:
    stmt = (select(m.Claim.id, m.Claim.kind, m.Claim.subject, m.Claim.property, m.Claim.value,
                   m.Claim.unit, m.Claim.low, m.Claim.high, m.Claim.hedge, m.Claim.as_of,
                   m.Claim.evidence, m.Source.file, m.Claim.source_id, m.Claim.start_char,
                   m.Claim.end_char, m.Claim.extractor_version)
            .join(m.Source, m.Source.id == m.Claim.source_id)
            .where(m.Source.is_latest)
            .order_by(m.Source.file, m.Claim.start_char))
    if kind:
        stmt = stmt.where(m.Claim.kind == kind)
    if subject:
        stmt = stmt.where(_contains(m.Claim.subject, subject))
    stmt = filter_by_verdict(stmt, m.Claim.id, verdict, unreviewed)
    rows = _rows(db, _source_filter(stmt, source))
    for r in rows:
        r["as_of"] = r["as_of"].isoformat() if r["as_of"] else None
    return rows


def speakers(db: Database, speaker: str | None = None) -> list[dict]:
    n_quotes = select(func.count()).where(m.Quote.speaker_id == m.Speaker.id).scalar_subquery()
    stmt = (select(m.Speaker.id, m.Speaker.name, m.Speaker.kind, m.Speaker.first_seen,
                   m.Speaker.last_seen, n_quotes.label("quotes"))
            .order_by(m.Speaker.name))
    rows = _rows(db, _speaker_filter(stmt, speaker))
    with db.engine.connect() as conn:
        aliases: dict[int, list[str]] = {}
        for sid, alias in conn.execute(select(m.SpeakerAlias.speaker_id, m.SpeakerAlias.alias)
                                       .order_by(m.SpeakerAlias.alias)):
            aliases.setdefault(sid, []).append(alias)
        roles: dict[int, list[str]] = {}
        for sid, title, org in conn.execute(select(m.SpeakerRole.speaker_id, m.SpeakerRole.title,
                                                   m.SpeakerRole.organisation).order_by(m.SpeakerRole.title)):
            roles.setdefault(sid, []).append(f"{title}, {org}" if org else title)
    for r in rows:
        r["aliases"] = aliases.get(r["id"], [])
        r["roles"] = roles.get(r["id"], [])
        for k in ("first_seen", "last_seen"):
            r[k] = r[k].isoformat() if r[k] else None
    return rows


def imports(db: Database) -> list[dict]:
    """The runs of `factdb import`, newest first."""
    import json

    rows = _rows(db, select(*m.Import.__table__.c).order_by(m.Import.id.desc()))
    for r in rows:
        r["paths"] = json.loads(r["paths"])
        for k in ("started_at", "finished_at"):
            r[k] = r[k].isoformat(timespec="seconds") if r[k] else None
    return rows


def import_failures(db: Database, import_id: int | None = None) -> list[dict]:
    """What imports could not read, and why: the newest import's first."""
    stmt = select(m.ImportFailure.import_id, m.ImportFailure.location, m.ImportFailure.reason)
    if import_id is not None:
        stmt = stmt.where(m.ImportFailure.import_id == import_id)
    return _rows(db, stmt.order_by(m.ImportFailure.import_id.desc(), m.ImportFailure.id))
