"""The factdb command line: thin click commands over the library."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from factdb.errors import FactdbError, ReadError


class Group(click.Group):
    """Turns every FactdbError into a one-line message and exit status 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except FactdbError as e:
            raise click.ClickException(str(e)) from None


def iso_date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2024-05-06") from None


@click.group(cls=Group)
@click.version_option(package_name="factdb")
@click.option("--db", envvar="FACTDB_DB", metavar="PATH|URL",
              help="Database file or SQLAlchemy URL [env FACTDB_DB; default: factdb.sqlite].")
@click.pass_context
def cli(ctx, db):
    """factdb: track claims and quotes across news articles."""
    ctx.obj = {"db": db}


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text", show_default=True)
@click.option("--published", callback=iso_date, metavar="YYYY-MM-DD",
              help="Publication date to use instead of the one found in the text.")
def extract(file, fmt, published):
    """Read one article and print what factdb finds, without a database."""
    from factdb.pipeline import as_dict, process
    from factdb.read import read_file

    results = list(read_file(file))
    errors = [r for r in results if isinstance(r, ReadError)]
    if errors:
        raise errors[0]
    docs = [as_dict(process(raw, published=published)) for raw in results]
    if fmt == "json":
        click.echo(json.dumps(docs[0] if len(docs) == 1 else docs, indent=1, ensure_ascii=False))
        return
    from factdb.report import extraction_text

    for doc in docs:
        click.echo(extraction_text(doc))
