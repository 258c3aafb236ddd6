"""unit multiplier: the magnitude prefixes (万, 亿) as a reference table

core.unit_multiplier holds etl/data/multipliers.csv, reloaded by every run when the file changes
(like core.region and core.indicator). The extractor reads the same file through etl/vocabulary.py;
dbt's unit_scale macro converts units with the rows whose `converts` is true, so a multiplier is
added in one place. A change bumps core.build_state like every table dbt reads.

Revision ID: d5e8a2c4b7f1
Revises: c3a9e1d07f52
Create Date: 2026-12-06 18:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'd5e8a2c4b7f1'
down_revision: str | None = 'c3a9e1d07f52'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REFERENCE_OLD = 'Hash of each reference file last loaded (regions, indicators).'
_REFERENCE_NEW = 'Hash of each reference file last loaded (regions, indicators, unit multipliers).'


def upgrade() -> None:
    op.create_table('unit_multiplier',
    sa.Column('prefix', sa.Text(), nullable=False, comment='Prefix as written, e.g. 亿'),
    sa.Column('factor', sa.Numeric(), nullable=False, comment='How many units one prefixed unit makes (亿 → 100000000)'),
    sa.Column('in_text', sa.Boolean(), nullable=False, comment='Read between a number and its unit (3.5亿元)'),
    sa.Column('converts', sa.Boolean(), nullable=False, comment='Converted between units of one base (亿元 → 元)'),
    sa.Column('only_before', sa.Text(), nullable=True, comment='Read in text only before these words'),
    sa.Column('not_before', sa.Text(), nullable=True, comment='Never read in text before these words'),
    sa.Column('notes', sa.Text(), nullable=True, comment='Curator notes'),
    sa.CheckConstraint('factor > 1', name=op.f('ck_unit_multiplier_factor_above_one')),
    sa.PrimaryKeyConstraint('prefix', name=op.f('pk_unit_multiplier')),
    schema='core',
    comment="量级 Magnitude prefixes (万, 亿) from etl/data/multipliers.csv: the extractor reads the same file, dbt's unit_scale macro converts units with the rows that convert (migration d5e8a2c4b7f1)."
    )
    op.execute("create trigger bump_core_generation after insert or update or delete or truncate"
               " on core.unit_multiplier for each statement execute function core.bump_core_generation()")
    op.create_table_comment('reference_version', _REFERENCE_NEW, existing_comment=_REFERENCE_OLD, schema='core')


def downgrade() -> None:
    op.create_table_comment('reference_version', _REFERENCE_OLD, existing_comment=_REFERENCE_NEW, schema='core')
    op.execute("drop trigger bump_core_generation on core.unit_multiplier")
    op.drop_table('unit_multiplier', schema='core')
