"""`guihua run`: the stages in order, per-document failures turned into recorded rejections.

ingest (hash, skip unchanged by one query per batch) → extract (process pool) →
load (COPY, a batch of documents per transaction, each document all-or-nothing) →
[prune] → dbt build. The run holds a PostgreSQL advisory lock (taken before migrations) so two
runs never migrate or load at once, and keeps a ledger row that a killed run leaves as
'running' for the next run to mark 'abandoned'. A run ends successfully only when the marts
reflect core: whenever core moved past the generation the marts were built from (this run's
loads, moves or removals, or a killed or failed earlier build), it rebuilds them, and a failed
build fails it.

A document is its path relative to the root it was given (etl.ingest); the same bytes under a
new path are a move (the rows are renamed, not re-extracted); documents whose files are gone are
removed only when asked (`--prune`, `forget`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from etl.config import DATA_DIR, SAMPLE_CORPUS_DIR, Settings, load_settings
from etl.db import migrate
from etl.db.connection import DatabaseError, connect, database, describe_error, is_transient
from etl.extract.document import ExtractionResult, Rejected, extract_bytes
from etl.faults import checkpoint
from etl.ingest import InputFile, InputNotFound, display_path, iter_inputs, missing_inputs, read_input, root_of
from etl.load import (
    KnownDocument,
    LoadItem,
    documents_under,
    finish_run,
    known_versions,
    load_documents,
    load_reference_csv,
    move_document,
    prepare_loader_session,
    record_rejection,
    remove_documents,
    run_session_name,
    start_run,
    try_run_lock,
    update_source_paths,
)
from etl.workers import kill_workers, process_pool

log = logging.getLogger("guihua.pipeline")

# Inputs per change-detection query: one query per batch, never one per document.
BATCH_SIZE = 256
# Extraction jobs queued per worker: enough to keep every worker busy while the main process
# loads, few enough that memory stays flat whatever the corpus size (results are consumed in order).
IN_FLIGHT_PER_WORKER = 4
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
MULTIPLIER_COLUMNS = {
    "prefix": "prefix", "factor": "factor", "in_text": "in_text", "converts": "converts",
    "only_before": "only_before", "not_before": "not_before", "notes": "notes",
}


class RunLocked(RuntimeError):
    """Another run holds the advisory lock."""


class ServerLost(DatabaseError):
    """The database server stopped answering in the middle of a stage (the message names it)."""


class UnknownDocument(ValueError):
    """`forget` was given a name or path that no loaded document has (a usage error)."""


@dataclass
class RunSummary:
    """Outcome of one run (what the CLI prints and the exit code is derived from)."""

    run_id: int | None = None
    status: str = "running"
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("seen", "loaded", "unchanged", "rejected", "failed", "moved", "removed"), 0))
    rows: int = 0
    stage: str = "start"  # the stage in progress: named in the message when the database goes away
    dbt_status: str | None = None
    message: str | None = None
    rejections: list[Rejected] = field(default_factory=list)
    seconds: float = 0.0
    url: str | None = None
    # seconds spent by the main process per stage: ingest (read, hash, change query),
    # extract_wait (waiting for the workers), load (load_documents), dbt
    timings: dict[str, float] = field(default_factory=lambda: dict.fromkeys(
        ("ingest", "extract_wait", "load", "dbt"), 0.0))
    bytes_loaded: int = 0
    removed: list[str] = field(default_factory=list)  # docs pruned or forgotten by this run


@dataclass(slots=True)
class _Job:
    path: str
    doc: str
    sha256: str
    size: int
    root: str = ""  # resolved root: the worker re-checks that a symlink does not lead out of it
    max_bytes: int = 0
    source: str = ""  # the path as stored and shown (odd bytes of a file name as \xNN); `path` opens it

    @property
    def shown(self) -> str:
        return self.source or self.path


def _extract_job(job: _Job) -> ExtractionResult | Rejected:
    """Worker entry point: read the file again (cheaper than pickling bytes) and extract."""
    checkpoint("extract")
    try:
        if job.root:
            item = read_input(Path(job.path), job.doc, job.root, job.max_bytes or (1 << 62))
            if item.raw is None:  # e.g. a symlink swapped to lead out of the root since the scan
                reason, detail = (item.rejection.reason, item.rejection.detail) if item.rejection else (
                    "unreadable", "could not be read again")
                return Rejected(job.doc, job.shown, reason, detail, job.sha256, job.size)
            raw = item.raw
        else:
            raw = Path(job.path).read_bytes()
        return extract_bytes(raw, job.doc, source_path=job.shown, sha256=job.sha256)
    except Exception as exc:  # one bad document must not end the run: it becomes a rejection
        return Rejected(job.doc, job.shown, "extraction_error", f"{type(exc).__name__}: {exc}"[:500],
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
    return process_pool(workers)


def run(paths: Sequence[Path] | None = None, *, settings: Settings | None = None, wait: bool = False,
        workers: int | None = None, run_dbt: str = "auto", executor: str = "local",
        progress: Callable[[str, int, int | None], None] | None = None, prune: bool = False) -> RunSummary:
    """Ingest, extract, load, [prune] and build; returns the summary.

    Raises InputNotFound (before touching the database) when a given path does not exist,
    DatabaseError or RunLocked. With `prune`, documents loaded earlier from under a given folder
    whose files are gone are removed (recorded in core.removed_document).
    """
    settings = settings or load_settings()
    started = time.monotonic()
    paths = list({os.path.abspath(p): Path(p) for p in paths}.values()) if paths else [SAMPLE_CORPUS_DIR]
    missing = missing_inputs(paths)
    if missing:
        raise InputNotFound("no such file or folder: " + ", ".join(display_path(p) for p in missing))
    workers = workers if workers is not None else settings.workers
    summary = RunSummary()
    with database(settings) as url:
        summary.url = url
        # The lock session is named after this process, so that a later run can tell a lock left
        # behind by a dead process (see try_run_lock).
        lock_conn = connect(url, autocommit=True, application_name=run_session_name(os.getpid()))
        try:
            # The lock comes first: simultaneous first runs must not migrate at once (exit 4 instead).
            if not try_run_lock(lock_conn, wait=wait):
                raise RunLocked("another guihua run is loading this database; retry later or pass --wait")
            _migrate(url, settings)
            _load_references(lock_conn)
            summary.run_id = start_run(lock_conn, [str(p) for p in paths], os.getpid())
            try:
                summary.stage = "ingest/extract/load"
                _ingest_extract_load(url, paths, settings, _executor(executor, workers), summary, progress,
                                     workers=workers)
                if prune:
                    _prune(lock_conn, paths, summary)
                summary.stage = "dbt build"
                dbt_started = time.perf_counter()
                summary.dbt_status = _maybe_dbt(lock_conn, url, summary, run_dbt, progress)
                summary.timings["dbt"] = time.perf_counter() - dbt_started
                summary.stage = "closing the run"
                if summary.dbt_status == "error" and not _alive(lock_conn):
                    raise ServerLost("the database server went away during the dbt build "
                                        f"(connection lost): {summary.message}")
            except BaseException as exc:
                _record_failure(url, summary, exc)
                if isinstance(exc, (psycopg.Error, DatabaseError)) and not isinstance(exc, ServerLost):
                    summary.message = f"{summary.message} (during {summary.stage})"
                    raise DatabaseError(summary.message) from exc
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
            f"{c['rejected']} rejected, {c['failed']} failed" + moved_removed(c))


def moved_removed(counts: dict[str, int]) -> str:
    """', N moved, N removed' when documents were moved or removed (else nothing)."""
    return "".join(f", {counts[k]} {k}" for k in ("moved", "removed") if counts.get(k))


def _prune(conn: psycopg.Connection, paths: Sequence[Path], summary: RunSummary) -> None:
    """Remove documents loaded earlier from under a given folder whose files are gone.

    A file counts as gone only when the file system says so (not found, or a path component is no
    longer a folder); a permission error or an unreadable folder keeps the document.
    """
    gone: list[str] = []
    for given in paths:
        root, is_dir = root_of(Path(given))
        if not is_dir:
            continue
        prefix = str(root).rstrip("/") + "/"
        for doc, source_path in documents_under(conn, str(root)):
            absolute = os.path.abspath(source_path) if source_path else ""
            if not absolute.startswith(prefix):
                continue
            try:
                os.lstat(absolute)
            except (FileNotFoundError, NotADirectoryError):
                gone.append(doc)
            except OSError:
                continue
    removed = remove_documents(conn, sorted(set(gone)), reason="pruned", run_id=summary.run_id)
    # (a core-generation counter, when there is one, is bumped with this delete: the marts must follow)
    summary.counts["removed"] += len(removed)
    for item in removed:
        summary.removed.append(item.doc)
        log.info("pruned %s: its file %s is gone", item.doc, item.source_path, extra={"doc": item.doc})


def forget(target: str, *, settings: Settings | None = None, wait: bool = False,
           run_dbt: str = "auto") -> RunSummary:
    """Remove one document (by its doc, or the path it was loaded from) and all its rows, recorded
    in the ledger as a run of its own, then rebuild the marts. Raises UnknownDocument."""
    settings = settings or load_settings()
    started = time.monotonic()
    summary = RunSummary()
    with database(settings) as url:
        summary.url = url
        _migrate(url, settings)
        lock_conn = connect(url, autocommit=True)
        try:
            if not try_run_lock(lock_conn, wait=wait):
                raise RunLocked("another guihua run is loading this database; retry later or pass --wait")
            doc = _resolve_document(lock_conn, target)
            summary.run_id = start_run(lock_conn, ["forget", target], os.getpid())
            try:
                summary.stage = "forget"
                removed = remove_documents(lock_conn, [doc], reason="forgotten", run_id=summary.run_id)
                # (a core-generation counter, when there is one, is bumped with this delete)
                summary.counts["removed"] = len(removed)
                summary.removed = [item.doc for item in removed]
                summary.dbt_status = _maybe_dbt(lock_conn, url, summary, run_dbt, None)
            except BaseException as exc:
                _record_failure(url, summary, exc)
                raise
            summary.status = "failed" if summary.dbt_status == "error" else "succeeded"
            summary.message = summary.message or f"forgot {doc}"
            finish_run(lock_conn, summary.run_id, status=summary.status, counts=summary.counts,
                       dbt_status=summary.dbt_status, message=summary.message)
        finally:
            lock_conn.close()
    summary.seconds = time.monotonic() - started
    return summary


def _resolve_document(conn: psycopg.Connection, target: str) -> str:
    """The doc a `forget` argument names: a doc as stored, else the path a document was read from."""
    row = conn.execute("select doc from core.document where doc = %s", (target,)).fetchone()
    if row:
        return str(row[0])
    absolute = display_path(os.path.abspath(target))
    found = conn.execute("select doc from core.document where source_path = %s or source_path = %s",
                         (absolute, target)).fetchall()
    if len(found) == 1:
        return str(found[0][0])
    raise UnknownDocument(f"no loaded document is named or was read from {target!r}"
                          " (see marts.dim_plan.doc or core.document.source_path)")


def _alive(conn: psycopg.Connection) -> bool:
    """Does the server still answer on this session?"""
    try:
        conn.execute("select 1")
    except psycopg.Error:
        return False
    return True


def _record_failure(url: str, summary: RunSummary, exc: BaseException) -> None:
    """Close the run's ledger row as failed with a one-line reason; Ctrl-C and SIGTERM name the stage."""
    summary.status = "failed"
    summary.message = (describe_error(exc, url) if isinstance(exc, psycopg.Error) else str(exc)) or type(exc).__name__
    if not isinstance(exc, Exception):  # KeyboardInterrupt or the CLI's Terminated (SIGTERM)
        summary.message = f"{summary.message} (during {summary.stage})"
    _close_run_quietly(url, summary)


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
    load_reference_csv(conn, "unit_multiplier", DATA_DIR / "multipliers.csv", MULTIPLIER_COLUMNS)


class _Connection:
    """The loading connection, replaced when it drops (shared by the input scan and the loader)."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn


def _hashed_only(inputs: Iterator[InputFile]) -> Iterator[InputFile]:
    """Inputs without their bytes once hashed: workers read the file again, the main process holds none."""
    for item in inputs:
        item.raw = None
        yield item


def _changed_inputs(db: _Connection, paths: Sequence[Path], settings: Settings, summary: RunSummary,
                    pending: dict[str, str],
                    progress: Callable[[str, int, int | None], None] | None) -> Iterator[_Job]:
    """Jobs for the inputs that are new or changed; rejections recorded, unchanged ones counted,
    moves applied.

    One `known_versions` query per batch. `pending` (sha256 → doc of every job handed out in this
    run) stands in for the database for documents loaded after the batch's query (or still in
    flight), so a duplicate is caught even when its twin committed after that query. It holds one
    short entry per changed document, not the documents.

    Identity is the doc (the path relative to its root). Bytes already loaded under another doc
    are a move when that document's file no longer holds them (renamed, moved, or the root given
    differently), and a duplicate_content rejection when another file still does (a copy). Two
    inputs of one run with the same doc (two roots with the same relative path) cannot both be
    it: the later is rejected as duplicate_doc.
    """
    inputs = _hashed_only(iter_inputs(paths, max_bytes=settings.max_input_bytes, classify=False))
    seen_docs: set[str] | None = set() if len(paths) > 1 else None  # one folder: docs are unique
    for batch in _batches(inputs, BATCH_SIZE):
        summary.counts["seen"] += len(batch)
        readable = [item for item in batch if item.rejection is None]
        by_doc, by_sha = known_versions(db.conn, [i.doc for i in readable],
                                        [i.sha256 or "" for i in readable])
        relocated: list[tuple[str, str]] = []
        handed_out = 0
        for item in batch:
            source = display_path(item.path)
            if item.rejection is not None:
                _reject(db.conn, summary, Rejected(item.doc, source, item.rejection.reason,
                                                   item.rejection.detail, item.sha256, item.size))
                continue
            assert item.sha256 is not None
            if seen_docs is not None:
                if item.doc in seen_docs:
                    _reject(db.conn, summary, Rejected(item.doc, source, "duplicate_doc",
                                                       "another input of this run has the same path relative to"
                                                       " its root; give their common folder instead",
                                                       item.sha256, item.size))
                    continue
                seen_docs.add(item.doc)
            known = by_doc.get(item.doc)
            if known is not None and known.sha256 == item.sha256 or pending.get(item.sha256) == item.doc:
                summary.counts["unchanged"] += 1
                if known is not None and known.source_path != source:
                    relocated.append((item.doc, source))
                continue
            twin_doc = pending.get(item.sha256)
            if twin_doc is not None:
                _reject(db.conn, summary, Rejected(item.doc, source, "duplicate_content",
                                                   f"same bytes as {twin_doc}", item.sha256, item.size))
                continue
            twin = by_sha.get(item.sha256)
            if twin is not None and twin.doc != item.doc:
                if _still_holds(twin, item):
                    _reject(db.conn, summary, Rejected(item.doc, source, "duplicate_content",
                                                       f"same bytes as {twin.doc}", item.sha256, item.size))
                    continue
                if move_document(db.conn, twin.doc, item.doc, item.sha256, source):
                    # (a core-generation counter, when there is one, is bumped with this rename)
                    summary.counts["moved"] += 1
                    pending[item.sha256] = item.doc
                    log.info("moved %s → %s (same bytes)", twin.doc, item.doc, extra={"doc": item.doc})
                    continue
            pending[item.sha256] = item.doc
            handed_out += 1
            yield _Job(str(item.path), item.doc, item.sha256, item.size, item.root, settings.max_input_bytes,
                       source)
        update_source_paths(db.conn, relocated)
        if progress:
            progress("seen", len(batch) - handed_out, None)


def _still_holds(twin: KnownDocument, item: InputFile) -> bool:
    """Whether another loaded document's file still holds these bytes (a copy, not a move).

    It does not when its file is gone, is this very file (the root was given differently), or now
    holds other bytes. Reads that file only in this rare case (same bytes under two names)."""
    if not twin.source_path:
        return False
    other = os.path.abspath(twin.source_path)
    try:
        if os.path.samefile(other, item.path):
            return False
        info = os.stat(other)
    except OSError:
        return False
    if info.st_size != item.size:
        return False
    digest = hashlib.sha256()
    try:
        with open(other, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return False
    return digest.hexdigest() == item.sha256


def _ingest_extract_load(url: str, paths: Sequence[Path], settings: Settings, executor: Executor | None,
                         summary: RunSummary, progress: Callable[[str, int, int | None], None] | None,
                         *, workers: int = 1) -> None:
    """Stream inputs through the executor and load results in input order.

    At most IN_FLIGHT_PER_WORKER × workers documents are submitted and not yet loaded, across
    batch boundaries (no barrier at the end of a batch, no pile-up of results when loading is
    slower than extracting): memory does not grow with the corpus.
    """
    # autocommit: every `conn.transaction()` is then a real transaction, not a savepoint
    # inside an implicit one that a crash would roll back with everything before it.
    db = _Connection(connect(url, autocommit=True))
    prepare_loader_session(db.conn)
    timings = summary.timings
    pending: dict[str, str] = {}
    jobs = _changed_inputs(db, paths, settings, summary, pending, progress)
    limit = max(2, IN_FLIGHT_PER_WORKER * workers) if executor else 1
    window: deque[tuple[_Job, Future | None]] = deque()
    buffer: list[tuple[_Job, ExtractionResult]] = []  # extracted, not yet loaded (≤ load_batch_docs)
    try:
        while True:
            started = time.perf_counter()
            while len(window) < limit:
                job = next(jobs, None)
                if job is None:
                    break
                window.append((job, executor.submit(_extract_job, job) if executor else None))
            timings["ingest"] += time.perf_counter() - started
            if not window:
                break
            job, future = window.popleft()
            started = time.perf_counter()
            result = future.result() if future is not None else _extract_job(job)
            timings["extract_wait"] += time.perf_counter() - started
            if isinstance(result, Rejected):
                _reject(db.conn, summary, result)
                if progress:
                    progress("load", 1, None)
            else:
                buffer.append((job, result))
            if buffer and (len(buffer) >= settings.load_batch_docs or not window):
                started = time.perf_counter()
                db.conn = _load_batch(db.conn, url, buffer, summary)
                timings["load"] += time.perf_counter() - started
                if progress:
                    progress("load", len(buffer), None)
                buffer = []
    except BaseException:
        if executor:  # Ctrl-C, SIGTERM, a lost server: do not wait for documents nobody will load
            kill_workers(executor)
        raise
    finally:
        if executor:
            executor.shutdown(cancel_futures=True)
        db.conn.close()


def _load_batch(conn: psycopg.Connection, url: str, batch: list[tuple[_Job, ExtractionResult]],
                summary: RunSummary) -> psycopg.Connection:
    """Load a batch in one transaction; when a document's data fails it, load them one by one
    so that only the bad document is recorded as failed."""
    if len(batch) == 1:
        return _load_with_retry(conn, url, batch, summary)
    try:
        return _load_with_retry(conn, url, batch, summary, record_failure=False)
    except _BatchFailed:
        for one in batch:
            conn = _load_with_retry(conn, url, [one], summary)
        return conn


class _BatchFailed(Exception):
    """A batch's transaction failed on its data (not on the connection)."""


def _load_with_retry(conn: psycopg.Connection, url: str, batch: list[tuple[_Job, ExtractionResult]],
                     summary: RunSummary, attempts: int = 3, *, record_failure: bool = True) -> psycopg.Connection:
    """Load documents in one transaction; reconnect and retry on a dropped connection; on bad data
    record the (single) document as failed, or raise _BatchFailed for the caller to split."""
    items = [LoadItem(result, job.shown, job.size) for job, result in batch]
    for attempt in range(1, attempts + 1):
        try:
            all_counts = load_documents(conn, items, run_id=summary.run_id or 0)
        except psycopg.Error as exc:
            if is_transient(exc) or conn.closed or conn.broken:
                if attempt == attempts:
                    raise DatabaseError(describe_error(exc, url)) from exc
                log.warning("connection lost while loading %s; retrying (%d/%d)",
                            ", ".join(job.doc for job, _ in batch[:3]) + (" …" if len(batch) > 3 else ""),
                            attempt, attempts)
                time.sleep(0.5 * 2 ** (attempt - 1))
                try:
                    conn.close()
                finally:
                    conn = connect(url, autocommit=True)
                    prepare_loader_session(conn)
                continue
            if not record_failure:
                raise _BatchFailed() from exc
            # A data error in one document: its transaction rolled back; record and go on.
            job = batch[0][0]
            summary.counts["failed"] += 1
            _reject(conn, summary, Rejected(job.doc, job.shown, "load_failed", describe_error(exc)[:500],
                                            job.sha256, job.size), count=False)
            return conn
        for (job, _), counts in zip(batch, all_counts):
            summary.counts["loaded"] += 1
            summary.rows += counts.rows
            summary.bytes_loaded += job.size
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
    """Build the dbt models unless the marts already reflect core (or always/never per `mode`).

    Whether they do is core.build_state, not this run's counts nor an older run's status: a
    run that loads nothing still rebuilds marts that a killed or failed build left behind.
    """
    from etl.transform import build_marts, marts_state, models_fingerprint

    state = marts_state(conn)
    current = state.current(models_fingerprint())
    if mode == "never":
        if not current:
            log.warning("dbt build skipped (--dbt never) although the marts lag core (%s); the next run "
                        "rebuilds them", state.describe())
        return "skipped"
    if mode == "auto" and current:
        return "skipped_unchanged"
    if not summary.counts["loaded"]:
        log.info("rebuilding the marts: %s", state.describe())
    if progress:
        progress("dbt", 0, None)
    checkpoint("dbt")
    from etl.db.roles import DEFAULT_READER, role_exists

    # dbt's grants config re-applies the reader's SELECT on every rebuilt mart.
    readers = [DEFAULT_READER] if role_exists(conn, DEFAULT_READER) else []
    outcome = build_marts(conn, url, run_id=summary.run_id, dbt_vars={"reader_roles": readers})
    if not outcome.success:
        summary.message = f"dbt build failed: {outcome.message}"
    return "success" if outcome.success else "error"
