"""Writing output files atomically: a reader never sees a half-written file."""
from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from pathlib import Path
from typing import Iterator

# The temporary files of this process's unfinished outputs, for a process that a
# signal stops at once, without unwinding (convert.forked.stop_now).
_unfinished: set[Path] = set()
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)  # the signals that stop a run


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it over `path` only on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)  # made and listed together
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        _unfinished.add(tmp)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
        _unfinished.discard(tmp)


def remove_unfinished() -> None:
    """Delete the temporary files of every output this process has not finished."""
    for tmp in list(_unfinished):
        tmp.unlink(missing_ok=True)


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as an int, or None when unset or not a number."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None
