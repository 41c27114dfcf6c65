"""Extraction → database rows: idempotent, versioned, provenance kept.

One article is stored in one transaction by `store_extraction`. The same content under the same
document key is stored once; changed content under a known key becomes a new version (the old
one is kept, no longer latest); unchanged content read by another extractor version is
re-extracted in place, keeping the source row.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from collections import Counter
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Connection, Date, bindparam, case, delete, func, insert, or_, select, update

from factdb import models as m
from factdb.compare import index_terms
from factdb.db import insert_rows, upsert
from factdb.extract import maker
from factdb.reconcile import key_text
from factdb.records import Extraction, RawArticle, Speaker

_speaker = maker(Speaker)  # Speaker(...), faster

NEW, UNCHANGED, UPDATED, REEXTRACTED = "new", "unchanged", "updated", "reextracted"
RE_NON_WORD = re.compile(r"[\W_]+")


def _digest(*parts: object, size: int = 20) -> str:
    # a list, not a generator: join makes one from it anyway (prepare calls this for every item)
    h = hashlib.sha256("\x1f".join(["" if p is None else str(p) for p in parts]).encode("utf-8"))
    return h.hexdigest()[:size]


def doc_key(raw: RawArticle) -> str:
    """What identifies a document across versions: its URL, else its file name (and record)."""
    if raw.url:
        return raw.url
    if raw.format in ("jsonl", "json"):
        return f"{raw.file}#{raw.title}" if raw.title else raw.path.rsplit("/", 1)[-1]
    return raw.file


def content_hash(raw: RawArticle) -> str:
    return _digest(raw.text, raw.title, raw.url, raw.published, raw.publisher, raw.author, size=64)


def item_id(prefix: str, source_uid: str, *span: object) -> str:
    """A stable identifier from the source and the item's span: the same text gives the same id."""
    return f"{prefix}_{_digest(source_uid, *span)}"


class _Sentences:
    """The sentence(s) around a span, for reviewers' context, found by bisection (sentences are in order)."""

    def __init__(self, ex: Extraction):
        self.text, self.sentences = ex.article.text, ex.article.sentences
        self.ends = [s.end for s in self.sentences]

    def around(self, start: int, end: int) -> str | None:
        first = bisect_right(self.ends, start)  # the first sentence ending after `start`
        last = first
        while last < len(self.sentences) and self.sentences[last].start < end:
            last += 1
        if last == first:
            return None
        return self.text[self.sentences[first].start:self.sentences[last - 1].end]


QUOTES_KEY = "quotes"  # the pending key that asks for every quote group to be recomputed


def quotes_key(source_id: int) -> str:
    """The pending key that asks for the quote groups around one source's quotes to be recomputed."""
    return f"{QUOTES_KEY}:{source_id}"


@dataclass
class Prepared:
    """An article's rows, made from its extraction without the database (in a worker process with
    `import --jobs`): the writer only fills in the ids the database gives (source, speakers)."""

    key: str  # doc_key
    chash: str
    uid: str
    path: str
    extractor_version: str
    published: dt.date | None
    source: dict  # the sources columns but id, version, is_latest, import_id, imported_at
    speakers: list[Speaker]  # those the extractor listed, then those only quotes name
    quotes: list[dict]  # quotes rows; source_id and speaker_id are filled in when stored
    quote_speakers: list[str | None]  # the speaker name of each quote row
    claims: list[dict]
    dates: list[dict]
    terms: list[dict]  # quote_terms rows of the direct quotes


# json.dumps(x, ensure_ascii=False), without building an encoder for every claim
_QUALIFIERS_JSON = json.JSONEncoder(ensure_ascii=False)


def prepare(ex: Extraction) -> Prepared:
    """Everything storing `ex` needs that the database does not decide."""
    raw, article = ex.article.raw, ex.article
    key, chash = doc_key(raw), content_hash(raw)
    uid = _source_uid(key, chash)
    version, seen = ex.extractor_version, article.published
    sentences = _Sentences(ex)
    quotes: dict[str, dict] = {}
    speaker_of: dict[str, str | None] = {}
    for q in ex.quotes:
        qid = item_id("q", uid, q.kind, q.start, q.end)
        if qid not in quotes:
            speaker_of[qid] = q.speaker or None
            quotes[qid] = dict(
                id=qid, source_id=None, speaker_id=None, kind=q.kind, text=q.text, start_char=q.start, end_char=q.end,
                mention=q.mention, mention_start=q.mention_start, mention_end=q.mention_end, cue=q.cue,
                sentence=sentences.around(q.start, q.end), extractor_version=version)
    claims: dict[str, dict] = {}
    for c in ex.claims:
        cid = item_id("c", uid, c.kind, c.subject, c.property, c.start, c.end)
        numeric = isinstance(c.value, (int, float)) and not isinstance(c.value, bool)
        claims.setdefault(cid, dict(
            id=cid, source_id=None, kind=c.kind, subject=c.subject, property=c.property,
            value=None if c.value is None else _value_text(c.value),
            value_num=float(c.value) if numeric else None, low=c.low, high=c.high,
            low_open=c.low_open, high_open=c.high_open, unit=c.unit, hedge=c.hedge,
            as_of=dt.date.fromisoformat(c.as_of) if c.as_of else seen,
            qualifiers=_QUALIFIERS_JSON.encode(dict(c.qualifiers)) if c.qualifiers else None,
            evidence=c.evidence, start_char=c.start, end_char=c.end,
            sentence=sentences.around(c.start, c.end), extractor_version=version, key=key_text(c)))
    dates: dict[str, dict] = {}
    for d in ex.dates:
        did = item_id("d", uid, d.start, d.end)
        dates.setdefault(did, dict(id=did, source_id=None, text=d.text, value=d.value, type=d.type,
                                   start_char=d.start, end_char=d.end, extractor_version=version))
    source = dict(
        uid=uid, doc_key=key, file=raw.file, path=raw.path, format=raw.format, url=raw.url, title=article.title,
        publisher=article.publisher, author=article.author, published=seen, published_how=article.published_how,
        body=article.text, content_hash=chash, extractor_version=version)
    terms = [{"quote_id": q["id"], "term": t} for q in quotes.values() if q["kind"] == "direct"
             for t in sorted(index_terms(q["text"]))]
    return Prepared(key, chash, uid, raw.path, version, seen, source,
                    list(ex.speakers) + [_speaker(name=q.speaker) for q in ex.quotes if q.speaker],
                    list(quotes.values()), list(speaker_of.values()), list(claims.values()), list(dates.values()),
                    terms)


def store_extraction(conn: Connection, ex: Extraction, import_id: int | None = None) -> str:
    """Store one article's extraction inside the caller's transaction; return what happened.

    What the article touched (its claim keys, and quotes) is queued in pending_keys in the same
    transaction, for `factdb.reconcile.reconcile_pending`."""
    return store_batch(conn, [prepare(ex)], import_id)[0]


def store_batch(conn: Connection, batch: list[Prepared], import_id: int | None = None) -> list[str]:
    """Store many prepared articles inside the caller's transaction; return what happened to each.

    The same as storing each in turn, but an article whose document is not in the database yet
    (the bulk of any import) is stored set-wise with the others: one statement per table for the
    whole batch. The rest (new versions, re-extractions, unchanged) go one by one."""
    keys = [p.key for p in batch]
    known = set()
    for chunk in _chunks(sorted(set(keys))):
        known.update(conn.execute(select(m.Source.doc_key).where(m.Source.doc_key.in_(chunk))).scalars())
    repeated = {k for k, n in Counter(keys).items() if n > 1}
    outcomes, touched, fresh = [], set(), []
    for p in batch:
        if p.key in known or p.key in repeated:
            touched |= _store_new_sources(conn, fresh, import_id)
            fresh = []
            outcome, more = _store(conn, p, import_id)
            touched |= more
        else:
            fresh.append(p)
            outcome = NEW
        outcomes.append(outcome)
    touched |= _store_new_sources(conn, fresh, import_id)
    _queue(conn, touched)
    return outcomes


def _chunks(items: list, size: int = 500):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _store_new_sources(conn: Connection, batch: list[Prepared], import_id: int | None) -> set[str]:
    """Insert articles whose documents are new: their sources, speakers and items, set-wise."""
    if not batch:
        return set()
    now = _now()
    rows = [{**p.source, "version": 1, "is_latest": True, "import_id": import_id, "imported_at": now} for p in batch]
    ids = {r.uid: r.id for r in conn.execute(NEW_SOURCES, rows)}
    _insert_items(conn, [(p, ids[p.uid]) for p in batch])
    touched = {c["key"] for p in batch for c in p.claims}
    touched |= {quotes_key(ids[p.uid]) for p in batch if p.terms}
    return touched


def _queue(conn: Connection, keys: set[str]) -> None:
    """Queue the keys with a new stamp (re-stamping those already queued: see models.PendingKey)."""
    stamp = uuid.uuid4().hex
    upsert(conn, m.PendingKey.__table__, [{"key": k, "stamp": stamp} for k in sorted(keys)], ["key"], ["stamp"])


# Statements of every article, built once (parameters bound at each execution).
VERSIONS = (select(m.Source.id, m.Source.content_hash, m.Source.version, m.Source.extractor_version)
            .where(m.Source.doc_key == bindparam("key")))
NEW_SOURCES = insert(m.Source).returning(m.Source.uid, m.Source.id)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _store(conn: Connection, p: Prepared, import_id: int | None) -> tuple[str, set[str]]:
    rows = conn.execute(VERSIONS, {"key": p.key}).all()
    same = next((r for r in rows if r.content_hash == p.chash), None)
    if same is not None:
        if same.extractor_version == p.extractor_version:
            return UNCHANGED, set()
        touched = _claim_keys(conn, [same.id])
        annotated = _annotated_items(conn, [same.id])
        _delete_items(conn, same.id)
        conn.execute(update(m.Source).where(m.Source.id == same.id).values(
            {k: p.source[k] for k in ("extractor_version", "title", "publisher", "author", "published", "published_how")}))
        _insert_items(conn, [(p, same.id)])
        carry_annotations(conn, annotated, p.claims, p.quotes)
        return REEXTRACTED, touched | {c["key"] for c in p.claims} | {quotes_key(same.id)}
    version = max((r.version for r in rows), default=0) + 1
    touched = _claim_keys(conn, [r.id for r in rows])
    annotated = _annotated_items(conn, [r.id for r in rows])
    if rows:
        conn.execute(update(m.Source).where(m.Source.doc_key == p.key).values(is_latest=False))
        _unindex_quotes(conn, [r.id for r in rows])  # quotes of older versions are no longer compared
    source_id = conn.execute(insert(m.Source).returning(m.Source.id), {
        **p.source, "version": version, "is_latest": True, "import_id": import_id, "imported_at": _now()}).scalar_one()
    _insert_items(conn, [(p, source_id)])
    carry_annotations(conn, annotated, p.claims, p.quotes)
    touched |= {c["key"] for c in p.claims}
    touched |= {quotes_key(i) for i in [source_id] + [r.id for r in rows]}
    return (UPDATED if rows else NEW), touched


def _claim_keys(conn: Connection, source_ids: list[int]) -> set[str]:
    if not source_ids:
        return set()
    return set(conn.execute(select(m.Claim.key).distinct().where(m.Claim.source_id.in_(source_ids))).scalars())


def _source_uid(key: str, chash: str) -> str:
    return _digest(key, chash, size=32)


def source_uid(raw: RawArticle) -> str:
    """The uid of the source row this article is stored as: its document key and content."""
    return _source_uid(doc_key(raw), content_hash(raw))


def _unindex_quotes(conn: Connection, source_ids: list[int]) -> None:
    conn.execute(delete(m.QuoteTerm).where(m.QuoteTerm.quote_id.in_(
        select(m.Quote.id).where(m.Quote.source_id.in_(source_ids)))))


REINDEX_BATCH = 5000  # quotes read and indexed at a time: a rebuild of the index runs in little memory


def rebuild_quote_terms(conn: Connection, words_only: bool = False) -> int:
    """Make quote_terms again from the text of every current direct quote (compare.index_terms; only
    its single words with `words_only`); return how many quotes were indexed. For migrations: it
    names tables and columns in SQL, not through factdb.models, which may have changed since."""
    from sqlalchemy import column, table, text

    from factdb.compare import is_word_term

    terms = table("quote_terms", column("quote_id"), column("term"))
    conn.execute(terms.delete())
    query = text("SELECT q.id, q.text FROM quotes q JOIN sources s ON s.id = q.source_id "
                 f"WHERE s.is_latest AND q.kind = 'direct' AND q.id > :after ORDER BY q.id LIMIT {REINDEX_BATCH}")
    after, indexed = "", 0
    while rows := conn.execute(query, {"after": after}).all():
        found = [{"quote_id": qid, "term": t} for qid, quote in rows for t in sorted(index_terms(quote))
                 if not words_only or is_word_term(t)]
        if found:
            conn.execute(terms.insert(), found)
        indexed += len({r["quote_id"] for r in found})
        after = rows[-1][0]
    return indexed


def _delete_items(conn: Connection, source_id: int) -> None:
    _unindex_quotes(conn, [source_id])
    for table in (m.Quote, m.Claim, m.TimeExpression):
        conn.execute(table.__table__.delete().where(table.source_id == source_id))


def _insert_items(conn: Connection, stored: list[tuple[Prepared, int]]) -> None:
    """Insert the quotes, claims and dates of prepared articles stored as the given source ids."""
    speaker_ids = _upsert_speakers(conn, [p for p, _ in stored])
    for p, source_id in stored:
        for q, name in zip(p.quotes, p.quote_speakers):
            q["source_id"], q["speaker_id"] = source_id, speaker_ids.get(name) if name else None
        for row in p.claims:
            row["source_id"] = source_id
        for row in p.dates:
            row["source_id"] = source_id
    for table, field in ((m.Quote, "quotes"), (m.QuoteTerm, "terms"), (m.Claim, "claims"), (m.TimeExpression, "dates")):
        rows = [row for p, _ in stored for row in getattr(p, field)]
        for chunk in _chunks(rows, 5000):
            insert_rows(conn, table.__table__, chunk)


def _fold(text: str | None) -> str:
    return " ".join(RE_NON_WORD.sub(" ", (text or "").casefold()).split())


def _claim_match_keys(c) -> list[tuple]:
    """From the most to the least exact: what makes a claim in a new version "the same claim"."""
    return [(c["kind"], c["subject"], c["property"], _fold(c["evidence"])),
            (c["kind"], _fold(c["evidence"])),
            (c["kind"], c["subject"], c["property"], c["value"])]


def _annotated_items(conn: Connection, source_ids: list[int]) -> list[dict]:
    """Claims and quotes of these sources that reviewers annotated, with what identifies them."""
    if not source_ids:
        return []
    annotated = select(m.Annotation.item_id)
    claims = conn.execute(select(m.Claim.id, m.Claim.kind, m.Claim.subject, m.Claim.property, m.Claim.value,
                                 m.Claim.evidence).where(m.Claim.source_id.in_(source_ids),
                                                         m.Claim.id.in_(annotated))).mappings().all()
    quotes = conn.execute(select(m.Quote.id, m.Quote.text).where(m.Quote.source_id.in_(source_ids),
                                                                 m.Quote.id.in_(annotated))).mappings().all()
    return [{"item": "claim", **c} for c in claims] + [{"item": "quote", **q} for q in quotes]


def carry_annotations(conn: Connection, annotated: list[dict], claims: list[dict], quotes: list[dict]) -> int:
    """Copy the annotations of items that got a new id (a changed article, a new extractor) to the
    matching new item. Items with no match keep their annotations, orphaned but never lost."""
    if not annotated:
        return 0
    new_ids = {c["id"] for c in claims} | {q["id"] for q in quotes}
    claim_index: dict[tuple, str] = {}
    for c in claims:
        for k in _claim_match_keys(c):
            claim_index.setdefault(k, c["id"])
    quote_index = {_fold(q["text"]): q["id"] for q in quotes}
    moves = {}
    for old in annotated:
        if old["id"] in new_ids:
            continue  # same id in the new version: its annotations apply as they are
        if old["item"] == "claim":
            target = next((claim_index[k] for k in _claim_match_keys(old) if k in claim_index), None)
        else:
            target = quote_index.get(_fold(old["text"])) or _similar_quote(old["text"], quotes)
        if target:
            moves[old["id"]] = target
    carried = 0
    for old_id, new_id in moves.items():
        previous = conn.execute(select(func.max(m.Annotation.id)).where(m.Annotation.item_id == new_id)).scalar()
        for a in conn.execute(select(m.Annotation).where(m.Annotation.item_id == old_id).order_by(m.Annotation.id)).all():
            previous = conn.execute(insert(m.Annotation).values(
                item_id=new_id, item_kind=a.item_kind, reviewer=a.reviewer, verdict=a.verdict, note=a.note,
                created_at=a.created_at, replaces_id=previous, carried_from=a.id).returning(m.Annotation.id)).scalar_one()
            carried += 1
    return carried


def _similar_quote(text: str, quotes: list[dict]) -> str | None:
    """The new quote that is the old one give or take a few words (a span read slightly differently)."""
    from rapidfuzz import fuzz, process

    if not quotes:
        return None
    best = process.extractOne(_fold(text), [_fold(q["text"]) for q in quotes], scorer=fuzz.ratio, score_cutoff=90)
    return quotes[best[2]]["id"] if best else None


def _value_text(value: float | str) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _upsert_speakers(conn: Connection, batch: list[Prepared]) -> dict[str, int]:
    """One speakers row per canonical name across all articles; aliases and roles accumulate.

    A few set-wise statements for any number of articles and speakers: insert what is new (ON
    CONFLICT DO NOTHING, safe against another importer; the first article's kind wins), read the
    ids, widen the seen dates to cover the articles' publication dates."""
    speakers: dict[str, Speaker] = {}
    aliases: dict[str, dict[str, None]] = {}
    roles: dict[tuple, list] = {}  # (name, title, organisation) → [first, last] seen
    seen: dict[str, list] = {}
    for p in batch:
        day = p.published
        for s in p.speakers:
            speakers.setdefault(s.name, s)
            _stretch(seen, s.name, day)
            aliases.setdefault(s.name, {}).update(dict.fromkeys(a for a in s.aliases if a and a != s.name))
            for r in s.roles:
                _stretch(roles, (s.name, r.title, r.organisation or ""), day)
    if not speakers:
        return {}
    names = sorted(speakers)  # one order for every importer: no deadlock between them
    upsert(conn, m.Speaker.__table__, [{"name": n, "kind": speakers[n].kind, "first_seen": seen[n][0],
                                        "last_seen": seen[n][1]} for n in names], ["name"])
    rows = []
    for chunk in _chunks(names):
        rows += conn.execute(select(m.Speaker.id, m.Speaker.name, m.Speaker.first_seen, m.Speaker.last_seen)
                             .where(m.Speaker.name.in_(chunk))).all()
    ids = {r.name: r.id for r in rows}
    upsert(conn, m.SpeakerAlias.__table__, [{"speaker_id": ids[n], "alias": a} for n in names for a in aliases[n]],
           ["speaker_id", "alias"])
    role_rows = [{"speaker_id": ids[n], "title": t, "organisation": o, "first_seen": lo, "last_seen": hi}
                 for (n, t, o), (lo, hi) in sorted(roles.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2]))]
    upsert(conn, m.SpeakerRole.__table__, role_rows, ["speaker_id", "title", "organisation"])
    outside = [{"row_id": r.id, "lo": seen[r.name][0], "hi": seen[r.name][1]} for r in rows
               if seen[r.name][0] is not None
               and not (r.first_seen and r.last_seen and r.first_seen <= seen[r.name][0] and seen[r.name][1] <= r.last_seen)]
    _widen_seen(conn, m.Speaker.__table__, outside, ["id"])
    _widen_seen(conn, m.SpeakerRole.__table__,
                [{"row_speaker_id": r["speaker_id"], "row_title": r["title"], "row_organisation": r["organisation"],
                  "lo": r["first_seen"], "hi": r["last_seen"]} for r in role_rows if r["first_seen"] is not None],
                ["speaker_id", "title", "organisation"])
    return ids


def _stretch(spans: dict, key, day: dt.date | None) -> None:
    """Widen spans[key] = [first, last] to cover `day` (None leaves it as it is)."""
    span = spans.setdefault(key, [day, day])
    if day is not None:
        span[0] = day if span[0] is None or day < span[0] else span[0]
        span[1] = day if span[1] is None or day > span[1] else span[1]


def _widen_seen(conn: Connection, table, rows: list[dict], keys: list[str]) -> None:
    """Stretch first_seen/last_seen of the rows named by `keys` (given as row_<key>) to cover the
    dates lo..hi of each."""
    if rows:
        conn.execute(_widen_statement(table, tuple(keys)), rows)


@lru_cache(maxsize=None)
def _widen_statement(table, keys: tuple[str, ...]):
    first, last = table.c.first_seen, table.c.last_seen
    lo, hi = bindparam("lo", type_=Date), bindparam("hi", type_=Date)
    return (update(table)
            .where(*(table.c[k] == bindparam(f"row_{k}") for k in keys),
                   or_(first.is_(None), first > lo, last.is_(None), last < hi))
            .values(first_seen=case((or_(first.is_(None), first > lo), lo), else_=first),
                    last_seen=case((or_(last.is_(None), last < hi), hi), else_=last)))
