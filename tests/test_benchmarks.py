"""Smoke test of the benchmark code (benchmarks/make_corpus.py, benchmarks/run.py): no timing assertion."""
from __future__ import annotations

import ast
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))

import make_corpus  # noqa: E402

N = 30


def corpus_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    make_corpus.generate(out, N, seed=7, conflict_rate=0.5, agreement_rate=0.5)
    return out


def test_same_seed_same_bytes(corpus, tmp_path):
    make_corpus.generate(tmp_path, N, seed=7, conflict_rate=0.5, agreement_rate=0.5)
    assert corpus_bytes(tmp_path) == corpus_bytes(corpus)


def test_other_seed_other_corpus(corpus, tmp_path):
    make_corpus.generate(tmp_path, N, seed=8, conflict_rate=0.5, agreement_rate=0.5)
    assert corpus_bytes(tmp_path) != corpus_bytes(corpus)


def test_article_count_and_shape(corpus):
    files = sorted((corpus / make_corpus.ARTICLES).rglob("*.txt"))
    assert len(files) == N
    for f in files:
        text = f.read_text(encoding="utf-8")
        headline, _, body = text.partition("\n\n")
        assert headline and "\n" not in headline
        assert len(body.split()) > 150
        assert "said" in body or "told" in body


def test_manifest_mentions_are_in_the_files(corpus):
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["totals"]["articles"] == N
    planted = manifest["planted"]
    conflicts = [p for p in planted if p["conflict"]]
    assert conflicts, "a conflict rate of 0.5 plants conflicts in 30 articles"
    assert any(p["agreement"] for p in planted)
    assert manifest["totals"]["conflicts"] + manifest["totals"]["quote_conflicts"] == len(conflicts)
    for p in planted:
        for mention in p["mentions"]:
            text = (corpus / make_corpus.ARTICLES / mention["doc"]).read_text(encoding="utf-8")
            # A quote may be split around its attribution ("First," she said. "Rest."): look for each sentence.
            pieces = [s.rstrip(".") for s in mention["text"].split(". ")] if p["kind"] == "quote" else [mention["text"]]
            assert all(piece in text for piece in pieces), (p["id"], mention)
    for p in conflicts:  # the planted contradiction differs from the true value, in a different article
        sides = {m["planted"]: m for m in p["mentions"]}
        if p["kind"] != "quote":
            assert sides["conflict"]["value"] != p["value"]
        assert sides["conflict"]["doc"] not in {m["doc"] for m in p["mentions"] if m["planted"] != "conflict"}
    # every article is of one story, and a story's facts are stated in its own articles
    docs = [d for st in manifest["stories"] for d in st["docs"]]
    files = sorted(str(f.relative_to(corpus / make_corpus.ARTICLES)) for f in (corpus / make_corpus.ARTICLES).rglob("*.txt"))
    assert sorted(docs) == files and len(manifest["stories"]) == manifest["totals"]["stories"]
    story = {d: st["id"] for st in manifest["stories"] for d in st["docs"]}
    for p in planted:
        if not p["id"].startswith("org"):
            assert {story[m["doc"]] for m in p["mentions"]} <= {p["id"].split(".")[0]}, p["id"]


def test_jsonl_format(tmp_path):
    make_corpus.generate(tmp_path, 5, seed=1, fmt="jsonl")
    lines = (tmp_path / make_corpus.ARTICLES / "articles_000.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 5
    assert all(r["text"] and r["publisher"] and r["url"] for r in records)


def test_run_py_on_sqlite(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, str(BENCH / "run.py"), "--articles", str(N), "--backends", "sqlite",
                           "--jobs", "1", "--json", str(out), "--timeout", "120", "--keep", str(tmp_path / "kept.sqlite")],
                          capture_output=True, text=True, timeout=170)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "import --jobs 1, articles/s" in proc.stdout
    results = json.loads(out.read_text(encoding="utf-8"))
    assert {"machine", "backends", "targets", "corpus_totals", "cli_startup"} <= set(results)
    assert {"cpu", "cores", "ram_gb", "python", "sqlite"} <= set(results["machine"])
    sq = results["backends"]["sqlite"]
    assert sq["floor"]["articles"] == N
    assert sq["import_1"]["exit"] == 0, sq["import_1"]["stderr"]
    assert sq["rows"]["sources"] == N
    with sqlite3.connect(tmp_path / "kept.sqlite") as kept:  # --keep: the --jobs 1 import's database
        assert kept.execute("SELECT count(*) FROM sources").fetchone()[0] == N
    for key in ("import_articles_per_s", "floor_articles_per_s", "import_vs_floor", "rows_per_s"):
        assert sq[key] > 0
    assert {"conflicts", "agreements"} == set(sq["reports"])
    assert all(r["exit"] == 0 and r["groups"] is not None for r in sq["reports"].values())
    assert sq["import_1"]["tree_peak_mb"] > 0
    assert 0 < sq["import_1"]["tree_pss_peak_mb"] <= sq["import_1"]["tree_peak_mb"] * 1.05  # shared pages split
    assert results["warm_up_seconds"] > 0
    assert sq["planted_found"]["claim_agree"]["planted"] > 0 and "planted claim agreements found" in proc.stdout
    assert set(results["targets"]) == {"import_rate_per_core", "import_vs_floor", "jobs_speedup",
                                       "conflicts_1m_seconds", "import_100k_peak_mb", "postgresql_vs_sqlite"}


def test_quote_steps_finds_the_same_groups_in_steps_of_one_source_as_in_one_step(corpus, tmp_path, capsys):
    import quote_steps

    db_path = tmp_path / "q.sqlite"
    subprocess.run([sys.executable, "-m", "factdb", "--db", str(db_path), "import", "--no-progress",
                    str(corpus / make_corpus.ARTICLES)], check=True, capture_output=True)
    with sqlite3.connect(db_path) as conn:
        stored = conn.execute("SELECT id, active FROM groups WHERE kind = 'quote' ORDER BY id").fetchall()
    assert stored
    results = []
    for per_step in (1, 1000):
        quote_steps.main([str(db_path), "--sources-per-step", str(per_step)])
        results.append(re.search(r"groups (\{.*\}), md5 (\w+)", capsys.readouterr().out).groups())
    assert results[0] == results[1]
    assert sum(ast.literal_eval(results[0][0]).values()) == sum(active for _, active in stored)
    with sqlite3.connect(db_path) as conn:  # it works on a copy
        assert conn.execute("SELECT id, active FROM groups WHERE kind = 'quote' ORDER BY id").fetchall() == stored


def test_scratch_database_with_schema_is_at_head_and_removed_after(tmp_path):
    import run

    from factdb.db import current_revision, head_revision, make_engine

    with run.Scratch("sqlite", None, tmp_path, schema=True) as url:
        engine = make_engine(url)
        assert current_revision(engine) == head_revision()
        engine.dispose()
    with run.Scratch("sqlite", None, tmp_path) as url:
        engine = make_engine(url)
        assert current_revision(engine) is None  # the floor's database: no factdb schema
        engine.dispose()
    assert not list(tmp_path.glob("*.sqlite*"))


def test_warm_up_imports_the_first_articles_of_a_jsonl_corpus(tmp_path):
    import sqlite3

    import run

    make_corpus.generate(tmp_path / "corpus", 12, seed=1, fmt="jsonl")
    work = tmp_path / "work"
    work.mkdir()
    assert run.warm_up(str(tmp_path / "corpus" / make_corpus.ARTICLES), work, articles=5) > 0
    for jobs in (1, 2):
        with sqlite3.connect(work / f"warm-up-{jobs}.sqlite") as conn:
            assert conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 5
    assert not (work / "warm-up").exists()


def test_million_fill_counts_the_groups_it_stored(tmp_path):
    import sqlite3

    import run

    db = tmp_path / "m.sqlite"
    res = run.million(f"sqlite:///{db}", claims=2000, conflict_rate=0.3)
    assert res["claims"] == 2000 and res["keys"] == 100
    with sqlite3.connect(db) as conn:
        differing = conn.execute("SELECT COUNT(*) FROM (SELECT key FROM claims GROUP BY key "
                                 "HAVING COUNT(DISTINCT value_num) > 1)").fetchone()[0]
    assert 0 < differing < 100
    assert res["conflict_groups"] == differing  # one conflict per key with a differing value
    assert res["groups"] >= 100  # every key agrees on its common value


def test_report_rows_are_counted_line_by_line(tmp_path):
    import run

    from factdb.render import json_chunks

    rows = [{"id": f"g_{i}", "items": [{"file": "a.txt"}, {"file": "b,\n\"c\".txt"}]} for i in range(3)]
    for given, expected in ((rows, 3), ([], 0)):
        path = tmp_path / "report.json"
        path.write_text("".join(json_chunks(given)), encoding="utf-8")
        assert len(json.loads(path.read_text(encoding="utf-8"))) == expected
        assert run.json_rows(path) == expected
    path.write_text("[\n{\"id\": 1},\n{\"id\": \n]\n", encoding="utf-8")
    assert run.json_rows(path) is None  # not a report's JSON


SAME_QUOTE, OTHER_QUOTE = ("We will build new ports along the northern coast for our farmers",
                           "We will build more ports along the coast for everyone this year")


def three_articles(tmp_path, db_url, manifest: dict) -> str:
    """Three articles imported: two say NATO has 32 members and quote Anna Berg alike, the third says 31
    and words her quote otherwise; `manifest` is written beside them. Returns the articles folder."""
    from factdb.db import connect
    from factdb.importer import import_paths

    folder = tmp_path / "corpus" / "articles"
    folder.mkdir(parents=True)
    for name, members, quote in (("a1.txt", 32, SAME_QUOTE), ("a2.txt", 32, SAME_QUOTE), ("a3.txt", 31, OTHER_QUOTE)):
        (folder / name).write_text(f"Alliance meets in Brussels\n\nMonday, March 4, 2024\n\nNATO has {members} members."
                                   f"\n\n\"{quote},\" Trade Minister Anna Berg said.\n", encoding="utf-8")
    (folder.parent / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    import_paths(connect(db_url), [folder])
    return str(folder)


def mention(doc, planted, **kw):
    return {"doc": doc, "planted": planted, **kw}


def test_planted_found_counts_what_the_import_grouped(tmp_path, db_url):
    """Of the three articles, the manifest plants the count and the quote as they are, and also an
    agreement no article states (claims are matched by value, not only by article)."""
    import run

    planted = [
        {"kind": "count", "mentions": [mention("a1.txt", "agree", value=32), mention("a2.txt", "agree", value=32),
                                       mention("a3.txt", "conflict", value=31)]},
        {"kind": "quote", "mentions": [mention(d, "agree", text=SAME_QUOTE, speaker="Anna Berg")
                                       for d in ("a1.txt", "a2.txt")]
         + [mention("a3.txt", "conflict", text=OTHER_QUOTE, speaker="Anna Berg")]},
        # stated by no article: a1 and a2 agree on another figure, which does not make this one found
        {"kind": "ordinal", "mentions": [mention("a1.txt", "agree", value=3), mention("a2.txt", "agree", value=3)]},
    ]
    folder = three_articles(tmp_path, db_url, {"planted": planted})
    found = run.planted_found(db_url, folder)
    assert {k: (v["found"], v["planted"]) for k, v in found.items()} == {
        "claim_agree": (2, 4), "claim_conflict": (1, 1), "quote_agree": (2, 2), "quote_conflict": (1, 1)}
    assert run.planted_found(db_url, str(tmp_path)) is None  # no manifest beside it
    assert run.conflicts_by_story(db_url, folder) is None  # a manifest without stories


def test_same_value_compares_numbers_and_dates_as_stored():
    import run

    assert run.same_value("12000000000", 12e9) and run.same_value("21.9", 21.9) and run.same_value("32", 32)
    assert run.same_value("2024-09-17", "2024-09-17") and run.same_value("XXXX-09-17", "2024-09-17")
    assert not run.same_value("31", 32) and not run.same_value("2023-09-17", "2024-09-17")
    assert not run.same_value("XXXX-WXX-3", "2024-09-17") and not run.same_value(None, 3)


@pytest.mark.parametrize("stories, planted_docs, expected", [
    ([["a1.txt", "a2.txt", "a3.txt"]], [], "one_story"),
    ([["a1.txt", "a2.txt"], ["a3.txt"]], ["a1.txt", "a3.txt"], "shared_fact"),
    ([["a1.txt", "a2.txt"], ["a3.txt"]], ["a1.txt", "a2.txt"], "across_stories"),
])
def test_conflicts_by_story_tells_two_stories_set_against_each_other(tmp_path, db_url, stories, planted_docs,
                                                                       expected):
    """The claim conflict (32 against 31) and the quote conflict of the three articles, told apart by
    what the manifest says of their stories and planted facts."""
    import run

    manifest = {"planted": [{"id": "s0.members", "kind": "count",
                             "mentions": [mention(d, "agree", value=32) for d in planted_docs]}],
                "stories": [{"id": f"s{i}", "docs": docs} for i, docs in enumerate(stories)]}
    found = run.conflicts_by_story(db_url, three_articles(tmp_path, db_url, manifest))
    for kind in ("claim", "quote"):
        counts = found[kind]
        assert counts["groups"] >= 1
        assert counts["one_story"] + counts["shared_fact"] + counts["across_stories"] == counts["groups"]
    assert found["claim"][expected] == found["claim"]["groups"]


def test_instructions_reads_the_articles_it_is_asked_for(corpus):
    import instructions

    articles = str(corpus / make_corpus.ARTICLES)
    assert instructions.read(articles, 3) == 3
    assert instructions.read(articles, 10 * N) == N  # no more than there are
    line = "==123== I   refs:      4,286,240,310"
    assert int(instructions.RE_REFS.search(line).group(1).replace(",", "")) == 4_286_240_310


@pytest.mark.skipif(not shutil.which("valgrind"), reason="valgrind is not installed")
def test_instructions_counts_a_reading_under_valgrind(corpus):
    proc = subprocess.run([sys.executable, str(BENCH / "instructions.py"), str(corpus / make_corpus.ARTICLES),
                           "--articles", "2"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout)
    assert out["articles"] == 2 and out["instructions"] > out["start_up"] > 0
    assert out["million_per_article"] > 1  # reading an article is millions of instructions
