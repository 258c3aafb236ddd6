"""The `guihua` command: thin — parse arguments, call the pipeline, print.

Progress and messages go to stderr, data (JSONL) to stdout. Every message is one log
record (etl/logs.py): one line per event, text or JSON (`--log-format`, accepted before or
after the command's name like --verbose and --debug). Errors are one line with a non-zero
exit code; tracebacks only with --debug.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text
from typer.core import TyperGroup

from etl.config import load_settings, redact_url
from etl.logs import UserMessages, log_format, printable, setup_logging

# Exit codes: documented in README ("Exit codes").
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3
EXIT_LOCKED = 4
EXIT_TERMINATED = 128 + signal.SIGTERM  # the shell's code for a process ended by SIGTERM

_state: dict[str, object] = {"debug": False, "verbose": False, "log_format": "text"}


def _configure(debug: bool | None = None, verbose: bool | None = None, log_format: str | None = None) -> None:
    """Apply the shared options (from before or after the command's name; the later one wins)."""
    for key, value in (("debug", debug), ("verbose", verbose), ("log_format", log_format)):
        if value is not None:
            _state[key] = value
    setup_logging(str(_state["log_format"]), bool(_state["verbose"]))


def _shared_params() -> list:  # noqa: ANN401 - typer's parameter objects
    """--log-format, --verbose and --debug as parameters that any command can carry (defined once)."""
    shared = typer.Typer(add_completion=False)

    @shared.command()
    def options(
        _debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.", expose_value=False,
                                             callback=lambda value: _configure(debug=value or None))] = False,
        _verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details.", expose_value=False,
                                               callback=lambda value: _configure(verbose=value or None))] = False,
        _log_format: Annotated[LogFormat | None, typer.Option(
            "--log-format", help="text for people, json for schedulers (one JSON object per line).",
            expose_value=False, callback=lambda value: _configure(log_format=value.value if value else None),
            show_default=False)] = None,
    ) -> None:
        """Holder of the shared options."""

    return list(typer.main.get_command(shared).params)


class _SharedOptionsGroup(TyperGroup):
    """The root command group: it and all its commands (and subcommands) accept the shared options."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.params.extend(_shared_params())
        self._add_shared(self.commands.values())

    @classmethod
    def _add_shared(cls, commands) -> None:  # noqa: ANN001 - click commands
        for command in commands:
            if isinstance(getattr(command, "commands", None), dict):  # a subgroup
                cls._add_shared(command.commands.values())
                continue
            taken = {opt for param in command.params for opt in getattr(param, "opts", [])}
            command.params.extend(p for p in _shared_params() if not taken.intersection(p.opts))

    def invoke(self, ctx):  # noqa: ANN001, ANN201 - click's signature
        try:
            return super().invoke(ctx)
        except _UsageError as exc:  # e.g. a bad option after the command's name, in JSON mode
            if _state["log_format"] != "json":
                raise
            err.error(exc.format_message())
            raise typer.Exit(EXIT_USAGE) from None


_UsageError = typer.BadParameter.__mro__[1]  # click's UsageError (typer vendors click in newer releases)

app = typer.Typer(
    cls=_SharedOptionsGroup,
    help="guihua (规划): Chinese planning documents → a tested PostgreSQL warehouse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="The database: embedded PostgreSQL by default, DATABASE_URL otherwise.",
                     no_args_is_help=True)
app.add_typer(db_app, name="db")

err = UserMessages()  # messages on stderr: one log record (one line, text or JSON) each
_progress_console = Console(stderr=True)


class _QuietPipeConsole(Console):
    """stdout for people: a closed pipe (`… | head`) ends the command quietly with exit 0 (see _guard)."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


# Tables are never cut: on a terminal cells fold at its width, in a pipe or file rows keep their
# natural width (rich would otherwise assume 80 columns and elide values). No markup: text from
# documents (a "[red]" in a file name or an indicator phrase) is printed as it is.
out = _QuietPipeConsole(soft_wrap=True, width=None if sys.stdout.isatty() else 100_000, markup=False,
                        highlight=False)


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    table = "table"


class LogFormat(str, Enum):
    text = "text"
    json = "json"


def _fail(message: str, code: int = EXIT_ERROR) -> typer.Exit:
    err.error(message)
    return typer.Exit(code)


class Terminated(BaseException):
    """SIGTERM arrived (a scheduler's timeout, systemd, `docker stop`): unwinds like Ctrl-C, so that
    the run ledger records the run as failed and the embedded server is stopped, instead of the
    process vanishing with its run left 'running' until the next run marks it abandoned."""


def _on_sigterm(signum: int, frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends the process at once
    raise Terminated("terminated by SIGTERM")


def _guard(func):  # noqa: ANN001, ANN202 - decorator
    """Turn any exception into a one-line message (traceback only with --debug); SIGTERM included."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        try:
            signal.signal(signal.SIGTERM, _on_sigterm)
        except ValueError:  # not the main thread (an embedding caller): keep its handler
            pass
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except KeyboardInterrupt:
            raise _fail("interrupted", 130) from None
        except Terminated as exc:
            raise _fail(str(exc), EXIT_TERMINATED) from None
        except BrokenPipeError:
            # The reader of stdout went away (`guihua extract … | head`): stop quietly.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(EXIT_OK) from None
        except Exception as exc:
            if _state["debug"]:
                raise
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            try:
                from etl.config import SettingsError
                from etl.db.connection import DatabaseError
                from etl.db.embedded import EmbeddedError
                from etl.ingest import InputNotFound
                from etl.pipeline import RunLocked, UnknownDocument
            except Exception:  # the package itself failed to import (a curator's typo in etl/data/units.csv)
                raise _fail(f"{type(exc).__name__}: {message}") from None

            if isinstance(exc, RunLocked):
                raise _fail(str(exc), EXIT_LOCKED) from None
            if isinstance(exc, (InputNotFound, UnknownDocument)):  # a mistyped argument: nothing written
                raise _fail(str(exc), EXIT_USAGE) from None
            if not isinstance(exc, (DatabaseError, SettingsError, EmbeddedError)):
                message = f"{type(exc).__name__}: {message}"
            raise _fail(message) from None

    return wrapper


@app.callback()
def main() -> None:
    """guihua (规划): parse plans, load PostgreSQL, build dbt marts."""
    _configure()  # the shared options (added by _SharedOptionsGroup) have been applied


# ---- run ------------------------------------------------------------------------------
@app.command()
@_guard
def run(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders; none = the sample corpus.")] = None,
    wait: Annotated[bool, typer.Option("--wait/--no-wait", help="Wait for another run's lock instead of "
                                        "exiting with code 4.")] = False,
    workers: Annotated[int | None, typer.Option("--workers", "-j", min=1, help="Extraction processes "
                                                 "(default: CPU cores).")] = None,
    dbt: Annotated[str, typer.Option("--dbt", help="auto (build when something changed) | always | never.")]
    = "auto",
    executor: Annotated[str, typer.Option("--executor", help="local (process pool) | dask (optional extra).")]
    = "local",
    prune: Annotated[bool, typer.Option("--prune", help="Also remove the documents loaded earlier from under "
                                        "the given folders whose files are gone.")] = False,
) -> None:
    """Ingest → extract → load → dbt build. Exit 0 ok, 3 partial (some inputs rejected), 4 locked, 1 error,
    2 usage (e.g. a path that does not exist: nothing is written)."""
    from etl import pipeline

    if dbt not in ("auto", "always", "never"):
        raise _fail("--dbt must be auto, always or never", EXIT_USAGE)
    show_progress = log_format() != "json" and err.is_terminal
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=_progress_console, disable=not show_progress,
                  transient=True) as bar:
        task = bar.add_task("documents", total=None)

        def progress(stage: str, advance: int, total: int | None) -> None:
            if stage == "dbt":
                bar.update(task, description="dbt build")
            else:
                bar.update(task, advance=advance)

        summary = pipeline.run(paths or None, wait=wait, workers=workers, run_dbt=dbt, progress=progress,
                               executor=executor, prune=prune)
    c = summary.counts
    line = (f"run {summary.run_id} {summary.status}: {c['seen']} seen, {c['loaded']} loaded, "
            f"{c['unchanged']} unchanged, {c['rejected']} rejected, {c['failed']} failed"
            f"{pipeline.moved_removed(c)}; "
            f"{summary.rows} rows; dbt {summary.dbt_status}; {summary.seconds:.1f}s")
    # One record for the summary; each rejection was logged once when it happened (etl/pipeline.py).
    err.log.info(line, extra={"run_id": summary.run_id, "status": summary.status,
                              **{f"docs_{k}": v for k, v in c.items()}})
    if summary.status == "failed":
        raise _fail(summary.message or "run failed")
    if summary.status == "partial":
        raise typer.Exit(EXIT_PARTIAL)


@app.command()
@_guard
def forget(
    document: Annotated[str, typer.Argument(help="The document's doc (as in marts.dim_plan.doc) or the path "
                                            "it was loaded from.")],
    wait: Annotated[bool, typer.Option("--wait/--no-wait", help="Wait for a running run's lock instead of "
                                        "exiting with code 4.")] = False,
    dbt: Annotated[str, typer.Option("--dbt", help="auto (rebuild the marts) | always | never.")] = "auto",
) -> None:
    """Remove one document and all its rows (recorded in the ledger), then rebuild the marts. Exit 2 when no
    loaded document has that name or path."""
    from etl import pipeline

    if dbt not in ("auto", "always", "never"):
        raise _fail("--dbt must be auto, always or never", EXIT_USAGE)
    summary = pipeline.forget(document, wait=wait, run_dbt=dbt)
    line = f"run {summary.run_id} {summary.status}: forgot {', '.join(summary.removed)}; dbt {summary.dbt_status}"
    err.log.info(line, extra={"run_id": summary.run_id, "status": summary.status})  # one line per event
    if summary.status == "failed":
        raise _fail(summary.message or "forget failed")


# ---- extract --------------------------------------------------------------------------
@app.command()
@_guard
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to read.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="jsonl (the SPEC contract) or table.")]
    = OutputFormat.jsonl,
) -> None:
    """Extract records without a database: one JSON object per line on stdout (SPEC §2)."""
    from etl.export import record_json
    from etl.extract.document import Rejected, extract_bytes
    from etl.ingest import iter_inputs

    if fmt is OutputFormat.table and log_format() == "json":
        raise _fail("--format table is for people; with --log-format json use --format jsonl", EXIT_USAGE)

    from etl.ingest import InputNotFound, display_path, missing_inputs

    missing = missing_inputs(paths)
    if missing:
        raise InputNotFound("no such file or folder: " + ", ".join(display_path(p) for p in missing))
    settings = load_settings()
    rejected = 0
    for item in iter_inputs(paths, max_bytes=settings.max_input_bytes):
        if item.rejection is not None:
            rejected += 1
            _rejected(item.doc, item.rejection.reason, item.rejection.detail)
            continue
        assert item.raw is not None
        try:
            result = extract_bytes(item.raw, item.doc, source_path=str(item.path), sha256=item.sha256)
        except Exception as exc:  # one bad document: report and go on
            if _state["debug"]:
                raise
            rejected += 1
            _rejected(item.doc, "extraction_error", f"{type(exc).__name__}: {exc}")
            continue
        if isinstance(result, Rejected):
            rejected += 1
            _rejected(result.doc, result.reason, result.detail)
            continue
        if fmt is OutputFormat.jsonl:
            write = sys.stdout.write
            doc = result.document.doc
            for record in result.records():
                write(record_json(record, doc))
                write("\n")
        else:
            _print_tables(result)
    sys.stdout.flush()
    if rejected:
        raise typer.Exit(EXIT_PARTIAL)


def _rejected(doc: str, reason: str, detail: str) -> None:
    """One warning per rejected input (the same wording as a run's)."""
    err.warning(f"rejected {doc}: {reason} ({detail})", doc=doc, reason=reason)


def _print_table(table: Table) -> None:
    """Print a table whole: cells fold (wrap mid-word) instead of being elided."""
    for column in table.columns:
        column.overflow = "fold"
    out.print(table)


def _print_tables(result) -> None:  # noqa: ANN001 - ExtractionResult
    d = result.document
    out.print(Text.assemble((printable(d.doc), "bold"), f"  {d.region_name} ({d.region_code}, {d.region_level})  "
                            f"{d.doc_kind}  {d.plan_period}  vision {d.vision_year}"))
    for title, rows, cols in (
        ("targets", result.targets, ("indicator", "indicator_code", "comparator", "value", "unit", "year", "kind")),
        ("actuals", result.actuals, ("indicator", "indicator_code", "value", "unit", "year", "kind")),
        ("projects", result.projects, ("box", "ordinal", "name", "investment_yi", "location", "sponsor")),
    ):
        table = Table(title=f"{title} ({len(rows)})", show_lines=False)
        for col in cols:
            table.add_column(col)
        for row in rows:
            table.add_row(*(Text(printable("" if getattr(row, c) is None else str(getattr(row, c))))
                            for c in cols))
        _print_table(table)


# ---- status ---------------------------------------------------------------------------
@app.command()
@_guard
def status(
    limit: Annotated[int, typer.Option(help="How many recent runs to show.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Recent runs, the last successful one, and row counts (starts the embedded server if needed)."""
    import json

    from etl.db.connection import connect, database

    with database() as url, connect(url) as conn:
        exists = conn.execute("select to_regclass('core.etl_run') is not null").fetchone()
        if not exists or not exists[0]:
            raise _fail("the database has no guihua schema yet: run `guihua run` first")
        runs = conn.execute(
            "select run_id, status, started_at, finished_at, docs_seen, docs_loaded, docs_unchanged,"
            " docs_rejected, docs_failed, dbt_status, message from core.etl_run order by run_id desc limit %s",
            (limit,),
        ).fetchall()
        last_ok = conn.execute(
            "select run_id, finished_at from core.etl_run where status = 'succeeded'"
            " order by run_id desc limit 1"
        ).fetchone()
        counts = {}
        for table in ("document", "section", "target", "actual", "project", "project_mention", "rejected_input"):
            row = conn.execute(f"select count(*) from core.{table}").fetchone()  # constant identifiers
            counts[table] = int(row[0]) if row else 0
    if as_json or log_format() == "json":  # one JSON document on one line
        print(json.dumps({
            "last_successful_run": {"run_id": last_ok[0], "finished_at": str(last_ok[1])} if last_ok else None,
            "runs": [dict(zip(("run_id", "status", "started_at", "finished_at", "seen", "loaded", "unchanged",
                               "rejected", "failed", "dbt_status", "message"), map(_jsonable, r))) for r in runs],
            "rows": counts,
        }, ensure_ascii=False))
        return
    table = Table(title="recent runs")
    for col in ("run", "status", "started", "seen", "loaded", "unchanged", "rejected", "failed", "dbt"):
        table.add_column(col)
    for r in runs:
        table.add_row(str(r[0]), r[1], f"{r[2]:%Y-%m-%d %H:%M:%S}", *(str(v) for v in r[4:9]), str(r[9] or ""))
    _print_table(table)
    out.print(f"last successful run: {last_ok[0]} at {last_ok[1]:%Y-%m-%d %H:%M:%S}" if last_ok
              else "last successful run: none")
    out.print("rows: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


def _jsonable(value: object) -> object:
    return value if isinstance(value, (int, str, type(None))) else str(value)


# ---- review and catalogue --------------------------------------------------------------
review_app = typer.Typer(help="Curator review: export doubtful records, apply corrections that survive re-runs.",
                         no_args_is_help=True)
indicators_app = typer.Typer(help="The indicator catalogue (etl/data/indicators.csv).", no_args_is_help=True)
app.add_typer(review_app, name="review")
app.add_typer(indicators_app, name="indicators")


@review_app.command("export")
@_guard
def review_export(
    out_file: Annotated[Path, typer.Option("--out", "-o", help="CSV file to write.")] = Path("review.csv"),
    max_confidence: Annotated[float, typer.Option(help="Export records at or below this confidence.")] = 0.6,
) -> None:
    """Write low-confidence and unmapped targets/actuals to CSV (fill in action/field/new_value)."""
    from etl.db.connection import connect, database
    from etl.review import export_review

    with database() as url, connect(url) as conn:
        count = export_review(conn, out_file, max_confidence=max_confidence)
    err.print(f"{count} records written to {out_file}; set action to fix (field + new_value), drop or add, "
              "then `guihua review apply`", highlight=False)


@review_app.command("apply")
@_guard
def review_apply(
    csv_file: Annotated[Path, typer.Argument(help="Reviewed CSV (columns as written by `review export`).")],
    build: Annotated[bool, typer.Option("--build/--no-build", help="Rebuild the dbt models afterwards.")] = True,
) -> None:
    """Store a reviewer's corrections (keyed by document and record) and rebuild the marts."""
    from etl.db.connection import connect, database
    from etl.db.roles import reader_roles
    from etl.review import apply_review
    from etl.transform import build_marts

    if not csv_file.is_file():
        raise _fail(f"no such file: {csv_file}", EXIT_USAGE)
    with database() as url, connect(url, autocommit=True) as conn:
        report = apply_review(conn, csv_file)
        for problem in report.problems:
            err.print(f"  skipped {problem}", highlight=False)
        err.print(f"{report.stored} corrections stored, {len(report.problems)} rows skipped", highlight=False)
        if build and report.stored:
            # build_marts records which core the marts now reflect, so the next run need not rebuild
            outcome = build_marts(conn, url, dbt_vars={"reader_roles": reader_roles(conn)})
            if not outcome.success:
                raise _fail(f"dbt build failed: {outcome.message}")
    if report.problems:
        raise typer.Exit(EXIT_PARTIAL)


@review_app.command("status")
@_guard
def review_status() -> None:
    """Stored corrections that need a curator's look: their record is gone, or the last build skipped them."""
    from etl.db.connection import connect, database
    from etl.review import skipped_corrections, unmatched_corrections

    with database() as url, connect(url) as conn:
        total = conn.execute("select count(*) from core.review_correction").fetchone()
        orphans = unmatched_corrections(conn)
        skipped = skipped_corrections(conn)
    out.print(f"{total[0] if total else 0} corrections stored; {len(orphans)} no longer match a record; "
              f"{len(skipped)} skipped by the last build", highlight=False)
    for correction_id, doc, record_type, key, action in orphans:
        out.print(f"  #{correction_id} {doc} {record_type} {key} ({action}): no such record", highlight=False)
    for correction_id, doc, record_type, key, reason in skipped:
        out.print(f"  #{correction_id} {doc} {record_type} {key}: skipped, {reason}", highlight=False)
    if orphans or skipped:
        out.print("  remove one with `guihua review remove ID`", highlight=False)


@review_app.command("remove")
@_guard
def review_remove(
    ids: Annotated[list[int] | None, typer.Argument(help="Correction ids (as `review status` shows them).")]
    = None,
    doc: Annotated[str | None, typer.Option("--doc", help="Remove every correction of this document.")] = None,
    build: Annotated[bool, typer.Option("--build/--no-build", help="Rebuild the dbt models afterwards.")] = True,
) -> None:
    """Delete stored corrections (by id and/or by document) and rebuild the marts without them."""
    from etl.db.connection import connect, database
    from etl.db.roles import reader_roles
    from etl.review import remove_corrections
    from etl.transform import build_marts

    if not ids and doc is None:
        raise _fail("name correction ids or --doc DOC", EXIT_USAGE)
    with database() as url, connect(url, autocommit=True) as conn:
        removed = remove_corrections(conn, ids=ids or [], doc=doc)
        err.print(f"{removed} corrections removed", highlight=False)
        if build and removed:
            outcome = build_marts(conn, url, dbt_vars={"reader_roles": reader_roles(conn)})
            if not outcome.success:
                raise _fail(f"dbt build failed: {outcome.message}")
    if removed == 0:
        raise _fail("no stored correction matched", EXIT_USAGE)


@indicators_app.command("unmapped")
@_guard
def indicators_unmapped(
    limit: Annotated[int, typer.Option(help="How many phrases to list.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Indicator phrases with no catalogue code (after curators' corrections), most frequent first."""
    import json

    from etl.db.connection import connect, database
    from etl.review import unmapped_phrases

    with database() as url, connect(url) as conn:
        found = unmapped_phrases(conn, limit)
    if as_json:
        print(json.dumps([{"indicator": r[0], "count": r[1], "documents": r[2], "example": r[3]} for r in found],
                         ensure_ascii=False))
        return
    table = Table(title=f"unmapped indicator phrases (top {limit})")
    for col in ("indicator", "count", "docs", "example"):
        table.add_column(col)
    for indicator, n, docs, example in found:
        table.add_row(indicator, str(n), str(docs), (example or "")[:60])
    _print_table(table)


# ---- db -------------------------------------------------------------------------------
@db_app.command("start")
@_guard
def db_start() -> None:
    """Start the embedded server and keep it running (until `guihua db stop`)."""
    from etl.db.connection import embedded_server

    settings = load_settings()
    if settings.database_url:
        raise _fail("DATABASE_URL is set: guihua uses that server and starts none", EXIT_USAGE)
    server = embedded_server(settings)
    started = server.start(persistent=True)
    err.print("embedded PostgreSQL " + ("started" if started else "already running") + "; keeps running until "
              "`guihua db stop`", highlight=False)
    out.print(server.url(), highlight=False)


@db_app.command("stop")
@_guard
def db_stop() -> None:
    """Stop the embedded server."""
    from etl.db.connection import embedded_server

    settings = load_settings()
    if settings.database_url:
        raise _fail("DATABASE_URL is set: there is no embedded server to stop", EXIT_USAGE)
    stopped = embedded_server(settings).stop()
    err.print("embedded PostgreSQL stopped" if stopped else "embedded PostgreSQL was not running")


@db_app.command("url")
@_guard
def db_url(
    show_password: Annotated[bool, typer.Option(help="Print a password that DATABASE_URL contains.")] = False,
    role: Annotated[str | None, typer.Option(help="Connect as this role instead (e.g. guihua_reader).")] = None,
) -> None:
    """Print the connection URL (for psql, BI tools, DATABASE_URL of other jobs)."""
    from etl.db.connection import resolve_url_for_cli, with_user
    from etl.db.passfile import stored_password

    url = resolve_url_for_cli()
    if role:
        passfile = load_settings().home / "pgpass"
        if stored_password(passfile, role) is not None:
            url = with_user(url, role, passfile=passfile)
            err.print(f"the password of {role} is in {passfile} (the URL's passfile parameter)", highlight=False)
        else:
            url = with_user(url, role)
            err.print(f"no stored password for {role}: run `guihua db grant-reader` (it stores one in {passfile}) "
                      "or set PGPASSWORD", highlight=False)
    print(url if show_password or role else redact_url(url))  # a role's URL never carries a password


@db_app.command("grant-reader")
@_guard
def db_grant_reader(
    role: Annotated[str, typer.Option(help="Name of the read-only role.")] = "guihua_reader",
    reset_password: Annotated[bool, typer.Option("--reset-password", help="Generate a new password.")] = False,
) -> None:
    """Create/refresh the read-only role for BI tools: SELECT on `marts` only, no way to write, bounded
    resources (password: GUIHUA_READER_PASSWORD, else the stored or a generated one, kept in the pass file)."""
    from etl.db.connection import connect, database
    from etl.db.passfile import store_password, stored_password
    from etl.db.roles import ReaderLimits, grant_reader, role_exists

    settings = load_settings()
    passfile = settings.home / "pgpass"
    password = os.environ.get("GUIHUA_READER_PASSWORD") or None
    limits = ReaderLimits(statement_timeout_ms=settings.reader_statement_timeout_ms,
                          idle_in_transaction_timeout_ms=settings.reader_idle_in_transaction_timeout_ms,
                          temp_file_limit_kb=settings.reader_temp_file_limit_mb * 1024,
                          connection_limit=settings.reader_connection_limit)
    with database() as url, connect(url, autocommit=True) as conn:
        existed = role_exists(conn, role)
        # an existing role whose password guihua does not hold gets a new one: the README's connect steps
        # (`psql "$(guihua db url --role …)"`) must work whatever happened before
        unknown = existed and password is None and stored_password(passfile, role) is None
        outcome = grant_reader(conn, role, password, limits, generate=reset_password or unknown)
    for warning in outcome.warnings or []:
        err.print(f"warning: {warning}", highlight=False)
    new_password = password or outcome.generated_password
    if new_password:
        store_password(passfile, "*", "*", role, new_password)
    if outcome.generated_password and existed:
        err.print(f"role {role} had a password guihua did not hold: a new one was generated into {passfile} "
                  "(update BI tools that used the old one)" if unknown and not reset_password
                  else f"role {role}: new password generated into {passfile}", highlight=False)
    elif outcome.generated_password:
        err.print(f"role {role} ready; its generated password is in {passfile}", highlight=False)
    else:
        err.print(f"role {role} ready (SELECT on marts only); its password is in {passfile}", highlight=False)


@db_app.command("shell")
@_guard
def db_shell() -> None:
    """Open psql on the database (the embedded server's bundled psql when no other is found)."""
    from etl.db.connection import database
    from etl.db.embedded import _bin_dir

    psql = shutil.which("psql") or str(_bin_dir() / "psql")
    with database() as url:
        code = subprocess.call([psql, url])
    raise typer.Exit(code)


# ---- report ---------------------------------------------------------------------------
@app.command()
@_guard
def report(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write index.html into.")]
    = Path("report"),
) -> None:
    """Write the static HTML report (plotly charts, no network needed) from the marts; prints its path."""
    from etl.db.connection import database
    from etl.report import ReportError, build_report

    try:
        with database() as url:
            page = build_report(url, out)
    except ReportError as exc:
        raise _fail(str(exc)) from None
    err.print(f"report written: {page} ({page.stat().st_size // 1024} KiB); open it in a browser",
              highlight=False)
    print(page)


# ---- bench ----------------------------------------------------------------------------
@app.command()
@_guard
def bench(
    docs: Annotated[int, typer.Option("--docs", "-n", min=1, help="Corpus size (100, 1000, 10000).")] = 1000,
    workers: Annotated[int | None, typer.Option("--workers", "-j", min=1, help="Extraction processes "
                                                 "(default: CPU cores).")] = None,
    seed: Annotated[int, typer.Option(help="Generator seed (the corpus is deterministic).")] = 2021,
    sample: Annotated[int | None, typer.Option(help="Documents for the floor and the load comparison.")] = None,
    quick: Annotated[bool, typer.Option("--quick", help="Tiny samples (smoke test).")] = False,
    keep: Annotated[bool, typer.Option("--keep", help="Keep the benchmark databases.")] = False,
    compare: Annotated[bool, typer.Option("--compare/--no-compare", help="Also load with SQLAlchemy and "
                                           "pandas.")] = True,
    dbt: Annotated[bool, typer.Option("--dbt/--no-dbt", help="Build the dbt models in the run.")] = True,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Output folder (default bench/out).")] = None,
) -> None:
    """Benchmark on a generated corpus: throughput vs the normalization floor, COPY vs SQLAlchemy vs
    pandas, end to end, no-change re-run, peak RSS, accuracy (see README, "Performance and scaling")."""
    from bench.run import OUT_DIR, BenchConfig, render, run_benchmark  # bench/ ships in the package
    config = BenchConfig(docs=docs, workers=workers or os.cpu_count() or 1, seed=seed, sample=sample, quick=quick,
                         keep=keep, compare=compare, dbt=dbt, out=out_dir or OUT_DIR)
    result = run_benchmark(config, say=lambda line: err.print(line, highlight=False))
    Console(width=max(out.width, 118), soft_wrap=True).print(render(result))
    err.print(f"JSON: {result['json_path']}", highlight=False)


if __name__ == "__main__":  # pragma: no cover
    app()
