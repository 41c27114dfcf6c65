"""Concurrency: two importers and three reviewers at once, each its own `factdb` process, on SQLite
and PostgreSQL: no annotation lost, no locking error reaching anyone, the state a sequential run gives."""
from __future__ import annotations

import subprocess
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import text

from conftest import BACKENDS, scratch_database
from fixtures.corpus import articles
from fixtures.dbstate import engine, factdb_command, integrity_problems, run_factdb, snapshot

SEED = 7
REVIEWERS = ("ana", "ben", "chloe")
VERDICTS_PER_REVIEWER = 30
TIMEOUT_S = 60  # every process must be done by then
LOCK_ERRORS = ("database is locked", "could not serialize", "deadlock detected", "Traceback",
               "could not be stored", "UniqueViolation", "IntegrityError")
BATCHES = {
    # both importers import the same files: they race for every article and reconcile together
    "same files": ((30, 120), (30, 120)),
    # two batches that share a third of their files: each reconciles while the other stores
    "overlapping batches": ((30, 100), (75, 145)),
}


def write(folder: Path, batch: list[dict]) -> Path:
    folder.mkdir(parents=True)
    for a in batch:
        (folder / a["name"]).write_text(a["text"], encoding="utf-8")
    return folder


def start(*args, cwd: Path, keys: str = "") -> subprocess.Popen:
    """A factdb process; `keys` are what its user types."""
    typed = cwd / f"keys-{uuid.uuid4().hex[:8]}.txt"
    typed.write_text(keys)
    with open(typed) as stdin:
        return subprocess.Popen(factdb_command(*args), cwd=cwd, stdin=stdin, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture(scope="module", params=list(BATCHES))
def scenario(request, backend, tmp_path_factory):
    """Two importers and three reviewers started together on a database holding some articles.

    Returns (database URL, the three folders, {process: (exit status, stdout, stderr)})."""
    root = tmp_path_factory.mktemp("concurrency")
    arts = articles(145, seed=SEED, days=6, blocks=(1, 3))
    (a, b), (c, d) = BATCHES[request.param]
    folders = write(root / "base", arts[:30]), write(root / "one", arts[a:b]), write(root / "two", arts[c:d])
    with scratch_database(backend, root) as url:
        assert run_factdb("--db", url, "import", "--no-progress", folders[0], cwd=root).returncode == 0
        started = time.monotonic()
        keys = "1" * VERDICTS_PER_REVIEWER + "q"
        procs = {
            "importer one": start("--db", url, "import", "--no-progress", folders[1], cwd=root),
            "importer two": start("--db", url, "import", "--no-progress", folders[2], cwd=root),
            **{f"reviewer {who}": start("--db", url, "review", "--kind", "claim", "--reviewer", who,
                                        cwd=root, keys=keys) for who in REVIEWERS},
        }
        outputs = {}
        for name, p in procs.items():
            try:
                out, err = p.communicate(timeout=max(1, TIMEOUT_S - (time.monotonic() - started)))
            except subprocess.TimeoutExpired:
                for q in procs.values():
                    q.kill()
                pytest.fail(f"{name} still running after {TIMEOUT_S} s")
            outputs[name] = (p.returncode, out, err)
        print(f"two importers and three reviewers, {request.param}, on {backend}: {time.monotonic() - started:.1f} s")
        yield url, folders, outputs


def one_line(err: str) -> str:
    lines = [line for line in err.strip().splitlines() if line.strip()]
    return (lines[-1] if lines else "")[:300]


def test_every_process_succeeds_without_locking_errors(scenario):
    _, _, outputs = scenario
    problems = [f"{name} exited with {rc}: {one_line(err or out)}" for name, (rc, out, err) in outputs.items() if rc]
    problems += [f"{name} printed {word!r}" for name, (_, out, err) in outputs.items()
                 for word in LOCK_ERRORS if word in err or word in out]
    assert not problems, "\n".join(problems)


def test_no_annotation_is_lost(scenario):
    """Every verdict a reviewer was told was recorded is in the database, once."""
    url, _, outputs = scenario
    eng = engine(url)
    with eng.connect() as conn:
        stored = defaultdict(list)
        for who, item in conn.execute(text("SELECT reviewer, item_id FROM annotations")):
            stored[who].append(item)
    eng.dispose()
    for who in REVIEWERS:
        rc, out, err = outputs[f"reviewer {who}"]
        assert rc == 0, one_line(err)
        recorded = out.count("\nrecorded: ")
        assert recorded == VERDICTS_PER_REVIEWER, out[-1000:]
        assert len(stored[who]) == recorded and len(set(stored[who])) == recorded


@pytest.fixture(scope="module")
def sequential(tmp_path_factory):
    """Snapshots of the same folders imported one after the other into SQLite, by folder names."""
    cache = {}

    def state(folders):
        key = tuple(sorted(p.name for p in folders[1].iterdir())) + tuple(sorted(p.name for p in folders[2].iterdir()))
        if key not in cache:
            from factdb.db import connect
            from factdb.importer import import_paths

            url = f"sqlite:///{tmp_path_factory.mktemp('sequential') / 'sequential.sqlite'}"
            database = connect(url)
            for folder in folders:
                assert not import_paths(database, [folder]).failures
            database.engine.dispose()
            cache[key] = snapshot(url)
        return cache[key]

    return state


def test_final_state_is_what_a_sequential_run_gives(scenario, sequential):
    url, folders, _ = scenario
    assert integrity_problems(url) == []
    got, want = snapshot(url), sequential(folders)
    assert got["sources"] == want["sources"]
    assert got["items"] == want["items"]
    assert got["pending"] == 0
    active = {g: v for g, v in got["groups"].items() if v["active"]}
    expected = {g: v for g, v in want["groups"].items() if v["active"]}
    wrong = sorted(g for g in active.keys() | expected.keys() if active.get(g) != expected.get(g))
    details = [f"{g}: {len(expected.get(g, {}).get('items', ()))} items expected, "
               f"{len(active.get(g, {}).get('items', ()))} found" for g in wrong[:5]]
    assert not wrong, f"{len(wrong)} of {len(expected)} groups differ from a sequential import:\n" + "\n".join(details)


def chain_breaks(url: str) -> list[str]:
    """Annotations whose `replaces_id` is not the annotation recorded just before on the same item."""
    out = []
    eng = engine(url)
    with eng.connect() as conn:
        by_item = defaultdict(list)
        for a in conn.execute(text("SELECT id, item_id, replaces_id FROM annotations ORDER BY id")):
            by_item[a.item_id].append(a)
    eng.dispose()
    for item, rows in by_item.items():
        for before, after in zip([None] + rows, rows):
            if after.replaces_id != (before.id if before else None):
                out.append(f"{item}: annotation {after.id} replaces {after.replaces_id}, "
                           f"but the one before it is {before.id if before else None}")
    return out


def test_simultaneous_verdicts_on_one_item_each_replace_the_one_before(db_url, tmp_path):
    """Three reviewers (threads, each with its own engine) give verdicts on the same claim at once."""
    from factdb.db import connect
    from factdb.review import annotate

    (tmp_path / "a.txt").write_text(articles(1, seed=SEED)[0]["text"], encoding="utf-8")
    assert run_factdb("--db", db_url, "import", "--no-progress", tmp_path / "a.txt", cwd=tmp_path).returncode == 0
    eng = engine(db_url)
    with eng.connect() as conn:
        claim = conn.execute(text("SELECT id FROM claims ORDER BY id")).scalars().first()
    eng.dispose()
    errors, barrier, rounds = [], threading.Barrier(len(REVIEWERS)), 30

    def reviewer(who):
        db = connect(db_url)
        try:
            for i in range(rounds):
                barrier.wait(timeout=20)
                annotate(db, claim, ("supported", "disputed")[i % 2], note=f"{who} {i}", reviewer=who)
        except Exception as e:  # noqa: BLE001 - any error here reaches a reviewer
            errors.append(f"{who}: {type(e).__name__}: {str(e).splitlines()[0]}")
            barrier.abort()
        finally:
            db.engine.dispose()

    threads = [threading.Thread(target=reviewer, args=(who,)) for who in REVIEWERS]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=TIMEOUT_S)
    assert errors == []
    eng = engine(db_url)
    with eng.connect() as conn:
        notes = set(conn.execute(text("SELECT note FROM annotations")).scalars())
    eng.dispose()
    assert notes == {f"{who} {i}" for who in REVIEWERS for i in range(rounds)}  # nothing lost
    assert chain_breaks(db_url) == []
