"""CLI listings in every format with exact values, help for every command, README coverage."""
from __future__ import annotations

import datetime as dt
import json
import re

import click
import pytest

from factdb.cli import cli
from factdb.db import connect
from factdb.parse import parse
from factdb.records import Claim, Extraction, Quote, RawArticle, Role, Speaker
from factdb.store import store_extraction

from conftest import ROOT

TEXT = ('Ministers back grain deal\n\n'
        '"The corridor stays open," Trade Minister Anna Berg said on Monday.\n\n'
        'The 12-nation group will meet again in June.\n')


def stored(db_url, published=dt.date(2024, 3, 4)):
    """Store one hand-made extraction, independent of the reading rules."""
    article = parse(RawArticle(file="grain.txt", path="/news/grain.txt", text=TEXT, format="text"),
                    published=published)
    q_start = TEXT.index("The corridor")
    c_start = TEXT.index("12-nation group")
    ex = Extraction(
        article=article,
        quotes=(Quote(text="The corridor stays open,", start=q_start, end=q_start + 24, kind="direct",
                      speaker="Anna Berg", mention="Trade Minister Anna Berg",
                      mention_start=TEXT.index("Trade"), mention_end=TEXT.index(" said"), cue="said"),),
        claims=(Claim(kind="count", subject="grain group", property="members", value=12,
                      evidence="12-nation group", start=c_start, end=c_start + 15, low=12, high=12),),
        speakers=(Speaker(name="Anna Berg", aliases=("Berg", "Trade Minister Anna Berg"),
                          roles=(Role("Trade Minister"),)),),
        extractor_version="test-1",
    )
    with connect(db_url).engine.begin() as conn:
        assert store_extraction(conn, ex) == "new"
    return ex


def test_quotes_json_csv_table(invoke, db_env):
    stored(db_env)
    rows = json.loads(invoke("quotes", "--format", "json").stdout)
    assert len(rows) == 1
    q = rows[0]
    assert q["id"].startswith("q_") and len(q["id"]) == 22
    assert {k: q[k] for k in ("speaker", "kind", "text", "file", "cue", "mention", "start_char", "end_char")} == {
        "speaker": "Anna Berg", "kind": "direct", "text": "The corridor stays open,", "file": "grain.txt",
        "cue": "said", "mention": "Trade Minister Anna Berg", "start_char": 28, "end_char": 52}
    assert TEXT[28:52] == "The corridor stays open,"
    csv_out = invoke("quotes", "--format", "csv").stdout
    assert csv_out == f'id,speaker,kind,text,file,cue,verdict\n{q["id"]},Anna Berg,direct,"The corridor stays open,",grain.txt,said,\n'
    table = invoke("quotes").stdout.splitlines()
    assert table[0].split() == ["id", "speaker", "kind", "text", "file", "cue", "verdict"]
    assert set(table[1]) == {"-", " "} and "Anna Berg" in table[2]


def test_claims_and_filters(invoke, db_env):
    stored(db_env)
    (c,) = json.loads(invoke("claims", "--format", "json").stdout)
    assert {k: c[k] for k in ("kind", "subject", "property", "value", "low", "high", "evidence", "file", "as_of")} == {
        "kind": "count", "subject": "grain group", "property": "members", "value": "12", "low": 12.0,
        "high": 12.0, "evidence": "12-nation group", "file": "grain.txt", "as_of": "2024-03-04"}
    assert json.loads(invoke("claims", "--kind", "ordinal", "--format", "json").stdout) == []
    assert len(json.loads(invoke("claims", "--subject", "GRAIN", "--format", "json").stdout)) == 1
    assert json.loads(invoke("claims", "--source", "nothing-like-it", "--format", "json").stdout) == []
    assert len(json.loads(invoke("claims", "--source", "grain", "--format", "json").stdout)) == 1


def test_speakers_with_aliases_and_roles(invoke, db_env):
    stored(db_env)
    (s,) = json.loads(invoke("speakers", "--format", "json").stdout)
    assert (s["name"], s["kind"], s["quotes"], s["aliases"], s["roles"], s["first_seen"], s["last_seen"]) == (
        "Anna Berg", "person", 1, ["Berg", "Trade Minister Anna Berg"], ["Trade Minister"], "2024-03-04", "2024-03-04")
    assert "Berg; Trade Minister Anna Berg" in invoke("speakers", "--format", "csv").stdout
    # --speaker matches aliases too; an unknown name matches nothing
    assert len(json.loads(invoke("quotes", "--speaker", "minister anna", "--format", "json").stdout)) == 1
    assert json.loads(invoke("quotes", "--speaker", "Nobody", "--format", "json").stdout) == []


def test_one_speaker_row_across_articles(invoke, db_env):
    stored(db_env)
    raw = RawArticle(file="later.txt", path="later.txt", text=TEXT + "\nMore.\n", format="text")
    ex = Extraction(article=parse(raw, published=dt.date(2024, 5, 1)),
                    speakers=(Speaker(name="Anna Berg", aliases=("Ms Berg",)),), extractor_version="test-1")
    with connect(db_env).engine.begin() as conn:
        store_extraction(conn, ex)
    (s,) = json.loads(invoke("speakers", "--format", "json").stdout)
    assert s["aliases"] == ["Berg", "Ms Berg", "Trade Minister Anna Berg"]
    assert (s["first_seen"], s["last_seen"]) == ("2024-03-04", "2024-05-01")


def test_stable_ids_survive_reimport(invoke, db_env):
    first = stored(db_env)
    ids = [r["id"] for r in json.loads(invoke("quotes", "--format", "json").stdout)]
    invoke("sql", "SELECT 1")  # nothing in between changes them
    from factdb.store import content_hash, doc_key, item_id, _source_uid

    raw = first.article.raw
    q = first.quotes[0]
    assert ids == [item_id("q", _source_uid(doc_key(raw), content_hash(raw)), q.kind, q.start, q.end)]


def test_extract_prints_the_gold_shape(runner, seeds):
    out = runner.invoke(cli, ["extract", str(seeds / "002_b8822fb5f2807060.txt"), "--format", "json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert set(doc) >= {"source", "quotes", "claims", "dates"}
    assert set(doc["source"]) >= {"file", "title", "published", "publisher", "author"}
    assert doc["source"]["file"] == "002_b8822fb5f2807060.txt"
    override = json.loads(runner.invoke(cli, ["extract", str(seeds / "002_b8822fb5f2807060.txt"), "--format",
                                              "json", "--published", "2020-01-02"]).stdout)
    assert override["source"]["published"] == "2020-01-02"


def test_extract_bad_file_is_one_line(runner, tmp_path):
    (tmp_path / "x.txt").write_bytes(b"\x00\x01\x02")
    out = runner.invoke(cli, ["extract", str(tmp_path / "x.txt")])
    assert out.exit_code == 1 and out.stderr == f"Error: {tmp_path / 'x.txt'}: binary file, not text\n"
    out = runner.invoke(cli, ["extract", str(tmp_path / "x.txt"), "--published", "May 2024"])
    assert out.exit_code == 2 and "is not a date like 2024-05-06" in out.stderr


def test_bad_database_location_is_one_line(runner, tmp_path):
    out = runner.invoke(cli, ["--db", str(tmp_path / "no" / "such" / "dir" / "x.sqlite"), "sources"])
    assert out.exit_code == 1 and out.stderr.startswith("Error: cannot open database") and out.stderr.count("\n") == 1
    out = runner.invoke(cli, ["--db", "nosuchdriver://x", "sources"])
    assert out.exit_code == 1 and out.stderr.count("\n") == 1 and "Traceback" not in out.output


def all_commands(group=cli, prefix=()):
    for name, cmd in group.commands.items():
        yield prefix + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from all_commands(cmd, prefix + (name,))


@pytest.mark.parametrize("path", [p for p, _ in all_commands()], ids=" ".join)
def test_every_command_has_help(runner, path):
    out = runner.invoke(cli, [*path, "--help"])
    assert out.exit_code == 0 and "Usage:" in out.output
    cmd = dict(all_commands())[path]
    assert cmd.help and len(cmd.help.strip()) > 10


def test_readme_mentions_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [" ".join(p) for p, cmd in all_commands()
               if not isinstance(cmd, click.Group) and not re.search(rf"factdb {' '.join(p)}\b", readme)]
    assert missing == []


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "table"])
def test_reports_read_page_by_page_print_what_one_page_prints(invoke, seeds, db_env, monkeypatch, fmt):
    """Reports stream their groups a page at a time; page boundaries change nothing in any format."""
    import factdb.report

    invoke("import", seeds)
    whole = {rel: invoke("report", rel, "--format", fmt, "--all").stdout for rel in ("conflicts", "agreements")}
    monkeypatch.setattr(factdb.report, "PAGE", 1)
    for rel, out in whole.items():
        assert invoke("report", rel, "--format", fmt, "--all").stdout == out
    assert len(json.loads(invoke("report", "conflicts", "--format", "json").stdout)) >= 2
