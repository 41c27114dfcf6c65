"""Benchmark factdb: import speed against the raw-text floor, reports, memory, on SQLite and PostgreSQL.

    python benchmarks/run.py [--articles 1000] [--backends sqlite,postgresql] [--pg-url URL]
        [--jobs N] [--json FILE] [--corpus DIR] [--million] [--profile]

Every measured command runs as a subprocess, timed on the wall clock, with its CPU time and peak
memory (the largest process, from wait4, and the whole process tree, polled from /proc). The
floor reads the same files with factdb.read and bulk-inserts only their text into a scratch table:
what any importer must pay. PostgreSQL runs when a server is named by --pg-url or FACTDB_BENCH_PG
(e.g. postgresql+psycopg://postgres@127.0.0.1:54330/postgres); each measure gets a scratch
database, dropped afterwards. Results are printed as a table and written as JSON.
"""
from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import itertools
import json
import os
import platform
import pstats
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402  (benchmarks/ is not a package)

FACTDB = [sys.executable, "-m", "factdb"]
MILLION_PROPERTIES = ("members", "troops", "people evacuated", "seats", "staff")  # one in five is a member count
COUNTED_TABLES = ("sources", "quotes", "claims", "dates", "groups", "group_items")
PAGE = os.sysconf("SC_PAGE_SIZE")
TARGETS = {  # name: (what, bound, "min" | "max")
    "import_rate_per_core": ("SQLite import, articles/s per core (--jobs 1)", 300, "min"),
    "import_vs_floor": ("SQLite import time / raw-text floor time", 5, "max"),
    "jobs_speedup": ("SQLite --jobs 2 speed-up over --jobs 1", 1.7, "min"),
    "conflicts_1m_seconds": ("report conflicts over 1 million claims, s", 5, "max"),
    "import_100k_peak_mb": ("peak memory of a 100k-article import, MB", 500, "max"),
    "postgresql_vs_sqlite": ("PostgreSQL import time / SQLite import time", 2, "max"),
}


# ── running and measuring one command ─────────────────────────────────────────────────────────
class TreeMemory(threading.Thread):
    """Polls /proc for the summed resident memory of a process and all its descendants: RSS, and PSS
    (a page shared by n processes counts 1/n in each). Forked workers share most of their pages with
    the process they were forked from, which the RSS of each counts whole."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval, self.done = pid, interval, threading.Event()
        self.peak = self.pss_peak = 0

    def run(self) -> None:
        while not self.done.is_set():
            pids = self.tree()
            self.peak = max(self.peak, sum(map(_rss, pids)))
            self.pss_peak = max(self.pss_peak, sum(map(_pss, pids)))
            self.done.wait(self.interval)

    def tree(self) -> list[int]:
        """The process and its descendants."""
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat", "rb") as f:
                        ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(entry))
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo += children.get(pid, [])
        return found


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    """Proportional set size in bytes (smaps_rollup, Linux 4.14+); RSS where there is none."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return _rss(pid)


def measure(cmd: list[str], env: dict | None = None, timeout: float = 3600, stdout=None) -> dict:
    """Run `cmd`; return wall and CPU seconds, peak memory (MB), exit status and the end of stderr."""
    err = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, stdout=stdout or subprocess.DEVNULL,
                            stderr=err, start_new_session=True, cwd=ROOT)
    poll = TreeMemory(proc.pid)
    poll.start()
    killer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
    killer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    killer.cancel()
    poll.done.set()
    poll.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err.seek(0)
    tail = err.read().decode("utf-8", "replace")[-2000:]
    return {"seconds": round(wall, 3), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
            "peak_mb": round(usage.ru_maxrss / 1024, 1), "tree_peak_mb": round(poll.peak / 2**20, 1),
            "tree_pss_peak_mb": round(poll.pss_peak / 2**20, 1),
            "exit": proc.returncode, "timed_out": wall >= timeout, "stderr": tail.strip()[-500:]}


# ── scratch databases ─────────────────────────────────────────────────────────────────────────
class Scratch:
    """A fresh database of one backend, dropped (or deleted) on exit. With `schema`, factdb's schema is
    made in it first (`factdb db upgrade`, untimed): a newsroom imports into a database it made once, so
    the timed import does not pay for creating the tables."""

    def __init__(self, backend: str, pg_admin: str | None, workdir: Path, schema: bool = False):
        self.backend, self.pg_admin, self.workdir, self.schema = backend, pg_admin, workdir, schema

    def __enter__(self) -> str:
        self._create()
        if self.schema:
            subprocess.run([*FACTDB, "--db", self.url, "db", "upgrade"], check=True, cwd=ROOT,
                           stdout=subprocess.DEVNULL)
        return self.url

    def _create(self) -> None:
        if self.backend == "sqlite":
            self.path = self.workdir / f"bench-{uuid.uuid4().hex[:8]}.sqlite"
            self.url = f"sqlite:///{self.path}"
            return
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        self.name = f"factdb_bench_{uuid.uuid4().hex[:12]}"
        self.admin = create_engine(self.pg_admin, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        self.url = make_url(self.pg_admin).set(database=self.name).render_as_string(hide_password=False)

    def __exit__(self, *exc) -> None:
        if self.backend == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


def count_rows(url: str) -> dict[str, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in COUNTED_TABLES}
        for relation in ("agree", "conflict"):
            counts[f"groups_{relation}"] = conn.execute(
                text("SELECT count(*) FROM groups WHERE relation = :r AND active"), {"r": relation}).scalar_one()
    engine.dispose()
    return counts


# ── the floor: read the files, store only their text ──────────────────────────────────────────
def floor(url: str, corpus: str, batch: int = 500) -> dict:
    """Read every article with factdb.read and bulk-insert (path, text) rows; runs in a subprocess."""
    from sqlalchemy import Column, Integer, MetaData, Table, Text, insert

    from factdb.db import make_engine
    from factdb.read import read_paths

    t0 = time.perf_counter()
    engine = make_engine(url)  # the same SQLite pragmas as factdb's own engine
    table = Table("bench_raw", MetaData(), Column("id", Integer, primary_key=True),
                  Column("path", Text), Column("body", Text))
    table.metadata.create_all(engine)
    rows, n, chars = [], 0, 0
    for item in read_paths([corpus]):
        if hasattr(item, "text"):
            rows.append({"path": item.path, "body": item.text})
            n, chars = n + 1, chars + len(item.text)
        if len(rows) >= batch:
            with engine.begin() as conn:
                conn.execute(insert(table), rows)
            rows = []
    if rows:
        with engine.begin() as conn:
            conn.execute(insert(table), rows)
    engine.dispose()
    return {"articles": n, "chars": chars, "inner_seconds": round(time.perf_counter() - t0, 3)}


# ── 1 million claims ──────────────────────────────────────────────────────────────────────────
def million(url: str, claims: int = 1_000_000, per_key: int = 20, conflict_rate: float = 0.1,
            seed: int = 1) -> dict:
    """Fill a scratch database with `claims` count claims (in keys of `per_key` articles each; a share
    `conflict_rate` of keys with one differing value), queue every key, and time the reconcile step;
    the caller then times the reports."""
    import random

    from sqlalchemy import func, insert, select

    from factdb import models as m
    from factdb.db import connect
    from factdb.reconcile import key_text, reconcile_pending
    from factdb.records import Claim

    rng = random.Random(seed)
    db = connect(url)  # creates the schema at head
    n_sources = max(per_key, claims // 20)  # ~20 claims an article
    now = dt.datetime(2024, 1, 1)
    publishers = [f"Outlet {i}" for i in range(200)]
    t0 = time.perf_counter()
    with db.engine.begin() as conn:
        for start in range(0, n_sources, 5000):
            conn.execute(insert(m.Source), [dict(
                id=i + 1, uid=f"u{i:031d}", doc_key=f"doc{i}.txt", version=1, is_latest=True, file=f"doc{i}.txt",
                path=f"/bench/doc{i}.txt", format="text", title=f"Article {i}", publisher=publishers[i % 200],
                published=dt.date(2024, 1, 1) + dt.timedelta(days=i % 300), published_how="given",
                body="(benchmark)", content_hash=f"{i:064d}", imported_at=now, extractor_version="bench")
                for i in range(start, min(start + 5000, n_sources))])
    n_keys = claims // per_key
    rows, made, keys = [], 0, []
    with db.engine.begin() as conn:
        for k in range(n_keys):
            subject, prop = f"Organisation {k}", MILLION_PROPERTIES[k % len(MILLION_PROPERTIES)]
            value = rng.randint(5, 60)
            proto = Claim(kind="count", subject=subject, property=prop, value=float(value), evidence="", start=0, end=1,
                          low=float(value), high=float(value))
            key = key_text(proto)
            keys.append(key)
            odd = rng.randrange(per_key) if rng.random() < conflict_rate else -1
            first_source = rng.randrange(n_sources)
            for j in range(per_key):
                v = value + 3 if j == odd else value
                rows.append(dict(
                    id=f"c_{made:030d}", source_id=(first_source + j * 7919) % n_sources + 1, kind="count",
                    subject=subject, property=prop, value=str(v), value_num=float(v), low=float(v), high=float(v),
                    low_open=False, high_open=False, unit=None, hedge=None, as_of=None, qualifiers=None,
                    evidence=f"{v} {prop}", start_char=0, end_char=10, sentence=f"It has {v} {prop}.", extractor_version="bench", key=key))
                made += 1
            if len(rows) >= 10_000:
                conn.execute(insert(m.Claim), rows)
                rows = []
        if rows:
            conn.execute(insert(m.Claim), rows)
        conn.execute(insert(m.PendingKey), [{"key": k} for k in dict.fromkeys(keys)])
    fill = time.perf_counter() - t0
    t0 = time.perf_counter()
    with db.engine.begin() as conn:
        reconcile_pending(conn, collect=False)  # as an import does: no groups held in memory
    reconcile_s = time.perf_counter() - t0
    with db.engine.connect() as conn:
        groups = dict(conn.execute(select(m.Group.relation, func.count()).where(m.Group.active)
                                   .group_by(m.Group.relation)).all())
    db.engine.dispose()
    return {"claims": made, "keys": n_keys, "sources": n_sources, "fill_seconds": round(fill, 2),
            "reconcile_seconds": round(reconcile_s, 3),
            "groups": sum(groups.values()), "conflict_groups": groups.get("conflict", 0)}


# ── the whole benchmark ───────────────────────────────────────────────────────────────────────
def machine(pg_admin: str | None) -> dict:
    info = {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
            "usable_cores": len(os.sched_getaffinity(0)), "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "platform": platform.platform(), "load_average": os.getloadavg()}
    try:
        with open("/proc/cpuinfo") as f:
            info["cpu"] = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
        with open("/proc/meminfo") as f:
            info["ram_gb"] = round(int(next(line.split()[1] for line in f if line.startswith("MemTotal"))) / 2**20, 1)
    except (OSError, StopIteration):
        pass
    import sqlalchemy

    from factdb import __version__
    from factdb.pipeline import extractor_version

    info.update(sqlalchemy=sqlalchemy.__version__, factdb=__version__, extractor=extractor_version())
    if pg_admin:
        from sqlalchemy import create_engine, text

        try:
            engine = create_engine(pg_admin)
            with engine.connect() as conn:
                info["postgresql"] = conn.execute(text("SHOW server_version")).scalar_one()
            engine.dispose()
        except Exception as e:  # a server that is not there is reported, not fatal
            info["postgresql"] = f"unreachable ({type(e).__name__})"
    return info


def accepts_jobs() -> bool:
    out = subprocess.run([*FACTDB, "import", "--help"], capture_output=True, text=True, cwd=ROOT)
    return "--jobs" in out.stdout


def import_cmd(corpus: str, jobs: int | None) -> list[str]:
    return [*FACTDB, "import", corpus, "--no-progress", *(["--jobs", str(jobs)] if jobs else [])]


def report_run(name: str, url: str, workdir: Path, timeout: float) -> dict:
    out_path = workdir / f"report-{name}.json"
    with open(out_path, "wb") as out:
        r = measure([*FACTDB, "report", name, "--format", "json"], {"FACTDB_DB": url}, timeout, stdout=out)
    r["groups"] = json_rows(out_path)
    out_path.unlink()
    return r


def json_rows(path: Path) -> int | None:
    """The rows of a report printed as JSON (a row a line), counted one at a time (a report of
    the 100k corpus holds 462,170 rows: parsed whole it took 2.6 GB); None if it is not such JSON."""
    n = 0
    with open(path, encoding="utf-8") as f:
        first = f.readline().strip()
        if first in ("", "[]"):
            return 0
        if first != "[":
            return None
        for line in f:
            line = line.strip()
            if line == "]":
                return n
            try:
                json.loads(line.rstrip(","))
            except json.JSONDecodeError:
                return None
            n += 1
    return None


def bench_backend(backend: str, corpus: str, articles: int, jobs: int, pg_admin: str | None,
                  workdir: Path, timeout: float, can_jobs: bool, keep: Path | None = None) -> dict:
    """Every measure of one backend. With `keep` (SQLite), the `--jobs 1` import's database is moved
    there at the end, for looking into what it found."""
    res: dict = {"backend": backend}
    with Scratch(backend, pg_admin, workdir) as url:
        r = measure([sys.executable, __file__, "--floor-only", url, corpus], timeout=timeout,
                    stdout=(out := tempfile.TemporaryFile()))
        out.seek(0)
        r.update(json.loads(out.read() or b"{}"))
        res["floor"] = r
    with Scratch(backend, pg_admin, workdir, schema=True) as url:
        r = measure(import_cmd(corpus, 1 if can_jobs else None), {"FACTDB_DB": url}, timeout)
        res["import_1"] = r
        if r["exit"] not in (0, 1):  # 1: some files were skipped, still a finished import
            return res
        res["rows"] = count_rows(url)
        res["planted_found"] = planted_found(url, corpus)
        res["conflicts_by_story"] = conflicts_by_story(url, corpus)
        res["reports"] = {name: report_run(name, url, workdir, timeout) for name in ("conflicts", "agreements")}
        if keep and backend == "sqlite":
            shutil.move(url.removeprefix("sqlite:///"), keep)
    if can_jobs and jobs > 1:
        with Scratch(backend, pg_admin, workdir, schema=True) as url:
            res[f"import_{jobs}"] = r = measure(import_cmd(corpus, jobs), {"FACTDB_DB": url}, timeout)
            if r["exit"] in (0, 1):
                res[f"rows_{jobs}"] = count_rows(url)
    n = res["floor"].get("articles") or articles
    res["articles"] = n
    one = res["import_1"]
    res["import_articles_per_s"] = round(n / one["seconds"], 1)
    res["import_articles_per_cpu_s"] = round(n / one["cpu_seconds"], 1) if one["cpu_seconds"] else None
    res["floor_articles_per_s"] = round(n / res["floor"]["seconds"], 1)
    res["import_vs_floor"] = round(one["seconds"] / res["floor"]["seconds"], 2)
    stored = sum(res["rows"][t] for t in COUNTED_TABLES[:-1])  # sources, quotes, claims, dates, groups
    res["rows_per_s"] = round(stored / one["seconds"], 1)
    many = res.get(f"import_{jobs}")
    if many and many["exit"] in (0, 1):
        res[f"import_{jobs}_articles_per_s"] = round(n / many["seconds"], 1)
        res["jobs_speedup"] = round(one["seconds"] / many["seconds"], 2)
    return res


def planted_found(url: str, corpus: str) -> dict | None:
    """How much of what the corpus planted (manifest.json beside the articles folder) the import found,
    for claims and quotes: of the mentions of facts stated alike by several articles, those in one
    agreement group with another of them; of the planted conflicts (a mention with another value,
    wording or speaker), those on another side of a conflict (or outdated) group than a mention of
    the fact. A claim counts only where the group holds it with the value planted (so two articles
    that agree on some other figure of their story do not count); quotes are matched by article.
    None when the corpus has no manifest."""
    from sqlalchemy import create_engine, text

    manifest = Path(corpus).parent / "manifest.json"
    if not manifest.exists():
        return None
    prefix = str(Path(corpus)) + "/"
    # (kind, agree | conflict, doc) → {(group, side, value)}
    sides: dict[tuple[str, str, str], set] = defaultdict(set)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            for kind, relation, gid, side, path, value in conn.execute(text(
                    "SELECT g.kind, g.relation, g.id, gi.side, s.path, gi.value FROM groups g "
                    "JOIN group_items gi ON gi.group_id = g.id JOIN sources s ON s.id = gi.source_id "
                    "WHERE g.active AND s.is_latest AND g.relation IN ('agree', 'conflict', 'outdated')")):
                relation = "agree" if relation == "agree" else "conflict"
                sides[kind, relation, path.removeprefix(prefix)].add((gid, side, value if kind == "claim" else None))
    finally:
        engine.dispose()

    def held(kind: str, relation: str, mention: dict) -> set:
        """(group, side) of the groups that hold this mention (a claim: with its planted value)."""
        return {(g, side) for g, side, value in sides.get((kind, relation, mention["doc"]), ())
                if kind == "quote" or same_value(value, mention.get("value"))}

    counts = {f"{k}_{r}": [0, 0] for k in ("claim", "quote") for r in ("agree", "conflict")}  # [found, planted]
    with open(manifest, encoding="utf-8") as f:
        planted = json.load(f)["planted"]
    for fact in planted:
        kind = "quote" if fact["kind"] == "quote" else "claim"
        agree = [m for m in fact["mentions"] if m["planted"] != "conflict"]
        if len({m["doc"] for m in agree}) >= 2:
            groups = [{g for g, _ in held(kind, "agree", m)} for m in agree]
            counts[f"{kind}_agree"][0] += sum(any(groups[i] & groups[j] for j in range(len(agree))
                                                  if agree[j]["doc"] != agree[i]["doc"]) for i in range(len(agree)))
            counts[f"{kind}_agree"][1] += len(agree)
        for m in fact["mentions"]:
            if m["planted"] != "conflict":
                continue
            theirs = {x for e in agree if e["doc"] != m["doc"] for x in held(kind, "conflict", e)}
            counts[f"{kind}_conflict"][0] += any(g == g2 and side != side2  # a group may have more than two sides
                                                 for g, side in held(kind, "conflict", m) for g2, side2 in theirs)
            counts[f"{kind}_conflict"][1] += 1
    return {k: {"found": f, "planted": n, "recall": round(f / n, 3) if n else None} for k, (f, n) in counts.items()}


def same_value(stored: str | None, planted) -> bool:
    """A group item's value (text) is the planted one: the same number, the same date, or a date
    whose year the article did not give ("XXXX-09-17" for 2024-09-17)."""
    if stored is None or planted is None:
        return False
    try:
        a, b = float(stored), float(planted)
        return abs(a - b) <= 1e-9 * max(1.0, abs(b))
    except (TypeError, ValueError):
        pass
    stored, planted = str(stored), str(planted)
    return stored == planted or (stored.startswith("XXXX") and planted[4:] == stored[4:])


def conflicts_by_story(url: str, corpus: str) -> dict | None:
    """The conflict (and outdated) groups of claims and of quotes, by how their two sides relate in the
    corpus (manifest.json's stories): some article of each side is of one story; or else they state
    one planted fact (an organisation's size, stated in stories of several events); or neither, two
    stories set against each other: a conflict no reader would want. Not precision (a conflict
    inside a story may be a misreading too), but what cannot be right. None without a manifest."""
    from sqlalchemy import create_engine, text

    manifest = Path(corpus).parent / "manifest.json"
    if not manifest.exists():
        return None
    with open(manifest, encoding="utf-8") as f:
        m = json.load(f)
    if "stories" not in m:
        return None
    story = {doc: st["id"] for st in m["stories"] for doc in st["docs"]}
    facts: dict[str, set[str]] = defaultdict(set)  # doc → the planted facts it states
    for fact in m["planted"]:
        for mention in fact["mentions"]:
            facts[mention["doc"]].add(fact["id"])
    prefix = str(Path(corpus)) + "/"
    groups: dict[tuple[str, str], tuple[set, set]] = {}  # (kind, group id) → docs of side 0, of side 1
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            for kind, gid, side, path in conn.execute(text(
                    "SELECT g.kind, g.id, gi.side, s.path FROM groups g "
                    "JOIN group_items gi ON gi.group_id = g.id JOIN sources s ON s.id = gi.source_id "
                    "WHERE g.active AND s.is_latest AND g.relation IN ('conflict', 'outdated')")):
                groups.setdefault((kind, gid), (set(), set()))[min(side, 1)].add(path.removeprefix(prefix))
    finally:
        engine.dispose()
    out = {k: {"groups": 0, "one_story": 0, "shared_fact": 0, "across_stories": 0} for k in ("claim", "quote")}
    for (kind, _), (a, b) in groups.items():
        counts = out[kind]
        counts["groups"] += 1
        if {story.get(d) for d in a} & {story.get(d) for d in b} - {None}:
            counts["one_story"] += 1
        elif set().union(*(facts[d] for d in a)) & set().union(*(facts[d] for d in b)):
            counts["shared_fact"] += 1
        else:
            counts["across_stories"] += 1
    return out


def warm_up(corpus: str, workdir: Path, articles: int = 20) -> float:
    """Import a few articles, untimed, with bytecode caching on; return the seconds it took. The timed
    runs then start as an installed factdb does, from compiled bytecode, and read a corpus the disk
    has cached (the floor reads it first too). A sandbox that sets PYTHONDONTWRITEBYTECODE would
    otherwise have every timed command compile factdb's sources again."""
    sample = workdir / "warm-up"
    sample.mkdir()
    files = []
    for root, _, names in os.walk(corpus):
        files += [Path(root, n) for n in sorted(names)]
        if len(files) >= articles:
            break
    for i, f in enumerate(files[:articles]):
        if f.suffix == ".jsonl":  # a file of many articles: its first few will do
            with open(f, encoding="utf-8") as src:
                (sample / f"{i:03d}.jsonl").write_text("".join(itertools.islice(src, articles)), encoding="utf-8")
            break
        shutil.copy(f, sample / f"{i:03d}{f.suffix}")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    t0 = time.perf_counter()
    for jobs in ("1", "2"):  # the pool's modules too
        db = workdir / f"warm-up-{jobs}.sqlite"
        subprocess.run([*FACTDB, "--db", f"sqlite:///{db}", "import", str(sample), "--no-progress", "--jobs", jobs],
                       check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([*FACTDB, "--db", f"sqlite:///{db}", "report", "conflicts", "--format", "json"],
                       check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    shutil.rmtree(sample)
    return round(time.perf_counter() - t0, 2)


def cli_startup(timeout: float) -> dict:
    """The fixed cost of starting the factdb command (interpreter, imports), for reading small runs."""
    return measure([*FACTDB, "--version"], timeout=timeout)


def profile_import(corpus: str, workdir: Path, top: int = 15) -> str:
    """cProfile of factdb.importer.import_paths on a fresh SQLite database: the top functions."""
    from factdb.db import connect
    from factdb.importer import import_paths

    db = connect(f"sqlite:///{workdir / 'profile.sqlite'}")
    prof = cProfile.Profile()
    prof.enable()
    import_paths(db, [corpus])
    prof.disable()
    prof.dump_stats(workdir / "import.prof")
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(top)
    return buf.getvalue()


def evaluate(results: dict, jobs: int) -> dict:
    """Each target with its measured value and whether it is met (None: not measured in this run)."""
    sq = results["backends"].get("sqlite", {})
    pg = results["backends"].get("postgresql", {})
    value = {
        "import_rate_per_core": sq.get("import_articles_per_s"),  # --jobs 1 uses one core
        "import_vs_floor": sq.get("import_vs_floor"),
        "jobs_speedup": sq.get("jobs_speedup") if jobs == 2 else None,
        "conflicts_1m_seconds": results.get("million", {}).get("reports", {}).get("conflicts", {}).get("seconds"),
        "import_100k_peak_mb": (sq["import_1"]["tree_peak_mb"] if sq.get("import_1") and results["articles"] >= 100_000
                                else None),
        "postgresql_vs_sqlite": (round(pg["import_1"]["seconds"] / sq["import_1"]["seconds"], 2)
                                 if pg.get("import_1") and sq.get("import_1") else None),
    }
    out = {}
    for name, (what, bound, sense) in TARGETS.items():
        v = value[name]
        ok = None if v is None else (v >= bound if sense == "min" else v <= bound)
        out[name] = {"what": what, "target": f"{'>=' if sense == 'min' else '<='} {bound}", "value": v, "met": ok}
    return out


def table(results: dict, jobs: int) -> str:
    """The results as a plain-text table."""
    rows = [("measure", *results["backends"])]
    b = list(results["backends"].values())

    def row(label, fn):
        cells = []
        for r in b:
            try:
                v = fn(r)
            except (KeyError, TypeError, ZeroDivisionError):
                v = None
            cells.append("n/a" if v is None else str(v))
        rows.append((label, *cells))

    row("articles", lambda r: r["articles"])
    row("floor: read + store raw text, s", lambda r: r["floor"]["seconds"])
    row("floor, articles/s", lambda r: r["floor_articles_per_s"])
    row("import --jobs 1, s", lambda r: r["import_1"]["seconds"])
    row("import --jobs 1, articles/s", lambda r: r["import_articles_per_s"])
    row("import --jobs 1, articles/CPU-s", lambda r: r["import_articles_per_cpu_s"])
    row("import / floor", lambda r: r["import_vs_floor"])
    row(f"import --jobs {jobs}, s", lambda r: r[f"import_{jobs}"]["seconds"] if jobs > 1 else None)
    row(f"import --jobs {jobs}, articles/s", lambda r: r[f"import_{jobs}_articles_per_s"] if jobs > 1 else None)
    row(f"speed-up --jobs {jobs}", lambda r: r["jobs_speedup"] if jobs > 1 else None)
    row("rows stored/s (--jobs 1)", lambda r: r["rows_per_s"])
    row("rows: sources/quotes/claims/dates", lambda r: "/".join(str(r["rows"][t]) for t in COUNTED_TABLES[:4]))
    row("groups: agree/conflict", lambda r: f"{r['rows']['groups_agree']}/{r['rows']['groups_conflict']}")
    for part, label in (("claim_agree", "claim agreements"), ("claim_conflict", "claim conflicts"),
                        ("quote_agree", "quote agreements"), ("quote_conflict", "quote conflicts")):
        row(f"planted {label} found", lambda r, p=part: "{found}/{planted} ({recall})".format(**r["planted_found"][p]))
    for kind in ("claim", "quote"):
        row(f"{kind} conflicts: one story/shared fact/across stories",
            lambda r, k=kind: "{one_story}/{shared_fact}/{across_stories}".format(**r["conflicts_by_story"][k]))
    row("report conflicts, s", lambda r: r["reports"]["conflicts"]["seconds"])
    row("report agreements, s", lambda r: r["reports"]["agreements"]["seconds"])
    row("peak memory import, MB (tree)", lambda r: r["import_1"]["tree_peak_mb"])
    row(f"peak memory --jobs {jobs}, MB (tree)", lambda r: r[f"import_{jobs}"]["tree_peak_mb"] if jobs > 1 else None)
    row(f"peak memory --jobs {jobs}, MB (tree, PSS)", lambda r: r[f"import_{jobs}"]["tree_pss_peak_mb"] if jobs > 1 else None)
    row("peak memory reports, MB (tree)", lambda r: max(x["tree_peak_mb"] for x in r["reports"].values()))
    widths = [max(len(str(x[i])) for x in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    if "million" in results:
        mm = results["million"]
        lines.append("")
        lines.append(f"1 million claims ({mm.get('backend')}): fill {mm.get('fill_seconds')} s, reconcile "
                     f"{mm.get('reconcile_seconds')} s, report conflicts {mm.get('reports', {}).get('conflicts', {}).get('seconds')} s "
                     f"({mm.get('conflict_groups')} conflict groups)")
    lines.append("")
    for name, t in results["targets"].items():
        mark = {True: "met", False: "MISSED", None: "not measured"}[t["met"]]
        lines.append(f"{mark:>12}  {t['what']}: {t['value'] if t['value'] is not None else 'n/a'} (target {t['target']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--floor-only"]:  # internal: the floor, in its own process
        print(json.dumps(floor(argv[1], argv[2])))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=1000, help="corpus size to generate [1000]")
    ap.add_argument("--corpus", type=Path, help="use this corpus folder instead of generating one")
    ap.add_argument("--format", choices=["txt", "jsonl"], default="txt", help="generated corpus format [txt]")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--backends", default=None, help="comma-separated: sqlite,postgresql [both when a server is named]")
    ap.add_argument("--pg-url", default=os.environ.get("FACTDB_BENCH_PG"),
                    help="SQLAlchemy URL of a PostgreSQL server database to create scratch databases from "
                         "[env FACTDB_BENCH_PG]")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="the parallel import's --jobs [all cores]")
    ap.add_argument("--json", type=Path, help="also write the results to this file")
    ap.add_argument("--million", action="store_true", help="also time reconcile and reports over 1 million claims")
    ap.add_argument("--million-claims", type=int, default=1_000_000, help=argparse.SUPPRESS)
    ap.add_argument("--profile", action="store_true", help="also print a cProfile of import_paths (SQLite)")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds allowed to each command [3600]")
    ap.add_argument("--keep", type=Path, help="keep the SQLite database of the --jobs 1 import as this file")
    args = ap.parse_args(argv)
    backends = (args.backends or ("sqlite,postgresql" if args.pg_url else "sqlite")).split(",")
    if "postgresql" in backends and not args.pg_url:
        ap.error("postgresql needs --pg-url or FACTDB_BENCH_PG")

    workdir = Path(tempfile.mkdtemp(prefix="factdb-bench-"))
    try:
        results: dict = {"when": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine(
            args.pg_url if "postgresql" in backends else None), "jobs": args.jobs}
        if args.corpus:  # a make_corpus.py output folder (its articles/), or any folder of articles
            corpus = str(args.corpus / make_corpus.ARTICLES if (args.corpus / make_corpus.ARTICLES).is_dir()
                         else args.corpus)
        else:
            t0 = time.perf_counter()
            results["corpus_totals"] = make_corpus.generate(workdir / "corpus", args.articles, args.seed, args.format)
            results["corpus_seconds"] = round(time.perf_counter() - t0, 2)
            corpus = str(workdir / "corpus" / make_corpus.ARTICLES)
        results["corpus"] = corpus
        results["articles"] = args.articles if not args.corpus else None
        can_jobs = accepts_jobs()
        results["warm_up_seconds"] = warm_up(corpus, workdir) if can_jobs else None
        results["cli_startup"] = cli_startup(args.timeout)
        results["jobs_supported"] = can_jobs
        if not can_jobs:
            print("note: `factdb import` does not accept --jobs yet: single process only", file=sys.stderr)
        results["backends"] = {}
        for backend in backends:
            print(f"benchmarking {backend} ...", file=sys.stderr)
            results["backends"][backend] = bench_backend(backend, corpus, args.articles, args.jobs, args.pg_url,
                                                         workdir, args.timeout, can_jobs, args.keep)
        if results["articles"] is None:
            results["articles"] = next(iter(results["backends"].values()), {}).get("articles") or 0
        if args.million:
            backend = "sqlite" if "sqlite" in backends else backends[0]
            print(f"1 million claims on {backend} ...", file=sys.stderr)
            with Scratch(backend, args.pg_url, workdir) as url:
                out = tempfile.TemporaryFile()
                r = measure([sys.executable, __file__, "--million-only", url, str(args.million_claims)],
                            timeout=args.timeout, stdout=out)
                out.seek(0)
                mm = {"backend": backend, "fill_and_reconcile": r, **json.loads(out.read() or b"{}")}
                mm["reports"] = {name: report_run(name, url, workdir, args.timeout) for name in ("conflicts", "agreements")}
                results["million"] = mm
        results["targets"] = evaluate(results, args.jobs)
        if args.profile:
            results["profile"] = profile_import(corpus, workdir)
        text = table(results, args.jobs)
        print(f"factdb benchmark, {results['articles']} articles, {results['when']}\n"
              f"machine: {results['machine']['cpu']}, {results['machine']['cores']} cores, "
              f"{results['machine'].get('ram_gb')} GB, Python {results['machine']['python']}, SQLite "
              f"{results['machine']['sqlite']}, PostgreSQL {results['machine'].get('postgresql', '-')}, load "
              f"{' '.join(f'{x:.1f}' for x in results['machine']['load_average'])}\n"
              f"CLI startup: {results['cli_startup']['seconds']} s\n")
        print(text)
        if args.profile:
            print("\nimport_paths profile (top 15 by cumulative time):\n" + results["profile"])
        print("\n" + json.dumps(results, indent=1, default=str))
        if args.json:
            args.json.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--million-only"]:  # internal: fill and reconcile, in its own process
        print(json.dumps(million(sys.argv[2], int(sys.argv[3]))))
        sys.exit(0)
    sys.exit(main())
