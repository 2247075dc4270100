"""Options from the command line that readers, transforms and writers may read."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    style: str = "official"          # styles/NAME.toml or a path (PDF, DOCX)
    wrap: int = 0                    # plain text: wrap at this display width; 0 = a paragraph a line
    toc: bool = False                # DOCX: insert a table of contents field
    vertical: bool = False           # EPUB: vertical (直排) edition
    embed_font: bool = False         # EPUB: embed a subset of the body font
    script: str = "keep"             # keep | hans | hant: script edition
    vocabulary: str = "mainland"     # mainland | taiwan: phrasing of a Traditional edition made from Simplified
    keep_punctuation: bool = False   # reader: do not normalize half-width punctuation
    title: str | None = None         # reader: a title to use instead of the detected one
    encoding: str | None = None      # reader: the input's encoding, instead of detecting it
    archive: bool = False            # OFD: write OFD-A, GB/T 33190's archival subset
    meta: tuple[str, ...] = ()       # reader: KEY=VALUE metadata set after reading (convert.readers.given)
    form: str | None = None          # reader: the 版头's format (general, upward, letter, order, minutes)
    seals: tuple[str, ...] = ()      # reader: seal image files, one per issuer in order
