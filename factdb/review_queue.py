"""The review queue: what a reviewer should look at next, with its evidence, in order of urgency.

Order: conflict groups this reviewer has not judged yet; then claims nobody has judged, those whose
claim key (same subject and property) is stated by the most articles first; then quotes nobody has
judged. The position is never stored: it follows from the annotations themselves, so a reviewer
resumes where they stopped on any machine, and skipped items simply come back next session.
"""
from __future__ import annotations

import re
import shutil
import textwrap
from dataclasses import dataclass, field

from sqlalchemy import desc, func, select

from factdb import models as m
from factdb.db import Database
from factdb.records import GROUP_VERDICTS, ITEM_VERDICTS
from factdb.render import side_mark

KINDS = ("group", "claim", "quote")
ACTION_KEYS = {"n": "note", "s": "skip", "b": "back", "q": "quit"}
RE_NON_WORD = re.compile(r"\W+")  # a sentence that is the evidence give or take quotation marks is not repeated


@dataclass(frozen=True)
class Evidence:
    """One item as the reviewer sees it: its words, the sentence around them, and where it was read."""

    item_id: str
    text: str  # the claim's evidence or the quote's words
    sentence: str | None  # the surrounding sentence(s)
    value: str | None  # what it says: the claim value, the speaker of a quote
    file: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    side: int | None = None  # within a group: items on one side say the same thing


@dataclass(frozen=True)
class Entry:
    kind: str  # group | claim | quote
    id: str
    heading: str  # what it is about, on one line
    reason: str | None = None  # why a group was formed; how many articles state a claim's key
    evidence: tuple[Evidence, ...] = ()
    relation: str | None = None  # groups: conflict

    @property
    def verdicts(self) -> tuple[str, ...]:
        return GROUP_VERDICTS if self.kind == "group" else ITEM_VERDICTS

    @property
    def keys(self) -> dict[str, str]:
        """Single keys for this entry's verdicts: "1" → the first verdict, ..."""
        return {str(i): v for i, v in enumerate(self.verdicts, 1)}


@dataclass
class Queue:
    """Entries in review order; claims and quotes are read from the database when first shown."""

    db: Database
    refs: list[tuple[str, str, int]]  # (kind, id, sources stating the claim's key)
    loaded: dict[str, Entry] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.refs)

    def __getitem__(self, i: int) -> Entry:
        kind, item_id, n = self.refs[i]
        if item_id not in self.loaded:
            self.loaded[item_id] = _load(self.db, kind, item_id, n)
        return self.loaded[item_id]

    def counts(self) -> dict[str, int]:
        return {k: sum(r[0] == k for r in self.refs) for k in KINDS}

    def summary(self) -> str:
        words = {"group": "conflict", "claim": "claim", "quote": "quote"}
        parts = [f"{n} {words[k]}{'s' if n != 1 else ''}" for k, n in self.counts().items() if n]
        return ", ".join(parts) + " to review" if parts else "nothing to review"


def build_queue(db: Database, reviewer: str, kind: str | None = None, second_opinion: bool = False) -> Queue:
    """The queue for one reviewer. Claims and quotes judged by anyone are left out, or only those
    this reviewer judged with `second_opinion` (to measure agreement between reviewers)."""
    from factdb.report import groups

    mine = select(m.Annotation.item_id).where(m.Annotation.reviewer == reviewer)
    judged = mine if second_opinion else select(m.Annotation.item_id)
    refs: list[tuple[str, str, int]] = []
    loaded: dict[str, Entry] = {}
    with db.engine.connect() as conn:
        done = set(conn.execute(mine.distinct()).scalars())
        if kind in (None, "claim"):
            refs += [("claim", i, n) for i, n in conn.execute(_claims_by_sources(judged))]
        if kind in (None, "quote"):
            stmt = (select(m.Quote.id).join(m.Source, m.Source.id == m.Quote.source_id)
                    .where(m.Source.is_latest, m.Quote.id.not_in(judged))
                    .order_by(m.Source.file, m.Source.id, m.Quote.start_char, m.Quote.id))
            refs += [("quote", i, 0) for i in conn.execute(stmt).scalars()]
    if kind in (None, "group"):
        found = [_group_entry(g) for g in groups(db, "conflict", include_dismissed=True) if g["id"] not in done]
        loaded = {e.id: e for e in found}
        refs = [("group", e.id, 0) for e in found] + refs
    return Queue(db, refs, loaded)


def _claims_by_sources(judged):
    """(claim id, articles stating its key) of the claims not judged: the most stated keys first,
    the claims of one key together."""
    per_key = (select(m.Claim.key, func.count(m.Claim.source_id.distinct()).label("n"))
               .join(m.Source, m.Source.id == m.Claim.source_id).where(m.Source.is_latest)
               .group_by(m.Claim.key).subquery())
    n = func.coalesce(per_key.c.n, 1)
    return (select(m.Claim.id, n).join(m.Source, m.Source.id == m.Claim.source_id)
            .outerjoin(per_key, per_key.c.key == m.Claim.key)
            .where(m.Source.is_latest, m.Claim.id.not_in(judged))
            .order_by(desc(n), m.Claim.key, m.Source.file, m.Source.id, m.Claim.start_char, m.Claim.id))


def _group_entry(g: dict) -> Entry:
    """An entry from a group of `factdb.report.groups`: every item of every side."""
    items = tuple(Evidence(i["item_id"], i["evidence"] or "", i["sentence"], i["value"], i["file"], i["title"],
                           i["publisher"], i["published"], i["url"], i["side"]) for i in g["items"])
    heading = f"{g['kind']} {g['relation']}: {g['subject'] or '?'} / {g['property'] or '?'}"
    return Entry("group", g["id"], heading, g["reason"], items, g["relation"])


def _load(db: Database, kind: str, item_id: str, n: int) -> Entry:
    source = (m.Source.file, m.Source.title, m.Source.publisher, m.Source.published, m.Source.url)
    with db.engine.connect() as conn:
        if kind == "claim":
            r = conn.execute(select(m.Claim, *source).join(m.Source, m.Source.id == m.Claim.source_id)
                             .where(m.Claim.id == item_id)).one()
            value = f"{r.value}{' ' + r.unit if r.unit else ''}"
            heading = f"{r.kind} claim: {r.subject} / {r.property} = {value}"
            reason = f"{n} articles state this subject and property" if n > 1 else None
            text = r.evidence
        else:
            r = conn.execute(select(m.Quote, m.Speaker.name.label("speaker"), *source)
                             .join(m.Source, m.Source.id == m.Quote.source_id)
                             .outerjoin(m.Speaker, m.Speaker.id == m.Quote.speaker_id)
                             .where(m.Quote.id == item_id)).one()
            value = r.speaker or "unknown speaker"
            heading = f"{r.kind} quote: {value}" + (f" ({r.cue})" if r.cue else "")
            reason, text = None, r.text
    published = r.published.isoformat() if r.published else None
    return Entry(kind, item_id, heading, reason,
                 (Evidence(item_id, text, r.sentence, value, r.file, r.title, r.publisher, published, r.url),))


# ───────────────────────── how an entry is shown ─────────────────────────

def legend(entry: Entry) -> str:
    """The keys that act on this entry: its verdicts, then note, skip, back, quit."""
    keys = {**entry.keys, **ACTION_KEYS}
    return "  ".join(f"[{k}] {what}" for k, what in keys.items())


def entry_text(entry: Entry, position: int, total: int, width: int | None = None) -> str:
    """The entry as a block of text: heading, reason, then each item's words, sentence and source."""
    width = max(60, min(width or shutil.get_terminal_size((100, 24)).columns, 120))
    lines = [f"── {position}/{total}  {entry.kind} {entry.id} ".ljust(width, "─"), entry.heading]
    if entry.reason:
        label = "why: " if entry.kind == "group" else ""
        lines += textwrap.wrap(entry.reason, width, initial_indent=label, subsequent_indent=" " * len(label))
    for e in entry.evidence:
        if entry.kind == "group":
            lines.append(f" [{side_mark(entry.relation or 'agree', e.side)}] {e.value}")
        lines += textwrap.wrap(f"“{e.text}”", width, initial_indent="     ", subsequent_indent="      ")
        if e.sentence and RE_NON_WORD.sub(" ", e.sentence).strip() != RE_NON_WORD.sub(" ", e.text).strip():
            lines += textwrap.wrap(" ".join(e.sentence.split()), width, initial_indent="     in: ",
                                   subsequent_indent="         ")
        title = f"“{e.title}”" if e.title else None
        where = ", ".join(x for x in (title, e.publisher, e.published, e.url) if x)
        lines += textwrap.wrap(f"{e.file}" + (f": {where}" if where else ""), width,
                               initial_indent="     source: ", subsequent_indent="         ")
    return "\n".join(lines)
