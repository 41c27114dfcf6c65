"""Direct and reported quotes with their attribution (speaker mention and cue verb)."""
from __future__ import annotations

from factdb.records import Article, Quote


def quotes(article: Article) -> list[Quote]:
    return []
