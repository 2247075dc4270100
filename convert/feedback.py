"""What the user is told besides errors, in one place: -q silences it, -v adds timings.

Errors are always printed; notes (an option that does not apply, a skipped output)
unless -q; "wrote …" lines on a terminal, or always with -v.
"""
from __future__ import annotations

import sys

PROG = "report-convert"
QUIET, NORMAL, VERBOSE = 0, 1, 2

verbosity = NORMAL
_said: set[str] = set()


def set_verbosity(level: int) -> None:
    global verbosity
    verbosity = level


def error(line: str) -> None:
    print(f"{PROG}: {line}", file=sys.stderr, flush=True)


def note(line: str) -> None:
    if verbosity > QUIET:
        print(f"{PROG}: {line}", file=sys.stderr, flush=True)


def note_once(line: str) -> None:
    """A note said at most once per process (e.g. the font cache being filled)."""
    if line not in _said:
        _said.add(line)
        note(line)


def wants_progress() -> bool:
    """Per-file lines and progress bars: on a terminal, or asked for with -v."""
    return verbosity >= VERBOSE or (verbosity > QUIET and sys.stderr.isatty())


def wrote(path, detail: str = "", seconds: float | None = None) -> None:
    if not wants_progress():
        return
    extra = [detail] if detail else []
    if verbosity >= VERBOSE and seconds is not None:
        extra.append(f"{seconds:.2f} s")
    print(f"wrote {path}" + (f" ({', '.join(extra)})" if extra else ""), file=sys.stderr, flush=True)
