"""The `factdb` command ends without the interpreter's teardown (cli.main): what a command wrote must
be complete all the same, in the database file, on standard output, and in its exit status."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def factdb(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factdb", *map(str, args)], capture_output=True, text=True,
                          timeout=120, **kwargs)


def test_an_import_is_all_in_the_database_file(tmp_path):
    db = tmp_path / "f.sqlite"
    proc = factdb("--db", db, "import", SEEDS, "--no-progress")
    assert proc.returncode == 0, proc.stderr
    seeds = len([p for p in SEEDS.iterdir() if p.is_file()])
    # immutable=1 reads the file alone, as a copy of it would be read: a write-ahead log left
    # beside it (the connection not closed) would hold the rows instead
    with sqlite3.connect(f"file:{db}?immutable=1", uri=True) as conn:
        assert conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == seeds
        assert conn.execute("SELECT status FROM imports").fetchall() == [("done",)]
    conn.close()
    wal = Path(f"{db}-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_a_long_listing_reaches_a_pipe_whole(tmp_path):
    db = tmp_path / "f.sqlite"
    assert factdb("--db", db, "import", tmp_path / "none", "--no-progress").returncode == 1  # creates the database
    n = 50_000
    proc = factdb("--db", db, "sql", "--format", "csv",
                  f"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT {n}) SELECT x FROM c")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "x" and lines[-1] == str(n) and len(lines) == n + 1


def test_a_failing_command_keeps_its_status_and_message(tmp_path):
    proc = factdb("--db", tmp_path / "no" / "such" / "dir.sqlite", "sql", "SELECT 1")
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error: cannot open database") and proc.stderr.count("\n") == 1
    proc = factdb("--no-such-option")
    assert proc.returncode == 2 and "No such option" in proc.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full to write to")
def test_output_that_cannot_be_written_is_one_line_not_a_traceback(tmp_path):
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "factdb", "--version"], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr == "Error: cannot write the output: No space left on device\n"
