"""`guihua run` end to end against a real PostgreSQL: sample corpus, re-run, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import guihua, rows, scalar, table_counts

pytestmark = pytest.mark.db

# Read off the documents themselves (SPEC §3 and each document's title/notice).
EXPECTED_DOCUMENTS = {
    "000_89700a7a8f41e7e7.txt": ("220104", "county", "plan_outline", 2021, 2025, 2035),
    "001_bfccae62de0f4535.txt": ("220105", "county", "plan_outline", 2021, 2025, 2035),
    "002_843c821296af14f2.txt": ("220106", "county", "news_summary", None, None, None),
    "003_77d732719debbe6f.txt": ("220102", "county", "plan_outline", 2021, 2025, 2035),
    "004_71b7d6b5b3d205c1.txt": ("220200", "prefecture", "plan_outline", 2021, 2025, 2035),
}


def test_sample_corpus_loads_and_rerun_changes_nothing(run_env: dict[str, str], fresh_db: str) -> None:
    first = guihua("run", env=run_env)
    assert first.returncode == 0, first.stderr
    assert "5 loaded" in first.stderr
    docs = {r[0]: r[1:] for r in rows(fresh_db, "select doc, region_code, region_level, doc_kind from core.document")}
    assert set(docs) == set(EXPECTED_DOCUMENTS)
    for doc, (code, level, kind, *_rest) in EXPECTED_DOCUMENTS.items():
        assert docs[doc] == (code, level, kind), doc
    assert scalar(fresh_db, "select count(*) from marts.dim_plan") == 5
    assert scalar(fresh_db, "select status from core.etl_run order by run_id desc limit 1") == "succeeded"
    before = table_counts(fresh_db)
    assert before["target"] > 0 and before["project"] > 0 and before["section"] > 0

    second = guihua("run", env=run_env)
    assert second.returncode == 0, second.stderr
    assert "0 loaded" in second.stderr and "5 unchanged" in second.stderr
    assert table_counts(fresh_db) == before
    assert scalar(fresh_db, "select count(*) from core.etl_run where status = 'succeeded'") == 2

    status = guihua("status", "--json", env=run_env)
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    assert report["last_successful_run"]["run_id"] == 2
    assert report["rows"]["document"] == 5

    unmapped = guihua("indicators", "unmapped", "--json", "--limit", "500", env=run_env)
    assert unmapped.returncode == 0, unmapped.stderr
    phrases = json.loads(unmapped.stdout)
    total_unmapped = scalar(fresh_db, "select (select count(*) from core.target where indicator_code is null)"
                                      " + (select count(*) from core.actual where indicator_code is null)")
    assert sum(p["count"] for p in phrases) == total_unmapped
    assert all(p["indicator"] and p["count"] >= 1 for p in phrases)


def test_changed_document_is_replaced_atomically(run_env: dict[str, str], fresh_db: str, tmp_path: Path,
                                                 seeds: list[Path]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    target = corpus / seeds[0].name
    target.write_bytes(seeds[0].read_bytes())
    assert guihua("run", str(corpus), "--dbt", "never", env=run_env).returncode == 0
    first_id = scalar(fresh_db, "select document_id from core.document")
    target.write_bytes(seeds[0].read_bytes() + "\n附:本规划由区发改局负责解释。\n".encode())
    result = guihua("run", str(corpus), "--dbt", "never", env=run_env)
    assert result.returncode == 0, result.stderr
    assert scalar(fresh_db, "select count(*) from core.document") == 1
    assert scalar(fresh_db, "select document_id from core.document") != first_id
    # No orphan rows from the replaced version.
    assert scalar(fresh_db, "select count(*) from core.section where document_id <> %s",
                  (scalar(fresh_db, "select document_id from core.document"),)) == 0


def test_bad_inputs_are_rejected_with_reasons_and_the_run_goes_on(
        run_env: dict[str, str], fresh_db: str, tmp_path: Path, seeds: list[Path]) -> None:
    corpus = tmp_path / "bad"
    corpus.mkdir()
    plan_text = seeds[2].read_text(encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.bin").write_bytes(bytes(range(256)) * 64)
    (corpus / "gbk plan.txt").write_bytes(plan_text.encode("gb18030"))
    (corpus / "utf16.txt").write_bytes(seeds[3].read_text(encoding="utf-8").encode("utf-16"))
    (corpus / "page.html").write_text(
        "<html><head><title>首页</title></head><body><p>欢迎访问本网站</p><script>var a=1;</script></body></html>",
        encoding="utf-8")
    (corpus / "not_a_plan.txt").write_text("今天天气很好,我们去公园散步,看见很多人在跳舞。\n" * 20, encoding="utf-8")
    big = corpus / "huge.txt"
    with big.open("wb") as handle:  # 60 MB: over the default 50 MB limit
        chunk = ("经济发展" * 1000 + "\n").encode("utf-8")
        for _ in range(60 * 1024 * 1024 // len(chunk) + 1):
            handle.write(chunk)
    result = guihua("run", str(corpus), "--dbt", "never", env=run_env)
    assert result.returncode == 3, result.stderr  # partial
    assert "Traceback" not in result.stderr
    loaded = {r[0] for r in rows(fresh_db, "select doc from core.document")}
    assert {"gbk plan.txt", "utf16.txt"} <= loaded
    reasons = dict(rows(fresh_db, "select doc, reason from core.rejected_input"))
    assert reasons["empty.txt"] == "empty"
    assert reasons["binary.bin"] == "binary"
    assert reasons["huge.txt"] == "too_large"
    assert reasons["not_a_plan.txt"] == "not_a_plan"
    assert reasons["page.html"] in ("not_a_plan", "empty_after_normalization")
    # Every input is accounted for: loaded or rejected, none lost.
    assert loaded | set(reasons) == {p.name for p in corpus.iterdir()}
    gbk_region = scalar(fresh_db, "select region_code from core.document where doc = 'gbk plan.txt'")
    assert gbk_region == "220106"
    assert scalar(fresh_db, "select status from core.etl_run order by run_id desc limit 1") == "partial"


def test_wrong_password_gives_one_line_error(run_env: dict[str, str], fresh_db: str) -> None:
    env = dict(run_env)
    base = fresh_db.split("?")[0].replace("postgresql://guihua@", "postgresql://guihua:wrong-secret-pw@")
    env["DATABASE_URL"] = base
    result = guihua("run", "--dbt", "never", env=env, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "authentication failed" in result.stderr
    assert "wrong-secret-pw" not in result.stderr + result.stdout


def test_unreachable_server_gives_one_line_error(run_env: dict[str, str]) -> None:
    env = dict(run_env)
    env["DATABASE_URL"] = "postgresql://nobody@127.0.0.1:9/none"
    result = guihua("run", "--dbt", "never", env=env, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cannot reach the database server" in result.stderr


def test_a_document_that_fails_its_batch_is_recorded_and_the_others_load(fresh_db: str, seeds: list[Path]) -> None:
    """Documents load in batches (one transaction each); when one document's rows break the batch,
    its companions are loaded one by one and only it is recorded, as load_failed."""
    import dataclasses
    import hashlib
    from decimal import Decimal

    from etl import pipeline
    from etl.db import migrate
    from etl.db.connection import connect
    from etl.extract.document import extract_bytes
    from etl.load import start_run

    migrate.upgrade(fresh_db)
    batch = []
    for seed in (seeds[0], seeds[2], seeds[3]):  # 002, in the middle, has projects
        raw = seed.read_bytes()
        result = extract_bytes(raw, seed.name, source_path=str(seed))
        job = pipeline._Job(str(seed), seed.name, hashlib.sha256(raw).hexdigest(), len(raw))
        batch.append((job, result))
    # the middle document breaks a table constraint (investment_yi >= 0) at load time
    bad = batch[1][1]
    assert bad.projects, "the middle seed needs a project for this test"
    bad.projects = [dataclasses.replace(bad.projects[0], investment_yi=Decimal(-1)), *bad.projects[1:]]
    conn = connect(fresh_db, autocommit=True)
    try:
        summary = pipeline.RunSummary()
        summary.run_id = start_run(conn, ["test"], 0)
        conn = pipeline._load_batch(conn, fresh_db, batch, summary)
    finally:
        conn.close()
    assert summary.counts["loaded"] == 2 and summary.counts["failed"] == 1
    loaded = [r[0] for r in rows(fresh_db, "select doc from core.document order by doc")]
    assert loaded == sorted([batch[0][0].doc, batch[2][0].doc])
    (reason, doc), = rows(fresh_db, "select reason, doc from core.rejected_input")
    assert (reason, doc) == ("load_failed", batch[1][0].doc)

