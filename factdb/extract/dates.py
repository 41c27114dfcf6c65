"""Temporal expressions with TIMEX3 values, resolved against the publication date and tense."""
from __future__ import annotations

from factdb.records import Article, TimeExpr


def dates(article: Article) -> list[TimeExpr]:
    return []
