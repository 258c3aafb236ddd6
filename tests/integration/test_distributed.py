"""The optional Dask executor (etl/distributed.py) in its local mode: a LocalCluster of processes.

Skipped only when the `dask` extra is not installed (CI installs it through the `test` extra).
"""

from __future__ import annotations

import dataclasses
import operator
from pathlib import Path

import psycopg
import pytest

from etl import pipeline
from etl.config import load_settings
from etl.distributed import DaskExecutor, dask_executor
from tests.helpers import snapshot, table_counts

pytest.importorskip("distributed", reason="the dask extra is not installed")


def _square(x: int) -> int:
    return x * x


def test_executor_interface_in_order_and_shutdown() -> None:
    executor = dask_executor(2)
    try:
        assert list(executor.map(_square, range(20))) == [x * x for x in range(20)]
        futures = [executor.submit(operator.add, i, 1) for i in range(5)]
        assert [f.result(timeout=60) for f in futures] == [1, 2, 3, 4, 5]
        assert len(executor.client.scheduler_info()["workers"]) == 2
    finally:
        executor.shutdown(cancel_futures=True)
    with pytest.raises(RuntimeError):
        executor.submit(_square, 2)


@pytest.mark.db
def test_run_on_dask_loads_the_same_rows_as_the_local_pool(fresh_db: str, tmp_path: Path,
                                                           seeds: list[Path]) -> None:
    settings = dataclasses.replace(load_settings(), database_url=fresh_db, home=tmp_path / "home")
    local = pipeline.run(seeds, settings=settings, workers=2, run_dbt="never")
    assert local.status == "succeeded" and local.counts["loaded"] == len(seeds)
    expected = snapshot(fresh_db)
    counts = table_counts(fresh_db)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("delete from core.document")

    on_dask = pipeline.run(seeds, settings=settings, workers=2, run_dbt="never", executor="dask")
    assert on_dask.status == "succeeded", on_dask.message
    assert on_dask.counts["loaded"] == len(seeds)
    assert table_counts(fresh_db) == counts
    assert snapshot(fresh_db) == expected

    again = pipeline.run(seeds, settings=settings, workers=2, run_dbt="never", executor="dask")
    assert again.counts["unchanged"] == len(seeds) and again.counts["loaded"] == 0


def test_executor_class_is_a_concurrent_futures_executor() -> None:
    import concurrent.futures as cf

    assert issubclass(DaskExecutor, cf.Executor)
