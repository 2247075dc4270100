"""A request's form fields as the command's argv, parsed by the command's own parser.

Each field is one of the command's long options, by its name (`to`, `style`, `keep-punctuation`
or `keep_punctuation`): a flag takes true/false, an option that repeats (--meta) takes the field
as often as it is given, and an option that reads a file (its metavar says FILE, or its type is
a path) takes an uploaded file, never a text value: no request names a file on the server.
The options that run the command rather than the conversion are not fields (FORBIDDEN), and
--style takes a style's name or an uploaded .toml file. An option the command gains is a field
with no change here.
"""
from __future__ import annotations

import argparse
import re
import unicodedata
from pathlib import Path

# Options about running the command, not about the conversion: the service decides them.
FORBIDDEN = frozenset({"help", "inputs", "outdir", "list_styles", "jobs", "manifest", "force", "scheduler",
                       "return_bytes", "quiet", "verbose", "debug", "version", "name"})
NAME_OR_PATH = frozenset({"style"})  # a style's name, or (as a file upload) a .toml file
TRUE, FALSE = {"1", "true", "on", "yes"}, {"0", "false", "off", "no", ""}
MAX_NAME_CHARS = 100


class FieldError(ValueError):
    """A field the command would refuse: the message is the command's (or says why not)."""


def raising_parser(build_parser) -> argparse.ArgumentParser:
    """The command's parser, raising FieldError where it would print and exit."""
    parser = build_parser()

    def error(message):
        raise FieldError(message)

    parser.error = error
    return parser


def accepted(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    """The fields a request may give: each long option not in FORBIDDEN, by its dest."""
    return {action.dest: action for action in parser._actions
            if action.option_strings and action.dest not in FORBIDDEN
            and any(flag.startswith("--") for flag in action.option_strings)}


def takes_file(action: argparse.Action) -> bool:
    metavar = action.metavar if isinstance(action.metavar, str) else ""
    return action.type is Path or "FILE" in metavar.upper().split(".")[0] or action.dest in NAME_OR_PATH


def describe_fields(parser: argparse.ArgumentParser) -> list[dict]:
    """GET /options: each field, its kind, choices, default and help, for a client or the page."""
    out = []
    for dest, action in accepted(parser).items():
        kind = "flag" if action.nargs == 0 else "repeated" if isinstance(action, argparse._AppendAction) else "value"
        out.append({"name": dest, "option": _long(action), "kind": kind, "file": takes_file(action),
                    "choices": list(action.choices) if action.choices else None,
                    "default": action.default if isinstance(action.default, (str, int, bool)) else None,
                    "help": action.help})
    return out


def to_argv(parser: argparse.ArgumentParser, texts: list[tuple[str, str]], files: dict[str, Path]) -> list[str]:
    """The options of a request: `texts` its text fields in order, `files` its uploaded files
    (other than the input) by field name, saved already. Raises FieldError."""
    fields = accepted(parser)
    argv, seen = [], set()
    for raw_name, value in texts + [(name, None) for name in files]:
        name = raw_name.replace("-", "_")
        action = fields.get(name)
        if action is None:
            raise FieldError(f"unknown field {raw_name!r}" + ("" if name not in FORBIDDEN else
                             " (the service decides it)"))
        repeated = isinstance(action, argparse._AppendAction)
        if name in seen and not repeated:
            raise FieldError(f"field {raw_name!r} given twice")
        seen.add(name)
        flag = _long(action)
        if value is None:  # an uploaded file
            if not takes_file(action):
                raise FieldError(f"field {raw_name!r} takes a value, not a file")
            argv.append(f"{flag}={files[raw_name]}")
        elif action.nargs == 0:
            if value.strip().lower() in TRUE:
                argv.append(flag)
            elif value.strip().lower() not in FALSE:
                raise FieldError(f"field {raw_name!r} takes true or false, not {value!r}")
        elif takes_file(action) and (name not in NAME_OR_PATH or not _is_name(value)):
            raise FieldError(f"field {raw_name!r}: " + ("a style's name (GET /styles), or a .toml file uploaded as the field"
                                                          if name in NAME_OR_PATH else "upload the file as the field"))
        else:
            argv.append(f"{flag}={value}")  # one item: a value starting with - stays a value
    return argv


def _long(action: argparse.Action) -> str:
    return next(flag for flag in action.option_strings if flag.startswith("--"))


def _is_name(value: str) -> bool:
    return re.fullmatch(r"[\w-]+", value) is not None and not value.startswith(".")


def safe_name(filename: str | None, fallback: str = "upload") -> str:
    """An uploaded file's name, safe as a file name here and in a response: its last path
    component, without control or reserved characters or a leading dot; Chinese stays."""
    name = re.split(r"[/\\]", filename or "")[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join("_" if ch in ':*?"<>|' or not ch.isprintable() else ch for ch in name).strip().lstrip(".")
    if len(name) > MAX_NAME_CHARS:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:MAX_NAME_CHARS - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:MAX_NAME_CHARS]
    return name or fallback
