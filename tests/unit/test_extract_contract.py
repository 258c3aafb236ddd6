"""`guihua extract --format jsonl`: the SPEC §2 contract outside tools score through."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from etl.export import record_json
from etl.records import Project, Target

SPEC_FIELDS = {
    "document": {"doc", "sha256", "region_name", "region_code", "region_level", "doc_kind", "title", "plan_period",
                 "vision_year", "published_on", "issuer", "source_script", "quality_flags"},
    "section": {"path", "level", "number_text", "title", "char_start", "char_end"},
    "target": {"indicator", "indicator_code", "value", "value_max", "unit", "value_base", "unit_base", "comparator",
               "year", "period", "kind", "base_year", "quote", "section_path", "char_start", "char_end",
               "confidence"},
    "project": {"name", "investment_yi", "investment_text", "currency", "location", "sponsor", "sector", "box",
                "ordinal", "area", "section_path", "char_start", "char_end", "quote", "project_key"},
}
SPEC_FIELDS["actual"] = SPEC_FIELDS["target"]


def test_decimals_are_written_exactly() -> None:
    target = Target(indicator="地区生产总值", value=Decimal("16.4"), unit="亿元", value_base=Decimal("1640000000"))
    data = json.loads(record_json(target), parse_float=Decimal)
    assert data["value"] == Decimal("16.4") and data["value_base"] == Decimal("1640000000")
    assert '"value":16.4' in record_json(target)
    project = Project(name="x", project_key="k", investment_yi=Decimal("0.354107"))
    assert '"investment_yi":0.354107' in record_json(project)


def test_extract_jsonl_has_every_spec_field(seeds: list[Path]) -> None:
    result = subprocess.run([sys.executable, "-m", "etl.cli", "extract", *map(str, seeds), "--format", "jsonl"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    by_type: dict[str, list[dict]] = {}
    for record in records:
        by_type.setdefault(record["type"], []).append(record)
    assert len(by_type["document"]) == len(seeds)
    # SPEC §1: every line carries the doc of the document it belongs to (it stands on its own).
    current = None
    for record in records:
        if record["type"] == "document":
            current = record["doc"]
        assert record.get("doc") == current, record
    for kind, fields in SPEC_FIELDS.items():
        assert by_type.get(kind), f"no {kind} records"
        for record in by_type[kind]:
            missing = fields - record.keys()
            assert not missing, (kind, missing)


def test_extract_rejects_bad_input_with_exit_3(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = subprocess.run([sys.executable, "-m", "etl.cli", "extract", str(tmp_path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 3
    assert "empty" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
