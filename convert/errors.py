"""Errors that mean bad input: the CLI reports them as one line naming the file."""


class InputError(ValueError):
    pass
