"""Claim keys, value comparison and quote matching across articles → stored groups.

Claims are compared only within one key (factdb.compare.claim_key), and within a key only once
per distinct value, so the cost grows with the number of claims, not their pairs. Quotes are
paired through the quote_terms index of their words (factdb.compare.candidate_pairs), and only
the groups around new quotes are recomputed. Groups get
stable ids, so a reviewer's verdict on a group (say, "dismissed") survives re-imports.
"""
from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import json
import sys
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate, chain

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, or_, select, update

from factdb import compare
from factdb import models as m
from factdb.db import READING_CACHE_KB, page_cache, serialize
from factdb.records import Claim, Quote


def key_text(claim: Claim) -> str:
    """The claim key as stored in claims.key."""
    return json.dumps(compare.claim_key(claim), ensure_ascii=False, separators=(",", ":"))


@dataclass
class Item:
    """One claim or quote as reconcile sees it, with where it comes from."""

    id: str
    source_id: int
    doc: str  # doc_key: items of one article never confirm each other
    publisher: str | None
    record: Claim | Quote
    value: str  # what it says, in words
    # names around a claim (compare.story_names): in its sentence, and in its sentence and article title;
    # around a quote: none, and its article title's
    story: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
    published: dt.date | None = None  # of a quote's article


@dataclass
class FoundGroup:
    id: str
    kind: str
    relation: str
    key: str
    reason: str
    sides: list[list[Item]] = field(default_factory=list)
    subject: str | None = None
    property: str | None = None

    def independent_sources(self) -> int:
        """Distinct publishers (an article with no publisher counts on its own)."""
        return len({i.publisher or f"doc:{i.doc}" for side in self.sides for i in side})


def _gid(*parts: object) -> str:
    return "g_" + hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:20]


def _docs(items: Iterable[Item]) -> set[str]:
    return {i.doc for i in items}


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)

    def components(self) -> list[list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return list(out.values())


def claim_groups(key: str, items: list[Item]) -> list[FoundGroup]:
    """Agreements, conflicts and outdated figures among the claims of one key, story by story.

    A key whose subject names nothing by itself ("turnout", "the summit") is split into stories
    (_stories): claims whose sentences or articles' titles share a name (compare.story_names).
    Claims with no name at all are left out: nothing says they are about the same thing."""
    if not items or not compare.needs_story(items[0].record.subject):
        return _key_groups(key, _figures(items, KEY_FIGURES), "")
    found: list[FoundGroup] = []
    ids: set[str] = set()
    for story in sorted(_stories([it for it in items if it.story[1]]), key=lambda st: min(it.doc for it in st)):
        figures = _figures(story, STORY_FIGURES)
        step = _key_groups(key, figures, "")  # ids as for any key, so they stay put as stories grow
        if ids.intersection(g.id for g in step):  # two stories disagreeing on the same two figures
            step = _key_groups(key, figures, min(it.doc for it in story))
        ids.update(g.id for g in step)
        found += step
    return found


MIN_DOCS_FOR_COMMON = 4  # with this many articles, a name most of them share tells no story apart
COMMON_SHARE = 0.5
STORY_DAYS = 30  # articles further apart than this from a story's first tell another story
# A "story" with more different figures than this is several stories the names did not tell apart
# (two parties of one name in two countries): its figures are not set against each other, which
# would make a conflict of every two of them.
STORY_FIGURES = 8
# A key with more different figures than this ("Finland signed" on 151 days) is about many things;
# setting every two figures against each other would make tens of thousands of groups.
KEY_FIGURES = 24


def _stories(items: list[Item]) -> list[list[Item]]:
    """Items grouped by story: in article order, each joins the first story whose first item shares
    a name with it, else starts one. Names in the claims' own sentences decide when both have some
    ("Turnout in the Brazilian election" is not "in the Portuguese election", whatever the titles
    share); else the names of sentence and title. Not a chain of shared names: two stories each
    sharing a word with a third stay three stories. A name most of the key's articles share ("Storm"
    in "Storm Tessa", "Storm Leon") tells no story apart and is left out. A story is what is
    reported within STORY_DAYS of its first article (the turnouts of two elections in one country
    are two stories), and two articles that name countries, none the same, tell two stories
    (_other_country).

    Dated items are placed first. An undated one (no date in the article) then joins the one story
    it fits. If it fits several (the Brasilia and the Bangkok summits of one body, to "Caspian
    Energy Partnership members seal deal"), it joins the one of them that states its figure, if
    only one does; else nothing tells which, and it is set against none."""
    common: set[str] = set()
    if len(_docs(items)) >= MIN_DOCS_FOR_COMMON:
        counts = Counter(name for it in items for name in it.story[1])
        common = {name for name, n in counts.items() if n > COMMON_SHARE * len(items)}
    seeds: list[tuple[frozenset[str], frozenset[str], frozenset[str], dt.date | None]] = []
    stories: list[list[Item]] = []
    by_name: dict[str, list[int]] = defaultdict(list)  # name → stories whose first item has it
    figures: dict[int, set[tuple]] = {}  # story → the figures it states, once an undated item asks

    def states(j: int, sig: tuple) -> bool:
        if j not in figures:
            figures[j] = {compare.value_signature(x.record) for x in stories[j]}
        return sig in figures[j]

    def start(own, names, countries, day) -> int:
        seeds.append((own, names, countries, day))
        stories.append([])
        for name in names:
            by_name[name].append(len(stories) - 1)
        return len(stories) - 1

    ordered = sorted(items, key=lambda it: (it.doc, it.id))
    for it in [it for it in ordered if it.record.as_of] + [it for it in ordered if not it.record.as_of]:
        own = (it.story[0] - common) or it.story[0]
        names = (it.story[1] - common) or it.story[1]
        countries = compare.story_countries(it.story[1])
        day = dt.date.fromisoformat(it.record.as_of) if it.record.as_of else None
        fits = []
        for j in sorted({j for name in names for j in by_name.get(name, ())}):
            seed_own, seed_names, seed_countries, seed_day = seeds[j]
            # each side's most specific names (its sentence's, else its title's too) are in the other
            if (own or names) & seed_names and (seed_own or seed_names) & names and _alike(names, seed_names) \
                    and _story_days_apart(day, seed_day) and not _other_country(countries, seed_countries):
                fits.append(j)
                if day is not None:  # the first story in its time
                    break
        if len(fits) > 1:  # undated, and fits several: the one story that states its figure, if any
            sig = compare.value_signature(it.record)
            fits = [j for j in fits if states(j, sig)]
        k = fits[0] if len(fits) == 1 else start(own, names, countries, day)
        stories[k].append(it)
        if k in figures:
            figures[k].add(compare.value_signature(it.record))
    return stories


def _story_days_apart(a: dt.date | None, b: dt.date | None) -> bool:
    """Two days within STORY_DAYS of each other (an unknown one is near any)."""
    return a is None or b is None or abs((a - b).days) <= STORY_DAYS


def _other_country(countries: frozenset[str], others: frozenset[str]) -> bool:
    """Both name countries, and none the same: "Polish voters hand Progress Party a new term" and
    "Kenyan voters hand Progress Party a new term" are two elections, whatever else they share."""
    return bool(countries and others) and not countries & others


def _alike(names: frozenset[str], others: frozenset[str]) -> bool:
    """Two sets of story names that share at least half of the smaller: "Caspian Energy Partnership
    signs Brasilia Energy Accord" and "Caspian Energy Partnership members seal deal" do (3 of 3), the
    Brasilia and the Bangkok accords of two Caspian bodies do not (1 of 4: "Caspian")."""
    return 2 * len(names & others) >= min(len(names), len(others))


@dataclass
class _Figures:
    """The claims of one key (or story) clustered by what they say, and the clusters compared."""

    items: list[Item]
    clusters: dict[tuple, list[Item]]  # by compare.value_signature
    sigs: list[tuple]  # the clusters' signatures, in a fixed order
    values: list[compare.PreparedClaim]  # a claim of each cluster, undated
    agreeing: list[list[int]]  # the clusters that agree, joined
    disagreements: list[tuple[int, int, str]]  # the pairs of clusters in conflict, with the reason


def _figures(items: list[Item], max_figures: int | None = None) -> _Figures | None:
    """The claims clustered by what they say (compare.value_signature), and the clusters compared once
    each; None for one figure stated by one article. Claims stating more than `max_figures` different
    figures give only their agreements."""
    clusters: dict[tuple, list[Item]] = defaultdict(list)
    for item in items:
        clusters[compare.value_signature(item.record)].append(item)
    sigs = sorted(clusters, key=repr)
    if len(sigs) == 1 and len(_docs(clusters[sigs[0]])) < 2:
        return None
    # dates are split by _key_groups; each value is compared with every other: prepared once
    values = [compare.PreparedClaim(replace(clusters[sig][0].record, as_of=None)) for sig in sigs]
    uf = _UnionFind(len(sigs))
    disagreements: list[tuple[int, int, str]] = []
    too_many = max_figures is not None and len(sigs) > 4 * max_figures  # not worth comparing: see below
    for i in range(0 if too_many else len(sigs)):
        for j in range(i + 1, len(sigs)):
            verdict = compare.compare_values(values[i], values[j])
            if verdict.relation == "agree":
                uf.union(i, j)
            elif verdict.relation == "conflict":
                disagreements.append((i, j, verdict.reason))
    agreeing = uf.components()
    if too_many or max_figures is not None and len(agreeing) > max_figures:
        disagreements = []
    return _Figures(items, clusters, sigs, values, agreeing, disagreements)


def _key_groups(key: str, figures: _Figures | None, tag: str) -> list[FoundGroup]:
    """Agreements, conflicts and outdated figures among claims of one key and one story (_figures).

    Two clusters that disagree give at most two groups: the claims stated within a year of each
    other (a conflict) and, for figures that change over time, those stated more than a year apart
    (outdated). So N articles stating two figures make a handful of groups, not N² pairs.
    """
    if figures is None:
        return []
    clusters, sigs, values = figures.clusters, figures.sigs, figures.values
    first = figures.items[0].record
    tag_ = (tag,) if tag else ()  # groups of a key with one story keep the ids they always had
    found = []
    for comp in figures.agreeing:
        members = [it for i in comp for it in clusters[sigs[i]]]
        if len(_docs(members)) < 2:
            continue
        if len(comp) == 1:
            reason = f"{len(_docs(members))} articles say {members[0].value}"
        else:
            reason = "; ".join(sorted({compare.compare_values(values[comp[0]], values[i]).reason
                                       for i in comp[1:]}))
        found.append(FoundGroup(_gid("claim", "agree", key, repr(sigs[min(comp)]), *tag_), "claim", "agree", key,
                                reason, [members], first.subject, first.property))
    for i, j, reason in figures.disagreements:
        a, b = clusters[sigs[i]], clusters[sigs[j]]
        if compare.changes_over_time(values[i].claim):
            sides = {"conflict": (_near(a, b), _near(b, a)), "outdated": (_far(a, b), _far(b, a))}
        elif compare.KIND_FAMILIES.get(compare.norm_name(first.kind)) == "date":
            sides = {"conflict": (_same_occasion(a, b), _same_occasion(b, a))}
        else:
            sides = {"conflict": (a, b)}
        for relation, (side_a, side_b) in sides.items():
            if not side_a or not side_b or (_docs(side_a) == _docs(side_b) and len(_docs(side_a)) == 1):
                continue  # nothing to pair, or one article disagreeing with itself
            why = reason if relation == "conflict" else f"{reason}: more than a year apart, the figure may have changed"
            found.append(FoundGroup(_gid("claim", relation, key, repr(sigs[i]), repr(sigs[j]), *tag_), "claim",
                                    relation, key, why, [side_a, side_b], first.subject, first.property))
    return found


YEAR = dt.timedelta(days=compare.OUTDATED_AFTER_DAYS)


def _span(item: Item) -> tuple[dt.date, dt.date] | None:
    return compare.as_of_span(item.record.as_of)


def _near(items: list[Item], others: list[Item], span: Callable[[Item], tuple[dt.date, dt.date] | None] = _span,
          within: dt.timedelta = YEAR) -> list[Item]:
    """The items stated within a year (`within`) of some item of `others`, by their as-of dates (`span`;
    an unknown date is near everything)."""
    spans = [span(o) for o in others]
    if None in spans:
        return list(items)
    spans.sort()
    starts = [s[0] for s in spans]
    latest_end = list(accumulate((s[1] for s in spans), max))
    out = []
    for it in items:
        own = span(it)
        k = bisect_right(starts, own[1] + within) if own else 0
        if own is None or (k and latest_end[k - 1] >= own[0] - within):
            out.append(it)
    return out


def _news_day(item: Item) -> tuple[dt.date, dt.date] | None:
    """The day of a dated claim's article (as a span), if the claim dates an event as news: on one
    day, at most STORY_DAYS before the article ("France on Thursday approved", in an article of
    Saturday)."""
    day, published = compare.as_of_span(item.record.value), _span(item)
    if not day or not published or day[0] != day[1] or published[0] != published[1]:
        return None
    return published if 0 <= (published[0] - day[0]).days <= STORY_DAYS else None


def _same_occasion(items: list[Item], others: list[Item]) -> list[Item]:
    """The dated claims that may be of one occasion with some claim of `others`: news of one event
    (_news_day) is one occasion only in articles published within STORY_DAYS of each other. "France
    on Thursday approved" a deployment in a September article and "France on Monday approved" one in
    June are two approvals, not two dates of one. A date given as history ("signed on January 10,
    2023" in a 2024 article), or with no article date, may be of any occasion."""
    return _near(items, others, _news_day, dt.timedelta(STORY_DAYS))


def _far(items: list[Item], others: list[Item]) -> list[Item]:
    """The items stated more than a year before or after some item of `others`."""
    spans = [s for s in map(_span, others) if s]
    if not spans:
        return []
    latest_start, earliest_end = max(s[0] for s in spans), min(s[1] for s in spans)
    return [it for it in items
            if (span := _span(it)) and (latest_start > span[1] + YEAR or earliest_end < span[0] - YEAR)]


def quote_groups(items: list[Item], terms: list[set[str]] | None = None,
                 df: dict[str, int] | None = None, fresh: set[str] | None = None,
                 stored: Iterable[set[str]] = (), known: Known | None = None) -> list[FoundGroup]:
    """Agreements (same words, same speaker) and conflicts (other wording, other speaker) among quotes.

    Only candidate pairs are compared (factdb.compare.candidate_pairs over the quotes' index `terms`
    and the database's term frequencies `df`; by default those of these quotes). Given the ids of the
    `fresh` quotes (new, or to be looked at again), only their pairs are compared, and those within
    one of the `stored` groups (sets of ids: to find them again); any other two quotes were compared
    when the later of them was fresh, and found unrelated. Pairs compared already are in `known`.

    Quotes that agree make one group. The same words credited to several speakers make one
    misattribution group with a side per speaker, however many copies each has; a statement worded
    differently by one speaker is a group per pair of quotes. Quotes conflict only if their articles
    are of one occasion (_one_occasion)."""
    misattributed: list[tuple[int, int, str]] = []
    worded: list[tuple[int, int, compare.Verdict]] = []
    agree_reasons: dict[tuple[int, int], str] = {}
    if terms is None:
        terms = [compare.index_terms(it.record.text) for it in items]
    if fresh is None:
        pairs = sorted(compare.candidate_pairs(terms, df))
    else:
        row = {it.id: k for k, it in enumerate(items)}
        pairs = sorted(compare.candidate_pairs(
            terms, df, focus=[row[q] for q in fresh if q in row],
            among=[[row[q] for q in group if q in row] for group in stored]))
    for i, j, verdict in _verdicts(items, terms, pairs, known):
        if verdict.relation == "agree":
            agree_reasons[(i, j)] = verdict.reason
        elif verdict.diff:
            worded.append((i, j, verdict))
        else:
            misattributed.append((i, j, verdict.reason))
    uf = _agreeing(items, agree_reasons)
    reasons_of: dict[int, set[str]] = defaultdict(set)  # group root → why its pairs agree
    for (i, j), reason in agree_reasons.items():
        if (root := uf.find(i)) == uf.find(j):
            reasons_of[root].add(reason)
    found = []
    for comp in uf.components():
        members = [items[i] for i in comp]
        if len(_docs(members)) < 2:
            continue
        anchor = min(members, key=lambda it: it.id)  # ids, not row numbers: the same whatever the import order
        reasons = sorted(reasons_of[uf.find(comp[0])])
        found.append(FoundGroup(_gid("quote", "agree", anchor.id), "quote", "agree", f"quote:{anchor.id}",
                                "; ".join(reasons), [members], anchor.record.speaker, "quote"))
    found += _misattributions(items, uf, misattributed)
    for i, j, verdict in worded:
        found.append(_quote_conflict([[items[i]], [items[j]]], verdict.reason))
    return found


def _one_occasion(a: Item, b: Item) -> bool:
    """Whether two quotes that conflict may be one statement: their articles were published within
    STORY_DAYS of each other (or a date is unknown), and their titles do not name countries, none
    the same (_other_country). A speaker says a line on many occasions, each a statement of its
    own: "This is a moment Spain will remember" in March and "Today is a moment Spain will
    remember" in June are two. So is a stock line ("The figures speak for themselves.") said by one
    minister in March and by another in June, or by one at Croatia's election and by another at
    Portugal's: no misattribution."""
    return _story_days_apart(a.published, b.published) and not _other_country(
        compare.story_countries(a.story[1]), compare.story_countries(b.story[1]))


def _apart(a: Item, b: Item, speakers: bool | None) -> bool:
    """Whether two quotes cannot relate, given their compare.same_speaker: two people's words on two
    occasions (no misattribution)."""
    return speakers is False and not _one_occasion(a, b)


Known = dict[tuple[str, str], "compare.Verdict | None"]  # verdicts by pair of quote ids (lower first)


def _verdicts(items: list[Item], terms: Sequence[set[str]], pairs: Iterable[tuple[int, int]],
              known: Known | None = None) -> Iterator[tuple[int, int, compare.Verdict]]:
    """compare.compare_quotes of the pairs of `items` (by row) that relate; cheap tests first. The
    verdicts of pairs in `known` are taken from it; those of the others are added to it."""
    words: dict[int, tuple] = {}  # compare.quote_words of the quotes compared, read once each
    content: dict[int, frozenset[str]] = {}  # compare.word_terms of the quotes paired
    for i, j in pairs:
        a, b = items[i], items[j]
        if a.doc == b.doc:
            continue
        ids = (a.id, b.id) if a.id < b.id else (b.id, a.id)
        if known is not None and ids in known:
            if (verdict := known[ids]) is not None:
                yield i, j, verdict
            continue
        verdict = _verdict(items, terms, i, j, words, content)
        if known is not None:
            known[ids] = verdict
        if verdict is not None:
            yield i, j, verdict


def _verdict(items: list[Item], terms: Sequence[set[str]], i: int, j: int, words: dict[int, tuple],
             content: dict[int, frozenset[str]]) -> compare.Verdict | None:
    """compare_quotes of items i and j, unless a cheap test tells they do not relate (the words and
    content words of the quotes are kept in `words` and `content`, by row)."""
    a, b = items[i], items[j]
    speakers = compare.same_speaker(a.record.speaker, b.record.speaker)
    if not speakers:
        if _apart(a, b, speakers):
            return None
        # two speakers (or an unknown one) can only have the same words: ruled out by the terms
        for k in (i, j):
            if k not in content:
                content[k] = compare.word_terms(terms[k])
        if not compare.may_share_words(content[i], content[j]):
            return None
    for k in (i, j):
        if k not in words:
            words[k] = compare.quote_words(items[k].record.text)
    if not compare.words_may_relate(words[i], words[j]):
        return None
    verdict = compare.compare_quotes(a.record, b.record)
    if speakers and verdict is not None and verdict.relation == "conflict" and not _one_occasion(a, b):
        return None  # one speaker's line worded differently on two occasions (two people's: tested above)
    return verdict


def _agreeing(items: list[Item], pairs: Iterable[tuple[int, int]]) -> _UnionFind:
    """The quotes joined by agreeing pairs, never two speakers in one. Quotes of one speaker join, and
    so do quotes with none. A group that agrees where a speaker is unknown (a copy with no speaker,
    "EU and NATO" and "NATO") joins the groups it agrees with only if no two of their speakers differ:
    a copy with no speaker of words credited to two people joins neither."""
    uf = _UnionFind(len(items))
    loose = []
    for i, j in pairs:
        a, b = items[i].record.speaker, items[j].record.speaker
        if (not a and not b) or compare.same_speaker(a, b):
            uf.union(i, j)
        else:
            loose.append((i, j))
    if not loose:
        return uf
    names: dict[int, set[str]] = defaultdict(set)  # group root → its speakers
    for k, it in enumerate(items):
        if it.record.speaker:
            names[uf.find(k)].add(it.record.speaker)
    edges = [(uf.find(i), uf.find(j)) for i, j in loose]
    near: dict[int, set[int]] = defaultdict(set)  # group root → itself and the groups it agrees with loosely
    for a, b in edges:
        near[a] |= {a, b}
        near[b] |= {a, b}
    ok = {root: not _two_speakers(set().union(*(names[r] for r in roots))) for root, roots in near.items()}
    for a, b in edges:
        if ok[a] and ok[b]:
            uf.union(a, b)
    return uf


def _two_speakers(names: set[str]) -> bool:
    return any(compare.same_speaker(x, y) is False for x in names for y in names)


MISATTRIBUTION = "misattribution:"  # how the reason of a misattribution group starts


def _misattributions(items: list[Item], agreeing: _UnionFind, pairs: list[tuple[int, int, str]]) -> list[FoundGroup]:
    """One conflict group for each set of agreement groups that misattribution pairs join, with the
    quotes of each agreement group (one speaker's) as a side. A pair whose quotes also agree through
    a third (one with no speaker) is a group of its own, as the pair it is."""
    sides = _UnionFind(len(items))  # agreement groups (by their root) joined by misattributions
    found = []
    for i, j, reason in pairs:
        a, b = agreeing.find(i), agreeing.find(j)
        if a == b:
            found.append(_quote_conflict([[items[i]], [items[j]]], reason))
        else:
            sides.union(a, b)
    roots = {agreeing.find(k) for pair in pairs for k in pair[:2]}
    members: dict[int, list[Item]] = defaultdict(list)  # agreement group root → its quotes
    for k in range(len(items)):  # a quote with no speaker credits no one: it is on no side
        if items[k].record.speaker and (root := agreeing.find(k)) in roots:
            members[root].append(items[k])
    joined: dict[int, list[int]] = defaultdict(list)  # conflict → its agreement groups
    for root in sorted(roots):
        joined[sides.find(root)].append(root)
    for group in joined.values():
        by_speaker: list[tuple[str, list[Item]]] = []  # agreement groups of one speaker make one side
        for side in sorted((members[r] for r in group), key=lambda ms: min(it.id for it in ms)):
            name = min(side, key=lambda it: it.id).record.speaker
            same = next((ms for other, ms in by_speaker if compare.same_speaker(name, other)), None)
            if same is None:
                by_speaker.append((name, side))
            else:
                same += side
        if len(by_speaker) < 2:
            continue
        names = [name for name, _ in by_speaker]
        reason = (f"{MISATTRIBUTION} the same words are credited to "
                  + ", to ".join(names[:-1]) + f" and to {names[-1]}")
        found.append(_quote_conflict([side for _, side in by_speaker], reason))
    return found


def _quote_conflict(sides: list[list[Item]], reason: str) -> FoundGroup:
    """A quote conflict, its id made from the first quotes of its first two sides (by id): a pair's id
    (and reviewers' verdicts on it) stays when more copies or speakers join it, unless one of theirs
    comes first."""
    sides = sorted(sides, key=lambda side: min(it.id for it in side))
    first, second = (min(side, key=lambda it: it.id) for side in sides[:2])
    return FoundGroup(_gid("quote", "conflict", first.id, second.id), "quote", "conflict", f"quote:{first.id}",
                      reason, sides, first.record.speaker, "quote")


def consistency_groups(conn: Connection) -> list[FoundGroup]:
    """Cheap cross-claim checks (factdb.compare.consistency_flags) over the claims they concern:
    member counts, shared-member counts and ordinals."""
    where = or_(m.Claim.kind == "ordinal", and_(m.Claim.kind == "count", m.Claim.property.like("%member%")))
    items = [it for group in _claim_items(conn, None, where).values() for it in group]
    by_record = {id(it.record): it for it in items}
    found = []
    for flag in compare.consistency_flags([it.record for it in items]):
        members = [by_record[id(c)] for c in flag.claims]
        first = members[0].record
        found.append(FoundGroup(_gid("flag", flag.rule, *sorted(it.id for it in members)), "claim", "inconsistent",
                                f"flag:{flag.rule}", flag.reason, [[it] for it in members], first.subject, first.property))
    return found


def _claim_items(conn: Connection, keys: set[str] | None, where=None) -> dict[str, list[Item]]:
    # the columns are unpacked by position: a Row's attributes cost a microsecond each
    stmt = (select(m.Claim.id, m.Claim.key, m.Claim.source_id, m.Source.doc_key, m.Source.publisher,
                   m.Source.title, m.Claim.sentence, m.Claim.kind, m.Claim.subject, m.Claim.property,
                   m.Claim.value, m.Claim.value_num, m.Claim.evidence, m.Claim.start_char, m.Claim.end_char,
                   m.Claim.unit, m.Claim.low, m.Claim.high, m.Claim.low_open, m.Claim.high_open,
                   m.Claim.hedge, m.Claim.as_of, m.Claim.qualifiers)
            .join(m.Source, m.Source.id == m.Claim.source_id).where(m.Source.is_latest))
    if where is not None:
        stmt = stmt.where(where)
    by_key: dict[str, list[Item]] = defaultdict(list)
    chunks = [None] if keys is None else [sorted(keys)[i:i + 500] for i in range(0, len(keys), 500)]
    for chunk in chunks:
        query = stmt if chunk is None else stmt.where(m.Claim.key.in_(chunk))
        for (cid, key, source_id, doc_key, publisher, title, sentence, kind, subject, prop, value, value_num,
             evidence, start, end, unit, low, high, low_open, high_open, hedge, as_of,
             qualifiers) in conn.execute(query):
            record = Claim(
                kind=kind, subject=subject, property=prop,
                value=value_num if value_num is not None else value,
                evidence=evidence, start=start, end=end, unit=unit, low=low, high=high,
                low_open=bool(low_open), high_open=bool(high_open), hedge=hedge,
                as_of=as_of.isoformat() if as_of else None,
                qualifiers=tuple(json.loads(qualifiers).items()) if qualifiers else ())
            story = (frozenset(), frozenset())
            if compare.needs_story(subject):
                own = compare.story_names(sentence, first_word=False)
                story = (own, own | compare.story_names(title))
            by_key[key].append(Item(cid, source_id, doc_key, publisher, record, value or "", story))
    return by_key


def _quote_items(conn: Connection, ids: set[str]) -> list[Item]:
    """The current direct quotes among `ids`, in article order."""
    stmt = (select(m.Quote.id, m.Quote.source_id, m.Quote.text, m.Quote.kind, m.Quote.start_char,
                   m.Quote.end_char, m.Speaker.name, m.Source.doc_key, m.Source.publisher, m.Source.published,
                   m.Source.title)
            .join(m.Source, m.Source.id == m.Quote.source_id)
            .outerjoin(m.Speaker, m.Speaker.id == m.Quote.speaker_id)
            .where(m.Source.is_latest, m.Quote.kind == "direct"))
    rows = [r for chunk in _chunks(ids) for r in conn.execute(stmt.where(m.Quote.id.in_(chunk)))]
    return sorted((Item(sys.intern(qid), source_id, doc_key, publisher,
                        Quote(text=text, start=start, end=end, kind=kind, speaker=name), name or "unknown speaker",
                        (frozenset(), compare.story_names(title)), published)
                   for qid, source_id, text, kind, start, end, name, doc_key, publisher, published, title in rows),
                  key=_in_article_order)


def _in_article_order(item: Item) -> tuple:
    """By source and position, as in _claim_items."""
    return item.source_id, item.record.start, item.id


SOURCES_PER_STEP = 1000  # sources whose quotes are reconciled together: memory stays bounded
MAX_COUNTED_TERMS = 200_000  # term counts kept from step to step (about 100 bytes each)


def reconcile_quotes(conn: Connection, source_ids: set[int] | None, now: dt.datetime,
                     collect: bool = True, step_done: Callable[[int], None] | None = None) -> list[FoundGroup]:
    """Recompute the quote groups around the quotes of these sources (every source when None): the
    quotes that share index words with theirs (quote_terms), whole groups those belong to, and the
    groups their sources had. Sources are taken SOURCES_PER_STEP at a time; `step_done(n)` is told
    how many are done after each step."""
    if source_ids is None:
        source_ids = _quote_sources(conn)
    found: list[FoundGroup] = []
    df: dict[str, int] = {}  # how many indexed quotes have each term: counted once per reconciliation, mostly
    cache = _QuoteCache()
    done = 0
    later = set(source_ids)  # sources of the steps to come
    for chunk in _chunks(source_ids, SOURCES_PER_STEP):
        later.difference_update(chunk)
        if len(df) > MAX_COUNTED_TERMS:  # counted again when a step needs them
            df.clear()
        step = _reconcile_quote_step(conn, chunk, now, df, later, cache)
        _free_cycles()
        found += step if collect else []
        done += len(chunk)
        if step_done:
            step_done(done)
    return found


def _quote_sources(conn: Connection) -> set[int]:
    """Every source with direct quotes, or with quote groups."""
    sources = set(conn.execute(select(m.Quote.source_id).distinct().where(m.Quote.kind == "direct")).scalars())
    return sources | set(conn.execute(select(m.GroupItem.source_id).distinct().join(m.Group).where(
        m.Group.kind == "quote", m.Group.active)).scalars())


class _QuoteCache:
    """The items, index terms and term postings of the quotes the last quote step read, for the next:
    steps pair with much the same stored quotes (at 10k articles, ~20,500 a step, 32,106 in all ten
    steps), which are then read from the database once, not every step. Quotes do not change during
    a reconciliation. Only one step's quotes are kept, and only those the next step pairs with once
    it knows them (keep_only): kept whole, they raised the peak of a 100k import from 371 to 477 MB.
    (The quotes' words, compare.quote_words, are not kept: 20 % less time at 10k, more memory.)"""

    def __init__(self) -> None:
        self.items: dict[str, Item] = {}  # the last step's, by id
        self.terms: dict[str, set[str]] = {}
        self.step: dict[str, Item] = {}  # this step's, so far
        self.postings: dict[str, list[str]] = {}  # index term → the quotes that have it (looked up once a step)

    def quote_items(self, conn: Connection, ids: set[str]) -> list[Item]:
        """_quote_items of `ids` (not sorted), the last step's from memory."""
        kept = ids & self.items.keys()
        items = [*_quote_items(conn, ids - kept), *(self.items[q] for q in kept)]
        self.step.update((it.id, it) for it in items)
        return items

    def load_terms(self, conn: Connection, ids: set[str], terms: dict[str, set[str]]) -> None:
        """_load_terms of the `ids` not in `terms`, the last step's from memory."""
        todo = ids - terms.keys()
        for q in todo & self.terms.keys():
            terms[q] = self.terms[q]
        _load_terms(conn, todo - self.terms.keys(), terms)

    def keep_only(self, ids: set[str]) -> None:
        """Forget the last step's quotes but these, before this step reads more: at 100k articles a
        step reuses a third of the last step's partners (at 10k, nine tenths), and the rest would
        be held for nothing while this step's are read."""
        self.items = {q: it for q, it in self.items.items() if q in ids}
        self.terms = {q: ws for q, ws in self.terms.items() if q in ids}

    def quotes_with_each(self, conn: Connection, words: set[str]) -> dict[str, list[str]]:
        """The indexed quotes that have each of these words (those none has are left out); the last
        step's postings of other words are forgotten."""
        found = {w: self.postings[w] for w in words & self.postings.keys()}
        for part in _chunks(words - found.keys()):
            for term, qid in conn.execute(select(m.QuoteTerm.term, m.QuoteTerm.quote_id).where(
                    m.QuoteTerm.term.in_(part))):
                found.setdefault(term, []).append(sys.intern(qid))  # one string for a quote's id
        self.postings = found
        return found

    def step_done(self, terms: dict[str, set[str]]) -> None:
        """Keep this step's quotes, with their terms (`terms`: every quote whose terms it loaded is one
        of its items), for the next."""
        self.items, self.step = self.step, {}
        self.terms = {q: terms[q] for q in self.items if q in terms}


def _reconcile_quote_step(conn: Connection, source_ids: list[int], now: dt.datetime,
                          df: dict[str, int], later: set[int], cache: _QuoteCache) -> list[FoundGroup]:
    """Recompute the quote groups around the quotes of `source_ids`; the quotes of sources in `later`
    (the steps to come) are left to their own step, which compares them with these. The quotes it
    reads are left in `cache` for the next step."""
    terms: dict[str, set[str]] = defaultdict(set)  # quote id → its index terms
    for part in _chunks(source_ids):
        _add_terms(conn, _TERMS.join(m.Quote).where(m.Quote.source_id.in_(part)), terms)
    gone = {gid for part in _chunks(source_ids) for gid in conn.execute(
        select(m.GroupItem.group_id).distinct().join(m.Group).where(
            m.GroupItem.source_id.in_(part), m.Group.kind == "quote", m.Group.active)).scalars()}
    _count_terms(conn, {t for ws in terms.values() for t in ws}, df)
    # Words these quotes made too common to pair by: the stored quotes that have them are looked at
    # again, as if new (the pairs they made by those words go, and pairs by their other words come).
    # A word only these quotes have (df == n: a first import) has no stored quote to look up.
    own = Counter(t for ws in terms.values() for t in ws)
    common = {t for t, n in own.items() if df[t] > compare.MAX_BLOCK >= df[t] - n > 0}
    relook = _quotes_with(conn, common) - set(terms)
    cache.load_terms(conn, relook, terms)
    _count_terms(conn, {t for q in relook for t in terms[q]}, df)
    fresh = set(terms)  # these sources' quotes and the relooked: their pairs are all looked at
    known: Known = {}
    loaded = _related(conn, fresh, terms, df, later, known, cache)
    region = _whole(conn, fresh | loaded.keys(), gone | _groups_of(conn, relook))
    cache.load_terms(conn, region, terms)
    _count_terms(conn, {t for q in region for t in terms.get(q, ())}, df)
    items = sorted([*(loaded[q] for q in region & loaded.keys()), *cache.quote_items(conn, region - loaded.keys())],
                   key=_in_article_order)
    cache.step_done(terms)
    current = {it.id for it in items}
    touching = _group_members_by_group(conn, _groups_of(conn, current))
    step = quote_groups(items, [terms.get(it.id, set()) for it in items], df, fresh, touching.values(), known)
    stale = gone | {gid for gid, members in touching.items() if members <= current}
    _save(conn, step, stale, now)
    return step


def _related(conn: Connection, fresh: set[str], terms: dict[str, set[str]], df: dict[str, int],
             later: set[int], known: Known, cache: _QuoteCache) -> dict[str, Item]:
    """The fresh quotes, and the stored ones that agree or conflict with one of them, but for those of
    `later` sources, by id: of the many candidates (_partners) most relate to none, and their groups
    need not be looked at. The verdicts go to `known`; the quotes are read through `cache`.

    A candidate that cannot relate to any fresh quote it shares a term with (of one article, or two
    people's words on two occasions: _apart) is left out before its index terms are read: at 100k
    articles, nine candidates in ten."""
    partners = _partners(conn, terms, df, cache)
    if not partners:  # nothing stored pairs with them (a first import): quote_groups compares their pairs
        return {it.id: it for it in cache.quote_items(conn, fresh)}
    cache.keep_only(fresh | partners.keys())
    loaded = {it.id: it for it in cache.quote_items(conn, fresh | partners.keys())}

    def may_pair(q: str, b: Item) -> bool:
        a = loaded[q]
        return a.doc != b.doc and not _apart(a, b, compare.same_speaker(a.record.speaker, b.record.speaker))

    live = {p for p, qs in partners.items()
            if (it := loaded.get(p)) and it.source_id not in later and any(may_pair(q, it) for q in qs)}
    cache.load_terms(conn, live, terms)
    _count_terms(conn, {t for q in live for t in terms.get(q, ())}, df)
    items = sorted((loaded[q] for q in fresh | live if q in loaded), key=_in_article_order)
    rows = [k for k, it in enumerate(items) if it.id in fresh]
    listed = [terms.get(it.id, set()) for it in items]
    pairs = compare.candidate_pairs(listed, df, focus=rows)
    related = fresh | {items[k].id for i, j, _ in _verdicts(items, listed, pairs, known) for k in (i, j)}
    return {it.id: it for it in items if it.id in related}


def _whole(conn: Connection, region: set[str], groups: set[str]) -> set[str]:
    """`region` with the quotes of `groups`, and with every quote of each agreement or misattribution
    group that one of those is in: a step that sees part of such a group would store that part as
    another group. (A wording conflict is a pair, found again whenever both quotes are looked at.)"""
    region, seen = set(region), set(groups)
    todo = region | _group_members(conn, groups)
    while todo:
        region |= todo
        more = _groups_of(conn, todo, whole=True) - seen
        seen |= more
        todo = _group_members(conn, more) - region
    return region


def _count_terms(conn: Connection, words: set[str], df: dict[str, int]) -> None:
    """Add to `df` how many indexed quotes have each of these words it does not have yet."""
    stmt = select(m.QuoteTerm.term, func.count()).group_by(m.QuoteTerm.term)
    for part in _chunks(words - df.keys()):
        df.update(dict.fromkeys(part, 0))
        df.update(conn.execute(stmt.where(m.QuoteTerm.term.in_(part))).all())


def _partners(conn: Connection, terms: dict[str, set[str]], df: dict[str, int],
              cache: _QuoteCache) -> dict[str, list[str]]:
    """Indexed quotes that make a candidate pair with one of `terms`' quotes (compare.shares_enough),
    each with the quotes of `terms` it may pair with: those it makes a candidate pair with and, if
    it makes one, every other quote it shares a usable term with (a few too many, which _related
    tests pair by pair).
    A stored quote that shares fewer terms than MIN_SHARED with a quote that has more is a partner
    only if those are all its usable terms: its terms are looked up for that."""
    usable = dict(zip(terms, compare.usable_terms_each(terms.values(), df)))
    postings: dict[str, list[str]] = {}  # term → the other quotes that have it
    for term, qids in cache.quotes_with_each(conn, {w for ws in usable.values() for w in ws}).items():
        if others := [q for q in qids if q not in terms]:  # pairs among `terms`' quotes are candidate_pairs' to find
            postings[term] = others
    found: dict[str, list[str]] = defaultdict(list)  # stored quote → the quotes it pairs with
    undecided: dict[str, list[tuple[str, int]]] = defaultdict(list)  # → (quote, terms shared), too few
    for q, ws in usable.items():
        shared = [postings[w] for w in ws if w in postings]
        if not shared:  # as for most quotes
            continue
        fingerprint = next((w for w in ws if compare.is_fingerprint(w)), None)
        copies = set(postings.get(fingerprint, ()))
        # compare.is_candidate, whatever the stored quote's usable terms
        enough = min(compare.MIN_SHARED, len(ws) - (fingerprint is not None))
        for j, n in Counter(chain.from_iterable(shared)).items():
            if n >= enough or j in copies:
                found[j].append(q)
            else:
                undecided[j].append((q, n))
    rest = {}
    for j, shares in undecided.items():
        if j in found:  # a partner: these quotes may pair with it too (if it has few usable terms)
            found[j] += [q for q, _ in shares]
        else:
            rest[j] = shares
    if rest:  # sharing fewer terms than MIN_SHARED: a pair if those are all the stored quote's
        theirs: dict[str, set[str]] = defaultdict(set)
        _load_terms(conn, set(rest), theirs)  # not kept: at 100k, more than the partners
        _count_terms(conn, {t for ws in theirs.values() for t in ws}, df)
        for j, shares in rest.items():
            counted = compare.counted_terms(compare.usable_terms(theirs[j], df))
            if qs := [q for q, n in shares if compare.shares_enough(n, compare.MIN_SHARED, counted)]:
                found[j] = qs
    return found


def _quotes_with(conn: Connection, words: set[str]) -> set[str]:
    return {q for part in _chunks(words) for q in conn.execute(
        select(m.QuoteTerm.quote_id).where(m.QuoteTerm.term.in_(part))).scalars()}


def _load_terms(conn: Connection, ids: set[str], terms: dict[str, set[str]]) -> None:
    for part in _chunks(ids):
        _add_terms(conn, _TERMS.where(m.QuoteTerm.quote_id.in_(part)), terms)


# The index terms of quotes, a row per quote (not per term: ten times fewer rows to read). Terms are words:
# they have no "\x1f".
_TERMS = (select(m.QuoteTerm.quote_id, func.aggregate_strings(m.QuoteTerm.term, "\x1f"))
          .group_by(m.QuoteTerm.quote_id))


def _add_terms(conn: Connection, stmt, terms: dict[str, set[str]]) -> None:
    """Add to `terms` the index terms of the quotes `stmt` (_TERMS, narrowed) selects. Terms are
    interned: tens of thousands of quotes share them, and a step holds the terms of all its partners."""
    for qid, joined in conn.execute(stmt):
        terms[sys.intern(qid)].update(map(sys.intern, joined.split("\x1f")))


def _groups_of(conn: Connection, item_ids: set[str], whole: bool = False) -> set[str]:
    """The active quote groups with one of these items; with `whole`, only the agreements and the
    misattributions (the groups of more than a pair that _whole completes)."""
    # The relation is checked here: in SQL, SQLite looks up the items of every group of the relation
    # (ix_groups_relation) instead of the groups of these items (ix_group_items_item_id).
    stmt = select(m.GroupItem.group_id, m.Group.relation, m.Group.reason).distinct().join(m.Group).where(
        m.Group.kind == "quote", m.Group.active)
    return {gid for part in _chunks(item_ids)
            for gid, rel, reason in conn.execute(stmt.where(m.GroupItem.item_id.in_(part)))
            if not whole or rel == "agree" or reason.startswith(MISATTRIBUTION)}


def _group_members_by_group(conn: Connection, group_ids: set[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for part in _chunks(group_ids):
        for gid, item in conn.execute(select(m.GroupItem.group_id, m.GroupItem.item_id)
                                      .where(m.GroupItem.group_id.in_(part))):
            out[gid].add(item)
    return out


def _group_members(conn: Connection, group_ids: set[str]) -> set[str]:
    return {item for members in _group_members_by_group(conn, group_ids).values() for item in members}


KEYS_PER_STEP = 500  # claim keys reconciled (read, compared, saved) together: memory stays bounded
CLAIMS_PER_STEP = 20_000  # ... and no more keys than have about this many claims


def _key_steps(conn: Connection, keys: set[str]) -> Iterable[list[str]]:
    """The keys in steps of at most KEYS_PER_STEP keys and, unless one key has more, CLAIMS_PER_STEP claims."""
    count = select(m.Claim.key, func.count()).group_by(m.Claim.key)
    for chunk in _chunks(keys, KEYS_PER_STEP):
        sizes = dict(conn.execute(count.where(m.Claim.key.in_(chunk))).all())
        step, total = [], 0
        for key in chunk:
            if step and total + sizes.get(key, 0) > CLAIMS_PER_STEP:
                yield step
                step, total = [], 0
            step.append(key)
            total += sizes.get(key, 0)
        if step:
            yield step


def _gc_paused(fn):
    """`fn` run with the cyclic garbage collector paused. Reconcile makes millions of objects and few
    reference cycles (4,010 objects left to the collector after 10k articles), and the collections that
    so many objects set off cost about a tenth of its CPU. Reference counting frees memory meanwhile;
    the collector runs as usual after."""
    @functools.wraps(fn)
    def run(*args, **kwargs):
        if not gc.isenabled():  # paused already (a caller's, or another thread's, reconciliation)
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()
    return run


def _free_cycles() -> None:
    """Free the reference cycles a step left (a few thousand objects, which can hold a step's rows):
    with the collector paused they would pile up step after step (at 10k articles, 80 MB more in
    the quote steps). Only the youngest generation is looked at, the objects made since the last
    step: it is quick."""
    gc.collect(0)


@_gc_paused
def reconcile(conn: Connection, claim_keys: set[str] | None = None,
              quotes: bool | set[int] = True, collect: bool = True,
              progress: Callable[[int, int], None] | None = None) -> list[FoundGroup]:
    """Recompute the groups of the given claim keys (all keys when None) and of quotes: all of them
    (True), none (False), or those around the quotes of a set of source ids. Return the groups
    found, or nothing when `collect` is False (all the groups of a large import fill memory).

    Keys are taken a step at a time (_key_steps), so memory holds the claims of a few keys, not of the
    whole database. Groups found before and not found now are kept but marked inactive (never
    deleted: reviewers may have annotated them); groups found again keep their id and first_found.
    `progress(done, total)` is called after each step: claim keys and quotes' sources reconciled.
    """
    with page_cache(conn, READING_CACHE_KB):
        return _reconcile(conn, claim_keys, quotes, collect, progress)


def _reconcile(conn: Connection, claim_keys: set[str] | None, quotes: bool | set[int], collect: bool,
               progress: Callable[[int, int], None] | None) -> list[FoundGroup]:
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    stale = select(m.Group.id).where(m.Group.kind == "claim", m.Group.active, m.Group.relation != "inconsistent")
    if claim_keys is None:  # every key with claims, and every key that had groups
        claim_keys = set(conn.execute(select(m.Claim.key).distinct()).scalars())
        claim_keys |= set(conn.execute(select(m.Group.key).distinct().where(
            m.Group.kind == "claim", m.Group.relation != "inconsistent")).scalars())
    sources = (_quote_sources(conn) if quotes is True else quotes) or set()
    total, done = len(claim_keys) + len(sources), 0
    found: list[FoundGroup] = []
    for chunk in _key_steps(conn, claim_keys):
        step = [g for key, items in _claim_items(conn, set(chunk)).items() for g in claim_groups(key, items)]
        _save(conn, step, set(conn.execute(stale.where(m.Group.key.in_(chunk))).scalars()), now)
        _free_cycles()
        found += step if collect else []
        done += len(chunk)
        if progress:
            progress(done, total)
    if claim_keys:
        step = consistency_groups(conn)
        _save(conn, step, set(conn.execute(select(m.Group.id).where(
            m.Group.relation == "inconsistent", m.Group.active)).scalars()), now)
        found += step if collect else []
    if sources:
        def step_done(n: int) -> None:
            if progress:
                progress(done + n, total)
        found += reconcile_quotes(conn, sources, now, collect, step_done)
    return found


def reconcile_pending(conn: Connection, collect: bool = True,
                      progress: Callable[[int, int], None] | None = None) -> list[FoundGroup]:
    """Recompute what imports queued in pending_keys, and clear the queue, in the caller's transaction
    (returning the groups found unless `collect` is False; `progress` as for reconcile).

    One reconciliation runs at a time (db.serialize). A key is cleared only if its stamp is still
    the one read here: an importer that queued it again meanwhile (its article perhaps not yet
    committed when the claims were read) leaves it pending for the next reconciliation."""
    from factdb.store import QUOTES_KEY

    serialize(conn, "factdb:reconcile")
    pending = {k: stamp for k, stamp in conn.execute(select(m.PendingKey.key, m.PendingKey.stamp))}
    if not pending:
        return []
    sources = {int(k.rsplit(":", 1)[1]) for k in pending if k.startswith(QUOTES_KEY + ":")}
    claim_keys = {k for k in pending if k != QUOTES_KEY and not k.startswith(QUOTES_KEY + ":")}
    found = reconcile(conn, claim_keys, quotes=True if QUOTES_KEY in pending else (sources or False),
                      collect=collect, progress=progress)
    conn.execute(delete(m.PendingKey).where(m.PendingKey.key == bindparam("k"),
                                            m.PendingKey.stamp.is_not_distinct_from(bindparam("s"))),
                 [{"k": k, "s": stamp} for k, stamp in sorted(pending.items())])
    return found


def _chunks(ids: Iterable[str], size: int = 500) -> Iterable[list[str]]:
    """Sorted ids in slices small enough for one IN list on any backend."""
    ids = sorted(ids)
    return (ids[i:i + size] for i in range(0, len(ids), size))


_UPDATE_GROUP = update(m.Group).where(m.Group.id == bindparam("group_id")).values(
    {c: bindparam(c) for c in ("kind", "relation", "key", "subject", "property", "reason",
                               "independent_sources", "active", "updated_at")})


def _save(conn: Connection, found: list[FoundGroup], stale_ids: set[str], now: dt.datetime) -> None:
    found_ids = {g.id for g in found}
    for chunk in _chunks(stale_ids - found_ids):
        conn.execute(update(m.Group).where(m.Group.id.in_(chunk)).values(active=False, updated_at=now))
    if not found:
        return
    existing = {gid for chunk in _chunks(found_ids)
                for gid in conn.execute(select(m.Group.id).where(m.Group.id.in_(chunk))).scalars()}
    new_rows, found_again, item_rows = [], [], []
    for g in found:
        values = dict(kind=g.kind, relation=g.relation, key=g.key, subject=g.subject, property=g.property,
                      reason=g.reason, independent_sources=g.independent_sources(), active=True, updated_at=now)
        if g.id in existing:
            found_again.append(dict(group_id=g.id, **values))
        else:
            new_rows.append(dict(id=g.id, first_found=now, **values))
        item_rows += [dict(group_id=g.id, item_id=it.id, source_id=it.source_id, side=side, value=it.value)
                      for side, members in enumerate(g.sides) for it in members]
    if found_again:  # one statement, executed for every row
        conn.execute(_UPDATE_GROUP, found_again)
    if new_rows:
        conn.execute(insert(m.Group), new_rows)
    for chunk in _chunks(found_ids):
        conn.execute(delete(m.GroupItem).where(m.GroupItem.group_id.in_(chunk)))
    conn.execute(insert(m.GroupItem), item_rows)
