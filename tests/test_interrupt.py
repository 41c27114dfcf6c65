"""An import stopped by Ctrl-C or `kill` (SIGTERM): what it stored stays whole, its log says
"interrupted", the reports say what is not reconciled yet, and `factdb reconcile` or the same import
run again finishes the job exactly as one uninterrupted import does."""
from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time

import pytest
from sqlalchemy import text

from conftest import scratch_database
from factdb import importer
from factdb.db import connect
from fixtures.corpus import write_corpus
from fixtures.dbstate import engine, factdb_command, group_alive, integrity_problems, run_factdb, snapshot


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("interrupt") / "corpus", 600, seed=7, days=6, blocks=(1, 2))


@pytest.fixture
def clean(db_url, tmp_path):
    """The snapshot of one uninterrupted import of the corpus, on the same backend."""
    def make(corpus):
        with scratch_database("sqlite" if db_url.startswith("sqlite") else "postgresql", tmp_path) as url:
            importer.import_paths(connect(url), [corpus])
            return snapshot(url)
    return make


def imports_log(url: str) -> list[tuple]:
    eng = engine(url)
    try:
        with eng.connect() as conn:
            return [tuple(r) for r in conn.execute(text(
                "SELECT status, new, unchanged, failed, finished_at IS NOT NULL FROM imports ORDER BY id"))]
    finally:
        eng.dispose()


def test_ctrl_c_keeps_whole_batches_logs_it_and_a_rerun_finishes(db_url, corpus, clean):
    db = connect(db_url)
    files = []

    def stop_at_file_300(path):
        files.append(path)
        if len(files) == 300:
            raise KeyboardInterrupt

    with pytest.raises(importer.ImportInterrupted) as stopped:
        importer.import_paths(db, [corpus], on_file=stop_at_file_300)
    state = snapshot(db_url)
    stored = stopped.value.summary.new
    assert 0 < stored < 600 and len(state["sources"]) == stored  # whole batches, the one being read dropped
    assert imports_log(db_url) == [("interrupted", stored, 0, 0, True)]
    assert state["pending"] > 0 and not state["groups"]  # stored, not yet reconciled
    assert integrity_problems(db_url) == []

    summary = importer.import_paths(db, [corpus])
    assert (summary.unchanged, summary.new) == (stored, 600 - stored)
    assert imports_log(db_url)[-1] == ("done", 600 - stored, stored, 0, True)
    assert snapshot(db_url) == clean(corpus)


def poll(condition, timeout: float = 60.0, interval: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(interval)


def stored_sources(url: str) -> int:
    eng = engine(url)
    try:
        with eng.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM sources")).scalar()
    except Exception:  # noqa: BLE001 - the schema may not be made yet
        return 0
    finally:
        eng.dispose()


def same_content(state: dict, reference: dict) -> bool:
    """The same articles, items and active groups (a reconciliation run part-way may leave inactive
    groups a single import never had)."""
    def active(s):
        return {gid: g for gid, g in s["groups"].items() if g["active"]}
    return (state["sources"], state["items"], active(state)) == (reference["sources"], reference["items"], active(reference))


def stop_midway(url: str, corpus, cwd, sig, ended: list) -> tuple[int, str, str, int] | None:
    """Run `factdb import --jobs 2` and send it `sig` once it has stored articles: (exit status, stdout,
    stderr, pid), or None when the import ended before the signal could stop it (what it printed, and
    whether the signal was sent, are added to `ended`)."""
    # A test run in the background from a shell without job control inherits SIGINT ignored, and so
    # would the import (Python keeps an ignored SIGINT ignored): Ctrl-C is given back to it here.
    proc = subprocess.Popen(factdb_command("--db", url, "import", "--no-progress", "--jobs", "2", corpus),
                            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        poll(lambda: stored_sources(url) > 0 or proc.poll() is not None, interval=0.01)
        sent = proc.poll() is None
        if sent:
            os.kill(proc.pid, sig)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    if proc.returncode == 0 and out.startswith("imported: "):
        ended.append({"signal sent": sent, "stdout": out.strip(), "stderr": err.strip()[-300:]})
        return None
    return proc.returncode, out, err, proc.pid


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_a_stopped_import_exits_130_leaves_no_workers_and_reconcile_finishes(db_url, corpus, clean, tmp_path, sig):
    with contextlib.ExitStack() as scratch:
        ended = []
        for attempt in range(3):  # a loaded machine may let an import end before the signal is sent
            url = db_url if attempt == 0 else scratch.enter_context(scratch_database(
                "sqlite" if db_url.startswith("sqlite") else "postgresql", tmp_path))
            stopped = stop_midway(url, corpus, tmp_path, sig, ended)
            if stopped:
                break
        else:
            pytest.fail(f"three imports ended before the signal stopped them: {ended}")
        check_stopped(url, corpus, clean, tmp_path, *stopped)


def check_stopped(db_url, corpus, clean, tmp_path, returncode, out, err, pid):
    assert returncode == 130, (out, err)
    assert err.startswith("factdb: import interrupted (") and "Traceback" not in err, err
    assert out == ""
    poll(lambda: not group_alive(pid), timeout=5)  # its worker processes went with it
    listed = json.loads(run_factdb("--db", db_url, "imports", "--format", "json", cwd=tmp_path).stdout)
    assert [(r["status"], r["new"]) for r in listed] == [("interrupted", len(snapshot(db_url)["sources"]))]

    report = run_factdb("--db", db_url, "report", "conflicts", "--format", "json", cwd=tmp_path)
    assert report.returncode == 0 and "not reconciled yet" in report.stderr
    json.loads(report.stdout)  # the report itself is still clean JSON on stdout
    done = run_factdb("--db", db_url, "reconcile", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("reconciled: "), done.stderr
    assert snapshot(db_url)["pending"] == 0
    assert "not reconciled" not in run_factdb("--db", db_url, "report", "conflicts", cwd=tmp_path).stderr

    rerun = run_factdb("--db", db_url, "import", "--no-progress", corpus, cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert same_content(snapshot(db_url), clean(corpus))

