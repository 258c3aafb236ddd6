"""Hostile input corpus: every input ends loaded-with-flags or rejected-with-reason, the run goes on,
memory stays bounded. The large files are generated here, not stored in the repository."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.helpers import guihua_measured, rows, scalar

pytestmark = [pytest.mark.db, pytest.mark.slow]

MB = 1024 * 1024


def _plan(seeds: list[Path]) -> str:
    return seeds[2].read_text(encoding="utf-8")  # the short news summary of 绿园区


def build_hostile_corpus(folder: Path, seeds: list[Path]) -> dict[str, str]:
    """Write the hostile inputs; returns file name → expected outcome ('loaded' or a rejection reason)."""
    plan = _plan(seeds)
    expected: dict[str, str] = {}

    def put(name: str, data: bytes, outcome: str) -> None:
        (folder / name).write_bytes(data)
        expected[name] = outcome

    put("empty.txt", b"", "empty")
    put("whitespace.txt", b" \n\t\r\n   \n", "whitespace_only")
    put("binary.bin", os.urandom(4096) + b"\x00" * 512, "binary")
    put("png.txt", b"\x89PNG\r\n\x1a\n" + os.urandom(1000), "binary")
    put("nul bytes.txt", plan.encode("utf-8").replace("。".encode(), "。\x00".encode(), 3), "loaded")
    put("gbk.txt", (plan + "\n(GBK)").encode("gbk", errors="replace"), "loaded")
    put("gb18030.txt", plan.encode("gb18030"), "loaded")
    put("utf16-bom.txt", plan.encode("utf-16"), "loaded")
    put("utf16le-nobom.txt", plan.encode("utf-16-le"), "loaded")
    put("utf8-bom.txt", b"\xef\xbb\xbf" + plan.encode("utf-8"), "loaded")
    put("truncated.txt", plan.encode("utf-8")[:-1], "loaded")
    put("html page.html", (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>政务公开</title></head><body>"
        "<div class='nav'>首页 &gt; 政务公开</div><p>欢迎访问!</p><script>var x = '<p>';</script></body></html>"
    ).encode(), "not_a_plan")
    put("not a plan.txt", ("今天天气很好,我们去公园散步。" * 50).encode(), "not_a_plan")
    put("repeated headings.txt", (plan[:200] + "\n" + "第一章 发展目标\n第一节 总体要求\n" * 20000).encode(), "loaded")
    put("one 10MB line.txt", (plan.replace("\n", " ") + " ") .encode() * (10 * MB // len(plan.encode()) + 1),
        "loaded")
    put("a copy.txt", plan.encode(), "loaded")
    put("quote's \"name\" 规划 ü.txt", plan.encode(), "duplicate_content")  # same bytes as "a copy.txt"
    put("new\nline.txt", (plan + "\n附记。").encode(), "loaded")
    with (folder / "huge 100MB.txt").open("wb") as handle:
        chunk = (plan + "\n").encode()
        for _ in range(100 * MB // len(chunk) + 1):
            handle.write(chunk)
    expected["huge 100MB.txt"] = "too_large"
    loop = folder / "loop"
    loop.mkdir()
    (loop / "self").symlink_to(loop, target_is_directory=True)
    (folder / "dangling.txt").symlink_to(folder / "does-not-exist.txt")
    expected["dangling.txt"] = "unreadable"
    os.mkfifo(folder / "fifo.txt")
    expected["fifo.txt"] = "not_a_file"
    return expected


def test_hostile_corpus(run_env: dict[str, str], fresh_db: str, tmp_path: Path, seeds: list[Path]) -> None:
    corpus = tmp_path / "hostile"
    corpus.mkdir()
    expected = build_hostile_corpus(corpus, seeds)
    started = time.monotonic()
    code, _out, err, peak_mb = guihua_measured("run", str(corpus), "--dbt", "never", env=run_env)
    seconds = time.monotonic() - started
    assert code == 3, err  # partial: some inputs rejected, the rest loaded
    assert peak_mb < 1024, f"peak RSS {peak_mb:.0f} MB"
    assert "Traceback" not in err
    loaded = {r[0] for r in rows(fresh_db, "select doc from core.document")}
    rejected = dict(rows(fresh_db, "select doc, reason from core.rejected_input"))
    for name, outcome in expected.items():
        if outcome == "loaded":
            assert name in loaded, (name, rejected.get(name))
        else:
            assert rejected.get(name) == outcome, (name, rejected.get(name), name in loaded)
    # Nothing lost: every regular input and every special file is either loaded or rejected.
    assert set(expected) <= loaded | set(rejected)
    flags = dict(rows(fresh_db, "select doc, quality_flags::text from core.document"))
    assert "nul_bytes" in flags["nul bytes.txt"]
    assert "truncated_utf8" in flags["truncated.txt"]
    assert scalar(fresh_db, "select region_code from core.document where doc = 'gbk.txt'") == "220106"
    print(f"hostile corpus: {len(expected)} inputs in {seconds:.1f}s, peak RSS {peak_mb:.0f} MB")
