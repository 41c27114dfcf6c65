"""Shared fixtures: a fresh database on every backend under test, the seeds, a CLI runner.

Database tests run on SQLite always and on PostgreSQL when FACTDB_TEST_PG names a server
(a SQLAlchemy URL to a database the tests may use to create and drop scratch databases, e.g.
postgresql+psycopg://postgres@127.0.0.1:54329/postgres); `.ci/run` starts one and sets it.
"""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PG_ADMIN = os.environ.get("FACTDB_TEST_PG")

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not PG_ADMIN, reason="FACTDB_TEST_PG not set: no PostgreSQL server to test against"))]


@contextmanager
def scratch_database(kind: str, folder: Path):
    """A URL to a new, empty database: a SQLite file in `folder`, or a PostgreSQL database on the
    FACTDB_TEST_PG server, dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'{uuid.uuid4().hex[:8]}.sqlite'}"
        return
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"factdb_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path_factory):
    """A URL to a new, empty database (SQLite file or scratch PostgreSQL database)."""
    with scratch_database(request.param, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture
def db_env(db_url, monkeypatch):
    """FACTDB_DB set to a fresh database, as users set it."""
    monkeypatch.setenv("FACTDB_DB", db_url)
    return db_url


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def invoke(runner, db_env):
    """Run a factdb command against the fresh database; return the click Result."""
    from factdb.cli import cli

    def run(*args, input=None):
        return runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def seeds():
    return SEEDS
