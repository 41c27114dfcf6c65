from factdb.cli import cli

cli()
