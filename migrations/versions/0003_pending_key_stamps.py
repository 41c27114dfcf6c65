"""pending_keys.stamp: which queuing of a key a reconciliation has seen; no index on
sources.is_latest (nearly every row is latest; SQLite chose it over claims.key and read every claim)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('pending_keys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stamp', sa.String(length=32), nullable=True))
    op.drop_index('ix_sources_is_latest', table_name='sources')


def downgrade() -> None:
    op.create_index('ix_sources_is_latest', 'sources', ['is_latest'], unique=False)
    with op.batch_alter_table('pending_keys', schema=None) as batch_op:
        batch_op.drop_column('stamp')
