"""Pure work (parsing files, planning links) in worker processes, results in order.

The load is a pipeline: workers read and parse files (loaders.extract, CPU-bound pure
Python) while the main process, the only one that talks to the store, checks duplicates
and writes each document in order. :func:`ordered_map` is that pipeline's shape:

- **In order.** Results come back in the order of the inputs, so what is written, and
  in which order (the first of two duplicate files is the one kept), is the same as a
  sequential load's: the graph after a parallel load is the sequential one's.
- **Bounded.** At most ``window`` tasks are submitted ahead of the one the main process
  waits for, and the inputs are drawn lazily: memory holds a few extractions, not one per
  file, whatever the number of files.
- **Sequential when asked.** ``workers <= 1`` runs ``fn`` in this process (no pool): small
  loads, the API's loads and the tests that patch the extractor.
- **Workers never outlive the load.** They are spawned (no copy of the main process's
  open store connection or threads), ignore SIGINT (the main process handles the stop
  and shuts them down), and exit on their own when the main process dies (kill -9), so
  no orphan keeps parsing.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Tasks in flight per worker: enough to keep every worker busy while the main process
# writes, few enough that memory does not follow the number of files.
WINDOW_PER_WORKER = 3


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def _watch_parent(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(1)  # the main process is gone (kill -9): stop, do not finish its queue
        time.sleep(1.0)


def _init_worker(parent: int, init: Callable[..., None] | None, args: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if init is not None:
        init(*args)


@contextlib.contextmanager
def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int, *,
                initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = (),
                window: int | None = None) -> Iterator[Iterator[R]]:
    """``fn`` over ``items`` in ``workers`` processes; yields an iterator of the results in
    input order. ``fn`` and ``initializer`` must be module-level functions (pickled by
    name). Leaving the block shuts the pool down, cancelling what has not started."""
    if workers <= 1:
        if initializer is not None:
            initializer(*initargs)
        yield (fn(x) for x in items)
        return
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(os.getpid(), initializer, initargs))
    limit = window or workers * WINDOW_PER_WORKER

    def results() -> Iterator[R]:
        pending: deque[Future[R]] = deque()
        source = iter(items)
        exhausted = False
        while True:
            while not exhausted and len(pending) < limit:
                try:
                    x = next(source)
                except StopIteration:
                    exhausted = True
                    break
                pending.append(pool.submit(fn, x))
            if not pending:
                return
            yield pending.popleft().result()

    finished = False
    try:
        yield results()
        finished = True
    finally:
        procs = list((getattr(pool, "_processes", None) or {}).values())  # shutdown() forgets them
        pool.shutdown(wait=finished, cancel_futures=True)
        if not finished:
            # Stopped (signal) or failed: do not wait for the files being parsed.
            for proc in procs:
                with contextlib.suppress(Exception):
                    proc.terminate()
