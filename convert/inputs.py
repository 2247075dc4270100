"""The inputs of a run: files, folder trees and list files (@list.txt), as batch sources.

Outputs mirror the input tree: a file found in a folder keeps its path below that folder
(out/2019/gov-cn-01.pdf), and a list's files keep their paths below the folder all of them
share. A file named on the command line is written at the top of the output folder.
"""
from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from convert import feedback
from convert.batch import Source
from convert.errors import UsageError

# The extensions a folder walk picks up: report text, model XML, and the pages and
# documents the HTML and DOCX readers take.
INPUT_SUFFIXES = (".txt", ".xml", ".html", ".htm", ".docx")
LIST_PREFIX = "@"


def expand(names: list[str], outdir: Path, seen: set[str] | None = None) -> list[Source]:
    """Sources for file, folder and @list arguments, each file once (`seen`: the absolute
    paths taken already), in a stable order. A folder walk skips hidden files and folders
    and the output folder itself."""
    sources: list[Source] = []
    seen = set() if seen is None else seen

    def add(path: Path, stem: str) -> None:
        key = os.path.abspath(path)
        if key not in seen:
            seen.add(key)
            sources.append(Source(str(path), path, stem))

    for name in names:
        if name.startswith(LIST_PREFIX) and len(name) > 1:
            for path, stem in _listed(Path(name[1:]), outdir):
                add(path, stem)
        elif Path(name).is_dir():
            found = _walk(Path(name), outdir)
            if not found:
                feedback.note(f"{name}: no {' '.join('*' + s for s in INPUT_SUFFIXES)} file in this folder")
            for path in found:
                add(path, _stem_below(path, Path(name)))
        else:
            add(Path(name), Path(name).stem)
    if names and not seen:
        raise UsageError("no input file found (a folder is searched for " + ", ".join(INPUT_SUFFIXES) + ")")
    return sources


def _walk(folder: Path, outdir: Path) -> list[Path]:
    """Every input file below `folder`, sorted by path (os.walk order depends on the file system)."""
    skip = os.path.abspath(outdir)
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".") and os.path.abspath(os.path.join(root, d)) != skip]
        found += [Path(root, f) for f in files if not f.startswith(".") and f.lower().endswith(INPUT_SUFFIXES)]
    return sorted(found, key=lambda p: p.parts)


def _listed(list_file: Path, outdir: Path) -> list[tuple[Path, str]]:
    """The files a list names (one path a line, relative to the current folder; blank
    lines skipped), a folder named in it walked; stems below the folder they all share."""
    try:
        text = list_file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UsageError(f"cannot read the list {list_file}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"the list {list_file} is not UTF-8 text (one path a line)") from None
    entries = [(Path(line), Path(line).is_dir()) for line in text.splitlines() if line.strip()]
    if not entries:
        raise UsageError(f"the list {list_file} names no file")
    shared = Path(os.path.commonpath([os.path.abspath(e if is_dir else e.parent) for e, is_dir in entries]))
    pairs: list[tuple[Path, str]] = []
    for entry, is_dir in entries:
        for path in _walk(entry, outdir) if is_dir else [entry]:
            pairs.append((path, _stem_below(path, shared)))
    return pairs


def _stem_below(path: Path, folder: Path) -> str:
    """The output stem of `path` below `folder`: '2019/gov-cn-01' (always with /)."""
    relative = Path(os.path.relpath(os.path.abspath(path), os.path.abspath(folder)))
    return str(PurePosixPath(*relative.parent.parts, relative.stem)) if relative.parent.parts else relative.stem
