"""`factdb sql`: one read-only statement, on SQLite and PostgreSQL alike."""
from __future__ import annotations

import re

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


def run_query(db: Database, query: str) -> tuple[list[str], list[dict]]:
    """Run one read-only statement; return its column names and rows."""
    statement = single_statement(query)
    dbapi_error = db.engine.dialect.dbapi.Error
    with db.engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        cursor = conn.connection.cursor()  # the driver's own cursor: nothing is interpolated
        try:
            cursor.execute("PRAGMA query_only=ON" if sqlite else "SET TRANSACTION READ ONLY")
            cursor.execute(statement)
            columns = [d[0] for d in cursor.description] if cursor.description else []
            rows = [dict(zip(columns, r)) for r in cursor.fetchall()] if columns else []
        except dbapi_error as e:
            raise QueryError(f"query failed: {(str(e).strip().splitlines() or [type(e).__name__])[0]}") from None
        finally:
            cursor.close()
            conn.rollback()
            if sqlite:  # never hand a query_only connection back to the pool
                conn.invalidate()
    return columns, rows
