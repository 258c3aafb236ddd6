"""core schema

Revision ID: 79cbc76f3d6a
Revises: 
Create Date: 2026-11-23 18:19:48.288726
"""
from collections.abc import Sequence

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision: str = '79cbc76f3d6a'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('etl_run',
    sa.Column('run_id', sa.BigInteger(), sa.Identity(always=False), nullable=False, comment='Run id'),
    sa.Column('started_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False, comment='When the run started'),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True, comment='When it ended'),
    sa.Column('status', sa.Text(), nullable=False, comment='running | succeeded | partial | failed | abandoned'),
    sa.Column('pid', sa.Integer(), nullable=True, comment='Process id of the runner (to detect a killed run)'),
    sa.Column('host', sa.Text(), nullable=True, comment='Host name of the runner'),
    sa.Column('inputs', sa.Text(), nullable=True, comment='Input paths as given'),
    sa.Column('docs_seen', sa.Integer(), server_default='0', nullable=False, comment='Input files seen'),
    sa.Column('docs_loaded', sa.Integer(), server_default='0', nullable=False, comment='Documents (re)loaded'),
    sa.Column('docs_unchanged', sa.Integer(), server_default='0', nullable=False, comment='Skipped: same sha256'),
    sa.Column('docs_rejected', sa.Integer(), server_default='0', nullable=False, comment='Rejected with a reason'),
    sa.Column('docs_failed', sa.Integer(), server_default='0', nullable=False, comment='Failed to load (rolled back)'),
    sa.Column('dbt_status', sa.Text(), nullable=True, comment='dbt build outcome: success | error | skipped'),
    sa.Column('message', sa.Text(), nullable=True, comment='One-line summary or error'),
    sa.CheckConstraint("status in ('running', 'succeeded', 'partial', 'failed', 'abandoned')", name=op.f('ck_etl_run_status')),
    sa.PrimaryKeyConstraint('run_id', name=op.f('pk_etl_run')),
    schema='core',
    comment='运行台账 One row per `guihua run`: when, outcome and document counts.'
    )
    op.create_table('indicator',
    sa.Column('indicator_code', sa.Text(), nullable=False, comment='Canonical code'),
    sa.Column('name_zh', sa.Text(), nullable=False, comment='Chinese name'),
    sa.Column('name_en', sa.Text(), nullable=False, comment='English name'),
    sa.Column('category', sa.Text(), nullable=True, comment='Category'),
    sa.Column('canonical_unit', sa.Text(), nullable=True, comment='Canonical unit'),
    sa.Column('aliases', sa.Text(), nullable=True, comment='Aliases separated by |'),
    sa.PrimaryKeyConstraint('indicator_code', name=op.f('pk_indicator')),
    schema='core',
    comment='指标目录 Indicator catalogue (from etl/data/indicators.csv).'
    )
    op.create_table('reference_version',
    sa.Column('name', sa.Text(), nullable=False, comment='Reference table name'),
    sa.Column('sha256', sa.Text(), nullable=False, comment='SHA-256 of the file loaded'),
    sa.Column('loaded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False, comment='When it was loaded'),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_reference_version')),
    schema='core',
    comment='Hash of each reference file last loaded (regions, indicators).'
    )
    op.create_table('region',
    sa.Column('region_code', sa.Text(), nullable=False, comment='GB/T 2260 code'),
    sa.Column('valid_from', sa.SmallInteger(), nullable=False, comment='First year the code had this name (codes are reused)'),
    sa.Column('valid_to', sa.SmallInteger(), nullable=True, comment='Last year of validity'),
    sa.Column('is_current', sa.Boolean(), nullable=False, comment='Valid in the latest revision'),
    sa.Column('name', sa.Text(), nullable=False, comment='Name, e.g. 朝阳区'),
    sa.Column('short_name', sa.Text(), nullable=True, comment='Short name, e.g. 朝阳'),
    sa.Column('full_name', sa.Text(), nullable=True, comment='Name with parents, e.g. 吉林省长春市朝阳区'),
    sa.Column('level', sa.Text(), nullable=False, comment='province | prefecture | county'),
    sa.Column('parent_code', sa.Text(), nullable=True, comment='Parent code'),
    sa.Column('province_code', sa.Text(), nullable=True, comment='Province code'),
    sa.Column('revision', sa.Text(), nullable=True, comment='Dataset revision the code comes from'),
    sa.PrimaryKeyConstraint('region_code', 'valid_from', name=op.f('pk_region')),
    schema='core',
    comment='行政区划 GB/T 2260 divisions with their validity (from etl/data/regions.csv).'
    )
    op.create_index(op.f('ix_region_name'), 'region', ['name'], unique=False, schema='core')
    op.create_table('document',
    sa.Column('document_id', sa.BigInteger(), sa.Identity(always=False), nullable=False, comment='Document id'),
    sa.Column('doc', sa.Text(), nullable=False, comment="File name (the document's identity)"),
    sa.Column('source_path', sa.Text(), nullable=True, comment='Path the file was read from'),
    sa.Column('sha256', sa.Text(), nullable=False, comment='SHA-256 of the raw bytes'),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False, comment='Size of the raw file'),
    sa.Column('encoding', sa.Text(), nullable=True, comment='Detected encoding of the raw bytes'),
    sa.Column('source_script', sa.Text(), nullable=False, comment='simplified | traditional'),
    sa.Column('region_name', sa.Text(), nullable=True, comment='Region as named, e.g. 长春市朝阳区'),
    sa.Column('region_code', sa.Text(), nullable=True, comment='GB/T 2260 code, e.g. 220104'),
    sa.Column('region_level', sa.Text(), nullable=True, comment='province | prefecture | county'),
    sa.Column('parent_region_code', sa.Text(), nullable=True, comment='Code of the parent region'),
    sa.Column('region_candidates', postgresql.JSONB(astext_type=sa.Text()), nullable=True, comment='Codes considered when resolving'),
    sa.Column('doc_kind', sa.Text(), nullable=True, comment='plan_outline | news_summary | work_report'),
    sa.Column('title', sa.Text(), nullable=True, comment='Title'),
    sa.Column('plan_start_year', sa.SmallInteger(), nullable=True, comment='First year of the plan period'),
    sa.Column('plan_end_year', sa.SmallInteger(), nullable=True, comment='Last year of the plan period'),
    sa.Column('vision_year', sa.SmallInteger(), nullable=True, comment='Long-range vision year (2035)'),
    sa.Column('published_on', sa.Date(), nullable=True, comment='Publication date when stated'),
    sa.Column('issuer', sa.Text(), nullable=True, comment='Issuing body when stated'),
    sa.Column('quality_flags', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False, comment='Damage and repairs seen: [{flag, count, detail}]'),
    sa.Column('char_count', sa.Integer(), nullable=False, comment='Length of the normalized text'),
    sa.Column('run_id', sa.BigInteger(), nullable=True, comment='Run that loaded this version'),
    sa.Column('loaded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False, comment='When this version was loaded'),
    sa.ForeignKeyConstraint(['run_id'], ['core.etl_run.run_id'], name=op.f('fk_document_run_id_etl_run'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('document_id', name=op.f('pk_document')),
    sa.UniqueConstraint('doc', name=op.f('uq_document_doc')),
    schema='core',
    comment='文档 One row per loaded input file (SPEC §1 document); replaced atomically on change.'
    )
    op.create_index(op.f('ix_document_region_code'), 'document', ['region_code'], unique=False, schema='core')
    op.create_index(op.f('ix_document_sha256'), 'document', ['sha256'], unique=False, schema='core')
    op.create_table('rejected_input',
    sa.Column('rejected_id', sa.BigInteger(), sa.Identity(always=False), nullable=False, comment='Rejection id'),
    sa.Column('run_id', sa.BigInteger(), nullable=False, comment='Run that saw the input'),
    sa.Column('doc', sa.Text(), nullable=False, comment='File name'),
    sa.Column('source_path', sa.Text(), nullable=False, comment='Path as found'),
    sa.Column('sha256', sa.Text(), nullable=True, comment='SHA-256 when the bytes could be read'),
    sa.Column('size_bytes', sa.BigInteger(), nullable=True, comment='Size when known'),
    sa.Column('reason', sa.Text(), nullable=False, comment='Reason code (empty, binary, too_large, failed …)'),
    sa.Column('detail', sa.Text(), nullable=True, comment='One-line explanation'),
    sa.Column('rejected_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False, comment='When'),
    sa.ForeignKeyConstraint(['run_id'], ['core.etl_run.run_id'], name=op.f('fk_rejected_input_run_id_etl_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('rejected_id', name=op.f('pk_rejected_input')),
    schema='core',
    comment='拒收 Inputs not loaded, with the reason: nothing is lost silently.'
    )
    op.create_index(op.f('ix_rejected_input_run_id'), 'rejected_input', ['run_id'], unique=False, schema='core')
    op.create_table('actual',
    sa.Column('actual_id', sa.BigInteger(), sa.Identity(always=False), nullable=False, comment='Actual id'),
    sa.Column('document_id', sa.BigInteger(), nullable=False, comment='Document id'),
    sa.Column('record_key', sa.Text(), nullable=False, comment='Stable id from document, span and indicator'),
    sa.Column('indicator', sa.Text(), nullable=False, comment='Indicator as written'),
    sa.Column('indicator_code', sa.Text(), nullable=True, comment='Catalogue code, null when unmapped'),
    sa.Column('value', sa.Numeric(), nullable=False, comment='Value as written'),
    sa.Column('value_max', sa.Numeric(), nullable=True, comment='Upper end of a range'),
    sa.Column('unit', sa.Text(), nullable=False, comment='Unit as written'),
    sa.Column('value_base', sa.Numeric(), nullable=True, comment='Value in the base unit'),
    sa.Column('unit_base', sa.Text(), nullable=True, comment='Base unit'),
    sa.Column('comparator', sa.Text(), nullable=False, comment='>= | <= | ~ | ='),
    sa.Column('kind', sa.Text(), nullable=False, comment='level | growth | share | cap | cumulative | …'),
    sa.Column('year', sa.SmallInteger(), nullable=True, comment='Year the value is committed for or refers to'),
    sa.Column('period_start', sa.SmallInteger(), nullable=True, comment='First year of a period'),
    sa.Column('period_end', sa.SmallInteger(), nullable=True, comment='Last year of a period'),
    sa.Column('base_year', sa.SmallInteger(), nullable=True, comment='Base year of a multiple'),
    sa.Column('quote', sa.Text(), nullable=False, comment='Words the record was read from'),
    sa.Column('section_path', sa.Text(), nullable=True, comment='Section the quote sits in'),
    sa.Column('char_start', sa.Integer(), nullable=False, comment='Start offset of the quote'),
    sa.Column('char_end', sa.Integer(), nullable=False, comment='End offset of the quote'),
    sa.Column('confidence', sa.Numeric(precision=4, scale=3), nullable=False, comment='Extractor confidence 0–1'),
    sa.ForeignKeyConstraint(['document_id'], ['core.document.document_id'], name=op.f('fk_actual_document_id_document'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('actual_id', name=op.f('pk_actual')),
    sa.UniqueConstraint('document_id', 'record_key', name=op.f('uq_actual_document_id_record_key')),
    schema='core',
    comment='实际值 Reported baselines (SPEC §1 actual), with lineage to the text.'
    )
    op.create_index(op.f('ix_actual_document_id'), 'actual', ['document_id'], unique=False, schema='core')
    op.create_index(op.f('ix_actual_indicator_code'), 'actual', ['indicator_code'], unique=False, schema='core')
    op.create_table('document_text',
    sa.Column('document_id', sa.BigInteger(), nullable=False, comment='Document id'),
    sa.Column('text', sa.Text(), nullable=False, comment='Normalized (simplified) text'),
    sa.ForeignKeyConstraint(['document_id'], ['core.document.document_id'], name=op.f('fk_document_text_document_id_document'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', name=op.f('pk_document_text')),
    schema='core',
    comment='规范化文本 The normalized text every quote and span points into.'
    )
    op.create_table('project',
    sa.Column('project_id', sa.BigInteger(), sa.Identity(always=False), nullable=False, comment='Project id'),
    sa.Column('document_id', sa.BigInteger(), nullable=False, comment='Document id'),
    sa.Column('project_key', sa.Text(), nullable=False, comment='Key shared by the mentions of one project'),
    sa.Column('name', sa.Text(), nullable=False, comment='Name as first written'),
    sa.Column('investment_yi', sa.Numeric(), nullable=True, comment='Planned investment, 亿 of currency'),
    sa.Column('investment_text', sa.Text(), nullable=True, comment='Investment as written'),
    sa.Column('currency', sa.Text(), nullable=True, comment='CNY, USD … (null when no amount)'),
    sa.Column('location', sa.Text(), nullable=True, comment='Leading place name'),
    sa.Column('sponsor', sa.Text(), nullable=True, comment='Company or agency when named'),
    sa.Column('sector', sa.Text(), nullable=True, comment='Box or list heading of the first mention'),
    sa.Column('area', sa.Text(), nullable=True, comment='Area when stated (占地24公顷)'),
    sa.Column('mention_count', sa.Integer(), nullable=False, comment='Number of mentions in the document'),
    sa.CheckConstraint('investment_yi >= 0', name=op.f('ck_project_investment_non_negative')),
    sa.ForeignKeyConstraint(['document_id'], ['core.document.document_id'], name=op.f('fk_project_document_id_document'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', name=op.f('pk_project')),
    sa.UniqueConstraint('document_id', 'project_key', name=op.f('uq_project_document_id_project_key')),
    schema='core',
    comment='项目 One row per distinct project per document; investment counted once.'
    )
    op.create_table('section',
    sa.Column('section_id', sa.BigInteger(), sa.Identity(always=False), nullable=False, comment='Section id'),
    sa.Column('document_id', sa.BigInteger(), nullable=False, comment='Document id'),
    sa.Column('path', sa.Text(), nullable=False, comment='Position in the tree, e.g. 2.5.1'),
    sa.Column('level', sa.SmallInteger(), nullable=False, comment='Depth (1 = top)'),
    sa.Column('kind', sa.Text(), nullable=False, comment='part | chapter | section | item | box'),
    sa.Column('number_text', sa.Text(), nullable=True, comment='Number as written, e.g. 第二篇'),
    sa.Column('title', sa.Text(), nullable=False, comment='Heading title'),
    sa.Column('char_start', sa.Integer(), nullable=False, comment='Start offset in the normalized text'),
    sa.Column('char_end', sa.Integer(), nullable=False, comment='End offset in the normalized text'),
    sa.ForeignKeyConstraint(['document_id'], ['core.document.document_id'], name=op.f('fk_section_document_id_document'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('section_id', name=op.f('pk_section')),
    sa.UniqueConstraint('document_id', 'path', name=op.f('uq_section_document_id_path')),
    schema='core',
    comment='章节 Heading tree of a document (篇/章/节, numbered items, 专栏 boxes).'
    )
    op.create_table('target',
    sa.Column('target_id', sa.BigInteger(), sa.Identity(always=False), nullable=False, comment='Target id'),
    sa.Column('document_id', sa.BigInteger(), nullable=False, comment='Document id'),
    sa.Column('record_key', sa.Text(), nullable=False, comment='Stable id from document, span and indicator'),
    sa.Column('indicator', sa.Text(), nullable=False, comment='Indicator as written'),
    sa.Column('indicator_code', sa.Text(), nullable=True, comment='Catalogue code, null when unmapped'),
    sa.Column('value', sa.Numeric(), nullable=False, comment='Value as written'),
    sa.Column('value_max', sa.Numeric(), nullable=True, comment='Upper end of a range'),
    sa.Column('unit', sa.Text(), nullable=False, comment='Unit as written'),
    sa.Column('value_base', sa.Numeric(), nullable=True, comment='Value in the base unit'),
    sa.Column('unit_base', sa.Text(), nullable=True, comment='Base unit'),
    sa.Column('comparator', sa.Text(), nullable=False, comment='>= | <= | ~ | ='),
    sa.Column('kind', sa.Text(), nullable=False, comment='level | growth | share | cap | cumulative | …'),
    sa.Column('year', sa.SmallInteger(), nullable=True, comment='Year the value is committed for or refers to'),
    sa.Column('period_start', sa.SmallInteger(), nullable=True, comment='First year of a period'),
    sa.Column('period_end', sa.SmallInteger(), nullable=True, comment='Last year of a period'),
    sa.Column('base_year', sa.SmallInteger(), nullable=True, comment='Base year of a multiple'),
    sa.Column('quote', sa.Text(), nullable=False, comment='Words the record was read from'),
    sa.Column('section_path', sa.Text(), nullable=True, comment='Section the quote sits in'),
    sa.Column('char_start', sa.Integer(), nullable=False, comment='Start offset of the quote'),
    sa.Column('char_end', sa.Integer(), nullable=False, comment='End offset of the quote'),
    sa.Column('confidence', sa.Numeric(precision=4, scale=3), nullable=False, comment='Extractor confidence 0–1'),
    sa.ForeignKeyConstraint(['document_id'], ['core.document.document_id'], name=op.f('fk_target_document_id_document'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('target_id', name=op.f('pk_target')),
    sa.UniqueConstraint('document_id', 'record_key', name=op.f('uq_target_document_id_record_key')),
    schema='core',
    comment='目标 Quantified commitments (SPEC §1 target), with lineage to the text.'
    )
    op.create_index(op.f('ix_target_document_id'), 'target', ['document_id'], unique=False, schema='core')
    op.create_index(op.f('ix_target_indicator_code'), 'target', ['indicator_code'], unique=False, schema='core')
    op.create_table('project_mention',
    sa.Column('mention_id', sa.BigInteger(), sa.Identity(always=False), nullable=False, comment='Mention id'),
    sa.Column('document_id', sa.BigInteger(), nullable=False, comment='Document id'),
    sa.Column('project_key', sa.Text(), nullable=False, comment='Project key'),
    sa.Column('name', sa.Text(), nullable=False, comment='Name as written at this mention'),
    sa.Column('box', sa.Text(), nullable=True, comment='专栏 or list heading, without 专栏N:'),
    sa.Column('ordinal', sa.Integer(), nullable=True, comment='Number in its list'),
    sa.Column('source', sa.Text(), nullable=False, comment='list | prose'),
    sa.Column('investment_yi', sa.Numeric(), nullable=True, comment='Investment stated at this mention'),
    sa.Column('investment_text', sa.Text(), nullable=True, comment='Investment as written here'),
    sa.Column('section_path', sa.Text(), nullable=True, comment='Section the mention sits in'),
    sa.Column('char_start', sa.Integer(), nullable=False, comment='Start offset'),
    sa.Column('char_end', sa.Integer(), nullable=False, comment='End offset'),
    sa.Column('quote', sa.Text(), nullable=False, comment='Words of the mention'),
    sa.ForeignKeyConstraint(['document_id', 'project_key'], ['core.project.document_id', 'core.project.project_key'], name=op.f('fk_project_mention_document_id_project_key_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('mention_id', name=op.f('pk_project_mention')),
    schema='core',
    comment='项目提及 Each occurrence of a project in a document (box, ordinal, span).'
    )
    op.create_index(op.f('ix_project_mention_document_id_project_key'), 'project_mention', ['document_id', 'project_key'], unique=False, schema='core')


def downgrade() -> None:
    op.drop_index(op.f('ix_project_mention_document_id_project_key'), table_name='project_mention', schema='core')
    op.drop_table('project_mention', schema='core')
    op.drop_index(op.f('ix_target_indicator_code'), table_name='target', schema='core')
    op.drop_index(op.f('ix_target_document_id'), table_name='target', schema='core')
    op.drop_table('target', schema='core')
    op.drop_table('section', schema='core')
    op.drop_table('project', schema='core')
    op.drop_table('document_text', schema='core')
    op.drop_index(op.f('ix_actual_indicator_code'), table_name='actual', schema='core')
    op.drop_index(op.f('ix_actual_document_id'), table_name='actual', schema='core')
    op.drop_table('actual', schema='core')
    op.drop_index(op.f('ix_rejected_input_run_id'), table_name='rejected_input', schema='core')
    op.drop_table('rejected_input', schema='core')
    op.drop_index(op.f('ix_document_sha256'), table_name='document', schema='core')
    op.drop_index(op.f('ix_document_region_code'), table_name='document', schema='core')
    op.drop_table('document', schema='core')
    op.drop_index(op.f('ix_region_name'), table_name='region', schema='core')
    op.drop_table('region', schema='core')
    op.drop_table('reference_version', schema='core')
    op.drop_table('indicator', schema='core')
    op.drop_table('etl_run', schema='core')
