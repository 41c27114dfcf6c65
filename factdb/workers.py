"""Worker processes: pure work split over several cores, the database only ever touched by the caller.

`fork_map` runs a function over parts of data the caller already holds in memory (a reconcile step's
quotes, say) in forked workers, which see that data without it being copied or sent to them.
"""
from __future__ import annotations

import multiprocessing as mp
import signal
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_shared: Any = None  # what fork_map's workers see: set in the caller just before they are forked


def can_fork() -> bool:
    """Whether workers can be forked (POSIX): workers of fork_map inherit the caller's memory."""
    return "fork" in mp.get_all_start_methods()


def fork_context():
    """The fork start method where there is one (workers start at once, without importing factdb
    again), else the platform's default."""
    return mp.get_context("fork") if can_fork() else mp.get_context()


def ignore_interrupts() -> None:
    """Worker initializer: workers leave Ctrl-C to the caller (which stops them) and die quietly when it does."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def fork_map(fn: Callable[[Any, T], R], shared: Any, parts: Sequence[T], jobs: int) -> list[R]:
    """[fn(shared, part) for part in parts], on up to `jobs` cores: the caller runs the first part
    while `jobs` - 1 forked worker processes run the others. The workers share `shared` with the
    caller (it is not pickled; what fn returns is). `fn` must be a module-level function, and must
    not touch the caller's database connections. One part, one job, or no fork (Windows): the
    caller runs them all."""
    if jobs <= 1 or len(parts) <= 1 or not can_fork():
        return [fn(shared, part) for part in parts]
    global _shared
    _shared = shared
    try:
        with mp.get_context("fork").Pool(min(jobs, len(parts)) - 1, initializer=ignore_interrupts) as pool:
            others = pool.map_async(_run, [(fn, part) for part in parts[1:]], chunksize=1)
            first = fn(shared, parts[0])
            return [first, *others.get()]
    finally:
        _shared = None


def _run(task: tuple[Callable, Any]) -> Any:
    fn, part = task
    return fn(_shared, part)
