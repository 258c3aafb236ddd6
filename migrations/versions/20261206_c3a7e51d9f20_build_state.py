"""build state: which generation of core the marts were built from

A run used to skip dbt when it loaded nothing "because an older run succeeded", so marts
left behind by a killed or failed build stayed stale for good (issue 14). core.build_state
holds one row: core_generation, bumped in the same transaction as every statement that
changes a table dbt reads (statement-level triggers, so loads, deletes, review corrections and
reference reloads all count, whichever command makes them), and marts_generation, the value a
successful dbt build started from. marts_generation < core_generation means the marts lag core.

Revision ID: c3a7e51d9f20
Revises: c3a9e5d17b42
Create Date: 2026-12-06 15:00:00
"""
from collections.abc import Sequence

from alembic import op
import sqlalchemy as sa


revision: str = 'c3a7e51d9f20'
down_revision: str | None = 'c3a9e5d17b42'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# every core table a dbt model reads (etl_run and rejected_input feed no mart)
WATCHED = ('document', 'document_text', 'section', 'target', 'actual', 'project', 'project_mention',
           'review_correction', 'region', 'indicator')


def upgrade() -> None:
    op.create_table('build_state',
    sa.Column('singleton', sa.Boolean(), server_default='true', nullable=False, comment='Always true: the table has one row'),
    sa.Column('core_generation', sa.BigInteger(), server_default='0', nullable=False, comment='Bumped by every committed change to a table dbt reads'),
    sa.Column('marts_generation', sa.BigInteger(), nullable=True, comment='core_generation the last successful dbt build started from (null: never built)'),
    sa.Column('marts_models_sha256', sa.Text(), nullable=True, comment='Fingerprint of the dbt project that built the marts (a new release rebuilds them)'),
    sa.Column('marts_run_id', sa.BigInteger(), nullable=True, comment='Run that built them (null: review apply)'),
    sa.Column('marts_built_at', sa.DateTime(timezone=True), nullable=True, comment='When that build finished'),
    sa.CheckConstraint('singleton', name=op.f('ck_build_state_singleton')),
    sa.PrimaryKeyConstraint('singleton', name=op.f('pk_build_state')),
    schema='core',
    comment='构建状态 One row: the generation of core (bumped by a trigger on every statement that changes a table dbt reads) and the generation the marts were last built from, so a run knows when the marts lag core (migration c3a7e51d9f20).'
    )
    # An existing database starts one generation ahead of "never built": its marts are rebuilt once.
    op.execute("insert into core.build_state (singleton, core_generation) values (true, 1)")
    op.execute(
        "create function core.bump_core_generation() returns trigger language plpgsql as $$"
        " begin update core.build_state set core_generation = core_generation + 1; return null; end $$"
    )
    for table in WATCHED:
        op.execute(f"create trigger bump_core_generation after insert or update or delete or truncate"
                   f" on core.{table} for each statement execute function core.bump_core_generation()")


def downgrade() -> None:
    for table in WATCHED:
        op.execute(f"drop trigger bump_core_generation on core.{table}")
    op.execute("drop function core.bump_core_generation()")
    op.drop_table('build_state', schema='core')
