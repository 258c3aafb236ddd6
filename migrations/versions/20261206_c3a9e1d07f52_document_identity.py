"""document identity: moves and removals in the ledger, one rejection row per unchanged bad file

core.document.doc becomes the path relative to the folder given (comment only: the column and its
unique constraint stay). core.etl_run counts moved and removed documents; core.removed_document
records each pruned or forgotten document. core.rejected_input gains rejection_key (sha256 of
source_path, reason, sha256, size_bytes) with a unique constraint, so a re-run over unchanged bad
files adds no rows; existing duplicates are folded into their first row.

Revision ID: c3a9e1d07f52
Revises: c3a7e51d9f20
Create Date: 2026-12-06 15:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'c3a9e1d07f52'
down_revision: str | None = 'c3a7e51d9f20'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DOC_OLD = "File name (the document's identity)"
_DOC_NEW = ("Path relative to the folder given, '/'-separated (a file given alone: its name);"
            " the document's identity")
_REJECTED_OLD = "拒收 Inputs not loaded, with the reason: nothing is lost silently."
_REJECTED_NEW = ("拒收 Inputs not loaded, with the reason: nothing is lost silently. One row per (path, bytes,"
                 " reason): a later run rejecting the same unchanged file adds no row.")


def upgrade() -> None:
    op.add_column('etl_run', sa.Column('docs_moved', sa.Integer(), server_default='0', nullable=False,
                                       comment='Same bytes found under a new path: renamed, not reloaded'),
                  schema='core')
    op.add_column('etl_run', sa.Column('docs_removed', sa.Integer(), server_default='0', nullable=False,
                                       comment='Documents removed (--prune, forget): core.removed_document'),
                  schema='core')
    op.alter_column('document', 'doc', existing_type=sa.Text(), existing_nullable=False,
                    comment=_DOC_NEW, existing_comment=_DOC_OLD, schema='core')
    op.alter_column('document', 'source_path', existing_type=sa.Text(), existing_nullable=True,
                    comment='Absolute path the file was read from', existing_comment='Path the file was read from',
                    schema='core')
    op.alter_column('rejected_input', 'doc', existing_type=sa.Text(), existing_nullable=False,
                    comment='Path relative to the folder given (as core.document.doc)', existing_comment='File name',
                    schema='core')
    op.alter_column('rejected_input', 'source_path', existing_type=sa.Text(), existing_nullable=False,
                    comment='Absolute path as found', existing_comment='Path as found', schema='core')
    op.add_column('rejected_input', sa.Column(
        'rejection_key', sa.Text(), nullable=True,
        comment='sha256 of (source_path, reason, sha256, size_bytes): one row per unchanged bad file'), schema='core')
    # the same formula as etl.load.rejection_key
    op.execute(
        "update core.rejected_input set rejection_key = encode(sha256(convert_to(concat_ws(chr(31), source_path,"
        " reason, coalesce(sha256, ''), coalesce(size_bytes::text, '')), 'UTF8')), 'hex')"
    )
    op.execute(
        "delete from core.rejected_input r using core.rejected_input f"
        " where r.rejection_key = f.rejection_key and r.rejected_id > f.rejected_id"
    )
    op.alter_column('rejected_input', 'rejection_key', existing_type=sa.Text(), nullable=False, schema='core')
    op.create_unique_constraint(op.f('uq_rejected_input_rejection_key'), 'rejected_input', ['rejection_key'],
                                schema='core')
    op.create_table_comment('rejected_input', _REJECTED_NEW, existing_comment=_REJECTED_OLD, schema='core')
    op.create_table(
        'removed_document',
        sa.Column('removal_id', sa.BigInteger(), sa.Identity(always=False), nullable=False, comment='Removal id'),
        sa.Column('run_id', sa.BigInteger(), nullable=True, comment='Run (or forget) that removed it'),
        sa.Column('doc', sa.Text(), nullable=False, comment='Document removed'),
        sa.Column('source_path', sa.Text(), nullable=True, comment='Path it had been loaded from'),
        sa.Column('sha256', sa.Text(), nullable=False, comment='SHA-256 of the version removed'),
        sa.Column('reason', sa.Text(), nullable=False, comment='pruned | forgotten'),
        sa.Column('removed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False,
                  comment='When'),
        sa.CheckConstraint("reason in ('pruned', 'forgotten')", name=op.f('ck_removed_document_reason')),
        sa.ForeignKeyConstraint(['run_id'], ['core.etl_run.run_id'], name=op.f('fk_removed_document_run_id_etl_run'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('removal_id', name=op.f('pk_removed_document')),
        schema='core',
        comment='移除 Documents removed from core with all their rows: pruned (`guihua run ROOT --prune`, file gone)'
                ' or forgotten (`guihua forget`).',
    )
    op.create_index(op.f('ix_removed_document_doc'), 'removed_document', ['doc'], unique=False, schema='core')


def downgrade() -> None:
    op.drop_index(op.f('ix_removed_document_doc'), table_name='removed_document', schema='core')
    op.drop_table('removed_document', schema='core')
    op.create_table_comment('rejected_input', _REJECTED_OLD, existing_comment=_REJECTED_NEW, schema='core')
    op.drop_constraint(op.f('uq_rejected_input_rejection_key'), 'rejected_input', schema='core', type_='unique')
    op.drop_column('rejected_input', 'rejection_key', schema='core')
    op.alter_column('rejected_input', 'source_path', existing_type=sa.Text(), existing_nullable=False,
                    comment='Path as found', existing_comment='Absolute path as found', schema='core')
    op.alter_column('rejected_input', 'doc', existing_type=sa.Text(), existing_nullable=False,
                    comment='File name', existing_comment='Path relative to the folder given (as core.document.doc)',
                    schema='core')
    op.alter_column('document', 'source_path', existing_type=sa.Text(), existing_nullable=True,
                    comment='Path the file was read from', existing_comment='Absolute path the file was read from',
                    schema='core')
    op.alter_column('document', 'doc', existing_type=sa.Text(), existing_nullable=False,
                    comment=_DOC_OLD, existing_comment=_DOC_NEW, schema='core')
    op.drop_column('etl_run', 'docs_removed', schema='core')
    op.drop_column('etl_run', 'docs_moved', schema='core')
