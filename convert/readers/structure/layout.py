"""The head as a source lays it out, for readers that know which paragraphs are centred
(a DOCX's alignment): evidence the text alone does not give.

- A label line at the top left (附件2, 附件, 表1, 附表3：) above a centred title is the
  document's label, not its title: the file is itself an attached document (or table).
- Consecutive centred short paragraphs at the top are the lines of the title, each
  paragraph a line as the issuer broke it (某某省人民政府办公厅 / 2022年某某工作实施方案), so long
  as the title so far is unfinished; a centred date, 文号, dateline or 版头 line is no title line.
- Above the title, a 版头 line (某某市人民政府文件, often a text box or WordArt) names the
  issuer, and so does a first title line that is an organ's name alone; the 版头's other lines
  (份号, 密级, 紧急程度, 签发人: structure.masthead) are above the title too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from convert.readers import boilerplate
from convert.readers.structure import ending, masthead, meta
from convert.readers.structure.classify import Para
from convert.readers.structure.marks import DATELINE, DOCNUMBER, INDENT, NUM, ORGAN_LINE

# 附件 / 附件2 / 附件2： / 表1 / 附表3 / 图2-1: a label alone on its line (a 表 or 图 needs its number)
LABEL = re.compile(rf"^(?:附\s*件\s*[0-9０-９{NUM}]*|(?:附表|附图|附圖|附录|附錄|表|图|圖)\s*[0-9０-９{NUM}]+"
                   r"(?:[-－—.．][0-9０-９]+)?)\s*[：:]?$")
HEAD_WINDOW = 4  # the title starts among the first paragraphs (after a label, a 版头, a 文号)
MAX_TITLE_PARAS = 4
BANNER_END = re.compile(r"[\s\u3000]*文[\s\u3000]*件$")


@dataclass
class LayoutHead:
    """What the layout of the first paragraphs shows."""
    label: int | None = None        # the index of the label paragraph
    title: tuple[int, ...] = ()     # the indices of the title's paragraphs, when more than one
    issuer: str | None = None       # the organ a 版头 or the title's first line names


def read_layout(paras: list[Para]) -> LayoutHead:
    """The label, title lines and issuer the first paragraphs' layout shows."""
    found = LayoutHead()
    start = 0
    if len(paras) > 1 and is_label(paras[0]) and is_centred_title_line(paras[1]):
        found.label, start = 0, 1
    fields = 0  # lines of the 版头 above the mark (份号, 密级, 紧急程度): the window is that much longer
    while start < min(len(paras), HEAD_WINDOW + fields) and is_above_title(paras[start]):
        fields += masthead.head_field(paras[start].text) is not None and not is_banner(paras[start].text.strip(INDENT))
        text = paras[start].text.strip(INDENT)
        if found.issuer is None and is_banner(text):
            found.issuer = BANNER_END.sub("", text)
        start += 1
    title: list[int] = []
    lines: list[str] = []
    for k in range(start, min(len(paras), start + MAX_TITLE_PARAS)):
        para = paras[k]
        if not is_centred_title_line(para):
            break
        shown = [meta.unspace_title(line) for line in para_lines(para)]
        joined = "".join(lines)
        if lines and (not meta.continues_title(joined, shown[0]) or len(joined) + sum(map(len, shown)) > meta.MAX_TITLE):
            break
        title.append(k)
        lines += shown
    if len(title) > 1:
        found.title = tuple(title)
        if found.issuer is None and ORGAN_LINE.match(para_lines(paras[title[0]])[0]):
            found.issuer = para_lines(paras[title[0]])[0]
    return found


def is_label(para: Para) -> bool:
    """A label line at the left: 附件2, 表1 (not centred: a centred 表1 is a caption's line)."""
    return para.block is None and para.hints.centered is not True and bool(LABEL.match(para.text.strip(INDENT)))


def is_banner(s: str) -> bool:
    return boilerplate.head_reason(s, None) == "banner"


def is_above_title(para: Para) -> bool:
    """A 版头 line (the mark, 份号, 密级, 紧急程度, 签发人) or a 文号 above the title (as offices print
    them, often in text boxes)."""
    s = para.text.strip(INDENT)
    return para.block is None and bool(s) and (
        is_banner(s) or masthead.head_field(s) is not None or bool(DOCNUMBER.search(s)) and len(s) <= 40)


def is_centred_title_line(para: Para) -> bool:
    """A centred paragraph shaped as a line of a title: short, no sentence punctuation, and
    not a head field (a date, a 文号, a dateline, a parenthesised note) nor a 版头 line."""
    if para.block is not None or para.hints.centered is not True:
        return False
    lines = para_lines(para)
    return bool(lines) and all(
        meta.is_title_line(s) and len(s) <= meta.MAX_TITLE and meta.line_field(s, "title") is None
        and not DATELINE.match(s) and not ending.stands_alone(s) and not is_banner(s) and not LABEL.match(s)
        and masthead.head_field(s) is None
        for s in lines)


def para_lines(para: Para) -> list[str]:
    """A paragraph's lines, where its source broke it."""
    cuts = [0, *[b for b in para.breaks if 0 < b < len(para.text)], len(para.text)]
    return [line for a, b in zip(cuts, cuts[1:]) if (line := para.text[a:b].strip(INDENT))]


def title_text(paras: list[Para], indices: tuple[int, ...]) -> str:
    """The title of those paragraphs, a break (meta.TITLE_BREAK) between their lines."""
    return meta.TITLE_BREAK.join(meta.unspace_title(line) for k in indices for line in para_lines(paras[k]))
