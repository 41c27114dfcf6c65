"""quote_terms also holds each quote's two-word phrases and a fingerprint of its words
(factdb.compare.index_terms): the index is rebuilt, and every quote group queued to be recomputed

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from factdb.store import rebuild_quote_terms

    conn = op.get_bind()
    if rebuild_quote_terms(conn):  # quotes pair by more terms: the groups found may differ
        pending = sa.table('pending_keys', sa.column('key'), sa.column('stamp'))
        conn.execute(pending.delete().where(pending.c.key == 'quotes'))
        conn.execute(pending.insert().values(key='quotes', stamp=None))


def downgrade() -> None:
    from factdb.store import rebuild_quote_terms

    rebuild_quote_terms(op.get_bind(), words_only=True)
