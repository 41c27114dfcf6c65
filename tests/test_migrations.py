"""Migrations: an empty database goes to head, models and migrations agree, round trips work."""
from __future__ import annotations

import pytest
from alembic import command
from alembic.util.exc import CommandError
from sqlalchemy import inspect, text

from factdb import db as factdb_db
from factdb.compare import needs_story
from factdb.errors import SchemaError


def test_new_database_is_created_at_head(db_url):
    database = factdb_db.connect(db_url)
    assert factdb_db.current_revision(database.engine) == factdb_db.head_revision()
    names = set(inspect(database.engine).get_table_names())
    assert {"sources", "quotes", "claims", "speakers", "speaker_aliases", "speaker_roles", "dates",
            "imports", "import_failures", "groups", "group_items", "annotations", "pending_keys"} <= names
    assert {"claim_sources", "quote_sources", "current_verdicts"} <= set(inspect(database.engine).get_view_names())


def test_head_revision_is_alembics_head():
    from alembic.script import ScriptDirectory

    assert factdb_db.head_revision() == ScriptDirectory.from_config(factdb_db.alembic_config()).get_current_head()


def test_models_and_migrations_agree(db_url):
    database = factdb_db.connect(db_url)
    cfg = factdb_db.alembic_config(database.engine)
    with database.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        try:
            command.check(cfg)
        except CommandError as e:  # pragma: no cover - the failure message is the diff
            pytest.fail(f"models and migrations disagree: {e}")


def test_downgrade_and_upgrade_round_trip(db_url):
    database = factdb_db.connect(db_url)
    factdb_db.downgrade(database.engine, "base")
    assert factdb_db.current_revision(database.engine) is None
    assert set(inspect(database.engine).get_table_names()) <= {"alembic_version"}
    factdb_db.upgrade(database.engine)
    assert factdb_db.current_revision(database.engine) == factdb_db.head_revision()
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM claim_sources")).scalar() == 0


def test_database_behind_head_is_refused_with_the_fix(db_url, invoke):
    database = factdb_db.connect(db_url)
    with database.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'old0'"))
    with pytest.raises(SchemaError, match="which this factdb does not know"):
        factdb_db.connect(db_url)


def test_behind_head_names_the_upgrade_command(db_url, monkeypatch, invoke):
    factdb_db.connect(db_url)
    monkeypatch.setattr(factdb_db, "head_revision", lambda: "9999")
    result = invoke("sources")
    assert result.exit_code == 1
    assert "run `factdb db upgrade`" in result.output


def test_db_commands(invoke):
    result = invoke("db", "current")
    assert result.exit_code == 0
    assert "revision (none)" in result.output and "empty" in result.output
    result = invoke("db", "upgrade")
    assert result.exit_code == 0 and result.output.strip() == f"database at revision {factdb_db.head_revision()}"
    assert "up to date" in invoke("db", "current").output


def test_foreign_tables_are_not_taken_over(tmp_path):
    import sqlite3

    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (x)")
    with pytest.raises(SchemaError, match="not a factdb database"):
        factdb_db.connect(str(path))


def test_quote_index_down_to_words_and_up_to_phrases(db_url, invoke, seeds):
    """0005 adds to quote_terms the phrases and fingerprint of each quote (compare.index_terms) and
    queues every quote group; going back to 0004 leaves the words alone, as 0004 made them."""
    from factdb.compare import index_terms, is_word_term

    assert invoke("import", seeds).exit_code == 0
    engine = factdb_db.connect(db_url).engine

    def index():
        with engine.connect() as conn:
            terms = conn.execute(text("SELECT quote_id, term FROM quote_terms")).all()
            texts = dict(conn.execute(text("SELECT id, text FROM quotes WHERE kind = 'direct'")).all())
            pending = set(conn.execute(text("SELECT key FROM pending_keys")).scalars())
        return {(q, t) for q, t in terms}, texts, pending

    full, texts, pending = index()
    assert full == {(q, t) for q, quote in texts.items() for t in index_terms(quote)} and "quotes" not in pending
    assert any(" " in t for _, t in full) and any(t.startswith("=") for _, t in full)
    factdb_db.downgrade(engine, "0004")
    words, _, _ = index()
    assert words == {(q, t) for q, t in full if is_word_term(t)} and len(words) < len(full)
    factdb_db.upgrade(engine)
    again, _, pending = index()
    assert again == full and "quotes" in pending


@pytest.mark.parametrize("below", ["0005", "0006"])
def test_new_comparison_rules_queue_quotes_and_claims(db_url, invoke, seeds, below):
    """0006 and 0007 change no table: quotes and some claims are compared by new rules, so every
    quote group is queued, with the claim keys of the rules since `below` (0006: every date; 0007:
    every subject that names nothing, split into stories), and the next reconciliation finds the
    seeds' groups again."""
    assert invoke("import", seeds).exit_code == 0
    engine = factdb_db.connect(db_url).engine

    def state():
        with engine.connect() as conn:
            pending = set(conn.execute(text("SELECT key FROM pending_keys")).scalars())
            groups = set(conn.execute(text("SELECT id FROM groups WHERE active")).scalars())
        return pending, groups

    with engine.connect() as conn:
        dated = set(conn.execute(text("SELECT key FROM claims WHERE kind = 'date'")).scalars())
        storied = {key for key, subject in conn.execute(text("SELECT key, subject FROM claims")) if needs_story(subject)}
    pending, groups = state()
    assert "quotes" not in pending and groups and dated and storied
    factdb_db.downgrade(engine, below)
    assert state() == (pending, groups)
    factdb_db.upgrade(engine)
    assert state() == (pending | {"quotes"} | storied | (dated if below == "0005" else set()), groups)
    assert invoke("reconcile").exit_code == 0
    assert state() == (pending, groups)
