"""The writers: one module per output format, each described here once.

Every module exposes ``write(report, path, options) -> str`` (what it wrote, for the CLI's
"wrote" line). A writer that paints a page layout (``needs_layout``) also exposes
``write_layout(layout, path, options) -> str``, so that formats asked for together are
painted from one ``convert.typeset.pages.lay_out``. A writer that reads the layout without
painting it (``borrows_layout``: the DOCX, for the page its 版记 falls on) takes ``layout=``,
a callable giving that same layout, and says by ``wants_layout(report)`` whether it will ask
for it. The CLI's format list and its notes on
unused options, the batch's list and the test of the walk derive from ``WRITERS``.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class WriterInfo:
    name: str                       # as --to names it
    module: str                     # the module with write() (and write_layout() when needs_layout)
    extension: str                  # of its output file
    options: tuple[str, ...] = ()   # the fields of convert.options.Options it reads (beyond the style)
    styled: bool = False            # reads the style (--style)
    needs_layout: bool = False      # paints convert.typeset's Layout
    borrows_layout: bool = False    # write() takes layout=, a callable giving that Layout (read, not painted)
    translator: str | None = None   # "module:Class", its walk of the model (None: the model as it is)


WRITERS: dict[str, WriterInfo] = {info.name: info for info in (
    WriterInfo("xml", "convert.writers.xml", ".xml"),
    WriterInfo("txt", "convert.writers.text", ".txt", options=("wrap",),
               translator="convert.writers.text:TextTranslator"),
    WriterInfo("docx", "convert.writers.docx", ".docx", options=("toc",), styled=True, borrows_layout=True,
               translator="convert.writers.docx:DocxTranslator"),
    WriterInfo("pdf", "convert.writers.pdf", ".pdf", styled=True, needs_layout=True,
               translator="convert.typeset.blocks:BlockTranslator"),
    WriterInfo("epub", "convert.writers.epub", ".epub", options=("vertical", "embed_font"),
               translator="convert.writers.epub:EpubTranslator"),
    WriterInfo("ofd", "convert.writers.ofd", ".ofd", options=("archive",), styled=True, needs_layout=True,
               translator="convert.typeset.blocks:BlockTranslator"),
)}


def writer(fmt: str):
    return importlib.import_module(WRITERS[fmt].module)


def extension(fmt: str) -> str:
    return WRITERS[fmt].extension


def needing_layout(formats) -> list[str]:
    """Those of `formats` that paint a layout, in their order."""
    return [fmt for fmt in formats if WRITERS[fmt].needs_layout]


def styled(formats) -> list[str]:
    """Those of `formats` that read the style, in their order."""
    return [fmt for fmt in formats if WRITERS[fmt].styled]


def readers_of(option: str) -> list[str]:
    """The formats that read an Options field."""
    return [name for name, info in WRITERS.items() if option in info.options]
