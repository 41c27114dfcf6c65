"""RawArticle → Article: normalise, split paragraphs and sentences, find metadata."""
from __future__ import annotations

import datetime as dt
import re

from syntok import segmenter

from factdb.records import Article, Paragraph, RawArticle, Sentence

# One character for one character, so offsets in the folded text are offsets in the original.
FOLD = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u2002": " ", "\u2003": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
})

RE_LINE = re.compile(r"[^\n]+")


def normalise(text: str) -> str:
    """Fold typographic quotation marks, dashes and spaces to ASCII, keeping the length."""
    return text.translate(FOLD)


def paragraphs(text: str) -> list[Paragraph]:
    """Each non-blank line is a paragraph (news text puts one paragraph on a line)."""
    out = []
    for m in RE_LINE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Paragraph(start, end))
    return out


def sentences(text: str, paras: list[Paragraph]) -> list[Sentence]:
    """Sentences cut out of the original text by syntok's token offsets."""
    out = []
    for i, p in enumerate(paras):
        chunk = text[p.start:p.end]
        for para in segmenter.analyze(chunk):
            for sent in para:
                toks = [t for t in sent if t.value]
                if not toks:
                    continue
                start = toks[0].offset
                end = toks[-1].offset + len(toks[-1].value)
                out.append(Sentence(p.start + start, p.start + end, i))
    return out


def parse(raw: RawArticle, published: dt.date | None = None) -> Article:
    """Parse one article; `published` overrides the publication date found in the text."""
    text = raw.text
    paras = paragraphs(text)
    title = raw.title or (text[paras[0].start:paras[0].end] if paras else None)
    return Article(
        raw=raw, text=text, norm=normalise(text), title=title, published=published,
        published_how="given" if published else None,
        publisher=raw.publisher, author=raw.author, paragraphs=tuple(paras),
        sentences=tuple(sentences(text, paras)),
    )
