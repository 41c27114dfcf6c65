"""Time the quote reconciliation of an imported database, from scratch, in steps of a given size.

    python benchmarks/quote_steps.py DB.sqlite [--sources-per-step 1000] [--profile]

Works on a copy of DB (the file is not changed). Every quote group is set inactive, then every
quote is reconciled again (`reconcile(quotes=True)`) in steps of `--sources-per-step` sources, as an
import of that many articles would. Prints the time, the peak memory of this process, the active
quote groups by relation, and an md5 of their rows (id, relation, reason, items): two versions of
the code, or two step sizes, that find the same groups print the same md5.
"""
from __future__ import annotations

import argparse
import cProfile
import hashlib
import pstats
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path


def groups_digest(conn) -> tuple[Counter, str]:
    """The active quote groups by relation, and an md5 of their rows."""
    from sqlalchemy import text

    rows = conn.execute(text(
        "SELECT g.id, g.relation, g.reason, gi.side, gi.item_id FROM groups g "
        "JOIN group_items gi ON gi.group_id = g.id WHERE g.kind = 'quote' AND g.active "
        "ORDER BY g.id, gi.side, gi.item_id")).all()
    md5 = hashlib.md5("\n".join("\x1f".join(map(str, r)) for r in rows).encode()).hexdigest()
    return Counter(r for r, in conn.execute(text(
        "SELECT relation FROM groups WHERE kind = 'quote' AND active"))), md5


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db", type=Path, help="a SQLite database made by factdb import")
    ap.add_argument("--sources-per-step", type=int, default=None, help="[reconcile.SOURCES_PER_STEP]")
    ap.add_argument("--profile", action="store_true", help="also print a cProfile (top 25, cumulative)")
    args = ap.parse_args(argv)
    from factdb import reconcile

    per_step = reconcile.SOURCES_PER_STEP
    reconcile.SOURCES_PER_STEP = args.sources_per_step or per_step
    try:
        seconds, peak, before, relations, md5, profile = _run(args.db, args.profile)
    finally:
        reconcile.SOURCES_PER_STEP = per_step
    print(f"sources per step {args.sources_per_step or per_step}: {seconds:.1f} s, peak {peak:.0f} MB "
          f"({before:.0f} MB before), groups {dict(sorted(relations.items()))}, md5 {md5}")
    if profile:
        pstats.Stats(profile, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    return 0


def _run(path: Path, profiled: bool) -> tuple:
    """Reconcile every quote of a copy of `path` from scratch: seconds, peak and starting memory (MB),
    the groups by relation, their md5, and the profile (or None)."""
    from sqlalchemy import text

    from factdb import db, reconcile

    with tempfile.TemporaryDirectory(prefix="factdb-quote-steps-") as tmp:
        copy = Path(tmp) / "copy.sqlite"
        shutil.copy(path, copy)
        database = db.connect(f"sqlite:///{copy}")
        with database.writing() as conn:
            conn.execute(text("UPDATE groups SET active = 0 WHERE kind = 'quote'"))
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        profile = cProfile.Profile() if profiled else None
        t0 = time.perf_counter()
        with database.writing() as conn:
            if profile:
                profile.enable()
            reconcile.reconcile(conn, claim_keys=set(), quotes=True, collect=False)
            if profile:
                profile.disable()
        seconds = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with database.engine.connect() as conn:
            relations, md5 = groups_digest(conn)
        database.engine.dispose()
    return seconds, peak, before, relations, md5, profile


if __name__ == "__main__":
    sys.exit(main())
