"""The report: one static HTML page with plotly charts, read from the marts only.

`build_report(url, out_dir)` reads the marts (the same BI-facing API a dashboard
uses), `render_report` turns what it read into one self-contained page: plotly's
JavaScript is inlined (no CDN: the page is opened where no network is reachable),
every text from a document is escaped, and a chart without data says so instead
of failing. Comparisons keep the marts' honesty rules: values are charted together
only in one unit, and each region carries its administrative level.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

REPORT_FILE = "index.html"
FONT = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif'
LEVELS = {"province": "省级", "prefecture": "地级", "county": "县级"}
FACT_SYMBOLS = {"actual": "circle", "target": "diamond", "vision": "star"}
FACT_LABELS = {"actual": "实际 actual", "target": "目标 target", "vision": "远景 vision"}
PROSE_BOX = "正文提及 named in prose"
DEFAULT_INDICATOR = "gdp"
PANEL_INDICATOR = "gdp_growth"
# Status of a target (mart_target_progress.status): label and colour, in the grid's order.
STATUSES = {
    "achieved": ("已实现 achieved", "#1a7f37"),
    "on_track": ("进度正常 on track", "#8cc084"),
    "lagging": ("滞后 lagging", "#f0a202"),
    "missed": ("未实现 missed", "#cf222e"),
    "not_reported": ("未报告 not reported", "#d0d7de"),
}
GRID_MAX_COLUMNS = 16

Row = dict[str, Any]

QUERIES = {
    "gdp": """
        select region_code, region_name, region_level, gdp_yi, gdp_comparator, gdp_baseline_year,
               gdp_baseline_yi, gdp_implied_cagr_pct
        from marts.mart_targets_2025_wide
        order by region_level, gdp_yi desc nulls last, region_name
    """,
    "investment": """
        select region_code, region_name, region_level, box, project_count, cny_project_count,
               total_investment_yi, largest_project_name, largest_investment_yi
        from marts.mart_project_investment_by_box
        where is_latest_for_region
        order by region_name, total_investment_yi desc nulls last, box
    """,
    "paths": """
        select region_code, region_name, region_level, indicator_code, indicator_name_zh, fact_type,
               fact_kind, fact_year, comparator, confidence,
               case when fact_kind = 'multiple' then implied_value else comparison_value end as value,
               case when fact_kind = 'multiple' then implied_unit else comparison_unit end as unit,
               quote
        from marts.mart_indicator_timeseries
        where indicator_code is not null
          and region_code is not null
          and fact_year is not null
          and is_latest_for_region
          and (fact_kind in ('level', 'count') or (fact_kind = 'multiple' and implied_value is not null))
        order by indicator_code, region_name, fact_year
    """,
    "top_projects": """
        select region_name, region_level, project_name, box, investment_yi, rank_in_plan,
               share_of_plan_investment
        from marts.mart_top_projects
        where is_latest_for_region
        order by investment_yi desc, region_name, rank_in_plan
        limit 15
    """,
    "progress": """
        select region_code, region_name, region_level, indicator_code, indicator_name_zh, target_year,
               target_kind, comparator, target_value, value_unit, actual_year, actual_value, status
        from marts.mart_target_progress
        order by region_level, region_name, indicator_code, target_year
    """,
    "panel": """
        select region_code, region_name, region_level, indicator_code, indicator_name_zh, panel_year,
               comparator, target_value, realized_value, gap, value_unit, is_target_met
        from marts.mart_annual_target_panel
        where indicator_code = %(panel_indicator)s and target_kind = 'growth'
        order by region_level, region_name, panel_year
    """,
    "coverage": """
        select region_name, region_level, title, doc, doc_kind, plan_start_year, plan_end_year, target_count,
               vision_target_count, actual_count, project_count, target_indicator_count,
               unmapped_target_share, quality_flag_summary, trust_level
        from marts.mart_plan_coverage
        order by region_level, region_name, doc
    """,
}


@dataclass(slots=True)
class ReportData:
    """What the page shows, read from the marts (each a list of rows as dicts)."""

    gdp: list[Row] = field(default_factory=list)
    investment: list[Row] = field(default_factory=list)
    paths: list[Row] = field(default_factory=list)
    top_projects: list[Row] = field(default_factory=list)
    coverage: list[Row] = field(default_factory=list)
    progress: list[Row] = field(default_factory=list)
    panel: list[Row] = field(default_factory=list)
    generated_at: str = ""


class ReportError(RuntimeError):
    """The marts cannot be read (e.g. `guihua run` has not built them yet)."""


def read_report_data(url: str) -> ReportData:
    """Read the marts in one read-only transaction (a consistent snapshot of all of them)."""
    import psycopg
    from psycopg.rows import dict_row

    from etl.db.connection import connect

    data = ReportData(generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
    with connect(url) as conn:
        conn.read_only = True
        missing = conn.execute(
            "select m from unnest(%s::text[]) as m where to_regclass('marts.' || m) is null",
            (["mart_targets_2025_wide", "mart_project_investment_by_box", "mart_indicator_timeseries",
              "mart_top_projects", "mart_plan_coverage", "mart_target_progress", "mart_annual_target_panel"],),
        ).fetchall()
        if missing:
            names = ", ".join(row[0] for row in missing)
            raise ReportError(f"marts not built yet ({names}): run `guihua run` first")
        with conn.cursor(row_factory=dict_row) as cur:
            for name, query in QUERIES.items():
                try:
                    setattr(data, name, cur.execute(query, {"panel_indicator": PANEL_INDICATOR}).fetchall())
                except psycopg.errors.UndefinedColumn as exc:  # an older mart layout
                    raise ReportError(f"mart layout out of date ({exc.diag.message_primary}): "
                                      "run `guihua run --dbt always`") from exc
    return data


def build_report(url: str, out_dir: Path) -> Path:
    """Read the marts at `url` and write the report page into `out_dir`; returns the page's path."""
    data = read_report_data(url)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    page = out_dir / REPORT_FILE
    tmp = page.with_suffix(".html.tmp")
    tmp.write_text(render_report(data), encoding="utf-8")
    tmp.replace(page)  # a reader never sees a half-written page
    return page


# ---- rendering (pure: data in, HTML out) --------------------------------------------------------


def render_report(data: ReportData) -> str:
    """The whole page as one HTML string (plotly.js inlined)."""
    sections = [
        _section("gdp", "2025年地区生产总值目标与隐含增速 · 2025 GRP target and implied growth",
                 "Left: the 2025 target (亿元) next to the latest reported level; right: the annual "
                 "growth rate the target implies from that level. Regions are compared within their "
                 "administrative level only; “≥” marks a floor (超过/突破).",
                 _figure_html(gdp_figure(data.gdp), "chart-gdp"), _missing_note(data.gdp)),
        _section("investment", "重点项目计划投资 · Planned investment by region and box",
                 "Sum of the planned investment (亿元, CNY only) of the major projects in each box (专栏) "
                 "of each region's latest plan; a project listed in two boxes counts once, in the first.",
                 _figure_html(investment_figure(data.investment), "chart-investment"),
                 _no_amount_note(data.investment)),
        _section("paths", "基期 → 目标 → 远景 · Baseline → target → vision",
                 "Each region's reported level (●), 14th-plan target (◆) and long-range vision (★) of the "
                 "chosen indicator, in the indicator's canonical unit. Visions stated as multiples (翻一番) "
                 "are drawn at the level they imply from the base-year actual. Choose the indicator in the "
                 "menu.",
                 _figure_html(path_figure(data.paths), "chart-paths"), ""),
        _section("projects", "最大的重点项目 · Largest projects",
                 "The largest projects by planned investment (亿元, CNY) in the regions' latest plans.",
                 _table_html(data.top_projects, [
                     ("region_name", "地区 region"), ("region_level", "级别 level"),
                     ("project_name", "项目 project"), ("box", "专栏 box"),
                     ("investment_yi", "计划投资(亿元)"), ("rank_in_plan", "规划内排名 rank"),
                     ("share_of_plan_investment", "占规划比重 share"),
                 ], "table-projects"), ""),
        _section("progress", "目标进展 · Were the targets kept?",
                 "Above: each region's targets by indicator and target year, coloured by status (the rules "
                 "are in mart_target_progress.status: a target year reported → achieved or missed; still "
                 "ahead → on track or lagging against the pace it requires). Below: the annual growth "
                 "targets that work reports set for their own year (dashed) against the growth a later "
                 "report states was realized (solid), in %; choose the region in the menu.",
                 _figure_html(progress_grid_figure(data.progress), "chart-progress")
                 + _figure_html(panel_figure(data.panel), "chart-panel"), ""),
        _section("coverage", "覆盖度与可信度 · Coverage and trust",
                 "What was found in each plan and how damaged its source was: read the other charts with "
                 "this in mind (trust: low = region unresolved, not a plan, or nothing found in it; "
                 "medium = damaged text or most targets unmapped).",
                 _table_html(data.coverage, [
                     ("region_name", "地区 region"), ("region_level", "级别 level"),
                     ("plan", "规划 plan (file)"), ("doc_kind", "类型 kind"), ("plan_period", "规划期 period"),
                     ("target_count", "目标 targets"), ("vision_target_count", "远景 visions"),
                     ("actual_count", "实际值 actuals"), ("project_count", "项目 projects"),
                     ("target_indicator_count", "指标 indicators"),
                     ("unmapped_target_share", "未映射 unmapped"),
                     ("quality_flag_summary", "质量标记 flags"),
                     ("trust_level", "可信度 trust"),
                 ], "table-coverage"), ""),
    ]
    return _PAGE.format(
        font=FONT,
        plotlyjs=get_plotlyjs(),
        generated=html.escape(data.generated_at or ""),
        nav="".join(f'<a href="#{key}">{html.escape(title.split(" · ")[0])}</a>' for key, title, *_ in
                    _SECTION_TITLES),
        body="\n".join(sections),
    )


_SECTION_TITLES = [
    ("gdp", "2025 GDP"), ("investment", "投资"), ("paths", "路径"), ("projects", "项目"),
    ("progress", "进展"), ("coverage", "覆盖度"),
]


def _section(key: str, title: str, intro: str, content: str, note: str) -> str:
    return (f'<section id="{key}"><h2>{html.escape(title)}</h2><p class="intro">{html.escape(intro)}</p>'
            f"{content}{note}</section>")


def _figure_html(fig: go.Figure, div_id: str) -> str:
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id,
                       config={"displaylogo": False, "responsive": True})


def _region_label(row: Row) -> str:
    level = LEVELS.get(row.get("region_level") or "", row.get("region_level") or "?")
    return f"{row.get('region_name') or row.get('region_code') or '?'} ({level})"


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


def _base_layout(fig: go.Figure, height: int = 460) -> go.Figure:
    fig.update_layout(
        height=height, margin={"l": 60, "r": 60, "t": 40, "b": 90}, font={"family": FONT, "size": 13},
        paper_bgcolor="white", plot_bgcolor="white", legend={"orientation": "h", "y": -0.2},
    )
    fig.update_xaxes(showline=True, linecolor="#999")
    fig.update_yaxes(gridcolor="#eee", zeroline=False)
    return fig


def _empty(fig: go.Figure, message: str) -> go.Figure:
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font={"size": 16, "color": "#666"})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def gdp_figure(rows: list[Row]) -> go.Figure:
    """Left: the 2025 GRP target beside the latest reported level (亿元). Right: the growth it implies."""
    with_target = [r for r in rows if r.get("gdp_yi") is not None]
    if not with_target:
        return _base_layout(_empty(go.Figure(), "没有2025年地区生产总值目标 · no 2025 GRP target"))
    fig = make_subplots(rows=1, cols=2, column_widths=[0.66, 0.34], horizontal_spacing=0.1,
                        subplot_titles=("目标与基期 target and baseline (亿元)",
                                        "隐含年均增速 implied annual growth (%)"))
    labels = [_region_label(r) for r in with_target]
    fig.add_trace(go.Bar(
        x=labels, y=[_number(r.get("gdp_baseline_yi")) for r in with_target],
        name="最近实际值 latest actual",
        marker_color="#9ecae1",
        text=[f"{_fmt(r.get('gdp_baseline_yi'))} ({r.get('gdp_baseline_year')})" if r.get("gdp_baseline_yi")
              is not None else "" for r in with_target],
        hovertemplate="%{x}<br>实际 actual: %{y} 亿元<extra></extra>",
    ), row=1, col=1)
    fig.add_trace(go.Bar(
        x=labels, y=[_number(r["gdp_yi"]) for r in with_target], name="2025目标 target",
        marker_color="#08519c",
        text=[f"{_comparator(r.get('gdp_comparator'))}{_fmt(r['gdp_yi'])}" for r in with_target],
        textposition="outside", cliponaxis=False,
        hovertemplate="%{x}<br>2025目标 target: %{text} 亿元<extra></extra>",
    ), row=1, col=1)
    growth = [r for r in with_target if r.get("gdp_implied_cagr_pct") is not None]
    fig.add_trace(go.Bar(
        x=[_region_label(r) for r in growth], y=[_number(r["gdp_implied_cagr_pct"]) for r in growth],
        name="隐含年均增速 implied CAGR", marker_color="#e6550d",
        text=[f"{float(r['gdp_implied_cagr_pct']):.2f}%" for r in growth], textposition="outside",
        cliponaxis=False,
        customdata=[[r.get("gdp_baseline_year")] for r in growth],
        hovertemplate="%{x}<br>自%{customdata[0]}年 from %{customdata[0]}: %{y:.2f}%/年<extra></extra>",
    ), row=1, col=2)
    if not growth:
        fig.add_annotation(text="无基期实际值 no baseline reported", showarrow=False, row=1, col=2,
                           x=0.5, y=0.5, xref="x2 domain", yref="y2 domain")
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text="亿元", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text="% / 年 per year", rangemode="tozero", ticksuffix="%", row=1, col=2)
    fig = _base_layout(fig)
    fig.update_layout(margin={"t": 70})
    return fig


def _comparator(comparator: str | None) -> str:
    return {">=": "≥", "<=": "≤", "~": "≈"}.get(comparator or "", "")


def investment_figure(rows: list[Row]) -> go.Figure:
    """Stacked bars: one bar per region (latest plan), one colour per box, 亿元 CNY."""
    fig = go.Figure()
    priced = [r for r in rows if r.get("total_investment_yi") is not None]
    if not priced:
        return _base_layout(_empty(fig, "没有计划投资金额 · no planned investment amounts in the plans"))
    regions = sorted({_region_label(r) for r in priced},
                     key=lambda label: -sum(float(r["total_investment_yi"]) for r in priced
                                            if _region_label(r) == label))
    boxes: dict[str, dict[str, Row]] = defaultdict(dict)
    for r in priced:
        boxes[r.get("box") or PROSE_BOX][_region_label(r)] = r
    order = sorted(boxes, key=lambda b: -sum(float(r["total_investment_yi"]) for r in boxes[b].values()))
    for box in order:
        by_region = boxes[box]
        fig.add_trace(go.Bar(
            y=regions,
            x=[_number(by_region[g]["total_investment_yi"]) if g in by_region else None for g in regions],
            name=box, orientation="h",
            customdata=[[by_region[g]["project_count"], by_region[g].get("largest_project_name") or "",
                         _fmt(by_region[g].get("largest_investment_yi"))] if g in by_region else ["", "", ""]
                        for g in regions],
            hovertemplate=(f"{html.escape(box)}<br>%{{y}}: %{{x}} 亿元"
                           "<br>项目 projects: %{customdata[0]}"
                           "<br>最大 largest: %{customdata[1]} (%{customdata[2]} 亿元)<extra></extra>"),
        ))
    fig.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.25})
    fig.update_xaxes(title_text="计划投资 planned investment (亿元, CNY)")
    return _base_layout(fig, height=max(360, 120 + 70 * len(regions)))


def path_figure(rows: list[Row]) -> go.Figure:
    """One line per region per indicator (actual → target → vision), a menu to choose the indicator."""
    fig = go.Figure()
    series: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    names: dict[str, str] = {}
    units: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        if r.get("value") is None or not r.get("unit"):
            continue
        series[r["indicator_code"]][_region_label(r)].append(r)
        names[r["indicator_code"]] = r.get("indicator_name_zh") or r["indicator_code"]
        units[r["indicator_code"]][r["unit"]] += 1
    indicators = []
    for code, regions in series.items():
        unit = max(units[code], key=lambda u: units[code][u])  # one unit per chart, never mixed
        for label in list(regions):
            points = _one_point_per_year([p for p in regions[label] if p["unit"] == unit])
            if points:
                regions[label] = points
            else:
                del regions[label]
        if any(len({p["fact_year"] for p in pts}) >= 2 for pts in regions.values()):
            indicators.append((code, unit))
    if not indicators:
        return _base_layout(_empty(fig, "没有可连成路径的指标 · no indicator with a baseline and a target"))
    indicators.sort(key=lambda item: (item[0] != DEFAULT_INDICATOR, names[item[0]]))
    buttons, visible_by_indicator = [], []
    trace_index = 0
    for position, (code, unit) in enumerate(indicators):
        start = trace_index
        for label, unordered in sorted(series[code].items()):
            points = sorted(unordered, key=lambda p: p["fact_year"])
            fig.add_trace(go.Scatter(
                x=[p["fact_year"] for p in points], y=[_number(p["value"]) for p in points],
                mode="lines+markers", name=label, visible=position == 0,
                marker={"size": 12, "symbol": [FACT_SYMBOLS.get(p["fact_type"], "circle") for p in points]},
                customdata=[[FACT_LABELS.get(p["fact_type"], p["fact_type"]),
                             _comparator(p.get("comparator")), (p.get("quote") or "")[:60]] for p in points],
                hovertemplate=(f"{html.escape(label)}<br>%{{x}} %{{customdata[0]}}: %{{customdata[1]}}%{{y}} "
                               f"{html.escape(unit)}<br>%{{customdata[2]}}<extra></extra>"),
            ))
            trace_index += 1
        visible_by_indicator.append((start, trace_index, code, unit))
    total = trace_index
    for start, end, code, unit in visible_by_indicator:
        visible = [start <= i < end for i in range(total)]
        buttons.append({"label": f"{names[code]} ({unit})", "method": "update",
                        "args": [{"visible": visible}, {"yaxis.title.text": unit}]})
    first_unit = visible_by_indicator[0][3]
    fig.update_layout(
        updatemenus=[{"buttons": buttons, "direction": "down", "x": 0, "xanchor": "left", "y": 1.18,
                      "yanchor": "top", "showactive": True}],
        margin={"t": 80},
    )
    fig.update_xaxes(title_text="年份 year", dtick=5)
    fig.update_yaxes(title_text=first_unit)
    fig = _base_layout(fig, height=480)
    fig.update_layout(margin={"t": 80})
    return fig


def progress_grid_figure(rows: list[Row]) -> go.Figure:
    """A status grid: one row per region, one column per indicator and target year, coloured by status."""
    fig = go.Figure()
    if not rows:
        return _base_layout(_empty(fig, "没有可判断进展的目标 · no target to follow up"))
    column_of = {r["indicator_code"]: r.get("indicator_name_zh") or r["indicator_code"] for r in rows}
    weight: dict[tuple[str, int], int] = defaultdict(int)
    for r in rows:  # the columns most regions share, so the grid compares like with like
        weight[(r["indicator_code"], r["target_year"])] += 1 + (r["status"] != "not_reported")
    columns = sorted(weight, key=lambda c: (-weight[c], c))[:GRID_MAX_COLUMNS]
    columns.sort(key=lambda c: (c[1], column_of[c[0]]))
    regions = sorted({_region_label(r) for r in rows})
    codes = {status: index for index, status in enumerate(STATUSES)}
    z: list[list[float | None]] = [[None] * len(columns) for _ in regions]
    text: list[list[str]] = [[""] * len(columns) for _ in regions]
    hover: list[list[str]] = [[""] * len(columns) for _ in regions]
    for r in rows:
        key = (r["indicator_code"], r["target_year"])
        if key not in columns:
            continue
        i, j = regions.index(_region_label(r)), columns.index(key)
        if z[i][j] is not None and codes[r["status"]] >= z[i][j]:
            continue  # several kinds of one indicator and year: show the most advanced status
        z[i][j] = codes[r["status"]]
        text[i][j] = STATUSES[r["status"]][0].split(" ")[0]
        actual = (f"{_fmt(r.get('actual_value'))} ({r.get('actual_year')})" if r.get("actual_value") is not None
                  else "—")
        hover[i][j] = html.escape(f"{_comparator(r.get('comparator'))}{_fmt(r.get('target_value'))} "
                                  f"{r.get('value_unit') or ''} → {actual}: {STATUSES[r['status']][0]}")
    n = len(STATUSES)
    colorscale = []
    for index, (_, colour) in enumerate(STATUSES.values()):
        colorscale += [[index / n, colour], [(index + 1) / n, colour]]
    fig.add_trace(go.Heatmap(
        z=z, x=[f"{column_of[code]} {year}" for code, year in columns], y=regions, text=text,
        texttemplate="%{text}", customdata=hover, hovertemplate="%{y}<br>%{x}: %{customdata}<extra></extra>",
        colorscale=colorscale, zmin=-0.5, zmax=n - 0.5, xgap=2, ygap=2,
        colorbar={"tickvals": list(range(n)), "ticktext": [label for label, _ in STATUSES.values()]},
    ))
    fig.update_xaxes(tickangle=-35, side="top")
    fig.update_yaxes(autorange="reversed")
    return _base_layout(fig, height=max(360, 160 + 34 * len(regions)))


def panel_figure(rows: list[Row]) -> go.Figure:
    """Annual growth targets (dashed) against realized growth (solid) by year; a menu picks the region."""
    fig = go.Figure()
    by_region: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        if r.get("target_value") is not None:
            by_region[_region_label(r)].append(r)
    if not by_region:
        return _base_layout(_empty(fig, "没有年度增长目标 · no annual growth target from a work report"))
    labels = sorted(by_region, key=lambda label: (-sum(r.get("realized_value") is not None
                                                       for r in by_region[label]), label))
    buttons = []
    for position, label in enumerate(labels):
        points = sorted(by_region[label], key=lambda r: r["panel_year"])
        realized = [r for r in points if r.get("realized_value") is not None]
        fig.add_trace(go.Scatter(
            x=[r["panel_year"] for r in points], y=[_number(r["target_value"]) for r in points],
            mode="lines+markers", name="目标 target", visible=position == 0,
            line={"dash": "dash", "color": "#08519c"}, marker={"symbol": "diamond", "size": 11},
            customdata=[[_comparator(r.get("comparator"))] for r in points],
            hovertemplate=f"{html.escape(label)}<br>%{{x}} 目标 target: %{{customdata[0]}}%{{y}}%<extra></extra>",
        ))
        fig.add_trace(go.Scatter(
            x=[r["panel_year"] for r in realized], y=[_number(r["realized_value"]) for r in realized],
            mode="lines+markers", name="实现 realized", visible=position == 0,
            line={"color": "#e6550d"}, marker={"size": 11},
            customdata=[[_fmt(r.get("gap"))] for r in realized],
            hovertemplate=(f"{html.escape(label)}<br>%{{x}} 实现 realized: %{{y}}%"
                           "<br>差距 gap: %{customdata[0]} 百分点<extra></extra>"),
        ))
        visible = [trace // 2 == position for trace in range(2 * len(labels))]  # two traces per region
        buttons.append({"label": label, "method": "update", "args": [{"visible": visible}]})
    fig.update_layout(updatemenus=[{"buttons": buttons, "direction": "down", "x": 0, "xanchor": "left",
                                    "y": 1.18, "yanchor": "top", "showactive": True}])
    fig.update_xaxes(title_text="年份 year", dtick=1)
    fig.update_yaxes(title_text="增速 growth (%)", ticksuffix="%")
    fig = _base_layout(fig, height=420)
    fig.update_layout(margin={"t": 80})
    return fig


def _one_point_per_year(points: list[Row]) -> list[Row]:
    """Several facts for one region, indicator and year (e.g. sub-sectors): keep the most confident."""
    best: dict[int, Row] = {}
    for p in points:
        year = p["fact_year"]
        if year not in best or (p.get("confidence") or 0) > (best[year].get("confidence") or 0):
            best[year] = p
    return list(best.values())


def _table_html(rows: list[Row], columns: list[tuple[str, str]], table_id: str) -> str:
    if not rows:
        return '<p class="empty">没有数据 · no rows</p>'
    head = "".join(f"<th>{html.escape(title)}</th>" for _, title in columns)
    body = []
    for row in rows:
        cells = []
        for key, _ in columns:
            if key == "plan_period":
                value = f"{row.get('plan_start_year') or '?'}–{row.get('plan_end_year') or '?'}"
            elif key in ("unmapped_target_share", "share_of_plan_investment") and row.get(key) is not None:
                value = f"{float(row[key]) * 100:.0f}%"
            else:
                value = _fmt(row.get(key))
            if key == "plan":  # what a reader looks for is the title; the file is a secondary detail
                cells.append(f"<td>{_plan_cell(row)}</td>")
                continue
            css = f' class="trust-{html.escape(value)}"' if key == "trust_level" else ""
            cells.append(f"<td{css}>{html.escape(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>' + "".join(body)
            + "</tbody></table>")


def _plan_cell(row: Row) -> str:
    """The plan's title (its file name when it has none) over its file name in small type."""
    title, doc = row.get("title") or "", row.get("doc") or ""
    if not title:
        return f'<span class="plan-title">{html.escape(doc)}</span>'
    return f'<span class="plan-title">{html.escape(title)}</span><br><small class="file">{html.escape(doc)}</small>'


def _missing_note(rows: list[Row]) -> str:
    missing = [_region_label(r) for r in rows if r.get("gdp_yi") is None]
    if not missing:
        return ""
    return ('<p class="note">没有2025年地区生产总值目标 · no 2025 GRP target: '
            + html.escape("、".join(missing)) + "</p>")


def _no_amount_note(rows: list[Row]) -> str:
    counts: dict[str, int] = defaultdict(int)
    priced: set[str] = set()
    for r in rows:
        counts[_region_label(r)] += int(r.get("project_count") or 0)
        if r.get("total_investment_yi") is not None:
            priced.add(_region_label(r))
    unpriced = [f"{label} ({n})" for label, n in counts.items() if label not in priced]
    if not unpriced:
        return ""
    return ('<p class="note">项目未写明投资额 · projects found but no amount stated: '
            + html.escape("、".join(unpriced)) + "</p>")


_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>guihua 规划对比报告 · plan comparison report</title>
<style>
body {{ font-family: {font}; margin: 0 auto; max-width: 1180px; padding: 24px; color: #222; }}
header p {{ color: #555; margin: 4px 0; }}
nav a {{ margin-right: 16px; }}
section {{ margin: 36px 0; }}
h1 {{ font-size: 26px; }}
h2 {{ font-size: 20px; border-bottom: 1px solid #ddd; padding-bottom: 6px; }}
p.intro {{ color: #444; max-width: 900px; }}
p.note {{ color: #8a5a00; font-size: 14px; }}
table {{ border-collapse: collapse; font-size: 13px; width: 100%; }}
th, td {{ border-bottom: 1px solid #e5e5e5; padding: 6px 8px; text-align: left; vertical-align: top; }}
th {{ background: #f5f7fa; }}
small.file {{ color: #777; }}
td.trust-high {{ color: #1a7f37; }} td.trust-medium {{ color: #9a6700; }} td.trust-low {{ color: #cf222e; }}
</style>
<script type="text/javascript">{plotlyjs}</script>
</head>
<body>
<header>
<h1>规划对比报告 · Plan comparison report</h1>
<p>Targets, baselines and major projects read from Chinese planning documents by guihua; every number
traces to a quote in its document (see the marts). Generated {generated}.</p>
<nav>{nav}</nav>
</header>
{body}
</body>
</html>
"""

