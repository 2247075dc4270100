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
# What a format does not show (GB/T 9704 10.1: a 信函 has no 签发人 and no 令号; 10.2: a 命令 is
# signed by its 签名章, not a 签发人): kept in the model, left out of every output, and said once
# when --form chooses such a format (convert.readers.given)
NOT_SHOWN = {"letter": ("signer", "order"), "order": ("signer",)}
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


def order_signature_parts(text: str) -> tuple[str, str]:
    """A 命令's signature, 职务 and the signer's name (7.3.5.3): apart at the first run of white
    space (省长　某某某, 省长 某某某); ("", text) when it names no 职务."""
    parts = re.split(r"[\s\u3000]+", text.strip(), maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else ("", text.strip())


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

    hidden = NOT_SHOWN.get(form, ())
    return Masthead(
        form=form, organs=organs, suffix=suffix,
        copy=field("copy"), secrecy=field("secrecy"), urgency=field("urgency"),
        docnumber=meta_text(report, "docnumber"),
        signers=() if "signer" in hidden else tuple(text_of(s) for s in el.iterfind("signer")),
        order=None if "order" in hidden else field("order"),
        seals=tuple(seal_of(s) for s in el.iterfind("seal")),
    )


def not_shown(report: etree._Element) -> list[str]:
    """What the document's format leaves out of the outputs, as written: the masthead's fields
    (NOT_SHOWN), and a 信函's 印发 line (10.1: its 版记 has no 印发机关 and 印发日期)."""
    el = report.find("meta/masthead")
    if el is None:
        return []
    hidden = [text_of(found) for name in NOT_SHOWN.get(el.get("form", "general"), ()) for found in el.iterfind(name)]
    imprint = report.find("imprint")
    if imprint is not None:
        hidden += ["\u3000".join(text_of(x) for x in part) for part in imprint if part not in imprint_parts(report, imprint)]
    return hidden


def imprint_parts(report: etree._Element | None, imprint: etree._Element) -> list[etree._Element]:
    """The parts of the 版记 the outputs show: all, but a 信函's 印发 line (10.1). `report` may
    be None (a 版记 on its own, outside a report)."""
    found = masthead_of(report) if report is not None else None
    letter = found is not None and found.form == "letter"
    return [part for part in imprint if isinstance(part.tag, str) and not (letter and part.tag == "printed")]


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


# ------------------------------------------------------------ setting --
# What a reader or the command line sets in a model: each value checked as the schema
# would, with a message a user can act on (ValueError; the caller says where it came from).

META_ORDER = ("title", "subtitle", "issuer", "date", "place", "docnumber", "masthead", "published", "identifier",
              "keyword", "punctuation", "source", "edition", "transforms")
MASTHEAD_ORDER = ("copy", "secrecy", "urgency", "mark", "signer", "order", "seal")
MARK_SUFFIXES = ("文件", "命令", "纪要")  # what a mark given as one string may end with (令 alone may end a name)
NAME_SEPARATORS = re.compile(r"[,，、;；\s\u3000]+")


def check_form(value: str) -> str:
    if value not in FORMS:
        raise ValueError(f"unknown form {value!r}; choose from {', '.join(FORMS)}")
    return value


def check_copy(value: str) -> str:
    if not COPY.fullmatch(value):
        raise ValueError(f"份号 (copy) is six Arabic digits, such as 000123, not {value!r}")
    return value


def check_secrecy(value: str) -> str:
    if not SECRECY.fullmatch(value):
        raise ValueError(f"密级 (secrecy) is 绝密, 机密 or 秘密, maybe with ★ and a period (秘密★1年), not {value!r}")
    return value


def check_urgency(value: str) -> str:
    if value not in URGENCIES:
        raise ValueError(f"紧急程度 (urgency) is 特急 or 加急, not {value!r}")
    return value


def split_names(value: str) -> list[str]:
    """Names as a list gives them: separated by commas, 、, semicolons or spaces."""
    return [name for name in NAME_SEPARATORS.split(value) if name]


def masthead_element(report: etree._Element, form: str | None = None) -> etree._Element:
    """The model's meta/masthead, made (form general unless `form`) where the schema puts it
    when it has none; `form` sets the form of one it has."""
    meta = report.find("meta")
    el = meta.find("masthead")
    if el is None:
        el = etree.Element("masthead", form=form or "general")
        place_child(meta, el, META_ORDER)
    elif form is not None:
        old = el.get("form", "general")
        mark = el.find("mark")
        if mark is not None and mark.get("suffix", "") == SUFFIX[old] and SUFFIX[old] != SUFFIX[form]:
            set_suffix(mark, SUFFIX[form])  # the old form's own suffix: the new form's
        el.set("form", form)
    return el


def set_suffix(mark: etree._Element, suffix: str) -> None:
    if suffix:
        mark.set("suffix", suffix)
    elif "suffix" in mark.attrib:
        del mark.attrib["suffix"]


def place_child(parent: etree._Element, child: etree._Element, order: tuple[str, ...]) -> None:
    """Insert `child` after the last of `parent`'s children that `order` puts before it."""
    before = set(order[:order.index(child.tag)])
    at = 0
    for k, other in enumerate(parent):
        if other.tag in before:
            at = k + 1
    parent.insert(at, child)


def set_masthead_text(report: etree._Element, name: str, values: list[str]) -> None:
    """copy, secrecy, urgency, order (one value) or signer (one element a name), replacing what
    the masthead had."""
    el = masthead_element(report)
    for old in el.findall(name):
        el.remove(old)
    for value in reversed(values):
        child = etree.Element(name)
        child.text = value
        place_child(el, child, MASTHEAD_ORDER)


def set_mark(report: etree._Element, organs: list[str], suffix: str | None = None) -> None:
    """The mark's organs, the host first; `suffix` None: the one the last organ ends with
    (文件, 命令, 纪要), else the form's."""
    el = masthead_element(report)
    organs = list(organs)
    if suffix is None:
        suffix = next((s for s in MARK_SUFFIXES if organs and organs[-1].endswith(s) and len(organs[-1]) > len(s)),
                      None)
        if suffix is not None:
            organs[-1] = organs[-1][:-len(suffix)]
        else:
            suffix = SUFFIX[el.get("form", "general")]
    for old in el.findall("mark"):
        el.remove(old)
    mark = etree.Element("mark")
    set_suffix(mark, suffix)
    for organ in organs:
        etree.SubElement(mark, "organ").text = organ
    place_child(el, mark, MASTHEAD_ORDER)


def add_seal(report: etree._Element, image: etree._Element) -> None:
    """One more seal (an <image> element), after those the masthead has."""
    el = masthead_element(report)
    etree.SubElement(el, "seal").append(image)  # the last of the masthead's children, after earlier seals


def set_meta_text(report: etree._Element, name: str, values: list[str], when: str | None = None) -> None:
    """meta/<name> (one element a value), replacing what the model had; `when` its @when."""
    meta = report.find("meta")
    for old in meta.findall(name):
        meta.remove(old)
    for value in reversed(values):
        el = etree.Element(name)
        el.text = value
        if when:
            el.set("when", when)
        place_child(meta, el, META_ORDER)
