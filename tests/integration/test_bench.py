"""The benchmark cannot rot: the generator and one tiny benchmark run, end to end.

Not a timed test: it checks that every stage runs and reports, and that the generated
documents score as their seeds do; the figures themselves are in README.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import generate
from bench.accuracy import loaded_from_result, score_document
from etl.extract.document import extract_bytes
from etl.regions import load_regions


def test_generator_is_deterministic_and_substitutes_regions_and_numbers(tmp_path: Path) -> None:
    first = generate.generate(10, tmp_path / "a", seed=7)
    second = generate.generate(10, tmp_path / "b", seed=7)
    assert first["docs"] == 10 and first["fingerprint"] == second["fingerprint"]
    docs_a = sorted((tmp_path / "a" / "docs").rglob("*.txt"))
    docs_b = sorted((tmp_path / "b" / "docs").rglob("*.txt"))
    assert [p.name for p in docs_a] == [p.name for p in docs_b]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(docs_a, docs_b))
    assert len({p.read_bytes() for p in docs_a}) == 10  # no duplicate content
    # reused, not regenerated, when nothing changed
    assert generate.generate(10, tmp_path / "a", seed=7)["seconds"] == first["seconds"]

    table = load_regions()
    expected = list(generate.read_expected(tmp_path / "a"))
    assert [e["doc"] for e in expected] == [p.name for p in docs_a]
    perturbed = 0
    for exp, path in zip(expected, docs_a):
        text = path.read_text(encoding="utf-8")
        region = table.get(exp["region_code"])
        assert region is not None and region.is_current
        assert region.name in text
        for old, new in exp["substitutions"].items():
            if old not in new and len(old) > 2:
                assert old not in text, (path.name, old)
        perturbed += exp["perturbed_values"]
    assert perturbed > 0


def test_generated_documents_score_like_their_seeds(tmp_path: Path) -> None:
    """Extraction on a generated document meets the generator's expectations as on the seed."""
    generate.generate(5, tmp_path, seed=11)
    table = load_regions()
    templates = {t.stem: t for t in generate.load_templates(table=table)}
    for exp, path in zip(generate.read_expected(tmp_path), sorted((tmp_path / "docs").rglob("*.txt"))):
        template = templates[exp["template"]]
        seed_exp = generate.seed_expectations(template, table)
        seed_score = score_document(seed_exp, loaded_from_result(
            extract_bytes(template.text.encode("utf-8"), seed_exp["doc"])))
        result = extract_bytes(path.read_bytes(), path.name)
        assert hasattr(result, "document"), result
        score = score_document(exp, loaded_from_result(result))
        assert score.region.ok == 1, (path.name, result.document.region_name, exp["region_name"])
        for name in ("targets", "actuals", "project_list"):
            got, want = getattr(score, name), getattr(seed_score, name)
            assert abs(got.recall - want.recall) <= 0.05, (path.name, name, got, want)
            assert abs(got.precision - want.precision) <= 0.05, (path.name, name, got, want)


@pytest.mark.db
def test_benchmark_runs_end_to_end_on_a_tiny_corpus(pg_server: dict[str, str], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.run import BenchConfig, render, run_benchmark

    monkeypatch.setenv("DATABASE_URL", pg_server["admin_url"])
    monkeypatch.setenv("GUIHUA_HOME", str(tmp_path / "home"))
    result = run_benchmark(BenchConfig(docs=10, workers=2, quick=True, out=tmp_path / "out"), say=lambda _: None)

    assert result["run"]["status"] == "succeeded", result["run"]
    assert result["run"]["counts"]["loaded"] == 10
    assert result["run"]["dbt_status"] == "success"
    assert result["rerun"]["unchanged"] == 10 and result["rerun"]["loaded"] == 0
    assert result["rerun"]["cli_exit"] == 0, result["rerun"]
    for method in ("bare_copy", "guihua_loader", "sqlalchemy_executemany", "pandas_to_sql"):
        assert result["load"][method]["rows_loaded"] == result["load"]["rows"], method
    assert result["floor"]["extraction_vs_floor"] > 0
    assert result["peak_rss_mb"] > 0
    assert result["accuracy"]["generated"]["all"]["docs"] == 10
    assert result["accuracy"]["generated"]["all"]["region_code_accuracy"] == 1.0
    written = json.loads(Path(result["json_path"]).read_text())
    assert written["config"]["docs"] == 10
    render(result)  # the table renders
    # the benchmark's databases are dropped afterwards
    import psycopg

    with psycopg.connect(pg_server["admin_url"]) as conn:
        left = conn.execute("select count(*) from pg_database where datname like 'guihua_bench_%'").fetchone()
    assert left is not None and left[0] == 0
