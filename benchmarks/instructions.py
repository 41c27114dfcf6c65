"""Count the CPU instructions factdb spends reading an article: a measure that holds on a noisy machine.

    python benchmarks/instructions.py CORPUS_DIR [--articles 150]

Times on a shared virtual machine move by a third from one minute to the next; the number of
instructions a program runs does not. This runs the reading (factdb.pipeline.process) and the rows
it makes (factdb.store.prepare) over the first `--articles` articles of CORPUS_DIR under valgrind's
cachegrind, once more over none of them, and prints the difference per article, in millions of
instructions. Two versions of factdb compare by running it with PYTHONPATH set to each one's
checkout. Needs valgrind; about a minute.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys

RE_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def read(corpus: str, n: int) -> int:
    """Read and prepare the first n articles of `corpus` (in this process); return how many there were."""
    from factdb import pipeline, store
    from factdb.read import iter_files, read_file

    done = 0
    for path in iter_files([corpus]):
        for raw in read_file(path):
            if done >= n:
                return done
            store.prepare(pipeline.process(raw))
            done += 1
    return done


def instructions(corpus: str, n: int) -> int:
    """The instructions of a process that imports factdb and reads n articles, as cachegrind counts them."""
    proc = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                           sys.executable, __file__, "--read-only", corpus, str(n)],
                          capture_output=True, text=True)
    m = RE_REFS.search(proc.stderr)
    if proc.returncode != 0 or not m:
        raise SystemExit(f"instructions.py: valgrind failed: {proc.stderr.strip()[-500:]}")
    return int(m.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--read-only"]:  # internal: the measured process
        print(read(argv[1], int(argv[2])))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", help="a folder of articles (e.g. make_corpus.py's OUT/articles)")
    ap.add_argument("--articles", type=int, default=150, help="articles to read [150]")
    args = ap.parse_args(argv)
    if not shutil.which("valgrind"):
        ap.error("valgrind is not installed (Debian: apt-get install valgrind)")
    n = read(args.corpus, args.articles)  # how many there are (and the bytecode compiled, untimed)
    total, base = instructions(args.corpus, n), instructions(args.corpus, 0)
    per_article = (total - base) / n if n else 0
    print(json.dumps({"articles": n, "instructions": total, "start_up": base,
                      "million_per_article": round(per_article / 1e6, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
