"""Was each target kept? The progress marts on one region followed across years (issue 12).

tests/fixtures/progress/beijing holds 北京's 2024, 2025 and 2026 work reports as published (PDF,
DOCX, CSV) and two generated documents (an earlier draft of the 2025 report, a 2027
report); tests/fixtures/progress/SOURCES.md says which is which. Every expected value below was read from those texts:
2025 target 增长5%左右 (the draft's 5.5% is superseded by the later report), 2025 realized 增长5.4% (2026
report), 2026 realized 增长4.6% (2027 report), the 15th plan's 年均增速4.5%-5%, 失业率控制在5%以内 and
研发投入占比6%以上 for 2030. The three README questions are asked verbatim, as guihua_reader.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from psycopg.rows import dict_row

from tests.helpers import guihua

pytestmark = pytest.mark.db

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "progress" / "beijing"
READER = "guihua_reader"
READER_PASSWORD = "progress-reader-pw-3"

# ---- the three questions (copied verbatim into README.md) ----------------------------------------
BEAT_GROWTH_TARGET = """
select region_name, comparator, target_value as target_pct, realized_value as realized_pct,
       gap as gap_points, target_doc, realized_doc
from marts.mart_annual_target_panel
where indicator_code = 'gdp_growth' and target_kind = 'growth' and panel_year = 2025
  and is_target_met
order by gap desc, region_name
"""

TARGET_STATUS = """
select region_name, indicator_name_zh, target_year, target_kind, comparator, target_value,
       value_unit, actual_year, actual_value, required_growth_pct, realized_growth_pct, status
from marts.mart_target_progress
where target_year between 2025 and 2030
order by region_name, indicator_code, target_year
"""

GROWTH_ACROSS_CYCLES = """
select region_name, target_kind, target_2025, target_2030, annual_growth_pct_2025,
       annual_growth_pct_2030, growth_change_2025_to_2030, doc_2025, doc_2030
from marts.mart_plan_cycle_comparison
where indicator_code = 'gdp_growth' and cycle_count >= 2
order by region_name, target_kind
"""


@pytest.fixture(scope="module")
def progress_db(pg_server: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The fixture documents loaded into a new database, with the reader role granted."""
    name = f"guihua_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_server["admin_url"], autocommit=True) as conn:
        conn.execute(f'create database "{name}"')  # generated identifier
    base, _, query = pg_server["admin_url"].partition("?")
    url = f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")
    env = dict(os.environ, DATABASE_URL=url, GUIHUA_HOME=str(tmp_path_factory.mktemp("progress") / "home"),
               GUIHUA_WORKERS="2", GUIHUA_READER_PASSWORD=READER_PASSWORD)
    env.pop("GUIHUA_TEST_DATABASE_URL", None)
    try:
        loaded = guihua("run", str(FIXTURE), env=env)
        assert loaded.returncode == 0, loaded.stderr
        granted = guihua("db", "grant-reader", env=env)
        assert granted.returncode == 0, granted.stderr
        host_part = url.split("@", 1)[1].split("?")[0]
        yield {"url": url, "reader_url": f"postgresql://{READER}:{READER_PASSWORD}@{host_part}"}
    finally:
        with psycopg.connect(pg_server["admin_url"], autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


def ask(db: dict[str, str], question: str) -> list[dict[str, object]]:
    """One SELECT, run as the read-only role."""
    with psycopg.connect(db["reader_url"], autocommit=True) as conn:
        assert conn.execute("select current_user").fetchone()[0] == READER
        return conn.cursor(row_factory=dict_row).execute(question).fetchall()


def _panel(db: dict[str, str]) -> dict[int, dict[str, object]]:
    with psycopg.connect(db["url"]) as conn:
        rows = conn.cursor(row_factory=dict_row).execute(
            "select * from marts.mart_annual_target_panel where region_code = '110000'"
            " and indicator_code = 'gdp_growth' and target_kind = 'growth'").fetchall()
    return {int(r["panel_year"]): r for r in rows}


def _progress(db: dict[str, str]) -> dict[tuple[str, int, str], dict[str, object]]:
    with psycopg.connect(db["url"]) as conn:
        rows = conn.cursor(row_factory=dict_row).execute(
            "select * from marts.mart_target_progress where region_code = '110000'").fetchall()
    return {(str(r["indicator_code"]), int(r["target_year"]), str(r["target_kind"])): r for r in rows}


def test_panel_takes_the_later_report_and_the_gap_is_realized_minus_target(progress_db: dict[str, str]) -> None:
    panel = _panel(progress_db)
    y2025 = panel[2025]
    assert y2025["target_value"] == Decimal(5) and y2025["comparator"] == "~"  # 增长5%左右, not the draft's 5.5
    assert y2025["candidate_target_count"] == 2
    assert y2025["target_doc"] == "2025年北京市政府工作报告.docx"
    assert y2025["realized_value"] == Decimal("5.4") and y2025["realized_doc"] == "2026年北京市政府工作报告.csv"
    assert y2025["gap"] == Decimal("0.4") and y2025["gap_unit"] == "百分点" and y2025["is_target_met"] is True
    y2026 = panel[2026]
    assert (y2026["target_value"], y2026["realized_value"]) == (Decimal(5), Decimal("4.6"))
    assert y2026["gap"] == Decimal("-0.4") and y2026["is_target_met"] is False
    y2027 = panel[2027]
    assert y2027["target_value"] == Decimal(5)
    assert y2027["realized_value"] is None and y2027["gap"] is None and y2027["is_target_met"] is None
    assert panel[2024]["target_value"] == Decimal(5)  # the 2024 report (a PDF without a title page)


def test_progress_status_follows_each_rule(progress_db: dict[str, str]) -> None:
    progress = _progress(progress_db)
    growth_2025 = progress[("gdp_growth", 2025, "growth")]
    assert (growth_2025["status"], growth_2025["actual_year"], growth_2025["actual_value"]) == (
        "achieved", 2025, Decimal("5.4"))
    assert progress[("gdp_growth", 2026, "growth")]["status"] == "missed"  # 4.6 < 5
    growth_2027 = progress[("gdp_growth", 2027, "growth")]
    assert (growth_2027["status"], growth_2027["actual_year"]) == ("lagging", 2026)  # 4.6 < 5, year ahead
    growth_2030 = progress[("gdp_growth", 2030, "growth")]
    assert growth_2030["target_value"] == Decimal("4.5") and growth_2030["target_value_max"] == Decimal(5)
    assert growth_2030["status"] == "on_track"  # 4.6 in 2026 ≥ the range's lower end
    assert progress[("unemployment_rate", 2025, "cap")]["status"] == "achieved"  # 4.1 ≤ 5
    unemployment_2030 = progress[("unemployment_rate", 2030, "cap")]
    assert (unemployment_2030["status"], unemployment_2030["actual_value"]) == ("on_track", Decimal("4.3"))
    rd = progress[("rd_share", 2030, "share")]
    assert rd["target_value"] == Decimal(6) and rd["status"] == "not_reported" and rd["actual_value"] is None


def test_readme_questions_answer_as_the_reader(progress_db: dict[str, str]) -> None:
    beat = ask(progress_db, BEAT_GROWTH_TARGET)
    assert [(r["region_name"], r["target_pct"], r["realized_pct"]) for r in beat] == [
        ("北京市", Decimal(5), Decimal("5.4"))]
    status = {(r["indicator_name_zh"], r["target_year"], r["target_kind"]): r["status"]
              for r in ask(progress_db, TARGET_STATUS)}
    assert status[("地区生产总值增速", 2026, "growth")] == "missed"
    assert status[("城镇登记失业率", 2030, "cap")] == "on_track"
    cycles = ask(progress_db, GROWTH_ACROSS_CYCLES)
    growth = next(r for r in cycles if r["target_kind"] == "growth")
    # the 2025 report's 5%左右 against the 15th plan's 年均增速4.5%-5%: 0.5 points lower
    assert (growth["target_2025"], growth["target_2030"]) == (Decimal(5), Decimal("4.5"))
    assert growth["growth_change_2025_to_2030"] == Decimal("-0.5")
