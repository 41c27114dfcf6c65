"""Engine and connections, SQLite pragmas, schema-version check and upgrade."""
from __future__ import annotations

import datetime as dt
import hashlib
import random
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Date, DateTime, Engine, Table, create_engine, event, inspect, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, OperationalError, SQLAlchemyError

from factdb.config import database_url
from factdb.errors import ConfigError, SchemaError

BUSY_TIMEOUT_MS = 30_000
WAL_CHECKPOINT_PAGES = 10_000  # 4 KB pages
CACHE_KB = 65_536  # page cache of a connection, filled as needed (SQLite's default is 2 MB)
READING_CACHE_KB = 16_384  # ... while it reads more than it writes (reconcile): the OS caches the file too
T = TypeVar("T")


def migrations_dir() -> Path:
    """The Alembic scripts: `migrations/` in a checkout, installed as the package factdb.migrations."""
    import factdb.migrations

    return Path(factdb.migrations.__file__).parent


def alembic_config(engine: Engine | None = None):
    """Alembic's configuration (Alembic is imported only by the commands that migrate)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def _sqlite_pragmas(dbapi_conn, _record):
    # SQLAlchemy, not pysqlite, starts transactions (see _sqlite_begin): pysqlite would BEGIN only
    # at the first write, after the reads the transaction relies on.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    # Copy the write-ahead log into the database every ~40 MB, not every 4 MB: a page written by
    # many transactions of an import (an index page) is copied and synced once, not at each.
    cur.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
    # A large import inserts ids in hash order into the indexes of quotes and quote_terms: with the
    # default 2 MB cache, most of those inserts read a page back from the file.
    cur.execute(f"PRAGMA cache_size=-{CACHE_KB}")
    cur.close()


@contextmanager
def page_cache(conn: Connection, kb: int) -> Iterator[None]:
    """SQLite's page cache of this connection held to `kb` within the block, then put back (nothing
    on other backends). A reconciliation reads the whole index of quote terms step by step: with
    the import's cache it would keep 64 MB of pages it seldom reads again."""
    if conn.dialect.name != "sqlite":
        yield
        return
    conn.exec_driver_sql(f"PRAGMA cache_size=-{kb}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size=-{CACHE_KB}")


def _sqlite_begin(conn: Connection) -> None:
    """A writer's transaction takes the write lock at once (BEGIN IMMEDIATE), so it waits for other
    writers (busy_timeout) before it reads, instead of failing with "database is locked" at its
    first write; readers start plain (deferred) transactions and never block anyone."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITER) else "BEGIN")


_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()  # every engine made here, for close_all


def make_engine(url: str) -> Engine:
    try:
        engine = create_engine(url)
    except (ArgumentError, NoSuchModuleError, ImportError) as e:
        raise ConfigError(f"cannot use database URL {url!r}: {e}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    _ENGINES.add(engine)
    return engine


def close_all() -> None:
    """Close the pooled connections of every engine make_engine made (the last connection to a SQLite
    file copies its write-ahead log back into it)."""
    for engine in list(_ENGINES):
        engine.dispose()


WRITER = "factdb_writer"  # execution option of a connection that will write
RETRIES = 6
# SQLSTATEs worth a retry: serialization failure, deadlock, lock not available
TRANSIENT_PG_CODES = {"40001", "40P01", "55P03"}


def serialize(conn: Connection, name: str) -> None:
    """Hold the lock called `name` until the transaction ends. PostgreSQL: an advisory lock; SQLite
    needs none, its writers (Database.writing) already run one at a time."""
    if conn.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big", signed=True)
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def upsert(conn: Connection, table: Table, rows: list[dict], keys: list[str], update: list[str] = ()) -> None:
    """Insert `rows`; a row whose `keys` exist already updates the `update` columns instead (or is
    skipped when there are none). One statement, safe against other writers, on both backends."""
    if rows:
        conn.execute(_upsert_statement(conn.dialect.name, table, tuple(keys), tuple(update)), rows)


@lru_cache(maxsize=None)
def _upsert_statement(dialect: str, table: Table, keys: tuple[str, ...], update: tuple[str, ...]):
    if dialect == "sqlite":
        stmt = sqlite_insert(table)
    else:
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt = pg_insert(table)
    if update:
        return stmt.on_conflict_do_update(index_elements=keys, set_={c: stmt.excluded[c] for c in update})
    return stmt.on_conflict_do_nothing(index_elements=keys)


def insert_rows(conn: Connection, table: Table, rows: list[dict]) -> None:
    """INSERT many rows (dicts with the same keys) as fast as the driver allows. On SQLite the rows
    go to the driver's executemany as tuples, without SQLAlchemy's work per row (about half the cost
    of a bulk insert); dates are written as SQLAlchemy writes them (ISO text). Elsewhere: Core insert()."""
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(table.insert(), rows)
        return
    sql, plain, dated = _sqlite_insert(table, tuple(rows[0]))
    if dated:
        params = [plain(r) + tuple(_sqlite_date(r[c]) for c in dated) for r in rows]
    else:
        params = [plain(r) for r in rows]
    conn.exec_driver_sql(sql, params)


@lru_cache(maxsize=None)
def _sqlite_insert(table: Table, columns: tuple[str, ...]):
    """The INSERT of these columns (date and time columns last), a getter of the other columns'
    values as a tuple, and the names of the date and time columns."""
    dated = [c for c in columns if isinstance(table.c[c].type, (Date, DateTime))]
    plain = [c for c in columns if c not in dated]
    names = ", ".join(f'"{c}"' for c in plain + dated)
    getter = itemgetter(*plain) if len(plain) > 1 else (lambda r, c=plain[0]: (r[c],))
    return f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * len(columns))})', getter, tuple(dated)


def _sqlite_date(value):
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def is_transient(error: Exception) -> bool:
    """An error that the same transaction, run again, may not meet: a lock, a deadlock, a race."""
    if isinstance(error, IntegrityError):
        return True  # another writer inserted the same row first: a new attempt will find it
    if not isinstance(error, OperationalError):
        return False
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    message = str(error.orig).lower()
    return code in TRANSIENT_PG_CODES or "database is locked" in message or "database is busy" in message


def retrying(work: Callable[[], T], attempts: int = RETRIES) -> T:
    """Run `work` (one whole transaction) again after a transient error, waiting a little longer
    each time; other errors, and the last transient one, are raised."""
    for attempt in range(attempts):
        try:
            return work()
        except (IntegrityError, OperationalError) as e:
            if attempt == attempts - 1 or not is_transient(e):
                raise
            time.sleep(random.uniform(0.01, 0.05) * 2 ** attempt)
    raise AssertionError("unreachable")


def head_revision() -> str:
    from factdb.migrations import HEAD

    return HEAD


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (what Alembic keeps in alembic_version), None when unversioned."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


@dataclass
class Database:
    url: str
    engine: Engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A transaction that writes: committed at the end of the block, rolled back on error."""
        with self.engine.connect() as conn:
            conn.execution_options(**{WRITER: True})
            with conn.begin():
                yield conn


def connect(db: str | None = None, *, check: bool = True) -> Database:
    """Open the database named by --db / FACTDB_DB / the default.

    A new, empty database is created at the head revision; one behind head is refused with the
    command that upgrades it. `check=False` skips the revision check (for `factdb db ...`).
    """
    url = database_url(db)
    engine = make_engine(url)
    try:
        if check:
            ensure_current(engine)
        else:
            engine.connect().close()
    except OperationalError as e:
        raise ConfigError(f"cannot open database {engine.url.render_as_string()}: {e.orig}") from None
    return Database(url, engine)


def ensure_current(engine: Engine) -> None:
    current, head = current_revision(engine), head_revision()
    if current == head:
        return
    if current is None:
        tables = set(inspect(engine).get_table_names())
        if tables:
            raise SchemaError(f"{engine.url.render_as_string()} is not a factdb database "
                              f"(it has tables but no schema version)")
        upgrade(engine)
        return
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    try:
        script.get_revision(current)
    except SQLAlchemyError:
        raise
    except Exception:
        raise SchemaError(f"the database is at revision {current}, which this factdb does not know "
                          f"(made by a newer version?)") from None
    raise SchemaError(f"the database is at revision {current}, behind this factdb's {head}: "
                      f"run `factdb db upgrade`")
