"""Where derived data that is slow to make is kept between runs: converted fonts,
font coverage, fc-match answers, OpenCC character tables. Safe to delete.

`$XDG_CACHE_HOME/report-convert`, else `~/.cache/report-convert`. A cache that
cannot be written is never a failure: one warning, then a private temporary one.
"""
from __future__ import annotations

import os
import stat
import tempfile
from functools import lru_cache
from pathlib import Path

from convert import feedback


def configured_root() -> Path:
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"  # the XDG spec ignores relative paths
    return base / "report-convert"


def cache_root() -> Path:
    return _usable(configured_root())


@lru_cache(maxsize=None)
def _usable(wanted: Path) -> Path:
    problem = _unwritable(wanted)
    if problem is None:
        return wanted
    fallback = _private_temporary()
    feedback.note_once(f"warning: the cache folder {wanted} cannot be written ({problem}); using {fallback}")
    return fallback


def _unwritable(folder: Path) -> str | None:
    """Why `folder` cannot hold the cache, or None if it can."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def _private_temporary() -> Path:
    """A cache folder under the temporary directory that only this user owns,
    reused by later runs; a fresh one if someone else holds that name."""
    path = Path(tempfile.gettempdir()) / f"report-convert-cache-{os.getuid()}"
    try:
        path.mkdir(mode=0o700, exist_ok=True)
        info = path.lstat()
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and _unwritable(path) is None:
            return path
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix="report-convert-cache-"))
