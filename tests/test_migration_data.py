"""Migrations keep data: a database made at the first revision and filled with sources, speakers,
quotes, claims and dates, then annotated and grouped at the revision that brought those tables, is
upgraded to head (and down and up again) and keeps every row, every value, on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import inspect, text

from factdb import db as factdb_db
from factdb import models as m
from factdb.compare import index_terms

T0 = dt.datetime(2024, 3, 4, 10, 30, 15)
D0 = dt.date(2024, 3, 4)
BODY = "Ministers agree\n\n\u201cThe corridor stays open,\u201d Trade Minister Anna Berg said on Monday.\n"

# Rows as plain SQL would write them, in the order foreign keys need: table → rows.
AT_0001 = {
    "imports": [dict(id=1, started_at=T0, finished_at=T0, paths=json.dumps(["/news"]), extractor_version="0.0.1",
                     status="done", new=3, unchanged=0, updated=1, reextracted=0, failed=1)],
    "import_failures": [dict(id=1, import_id=1, location="/news/bad.txt", reason="binary file, not text")],
    "sources": [
        dict(id=1, uid="u" * 32, doc_key="grain.txt", version=1, is_latest=False, file="grain.txt",
             path="/news/grain.txt", format="text", url=None, title="Ministers agree", publisher=None, author=None,
             published=D0, published_how="dateline", body=BODY.replace("open", "shut"), content_hash="a" * 64,
             imported_at=T0, import_id=1, extractor_version="0.0.1"),
        dict(id=2, uid="v" * 32, doc_key="grain.txt", version=2, is_latest=True, file="grain.txt",
             path="/news/grain.txt", format="text", url=None, title="Ministers agree", publisher="Example News",
             author="Jo Smith", published=D0, published_how="byline", body=BODY, content_hash="b" * 64,
             imported_at=T0, import_id=1, extractor_version="0.0.1"),
        dict(id=3, uid="w" * 32, doc_key="https://example.org/x", version=1, is_latest=True, file="feed.jsonl",
             path="/news/feed.jsonl:1", format="jsonl", url="https://example.org/x", title="Z\u00fcrich \U0001f4f0",
             publisher=None, author=None, published=None, published_how=None, body="Body \u2014 with \u00e9.",
             content_hash="c" * 64, imported_at=T0, import_id=None, extractor_version="0.0.1"),
    ],
    "speakers": [dict(id=1, name="Anna Berg", kind="person", first_seen=D0, last_seen=dt.date(2024, 5, 1)),
                 dict(id=2, name="NATO", kind="organisation", first_seen=None, last_seen=None)],
    "speaker_aliases": [dict(id=1, speaker_id=1, alias="Berg"),
                        dict(id=2, speaker_id=1, alias="Trade Minister Anna Berg")],
    "speaker_roles": [dict(id=1, speaker_id=1, title="Trade Minister", organisation="", first_seen=D0, last_seen=D0),
                      dict(id=2, speaker_id=2, title="alliance", organisation="NATO", first_seen=None, last_seen=None)],
    "quotes": [
        dict(id="q_" + "1" * 20, source_id=2, speaker_id=1, kind="direct", text="The corridor stays open,",
             start_char=18, end_char=42, mention="Trade Minister Anna Berg", mention_start=44, mention_end=68,
             cue="said", sentence=BODY.split("\n\n")[1].strip(), extractor_version="0.0.1"),
        dict(id="q_" + "2" * 20, source_id=1, speaker_id=1, kind="direct", text="The corridor stays shut,",
             start_char=18, end_char=42, mention=None, mention_start=None, mention_end=None, cue=None, sentence=None,
             extractor_version="0.0.1"),
        dict(id="q_" + "3" * 20, source_id=3, speaker_id=None, kind="indirect", text="with \u00e9", start_char=12,
             end_char=18, mention=None, mention_start=None, mention_end=None, cue="according to", sentence=None,
             extractor_version="0.0.1"),
    ],
    "claims": [
        dict(id="c_" + "1" * 20, source_id=2, kind="count", subject="NATO", property="members", value="32",
             value_num=32.0, low=32.0, high=32.0, low_open=False, high_open=False, unit=None, hedge=None, as_of=D0,
             qualifiers=None, evidence="32 members", start_char=1, end_char=11, sentence=None,
             extractor_version="0.0.1"),
        dict(id="c_" + "2" * 20, source_id=2, kind="amount", subject="EU", property="aid", value="4500000000",
             value_num=4.5e9, low=4.5e9, high=None, low_open=True, high_open=False, unit="EUR", hedge="more than",
             as_of=None, qualifiers=json.dumps({"since": "2016"}), evidence="more than \u20ac4.5 billion",
             start_char=20, end_char=41, sentence="x", extractor_version="0.0.1"),
        dict(id="c_" + "3" * 20, source_id=1, kind="date", subject="joint declaration", property="signing date",
             value="XXXX-01-10", value_num=None, low=None, high=None, low_open=False, high_open=False, unit=None,
             hedge=None, as_of=D0, qualifiers=None, evidence="January 10", start_char=5, end_char=15, sentence=None,
             extractor_version="0.0.1"),
    ],
    "dates": [dict(id="d_" + "1" * 20, source_id=2, text="on Monday", value="2024-03-04", type="DATE", start_char=70,
                   end_char=79, extractor_version="0.0.1"),
              dict(id="d_" + "2" * 20, source_id=3, text="for two years", value="P2Y", type="DURATION", start_char=0,
                   end_char=13, extractor_version="0.0.1")],
}
AT_0002 = {
    "groups": [dict(id="g_" + "1" * 20, kind="claim", relation="conflict", key='["count","nato","member","",[]]',
                    subject="NATO", property="members", reason="32 vs 31", independent_sources=2, active=True,
                    first_found=T0, updated_at=T0),
               dict(id="g_" + "2" * 20, kind="quote", relation="agree", key="quote:q_" + "1" * 20, subject=None,
                    property=None, reason="same words", independent_sources=1, active=False, first_found=T0,
                    updated_at=T0)],
    "group_items": [dict(id=1, group_id="g_" + "1" * 20, item_id="c_" + "1" * 20, source_id=2, side=0, value="32"),
                    dict(id=2, group_id="g_" + "1" * 20, item_id="c_" + "3" * 20, source_id=1, side=1, value=None),
                    dict(id=3, group_id="g_" + "2" * 20, item_id="q_" + "1" * 20, source_id=2, side=0, value="x")],
    "annotations": [
        dict(id=1, item_id="c_" + "1" * 20, item_kind="claim", reviewer="ana", verdict="disputed", note=None,
             created_at=T0, replaces_id=None, carried_from=None),
        dict(id=2, item_id="c_" + "1" * 20, item_kind="claim", reviewer="ben", verdict="supported",
             note="checked \u2014 ok", created_at=T0 + dt.timedelta(minutes=5), replaces_id=1, carried_from=None),
        dict(id=3, item_id="g_" + "1" * 20, item_kind="group", reviewer="ana", verdict="dismissed", note=None,
             created_at=T0, replaces_id=None, carried_from=None),
        dict(id=4, item_id="q_" + "9" * 20, item_kind="quote", reviewer="chloe", verdict="refuted", note="orphan",
             created_at=T0, replaces_id=None, carried_from=2),
    ],
    "pending_keys": [dict(key='["count","eu","member","",[]]')],
}


def insert(conn, rows: dict[str, list[dict]]) -> None:
    for table, records in rows.items():
        for r in records:
            conn.execute(text(f"INSERT INTO {table} ({', '.join(r)}) VALUES ({', '.join(':' + k for k in r)})"), r)


def plain(value):
    """A value as both backends give it back through plain SQL: dates as ISO text, booleans as 0/1."""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def read(engine, rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The rows now in each table, limited to the columns given in `rows`, in primary-key order."""
    out = {}
    with engine.connect() as conn:
        for table, records in rows.items():
            columns = list(records[0])
            order = "key" if table == "pending_keys" else "id"
            out[table] = [{c: plain(v) for c, v in r._mapping.items()} for r in conn.execute(
                text(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}"))]
    return out


def expected(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    return {t: [{c: plain(v) for c, v in r.items()} for r in records] for t, records in rows.items()}


def test_data_survives_every_migration(db_url):
    engine = factdb_db.make_engine(db_url)
    factdb_db.upgrade(engine, "0001")
    with engine.begin() as conn:
        insert(conn, AT_0001)
    assert read(engine, AT_0001) == expected(AT_0001)

    factdb_db.upgrade(engine, "0002")
    with engine.begin() as conn:
        insert(conn, AT_0002)
    factdb_db.upgrade(engine, "head")
    assert factdb_db.current_revision(engine) == factdb_db.head_revision()
    assert read(engine, AT_0001) == expected(AT_0001)
    # 0005 queues every quote group to be recomputed (its index terms pair more quotes)
    queued = {"pending_keys": AT_0002["pending_keys"] + [dict(key="quotes")]}
    assert read(engine, AT_0002 | queued) == expected(AT_0002 | queued)

    # columns added after a row was written are empty or at their default, not made up
    columns = {t: {c["name"] for c in inspect(engine).get_columns(t)} for t in AT_0001 | AT_0002}
    with engine.connect() as conn:
        for table, records in (AT_0001 | AT_0002).items():
            added = columns[table] - set(records[0])
            for column in sorted(added):
                default = m.Base.metadata.tables[table].c[column].default
                values = set(conn.execute(text(f"SELECT {column} FROM {table}")).scalars())
                assert values <= {None, plain(default.arg) if default is not None else None}, (table, column, values)

    # the views and factdb itself read the old rows
    with engine.connect() as conn:
        claims = conn.execute(text("SELECT claim_id, file FROM claim_sources ORDER BY claim_id")).all()
        quotes = conn.execute(text("SELECT quote_id, speaker FROM quote_sources ORDER BY quote_id")).all()
        verdicts = dict(conn.execute(text("SELECT item_id, verdict FROM current_verdicts")).all())
    assert [tuple(r) for r in claims] == [("c_" + "1" * 20, "grain.txt"), ("c_" + "2" * 20, "grain.txt")]
    assert [tuple(r) for r in quotes] == [("q_" + "1" * 20, "Anna Berg"), ("q_" + "3" * 20, None)]
    assert verdicts == {"c_" + "1" * 20: "supported", "g_" + "1" * 20: "dismissed", "q_" + "9" * 20: "refuted"}
    # 0004/0005 index the words, phrases and fingerprint of the current direct quotes (not the old
    # version's, not reported speech)
    with engine.connect() as conn:
        indexed = conn.execute(text("SELECT quote_id, term FROM quote_terms ORDER BY term")).all()
    assert {r[0] for r in indexed} == {"q_" + "1" * 20}
    terms = {r[1] for r in indexed}
    assert {"corridor", "open", "stays", "corridor stays", "stays open"} < terms
    assert terms == index_terms("The corridor stays open,")
    from factdb import listings
    from factdb.review import history

    database = factdb_db.connect(db_url)
    listed = {c["id"]: c["verdict"] for c in listings.claims(database)}
    assert listed == {"c_" + "1" * 20: "supported", "c_" + "2" * 20: None}
    assert [h["verdict"] for h in history(database, "c_" + "1" * 20)] == ["disputed", "supported"]
    database.engine.dispose()

    # down to the first revision: what it had is kept; up again: nothing lost or doubled
    factdb_db.downgrade(engine, "0001")
    assert read(engine, AT_0001) == expected(AT_0001)
    assert not {"annotations", "groups"} & set(inspect(engine).get_table_names())
    factdb_db.upgrade(engine, "head")
    assert read(engine, AT_0001) == expected(AT_0001)
    engine.dispose()


def test_sqlite_file_keeps_its_integrity_through_the_migrations(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = factdb_db.make_engine(url)
    factdb_db.upgrade(engine, "0001")
    with engine.begin() as conn:
        insert(conn, AT_0001)
    factdb_db.upgrade(engine, "head")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        # batch mode rebuilt `claims`: its indexes and foreign keys came back
        indexes = {i["name"] for i in inspect(conn).get_indexes("claims")}
        assert {"ix_claims_source_id", "ix_claims_subject_property", "ix_claims_key"} <= indexes
        assert [fk["referred_table"] for fk in inspect(conn).get_foreign_keys("claims")] == ["sources"]
    engine.dispose()
