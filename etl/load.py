"""Loading into `core`: documents in batched transactions, bulk rows by COPY.

A document counts as loaded only when its rows and its ledger mark (the document
row with its sha256) commit in the same transaction (LESSONS.md: dlt/Airbyte
duplicates after kills). Its previous version is deleted in that same
transaction (ON DELETE CASCADE), so readers see the old version or the new one,
never a mix. Document text reaches the database only as COPY data or bound
parameters, never inside SQL text.
"""

from __future__ import annotations

import hashlib
import socket
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import psycopg
import simplejson

from etl.extract.document import ExtractionResult, Rejected
from etl.faults import checkpoint
from etl.records import Figure, Project
from etl.processes import pid_alive

RUN_LOCK_KEY = 0x6775_6968_7561  # "guihua": the advisory lock that keeps runs from overlapping

SECTION_COLUMNS = ("document_id", "path", "level", "kind", "number_text", "title", "char_start", "char_end")
FIGURE_COLUMNS = (
    "document_id", "record_key", "indicator", "indicator_code", "value", "value_max", "unit", "value_base",
    "unit_base", "comparator", "kind", "year", "period_start", "period_end", "base_year", "direction", "quote",
    "section_path", "char_start", "char_end", "confidence", "binding", "table_index", "row_index", "column_index",
)
PROJECT_COLUMNS = (
    "document_id", "project_key", "name", "investment_yi", "investment_text", "currency", "location",
    "sponsor", "sector", "area", "mention_count", "annual_investment_yi", "start_year", "end_year", "owner",
)
MENTION_COLUMNS = (
    "document_id", "project_key", "name", "box", "ordinal", "source", "investment_yi", "investment_text",
    "section_path", "char_start", "char_end", "quote", "table_index", "row_index", "column_index",
)


@dataclass(slots=True)
class LoadCounts:
    """Rows written for one document."""

    sections: int = 0
    targets: int = 0
    actuals: int = 0
    projects: int = 0
    mentions: int = 0

    @property
    def rows(self) -> int:
        return 1 + self.sections + self.targets + self.actuals + self.projects + self.mentions


def prepare_loader_session(conn: psycopg.Connection) -> None:
    """Settings for the connection that loads documents.

    synchronous_commit off: a commit returns before its WAL reaches disk (visibility to other
    sessions is unchanged). Only a server or OS crash can lose the last commits, and then each
    document's ledger mark (its row with the sha256) is lost with its rows, so the next run
    loads it again: no duplicates, nothing half-written. The run's closing update is a normal
    synchronous commit on another session, which flushes all WAL before it.
    """
    conn.execute("set synchronous_commit = off")


# ---- the run ledger -----------------------------------------------------------
def start_run(conn: psycopg.Connection, inputs: Sequence[str], pid: int) -> int:
    """Mark runs left 'running' by a killed process as abandoned, then open this run's ledger row."""
    with conn.transaction():
        conn.execute(
            "update core.etl_run set status = 'abandoned', finished_at = now(),"
            " message = coalesce(message, 'process ended without closing the run (killed?)')"
            " where status = 'running'"
        )
        row = conn.execute(
            "insert into core.etl_run (status, pid, host, inputs) values ('running', %s, %s, %s)"
            " returning run_id",
            (pid, socket.gethostname(), " ".join(inputs)[:4000]),
        ).fetchone()
    assert row is not None
    return int(row[0])


def finish_run(conn: psycopg.Connection, run_id: int, *, status: str, counts: dict[str, int],
               dbt_status: str | None, message: str | None) -> None:
    with conn.transaction():
        conn.execute(
            "update core.etl_run set status = %s, finished_at = now(), docs_seen = %s, docs_loaded = %s,"
            " docs_unchanged = %s, docs_rejected = %s, docs_failed = %s, docs_moved = %s, docs_removed = %s,"
            " dbt_status = %s, message = %s where run_id = %s",
            (status, counts.get("seen", 0), counts.get("loaded", 0), counts.get("unchanged", 0),
             counts.get("rejected", 0), counts.get("failed", 0), counts.get("moved", 0),
             counts.get("removed", 0), dbt_status, message, run_id),
        )


RUN_SESSION_PREFIX = "guihua run "


def run_session_name(pid: int) -> str:
    """application_name of a run's lock session: which process on which host holds the lock."""
    return f"{RUN_SESSION_PREFIX}{pid}@{socket.gethostname()}"[:63]  # NAMEDATALEN - 1


def try_run_lock(conn: psycopg.Connection, *, wait: bool) -> bool:
    """Take the session-level advisory lock that serialises runs (held until the connection closes).

    A lock whose session belongs to a run process of this host that no longer exists (its
    backend did not notice the death yet, or something inherited its socket) is released by
    terminating that session first: a dead run never locks the others out.
    """
    if _try_lock(conn) or (_release_dead_holder(conn) and _try_lock(conn, patience=5.0)):
        return True
    if wait:
        conn.execute("select pg_advisory_lock(%s)", (RUN_LOCK_KEY,))
        return True
    return False


def _try_lock(conn: psycopg.Connection, *, patience: float = 0.0) -> bool:
    deadline = time.monotonic() + patience
    while True:
        row = conn.execute("select pg_try_advisory_lock(%s)", (RUN_LOCK_KEY,)).fetchone()
        if row and row[0]:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)


def _release_dead_holder(conn: psycopg.Connection) -> bool:
    """Terminate the session holding the run lock when its run process is dead; True when done."""
    row = conn.execute(
        "select a.pid, a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid"
        " where l.locktype = 'advisory' and l.granted and l.database = (select oid from pg_database"
        " where datname = current_database()) and l.classid = %s and l.objid = %s and l.objsubid = 1",
        (RUN_LOCK_KEY >> 32, RUN_LOCK_KEY & 0xFFFFFFFF),
    ).fetchone()
    if row is None or not str(row[1] or "").startswith(RUN_SESSION_PREFIX):
        return False
    pid_text, _, host = str(row[1])[len(RUN_SESSION_PREFIX):].partition("@")
    if not pid_text.isdigit() or not socket.gethostname().startswith(host) or pid_alive(int(pid_text)):
        return False
    conn.execute("select pg_terminate_backend(%s)", (row[0],))
    return True


# ---- change detection -----------------------------------------------------------
@dataclass(slots=True, frozen=True)
class KnownDocument:
    """What core holds for one document: enough to tell unchanged, changed, moved and copied apart."""

    doc: str
    sha256: str
    source_path: str | None
    size_bytes: int


def known_versions(conn: psycopg.Connection, docs: Sequence[str], hashes: Sequence[str]) -> tuple[
        dict[str, KnownDocument], dict[str, KnownDocument]]:
    """One query per batch: the loaded version of each doc, and which document holds each sha256."""
    rows = conn.execute(
        "select doc, sha256, source_path, size_bytes from core.document where doc = any(%s) or sha256 = any(%s)",
        (list(docs), list(hashes)),
    ).fetchall()
    known = [KnownDocument(doc, sha, source, int(size)) for doc, sha, source, size in rows]
    return {k.doc: k for k in known}, {k.sha256: k for k in known}


def update_source_paths(conn: psycopg.Connection, moves: Sequence[tuple[str, str]]) -> None:
    """Record where unchanged documents are read from now ((doc, absolute path) pairs, one statement)."""
    if not moves:
        return
    with conn.transaction():
        conn.execute(
            "update core.document d set source_path = m.path from unnest(%s::text[], %s::text[]) as m(doc, path)"
            " where d.doc = m.doc and d.source_path is distinct from m.path",
            ([doc for doc, _ in moves], [path for _, path in moves]),
        )


def move_document(conn: psycopg.Connection, old_doc: str, new_doc: str, sha256: str, source_path: str) -> bool:
    """Rename a loaded document whose bytes now live under another path (a move): its rows stay.

    One transaction: a document already named `new_doc` (other bytes, overwritten by the move) is
    deleted, the rename applies only while `old_doc` still holds these bytes, and curators'
    corrections follow the document. False (nothing changed) when `old_doc` no longer holds them.
    """
    moved = 0
    with conn.transaction() as tx:
        conn.execute("delete from core.document where doc = %s and sha256 <> %s", (new_doc, sha256))
        moved = conn.execute(
            "update core.document set doc = %s, source_path = %s where doc = %s and sha256 = %s",
            (new_doc, source_path, old_doc, sha256),
        ).rowcount
        if moved != 1:
            raise psycopg.Rollback(tx)  # leaves the block without keeping the delete above
        conn.execute("update core.review_correction set doc = %s where doc = %s", (new_doc, old_doc))
    return moved == 1


@dataclass(slots=True, frozen=True)
class RemovedDocument:
    """A document taken out of core (pruned or forgotten), as the ledger records it."""

    doc: str
    source_path: str | None
    sha256: str


def remove_documents(conn: psycopg.Connection, docs: Sequence[str], *, reason: str,
                     run_id: int | None) -> list[RemovedDocument]:
    """Delete documents and all their rows (ON DELETE CASCADE), recording each in core.removed_document.

    Curators' corrections are kept (they are keyed by doc and apply again if the document returns;
    `guihua review status` lists them as unmatched meanwhile).
    """
    if not docs:
        return []
    with conn.transaction():
        rows = conn.execute(
            "with gone as (delete from core.document where doc = any(%s) returning doc, source_path, sha256)"
            " insert into core.removed_document (run_id, doc, source_path, sha256, reason)"
            " select %s, doc, source_path, sha256, %s from gone returning doc, source_path, sha256",
            (list(docs), run_id, reason),
        ).fetchall()
    return [RemovedDocument(doc, source, sha) for doc, source, sha in rows]


def documents_under(conn: psycopg.Connection, root: str) -> list[tuple[str, str]]:
    """(doc, source_path) of the documents loaded from a path under `root` (absolute), or with a
    relative source path recorded before paths were stored absolute."""
    prefix = root.rstrip("/") + "/"
    return [(doc, path) for doc, path in conn.execute(
        "select doc, source_path from core.document where starts_with(source_path, %s)"
        " or not starts_with(source_path, '/')", (prefix,)).fetchall()]


# ---- writing ------------------------------------------------------------------------
def record_key(doc: str, *parts: object) -> str:
    """Stable id of a record from its document, span and identifying fields (survives re-extraction)."""
    digest = hashlib.sha1("\x1f".join([doc, *map(str, parts)]).encode("utf-8"))
    return digest.hexdigest()[:20]


def _figure_rows(document_id: int, doc: str, figures: Iterable[Figure]) -> list[tuple[object, ...]]:
    rows: dict[str, tuple[object, ...]] = {}
    for fig in figures:
        key = record_key(doc, fig.char_start, fig.char_end, fig.indicator, fig.kind, fig.year, fig.value)
        period = fig.period or [None, None]
        rows.setdefault(key, (
            document_id, key, fig.indicator, fig.indicator_code, fig.value, fig.value_max, fig.unit,
            fig.value_base, fig.unit_base, fig.comparator, fig.kind, fig.year, period[0], period[-1],
            fig.base_year, fig.direction, fig.quote, fig.section_path, fig.char_start, fig.char_end,
            Decimal(str(round(fig.confidence, 3))), fig.binding, fig.table, fig.row, fig.column,
        ))
    return list(rows.values())


def _project_rows(document_id: int, projects: Sequence[Project]) -> tuple[list[tuple[object, ...]],
                                                                          list[tuple[object, ...]]]:
    """One row per project_key (first mention with an amount wins), one row per mention."""
    by_key: dict[str, list[Project]] = {}
    for mention in projects:
        by_key.setdefault(mention.project_key, []).append(mention)
    project_rows = []
    for key, mentions in by_key.items():
        first = mentions[0]
        funded = next((m for m in mentions if m.investment_yi is not None), first)
        project_rows.append((
            document_id, key, first.name, funded.investment_yi, funded.investment_text, funded.currency,
            next((m.location for m in mentions if m.location), None),
            next((m.sponsor for m in mentions if m.sponsor), None),
            next((m.box or m.sector for m in mentions if m.box or m.sector), None),
            next((m.area for m in mentions if m.area), None),
            len(mentions),
            next((m.annual_investment_yi for m in mentions if m.annual_investment_yi is not None), None),
            next((m.start_year for m in mentions if m.start_year is not None), None),
            next((m.end_year for m in mentions if m.end_year is not None), None),
            next((m.owner for m in mentions if m.owner), None),
        ))
    mention_rows = [
        (document_id, m.project_key, m.name, m.box or m.sector, m.ordinal, m.source, m.investment_yi,
         m.investment_text, m.section_path, m.char_start, m.char_end, m.quote, m.table, m.row, m.column)
        for m in projects
    ]
    return project_rows, mention_rows


def _copy(cur: psycopg.Cursor, table: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> int:
    if not rows:
        return 0
    with cur.copy(f"copy core.{table} ({', '.join(columns)}) from stdin") as copy:  # constant identifiers
        for row in rows:
            copy.write_row(row)
    return len(rows)


@dataclass(slots=True)
class LoadItem:
    """One extracted document to load, with where it came from."""

    result: ExtractionResult
    source_path: str
    size_bytes: int


DOCUMENT_COLUMNS = (
    "document_id", "doc", "source_path", "sha256", "size_bytes", "encoding", "source_script", "region_name",
    "region_code", "region_level", "parent_region_code", "region_candidates", "doc_kind", "title",
    "plan_start_year", "plan_end_year", "vision_year", "published_on", "issuer", "quality_flags", "char_count",
    "run_id",
)


def load_documents(conn: psycopg.Connection, items: Sequence[LoadItem], *, run_id: int) -> list[LoadCounts]:
    """Replace several documents in one transaction: old versions deleted, new rows COPYed.

    Each document is still all-or-nothing (its rows and its ledger mark commit together); a batch
    only shares the transaction and one COPY per table, which is what makes loading cost close to
    a bare COPY. When a batch fails on bad data the caller retries its documents one at a time.
    """
    if not items:
        return []
    counts = [LoadCounts() for _ in items]
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("delete from core.document where doc = any(%s)", ([i.result.document.doc for i in items],))
        ids = [int(r[0]) for r in cur.execute(
            "select nextval(pg_get_serial_sequence('core.document', 'document_id'))"
            " from generate_series(1, %s)", (len(items),)).fetchall()]
        _copy(cur, "document", DOCUMENT_COLUMNS, [
            _document_row(document_id, item, run_id) for document_id, item in zip(ids, items)])
        _copy(cur, "document_text", ("document_id", "text"), [
            (document_id, item.result.text) for document_id, item in zip(ids, items)])
        sections, targets, actuals, projects, mentions = [], [], [], [], []
        for document_id, item, count in zip(ids, items, counts):
            result, doc = item.result, item.result.document.doc
            rows = [(document_id, s.path, s.level, s.kind, s.number_text, s.title, s.char_start, s.char_end)
                    for s in _unique_sections(result)]
            count.sections = len(rows)
            sections.extend(rows)
            rows = _figure_rows(document_id, doc, result.targets)
            count.targets = len(rows)
            targets.extend(rows)
            rows = _figure_rows(document_id, doc, result.actuals)
            count.actuals = len(rows)
            actuals.extend(rows)
            project_rows, mention_rows = _project_rows(document_id, result.projects)
            count.projects, count.mentions = len(project_rows), len(mention_rows)
            projects.extend(project_rows)
            mentions.extend(mention_rows)
        _copy(cur, "section", SECTION_COLUMNS, sections)
        checkpoint("load")  # mid-transaction: documents and sections written, facts not yet
        _copy(cur, "target", FIGURE_COLUMNS, targets)
        _copy(cur, "actual", FIGURE_COLUMNS, actuals)
        _copy(cur, "project", PROJECT_COLUMNS, projects)
        _copy(cur, "project_mention", MENTION_COLUMNS, mentions)
    return counts


def load_document(conn: psycopg.Connection, result: ExtractionResult, *, run_id: int,
                  source_path: str, size_bytes: int) -> LoadCounts:
    """Replace one document's rows atomically (delete old version, insert new, one transaction)."""
    return load_documents(conn, [LoadItem(result, source_path, size_bytes)], run_id=run_id)[0]


def _document_row(document_id: int, item: LoadItem, run_id: int) -> tuple[object, ...]:
    doc = item.result.document
    period = doc.plan_period or [None, None]
    flags = simplejson.dumps([
        {"flag": f.flag, "count": f.count, "detail": f.detail} for f in doc.quality_flags
    ], ensure_ascii=False)
    return (document_id, doc.doc, item.source_path, doc.sha256, item.size_bytes, doc.encoding, doc.source_script,
            doc.region_name, doc.region_code, doc.region_level, doc.parent_region_code,
            simplejson.dumps(doc.region_candidates, ensure_ascii=False), doc.doc_kind, doc.title,
            period[0], period[-1], doc.vision_year, doc.published_on, doc.issuer, flags,
            len(item.result.text), run_id)


def _unique_sections(result: ExtractionResult) -> list:
    seen: set[str] = set()
    unique = []
    for section in result.sections:
        if section.path not in seen:
            seen.add(section.path)
            unique.append(section)
    return unique


def rejection_key(rejected: Rejected) -> str:
    """One rejection row per (path, bytes, reason): a re-run over unchanged bad files adds none."""
    parts = [rejected.source_path, rejected.reason, rejected.sha256 or "",
             "" if rejected.size_bytes is None else str(rejected.size_bytes)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "backslashreplace")).hexdigest()


def record_rejection(conn: psycopg.Connection, rejected: Rejected, *, run_id: int) -> bool:
    """A rejected input leaves a row with its reason: nothing is lost silently.

    The same file with the same bytes rejected for the same reason by a later run is not stored
    again (the run still counts and reports it). True when a row was written.
    """
    with conn.transaction():
        cur = conn.execute(
            "insert into core.rejected_input (run_id, doc, source_path, sha256, size_bytes, reason, detail,"
            " rejection_key) values (%s, %s, %s, %s, %s, %s, %s, %s) on conflict (rejection_key) do nothing",
            (run_id, rejected.doc, rejected.source_path, rejected.sha256, rejected.size_bytes,
             rejected.reason, rejected.detail, rejection_key(rejected)),
        )
    return cur.rowcount == 1


# ---- reference tables ------------------------------------------------------------------
def load_reference_csv(conn: psycopg.Connection, table: str, csv_path: Path, columns: dict[str, str]) -> bool:
    """Replace a reference table from its curated CSV when the file changed; True when reloaded."""
    import csv

    raw = csv_path.read_bytes()
    sha = hashlib.sha256(raw).hexdigest()
    row = conn.execute("select sha256 from core.reference_version where name = %s", (table,)).fetchone()
    if row and row[0] == sha:
        return False
    reader = csv.DictReader(raw.decode("utf-8-sig").splitlines())
    rows = [tuple((r.get(csv_column) or None) for csv_column in columns.values()) for r in reader]
    with conn.transaction(), conn.cursor() as cur:
        cur.execute(f"delete from core.{table}")  # constant identifier
        _copy(cur, table, list(columns), rows)
        cur.execute(
            "insert into core.reference_version (name, sha256) values (%s, %s)"
            " on conflict (name) do update set sha256 = excluded.sha256, loaded_at = now()",
            (table, sha),
        )
    return True
