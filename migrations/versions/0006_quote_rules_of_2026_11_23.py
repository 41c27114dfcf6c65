"""Quotes are compared by new rules (factdb.compare, factdb.reconcile): a part of a quote pairs
with the whole by the terms it has; two quotes that share a sentence but differ by whole sentences
are no longer "the same statement worded differently", nor are a speaker's lines worded differently
in articles published more than 30 days apart. No table changes: every quote group is queued to be
recomputed, by the next import or `factdb reconcile`.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.execute(sa.text("SELECT 1 FROM quotes LIMIT 1")).first():
        pending = sa.table('pending_keys', sa.column('key'), sa.column('stamp'))
        conn.execute(pending.delete().where(pending.c.key == 'quotes'))
        conn.execute(pending.insert().values(key='quotes', stamp=None))


def downgrade() -> None:
    pass  # the groups found stay; 0005's rules find their own again when quotes are reconciled
