"""The 版头 (GB/T 9704-2012 7.2) and the document's format (clause 10), as every writer
reads them: ``masthead_of(report)`` gives the 版头 a writer draws, with what the model
leaves out filled in, or None for a document without one.

The model's ``meta/masthead`` says that a document has a 版头 and in which format; its
children are the fields the source or the user gave. Left out:
- the mark's organs are the issuer (``meta/issuer``); for 纪要, the title when it ends in 纪要;
- the mark's suffix is the format's: 文件 (通用, 上行文), none (信函), 令 (命令), 纪要 (纪要);
- the 发文字号 is ``meta/docnumber``.
A masthead with neither a mark nor an issuer is none: nothing names the issuing organ.
"""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from lxml import etree

# convert.model.tree walks the masthead (it imports this module), so the two helpers it
# would lend are written out below.

FORMS = ("general", "upward", "letter", "order", "minutes")
FORM_NAMES = {"general": "通用", "upward": "上行文", "letter": "信函", "order": "命令", "minutes": "纪要"}
SUFFIX = {"general": "文件", "upward": "文件", "letter": "", "order": "令", "minutes": "纪要"}
SECRECY_LEVELS = ("绝密", "机密", "秘密", "絕密", "機密")
URGENCIES = ("特急", "加急")
COPY = re.compile(r"[0-9]{6}")
SECRECY = re.compile(r"(?:绝密|机密|秘密|絕密|機密)(?:★\S{1,12})?")
SIGNER_LABEL = "签发人："
SIGNER_LABEL_HANT = "簽發人："


@dataclass(frozen=True)
class Seal:
    """A seal image the user gave: its bytes, media type, pixels and printed width (None: the style's)."""

    data: bytes
    type: str
    width_px: int
    height_px: int
    width_mm: float | None = None


@dataclass(frozen=True)
class Masthead:
    form: str                       # one of FORMS
    organs: tuple[str, ...]         # the issuing organs, the host first
    suffix: str                     # 文件, 令, 命令, 纪要 or ""
    copy: str | None = None         # 份号
    secrecy: str | None = None      # 密级和保密期限
    urgency: str | None = None      # 紧急程度
    docnumber: str | None = None    # 发文字号
    signers: tuple[str, ...] = ()   # 签发人
    order: str | None = None        # 令号
    seals: tuple[Seal, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        """份号, 密级和保密期限, 紧急程度: those given, in the standard's order (7.2.1-7.2.3)."""
        return tuple(f for f in (self.copy, self.secrecy, self.urgency) if f)

    @property
    def mark_text(self) -> str:
        """The mark on one line: the organs, then the suffix."""
        return "".join(self.organs) + self.suffix

    def lines(self, lang: str = "zh-Hans") -> list[str]:
        """The masthead as lines of text, in the standard's order: the fields, the mark, the
        令号, the 发文字号, the 签发人 (for text output, and the fidelity reference)."""
        out = list(self.fields)
        out.append(self.mark_text)
        if self.order:
            out.append(self.order)
        if self.docnumber:
            out.append(self.docnumber)
        if self.signers:
            out.append(signer_label(lang) + "\u3000".join(self.signers))
        return out


def signer_label(lang: str) -> str:
    return SIGNER_LABEL_HANT if lang == "zh-Hant" else SIGNER_LABEL


def masthead_of(report: etree._Element) -> Masthead | None:
    """The masthead the report's writers draw, or None."""
    el = report.find("meta/masthead")
    if el is None:
        return None
    form = el.get("form", "general")
    mark = el.find("mark")
    if mark is not None:
        organs = tuple(text_of(o) for o in mark.iterfind("organ"))
        suffix = mark.get("suffix", "")
    else:
        organs, suffix = default_mark(report, form)
    if not organs:
        return None

    def field(name: str) -> str | None:
        found = el.find(name)
        return None if found is None else text_of(found)

    return Masthead(
        form=form, organs=organs, suffix=suffix,
        copy=field("copy"), secrecy=field("secrecy"), urgency=field("urgency"),
        docnumber=meta_text(report, "docnumber"),
        signers=tuple(text_of(s) for s in el.iterfind("signer")),
        order=field("order"),
        seals=tuple(seal_of(s) for s in el.iterfind("seal")),
    )


def default_mark(report: etree._Element, form: str) -> tuple[tuple[str, ...], str]:
    """The organs and suffix of a masthead whose model gives no mark."""
    if form == "minutes":
        title = meta_text(report, "title")  # a <br/> holds no text: the title's lines joined
        if title and title.endswith("纪要"):
            return (title[:-2],), "纪要"
    issuer = meta_text(report, "issuer")
    return ((issuer,) if issuer else ()), SUFFIX[form]


def text_of(el: etree._Element) -> str:
    return "".join(el.itertext())


def meta_text(report: etree._Element, name: str) -> str | None:
    el = report.find(f"meta/{name}")
    return None if el is None else text_of(el)


def seal_of(el: etree._Element) -> Seal:
    image = el.find("image")
    width = el.get("width-mm")
    return Seal(base64.b64decode("".join(image.text.split())), image.get("type"),
                int(image.get("width")), int(image.get("height")), float(width) if width else None)
