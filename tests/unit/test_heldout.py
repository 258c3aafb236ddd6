"""A held-out set: documents in the styles guihua meets in the wild, written to measure generalisation.

tests/fixtures/heldout/*.txt are thirteen synthetic documents (figures illustrative, phrasing from
how such texts are written, none copied from the seeds): county, city, district and province
政府工作报告 (2021, 2022, 2023), prefecture, county and development-zone 十四五 outlines (专栏
boxes with amounts in 亿元/万元/亿美元, a unit in the box header, sponsors, location prefixes, a
project table whose cells normalization glues together, heading-scoped goal lists, flattened
indicator tables), news summaries (a province's 2035 goals, a city's plan release, a city's work
report) and a county outline built around traps (5G, 1号线, 面积, page numbers, 预计, 十三五 results,
footnotes, 比重 vs growth, 下降, 5%-8%, 两万, 翻一番, 个百分点).

Each was hand-labelled in tests/expectations/heldout/<name>.yaml (the seed schema: targets and
actuals rows ``[indicator, value, unit, comparator, year, kind, {extras}]``, projects as in
tests/expectations/projects/*.json) from a reading of the text BEFORE the extractors were run on
it. They were written in four rounds; each round was first scored as it stood, then the
extractors were improved for the general phrasing it exposed:

    round 1: wr_county_2022, wr_city_2021, plan_prefecture_outline, news_province_2035,
             plan_district_goals, plan_county_traps
    round 2: wr_province_2023, plan_county_table_projects, news_city_workreport_2022
    round 3: news_prefecture_plan, wr_district_2022
    round 4: wr_county_2023, plan_zone_outline

so only a round's first-contact score (kept in the lead's notes) estimates performance on
unseen text; the floors below guard what has been reached against regressions. A few labels
stay in deliberate disagreement with the extractor (e.g. 五年新增城镇就业 as cumulative, a unitless
城乡居民收入比, a value in a footnote): they are the remaining misses.

Scoring goes through the whole public path (``etl.extract.document.extract_bytes``: decoding,
normalization, metadata, structure, extraction), with the seed scorers:
tests/unit/targets_eval.py for targets and actuals, and test_projects.py's list/prose matching
for projects (plus currency, sector and prose amounts where a row gives them).

    PYTHONPATH=. .venv/bin/python tests/unit/test_heldout.py [-v] [name]   # per-doc P/R report
"""

from __future__ import annotations

import sys
from decimal import Decimal as D
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # pragma: no cover - running as a script
    sys.path.insert(0, str(ROOT))
if str(Path(__file__).resolve().parent) not in sys.path:  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import targets_eval as ev  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "heldout"
EXPECTATIONS = ROOT / "tests" / "expectations" / "heldout"
DOCS = sorted(p.stem for p in EXPECTATIONS.glob("*.yaml"))


# ------------------------------------------------------------------ loading
@cache
def _expect(name: str) -> dict[str, Any]:
    data = yaml.safe_load((EXPECTATIONS / f"{name}.yaml").read_text(encoding="utf-8"))
    for key in ("targets", "actuals"):
        rows = []
        for r in data.get(key) or []:
            extras = r[6] if len(r) > 6 else {}
            rows.append(ev.Row(str(r[0]), D(str(r[1])), str(r[2]), str(r[3]), int(r[4]), str(r[5]),
                               dict(extras or {})))
        data[key] = rows
    proj = data.get("projects") or {}
    data["projects"] = {"list": proj.get("list") or [], "prose": proj.get("prose") or [],
                        "shared_keys": proj.get("shared_keys") or []}
    return data


@cache
def _run(name: str):
    from etl.extract.document import ExtractionResult, extract_bytes

    raw = (FIXTURES / f"{name}.txt").read_bytes()
    result = extract_bytes(raw, f"{name}.txt")
    assert isinstance(result, ExtractionResult), result
    return result


# ------------------------------------------------------------------ project scoring (as test_projects.py)
def _clean(name: str) -> str:
    import unicodedata

    name = unicodedata.normalize("NFKC", name).lower()
    return "".join(ch for ch in name if ch.isalnum())


def _names_match(expected: str, predicted: str) -> bool:
    e, p = _clean(expected), _clean(predicted)
    if not e or not p:
        return False
    if e == p:
        return True
    short, long_ = (e, p) if len(e) <= len(p) else (p, e)
    return len(short) >= 2 and short in long_


def _score_projects(name: str) -> dict[str, Any]:
    exp = _expect(name)["projects"]
    projects = _run(name).projects
    pred_list = [p for p in projects if p.source == "list"]
    pred_prose = [p for p in projects if p.source == "prose"]
    # list items: box, ordinal and name must agree
    used: set[int] = set()
    lm: list[tuple[dict, Any]] = []
    lmiss: list[dict] = []
    for e in exp["list"]:
        hit = next((i for i, p in enumerate(pred_list) if i not in used and p.box == e["box"]
                    and p.ordinal == e["ordinal"] and _names_match(e["name"], p.name)), None)
        if hit is None:
            lmiss.append(e)
        else:
            used.add(hit)
            lm.append((e, pred_list[hit]))
    lextra = [p for i, p in enumerate(pred_list) if i not in used]
    # prose: name only; optional rows are neither required nor counted against precision
    used = set()
    pm: list[tuple[dict, Any]] = []
    pmiss: list[dict] = []
    for e in exp["prose"]:
        hit = next((i for i, p in enumerate(pred_prose) if i not in used and _names_match(e["name"], p.name)),
                   None)
        if hit is None:
            if not e.get("optional"):
                pmiss.append(e)
        else:
            used.add(hit)
            pm.append((e, pred_prose[hit]))
    pextra = [p for i, p in enumerate(pred_prose) if i not in used]
    p_tp = sum(1 for e, _ in pm if not e.get("optional"))
    p_req = sum(1 for e in exp["prose"] if not e.get("optional"))
    p_pred = len(pred_prose) - (len(pm) - p_tp)
    # fields of matched list items (a field omitted from a row is not checked)
    field_errors: list[str] = []
    for e, p in lm:
        if "investment_yi" in e:
            want = None if e["investment_yi"] is None else D(str(e["investment_yi"]))
            if p.investment_yi != want:
                field_errors.append(f"{e['name']}: investment_yi {p.investment_yi} != {want}")
            elif want is not None and "investment_text" in e and p.investment_text != e["investment_text"]:
                field_errors.append(f"{e['name']}: investment_text {p.investment_text!r} != {e['investment_text']!r}")
        for f in ("location", "sponsor", "area", "currency", "sector"):
            if f in e and getattr(p, f) != e[f]:
                field_errors.append(f"{e['name']}: {f} {getattr(p, f)!r} != {e[f]!r}")
    for e, p in pm:
        if "investment_yi" in e and p.investment_yi != D(str(e["investment_yi"])):
            field_errors.append(f"{e['name']} (prose): investment_yi {p.investment_yi} != {e['investment_yi']}")
    # shared keys
    by_list = {(e["box"], e["ordinal"]): p for e, p in lm}
    prose_by_name: dict[str, list[Any]] = {}
    for e, p in pm:
        prose_by_name.setdefault(e["name"], []).append(p)
    key_errors = []
    for group in exp["shared_keys"]:
        keys = set()
        seen: dict[str, int] = {}
        for ref in group:
            if "prose" in ref:
                k = seen.get(ref["prose"], 0)
                seen[ref["prose"]] = k + 1
                found = prose_by_name.get(ref["prose"], [])
                if k < len(found):
                    keys.add(found[k].project_key)
                else:
                    keys.add(("missing", ref["prose"]))
            else:
                p = by_list.get((ref["box"], ref["ordinal"]))
                keys.add(p.project_key if p is not None else ("missing", ref["box"], ref["ordinal"]))
        if len(keys) != 1:
            key_errors.append(str(group))
    return {
        "list_exp": len(exp["list"]), "list_pred": len(pred_list), "list_tp": len(lm),
        "prose_exp": p_req, "prose_pred": p_pred, "prose_tp": p_tp,
        "list_missing": [e["name"] for e in lmiss], "list_extra": [p.name for p in lextra],
        "prose_missing": [e["name"] for e in pmiss], "prose_extra": [p.name for p in pextra],
        "field_errors": field_errors, "key_errors": key_errors,
    }


def _ratio(num: int, den: int) -> float:
    return 1.0 if den == 0 else num / den


@cache
def scores(name: str) -> dict[str, Any]:
    exp = _expect(name)
    res = _run(name)
    t = ev.score(exp["targets"], res.targets, res.text)
    a = ev.score(exp["actuals"], res.actuals, res.text)
    return {"targets": t, "actuals": a, "projects": _score_projects(name), "document": res.document}


def totals() -> dict[str, tuple[int, int, int]]:
    """(expected, extracted, matched) summed over the held-out set, per record type."""
    out = {"targets": [0, 0, 0], "actuals": [0, 0, 0], "list": [0, 0, 0], "prose": [0, 0, 0]}
    for name in DOCS:
        s = scores(name)
        for key in ("targets", "actuals"):
            sc = s[key]
            out[key][0] += sc.expected
            out[key][1] += sc.extracted
            out[key][2] += sc.matched
        p = s["projects"]
        for key in ("list", "prose"):
            out[key][0] += p[f"{key}_exp"]
            out[key][1] += p[f"{key}_pred"]
            out[key][2] += p[f"{key}_tp"]
    return {k: tuple(v) for k, v in out.items()}  # type: ignore[misc]


# ------------------------------------------------------------------ floors (a little below what is reached)
# Reached over the 13 documents: targets P=0.988 R=0.985, actuals P=0.985 R=0.985, list items
# P=1.000 R=1.000, prose projects P=1.000 R=1.000.
FLOORS = {  # per record type, over the whole set: (precision, recall)
    "targets": (0.95, 0.95),
    "actuals": (0.95, 0.95),
    "list": (0.95, 0.95),
    "prose": (0.90, 0.90),
}
# Per document, targets and actuals together: (precision, recall). Reached: 1.000 on nine
# documents; plan_county_traps 0.949/0.949, wr_county_2023 0.951/0.929, plan_prefecture_outline
# 0.975/0.975, wr_city_2021 0.976/0.976, plan_zone_outline 0.973/0.973.
DOC_FLOORS = {
    "news_city_workreport_2022": (0.95, 0.95),
    "news_prefecture_plan": (0.95, 0.95),
    "news_province_2035": (0.95, 0.95),
    "plan_county_table_projects": (0.95, 0.95),
    "plan_county_traps": (0.90, 0.90),
    "plan_district_goals": (0.95, 0.95),
    "plan_prefecture_outline": (0.93, 0.93),
    "plan_zone_outline": (0.93, 0.93),
    "wr_city_2021": (0.93, 0.93),
    "wr_county_2022": (0.95, 0.95),
    "wr_county_2023": (0.90, 0.88),
    "wr_district_2022": (0.95, 0.95),
    "wr_province_2023": (0.95, 0.95),
}


def test_every_heldout_document_has_a_floor() -> None:
    assert sorted(DOC_FLOORS) == DOCS


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_heldout_floor_per_record_type(kind: str) -> None:
    expected, extracted, matched = totals()[kind]
    p, r = _ratio(matched, extracted), _ratio(matched, expected)
    floor_p, floor_r = FLOORS[kind]
    assert p >= floor_p and r >= floor_r, (kind, round(p, 3), round(r, 3), _report_lines(verbose=True))


@pytest.mark.parametrize("name", DOCS)
def test_heldout_floor_per_document(name: str) -> None:
    s = scores(name)
    t, a = s["targets"], s["actuals"]
    p = _ratio(t.matched + a.matched, t.extracted + a.extracted)
    r = _ratio(t.matched + a.matched, t.expected + a.expected)
    floor_p, floor_r = DOC_FLOORS[name]
    assert p >= floor_p and r >= floor_r, (name, round(p, 3), round(r, 3), _report_lines([name], verbose=True))


@pytest.mark.parametrize("name", DOCS)
def test_heldout_fields_exact_on_matches(name: str) -> None:
    s = scores(name)
    errors = s["targets"].field_errors + s["actuals"].field_errors + s["projects"]["field_errors"]
    # a match must carry the right unit, comparator, period, base year and amount; allow one slip
    assert len(errors) <= 1, errors
    assert not s["projects"]["key_errors"], s["projects"]["key_errors"]


@pytest.mark.parametrize("name", DOCS)
def test_heldout_document_kind(name: str) -> None:
    exp = _expect(name)
    doc = scores(name)["document"]
    assert doc.doc_kind in (exp.get("doc_kind_ok") or [exp["doc_kind"]])
    if exp["doc_kind"] == "work_report":
        assert doc.plan_period == exp["plan_period"]
    else:
        assert doc.plan_period == exp["plan_period"] and doc.vision_year == exp["vision_year"]


# ------------------------------------------------------------------ the general mechanisms behind the fixes
# Sentences in the style of the held-out documents (not copied from them), one per mechanism, so a
# regression names its cause.
def _figures(text: str, ctx=None):
    from etl.extract.targets import FigureContext, extract_figures

    return extract_figures(text, [], ctx or FigureContext())


def _rows(figs) -> set[tuple]:
    return {(f.indicator, f.value, f.unit, f.comparator, f.year, f.kind) for f in figs}


def _work_report(year: int):
    from etl.extract.targets import FigureContext

    return FigureContext(plan_period=(year, year), vision_year=None, doc_kind="work_report", report_year=year)


def test_values_of_named_years_in_a_review() -> None:
    _, actuals = _figures("“十三五”期间,全市地区生产总值由2015年的402.6亿元增加到2020年的598.1亿元,年均增长8.2%。")
    assert {(f.value, f.year, f.kind) for f in actuals} == {
        (D("402.6"), 2015, "level"), (D("598.1"), 2020, "level"), (D("8.2"), 2020, "growth")}
    assert next(f for f in actuals if f.kind == "growth").period == [2016, 2020]


def test_respective_rates_keep_their_predicate() -> None:
    targets, _ = _figures("到2025年,单位地区生产总值用水量和建设用地使用量分别下降16%和12%。")
    assert {(f.value, f.kind, f.direction) for f in targets} == {(D(16), "growth", "decrease"),
                                                                (D(12), "growth", "decrease")}
    _, actuals = _figures("去年,城乡居民人均可支配收入分别达到52100元和31200元,分别增长5.2%和7.3%。",
                          _work_report(2023))
    assert {(f.indicator, f.value) for f in actuals} == {
        ("城镇居民人均可支配收入", D(52100)), ("农村居民人均可支配收入", D(31200)),
        ("城镇居民人均可支配收入", D("5.2")), ("农村居民人均可支配收入", D("7.3"))}


def test_a_work_report_reviews_one_year_or_five() -> None:
    ctx = _work_report(2023)
    _, one = _figures("2022年,全市实际使用外资12.5亿元,按可比价计算增长6.1%。", ctx)
    assert {(f.indicator, f.value, f.kind, f.period) for f in one} == {
        ("实际使用外资", D("12.5"), "level", None), ("实际使用外资", D("6.1"), "growth", None)}
    _, five = _figures("过去五年,全市累计完成固定资产投资3200亿元,地区生产总值年均增长6.9%。", ctx)
    assert {(f.value, f.kind, tuple(f.period or ())) for f in five} == {
        (D(3200), "cumulative", (2018, 2022)), (D("6.9"), "growth", (2018, 2022))}


def test_this_year_and_last_year_in_a_news_text() -> None:
    from etl.extract.targets import FigureContext

    ctx = FigureContext(plan_period=(2021, 2025), vision_year=2035, doc_kind="news_summary")
    targets, actuals = _figures(
        "今年是“十四五”开局之年,全市确定地区生产总值增长7%左右的预期目标。截至去年底,全市5G基站已达8600个,"
        "今年将再新建5G基站2000个。", ctx)
    assert ("地区生产总值", D(7), "%", "~", 2021, "growth") in _rows(targets)
    assert ("5G基站", D(2000), "个", "=", 2021, "increment") in _rows(targets)
    assert {(f.value, f.year) for f in actuals} == {(D(8600), 2020)}


def test_heading_scopes_a_goal_list() -> None:
    from etl.structure import parse_sections
    from etl.extract.targets import FigureContext, extract_figures

    text = "第二章 发展目标\n第一节 近期目标(到2023年)\n——高新技术企业达到260家。\n第二节 中期目标(到2025年)\n——高新技术企业达到400家。\n"
    targets, _ = extract_figures(text, parse_sections(text), FigureContext())
    assert {(f.value, f.year) for f in targets} == {(D(260), 2023), (D(400), 2025)}


def test_indicator_table_after_normalization() -> None:
    text = ("表1 “十四五”时期主要指标\n类别 指标 单位2020年2025年 年均增长(%)属性\n"
            "经济发展 地区生产总值 亿元318.2 460 7.5预期性\n民生福祉 城镇登记失业率% 3.1 <4— 预期性\n")
    targets, actuals = _figures(text)
    assert ("地区生产总值", D(460), "亿元", "=", 2025, "level") in _rows(targets)
    assert ("地区生产总值", D("7.5"), "%", "=", 2025, "growth") in _rows(targets)
    assert ("城镇登记失业率", D(4), "%", "<=", 2025, "cap") in _rows(targets)
    assert {(f.value, f.year) for f in actuals} == {(D("318.2"), 2020), (D("3.1"), 2020)}


def test_a_project_table_row_is_a_project_not_a_target() -> None:
    from etl.extract.projects import extract_projects

    text = ("专栏4 “十四五”重大项目表\n序号 项目名称 建设内容及规模 总投资(万元)建设年限\n一、基础设施类\n"
            "1某某县城乡供水一体化工程 新建水厂2座,日供水5万吨26000 2021-2023\n"
            "2某某县人民医院(二期)建设病房楼,床位600张48000 2022-2024\n")
    items = [p for p in extract_projects(text, []) if p.source == "list"]
    assert [(p.ordinal, p.name, p.investment_yi, p.sector) for p in items] == [
        (1, "某某县城乡供水一体化工程", D("2.6"), "基础设施类"), (2, "某某县人民医院(二期)", D("4.8"), "基础设施类")]
    targets, actuals = _figures(text)
    assert targets == [] and actuals == []


def test_a_list_after_a_lead_in_clause() -> None:
    from etl.extract.projects import extract_projects

    text = ("全年安排重点项目120个。重点推进以下项目:\n1.某某港三期码头工程,总投资约36亿元;\n"
            "2.某某科技园二期,计划投资8000万元。\n")
    items = [p for p in extract_projects(text, []) if p.source == "list"]
    assert [(p.box, p.ordinal, p.name, p.investment_yi) for p in items] == [
        ("重点推进以下项目", 1, "某某港三期码头工程", D(36)), ("重点推进以下项目", 2, "某某科技园二期", D("0.8"))]


def test_works_named_in_prose() -> None:
    from etl.extract.projects import extract_projects

    names = [p.name for p in extract_projects("开工建设白鹤滩水利枢纽工程、S216省道改线工程,实施农村公路工程和人才工程。", [])]
    assert names == ["白鹤滩水利枢纽工程", "S216省道改线工程"]
    (p,) = extract_projects("确保总投资42亿元的智能装备产业园项目年内投产。", [])
    assert (p.name, p.investment_yi) == ("智能装备产业园项目", D(42))


def test_not_figures() -> None:
    assert _figures("《规划》共安排了86项重大工程,设置了22项主要指标。") == ([], [])
    assert _figures("预计到2025年全市常住人口将达到120万人,城镇人口约80万人。") == ([], [])
    assert _figures("完成老旧小区改造35个、涉及居民1.2万户。")[0][0].value == D(35)
    assert len(_figures("完成老旧小区改造35个、涉及居民1.2万户。")[0]) == 1
    (f,) = _figures("城市建成区绿地率不低于38%。")[0]
    assert f.comparator == ">="


# ------------------------------------------------------------------ report
def _report_lines(chosen: list[str] | None = None, verbose: bool = False) -> list[str]:
    lines = []
    for name in chosen or DOCS:
        s = scores(name)
        doc = s["document"]
        lines.append(f"{name}  [{doc.doc_kind} {doc.plan_period} vision={doc.vision_year}]")
        for key in ("targets", "actuals"):
            sc = s[key]
            lines.append(f"  {key:8s} exp {sc.expected:3d} got {sc.extracted:3d} ok {sc.matched:3d}  "
                         f"P={sc.precision:.3f} R={sc.recall:.3f}  field errors {len(sc.field_errors)}")
            if verbose:
                lines += [f"     MISS  {r.indicator} {r.value}{r.unit} {r.comparator} {r.year} {r.kind} {r.extras or ''}"
                          for r in sc.misses]
                lines += [f"     EXTRA {f.indicator!r} {f.value}{f.unit} {f.comparator} {f.year} {f.kind} "
                          f"| {f.quote[-40:]!r}" for f in sc.extras]
                lines += [f"     FIELD {e}" for e in sc.field_errors]
        p = s["projects"]
        lines.append(f"  list     exp {p['list_exp']:3d} got {p['list_pred']:3d} ok {p['list_tp']:3d}  "
                     f"P={_ratio(p['list_tp'], p['list_pred']):.3f} R={_ratio(p['list_tp'], p['list_exp']):.3f}")
        lines.append(f"  prose    exp {p['prose_exp']:3d} got {p['prose_pred']:3d} ok {p['prose_tp']:3d}  "
                     f"P={_ratio(p['prose_tp'], p['prose_pred']):.3f} R={_ratio(p['prose_tp'], p['prose_exp']):.3f}")
        if verbose:
            for k in ("list_missing", "list_extra", "prose_missing", "prose_extra", "field_errors", "key_errors"):
                if p[k]:
                    lines.append(f"     {k}: {p[k]}")
    if chosen is None:
        lines.append("TOTAL")
        for key, (e, x, m) in totals().items():
            lines.append(f"  {key:8s} exp {e:3d} got {x:3d} ok {m:3d}  P={_ratio(m, x):.3f} R={_ratio(m, e):.3f}")
    return lines


if __name__ == "__main__":  # pragma: no cover
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    chosen = [d for d in DOCS if any(d.startswith(a) for a in args)] or None
    print("\n".join(_report_lines(chosen, verbose="-v" in sys.argv)))
