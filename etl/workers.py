"""Extraction worker processes that cannot outlive their run nor hold what it holds.

A pool forked after the run connected copies the run's sockets: killed, the run left
workers (parent PID 1) that kept its advisory-lock session open and locked every later
run out (issue 14, LESSONS.md "fork() copies open connections"). So the workers are
spawned (fresh interpreters that inherit no descriptor of the run: no connection, no
flock) as direct children of the run, and each one arranges to die with it: the kernel
kills it when the run's process ends (PR_SET_PDEATHSIG on Linux), and a watchdog thread
ends it when the run's process is gone (other systems, and a run that died before prctl).
Not a fork server: its workers hold its liveness pipe, so it outlives a killed run as long
as they do, and PR_SET_PDEATHSIG would then never fire.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor

from etl.processes import pid_alive

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_SECONDS = 0.5


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers share nothing with the run and die with it."""
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=worker_started,
                               initargs=(os.getpid(),))


def kill_workers(executor: Executor) -> None:
    """End a pool's workers now, their running documents unfinished (the run is stopping).

    shutdown() alone waits for every running task, and so does the interpreter at exit: a run told
    to stop (SIGTERM) would wait for its workers' documents instead of ending.
    """
    if not isinstance(executor, ProcessPoolExecutor):
        return
    if hasattr(executor, "kill_workers"):  # Python 3.14+
        executor.kill_workers()
        return
    for process in list((executor._processes or {}).values()):  # noqa: SLF001 - no public API before 3.14
        if process.is_alive():
            process.kill()


def worker_started(run_pid: int) -> None:
    """Pool initializer: tie this worker's life to the run's (pid `run_pid`)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if not pid_alive(run_pid):  # the run ended before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_run, args=(run_pid,), name="guihua-watch-run", daemon=True).start()


def _watch_run(run_pid: int) -> None:
    while pid_alive(run_pid):
        time.sleep(WATCH_SECONDS)
    os._exit(1)  # the run is gone: nothing will read this worker's result
