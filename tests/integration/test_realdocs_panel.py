"""The 31 provinces' work reports as published fill the annual target panel (issue 12, point 5).

tests/fixtures/realdocs holds the 2025 reports as DOCX (2024 results, 2025 targets) and the 2026
reports as CSV (2025 results, 2026 targets), copied from the shared realdocs (MANIFEST.tsv says where
each comes from). Loaded together, the panel must give the 2025 GDP-growth target, the realized 2025
growth and the 2026 target for at least 29 of the 31 provinces. The spot checks were read from the
files by hand: 广东 2025 "地区生产总值增长5%左右", 2026 report "地区生产总值增长3.9%" and
"地区生产总值增长4.5%—5%"; 江苏 "增长5%以上", "增长5.3%", "按增长5%安排"; 浙江 "生产总值增长5.5%左右",
"全省生产总值增长5.5%", "增长5%—5.5%"; 甘肃 "增长5.5%左右", "地区生产总值增长5.8%"; 黑龙江 "增长5%左右",
"全省地区生产总值增长4.2%"; 北京 "增长5%左右", "增长5.4%", "增长5%左右".
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from psycopg.rows import dict_row

from tests.helpers import guihua

pytestmark = pytest.mark.db

REALDOCS = Path(__file__).resolve().parents[1] / "fixtures" / "realdocs"
PROVINCES = 31

# province code → (2025 target, comparator, realized 2025, 2026 target), read from the files
HAND_CHECKED = {
    "440000": (Decimal(5), "~", Decimal("3.9"), Decimal("4.5")),  # 广东
    "320000": (Decimal(5), ">=", Decimal("5.3"), Decimal(5)),  # 江苏
    "330000": (Decimal("5.5"), "~", Decimal("5.5"), Decimal(5)),  # 浙江
    "620000": (Decimal("5.5"), "~", Decimal("5.8"), Decimal("5.5")),  # 甘肃
    "230000": (Decimal(5), "~", Decimal("4.2"), Decimal("4.5")),  # 黑龙江
    "110000": (Decimal(5), "~", Decimal("5.4"), Decimal(5)),  # 北京
}


@pytest.fixture(scope="module")
def panel(pg_server: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], dict]:
    import os
    import uuid

    name = f"guihua_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_server["admin_url"], autocommit=True) as conn:
        conn.execute(f'create database "{name}"')  # generated identifier
    base, _, query = pg_server["admin_url"].partition("?")
    url = f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")
    env = dict(os.environ, DATABASE_URL=url, GUIHUA_HOME=str(tmp_path_factory.mktemp("realdocs") / "home"),
               GUIHUA_WORKERS="2")
    env.pop("GUIHUA_TEST_DATABASE_URL", None)
    try:
        loaded = guihua("run", str(REALDOCS / "provinces-2025"), str(REALDOCS / "provinces-2026"), env=env)
        assert loaded.returncode == 0, loaded.stderr
        with psycopg.connect(url) as conn:
            rows = conn.cursor(row_factory=dict_row).execute(
                "select * from marts.mart_annual_target_panel"
                " where indicator_code = 'gdp_growth' and target_kind = 'growth'"
                " and region_level = 'province'").fetchall()
        yield {(str(r["region_code"]), int(r["panel_year"])): r for r in rows}
    finally:
        with psycopg.connect(pg_server["admin_url"], autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


def test_the_panel_is_filled_for_at_least_29_provinces(panel: dict[tuple[str, int], dict]) -> None:
    complete = {code for (code, year), row in panel.items()
                if year == 2025 and row["target_value"] is not None and row["realized_value"] is not None
                and (code, 2026) in panel}
    assert len(complete) >= PROVINCES - 2, sorted(complete)


def test_hand_checked_provinces(panel: dict[tuple[str, int], dict]) -> None:
    for code, (target, comparator, realized, target_2026) in HAND_CHECKED.items():
        row = panel[(code, 2025)]
        assert (row["target_value"], row["comparator"], row["realized_value"]) == (target, comparator, realized), code
        assert row["gap"] == realized - target
        assert panel[(code, 2026)]["target_value"] == target_2026, code
