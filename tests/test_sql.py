"""`factdb sql`: one read-only statement, refused writes, the same on SQLite and PostgreSQL."""
from __future__ import annotations

import json

import pytest

from factdb.errors import QueryError
from factdb.sql import single_statement

WRITES = [
    "DELETE FROM sources",
    "UPDATE sources SET title = 'x'",
    "INSERT INTO speakers (name, kind) VALUES ('x', 'person')",
    "DROP TABLE claims",
    "CREATE TABLE t (x int)",
    "ATTACH DATABASE '/tmp/x.db' AS x",
    "PRAGMA foreign_keys=OFF",
    "SELECT 1; DELETE FROM sources",
    "select 1 ; select 2",
]


@pytest.mark.parametrize("query", WRITES)
def test_writes_and_multiple_statements_are_refused(invoke, seeds, query):
    invoke("import", seeds)
    result = invoke("sql", query)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and len(result.stderr.strip().splitlines()) == 1
    assert json.loads(invoke("sql", "SELECT count(*) AS n FROM sources", "--format", "json").stdout) == [{"n": 5}]


@pytest.mark.parametrize("query", [
    # writes hidden inside a reading statement are stopped by the database itself
    "WITH gone AS (DELETE FROM sources RETURNING id) SELECT count(*) FROM gone",
])
def test_database_refuses_writes_inside_reads(invoke, seeds, query, db_env):
    invoke("import", seeds)
    result = invoke("sql", query)
    assert result.exit_code == 1 and "query failed" in result.stderr
    assert invoke("sql", "SELECT count(*) AS n FROM sources", "--format", "csv").stdout == "n\n5\n"


def test_semicolons_inside_strings_and_comments_are_one_statement():
    assert single_statement("SELECT ';' AS x; ") == "SELECT ';' AS x"
    assert single_statement("-- a comment; still one\nSELECT 1") == "SELECT 1"
    assert single_statement("/* x; y */ SELECT 'it''s;' ;;") == "SELECT 'it''s;'"
    with pytest.raises(QueryError, match="only one statement"):
        single_statement("SELECT 1; SELECT 2")
    with pytest.raises(QueryError, match="empty query"):
        single_statement(" ; -- nothing")


def test_views_answer_everyday_questions(invoke, seeds):
    invoke("import", seeds)
    out = invoke("sql", "SELECT file, count(*) AS n FROM claim_sources GROUP BY file ORDER BY file",
                 "--format", "json")
    assert out.exit_code == 0
    rows = json.loads(out.stdout)
    assert all(set(r) == {"file", "n"} for r in rows)
    quotes = json.loads(invoke("sql", "SELECT speaker, text, file FROM quote_sources", "--format", "json").stdout)
    assert all(set(q) == {"speaker", "text", "file"} for q in quotes)


def test_like_with_percent_signs_works(invoke, seeds):
    invoke("import", seeds)
    out = invoke("sql", "SELECT file FROM sources WHERE title LIKE '%NATO%' ORDER BY file", "--format", "csv")
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[0] == "file" and len(out.stdout.splitlines()) >= 3


def test_query_errors_are_one_line(invoke):
    result = invoke("sql", "SELECT nope FROM nowhere")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: query failed:") and result.stderr.count("\n") == 1


def test_a_query_may_start_with_a_comment_or_come_from_stdin(invoke, seeds):
    invoke("import", seeds)
    first = invoke("sql", "-- how many articles\nSELECT count(*) AS n FROM sources", "--format", "json")
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout) == [{"n": 5}]
    piped = invoke("sql", "-", "--format", "json", input="SELECT count(*) AS n FROM sources -- all\n")
    assert json.loads(piped.stdout) == [{"n": 5}]


def test_a_query_that_runs_too_long_is_stopped(invoke):
    endless = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) "
               "SELECT count(*) FROM n")
    result = invoke("sql", endless, "--timeout", "0.5")
    assert result.exit_code == 1
    assert result.stderr == "Error: query stopped after 0.5 s (--timeout)\n"
    quick = invoke("sql", "SELECT 1 AS one", "--timeout", "5", "--format", "json")  # the connection is fine
    assert quick.exit_code == 0 and json.loads(quick.stdout) == [{"one": 1}]
