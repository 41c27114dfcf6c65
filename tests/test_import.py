"""`factdb import`: seeds, idempotence, versions, JSON Lines, HTML, and every kind of bad input."""
from __future__ import annotations

import dataclasses
import json
import shutil

import pytest
from sqlalchemy import text

from factdb.db import connect

ARTICLE = """Ministers agree new grain deal

Monday, March 4, 2024

Ministers from 12 countries agreed on Monday to extend the grain corridor.

"This deal keeps food moving," Trade Minister Anna Berg said.
"""


def count(url, table):
    with connect(url).engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()


def test_seeds_import_then_list_then_reimport(invoke, seeds, db_env):
    result = invoke("import", seeds)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "imported: 5 new, 0 unchanged, 0 updated, 0 failed"
    listed = json.loads(invoke("sources", "--format", "json").stdout)
    assert sorted(s["file"] for s in listed) == sorted(p.name for p in seeds.iterdir())
    assert all(s["version"] == 1 and s["is_latest"] for s in listed)
    again = invoke("import", seeds)
    assert again.stdout.strip() == "imported: 0 new, 5 unchanged, 0 updated, 0 failed"
    assert invoke("sql", "SELECT count(*) AS n FROM sources", "--format", "csv").stdout == "n\n5\n"


def test_progress_shows_the_files_then_the_reconciliation(invoke, seeds, db_env):
    result = invoke("import", "--progress", seeds)
    assert result.exit_code == 0, result.output
    assert result.stderr.split() == ["importing", "reconciling"]  # the labels, as a pipe gets them
    assert invoke("import", seeds).stderr == ""  # no bar unless asked for or on a terminal


def test_import_keeps_the_text_and_provenance(invoke, seeds, db_env):
    invoke("import", seeds)
    with connect(db_env).engine.connect() as conn:
        body, version, hash_ = conn.execute(text(
            "SELECT body, extractor_version, content_hash FROM sources WHERE file = '003_47763e78da537fb5.txt'")).one()
    assert body == (seeds / "003_47763e78da537fb5.txt").read_text(encoding="utf-8")
    assert version.startswith("0.") and len(hash_) == 64
    assert count(db_env, "imports") == 1


def test_changed_article_becomes_a_new_version(invoke, tmp_path, db_env):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "deal.txt").write_text(ARTICLE, encoding="utf-8")
    assert invoke("import", folder).stdout.strip() == "imported: 1 new, 0 unchanged, 0 updated, 0 failed"
    (folder / "deal.txt").write_text(ARTICLE.replace("12 countries", "14 countries"), encoding="utf-8")
    assert invoke("import", folder).stdout.strip() == "imported: 0 new, 0 unchanged, 1 updated, 0 failed"
    rows = json.loads(invoke("sources", "--all-versions", "--format", "json").stdout)
    assert [(r["version"], r["is_latest"]) for r in rows] == [(1, False), (2, True)]
    assert [r["version"] for r in json.loads(invoke("sources", "--format", "json").stdout)] == [2]
    # the old text is kept, the new one is latest
    with connect(db_env).engine.connect() as conn:
        bodies = conn.execute(text("SELECT body FROM sources ORDER BY version")).scalars().all()
    assert "12 countries" in bodies[0] and "14 countries" in bodies[1]
    # going back to the first text is not a new version: that content is already stored
    (folder / "deal.txt").write_text(ARTICLE, encoding="utf-8")
    assert "0 updated" in invoke("import", folder).stdout


def test_an_unchanged_article_is_not_read_again(invoke, tmp_path, db_env, monkeypatch):
    (tmp_path / "deal.txt").write_text(ARTICLE, encoding="utf-8")
    invoke("import", tmp_path)
    import factdb.importer

    def must_not_run(raw):
        raise AssertionError(f"{raw.path} extracted again")

    monkeypatch.setattr(factdb.importer, "process", must_not_run)
    (tmp_path / "other.txt").write_text(ARTICLE.replace("12 countries", "13 countries"), encoding="utf-8")
    result = invoke("import", tmp_path)
    assert result.exit_code == 1 and "1 unchanged" in result.stdout
    assert "other.txt" in result.stderr and "deal.txt" not in result.stderr  # only the new file was read


def test_reading_rules_changed_reextracts_in_place(invoke, tmp_path, db_env, monkeypatch):
    (tmp_path / "deal.txt").write_text(ARTICLE, encoding="utf-8")
    invoke("import", tmp_path)
    import factdb.importer

    process = factdb.importer.process
    monkeypatch.setattr(factdb.importer, "process",
                        lambda raw: dataclasses.replace(process(raw), extractor_version="9.9.9+test"))
    monkeypatch.setattr(factdb.importer, "extractor_version", lambda: "9.9.9+test")
    out = invoke("import", tmp_path).stdout.strip()
    assert out == "imported: 0 new, 0 unchanged, 0 updated, 1 re-extracted, 0 failed"
    rows = json.loads(invoke("sources", "--all-versions", "--format", "json").stdout)
    assert [(r["version"], r["extractor_version"]) for r in rows] == [(1, "9.9.9+test")]


BAD_INPUTS = [
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file, not text"),
    ("latin1.txt", "Caf\u00e9 au lait, said the minister.".encode("latin-1"), "not valid UTF-8 (byte 0xe9 at offset 3)"),
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\n  ", "empty file"),
    ("broken.jsonl", b'{"title": "A", "text": "Fine text."}\n{"title": "B", "text": \n', "broken.jsonl:2: malformed JSON"),
    ("notext.jsonl", b'{"title": "No body here"}\n', "notext.jsonl:1: no article text"),
    ("list.jsonl", b'[1, 2, 3]\n', "list.jsonl:1: expected a JSON object, got list"),
    ("empty.html", b"<!doctype html><html><body><nav>Home</nav></body></html>", "no article text found in the HTML"),
]


@pytest.mark.parametrize("name,content,message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_reported_and_good_files_still_imported(invoke, tmp_path, db_env, name, content, message):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / name).write_bytes(content)
    result = invoke("import", tmp_path)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line]
    assert errors and all(line.startswith("factdb: ") for line in errors)
    assert any(name in line and message in line for line in errors), errors
    assert count(db_env, "sources") == (2 if name == "broken.jsonl" else 1)
    assert count(db_env, "import_failures") == len(errors)
    assert "Traceback" not in result.output


def test_imports_lists_each_run_and_what_it_could_not_read(invoke, tmp_path, db_env):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(BAD_INPUTS[0][1])
    invoke("import", tmp_path / "good.txt")
    invoke("import", tmp_path)
    runs = json.loads(invoke("imports", "--format", "json").stdout)
    assert [(r["status"], r["new"], r["unchanged"], r["failed"], r["paths"]) for r in runs] == [
        ("done", 0, 1, 1, [str(tmp_path)]), ("done", 1, 0, 0, [str(tmp_path / "good.txt")])]
    assert all(r["finished_at"] >= r["started_at"] for r in runs)
    failures = invoke("imports", "--failures", "--format", "csv").stdout.splitlines()
    assert failures == ["import_id,location,reason", f"{runs[0]['id']},{tmp_path / 'binary.txt'},\"binary file, not text\""]
    assert invoke("imports", "--failures", "--id", str(runs[1]["id"]), "--format", "csv").stdout == "import_id,location,reason\n"


def test_missing_path_is_an_error(invoke, tmp_path):
    result = invoke("import", tmp_path / "nope.txt")
    assert result.exit_code == 1
    assert f"factdb: {tmp_path / 'nope.txt'}: no such file or folder (skipped)" in result.stderr


def test_json_lines_import(invoke, tmp_path, db_env):
    lines = [
        {"title": "Grain deal extended", "text": ARTICLE, "url": "https://example.org/grain",
         "published": "2024-03-04", "publisher": "Example News", "author": "Jo Smith"},
        {"title": "Second story", "body": "The council met on Friday. \"We agreed,\" the chair said."},
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    assert invoke("import", tmp_path).stdout.strip() == "imported: 2 new, 0 unchanged, 0 updated, 0 failed"
    rows = {r["title"]: r for r in json.loads(invoke("sources", "--format", "json").stdout)}
    first = rows["Grain deal extended"]
    assert (first["url"], first["publisher"], first["author"], first["published"], first["file"]) == (
        "https://example.org/grain", "Example News", "Jo Smith", "2024-03-04", "feed.jsonl")
    assert "Second story" in rows
    assert invoke("import", tmp_path).stdout.strip() == "imported: 0 new, 2 unchanged, 0 updated, 0 failed"


HTML = """<!DOCTYPE html><html><head><title>Council backs grain deal | Example News</title>
<meta name="author" content="Jo Smith"><meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-03-04T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Council backs grain deal</h1>
<p>Ministers from 12 countries agreed on Monday to extend the grain corridor for another year,
officials said after a long night of talks in the capital.</p>
<p>"This deal keeps food moving to the people who need it most," Trade Minister Anna Berg said.</p>
</article><footer>Copyright Example News. Back to top</footer></body></html>"""


def test_html_import(invoke, tmp_path, db_env):
    (tmp_path / "page.html").write_text(HTML, encoding="utf-8")
    result = invoke("import", tmp_path)
    assert result.exit_code == 0, result.output
    (row,) = json.loads(invoke("sources", "--format", "json").stdout)
    assert row["title"] == "Council backs grain deal"
    assert row["author"] == "Jo Smith" and row["publisher"] == "Example News"
    assert row["published"] == "2024-03-04"
    with connect(db_env).engine.connect() as conn:
        body = conn.execute(text("SELECT body FROM sources")).scalar()
    assert "grain corridor" in body and "Back to top" not in body and "<p>" not in body


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_byte_order_marks_are_read(invoke, tmp_path, db_env, encoding):
    (tmp_path / "bom.txt").write_bytes(ARTICLE.encode(encoding))
    assert invoke("import", tmp_path).exit_code == 0
    with connect(db_env).engine.connect() as conn:
        assert conn.execute(text("SELECT body FROM sources")).scalar() == ARTICLE


def test_utf16_without_bom_is_read(invoke, tmp_path, db_env):
    (tmp_path / "le.txt").write_bytes(ARTICLE.encode("utf-16-le"))
    assert invoke("import", tmp_path).exit_code == 0
    assert count(db_env, "sources") == 1


def test_hidden_files_and_folders_are_skipped(invoke, tmp_path, db_env, seeds):
    shutil.copytree(seeds, tmp_path / "seeds")
    (tmp_path / "seeds" / ".DS_Store").write_bytes(b"\x00\x01binary")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    result = invoke("import", tmp_path)
    assert result.exit_code == 0 and "5 new" in result.stdout


def test_crlf_line_endings_are_the_same_article(invoke, tmp_path, db_env):
    (tmp_path / "a.txt").write_bytes(ARTICLE.encode())
    invoke("import", tmp_path)
    (tmp_path / "a.txt").write_bytes(ARTICLE.replace("\n", "\r\n").encode())
    assert "1 unchanged" in invoke("import", tmp_path).stdout


def _store_state(url):
    """What storing determines, speakers' aliases and roles included (ids left out)."""
    from fixtures.dbstate import snapshot

    with connect(url).engine.connect() as conn:
        extra = {
            "aliases": set(conn.execute(text(
                "SELECT s.name, a.alias FROM speaker_aliases a JOIN speakers s ON s.id = a.speaker_id")).all()),
            "roles": set(conn.execute(text(
                "SELECT s.name, r.title, r.organisation, r.first_seen, r.last_seen "
                "FROM speaker_roles r JOIN speakers s ON s.id = r.speaker_id")).all()),
            "quote_speakers": set(conn.execute(text(
                "SELECT q.id, s.name FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id")).all()),
            "versions": set(conn.execute(text("SELECT doc_key, version, is_latest FROM sources")).all()),
        }
    return {**snapshot(url), **extra}


def _dated(day: str, countries: int) -> str:
    return ARTICLE.replace("Monday, March 4, 2024", day).replace("12 countries", f"{countries} countries")


def test_a_batch_stores_what_one_article_at_a_time_stores(db_url, seeds, tmp_path):
    """store_batch is store_extraction on each article in turn, whatever the batch mixes: new
    documents, a new version of a stored one, two versions of one document, a repeat; and one
    speaker seen on several days in one batch."""
    from conftest import scratch_database
    from factdb.pipeline import process
    from factdb.read import read_paths
    from factdb.reconcile import reconcile_pending
    from factdb.store import prepare, store_batch, store_extraction

    def read(name: str, text: str):
        (tmp_path / name).write_text(text, encoding="utf-8")
        return process(next(read_paths([tmp_path / name])))

    stored = read("a.txt", _dated("March 4, 2024", 12))
    batch = [read("b.txt", _dated("March 10, 2024", 12)),
             read("a.txt", _dated("March 4, 2024", 14)),  # a new version of a stored document
             read("c.txt", _dated("February 20, 2024", 13)),
             *(process(r) for r in read_paths(sorted(seeds.iterdir())[:3])),
             read("c.txt", _dated("February 21, 2024", 13)),  # two versions in one batch
             read("d.txt", _dated("March 12, 2024", 11))]
    batch.append(batch[0])  # the same again: unchanged

    with scratch_database("sqlite" if db_url.startswith("sqlite") else "postgresql", tmp_path) as one_by_one:
        outcomes = {}
        for url in (db_url, one_by_one):
            db = connect(url)
            with db.writing() as conn:
                store_extraction(conn, stored)
            with db.writing() as conn:
                if url == db_url:
                    outcomes[url] = store_batch(conn, [prepare(ex) for ex in batch])
                else:
                    outcomes[url] = [store_extraction(conn, ex) for ex in batch]
                reconcile_pending(conn)
        assert outcomes[db_url] == outcomes[one_by_one] == ["new", "updated", "new", "new", "new", "new", "updated",
                                                            "new", "unchanged"]
        state = _store_state(db_url)
        assert state == _store_state(one_by_one)
    assert ("Anna Berg", "Anna Berg") not in state["aliases"] and state["groups"]
    assert {tuple(map(str, r[1:])) for r in state["roles"] if r[0] == "Anna Berg"} == {
        ("Trade Minister", "", "2024-02-20", "2024-03-12")}  # the days of the batch, and the one before


def test_an_article_that_cannot_be_stored_spoils_no_other_in_its_batch(invoke, seeds, db_env, monkeypatch):
    import factdb.importer
    from factdb.pipeline import process

    def broken_for_one(raw):
        ex = process(raw)
        if raw.file.startswith("002_"):  # a rule gives evidence the database cannot take
            ex = dataclasses.replace(ex, claims=(dataclasses.replace(ex.claims[0], evidence={"not": "text"}),))
        return ex

    monkeypatch.setattr(factdb.importer, "process", broken_for_one)
    result = invoke("import", seeds)
    assert result.exit_code == 1
    assert result.stdout.strip() == "imported: 4 new, 0 unchanged, 0 updated, 1 failed"
    assert "002_b8822fb5f2807060.txt" in result.stderr and "could not be stored" in result.stderr
    assert count(db_env, "sources") == 4
    with connect(db_env).engine.connect() as conn:
        assert not conn.execute(text("SELECT count(*) FROM claims c JOIN sources s ON s.id = c.source_id "
                                     "WHERE s.file LIKE '002%'")).scalar()
        assert conn.execute(text("SELECT count(*) FROM claims")).scalar() > 10


def test_default_jobs_are_all_cores_but_for_a_few_small_files(tmp_path, seeds, monkeypatch):
    """`factdb import` without --jobs: one process for a handful of small files, all cores for many
    files, or for one large JSON Lines file (a newsroom's dump)."""
    from factdb import importer

    monkeypatch.setattr(importer, "default_jobs", lambda: 8)
    few = sorted(seeds.glob("*.txt"))[:3]
    assert few and importer.jobs_for(few) == 1
    dump = tmp_path / "dump.jsonl"
    line = json.dumps({"title": "Grain deal", "text": "Ministers met in Riga on Tuesday. " * 30})
    dump.write_text("\n".join([line] * 300) + "\n", encoding="utf-8")
    assert dump.stat().st_size >= importer.FEW_BYTES
    assert importer.jobs_for([dump]) == 8
    many = []
    for i in range(importer.FEW_FILES):
        many.append(tmp_path / f"a{i}.txt")
        many[-1].write_text("Short.\n", encoding="utf-8")
    assert importer.jobs_for(many) == 8
    assert importer.jobs_for(many[:2] + [tmp_path / "missing.txt"]) == 1
