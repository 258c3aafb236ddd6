"""load speed: document text stored without compression, redundant indexes dropped

The normalized text is written once per document version and read by span; pglz
compression of CJK text cost more than half of a bulk COPY (bench/, N=1,000: 0.43 s of
0.72 s for 200 documents) and saves little on UTF-8 Chinese. EXTERNAL keeps it out of
line, uncompressed. ix_target_document_id / ix_actual_document_id duplicate the leading
column of the (document_id, record_key) unique index: every row paid for a second index.

Revision ID: 4d1f0c2a9b7e
Revises: 7b1438f8fe94
Create Date: 2026-12-05 19:00:00
"""
from collections.abc import Sequence

from alembic import op


revision: str = '4d1f0c2a9b7e'
down_revision: str | None = '7b1438f8fe94'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # applies to rows written from now on; existing rows keep their (compressed) form
    op.execute("alter table core.document_text alter column text set storage external")
    op.drop_index('ix_target_document_id', table_name='target', schema='core')
    op.drop_index('ix_actual_document_id', table_name='actual', schema='core')


def downgrade() -> None:
    op.create_index('ix_actual_document_id', 'actual', ['document_id'], unique=False, schema='core')
    op.create_index('ix_target_document_id', 'target', ['document_id'], unique=False, schema='core')
    op.execute("alter table core.document_text alter column text set storage extended")
