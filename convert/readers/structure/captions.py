"""Captions: a numbered table title on the paragraph right above a table (表1　主要指标)
and a numbered figure title on the paragraph right under a figure (图1　案件数) are the
table's and the figure's caption, whatever the reader (GB/T 9704 puts 表 titles above,
图 titles below). One pass for every reader's paragraphs; the text reader's tables, which
are found later among lines of text, ask `is_table_caption` of the line above them.

A caption is 表 or 图 (附表, 附图) and a number, then a break (a space, a colon, 、 or .)
or the end: 表明…, 图书馆…, 表1中的数据表明… are no captions (a sentence ends in 。).
"""
from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from convert.model import inline
from convert.readers.structure.classify import Para

_NUMBER = r"[0-9０-９一二三四五六七八九十]+"
_CAPTION_TAIL = r"(?:[\s\u3000：:、.．](?!.*[。！？]$)|$).{0,60}$"
TABLE_CAPTION = re.compile(rf"^(?:附)?表\s*{_NUMBER}{_CAPTION_TAIL}")
FIGURE_CAPTION = re.compile(rf"^(?:附)?[图圖]\s*{_NUMBER}{_CAPTION_TAIL}")


def is_table_caption(s: str) -> bool:
    return bool(TABLE_CAPTION.match(s))


def is_figure_caption(s: str) -> bool:
    return bool(FIGURE_CAPTION.match(s))


def attach(paras: list[Para], normalize: Callable[[str], str] = lambda text: text) -> list[Para]:
    """`paras` with each caption moved into its table or figure (which had none): a 表N
    paragraph right above a table, unless the source set it other than centred; a 图N
    paragraph right under a figure. The caption keeps its place in reading order: first
    in the table, last in the figure. `normalize`: what the reader does to a paragraph's
    text (GB/T 15834 punctuation), done here to a caption, which leaves the paragraphs."""
    out: list[Para] = []
    for para in paras:
        previous = out[-1] if out else None
        block = para.block
        if (block is not None and block.tag == "table" and block.find("caption") is None and previous is not None
                and previous.block is None and previous.hints.centered is not False
                and is_table_caption(previous.text)):
            block.insert(0, inline.fill(etree.Element("caption"), normalize(out.pop().text)))
        elif (block is None and previous is not None and previous.block is not None
              and previous.block.tag == "figure" and previous.block.find("caption") is None
              and is_figure_caption(para.text)):
            inline.fill(etree.SubElement(previous.block, "caption"), normalize(para.text))
            continue
        out.append(para)
    return out
