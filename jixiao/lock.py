"""One writer at a time: an advisory lock beside the warehouse, taken by every command that writes it.

`jixiao ingest`, `build` and `check` hold ``<db>.lock`` (``flock``) for as long as they write, so an
ingest started during a build waits for it (``--wait``) or is refused with the holder's name,
instead of being overwritten by the build's swap. The operating system releases the lock when
its holder exits, however it exits: a killed command leaves no stale lock. Readers (the
dashboard, `jixiao sql`) take no lock.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class WarehouseBusy(RuntimeError):
    """Another jixiao command is writing the warehouse."""


def lock_file(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


@contextmanager
def writer(db_path: Path, command: str, wait: bool = False) -> Iterator[None]:
    """Hold the warehouse's writer lock; WarehouseBusy (naming the holder) when it is held and
    ``wait`` is false."""
    path = lock_file(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another jixiao command"
            raise WarehouseBusy(
                f"{db_path} is being written by {holder}: run again when it is done, or add --wait"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"jixiao {command} (pid {os.getpid()})")
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fh.flush()
            fcntl.flock(fh, fcntl.LOCK_UN)
