"""Alembic migrations for factdb (installed as the package factdb.migrations)."""
