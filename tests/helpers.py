"""Small helpers shared by the integration tests."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import psycopg

GUIHUA = [sys.executable, "-m", "etl.cli"]


def guihua(*args: str, env: dict[str, str], timeout: float = 600, cwd: Path | None = None) -> (
        subprocess.CompletedProcess[str]):
    """Run the CLI in a subprocess, as a user or a scheduler would."""
    return subprocess.run([*GUIHUA, *args], env=env, capture_output=True, text=True, timeout=timeout,
                          cwd=cwd, stdin=subprocess.DEVNULL)


def scalar(url: str, sql: str, params: tuple[object, ...] | None = None) -> object:
    with psycopg.connect(url) as conn:
        row = conn.execute(sql, params).fetchone()
    return row[0] if row else None


def rows(url: str, sql: str, params: tuple[object, ...] | None = None) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


CORE_TABLES = ("document", "document_text", "section", "target", "actual", "project", "project_mention")


def table_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {t: int(conn.execute(f"select count(*) from core.{t}").fetchone()[0]) for t in CORE_TABLES}


def snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Content of the core tables without surrogate ids and load times (to compare two databases)."""
    queries = {
        "document": "select doc, sha256, region_code, doc_kind, plan_start_year, plan_end_year, vision_year,"
                    " quality_flags::text from core.document order by doc",
        "section": "select d.doc, s.path, s.kind, s.title, s.char_start, s.char_end from core.section s"
                   " join core.document d using (document_id) order by 1, 2",
        "target": "select d.doc, t.record_key, t.indicator, t.value, t.unit, t.year, t.kind from core.target t"
                  " join core.document d using (document_id) order by 1, 2",
        "actual": "select d.doc, a.record_key, a.indicator, a.value, a.unit, a.year from core.actual a"
                  " join core.document d using (document_id) order by 1, 2",
        "project": "select d.doc, p.project_key, p.name, p.investment_yi, p.mention_count from core.project p"
                   " join core.document d using (document_id) order by 1, 2",
        "project_mention": "select d.doc, m.project_key, m.box, m.ordinal, m.char_start from core.project_mention m"
                           " join core.document d using (document_id) order by 1, 2, 5",
    }
    with psycopg.connect(url) as conn:
        return {name: conn.execute(sql).fetchall() for name, sql in queries.items()}


def guihua_measured(*args: str, env: dict[str, str], timeout: float = 1800) -> tuple[int, str, str, float]:
    """Run the CLI and return (exit code, stdout, stderr, peak RSS in MB of it and its workers).

    wait4's rusage reports the largest resident set of the child and of the descendants it
    reaped (the extraction workers)."""
    import os
    import threading

    proc = subprocess.Popen([*GUIHUA, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, stdin=subprocess.DEVNULL)
    captured: dict[str, str] = {}

    def drain(name: str, stream) -> None:  # noqa: ANN001 - a text stream
        captured[name] = stream.read()

    threads = [threading.Thread(target=drain, args=(n, s)) for n, s in (("out", proc.stdout), ("err", proc.stderr))]
    for thread in threads:
        thread.start()
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for thread in threads:
        thread.join()
    return proc.returncode, captured.get("out", ""), captured.get("err", ""), usage.ru_maxrss / 1024


def examples(default: int) -> int:
    """Hypothesis example count: the default, or GUIHUA_PROPERTY_EXAMPLES for the long profile (e.g. 20000)."""
    import os

    return int(os.environ.get("GUIHUA_PROPERTY_EXAMPLES") or default)


def marts_snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Content of every relation in `marts`, sorted, without surrogate ids and timestamps.

    Columns named *_id hold (or are built from, e.g. plan_box_id = plan_id|box) ids assigned at
    load time, which differ between a killed-and-resumed run and an uninterrupted one; the
    rows' other columns still carry their content. Timestamps record when, not what."""
    with psycopg.connect(url) as conn:
        columns = conn.execute(
            "select c.table_name, c.column_name from information_schema.columns c"
            " where c.table_schema = 'marts' and c.data_type not like 'timestamp%%'"
            " and c.column_name not like '%%\\_id'"
            " and c.column_name not in ('run_id', 'loaded_at', 'built_at')"
            " order by c.table_name, c.ordinal_position").fetchall()
        by_table: dict[str, list[str]] = {}
        for table, column in columns:
            by_table.setdefault(table, []).append(column)
        result = {}
        for table, names in by_table.items():
            cols = ", ".join(f'"{n}"::text' for n in names)  # names from the catalog
            fetched = conn.execute(f'select {cols} from marts."{table}"').fetchall()
            result[table] = sorted(fetched, key=lambda r: tuple("" if v is None else v for v in r))
        return result


def group_members(pgid: int) -> list[int]:
    """Processes (not zombies) still in a process group (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            found.append(int(entry.name))
    return found


def wait_group_gone(pgid: int, timeout: float = 15) -> list[int]:
    """Wait until a process group is empty; the members left after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while (members := group_members(pgid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return members
