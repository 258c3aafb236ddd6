"""The `core` schema: what the loader writes and dbt reads.

The schema exists only through Alembic migrations generated from these models
(reviewed); a test asserts that models and migrations agree. Every constraint has
a name (naming convention), every table and column a comment.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Index,
    Integer,
    MetaData,
    Numeric,
    SmallInteger,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SCHEMA = "core"

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(schema=SCHEMA, naming_convention=NAMING_CONVENTION)

RUN_STATUSES = ("running", "succeeded", "partial", "failed", "abandoned")


class Base(DeclarativeBase):
    metadata = metadata


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} in ({', '.join(repr(v) for v in values)})"


class EtlRun(Base):
    __tablename__ = "etl_run"
    __table_args__ = (
        CheckConstraint(_in("status", RUN_STATUSES), name="status"),
        {"comment": "运行台账 One row per `guihua run`: when, outcome and document counts."},
    )

    run_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True, comment="Run id")
    started_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="When the run started"
    )
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), comment="When it ended")
    status: Mapped[str] = mapped_column(Text, comment="running | succeeded | partial | failed | abandoned")
    pid: Mapped[int | None] = mapped_column(Integer, comment="Process id of the runner (to detect a killed run)")
    host: Mapped[str | None] = mapped_column(Text, comment="Host name of the runner")
    inputs: Mapped[str | None] = mapped_column(Text, comment="Input paths as given")
    docs_seen: Mapped[int] = mapped_column(Integer, server_default="0", comment="Input files seen")
    docs_loaded: Mapped[int] = mapped_column(Integer, server_default="0", comment="Documents (re)loaded")
    docs_unchanged: Mapped[int] = mapped_column(Integer, server_default="0", comment="Skipped: same sha256")
    docs_rejected: Mapped[int] = mapped_column(Integer, server_default="0", comment="Rejected with a reason")
    docs_failed: Mapped[int] = mapped_column(Integer, server_default="0", comment="Failed to load (rolled back)")
    docs_moved: Mapped[int] = mapped_column(Integer, server_default="0",
                                            comment="Same bytes found under a new path: renamed, not reloaded")
    docs_removed: Mapped[int] = mapped_column(Integer, server_default="0",
                                              comment="Documents removed (--prune, forget): core.removed_document")
    dbt_status: Mapped[str | None] = mapped_column(Text, comment="dbt build outcome: success | error | skipped")
    message: Mapped[str | None] = mapped_column(Text, comment="One-line summary or error")


class Document(Base):
    __tablename__ = "document"
    __table_args__ = (
        UniqueConstraint("doc"),
        Index(None, "sha256"),
        Index(None, "region_code"),
        {"comment": "文档 One row per loaded input file (SPEC §1 document); replaced atomically on change."},
    )

    document_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True, comment="Document id")
    doc: Mapped[str] = mapped_column(Text, comment="Path relative to the folder given, '/'-separated (a file"
                                                   " given alone: its name); the document's identity")
    source_path: Mapped[str | None] = mapped_column(Text, comment="Absolute path the file was read from")
    sha256: Mapped[str] = mapped_column(Text, comment="SHA-256 of the raw bytes")
    size_bytes: Mapped[int] = mapped_column(BigInteger, comment="Size of the raw file")
    encoding: Mapped[str | None] = mapped_column(Text, comment="Detected encoding of the raw bytes")
    source_script: Mapped[str] = mapped_column(Text, comment="simplified | traditional")
    region_name: Mapped[str | None] = mapped_column(Text, comment="Region as named, e.g. 长春市朝阳区")
    region_code: Mapped[str | None] = mapped_column(Text, comment="GB/T 2260 code, e.g. 220104")
    region_level: Mapped[str | None] = mapped_column(Text, comment="province | prefecture | county")
    parent_region_code: Mapped[str | None] = mapped_column(Text, comment="Code of the parent region")
    region_candidates: Mapped[list[str] | None] = mapped_column(JSONB, comment="Codes considered when resolving")
    doc_kind: Mapped[str | None] = mapped_column(Text, comment="plan_outline | news_summary | work_report")
    title: Mapped[str | None] = mapped_column(Text, comment="Title")
    plan_start_year: Mapped[int | None] = mapped_column(SmallInteger, comment="First year of the plan period")
    plan_end_year: Mapped[int | None] = mapped_column(SmallInteger, comment="Last year of the plan period")
    vision_year: Mapped[int | None] = mapped_column(SmallInteger, comment="Long-range vision year (2035)")
    published_on: Mapped[date | None] = mapped_column(Date, comment="Publication date when stated")
    issuer: Mapped[str | None] = mapped_column(Text, comment="Issuing body when stated")
    quality_flags: Mapped[list[dict[str, object]]] = mapped_column(
        JSONB, server_default="[]", comment="Damage and repairs seen: [{flag, count, detail}]"
    )
    char_count: Mapped[int] = mapped_column(Integer, comment="Length of the normalized text")
    run_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("etl_run.run_id", ondelete="SET NULL"), comment="Run that loaded this version"
    )
    loaded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="When this version was loaded"
    )


class DocumentText(Base):
    __tablename__ = "document_text"
    __table_args__ = ({"comment": "规范化文本 The normalized text every quote and span points into."},)

    document_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("document.document_id", ondelete="CASCADE"), primary_key=True,
        comment="Document id",
    )
    # STORAGE EXTERNAL (migration 4d1f0c2a9b7e): out of line, uncompressed — pglz on CJK text
    # cost more than half of a bulk load and saved little.
    text: Mapped[str] = mapped_column(Text, comment="Normalized (simplified) text")


class Section(Base):
    __tablename__ = "section"
    __table_args__ = (
        UniqueConstraint("document_id", "path"),
        {"comment": "章节 Heading tree of a document (篇/章/节, numbered items, 专栏 boxes)."},
    )

    section_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True, comment="Section id")
    document_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("document.document_id", ondelete="CASCADE"), comment="Document id"
    )
    path: Mapped[str] = mapped_column(Text, comment="Position in the tree, e.g. 2.5.1")
    level: Mapped[int] = mapped_column(SmallInteger, comment="Depth (1 = top)")
    kind: Mapped[str] = mapped_column(Text, comment="part | chapter | section | item | box")
    number_text: Mapped[str | None] = mapped_column(Text, comment="Number as written, e.g. 第二篇")
    title: Mapped[str] = mapped_column(Text, comment="Heading title")
    char_start: Mapped[int] = mapped_column(Integer, comment="Start offset in the normalized text")
    char_end: Mapped[int] = mapped_column(Integer, comment="End offset in the normalized text")


class FigureColumns:
    """Columns shared by targets and actuals (SPEC §1)."""

    document_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("document.document_id", ondelete="CASCADE"), comment="Document id"
    )
    record_key: Mapped[str] = mapped_column(Text, comment="Stable id from document, span and indicator")
    indicator: Mapped[str] = mapped_column(Text, comment="Indicator as written")
    indicator_code: Mapped[str | None] = mapped_column(Text, comment="Catalogue code, null when unmapped")
    value: Mapped[Decimal] = mapped_column(Numeric, comment="Value as written")
    value_max: Mapped[Decimal | None] = mapped_column(Numeric, comment="Upper end of a range")
    unit: Mapped[str] = mapped_column(Text, comment="Unit as written")
    value_base: Mapped[Decimal | None] = mapped_column(Numeric, comment="Value in the base unit")
    unit_base: Mapped[str | None] = mapped_column(Text, comment="Base unit")
    comparator: Mapped[str] = mapped_column(Text, comment=">= | <= | ~ | =")
    kind: Mapped[str] = mapped_column(Text, comment="level | growth | share | cap | cumulative | …")
    year: Mapped[int | None] = mapped_column(SmallInteger, comment="Year the value is committed for or refers to")
    period_start: Mapped[int | None] = mapped_column(SmallInteger, comment="First year of a period")
    period_end: Mapped[int | None] = mapped_column(SmallInteger, comment="Last year of a period")
    base_year: Mapped[int | None] = mapped_column(SmallInteger, comment="Base year of a multiple")
    direction: Mapped[str | None] = mapped_column(Text, comment="decrease for 下降/降低 (value stays positive)")
    binding: Mapped[str | None] = mapped_column(Text, comment="binding (约束性) | expected (预期性) | null")
    table_index: Mapped[int | None] = mapped_column(
        Integer, comment="Table the figure was read from (0-based, in document order); null in prose")
    row_index: Mapped[int | None] = mapped_column(Integer, comment="Row of that table (0-based, header rows counted)")
    column_index: Mapped[int | None] = mapped_column(Integer, comment="Column of that table (0-based)")
    quote: Mapped[str] = mapped_column(Text, comment="Words the record was read from")
    section_path: Mapped[str | None] = mapped_column(Text, comment="Section the quote sits in")
    char_start: Mapped[int] = mapped_column(Integer, comment="Start offset of the quote")
    char_end: Mapped[int] = mapped_column(Integer, comment="End offset of the quote")
    confidence: Mapped[Decimal] = mapped_column(Numeric(4, 3), comment="Extractor confidence 0–1")


class Target(FigureColumns, Base):
    __tablename__ = "target"
    __table_args__ = (
        UniqueConstraint("document_id", "record_key"),
        CheckConstraint("binding in ('binding', 'expected')", name="binding_values"),  # its index also serves lookups by document_id
        Index(None, "indicator_code"),
        {"comment": "目标 Quantified commitments (SPEC §1 target), with lineage to the text."},
    )

    target_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True, comment="Target id")


class Actual(FigureColumns, Base):
    __tablename__ = "actual"
    __table_args__ = (
        UniqueConstraint("document_id", "record_key"),
        CheckConstraint("binding in ('binding', 'expected')", name="binding_values"),  # its index also serves lookups by document_id
        Index(None, "indicator_code"),
        {"comment": "实际值 Reported baselines (SPEC §1 actual), with lineage to the text."},
    )

    actual_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True, comment="Actual id")


class Project(Base):
    __tablename__ = "project"
    __table_args__ = (
        UniqueConstraint("document_id", "project_key"),
        CheckConstraint("investment_yi >= 0", name="investment_non_negative"),
        {"comment": "项目 One row per distinct project per document; investment counted once."},
    )

    project_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True, comment="Project id")
    document_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("document.document_id", ondelete="CASCADE"), comment="Document id"
    )
    project_key: Mapped[str] = mapped_column(Text, comment="Key shared by the mentions of one project")
    name: Mapped[str] = mapped_column(Text, comment="Name as first written")
    investment_yi: Mapped[Decimal | None] = mapped_column(Numeric, comment="Planned investment, 亿 of currency")
    investment_text: Mapped[str | None] = mapped_column(Text, comment="Investment as written")
    currency: Mapped[str | None] = mapped_column(Text, comment="CNY, USD … (null when no amount)")
    location: Mapped[str | None] = mapped_column(Text, comment="Leading place name")
    sponsor: Mapped[str | None] = mapped_column(Text, comment="Company or agency when named")
    sector: Mapped[str | None] = mapped_column(Text, comment="Box or list heading of the first mention")
    area: Mapped[str | None] = mapped_column(Text, comment="Area when stated (占地24公顷)")
    mention_count: Mapped[int] = mapped_column(Integer, comment="Number of mentions in the document")
    annual_investment_yi: Mapped[Decimal | None] = mapped_column(
        Numeric, comment="Annual planned investment (年度计划投资), 亿 of currency")
    start_year: Mapped[int | None] = mapped_column(SmallInteger, comment="First year of construction (建设年限)")
    end_year: Mapped[int | None] = mapped_column(SmallInteger, comment="Last year of construction (建设年限)")
    owner: Mapped[str | None] = mapped_column(Text, comment="Owner or responsible unit (业主/责任单位)")


class ProjectMention(Base):
    __tablename__ = "project_mention"
    __table_args__ = (
        ForeignKeyConstraint(
            ["document_id", "project_key"],
            ["project.document_id", "project.project_key"],
            ondelete="CASCADE",
        ),
        Index(None, "document_id", "project_key"),
        {"comment": "项目提及 Each occurrence of a project in a document (box, ordinal, span)."},
    )

    mention_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True, comment="Mention id")
    document_id: Mapped[int] = mapped_column(BigInteger, comment="Document id")
    project_key: Mapped[str] = mapped_column(Text, comment="Project key")
    name: Mapped[str] = mapped_column(Text, comment="Name as written at this mention")
    box: Mapped[str | None] = mapped_column(Text, comment="专栏 or list heading, without 专栏N:")
    ordinal: Mapped[int | None] = mapped_column(Integer, comment="Number in its list")
    source: Mapped[str] = mapped_column(Text, comment="list | prose | table")
    investment_yi: Mapped[Decimal | None] = mapped_column(Numeric, comment="Investment stated at this mention")
    investment_text: Mapped[str | None] = mapped_column(Text, comment="Investment as written here")
    section_path: Mapped[str | None] = mapped_column(Text, comment="Section the mention sits in")
    char_start: Mapped[int] = mapped_column(Integer, comment="Start offset")
    char_end: Mapped[int] = mapped_column(Integer, comment="End offset")
    quote: Mapped[str] = mapped_column(Text, comment="Words of the mention")
    table_index: Mapped[int | None] = mapped_column(
        Integer, comment="Table the mention was read from (0-based); null outside tables")
    row_index: Mapped[int | None] = mapped_column(Integer, comment="Row of that table (0-based, header rows counted)")
    column_index: Mapped[int | None] = mapped_column(Integer, comment="Column of the name cell (0-based)")


class RejectedInput(Base):
    __tablename__ = "rejected_input"
    __table_args__ = (
        Index(None, "run_id"),
        UniqueConstraint("rejection_key"),
        {"comment": "拒收 Inputs not loaded, with the reason: nothing is lost silently. One row per (path,"
                    " bytes, reason): a later run rejecting the same unchanged file adds no row."},
    )

    rejected_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True, comment="Rejection id")
    run_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("etl_run.run_id", ondelete="CASCADE"), comment="Run that saw the input"
    )
    doc: Mapped[str] = mapped_column(Text, comment="Path relative to the folder given (as core.document.doc)")
    source_path: Mapped[str] = mapped_column(Text, comment="Absolute path as found")
    sha256: Mapped[str | None] = mapped_column(Text, comment="SHA-256 when the bytes could be read")
    size_bytes: Mapped[int | None] = mapped_column(BigInteger, comment="Size when known")
    reason: Mapped[str] = mapped_column(Text, comment="Reason code (empty, binary, too_large, failed …)")
    detail: Mapped[str | None] = mapped_column(Text, comment="One-line explanation")
    rejected_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="When"
    )
    rejection_key: Mapped[str] = mapped_column(
        Text, comment="sha256 of (source_path, reason, sha256, size_bytes): one row per unchanged bad file"
    )


REMOVAL_REASONS = ("pruned", "forgotten")


class RemovedDocument(Base):
    __tablename__ = "removed_document"
    __table_args__ = (
        CheckConstraint(_in("reason", REMOVAL_REASONS), name="reason"),
        Index(None, "doc"),
        {"comment": "移除 Documents removed from core with all their rows: pruned (`guihua run ROOT --prune`,"
                    " file gone) or forgotten (`guihua forget`)."},
    )

    removal_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True, comment="Removal id")
    run_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("etl_run.run_id", ondelete="SET NULL"), comment="Run (or forget) that removed it"
    )
    doc: Mapped[str] = mapped_column(Text, comment="Document removed")
    source_path: Mapped[str | None] = mapped_column(Text, comment="Path it had been loaded from")
    sha256: Mapped[str] = mapped_column(Text, comment="SHA-256 of the version removed")
    reason: Mapped[str] = mapped_column(Text, comment="pruned | forgotten")
    removed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="When"
    )


REVIEW_ACTIONS = ("fix", "drop", "add")
REVIEW_RECORD_TYPES = ("target", "actual", "project")


class ReviewCorrection(Base):
    __tablename__ = "review_correction"
    __table_args__ = (
        CheckConstraint(_in("action", REVIEW_ACTIONS), name="action"),
        CheckConstraint(_in("record_type", REVIEW_RECORD_TYPES), name="record_type"),
        UniqueConstraint("doc", "record_type", "record_key", "action", "field"),
        {"comment": "人工校正 Reviewer corrections keyed by document and record (span); dbt applies them on"
                    " every build, so re-running the ETL never undoes a curator's work."},
    )

    correction_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True, comment="Correction id")
    doc: Mapped[str] = mapped_column(Text, comment="Document file name (survives reloads)")
    record_type: Mapped[str] = mapped_column(Text, comment="target | actual | project")
    record_key: Mapped[str] = mapped_column(Text, comment="Record corrected (record_key or project_key); "
                                                          "for an added record, a key made from its span")
    action: Mapped[str] = mapped_column(Text, comment="fix (one field) | drop (false record) | add (missed record)")
    field: Mapped[str] = mapped_column(Text, server_default="", comment="Field fixed ('' for drop and add)")
    new_value: Mapped[str | None] = mapped_column(Text, comment="New value of the field, as text")
    record: Mapped[dict[str, object] | None] = mapped_column(JSONB, comment="Fields of an added record")
    reviewer: Mapped[str | None] = mapped_column(Text, comment="Who made the correction")
    note: Mapped[str | None] = mapped_column(Text, comment="Why")
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="When it was stored"
    )


class Region(Base):
    __tablename__ = "region"
    __table_args__ = (
        Index(None, "name"),
        {"comment": "行政区划 GB/T 2260 divisions with their validity (from etl/data/regions.csv)."},
    )

    region_code: Mapped[str] = mapped_column(Text, primary_key=True, comment="GB/T 2260 code")
    valid_from: Mapped[int] = mapped_column(SmallInteger, primary_key=True,
                                            comment="First year the code had this name (codes are reused)")
    valid_to: Mapped[int | None] = mapped_column(SmallInteger, comment="Last year of validity")
    is_current: Mapped[bool] = mapped_column(Boolean, comment="Valid in the latest revision")
    name: Mapped[str] = mapped_column(Text, comment="Name, e.g. 朝阳区")
    short_name: Mapped[str | None] = mapped_column(Text, comment="Short name, e.g. 朝阳")
    full_name: Mapped[str | None] = mapped_column(Text, comment="Name with parents, e.g. 吉林省长春市朝阳区")
    level: Mapped[str] = mapped_column(Text, comment="province | prefecture | county")
    parent_code: Mapped[str | None] = mapped_column(Text, comment="Parent code")
    province_code: Mapped[str | None] = mapped_column(Text, comment="Province code")
    revision: Mapped[str | None] = mapped_column(Text, comment="Dataset revision the code comes from")


class Indicator(Base):
    __tablename__ = "indicator"
    __table_args__ = ({"comment": "指标目录 Indicator catalogue (from etl/data/indicators.csv)."},)

    indicator_code: Mapped[str] = mapped_column(Text, primary_key=True, comment="Canonical code")
    name_zh: Mapped[str] = mapped_column(Text, comment="Chinese name")
    name_en: Mapped[str] = mapped_column(Text, comment="English name")
    category: Mapped[str | None] = mapped_column(Text, comment="Category")
    canonical_unit: Mapped[str | None] = mapped_column(Text, comment="Canonical unit")
    aliases: Mapped[str | None] = mapped_column(Text, comment="Aliases separated by |")


class UnitMultiplier(Base):
    __tablename__ = "unit_multiplier"
    __table_args__ = (
        CheckConstraint("factor > 1", name="factor_above_one"),
        {"comment": "量级 Magnitude prefixes (万, 亿) from etl/data/multipliers.csv: the extractor reads the same"
                    " file, dbt's unit_scale macro converts units with the rows that convert"
                    " (migration d5e8a2c4b7f1)."},
    )

    prefix: Mapped[str] = mapped_column(Text, primary_key=True, comment="Prefix as written, e.g. 亿")
    factor: Mapped[Decimal] = mapped_column(
        Numeric, comment="How many units one prefixed unit makes (亿 → 100000000)")
    in_text: Mapped[bool] = mapped_column(Boolean, comment="Read between a number and its unit (3.5亿元)")
    converts: Mapped[bool] = mapped_column(Boolean, comment="Converted between units of one base (亿元 → 元)")
    only_before: Mapped[str | None] = mapped_column(Text, comment="Read in text only before these words")
    not_before: Mapped[str | None] = mapped_column(Text, comment="Never read in text before these words")
    notes: Mapped[str | None] = mapped_column(Text, comment="Curator notes")


class ReferenceVersion(Base):
    __tablename__ = "reference_version"
    __table_args__ = (
        {"comment": "Hash of each reference file last loaded (regions, indicators, unit multipliers)."},)

    name: Mapped[str] = mapped_column(Text, primary_key=True, comment="Reference table name")
    sha256: Mapped[str] = mapped_column(Text, comment="SHA-256 of the file loaded")
    loaded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="When it was loaded"
    )


class BuildState(Base):
    __tablename__ = "build_state"
    __table_args__ = (
        CheckConstraint("singleton", name="singleton"),
        {"comment": "构建状态 One row: the generation of core (bumped by a trigger on every statement that"
                    " changes a table dbt reads) and the generation the marts were last built from, so a"
                    " run knows when the marts lag core (migration c3a7e51d9f20)."},
    )

    singleton: Mapped[bool] = mapped_column(Boolean, primary_key=True, server_default="true",
                                            comment="Always true: the table has one row")
    core_generation: Mapped[int] = mapped_column(
        BigInteger, server_default="0", comment="Bumped by every committed change to a table dbt reads")
    marts_generation: Mapped[int | None] = mapped_column(
        BigInteger, comment="core_generation the last successful dbt build started from (null: never built)")
    marts_models_sha256: Mapped[str | None] = mapped_column(
        Text, comment="Fingerprint of the dbt project that built the marts (a new release rebuilds them)")
    marts_run_id: Mapped[int | None] = mapped_column(BigInteger,
                                                     comment="Run that built them (null: review apply)")
    marts_built_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True),
                                                            comment="When that build finished")
