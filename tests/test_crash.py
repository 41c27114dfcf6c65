"""Crash safety: `factdb import` killed with SIGKILL at random moments leaves a sound database with
no half-imported article, and running the import again gives exactly what a clean import gives."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import time

import pytest

from conftest import scratch_database
from fixtures.corpus import write_corpus
from fixtures.dbstate import factdb_command, group_alive, integrity_problems, run_factdb, snapshot

# Two thousand short articles: one clean import takes ~30 s (SQLite) / ~45 s (PostgreSQL) on a
# 2-core machine. A restarted import skips what is stored already (found unchanged without being
# read again), so twelve kills cost about one more clean import. For a longer soak:
# FACTDB_CRASH_ARTICLES=5000 FACTDB_CRASH_KILLS=30 FACTDB_CRASH_BUDGET=600.
N_ARTICLES = int(os.environ.get("FACTDB_CRASH_ARTICLES", "2000"))
KILLS = int(os.environ.get("FACTDB_CRASH_KILLS", "12"))  # per backend: 24 in a run of .ci/run
SEED = 20240601
BUDGET_S = float(os.environ.get("FACTDB_CRASH_BUDGET", "180"))  # kills stop once this much time has gone by (each backend)
ORPHAN_WAIT_S = 3.0  # how long worker processes of a killed import may take to go away


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    # Six publication dates: stories whose articles state their figures within days of each other.
    return write_corpus(tmp_path_factory.mktemp("crash") / "corpus", N_ARTICLES, seed=SEED, days=6, blocks=(1, 2))


@pytest.fixture
def reference_url(db_url, tmp_path):
    """A second fresh database on the same backend, for the clean import."""
    with scratch_database("sqlite" if db_url.startswith("sqlite") else "postgresql", tmp_path) as url:
        yield url


def kill_moments(rng: random.Random, startup: float, duration: float, rerun: float, n: int):
    """Yield seconds after the start of each run; send whether every article is stored already.

    Two during start-up (Python, the schema being made). Then each restarted import, which passes
    the articles stored already quickly (at most `rerun`, the time of a run that finds everything
    unchanged), is killed after about its share of the import proper (a clean import takes
    `duration`, `startup` of it before anything is read), so every run gets further than the one
    before. Once every article is stored, a run ends with the reconciliation and the import's own
    row: the kills go to its last third."""
    early = sorted(rng.uniform(0.05, startup) for _ in range(min(2, n)))
    share = (duration - startup) / max(1, n - len(early))
    all_stored = False
    for after in early:
        all_stored = yield after
    for _ in range(n - len(early)):
        f = rng.random()
        all_stored = yield (rerun * (0.67 + 0.4 * f) if all_stored else rerun + share * (0.5 + f))


def import_and_kill(url: str, corpus, tmp_path, after: float) -> tuple[bool, list[str]]:
    """Start `factdb import`, SIGKILL it `after` seconds later unless done; return (killed, problems)."""
    problems = []
    with open(tmp_path / "run.log", "ab") as log:
        proc = subprocess.Popen(factdb_command("--db", url, "import", "--no-progress", corpus), cwd=tmp_path,
                                stdout=log, stderr=log, start_new_session=True)
        try:
            rc = proc.wait(timeout=after)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)  # the import itself, as `kill -9` would
            proc.wait()
            deadline = time.monotonic() + ORPHAN_WAIT_S
            while group_alive(proc.pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            if group_alive(proc.pid):  # worker processes outlived the import
                problems.append(f"worker processes still running {ORPHAN_WAIT_S} s after the import was killed")
                os.killpg(proc.pid, signal.SIGKILL)
            return True, problems
    if rc != 0:
        problems.append(f"an import that was not killed exited with {rc}: see {tmp_path / 'run.log'}")
    return False, problems


def partial_problems(state: dict, reference: dict) -> list[str]:
    """What a database interrupted part-way holds that a clean import would not."""
    problems = [f"source not in a clean import: {s}" for s in state["sources"] - reference["sources"]]
    for uid, items in state["items"].items():
        if items != reference["items"].get(uid):
            got = {k: len(v) for k, v in items.items()}
            want = {k: len(v) for k, v in reference["items"].get(uid, {}).items()}
            problems.append(f"source {uid} half-imported: {got}, a clean import has {want}")
    for gid, group in state["groups"].items():
        if reference["groups"].get(gid) != group:
            problems.append(f"group {gid} differs from a clean import's")
    return problems


def differences(state: dict, reference: dict) -> list[str]:
    out = []
    for part in ("sources", "speakers"):
        lost, extra = reference[part] - state[part], state[part] - reference[part]
        if lost or extra:
            out.append(f"{part}: {len(lost)} missing (e.g. {sorted(lost, key=str)[:2]}), "
                       f"{len(extra)} extra (e.g. {sorted(extra, key=str)[:2]})")
    for part in ("quotes", "claims", "dates"):
        want = {i for v in reference["items"].values() for i in v[part]}
        got = {i for v in state["items"].values() for i in v[part]}
        if want != got:
            out.append(f"{part}: {len(want - got)} missing, {len(got - want)} extra")
    if state["items"] != reference["items"]:
        out.append("items are not attached to the same sources")
    if state["groups"] != reference["groups"]:
        lost = reference["groups"].keys() - state["groups"].keys()
        extra = state["groups"].keys() - reference["groups"].keys()
        changed = [g for g in reference["groups"].keys() & state["groups"].keys()
                   if reference["groups"][g] != state["groups"][g]]
        out.append(f"groups: {len(lost)} missing, {len(extra)} extra, {len(changed)} changed")
    if state["pending"]:
        out.append(f"{state['pending']} claim keys still waiting to be reconciled")
    return out


def test_killed_imports_leave_a_sound_database_and_resume_exactly(db_url, reference_url, corpus, tmp_path):
    started = time.monotonic()
    clean = run_factdb("--db", reference_url, "import", "--no-progress", corpus, cwd=tmp_path)
    duration = time.monotonic() - started
    assert clean.returncode == 0, clean.stderr[-2000:]
    reference = snapshot(reference_url)
    assert len(reference["sources"]) == N_ARTICLES and reference["pending"] == 0
    assert reference["groups"], "the corpus should give agreements and conflicts to compare"

    tick = time.monotonic()
    run_factdb("--db", reference_url, "db", "current", cwd=tmp_path)  # how long factdb takes to start
    startup = time.monotonic() - tick
    tick = time.monotonic()
    assert "0 new" in run_factdb("--db", reference_url, "import", "--no-progress", corpus, cwd=tmp_path).stdout
    rerun = time.monotonic() - tick

    moments = kill_moments(random.Random(SEED), startup, duration, rerun, KILLS)
    killed, problems, all_stored = 0, [], None
    while time.monotonic() - started < BUDGET_S:
        try:
            after = moments.send(all_stored)
        except StopIteration:
            break
        was_killed, found = import_and_kill(db_url, corpus, tmp_path, after)
        killed += was_killed
        problems += found
        problems += [f"after a kill at {after:.2f} s: {p}" for p in integrity_problems(db_url)]
        state = snapshot(db_url)
        problems += [f"after a kill at {after:.2f} s: {p}" for p in partial_problems(state, reference)]
        print(f"{'killed' if was_killed else 'completed'} at {after:.2f} s: {len(state['sources'])} sources, "
              f"{len(state['groups'])} groups, {state['pending']} keys pending")
        all_stored = len(state["sources"]) == N_ARTICLES
        assert not problems, "\n".join(problems[:20])

    again = run_factdb("--db", db_url, "import", "--no-progress", corpus, cwd=tmp_path)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "Traceback" not in again.stderr
    assert integrity_problems(db_url) == []
    assert differences(snapshot(db_url), reference) == []
    print(f"clean import of {N_ARTICLES} articles: {duration:.1f} s (start-up {startup:.1f} s, again {rerun:.1f} s); "
          f"{killed} imports killed; {time.monotonic() - started:.1f} s in all")
    assert killed >= min(KILLS, 5), f"only {killed} imports were killed (a clean import took {duration:.1f} s)"
