"""What the CLI prints, as a scheduler and a person read it (issue 16 points 1 and 3, issue 14 point 12).

* one line per event, in text and in JSON; with --log-format json every line on stdout and stderr
  of `run`, `extract`, `status` and a failing run is a JSON object;
* the shared options (--log-format, --verbose, --debug) before or after the command's name;
* a file name cannot forge a log line;
* tables are never cut, and a closed pipe ends a command quietly with exit 0.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import GUIHUA, guihua

pytestmark = pytest.mark.db

FORGED = "ok.txt\nERROR guihua: FORGED line"


def _corpus(tmp_path: Path, seeds: list[Path]) -> Path:
    """The sample corpus, one empty file (rejected) and one empty file whose name tries to forge a line."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in seeds:
        shutil.copy(seed, corpus / seed.name)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / FORGED).write_bytes(b"")
    return corpus


def _json_lines(text: str) -> list[dict[str, object]]:
    """Every line as JSON (json.loads raises on any line that is not)."""
    return [json.loads(line) for line in text.splitlines()]


def _unreachable(env: dict[str, str]) -> dict[str, str]:
    return dict(env, DATABASE_URL="postgresql://nobody@127.0.0.1:1/guihua")


def test_json_log_format_every_line_is_json(run_env: dict[str, str], seeds: list[Path], tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, seeds)
    # the option before the command's name …
    first = guihua("--log-format", "json", "run", str(corpus), "--dbt", "never", env=run_env)
    assert first.returncode == 3, first.stderr
    records = _json_lines(first.stdout) + _json_lines(first.stderr)
    summaries = [r for r in records if str(r["message"]).startswith("run ")]
    assert len(summaries) == 1, records  # once, not once as JSON and once as text
    assert summaries[0]["status"] == "partial" and summaries[0]["docs_loaded"] == 5
    assert [r["message"] for r in records if "empty.txt" in str(r["message"])] == [
        "rejected empty.txt: empty (0 bytes)"]  # each rejection once
    assert [r["doc"] for r in records if r.get("reason") == "empty"] == ["empty.txt", FORGED]
    # … or after it
    second = guihua("run", str(corpus), "--dbt", "never", "--log-format", "json", "--verbose", env=run_env)
    assert second.returncode == 3, second.stderr
    records = _json_lines(second.stdout) + _json_lines(second.stderr)
    (summary,) = [str(r["message"]) for r in records if str(r["message"]).startswith("run ")]
    assert summary.startswith("run 2 partial: 7 seen, 0 loaded, 5 unchanged, 2 rejected, 0 failed; 0 rows; "
                              "dbt skipped; "), summary

    extract = guihua("extract", str(corpus), "--log-format", "json", env=run_env)
    assert extract.returncode == 3
    assert len([r for r in _json_lines(extract.stdout) if "doc_kind" in r]) == 5  # the document records
    assert {r["doc"] for r in _json_lines(extract.stderr)} == {"empty.txt", FORGED}

    for args in (("--log-format", "json", "status"), ("status", "--log-format", "json")):
        status = guihua(*args, env=run_env)
        assert status.returncode == 0, status.stderr
        (document,) = _json_lines(status.stdout)
        assert [run["run_id"] for run in document["runs"]] == [2, 1]
        _json_lines(status.stderr)

    failing = guihua("run", "--log-format", "json", env=_unreachable(run_env), timeout=120)
    assert failing.returncode == 1
    assert failing.stdout == ""
    (error,) = _json_lines(failing.stderr)  # one event, one line
    assert error["level"] == "error" and "cannot reach the database server" in str(error["message"])

    usage = guihua("--log-format", "json", "run", "--no-such-option", env=run_env)
    assert usage.returncode == 2
    assert "No such option" in str(_json_lines(usage.stderr)[0]["message"])


def test_text_mode_says_each_event_once(run_env: dict[str, str], seeds: list[Path], tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, seeds)
    result = guihua("run", str(corpus), "--dbt", "never", env=run_env)
    assert result.returncode == 3
    lines = result.stderr.splitlines()
    assert [line for line in lines if "empty.txt" in line] == ["warning: rejected empty.txt: empty (0 bytes)"]
    assert len([line for line in lines if line.startswith("run 1 partial: 7 seen, 5 loaded")]) == 1
    # --dbt never leaves the marts behind core, and says so once
    assert len([line for line in lines if line.startswith("warning: dbt build skipped (--dbt never)")]) == 1
    assert len(lines) == 4, lines  # two rejections, the lagging marts and the summary, nothing else

    failing = guihua("run", env=_unreachable(run_env), timeout=120)
    assert failing.returncode == 1
    assert failing.stderr.splitlines() == [
        "error: cannot reach the database server (postgresql://nobody@127.0.0.1:1/guihua): is it running?"]


def test_file_names_cannot_forge_log_lines(run_env: dict[str, str], seeds: list[Path], tmp_path: Path) -> None:
    """Issue 14 point 12: a newline in a file name is shown escaped in text logs, JSON escapes it anyway."""
    corpus = _corpus(tmp_path, seeds)
    shutil.copy(seeds[0], corpus / "loaded.txt\r\nERROR guihua: FORGED too")  # a loadable one (--verbose)
    (corpus / seeds[0].name).unlink()  # (otherwise its copy is a duplicate)
    text = guihua("--verbose", "run", str(corpus), "--dbt", "never", env=run_env)
    assert text.returncode == 3, text.stderr
    for line in text.stderr.splitlines():
        assert not line.startswith("ERROR"), text.stderr
    assert "warning: rejected ok.txt\\nERROR guihua: FORGED line: empty (0 bytes)" in text.stderr.splitlines()
    assert any(line.startswith("loaded loaded.txt\\r\\nERROR guihua: FORGED too: ")
               for line in text.stderr.splitlines()), text.stderr

    extract = guihua("extract", str(corpus), env=run_env)
    assert "warning: rejected ok.txt\\nERROR guihua: FORGED line: empty (0 bytes)" in extract.stderr.splitlines()
    assert not any(line.startswith("ERROR") for line in extract.stderr.splitlines())

    as_json = guihua("--log-format", "json", "extract", str(corpus), env=run_env)
    assert FORGED in {r.get("doc") for r in _json_lines(as_json.stderr)}  # the real name, JSON-escaped


def test_tables_are_never_cut(run_env: dict[str, str], seeds: list[Path], tmp_path: Path) -> None:
    assert guihua("run", *map(str, seeds), "--dbt", "never", env=run_env).returncode == 0
    status = guihua("status", env=run_env)  # stdout is a pipe here, as in `guihua status | less`
    assert status.returncode == 0, status.stderr
    assert "…" not in status.stdout
    (row,) = [line for line in status.stdout.splitlines() if re.search(r"\b1\b.*succeeded", line)]
    assert re.search(r"succeeded\s*│\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\s*│", row), row
    assert "skipped" in row

    table = guihua("extract", str(seeds[0]), "--format", "table", env=run_env)
    assert table.returncode == 0
    assert "…" not in table.stdout
    assert "永春镇中铁东北亚博览中心项目" in table.stdout  # 朝阳区's largest project, whole

    marked = tmp_path / "[red]plan[bold].txt"  # rich markup in a file name is printed as it is
    shutil.copy(seeds[0], marked)
    table = guihua("extract", str(marked), "--format", "table", env=run_env)
    assert table.returncode == 0 and table.stdout.startswith("[red]plan[bold].txt  长春市朝阳区"), table.stdout[:200]


def test_a_closed_pipe_ends_quietly(run_env: dict[str, str], seeds: list[Path], tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for copy in range(3):  # ~300 KB of tables: far more than a pipe holds, so the writer meets EPIPE
        for seed in seeds:
            shutil.copy(seed, corpus / f"{copy}-{seed.name}")
    command = " ".join(map(_quote, [*GUIHUA, "extract", str(corpus), "--format", "table"]))
    for tail in ("head -n 1", "head -c 10"):
        done = subprocess.run(["bash", "-c", f"set -o pipefail; {command} | {tail} > /dev/null"],
                              env=run_env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done
        assert done.stderr == ""


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)
