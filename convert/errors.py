"""Errors that mean bad input: the CLI reports them as one line naming the file."""


class InputError(ValueError):
    pass


def describe(exc: BaseException) -> str:
    """One line for the user: our own errors as they are, system errors by their cause."""
    if isinstance(exc, InputError) or type(exc).__module__.startswith("convert"):
        return str(exc)
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")
    return f"{type(exc).__name__}: {exc}"
