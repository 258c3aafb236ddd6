"""The README's command table and exit-code paragraph say what the commands do (issue 16).

Every row of the "Commands" table has examples here (a new row without one fails the first
test), and each example runs as a user would run it, against the embedded server in its own
GUIHUA_HOME, with the exit code the README documents. None needs a network.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from etl.db.embedded import EmbeddedServer
from tests.conftest import embedded_home
from tests.helpers import guihua

pytestmark = pytest.mark.db

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end != -1 else None]


def documented_commands() -> list[str]:
    """The command column of the README's command table, as written."""
    return re.findall(r"^\| `(guihua [^`]*)` \|", _section("Commands"), flags=re.MULTILINE)


def documented_exit_codes() -> dict[int, str]:
    paragraph = re.search(r"^Exit codes: (.*?)(?:\n\n|\Z)", _section("Commands"), flags=re.MULTILINE | re.DOTALL)
    assert paragraph, "the Commands section has an exit-code paragraph"
    return {int(code): meaning.strip() for code, meaning in
            re.findall(r"`(\d)` ([^;`]*)", paragraph.group(1))}


# The examples of each documented command form (arguments after `guihua`), in the order they run.
# {seed}, {out}, {csv} are filled in by the test.
EXAMPLES: dict[str, list[list[str] | tuple[list[str], int]]] = {
    "guihua db start \\| stop \\| url \\| shell": [["db", "start"], ["db", "url"], ["db", "shell"]],
    "guihua run [PATH...] [--prune]": [["run"], ["run", "{seed}"], ["run", "{seeds}", "--prune"]],
    "guihua forget DOC_OR_PATH": [["forget", "{seed_doc}"]],
    "guihua extract PATH... --format jsonl\\|table": [["extract", "{seed}", "--format", "jsonl"],
                                                      ["extract", "{seed}", "--format", "table"]],
    "guihua status [--json]": [["status"], ["status", "--json"]],
    "guihua review export \\| apply FILE \\| status \\| remove ID...": [
        ["review", "export", "--out", "{csv}"], ["review", "apply", "{csv}"], ["review", "status"],
        (["review", "remove", "999999"], 2)],  # no such correction: a usage error, as documented
    "guihua indicators unmapped": [["indicators", "unmapped"]],
    "guihua db grant-reader": [["db", "grant-reader"]],
    "guihua report [--out DIR]": [["report", "--out", "{out}"]],
    "guihua bench --docs N": [["bench", "--docs", "10", "--quick", "--no-compare", "--no-dbt", "--out", "{out}"]],
}


def test_every_documented_command_has_examples() -> None:
    assert sorted(documented_commands()) == sorted(EXAMPLES)
    assert documented_exit_codes().keys() == {0, 1, 2, 3, 4}
    assert "accepted before or after" in _section("Commands")  # the shared options, as implemented


@pytest.fixture
def home_env() -> Iterator[dict[str, str]]:
    """The embedded server in its own GUIHUA_HOME, as a user of the README has it."""
    import socket

    home = embedded_home()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GUIHUA_TEST_DATABASE_URL")}
    env.update(GUIHUA_HOME=str(home / "home"), GUIHUA_PG_PORT=str(port), GUIHUA_WORKERS="2",
               GUIHUA_READER_PASSWORD="readme-reader-pw")
    yield env
    EmbeddedServer(home / "home").stop()
    shutil.rmtree(home, ignore_errors=True)


@pytest.mark.slow
def test_documented_examples_and_exit_codes(home_env: dict[str, str], seeds: list[Path], tmp_path: Path) -> None:
    values = {"seed": str(seeds[0]), "seeds": str(seeds[0].parent), "seed_doc": seeds[0].name,
              "out": str(tmp_path / "out"), "csv": str(tmp_path / "review.csv")}
    for form, examples in EXAMPLES.items():
        for example in examples:
            example, expected = example if isinstance(example, tuple) else (example, 0)
            args = [arg.format(**values) for arg in example]
            result = guihua(*args, env=home_env, timeout=900)
            assert result.returncode == expected, (form, args, result.stderr[-2000:])
            assert "Traceback" not in result.stderr
    assert guihua("db", "stop", env=home_env, timeout=120).returncode == 0

    # Exit codes: 1 error (one line on stderr says why) …
    unreachable = dict(home_env, DATABASE_URL="postgresql://nobody@127.0.0.1:1/guihua")
    error = guihua("status", env=unreachable, timeout=120)
    assert error.returncode == 1 and len(error.stderr.splitlines()) == 1, error.stderr
    # … 2 usage error …
    for usage in (["run", "--no-such-option"], ["no-such-command"], ["run", "--dbt", "sometimes"]):
        assert guihua(*usage, env=home_env).returncode == 2, usage
    # … 3 partial success (some inputs were rejected) …
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(seeds[1], corpus / seeds[1].name)
    (corpus / "empty.txt").write_bytes(b"")
    partial = guihua("run", str(corpus), "--dbt", "never", env=home_env, timeout=600)
    assert partial.returncode == 3, partial.stderr
    # … 4 another run holds the lock.
    assert guihua("db", "start", env=home_env, timeout=120).returncode == 0
    url = guihua("db", "url", env=home_env).stdout.strip()
    from etl.load import try_run_lock

    with psycopg.connect(url, autocommit=True) as holder:
        assert try_run_lock(holder, wait=False)
        locked = guihua("run", "--dbt", "never", env=home_env, timeout=300)
    assert locked.returncode == 4, locked.stderr
    assert guihua("db", "stop", env=home_env, timeout=120).returncode == 0
