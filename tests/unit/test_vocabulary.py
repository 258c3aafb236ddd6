"""etl.vocabulary: one place for units, multipliers, Chinese numerals and character classes.

The readers take their words from it (the same objects, not copies), so a unit or a multiplier
added to etl/data/*.csv reaches every one of them; tests/integration/test_marts.py proves dbt's
unit_scale macro converts with the same multipliers.
"""

from __future__ import annotations

import csv
from decimal import Decimal as D
from pathlib import Path

import pytest

from etl import normalize, structure, vocabulary
from etl.extract import context, numbers, projects, tables, targets, text_tables
from etl.extract.numbers import find_quantities, parse_quantity, unit_scale
from etl.read import model


def _csv(name: str) -> list[dict[str, str]]:
    with (vocabulary.DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_public_names_exist() -> None:
    assert all(hasattr(vocabulary, name) for name in vocabulary.__all__)


def test_the_readers_share_the_vocabulary_objects() -> None:
    assert numbers._MULTIPLIERS is vocabulary.MULTIPLIERS
    assert numbers._SCALE_PREFIXES is vocabulary.SCALE_PREFIXES
    assert numbers._CN_DIGITS is vocabulary.CN_DIGITS
    assert numbers._UNIT_WORDS == list(vocabulary.UNIT_WORDS)
    assert targets._COUNT_UNITS is vocabulary.COUNT_UNITS
    assert targets._AREA_UNITS is vocabulary.AREA_UNITS
    assert targets._SKIP_UNITS is vocabulary.SKIP_TARGET_UNITS
    assert targets._UNIT_WORDS is vocabulary.UNIT_LOOKALIKE_WORDS
    assert targets._TABLE_UNITS is vocabulary.TABLE_UNITS
    assert numbers.CURRENCIES is vocabulary.CURRENCIES
    assert projects._AREA_UNITS is vocabulary.LAND_AREA_UNITS
    assert structure._CN_DIGITS is vocabulary.CN_DIGITS and structure._CN_UNITS is vocabulary.CN_SMALL_UNITS
    assert context._CN_DIGIT is vocabulary.CN_ORDINAL_DIGITS
    assert normalize._CJK == model._CJK == vocabulary.CJK
    assert projects._CJK == vocabulary.CJK_URO
    assert text_tables._CJK.pattern == f"[{vocabulary.CJK_URO}]"


def test_every_unit_and_multiplier_of_the_data_files_is_read() -> None:
    """A row of units.csv tagged `read` is a unit after a number; every multiplier read in text
    scales it; the data file, not code, decides."""
    for row in _csv("units.csv"):
        if "read" not in row["tags"].split():
            continue
        q = parse_quantity("12" + row["unit"])
        assert q is not None and q.char_end == 2 + len(row["unit"]), row["unit"]
        assert q.value_base == 12 * vocabulary.MULTIPLIERS.get(row["unit"][: -len(row["base"])] or "", D(1))
    for row in _csv("multipliers.csv"):
        if row["in_text"] != "yes":
            continue
        after = row["only_before"].split()[0] if row["only_before"] else "元"
        q = parse_quantity(f"3{row['prefix']}{after}")
        assert q is not None and q.value_base == 3 * D(row["factor"]), row["prefix"]
        for word in row["not_before"].split():  # 千米 is a unit, not 千 + 米
            q = parse_quantity(f"3{row['prefix']}{word}")
            assert q is None or q.value_base != 3 * D(row["factor"]), (row["prefix"], word)


def test_a_prefix_read_only_before_some_words_is_not_read_before_others() -> None:
    assert parse_quantity("3兆元").value_base == 3 * D(10) ** 12
    assert parse_quantity("3兆瓦").unit == "兆瓦"  # mega, a unit of its own


def test_scale_prefixes_are_the_converting_rows() -> None:
    rows = {r["prefix"]: D(r["factor"]) for r in _csv("multipliers.csv") if r["converts"] == "yes"}
    assert vocabulary.SCALE_PREFIXES == rows
    for prefix, factor in rows.items():
        assert unit_scale(prefix + "元", "元") == factor
    assert unit_scale("兆元", "元") is None  # read in text, never converted


def test_currencies_are_the_money_base_units() -> None:
    assert vocabulary.CURRENCIES["元"] == "CNY" and vocabulary.CURRENCIES["人民币"] == "CNY"
    assert vocabulary.CURRENCIES["港币"] == vocabulary.CURRENCIES["港元"] == "HKD"
    assert "亿美元" not in vocabulary.CURRENCIES  # a magnitude is not a currency
    assert parse_quantity("5亿美元").currency == "USD"


def test_unit_kinds_for_targets() -> None:
    assert {"件", "户", "家", "人次"} <= vocabulary.COUNT_UNITS
    assert "万人次" not in vocabulary.COUNT_UNITS  # a multiplier is no base unit
    assert "标准箱" not in vocabulary.COUNT_UNITS
    assert {"平方公里", "亩", "公里"} <= vocabulary.AREA_UNITS and "万亩" not in vocabulary.AREA_UNITS
    assert {"年", "Gbps"} <= vocabulary.SKIP_TARGET_UNITS and "天" not in vocabulary.SKIP_TARGET_UNITS
    assert list(vocabulary.UNIT_WORDS) == sorted(vocabulary.UNIT_WORDS, key=len, reverse=True)


def test_chinese_numerals() -> None:
    assert vocabulary.CN_DIGITS["两"] == 2 and vocabulary.CN_DIGITS["○"] == 0
    assert "两" not in vocabulary.CN_ORDINAL_DIGITS and "零" not in vocabulary.CN_ORDINAL_DIGITS
    assert vocabulary.cn_digits_int("二〇二五") == 2025 and vocabulary.cn_digits_int("二ＯＯ五") == 2005
    with pytest.raises(KeyError):
        vocabulary.cn_digits_int("两〇二五")
    assert "二Ｏ二五".translate(normalize._NUMERAL_DIGITS) == "2025"  # a look-alike letter for 〇
    assert normalize.convert_numeral_years("二○二五年") == ("2025年", 1)
    assert vocabulary.CN_SMALL_UNITS == {"十": 10, "百": 100, "千": 1000}
    assert structure._cn_to_int("一百零二") == 102
    assert [q.value for q in find_quantities("两千人")] == [D(2000)]


def test_a_chinese_numeral_counts_before_the_units_the_data_file_names() -> None:
    for unit in vocabulary.CN_AMOUNT_UNITS:
        if unit[0] in vocabulary.CN_UNITS:
            continue  # 三千米 reads 三千 + 米: the numeral takes the 千 (as it always did)
        q = parse_quantity("三" + unit)
        assert q is not None and q.char_end == 1 + len(unit) and q.value == 3, unit
    assert parse_quantity("三平米") is None  # 平米 is not tagged cn


# ---- hostile data files: a curator's typo fails at import with the row named ---------------------


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("units.csv", "unit,base,kind,tags,notes\n万亩,公顷,area,read,\n", "must end with its base"),
        ("units.csv", "unit,base,kind,tags,notes\n亩,亩,area,reed,\n", "unknown tag"),
        ("multipliers.csv", "prefix,factor,in_text,converts,only_before,not_before,notes\n万,1e4x,yes,yes,,,\n",
         "bad row"),
        ("multipliers.csv", "prefix,factor,in_text,converts,only_before,not_before,notes\n半,0.5,yes,yes,,,\n",
         "bad row"),
        ("multipliers.csv", "prefix,factor,in_text,converts,only_before,not_before,notes\n万,10000,true,yes,,,\n",
         "yes or no"),
        ("numerals.csv", "char,value,kind,notes\n廿,20,digit,\n", "bad row"),
        ("numerals.csv", "char,value,kind,notes\n一,1,numeral,\n", "bad row"),
        ("numerals.csv", "char,value,kind,notes\n一,²,digit,\n", "bad row"),
        ("numerals.csv", "char,value,kind,notes\n一,1,digit,one, the first\n", "more fields than the header"),
        ("units.csv", "unit,base,tags,notes\n亩,亩,read,\n", "missing column"),
    ],
)
def test_a_bad_row_is_refused(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    load = {"units.csv": vocabulary.load_units, "multipliers.csv": vocabulary.load_multipliers,
            "numerals.csv": vocabulary.load_numerals}[name]
    with pytest.raises(ValueError, match=message):
        load(path)


def test_the_loaders_read_the_shipped_files() -> None:
    assert vocabulary.load_units(vocabulary.DATA_DIR / "units.csv") == vocabulary.UNITS
    assert vocabulary.load_multipliers(vocabulary.DATA_DIR / "multipliers.csv") == vocabulary.MULTIPLIER_ROWS
    assert tables._CELL_VALUE_RE.match("≥ 72%") is not None


def test_a_typo_in_a_data_file_stops_the_cli_with_one_line(tmp_path: Path) -> None:
    """The vocabulary is read when the package is imported; a curator's typo there is one line and
    exit 1, not a traceback (a copy of the package with a broken units.csv)."""
    import os
    import shutil
    import subprocess
    import sys

    package = Path(vocabulary.__file__).resolve().parent
    shutil.copytree(package, tmp_path / "etl", ignore=shutil.ignore_patterns("__pycache__", "corpus"))
    units = tmp_path / "etl" / "data" / "units.csv"
    text = units.read_text(encoding="utf-8")
    units.write_text(text.replace("read cn per land table", "read cn per lnd table", 1), encoding="utf-8")
    doc = tmp_path / "plan.txt"
    doc.write_text("到2025年,地区生产总值达到1000亿元。", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "GUIHUA_HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, "-c", "from etl.cli import app; app()", "extract", str(doc)],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "units.csv" in result.stderr and "lnd" in result.stderr


def test_a_unit_and_a_multiplier_are_added_in_one_place(tmp_path: Path) -> None:
    """One row in units.csv and one in multipliers.csv (in a copy of the package) reach the number
    reader, the target extractor's count units and the conversion rule dbt shares."""
    import os
    import shutil
    import subprocess
    import sys

    package = Path(vocabulary.__file__).resolve().parent
    shutil.copytree(package, tmp_path / "etl", ignore=shutil.ignore_patterns("__pycache__", "corpus"))
    data = tmp_path / "etl" / "data"
    with (data / "units.csv").open("a", encoding="utf-8") as handle:
        handle.write("艘次,艘次,count,,read cn,ship calls\n")
    with (data / "multipliers.csv").open("a", encoding="utf-8") as handle:
        handle.write("十亿,1000000000,yes,yes,,,billion\n")
    script = (
        "from decimal import Decimal\n"
        "from etl.extract import numbers, targets\n"
        "q = numbers.parse_quantity('靠港5艘次')\n"
        "assert (q.unit, q.value) == ('艘次', 5), q\n"
        "assert '艘次' in targets._COUNT_UNITS\n"
        "assert numbers.parse_quantity('三艘次').value == 3\n"
        "q = numbers.parse_quantity('2十亿元')\n"
        "assert q.value_base == Decimal(2 * 10 ** 9), q\n"
        "assert numbers.unit_scale('十亿元', '元') == 10 ** 9\n"
        "print('ok')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr
    assert parse_quantity("靠港5艘次") is None or parse_quantity("靠港5艘次").unit != "艘次"  # not in the shipped file
