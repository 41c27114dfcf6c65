"""The review queue: its order and contents, and `factdb review` driven end to end by scripted keys."""
from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from factdb import models as m
from factdb import reconcile
from factdb.db import connect
from factdb.parse import parse
from factdb.records import Claim, Extraction, Quote, RawArticle, Speaker
from factdb.review import annotate
from factdb.review_queue import Entry, Evidence, build_queue, entry_text, legend

DAY = dt.date(2024, 5, 1)
A = ("Council meets\n\nThe council has 27 members, officials said on Monday.\n\n"
     "The budget grew by 4 percent this year.\n\n\"We will decide soon,\" Chair Jane Roe said.\n")
B = "Council vote\n\nThe council has 28 members after the vote.\n"
C = "Council news\n\nWith 27 members, the council is the largest yet.\n"


def _span(body: str, words: str) -> dict:
    start = body.index(words)
    return {"evidence": words, "start": start, "end": start + len(words)}


def _members(body: str, n: int) -> Claim:
    return Claim(kind="count", subject="Council", property="members", value=float(n), low=float(n), high=float(n),
                 as_of=DAY.isoformat(), **_span(body, f"{n} members"))


def newsroom(db_url: str) -> dict:
    """Three hand-made articles, independent of the reading rules: a.txt and c.txt say the council
    has 27 members, b.txt 28 (one conflict group); a.txt also has a budget claim and a quote.
    Returns the ids: {"group": ..., "claims": {"a": ..., "b": ..., "c": ..., "budget": ...}, "quote": ...}."""
    budget = Claim(kind="percent", subject="budget", property="growth", value=4.0, unit="%", low=4.0, high=4.0,
                   as_of=DAY.isoformat(), **_span(A, "grew by 4 percent"))
    said = _span(A, "We will decide soon,")
    quote = Quote(text=said["evidence"], start=said["start"], end=said["end"], kind="direct", speaker="Jane Roe",
                  cue="said")
    docs = [
        (RawArticle(file="a.txt", path="a.txt", text=A, format="text", url="https://a.example.com/council",
                    publisher="Daily A", author="Sam Writer"), (_members(A, 27), budget), (quote,)),
        (RawArticle(file="b.txt", path="b.txt", text=B, format="text", publisher="B News"), (_members(B, 28),), ()),
        (RawArticle(file="c.txt", path="c.txt", text=C, format="text", url="https://www.c.example.org/news/1"),
         (_members(C, 27),), ()),
    ]
    database = connect(db_url)
    from factdb.store import store_extraction

    for raw, claims, quotes in docs:
        ex = Extraction(article=parse(raw, published=DAY), claims=claims, quotes=quotes,
                        speakers=(Speaker("Jane Roe"),) if quotes else (), extractor_version="t")
        with database.engine.begin() as conn:
            store_extraction(conn, ex)
    with database.engine.begin() as conn:
        reconcile.reconcile_pending(conn)
        claims = {(f, s): i for i, f, s in conn.execute(
            select(m.Claim.id, m.Source.file, m.Claim.subject).join(m.Source, m.Source.id == m.Claim.source_id))}
        (group,) = conn.execute(select(m.Group.id).where(m.Group.relation == "conflict")).scalars()
        (quote_id,) = conn.execute(select(m.Quote.id)).scalars()
    return {"group": group, "quote": quote_id,
            "claims": {"a": claims["a.txt", "Council"], "b": claims["b.txt", "Council"],
                       "c": claims["c.txt", "Council"], "budget": claims["a.txt", "budget"]}}


def order(queue) -> list[tuple[str, str]]:
    return [(kind, item_id) for kind, item_id, _ in queue.refs]


def test_conflicts_first_then_claims_by_sources_then_quotes(db_url):
    ids = newsroom(db_url)
    queue = build_queue(connect(db_url), "ana")
    c = ids["claims"]
    assert order(queue) == [("group", ids["group"]), ("claim", c["a"]), ("claim", c["b"]), ("claim", c["c"]),
                            ("claim", c["budget"]), ("quote", ids["quote"])]
    assert queue.summary() == "1 conflict, 4 claims, 1 quote to review"
    group = queue[0]
    assert (group.heading, group.reason) == ("claim conflict: Council / members", "27 vs 28 members")
    assert sorted((e.file, e.value, e.side) for e in group.evidence) == [("a.txt", "27", 0), ("b.txt", "28", 1),
                                                                         ("c.txt", "27", 0)]
    a = next(e for e in group.evidence if e.file == "a.txt")
    assert (a.text, a.sentence, a.publisher, a.published, a.url) == (
        "27 members", "The council has 27 members, officials said on Monday.", "Daily A", "2024-05-01",
        "https://a.example.com/council")
    claim = queue[1]
    assert claim.heading == "count claim: Council / members = 27"
    assert claim.reason == "3 articles state this subject and property"
    assert queue[4].reason is None and queue[4].heading == "percent claim: budget / growth = 4 %"
    (q,) = queue[5].evidence
    assert (queue[5].heading, q.text, q.value, q.sentence) == (
        "direct quote: Jane Roe (said)", "We will decide soon,", "Jane Roe", '"We will decide soon," Chair Jane Roe said.')
    assert order(build_queue(connect(db_url), "ana", "group")) == [("group", ids["group"])]
    assert order(build_queue(connect(db_url), "ana", "quote")) == [("quote", ids["quote"])]


def test_what_was_judged_leaves_the_queue(db_url):
    ids = newsroom(db_url)
    db = connect(db_url)
    annotate(db, ids["claims"]["b"], "refuted", reviewer="ana")
    annotate(db, ids["group"], "confirmed", reviewer="ana")
    mine = order(build_queue(db, "ana"))
    assert ("claim", ids["claims"]["b"]) not in mine and ("group", ids["group"]) not in mine
    # another reviewer: the group again (each reviewer judges conflicts), but not the judged claim...
    theirs = order(build_queue(db, "ben"))
    assert theirs[0] == ("group", ids["group"]) and ("claim", ids["claims"]["b"]) not in theirs
    # ...unless they ask for a second opinion
    assert ("claim", ids["claims"]["b"]) in order(build_queue(db, "ben", second_opinion=True))
    assert ("claim", ids["claims"]["b"]) not in order(build_queue(db, "ana", second_opinion=True))


def test_entry_text_and_legend():
    entry = Entry("group", "g_1", "claim conflict: Council / members", "27 vs 28 members", (
        Evidence("c_1", "27 members", "The council has 27 members, officials said.", "27", "a.txt", "Council meets",
                 "Daily A", "2024-05-01", None, 0),
        Evidence("c_2", "28 members", "“28 members.”", "28", "b.txt", side=1)), "conflict")
    assert entry_text(entry, 1, 3, width=60).splitlines() == [
        "── 1/3  group g_1 ".ljust(60, "─"),
        "claim conflict: Council / members",
        "why: 27 vs 28 members",
        " [A] 27",
        "     “27 members”",
        "     in: The council has 27 members, officials said.",
        "     source: a.txt: “Council meets”, Daily A, 2024-05-01",
        " [B] 28",
        "     “28 members”",  # the sentence is the evidence give or take marks: not repeated
        "     source: b.txt",
    ]
    assert legend(entry) == "[1] confirmed  [2] dismissed  [n] note  [s] skip  [b] back  [q] quit"
    assert legend(Entry("claim", "c_1", "x")).startswith("[1] supported  [2] refuted  [3] disputed  [4] unverifiable")


def history(invoke, item_id):
    return [(h["reviewer"], h["verdict"], h["note"]) for h in json.loads(invoke("history", item_id, "--format", "json").stdout)]


def test_scripted_session_records_skips_goes_back_and_resumes(invoke, db_env):
    ids = newsroom(db_env)
    c = ids["claims"]
    # group: note then "dismissed"; claim a: skip; claim b: "x" is no key, then back to a, record
    # "supported" on a, "refuted" on b; then quit
    out = invoke("review", "--reviewer", "ana", input="ndifferent dates\n2sxb12q")
    assert out.exit_code == 0, out.output
    text = out.output
    assert text.startswith("ana: 1 conflict, 4 claims, 1 quote to review\n")
    assert "claim conflict: Council / members" in text and "in: The council has 28 members after the vote." in text
    assert "recorded: dismissed (note: different dates)" in text
    assert "no action for 'x'" in text
    assert text.count("── 2/6  claim") == 2  # shown, skipped, shown again after going back
    assert text.rstrip().endswith("3 recorded, 0 skipped, 3 still to review; run `factdb review` again to go on")
    assert history(invoke, ids["group"]) == [("ana", "dismissed", "different dates")]
    assert history(invoke, c["a"]) == [("ana", "supported", None)]
    assert history(invoke, c["b"]) == [("ana", "refuted", None)]
    # the next session starts at what is left: nothing is stored but the verdicts themselves
    out = invoke("review", "--reviewer", "ana", input="s")
    assert out.output.startswith("ana: 2 claims, 1 quote to review\n\n── 1/3  claim " + c["c"])
    assert out.output.rstrip().endswith("0 recorded, 1 skipped, 3 still to review; run `factdb review` again to go on")
    # a skipped item comes back; going back past the first item is refused; the end of the input quits
    out = invoke("review", "--reviewer", "ana", "--kind", "quote", input="b6")
    assert "this is the first item" in out.output and "recorded: not-a-claim" in out.output
    assert out.output.rstrip().endswith("1 recorded, 0 skipped, 0 still to review")
    assert invoke("review", "--reviewer", "ana", "--kind", "quote").output == "ana: nothing to review\n"


def test_two_reviewers_take_turns(invoke, db_env, monkeypatch):
    ids = newsroom(db_env)
    monkeypatch.setenv("FACTDB_REVIEWER", "ben")
    out = invoke("review", "--kind", "group", input="n too close to call\n1")
    assert "recorded: confirmed (note: too close to call)" in out.output
    invoke("review", "--reviewer", "ana", "--kind", "group", input="2")
    assert history(invoke, ids["group"]) == [("ben", "confirmed", "too close to call"), ("ana", "dismissed", None)]
    # a note dropped by skipping is not kept
    out = invoke("review", "--reviewer", "cy", "--kind", "group", input="nmaybe\nsq")
    assert "note dropped" in out.output and len(history(invoke, ids["group"])) == 2


def test_review_on_the_seeds(invoke, seeds):
    invoke("import", seeds)
    conflicts = json.loads(invoke("report", "conflicts", "--format", "json").stdout)
    out = invoke("review", "--reviewer", "ana", input="1q")
    assert out.exit_code == 0, out.output
    first = out.output.split("\n")[2]
    assert first.startswith("── 1/") and (" group " in first) == bool(conflicts)
    assert "recorded: " in out.output and "1 recorded" in out.output
