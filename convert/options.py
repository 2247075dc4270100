"""Options from the command line that readers, transforms and writers may read."""
from __future__ import annotations

import os
from dataclasses import dataclass

# Here rather than in convert.cluster: the command line reads it on every run, and importing
# the cluster's module (and what it imports) for it would cost every run that uses no cluster.
SCHEDULER_VARIABLE = "DASK_SCHEDULER_ADDRESS"


def scheduler_address(option: str | None) -> str | None:
    """--scheduler, else DASK_SCHEDULER_ADDRESS, else None (no cluster)."""
    return option or os.environ.get(SCHEDULER_VARIABLE, "").strip() or None


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


# --meta keys: the model's metadata, then the 版头's fields (KEY: what it sets)
META_KEYS = {
    "title": "the title (as --title)",
    "subtitle": "the subtitle",
    "issuer": "the issuing organ (发文机关)",
    "date": "the date (成文日期), e.g. 2021年3月26日",
    "place": "the place",
    "docnumber": "the 发文字号, e.g. 国办发〔2018〕126号",
    "published": "the day published (发布日期)",
    "identifier": "the catalogue's 索引号",
    "keywords": "subject terms (主题词), comma-separated",
    "copy": "份号: six digits, e.g. 000123",
    "secrecy": "密级和保密期限: 绝密, 机密 or 秘密, maybe ★ and a period (秘密★1年)",
    "urgency": "紧急程度: 特急 or 加急",
    "mark": "the 版头's issuing organs, comma-separated, the host first (may end in 文件)",
    "signers": "签发人, comma-separated, in the organs' order",
    "order": "令号 of a 命令, e.g. 第1号",
}
