"""Quotes and dated events are compared by new rules (factdb.compare, factdb.reconcile): a part of a
quote pairs with the whole by the terms it has; two quotes that share a sentence but differ by whole
sentences are no longer "the same statement worded differently", nor are a speaker's lines worded
differently in articles published more than 30 days apart; an event dated as news in articles
published more than 30 days apart is two occasions, not a conflict. No table changes: every quote
group and the groups of every date claim key are queued to be recomputed, by the next import or
`factdb reconcile`.

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
    pending = sa.table('pending_keys', sa.column('key'), sa.column('stamp'))
    keys = set(conn.execute(sa.text("SELECT DISTINCT key FROM claims WHERE kind = 'date' AND key IS NOT NULL")).scalars())
    if conn.execute(sa.text("SELECT 1 FROM quotes LIMIT 1")).first():
        keys.add('quotes')
    queued = set(conn.execute(sa.select(pending.c.key)).scalars())
    if keys - queued:
        conn.execute(pending.insert(), [{'key': k, 'stamp': None} for k in sorted(keys - queued)])


def downgrade() -> None:
    pass  # the groups found stay until their keys and quotes are reconciled again
