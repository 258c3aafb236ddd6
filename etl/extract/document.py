"""One input file → all its records: the pure middle of the road.

bytes ──normalize──▶ text + flags ──structure──▶ sections ──extract──▶ document,
targets, actuals, projects. No database and no shared state, so it runs in a
process pool (or on a distributed executor) as is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache

from etl.extract.metadata import extract_metadata
from etl.extract.projects import extract_projects
from etl.extract.targets import FigureContext, extract_figures
from etl.ingest import decode_bytes
from etl.normalize import ProtectedNames, compile_protected_names, normalize_decoded
from etl.records import Actual, Document, Project, QualityFlag, Section, Target
from etl.regions import load_regions
from etl.structure import parse_sections


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
    decoded = decode_bytes(raw)
    if decoded.rejection is not None:
        return Rejected(doc, source_path, decoded.rejection.reason, decoded.rejection.detail, sha, len(raw))
    if not decoded.text.strip():
        return Rejected(doc, source_path, "whitespace_only" if raw else "empty",
                        "only whitespace after decoding" if raw else "0 bytes", sha, len(raw))
    normalized = normalize_decoded(decoded, protected_names=_protected_names())
    text = normalized.text
    if not text.strip():
        return Rejected(doc, source_path, "empty_after_normalization",
                        "no text left after decoding and removing web chrome", sha, len(raw))
    meta = extract_metadata(text, doc)
    if meta.not_a_plan:
        return Rejected(doc, source_path, "not_a_plan",
                        "no planning markers (规划/纲要/政府工作报告/发展目标…) found", sha, len(raw))
    flags: list[QualityFlag] = [*normalized.quality_flags, *meta.quality_flags]
    document = Document(
        doc=doc,
        sha256=sha,
        region_name=meta.region_name,
        region_code=meta.region_code,
        region_level=meta.region_level,
        parent_region_code=meta.parent_region_code,
        doc_kind=meta.doc_kind,
        title=meta.title,
        plan_period=meta.plan_period,
        vision_year=meta.vision_year,
        published_on=meta.published_on,
        issuer=meta.issuer,
        source_script=normalized.source_script,
        encoding=normalized.encoding,
        quality_flags=flags,
        region_candidates=list(meta.region_candidates),
        char_count=len(text),
    )
    sections = parse_sections(text)
    context = FigureContext(
        plan_period=meta.plan_period,
        vision_year=meta.vision_year,
        doc_kind=meta.doc_kind,
        report_year=getattr(meta, "report_year", None),
    )
    targets, actuals = extract_figures(text, sections, context)  # indicator codes mapped by kind there
    projects = extract_projects(text, sections)
    return traced_and_bounded(ExtractionResult(document, text, sections, list(targets), list(actuals), projects))
