"""Writing output files atomically: a reader never sees a half-written file."""
from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from pathlib import Path
from typing import Iterator

from convert.errors import OutputError

# The temporary files of this process's unfinished outputs, for a process that a
# signal stops at once, without unwinding (convert.forked.stop_now).
_unfinished: set[Path] = set()
# The signals that stop a run: Ctrl-C, kill, and a closed terminal or dropped SSH session.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# In a forked child (convert.forked): the pid of the parent that waits for its
# outputs. An output is renamed into place only while that parent lives.
_parent_pid: int | None = None


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it over `path` only on success."""
    path = Path(path)
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)  # made and listed together
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        _unfinished.add(tmp)
    except OSError as exc:  # named by the output, never by the temporary file
        raise OutputError(exc.strerror or str(exc), path=path) from None
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    try:
        try:
            yield tmp
            os.chmod(tmp, 0o644)
            if orphaned():
                raise OutputError("not written: the run that asked for it has ended", path=path)
            os.replace(tmp, path)
        except OSError as exc:
            if exc.filename in (str(tmp), tmp) or exc.filename2 in (str(path), path):
                raise OutputError(exc.strerror or str(exc), path=path) from None
            raise
    finally:
        tmp.unlink(missing_ok=True)
        _unfinished.discard(tmp)


def remove_unfinished() -> None:
    """Delete the temporary files of every output this process has not finished."""
    for tmp in list(_unfinished):
        with contextlib.suppress(OSError):  # one that cannot be removed does not keep the others
            tmp.unlink(missing_ok=True)


def forked_from(parent_pid: int) -> None:
    """Called in a forked child: the parent's unfinished outputs are not this
    process's to delete, and this process's outputs appear only while the parent lives."""
    global _parent_pid
    _unfinished.clear()
    _parent_pid = parent_pid


def orphaned() -> bool:
    """Is this a forked child whose parent has died? Its outputs are then unwanted.
    Portable; on Linux such a child is also stopped at once (convert.forked)."""
    return _parent_pid is not None and os.getppid() != _parent_pid


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as an int, or None when unset or not a number."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None
