"""`guihua report` writes one static page; headless Chromium renders its charts offline.

The browser test installs Debian's chromium and chromium-driver (and a CJK font, so the
screenshot shows the region names) when they are missing; it skips only when apt itself
cannot install them. The screenshot is saved to tests/artifacts/report.png.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from etl.config import SAMPLE_CORPUS_DIR
from tests.helpers import guihua
from tests.unit.test_report_render import external_resources

pytestmark = pytest.mark.db

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHART_IDS = ("chart-gdp", "chart-investment", "chart-paths", "chart-progress", "chart-panel")
PROGRESS_FIXTURE = ROOT / "tests" / "fixtures" / "progress" / "beijing"


@pytest.fixture(scope="module")
def report_page(pg_server: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sample corpus and 北京's work reports (tests/fixtures/progress) loaded into a new database,
    and `guihua report` run on it."""
    name = f"guihua_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_server["admin_url"], autocommit=True) as conn:
        conn.execute(f'create database "{name}"')  # generated identifier
    base, _, query = pg_server["admin_url"].partition("?")
    url = f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")
    work = tmp_path_factory.mktemp("report")
    env = dict(os.environ, DATABASE_URL=url, GUIHUA_HOME=str(work / "home"), GUIHUA_WORKERS="2")
    env.pop("GUIHUA_TEST_DATABASE_URL", None)
    try:
        loaded = guihua("run", str(SAMPLE_CORPUS_DIR), str(PROGRESS_FIXTURE), env=env)
        assert loaded.returncode == 0, loaded.stderr
        made = guihua("report", "--out", str(work / "out"), env=env)
        assert made.returncode == 0, made.stderr
        page = Path(made.stdout.strip().splitlines()[-1])
        assert page == work / "out" / "index.html"
        yield page
    finally:
        with psycopg.connect(pg_server["admin_url"], autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


def test_report_command_writes_one_self_contained_page(report_page: Path) -> None:
    text = report_page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
    assert external_resources(text) == []  # plotly.js is inlined: no CDN, works offline
    assert len(text) > 1_000_000  # the inlined library
    for chart in CHART_IDS:
        assert f'id="{chart}"' in text
    assert 'id="table-coverage"' in text and 'id="table-projects"' in text
    for region in ("长春市朝阳区", "长春市南关区", "长春市二道区", "长春市绿园区", "吉林市"):
        assert region in text  # the coverage table lists every plan
    coverage = text[text.index('id="table-coverage"'):]
    coverage = coverage[:coverage.index("</table>")]
    # each plan by its title, the (hashed) file name only as a secondary detail
    assert '<span class="plan-title">长春市二道区国民经济和社会发展第十四个五年规划和2035年远景目标纲要</span>' in coverage
    assert '<small class="file">001_bfccae62de0f4535.txt</small>' in coverage
    # 二道区's plan yielded no target, actual or project: not rated high (issue 16, point 6)
    erdao = coverage[coverage.index("长春市二道区国民经济"):]
    erdao = erdao[:erdao.index("</tr>")]
    assert 'class="trust-low"' in erdao and "trust-high" not in erdao
    assert "永春镇中铁东北亚博览中心项目" in text  # 朝阳区's largest project (450亿元)


def test_report_without_marts_fails_with_one_line(fresh_db: str, run_env: dict[str, str],
                                                  tmp_path: Path) -> None:
    result = guihua("report", "--out", str(tmp_path / "out"), env=run_env)
    assert result.returncode == 1
    assert "guihua run" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()


# ---- the browser ---------------------------------------------------------------------------------


def _ensure_chromium() -> tuple[str, str]:
    """Paths of chromium and chromedriver, installing the Debian packages when they are missing."""
    packages = []
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        packages += ["chromium", "chromium-driver"]
    fonts = ""
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":lang=zh"], check=False, capture_output=True, text=True).stdout
    if not fonts.strip():
        packages.append("fonts-wqy-microhei")  # without a CJK font the screenshot shows boxes
    if packages:
        if not shutil.which("apt-get"):
            pytest.skip(f"{' '.join(packages)} missing and no apt-get to install them")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        install = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
        for command in (["apt-get", "update"], install):
            done = subprocess.run(command, check=False, capture_output=True, text=True, env=env, timeout=1200)
            if done.returncode != 0:
                pytest.skip(f"apt could not install {packages}: {done.stderr.strip()[-300:]}")
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    assert chromium and driver, "apt installed chromium but the binaries are not on PATH"
    return chromium, driver


@pytest.mark.browser
def test_report_renders_in_headless_chromium(report_page: Path) -> None:
    chromium, chromedriver = _ensure_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                 "--window-size=1300,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    try:
        driver.set_page_load_timeout(120)
        driver.get(report_page.as_uri())
        ready = (
            "return [" + ", ".join(f"'{c}'" for c in CHART_IDS) + "].every(id => {"
            " const el = document.getElementById(id);"
            " return el && el.classList.contains('js-plotly-plot') && el.querySelector('svg.main-svg'); })"
        )
        WebDriverWait(driver, 60).until(lambda d: d.execute_script(ready))
        drawn = driver.execute_script(
            "return {"
            " gdp: document.querySelectorAll('#chart-gdp .bars .point path').length,"
            " growth: document.getElementById('chart-gdp').data[2].y.length,"
            " investment: document.querySelectorAll('#chart-investment .bars .point path').length,"
            " paths: document.querySelectorAll('#chart-paths .scatterlayer .trace').length,"
            " menu: (document.getElementById('chart-paths').layout.updatemenus || [{buttons: []}])[0]"
            "       .buttons.length,"
            " svgs: document.querySelectorAll('.js-plotly-plot svg.main-svg').length,"
            " coverage: document.querySelectorAll('#table-coverage tbody tr').length,"
            " progress: (document.getElementById('chart-progress').data[0].z || []).flat()"
            "       .filter(v => v !== null).length,"
            " panel: document.getElementById('chart-panel').data.length,"
            " panelMenu: (document.getElementById('chart-panel').layout.updatemenus || [{buttons: []}])[0]"
            "       .buttons.length,"
            " external: performance.getEntriesByType('resource')"
            "       .map(e => e.name).filter(n => !n.startsWith('file:') && !n.startsWith('data:')),"
            "}"
        )
        assert drawn["gdp"] >= 4, drawn  # 朝阳区 and 南关区 targets, 朝阳区's 2020 actual and its growth
        assert drawn["growth"] >= 1, drawn  # 朝阳区's implied growth from its 2020 actual
        assert drawn["investment"] >= 1, drawn
        assert drawn["paths"] >= 1 and drawn["menu"] >= 1, drawn
        assert drawn["svgs"] >= len(CHART_IDS), drawn
        assert drawn["coverage"] == 10, drawn  # the 5 seeds and the 5 北京 documents
        assert drawn["progress"] >= 5, drawn  # 北京's growth targets 2025–2027 and 2030, unemployment caps
        assert drawn["panel"] >= 2 and drawn["panelMenu"] >= 1, drawn  # 北京: target and realized lines
        assert drawn["external"] == [], drawn  # nothing fetched from a network
        # Choose another indicator in the menu: the chart redraws without errors.
        driver.execute_script(
            "const gd = document.getElementById('chart-paths');"
            " const buttons = gd.layout.updatemenus[0].buttons;"
            " const b = buttons[buttons.length - 1];"
            " return Plotly.update(gd, b.args[0], b.args[1]);")
        errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        assert not errors, errors
        for _ in range(3):  # the page reflows when the window grows: settle on its full height
            height = int(driver.execute_script("return document.documentElement.scrollHeight"))
            driver.set_window_size(1300, min(height + 120, 12000))
        driver.execute_script(
            "const gd = document.getElementById('chart-paths');"
            " const b = gd.layout.updatemenus[0].buttons[0];"
            " return Plotly.update(gd, b.args[0], b.args[1]);")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / "report.png"
        assert driver.save_screenshot(str(shot))
        assert shot.stat().st_size > 50_000
    finally:
        driver.quit()
