"""`guihua run` on a folder of mixed formats: tables reach core and the fact marts with their lineage."""

from __future__ import annotations

import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import guihua, rows, scalar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "unit"))

import format_files as ff  # noqa: E402

pytestmark = pytest.mark.db

REALDOCS = Path(__file__).resolve().parent.parent / "fixtures" / "realdocs"


def test_a_folder_of_mixed_formats_loads_with_table_facts_in_the_marts(
        run_env: dict[str, str], fresh_db: str, tmp_path: Path) -> None:
    corpus = tmp_path / "mixed"
    corpus.mkdir()
    (corpus / "plan.docx").write_bytes(ff.as_docx())
    (corpus / "plan.html").write_bytes(ff.as_html())
    (corpus / "projects.xlsx").write_bytes(ff.as_xlsx())
    (corpus / "old.wps").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"))
    shutil.copy(REALDOCS / "provinces-2025" / "2025年江苏省政府工作报告.docx", corpus / "江苏.docx")
    shutil.copy(REALDOCS / "provinces-2026" / "2026_江苏省_政府工作报告.csv", corpus / "江苏.csv")
    result = guihua("run", str(corpus), env=run_env)
    assert result.returncode == 3, result.stderr  # partial: the .wps needs conversion
    assert "Traceback" not in result.stderr
    assert dict(rows(fresh_db, "select doc, reason from core.rejected_input")) == {"old.wps": "needs_conversion"}
    assert scalar(fresh_db, "select count(*) from core.document") == 5
    projects = {r[0]: r[1:] for r in rows(
        fresh_db, "select project_name, investment_yi, annual_investment_yi, start_year, end_year, owner"
                  " from marts.fct_projects where doc = 'projects.xlsx'")}
    assert projects["临平新城综合交通枢纽项目"] == (Decimal("45"), Decimal("8"), 2021, 2025, "区交通投资集团")
    assert len(projects) == 3
    bound = rows(fresh_db, "select indicator, binding, table_index, row_index, column_index from marts.fct_targets"
                           " where doc = 'plan.docx' and binding is not null order by row_index, column_index")
    assert ("单位地区生产总值能耗降低", "binding", 1, 2, 4) in bound
    assert ("地区生产总值", "expected", 1, 1, 4) in bound
    baseline = rows(fresh_db, "select value, actual_year, table_index from marts.fct_actuals"
                              " where doc = 'plan.html' and table_index is not null")
    assert baseline == [(Decimal("727.5"), 2020, 1)]
    published = scalar(fresh_db, "select published_on::text from core.document where doc = '江苏.csv'")
    assert published == "2026-02-09"
