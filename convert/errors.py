"""The errors a user sees, as one hierarchy. What the user is told is decided by
an exception's class (`describe`), never by the module that raised it.

- `InputError`: the input is bad; names the input and, where known, the line and byte offset.
- `StyleError`: a style file is bad; names the style file and the key.
- `OutputError`: an output cannot be written; names the real output path.
- `EnvironmentProblem`: a missing tool, library or font (an unwritable cache is only a warning).
- `UsageError`: the command line asks for something that cannot be done.
Anything else is an internal error: one line, then a pointer to --debug.
"""
from __future__ import annotations

from pathlib import Path


class ConvertError(Exception):
    """Root of every error that is the user's to read as one line."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __reduce__(self):  # pickled across a fork's pipe with its context, whatever the subclass's signature
        return (_restore, (type(self), self.args, self.__dict__))

    def __str__(self) -> str:
        return self.message

    def line_text(self) -> str:
        """The one line the user sees; subclasses add what they know of where."""
        return self.message


def _restore(cls, args, state):
    exc = cls.__new__(cls)
    Exception.__init__(exc, *args)
    exc.__dict__.update(state)
    return exc


class InputError(ConvertError, ValueError):
    """The input is bad. `path` is filled in by whoever knows it (the batch)."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None,
                 offset: int | None = None, within: str | None = None):
        super().__init__(message)
        self.path, self.line, self.offset = path, line, offset
        self.within = within  # where in the document: "the paragraph beginning “…”"

    def line_text(self) -> str:
        place = ", ".join(f"{name} {value}" for name, value in (("line", self.line), ("byte", self.offset))
                          if value is not None)
        within = f"in {self.within}" if self.within else ""
        head = ": ".join(str(part) for part in (self.path, place, within) if part)
        return f"{head}: {self.message}" if head else self.message


class StyleError(ConvertError, ValueError):
    """A style file is missing, malformed or has a bad key."""

    def __init__(self, message: str, path: Path | str | None = None, key: str | None = None):
        super().__init__(message)
        self.path, self.key = path, key

    def line_text(self) -> str:
        where = f"style {self.path}" if self.path else "style"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class OutputError(ConvertError):
    """An output cannot be written: names the output, never its temporary file."""

    def __init__(self, message: str, path: Path | str | None = None):
        super().__init__(message)
        self.path = path

    def line_text(self) -> str:
        return f"cannot write {self.path}: {self.message}" if self.path else self.message


class EnvironmentProblem(ConvertError):
    """Something this machine lacks: a tool, a library, a font."""


class UsageError(ConvertError):
    """An option, or a combination of options and inputs, that cannot be done."""


def describe(exc: BaseException, input_path: Path | str | None = None) -> str:
    """One line for the user, by the exception's class. `input_path` is the input
    being converted, named only where the input is the problem or the context."""
    if isinstance(exc, InputError):
        if exc.path is None and input_path is not None:
            exc.path = input_path
        return exc.line_text()
    if isinstance(exc, ConvertError):
        return exc.line_text()
    if isinstance(exc, ModuleNotFoundError):
        return f"the Python package {exc.name!r} is missing: run `make setup` (or pip install -e .)"
    if isinstance(exc, MemoryError):
        return f"{input_path}: out of memory" if input_path else "out of memory"
    if isinstance(exc, OSError):
        cause = exc.strerror or str(exc)
        return f"{cause}: {exc.filename}" if exc.filename else cause
    context = f" while converting {input_path}" if input_path else ""
    return f"internal error{context}: {type(exc).__name__}: {exc} (run with --debug for the traceback)"
