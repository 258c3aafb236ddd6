"""Document identity as users expect it (issue 14 points 2, 7, 11; issue 16 point 2).

A document is its path relative to the folder given; the same bytes under a new path are a move;
files that are gone are removed only when asked (`--prune`, `forget`); symlinks never lead out of
the folder; an unchanged bad file is recorded once; a mistyped path writes nothing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import guihua, rows, scalar

pytestmark = pytest.mark.db


def _docs(url: str) -> dict[str, str]:
    return dict(rows(url, "select doc, sha256 from core.document"))


def _sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_file_name_in_two_folders_is_two_documents(run_env: dict[str, str], fresh_db: str, tmp_path: Path,
                                                        seeds: list[Path]) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "a").mkdir(parents=True)
    (corpus / "b").mkdir()
    shutil.copy(seeds[0], corpus / "a" / "plan.txt")
    shutil.copy(seeds[3], corpus / "b" / "plan.txt")
    for attempt in range(2):
        result = guihua("run", str(corpus), "--dbt", "never", env=run_env)
        assert result.returncode == 0, result.stderr
        assert (f"{2 - 2 * attempt} loaded" in result.stderr), result.stderr
        assert _docs(fresh_db) == {"a/plan.txt": _sha(corpus / "a" / "plan.txt"),
                                   "b/plan.txt": _sha(corpus / "b" / "plan.txt")}
    # the JSONL contract carries the same identity
    out = guihua("extract", str(corpus), env=run_env)
    assert out.returncode == 0, out.stderr
    import json

    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert {r["doc"] for r in records if r["type"] == "document"} == {"a/plan.txt", "b/plan.txt"}
    source = scalar(fresh_db, "select source_path from core.document where doc = 'a/plan.txt'")
    assert source == str(corpus / "a" / "plan.txt")


def test_two_roots_with_one_relative_path_reject_the_second(run_env: dict[str, str], fresh_db: str,
                                                             tmp_path: Path, seeds: list[Path]) -> None:
    (tmp_path / "gd").mkdir()
    (tmp_path / "js").mkdir()
    shutil.copy(seeds[0], tmp_path / "gd" / "report.txt")
    shutil.copy(seeds[3], tmp_path / "js" / "report.txt")
    result = guihua("run", str(tmp_path / "gd"), str(tmp_path / "js"), "--dbt", "never", env=run_env)
    assert result.returncode == 3, result.stderr
    assert _docs(fresh_db) == {"report.txt": _sha(tmp_path / "gd" / "report.txt")}
    assert rows(fresh_db, "select doc, reason, source_path from core.rejected_input") == [
        ("report.txt", "duplicate_doc", str(tmp_path / "js" / "report.txt"))]


def test_a_renamed_file_is_moved_not_rejected(run_env: dict[str, str], fresh_db: str, tmp_path: Path,
                                              seeds: list[Path]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(seeds[0], corpus / "old name.txt")
    shutil.copy(seeds[3], corpus / "other.txt")
    assert guihua("run", str(corpus), "--dbt", "never", env=run_env).returncode == 0
    document_id = scalar(fresh_db, "select document_id from core.document where doc = 'old name.txt'")
    targets = scalar(fresh_db, "select count(*) from core.target where document_id = %s", (document_id,))
    (corpus / "2021").mkdir()
    (corpus / "old name.txt").rename(corpus / "2021" / "new name.txt")
    for attempt in range(2):  # the move, then a quiet re-run
        result = guihua("run", str(corpus), "--dbt", "never", env=run_env)
        assert result.returncode == 0, result.stderr
        assert "0 loaded" in result.stderr and "Traceback" not in result.stderr
        assert ("1 moved" in result.stderr) == (attempt == 0), result.stderr
        assert set(_docs(fresh_db)) == {"2021/new name.txt", "other.txt"}
    # the rows were renamed, not reloaded or duplicated
    assert scalar(fresh_db, "select document_id from core.document where doc = '2021/new name.txt'") == document_id
    assert scalar(fresh_db, "select count(*) from core.target where document_id = %s", (document_id,)) == targets
    assert scalar(fresh_db, "select count(*) from core.rejected_input") == 0
    assert scalar(fresh_db, "select sum(docs_moved) from core.etl_run") == 1
    assert scalar(fresh_db, "select source_path from core.document where document_id = %s", (document_id,)) == str(
        corpus / "2021" / "new name.txt")


def test_a_copy_is_still_a_duplicate(run_env: dict[str, str], fresh_db: str, tmp_path: Path,
                                     seeds: list[Path]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(seeds[0], corpus / "b.txt")
    assert guihua("run", str(corpus), "--dbt", "never", env=run_env).returncode == 0
    shutil.copy(seeds[0], corpus / "a copy.txt")  # walked before b.txt, whose file still holds the bytes
    result = guihua("run", str(corpus), "--dbt", "never", env=run_env)
    assert result.returncode == 3, result.stderr
    assert set(_docs(fresh_db)) == {"b.txt"}
    assert rows(fresh_db, "select doc, reason from core.rejected_input") == [("a copy.txt", "duplicate_content")]


def test_prune_removes_documents_whose_files_are_gone_and_rebuilds_the_marts(
        run_env: dict[str, str], fresh_db: str, tmp_path: Path, seeds: list[Path]) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    for seed in seeds[:2]:
        shutil.copy(seed, corpus / seed.name)
    shutil.copy(seeds[3], corpus / "sub" / seeds[3].name)
    other = tmp_path / "elsewhere"
    other.mkdir()
    shutil.copy(seeds[2], other / seeds[2].name)
    assert guihua("run", str(corpus), str(other), env=run_env).returncode == 0
    assert scalar(fresh_db, "select count(*) from marts.dim_plan") == 4
    gone_id = scalar(fresh_db, "select document_id from core.document where doc = %s", (f"sub/{seeds[3].name}",))
    shutil.rmtree(corpus / "sub")
    (other / seeds[2].name).unlink()  # not under the root pruned: stays

    kept = guihua("run", str(corpus), env=run_env)  # never implicit
    assert kept.returncode == 0, kept.stderr
    assert scalar(fresh_db, "select count(*) from core.document") == 4

    pruned = guihua("run", str(corpus), "--prune", env=run_env)
    assert pruned.returncode == 0, pruned.stderr
    assert "1 removed" in pruned.stderr and "dbt success" in pruned.stderr, pruned.stderr
    assert set(_docs(fresh_db)) == {seeds[0].name, seeds[1].name, seeds[2].name}
    for table in ("document_text", "section", "target", "actual", "project", "project_mention"):
        assert scalar(fresh_db, f"select count(*) from core.{table} where document_id = %s", (gone_id,)) == 0, table
    assert rows(fresh_db, "select doc, reason, source_path from core.removed_document") == [
        (f"sub/{seeds[3].name}", "pruned", str(corpus / "sub" / seeds[3].name))]
    assert scalar(fresh_db, "select docs_removed from core.etl_run order by run_id desc limit 1") == 1
    assert scalar(fresh_db, "select count(*) from marts.dim_plan") == 3  # the marts followed


def test_forget_one_document(run_env: dict[str, str], fresh_db: str, tmp_path: Path, seeds: list[Path]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in seeds[:2]:
        shutil.copy(seed, corpus / seed.name)
    assert guihua("run", str(corpus), "--dbt", "never", env=run_env).returncode == 0
    unknown = guihua("forget", "no-such-doc.txt", "--dbt", "never", env=run_env)
    assert unknown.returncode == 2 and "no-such-doc.txt" in unknown.stderr
    by_name = guihua("forget", seeds[0].name, "--dbt", "never", env=run_env)
    assert by_name.returncode == 0, by_name.stderr
    by_path = guihua("forget", str(corpus / seeds[1].name), "--dbt", "never", env=run_env)
    assert by_path.returncode == 0, by_path.stderr
    assert scalar(fresh_db, "select count(*) from core.document") == 0
    assert scalar(fresh_db, "select count(*) from core.section") == 0
    assert rows(fresh_db, "select doc, reason from core.removed_document order by removal_id") == [
        (seeds[0].name, "forgotten"), (seeds[1].name, "forgotten")]
    # each forget is in the ledger
    assert scalar(fresh_db, "select count(*) from core.etl_run where docs_removed = 1") == 2


def test_a_symlink_out_of_the_folder_is_rejected_and_never_read(run_env: dict[str, str], fresh_db: str,
                                                                tmp_path: Path, seeds: list[Path]) -> None:
    secret = tmp_path / "private" / "secret plan.txt"
    secret.parent.mkdir()
    secret.write_bytes(seeds[2].read_bytes())
    secret.chmod(0o600)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(seeds[0], corpus / seeds[0].name)
    (corpus / "link.txt").symlink_to(secret)
    (corpus / "linked folder").symlink_to(secret.parent, target_is_directory=True)
    (corpus / "inside.txt").symlink_to(corpus / seeds[0].name)  # inside the folder: followed
    result = guihua("run", str(corpus), "--dbt", "never", env=run_env)
    assert result.returncode == 3, result.stderr
    reasons = dict(rows(fresh_db, "select doc, reason from core.rejected_input"))
    assert reasons["link.txt"] == "symlink_outside_root"
    assert reasons["linked folder"] == "symlink_outside_root"
    assert reasons["inside.txt"] == "duplicate_content"  # read (it is inside), and a copy of the seed
    assert set(_docs(fresh_db)) == {seeds[0].name}
    assert scalar(fresh_db, "select count(*) from core.document_text where text like %s",
                  ("%绿园%",)) == 0
    # a symlink given alone is rooted in its own folder
    alone = guihua("run", str(corpus / "link.txt"), "--dbt", "never", env=run_env)
    assert alone.returncode == 3
    assert set(_docs(fresh_db)) == {seeds[0].name}


def test_unchanged_bad_files_are_recorded_once(run_env: dict[str, str], fresh_db: str, tmp_path: Path) -> None:
    corpus = tmp_path / "bad"
    corpus.mkdir()
    for n in range(5):
        (corpus / f"empty{n}.txt").write_bytes(b"")
        (corpus / f"binary{n}.bin").write_bytes(bytes(range(256)) * (4 + n))
    for _ in range(2):
        result = guihua("run", str(corpus), "--dbt", "never", env=run_env)
        assert result.returncode == 3, result.stderr
        assert "10 rejected" in result.stderr  # still counted and reported
    assert scalar(fresh_db, "select count(*) from core.rejected_input") == 10
    (corpus / "binary0.bin").write_bytes(bytes(range(256)) * 9)  # changed bytes: a new rejection
    assert guihua("run", str(corpus), "--dbt", "never", env=run_env).returncode == 3
    assert scalar(fresh_db, "select count(*) from core.rejected_input") == 11


def test_a_mistyped_path_is_a_usage_error_and_writes_nothing(run_env: dict[str, str], fresh_db: str,
                                                              tmp_path: Path) -> None:
    missing = tmp_path / "does" / "not" / "exist"
    result = guihua("run", str(missing), env=run_env)
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and str(missing) in lines[0], result.stderr
    assert not scalar(fresh_db, "select to_regclass('core.etl_run') is not null")  # not even migrated
    extract = guihua("extract", str(missing), env=run_env)
    assert extract.returncode == 2 and str(missing) in extract.stderr
    # a real rejection keeps the whole path
    corpus = tmp_path / "corpus"
    (corpus / "deep").mkdir(parents=True)
    (corpus / "deep" / "empty.txt").write_bytes(b"")
    assert guihua("run", str(corpus), "--dbt", "never", env=run_env).returncode == 3
    assert rows(fresh_db, "select doc, source_path from core.rejected_input") == [
        ("deep/empty.txt", str(corpus / "deep" / "empty.txt"))]
    assert os.path.isabs(str(scalar(fresh_db, "select source_path from core.rejected_input")))


def test_a_file_name_that_is_not_utf8_loads_under_a_printable_doc(run_env: dict[str, str], fresh_db: str,
                                                                   tmp_path: Path, seeds: list[Path]) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    name = os.fsdecode(b"\xb9\xe6\xbb\xae.txt")  # 规划 in GBK: not UTF-8
    shutil.copy(seeds[0], corpus / "sub" / name)
    result = guihua("run", str(corpus), "--dbt", "never", env=run_env)
    assert result.returncode == 0, result.stderr
    [(doc, source)] = rows(fresh_db, "select doc, source_path from core.document")
    printable = b"\xb9\xe6\xbb\xae.txt".decode("utf-8", "backslashreplace")  # '\\xb9滮.txt'
    assert doc == f"sub/{printable}" and source.endswith(doc) and source.startswith("/")
    assert guihua("run", str(corpus), "--dbt", "never", env=run_env).returncode == 0  # unchanged, not moved
    assert scalar(fresh_db, "select sum(docs_moved) from core.etl_run") == 0
