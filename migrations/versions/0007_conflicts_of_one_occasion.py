"""The same words credited to two people are a misattribution only in articles published within 30
days of each other (factdb.reconcile._one_occasion), as a line worded differently already was: a
stock line said by one minister in March and by another in June is no conflict. No table changes:
every quote group is queued to be recomputed, by the next import or `factdb reconcile`.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    pending = sa.table('pending_keys', sa.column('key'), sa.column('stamp'))
    queued = conn.execute(sa.select(pending.c.key).where(pending.c.key == 'quotes')).first()
    if not queued and conn.execute(sa.text("SELECT 1 FROM quotes LIMIT 1")).first():
        conn.execute(pending.insert(), [{'key': 'quotes', 'stamp': None}])


def downgrade() -> None:
    pass  # the groups found stay until the quotes are reconciled again
