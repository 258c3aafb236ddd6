"""Property tests over the whole extraction (normalize → structure → every extractor).

GUIHUA_PROPERTY_EXAMPLES=20000 runs the long profile.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.extract.document import ExtractionResult, Rejected, extract_bytes
from tests.helpers import examples

NON_NEGATIVE_KINDS = {"level", "share", "cap", "cumulative", "increment", "multiple", "count"}

_fragments = st.sampled_from([
    "到2025年,", "地区生产总值", "超过", "1000亿", "年均增长", "6.5%", "左右", "控制在", "4%以内", "翻一番",
    "专栏1 重点项目\n", "1.", "朝阳区", "项目,", "总投资", "3541.07万元", "2.", "累计", "“十四五”期间", "第一章 ",
    "第二节 ", "二〇三五年", "\n", "。", ",", "从437.2亿元增加到727.5亿元", "个百分点", "万人", "-", "5-8%",
    "規劃", "(jīng)", "?", "\ufffd", "\x00", "长春市朝阳区国民经济和社会发展第十四个五年规划纲要\n",
])


def _check(raw: bytes) -> None:
    result = extract_bytes(raw, "prop.txt")
    if isinstance(result, Rejected):
        assert result.reason
        return
    assert isinstance(result, ExtractionResult)
    text = result.text
    for section in result.sections:
        assert 0 <= section.char_start <= section.char_end <= len(text)
    for figure in (*result.targets, *result.actuals):
        assert 0 <= figure.char_start <= figure.char_end <= len(text)
        assert text[figure.char_start:figure.char_end] == figure.quote
        assert figure.value.is_finite()
        if figure.value_base is not None:
            assert figure.value_base.is_finite()
            if figure.kind in NON_NEGATIVE_KINDS:
                assert figure.value_base >= 0, figure
        assert 0 <= figure.confidence <= 1
    for project in result.projects:
        assert 0 <= project.char_start <= project.char_end <= len(text)
        assert text[project.char_start:project.char_end] == project.quote
        if project.investment_yi is not None:
            assert project.investment_yi.is_finite() and project.investment_yi >= Decimal(0)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_unicode(text: str) -> None:
    _check(text.encode("utf-8", errors="surrogatepass"))


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_fragments, max_size=60))
def test_plan_like_fragments(parts: list[str]) -> None:
    _check("".join(parts).encode("utf-8"))


@settings(max_examples=examples(100), deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(raw: bytes) -> None:
    _check(raw)
