"""Per-document extraction on Dask (optional extra ``guihua[dask]``): `guihua run --executor dask`.

Extraction is a pure function of a file's bytes (etl/extract/document.py), so it can run
anywhere that can read the input paths. This module puts it on `dask.distributed`
behind the `concurrent.futures.Executor` interface the pipeline already uses
(`submit`/`map`/`shutdown`), through Dask's own `ClientExecutor`; loading stays in the
calling process, in the same batched transactions into the same PostgreSQL, so the run
ledger, the advisory lock and the change detection work exactly as with the local pool.

Where the workers run:

* by default a `LocalCluster` of ``workers`` processes (one thread each) on this machine;
* an existing Dask cluster when Dask's own configuration names a scheduler
  (``DASK_SCHEDULER_ADDRESS=tcp://scheduler:8786`` or ``scheduler-address`` in a Dask
  config file). Its workers must have guihua installed and see the input paths (a shared
  file system or object store mount), as with any Dask deployment.

No cluster code of our own: scheduling, retries of lost workers and data transfer are Dask's.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

log = logging.getLogger("guihua.distributed")


class DaskExecutor(cf.Executor):
    """A concurrent.futures Executor on a Dask client (and the LocalCluster it started, if any)."""

    def __init__(self, workers: int = 2, address: str | None = None) -> None:
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - exercised only without the extra
            raise RuntimeError("the dask executor needs the optional extra: "
                               "pip install 'guihua[dask]'") from exc
        address = address or dask.config.get("scheduler-address", None)
        self._cluster = None
        if address:
            log.info("extracting on the Dask cluster at %s", address)
            self._client = Client(address)
        else:
            self._cluster = LocalCluster(
                n_workers=max(1, workers), threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.WARNING,
            )
            self._client = Client(self._cluster)
        # pure=False: every document is its own task (no key deduplication by argument hash)
        self._executor = self._client.get_executor(pure=False)

    @property
    def client(self) -> Any:
        return self._client

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> cf.Future:
        return self._executor.submit(fn, *args, **kwargs)

    def map(self, fn: Callable[..., Any], *iterables: Iterable[Any], timeout: float | None = None,
            chunksize: int = 1) -> Iterator[Any]:
        return self._executor.map(fn, *iterables, timeout=timeout)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        try:
            self._executor.shutdown(wait=wait and not cancel_futures)
        finally:
            self._client.close()
            if self._cluster is not None:
                self._cluster.close()


def dask_executor(workers: int, address: str | None = None) -> DaskExecutor:
    """The executor `etl.pipeline` uses for ``--executor dask``."""
    return DaskExecutor(workers, address)
