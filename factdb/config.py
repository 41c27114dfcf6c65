"""Where the database is: --db, FACTDB_DB, or factdb.sqlite in the working directory."""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from factdb.errors import ConfigError

DEFAULT_DB = "factdb.sqlite"
ENV_DB = "FACTDB_DB"


def database_url(db: str | None = None) -> str:
    """Turn a file path or a SQLAlchemy URL into a SQLAlchemy URL string."""
    db = db or os.environ.get(ENV_DB) or DEFAULT_DB
    if "://" not in db:
        return f"sqlite:///{Path(db).expanduser().resolve()}"
    try:
        url = make_url(db)
    except ArgumentError as e:
        raise ConfigError(f"not a database URL: {db!r} ({e})") from None
    if url.drivername == "postgresql":  # plain postgresql:// means psycopg 3, the driver we ship
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)
