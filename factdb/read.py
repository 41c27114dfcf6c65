"""Files, folders, JSON Lines and HTML pages → RawArticle (or a ReadError naming the problem)."""
from __future__ import annotations

import codecs
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from factdb.errors import ReadError
from factdb.records import RawArticle

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MAX_BYTES = 64 * 1024 * 1024  # a single article file larger than this is refused
MIN_HTML_TEXT = 40  # characters (not counting spaces) of main text an HTML page must have
JSON_FIELDS = ("title", "url", "published", "publisher", "author")


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and files below folders named (recursively, hidden ones skipped), in order."""
    for p in map(Path, paths):
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        else:
            yield p


def decode(data: bytes, where: str) -> str:
    """Bytes → text: UTF-8 (with or without BOM), or UTF-16 with a BOM or plainly ASCII-in-UTF-16."""
    if not data.strip():
        raise ReadError(where, "empty file")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _decode_as(data, codec, where)
    if b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec:
            try:
                return _decode_as(data, codec, where)
            except ReadError:
                pass
        raise ReadError(where, "binary file, not text")
    return _decode_as(data, "utf-8", where)


def _utf16_without_bom(data: bytes) -> str | None:
    """Mostly-ASCII UTF-16 shows NUL in every other byte; guess its byte order from where."""
    sample = data[:4096]
    if len(sample) < 16 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.8 * half and even == 0:
        return "utf-16-le"
    if even > 0.8 * half and odd == 0:
        return "utf-16-be"
    return None


def _decode_as(data: bytes, codec: str, where: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as e:
        name = "UTF-8" if codec.startswith("utf-8") else codec.upper()
        raise ReadError(where, f"not valid {name} (byte 0x{data[e.start]:02x} at offset {e.start})") from None
    if "\x00" in text:
        raise ReadError(where, "binary file, not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError(where, "empty file (only white space)")
    return text


def path_text(path: str | Path) -> str:
    """The path as text that any database can store: bytes of a file name that are not UTF-8
    (surrogate escapes on POSIX) are written as backslash escapes, so "caf\\xe9.txt" stays distinct."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def read_file(path: Path) -> Iterator[RawArticle | ReadError]:
    """The articles in one file; problems come back as ReadError values, never raised."""
    where = path_text(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(where, f"file too large ({size} bytes; at most {MAX_BYTES})")
        text = decode(path.read_bytes(), where)
    except ReadError as e:
        yield e
        return
    except OSError as e:
        yield ReadError(where, e.strerror or str(e))
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _json_lines(path, text)
    elif suffix == ".json":
        yield from _json_document(path, text)
    elif suffix in HTML_SUFFIXES or _looks_like_html(text):
        yield _html(path, text)
    else:
        yield RawArticle(file=path_text(path.name), path=where, text=text, format="text")


def read_paths(paths: Iterable[str | Path]) -> Iterator[RawArticle | ReadError]:
    for path in iter_files(paths):
        if not path.exists():
            yield ReadError(path_text(path), "no such file or folder")
            continue
        yield from read_file(path)


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def _from_record(path: Path, where: str, record, fmt: str) -> RawArticle | ReadError:
    if not isinstance(record, dict):
        return ReadError(where, f"expected a JSON object, got {type(record).__name__}")
    body = record.get("text") or record.get("body")
    if not isinstance(body, str) or not body.strip():
        return ReadError(where, "no article text (a non-empty \"text\" or \"body\" field)")
    fields = {}
    for name in JSON_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return ReadError(where, f"field {name!r} must be a string")
        fields[name] = value.strip() if value and value.strip() else None
    for name, value in (("text", body), *fields.items()):
        if problem := _bad_character(value):
            return ReadError(where, f"field {name!r} holds {problem}")
    return RawArticle(file=path_text(path.name), path=where, text=body.replace("\r\n", "\n"),
                      format=fmt, **fields)


def _bad_character(value: str | None) -> str | None:
    """What makes a JSON string unstorable as text: a NUL or a lone surrogate (\\ud800)."""
    if not value:
        return None
    if "\x00" in value:
        return f"a NUL character (at offset {value.index(chr(0))})"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        return f"a lone surrogate \\u{ord(value[e.start]):04x} (at offset {e.start}), not valid Unicode"
    return None


def _json_lines(path: Path, text: str) -> Iterator[RawArticle | ReadError]:
    found = False
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        found = True
        where = f"{path_text(path)}:{n}"
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as e:
            yield ReadError(where, f"malformed JSON ({getattr(e, 'msg', 'nested too deeply')})")
            continue
        yield _from_record(path, where, record, "jsonl")
    if not found:
        yield ReadError(path_text(path), "empty file")


def _json_document(path: Path, text: str) -> Iterator[RawArticle | ReadError]:
    try:
        doc = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as e:
        yield ReadError(path_text(path), f"malformed JSON ({getattr(e, 'msg', 'nested too deeply')})")
        return
    if doc == []:
        yield ReadError(path_text(path), "no article (an empty JSON list)")
    records = doc if isinstance(doc, list) else [doc]
    for i, record in enumerate(records):
        where = path_text(path)
        yield _from_record(path, f"{where}[{i}]" if isinstance(doc, list) else where, record, "json")


def _html(path: Path, html: str) -> RawArticle | ReadError:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as e:  # trafilatura raises a variety of parser errors on broken markup
        return ReadError(path_text(path), f"unreadable HTML ({type(e).__name__})")
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or len("".join(text.split())) < MIN_HTML_TEXT:  # navigation crumbs are not an article
        return ReadError(path_text(path), "no article text found in the HTML")
    return RawArticle(
        file=path_text(path.name), path=path_text(path), text=text, format="html",
        url=getattr(doc, "url", None), title=getattr(doc, "title", None),
        published=getattr(doc, "date", None), publisher=getattr(doc, "sitename", None),
        author=getattr(doc, "author", None),
    )
