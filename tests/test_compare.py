"""Golden tables for factdb.compare: claim keys, value intervals, TIMEX3 dates, quote matching."""
from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factdb.compare import (
    Verdict, candidate_pairs, claim_interval, claim_key, compare_dates,
    compare_quotes, compare_values, consistency_flags, describe_date, index_terms, norm_quote,
    same_speaker, word_diff,
)
from factdb import compare
from factdb.records import Claim, Quote


def C(kind, value, unit=None, *, hedge=None, prop="members", subject="the alliance", low=None, high=None,
      low_open=False, high_open=False, as_of=None, q=()):
    return Claim(kind, subject, prop, value, "", 0, 0, unit=unit, low=low, high=high, low_open=low_open,
                 high_open=high_open, hedge=hedge, as_of=as_of, qualifiers=q)


def D(value):
    return C("date", value, prop="signing date", subject="the treaty")


def Q(text, speaker, kind="direct"):
    return Quote(text, 0, len(text), kind, speaker)


# ───────────────────────────── claim keys ─────────────────────────────

KEY_CASES = [
    # same thing, written differently → one key
    (C("ordinal", 3, prop="ordinal", subject="EU-NATO joint declaration", q=(("since", "2016"),)),
     C("ordinal", 3, prop="Ordinal", subject="the EU–NATO Joint Declaration"), True),
    (C("count", 21, prop="shared members", subject="EU and NATO"),
     C("count", 22, prop="Shared Members", subject="NATO and the EU"), True),
    (C("amount", 40e9, "EUR", prop="aid"), C("amount", 43e9, "$", prop="aid"),
     True),  # compared, then "unrelated"
    (C("duration", 3, "day", prop="summit"), C("duration", 72, "hours", prop="summit"), True),
    # different things → different keys
    (C("count", 21, prop="shared members", subject="EU and NATO"), C("count", 27, subject="EU"), False),
    (C("count", 27, subject="EU"), C("count", 30, subject="NATO"), False),
    (C("count", 3, prop="ordinal"), C("ordinal", 3, prop="ordinal"), False),
    (C("count", 9, prop="troops", q=(("in", "Poland"),)),
     C("count", 9, prop="troops", q=(("in", "Estonia"),)), False),
    (C("percent", 2, "%", prop="growth"), C("percent", 2, "percentage points", prop="growth"), True),
]


@pytest.mark.parametrize("a, b, same", KEY_CASES)
def test_claim_key(a, b, same):
    assert (claim_key(a) == claim_key(b)) is same


def test_claim_key_aliases():
    aliases = {"north atlantic alliance": "NATO", "european union": "EU"}
    a = C("count", 30, subject="North Atlantic Alliance")
    b = C("count", 31, subject="NATO")
    assert claim_key(a) != claim_key(b)
    assert claim_key(a, aliases) == claim_key(b, aliases)
    shared = C("count", 21, prop="shared members", subject="European Union and NATO")
    assert claim_key(shared, aliases) == claim_key(C("count", 1, prop="shared members",
                                                     subject="NATO and EU"), aliases)


# ───────────────────────────── numbers, hedges, units ─────────────────────────────

VALUE_CASES = [
    # counts
    pytest.param(C("count", 27), C("count", 28), "conflict", "27 vs 28 members", id="count-differs"),
    pytest.param(C("count", 27), C("count", 27), "agree", "both say 27 members", id="count-same"),
    pytest.param(C("count", 30), C("count", 30.0), "agree", "both say", id="count-int-float"),
    # hedges
    pytest.param(C("count", 30, hedge="about"), C("count", 32), "agree", "compatible", id="about-within"),
    pytest.param(C("count", 30, hedge="about"), C("count", 35), "conflict", "about 30 vs 35",
                 id="about-outside"),
    pytest.param(C("count", 30, hedge="more than"), C("count", 30), "conflict", "more than 30",
                 id="more-than-open"),
    pytest.param(C("count", 30, hedge="more than"), C("count", 31), "agree", "", id="more-than-above"),
    pytest.param(C("count", 30, hedge="at least"), C("count", 30), "agree", "", id="at-least-closed"),
    pytest.param(C("count", 30, hedge="almost"), C("count", 28), "agree", "", id="almost-below"),
    pytest.param(C("count", 30, hedge="almost"), C("count", 30), "conflict", "", id="almost-not-reached"),
    pytest.param(C("count", 100, hedge="fewer than"), C("count", 120), "conflict", "", id="fewer-than"),
    pytest.param(C("count", 300000, hedge="up to", prop="troops"), C("count", 250000, prop="troops"),
                 "agree", "",
                 id="up-to"),
    pytest.param(C("amount", 1e9, "USD", hedge="billions", prop="arms"), C("amount", 5e9, "$", prop="arms"),
                 "agree", "", id="billions-scale"),
    pytest.param(C("amount", 1e9, "USD", hedge="billions", prop="arms"), C("amount", 500e6, "$", prop="arms"),
                 "conflict", "", id="billions-vs-millions"),
    pytest.param(C("count", None, low=20, low_open=True), C("count", 25), "agree", "", id="open-low-bound"),
    pytest.param(C("count", None, high=20), C("count", 25), "conflict", "", id="none-low-is-unbounded"),
    pytest.param(C("count", None, low=20, high=30), C("count", None, low=25, high=40), "agree", "",
                 id="intervals"),
    # rounding of big round figures and percentages
    pytest.param(C("amount", 43e9, "USD", prop="aid"), C("amount", 43.2e9, "$", prop="aid"), "agree", "",
                 id="rounded-billions"),
    pytest.param(C("amount", 40e9, "EUR", prop="aid"), C("amount", 43e9, "euros", prop="aid"), "conflict",
                 "€40 billion vs €43 billion", id="billions-differ"),
    pytest.param(C("percent", 5, "%", prop="growth"), C("percent", 5.3, "percent", prop="growth"),
                 "agree", "",
                 id="rounded-percent"),
    pytest.param(C("percent", 5, "%", prop="growth"), C("percent", 6, "per cent", prop="growth"), "conflict",
                 "5% vs 6%", id="percent-differs"),
    # units and currencies
    pytest.param(C("amount", 40e9, "EUR", prop="aid"), C("amount", 43e9, "USD", prop="aid"), "unrelated",
                 "different currencies", id="eur-vs-usd"),
    pytest.param(C("amount", 40e9, "€", prop="aid"), C("amount", 40e9, "£", prop="aid"), "unrelated",
                 "different currencies", id="same-number-other-currency"),
    pytest.param(C("percent", 2, "%", prop="growth"), C("percent", 2, "percentage points", prop="growth"),
                 "unrelated", "different units", id="percent-vs-points"),
    pytest.param(C("duration", 3, "day", prop="summit"), C("duration", 72, "hours", prop="summit"),
                 "agree", "",
                 id="days-vs-hours"),
    pytest.param(C("duration", 1, "year", hedge="more than", prop="talks"), C("duration", 13, "months",
                                                                              prop="talks"),
                 "agree", "more than 1 year", id="year-vs-months"),
    pytest.param(C("duration", 1, "year", hedge="more than", prop="talks"), C("duration", 10, "months",
                                                                              prop="talks"),
                 "conflict", "", id="more-than-a-year-vs-10-months"),
    pytest.param(C("duration", 3, "day", prop="summit"), C("duration", 2, "days", prop="summit"), "conflict",
                 "3 vs 2 days", id="days-differ"),
    pytest.param(C("count", 3, prop="ordinal"), C("ordinal", 3, prop="ordinal"), "unrelated",
                 "different kinds",
                 id="kinds-differ"),
    # ordinals: exact
    pytest.param(C("ordinal", 3, prop="ordinal"), C("ordinal", 3, prop="ordinal"), "agree", "both say 3",
                 id="ordinal-same"),
    pytest.param(C("ordinal", 3, prop="ordinal"), C("ordinal", 4, prop="ordinal"), "conflict", "3 vs 4",
                 id="ordinal-differs"),
    pytest.param(C("ordinal", 3, prop="ordinal", q=(("since", "2016"),)),
                 C("ordinal", 4, prop="ordinal", q=(("since", "2002"),)), "unrelated", "different periods",
                 id="ordinal-other-period"),
    pytest.param(C("ordinal", 3, prop="ordinal", q=(("since", "2016"),)), C("ordinal", 3, prop="ordinal"),
                 "agree", "", id="ordinal-period-on-one-side"),
    pytest.param(C("ordinal", 3, prop="ordinal", q=(("year", "2023"),)),
                 C("ordinal", 3, prop="ordinal", q=(("year", "2018"),)), "unrelated", "different events",
                 id="ordinal-other-event"),
    # as-of dates of values that change
    pytest.param(C("count", 27, as_of="2019-03-01"), C("count", 28, as_of="2024-05-06"), "outdated",
                 "years apart", id="members-far-apart"),
    pytest.param(C("count", 27, as_of="2024-01-31"), C("count", 28, as_of="2024-05-06"), "conflict", "",
                 id="members-same-year"),
    pytest.param(C("count", 27, as_of="2019-03-01"), C("count", 27, as_of="2024-05-06"), "agree", "",
                 id="members-unchanged"),
    pytest.param(C("count", 27, as_of="2019"), C("count", 30, as_of="2024-05-06"), "outdated", "",
                 id="as-of-year-only"),
    pytest.param(C("count", 27, as_of="2019-03-01"), C("count", 28), "conflict", "", id="as-of-missing"),
    pytest.param(C("duration", 3, "day", prop="summit", as_of="2019-01-01"),
                 C("duration", 4, "day", prop="summit", as_of="2024-01-01"), "conflict", "",
                 id="fixed-property-not-outdated"),
]


@pytest.mark.parametrize("a, b, relation, reason", VALUE_CASES)
def test_compare_values(a, b, relation, reason):
    v = compare_values(a, b)
    assert v.relation == relation, v.reason
    assert reason in v.reason
    assert compare_values(b, a).relation == relation  # symmetric


@pytest.mark.parametrize("a, b, relation, reason", VALUE_CASES)
def test_compare_values_of_prepared_claims(a, b, relation, reason):
    pa, pb = compare.PreparedClaim(a), compare.PreparedClaim(b)
    for _ in range(2):  # what a prepared claim worked out for one comparison serves the next
        assert compare_values(pa, pb) == compare_values(a, b)
        assert compare_values(pb, a) == compare_values(b, a)


def test_claim_interval_hedges():
    assert claim_interval(C("count", 30, hedge="more than")).low_open
    assert claim_interval(C("amount", 1e9, "USD", hedge="billions")).high == 1e12
    assert claim_interval(C("duration", 2, "week")).low == 14
    assert claim_interval(C("count", None)) is None


# ───────────────────────────── dates (TIMEX3) ─────────────────────────────

DATE_CASES = [
    ("2023-01-10", "2023-01-10", "agree", "both say 2023-01-10"),
    ("2023-01-10", "2023-01-11", "conflict", "different days"),
    ("XXXX-01-10", "2023-01-10", "agree", "January 10"),  # unknown year
    ("2024-04-30", "XXXX-01-10", "conflict", "2024-04-30 vs January 10: different days"),
    ("XXXX-01-10", "XXXX-01-10", "agree", "both say January 10"),
    ("XXXX-01-10", "XXXX-01-11", "conflict", "different days"),
    ("XXXX-01-10", "XXXX-01", "agree", ""),
    ("XXXX-01", "XXXX-02", "conflict", "different months"),
    ("XXXX-06", "2022-06-15", "agree", ""),
    ("XXXX-06", "2022", "unrelated", ""),
    ("XXXX-06-15", "2022", "unrelated", "the year of June 15 is unknown"),
    ("XXXX-06-15", "2022-06", "agree", "June 15 falls in June 2022"),
    ("XXXX-06-15", "2022-07", "conflict", "different months"),
    ("2022-06", "2022-06-15", "agree", "2022-06-15 falls in June 2022"),
    ("2022-06", "2022-07", "conflict", "June 2022 vs July 2022: different months"),
    ("2021", "2022-06", "conflict", "2021 vs June 2022: different years"),
    ("2021", "2021-03-04", "agree", "falls in 2021"),
    ("2024-W28", "2024-07-10", "agree", "falls in week 28 of 2024"),
    ("2024-W28", "2024-07-15", "conflict", "different weeks"),
    ("2024-W18-2", "2024-04-30", "agree", ""),
    ("2024-FA", "2024-10-01", "agree", "autumn 2024"),
    ("2024-FA", "2024-07-05", "conflict", "different seasons"),
    ("2024-WI", "2025-01-15", "agree", ""),
    ("2024-Q3", "2024-08", "agree", ""),
    ("201X", "2016", "agree", ""),
    ("201X", "2021", "conflict", "different decades"),
    ("XXXX-WXX-2", "2024-04-30", "agree", "2024-04-30 is a Tuesday"),
    ("XXXX-WXX-1", "2024-04-30", "conflict", "different days"),
    ("XXXX-WXX-2", "XXXX-WXX-2", "agree", "both say a Tuesday"),
    ("XXXX-WXX-2", "XXXX-WXX-5", "conflict", "a Tuesday vs a Friday"),
    ("XXXX-WXX-2", "XXXX-01-10", "unrelated", ""),
    ("XXXX-WXX-2", "2024-W18", "unrelated", ""),
    ("XXXX", "2024-04-30", "unrelated", "not precise enough"),
    ("XXXX-WXX", "2024-W28", "unrelated", ""),
    ("PAST_REF", "2024", "unrelated", ""),
    ("2024-02-30", "2024-02-28", "unrelated", ""),  # an impossible day is no date
    ("2024-04-30T10:00", "2024-04-30", "agree", ""),
]


@pytest.mark.parametrize("a, b, relation, reason", DATE_CASES)
def test_compare_dates(a, b, relation, reason):
    for x, y in ((a, b), (b, a)):
        v = compare_dates(x, y)
        assert v.relation == relation, v.reason
    assert reason in compare_dates(a, b).reason


def test_date_claims_go_through_compare_values():
    assert compare_values(D("XXXX-01-10"),
                          D("2024-04-30")).reason == "January 10 vs 2024-04-30: different days"


@pytest.mark.parametrize("value, words", [
    ("2024-04-30", "2024-04-30"), ("XXXX-01-10", "January 10"), ("2022-06", "June 2022"),
    ("XXXX-WXX-2", "a Tuesday"), ("2024-FA", "autumn 2024"), ("2024-W28", "week 28 of 2024"), ("2021",
                                                                                               "2021"),
])
def test_describe_date(value, words):
    assert describe_date(value) == words


# ───────────────────────────── quotes ─────────────────────────────

VDL = "Ursula von der Leyen"
QUOTE_CASES = [
    # same words: case, punctuation, quotation marks, spelling, trailing comma do not count
    pytest.param(Q("We will stand by our partners for as long as it takes,", "Mark Rutte"),
                 Q("“We will stand by our partners for as long as it takes.”",
                   "Rutte"), "agree", "same words",
                 id="same-words"),
    pytest.param(Q("Our defence spending must rise, and our labour market must organise itself",
                   "Keir Starmer"),
                 Q("our defense spending must rise and our labor market must organize itself",
                   "Starmer"), "agree", "",
                 id="british-american"),
    pytest.param(Q("We don't accept this and we won't accept it", "Olaf Scholz"),
                 Q("We do not accept this and we will not accept it", "Olaf Scholz"), "agree", "",
                 id="contractions"),
    pytest.param(Q("the co-operation between the two sides will deepen", "Jens Stoltenberg"),
                 Q("the cooperation between the two sides will deepen", "Jens Stoltenberg"), "agree", "",
                 id="hyphenated-prefix"),
    # partial containment
    pytest.param(Q("a key juncture for security and stability", "EU and NATO"),
                 Q("This is a key juncture for security and stability, more than ever",
                   "NATO and EU"), "agree",
                 "part of the other", id="partial-quote"),
    pytest.param(Q("the member states managed to supply Ukraine … military equipment", "Charles Michel"),
                 Q("the member states managed to supply Ukraine with more and more military equipment",
                   "Michel"),
                 "agree", "", id="omission-ellipsis"),
    pytest.param(Q("the three of us [the leaders] met here at headquarters", "Jens Stoltenberg"),
                 Q("the three of us met here at headquarters", "Jens Stoltenberg"), "agree", "",
                 id="editorial-brackets"),
    pytest.param(Q("we will keep our promise to the region, and we will deliver every one of those weapons",
                   "Ana Lima"),
                 Q("we will deliver every one of those weapons before the winter comes", "Ana Lima"), "agree",
                 "overlap", id="overlapping-ends"),
    pytest.param(Q("we will keep our promise to the region, and we will deliver", "Ana Lima"),
                 Q("and we will deliver on every commitment we made this year", "Ana Lima"), None, "",
                 id="little-overlap"),
    # same statement in other words
    pytest.param(Q("the fighters should get all the weapons they need to defend the homeland", "Maria Costa"),
                 Q("the fighters should get all the weapons that they need to protect their Motherland",
                   "Costa"),
                 "conflict", '"defend the homeland" → "protect their Motherland"', id="different-wording"),
    pytest.param(Q("Prices will fall sharply next year, the central bank expects", "Ana Lima"),
                 Q("Prices will fall slowly next year, the central bank expects", "Ana Lima"), "conflict",
                 '"sharply" → "slowly"', id="one-word-changed"),
    # misattribution
    pytest.param(Q("We will stand by our partners for as long as it takes", "Mark Rutte"),
                 Q("We will stand by our partners for as long as it takes", "Olaf Scholz"), "conflict",
                 "misattribution", id="misattribution"),
    # unrelated, or not enough to say
    pytest.param(Q("We will stand by our partners for as long as it takes", "Mark Rutte"),
                 Q("Inflation has peaked and interest rates will come down", "Mark Rutte"), None, "",
                 id="unrelated-same-speaker"),
    pytest.param(Q("Prices will fall sharply next year", "Ana Lima"),
                 Q("Prices will fall slowly next year",
                   "Ben Okafor"), None, "", id="other-speaker-other-words"),
    pytest.param(Q("see a different Europe", "Jens Stoltenberg"), Q("see a different Europe",
                                                                    "Charles Michel"),
                 None, "", id="short-phrase-not-misattribution"),
    pytest.param(Q("We will stand by our partners for as long as it takes", None),
                 Q("We will stand by our partners for as long as it takes",
                   "Olaf Scholz"), "agree", "unknown",
                 id="unknown-speaker-same-words"),
    pytest.param(Q("Prices will fall sharply next year, the bank expects", None),
                 Q("Prices will fall slowly next year, the bank expects", "Ana Lima"), None, "",
                 id="unknown-speaker-no-conflict"),
    pytest.param(Q("", "Ana Lima"), Q("Prices", "Ana Lima"), None, "", id="empty"),
    # reported speech: the reporter's words
    pytest.param(Q("the partnership between the union and the alliance must grow", "Ana Lima", "indirect"),
                 Q("The partnership between the European Union and the alliance must grow.", "Ana Lima"), None, "",
                 id="indirect-other-wording"),
    pytest.param(Q("the partnership between the union and the alliance must grow", "Ana Lima", "indirect"),
                 Q("the partnership between the union and the alliance must grow", "Ben Okafor"), None, "",
                 id="indirect-no-misattribution"),
    pytest.param(Q("the partnership between the union and the alliance must grow", "Ana Lima", "indirect"),
                 Q("We said the partnership between the union and the alliance must grow", "Lima"), "agree", "",
                 id="indirect-same-words"),
]


@pytest.mark.parametrize("a, b, relation, reason", QUOTE_CASES)
def test_compare_quotes(a, b, relation, reason):
    v = compare_quotes(a, b)
    assert (v and v.relation) == relation, v
    if v:
        assert reason in v.reason
        assert compare.may_relate(a.text, b.text)  # the reconcile's pre-filter keeps every related pair
        assert (compare_quotes(b, a) or Verdict("", "")).relation == relation


def test_may_relate_prefilters_only_pairs_compare_quotes_leaves_unrelated():
    assert not compare.may_relate("We will stand by our partners for as long as it takes",
                                  "Inflation has peaked and interest rates will come down")
    assert compare.may_relate("Prices will fall sharply next year", "Prices will fall slowly next year")
    # omissions: the words are matched in order by compare_quotes, never skipped here
    assert compare.may_relate("the member states … equipment", "the states supplied Ukraine with equipment")
    for case in QUOTE_CASES:
        a, b, relation, _ = case.values
        assert compare.may_relate(a.text, b.text) or relation is None, case.id


@pytest.mark.parametrize("a, b, same", [
    ("Ursula von der Leyen", "von der Leyen", True), ("Jens Stoltenberg", "Stoltenberg", True),
    ("EU and NATO", "NATO and the EU", True), ("Jens Stoltenberg", "Charles Michel", False),
    ("Charles Michel", "Michelle Obama", False), (None, "Charles Michel", None), ("EU and NATO", "NATO", None),
    ("EU and NATO", "NATO and Ukraine", False),
])
def test_same_speaker(a, b, same):
    assert same_speaker(a, b) is same


WORD_DIFF_CASES = [
    ("they need and they can handle to defend the homeland,",
     "that they need and can handle to protect their Motherland.",
     [("insert", "", "that"), ("delete", "they", ""), ("replace", "defend the homeland",
                                                       "protect their Motherland")]),
    ("advanced air defence systems, but also other types",
     "Advanced air defense systems as well as other types",
     [("replace", "but also", "as well as")]),
    ("“Same words,” here.", "same words here", []),
    ("Kyiv's backers will meet", "Kyiv's backers meet", [("delete", "will", "")]),
]


@pytest.mark.parametrize("a, b, ops", WORD_DIFF_CASES)
def test_word_diff(a, b, ops):
    assert word_diff(a, b) == ops


def test_norm_quote():
    folded = "the centers defense color and organization"
    assert norm_quote("“The Centre’s defence, colour and organisation,”") == folded


# ───────────────────────────── the seeds' links (hand-made values) ─────────────────────────────

SEED_VDL_A = ("I think that Ukraine should get all the necessary military equipment they need and they can "
              "handle to defend the homeland,")
SEED_VDL_A2 = ("This means of course, advanced air defence systems, but also other types of advanced "
               "military equipment, as long as it is necessary to defend Ukraine.")
SEED_VDL_B = ("Ukrainians should get all the necessary military equipment that they need and can handle to "
              "protect their Motherland. And these are, of course, advanced air defense systems, as well as "
              "other types of advanced military equipment, if it is necessary to protect Ukraine. They "
              "protect the basic principles  Charters of fundamental rights [of the EU], the UN, and "
              "international law,")


@pytest.mark.parametrize("a", [SEED_VDL_A, SEED_VDL_A2])
def test_seed_quote_conflicts(a):
    v = compare_quotes(Q(a, VDL), Q(SEED_VDL_B, "von der Leyen"))
    assert v.relation == "conflict"
    assert "von der Leyen" in v.reason
    if a is SEED_VDL_A:
        assert '"defend the homeland" → "protect their Motherland"' in v.reason
    else:
        assert '"but also" → "as well as"' in v.reason and "defence" not in v.reason


@pytest.mark.parametrize("a, b, diff", [
    # one sentence said in both, then another: two statements, not one worded differently
    ("We will judge the Green Alliance by results, not by declarations in Cairo. Let nobody in Cairo "
     "pretend otherwise.",
     "We will judge the Green Alliance by results, not by declarations in Cairo. Our citizens in Latvia "
     "expect nothing less.", None),
    ("We owe the next generation a plan. I expect the first results of the mission before the end of the year.",
     "We owe the next generation a plan. I say this with respect.", None),
    # a sentence in the middle that one article leaves out, unmarked
    ("We must keep our word on energy. Nobody in Copenhagen should doubt our resolve on recovery. "
     "We are not naive about energy.",
     "We must keep our word on energy. We are not naive about energy.", None),
    # a word, or a short phrase
    ("Spain will do its share of the mission, and more. That is what I never my colleagues from Sofia.",
     "This is a moment Spain will remember, and we did it without cutting corners. Spain will do its share "
     "of the mission, and more. That is what I told my colleagues from Sofia,", '"never" → "told"'),
    ("There is still a great deal of work ahead for the partnership and for Austria.",
     "There is still a great deal of work ahead for the never and for Austria.", '"partnership" → "never"'),
    ("We will judge this deal by results and by nothing else, whatever Cairo says.",
     "We will judge this deal by results and by what people feel, whatever Cairo says.",
     '"nothing else" → "what people feel"'),
])
def test_a_statement_differs_by_words_and_phrases_not_by_clauses(a, b, diff):
    v = compare_quotes(Q(a, "Ana Diaz"), Q(b, "Ana Diaz"))
    if diff is None:
        assert v is None
    else:
        assert v.relation == "conflict" and diff in v.reason


def test_seed_claim_links():
    third_a = C("ordinal", 3, prop="ordinal", subject="EU-NATO joint declaration", q=(("since", "2016"),))
    third_b = C("ordinal", 3, prop="ordinal", subject="EU-NATO Joint Declaration")
    assert claim_key(third_a) == claim_key(third_b)
    assert compare_values(third_a, third_b).relation == "agree"
    # 003 "January 10" (no year) vs 004 "Tuesday" (2024-04-30 from its dateline)
    assert compare_values(D("XXXX-01-10"), D("2024-04-30")).relation == "conflict"
    assert compare_values(D("2023-01-10"), D("2024-04-30")).relation == "conflict"
    # 000 "Tuesday" (no week) vs 004 "Tuesday" (2024-04-30)
    assert compare_values(D("XXXX-WXX-2"), D("2024-04-30")).relation == "agree"
    # 000 "in 2021" vs 003 "last June" (2022)
    assert compare_values(D("2021"), D("2022-06")).relation == "conflict"
    # 004 "27-member bloc" / "30-member alliance", 000 "21 shared members": three keys, no conflict
    keys = {claim_key(C("count", 27, subject="EU")), claim_key(C("count", 30, subject="NATO")),
            claim_key(C("count", 21, prop="shared members", subject="EU and NATO"))}
    assert len(keys) == 3


# ───────────────────────────── blocking ─────────────────────────────

def _random_quotes(n: int, seed: int = 7) -> list[str]:
    """n unrelated news-like quotes: common words plus words drawn from a Zipf-like vocabulary."""
    rng = random.Random(seed)
    common = ("the of and to in we will our that is for this with as it on be are not have they".split())
    vocab = [f"{rng.choice('bcdfgklmnprst')}{rng.choice('aeiou')}{rng.choice('lmnrst')}"
             f"{rng.choice('aeiou')}{rng.choice('bdgkmnprstv')}{i}" for i in range(6000)]
    cum, total = [], 0.0
    for i in range(len(vocab)):
        total += 1 / (i + 1)
        cum.append(total)
    out = []
    for _ in range(n):
        k = rng.randint(8, 30)
        drawn = iter(rng.choices(vocab, cum_weights=cum, k=k))
        out.append(" ".join(rng.choice(common) if rng.random() < 0.45 else next(drawn) for _ in range(k)))
    return out


def test_blocking_keeps_comparisons_few():
    texts = _random_quotes(2000)
    texts += [SEED_VDL_A, SEED_VDL_B, SEED_VDL_A2]
    n = len(texts)
    pairs = candidate_pairs([index_terms(t) for t in texts])
    assert len(pairs) < 3 * n  # vs n²/2 ≈ 2 million for all pairs
    assert (n - 3, n - 2) in pairs and (n - 2, n - 1) in pairs  # the seed statements still meet
    found = [compare_quotes(Q(texts[i], "X"), Q(texts[j], "X")) for i, j in pairs]
    assert sum(1 for v in found if v and v.relation == "conflict") >= 2


def test_index_terms():
    terms = index_terms(SEED_VDL_A)
    assert "the" not in terms and "homeland" in terms and "defend homeland" in terms
    assert [t[0] for t in index_terms("He said it.")] == ["="]  # a fingerprint, no word
    fingerprint = {t for t in index_terms("We will defend the homeland.") if t.startswith("=")}
    assert len(fingerprint) == 1 and fingerprint < index_terms("“We will defend the homeland,”")
    assert not fingerprint & index_terms("We will defend the homeland today.")
    assert index_terms("It is") == set()  # too short to be told apart from other quotes by its words
    assert index_terms("defence") == {"defense"}
    assert index_terms("x" * 101 + " homeland") == {"homeland"}  # no term longer than the column


def test_phrases_and_fingerprints_pair_quotes_whose_words_are_all_common():
    # In a large archive every word of these quotes is in more than MAX_BLOCK quotes.
    texts = ["We will defend every inch of our territory", "“We will defend every inch of our territory,”",
             "we will defend every inch of our territory, and we will not be intimidated",
             "Our territory is safe, every single inch"]
    terms = [index_terms(t) for t in texts]
    common_words = {t: 1000 for ws in terms for t in ws if compare.is_word_term(t)}
    assert candidate_pairs(terms, common_words) == {(0, 1), (0, 2), (1, 2)}  # a fingerprint; two phrases
    assert candidate_pairs(terms) == {(0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3)}  # words: all rare here
    assert candidate_pairs(terms, {t: 1000 for ws in terms for t in ws}) == set()  # every term too common


@pytest.mark.parametrize("max_block", [3, 10, None])
def test_candidate_pairs_of_a_focus_are_those_of_all(max_block):
    terms = [index_terms(t) for t in _random_quotes(400)] + [set(), set()]  # two with no usable term
    df = compare.Counter(w for ws in terms for w in ws)
    every = candidate_pairs(terms, df, max_block)
    rng = random.Random(2)
    focus = set(rng.sample(range(len(terms)), 50))
    among = [rng.sample(range(len(terms)), 5) for _ in range(30)] + [[400, 401]]
    expected = {(i, j) for i, j in every if i in focus or j in focus or any(i in g and j in g for g in among)}
    assert candidate_pairs(terms, df, max_block, focus=focus, among=among) == expected
    assert candidate_pairs(terms, df, max_block, focus=range(len(terms))) == every


def test_candidate_pairs_are_symmetric_and_skip_common_words():
    a, b, c = {"corridor", "grain", "open"}, {"corridor", "grain", "shut"}, {"corridor", "wheat"}
    assert candidate_pairs([a, b, c]) == {(0, 1)}  # two shared words; one is not enough
    assert candidate_pairs([c, b, a]) == {(1, 2)}
    assert candidate_pairs([a, b], df={"corridor": 99, "grain": 2, "open": 99, "shut": 99}) == {(0, 1)}  # one usable each
    assert candidate_pairs([a, b], df={"corridor": 99, "grain": 99, "open": 1, "shut": 1}) == set()



@pytest.mark.parametrize("max_block", [3, 10, None])
def test_candidate_pairs_are_the_pairs_that_share_enough_usable_terms(max_block):
    terms = [index_terms(t) for t in _random_quotes(300)]
    df = compare.Counter(w for ws in terms for w in ws)
    usable = [compare.usable_terms(ws, df, max_block) for ws in terms]
    assert compare.usable_terms_each(terms, df, max_block) == usable
    every_pair = {(i, j) for i in range(len(terms)) for j in range(i + 1, len(terms))
                  if compare.is_candidate(usable[i], usable[j])}
    assert candidate_pairs(terms, df, max_block) == every_pair


def test_an_unshared_fingerprint_does_not_keep_a_part_of_a_quote_from_its_whole():
    # The generator's words are all common, but for one phrase each half has; the first half (quoted
    # apart, with the attribution between) pairs with the whole by its phrase, though its
    # fingerprint is its own.
    whole = "For Thailand this is the most serious test so far. History will be the judge of Storm Quinn."
    part, other = "For Thailand this is the most serious test so far", "History will judge the storm"
    terms = [index_terms(t) for t in (whole, part, other)]
    df = {t: 1000 for ws in terms for t in ws}
    df.update({"thailand serious": 2, "storm quinn": 1})
    df.update({t: 1 for ws in terms for t in ws if compare.is_fingerprint(t)})
    usable = compare.usable_terms_each(terms, df)
    assert usable[1] == {"thailand serious", next(t for t in terms[1] if compare.is_fingerprint(t))}
    assert compare.counted_terms(usable[1]) == 1 and compare.counted_terms(usable[0]) == 2
    assert candidate_pairs(terms, df) == {(0, 1)}
    df["thailand serious"] = 3  # a third quote shares the phrase: still one shared term, all the part has
    assert candidate_pairs(terms, df) == {(0, 1)}


def test_copies_pair_by_their_fingerprint_alone():
    a, b = index_terms("We will not wait for anyone else to act."), index_terms("“We will not wait for anyone else to act,”")
    df = {t: (2 if compare.is_fingerprint(t) else 1000) for t in a | b}
    assert a & b and candidate_pairs([a, b], df) == {(0, 1)}
    df = {t: 1000 for t in a | b}
    assert candidate_pairs([a, b], df) == set()  # copied too often to pair by


# ───────────────────────────── cross-claim consistency ─────────────────────────────

def test_shared_members_exceeding_a_member_count():
    claims = [C("count", 31, prop="shared members", subject="EU and NATO"), C("count", 27, subject="EU"),
              C("count", 30, subject="NATO")]
    flags = consistency_flags(claims)
    assert [f.rule for f in flags] == ["shared-exceeds-members", "shared-exceeds-members"]
    assert "31 shared members" in flags[0].reason
    claims[0] = C("count", 28, prop="shared members", subject="EU-NATO")
    reasons = [f.reason for f in consistency_flags(claims)]
    assert reasons == ["28 shared members of EU-NATO is more than the 27 members of EU"]
    claims[0] = C("count", 21, prop="shared members", subject="EU-NATO")
    assert consistency_flags(claims) == []
    far = C("count", 35, prop="shared members", subject="EU and NATO", as_of="2030-01-01")
    assert consistency_flags([far, C("count", 30, subject="NATO", as_of="2024-01-01")]) == []


@pytest.mark.parametrize("ranks, rule", [
    ([(1, "2016"), (2, "2018"), (3, "2023")], None),
    ([(1, "2016"), (3, "2018")], "ordinal-skip"),
    ([(2, "2018"), (2, "2023")], "ordinal-repeat"),
    ([(3, "2016"), (2, "2018")], "ordinal-order"),
    ([(3, "2023-01-10"), (3, "XXXX-01-10")], None),  # an undated event is left out
])
def test_ordinal_series(ranks, rule):
    claims = [C("ordinal", r, prop="ordinal", subject="joint declaration", q=(("year", y),)) for r,
              y in ranks]
    assert [f.rule for f in consistency_flags(claims)] == ([rule] if rule else [])


# ───────────────────────────── never raises ─────────────────────────────

TEXT = st.lists(st.sampled_from(list("abc defence, \"“”‘’'…[]-.") + [" Tuesday ", " we will ", "n't"]),
                max_size=40).map("".join)


@settings(max_examples=100, deadline=None)
@given(TEXT, TEXT, st.sampled_from([None, "Ana Lima", "Lima", "Ben and Ana"]))
def test_quotes_never_raise(a, b, speaker):
    v = compare_quotes(Q(a, speaker), Q(b, "Ana Lima"))
    assert v is None or v.relation in ("agree", "conflict")
    assert v is None or compare.may_relate(a, b)
    assert isinstance(word_diff(a, b), list)
    assert word_diff(a, a) == []


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=14), st.text(alphabet="0123456789X-WQHSPUFAIE", max_size=12))
def test_dates_never_raise(a, b):
    assert compare_dates(a, b).relation in ("agree", "conflict", "unrelated")


@pytest.mark.parametrize("text, first_word, expected", [
    # a country and its people are one name, however they are spelled
    ("Italy votes as Italian turnout falls", True, {"@Italy"}),
    ("Germany and the German chancellor", True, {"@Germany"}),
    ("Polish voters hand Progress Party a new term", True, {"@Poland", "progr"}),
    ("Poland's Progress Party wins", True, {"@Poland", "progr"}),
    # the longest name first; a name that holds a country's name but names none is no country
    ("U.S.-led talks on South Sudan and Papua New Guinea", True, {"@United States", "@South Sudan", "@Papua New Guinea"}),
    ("Latin American leaders meet in Northern Ireland", True, {"latin", "americ", "northern", "ireland"}),
    # a sentence's first word and a dateline are no names (but a country is); calendar and generic words are none
    ("Turnout in the Chilean election was 48.7 percent on Monday.", False, {"@Chile"}),
    ("Chile held an election on Monday.", False, {"@Chile"}),
    ("NAIROBI, March 11 (Reuters) - Governments agreed a fund in Nairobi.", False, {"nairob"}),
])
def test_story_names(text, first_word, expected):
    assert compare.story_names(text, first_word) == frozenset(expected)


def test_needs_story():
    assert compare.needs_story("turnout") and compare.needs_story("the summit")
    assert not compare.needs_story("NATO") and not compare.needs_story("EU-NATO joint declaration")
