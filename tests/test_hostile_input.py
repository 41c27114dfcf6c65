"""Hostile input: more than a thousand generated bad inputs in one import, each refused with a clear
one-line message or read correctly, never a traceback, the good files beside them all stored; a
50 MB article; hostile `factdb sql` queries and listing filters (bound parameters only)."""
from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import random
import re
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, text

from factdb.pipeline import process
from factdb.records import RawArticle
from fixtures.corpus import articles
from fixtures.dbstate import engine, run_factdb

SEED = 666
ERROR, STORED, EITHER = "error", "stored", "either"
RE_ERROR_LINE = re.compile(r"^factdb: (?P<where>.+): (?P<reason>[^\n]+) \(skipped\)$")


def good_texts(n: int, seed: int = SEED) -> list[str]:
    return [a["text"] for a in articles(n, seed=seed, blocks=(1, 1))]


class Corpus:
    """Files written under `root` and what must become of each input: {where: ERROR|STORED|EITHER},
    `where` being the path (and ":LINE" for a JSON Lines record) that factdb reports and stores."""

    def __init__(self, root: Path):
        self.root, self.expect, self.rng = root, {}, random.Random(SEED)

    def file(self, folder: str, name: str, data: bytes | str, expect: str | None) -> Path:
        path = self.root / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if expect:
            self.expect[str(path)] = expect
        return path

    def lines(self, folder: str, name: str, lines: list[tuple[str, str]]) -> None:
        """A JSON Lines file from (line, expectation) pairs; blank lines are skipped by the reader."""
        path = self.file(folder, name, "\n".join(line for line, _ in lines) + "\n", None)
        for n, (line, expect) in enumerate(lines, 1):
            if line.strip():
                self.expect[f"{path}:{n}"] = expect


def build(root: Path) -> Corpus:
    c, rng = Corpus(root), random.Random(SEED)
    texts = good_texts(120)
    # binary files: random bytes with NULs, and the first bytes of common binary formats
    headers = [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00", b"\x1f\x8b\x08\x00",
               b"\x7fELF\x02\x01\x01\x00", b"PK\x03\x04\x14\x00\x00\x00", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
               b"GIF89a\x01\x00\x01\x00\x00\x00", b"SQLite format 3\x00"]
    for i in range(150):
        body = bytes(rng.randrange(256) for _ in range(rng.choice((16, 300, 5000))))
        c.file("binary", f"blob{i:03d}{rng.choice(['.txt', '.html', '.jsonl', '.json', '', '.md'])}",
               headers[i % len(headers)] + body + b"\x00", ERROR)
    # invalid UTF-8: a good article with a broken byte sequence somewhere
    broken = [b"\xff", b"\xfe\xfe", b"\xc3\x28", b"\xa0\xa1", b"\xe2\x28\xa1", b"\xf0\x28\x8c\xbc", b"\xc0\xaf",
              b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xe2\x82"]
    for i in range(150):
        data = texts[i % len(texts)].encode()
        at = rng.randrange(len(data) + 1)
        c.file("utf8", f"broken{i:03d}.txt", data[:at] + broken[i % len(broken)] + data[at:], ERROR)
    for i in range(30):  # single-byte encodings are not UTF-8
        text = texts[i].replace("Ministers", "Minist\u00e8res").replace("said", "said \u2014 \u00e0 Z\u00fcrich \u2014")
        c.file("latin", f"legacy{i:02d}.txt", text.encode("cp1252", errors="replace"), ERROR)
    # UTF-16 and UTF-32, with and without byte order mark
    for i in range(40):
        text = texts[i]
        c.file("utf16", f"le_bom{i:02d}.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"), STORED)
        c.file("utf16", f"be_bom{i:02d}.txt", codecs.BOM_UTF16_BE + text.encode("utf-16-be"), STORED)
        c.file("utf16", f"le{i:02d}.txt", text.encode("utf-16-le"), STORED)
    for i in range(10):
        c.file("utf16", f"be{i:02d}.txt", texts[50 + i].encode("utf-16-be"), STORED)
        greek = "\u0397 \u03ba\u03c5\u03b2\u03ad\u03c1\u03bd\u03b7\u03c3\u03b7 \u03b5\u03af\u03c0\u03b5. " * 40
        c.file("utf16", f"greek_le{i:02d}.txt", greek.encode("utf-16-le"), EITHER)
        c.file("utf16", f"utf32_{i:02d}.txt", texts[60 + i].encode("utf-32"), EITHER)
    # empty and white-space-only files
    blanks = [b"", b" ", b"\n", b"\r\n\r\n", b"\t \t", b" " * 10000, b"\xef\xbb\xbf", b"\xef\xbb\xbf  \n",
              codecs.BOM_UTF16_LE, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), "\u00a0\u2003\n".encode(),
              b"\x0b\x0c\n"]
    for i in range(60):
        suffix = [".txt", ".jsonl", ".json", ".html", ""][i % 5]
        c.file("blank", f"blank{i:02d}{suffix}", blanks[i % len(blanks)], ERROR)
    # ten thousand quotation marks, in every style
    marks = ['"', "\u201c", "\u201d", "'", "\u2018\u2019", "\u00ab\u00bb", '"word" ', "\u201cHe said\u201d "]
    for i, mark in enumerate(marks):
        repeated = mark * (10000 // len(mark.strip() or mark))
        c.file("marks", f"marks{i}.txt", "Quotation marks\n\n" + repeated + "\n", EITHER)
    # unbalanced and nested quotes in otherwise ordinary news sentences
    opens, closes = ['"', "\u201c", "'", "\u2018", "\u00ab"], ['"', "\u201d", "'", "\u2019", "\u00bb"]
    for i in range(150):
        parts = []
        for _ in range(rng.randint(3, 12)):
            parts.append(rng.choice(["The minister said", "it was", "a deal", "for years", "Berg added", "we will"]))
            if rng.random() < 0.6:
                parts.append(rng.choice(opens + closes))
        c.file("quotes", f"nested{i:03d}.txt", "Nested and unbalanced quotes\n\n" + " ".join(parts) + ".\n\n"
               + texts[i % len(texts)], STORED)
    # deeply nested HTML
    for i, depth in enumerate([10, 100, 500, 1000, 3000, 5000, 10000, 20000, 50000] * 2):
        tag = ["div", "span", "b", "table><tr><td"][i % 4]
        close = "</" + "></".join(reversed(tag.split("><"))) + ">"
        inner = ("<p>" + texts[i].replace("\n\n", "</p><p>") + "</p>") if i % 2 else "deep"
        html = "<!DOCTYPE html><html><body>" + f"<{tag}>" * depth + inner + close * (depth if i % 3 else 0)
        c.file("html", f"deep{i:02d}.html", html, EITHER)
    # JSON Lines: malformed lines among good ones; wrong types; huge and deeply nested lines
    bad_lines = ['{"title": "A", "text": ', "{'title': 'single quotes', 'text': 'x'}", '{"text": "x",}', "NaN",
                 '{"text": "unterminated', "[1, 2, 3]", '"just a string"', "null", "true", "{}", '{"text": ""}',
                 '{"text": "   "}', '{"text": 42}', '{"body": ["a", "b"]}', '{"text": "ok", "title": 7}',
                 '{"text": "ok", "url": {"a": 1}}', '{"text": "ok", "published": [2024]}', "// a comment",
                 '{"text": "x"} trailing', "\ufeff" + '{"text": "x"', "[" * 5000 + "]" * 5000,
                 '{"a":' * 3000 + "1" + "}" * 3000, '{"text": "' + "x" * 200 + '\\uZZZZ"}', "{" + "\x01" + "}"]
    lines = []
    for i in range(300):
        lines.append((bad_lines[i % len(bad_lines)], ERROR))
        if i % 10 == 0:
            good = texts[i // 10]
            lines.append((json.dumps({"title": f"Good record {i}", "text": good, "url": f"https://example.org/{i}"}),
                          STORED))
        if i % 25 == 0:
            lines.append(("   ", None))
    c.lines("jsonl", "mixed.jsonl", lines)
    c.lines("jsonl", "huge.jsonl", [
        ('{"title": "Huge but broken", "text": "' + "word " * 2_000_000, ERROR),  # 10 MB, unterminated
        (json.dumps({"title": "Huge field", "text": texts[0], "junk": "x" * 5_000_000}), STORED),
        ("[" * 100_000 + "]" * 100_000, ERROR),
    ])
    # JSON documents: a list with good and bad records, bad top-level values
    for i in range(20):
        records = [{"title": f"Doc {i} good", "text": texts[i]}, {"title": f"Doc {i} bad"}, 5, None]
        path = c.file("json", f"doc{i:02d}.json", json.dumps(records), None)
        c.expect.update({f"{path}[0]": STORED, f"{path}[1]": ERROR, f"{path}[2]": ERROR, f"{path}[3]": ERROR})
    for i, doc in enumerate(['"a string"', "42", "{", '{"text": null}', "{}", "null", "[1,", '{"text": 1}']):
        c.file("json", f"bad{i:02d}.json", doc, ERROR)
    path = c.file("json", "nested_lists.json", "[[[[]]]]", None)
    c.expect[f"{path}[0]"] = ERROR
    # odd file names with good articles inside
    names = ["with space.txt", "  leading spaces.txt", "trailing dot..txt", "-starts-with-dash.txt", "--help.txt",
             "caf\u00e9.txt", "\u4e2d\u6587\u65b0\u95fb.txt", "\U0001f4f0 news.txt", "quote\"name.txt", "it's.txt",
             "back\\slash.txt", "tab\tname.txt", "semi;colon.txt", "$(echo hi).txt", "%s%n%d.txt", "{braces}.txt",
             "colon: inside.txt", "UPPER.TXT", "feed.JSONL.txt", "no_suffix", "double.txt.txt", "x" * 240 + ".txt",
             "\u202eright-to-left.txt", "combining\u0301.txt", "NUL.txt", "con.txt", "a" + "\u200b" + "b.txt",
             "dots.in.many.places.md", "*star*.txt", "?question.txt"]
    for i, name in enumerate(names):
        c.file("names", name, texts[i % len(texts)], STORED)
    return c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("hostile"))


def stored_paths(url: str) -> list[str]:
    eng = engine(url)
    with eng.connect() as conn:
        paths = list(conn.execute(text("SELECT path FROM sources")).scalars())
    eng.dispose()
    return paths


def test_a_thousand_bad_inputs_in_one_import(db_url, corpus, tmp_path):
    assert len(corpus.expect) >= 1000
    started = time.monotonic()
    result = run_factdb("--db", db_url, "import", "--no-progress", corpus.root, cwd=tmp_path, timeout=180)
    elapsed = time.monotonic() - started
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 1
    assert re.fullmatch(r"imported: \d+ new, 0 unchanged, 0 updated, \d+ failed\n", result.stdout), result.stdout
    errors = {}
    for line in result.stderr.splitlines():
        match = RE_ERROR_LINE.match(line)
        assert match, f"not a one-line error message: {line!r}"
        errors[match["where"]] = match["reason"]
    stored = stored_paths(db_url)
    assert len(stored) == len(set(stored)), "an input was stored twice"
    stored = set(stored)
    wrong = []
    for where, expect in corpus.expect.items():
        refused, kept = where in errors, where in stored
        if refused and kept or not (refused or kept):
            wrong.append(f"{where[-80:]}: {'both refused and stored' if refused else 'neither refused nor stored'}")
        elif expect == ERROR and kept or expect == STORED and refused:
            wrong.append(f"{where[-80:]}: expected {expect}, got {errors.get(where, 'stored')}")
    assert not wrong, f"{len(wrong)} inputs handled wrongly:\n" + "\n".join(wrong[:30])
    unknown = sorted(set(errors) - set(corpus.expect))
    assert not unknown, f"errors for unknown inputs: {unknown[:5]}"
    assert stored <= set(corpus.expect)
    summary = re.match(r"imported: (\d+) new, .* (\d+) failed", result.stdout)
    assert (int(summary[1]), int(summary[2])) == (len(stored), len(errors))
    assert elapsed < 120, f"the hostile import took {elapsed:.0f} s"
    print(f"{len(corpus.expect)} hostile inputs: {len(errors)} refused, {len(stored)} stored, {elapsed:.1f} s")


def test_error_messages_are_clear(corpus, tmp_path):
    """The reasons name the problem: a sample of each family, read without a database."""
    from factdb.read import read_file

    reasons = {}
    for family in ("binary", "utf8", "blank"):
        for path in sorted((corpus.root / family).iterdir())[:20]:
            (item,) = list(read_file(path))
            reasons.setdefault(family, set()).add(getattr(item, "reason", "read"))
    assert all(r == "binary file, not text" or r.startswith("not valid UTF-8") for r in reasons["binary"])
    assert all(r.startswith("not valid UTF-8 (byte 0x") for r in reasons["utf8"])
    assert reasons["blank"] <= {"empty file", "empty file (only white space)"}


def test_file_name_that_is_not_utf8(tmp_path, db_url):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(good_texts(2)[0], encoding="utf-8")
    with open(bytes(folder) + b"/caf\xe9.txt", "wb") as f:
        f.write(good_texts(2)[1].encode())
    result = run_factdb("--db", db_url, "import", "--no-progress", folder, cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr.strip().splitlines()[-1]
    assert len(stored_paths(db_url)) >= 1


def test_json_text_with_a_lone_surrogate(tmp_path, db_url):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text('{"title": "S", "text": "The minister said \\ud800 it was over."}\n'
                                    + json.dumps({"title": "Good", "text": good_texts(1)[0]}) + "\n")
    result = run_factdb("--db", db_url, "import", "--no-progress", folder, cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr.strip().splitlines()[-1]
    assert [p.endswith("a.jsonl:2") for p in stored_paths(db_url)] == [True]


def test_nul_inside_json_text_is_one_line(tmp_path, db_url):
    """A NUL escaped in JSON is not a binary file: stored (SQLite) or refused in one line (PostgreSQL
    text cannot hold NUL); the good record beside it is stored either way."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text('{"title": "N", "text": "The minister said \\u0000 it was over."}\n'
                                    + json.dumps({"title": "Good", "text": good_texts(1)[0]}) + "\n")
    result = run_factdb("--db", db_url, "import", "--no-progress", folder, cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert all(RE_ERROR_LINE.match(line) for line in result.stderr.splitlines())
    assert any(p.endswith("a.jsonl:2") for p in stored_paths(db_url))


def test_error_for_a_file_name_with_a_line_break_is_one_line(tmp_path, db_url):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "two\nlines.txt").write_bytes(b"\x00\x01binary")
    result = run_factdb("--db", db_url, "import", "--no-progress", folder, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_json_file_with_no_article_is_reported(tmp_path, db_url):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.json").write_text("[]")
    result = run_factdb("--db", db_url, "import", "--no-progress", folder, cwd=tmp_path)
    assert result.returncode == 1 and "empty.json" in result.stderr


def test_many_articles_disagreeing_on_one_figure_give_few_groups(tmp_path, db_url):
    lines = []
    for i in range(200):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=i)
        lines.append(json.dumps({"title": f"Alliance report {i}", "published": day.isoformat(),
                                 "url": f"https://example.org/{i}", "publisher": f"Paper {i % 7}",
                                 "text": f"Alliance report {i}\n\nNATO has {31 + i % 2} members, officials said."}))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "reports.jsonl").write_text("\n".join(lines) + "\n")
    started = time.monotonic()
    result = run_factdb("--db", db_url, "import", "--no-progress", tmp_path / "in", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-1000:]
    eng = engine(db_url)
    with eng.connect() as conn:
        groups = conn.execute(text("SELECT count(*) FROM groups")).scalar()
    eng.dispose()
    assert groups <= len(lines), f"{groups} groups for two values stated by {len(lines)} articles"
    assert time.monotonic() - started < 20


def big_article(megabytes: float) -> str:
    paragraphs = [p for a in articles(300, seed=SEED) for p in a["text"].split("\n\n")[2:]]
    block = "\n\n".join(paragraphs) + "\n\n"
    size = int(megabytes * 1024 * 1024)
    return "A very long report\n\n" + (block * (size // len(block) + 1))[:size]


def test_a_50_mb_article_is_read_quickly_and_a_larger_one_refused(tmp_path, db_url):
    """Reading (decoding, line endings) of 50 MB is quick; 65 MB is over the limit and refused in one line
    before anything is extracted. (Extracting 50 MB takes minutes: see the test below.)"""
    from factdb.read import MAX_BYTES, read_file

    path = tmp_path / "big.txt"
    path.write_text(big_article(50), encoding="utf-8")
    started = time.monotonic()
    (raw,) = list(read_file(path))
    assert time.monotonic() - started < 5
    assert len(raw.text) == 50 * 1024 * 1024 + len("A very long report\n\n")
    too_big = tmp_path / "in" / "huge.txt"
    too_big.parent.mkdir()
    with open(too_big, "wb") as f:
        f.write(path.read_bytes())
        f.write(b"more words. " * ((MAX_BYTES - 50 * 1024 * 1024) // 12 + 10))
    started = time.monotonic()
    result = run_factdb("--db", db_url, "import", "--no-progress", too_big.parent, cwd=tmp_path)
    assert time.monotonic() - started < 15
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert RE_ERROR_LINE.match(line) and "file too large" in line


def test_a_long_article_is_stored_in_linear_time(tmp_path):
    """Storing 1.5 MB of news (thousands of quotes and claims) must not take longer than reading it.
    Backend-independent (the time goes in Python), so SQLite only."""
    from factdb.db import connect
    from factdb.store import store_extraction

    started = time.perf_counter()
    ex = process(RawArticle(file="long.txt", path="long.txt", text=big_article(1.5), format="text"))
    reading = time.perf_counter() - started
    database = connect(f"sqlite:///{tmp_path / 'long.sqlite'}")
    started = time.perf_counter()
    with database.engine.begin() as conn:
        store_extraction(conn, ex)
    storing = time.perf_counter() - started
    database.engine.dispose()
    print(f"1.5 MB: {len(ex.quotes)} quotes, {len(ex.claims)} claims; "
          f"read in {reading:.1f} s, stored in {storing:.1f} s")
    assert storing < reading


@pytest.mark.skipif(not os.environ.get("FACTDB_SLOW_TESTS"),
                    reason="extracting a 50 MB article takes about 4 s per MB on a 2-core machine (over 3 "
                           "minutes); run with FACTDB_SLOW_TESTS=1")
def test_a_50_mb_article_is_imported(tmp_path, db_url):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "big.txt").write_text(big_article(50), encoding="utf-8")
    result = run_factdb("--db", db_url, "import", "--no-progress", folder, cwd=tmp_path, timeout=1800)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.stdout.startswith("imported: 1 new")


# ───────────────────────── SQL safety ─────────────────────────

HOSTILE_SQL = [
    "WITH x AS (SELECT 1) DELETE FROM sources",
    "WITH x AS (SELECT 1) INSERT INTO speakers (name, kind) SELECT 'mallory', 'person'",
    "WITH x AS (SELECT 1) UPDATE sources SET title = 'owned'",
    "EXPLAIN ANALYZE DELETE FROM sources",  # PostgreSQL runs the statement it explains
    "EXPLAIN DELETE FROM sources",
    "SELECT 1;\nDELETE FROM sources",
    "SELECT 1 /* ; */; DELETE FROM sources",
    "SELECT ';'; DELETE FROM sources",
    "SELECT 1 -- ;\n; DELETE FROM sources",
    "SELECT $$;$$; DELETE FROM sources",
    "VALUES (1); DROP TABLE sources",
    "TABLE sources; DELETE FROM sources",
    "(DELETE FROM sources)",
    "  \n DELETE FROM sources",
    "/* SELECT */ DELETE FROM sources",
    "-- SELECT\nDELETE FROM sources",
    "SELECT * FROM sources FOR UPDATE",
    "SELECT set_config('default_transaction_read_only', 'off', false)",
    "SELECT nextval('sources_id_seq')",
    "SELECT load_extension('/tmp/nothing')",
    "VACUUM",
    "REINDEX sources",
    "ANALYZE sources",
    "BEGIN; DELETE FROM sources; COMMIT",
    "COMMIT",
    "SET TRANSACTION READ WRITE",
    "RESET ALL",
    "CALL nothing()",
    "COPY sources TO '/tmp/factdb-copy.txt'",
    "SELECT pg_sleep(0); DELETE FROM sources",
    "DETACH DATABASE main",
    "REPLACE INTO speakers (name, kind) VALUES ('m', 'person')",
]


def fingerprint(url: str) -> dict:
    """Row counts of every table, the schema, and a sample of values: what a write would change."""
    from factdb import models as m

    eng = engine(url)
    with eng.connect() as conn:
        counts = {t.name: conn.execute(text(f"SELECT count(*) FROM {t.name}")).scalar()
                  for t in m.Base.metadata.sorted_tables}
        titles = sorted(conn.execute(text("SELECT coalesce(title, '') FROM sources")).scalars())
    eng.dispose()
    return {"counts": counts, "titles": titles}


def test_hostile_sql_changes_nothing(invoke, seeds, db_env):
    invoke("import", seeds)
    before, problems = fingerprint(db_env), []
    for query in HOSTILE_SQL:
        result = invoke("sql", "--", query)  # "--" ends the options: a query may start with a comment
        if result.exit_code and not (result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1):
            problems.append(f"{query!r}: not a one-line error: {result.stderr!r}")
        if fingerprint(db_env) != before:
            problems.append(f"{query!r} changed the database")
    assert not problems, "\n".join(problems)
    # no connection was handed back read-only (or writable when it should not be)
    again = invoke("import", seeds)
    assert again.exit_code == 0 and "5 unchanged" in again.stdout
    assert invoke("sql", "DELETE FROM sources").exit_code == 1


# (A NUL cannot be given: command-line arguments are C strings.)
HOSTILE_FILTERS = ["x' OR '1'='1", "'; DROP TABLE sources; --", '" OR ""="', "\\", "%' --",
                   "Robert'); DELETE FROM claims;--", "\u2019 OR 1=1 --",
                   "' UNION SELECT name, name FROM speakers --", "\U0001f4a3"]


@pytest.fixture
def statements():
    """Every SQL statement sent to any database while the test runs, with its parameters."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", record)
    yield seen
    event.remove(Engine, "before_cursor_execute", record)


def parameter_values(parameters) -> list[str]:
    """The string values among a statement's parameters (a tuple, a dict, or a list of them)."""
    if isinstance(parameters, dict):
        parameters = list(parameters.values())
    out = []
    for p in parameters or ():
        if isinstance(p, str):
            out.append(p)
        elif isinstance(p, (list, tuple, dict)):
            out += parameter_values(p)
    return out


def test_listing_filters_reach_the_database_only_as_bound_parameters(invoke, seeds, db_env, statements):
    invoke("import", seeds)
    before = fingerprint(db_env)
    commands = [("sources", "--source"), ("quotes", "--source"), ("quotes", "--speaker"), ("claims", "--subject"),
                ("claims", "--source"), ("speakers", "--speaker"), ("report", "conflicts", "--source"),
                ("report", "agreements", "--speaker"), ("report", "outdated", "--source")]
    for value in HOSTILE_FILTERS:
        statements.clear()
        for *command, option in commands:
            result = invoke(*command, option, value, "--format", "json")
            assert result.exit_code == 0, result.output
            assert json.loads(result.stdout) == [], f"{command} {option} {value!r} matched something"
        for item in ("history", "annotate"):
            args = [item, value] + (["--verdict", "supported"] if item == "annotate" else [])
            result = invoke(*args)
            assert result.exit_code == 1 and "no claim, quote or group" in result.stderr
        assert statements, "no statement was recorded"
        core = value.strip("%' \\")
        leaked = [s for s, _ in statements if core and core in s]
        assert not leaked, f"the filter {value!r} is part of the SQL: {leaked[0][:300]}"
        assert any(value.lower() in v for _, p in statements for v in parameter_values(p)), \
            f"the filter {value!r} never reached the database as a parameter"
    assert fingerprint(db_env) == before


# "3_43ed" would match the seed file 000_3543ed311ad441d2.txt if "_" were a wildcard
@pytest.mark.parametrize("wildcard", ["%", "3_43ed", "0%3"])
def test_like_wildcards_in_filters_are_literal(invoke, seeds, db_env, wildcard):
    invoke("import", seeds)
    rows = json.loads(invoke("sources", "--source", wildcard, "--format", "json").stdout)
    assert rows == [], f"{wildcard!r} matched {len(rows)} articles, none of which has it in its name or title"
    literal = json.loads(invoke("sources", "--source", "000_3543", "--format", "json").stdout)
    assert [r["file"] for r in literal] == ["000_3543ed311ad441d2.txt"]
