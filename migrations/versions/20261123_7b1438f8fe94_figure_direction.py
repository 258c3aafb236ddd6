"""figure direction

Revision ID: 7b1438f8fe94
Revises: b8537b6896e4
Create Date: 2026-11-23 18:41:12.237399
"""
from collections.abc import Sequence

from alembic import op
import sqlalchemy as sa


revision: str = '7b1438f8fe94'
down_revision: str | None = 'b8537b6896e4'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('actual', sa.Column('direction', sa.Text(), nullable=True, comment='decrease for 下降/降低 (value stays positive)'), schema='core')
    op.add_column('target', sa.Column('direction', sa.Text(), nullable=True, comment='decrease for 下降/降低 (value stays positive)'), schema='core')


def downgrade() -> None:
    op.drop_column('target', 'direction', schema='core')
    op.drop_column('actual', 'direction', schema='core')
