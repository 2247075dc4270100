"""The errors a user sees, as one hierarchy. What the user is told is decided by
an exception's class (`describe`), never by the module that raised it.

- `InputError`: the input is bad; names the input and, where known, the line and byte offset.
- `StyleError`: a style file is bad; names the style file and the key.
- `OutputError`: an output cannot be written; names the real output path.
- `EnvironmentProblem`: a missing tool, library or font (an unwritable cache is only a warning).
- `UsageError`: the command line asks for something that cannot be done.
Anything else is an internal error: one line, then a pointer to --debug.

Each kind carries the exit code of a run it ends (`exit_code`); `exit_code_of` gives it for any
exception, and the codes --help lists are the constants below.
"""
from __future__ import annotations

from pathlib import Path

# Exit codes, as --help lists them.
EXIT_OK = 0            # every input converted
EXIT_FAILED = 1        # some input failed (each said in one line)
EXIT_USAGE = 2         # bad options or style, or inputs whose outputs would collide or overwrite an input
EXIT_ENVIRONMENT = 3   # something this machine lacks: a font, a Python package
EXIT_INTERRUPTED = 130


class ConvertError(Exception):
    """Root of every error that is the user's to read as one line."""

    exit_code = EXIT_USAGE  # what the run exits with when this error stops it

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __reduce__(self):  # pickled across a fork's pipe with its context, whatever the subclass's signature
        return (_restore, (type(self), self.args, self.__dict__))

    def __str__(self) -> str:
        return self.message

    def line_text(self, input_path: Path | str | None = None) -> str:
        """The one line the user sees; subclasses add what they know of where
        (`input_path`: the input being converted, for a kind that names it)."""
        return self.message


def _restore(cls, args, state):
    exc = cls.__new__(cls)
    Exception.__init__(exc, *args)
    exc.__dict__.update(state)
    return exc


class InputError(ConvertError, ValueError):
    """The input is bad. `path` is the input where the raiser knows it; else the line names
    the input being converted (describe's `input_path`). It fails that input only."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None,
                 offset: int | None = None, within: str | None = None):
        super().__init__(message)
        self.path, self.line, self.offset = path, line, offset
        self.within = within  # where in the document: "the paragraph beginning “…”"

    def line_text(self, input_path: Path | str | None = None) -> str:
        path = self.path if self.path is not None else input_path
        place = ", ".join(f"{name} {value}" for name, value in (("line", self.line), ("byte", self.offset))
                          if value is not None)
        within = f"in {self.within}" if self.within else ""
        head = ": ".join(str(part) for part in (path, place, within) if part)
        return f"{head}: {self.message}" if head else self.message


class StyleError(ConvertError, ValueError):
    """A style file is missing, malformed or has a bad key."""

    def __init__(self, message: str, path: Path | str | None = None, key: str | None = None):
        super().__init__(message)
        self.path, self.key = path, key

    def line_text(self, input_path: Path | str | None = None) -> str:
        where = f"style {self.path}" if self.path else "style"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class OutputError(ConvertError):
    """An output cannot be written: names the output, never its temporary file."""

    def __init__(self, message: str, path: Path | str | None = None):
        super().__init__(message)
        self.path = path

    def line_text(self, input_path: Path | str | None = None) -> str:
        return f"cannot write {self.path}: {self.message}" if self.path else self.message


class EnvironmentProblem(ConvertError):
    """Something this machine lacks: a tool, a library, a font."""

    exit_code = EXIT_ENVIRONMENT


class UsageError(ConvertError):
    """An option, or a combination of options and inputs, that cannot be done."""


def describe(exc: BaseException, input_path: Path | str | None = None) -> str:
    """One line for the user, by the exception's class. `input_path` is the input
    being converted, named only where the input is the problem or the context. Leaves
    `exc` as it was."""
    if isinstance(exc, ConvertError):
        return exc.line_text(input_path)
    if isinstance(exc, ModuleNotFoundError):
        return f"the Python package {exc.name!r} is missing: run `make setup` (or pip install -e .)"
    if isinstance(exc, MemoryError):
        return f"{input_path}: out of memory" if input_path else "out of memory"
    if isinstance(exc, OSError):
        cause = exc.strerror or str(exc)
        return f"{cause}: {exc.filename}" if exc.filename else cause
    context = f" while converting {input_path}" if input_path else ""
    return f"internal error{context}: {type(exc).__name__}: {exc} (run with --debug for the traceback)"


def exit_code_of(exc: BaseException) -> int:
    """The exit code of a run that `exc` stops: its kind's, a missing Python package's
    (the environment's), an interrupt's; anything else is an internal error, a failure."""
    if isinstance(exc, ConvertError):
        return exc.exit_code
    if isinstance(exc, ModuleNotFoundError):
        return EnvironmentProblem.exit_code
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    return EXIT_FAILED
