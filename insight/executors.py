"""Where stages run: in this process, in a local process pool, or on a Dask cluster, behind one small Protocol.

Every executor returns results in task order and keeps a bounded number of tasks in flight, so a stream of
chunks is processed in bounded memory and the driver sees the same sequence of results whichever runs them.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol


class Executor(Protocol):
    workers: int

    def map(self, fn: Callable[..., Any], tasks: Iterable[tuple]) -> Iterator[Any]:
        """Apply fn(*task) to each task; yield results in task order."""
        ...

    def broadcast(self, obj: Any) -> Any:
        """A handle to a large read-only object that tasks receive instead of a copy each; see `resolve`."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class FileRef:
    """A broadcast object pickled once to a file that every local worker reads once."""

    path: str


@lru_cache(maxsize=4)
def _load(path: str) -> Any:
    with open(path, "rb") as f:
        return pickle.load(f)  # noqa: S301 (a file this process wrote a moment ago, never outside input)


def resolve(ref: Any) -> Any:
    """The object behind a broadcast handle (Dask resolves its own futures before the task runs)."""
    return _load(ref.path) if isinstance(ref, FileRef) else ref


class SerialExecutor:
    """Runs stages in the calling process: the default for small inputs and for the web app."""

    workers = 1

    def map(self, fn: Callable[..., Any], tasks: Iterable[tuple]) -> Iterator[Any]:
        for t in tasks:
            yield fn(*t)

    def broadcast(self, obj: Any) -> Any:
        return obj

    def close(self) -> None:
        pass


def _warm(_: int = 0) -> int:
    # Importing the heavy modules once per worker keeps that cost out of the first real task's latency.
    import insight.stages  # noqa: F401

    return os.getpid()


class ProcessExecutor:
    """A local process pool; all cores by default."""

    def __init__(self, workers: int | None = None) -> None:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        self.workers = workers or os.cpu_count() or 1
        # spawn, not fork: a forked worker would share (and be charged for) the driver's large arrays.
        self._pool = ProcessPoolExecutor(self.workers, mp_context=mp.get_context("spawn"))
        list(self._pool.map(_warm, range(self.workers)))
        self._tmp = tempfile.mkdtemp(prefix="insight-")
        self._n = 0

    def broadcast(self, obj: Any) -> Any:
        self._n += 1
        path = os.path.join(self._tmp, f"b{self._n}.pkl")
        with open(path, "wb") as f:
            pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
        return FileRef(path)

    def map(self, fn: Callable[..., Any], tasks: Iterable[tuple]) -> Iterator[Any]:
        window: deque = deque()
        for t in tasks:
            window.append(self._pool.submit(fn, *t))
            if len(window) >= 2 * self.workers + 1:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)
        shutil.rmtree(self._tmp, ignore_errors=True)


class DaskExecutor:
    """Runs the same stages on a Dask cluster given its scheduler address (or an existing Client)."""

    def __init__(self, address: str | None = None, client: Any = None) -> None:
        from distributed import Client

        self._own = client is None
        self.client = client if client is not None else Client(address)
        info = self.client.scheduler_info()
        self.workers = max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))

    def map(self, fn: Callable[..., Any], tasks: Iterable[tuple]) -> Iterator[Any]:
        window: deque = deque()
        for t in tasks:
            window.append(self.client.submit(fn, *t, pure=False))
            if len(window) >= 2 * self.workers + 1:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()

    def broadcast(self, obj: Any) -> Any:
        return self.client.scatter(obj, broadcast=True)

    def close(self) -> None:
        if self._own:
            self.client.close()
