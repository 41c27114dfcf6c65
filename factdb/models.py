"""SQLAlchemy 2 models: the whole schema in one module, one MetaData with a naming convention.

Quotes, claims and dates have stable string identifiers derived from their source and span
(see `factdb.store.item_id`), never from insertion order, so annotations keyed by them survive
re-imports. Offsets are character offsets into `sources.body`. The SQL views (`claim_sources`,
`quote_sources`) are created by the migrations; the README documents them.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Text, UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Import(Base):
    """One run of `factdb import`."""

    __tablename__ = "imports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    paths: Mapped[str] = mapped_column(Text)  # JSON list of the paths given
    extractor_version: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # running | done | interrupted
    new: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    reextracted: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)


class ImportFailure(Base):
    """A file (or JSON line) an import could not read, and why."""

    __tablename__ = "import_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id", ondelete="CASCADE"), index=True)
    location: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)


class Source(Base):
    """One version of one article."""

    __tablename__ = "sources"
    __table_args__ = (
        UniqueConstraint("doc_key", "version"),
        UniqueConstraint("doc_key", "content_hash"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)  # stable: from doc_key and content
    doc_key: Mapped[str] = mapped_column(String(1000))  # URL, else file name (+ record for JSON)
    version: Mapped[int] = mapped_column(Integer)  # 1, 2, ... for changed content under one doc_key
    is_latest: Mapped[bool] = mapped_column(Boolean)  # no index: most rows are latest, and it misled SQLite's planner
    file: Mapped[str] = mapped_column(String(1000))
    path: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(16))
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(String(300))
    author: Mapped[str | None] = mapped_column(String(300))
    published: Mapped[dt.date | None] = mapped_column(Date)
    published_how: Mapped[str | None] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id", ondelete="SET NULL"))
    extractor_version: Mapped[str] = mapped_column(String(64))


class Speaker(Base):
    """A person or organisation, one row across all articles."""

    __tablename__ = "speakers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # person | organisation | publication
    first_seen: Mapped[dt.date | None] = mapped_column(Date)
    last_seen: Mapped[dt.date | None] = mapped_column(Date)


class SpeakerAlias(Base):
    __tablename__ = "speaker_aliases"
    __table_args__ = (UniqueConstraint("speaker_id", "alias"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(300), index=True)


class SpeakerRole(Base):
    __tablename__ = "speaker_roles"
    __table_args__ = (UniqueConstraint("speaker_id", "title", "organisation"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    organisation: Mapped[str] = mapped_column(String(300), default="")  # "" when not known
    first_seen: Mapped[dt.date | None] = mapped_column(Date)
    last_seen: Mapped[dt.date | None] = mapped_column(Date)


class Quote(Base):
    __tablename__ = "quotes"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # direct | indirect
    text: Mapped[str] = mapped_column(Text)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    mention: Mapped[str | None] = mapped_column(String(300))
    mention_start: Mapped[int | None] = mapped_column(Integer)
    mention_end: Mapped[int | None] = mapped_column(Integer)
    cue: Mapped[str | None] = mapped_column(String(100))
    sentence: Mapped[str | None] = mapped_column(Text)  # the sentence(s) around it, for reviewers
    extractor_version: Mapped[str] = mapped_column(String(64))


class QuoteTerm(Base):
    """The index that pairs quotes across articles without comparing all pairs: the content words,
    two-word phrases and fingerprint (factdb.compare.index_terms) of every direct quote of a latest
    source. Written with the quote, removed when its source is no longer the latest version;
    reconcile looks up a new quote's terms here to find the stored quotes worth comparing with it."""

    __tablename__ = "quote_terms"
    __table_args__ = {"sqlite_with_rowid": False}  # the primary key is the table: one B-tree less to write
    quote_id: Mapped[str] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"), primary_key=True)
    term: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (Index("ix_claims_subject_property", "subject", "property"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # count | ordinal | duration | amount | percent | date
    subject: Mapped[str] = mapped_column(String(300))
    property: Mapped[str] = mapped_column(String(300))
    value: Mapped[str | None] = mapped_column(String(100))  # as text: "27", "XXXX-01-10"
    value_num: Mapped[float | None] = mapped_column(Float)
    low: Mapped[float | None] = mapped_column(Float)  # NULL: unbounded
    high: Mapped[float | None] = mapped_column(Float)
    low_open: Mapped[bool] = mapped_column(Boolean, default=False)
    high_open: Mapped[bool] = mapped_column(Boolean, default=False)
    unit: Mapped[str | None] = mapped_column(String(32))
    hedge: Mapped[str | None] = mapped_column(String(32))
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    qualifiers: Mapped[str | None] = mapped_column(Text)  # JSON object
    evidence: Mapped[str] = mapped_column(Text)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str | None] = mapped_column(Text)
    extractor_version: Mapped[str] = mapped_column(String(64))
    # The comparison key (kind family, subject, property, unit family, scope) as JSON: claims are
    # compared only within one key (factdb.compare.claim_key).
    key: Mapped[str | None] = mapped_column(String(1000), index=True)


class TimeExpression(Base):
    """A temporal expression with its TIMEX3 value."""

    __tablename__ = "dates"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(300))
    value: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(16))
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    extractor_version: Mapped[str] = mapped_column(String(64))



class Group(Base):
    """Claims or quotes from several articles that agree or conflict.

    The id is stable (derived from the claim key and values, or from the quotes' anchor items),
    so annotations on a group, such as a dismissal, survive re-imports and recomputation.
    """

    __tablename__ = "groups"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # claim | quote
    relation: Mapped[str] = mapped_column(String(16), index=True)  # agree | conflict | outdated | inconsistent
    key: Mapped[str] = mapped_column(String(1000), index=True)  # claim key, or "quote:<block>"
    subject: Mapped[str | None] = mapped_column(String(300))
    property: Mapped[str | None] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(Text)
    independent_sources: Mapped[int] = mapped_column(Integer)  # distinct publishers (or articles)
    # false: no longer found. Not indexed: nearly every group is active, and SQLite, seeing an index,
    # would read every group to find the few a query names.
    active: Mapped[bool] = mapped_column(Boolean)
    first_found: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class PendingKey(Base):
    """Claim keys (and "quotes") whose groups must be recomputed: written in the same transaction
    as the article that touched them, cleared by reconcile, so a crash between the two loses
    nothing: the next import reconciles what is pending. Each queuing writes a new `stamp`; a
    reconciliation clears a key only if its stamp is still the one it read, so a key queued again
    by an importer meanwhile stays pending."""

    __tablename__ = "pending_keys"
    key: Mapped[str] = mapped_column(String(1000), primary_key=True)
    stamp: Mapped[str | None] = mapped_column(String(32))


class GroupItem(Base):
    __tablename__ = "group_items"
    __table_args__ = (UniqueConstraint("group_id", "item_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[str] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(32), index=True)  # a claim or quote id
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    side: Mapped[int] = mapped_column(Integer)  # items on one side say the same thing
    value: Mapped[str | None] = mapped_column(Text)  # what this item says, in words


class Annotation(Base):
    """A reviewer's verdict on a claim, quote or group: append-only, never deleted.

    Keyed by the item's stable id without a foreign key, so no re-import, re-extraction or
    migration can cascade it away; an item that no longer exists leaves its annotations orphaned
    and listed, not lost.
    """

    __tablename__ = "annotations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[str] = mapped_column(String(32), index=True)
    item_kind: Mapped[str] = mapped_column(String(16))  # claim | quote | group
    reviewer: Mapped[str] = mapped_column(String(200))
    verdict: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("annotations.id"))
    # Set on a copy made when an article changed or was read again and the item it annotated
    # got a new id: the annotation it was carried from.
    carried_from: Mapped[int | None] = mapped_column(ForeignKey("annotations.id"))
