"""The readers: one descriptor per input format, the one place that lists them.

An input goes to the first reader, in READERS' order, whose `sniff` takes its first bytes
(and its name where bytes cannot tell: convert.readers.detect). Every reader module has one
entry point, imported only when an input needs it:

    parse(raw: bytes, source, options: Options | None = None) -> the validated model

`source` is what the input is: a name (a str: "report.txt"), or a source with `name` and
`location` (convert.batch.Source, or any object with those two); the model and messages name
it by `source_name`, and a web page's images are looked for in `source_folder`. A reader applies the options it lists
itself (the model XML reader, --title too). What the command line sets over any reader's
model (--meta, --form, --seal: convert.readers.given) is applied here, for every reader.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from convert.readers import detect

SNIFF_BYTES = detect.SNIFF_BYTES  # how much of an input sniffing looks at


@dataclass(frozen=True)
class ReaderInfo:
    name: str                                      # as input_kind says it
    module: str                                    # holds parse(raw, source, options)
    sniff: Callable[[bytes, Path | None], bool]    # does this reader take the input? (asked in order)
    options: tuple[str, ...]                       # the Options fields it reads
    suffixes: tuple[str, ...]                      # the file names a folder walk picks up for it
    description: str                               # the input, as messages call it

    def parse(self, raw: bytes, source, options):
        report = importlib.import_module(self.module).parse(raw, source, options)
        if options is not None and (options.meta or options.form or options.seals):
            from convert.model import tree
            from convert.readers import given

            report = tree.validate(given.apply(report, options, source_name(source)))
        return report


GIVEN = ("meta", "form", "seals")  # the options every reader's model takes (convert.readers.given)
READERS: tuple[ReaderInfo, ...] = (
    ReaderInfo("docx", "convert.readers.docx", detect.is_word_file, ("keep_punctuation", "title", *GIVEN),
               (".docx",), "DOCX"),
    ReaderInfo("xml", "convert.readers.xml", detect.is_model_xml, ("title", *GIVEN), (".xml",), "model XML"),
    ReaderInfo("html", "convert.readers.html", detect.is_page, ("encoding", "keep_punctuation", "title", *GIVEN),
               (".html", ".htm"), "page"),
    ReaderInfo("text", "convert.readers.text", detect.is_anything, ("encoding", "keep_punctuation", "title", *GIVEN),
               (".txt",), "text"),
)
BY_NAME = {info.name: info for info in READERS}
# The extensions a folder walk picks up: each reader's own.
INPUT_SUFFIXES = tuple(suffix for info in READERS for suffix in info.suffixes)


def reader_for(head: bytes, path: Path | None = None) -> ReaderInfo:
    """The reader of an input that starts with `head` (its first SNIFF_BYTES)."""
    return next(info for info in READERS if info.sniff(head, path))


def input_kind(head: bytes, path: Path | None = None) -> str:
    """docx, xml, html or text: the name of reader_for's reader."""
    return reader_for(head, path).name


def source_name(source) -> str:
    """The input's file name, as the model and messages give it (a name given is kept as it is)."""
    return source if isinstance(source, str) else Path(source.name).name


def source_folder(source) -> Path | None:
    """The folder an input file is in (a web page's images are next to it); the current folder
    for standard input; None when only a name is known."""
    if isinstance(source, str):
        return None
    return Path.cwd() if source.location is None else Path(source.location).parent
