"""Accuracy of the loaded records against the generator's expectations, at any N.

The matching rules are those of the seed tests, so a generated document scores the
same as its seed when extraction is as good on it:

* targets/actuals — tests/unit/targets_eval.py: a figure matches an expected row when
  value, year and kind are equal and the indicators name the same thing (containment
  or shared characters >= 0.6); unit, comparator, value_max, period and base_year of a
  match are field errors when wrong;
* projects — tests/unit/test_projects.py: list items by box, ordinal and name; prose
  projects by name, optional ones not scored; amounts (investment_yi and its text)
  and location/sponsor/area checked on matched list items;
* documents — region_code (the substituted region), region_level, doc_kind.

Records are read back from the database (what BI users see), streamed per document.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from typing import Any

import psycopg

_CLEAN_RE = re.compile(r"[\s“”\"‘’'《》()（）、,，的]")


# ---------------------------------------------------------------------------
# What was loaded
# ---------------------------------------------------------------------------

@dataclass(slots=True)
class Fig:
    indicator: str
    value: Decimal
    value_max: Decimal | None
    unit: str
    comparator: str
    year: int | None
    kind: str
    period: list[int] | None
    base_year: int | None


@dataclass(slots=True)
class Mention:
    source: str
    box: str | None
    ordinal: int | None
    name: str
    investment_yi: Decimal | None
    investment_text: str | None
    location: str | None
    sponsor: str | None
    area: str | None


@dataclass(slots=True)
class Loaded:
    doc: str
    region_code: str | None = None
    region_level: str | None = None
    doc_kind: str | None = None
    targets: list[Fig] = field(default_factory=list)
    actuals: list[Fig] = field(default_factory=list)
    projects: list[Mention] = field(default_factory=list)


_FIG_SQL = (
    "select d.doc, f.indicator, f.value, f.value_max, f.unit, f.comparator, f.year, f.kind, f.period_start,"
    " f.period_end, f.base_year from core.{table} f join core.document d using (document_id)"
    " order by d.doc collate \"C\", f.{table}_id"
)
_MENTION_SQL = (
    "select d.doc, m.source, m.box, m.ordinal, m.name, m.investment_yi, m.investment_text, p.location, p.sponsor,"
    " p.area from core.project_mention m join core.document d using (document_id)"
    " left join core.project p on p.document_id = m.document_id and p.project_key = m.project_key"
    " order by d.doc collate \"C\", m.mention_id"
)


def _stream(conn: psycopg.Connection, name: str, sql: str) -> Iterator[tuple[Any, ...]]:
    with conn.cursor(name=name) as cur:
        cur.itersize = 5000
        cur.execute(sql)
        yield from cur


def _grouped(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    for doc, group in groupby(rows, key=lambda r: r[0]):
        yield doc, list(group)


def read_loaded(url: str) -> Iterator[Loaded]:
    """Every loaded document with its records, in document-name (C collation) order, streamed."""
    with psycopg.connect(url) as docs_conn, psycopg.connect(url) as t_conn, psycopg.connect(url) as a_conn, \
            psycopg.connect(url) as p_conn:
        docs = _stream(docs_conn, "docs", "select doc, region_code, region_level, doc_kind from core.document"
                                          " order by doc collate \"C\"")
        sources = {
            "targets": _grouped(_stream(t_conn, "targets", _FIG_SQL.format(table="target"))),
            "actuals": _grouped(_stream(a_conn, "actuals", _FIG_SQL.format(table="actual"))),
            "projects": _grouped(_stream(p_conn, "projects", _MENTION_SQL)),
        }
        heads: dict[str, tuple[str, list[tuple[Any, ...]]] | None] = {k: next(v, None) for k, v in sources.items()}
        for doc, region_code, region_level, doc_kind in docs:
            loaded = Loaded(doc, region_code, region_level, doc_kind)
            for key, source in sources.items():
                head = heads[key]
                while head is not None and head[0] < doc:  # rows of a document we do not list: skip
                    head = next(source, None)
                if head is not None and head[0] == doc:
                    rows = head[1]
                    if key == "projects":
                        loaded.projects = [Mention(*r[1:]) for r in rows]
                    else:
                        figs = [Fig(r[1], r[2], r[3], r[4], r[5], r[6], r[7],
                                    [r[8], r[9]] if r[8] is not None else None, r[10]) for r in rows]
                        setattr(loaded, key, figs)
                    head = next(source, None)
                heads[key] = head
            yield loaded


# ---------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------

@dataclass(slots=True)
class Tally:
    """Counts behind a precision/recall pair."""

    expected: int = 0
    extracted: int = 0
    matched: int = 0
    matched_pred: int = 0  # matched predictions that count against extracted (prose: optional excluded)

    def add(self, other: Tally) -> None:
        self.expected += other.expected
        self.extracted += other.extracted
        self.matched += other.matched
        self.matched_pred += other.matched_pred

    @property
    def precision(self) -> float:
        return self.matched_pred / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0


@dataclass(slots=True)
class Ratio:
    ok: int = 0
    total: int = 0

    def add(self, other: Ratio) -> None:
        self.ok += other.ok
        self.total += other.total

    @property
    def value(self) -> float:
        return self.ok / self.total if self.total else 1.0


@dataclass
class DocScore:
    """One document (or a sum of documents)."""

    docs: int = 0
    region: Ratio = field(default_factory=Ratio)
    doc_kind: Ratio = field(default_factory=Ratio)
    targets: Tally = field(default_factory=Tally)
    actuals: Tally = field(default_factory=Tally)
    figure_fields: Ratio = field(default_factory=Ratio)  # matched figures with every checked field right
    project_list: Tally = field(default_factory=Tally)
    project_prose: Tally = field(default_factory=Tally)
    amounts: Ratio = field(default_factory=Ratio)
    project_fields: Ratio = field(default_factory=Ratio)
    perturbed_values: int = 0
    perturbable_values: int = 0

    def add(self, other: DocScore) -> None:
        self.docs += other.docs
        for name in ("region", "doc_kind", "targets", "actuals", "figure_fields", "project_list", "project_prose",
                     "amounts", "project_fields"):
            getattr(self, name).add(getattr(other, name))
        self.perturbed_values += other.perturbed_values
        self.perturbable_values += other.perturbable_values

    def summary(self) -> dict[str, Any]:
        def pr(t: Tally) -> dict[str, Any]:
            return {"precision": round(t.precision, 4), "recall": round(t.recall, 4), "expected": t.expected,
                    "extracted": t.extracted, "matched": t.matched}

        return {
            "docs": self.docs,
            "region_code_accuracy": round(self.region.value, 4),
            "doc_kind_accuracy": round(self.doc_kind.value, 4),
            "targets": pr(self.targets),
            "actuals": pr(self.actuals),
            "figure_fields_ok": round(self.figure_fields.value, 4),
            "project_list": pr(self.project_list),
            "project_prose": pr(self.project_prose),
            "project_amounts_ok": round(self.amounts.value, 4),
            "project_fields_ok": round(self.project_fields.value, 4),
            "perturbed_values": self.perturbed_values,
            "perturbable_values": self.perturbable_values,
        }


def _clean(s: str) -> str:
    return _CLEAN_RE.sub("", s or "")


def similarity(a: str, b: str) -> float:
    a, b = _clean(a), _clean(b)
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    sa, sb = set(a), set(b)
    return len(sa & sb) / min(len(sa), len(sb))


def _score_figures(rows: list[list[Any]], figures: list[Fig], fields: Ratio, threshold: float = 0.6) -> Tally:
    index: dict[tuple[Decimal, int | None, str], list[int]] = {}
    for i, f in enumerate(figures):
        index.setdefault((f.value, f.year, f.kind), []).append(i)
    used: set[int] = set()
    matched = 0
    for indicator, value, unit, comparator, year, kind, extras in rows:
        best, best_sim = None, threshold
        for i in index.get((Decimal(str(value)), int(year), kind), ()):
            if i in used:
                continue
            f = figures[i]
            sim = similarity(indicator, f.indicator)
            if sim < threshold:
                continue
            sim += 0.01 * ((f.comparator == comparator) + (f.unit == unit))
            if sim >= best_sim:
                best, best_sim = i, sim
        if best is None:
            continue
        used.add(best)
        matched += 1
        f = figures[best]
        ok = f.unit == unit and f.comparator == comparator
        if "value_max" in extras:
            ok = ok and f.value_max is not None and f.value_max == Decimal(str(extras["value_max"]))
        else:
            ok = ok and f.value_max is None
        if "period" in extras:
            ok = ok and list(f.period or []) == list(extras["period"])
        if "base_year" in extras:
            ok = ok and f.base_year == extras["base_year"]
        fields.total += 1
        fields.ok += ok
    return Tally(len(rows), len(figures), matched, matched)


def _clean_name(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).lower()
    return "".join(ch for ch in name if ch.isalnum())


def names_match(expected: str, predicted: str) -> bool:
    e, p = _clean_name(expected), _clean_name(predicted)
    if not e or not p:
        return False
    if e == p:
        return True
    short, long_ = (e, p) if len(e) <= len(p) else (p, e)
    return len(short) >= 2 and short in long_


def _score_projects(expected: dict[str, Any], mentions: list[Mention], score: DocScore) -> None:
    pred_list = [m for m in mentions if m.source == "list"]
    pred_prose = [m for m in mentions if m.source == "prose"]
    used: set[int] = set()
    matched_list: list[tuple[dict[str, Any], Mention]] = []
    for e in expected.get("list") or []:
        for i, p in enumerate(pred_list):
            if i not in used and p.box == e.get("box") and p.ordinal == e.get("ordinal") \
                    and names_match(e["name"], p.name):
                used.add(i)
                matched_list.append((e, p))
                break
    n_list = len(expected.get("list") or [])
    score.project_list.add(Tally(n_list, len(pred_list), len(matched_list), len(matched_list)))
    used = set()
    tp = optional_hits = 0
    prose = expected.get("prose") or []
    for e in prose:
        for i, p in enumerate(pred_prose):
            if i not in used and names_match(e["name"], p.name):
                used.add(i)
                if e.get("optional"):
                    optional_hits += 1
                else:
                    tp += 1
                break
    required = sum(1 for e in prose if not e.get("optional"))
    score.project_prose.add(Tally(required, len(pred_prose) - optional_hits, tp, tp))
    for e, p in matched_list:
        if "investment_yi" in e:
            want = None if e["investment_yi"] is None else Decimal(str(e["investment_yi"]))
            score.amounts.total += 1
            score.amounts.ok += p.investment_yi == want and (want is None or p.investment_text == e.get("investment_text"))
        for name in ("location", "sponsor", "area"):
            if name in e:
                score.project_fields.total += 1
                score.project_fields.ok += getattr(p, name) == e[name]


def score_document(expected: dict[str, Any], loaded: Loaded | None) -> DocScore:
    """Score one document; a document that was not loaded scores zero recall everywhere."""
    loaded = loaded or Loaded(expected["doc"])
    score = DocScore(docs=1)
    score.perturbed_values = expected.get("perturbed_values") or 0
    score.perturbable_values = expected.get("perturbable_values") or 0
    score.region = Ratio(int(loaded.region_code == expected.get("region_code")), 1)
    if expected.get("doc_kind"):
        score.doc_kind = Ratio(int(loaded.doc_kind == expected["doc_kind"]), 1)
    if expected.get("targets") is not None:
        score.targets = _score_figures(expected["targets"], loaded.targets, score.figure_fields)
    if expected.get("actuals") is not None:
        score.actuals = _score_figures(expected["actuals"], loaded.actuals, score.figure_fields)
    if expected.get("projects") is not None:
        _score_projects(expected["projects"], loaded.projects, score)
    return score


def score_corpus(expected: Iterable[dict[str, Any]], loaded: Iterable[Loaded]) -> dict[str, DocScore]:
    """Per template and overall ("all") scores; both streams in document-name order."""
    by_template: dict[str, DocScore] = {}
    total = DocScore()
    loaded_iter = iter(loaded)
    head = next(loaded_iter, None)
    for exp in expected:
        # a loaded doc is its path under the corpus folder (part-000/g000001_….txt, etl.ingest);
        # the generator names files so that path order and file-name order agree
        while head is not None and _file_name(head.doc) < exp["doc"]:
            head = next(loaded_iter, None)
        match = head if head is not None and _file_name(head.doc) == exp["doc"] else None
        s = score_document(exp, match)
        by_template.setdefault(exp["template"], DocScore()).add(s)
        total.add(s)
    by_template["all"] = total
    return by_template


def _file_name(doc: str) -> str:
    return doc.rsplit("/", 1)[-1]


def loaded_from_result(result: Any) -> Loaded:
    """The records of an in-memory ExtractionResult, shaped as read back from the database
    (project location/sponsor/area per project, as etl/load.py aggregates them)."""
    doc = result.document
    loaded = Loaded(doc.doc, doc.region_code, doc.region_level, doc.doc_kind)
    for name in ("targets", "actuals"):
        setattr(loaded, name, [Fig(f.indicator, f.value, f.value_max, f.unit, f.comparator, f.year, f.kind,
                                   list(f.period) if f.period else None, f.base_year)
                               for f in getattr(result, name)])
    per_key: dict[str, dict[str, Any]] = {}
    for m in result.projects:
        agg = per_key.setdefault(m.project_key, {})
        for attr in ("location", "sponsor", "area"):
            if agg.get(attr) is None and getattr(m, attr):
                agg[attr] = getattr(m, attr)
    loaded.projects = [
        Mention(m.source, m.box or m.sector, m.ordinal, m.name, m.investment_yi, m.investment_text,
                per_key[m.project_key].get("location"), per_key[m.project_key].get("sponsor"),
                per_key[m.project_key].get("area"))
        for m in result.projects
    ]
    return loaded
