"""review corrections

Revision ID: b8537b6896e4
Revises: 79cbc76f3d6a
Create Date: 2026-11-23 18:30:50.425039
"""
from collections.abc import Sequence

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision: str = 'b8537b6896e4'
down_revision: str | None = '79cbc76f3d6a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('review_correction',
    sa.Column('correction_id', sa.BigInteger(), sa.Identity(always=False), nullable=False, comment='Correction id'),
    sa.Column('doc', sa.Text(), nullable=False, comment='Document file name (survives reloads)'),
    sa.Column('record_type', sa.Text(), nullable=False, comment='target | actual | project'),
    sa.Column('record_key', sa.Text(), nullable=False, comment='Record corrected (record_key or project_key); for an added record, a key made from its span'),
    sa.Column('action', sa.Text(), nullable=False, comment='fix (one field) | drop (false record) | add (missed record)'),
    sa.Column('field', sa.Text(), server_default='', nullable=False, comment="Field fixed ('' for drop and add)"),
    sa.Column('new_value', sa.Text(), nullable=True, comment='New value of the field, as text'),
    sa.Column('record', postgresql.JSONB(astext_type=sa.Text()), nullable=True, comment='Fields of an added record'),
    sa.Column('reviewer', sa.Text(), nullable=True, comment='Who made the correction'),
    sa.Column('note', sa.Text(), nullable=True, comment='Why'),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False, comment='When it was stored'),
    sa.CheckConstraint("action in ('fix', 'drop', 'add')", name=op.f('ck_review_correction_action')),
    sa.CheckConstraint("record_type in ('target', 'actual', 'project')", name=op.f('ck_review_correction_record_type')),
    sa.PrimaryKeyConstraint('correction_id', name=op.f('pk_review_correction')),
    sa.UniqueConstraint('doc', 'record_type', 'record_key', 'action', 'field', name=op.f('uq_review_correction_doc_record_type_record_key_action_field')),
    schema='core',
    comment="人工校正 Reviewer corrections keyed by document and record (span); dbt applies them on every build, so re-running the ETL never undoes a curator's work."
    )


def downgrade() -> None:
    op.drop_table('review_correction', schema='core')
