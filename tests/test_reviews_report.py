"""`factdb report reviews`: per-reviewer counts, agreement and Cohen's kappa, two reviewers disagreeing."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import update

from factdb import models as m
from factdb.db import connect
from factdb.review import annotate, cohen_kappa

from test_review_queue import newsroom


@pytest.mark.parametrize("pairs,kappa", [
    # the textbook table: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → po 0.7, pe 0.5
    ([("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + [("no", "no")] * 15, 0.4),
    ([("a", "a"), ("b", "b")], 1.0),  # perfect agreement
    ([("a", "b"), ("b", "a")], -1.0),  # systematic disagreement
    ([("a", "a"), ("a", "a")], None),  # one verdict for everything: chance agreement is certain, kappa undefined
    ([], None),
])
def test_cohen_kappa(pairs, kappa):
    assert cohen_kappa(pairs) == (pytest.approx(kappa) if kappa is not None else None)


def judged(db_url) -> dict:
    """ana and ben judge the same six items and disagree on two; cy judges one."""
    ids = newsroom(db_url)
    db = connect(db_url)
    c = ids["claims"]
    verdicts = {
        "ana": [(c["a"], "supported"), (c["b"], "disputed"), (c["b"], "refuted"), (c["c"], "supported"),
                (c["budget"], "unverifiable"), (ids["quote"], "supported"), (ids["group"], "confirmed")],
        "ben": [(c["a"], "supported"), (c["b"], "supported"), (c["c"], "supported"), (c["budget"], "unverifiable"),
                (ids["quote"], "refuted"), (ids["group"], "confirmed")],
        "cy": [(c["a"], "supported")],
    }
    for who, items in verdicts.items():
        for item_id, verdict in items:
            annotate(db, item_id, verdict, reviewer=who)
    return ids


def summary(invoke) -> dict:
    out = invoke("report", "reviews", "--format", "json")
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


def test_two_reviewers_disagreeing(invoke, db_env):
    ids = judged(db_env)
    s = summary(invoke)
    assert s["reviewers"] == [
        {"reviewer": "ana", "annotations": 7, "items": 6, "claims": 4, "quotes": 1, "groups": 1,
         "verdicts": {"confirmed": 1, "refuted": 1, "supported": 3, "unverifiable": 1}},
        {"reviewer": "ben", "annotations": 6, "items": 6, "claims": 4, "quotes": 1, "groups": 1,
         "verdicts": {"confirmed": 1, "refuted": 1, "supported": 3, "unverifiable": 1}},
        {"reviewer": "cy", "annotations": 1, "items": 1, "claims": 1, "quotes": 0, "groups": 0,
         "verdicts": {"supported": 1}},
    ]
    # six items have two reviewers or more; on the council's 28 members and on the quote they differ
    assert s["agreement"] == {"items": 6, "agreeing": 4, "share": 0.667, "min_shared_for_kappa": 5}
    # ana/ben: po = 4/6, pe = (3·3 + 1 + 1 + 1)/36 = 1/3 → kappa 0.5; one shared item is too few for kappa
    assert s["pairs"] == [
        {"reviewer": "ana", "other": "ben", "shared": 6, "agree": 4, "observed": 0.667, "kappa": 0.5},
        {"reviewer": "ana", "other": "cy", "shared": 1, "agree": 1, "observed": 1.0, "kappa": None},
        {"reviewer": "ben", "other": "cy", "shared": 1, "agree": 1, "observed": 1.0, "kappa": None},
    ]
    assert sorted((d["item_id"], d["kind"], d["what"], tuple(d["verdicts"].items())) for d in s["disagreements"]) == sorted([
        (ids["claims"]["b"], "claim", "Council / members = 28 (b.txt)", (("ana", "refuted"), ("ben", "supported"))),
        (ids["quote"], "quote", "Jane Roe: “We will decide soon,” (a.txt)", (("ana", "supported"), ("ben", "refuted"))),
    ])


def test_table_and_csv(invoke, db_env):
    ids = judged(db_env)
    table = invoke("report", "reviews").stdout
    assert "6 items judged by two reviewers or more; their current verdicts agree on 4 (67%)" in table
    lines = table.splitlines()
    assert lines[0].split() == ["reviewer", "annotations", "items", "claims", "quotes", "groups", "verdicts"]
    assert lines[2].split()[:6] == ["ana", "7", "6", "4", "1", "1"]
    assert next(x for x in lines if x.startswith("ana / ben")).split() == ["ana", "/", "ben", "6", "4", "67%", "0.50"]
    assert next(x for x in lines if x.startswith("ana / cy")).split()[-3:] == ["(needs", "5", "shared)"]
    assert "reviewers disagree on 2 items:" in table
    assert next(x for x in lines if x.startswith(ids["claims"]["b"])).split()[1:6] == [
        "claim", "ana:", "refuted;", "ben:", "supported"]
    rows = invoke("report", "reviews", "--format", "csv").stdout.splitlines()
    assert rows[0] == "section,reviewer,other,item_id,measure,value"
    assert "reviewer,ana,,,annotations,7" in rows and "reviewer,cy,,,verdict:supported,1" in rows
    assert "pair,ana,ben,,kappa,0.5" in rows and "pair,ana,cy,,kappa," in rows
    assert f"disagreement,ben,,{ids['quote']},verdict,refuted" in rows


def test_only_items_that_still_count(invoke, db_env):
    assert invoke("report", "reviews").stdout.startswith("no annotations yet")
    ids = newsroom(db_env)
    db = connect(db_env)
    annotate(db, ids["group"], "confirmed", reviewer="ana")
    annotate(db, ids["group"], "dismissed", reviewer="ben")
    annotate(db, ids["quote"], "supported", reviewer="ana")
    assert summary(invoke)["agreement"]["items"] == 1
    with db.engine.begin() as conn:  # the group is no longer found: its annotations are orphaned
        conn.execute(update(m.Group).values(active=False))
    s = summary(invoke)
    assert [(r["reviewer"], r["items"], r["annotations"]) for r in s["reviewers"]] == [("ana", 1, 1)]
    assert s["agreement"]["items"] == 0 and s["pairs"] == [] and s["disagreements"] == []
    assert "no item has been judged by two reviewers yet" in invoke("report", "reviews").stdout
