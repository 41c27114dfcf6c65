"""The factdb command line: thin click commands over the library."""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from contextlib import contextmanager, nullcontext
from pathlib import Path

import click

from factdb.errors import FactdbError, ReadError, one_line
from factdb.records import GROUP_VERDICTS, ITEM_VERDICTS


class Group(click.Group):
    """Turns every FactdbError into a one-line message and exit status 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except FactdbError as e:
            raise click.ClickException(str(e)) from None


def main() -> None:
    """The `factdb` command. Once a command has finished and its databases are closed, the process ends
    without the interpreter's teardown, which frees every module and object one at a time: 0.25 s for
    an empty command on the development machine and 0.5 s after an import, the slowest part of a
    short command. (Tests call `cli` in-process, which returns as usual.) Output that cannot be
    written is one line on stderr, not a traceback."""
    try:
        cli.main(prog_name="factdb")  # standalone: it always ends with SystemExit
        code = 0
    except SystemExit as e:
        code = e.code
    except OSError as e:
        code = _output_error(e)
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # what SystemExit("message") does
        code = 1
    db = sys.modules.get("factdb.db")  # imported by every command that opened a database
    if db is not None:
        db.close_all()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError as e:
        code = code or _output_error(e)
    os._exit(code or 0)


SIGPIPE_STATUS = 141  # what a shell reports for a process that SIGPIPE ended


def _output_error(e: OSError) -> int:
    """The exit status for output that could not be written; says why on stderr, except for a reader
    that went away (factdb sql ... | head), which needs no word."""
    if isinstance(e, BrokenPipeError):
        return SIGPIPE_STATUS
    try:
        print(f"Error: cannot write the output: {e.strerror or e}", file=sys.stderr, flush=True)
    except OSError:
        pass
    return 1


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


def format_option(*choices: str):
    choices = choices or ("table", "json", "csv")
    return click.option("--format", "fmt", type=click.Choice(choices), default="table", show_default=True,
                        help="Output format.")


def open_db(ctx):
    from factdb.db import connect

    return connect(ctx.obj["db"])


def echo_rows(rows, columns, fmt):
    from factdb.render import render

    click.echo(render(rows, columns, fmt))


def verdict_options(verdicts):
    def decorate(f):
        f = click.option("--unreviewed", is_flag=True, help="Only items no reviewer has annotated.")(f)
        return click.option("--verdict", type=click.Choice(verdicts), help="Only items whose current verdict is this.")(f)
    return decorate


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar [default: when standard error is a terminal].")
@click.option("--jobs", "-j", type=click.IntRange(1), default=None,
              help="Worker processes that read articles [default: all cores; 1 for a few small files].")
@click.pass_context
def import_(ctx, paths, progress, jobs):
    """Import articles: text files, JSON Lines, JSON and HTML, folders recursively.

    Articles are stored in batches of whole articles, a transaction each. Unchanged articles are
    skipped; a changed article (same file name or URL) is stored as a new version. Files that cannot
    be read are reported and skipped, and make the exit status 1. Ctrl-C (or SIGTERM) stops it with
    exit status 130, keeping what it stored.
    """
    import signal

    from factdb.importer import ImportInterrupted, import_paths, jobs_for
    from factdb.read import iter_files

    db = open_db(ctx)
    if progress is None:
        progress = sys.stderr.isatty()
    files = list(iter_files(paths))
    if jobs is None:
        jobs = jobs_for(files)

    def report_failure(where, reason):
        click.echo(f"factdb: {one_line(where)}: {one_line(reason)} (skipped)", err=True)

    sigterm = signal.signal(signal.SIGTERM, signal.default_int_handler)  # `kill` stops it as Ctrl-C does
    try:
        if progress:
            with click.progressbar(length=len(files), label="importing", file=sys.stderr) as bar, \
                    reconcile_bar() as reconciling:
                summary = import_paths(db, paths, on_file=lambda _: bar.update(1), on_failure=report_failure,
                                       jobs=jobs, on_reconcile=reconciling)
        else:
            summary = import_paths(db, paths, on_failure=report_failure, jobs=jobs)
    except ImportInterrupted as e:
        click.echo(f"factdb: import interrupted ({e.summary.counts()}): what it stored is kept; run it again "
                   "to finish (stored articles are skipped)", err=True)
        ctx.exit(130)
    finally:
        signal.signal(signal.SIGTERM, sigterm)
    click.echo(summary.line())
    if summary.failed:
        ctx.exit(1)


@contextmanager
def reconcile_bar():
    """A progress bar for a reconciliation, shown from its first step on: yields its progress(done, total)."""
    bars = []

    def progress(done: int, total: int) -> None:
        if not bars:
            bars.append(click.progressbar(length=max(total, 1), label="reconciling", file=sys.stderr))
            bars[0].__enter__()
        bars[0].update(done - bars[0].pos)

    try:
        yield progress
    finally:
        if bars:
            bars[0].__exit__(None, None, None)


@cli.command()
@click.option("--failures", is_flag=True, help="List what the imports could not read, and why.")
@click.option("--id", "import_id", type=int, help="Only this import's failures (with --failures).")
@format_option()
@click.pass_context
def imports(ctx, failures, import_id, fmt):
    """List the runs of `factdb import`: when, status (done, interrupted, running) and counts."""
    from factdb import listings

    if failures or import_id is not None:
        echo_rows(listings.import_failures(open_db(ctx), import_id), listings.FAILURE_COLUMNS, fmt)
    else:
        echo_rows(listings.imports(open_db(ctx)), listings.IMPORT_COLUMNS, fmt)


@cli.command()
@click.pass_context
def reconcile(ctx):
    """Work out the agreements and conflicts of articles an interrupted import stored.

    `factdb import` does this at its end; an import stopped before (Ctrl-C, kill) leaves its
    articles queued, and the reports say so."""
    from factdb.importer import reconcile_waiting
    from factdb.report import waiting

    database = open_db(ctx)
    if n := waiting(database):
        with reconcile_bar() if sys.stderr.isatty() else nullcontext(None) as progress:
            reconcile_waiting(database, progress)
    click.echo(f"reconciled: {n} claim keys and articles' quotes were waiting" if n else "reconciled: nothing was waiting")


@cli.command()
@click.option("--source", help="File name, URL or title contains this (or a source id).")
@click.option("--all-versions", is_flag=True, help="Also list earlier versions of changed articles.")
@format_option()
@click.pass_context
def sources(ctx, source, all_versions, fmt):
    """List imported articles."""
    from factdb import listings

    echo_rows(listings.sources(open_db(ctx), source, all_versions), listings.SOURCE_COLUMNS, fmt)


@cli.command()
@click.option("--source", help="File name, URL or title contains this (or a source id).")
@click.option("--speaker", help="Speaker name or alias contains this.")
@click.option("--kind", type=click.Choice(["direct", "indirect"]))
@verdict_options(ITEM_VERDICTS)
@format_option()
@click.pass_context
def quotes(ctx, source, speaker, kind, verdict, unreviewed, fmt):
    """List quotes with their speakers and current verdicts."""
    from factdb import listings

    echo_rows(listings.quotes(open_db(ctx), source, speaker, kind, verdict, unreviewed), listings.QUOTE_COLUMNS, fmt)


@cli.command()
@click.option("--source", help="File name, URL or title contains this (or a source id).")
@click.option("--kind", type=click.Choice(["count", "ordinal", "duration", "amount", "percent", "date"]))
@click.option("--subject", help="Subject contains this.")
@verdict_options(ITEM_VERDICTS)
@format_option()
@click.pass_context
def claims(ctx, source, kind, subject, verdict, unreviewed, fmt):
    """List claims with their current verdicts."""
    from factdb import listings

    echo_rows(listings.claims(open_db(ctx), source, kind, subject, verdict, unreviewed), listings.CLAIM_COLUMNS, fmt)


@cli.command()
@click.option("--speaker", help="Name or alias contains this.")
@format_option()
@click.pass_context
def speakers(ctx, speaker, fmt):
    """List speakers with their aliases and roles."""
    from factdb import listings

    echo_rows(listings.speakers(open_db(ctx), speaker), listings.SPEAKER_COLUMNS, fmt)


@cli.command(context_settings={"ignore_unknown_options": True})  # a query may start with "-- a comment"
@click.argument("query")
@format_option()
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None, metavar="SECONDS",
              help="Stop the query if it runs longer than this.")
@click.pass_context
def sql(ctx, query, fmt, timeout):
    """Run one read-only SQL query (SELECT, WITH, VALUES, EXPLAIN) and print the rows;
    QUERY "-" reads it from standard input."""
    if query == "-":
        with click.open_file("-") as stdin:
            query = stdin.read()
    from factdb.sql import run_query

    columns, rows = run_query(open_db(ctx), query, timeout)
    echo_rows(rows, columns, fmt)


@cli.group()
def db():
    """Database schema: show the revision, upgrade."""


@db.command()
@click.pass_context
def current(ctx):
    """Print the database's schema revision and this factdb's head revision."""
    from factdb.db import connect, current_revision, head_revision

    database = connect(ctx.obj["db"], check=False)
    rev, head = current_revision(database.engine), head_revision()
    state = "up to date" if rev == head else ("empty" if rev is None else "behind: run `factdb db upgrade`")
    click.echo(f"{database.engine.url.render_as_string()}: revision {rev or '(none)'}, head {head} ({state})")


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@click.pass_context
def upgrade_cmd(ctx, revision):
    """Upgrade the database schema (creates it when empty)."""
    from factdb.db import connect, current_revision, upgrade

    database = connect(ctx.obj["db"], check=False)
    upgrade(database.engine, revision)
    click.echo(f"database at revision {current_revision(database.engine)}")


@db.command("downgrade")
@click.argument("revision")
@click.pass_context
def downgrade_cmd(ctx, revision):
    """Downgrade the database schema to REVISION ("base" removes every table)."""
    from factdb.db import connect, current_revision, downgrade

    database = connect(ctx.obj["db"], check=False)
    downgrade(database.engine, revision)
    click.echo(f"database at revision {current_revision(database.engine) or '(none)'}")


@cli.group()
def report():
    """Reports across articles: conflicts, agreements, outdated figures."""


def _group_report(name: str, relation: str, help_text: str):
    @report.command(name, help=help_text)
    @click.option("--kind", type=click.Choice(["claim", "quote"]), help="Only claim or only quote groups.")
    @click.option("--source", help="Only groups with an article whose file name, title or URL contains this.")
    @click.option("--speaker", help="Only groups about this speaker or subject (contains).")
    @click.option("--since", callback=iso_date, metavar="YYYY-MM-DD",
                  help="Only groups with an article published on or after this date.")
    @click.option("--all", "include_dismissed", is_flag=True, help="Include groups reviewers dismissed.")
    @verdict_options(GROUP_VERDICTS)
    @click.option("--grouped", is_flag=True,
                  help="JSON: one entry per group with all its sides, not one per pair of disagreeing articles.")
    @format_option("table", "json", "csv", "markdown")
    @click.pass_context
    def command(ctx, kind, source, speaker, since, include_dismissed, verdict, unreviewed, grouped, fmt):
        from factdb import report as rep
        from factdb.render import csv_chunks, json_chunks

        database = open_db(ctx)
        if waiting := rep.waiting(database):
            click.echo(f"factdb: {waiting} claim keys and articles' quotes are not reconciled yet (an import is "
                       "running or was interrupted): this report may miss their groups; `factdb reconcile` "
                       "works them out", err=True)
        found = rep.groups(database, relation, kind, source, speaker, since, include_dismissed, verdict, unreviewed)
        if fmt == "json":
            chunks = json_chunks(found if grouped else rep.pairwise(found))
        elif fmt == "csv":
            chunks = csv_chunks(rep.groups_csv_rows(found), rep.GROUP_CSV_COLUMNS)
        elif fmt == "markdown":
            chunks = (c + "\n" for c in rep.groups_markdown(found, name))
        else:
            chunks = (c + "\n" for c in rep.groups_text(found, name))
        for chunk in chunks:  # printed as it is made: a report of any size in little memory
            click.echo(chunk, nl=False)

    return command


_group_report("conflicts", "conflict", "Claims and quotes that contradict each other across articles.")
_group_report("agreements", "agree", "Claims and quotes that independent articles corroborate.")
_group_report("outdated", "outdated", "Figures that differ because they were stated far apart in time.")
_group_report("inconsistencies", "inconsistent",
              "Claims that cannot all be true together: more shared members than members, ordinals that skip or repeat.")


@cli.command()
@click.argument("item_id")
@click.option("--verdict", required=True,
              help="Claims and quotes: supported, refuted, disputed, unverifiable, needs-context, "
                   "not-a-claim. Groups: confirmed, dismissed.")
@click.option("--note", help="Free text kept with the verdict.")
@click.option("--reviewer", envvar="FACTDB_REVIEWER", help="Who you are [env FACTDB_REVIEWER; default: login name].")
@click.pass_context
def annotate(ctx, item_id, verdict, note, reviewer):
    """Record a reviewer's verdict on a claim, quote or group (append-only)."""
    from factdb.review import annotate as record

    row = record(open_db(ctx), item_id, verdict, note, reviewer)
    click.echo(f"{row['item_kind']} {item_id}: {row['verdict']} by {row['reviewer']}"
               + (f" (replaces annotation {row['replaces_id']})" if row["replaces_id"] else ""))


@cli.command()
@click.argument("item_id")
@format_option()
@click.pass_context
def history(ctx, item_id, fmt):
    """Every annotation on a claim, quote or group, oldest first."""
    from factdb.review import history as annotations

    echo_rows(annotations(open_db(ctx), item_id), ["id", "created_at", "reviewer", "verdict", "note", "replaces"], fmt)


from factdb import cli_review  # noqa: E402,F401  (registers the reviewing commands on `cli`)
