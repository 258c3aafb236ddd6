"""etl.extract.targets: the phases of ``_read`` and the running state the figures of a sentence share.

The behaviour of the extractor as a whole is held by test_targets.py and the corpus scores; these
tests hold what the phase structure itself promises: what a reading that stops early returns, what
the state carries from one figure to the next in a sentence and that a new sentence starts it over,
and the invariant the year-cleaning shortcut relies on.
"""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extract import targets as T
from etl.extract.numbers import find_quantities
from etl.layout import build_layout

PLAN = T.FigureContext(plan_period=(2021, 2025), vision_year=2035, doc_kind="plan_outline")


def _readings(text: str, ctx: T.FigureContext = PLAN) -> list[tuple[str, list[T._Candidate] | None, int]]:
    """(quantity, what _read returned, where the next figure's clause may start) for each quantity,
    driven the way extract_figures drives it."""
    doc = T._Doc(build_layout(text), ctx)
    state = T._RunningState()
    out = []
    for q in find_quantities(text):
        sent = doc.sentence_span(q.char_start)
        state.enter(sent)
        line_start, _ = doc.line_span(q.char_start)
        got = T._read(doc, q, sent, line_start, state)
        if got is not None:
            state.passed(q)
        out.append((q.text, got, state.prev_end))
    return out


# ------------------------------------------------------------------ what a reading returns
def test_a_year_is_not_a_candidate_a_rank_is_a_candidate_without_a_figure() -> None:
    text = "到2025年,全市排名进入第3名,城镇化率达到65%,预计增长5%。"
    (year, year_got, year_end), (rank, rank_got, rank_end), (rate, rate_got, rate_end), (fc, fc_got, fc_end) = \
        _readings(text)
    assert (year, year_got) == ("2025年", None)
    assert year_end == 0  # not a candidate: not a boundary for the next figure either
    assert (rank, rank_got) == ("3名", [])
    assert rank_end == text.index("3名") + 2  # a candidate: the next clause starts after it
    assert rate == "65%" and rate_got is not None and len(rate_got) == 1
    c = rate_got[0]
    assert (c.indicator, c.mode, c.year, c.kind, c.comparator) == ("城镇化率", "target", 2025, "level", "=")
    assert text[c.start:c.end] == "城镇化率达到65%"
    assert rate_end == c.end
    assert (fc, fc_got) == ("5%", [])  # a forecast (预计) is no commitment


# ------------------------------------------------------------------ the running state
def test_a_figure_without_a_subject_inherits_the_last_one_only_within_its_sentence() -> None:
    same = T.extract_figures("地区生产总值年均增长6%,增长8%左右。", [], PLAN)[0]
    assert [(f.indicator, f.value, f.kind) for f in same] == [
        ("地区生产总值", 6, "growth"), ("地区生产总值", 8, "growth")]
    assert same[1].confidence < same[0].confidence  # the inherited subject is a guess
    apart = T.extract_figures("地区生产总值年均增长6%。增长8%左右。", [], PLAN)[0]
    assert [(f.indicator, f.value) for f in apart] == [("地区生产总值", 6)]


def test_a_figure_joined_without_a_verb_continues_the_kind_before_it() -> None:
    targets = T.extract_figures("新建学校5所、医院3所。", [], PLAN)[0]
    assert [(f.indicator, f.value, f.kind) for f in targets] == [("学校", 5, "increment"), ("医院", 3, "increment")]
    # in a sentence of its own, the count has no verb to make it an increment
    alone = T.extract_figures("新建学校5所。医院3所。", [], PLAN)[0]
    assert [(f.indicator, f.kind) for f in alone] == [("学校", "increment"), ("医院", "count")]


def test_respectively_gives_each_subject_its_figure_and_direction() -> None:
    targets = T.extract_figures("城乡居民人均可支配收入分别达到5.5万元和2.5万元。", [], PLAN)[0]
    assert [(f.indicator, f.value) for f in targets] == [
        ("城镇居民人均可支配收入", D("5.5")), ("农村居民人均可支配收入", D("2.5"))]
    rates = T.extract_figures("单位地区生产总值能耗和二氧化碳排放分别下降14%和18%。", [], PLAN)[0]
    assert [f.value for f in rates] == [14, 18]
    assert rates[1].indicator == "二氧化碳排放"
    assert [f.direction for f in rates] == ["decrease", "decrease"]  # the second shares the first's 下降


def test_the_running_state_starts_over_in_a_new_sentence() -> None:
    state = T._RunningState()
    state.enter((0, 10))
    state.indicator, state.kind, state.money, state.respectively = "学校", "increment", False, ["医院"]
    state.prev_end = 7
    state.enter((0, 10))  # the same sentence: kept
    assert (state.indicator, state.kind, state.prev_end) == ("学校", "increment", 7)
    state.enter((11, 20))
    assert state == T._RunningState(sentence=(11, 20), prev_end=11)


# ------------------------------------------------------------------ the year-cleaning shortcut
def _top_level_alternatives(pattern: str) -> list[str]:
    parts, depth, in_class, escaped, start = [], 0, False, False, 0
    for i, ch in enumerate(pattern):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts


def test_every_year_cleaning_alternative_holds_a_hint_character() -> None:
    alternatives = _top_level_alternatives(T._CLEAN_YEAR_RE.pattern)
    assert len(alternatives) > 10
    missing = [a for a in alternatives if not T._CLEAN_YEAR_HINT_RE.search(a)]
    assert missing == [], "a new alternative of _CLEAN_YEAR_RE needs its character in _CLEAN_YEAR_HINT_RE"


_CLAUSE_CHARS = "在较比与同是到至截止底前末内初以来的现有原础上期间时力争未来今后五每全过去" \
                "十一二三四五六“”0123456789 年基期地区生产总值增长达"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_CLAUSE_CHARS, max_size=24))
def test_a_clause_without_a_hint_character_is_left_as_it_is(clause: str) -> None:
    if not T._CLEAN_YEAR_HINT_RE.search(clause):
        assert T._CLEAN_YEAR_RE.sub("", clause) == clause
