"""Two rules of what is one occasion (factdb.reconcile): the same words credited to two people, like
a line worded differently, are a conflict only in articles published within 30 days of each other
whose titles do not name countries, none the same (a stock line said by one minister in March and
by another in June is no conflict); and the claims of a subject that names nothing
("turnout", "the party") are two stories in articles that name countries, none the same ("Polish
voters ...", "Kenyan voters ..."). No table changes: every quote group, and the groups of every
claim key of such a subject, are queued to be recomputed, by the next import or `factdb reconcile`.

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
    keys = {key for key, subject in conn.execute(sa.text(
        "SELECT DISTINCT key, subject FROM claims WHERE key IS NOT NULL")) if _needs_story(subject)}
    if conn.execute(sa.text("SELECT 1 FROM quotes LIMIT 1")).first():
        keys.add('quotes')
    queued = set(conn.execute(sa.select(pending.c.key)).scalars())
    if keys - queued:
        conn.execute(pending.insert(), [{'key': k, 'stamp': None} for k in sorted(keys - queued)])


def _needs_story(subject: str | None) -> bool:
    """factdb.compare.needs_story as of this revision: a subject that names nothing ("turnout")."""
    s = (subject or "").strip()
    s = s[4:] if s.lower().startswith("the ") else s
    return not s[:1].isupper()


def downgrade() -> None:
    pass  # the groups found stay until their keys and quotes are reconciled again
