"""Real documents, hand-labelled: the extractor's score on text nobody here wrote (issue 15).

Two corpora of excerpts of real public web pages, each with hand labels in the devset format
(NAME.document.json, NAME.targets.jsonl, NAME.projects.jsonl; rules in
tests/fixtures/devset/README.md):

- tests/fixtures/devset: the 24 shared development excerpts (A01–A12, B01–B12), copied unchanged
  from the shared devset, with its scorer score.py;
- tests/fixtures/realcorpus: 56 more (C01–C56), collected and labelled before the extractor ran
  on them; SOURCES.tsv gives each one's address, FIRST_LOOK.md the first-contact scores;
- tests/fixtures/realcorpus_heldout: C57–C91, labelled by hand while held out, scored once as a
  first look (realcorpus/FIRST_LOOK.md, batch 7) and development data since;
- tests/fixtures/realcorpus_batch3: C92–C120, labelled and committed before the extractor ran on
  them, first look in realcorpus/FIRST_LOOK.md (batch 8);
- tests/fixtures/realcorpus_batch4: C121–C147, likewise, first look in FIRST_LOOK.md (batch 9).

A new batch is first registered in HELD_OUT (its labels are checked, the extractor never sees it);
after its one first-look score it moves to CORPORA and FLOORS.

The extractor runs in-process over each corpus exactly as ``guihua extract --format jsonl`` does
(``extract_bytes`` then ``record_json`` per record), and the copied score.py scores the stream.
The floors below are a ratchet, not the goal: they sit at what the extractor achieves today
(rounded down by 0.02) so that a change which loses ground fails; raise them as it improves.

    PYTHONPATH=. .venv/bin/python tests/unit/test_real_corpus.py    # print both corpora's scores
"""

from __future__ import annotations

import importlib.util
import json
import math
import sys
import tempfile
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # pragma: no cover - running as a script
    sys.path.insert(0, str(ROOT))

from etl.export import record_json  # noqa: E402
from etl.extract.document import Rejected, extract_bytes  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
CORPORA = {"devset": FIXTURES / "devset", "realcorpus": FIXTURES / "realcorpus",
           "realcorpus_heldout": FIXTURES / "realcorpus_heldout",
           "realcorpus_batch3": FIXTURES / "realcorpus_batch3",
           "realcorpus_batch4": FIXTURES / "realcorpus_batch4"}
# Labelled but not yet scored: the label checks below cover these too, the extractor never sees
# them. A new held-out batch goes here until the lead scores it once (its first look, written
# to realcorpus/FIRST_LOOK.md); then it moves to CORPORA and FLOORS. Empty between batches.
HELD_OUT: dict[str, Path] = {}
LABELLED = {**CORPORA, **HELD_OUT}

# The devset is held to issue 15's floors (targets precision >= 0.90, core recall >= 0.85,
# projects core recall and amounts exact >= 0.90, document fields >= 0.95, no relevant document
# rejected). The real corpora are a ratchet: what the extractor reached when they were last
# measured, rounded down by 0.02 (the measured value and its date are in each comment); raise
# them as the extractor improves. "max_rejected" is a ceiling: every document in these corpora
# is relevant, so each rejection is a miss.
FLOORS: dict[str, dict[str, float]] = {
    "devset": {
        "targets_precision": 0.90,      # measured 0.975 (2026-12-06; 0.518 at first look)
        "targets_recall_core": 0.85,    # 0.980 (0.353)
        "projects_recall_core": 0.90,   # 1.000 (0.194)
        "projects_amount_exact": 0.90,  # 1.000 (0.161)
        "documents_fields_ok": 0.95,    # 0.966 (0.705)
        "max_rejected": 0,              # 0 (4 at first look)
    },
    "realcorpus": {                     # C01-C56; first look 0.353 / 0.441 / 0.106 / 0.054 / 0.730
        "targets_precision": 0.79,      # measured 0.810 (2026-12-06, batch 9's past results; 0.801 after
                                        # the document's time, 0.554 before)
        "targets_recall_core": 0.75,    # 0.777 (0.546)
        "projects_recall_core": 0.60,   # 0.617 (2026-12-06, project prose rules; 0.447 before)
        "projects_amount_exact": 0.55,  # 0.568 (0.378)
        "documents_fields_ok": 0.86,    # 0.883 (2026-12-06, region rules; 0.862 before; 0.857)
        "max_rejected": 0,              # 0 (11 at first look)
    },
    "realcorpus_heldout": {             # C57-C91; its first look, on the extractor of 2026-12-06
        "targets_precision": 0.88,      # measured 0.901 (2026-12-06, the document's time; 0.612 before,
                                        # 0.593 at first look)
        "targets_recall_core": 0.83,    # 0.853 (0.589; 0.569)
        "projects_recall_core": 0.58,   # 0.600 (2026-12-06, project prose rules; 0.467 before)
        "projects_amount_exact": 0.60,  # 0.625 (0.250)
        "documents_fields_ok": 0.92,    # 0.949 (2026-12-06, region rules; 0.932 before; 0.907)
        "max_rejected": 0,              # 0
    },
    "realcorpus_batch3": {              # C92-C120; its first look, on the extractor of 2026-12-06 (7eb7723)
        "targets_precision": 0.85,      # measured 0.870 (2026-12-06, the document's time and counts that
                                        # are not targets; 0.366 at first look)
        "targets_recall_core": 0.94,    # 0.964 (0.571)
        "projects_recall_core": 0.98,   # 1.000 (15 of 15; 0.600 = 9 of 15 at first look) after the prose
        "projects_amount_exact": 0.98,  # 1.000 (15 of 15; 0.600)   rules of FIRST_LOOK batch 8, classes 6-8
        "documents_fields_ok": 0.96,    # 0.980 (2026-12-06, region rules; 0.908 before; 0.857)
        "max_rejected": 0,              # 0
    },
    "realcorpus_batch4": {              # C121-C147; its first look, on the extractor of 2026-12-06 (d398a0f)
        "targets_precision": 0.66,      # measured 0.687 (46 of 67; 2026-12-06, FIRST_LOOK batch 9 classes
                                        # 1-2: past results, the title's year; 0.304 = 31 of 102 at first look)
        "targets_recall_core": 0.92,    # 0.946 (35 of 37; 0.541 = 20 of 37)
        "projects_recall_core": 0.31,   # 0.333 (2 of 6)
        "projects_amount_exact": 0.31,  # 0.333 (2 of 6)
        "documents_fields_ok": 0.82,    # 0.849 (79 of 93)
        "max_rejected": 0,              # 0
    },
}


@cache
def scorer() -> ModuleType:
    """The devset's own score.py, loaded from its copy under tests/fixtures/devset."""
    spec = importlib.util.spec_from_file_location("devset_score", CORPORA["devset"] / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def texts(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.glob("*.txt"))


def extract_jsonl(corpus: Path) -> tuple[str, list[str]]:
    """The `guihua extract --format jsonl` stream for every text of a corpus, and the rejected names."""
    lines: list[str] = []
    rejected: list[str] = []
    for path in texts(corpus):
        result = extract_bytes(path.read_bytes(), path.name, source_path=str(path))
        if isinstance(result, Rejected):
            rejected.append(path.name)
            continue
        lines.extend(record_json(record) for record in result.records())
    return "\n".join(lines) + "\n", rejected


@cache
def corpus_score(name: str) -> dict[str, Any]:
    """score.py's summary measures for one corpus, plus the rejected documents."""
    corpus = CORPORA[name]
    stream, rejected = extract_jsonl(corpus)
    sc = scorer()
    gold = sc.load_gold(corpus)
    pred = parse_pred(stream)
    docs = sorted(set(gold["targets"]) | set(gold["projects"]) | set(gold["documents"]))
    _, t = sc.score_targets(gold, pred, docs)
    _, p = sc.score_projects(gold, pred, docs)
    ok, n, wrong = sc.score_documents(gold, pred, docs)
    return {
        "targets_precision": sc.ratio(t["matched"], t["pred"]),
        "targets_recall_core": sc.ratio(t["core_matched"], t["gold_core"]),
        "projects_recall_core": sc.ratio(p["core_matched"], p["gold_core"]),
        "projects_amount_exact": sc.ratio(p["amount_ok"], p["with_amount"]),
        "documents_fields_ok": sc.ratio(ok, n),
        "rejected": rejected,
        "document_mismatches": wrong,
    }


def parse_pred(stream: str) -> dict[str, Any]:
    """score.py's load_pred over an in-memory stream (it reads a path)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pred.jsonl"
        path.write_text(stream, encoding="utf-8")
        pred, bad = scorer().load_pred(path)
    assert bad == 0, f"{bad} extractor output lines are not JSON"
    return pred


def labels(corpus: Path, suffix: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in sorted(corpus.glob(f"*.{suffix}.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


# ---- the labels themselves ------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(LABELLED))
def test_every_text_has_its_three_label_files(name: str) -> None:
    corpus = LABELLED[name]
    assert texts(corpus), f"{corpus} has no texts"
    for path in texts(corpus):
        for suffix in ("document.json", "targets.jsonl", "projects.jsonl"):
            assert (corpus / f"{path.stem}.{suffix}").is_file(), f"{path.name}: no {suffix}"
        document = json.loads((corpus / f"{path.stem}.document.json").read_text(encoding="utf-8"))
        assert document["doc"] == path.name
        assert document["doc_kind"] in {"plan_outline", "news_summary", "work_report"}


@pytest.mark.parametrize("name", sorted(LABELLED))
def test_every_label_quote_is_verbatim_in_its_text(name: str) -> None:
    """A label's quote is a substring of the published text it labels (what the extractor must find)."""
    corpus = LABELLED[name]
    missing = []
    for row in labels(corpus, "targets"):
        text = (corpus / row["doc"]).read_text(encoding="utf-8")
        if not row["quote"] or row["quote"] not in text:
            missing.append(f"{row['doc']}: {row['quote']!r}")
    assert not missing, "quotes not found verbatim:\n" + "\n".join(missing)


@pytest.mark.parametrize("name", sorted(LABELLED))
def test_label_fields_are_well_formed(name: str) -> None:
    corpus = LABELLED[name]
    comparators = {"=", ">=", "<=", "~"}
    kinds = {"level", "growth", "share", "cap", "cumulative", "increment", "multiple", "count"}
    for row in labels(corpus, "targets"):
        where = f"{row['doc']} {row['indicator']}"
        assert row["comparator"] in comparators, where
        assert row["kind"] in kinds, where
        assert isinstance(row["value"], (int, float)), where
        assert row["year"] is None or 1990 <= row["year"] <= 2050, where
        assert (row["kind"] == "multiple") or row["base_year"] is None, where
    for row in labels(corpus, "projects"):
        assert row["name"], row
        assert row["investment_yi"] is None or row["investment_yi"] > 0, row


@pytest.mark.parametrize("name", sorted(n for n in LABELLED if n.startswith("realcorpus")))
def test_realcorpus_sources_name_every_text(name: str) -> None:
    corpus = LABELLED[name]
    lines = (corpus / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["id", "url", "title", "what is special"]
    rows = {cols[0]: cols for cols in (line.split("\t") for line in lines[1:] if line.strip())}
    assert set(rows) == {p.stem for p in texts(corpus)}
    for cid, cols in rows.items():
        assert len(cols) == 4 and cols[1].startswith("http"), cid


def test_held_out_documents_are_new() -> None:
    """A held-out document is neither a copy of a scored one (same id or same page) nor scored."""
    def sources(corpus: Path) -> dict[str, str]:
        lines = (corpus / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()[1:]
        return {cols[0]: cols[1] for cols in (line.split("\t") for line in lines if line.strip())}
    real = [sources(corpus) for name, corpus in sorted(CORPORA.items()) if name.startswith("realcorpus")]
    scored: dict[str, str] = {}
    for batch in real:  # no id or address appears in two scored batches
        same_id, same_url = set(batch) & set(scored), set(batch.values()) & set(scored.values())
        assert not same_id and not same_url, sorted(same_id | same_url)
        scored.update(batch)
    for name, corpus in HELD_OUT.items():
        assert name not in FLOORS and corpus not in CORPORA.values(), name
        held = sources(corpus)
        assert not set(held) & set(scored), sorted(set(held) & set(scored))
        assert not set(held.values()) & set(scored.values()), sorted(set(held.values()) & set(scored.values()))


# ---- the extractor against them -------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(FLOORS))
def test_extractor_holds_its_floors(name: str) -> None:
    score = corpus_score(name)
    floors = FLOORS[name]
    below = []
    for measure, floor in floors.items():
        if measure == "max_rejected":
            if len(score["rejected"]) > floor:
                below.append(f"rejected {len(score['rejected'])} > {floor}: {score['rejected']}")
            continue
        value = score[measure]
        if math.isnan(value) or value < floor:
            below.append(f"{measure} {value:.3f} < {floor}")
    assert not below, f"{name}: " + "; ".join(below)


def main() -> int:  # pragma: no cover - a report for people
    for name in sorted(CORPORA):
        score = corpus_score(name)
        shown = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in score.items()
                 if k != "document_mismatches"}
        print(name, json.dumps(shown, ensure_ascii=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
