"""quote_terms: the content words of every current direct quote, the index reconcile pairs quotes by;
no index on groups.active (nearly every group is active: SQLite read them all to find a few)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'quote_terms',
        sa.Column('quote_id', sa.String(length=32), nullable=False),
        sa.Column('term', sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_quote_terms_quote_id_quotes'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('quote_id', 'term', name=op.f('pk_quote_terms')),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f('ix_quote_terms_term'), 'quote_terms', ['term'], unique=False)
    op.drop_index('ix_groups_active', table_name='groups')
    from factdb.store import rebuild_quote_terms

    rebuild_quote_terms(op.get_bind(), words_only=True)


def downgrade() -> None:
    op.create_index('ix_groups_active', 'groups', ['active'], unique=False)
    op.drop_index(op.f('ix_quote_terms_term'), table_name='quote_terms')
    op.drop_table('quote_terms')
