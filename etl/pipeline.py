"""`guihua run`: the stages in order, per-document failures turned into recorded rejections.

ingest (hash, skip unchanged by one query per batch) → extract (process pool) →
load (one transaction per document) → dbt build. The run holds a PostgreSQL
advisory lock so two runs never load at once, and keeps a ledger row that a
killed run leaves as 'running' for the next run to mark 'abandoned'.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from etl.config import DATA_DIR, SAMPLE_CORPUS_DIR, Settings, load_settings
from etl.db import migrate
from etl.db.connection import DatabaseError, connect, database, describe_error, is_transient
from etl.extract.document import ExtractionResult, Rejected, extract_bytes
from etl.faults import checkpoint
from etl.ingest import InputFile, iter_inputs
from etl.load import (
    finish_run,
    known_versions,
    load_document,
    load_reference_csv,
    record_rejection,
    start_run,
    try_run_lock,
)

log = logging.getLogger("guihua.pipeline")

BATCH_SIZE = 64
# table column → CSV column of the curated reference files
REGION_COLUMNS = {
    "region_code": "code", "valid_from": "valid_from", "valid_to": "valid_to", "is_current": "is_current",
    "name": "name", "short_name": "short_name", "full_name": "full_name", "level": "level",
    "parent_code": "parent_code", "province_code": "province_code", "revision": "revision",
}
INDICATOR_COLUMNS = {
    "indicator_code": "code", "name_zh": "name_zh", "name_en": "name_en", "category": "category",
    "canonical_unit": "canonical_unit", "aliases": "aliases",
}


class RunLocked(RuntimeError):
    """Another run holds the advisory lock."""


@dataclass
class RunSummary:
    """Outcome of one run (what the CLI prints and the exit code is derived from)."""

    run_id: int | None = None
    status: str = "running"
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("seen", "loaded", "unchanged", "rejected", "failed"), 0))
    rows: int = 0
    dbt_status: str | None = None
    message: str | None = None
    rejections: list[Rejected] = field(default_factory=list)
    seconds: float = 0.0
    url: str | None = None


@dataclass(slots=True)
class _Job:
    path: str
    doc: str
    sha256: str
    size: int


def _extract_job(job: _Job) -> ExtractionResult | Rejected:
    """Worker entry point: read the file again (cheaper than pickling bytes) and extract."""
    checkpoint("extract")
    try:
        raw = Path(job.path).read_bytes()
        return extract_bytes(raw, job.doc, source_path=job.path, sha256=job.sha256)
    except Exception as exc:  # one bad document must not end the run: it becomes a rejection
        return Rejected(job.doc, job.path, "extraction_error", f"{type(exc).__name__}: {exc}"[:500],
                        job.sha256, job.size)


def _batches(inputs: Iterator[InputFile], size: int) -> Iterator[list[InputFile]]:
    batch: list[InputFile] = []
    for item in inputs:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _executor(kind: str, workers: int) -> Executor | None:
    """The extraction executor: None (in-process), a local process pool, or Dask (optional extra)."""
    if kind == "dask":
        from etl.distributed import dask_executor

        return dask_executor(workers)
    if kind != "local":
        raise ValueError(f"unknown executor {kind!r} (local | dask)")
    if workers <= 1:
        return None
    return ProcessPoolExecutor(max_workers=workers)


def run(paths: Sequence[Path] | None = None, *, settings: Settings | None = None, wait: bool = False,
        workers: int | None = None, run_dbt: str = "auto", executor: str = "local",
        progress: Callable[[str, int, int | None], None] | None = None) -> RunSummary:
    """Ingest, extract, load and build; returns the summary (raises DatabaseError/RunLocked)."""
    settings = settings or load_settings()
    started = time.monotonic()
    paths = list(paths) if paths else [SAMPLE_CORPUS_DIR]
    workers = workers if workers is not None else settings.workers
    summary = RunSummary()
    with database(settings) as url:
        summary.url = url
        _migrate(url, settings)
        lock_conn = connect(url, autocommit=True)
        try:
            if not try_run_lock(lock_conn, wait=wait):
                raise RunLocked("another guihua run is loading this database; retry later or pass --wait")
            _load_references(lock_conn)
            summary.run_id = start_run(lock_conn, [str(p) for p in paths], os.getpid())
            try:
                _ingest_extract_load(url, paths, settings, _executor(executor, workers), summary, progress)
                summary.dbt_status = _maybe_dbt(lock_conn, url, summary, run_dbt, progress)
            except BaseException as exc:
                summary.status = "failed"
                summary.message = describe_error(exc, url) if isinstance(exc, psycopg.Error) else str(exc)
                _close_run_quietly(url, summary)
                raise
            if summary.dbt_status == "error":
                summary.status = "failed"
                summary.message = summary.message or "dbt build failed"
            elif summary.counts["rejected"] or summary.counts["failed"]:
                summary.status = "partial"
            else:
                summary.status = "succeeded"
            summary.message = summary.message or _one_line(summary)
            finish_run(lock_conn, summary.run_id, status=summary.status, counts=summary.counts,
                       dbt_status=summary.dbt_status, message=summary.message)
        finally:
            lock_conn.close()
    summary.seconds = time.monotonic() - started
    return summary


def _one_line(summary: RunSummary) -> str:
    c = summary.counts
    return (f"{c['seen']} seen, {c['loaded']} loaded, {c['unchanged']} unchanged, "
            f"{c['rejected']} rejected, {c['failed']} failed")


def _close_run_quietly(url: str, summary: RunSummary) -> None:
    """Record a failed run when the database still answers; the next run marks it abandoned otherwise."""
    if summary.run_id is None:
        return
    try:
        with connect(url, autocommit=True, attempts=1) as conn:
            finish_run(conn, summary.run_id, status="failed", counts=summary.counts,
                       dbt_status=summary.dbt_status, message=summary.message)
    except Exception:  # the database is gone: nothing more to record here
        log.debug("could not record the failed run", exc_info=True)


def _migrate(url: str, settings: Settings) -> None:
    try:
        migrate.upgrade(url, lock_timeout_ms=settings.lock_timeout_ms)
    except Exception as exc:
        cause = exc.__cause__ or exc
        text = str(cause).lower()
        if "lock timeout" in text or "canceling statement due to lock timeout" in text:
            raise DatabaseError("migration could not lock a table within lock_timeout (a reader holds it);"
                                " retry when it is released") from exc
        if isinstance(cause, psycopg.Error) or "psycopg" in type(cause).__module__:
            raise DatabaseError(describe_error(cause, url)) from exc
        raise


def _load_references(conn: psycopg.Connection) -> None:
    load_reference_csv(conn, "region", DATA_DIR / "regions.csv", REGION_COLUMNS)
    load_reference_csv(conn, "indicator", DATA_DIR / "indicators.csv", INDICATOR_COLUMNS)


def _ingest_extract_load(url: str, paths: Sequence[Path], settings: Settings, executor: Executor | None,
                         summary: RunSummary, progress: Callable[[str, int, int | None], None] | None) -> None:
    # autocommit: every `conn.transaction()` is then a real transaction, not a savepoint
    # inside an implicit one that a crash would roll back with everything before it.
    conn = connect(url, autocommit=True)
    try:
        for batch in _batches(iter_inputs(paths, max_bytes=settings.max_input_bytes, classify=False), BATCH_SIZE):
            summary.counts["seen"] += len(batch)
            jobs: list[_Job] = []
            readable = [item for item in batch if item.rejection is None]
            by_doc, by_sha = known_versions(conn, [i.doc for i in readable], [i.sha256 or "" for i in readable])
            seen_in_batch: dict[str, str] = {}
            for item in batch:
                if item.rejection is not None:
                    _reject(conn, summary, Rejected(item.doc, str(item.path), item.rejection.reason,
                                                    item.rejection.detail, item.sha256, item.size))
                    continue
                assert item.sha256 is not None
                if by_doc.get(item.doc) == item.sha256:
                    summary.counts["unchanged"] += 1
                    continue
                twin = by_sha.get(item.sha256) or seen_in_batch.get(item.sha256)
                if twin is not None and twin != item.doc:
                    _reject(conn, summary, Rejected(item.doc, str(item.path), "duplicate_content",
                                                    f"same bytes as {twin}", item.sha256, item.size))
                    continue
                seen_in_batch[item.sha256] = item.doc
                jobs.append(_Job(str(item.path), item.doc, item.sha256, item.size))
            results = executor.map(_extract_job, jobs) if executor else map(_extract_job, jobs)
            for job, result in zip(jobs, results, strict=True):
                if isinstance(result, Rejected):
                    _reject(conn, summary, result)
                else:
                    conn = _load_with_retry(conn, url, result, job, summary)
                if progress:
                    progress("load", 1, None)
            if progress:
                progress("seen", len(batch) - len(jobs), None)
    finally:
        if executor:
            executor.shutdown(cancel_futures=True)
        conn.close()


def _load_with_retry(conn: psycopg.Connection, url: str, result: ExtractionResult, job: _Job,
                     summary: RunSummary, attempts: int = 3) -> psycopg.Connection:
    """Load one document; reconnect and retry on a dropped connection; record a failure otherwise."""
    for attempt in range(1, attempts + 1):
        try:
            counts = load_document(conn, result, run_id=summary.run_id or 0, source_path=job.path,
                                   size_bytes=job.size)
        except psycopg.Error as exc:
            if is_transient(exc) or conn.closed or conn.broken:
                if attempt == attempts:
                    raise DatabaseError(describe_error(exc, url)) from exc
                log.warning("connection lost while loading %s; retrying (%d/%d)", job.doc, attempt, attempts)
                time.sleep(0.5 * 2 ** (attempt - 1))
                try:
                    conn.close()
                finally:
                    conn = connect(url, autocommit=True)
                continue
            # A data error in one document: its transaction rolled back; record and go on.
            summary.counts["failed"] += 1
            _reject(conn, summary, Rejected(job.doc, job.path, "load_failed", describe_error(exc)[:500],
                                            job.sha256, job.size), count=False)
            return conn
        summary.counts["loaded"] += 1
        summary.rows += counts.rows
        log.info("loaded %s: %d rows", job.doc, counts.rows,
                 extra={"doc": job.doc, "rows": counts.rows})
        return conn
    return conn


def _reject(conn: psycopg.Connection, summary: RunSummary, rejected: Rejected, *, count: bool = True) -> None:
    if count:
        summary.counts["rejected"] += 1
    summary.rejections.append(rejected)
    log.warning("rejected %s: %s (%s)", rejected.doc, rejected.reason, rejected.detail,
                extra={"doc": rejected.doc, "reason": rejected.reason})
    record_rejection(conn, rejected, run_id=summary.run_id or 0)


def _maybe_dbt(conn: psycopg.Connection, url: str, summary: RunSummary, mode: str,
               progress: Callable[[str, int, int | None], None] | None) -> str:
    """Build the dbt models when something changed (or always/never per `mode`)."""
    if mode == "never":
        return "skipped"
    if mode == "auto" and not summary.counts["loaded"]:
        row = conn.execute(
            "select dbt_status from core.etl_run where status in ('succeeded', 'partial')"
            " and dbt_status is not null order by run_id desc limit 1"
        ).fetchone()
        marts = conn.execute("select to_regclass('marts.dim_plan') is not null").fetchone()
        if row and row[0] in ("success", "skipped_unchanged") and marts and marts[0]:
            return "skipped_unchanged"
    if progress:
        progress("dbt", 0, None)
    checkpoint("dbt")
    from etl.db.roles import DEFAULT_READER, role_exists
    from etl.transform import run_dbt

    # dbt's grants config re-applies the reader's SELECT on every rebuilt mart.
    readers = [DEFAULT_READER] if role_exists(conn, DEFAULT_READER) else []
    outcome = run_dbt(url, ["build"], dbt_vars={"reader_roles": readers})
    if not outcome.success:
        summary.message = f"dbt build failed: {outcome.message}"
    return "success" if outcome.success else "error"
