"""The manifest of a batch (--manifest FILE.jsonl): one JSON line per input and per attempt,
appended and flushed as each input finishes, written by the run's own process only.

A line holds the input (absolute path, size, SHA-256), the options and the product's
version, the outputs (format, path, size, SHA-256), the status (ok, failed, or skipped
when an earlier ok line still holds), the one-line error, the seconds taken and the
worker that did it. A run stopped at any instant leaves at worst its last line cut
short: the reader says so and ignores it, and the next run appends after it.

Resume: an input is skipped when its latest attempt is an ok line with the same input
hash, options and version, and the outputs this run would write are exactly those
recorded, with their sizes and hashes. Everything else is converted again. The input's
hash in a line of a conversion is of the bytes converted, taken by whoever converted them.
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from convert import __version__, feedback
from convert.errors import OutputError
from convert.options import Options
from convert.outputs import source_date_epoch

OK, FAILED, SKIPPED = "ok", "failed", "skipped"


@dataclass(frozen=True)
class Output:
    format: str
    path: str      # absolute
    size: int
    sha256: str


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path | str) -> tuple[int, str]:
    """(size, SHA-256) of a file, read in blocks."""
    with open(path, "rb") as fh:
        hashed = hashlib.file_digest(fh, "sha256")
        return fh.tell(), hashed.hexdigest()


def fingerprint(outputs: Iterable[tuple[str, int, str]]) -> bytes:
    """One SHA-256 over a set of outputs (absolute path, size, SHA-256), in any order."""
    hashed = hashlib.sha256()
    for path, size, sha in sorted(outputs):
        hashed.update(f"{path}\0{size}\0{sha}\n".encode("utf-8", "surrogateescape"))
    return hashed.digest()


def outputs_of(targets: dict[str, Path], written: list[Path]) -> tuple[Output, ...]:
    """The written outputs with their sizes and hashes, in the order of `targets`."""
    done = {Path(p) for p in written}
    found = []
    for fmt, path in targets.items():
        if Path(path) in done:
            size, sha = file_digest(path)
            found.append(Output(fmt, os.path.abspath(path), size, sha))
    return tuple(found)


def run_options(formats: list[str], options: Options) -> dict:
    """What decides a run's outputs besides the input: the formats, every option, and
    SOURCE_DATE_EPOCH (the outputs' dates)."""
    fields = {name: list(value) if isinstance(value, tuple) else value  # as a JSON line reads back
              for name, value in dataclasses.asdict(options).items()}
    return {"formats": list(formats), **fields, "source_date_epoch": source_date_epoch()}


def input_key(source) -> str:
    """How the manifest names an input: its absolute path (standard input by its name)."""
    return os.path.abspath(source.location) if source.location is not None else source.name


class Manifest:
    """Appends lines to a manifest file; `previous()` reads what earlier runs did."""

    def __init__(self, path: Path, formats: list[str], options: Options):
        self.path = Path(path)
        self.options = run_options(formats, options)
        self.version = __version__
        self._file = None

    # ---------------------------------------------------------------- reading --

    def previous(self) -> dict[str, bytes | None]:
        """For each input of earlier runs, its latest attempt: when it is an ok line of these
        options and this version, its input hash and outputs as one 64-byte record (see
        `fingerprint`; a resume of millions keeps one an input), else None (convert again)."""
        latest: dict[str, bytes | None] = {}
        for entry in read(self.path):
            if entry.get("status") == SKIPPED:
                continue  # a skip re-states the ok line before it
            usable = (entry.get("status") == OK and entry.get("options") == self.options
                      and entry.get("version") == self.version)
            try:
                latest[entry["input"]] = bytes.fromhex(entry["sha256"]) + fingerprint(
                    (o["path"], o["size"], o["sha256"]) for o in entry["outputs"]) if usable else None
            except (KeyError, TypeError, ValueError, AttributeError):
                latest[str(entry.get("input", ""))] = None  # a line of another shape: never trusted
        return latest

    @staticmethod
    def still_holds(previous: bytes | None, sha256: str, targets: dict[str, Path]) -> bool:
        """Does an earlier ok attempt stand for this input and these targets: the same input
        hash, and exactly these outputs with the sizes and hashes recorded?"""
        if previous is None or previous[:32] != bytes.fromhex(sha256):
            return False
        found = []
        try:
            paths = [os.path.abspath(path) for path in targets.values()]
            for path in paths:
                os.stat(path)  # every output there, before any is hashed
            for path in paths:
                found.append((path, *file_digest(path)))
        except OSError:
            return False
        return fingerprint(found) == previous[32:]

    # ---------------------------------------------------------------- writing --

    def open(self) -> None:
        """Open for appending; a cut last line left by a stopped run is removed first."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "a+b")
            end = self._file.seek(0, os.SEEK_END)
            if end:
                self._file.seek(max(0, end - 1))
                if self._file.read(1) != b"\n":
                    self._file.truncate(_last_line_end(self._file, end))
        except OSError as exc:
            raise OutputError(exc.strerror or str(exc), path=self.path) from None

    def record(self, source, sha256: str | None, status: str, error: str | None = None,
               outputs: tuple[Output, ...] = (), seconds: float = 0.0, worker: str | None = None) -> None:
        entry = {
            "input": input_key(source), "size": source.size, "sha256": sha256,
            "options": self.options, "version": self.version,
            "outputs": [dataclasses.asdict(o) for o in outputs],
            "status": status, "error": error, "seconds": round(seconds, 3), "worker": worker,
            "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"
        try:
            self._file.write(line.encode("utf-8"))
            self._file.flush()  # in the kernel's hands: a killed run loses no finished line
        except OSError as exc:
            raise OutputError(exc.strerror or str(exc), path=self.path) from None

    def close(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()
            self._file = None


def read(path: Path) -> Iterator[dict]:
    """Every whole line of a manifest, read as a stream (none if it does not exist). A cut
    last line, or a line that is not a manifest line, is said in one note and left out."""
    try:
        fh = open(path, "rb")
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"cannot read it: {exc.strerror or exc}", path=path) from None
    bad, cut = [], False
    with fh:
        for number, line in enumerate(fh, 1):
            if not line.endswith(b"\n"):
                cut = bool(line.strip())  # only the last line can lack its newline
                break
            try:
                entry = json.loads(line)
            except ValueError:
                entry = None
            if isinstance(entry, dict) and "input" in entry:
                yield entry
            elif line.strip():
                bad.append(number)
    if cut:
        feedback.note(f"manifest {path}: its last line is cut short (a run was stopped while writing it); ignored")
    if bad:
        shown = ", ".join(map(str, bad[:5])) + (" …" if len(bad) > 5 else "")
        feedback.note(f"manifest {path}: {len(bad)} line(s) that are not manifest lines ignored (line {shown})")


def _last_line_end(fh, end: int) -> int:
    """The offset just after the last newline before `end` (0 if there is none)."""
    block = 1 << 16
    pos = end
    while pos > 0:
        start = max(0, pos - block)
        fh.seek(start)
        chunk = fh.read(pos - start)
        newline = chunk.rfind(b"\n")
        if newline >= 0:
            return start + newline + 1
        pos = start
    return 0
