"""Claims: counts, ordinals, durations, amounts, percentages and dated events."""
from __future__ import annotations

from factdb.records import Article, Claim, TimeExpr


def claims(article: Article, dates: list[TimeExpr]) -> list[Claim]:
    return []
