"""Agreements and conflicts across articles: the seeds' report, stable groups, dismissals, blocking."""
from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import json
import sys
from collections import defaultdict

import pytest
from sqlalchemy import text

from factdb import compare, reconcile
from factdb.db import connect
from factdb.importer import import_paths
from factdb.parse import parse
from factdb.records import Claim, Extraction, Quote, RawArticle
from factdb.store import store_extraction


def report(invoke, which="conflicts", *args):
    out = invoke("report", which, "--format", "json", *args)
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


def pairs(groups):
    """(relation, kind, {(file, value), ...}) per group, for comparing without ids."""
    return sorted((g["relation"], g["kind"], tuple(sorted((i["file"], i["value"]) for i in g["items"])))
                  for g in groups)


def test_seed_conflicts_are_pinned(invoke, seeds):
    invoke("import", seeds)
    conflicts = report(invoke)
    claims = [g for g in conflicts if g["kind"] == "claim"]
    signing = [g for g in claims if {i["file"] for i in g["items"]} == {"003_47763e78da537fb5.txt", "004_d1e30d472ceaf14d.txt"}]
    assert len(signing) == 1
    (g,) = signing
    assert g["relation"] == "conflict" and g["subject"] == "EU-NATO joint declaration"
    assert sorted((i["file"], i["value"]) for i in g["items"]) == [
        ("003_47763e78da537fb5.txt", "XXXX-01-10"), ("004_d1e30d472ceaf14d.txt", "2024-04-30")]
    assert g["reason"] == "2024-04-30 vs January 10: different days"
    evidence = {i["file"]: i["evidence"] for i in g["items"]}
    assert "January 10" in evidence["003_47763e78da537fb5.txt"] and "Tuesday" in evidence["004_d1e30d472ceaf14d.txt"]
    quotes = [g for g in conflicts if g["kind"] == "quote"]
    homeland = [g for g in quotes if any("defend the homeland" in " ".join(i["evidence"].split()) for i in g["items"])]
    assert len(homeland) == 1
    (q,) = homeland
    assert {i["file"] for i in q["items"]} == {"000_3543ed311ad441d2.txt", "003_47763e78da537fb5.txt"}
    assert all(i["value"] == "Ursula von der Leyen" for i in q["items"])
    assert '"defend the homeland" → "protect their Motherland"' in q["reason"]
    # nothing in the seeds contradicts the member counts: 21 shared, 27 EU, 30 NATO are three keys
    assert not [g for g in claims if g["property"] in ("members", "shared members")]


def test_seed_agreements(invoke, seeds):
    invoke("import", seeds)
    agreements = report(invoke, "agreements")
    third = [g for g in agreements if g["property"] == "ordinal"]
    assert len(third) == 1
    assert sorted((i["file"], i["value"]) for i in third[0]["items"]) == [
        ("000_3543ed311ad441d2.txt", "3"), ("003_47763e78da537fb5.txt", "3")]
    assert third[0]["reason"] == "both say 3" and third[0]["independent_sources"] == 2


def test_report_formats_and_filters(invoke, seeds):
    invoke("import", seeds)
    table = invoke("report", "conflicts").stdout
    assert "CONFLICT  claim: EU-NATO joint declaration / signed" in table
    assert "why: 2024-04-30 vs January 10: different days" in table
    csv_lines = invoke("report", "conflicts", "--format", "csv").stdout.splitlines()
    assert csv_lines[0] == ",".join(["group_id", "relation", "kind", "subject", "property", "reason", "verdict",
                                     "side", "file", "published", "publisher", "value", "evidence", "item_id"])
    assert len(csv_lines) - 1 == sum(len(g["items"]) for g in report(invoke))
    assert "| side | file | published | value | evidence |" in invoke("report", "conflicts", "--format", "markdown").stdout
    assert all(g["kind"] == "quote" for g in report(invoke, "conflicts", "--kind", "quote"))
    assert report(invoke, "conflicts", "--kind", "quote")
    assert all(any("004" in i["file"] for i in g["items"]) for g in report(invoke, "conflicts", "--source", "004_"))
    assert all(g["subject"] == "Ursula von der Leyen" for g in report(invoke, "conflicts", "--speaker", "leyen"))
    assert [g for g in report(invoke, "conflicts", "--since", "2024-05-01")] == [
        g for g in report(invoke) if any((i["published"] or "") >= "2024-05-01" for i in g["items"])]


def test_dismissal_survives_reimport_new_version_and_reextraction(invoke, seeds, tmp_path, db_env, monkeypatch):
    import shutil

    folder = tmp_path / "seeds"
    shutil.copytree(seeds, folder)
    invoke("import", folder)
    before = report(invoke)
    gid = next(g["id"] for g in before if g["kind"] == "claim")
    out = invoke("annotate", gid, "--verdict", "dismissed", "--note", "different events", "--reviewer", "ana")
    assert out.exit_code == 0 and out.stdout.startswith(f"group {gid}: dismissed by ana")
    assert gid not in {g["id"] for g in report(invoke)}
    assert gid in {g["id"] for g in report(invoke, "conflicts", "--all")}
    # the same files again: nothing changes
    invoke("import", folder)
    assert gid not in {g["id"] for g in report(invoke)}
    # an unrelated article changes: a new version, the group keeps its id and its dismissal
    p = folder / "001_9d71c9964b36d1c5.txt"
    p.write_text(p.read_text(encoding="utf-8") + "\nA late paragraph.\n", encoding="utf-8")
    assert "1 updated" in invoke("import", folder).stdout
    assert gid not in {g["id"] for g in report(invoke)}
    assert gid in {g["id"] for g in report(invoke, "conflicts", "--all")}
    # a new extractor reads everything again: same groups, still dismissed
    import factdb.importer

    process = factdb.importer.process
    monkeypatch.setattr(factdb.importer, "process", lambda raw: dataclasses.replace(process(raw), extractor_version="x"))
    monkeypatch.setattr(factdb.importer, "extractor_version", lambda: "x")
    assert "5 re-extracted" in invoke("import", folder).stdout
    after = report(invoke, "conflicts", "--all")
    assert pairs(after) == pairs(before) and {g["id"] for g in after} == {g["id"] for g in before}
    assert next(g for g in after if g["id"] == gid)["verdict"] == "dismissed"
    hist = json.loads(invoke("history", gid, "--format", "json").stdout)
    assert [(h["reviewer"], h["verdict"], h["note"]) for h in hist] == [("ana", "dismissed", "different events")]


ARTICLE = "Council meets\n\nThe council has {n} members, officials said on {day}.\n"


def article(name, n, published, body=ARTICLE, claim=None, quote=None):
    """A hand-made extraction with one member-count claim (or the claim given)."""
    text = body.format(n=n, day="Monday")
    a = parse(RawArticle(file=name, path=name, text=text, format="text"), published=published)
    start = text.index(f"{n} members") if claim is None else 0
    c = claim or Claim(kind="count", subject="Council", property="members", value=float(n),
                       evidence=f"{n} members", start=start, end=start + len(f"{n} members"),
                       low=float(n), high=float(n), as_of=published.isoformat())
    return Extraction(article=a, claims=(c,), quotes=(quote,) if quote else (), extractor_version="t")


def store(db_url, *extractions):
    database = connect(db_url)
    for ex in extractions:
        with database.engine.begin() as conn:
            store_extraction(conn, ex)
    with database.engine.begin() as conn:
        return reconcile.reconcile_pending(conn)


def relations(found):
    return sorted((g.relation, tuple(sorted(i.value for side in g.sides for i in side))) for g in found)


def test_counts_agree_conflict_and_outdated(db_url):
    d = dt.date(2024, 5, 1)
    found = store(db_url, article("a.txt", 27, d), article("b.txt", 27, d), article("c.txt", 28, d + dt.timedelta(days=30)),
                  article("d.txt", 12, dt.date(2010, 1, 1)))
    rel = relations(found)
    assert ("agree", ("27", "27")) in rel
    assert ("conflict", ("27", "27", "28")) in rel
    assert ("outdated", ("12", "27", "27")) in rel and ("outdated", ("12", "28")) in rel
    assert not [r for r in rel if r[0] == "conflict" and "12" in r[1]]


def test_json_conflicts_pair_only_articles_that_disagree(invoke, db_env):
    """GOLD.md reads every two items of a group as a pair: two articles saying 27 against one saying 28
    are printed as two pairs, never with the two that agree; --grouped keeps the group whole."""
    d = dt.date(2024, 5, 1)
    store(db_env, article("a.txt", 27, d), article("b.txt", 27, d), article("c.txt", 28, d))
    pairs_ = report(invoke)
    assert sorted(sorted((i["file"], i["value"]) for i in g["items"]) for g in pairs_) == [
        [("a.txt", "27"), ("c.txt", "28")], [("b.txt", "27"), ("c.txt", "28")]]
    assert len({g["group"] for g in pairs_}) == 1
    (whole,) = report(invoke, "conflicts", "--grouped")
    assert sorted(i["file"] for i in whole["items"]) == ["a.txt", "b.txt", "c.txt"] and whole["id"] == pairs_[0]["group"]
    (agree,) = report(invoke, "agreements")
    assert sorted(i["file"] for i in agree["items"]) == ["a.txt", "b.txt"]


def turnout(name, title, sentence, pct, published=dt.date(2024, 5, 1)):
    """An article titled `title` whose sentence states a turnout of `pct` percent (undated: published None)."""
    text = f"{title}\n\n{sentence.format(pct=pct)}\n"
    start = text.index(f"{pct} percent")
    c = Claim(kind="percent", subject="turnout", property="percent", value=float(pct), evidence=f"{pct} percent",
              start=start, end=start + len(f"{pct} percent"), unit="%", low=float(pct), high=float(pct),
              as_of=published.isoformat() if published else None)
    return article(name, pct, published, body=text.replace("{", "{{").replace("}", "}}"), claim=c)


def test_a_subject_that_names_nothing_is_compared_within_one_story(db_url):
    """"Turnout" is no identity: two elections' turnouts do not disagree. Claims of such a subject are
    compared only when their articles share a name (a country and its people meet: Italy, Italian)."""
    found = store(db_url,
                  turnout("a.txt", "Italy votes: People's Movement claims victory", "Turnout was {pct} percent.", 64.7),
                  turnout("b.txt", "Meloni wins Italian election", "Turnout in the election was {pct} percent.", 61.2),
                  turnout("c.txt", "Chilean voters hand Progress Party a new term", "Turnout was {pct} percent.", 48.7),
                  turnout("d.txt", "Brazilian voters hand People's Movement a new term",
                          "Turnout in the Brazilian election was {pct} percent.", 83.1))
    assert relations(found) == [("conflict", ("61.2", "64.7"))]


def test_a_story_keeps_its_group_ids_when_other_stories_arrive(db_url):
    """Reviewers' verdicts hang on group ids: a new, unrelated story must not rename a story's groups."""
    italy = [turnout("a.txt", "Italy votes", "Turnout in the Italian election was {pct} percent.", 64.7),
             turnout("b.txt", "Italian election", "Turnout in Italy was {pct} percent.", 61.2)]
    before = {g.id for g in store(db_url, *italy)}
    chile = [turnout("c.txt", "Chile votes", "Turnout in the Chilean election was {pct} percent.", 48.7),
             turnout("d.txt", "Chilean election", "Turnout in Chile was {pct} percent.", 50.1)]
    after = store(db_url, *chile)
    assert before and before <= {g.id for g in after} and len({g.id for g in after}) == 2


def test_a_story_is_not_a_chain_of_shared_words(db_url):
    """Two stories that each share a word with a third are not one story, and the sentence's own
    names decide when both sentences have some."""
    found = store(db_url,
                  turnout("a.txt", "Mexico votes: People's Movement claims victory",
                          "Turnout in the Mexican election was {pct} percent.", 46.4),
                  turnout("b.txt", "People's Movement wins", "Turnout in the Peruvian election was {pct} percent.", 52.5),
                  turnout("c.txt", "Peru votes", "Turnout in the Peruvian capital was {pct} percent.", 55.5))
    assert relations(found) == [("conflict", ("52.5", "55.5"))]


def test_a_disagreement_is_split_by_date_not_by_article(db_url):
    """Articles stating one of two figures over the years: one conflict group (the claims within a
    year of each other) and one outdated group (those further apart), however many articles."""
    days = [dt.date(2012, 3, 1)] + [dt.date(2024, 1, 1) + dt.timedelta(days=20 * i) for i in range(12)]
    found = store(db_url, *(article(f"{i}.txt", 27 + i % 2, d) for i, d in enumerate(days)))
    disagreements = {g.relation: g for g in found if g.relation != "agree"}
    assert sorted(disagreements) == ["conflict", "outdated"] and len(found) == 4
    conflict, outdated = disagreements["conflict"], disagreements["outdated"]
    assert sorted(len(side) for side in conflict.sides) == [6, 6]  # the 2012 article is not in it
    assert [i.record.as_of for i in outdated.sides[0]] == ["2012-03-01"]  # the 27 of 2012
    assert {i.value for i in outdated.sides[1]} == {"28"} and len(outdated.sides[1]) == 6


def test_one_article_does_not_confirm_itself(db_url):
    d = dt.date(2024, 5, 1)
    body = "Council meets\n\nThe council has {n} members. Again: the council has {n} members.\n"
    a = article("a.txt", 27, d, body=body)
    second = dataclasses.replace(a.claims[0], start=a.article.text.rindex("27 members"),
                                 end=a.article.text.rindex("27 members") + 10)
    assert store(db_url, dataclasses.replace(a, claims=(a.claims[0], second))) == []


def test_pending_keys_survive_a_crash_before_reconcile(invoke, db_url, tmp_path):
    d = dt.date(2024, 5, 1)
    database = connect(db_url)
    for ex in (article("a.txt", 27, d), article("b.txt", 28, d)):
        with database.engine.begin() as conn:
            store_extraction(conn, ex)  # and then the process dies: no reconcile
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM pending_keys")).scalar() == 1  # one claim key
        assert conn.execute(text("SELECT count(*) FROM groups")).scalar() == 0
    (tmp_path / "empty").mkdir()
    invoke("import", tmp_path / "empty")  # the next import, even of nothing, catches up
    assert [g["reason"] for g in report(invoke)] == ["27 vs 28 members"]
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM pending_keys")).scalar() == 0


def test_claim_comparisons_are_blocked_by_key_and_value(db_url, monkeypatch):
    calls = []
    real = compare.compare_values
    monkeypatch.setattr(compare, "compare_values", lambda a, b: calls.append(1) or real(a, b))
    d = dt.date(2024, 5, 1)
    # 300 articles about 100 different organisations: each key has 3 claims, 2 of them equal
    exs = []
    for i in range(300):
        org, n = f"Organisation {i % 100}", 10 + i % 100 + (1 if i >= 200 else 0)
        c = Claim(kind="count", subject=org, property="members", value=float(n), evidence=f"{n} members",
                  start=0, end=5, low=float(n), high=float(n), as_of=d.isoformat())
        exs.append(article(f"{i}.txt", n, d, claim=c))
    found = store(db_url, *exs)
    assert len(calls) <= 100 * 3  # per key: 2 distinct values → 1 comparison (+ reasons), never 300²/2
    assert sum(g.relation == "conflict" for g in found) == 100
    assert sum(g.relation == "agree" for g in found) == 100


def test_quote_comparisons_are_blocked(monkeypatch):
    import random

    calls = []
    real = compare.compare_quotes
    monkeypatch.setattr(compare, "compare_quotes", lambda a, b: calls.append(1) or real(a, b))
    rng = random.Random(7)
    vocab = [f"word{i}" for i in range(5000)]
    items = [reconcile.Item(f"q{i}", i, f"doc{i}", None,
                            Quote(text=" ".join(rng.sample(vocab, 15)), start=0, end=1, kind="direct",
                                  speaker=f"Speaker {i % 50}"), "x")
             for i in range(2000)]
    reconcile.quote_groups(items)
    assert len(calls) < 2000 * 20  # all pairs would be 1,999,000


@pytest.mark.parametrize("wording,relation", [
    ("We will defend every inch of allied territory,", "agree"),
    ("We will protect each inch of allied land,", "conflict"),
])
def test_quotes_across_articles(db_url, wording, relation):
    d = dt.date(2024, 5, 1)
    said = "We will defend every inch of allied territory,"
    exs = []
    for name, words in (("a.txt", said), ("b.txt", wording)):
        body = f'Summit\n\n"{words}" Jane Roe said.\n'
        a = parse(RawArticle(file=name, path=name, text=body, format="text"), published=d)
        q = Quote(text=words, start=body.index(words), end=body.index(words) + len(words), kind="direct",
                  speaker="Jane Roe")
        exs.append(Extraction(article=a, quotes=(q,), extractor_version="t"))
    found = store(db_url, *exs)
    assert [g.relation for g in found if g.kind == "quote"] == [relation]


@pytest.mark.parametrize("days, conflicts", [(0, 2), (30, 2), (31, 1), (200, 0)])
def test_a_line_worded_differently_months_later_is_another_statement(db_url, days, conflicts):
    """Two articles quote one speaker saying a line worded differently: one statement misquoted if
    they are of one occasion (published within STORY_DAYS), two statements if months apart. The
    same words agree whenever they were said."""
    line = "This is a moment Spain will remember, and we did it without cutting corners,"
    other = "Today is a moment Spain will remember, and we did it without cutting corners,"
    exs = []
    for name, words, day in (("a.txt", line, dt.date(2024, 3, 1)), ("b.txt", other, dt.date(2024, 3, 1) + dt.timedelta(days)),
                             ("c.txt", line, dt.date(2024, 3, 2))):
        body = f'Summit\n\n"{words}" Jane Roe said.\n'
        a = parse(RawArticle(file=name, path=name, text=body, format="text"), published=day)
        q = Quote(text=words, start=body.index(words), end=body.index(words) + len(words), kind="direct",
                  speaker="Jane Roe")
        exs.append(Extraction(article=a, quotes=(q,), extractor_version="t"))
    found = [g for g in store(db_url, *exs) if g.kind == "quote"]
    assert [sorted(it.doc for side in g.sides for it in side) for g in found if g.relation == "agree"] == [["a.txt", "c.txt"]]
    worded = [g for g in found if g.relation == "conflict"]  # b (`days` after a) against a, and against c (a day after a)
    assert len(worded) == conflicts
    assert all("worded differently" in g.reason and '"Today"' in g.reason for g in worded)


@pytest.mark.parametrize("days, sides", [(0, ["Jane Roe", "John Doe"]), (30, ["Jane Roe", "John Doe"]), (31, None),
                                         (200, None)])
def test_a_stock_line_said_by_another_months_later_is_no_misattribution(db_url, days, sides):
    """The same words credited to two people are a misattribution if their articles are of one
    occasion (published within STORY_DAYS); months apart, each said the line on an occasion of their
    own. One speaker's copies agree whenever they were published."""
    line = "The figures on energy speak for themselves."
    exs = []
    for name, who, day in (("a.txt", "Jane Roe", dt.date(2024, 3, 1)), ("b.txt", "Jane Roe", dt.date(2024, 6, 1)),
                           ("c.txt", "John Doe", dt.date(2024, 3, 1) + dt.timedelta(days))):
        body = f'Summit\n\n"{line}" {who} said.\n'
        a = parse(RawArticle(file=name, path=name, text=body, format="text"), published=day)
        q = Quote(text=line, start=body.index(line), end=body.index(line) + len(line), kind="direct", speaker=who)
        exs.append(Extraction(article=a, quotes=(q,), extractor_version="t"))
    found = [g for g in store(db_url, *exs) if g.kind == "quote"]
    conflicts = [g for g in found if g.relation == "conflict"]
    assert [sorted(it.record.speaker for side in g.sides for it in side[:1]) for g in conflicts] == ([sides] if sides else [])
    assert [sorted(it.doc for side in g.sides for it in side) for g in found if g.relation == "agree"] == [["a.txt", "b.txt"]]


@pytest.mark.parametrize("titles, conflict", [(("Croatia votes", "Croatian election"), True),
                                               (("Croatia votes", "Portuguese election"), False)])
def test_a_line_said_at_two_countries_news_is_no_misattribution(db_url, titles, conflict):
    """The same words credited to two people in articles days apart are a misattribution if their
    titles are of one country's news, and two people's own words if of two countries'."""
    line = "For our citizens this is the most serious test so far."
    exs = []
    for name, who, title in (("a.txt", "Jane Roe", titles[0]), ("b.txt", "John Doe", titles[1])):
        body = f'{title}\n\n"{line}" {who} said.\n'
        a = parse(RawArticle(file=name, path=name, text=body, format="text"), published=dt.date(2024, 3, 1))
        q = Quote(text=line, start=body.index(line), end=body.index(line) + len(line), kind="direct", speaker=who)
        exs.append(Extraction(article=a, quotes=(q,), extractor_version="t"))
    found = [g for g in store(db_url, *exs) if g.kind == "quote"]
    assert [g.relation for g in found] == (["conflict"] if conflict else [])


def test_an_event_dated_as_news_months_apart_is_another_occasion(invoke, tmp_path):
    """"France on Thursday approved" in September and "France on Monday approved" in June are two
    approvals, not two dates of one; two days given in articles days apart are a conflict, and so is
    a date given as history, whatever the article's date."""
    articles = {
        "a.txt": ("PARIS, September 30, 2023", "on Thursday", "Caspian Energy Mission"),
        "b.txt": ("PARIS, October 2, 2023", "on Friday", "Caspian Energy Mission"),
        "c.txt": ("PARIS, June 25, 2024", "on Monday", "Andean Health Mission"),
        "d.txt": ("PARIS, June 20, 2024", "on September 27, 2023", "Caspian Energy Mission"),
    }
    for name, (dateline, when, mission) in articles.items():
        (tmp_path / name).write_text(f"France and the {mission}\n\n{dateline} — The government of France {when} "
                                     f"approved a deployment to the {mission}.\n")
    assert invoke("import", tmp_path).exit_code == 0
    found = sorted(tuple(sorted((i["file"], i["value"]) for i in g["items"])) for g in report(invoke)
                   if g["kind"] == "claim")
    assert found == [(("a.txt", "2023-09-28"), ("b.txt", "2023-09-29")),
                     (("a.txt", "2023-09-28"), ("d.txt", "2023-09-27")),
                     (("b.txt", "2023-09-29"), ("d.txt", "2023-09-27")),
                     (("c.txt", "2024-06-24"), ("d.txt", "2023-09-27"))]


FARM = "We will not accept any deal that leaves our farmers worse off than they were before the talks began"


def test_words_credited_to_three_speakers_are_one_misattribution(invoke, tmp_path):
    """The same words from three speakers are one conflict with a side per speaker, however many
    articles each has: pairs are reported across sides only. A copy with no speaker sides with
    no one, and agrees with no one's quotes."""
    articles = {
        "a.txt": ("Farm talks resume in Brussels", "BRUSSELS, March 4, 2024", "Ursula von der Leyen said on Monday"),
        "b.txt": ("EU leaders meet on farm deal", "BRUSSELS, March 5, 2024",
                  "European Commission President Ursula von der Leyen told reporters"),
        "c.txt": ("Farmers wait for Brussels deal", "PARIS, March 5, 2024", "Charles Michel said"),
        "d.txt": ("Berlin weighs the farm deal", "BERLIN, March 6, 2024", "Olaf Scholz said in a statement"),
        "e.txt": ("Brussels farm deal in doubt", "BRUSSELS, March 6, 2024", "a spokesperson quoted the remark"),
    }
    for name, (title, dateline, said) in articles.items():
        (tmp_path / name).write_text(f'{title}\n\n{dateline} — "{FARM}," {said}.\n')
    assert invoke("import", tmp_path).exit_code == 0
    conflicts = [g for g in report(invoke) if g["kind"] == "quote"]
    assert {g["group"] for g in conflicts} == {conflicts[0]["id"]}  # one group, reported as pairs
    assert sorted(tuple(sorted(i["file"] for i in g["items"])) for g in conflicts) == [
        ("a.txt", "c.txt"), ("a.txt", "d.txt"), ("b.txt", "c.txt"), ("b.txt", "d.txt"), ("c.txt", "d.txt")]
    reason = conflicts[0]["reason"]
    assert reason.startswith("misattribution: the same words are credited to ")
    assert all(name in reason for name in ("Ursula von der Leyen", "Charles Michel", "Olaf Scholz"))
    agreements = [g for g in report(invoke, "agreements") if g["kind"] == "quote"]
    assert [sorted(i["file"] for i in g["items"]) for g in agreements] == [["a.txt", "b.txt"]]
    text_ = invoke("report", "conflicts").output  # a side each, lettered
    marks = {line.split()[1]: line.split()[0] for line in text_.splitlines() if line.startswith("  [")}
    assert marks["a.txt"] == marks["b.txt"] and len({marks[f] for f in ("a.txt", "c.txt", "d.txt")}) == 3
    assert set(marks.values()) == {"[A]", "[B]", "[C]"}


def test_shared_members_above_members_is_inconsistent(invoke, db_url):
    d = dt.date(2024, 5, 1)
    body = "Blocs\n\nThe EU has {n} members and shares 31 members with NATO.\n"
    a = article("a.txt", 27, d, body=body)
    text_ = a.article.text
    members = dataclasses.replace(a.claims[0], subject="EU")
    shared = Claim(kind="count", subject="EU and NATO", property="shared members", value=31.0, evidence="shares 31 members",
                   start=text_.index("shares"), end=text_.index("shares") + 17, low=31.0, high=31.0, as_of=d.isoformat())
    found = store(db_url, dataclasses.replace(a, claims=(members, shared)))
    flags = [g for g in found if g.relation == "inconsistent"]
    assert len(flags) == 1 and "more than" in flags[0].reason
    listed = report(invoke, "inconsistencies")
    assert [sorted(i["value"] for i in g["items"]) for g in listed] == [["27", "31"]]


def test_quotes_paired_one_article_at_a_time_are_those_paired_at_once(tmp_path, monkeypatch):
    """Every candidate pair of quotes (compare.candidate_pairs) is looked at whatever the order the
    quotes came in: a stored quote left one usable word by words that became common is paired by
    it, and so is a new quote that has more. Every candidate pair is made a conflict here, so the
    groups are the candidate pairs themselves."""
    import random

    monkeypatch.setattr(compare, "MAX_BLOCK", 4)
    monkeypatch.setattr(compare, "words_may_relate", lambda a, b: True)
    # a wording conflict (it has a diff) is a group per pair of quotes
    monkeypatch.setattr(compare, "compare_quotes", lambda a, b: compare.Verdict(
        "conflict", "a candidate pair", (("replace", "a", "b"),)))
    rng = random.Random(3)
    vocab = ["".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3)) for _ in range(40)]
    exs = []
    for n in range(40):
        words = [" ".join(rng.sample(vocab, rng.randint(1, 4))) for _ in range(rng.randint(1, 2))]
        body = f"Title {n}\n\n" + "".join(f'"{w}," Jane Roe said. ' for w in words) + "\n"
        a = parse(RawArticle(file=f"a{n}.txt", path=f"a{n}.txt", text=body, format="text"), published=dt.date(2024, 5, 1))
        quotes = tuple(Quote(text=w, start=body.index(f'"{w},') + 1, end=body.index(f'"{w},') + 1 + len(w),
                             kind="direct", speaker="Jane Roe") for w in words)
        exs.append(Extraction(article=a, quotes=quotes, extractor_version="t"))

    def pairs_found(url):
        with connect(url).engine.connect() as conn:
            return set(conn.execute(text("SELECT g.id, min(i.item_id), max(i.item_id) FROM groups g "
                                         "JOIN group_items i ON i.group_id = g.id WHERE g.active GROUP BY g.id")).all())

    at_once, one_by_one = f"sqlite:///{tmp_path / 'once.sqlite'}", f"sqlite:///{tmp_path / 'each.sqlite'}"
    store(at_once, *exs)
    for ex in exs:
        store(one_by_one, ex)
    expected = pairs_found(at_once)
    assert pairs_found(one_by_one) == expected
    assert len(expected) >= 20


def _quote_groups(url: str) -> dict:
    """The active quote groups of a database, by id."""
    from fixtures.dbstate import snapshot

    return {gid: g for gid, g in snapshot(url)["groups"].items() if g["kind"] == "quote" and g["active"]}


def _reconcile_quotes_again(url: str) -> None:
    """Every quote group set inactive, and every quote reconciled again."""
    with connect(url).writing() as conn:
        conn.execute(text("UPDATE groups SET active = false WHERE kind = 'quote'"))
        reconcile.reconcile(conn, set(), quotes=True)


def test_quote_groups_found_import_by_import_are_those_of_one_import(tmp_path):
    """Quote groups are recomputed only around each import's new quotes (through quote_terms), and
    around the quotes that have words which became too common to pair by (compare.MAX_BLOCK): three
    imports end with the groups one import of everything finds."""
    import shutil

    from conftest import scratch_database
    from fixtures.corpus import write_corpus

    corpus = write_corpus(tmp_path / "corpus", 150, seed=11, jsonl_every=0)
    files = sorted(p for p in corpus.rglob("*") if p.is_file())
    parts = [tmp_path / f"part{i}" for i in range(3)]
    for i, f in enumerate(files):
        parts[i % 3].mkdir(exist_ok=True)
        shutil.copy(f, parts[i % 3] / f.name)

    with scratch_database("sqlite", tmp_path) as one, scratch_database("sqlite", tmp_path) as three:
        import_paths(connect(one), [corpus])
        for folder in parts:
            import_paths(connect(three), [folder])
        once = _quote_groups(one)
        assert _quote_groups(three) == once
        with connect(three).writing() as conn:
            reconcile.reconcile(conn, set(), quotes=True)  # all quotes again: nothing changes
        assert _quote_groups(three) == once
    assert sum(g["relation"] == "agree" for g in once.values()) >= 5
    assert sum(g["relation"] == "conflict" for g in once.values()) >= 1


def test_quote_groups_found_in_small_steps_are_those_of_one_step(tmp_path, monkeypatch):
    """A reconciliation takes quotes' sources SOURCES_PER_STEP at a time, and compares in each step only
    the pairs with one of its sources' quotes, and those within a stored group: in steps of 5 sources
    it ends with the groups of one step (where a step sees part of a group it would store that part)."""
    from conftest import scratch_database
    from fixtures.corpus import write_corpus

    corpus = write_corpus(tmp_path / "corpus", 150, seed=5, jsonl_every=0)

    with scratch_database("sqlite", tmp_path) as url:
        import_paths(connect(url), [corpus])
        once = _quote_groups(url)
        monkeypatch.setattr(reconcile, "SOURCES_PER_STEP", 5)
        for max_counted in (reconcile.MAX_COUNTED_TERMS, 10):  # term counts kept, or counted again each step
            monkeypatch.setattr(reconcile, "MAX_COUNTED_TERMS", max_counted)
            _reconcile_quotes_again(url)
            assert _quote_groups(url) == once
    assert sum(len(g["items"]) > 2 for g in once.values() if g["relation"] == "agree") >= 3


def test_a_step_reads_no_terms_of_candidates_that_cannot_relate(tmp_path, monkeypatch):
    """_related: a stored candidate whose every pairing quote of the step is two people's words on
    two occasions (or of its own article) is left out before its index terms are read; the others'
    terms are read. The groups are those of one step."""
    from conftest import scratch_database
    from fixtures.corpus import write_corpus

    corpus = write_corpus(tmp_path / "corpus", 150, seed=5, jsonl_every=1)  # JSON Lines: dated articles
    steps: list[tuple[dict, set]] = []  # each step's candidates (→ the quotes they pair with), and the terms it read
    partners, load_terms = reconcile._partners, reconcile._QuoteCache.load_terms
    monkeypatch.setattr(reconcile, "_partners", lambda *a: (steps.append((p := partners(*a), set())), p)[1])
    monkeypatch.setattr(reconcile._QuoteCache, "load_terms", lambda self, conn, ids, terms: (
        sys._getframe(1).f_code.co_name == "_related" and steps[-1][1].update(ids), load_terms(self, conn, ids, terms))[1])

    with scratch_database("sqlite", tmp_path) as url:
        import_paths(connect(url), [corpus])
        once = _quote_groups(url)
        monkeypatch.setattr(reconcile, "SOURCES_PER_STEP", 20)
        steps.clear()
        with connect(url).writing() as conn:
            conn.execute(text("UPDATE groups SET active = false WHERE kind = 'quote'"))
            reconcile.reconcile(conn, set(), quotes=True)
            items = {it.id: it for it in reconcile._quote_items(conn, {q for p, _ in steps for q in p}
                                                               | {q for p, _ in steps for qs in p.values() for q in qs})}
        assert _quote_groups(url) == once
    left = read = 0
    for found, loaded in steps:
        for p, qs in found.items():
            apart = all(items[q].doc == items[p].doc or reconcile._apart(items[q], items[p], compare.same_speaker(
                items[q].record.speaker, items[p].record.speaker)) for q in qs)
            if apart:
                left += 1
                assert p not in loaded
            elif p in loaded:
                read += 1
    assert left >= 20 and read >= 20


def test_a_quote_step_reads_what_the_last_step_read_from_memory(db_url, seeds, monkeypatch):
    """_QuoteCache: the quotes, index terms and postings the last step read are not read again from
    the database; the next step gets the same items and terms, and what neither step read is read.
    What a step does not pair with is forgotten (keep_only)."""
    db = connect(db_url)
    import_paths(db, [seeds])
    read: list[str] = []
    for name in ("_quote_items", "_load_terms"):
        monkeypatch.setattr(reconcile, name, (lambda f: lambda conn, ids, *a: (read.extend(ids), f(conn, ids, *a))[1])(
            getattr(reconcile, name)))
    with db.engine.connect() as conn:
        ids = set(conn.execute(text("SELECT id FROM quotes WHERE kind = 'direct'")).scalars())
        words = set(conn.execute(text("SELECT term FROM quote_terms")).scalars())
        assert len(ids) >= 20
        half = set(sorted(ids)[:len(ids) // 2])
        cache = reconcile._QuoteCache()
        first, terms = cache.quote_items(conn, half), defaultdict(set)
        cache.load_terms(conn, half, terms)
        postings = cache.quotes_with_each(conn, words)
        assert sorted(read) == sorted([*half, *half])
        cache.step_done(terms)
        read.clear()
        again, terms_again = cache.quote_items(conn, ids), defaultdict(set)
        cache.load_terms(conn, ids, terms_again)
        assert sorted(read) == sorted([*(ids - half), *(ids - half)])  # the other half only
        assert {it.id: it for it in again if it.id in half} == {it.id: it for it in first}
        assert {q: terms_again[q] for q in half} == {q: terms[q] for q in half}
        assert cache.quotes_with_each(conn, words) == postings
        assert {q for qs in postings.values() for q in qs} == ids
        cache.step_done(terms_again)
        cache.keep_only(half)  # the next step pairs with half of them: the rest is forgotten
        read.clear()
        assert len(cache.quote_items(conn, ids)) == len(ids) and sorted(read) == sorted(ids - half)
        cache.step_done({})
        cache.step_done({})  # a step that read nothing: nothing kept
        read.clear()
        assert len(cache.quote_items(conn, half)) == len(half) and sorted(read) == sorted(half)


def test_one_country_two_elections_months_apart_are_two_stories(db_url):
    """A story is what is reported within STORY_DAYS of its first article: the turnouts of two
    Italian elections a year apart do not disagree; two reports a week apart do."""
    found = store(db_url,
                  turnout("a.txt", "Italy votes", "Turnout in the Italian election was {pct} percent.", 64.7,
                          dt.date(2023, 5, 1)),
                  turnout("b.txt", "Italy votes again", "Turnout in the Italian election was {pct} percent.", 58.3,
                          dt.date(2024, 5, 1)),
                  turnout("c.txt", "Italian election", "Turnout in Italy was {pct} percent.", 58.9,
                          dt.date(2024, 5, 8)))
    assert relations(found) == [("conflict", ("58.3", "58.9"))]


def test_two_countries_are_two_stories_and_a_country_is_one_name(db_url):
    """Headlines that name countries, none the same, tell two stories whatever else they share
    ("Progress Party"); a country and its adjective are one name (Poland, Polish: where the stems
    differ)."""
    found = store(db_url,
                  turnout("a.txt", "Polish voters hand Progress Party a new term", "Turnout was {pct} percent.", 64.7),
                  turnout("b.txt", "Kenyan voters hand Progress Party a new term", "Turnout was {pct} percent.", 61.2),
                  turnout("c.txt", "Poland votes: Progress Party claims victory", "Turnout was {pct} percent.", 58.3),
                  turnout("d.txt", "Kenya and Uganda: Progress Party claims victory", "Turnout was {pct} percent.", 55.5))
    assert relations(found) == [("conflict", ("55.5", "61.2")), ("conflict", ("58.3", "64.7"))]


def test_titles_that_share_one_name_of_several_are_two_stories(db_url):
    """Two bodies of one region meeting on one day are two stories: "Caspian" alone does not join them."""
    found = store(db_url,
                  turnout("a.txt", "Caspian Energy Partnership meets in Brasilia", "Turnout was {pct} percent.", 64.7),
                  turnout("b.txt", "Caspian Water Forum meets in Bangkok", "Turnout was {pct} percent.", 61.2),
                  turnout("c.txt", "Caspian Energy Partnership ends Brasilia talks", "Turnout was {pct} percent.", 58.3))
    assert relations(found) == [("conflict", ("58.3", "64.7"))]


def test_an_undated_article_joins_the_one_story_it_fits_or_none(db_url):
    """An article without a date fits the two Italian elections a year apart: it joins the one whose
    figure it states, and is set against neither when it states another."""
    found = store(db_url,
                  turnout("a.txt", "Italy votes", "Turnout in the Italian election was {pct} percent.", 64.7,
                          dt.date(2023, 5, 1)),
                  turnout("b.txt", "Italy votes again", "Turnout in the Italian election was {pct} percent.", 58.3,
                          dt.date(2024, 5, 1)),
                  turnout("c.txt", "Italian election", "Turnout in Italy was {pct} percent.", 58.3, None),
                  turnout("d.txt", "Italian election", "Turnout in Italy was {pct} percent.", 61.0, None))
    assert relations(found) == [("agree", ("58.3", "58.3"))]
    found = store(db_url, turnout("e.txt", "Chile votes", "Turnout in the Chilean election was {pct} percent.", 48.7,
                                  dt.date(2024, 5, 1)),
                  turnout("f.txt", "Chilean election", "Turnout in Chile was {pct} percent.", 50.1, None))
    assert ("conflict", ("48.7", "50.1")) in relations(found)  # the one story it fits


def test_a_story_of_too_many_figures_gives_agreements_only(db_url):
    """Names that tell several stories apart badly (one party name in many countries) would set every
    two of their figures against each other; past STORY_FIGURES figures only agreements are kept."""
    def story(prefix, n):
        figures = [turnout(f"{prefix}{i}.txt", f"{prefix} Front wins", "Turnout in the election was {pct} percent.", 40 + i)
                   for i in range(n)]
        return figures + [turnout(f"{prefix}.txt", f"{prefix} Front wins", "Turnout was {pct} percent.", 40)]

    assert relations(store(db_url, *story("Labour", reconcile.STORY_FIGURES + 1))) == [("agree", ("40", "40"))]
    few = relations(store(db_url, *story("Unity", 3)))  # three figures: every two of them disagree
    assert [v for r, v in few if r == "conflict"] == [("40", "40", "41"), ("40", "40", "42"), ("41", "42")]


def test_a_key_of_too_many_figures_gives_agreements_only(db_url):
    """A named subject with more than KEY_FIGURES different figures is about many things: no conflict of
    every two of them (that is quadratic), but figures stated twice still agree."""
    d = dt.date(2024, 5, 1)
    many = [article(f"{n}.txt", n, d) for n in range(10, 11 + reconcile.KEY_FIGURES)] + [article("again.txt", 10, d)]
    assert relations(store(db_url, *many)) == [("agree", ("10", "10"))]


def test_reconcile_pauses_the_garbage_collector_and_restores_it():
    seen = []

    @reconcile._gc_paused
    def probe(fail=False):
        seen.append(gc.isenabled())
        if fail:
            raise RuntimeError

    assert gc.isenabled()
    probe()
    with pytest.raises(RuntimeError):
        probe(fail=True)
    assert seen == [False, False] and gc.isenabled()
    gc.disable()
    try:
        probe()  # a caller that paused it keeps it paused
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_reconcile_holds_sqlite_page_cache_small_and_puts_it_back(db_url, monkeypatch):
    """A reconciliation reads more than it writes: on SQLite it runs with a page cache of
    READING_CACHE_KB, not the import's CACHE_KB, and puts the import's back, even when it fails."""
    from factdb import db as factdb_db

    def cache(conn):
        return conn.exec_driver_sql("PRAGMA cache_size").scalar()

    seen = []
    monkeypatch.setattr(reconcile, "_reconcile", lambda conn, *a: seen.append(cache(conn)) or [])
    with connect(db_url).writing() as conn:
        if conn.dialect.name != "sqlite":
            pytest.skip("a SQLite setting")
        assert cache(conn) == -factdb_db.CACHE_KB
        reconcile.reconcile(conn, set(), quotes=False)
        assert seen == [-factdb_db.READING_CACHE_KB] and cache(conn) == -factdb_db.CACHE_KB
        monkeypatch.setattr(reconcile, "_reconcile", lambda *a: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            reconcile.reconcile(conn, set(), quotes=False)
        assert cache(conn) == -factdb_db.CACHE_KB


def test_reconcile_reports_its_progress_step_by_step(db_url, tmp_path, monkeypatch):
    from fixtures.corpus import write_corpus

    corpus = write_corpus(tmp_path / "corpus", 60, seed=3, blocks=(1, 2))
    calls = []
    import_paths(connect(db_url), [corpus], on_reconcile=lambda done, total: calls.append((done, total)))
    with connect(db_url).engine.connect() as conn:
        keys = conn.execute(text("SELECT count(DISTINCT key) FROM claims")).scalar()
        quoted = conn.execute(text("SELECT count(DISTINCT source_id) FROM quotes WHERE kind = 'direct'")).scalar()
    assert calls and {total for _, total in calls} == {keys + quoted}
    assert [done for done, _ in calls] == sorted({done for done, _ in calls}) and calls[-1][0] == keys + quoted

    monkeypatch.setattr(reconcile, "SOURCES_PER_STEP", 7)  # quotes in steps too: each one is told
    with connect(db_url).engine.begin() as conn:
        steps = []
        reconcile.reconcile(conn, set(), quotes=True, collect=False, progress=lambda d, t: steps.append((d, t)))
    assert [d for d, _ in steps] == [min(quoted, 7 * i) for i in range(1, -(-quoted // 7) + 1)]
