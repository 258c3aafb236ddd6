"""Records that travel from the extractors to the loader and to `guihua extract`.

Field names are SPEC.md §1's names: outside tools score the extractor through them.
Money, rates and every other quantity are `Decimal` (never float: see LESSONS.md,
cn2an turns "16.4亿" into 1639999999 with floats).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

# SPEC §1 enumerations; dbt accepted_values tests and the loader reuse them.
REGION_LEVELS = ("province", "prefecture", "county")
DOC_KINDS = ("plan_outline", "news_summary", "work_report")
COMPARATORS = (">=", "<=", "~", "=")
FIGURE_KINDS = ("level", "growth", "share", "cap", "cumulative", "increment", "multiple", "count")
SECTION_KINDS = ("part", "chapter", "section", "item", "box")


@dataclass(slots=True)
class QualityFlag:
    """A kind of damage or repair seen in a document, with how often it occurs."""

    flag: str  # e.g. replacement_char, mojibake_run, mojibake_repaired, truncated_line
    count: int
    detail: str | None = None


@dataclass(slots=True)
class Document:
    """One input file (SPEC §1 document)."""

    doc: str
    sha256: str
    region_name: str | None = None
    region_code: str | None = None
    region_level: str | None = None
    parent_region_code: str | None = None
    doc_kind: str | None = None
    title: str | None = None
    plan_period: list[int] | None = None
    vision_year: int | None = None
    published_on: str | None = None
    issuer: str | None = None
    source_script: str = "simplified"
    encoding: str | None = None
    quality_flags: list[QualityFlag] = field(default_factory=list)
    region_candidates: list[str] = field(default_factory=list)
    char_count: int = 0
    type: str = "document"


@dataclass(slots=True)
class Section:
    """A heading of the document tree (篇/章/节, numbered items, 专栏 boxes)."""

    path: str
    level: int
    kind: str  # one of SECTION_KINDS
    number_text: str | None
    title: str
    char_start: int
    char_end: int
    type: str = "section"


@dataclass(slots=True)
class Figure:
    """Shared shape of a target (a commitment) and an actual (a reported value)."""

    indicator: str
    value: Decimal
    unit: str
    comparator: str = "="
    kind: str = "level"
    indicator_code: str | None = None
    value_max: Decimal | None = None
    value_base: Decimal | None = None
    unit_base: str | None = None
    year: int | None = None
    period: list[int] | None = None
    base_year: int | None = None
    # "decrease" when the text says 下降/降低/削减/减少 (能耗下降18% → growth 18, decrease):
    # value stays as written and non-negative; the direction carries the sign.
    direction: str | None = None
    binding: str | None = None
    quote: str = ""
    section_path: str | None = None
    char_start: int = 0
    char_end: int = 0
    confidence: float = 0.5


@dataclass(slots=True)
class Target(Figure):
    """A quantified commitment about the future (SPEC §1 target)."""

    type: str = "target"


@dataclass(slots=True)
class Actual(Figure):
    """A value the document reports as achieved (SPEC §1 actual)."""

    type: str = "actual"


@dataclass(slots=True)
class Project:
    """One mention of a named investment undertaking (SPEC §1 project)."""

    name: str
    project_key: str
    investment_yi: Decimal | None = None
    investment_text: str | None = None
    currency: str | None = None
    location: str | None = None
    sponsor: str | None = None
    sector: str | None = None
    box: str | None = None
    ordinal: int | None = None
    area: str | None = None
    source: str = "list"  # list | prose
    section_path: str | None = None
    char_start: int = 0
    char_end: int = 0
    quote: str = ""
    # where the amount's unit is written: "text" (after the number) or "header" (stated once in
    # the list/table heading, e.g. "总投资(亿元)", and carried to this row; LESSONS.md)
    investment_unit_source: str | None = None
    type: str = "project"


def to_dict(record: Any) -> dict[str, Any]:
    """A record as a plain dict (Decimals kept; the JSON writer emits them exactly)."""
    return asdict(record)
