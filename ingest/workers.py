"""Parser processes: every file parsed within bounds of its own.

Each process runs with an address-space limit (``limits.MAX_PARSE_BYTES``) and each file with a
time limit (``limits.MAX_PARSE_SECONDS``). A file past either, or one whose process dies (killed
by the system, a crash in a native library), gets the failure's reason as its result; the
process is replaced and the other files go on. Files are handed out one at a time, so one slow
file holds up one process only.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import resource
import signal
import sys
import time
import types
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from . import limits

_GRACE_SECONDS = 10  # after the time limit, how long a process may take to give up by itself


class Overtime(BaseException):
    """Raised in a parser process when a file takes longer than its limit. A BaseException, so
    that no reader's catch-all for a broken piece swallows it."""


def _overtime(signum: int, frame: object) -> None:
    raise Overtime


def _stop(signum: int, frame: object) -> None:
    sys.exit(1)  # unwinds, so temporary folders (of a conversion) are removed


def _serve(conn: Connection, task: Callable[[Any], Any], values: dict[str, float]) -> None:
    """A parser process: results of ``task`` for what it receives, until told to stop."""
    limits.adopt(values)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = int(limits.MAX_PARSE_BYTES)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    signal.signal(signal.SIGALRM, _overtime)
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            item = conn.recv()
        except EOFError:
            return
        if item is None:
            return
        index, argument = item
        try:
            signal.setitimer(signal.ITIMER_REAL, limits.MAX_PARSE_SECONDS)
            outcome: tuple[str, Any] = ("done", task(argument))
        except Overtime:
            outcome = ("failed", _late())
        except MemoryError:
            outcome = ("failed", _too_big())
        finally:  # the timer stops; an alarm that came too late to matter is swallowed
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.sigtimedwait({signal.SIGALRM}, 0)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})
        try:
            conn.send((index, outcome))
        except MemoryError:
            conn.send((index, ("failed", _too_big())))


def _late() -> str:
    return f"parsing took longer than {limits.MAX_PARSE_SECONDS:g} s (JIXIAO_MAX_PARSE_SECONDS)"


def _too_big() -> str:
    return f"parsing needed more than {limits.MAX_PARSE_BYTES // 2**20:,} MB of memory (JIXIAO_MAX_PARSE_MB)"


def _died(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        cause = ": out of memory?" if name == "SIGKILL" else ""
        return f"the parser process died reading it (killed by {name}{cause})"
    return f"the parser process died reading it (exit status {exitcode})"


@contextmanager
def _without_main() -> Iterator[None]:
    """A spawned process runs its parent's ``__main__`` again unless told otherwise; a parser
    needs nothing of it (its task is importable), and a caller's script (a notebook, a Streamlit
    page, a script without a ``__main__`` guard) must not run again in every parser."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection


class Pool:
    """``size`` parser processes running ``task`` (a module-level function); ``failed(reason)``
    is the result for a file whose parsing failed without a result. Processes start when first
    needed."""

    def __init__(self, task: Callable[[Any], Any], size: int, failed: Callable[[str], Any]) -> None:
        self._task, self._size, self._failed = task, max(1, size), failed
        self._context = multiprocessing.get_context("spawn")
        self._idle: list[_Worker] = []
        self._all: list[_Worker] = []

    def _start(self) -> _Worker:
        mine, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_serve, args=(theirs, self._task, limits.snapshot()), daemon=True, name="jixiao-parser"
        )
        with _without_main():
            process.start()
        theirs.close()
        worker = _Worker(process, mine)
        self._all.append(worker)
        return worker

    def map(self, items: list[Any]) -> list[Any]:
        """The task's result for each item, in order."""
        return list(self.imap(items, ahead=max(len(items), 1)))

    def imap(self, items: Iterable[Any], ahead: int | None = None) -> Iterator[Any]:
        """The task's result for each item, in order, as they come: items are taken from
        ``items`` only when a process is free, and at most ``ahead`` (default four per process)
        are taken before their results are yielded, so memory stays bounded and the processes
        go on parsing while the caller works on what was yielded."""
        source = iter(items)
        ahead = max(ahead or 4 * self._size, 1)
        taken = yielded = 0
        exhausted = False
        ready: dict[int, Any] = {}  # results not yet yielded
        busy: dict[int, tuple[_Worker, float]] = {}  # item -> (its process, when it was handed out)
        hard = limits.MAX_PARSE_SECONDS + _GRACE_SECONDS
        while True:
            while not exhausted and taken - yielded < ahead and (self._idle or len(self._all) < self._size):
                try:
                    argument = next(source)
                except StopIteration:
                    exhausted = True
                    break
                worker = self._idle.pop() if self._idle else self._start()
                try:
                    worker.conn.send((taken, argument))
                except OSError:  # it died while idle: a fresh one takes the item
                    self._discard(worker)
                    worker = self._start()
                    worker.conn.send((taken, argument))
                busy[taken] = (worker, time.monotonic())
                taken += 1
            while yielded in ready:
                yield ready.pop(yielded)
                yielded += 1
            if exhausted and yielded == taken:
                return
            if not busy:
                continue
            first = min(started for _, started in busy.values())
            handles = [h for worker, _ in busy.values() for h in (worker.conn, worker.process.sentinel)]
            wait(handles, timeout=max(0.0, first + hard - time.monotonic()))
            for index, (worker, started) in list(busy.items()):
                if worker.conn.poll():
                    try:
                        _, (state, value) = worker.conn.recv()
                    except (EOFError, OSError):  # it died (reset: with what it was sent unread)
                        worker.process.join(5)
                        state, value = "died", _died(worker.process.exitcode)
                elif not worker.process.is_alive():
                    state, value = "died", _died(worker.process.exitcode)
                elif time.monotonic() - started > hard:
                    state, value = "died", _late() + ": its parser was stopped"
                else:
                    continue
                del busy[index]
                ready[index] = value if state == "done" else self._failed(value)
                if state == "died":
                    self._discard(worker)
                    worker = self._start()
                self._idle.append(worker)

    def _discard(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        self._all.remove(worker)

    def close(self) -> None:
        """Stop the processes: asked first (so that they clean up), then killed."""
        for worker in self._all:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        deadline = time.monotonic() + 5
        for worker in list(self._all):
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join(2)
            self._discard(worker)
        self._idle.clear()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
