"""The inputs of a run: files, folder trees and list files (@list.txt), as batch sources.

Outputs mirror the input tree: a file found in a folder keeps its path below that folder
(out/2019/gov-cn-01.pdf), and a list's files keep their paths below the folder all of them
share. A file named on the command line is written at the top of the output folder.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from convert import feedback
from convert.batch import Source
from convert.errors import UsageError
from convert.readers import INPUT_SUFFIXES  # the extensions a folder walk picks up: each reader's

LIST_PREFIX = "@"


def expand(names: list[str], outdir: Path, seen: set[str] | None = None) -> list[Source]:
    """Sources for file, folder and @list arguments, each file once (`seen`: the absolute
    paths taken already), in a stable order. A folder walk skips hidden files and folders
    and the output folder itself. Paths stay strings: an archive's list holds millions."""
    sources: list[Source] = []
    seen = set() if seen is None else seen

    def add(path: str, stem: str) -> None:
        key = os.path.abspath(path)
        if key not in seen:
            seen.add(path if key == path else key)  # one string for both when the path is absolute
            sources.append(Source(path, path, stem))

    for name in names:
        if name.startswith(LIST_PREFIX) and len(name) > 1:
            for path, stem in _listed(Path(name[1:]), outdir):
                add(path, stem)
        elif os.path.isdir(name):
            found = False
            for path in _walk(name, outdir):
                found = True
                add(path, _stem_below(path, name))
            if not found:
                feedback.note(f"{name}: no {' '.join('*' + s for s in INPUT_SUFFIXES)} file in this folder")
        else:
            add(name, Path(name).stem)
    if names and not seen:
        raise UsageError("no input file found (a folder is searched for " + ", ".join(INPUT_SUFFIXES) + ")")
    return sources


def _walk(folder: str, outdir: Path) -> Iterator[str]:
    """Every input file below `folder`, in the order of their paths' parts (a folder's
    entries by name, a subfolder's files where its name sorts), whatever order the file
    system lists them in; one folder's entries held at a time."""
    skip = os.path.abspath(outdir)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = os.path.join(folder, entry.name)
        if entry.is_dir():
            if not entry.is_symlink() and os.path.abspath(path) != skip:  # as os.walk: links not followed
                yield from _walk(path, outdir)
        elif entry.name.lower().endswith(INPUT_SUFFIXES):
            yield path


def _listed(list_file: Path, outdir: Path) -> Iterator[tuple[str, str]]:
    """The files a list names (one path a line, relative to the current folder; blank
    lines skipped), a folder named in it walked; stems below the folder they all share."""
    try:
        text = list_file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UsageError(f"cannot read the list {list_file}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"the list {list_file} is not UTF-8 text (one path a line)") from None
    entries = [line for line in text.splitlines() if line.strip()]
    del text
    if not entries:
        raise UsageError(f"the list {list_file} names no file")
    folders = bytearray(len(entries))  # 1 where the entry is a folder, to walk
    shared = None
    for k, entry in enumerate(entries):
        folders[k] = os.path.isdir(entry)
        folder = os.path.abspath(entry if folders[k] else os.path.dirname(entry) or ".")
        shared = folder if shared is None else os.path.commonpath([shared, folder])
    for entry, is_dir in zip(entries, folders):
        for path in _walk(entry, outdir) if is_dir else [entry]:
            yield path, _stem_below(path, shared)


def _stem_below(path: str, folder: str) -> str:
    """The output stem of `path` below `folder`: '2019/gov-cn-01' (always with /)."""
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(folder))
    stem = os.path.splitext(relative)[0]
    return stem if os.sep == "/" else stem.replace(os.sep, "/")
