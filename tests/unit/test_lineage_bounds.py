"""Records whose quote is not their span are dropped and flagged; absurd record counts are capped
(issue 14 point 4): what reaches the loader has lineage and a bounded size."""

from __future__ import annotations

from decimal import Decimal

from etl.extract.document import ExtractionResult, traced_and_bounded
from etl.records import Document, Section, Target


def _result(text: str, targets: list[Target], sections: list[Section] | None = None) -> ExtractionResult:
    return ExtractionResult(Document(doc="x.txt", sha256="0"), text, sections or [], targets, [], [])


def test_a_quote_that_is_not_its_span_is_dropped_and_flagged() -> None:
    text = "到2025年,地区生产总值超过1000亿元。"
    quote = "地区生产总值超过1000亿元"
    good = Target(indicator="地区生产总值", value=Decimal(1000), unit="亿元", quote=quote, char_start=7,
                  char_end=7 + len(quote))
    shifted = Target(indicator="地区生产总值", value=Decimal(1000), unit="亿元", quote=quote, char_start=8,
                     char_end=8 + len(quote))
    outside = Target(indicator="x", value=Decimal(1), unit="个", quote="", char_start=30, char_end=30)
    assert text[good.char_start:good.char_end] == good.quote
    result = traced_and_bounded(_result(text, [good, shifted, outside]))
    assert result.targets == [good]
    [flag] = result.document.quality_flags
    assert (flag.flag, flag.count) == ("span_mismatch", 2)


def test_absurd_record_counts_are_capped_and_flagged() -> None:
    text = "第一章 发展目标\n" * 30
    sections = [Section(path=str(i), level=1, kind="chapter", number_text="第一章", title="发展目标",
                        char_start=9 * i, char_end=9 * i + 8) for i in range(30)]
    result = traced_and_bounded(_result(text, [], sections), limit=10)
    assert result.sections == sections[:10]
    [flag] = result.document.quality_flags
    assert flag.flag == "records_capped" and "sections 30" in (flag.detail or "")
