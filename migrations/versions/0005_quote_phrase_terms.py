"""quote_terms also holds each quote's two-word phrases and fingerprint (factdb.compare.index_terms):
the index is rebuilt, and every quote group queued to be recomputed by the next reconciliation

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

BATCH = 5000  # quotes read and indexed at a time: the rebuild runs in little memory


def upgrade() -> None:
    _rebuild(op.get_bind(), words_only=False)


def downgrade() -> None:
    _rebuild(op.get_bind(), words_only=True)


def _rebuild(conn, words_only: bool) -> None:
    """quote_terms from the quotes' text and, when there are quotes, the pending key "quotes" (every
    quote group is recomputed at the next import: groups found with the new terms may differ)."""
    from factdb.compare import index_terms, term_class

    terms = sa.table('quote_terms', sa.column('quote_id'), sa.column('term'))
    conn.execute(terms.delete())
    query = sa.text("SELECT q.id, q.text FROM quotes q JOIN sources s ON s.id = q.source_id "
                    f"WHERE s.is_latest AND q.kind = 'direct' AND q.id > :after ORDER BY q.id LIMIT {BATCH}")
    after, indexed = "", False
    while True:
        rows = conn.execute(query, {"after": after}).all()
        if not rows:
            break
        found = [{"quote_id": qid, "term": t} for qid, text in rows for t in sorted(index_terms(text))
                 if not words_only or term_class(t) == "w"]
        if found:
            conn.execute(terms.insert(), found)
            indexed = True
        after = rows[-1][0]
    if not indexed:
        return
    pending = sa.table('pending_keys', sa.column('key'), sa.column('stamp'))
    conn.execute(pending.delete().where(pending.c.key == 'quotes'))
    conn.execute(pending.insert().values(key='quotes', stamp=None))
