"""`factdb sql`: one read-only statement, on SQLite and PostgreSQL alike."""
from __future__ import annotations

import re
import time

from factdb.db import Database
from factdb.errors import QueryError

# What a query may start with: reading statements only. Writes are also refused by the database
# itself (PRAGMA query_only on SQLite, a READ ONLY transaction on PostgreSQL).
READ_KEYWORDS = {"select", "with", "values", "explain", "table", "show"}
RE_TOKENS = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|/\*.*?\*/|;|[^'";\-/]+|.""", re.S)


def single_statement(query: str) -> str:
    """The query without trailing semicolons; QueryError if it holds more than one statement."""
    parts, current = [], []
    for tok in RE_TOKENS.findall(query):
        if tok == ";":
            parts.append("".join(current))
            current = []
        elif not tok.startswith("--") and not tok.startswith("/*"):
            current.append(tok)
    parts.append("".join(current))
    statements = [p.strip() for p in parts if p.strip()]
    if not statements:
        raise QueryError("empty query")
    if len(statements) > 1:
        raise QueryError("only one statement at a time: factdb sql is read-only")
    first = statements[0].split(None, 1)[0].lower().lstrip("(")
    if first not in READ_KEYWORDS:
        raise QueryError(f"refused: {first.upper()} is not a read-only statement (factdb sql runs "
                         f"SELECT, WITH, VALUES, EXPLAIN)")
    return statements[0]


def run_query(db: Database, query: str, timeout: float | None = None) -> tuple[list[str], list[dict]]:
    """Run one read-only statement; return its column names and rows. A statement still running
    after `timeout` seconds is stopped with a QueryError."""
    statement = single_statement(query)
    dbapi_error = db.engine.dialect.dbapi.Error
    with db.engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        raw = conn.connection.dbapi_connection
        cursor = conn.connection.cursor()  # the driver's own cursor: nothing is interpolated
        timed_out = _deadline(raw, timeout) if sqlite and timeout else None
        try:
            cursor.execute("PRAGMA query_only=ON" if sqlite else "SET TRANSACTION READ ONLY")
            if timeout and not sqlite:
                cursor.execute(f"SET LOCAL statement_timeout = {max(1, round(timeout * 1000))}")
            cursor.execute(statement)
            columns = [d[0] for d in cursor.description] if cursor.description else []
            rows = [dict(zip(columns, r)) for r in cursor.fetchall()] if columns else []
        except dbapi_error as e:
            if (timed_out and timed_out()) or getattr(e, "sqlstate", None) == "57014":  # query_canceled
                raise QueryError(f"query stopped after {timeout:g} s (--timeout)") from None
            raise QueryError(f"query failed: {(str(e).strip().splitlines() or [type(e).__name__])[0]}") from None
        finally:
            cursor.close()
            conn.rollback()
            if sqlite:  # never hand a query_only connection (or its deadline) back to the pool
                conn.invalidate()
    return columns, rows


def _deadline(raw, timeout: float):
    """Make SQLite interrupt the connection's statement after `timeout` seconds; return a function
    that tells whether it did."""
    stop = time.monotonic() + timeout
    fired = []

    def check() -> int:
        if time.monotonic() > stop:
            fired.append(True)
            return 1  # non-zero: SQLite interrupts the statement
        return 0

    raw.set_progress_handler(check, 10_000)  # every 10,000 virtual machine instructions
    return lambda: bool(fired)
