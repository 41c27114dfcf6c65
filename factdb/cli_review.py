"""Reviewing commands (review queue, exports, reviews report), registered on the main `cli` group."""
from __future__ import annotations

import json
import sys

import click

from factdb.cli import cli, format_option, open_db, report
from factdb.errors import FactdbError

REVIEWER_OPTION = click.option("--reviewer", envvar="FACTDB_REVIEWER",
                               help="Who you are [env FACTDB_REVIEWER; default: login name].")


def read_key() -> str:
    """One key press from the terminal; from standard input when it is not one (scripts, tests).
    "" at the end of the input and on Ctrl-C / Ctrl-D."""
    try:
        return (click.getchar() if sys.stdin.isatty() else sys.stdin.read(1)).lower()
    except (KeyboardInterrupt, EOFError):
        return ""


@cli.command()
@REVIEWER_OPTION
@click.option("--kind", type=click.Choice(["claim", "quote", "group"]), help="Only this kind of item.")
@click.option("--second-opinion", is_flag=True,
              help="Also queue claims and quotes other reviewers judged (not you), to measure agreement.")
@click.pass_context
def review(ctx, reviewer, kind, second_opinion):
    """Review items one by one in the terminal, with single keys.

    Conflicts you have not judged come first, then claims nobody has judged (those stated by the
    most articles first), then quotes. Each shows its evidence, the sentence around it and its
    source. Keys: a digit records the verdict shown in the legend, n adds a note to the next verdict,
    s skips, b goes back, q quits. Items you judged do not come back; skipped ones do, next time.
    """
    from factdb.review import annotate, reviewer_name
    from factdb.review_queue import build_queue, entry_text, legend

    db = open_db(ctx)
    who = reviewer_name(reviewer)
    queue = build_queue(db, who, kind, second_opinion)
    click.echo(f"{who}: {queue.summary()}")
    if not queue:
        return
    recorded: dict[str, str] = {}
    skipped: set[str] = set()
    i, shown, note = 0, None, None
    while i < len(queue):
        entry = queue[i]
        if shown != i:
            click.echo("\n" + entry_text(entry, i + 1, len(queue)))
            if entry.id in recorded:
                click.echo(f"(you recorded: {recorded[entry.id]})")
            click.echo(legend(entry))
            shown = i
        key = read_key()
        if key.isspace():
            continue
        if key in ("s", "b", "q", "") and note:
            click.echo("note dropped")
            note = None
        if key in ("q", ""):
            break
        if key == "s":
            click.echo("skipped")
            skipped.add(entry.id)
            i += 1
        elif key == "b":
            if i == 0:
                click.echo("this is the first item")
            i = max(i - 1, 0)
        elif key == "n":
            note = click.prompt("note", default="", show_default=False).strip() or None
            click.echo("now press a verdict key" if note else "no note")
        elif key in entry.keys:
            try:
                annotate(db, entry.id, entry.keys[key], note, who)
            except FactdbError as e:
                click.echo(f"not recorded: {e}")
            else:
                recorded[entry.id] = entry.keys[key]
                skipped.discard(entry.id)
                click.echo(f"recorded: {entry.keys[key]}" + (f" (note: {note})" if note else ""))
            note = None
            i += 1
        else:
            click.echo(f"no action for {key!r}; keys: {legend(entry)}")
    left = len(queue) - len(recorded)
    click.echo(f"\n{len(recorded)} recorded, {len(skipped)} skipped, {left} still to review"
               + ("; run `factdb review` again to go on" if left else ""))


@report.command("reviews")
@format_option()
@click.pass_context
def reviews(ctx, fmt):
    """Reviewers' work and agreement: counts per reviewer, Cohen's kappa per pair, disagreements."""
    from factdb.render import as_csv
    from factdb.review import REVIEW_CSV_COLUMNS, reviews_csv_rows, reviews_summary, reviews_text

    summary = reviews_summary(open_db(ctx))
    if fmt == "json":
        click.echo(json.dumps(summary, indent=2, ensure_ascii=False))
    elif fmt == "csv":
        click.echo(as_csv(reviews_csv_rows(summary), REVIEW_CSV_COLUMNS))
    else:
        click.echo(reviews_text(summary))


@cli.group()
def export():
    """Export reviewed claims: ClaimReview JSON-LD for the web, CSV for spreadsheets."""


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def output_option(f):
    return click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-",
                        help="Write to this file [default: standard output].")(f)


@export.command("claimreview")
@output_option
@click.option("--publisher", help="The organisation publishing the reviews (ClaimReview author) "
                                  "[default: each review's reviewer, as a person].")
@click.option("--url-base", metavar="URL",
              help="Where the reviews are published: each gets URL/claim/ID as its url and @id "
                   "[default: @id urn:factdb:claim/ID, no url].")
@click.pass_context
def claimreview(ctx, output, publisher, url_base):
    """Write schema.org ClaimReview JSON-LD for every claim with a current verdict."""
    from factdb.export import claim_reviews

    doc, warnings = claim_reviews(open_db(ctx), publisher, url_base)
    for w in warnings:
        click.echo(f"factdb: {w}", err=True)
    output.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    if output.name != "<stdout>":
        click.echo(f"{plural(len(doc['@graph']), 'claim review')} written to {output.name}", err=True)


@export.command("csv")
@output_option
@click.option("--reviewed", is_flag=True, help="Only claims with a verdict.")
@click.pass_context
def csv_(ctx, output, reviewed):
    """Write claims as CSV with their source, current verdict, reviewer and note."""
    from factdb.export import CSV_COLUMNS, claim_rows
    from factdb.render import as_csv

    rows = claim_rows(open_db(ctx), reviewed)
    output.write(as_csv(rows, CSV_COLUMNS) + "\n")
    if output.name != "<stdout>":
        click.echo(f"{plural(len(rows), 'claim')} written to {output.name}", err=True)
