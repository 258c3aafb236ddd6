"""One benchmark run: generate (or reuse) a corpus of N documents and measure guihua on it.

    python -m bench --docs 1000            # or: guihua bench --docs 1000
    python -m bench --docs 10 --quick      # the smoke test the test suite runs

Stages, in one process (the database is a fresh one on the embedded server, or on
DATABASE_URL's server; it is dropped afterwards unless --keep):

1. floor — on a sample of the corpus, in a pool of ``--workers`` processes: decode +
   normalize only (the floor every extractor pays), then the full extraction (no
   database), twice alternating, the faster round of each kept. Throughput per core is
   bytes / CPU seconds of the workers, so other users of a shared machine do not distort
   the ratio; wall-clock MB/s is reported too.
2. load — the sample's records written four ways into the same (truncated) core tables:
   a bare psycopg COPY of pre-built rows (one COPY per table, one transaction: the
   ceiling), guihua's loader (etl.load.load_documents: record → row conversion, batches of
   GUIHUA_LOAD_BATCH_DOCS documents per transaction, as `guihua run` does), SQLAlchemy executemany and
   pandas.DataFrame.to_sql; rows/s and ratios.
3. run — `etl.pipeline.run` on the whole corpus (extract in the pool + load + dbt build),
   with the peak RSS of the process tree (main process + workers) sampled throughout.
4. re-run — the same run again with nothing changed, in-process and as the `guihua run`
   command a scheduler would start (interpreter start-up included).
5. accuracy — the loaded records against the generator's expectations, next to the
   seeds' own scores under the same rules (bench/accuracy.py).

It prints a table and writes JSON to bench/out/.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import dataclasses
import json
import os
import platform
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from etl.config import PROJECT_ROOT, Settings, load_settings

OUT_DIR = PROJECT_ROOT / "bench" / "out"

# Issue 6's targets on a 2-core machine.
TARGETS = {
    "extraction_vs_floor": 0.50,  # extraction throughput >= 50% of normalization-only (per core)
    "loader_vs_copy": 0.40,  # guihua's loader >= 40% of a bare COPY of the same rows
    "loader_vs_pandas": 10.0,  # and >= 10x pandas.to_sql
    "end_to_end_seconds_10k": 600.0,  # 10,000 documents extract + load + dbt in under 10 minutes
    "rerun_seconds_10k": 10.0,  # a no-change re-run of them in under 10 s
    "peak_rss_mb": 1024.0,  # peak RSS (process tree) under 1 GB regardless of N
}


@dataclass
class BenchConfig:
    docs: int = 1000
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    seed: int = 2021
    sample: int | None = None  # documents for the floor and the load comparison
    quick: bool = False  # tiny samples, for the smoke test
    keep: bool = False  # keep the benchmark databases
    compare: bool = True  # run SQLAlchemy / pandas loads too
    rerun_cli: bool = True  # time `guihua run` as a subprocess for the re-run
    out: Path = OUT_DIR
    corpus: Path | None = None  # default out/corpus-N
    dbt: bool = True  # build the dbt models in the run
    dbt_project: Path | None = None  # what-if: another copy of the dbt project (default: the tree's)

    @property
    def sample_size(self) -> int:
        if self.sample is not None:
            return max(1, min(self.sample, self.docs))
        return min(self.docs, 10 if self.quick else 200)


# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------

class RssSampler:
    """Peak memory of a process tree (a root process and its children, e.g. the pipeline and its
    workers), sampled in a thread. RSS sums count pages shared by forked workers once per process
    (an upper bound); PSS shares them out (what the tree really occupies)."""

    def __init__(self, interval: float = 0.25) -> None:
        import psutil

        self._psutil = psutil
        self._me = psutil.Process()
        self.root = self._me
        self.interval = interval
        self.phase = "start"
        self.peaks: dict[str, dict[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="rss-sampler", daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> None:
        psutil = self._psutil
        root = self.root
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            return
        rss = pss = largest = 0
        count = 0
        for proc in procs:
            try:
                if "postgres" in proc.name():
                    continue  # the database server is not guihua's memory
                info = proc.memory_full_info()
            except psutil.Error:
                continue
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
            largest = max(largest, info.rss)
            count += 1
        peak = self.peaks.setdefault(self.phase, {"tree_rss_mb": 0.0, "tree_pss_mb": 0.0,
                                                  "largest_process_mb": 0.0, "processes": 0})
        peak["tree_rss_mb"] = round(max(peak["tree_rss_mb"], rss / 2**20), 1)
        peak["tree_pss_mb"] = round(max(peak["tree_pss_mb"], pss / 2**20), 1)
        peak["largest_process_mb"] = round(max(peak["largest_process_mb"], largest / 2**20), 1)
        peak["processes"] = max(peak["processes"], count)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.sample()
            except Exception:  # a process that exits between listing and reading
                pass
            self._stop.wait(self.interval)

    @contextmanager
    def during(self, phase: str, root: Any = None) -> Iterator[None]:
        """Attribute samples to `phase`, of the tree under `root` (a pid) or of this process."""
        previous, previous_root = self.phase, self.root
        self.phase = phase
        if root is not None:
            self.root = self._psutil.Process(root)
        try:
            yield
        finally:
            try:
                self.sample()
            except Exception:
                pass
            self.phase, self.root = previous, previous_root


def _machine_busy_seconds() -> float:
    import psutil

    t = psutil.cpu_times()
    return sum(t) - t.idle - getattr(t, "iowait", 0.0)


@contextmanager
def timed(into: dict[str, float], key: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        into[key] = time.perf_counter() - start


# ---------------------------------------------------------------------------
# Stage 1: the normalization floor and extraction on a sample (no database)
# ---------------------------------------------------------------------------

def _warm() -> None:
    """Worker start-up work that every run pays once per process (imports, compiled names)."""
    from etl.extract.document import _protected_names

    _protected_names()


def _ping(_: int) -> int:
    time.sleep(0.3)
    return os.getpid()


def _normalize_only(path: str) -> tuple[int, float]:
    from etl.extract.document import _protected_names
    from etl.ingest import decode_bytes
    from etl.normalize import normalize_decoded

    raw = Path(path).read_bytes()
    cpu = time.process_time()
    decoded = decode_bytes(raw)
    if decoded.rejection is None:
        normalize_decoded(decoded, protected_names=_protected_names())
    return len(raw), time.process_time() - cpu


def _extract_only(path: str, keep: bool) -> tuple[int, float, Any]:
    from etl.extract.document import extract_bytes

    raw = Path(path).read_bytes()
    cpu = time.process_time()
    result = extract_bytes(raw, Path(path).name, source_path=path)
    return len(raw), time.process_time() - cpu, (result if keep else None)


def _pool(workers: int) -> cf.ProcessPoolExecutor:
    pool = cf.ProcessPoolExecutor(max_workers=workers, initializer=_warm)
    list(pool.map(_ping, range(workers * 2)))  # start and warm every worker before timing
    return pool


def floor_stage(paths: list[Path], workers: int, keep: int) -> tuple[dict[str, Any], list[Any]]:
    """Normalization-only vs full extraction on the same sample, same pool size."""
    names = [str(p) for p in paths]
    out: dict[str, Any] = {"sample_docs": len(paths), "workers": workers, "rounds": 2}
    kept: list[Any] = []
    # Two alternating rounds (normalize, extract, normalize, extract), the faster of each kept:
    # a burst of other work on the machine during one pass then skews neither ratio.
    norm_cpu = ext_cpu = norm_wall = extract_wall = float("inf")
    with _pool(workers) as pool:
        for round_ in range(2):
            start = time.perf_counter()
            norm = list(pool.map(_normalize_only, names, chunksize=2))
            norm_wall = min(norm_wall, time.perf_counter() - start)
            norm_cpu = min(norm_cpu, sum(c for _, c in norm))
            start = time.perf_counter()
            extract = list(pool.map(_extract_only, names, [round_ == 0 and i < keep for i in range(len(names))],
                                    chunksize=2))
            extract_wall = min(extract_wall, time.perf_counter() - start)
            ext_cpu = min(ext_cpu, sum(c for _, c, _ in extract))
            if round_ == 0:
                kept = [r for _, _, r in extract if r is not None]
    total = sum(b for b, _ in norm)
    mb = total / 1e6
    out.update({
        "sample_mb": round(mb, 2),
        "normalize_mb_s_per_core": round(mb / norm_cpu, 3) if norm_cpu else None,
        "normalize_mb_s_wall": round(mb / norm_wall, 3),
        "extract_mb_s_per_core": round(mb / ext_cpu, 3) if ext_cpu else None,
        "extract_mb_s_wall": round(mb / extract_wall, 3),
        "extract_docs_s_wall": round(len(paths) / extract_wall, 2),
        "extract_ms_per_doc_cpu": round(1000 * ext_cpu / len(paths), 1),
        "normalize_ms_per_doc_cpu": round(1000 * norm_cpu / len(paths), 1),
    })
    out["extraction_vs_floor"] = round(norm_cpu / ext_cpu, 3) if ext_cpu else None
    out["extraction_vs_floor_wall"] = round(norm_wall / extract_wall, 3)
    return out, kept


# ---------------------------------------------------------------------------
# Stage 2: four ways to load the same rows
# ---------------------------------------------------------------------------

TABLES = ("document", "document_text", "section", "target", "actual", "project", "project_mention")
Rows = dict[str, tuple[tuple[str, ...], list[tuple]]]  # table -> (columns, rows)


def _rows_per_document(results: list[Any], run_id: int, first_id: int = 1) -> list[Rows]:
    """The rows guihua writes for each result, built ahead with etl.load's own row builders
    (document_id assigned here), so every method writes exactly the same rows."""

    from etl import load

    out = []
    for i, result in enumerate(results):
        doc_id = first_id + i
        d = result.document
        projects, mentions = load._project_rows(doc_id, result.projects)
        out.append({
            "document": (load.DOCUMENT_COLUMNS, [load._document_row(doc_id, _item(result), run_id)]),
            "document_text": (("document_id", "text"), [(doc_id, result.text)]),
            "section": (load.SECTION_COLUMNS, [
                (doc_id, s.path, s.level, s.kind, s.number_text, s.title, s.char_start, s.char_end)
                for s in load._unique_sections(result)]),
            "target": (load.FIGURE_COLUMNS, load._figure_rows(doc_id, d.doc, result.targets)),
            "actual": (load.FIGURE_COLUMNS, load._figure_rows(doc_id, d.doc, result.actuals)),
            "project": (load.PROJECT_COLUMNS, projects),
            "project_mention": (load.MENTION_COLUMNS, mentions),
        })
    return out


def _concat(per_doc: list[Rows]) -> Rows:
    out: Rows = {}
    for rows in per_doc:
        for table, (cols, data) in rows.items():
            out.setdefault(table, (cols, []))[1].extend(data)
    return out


_JSON_COLUMNS = ("region_candidates", "quality_flags")


def _python_rows(rows: Rows) -> Rows:
    """The same rows for the SQLAlchemy/pandas paths: JSON columns as Python objects (they serialize)
    and the date as a date (pandas binds strings as VARCHAR)."""
    from datetime import date

    cols, data = rows["document"]
    positions = [cols.index(c) for c in _JSON_COLUMNS]
    date_at = cols.index("published_on")
    converted = []
    for row in data:
        row = list(row)
        for i in positions:
            row[i] = json.loads(row[i])
        if row[date_at]:
            row[date_at] = date.fromisoformat(row[date_at])
        converted.append(tuple(row))
    return {**rows, "document": (cols, converted)}


def _truncate(conn: Any) -> None:
    conn.execute("truncate core.document, core.document_text, core.section, core.target, core.actual,"
                  " core.project, core.project_mention restart identity cascade")


def _count_rows(conn: Any) -> int:
    return sum(int(conn.execute(f"select count(*) from core.{t}").fetchone()[0]) for t in TABLES)


def _copy_tables(cur: Any, rows: Rows, per_table: dict[str, float] | None = None) -> None:
    for table in TABLES:
        columns, data = rows[table]
        if not data:
            continue
        start = time.perf_counter()
        with cur.copy(f"copy core.{table} ({', '.join(columns)}) from stdin") as copy:  # constant identifiers
            for row in data:
                copy.write_row(row)
        if per_table is not None:
            per_table[table] = per_table.get(table, 0.0) + time.perf_counter() - start


def _load_copy(url: str, rows: Rows, per_table: dict[str, float]) -> None:
    """The ceiling: pre-built rows, one COPY per table, one transaction."""
    import psycopg

    with psycopg.connect(url) as conn, conn.cursor() as cur:
        _copy_tables(cur, rows, per_table)
        conn.commit()


def _load_copy_per_document(url: str, per_doc: list[Rows]) -> None:
    """Pre-built rows, COPY per table, one transaction per document (guihua's unit of work)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for rows in per_doc:
            with conn.transaction(), conn.cursor() as cur:
                _copy_tables(cur, rows)


def _item(result: Any) -> Any:
    from etl.load import LoadItem

    return LoadItem(result, result.document.doc, result.document.char_count)


def _load_guihua(url: str, results: list[Any], run_id: int, batch_docs: int) -> None:
    """As the pipeline loads: records → rows, batches of GUIHUA_LOAD_BATCH_DOCS documents per
    transaction (each document replaced atomically), on a session prepared like the pipeline's."""
    from etl.db.connection import connect
    from etl.load import load_documents, prepare_loader_session

    conn = connect(url, autocommit=True)
    prepare_loader_session(conn)
    try:
        for start in range(0, len(results), batch_docs):
            load_documents(conn, [_item(r) for r in results[start:start + batch_docs]], run_id=run_id)
    finally:
        conn.close()


def _sa_tables(engine: Any) -> dict[str, Any]:
    from sqlalchemy import MetaData, Table

    meta = MetaData(schema="core")
    with engine.connect() as conn:
        return {t: Table(t, meta, autoload_with=conn) for t in TABLES}


def _load_sqlalchemy(engine: Any, tables: dict[str, Any], per_doc: list[Rows], per_table: dict[str, float] | None,
                     bulk: bool) -> None:
    """Table.insert() with a list of parameter sets (executemany; insertmanyvalues batches)."""
    def write(conn: Any, rows: Rows) -> None:
        for table in TABLES:
            cols, data = rows[table]
            if data:
                start = time.perf_counter()
                conn.execute(tables[table].insert(), [dict(zip(cols, r)) for r in data])
                if per_table is not None:
                    per_table[table] = per_table.get(table, 0.0) + time.perf_counter() - start

    if bulk:
        with engine.begin() as conn:
            write(conn, _concat(per_doc))
    else:
        with engine.connect() as conn:
            for rows in per_doc:
                with conn.begin():
                    write(conn, rows)


def _load_pandas(engine: Any, per_doc: list[Rows], types: dict[str, dict[str, Any]],
                 per_table: dict[str, float] | None, bulk: bool) -> None:
    """DataFrame.to_sql(if_exists="append") with the tables' column types (Decimal, date, JSON)."""
    import pandas as pd

    def write(conn: Any, rows: Rows) -> None:
        for table in TABLES:
            cols, data = rows[table]
            if data:
                start = time.perf_counter()
                frame = pd.DataFrame.from_records(data, columns=list(cols))
                frame.to_sql(table, conn, schema="core", if_exists="append", index=False,
                             dtype={c: types[table][c] for c in cols})
                if per_table is not None:
                    per_table[table] = per_table.get(table, 0.0) + time.perf_counter() - start

    if bulk:
        with engine.begin() as conn:
            write(conn, _concat(per_doc))
    else:
        with engine.connect() as conn:
            for rows in per_doc:
                with conn.begin():
                    write(conn, rows)


def load_stage(url: str, results: list[Any], compare: bool, batch_docs: int = 32) -> dict[str, Any]:
    """The same rows into the same (truncated) core tables, several ways.

    bulk (all documents in one transaction): bare COPY — the ceiling —, SQLAlchemy executemany,
    pandas.to_sql. Per document (one transaction each, as the pipeline must, to replace a document
    atomically): guihua's loader (record → row conversion included, delete of the old version),
    bare COPY, SQLAlchemy, pandas. rows/s, seconds per table and ratios.
    """
    import psycopg
    from sqlalchemy import create_engine, pool

    from etl.db.connection import sqlalchemy_url

    with psycopg.connect(url, autocommit=True) as conn:
        run_id = int(conn.execute("insert into core.etl_run (status, pid, host, inputs) values"
                                  " ('succeeded', 0, 'bench', 'bench') returning run_id").fetchone()[0])
        _truncate(conn)
    per_doc = _rows_per_document(results, run_id)
    bulk_rows = _concat(per_doc)
    n_rows = sum(len(data) for _, data in bulk_rows.values())
    out: dict[str, Any] = {
        "docs": len(results), "rows": n_rows,
        "rows_per_table": {t: len(bulk_rows[t][1]) for t in TABLES},
        "text_mb": round(sum(len(r[1].encode("utf-8")) for r in bulk_rows["document_text"][1]) / 1e6, 2),
    }

    def measure(name: str, action: Callable[[dict[str, float]], None], repeat: int = 1) -> None:
        best, best_tables = None, {}
        for _ in range(repeat):
            with psycopg.connect(url, autocommit=True) as conn:
                _truncate(conn)
                conn.execute("vacuum analyze core.document")  # same starting state for every method
            per_table: dict[str, float] = {}
            start = time.perf_counter()
            action(per_table)
            seconds = time.perf_counter() - start
            if best is None or seconds < best:
                best, best_tables = seconds, per_table
        with psycopg.connect(url, autocommit=True) as conn:
            loaded = _count_rows(conn)
        out[name] = {"seconds": round(best, 4), "rows_s": round(n_rows / best), "rows_loaded": loaded}
        if best_tables:
            out[name]["seconds_per_table"] = {t: round(v, 4) for t, v in best_tables.items()}

    measure("bare_copy", lambda pt: _load_copy(url, bulk_rows, pt), repeat=3)
    measure("guihua_loader", lambda pt: _load_guihua(url, results, run_id, batch_docs), repeat=3)
    out["loader_batch_docs"] = batch_docs
    measure("bare_copy_per_document", lambda pt: _load_copy_per_document(url, per_doc), repeat=3)
    if compare:
        engine = create_engine(sqlalchemy_url(url), poolclass=pool.NullPool)
        py_docs = [_python_rows(rows) for rows in per_doc]
        tables = _sa_tables(engine)
        types = {t: {c.name: c.type for c in table.columns} for t, table in tables.items()}
        measure("sqlalchemy_executemany", lambda pt: _load_sqlalchemy(engine, tables, py_docs, pt, bulk=True))
        measure("pandas_to_sql", lambda pt: _load_pandas(engine, py_docs, types, pt, bulk=True))
        measure("sqlalchemy_per_document", lambda pt: _load_sqlalchemy(engine, tables, py_docs, None, bulk=False))
        measure("pandas_per_document", lambda pt: _load_pandas(engine, py_docs, types, None, bulk=False))
        engine.dispose()
    loader = out["guihua_loader"]["rows_s"]
    out["loader_vs_copy"] = round(loader / out["bare_copy"]["rows_s"], 3)
    out["loader_vs_copy_per_document"] = round(loader / out["bare_copy_per_document"]["rows_s"], 3)
    if compare:
        out["loader_vs_pandas"] = round(loader / out["pandas_to_sql"]["rows_s"], 2)
        out["loader_vs_pandas_per_document"] = round(loader / out["pandas_per_document"]["rows_s"], 2)
        out["loader_vs_sqlalchemy"] = round(loader / out["sqlalchemy_executemany"]["rows_s"], 2)
        out["copy_vs_pandas"] = round(out["bare_copy"]["rows_s"] / out["pandas_to_sql"]["rows_s"], 2)
    with psycopg.connect(url, autocommit=True) as conn:
        _truncate(conn)
    return out


# ---------------------------------------------------------------------------
# Databases
# ---------------------------------------------------------------------------

def _url_with_db(url: str, dbname: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    from etl.db.connection import libpq_url

    parts = urlsplit(libpq_url(url))
    return urlunsplit(parts._replace(path=f"/{dbname}"))


@contextmanager
def bench_databases(settings: Settings, names: list[str], keep: bool) -> Iterator[list[str]]:
    """Fresh databases on the configured server (DATABASE_URL or the embedded one)."""
    import psycopg

    from etl.db.connection import database

    with database(settings) as admin_url:
        urls = []
        with psycopg.connect(admin_url, autocommit=True) as conn:
            for name in names:
                conn.execute(f'drop database if exists "{name}" with (force)')  # generated names
                conn.execute(f'create database "{name}"')
                urls.append(_url_with_db(admin_url, name))
        try:
            yield urls
        finally:
            if not keep:
                with psycopg.connect(admin_url, autocommit=True) as conn:
                    for name in names:
                        conn.execute(f'drop database if exists "{name}" with (force)')


# ---------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------

def _corpus_paths(docs_dir: Path) -> list[Path]:
    return sorted(docs_dir.rglob("*.txt"))


def _sample(paths: list[Path], k: int) -> list[Path]:
    """The first k documents: the generator takes the seeds in turn, so templates stay balanced."""
    return paths[:k]


def _machine() -> dict[str, Any]:
    import psutil

    return {
        "cpus": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(), "platform": platform.platform(),
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }


def _server_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        return str(conn.execute("show server_version").fetchone()[0])


def run_benchmark(config: BenchConfig, say: Callable[[str], None] = print) -> dict[str, Any]:
    """Run every stage; return the results (also written to config.out as JSON)."""
    from bench import accuracy, generate
    from etl.extract.document import extract_bytes
    from etl.load import load_document
    from etl.regions import load_regions

    settings = load_settings()
    config.out.mkdir(parents=True, exist_ok=True)
    corpus = config.corpus or config.out / f"corpus-{config.docs}"
    result: dict[str, Any] = {
        "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "config": {"docs": config.docs, "workers": config.workers, "seed": config.seed,
                   "sample": config.sample_size, "quick": config.quick, "dbt": config.dbt,
                   "dbt_project": str(config.dbt_project) if config.dbt_project else None},
        "machine": _machine(), "targets": TARGETS,
    }
    stamp = f"{os.getpid()}_{int(time.time())}"
    with RssSampler() as rss:
        say(f"generating {config.docs} documents in {corpus} …")
        with rss.during("generate"):
            manifest = generate.generate(config.docs, corpus, seed=config.seed)
        result["corpus"] = {k: manifest[k] for k in ("docs", "bytes", "templates", "seconds")}
        result["corpus"]["mb"] = round(manifest["bytes"] / 1e6, 1)
        paths = _corpus_paths(corpus / "docs")
        sample = _sample(paths, config.sample_size)

        say(f"floor: normalize vs extract on {len(sample)} documents, {config.workers} workers …")
        with rss.during("floor"):
            result["floor"], kept = floor_stage(sample, config.workers, keep=len(sample))

        with bench_databases(settings, [f"guihua_bench_{stamp}", f"guihua_bench_cmp_{stamp}"], config.keep) as (
                url, cmp_url):
            result["server_version"] = _server_version(url)
            from etl.db import migrate

            migrate.upgrade(cmp_url)
            say(f"load: bare COPY vs guihua's loader{' vs SQLAlchemy vs pandas' if config.compare else ''}"
                f" on {len(kept)} documents …")
            with rss.during("load_compare"):
                result["load"] = load_stage(cmp_url, kept, config.compare, settings.load_batch_docs)
            del kept

            say(f"run: {config.docs} documents, extract + load + dbt build "
                f"({'dbt project ' + str(config.dbt_project) if config.dbt_project else 'dbt as in the tree'}"
                f"{', dbt skipped' if not config.dbt else ''}) …")
            summary = run_pipeline(rss, "run", corpus / "docs", url, settings.home, config.workers,
                                   "always" if config.dbt else "never", config.dbt_project)
            result["run"] = _run_figures(summary, manifest["bytes"], config.workers)
            result["run"]["dbt_slowest_nodes"] = _dbt_slowest(settings.home)

            say("re-run with nothing changed …")
            again = run_pipeline(rss, "rerun", corpus / "docs", url, settings.home, config.workers,
                                 "auto" if config.dbt else "never", config.dbt_project)
            result["rerun"] = {"seconds": round(again["seconds"], 2), "status": again.get("status"),
                               "unchanged": again.get("counts", {}).get("unchanged"),
                               "loaded": again.get("counts", {}).get("loaded"), "dbt": again.get("dbt_status"),
                               "timings": again.get("timings")}
            if config.rerun_cli:
                env = {**os.environ, "DATABASE_URL": url, "GUIHUA_HOME": str(settings.home)}
                start = time.perf_counter()
                proc = subprocess.Popen([sys.executable, "-m", "etl.cli", "run", str(corpus / "docs"),
                                         "--workers", str(config.workers), "--dbt",
                                         "auto" if config.dbt else "never"], env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        stdin=subprocess.DEVNULL)
                with rss.during("rerun_cli", root=proc.pid):
                    _, stderr = proc.communicate()
                result["rerun"]["cli_seconds"] = round(time.perf_counter() - start, 2)
                result["rerun"]["cli_exit"] = proc.returncode
                result["rerun"]["cli_line"] = (stderr.strip().splitlines() or [""])[-1][:300]

            say("accuracy: loaded records vs the generator's expectations …")
            with rss.during("accuracy"):
                table = load_regions()
                import psycopg

                with psycopg.connect(cmp_url, autocommit=True) as conn:
                    _truncate(conn)
                    run_id = int(conn.execute("select max(run_id) from core.etl_run").fetchone()[0])
                    seeds = generate.load_templates(table=table)
                    for template in seeds:
                        seed_result = extract_bytes(template.text.encode("utf-8"), f"{template.stem}.txt")
                        if hasattr(seed_result, "document"):
                            load_document(conn, seed_result, run_id=run_id, source_path=template.stem,
                                          size_bytes=len(template.text))
                baseline = accuracy.score_corpus(
                    sorted((generate.seed_expectations(t, table) for t in seeds), key=lambda e: e["doc"]),
                    accuracy.read_loaded(cmp_url))
                scores = accuracy.score_corpus(generate.read_expected(corpus), accuracy.read_loaded(url))
            result["accuracy"] = _accuracy_figures(baseline, scores)

    result["rss"] = rss.peaks
    pipeline_phases = [p for k, p in rss.peaks.items() if k in ("run", "rerun", "rerun_cli")]
    result["peak_rss_mb"] = max((p["tree_rss_mb"] for p in pipeline_phases), default=0.0)
    result["peak_pss_mb"] = max((p["tree_pss_mb"] for p in pipeline_phases), default=0.0)
    result["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    result["verdict"] = _verdict(result, config)
    result["finished_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    name = f"bench-N{config.docs}-w{config.workers}{'-quick' if config.quick else ''}"
    path = config.out / f"{name}-{datetime.now():%Y%m%d-%H%M%S}.json"
    text = json.dumps(result, indent=2, ensure_ascii=False, default=_json_default)
    path.write_text(text)
    (config.out / f"{name}.json").write_text(text)
    result["json_path"] = str(path)
    return result


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(type(value))


def _pipeline_child(conn: Any, docs_dir: str, database_url: str, home: str, workers: int, run_dbt: str,
                    dbt_project: str | None) -> None:
    """In a fresh (spawned) process: `etl.pipeline.run` as `guihua run` would, and its CPU use."""
    import resource

    payload: dict[str, Any] = {}
    try:
        settings = dataclasses.replace(load_settings(), database_url=database_url, home=Path(home))
        if dbt_project:  # what-if: build the marts from another copy of the dbt project
            import etl.transform

            etl.transform.DBT_PROJECT_DIR = Path(dbt_project)
        from etl import pipeline

        start = time.perf_counter()
        summary = pipeline.run([Path(docs_dir)], settings=settings, workers=workers, run_dbt=run_dbt)
        payload.update({
            "seconds": time.perf_counter() - start, "status": summary.status, "counts": dict(summary.counts),
            "rows": summary.rows, "dbt_status": summary.dbt_status, "message": summary.message,
            "timings": dict(getattr(summary, "timings", {}) or {}),
            "bytes_loaded": getattr(summary, "bytes_loaded", None),
        })
    except BaseException as exc:  # reported, not raised: the parent prints it
        payload["error"] = f"{type(exc).__name__}: {exc}"
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    payload["cpu_main_seconds"] = me.ru_utime + me.ru_stime
    payload["cpu_workers_seconds"] = kids.ru_utime + kids.ru_stime
    conn.send(payload)
    conn.close()


def run_pipeline(rss: RssSampler, phase: str, docs_dir: Path, url: str, home: Path, workers: int, run_dbt: str,
                 dbt_project: Path | None) -> dict[str, Any]:
    """One `guihua run` in its own process tree (its memory is not the benchmark's), sampled for RSS."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    busy = _machine_busy_seconds()
    start = time.perf_counter()
    proc = ctx.Process(target=_pipeline_child, args=(child, str(docs_dir), url, str(home), workers, run_dbt,
                                                     str(dbt_project) if dbt_project else None))
    proc.start()
    child.close()
    with rss.during(phase, root=proc.pid):
        payload = parent.recv()
        proc.join()
    payload["process_seconds"] = time.perf_counter() - start
    payload["machine_busy_cpu_seconds"] = _machine_busy_seconds() - busy
    if "error" in payload:
        raise RuntimeError(f"the pipeline failed in the benchmark: {payload['error']}")
    return payload


def _dbt_slowest(home: Path, top: int = 8) -> list[dict[str, Any]]:
    """The slowest models and tests of the last dbt invocation (dbt's run_results.json)."""
    path = home / "dbt" / "target" / "run_results.json"
    try:
        results = json.loads(path.read_text())["results"]
    except (OSError, ValueError, KeyError):
        return []
    ranked = sorted(results, key=lambda r: r.get("execution_time") or 0, reverse=True)[:top]
    return [{"node": r["unique_id"], "seconds": round(r.get("execution_time") or 0, 2), "status": r.get("status")}
            for r in ranked]


def _run_figures(summary: dict[str, Any], corpus_bytes: int, workers: int) -> dict[str, Any]:
    timings = summary.get("timings") or {}
    total = summary["seconds"]
    dbt = timings.get("dbt", 0.0)
    extract_load = total - dbt
    loaded = summary["counts"]["loaded"]
    ours = summary["cpu_main_seconds"] + summary["cpu_workers_seconds"]
    cores = os.cpu_count() or 1
    out = {
        "status": summary["status"], "counts": summary["counts"], "rows": summary["rows"],
        "dbt_status": summary["dbt_status"],
        "end_to_end_seconds": round(total, 2),
        "extract_load_seconds": round(extract_load, 2),
        "dbt_seconds": round(dbt, 2),
        "extract_mb_s": round(corpus_bytes / 1e6 / extract_load, 3) if extract_load else None,
        "extract_docs_s": round(loaded / extract_load, 2) if extract_load else None,
        "timings": {k: round(v, 2) for k, v in timings.items()},
        # CPU: guihua's processes (main + workers, dbt included) vs the whole machine in the same
        # interval; the rest is the database server and other users of a shared machine.
        "cpu_guihua_seconds": round(ours, 1),
        "cpu_machine_busy_seconds": round(summary["machine_busy_cpu_seconds"], 1),
        "cpu_postgres_and_others_seconds": round(max(0.0, summary["machine_busy_cpu_seconds"] - ours), 1),
        "cpu_capacity_seconds": round(cores * summary["process_seconds"], 1),
    }
    if timings.get("load"):
        out["load_rows_s"] = round(summary["rows"] / timings["load"])
    return out


def _accuracy_figures(baseline: dict[str, Any], scores: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"seed": {}, "generated": {}, "met": {}}
    keys = ("region_code_accuracy", "targets", "actuals", "figure_fields_ok", "project_list", "project_prose",
            "project_amounts_ok", "project_fields_ok")
    for template in sorted(set(baseline) | set(scores)):
        b = baseline.get(template)
        g = scores.get(template)
        if b is not None:
            out["seed"][template] = b.summary()
        if g is not None:
            out["generated"][template] = g.summary()
        if b is not None and g is not None:
            met = {}
            for key in keys:
                bv, gv = out["seed"][template][key], out["generated"][template][key]
                if isinstance(bv, dict):
                    met[key] = abs(bv["precision"] - gv["precision"]) <= 0.005 and abs(bv["recall"] - gv["recall"]) <= 0.005
                else:
                    met[key] = abs(bv - gv) <= 0.005
            out["met"][template] = met
    return out


def _verdict(result: dict[str, Any], config: BenchConfig) -> dict[str, Any]:
    floor, load, run, rerun = result["floor"], result["load"], result["run"], result["rerun"]
    scale = 10_000 / max(1, config.docs)
    rerun_seconds = rerun.get("cli_seconds", rerun["seconds"])
    out: dict[str, Any] = {
        "extraction_vs_floor": floor["extraction_vs_floor"] is not None
        and floor["extraction_vs_floor"] >= TARGETS["extraction_vs_floor"],
        "loader_vs_copy": load["loader_vs_copy"] >= TARGETS["loader_vs_copy"],
        "peak_rss": result["peak_rss_mb"] < TARGETS["peak_rss_mb"],
    }
    if "loader_vs_pandas" in load:
        out["loader_vs_pandas"] = load["loader_vs_pandas"] >= TARGETS["loader_vs_pandas"]
        out["loader_vs_pandas_per_document"] = load["loader_vs_pandas_per_document"] >= TARGETS["loader_vs_pandas"]
    # judged at 10,000 documents; at other sizes a linear projection is shown, not judged
    out["end_to_end_10k_seconds"] = round(run["end_to_end_seconds"] * scale, 1)
    out["rerun_10k_seconds"] = round(rerun_seconds * scale, 1)
    if config.docs == 10_000:
        out["end_to_end_10k"] = run["end_to_end_seconds"] < TARGETS["end_to_end_seconds_10k"]
        out["rerun_10k"] = rerun_seconds < TARGETS["rerun_seconds_10k"]
    return out


# ---------------------------------------------------------------------------
# Printing
# ---------------------------------------------------------------------------

def render(result: dict[str, Any]) -> Any:
    """A rich table of the headline figures (the JSON holds everything)."""
    from rich.table import Table

    floor, load, run, rerun = result["floor"], result["load"], result["run"], result["rerun"]
    cfg = result["config"]
    machine = result["machine"]
    table = Table(title=f"guihua bench — N={cfg['docs']:,} docs ({result['corpus']['mb']} MB), "
                        f"{cfg['workers']} workers, {machine['cpus']} CPUs shared "
                        f"(load avg {machine['load_average_start'][0]}→{machine.get('load_average_end', ['?'])[0]})")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("ratio / target", justify="right")
    row = table.add_row

    row("normalization only (the floor)", f"{floor['normalize_mb_s_per_core']} MB/s/core",
        f"{floor['normalize_ms_per_doc_cpu']} ms/doc CPU")
    row("extraction, sample", f"{floor['extract_mb_s_per_core']} MB/s/core",
        f"{floor['extract_ms_per_doc_cpu']} ms/doc CPU")
    row("extraction / floor (per core)", f"{floor['extraction_vs_floor']:.0%}",
        f"≥ 50% (wall {floor['extraction_vs_floor_wall']:.0%})")
    row("run: extract + load (wall)", f"{run['extract_load_seconds']} s",
        f"{run['extract_mb_s']} MB/s, {run['extract_docs_s']} docs/s")
    if "load_rows_s" in run:
        row("run: loading (main process)", f"{run['load_rows_s']:,} rows/s", f"{run['rows']:,} rows")
    row("run: dbt build", f"{run['dbt_seconds']} s", str(run["dbt_status"]))
    row("run: end to end", f"{run['end_to_end_seconds']} s",
        f"< 600 s at 10k (linear: {result['verdict']['end_to_end_10k_seconds']} s)")
    row("run: CPU guihua / machine busy", f"{run['cpu_guihua_seconds']} / {run['cpu_machine_busy_seconds']} s",
        f"of {run['cpu_capacity_seconds']} s capacity")
    row("no-change re-run", f"{rerun['seconds']} s in-process",
        f"`guihua run`: {rerun.get('cli_seconds', '—')} s (< 10 s at 10k)")
    row("peak memory, pipeline tree", f"RSS {result['peak_rss_mb']} MB", f"PSS {result['peak_pss_mb']} MB (< 1024)")
    copy = load["bare_copy"]["rows_s"]
    row("load: bare COPY, bulk", f"{copy:,} rows/s", f"{load['rows']:,} rows, {load['text_mb']} MB text")
    row("load: guihua loader", f"{load['guihua_loader']['rows_s']:,} rows/s",
        f"{load['loader_vs_copy']:.0%} of bulk COPY (≥ 40%)")
    row("load: bare COPY, per document", f"{load['bare_copy_per_document']['rows_s']:,} rows/s",
        f"loader {load['loader_vs_copy_per_document']:.0%} of it")
    if "pandas_to_sql" in load:
        row("load: SQLAlchemy executemany, bulk", f"{load['sqlalchemy_executemany']['rows_s']:,} rows/s",
            f"loader {load['loader_vs_sqlalchemy']}×")
        row("load: pandas.to_sql, bulk", f"{load['pandas_to_sql']['rows_s']:,} rows/s",
            f"loader {load['loader_vs_pandas']}× (≥ 10×)")
        row("load: SQLAlchemy, per document", f"{load['sqlalchemy_per_document']['rows_s']:,} rows/s", "")
        row("load: pandas.to_sql, per document", f"{load['pandas_per_document']['rows_s']:,} rows/s",
            f"loader {load['loader_vs_pandas_per_document']}×")
    acc = result["accuracy"]
    gen = acc["generated"].get("all", {})
    seed = acc["seed"].get("all", {})
    if gen:
        def pr(d: dict[str, Any], k: str) -> str:
            return f"P {d[k]['precision']:.3f} R {d[k]['recall']:.3f}"

        row("accuracy: region_code", f"{gen['region_code_accuracy']:.3f}",
            f"seeds {seed.get('region_code_accuracy', 0):.3f}")
        for key in ("targets", "actuals", "project_list", "project_prose"):
            row(f"accuracy: {key}", pr(gen, key), f"seeds {pr(seed, key)}" if seed else "")
        row("accuracy: amounts / project fields", f"{gen['project_amounts_ok']:.3f} / {gen['project_fields_ok']:.3f}",
            f"seeds {seed.get('project_amounts_ok', 0):.3f} / {seed.get('project_fields_ok', 0):.3f}")
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="guihua's benchmark (see bench/run.py)")
    parser.add_argument("--docs", "-n", type=int, default=1000, help="corpus size (100, 1000, 10000)")
    parser.add_argument("--workers", "-j", type=int, default=os.cpu_count() or 1, help="extraction processes")
    parser.add_argument("--seed", type=int, default=2021, help="generator seed")
    parser.add_argument("--sample", type=int, default=None, help="documents for the floor and load comparison")
    parser.add_argument("--quick", action="store_true", help="tiny samples (smoke test)")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark databases")
    parser.add_argument("--no-compare", action="store_true", help="skip the SQLAlchemy and pandas loads")
    parser.add_argument("--no-cli-rerun", action="store_true", help="skip timing `guihua run` as a subprocess")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder (JSON, generated corpora)")
    parser.add_argument("--no-dbt", action="store_true", help="skip the dbt build (extract + load only)")
    parser.add_argument("--dbt-project", type=Path, default=None,
                        help="what-if: build the marts from this copy of dbt_project/ instead of the tree's")
    args = parser.parse_args(argv)
    config = BenchConfig(docs=args.docs, workers=args.workers, seed=args.seed, sample=args.sample, quick=args.quick,
                         keep=args.keep, compare=not args.no_compare, rerun_cli=not args.no_cli_rerun, out=args.out,
                         dbt=not args.no_dbt, dbt_project=args.dbt_project)
    from rich.console import Console

    err = Console(stderr=True)
    result = run_benchmark(config, say=lambda s: err.print(s, highlight=False))
    Console(width=max(Console().width, 118)).print(render(result))
    err.print(f"JSON: {result['json_path']}", highlight=False)
    return 0
