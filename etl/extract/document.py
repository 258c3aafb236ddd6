"""One input file → all its records: the pure middle of the road.

bytes ──read──▶ text blocks + tables ──normalize (assemble)──▶ text + table cell spans +
flags ──layout──▶ lines, sentences, clauses, sections, project boxes and lists, table rows,
footnotes (etl/layout.py, once) ──extract──▶ document, targets, actuals, projects. Tables
are read as tables (etl/extract/tables.py); the prose extractors read the text with the
tables' rows blanked out (same length, so every offset still holds) and
never read the same facts again from the rendered rows. No database and no shared state,
so it runs in a process pool (or on a distributed executor) as is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache

from etl.extract.metadata import extract_metadata
from etl.extract.projects import extract_projects
from etl.extract.tables import extract_table_facts
from etl.extract.targets import FigureContext, extract_figures
from etl.layout import build_layout
from etl.normalize import ProtectedNames, compile_protected_names
from etl.read import read_document
from etl.read.assemble import CELL_SEPARATOR, assemble
from etl.records import Actual, Document, Project, QualityFlag, Section, Target
from etl.regions import load_regions


@dataclass(slots=True)
class ExtractionResult:
    """Everything read from one document."""

    document: Document
    text: str
    sections: list[Section] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    actuals: list[Actual] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)

    def records(self) -> list[object]:
        """Records in SPEC order: document, sections, targets, actuals, projects."""
        return [self.document, *self.sections, *self.targets, *self.actuals, *self.projects]


@dataclass(slots=True)
class Rejected:
    """An input that is not loaded, and why (recorded in core.rejected_input)."""

    doc: str
    source_path: str
    reason: str
    detail: str
    sha256: str | None = None
    size_bytes: int | None = None


# Records of one kind kept per document. A real plan of 1 MB yields about a thousand of each; a
# document yielding more than this is damaged or hostile (20,000 repeated headings): it is flagged
# records_capped and keeps the first ones, so that loading and the marts stay bounded.
MAX_RECORDS_PER_KIND = 50_000


def traced_and_bounded(result: ExtractionResult, limit: int = MAX_RECORDS_PER_KIND) -> ExtractionResult:
    """Keep the lineage invariant and bound the record counts, flagging what was dropped.

    Lineage: a target, actual or project mention whose quote is not the text at its span (or whose
    span lies outside the text) is dropped and counted in the flag span_mismatch. Python slices
    in constant time per character, so this is linear in the quotes' length: the check each
    document gets once, before it is loaded (the dbt test repeats it on the stored text).
    Bound: more than `limit` records of one kind keep the first `limit`, flag records_capped.
    """
    text, size = result.text, len(result.text)
    flags = result.document.quality_flags
    mismatched = 0

    def traced(records: list) -> list:
        nonlocal mismatched
        kept = [r for r in records
                if 0 <= r.char_start <= r.char_end <= size and text[r.char_start:r.char_end] == r.quote]
        mismatched += len(records) - len(kept)
        return kept

    result.targets = traced(result.targets)
    result.actuals = traced(result.actuals)
    result.projects = traced(result.projects)
    result.sections = [s for s in result.sections if 0 <= s.char_start <= s.char_end <= size]
    if mismatched:
        flags.append(QualityFlag("span_mismatch", mismatched, "records whose quote is not the text at their span"
                                                              " (dropped)"))
    capped: list[str] = []
    for kind in ("sections", "targets", "actuals", "projects"):
        records = getattr(result, kind)
        if len(records) > limit:
            capped.append(f"{kind} {len(records)}")
            setattr(result, kind, records[:limit])
    if capped:
        flags.append(QualityFlag("records_capped", len(capped),
                                 f"more than {limit} records of a kind; kept the first {limit} of " + ", ".join(capped)))
    return result


@lru_cache(maxsize=1)
def _protected_names() -> ProtectedNames:
    """Region names that OpenCC must not touch (LESSONS: 乾安县 → 干安县), compiled once per process."""
    return compile_protected_names(load_regions().all_names())


def extract_bytes(raw: bytes, doc: str, *, source_path: str = "", sha256: str | None = None) -> (
        ExtractionResult | Rejected):
    """Normalize, structure and extract one document's bytes; a rejection when it is not a plan."""
    sha = sha256 or hashlib.sha256(raw).hexdigest()
    read = read_document(raw, doc)
    if read.rejection is not None:
        return Rejected(doc, source_path, read.rejection.reason, read.rejection.detail, sha, len(raw))
    if not any((p.text.strip() if hasattr(p, "text") else p.rows) for p in read.parts):
        if read.format == "txt":
            return Rejected(doc, source_path, "whitespace_only" if raw else "empty",
                            "only whitespace after decoding" if raw else "0 bytes", sha, len(raw))
        return Rejected(doc, source_path, "no_content", f"no text or table found in the {read.format} file",
                        sha, len(raw))
    assembled = assemble(read, _protected_names())
    normalized = assembled.normalized
    text = normalized.text
    if not text.strip():
        return Rejected(doc, source_path, "empty_after_normalization",
                        "no text left after decoding and removing web chrome", sha, len(raw))
    meta = extract_metadata(text, doc)
    if meta.not_a_plan and meta.not_a_plan_reason == "no Chinese text":
        return Rejected(doc, source_path, "not_a_plan", "no Chinese text: looked for planning markers, "
                        "targets and projects", sha, len(raw))
    flags: list[QualityFlag] = [*normalized.quality_flags, *meta.quality_flags]
    document = Document(
        doc=doc,
        sha256=sha,
        region_name=meta.region_name,
        region_code=meta.region_code,
        region_level=meta.region_level,
        parent_region_code=meta.parent_region_code,
        doc_kind=meta.doc_kind,
        title=read.title if not meta.title or CELL_SEPARATOR in meta.title else meta.title,
        plan_period=meta.plan_period,
        vision_year=meta.vision_year,
        published_on=read.published_on or meta.published_on,
        issuer=meta.issuer,
        source_script=normalized.source_script,
        encoding=normalized.encoding,
        quality_flags=flags,
        region_candidates=list(meta.region_candidates),
        char_count=len(text),
    )
    layout = build_layout(text, assembled.tables)  # once: every extractor below reads it
    sections = layout.sections
    context = meta.context
    own_year = context.own_year if context is not None else None
    figure_context = FigureContext(
        plan_period=meta.plan_period,
        vision_year=meta.vision_year,
        doc_kind=meta.doc_kind or "news_summary",
        report_year=meta.report_year,
        own_year=own_year,
        repeat_start=context.repeat_start if context is not None else None,
    )
    base_year, target_year = _default_table_years(meta)
    table_facts = extract_table_facts(layout, base_year=base_year, target_year=target_year)
    targets, actuals = extract_figures(layout, context=figure_context)  # indicator codes mapped by kind there
    projects = extract_projects(layout)
    if figure_context.repeat_start is not None:
        # a scraper printed the text twice: the second copy's projects are the first's again
        projects = [p for p in projects if p.char_start < figure_context.repeat_start]
        flags.append(QualityFlag("repeated_text", 1, f"starts over at {figure_context.repeat_start}"))
    targets = [*targets, *table_facts.targets]
    actuals = [*actuals, *table_facts.actuals]
    projects = [*projects, *table_facts.projects]
    if meta.not_a_plan:
        if not (targets or actuals or projects):
            return Rejected(doc, source_path, "not_a_plan",
                            f"{meta.not_a_plan_reason}; no target, actual or project found", sha, len(raw))
        # relevance is a flag: a text with figures or projects is kept (issue 15 point 6)
        flags[:] = [f for f in flags if f.flag != "not_a_plan"]
        flags.append(QualityFlag("no_planning_marker", 1, meta.not_a_plan_reason))
        document.doc_kind = document.doc_kind or "news_summary"
    return traced_and_bounded(ExtractionResult(document, text, sections, targets, actuals, projects))


def _default_table_years(meta: object) -> tuple[int | None, int | None]:
    """The years a table's 基期 / 目标 columns mean when their headers name none."""
    report_year = getattr(meta, "report_year", None)
    if getattr(meta, "doc_kind", None) == "work_report" and report_year:
        return report_year - 1, report_year
    period = getattr(meta, "plan_period", None)
    if period:
        return int(period[0]) - 1, int(period[1])
    return None, None
