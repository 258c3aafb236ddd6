"""Unit tests of etl.normalize against the seed corpus and small hand-written inputs."""

from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.normalize import (
    _count_differences,
    clean_characters,
    compile_protected_names,
    convert_numeral_years,
    normalize_bytes,
    normalize_text,
    remove_pinyin_readings,
    repair_mojibake,
    strip_web_chrome,
    tidy_spaces,
    to_half_width,
    to_simplified,
)
from tests.helpers import examples

CORPUS = Path(__file__).resolve().parents[2] / "etl" / "data" / "corpus"
SEEDS = sorted(CORPUS.glob("*.txt"))
REGION_NAMES = ["吉林市", "龙潭区", "船营区", "昌邑区", "丰满区", "乾安县", "长春市", "朝阳区", "绿园区", "南关区", "二道区"]
NAMES = compile_protected_names(REGION_NAMES)
T2S = opencc.OpenCC("t2s")


def seed(prefix: str) -> str:
    return next(p for p in SEEDS if p.name.startswith(prefix)).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def normalized() -> dict[str, object]:
    return {p.name[:3]: normalize_text(p.read_text(encoding="utf-8"), NAMES) for p in SEEDS}


def flags(result) -> dict[str, int]:
    return {f.flag: f.count for f in result.quality_flags}


def test_corpus_is_there() -> None:
    assert len(SEEDS) == 5


# --- chrome -----------------------------------------------------------------


@pytest.mark.parametrize(
    "chrome",
    ["您当前的位置: 首页 > 政务公开 > 决策公开", "首页 > 政府信息公开 > 五公开", "一网搜 登录| 注册", "【字体: 打印", "政府信息公开", "版权声明:本文内容由互联网用户自发贡献", "网站标识码:2201000001", "吉ICP备05002020号"],
)
def test_chrome_lines_removed_everywhere(normalized, chrome: str) -> None:
    for result in normalized.values():
        assert chrome not in result.text  # type: ignore[attr-defined]


def test_metadata_line_kept(normalized) -> None:
    assert "时间:2021-09-28 11:01 来源:朝阳区发改局" in normalized["000"].text  # type: ignore[attr-defined]
    assert "时间:2021-11-05 13:38 来源:区发改局" in normalized["001"].text  # type: ignore[attr-defined]


def test_chrome_on_small_input() -> None:
    text = "您当前的位置：首页 > 信息\n标题一二三四五六七八\n正文加强版权保护。\n版权所有 © 某某\n"
    out, counts = strip_web_chrome(text)
    assert "首页" not in out and "版权所有" not in out
    assert "正文加强版权保护。" in out  # content mentioning 版权 stays
    assert counts["chrome_line"] == 2


def test_title_not_repeated_in_002(normalized) -> None:
    title = "长春市绿园区再发力 建设高质量城乡一体化新城区(长春市绿园区城市规划)"
    text = normalized["002"].text  # type: ignore[attr-defined]
    assert text.count(title) == 1
    assert text.startswith(title)
    assert flags(normalized["002"])["repeated_title"] == 2


def test_ordinary_question_marks_are_not_mojibake(normalized) -> None:
    assert "mojibake_run" not in flags(normalized["002"])
    assert "如何发挥区位优势" in normalized["002"].text  # type: ignore[attr-defined]


# --- seed 004: traditional, pinyin, mojibake --------------------------------


def test_004_is_traditional_and_converted(normalized) -> None:
    result = normalized["004"]
    assert result.source_script == "traditional"  # type: ignore[attr-defined]
    for other in ("000", "001", "002", "003"):
        assert normalized[other].source_script == "simplified"  # type: ignore[attr-defined]


def test_004_has_nothing_left_for_t2s(normalized) -> None:
    text = normalized["004"].text  # type: ignore[attr-defined]
    # outside protected names (乾仁 is a curated proper noun) t2s changes nothing
    masked = re.sub("|".join(["乾仁", "乾安"]), "", text)
    converted = T2S.convert(masked)
    assert [(a, b) for a, b in zip(masked, converted) if a != b] == []


def test_004_has_no_pinyin_reading(normalized) -> None:
    text = normalized["004"].text  # type: ignore[attr-defined]
    assert not re.search(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", text)
    assert "经济" in text and "(2021-2025年)" in text


def test_004_mojibake_counted_and_repaired(normalized) -> None:
    result = normalized["004"]
    f = flags(result)
    assert f["mojibake_run"] == 22
    assert f["mojibake_repaired"] == 8
    assert f["mojibake_unrepaired"] == 14
    assert len(result.repairs) == 8  # type: ignore[attr-defined]
    assert result.text.count("龙潭区") >= 2  # type: ignore[attr-defined]
    raw = seed("004")
    for rep in result.repairs:  # type: ignore[attr-defined]
        assert raw[rep.char_start : rep.char_start + len(rep.original)] == rep.original


def test_mojibake_repair_of_longtan() -> None:
    text = "發揮龍?zhí)秴^(qū)大口欽鎮。龍?zhí)秴^(qū)。執(zhí)行。區(qū)域"
    out, repairs, counts = repair_mojibake(text, ["龍潭區"])
    assert "龍潭區(qū)" in out
    assert counts["mojibake_run"] == 2 and counts["mojibake_repaired"] == 2
    assert repairs[0].original == "?zhí)秴^" and repairs[0].repaired == "潭區"


def test_unrecoverable_mojibake_stays_and_is_flagged() -> None:
    text = "推進規(guī)?;a(chǎn)發展。規模(mó)化,生產(chǎn)。"
    out, repairs, counts = repair_mojibake(text)
    assert out == text and repairs == []
    assert counts["mojibake_unrepaired"] == counts["mojibake_run"] == 1


def test_replacement_chars_counted() -> None:
    assert flags(normalize_text("发展\ufffd\ufffd目标"))["replacement_char"] == 2


# --- the smaller steps --------------------------------------------------------


def test_pinyin_readings() -> None:
    out, n = remove_pinyin_readings("經(jīng)濟(jì)增長(zhǎng)(GDP)和(2021-2025年)及A(b)")
    assert out == "經濟增長(GDP)和(2021-2025年)及A(b)"
    assert n == 3


def test_protected_names_survive_opencc() -> None:
    result = normalize_text("松原市乾安县和乾安縣,發展經濟", NAMES)
    assert result.text == "松原市乾安县和乾安县,发展经济\n"
    assert normalize_text("乾安县", ["乾安县"]).text == "乾安县\n"


def test_zhe_phrases() -> None:
    assert normalize_text("著力推進,顯著提升,隨著發展,著名品牌").text == "着力推进,显著提升,随着发展,著名品牌\n"


def test_half_width() -> None:
    assert to_half_width("ＧＤＰ增长６．５％（预期）,“十四五”、《纲要》。") == "GDP增长6.5%(预期),“十四五”、《纲要》。"


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("到 2025 年", "到2025年"),
        ("“ 十四五 ” 期间", "“十四五”期间"),
        ("达到 216 户, 25 家", "达到216户,25家"),
        ("( 2021-2025 年)", "(2021-2025年)"),
        ("GDP 比重", "GDP比重"),
        ("open source 软件", "open source软件"),
        ("第一章 发展环境", "第一章 发展环境"),
        ("时间:2021-09-28 11:01 来源:区发改局", "时间:2021-09-28 11:01 来源:区发改局"),
        ("增长 6.5 %", "增长6.5%"),
    ],
)
def test_tidy_spaces(raw: str, want: str) -> None:
    assert tidy_spaces(raw) == want


def test_numeral_years() -> None:
    text, n = convert_numeral_years("到二〇三〇年和二○三五年,二〇二一—二〇二五年,一二三四五")
    assert text == "到2030年和2035年,2021—2025年,一二三四五"
    assert n == 4


def test_002_numeral_years(normalized) -> None:
    text = normalized["002"].text  # type: ignore[attr-defined]
    assert "到2030年" in text and "2035年远景目标" in text and "〇" not in text


def test_line_structure() -> None:
    out = normalize_text("第一章  发展\r\n\r\n\r\n\r\n  正文 \r第二行\u3000\n").text
    assert out == "第一章 发展\n\n正文\n第二行\n"


def test_deterministic(normalized) -> None:
    text = seed("004")
    assert normalize_text(text, NAMES).text == normalized["004"].text  # type: ignore[attr-defined]


def test_canonical_form(normalized) -> None:
    for result in normalized.values():
        text = result.text  # type: ignore[attr-defined]
        assert "\r" not in text and "\u3000" not in text and "\xa0" not in text
        assert not re.search("[\uff01-\uff5e]", text)
        assert not re.search(r"(?m)^ | $|  ", text)
        assert "\n\n\n" not in text


def test_normalize_bytes_sets_encoding() -> None:
    result = normalize_bytes("发展目标".encode("gb18030"))
    assert result.text == "发展目标\n" and result.encoding == "gb18030"


@settings(max_examples=examples(150), deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_unicode(text: str) -> None:
    result = normalize_text(text)
    assert isinstance(result.text, str)
    assert result.source_script in ("simplified", "traditional")


@settings(max_examples=examples(100), deadline=None)
@given(st.text(alphabet=st.sampled_from(list("龍?zhí)秴^(qū)經濟發展 \n。,;a?jīng乾安县二〇年〇12"))))
def test_never_raises_on_mojibake_like_text(text: str) -> None:
    assert isinstance(normalize_text(text, NAMES).text, str)


def test_simplified_document_keeps_its_own_characters() -> None:
    # t2s would turn the legitimate simplified 乾 of a company name into 干 (seed 000's 乾源地产).
    prose = "".join(f"第{i}条 到2025年,地区生产总值年均增长{i}%左右,城镇新增就业人数保持在一万人以上。\n"
                    for i in range(1, 9))
    text = prose + "2.东方广场商业综合体项目(乾源地产),总投资18亿元。建设著名景区。\n" + prose
    out = normalize_text(text)
    assert out.source_script == "simplified"
    assert "乾源地产" in out.text and "著名" in out.text


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.tuples(st.characters(), st.characters()), max_size=60))
def test_count_differences_is_the_per_character_count(pairs: list[tuple[str, str]]) -> None:
    # the traditional_converted count: the buffer-wide count must equal the plain loop, whatever
    # the code points (astral planes, NUL, neighbours that differ only in a high byte)
    a = "".join(x for x, _ in pairs)
    b = "".join(y for _, y in pairs)
    assert _count_differences(a, b) == sum(map(str.__ne__, a, b))
    assert _count_differences(a, a) == 0
    assert _count_differences("\U0010ffff\x00中", "\U0000ffff\x00国") == 2


def test_every_line_end_becomes_one_newline() -> None:
    # \r\n is one line end, a lone \r one, "\r\r\n" two; the Unicode separators one each
    text, _ = clean_characters("a\r\nb\rc\r\r\nd\u2028e\u2029f\x0bg\x0ch\x85i\n")
    assert text == "a\nb\nc\n\nd\ne\nf\ng\nh\ni\n"


def test_readings_only_right_after_an_ideograph() -> None:
    # the reading patterns look behind their "(": a letter or a space before it is no reading
    text, n = remove_pinyin_readings("經(jīng)濟(jì) GDP(jīng) 們(men) a(men) 發(fā)")
    assert (text, n) == ("經濟 GDP(jīng) 們 a(men) 發", 4)


def test_protected_names_next_to_zhe_phrases() -> None:
    # the text between names is converted piece by piece: a name at a piece's edge must neither
    # make nor stop a 着 fix (隨著 before a name, 著名 / 著力 after one), and counts stay per character
    names = compile_protected_names(["乾安县", "吉林市"])
    assert to_simplified("隨著乾安縣著名企業乾安縣著力發展,乾安县", names) == (
        "随着乾安县著名企业乾安县着力发展,乾安县", 5, 3)
    assert to_simplified("乾安縣", names) == ("乾安县", 1, 1)
    assert to_simplified("", names) == ("", 0, 0)


@settings(max_examples=examples(200), deadline=None)
@given(st.text(max_size=40))
def test_bigram_counts_count_every_neighbouring_pair(text: str) -> None:
    # the mojibake evidence reads pairs as 64-bit words: every pair once, whatever the characters
    # (lone surrogates, astral planes, NUL) and the length (odd, 0, 1)
    from collections import Counter

    from etl.normalize import _bigram_counts, _pair_key

    assert _bigram_counts(text) == Counter(_pair_key(a, b) for a, b in zip(text, text[1:]))
