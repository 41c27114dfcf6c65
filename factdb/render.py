"""Render lists of rows as a terminal table, JSON, CSV or Markdown."""
from __future__ import annotations

import csv
import io
import orjson
import shutil
from collections.abc import Iterable, Iterator, Sequence

FORMATS = ("table", "json", "csv")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def side_mark(relation: str, side: int) -> str:
    """How a group item's side is marked in text: A, B, C… for the sides of a conflict (a
    misattribution or a consistency flag can have more than two), "=" in an agreement."""
    return "=" if relation == "agree" else chr(ord("A") + side) if side < 26 else str(side + 1)


def as_json(rows: Iterable[dict]) -> str:
    return "".join(json_chunks(rows)).rstrip("\n")


def json_chunks(rows: Iterable[dict]) -> Iterator[str]:
    """A JSON array, one row a line, piece by piece: any number of rows in little memory, and fast
    (orjson; the json module's indenting encoder is pure Python, twenty times slower)."""
    first = True
    for row in rows:
        yield ("[\n" if first else ",\n") + orjson.dumps(row, default=str, option=orjson.OPT_NON_STR_KEYS).decode()
        first = False
    yield "[]\n" if first else "\n]\n"


def as_csv(rows: Iterable[dict], columns: Sequence[str]) -> str:
    return "".join(csv_chunks(rows, columns)).rstrip("\n")


def csv_chunks(rows: Iterable[dict], columns: Sequence[str], per_chunk: int = 500) -> Iterator[str]:
    """CSV with a header line, `per_chunk` rows at a time."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for n, row in enumerate(rows, 1):
        writer.writerow({c: _csv_cell(row.get(c)) for c in columns})
        if n % per_chunk == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return value


def as_markdown(rows: Sequence[dict], columns: Sequence[str]) -> str:
    def esc(v):
        return _cell(v).replace("|", "\\|")

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(esc(r.get(c)) for c in columns) + " |" for r in rows]
    return "\n".join(lines)


def as_table(rows: Sequence[dict], columns: Sequence[str], width: int | None = None) -> str:
    """A plain-text table that fits the terminal: wide columns are shortened with an ellipsis."""
    if not rows:
        return "(no rows)"
    width = width or shutil.get_terminal_size((120, 24)).columns
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    budget = max(width - 2 * (len(columns) - 1), 10 * len(columns))
    while sum(widths) > budget:  # shrink the widest column until the table fits
        i = max(range(len(widths)), key=widths.__getitem__)
        if widths[i] <= 8:
            break
        widths[i] -= 1

    def fit(text: str, w: int) -> str:
        return text if len(text) <= w else text[: w - 1] + "…"

    lines = ["  ".join(fit(c, w).ljust(w) for c, w in zip(columns, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(fit(v, w).ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


def render(rows: Sequence[dict], columns: Sequence[str], fmt: str) -> str:
    if fmt == "json":
        return as_json(rows)
    if fmt == "csv":
        return as_csv(rows, columns)
    if fmt == "markdown":
        return as_markdown(rows, columns)
    return as_table(rows, columns)
