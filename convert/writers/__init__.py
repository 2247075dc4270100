"""One module per output format. Each exposes ``write(report, path, options)``."""
from __future__ import annotations

import importlib

# format name -> (module, file extension)
WRITERS = {
    "xml": ("convert.writers.xml", ".xml"),
    "txt": ("convert.writers.text", ".txt"),
    "docx": ("convert.writers.docx", ".docx"),
    "pdf": ("convert.writers.pdf", ".pdf"),
    "epub": ("convert.writers.epub", ".epub"),
    "ofd": ("convert.writers.ofd", ".ofd"),
}


def writer(fmt: str):
    module, _ = WRITERS[fmt]
    return importlib.import_module(module)


def extension(fmt: str) -> str:
    return WRITERS[fmt][1]
