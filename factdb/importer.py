"""`factdb import`: read files, extract, store the articles in batches of whole articles, log the run."""
from __future__ import annotations

import datetime as dt
import json
import multiprocessing as mp
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sqlalchemy import insert, select, update

from factdb import models as m
from factdb.db import Database, retrying
from factdb.errors import ReadError
from factdb.pipeline import extractor_version, process
from factdb.read import iter_files, path_text, read_file
from factdb.records import RawArticle
from factdb.reconcile import reconcile_pending
from factdb.store import Prepared, prepare, source_uid, store_batch


@dataclass
class ImportSummary:
    import_id: int
    new: int = 0
    unchanged: int = 0
    updated: int = 0
    reextracted: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def counts(self) -> str:
        parts = [f"{self.new} new", f"{self.unchanged} unchanged", f"{self.updated} updated"]
        if self.reextracted:
            parts.append(f"{self.reextracted} re-extracted")
        parts.append(f"{self.failed} failed")
        return ", ".join(parts)

    def line(self) -> str:
        return "imported: " + self.counts()


class ImportInterrupted(KeyboardInterrupt):
    """An import stopped by Ctrl-C (or SIGTERM made into KeyboardInterrupt): what it stored stays, its
    log entry says "interrupted", and `summary` counts what it got to."""

    def __init__(self, summary: ImportSummary):
        super().__init__(summary.line())
        self.summary = summary


def _first_line(e: Exception) -> str:
    return (str(e).strip().splitlines() or [""])[0]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


ALREADY_STORED = None  # what the stream gives for an article stored already, by this extractor


def _stream(paths: list[str], known: set[str]) -> Iterator[tuple[int, Path, RawArticle | ReadError | None]]:
    """(file number, path, article or read error) for every article under `paths`, in order; an
    article whose source uid is in `known` comes as ALREADY_STORED, so it is never extracted again."""
    for n, path in enumerate(iter_files(paths)):
        if not path.exists():
            yield n, path, ReadError(path_text(path), "no such file or folder")
            continue
        for item in read_file(path):
            if isinstance(item, RawArticle) and source_uid(item) in known:
                item = ALREADY_STORED
            yield n, path, item


def _extract(entry):
    """Worker: the reading of one article and its rows (pure; runs in a worker process with --jobs)."""
    n, path, item = entry
    if item is ALREADY_STORED or isinstance(item, ReadError):
        return entry
    try:
        return n, path, prepare(process(item))
    except Exception as e:  # a bug in a reading rule must not stop the import
        return n, path, ReadError(item.path, f"could not be read ({type(e).__name__}: {e})")


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


FEW_FILES, FEW_BYTES = 20, 256 * 1024  # below both, worker processes cost more to start than they save


def jobs_for(files: list[Path]) -> int:
    """The worker processes an import of these files uses by default: all cores (default_jobs), or
    one for a handful of small files. One JSON Lines file of a thousand articles gets all cores."""
    if len(files) >= FEW_FILES:
        return default_jobs()
    size = 0
    for f in files:
        try:
            size += f.stat().st_size
        except OSError:  # reported as unreadable by the import
            continue
    return default_jobs() if size >= FEW_BYTES else 1


@contextmanager
def _extractions(paths: list[str], known: set[str], jobs: int):
    """Extractions in file order: in this process, or in `jobs` worker processes (the database is
    only ever written here, by the caller)."""
    stream = _stream(paths, known)
    if jobs <= 1:
        yield map(_extract, stream)
        return
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(jobs, initializer=_worker_signals) as pool:
        yield _in_order(pool, stream, window=IN_FLIGHT_PER_JOB * jobs)


def _worker_signals() -> None:
    """Workers leave Ctrl-C to the importer (which stops them) and die quietly when it does."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


IN_FLIGHT_PER_JOB = 4  # tasks read ahead per worker: enough to keep it busy, memory stays flat
PER_TASK = 8  # articles sent to a worker at a time: fewer, larger messages between processes


def _extract_many(entries: list) -> list:
    return [_extract(e) for e in entries]


def _in_order(pool, stream, window: int):
    """The workers' extractions in the order of `stream`, PER_TASK articles a task, with at most
    `window` tasks in flight (Pool.imap would read the whole stream ahead, holding every article of
    a large import)."""
    in_flight: deque = deque()
    for task in _batched(stream, PER_TASK):
        in_flight.append(pool.apply_async(_extract_many, (task,)))
        if len(in_flight) >= window:
            yield from in_flight.popleft().get()
    while in_flight:
        yield from in_flight.popleft().get()


def _batched(items, n: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == n:
            yield batch
            batch = []
    if batch:
        yield batch


def import_paths(
    db: Database,
    paths: Iterable[str | Path],
    on_file: Callable[[Path], None] | None = None,
    on_failure: Callable[[str, str], None] | None = None,
    jobs: int = 1,
    on_reconcile: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Import every article under `paths`. One bad file never stops the others.

    Articles are stored a batch per transaction (never half an article); the groups of
    agreements and conflicts are recomputed at the end for what the import touched. `jobs` > 1
    reads articles in that many worker processes.
    `on_file(path)` is called as each file is reached (for progress); `on_failure(where, reason)`
    for each article that could not be read or stored; `on_reconcile(done, total)` as the
    reconciliation that follows goes (claim keys and quotes' sources).
    """
    paths = [str(p) for p in paths]
    version = extractor_version()
    with db.writing() as conn:
        import_id = conn.execute(insert(m.Import).values(
            started_at=_now(), paths=json.dumps(paths), extractor_version=version,
            status="running", new=0, unchanged=0, updated=0, reextracted=0, failed=0,
        ).returning(m.Import.id)).scalar_one()
    with db.engine.connect() as conn:
        known = set(conn.execute(select(m.Source.uid).where(m.Source.extractor_version == version)).scalars())
    summary = ImportSummary(import_id)

    def fail(where: str, reason: str) -> None:
        summary.failures.append((where, reason))
        if on_failure:
            on_failure(where, reason)

    batch = _Batch(db, summary, fail)
    last_file = -1
    try:
        with _extractions(paths, known, jobs) as results:
            for n, path, result in results:
                if n != last_file and on_file:
                    for _ in range(n - last_file):
                        on_file(path)
                last_file = n
                if isinstance(result, ReadError):
                    fail(result.where, result.reason)
                elif result is ALREADY_STORED:
                    summary.unchanged += 1
                else:
                    batch.add(result)
        batch.flush()
        retrying(partial(_finish, db, summary, on_reconcile))
    except KeyboardInterrupt as e:  # the batch being read is dropped: it is read again next time
        _log_interrupted(db, summary)
        raise ImportInterrupted(summary) from e
    return summary


BATCH_ARTICLES = 100  # articles stored in one transaction
BATCH_SECONDS = 2.0  # ... or fewer, when reading them took this long


class _Batch:
    """Prepared articles waiting to be stored, a batch per transaction: a kill loses at most the batch
    being written, never half an article. A batch that fails for any other reason than a lock or
    a race is stored again article by article, so one article that cannot be stored spoils no other."""

    def __init__(self, db: Database, summary: ImportSummary, fail: Callable[[str, str], None]):
        self.db, self.summary, self.fail = db, summary, fail
        self.items: list[Prepared] = []
        self.started = 0.0

    def add(self, p: Prepared) -> None:
        if not self.items:
            self.started = time.monotonic()
        self.items.append(p)
        if len(self.items) >= BATCH_ARTICLES or time.monotonic() - self.started >= BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        items, self.items = self.items, []
        if not items:
            return
        try:
            outcomes = retrying(partial(_store, self.db, items, self.summary.import_id))
        except Exception as e:  # noqa: BLE001 - one article that cannot be stored never stops the others
            if len(items) == 1:
                self._failed(items[0], e)
                return
            outcomes = [self._store_one(p) for p in items]  # find the article at fault
        for outcome in outcomes:
            if outcome:
                setattr(self.summary, outcome, getattr(self.summary, outcome) + 1)

    def _store_one(self, p: Prepared) -> str | None:
        try:
            return retrying(partial(_store, self.db, [p], self.summary.import_id))[0]
        except Exception as e:  # noqa: BLE001
            self._failed(p, e)
            return None

    def _failed(self, p: Prepared, e: Exception) -> None:
        self.fail(p.path, f"could not be stored ({type(e).__name__}: {_first_line(e)})")


def _store(db: Database, batch: list[Prepared], import_id: int) -> list[str]:
    with db.writing() as conn:
        return store_batch(conn, batch, import_id)


def _finish(db: Database, summary: ImportSummary, progress: Callable[[int, int], None] | None = None) -> None:
    """Reconcile what the import queued and close its log entry, in one transaction."""
    with db.writing() as conn:
        reconcile_pending(conn, collect=False, progress=progress)
        _log_end(conn, summary, "done")


def reconcile_waiting(db: Database, progress: Callable[[int, int], None] | None = None) -> None:
    """Reconcile what imports queued and did not get to (one was interrupted, or is still running)."""
    def run() -> None:
        with db.writing() as conn:
            reconcile_pending(conn, collect=False, progress=progress)
    retrying(run)


def _log_end(conn, summary: ImportSummary, status: str) -> None:
    if summary.failures:
        conn.execute(insert(m.ImportFailure), [
            {"import_id": summary.import_id, "location": w, "reason": r} for w, r in summary.failures])
    conn.execute(update(m.Import).where(m.Import.id == summary.import_id).values(
        finished_at=_now(), status=status, new=summary.new, unchanged=summary.unchanged,
        updated=summary.updated, reextracted=summary.reextracted, failed=summary.failed))


def _log_interrupted(db: Database, summary: ImportSummary) -> None:
    """Close the log entry of an interrupted import; what it stored waits in pending_keys for the
    next reconciliation. Best effort: a second Ctrl-C or a lost database leaves it "running"."""
    try:
        with db.writing() as conn:
            _log_end(conn, summary, "interrupted")
    except (Exception, KeyboardInterrupt):  # noqa: BLE001 - the interruption is what gets reported
        pass
