"""Report data, then renderers."""
from __future__ import annotations

from collections.abc import Iterable, Iterator


def extraction_text(doc: dict) -> str:
    """A readable summary of one `factdb extract` result."""
    src = doc["source"]
    lines = [f"{src['file']}: {src['title']}",
             f"  published {src['published'] or '?'}  publisher {src['publisher'] or '?'}  author {src['author'] or '?'}"]
    lines.append(f"quotes ({len(doc['quotes'])}):")
    lines += [f"  [{q['kind']}] {q['speaker'] or '?'} ({q['cue'] or '-'}): {q['text']}" for q in doc["quotes"]]
    for section in ("claims", "events"):
        lines.append(f"{section} ({len(doc[section])}):")
        lines += [f"  [{c['kind']}] {c['subject']} / {c['property']} = {c['value']}{' ' + c['unit'] if c['unit'] else ''}"
                  f"  «{c['evidence']}»" for c in doc[section]]
    lines.append(f"dates ({len(doc['dates'])}):")
    lines += [f"  {d['text']!r} = {d['value']}" for d in doc["dates"]]
    return "\n".join(lines)


# ───────────────────────── agreements and conflicts ─────────────────────────

GROUP_CSV_COLUMNS = ["group_id", "relation", "kind", "subject", "property", "reason", "verdict", "side",
                     "file", "published", "publisher", "value", "evidence", "item_id"]


def waiting(db) -> int:
    """How many claim keys and sources' quotes imports queued that no reconciliation has worked out yet."""
    from sqlalchemy import func, select

    from factdb import models as m

    with db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(m.PendingKey)).scalar_one()


PAGE = 1000  # groups read, with their items, at a time: a report's memory does not grow with the database


def groups(db, relation: str, kind: str | None = None, source: str | None = None,
           speaker: str | None = None, since=None, include_dismissed: bool = False,
           verdict: str | None = None, unreviewed: bool = False) -> Iterator[dict]:
    """Active groups of one relation with every item's evidence, in the JSON shape of GOLD.md, one
    at a time (the groups are read PAGE at a time, then their items and reviews).

    Groups whose current verdict is "dismissed" are left out unless asked for (or filtered on)."""
    from sqlalchemy import select

    from factdb import models as m
    from factdb.review import filter_by_verdict, reviewer_verdicts

    ids = select(m.Group.id).where(m.Group.active, m.Group.relation == relation)
    if kind:
        ids = ids.where(m.Group.kind == kind)
    stmt = filter_by_verdict(select(*m.Group.__table__.c).where(m.Group.id.in_(ids)), m.Group.id, verdict, unreviewed)
    stmt = stmt.order_by(m.Group.kind, m.Group.subject, m.Group.property, m.Group.id)
    with db.engine.connect() as conn:
        for page in conn.execution_options(yield_per=PAGE).execute(stmt).partitions():
            page_ids = [g.id for g in page]
            items = _group_items(conn, page_ids)
            reviews = reviewer_verdicts(conn, page_ids)
            for g in page:
                if g.verdict == "dismissed" and not (include_dismissed or verdict == "dismissed"):
                    continue
                members = items.get(g.id, [])
                if source and not any(_matches(source, i["file"], i["title"], i["url"]) for i in members):
                    continue
                if speaker and not (_matches(speaker, g.subject) or any(_matches(speaker, i.get("speaker"))
                                                                        for i in members)):
                    continue
                if since and not any(i["published"] and i["published"] >= since.isoformat() for i in members):
                    continue
                yield {"id": g.id, "relation": g.relation, "kind": g.kind, "subject": g.subject,
                       "property": g.property, "reason": g.reason, "independent_sources": g.independent_sources,
                       "verdict": g.verdict, "reviews": reviews.get(g.id, {}), "items": members}


def pairwise(found: Iterable[dict]) -> Iterator[dict]:
    """Disagreement groups as pairs of articles, as GOLD.md reads a group ("every two items of one group
    from different files form a pair"): a conflict between "4.2" (one article) and "4.5" (two articles)
    is two pairs, never the two articles that agree. Agreement groups are left whole."""
    for g in found:
        sides: dict[int, dict[str, dict]] = {}
        for i in g["items"]:
            sides.setdefault(i["side"], {}).setdefault(i["file"], i)  # one item per article and side
        if g["relation"] == "agree" or all(len(files) == 1 for files in sides.values()):
            yield g
            continue
        keys = sorted(sides)
        for n, a in enumerate(keys):
            for b in keys[n + 1:]:
                for fa, ia in sides[a].items():
                    for fb, ib in sides[b].items():
                        if fa != fb:
                            yield {**g, "group": g["id"], "items": [ia, ib]}


def _matches(needle: str, *haystacks) -> bool:
    n = needle.lower()
    return any(h and n in str(h).lower() for h in haystacks)


def _group_items(conn, ids) -> dict[str, list[dict]]:
    """The items of the groups whose ids `ids` (a list or a select of ids) gives, with their articles."""
    from sqlalchemy import select

    from factdb import models as m

    stmt = (select(m.GroupItem.group_id, m.GroupItem.item_id, m.GroupItem.side, m.GroupItem.value,
                   m.Source.file, m.Source.title, m.Source.url, m.Source.publisher, m.Source.published,
                   m.Claim.evidence.label("claim_evidence"), m.Claim.sentence.label("claim_sentence"),
                   m.Quote.text.label("quote_text"), m.Quote.sentence.label("quote_sentence"),
                   m.Speaker.name.label("speaker"))
            .join(m.Source, m.Source.id == m.GroupItem.source_id)
            .outerjoin(m.Claim, m.Claim.id == m.GroupItem.item_id)
            .outerjoin(m.Quote, m.Quote.id == m.GroupItem.item_id)
            .outerjoin(m.Speaker, m.Speaker.id == m.Quote.speaker_id)
            .where(m.GroupItem.group_id.in_(ids))
            .order_by(m.GroupItem.group_id, m.GroupItem.side, m.Source.file, m.GroupItem.item_id))
    out: dict[str, list[dict]] = {}
    for (group_id, item_id, side, value, file, title, url, publisher, published, claim_evidence, claim_sentence,
         quote_text, quote_sentence, speaker) in conn.execute(stmt):  # unpacked: much faster than r.name
        out.setdefault(group_id, []).append({
            "file": file, "evidence": claim_evidence or quote_text, "value": value,
            "side": side, "item_id": item_id, "title": title, "publisher": publisher,
            "published": published.isoformat() if published else None, "url": url,
            "speaker": speaker, "sentence": claim_sentence or quote_sentence,
        })
    return out


def groups_csv_rows(found: Iterable[dict]) -> Iterator[dict]:
    return ({"group_id": g["id"], **{k: g[k] for k in ("relation", "kind", "subject", "property", "reason", "verdict")},
             **{k: i[k] for k in ("side", "file", "published", "publisher", "value", "evidence", "item_id")}}
            for g in found for i in g["items"])


def groups_text(found: Iterable[dict], title: str, width: int | None = None) -> Iterator[str]:
    """Each group as a block: what it is about, the reason, then every side's evidence; then a count."""
    import shutil
    import textwrap

    from factdb.render import side_mark

    width = max(60, min(width or shutil.get_terminal_size((100, 24)).columns, 120))
    n = 0
    for g in found:
        head = f"{g['relation'].upper()}  {g['kind']}: {g['subject'] or '?'} / {g['property'] or '?'}"
        lines = [head, f"  id {g['id']}" + (f"  verdict: {g['verdict']}" if g["verdict"] else "")
                 + f"  independent sources: {g['independent_sources']}"]
        if len(set(g["reviews"].values())) > 1:
            lines.append("  reviewers disagree: " + ", ".join(f"{r} {v}" for r, v in g["reviews"].items()))
        lines += textwrap.wrap(g["reason"], width, initial_indent="  why: ", subsequent_indent="       ")
        for i in g["items"]:
            when = ", ".join(x for x in (i["publisher"], i["published"]) if x)
            lines.append(f"  [{side_mark(g['relation'], i['side'])}] "
                         f"{i['file']}" + (f" ({when})" if when else "") + f": {i['value']}")
            lines += textwrap.wrap(f"“{i['evidence']}”", width, initial_indent="      ", subsequent_indent="       ")
        yield "\n".join(lines) + "\n"
        n += 1
    yield f"{n} group{'s' if n != 1 else ''} ({title})" if n else f"no {title} found"


def groups_markdown(found: Iterable[dict], title: str) -> Iterator[str]:
    n = 0
    for g in found:
        part = (f"### {g['relation']}: {g['subject'] or '?'} / {g['property'] or '?'} (`{g['id']}`)\n\n"
                f"{g['reason']}\n\n| side | file | published | value | evidence |\n|---|---|---|---|---|")
        for i in g["items"]:
            cells = [str(i["side"]), i["file"], i["published"] or "", i["value"] or "", i["evidence"] or ""]
            part += "\n| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"
        yield ("\n" if n else "") + part
        n += 1
    if not n:
        yield f"_No {title} found._"
