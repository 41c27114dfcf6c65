"""Engine and connections, SQLite pragmas, schema-version check and upgrade."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError

from factdb.config import database_url
from factdb.errors import ConfigError, SchemaError

BUSY_TIMEOUT_MS = 30_000


def migrations_dir() -> Path:
    """The Alembic scripts: `migrations/` in a checkout, installed as the package factdb.migrations."""
    import factdb.migrations

    return Path(factdb.migrations.__file__).parent


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def _sqlite_pragmas(dbapi_conn, _record):
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> Engine:
    try:
        engine = create_engine(url)
    except (ArgumentError, NoSuchModuleError, ImportError) as e:
        raise ConfigError(f"cannot use database URL {url!r}: {e}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
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
