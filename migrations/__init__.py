"""Alembic migrations for factdb (installed as the package factdb.migrations)."""

# The newest revision in versions/: what every command checks a database against without loading
# Alembic (tests/test_migrations.py checks that it is Alembic's head). A new migration updates it.
HEAD = "0007"
