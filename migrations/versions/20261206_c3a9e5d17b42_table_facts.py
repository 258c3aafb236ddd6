"""table facts: binding, table/row/column lineage, project annual investment, years, owner

Revision ID: c3a9e5d17b42
Revises: 4d1f0c2a9b7e
Create Date: 2026-12-06 15:15:00
"""
from collections.abc import Sequence

from alembic import op
import sqlalchemy as sa


revision: str = 'c3a9e5d17b42'
down_revision: str | None = '4d1f0c2a9b7e'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FIGURE = (
    ('binding', sa.Text(), 'binding (约束性) | expected (预期性) | null'),
    ('table_index', sa.Integer(), 'Table the figure was read from (0-based, in document order); null in prose'),
    ('row_index', sa.Integer(), 'Row of that table (0-based, header rows counted)'),
    ('column_index', sa.Integer(), 'Column of that table (0-based)'),
)
_PROJECT = (
    ('annual_investment_yi', sa.Numeric(), 'Annual planned investment (年度计划投资), 亿 of currency'),
    ('start_year', sa.SmallInteger(), 'First year of construction (建设年限)'),
    ('end_year', sa.SmallInteger(), 'Last year of construction (建设年限)'),
    ('owner', sa.Text(), 'Owner or responsible unit (业主/责任单位)'),
)
_MENTION = (
    ('table_index', sa.Integer(), 'Table the mention was read from (0-based); null outside tables'),
    ('row_index', sa.Integer(), 'Row of that table (0-based, header rows counted)'),
    ('column_index', sa.Integer(), 'Column of the name cell (0-based)'),
)


def upgrade() -> None:
    for table in ('target', 'actual'):
        for name, type_, comment in _FIGURE:
            op.add_column(table, sa.Column(name, type_, nullable=True, comment=comment), schema='core')
        op.create_check_constraint(f'ck_{table}_binding_values', table,
                                   "binding in ('binding', 'expected')", schema='core')
    for name, type_, comment in _PROJECT:
        op.add_column('project', sa.Column(name, type_, nullable=True, comment=comment), schema='core')
    for name, type_, comment in _MENTION:
        op.add_column('project_mention', sa.Column(name, type_, nullable=True, comment=comment), schema='core')
    op.alter_column('project_mention', 'source', comment='list | prose | table', existing_comment='list | prose',
                    existing_type=sa.Text(), existing_nullable=False, schema='core')


def downgrade() -> None:
    op.alter_column('project_mention', 'source', comment='list | prose', existing_comment='list | prose | table',
                    existing_type=sa.Text(), existing_nullable=False, schema='core')
    for name, _, _ in reversed(_MENTION):
        op.drop_column('project_mention', name, schema='core')
    for name, _, _ in reversed(_PROJECT):
        op.drop_column('project', name, schema='core')
    for table in ('actual', 'target'):
        op.drop_constraint(f'ck_{table}_binding_values', table, schema='core', type_='check')
        for name, _, _ in reversed(_FIGURE):
            op.drop_column(table, name, schema='core')
