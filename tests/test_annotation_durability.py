"""Reviewers' annotations are never lost: re-import, changed article, new reading rules, migrations."""
from __future__ import annotations

import dataclasses
import json

from sqlalchemy import text

from factdb.db import connect

ARTICLE = """Grain corridor extended

Monday, March 4, 2024

Ministers from 12 countries agreed on Monday to extend the grain corridor, the third extension since 2022.

"This deal keeps food moving to the people who need it most," Trade Minister Anna Berg said.
"""


def rows(invoke, what):
    out = invoke(what, "--format", "json")
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


def history(invoke, item_id):
    return json.loads(invoke("history", item_id, "--format", "json").stdout)


def setup(invoke, tmp_path):
    (tmp_path / "grain.txt").write_text(ARTICLE, encoding="utf-8")
    invoke("import", tmp_path)
    quote = next(q for q in rows(invoke, "quotes") if "keeps food moving" in q["text"])
    claim = rows(invoke, "claims")[0]
    invoke("annotate", quote["id"], "--verdict", "supported", "--reviewer", "ana", "--note", "checked the video")
    invoke("annotate", claim["id"], "--verdict", "disputed", "--reviewer", "ben")
    return quote, claim


def test_reimport_keeps_ids_and_annotations(invoke, tmp_path):
    quote, claim = setup(invoke, tmp_path)
    invoke("import", tmp_path)
    assert [q["id"] for q in rows(invoke, "quotes") if q["id"] == quote["id"]]
    assert [h["verdict"] for h in history(invoke, quote["id"])] == ["supported"]


def test_changed_article_carries_annotations_to_the_same_items(invoke, tmp_path, db_env):
    quote, claim = setup(invoke, tmp_path)
    (tmp_path / "grain.txt").write_text(ARTICLE.replace("Ministers from", "Farm ministers from"), encoding="utf-8")
    assert "1 updated" in invoke("import", tmp_path).stdout
    new_quote = next(q for q in rows(invoke, "quotes") if "keeps food moving" in q["text"])
    assert new_quote["id"] != quote["id"]  # a new version: new ids
    carried = history(invoke, new_quote["id"])
    assert [(h["reviewer"], h["verdict"], h["note"]) for h in carried] == [("ana", "supported", "checked the video")]
    # the original stays on the old version's item
    assert [h["verdict"] for h in history(invoke, quote["id"])] == ["supported"]
    new_claim = next(c for c in rows(invoke, "claims") if c["evidence"] == claim["evidence"] and c["kind"] == claim["kind"])
    assert [h["verdict"] for h in history(invoke, new_claim["id"])] == ["disputed"]


def test_removed_item_keeps_its_annotations_orphaned(invoke, tmp_path, db_env):
    quote, _ = setup(invoke, tmp_path)
    (tmp_path / "grain.txt").write_text(ARTICLE.split('"This deal')[0], encoding="utf-8")
    invoke("import", tmp_path)
    assert not [q for q in rows(invoke, "quotes") if "keeps food moving" in q["text"]]
    with connect(db_env).engine.connect() as conn:
        kept = conn.execute(text("SELECT reviewer, verdict FROM annotations WHERE item_id = :i"), {"i": quote["id"]}).all()
    assert [tuple(r) for r in kept] == [("ana", "supported")]


def test_new_reading_rules_carry_annotations(invoke, tmp_path, monkeypatch):
    quote, _ = setup(invoke, tmp_path)
    import factdb.importer

    process = factdb.importer.process

    def shifted(raw):  # a "better" rule that reads each quote one character shorter
        ex = process(raw)
        return dataclasses.replace(ex, extractor_version="rules-2", quotes=tuple(
            dataclasses.replace(q, end=q.end - 1, text=q.text[:-1]) for q in ex.quotes))

    monkeypatch.setattr(factdb.importer, "process", shifted)
    monkeypatch.setattr(factdb.importer, "extractor_version", lambda: "rules-2")
    assert "1 re-extracted" in invoke("import", tmp_path).stdout
    new_quote = next(q for q in rows(invoke, "quotes") if "keeps food moving" in q["text"])
    assert new_quote["id"] != quote["id"]
    assert [(h["reviewer"], h["verdict"]) for h in history(invoke, new_quote["id"])] == [("ana", "supported")]


def test_current_verdict_view_is_the_latest(invoke, tmp_path):
    quote, _ = setup(invoke, tmp_path)
    invoke("annotate", quote["id"], "--verdict", "needs-context", "--reviewer", "ben")
    out = json.loads(invoke("sql", f"SELECT verdict, reviewer FROM current_verdicts WHERE item_id = '{quote['id']}'",
                            "--format", "json").stdout)
    assert out == [{"verdict": "needs-context", "reviewer": "ben"}]
    assert [h["replaces"] is not None for h in history(invoke, quote["id"])] == [False, True]


def test_wrong_id_or_verdict_is_a_clear_error(invoke, tmp_path):
    quote, _ = setup(invoke, tmp_path)
    out = invoke("annotate", "c_nope", "--verdict", "refuted")
    assert out.exit_code == 1 and "no claim, quote or group with id 'c_nope'" in out.stderr
    out = invoke("annotate", quote["id"], "--verdict", "wrong")
    assert out.exit_code == 1 and out.stderr.strip().endswith(
        "use one of: supported, refuted, disputed, unverifiable, needs-context, not-a-claim")


def test_listings_and_reports_filter_by_verdict(invoke, seeds):
    invoke("import", seeds)
    claim = rows(invoke, "claims")[0]
    invoke("annotate", claim["id"], "--verdict", "refuted", "--reviewer", "ana")
    refuted = json.loads(invoke("claims", "--verdict", "refuted", "--format", "json").stdout)
    assert [(c["id"], c["verdict"]) for c in refuted] == [(claim["id"], "refuted")]
    unreviewed = json.loads(invoke("claims", "--unreviewed", "--format", "json").stdout)
    assert claim["id"] not in {c["id"] for c in unreviewed} and len(unreviewed) == len(rows(invoke, "claims")) - 1
    group = json.loads(invoke("report", "conflicts", "--format", "json").stdout)[0]
    invoke("annotate", group["id"], "--verdict", "confirmed", "--reviewer", "ben")
    confirmed = json.loads(invoke("report", "conflicts", "--verdict", "confirmed", "--format", "json").stdout)
    assert [(g["id"], g["verdict"]) for g in confirmed] == [(group["id"], "confirmed")]
    assert group["id"] not in {g["id"] for g in json.loads(
        invoke("report", "conflicts", "--unreviewed", "--format", "json").stdout)}


def test_report_shows_reviewers_disagreeing(invoke, seeds):
    invoke("import", seeds)
    group = json.loads(invoke("report", "conflicts", "--format", "json").stdout)[0]
    invoke("annotate", group["id"], "--verdict", "confirmed", "--reviewer", "ana")
    invoke("annotate", group["id"], "--verdict", "confirmed", "--reviewer", "ben")
    invoke("annotate", group["id"], "--verdict", "dismissed", "--reviewer", "cy")
    everything = json.loads(invoke("report", "conflicts", "--all", "--format", "json").stdout)
    shown = next(g for g in everything if g["id"] == group["id"])
    assert shown["verdict"] == "dismissed" and shown["reviews"] == {"ana": "confirmed", "ben": "confirmed", "cy": "dismissed"}
    assert "reviewers disagree: ana confirmed, ben confirmed, cy dismissed" in invoke("report", "conflicts", "--all").stdout
