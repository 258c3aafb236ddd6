"""The comparative marts answer issue 7's questions with one SELECT each, as the read-only role.

The sample corpus is loaded once for the module (`guihua run`), the reader role is
granted (`guihua db grant-reader`), and every question is asked as guihua_reader.
Expected values are read from the documents themselves (etl/data/corpus), not from
what the code printed: 朝阳区 "到2025年,力争地区生产总值超过1000亿" after "地区生产总值
从437.2亿元增加到727.5亿元"; 南关区 "地区生产总值力争达到600亿元"; 专栏4 of 朝阳区 lists five
projects of 450 + 150 + 5 + 2 + 1.3 亿元; "城镇登记失业率控制在4%以内" (朝阳区, 南关区),
"登记失业率控制在4%以内" (绿园区), "控制在4.5%以内" (吉林市); "经济总量、人均收入在2020年基础上
翻一番" (朝阳区 2035) and "经济总量或居民人均收入实现翻一番" (南关区 2035).
The SELECTs are the ones the README shows (section "Connect a BI tool or SQL client").
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from psycopg.rows import dict_row

from tests.helpers import guihua

pytestmark = pytest.mark.db

ROOT = Path(__file__).resolve().parents[2]
READER = "guihua_reader"
READER_PASSWORD = "marts-reader-pw-7"

# ---- the five questions (copied verbatim into README.md) ----------------------------------------
GDP_RANKING = """
select region_name, region_level, value_rank_in_level, comparator,
       comparison_value as gdp_2025_yi, baseline_year, baseline_value as gdp_baseline_yi,
       implied_cagr_pct
from marts.mart_target_comparison
where indicator_code = 'gdp' and target_year = 2025 and target_kind = 'level'
order by region_level, value_rank_in_level
"""

INVESTMENT_BY_REGION_AND_BOX = """
select region_name, box, project_count, cny_project_count, total_investment_yi,
       largest_project_name, largest_investment_yi, top3_share
from marts.mart_project_investment_by_box
where is_latest_for_region
order by region_name, total_investment_yi desc nulls last
"""

INDICATORS_PER_PLAN = """
select region_name, doc, target_count, target_indicator_count, quantified_indicator_names,
       unmapped_target_share, trust_level
from marts.mart_plan_coverage
order by region_level, region_name
"""

UNEMPLOYMENT_CAPS = """
select region_name, region_level, target_year, comparator, comparison_value as cap_pct,
       median_of_other_regions, quote
from marts.mart_target_comparison
where indicator_code = 'unemployment_rate' and target_kind = 'cap'
order by region_level, region_name, target_year
"""

TARGETS_2035 = """
select region_name, indicator, indicator_code, fact_kind, comparator, value, unit, base_year,
       implied_value, implied_unit, implied_cagr_pct
from marts.mart_indicator_timeseries
where fact_year = 2035 and fact_type <> 'actual'
order by region_name, indicator_code
"""

MARTS = (
    "mart_target_comparison", "mart_indicator_timeseries", "mart_targets_2025_wide",
    "mart_project_investment_by_plan", "mart_project_investment_by_box", "mart_top_projects",
    "mart_plan_coverage",
)


def _database_url(admin_url: str, name: str) -> str:
    base, _, query = admin_url.partition("?")
    return f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")


@pytest.fixture(scope="module")
def marts_db(pg_server: dict[str, str],
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """The sample corpus loaded and built once, with the reader role granted (like fresh_db + run_env)."""
    name = f"guihua_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_server["admin_url"], autocommit=True) as conn:
        conn.execute(f'create database "{name}"')  # generated identifier
    url = _database_url(pg_server["admin_url"], name)
    env = dict(os.environ, DATABASE_URL=url, GUIHUA_HOME=str(tmp_path_factory.mktemp("marts") / "home"),
               GUIHUA_WORKERS="2", GUIHUA_READER_PASSWORD=READER_PASSWORD)
    env.pop("GUIHUA_TEST_DATABASE_URL", None)
    try:
        loaded = guihua("run", env=env)
        assert loaded.returncode == 0, loaded.stderr
        granted = guihua("db", "grant-reader", env=env)
        assert granted.returncode == 0, granted.stderr
        host_part = url.split("@", 1)[1].split("?")[0]
        yield {"url": url, "env": env, "reader_url": f"postgresql://{READER}:{READER_PASSWORD}@{host_part}"}
    finally:
        with psycopg.connect(pg_server["admin_url"], autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


def ask(marts_db: dict[str, object], question: str) -> list[dict[str, object]]:
    """One SELECT, run as the read-only role."""
    with psycopg.connect(str(marts_db["reader_url"]), autocommit=True) as conn:
        assert conn.execute("select current_user").fetchone()[0] == READER
        return conn.cursor(row_factory=dict_row).execute(question).fetchall()


def by_region(rows: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {str(row["region_name"]): row for row in rows}


# ---- the Done-when questions --------------------------------------------------------------------


def test_rank_regions_by_2025_gdp_target_with_implied_growth(marts_db: dict[str, object]) -> None:
    rows = ask(marts_db, GDP_RANKING)
    regions = by_region(rows)
    chaoyang = regions["长春市朝阳区"]
    assert chaoyang["region_level"] == "county"
    assert chaoyang["comparator"] == ">="  # 超过1000亿
    assert chaoyang["gdp_2025_yi"] == Decimal(1000)
    assert chaoyang["baseline_year"] == 2020 and chaoyang["gdp_baseline_yi"] == Decimal("727.5")
    # (1000 / 727.5) ** (1 / 5) - 1 = 6.5696 %
    assert abs(float(chaoyang["implied_cagr_pct"]) - ((1000 / 727.5) ** 0.2 - 1) * 100) < 0.001
    nanguan = regions["长春市南关区"]
    assert nanguan["gdp_2025_yi"] == Decimal(600) and nanguan["region_level"] == "county"
    assert chaoyang["value_rank_in_level"] < nanguan["value_rank_in_level"]
    # Ranks restart within each administrative level: a prefecture is never ranked among districts.
    for level in {row["region_level"] for row in rows}:
        ranks = sorted(row["value_rank_in_level"] for row in rows if row["region_level"] == level)
        assert ranks[0] == 1 and ranks[-1] <= len(ranks)


def test_total_planned_investment_by_region_and_box(marts_db: dict[str, object]) -> None:
    rows = ask(marts_db, INVESTMENT_BY_REGION_AND_BOX)
    boxes = {(row["region_name"], row["box"]): row for row in rows}
    tourism = boxes[("长春市朝阳区", "文旅康养业重点项目")]  # 专栏4: 450 + 150 + 5 + 2 + 1.3
    assert tourism["project_count"] == 5
    assert tourism["total_investment_yi"] == Decimal("608.3")
    assert tourism["largest_project_name"] == "永春镇中铁东北亚博览中心项目"
    assert tourism["largest_investment_yi"] == Decimal(450)
    assert tourism["top3_share"] == Decimal("0.9946")  # (450 + 150 + 5) / 608.3
    cars = boxes[("长春市朝阳区", "汽车零部件业重点项目")]  # 专栏2: 52 + 20 + 15 + 2.08 + 2 + 1.84
    assert cars["project_count"] == 6 and cars["total_investment_yi"] == Decimal("92.92")
    assert all(row["total_investment_yi"] is None or row["total_investment_yi"] >= 0 for row in rows)


def test_which_indicators_each_plan_quantifies(marts_db: dict[str, object]) -> None:
    rows = ask(marts_db, INDICATORS_PER_PLAN)
    assert len(rows) == 5  # one row per plan of the sample corpus
    plans = by_region(rows)
    assert {"长春市朝阳区", "长春市二道区", "长春市绿园区", "长春市南关区", "吉林市"} <= set(plans)
    chaoyang = str(plans["长春市朝阳区"]["quantified_indicator_names"])
    for name in ("地区生产总值", "城镇登记失业率", "专利申请量", "高新技术企业数"):
        assert name in chaoyang.split("、"), name
    assert "城镇登记失业率" in str(plans["吉林市"]["quantified_indicator_names"]).split("、")
    for row in rows:
        assert row["trust_level"] in ("high", "medium", "low")
        assert row["unmapped_target_share"] is None or 0 <= row["unmapped_target_share"] <= 1
    # Trust reflects what was found: 二道区's plan yielded no target, actual or project (issue 16, point 6).
    assert plans["长春市二道区"]["target_count"] == 0 and plans["长春市二道区"]["trust_level"] == "low"
    assert plans["长春市朝阳区"]["trust_level"] == "high"


def test_trust_test_fails_on_a_plan_rated_high_with_nothing_found(marts_db: dict[str, object]) -> None:
    """dbt_project/tests/assert_plan_trust_reflects_findings.sql finds a 0-fact plan rated high."""
    sql = (ROOT / "dbt_project" / "tests" / "assert_plan_trust_reflects_findings.sql").read_text()
    sql = sql.replace("{{ ref('mart_plan_coverage') }}", "marts.mart_plan_coverage")
    with psycopg.connect(str(marts_db["url"])) as conn:
        assert conn.execute(sql).fetchall() == []  # as built
        conn.execute("update marts.mart_plan_coverage set trust_level = 'high' where target_count = 0")
        failing = conn.execute(sql).fetchall()
        conn.rollback()
    assert [row[1] for row in failing] == ["001_bfccae62de0f4535.txt"]


def test_unemployment_rate_cap_of_each_region(marts_db: dict[str, object]) -> None:
    rows = [row for row in ask(marts_db, UNEMPLOYMENT_CAPS) if row["target_year"] == 2025]
    caps = {row["region_name"]: row["cap_pct"] for row in rows}
    assert caps == {"长春市朝阳区": Decimal(4), "长春市南关区": Decimal(4), "长春市绿园区": Decimal(4),
                    "吉林市": Decimal("4.5")}
    assert {row["comparator"] for row in rows} == {"<="}
    levels = {row["region_name"]: row["region_level"] for row in rows}
    assert levels["吉林市"] == "prefecture"
    # 吉林市 (a prefecture) is compared with no district: it is alone at its level.
    assert next(row for row in rows if row["region_name"] == "吉林市")["median_of_other_regions"] is None
    assert next(row for row in rows if row["region_name"] == "长春市朝阳区")["median_of_other_regions"] == 4


def test_every_regions_targets_for_2035(marts_db: dict[str, object]) -> None:
    rows = ask(marts_db, TARGETS_2035)
    found = {(row["region_name"], row["indicator_code"], row["fact_kind"], row["value"], row["base_year"])
             for row in rows}
    for region in ("长春市朝阳区", "长春市南关区"):  # 经济总量 … 翻一番 on 2020
        assert (region, "gdp", "multiple", Decimal(2), 2020) in found
    chaoyang_gdp = next(row for row in rows
                        if row["region_name"] == "长春市朝阳区" and row["indicator_code"] == "gdp")
    assert chaoyang_gdp["implied_value"] == Decimal(1455)  # 2 × 727.5
    assert chaoyang_gdp["implied_unit"] == "亿元"
    assert abs(float(chaoyang_gdp["implied_cagr_pct"]) - (2 ** (1 / 15) - 1) * 100) < 0.001


# ---- BI readiness -------------------------------------------------------------------------------


def test_reader_reads_the_new_marts_and_nothing_else(marts_db: dict[str, object]) -> None:
    with psycopg.connect(str(marts_db["reader_url"]), autocommit=True) as conn:
        for mart in MARTS:
            assert conn.execute(f"select count(*) from marts.{mart}").fetchone()[0] > 0, mart
        for statement in (
            "insert into marts.mart_target_comparison (comparison_id) values ('x')",
            "update marts.mart_plan_coverage set trust_level = 'high'",
            "delete from marts.mart_top_projects",
            "create table marts.mart_evil (id int)",
            "select count(*) from core.target",
            "select count(*) from staging.int_facts",
        ):
            with pytest.raises((psycopg.errors.InsufficientPrivilege, psycopg.errors.ReadOnlySqlTransaction)):
                conn.execute(statement)


def test_every_mart_and_column_is_commented(marts_db: dict[str, object]) -> None:
    """persist_docs: BI tools show the Chinese/English descriptions as table and column comments."""
    with psycopg.connect(str(marts_db["url"])) as conn:
        missing = conn.execute(
            """
            select c.relname, a.attname
            from pg_class c
            join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'marts'
            join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
            where c.relname = any(%s) and col_description(c.oid, a.attnum) is null
            """, (list(MARTS),)).fetchall()
        uncommented = conn.execute(
            "select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
            " where n.nspname = 'marts' and relname = any(%s) and obj_description(c.oid, 'pg_class') is null",
            (list(MARTS),)).fetchall()
    assert not missing and not uncommented, (missing, uncommented)


def _table_oids(url: str, names: tuple[str, ...]) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return dict(conn.execute(
            "select c.relname, c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace"
            " where n.nspname = 'marts' and c.relname = any(%s)", (list(names),)).fetchall())


def test_bi_session_during_dbt_build_never_sees_a_missing_or_empty_mart(marts_db: dict[str, object]) -> None:
    """LESSONS: dbt swaps tables while BI reads. Readers poll every mart during a full rebuild."""
    reader_url = str(marts_db["reader_url"])
    marts = ("dim_plan", "fct_targets", "fct_projects", *MARTS)
    before = _table_oids(str(marts_db["url"]), marts)
    stop = threading.Event()
    problems: list[str] = []
    reads: list[int] = []

    def poll() -> None:
        with psycopg.connect(reader_url, autocommit=True) as conn:
            while not stop.is_set():
                for mart in marts:
                    try:
                        count = conn.execute(f"select count(*) from marts.{mart}").fetchone()[0]
                    except psycopg.Error as exc:
                        problems.append(f"{mart}: {type(exc).__name__}: {exc}")
                        continue
                    reads.append(1)
                    if count == 0:
                        problems.append(f"{mart}: empty")

    readers = [threading.Thread(target=poll, daemon=True) for _ in range(2)]
    for thread in readers:
        thread.start()
    time.sleep(0.5)
    started = len(reads)
    rebuilt = guihua("run", "--dbt", "always", env=dict(marts_db["env"]))  # type: ignore[arg-type]
    during = len(reads) - started
    stop.set()
    for thread in readers:
        thread.join(timeout=30)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert not problems, problems[:10]
    assert during > 10 * len(marts), f"the readers hardly ran during the build ({during} reads)"
    after = _table_oids(str(marts_db["url"]), marts)
    assert set(after) == set(marts)
    assert all(after[m] != before[m] for m in marts), "every mart was rebuilt (a new table swapped in)"
    # The grants survived the swap: the reader still reads every rebuilt mart.
    for mart in marts:
        assert ask(marts_db, f"select count(*) as n from marts.{mart}")[0]["n"] > 0, mart


def test_dbt_docs_generate_and_source_freshness(marts_db: dict[str, object]) -> None:
    env = dict(marts_db["env"])  # type: ignore[arg-type]
    script = (
        "import sys; from etl.transform import run_dbt; "
        "url = sys.argv[1]; "
        "docs = run_dbt(url, ['docs', 'generate']); "
        "fresh = run_dbt(url, ['source', 'freshness']); "
        "print(docs.success, fresh.success, docs.message, fresh.message)"
    )
    import subprocess

    result = subprocess.run([sys.executable, "-c", script, str(marts_db["url"])], env=env, check=False,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["True", "True"], result.stdout + result.stderr
    target = Path(env["GUIHUA_HOME"]) / "dbt" / "target"
    catalog = json.loads((target / "catalog.json").read_text())
    manifest = json.loads((target / "manifest.json").read_text())
    for mart in MARTS:
        node = catalog["nodes"][f"model.guihua.{mart}"]
        assert node["metadata"]["schema"] == "marts"
        model = manifest["nodes"][f"model.guihua.{mart}"]
        assert model["config"]["contract"]["enforced"] is True
        assert all(column["description"] for column in model["columns"].values())
        assert set(model["columns"]) == set(node["columns"]), mart  # documented = built
    assert {"exposure.guihua.guihua_html_report", "exposure.guihua.bi_tools_and_sql_clients"} <= set(
        manifest["exposures"])


_COMPILE_INLINE = """
import os, sys
from dbt.cli.main import dbtRunner
from etl.transform import dbt_args, dbt_env
os.environ.update(dbt_env(sys.argv[1]), DBT_SEND_ANONYMOUS_USAGE_STATS="false")
result = dbtRunner().invoke(["--quiet", *dbt_args(["compile", "--inline", sys.argv[2]])])
assert result.success, result.exception
print("-- compiled --")
print(result.result.results[0].node.compiled_code)
"""


def test_unit_scale_macro_and_the_extractor_use_the_same_multipliers(marts_db: dict[str, object]) -> None:
    """A multiplier is added in one place (etl/data/multipliers.csv): the run loads it into
    core.unit_multiplier, dbt's unit_scale macro converts with it, and the extractor reads it
    through etl.vocabulary. For every prefix of the file (and units with none), the macro and
    numbers.unit_scale give the same factor or both none."""
    import subprocess

    from etl import vocabulary
    from etl.extract.numbers import unit_scale

    with psycopg.connect(str(marts_db["url"])) as conn:
        loaded = conn.execute("select prefix, factor, in_text, converts from core.unit_multiplier").fetchall()
    assert {p: f for p, f, _, converts in loaded if converts} == vocabulary.SCALE_PREFIXES
    assert {p: f for p, f, in_text, _ in loaded if in_text} == vocabulary.MULTIPLIERS

    pairs = [(m.prefix + base, base) for m in vocabulary.MULTIPLIER_ROWS for base in ("元", "人次", "平方米")]
    pairs += [("元", "元"), ("%", "%"), ("百分点", "%"), ("户", "家"), ("万", ""), ("亿元", "个"), ("万万元", "元")]
    values = ", ".join(f"('{unit}', '{base}')" for unit, base in pairs)  # constant test strings
    sql = (f"select unit, base, {{{{ unit_scale('base', 'unit') }}}} as scale"
           f" from (values {values}) as pairs (unit, base)")
    env = dict(marts_db["env"])  # type: ignore[arg-type]
    compiled = subprocess.run([sys.executable, "-c", _COMPILE_INLINE, str(marts_db["url"]), sql],
                              env=env, capture_output=True, text=True, timeout=600, check=False)
    assert compiled.returncode == 0, compiled.stderr
    query = compiled.stdout.rsplit("-- compiled --", 1)[1].strip()
    assert "unit_multiplier" in query and "100000000" not in query  # looked up, not written in the macro
    with psycopg.connect(str(marts_db["url"])) as conn:
        dbt_scales = {(u, b): s for u, b, s in conn.execute(query).fetchall()}
    python_scales = {(u, b): unit_scale(u, b) for u, b in pairs}
    assert dbt_scales == python_scales
    assert dbt_scales[("亿元", "元")] == Decimal(10) ** 8 and dbt_scales[("兆元", "元")] is None


def test_readme_shows_exactly_these_selects() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for question in (GDP_RANKING, INVESTMENT_BY_REGION_AND_BOX, INDICATORS_PER_PLAN, UNEMPLOYMENT_CAPS,
                     TARGETS_2035):
        assert question.strip() + ";" in readme
