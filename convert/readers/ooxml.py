"""An Office Open XML package (a DOCX) opened safely, and WordprocessingML read as text.

The package is untrusted input:
- an OLE2 compound file is told apart: a Word 97–2003 .doc, or an encrypted (password-protected)
  OOXML, which is a compound file holding EncryptionInfo and EncryptedPackage streams (olefile
  reads its directory);
- the main part's content type is checked (a macro-enabled .docm is refused);
- every part is read with a limit on its size, declared and actual, and on its compression
  ratio, so that a zip bomb stops at the limit instead of filling memory;
- XML parts are parsed with no DTD, no entity expansion and no network, and a DOCTYPE is refused.

`paragraph_content` walks a w:p as Word shows it with its tracked changes accepted: inserted and
moved-to text kept, deleted and moved-from text gone, field codes hidden and their results shown,
comments ignored.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from convert.errors import InputError

MAX_PART_BYTES = 256 * 1024 * 1024      # one part, uncompressed
MAX_TOTAL_BYTES = 512 * 1024 * 1024     # every part read, together
MAX_RATIO = 200                         # uncompressed / compressed, for parts above RATIO_FLOOR
RATIO_FLOOR = 8 * 1024 * 1024           # small parts may compress very well (a run of spaces)
CHUNK = 1024 * 1024

CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
V = "urn:schemas-microsoft-com:vml"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOCUMENT = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
                   "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")
STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"

WORD_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
}
MACRO_TYPES = {
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
OTHER_OFFICE = {"spreadsheetml": "an Excel workbook", "presentationml": "a PowerPoint presentation"}

_PARSER = dict(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
               remove_comments=True, remove_pis=True)
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def refuse_compound_file(raw: bytes) -> None:
    """An OLE2 compound file is never a DOCX: say which kind it is, in one line."""
    if not raw.startswith(CFB_SIGNATURE):
        return
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(raw))
    except Exception:  # olefile raises OSError and others on a damaged directory
        raise InputError("a damaged OLE2 compound file (an old Office format), not a DOCX") from None
    with ole:
        if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
            raise InputError("a password-protected DOCX: open it in Word or WPS, remove the password "
                             "and save it again")
        if ole.exists("WordDocument"):
            raise InputError("a Word 97-2003 .doc file: save it as .docx in Word or WPS, or convert it with "
                             "`soffice --headless --convert-to docx`")
    raise InputError("an OLE2 compound file (an old Office format), not a DOCX")


class Package:
    """The parts of a zip package, read on demand within the size limits."""

    def __init__(self, raw: bytes):
        refuse_compound_file(raw)
        if not raw.startswith(b"PK"):
            raise InputError("not a DOCX: the file is not a zip package")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(raw))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
            raise InputError("not a DOCX: a truncated or corrupt zip") from None
        self.infos = {info.filename.lstrip("/"): info for info in infos if not info.is_dir()}
        self._lower = {name.lower(): name for name in self.infos}
        self.total = 0

    def has(self, name: str) -> bool:
        return name.lstrip("/").lower() in self._lower

    def read(self, name: str) -> bytes:
        """A part's bytes; a part beyond the limits is a zip bomb, refused before it is all read."""
        key = self._lower.get(name.lstrip("/").lower())
        if key is None:
            raise KeyError(name)
        info = self.infos[key]
        self._check_size(key, info.file_size, info.compress_size)
        out = bytearray()
        try:
            with self.zip.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    out += chunk
                    self._check_size(key, len(out), info.compress_size)
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError, NotImplementedError, ValueError) as exc:
            raise InputError(f"not a DOCX: a truncated or corrupt zip ({key}: {exc})") from None
        self.total += len(out)
        if self.total > MAX_TOTAL_BYTES:
            raise InputError(f"a zip bomb: its parts expand beyond {MAX_TOTAL_BYTES >> 20} MiB")
        return bytes(out)

    @staticmethod
    def _check_size(name: str, size: int, compressed: int) -> None:
        if size > MAX_PART_BYTES:
            raise InputError(f"a zip bomb: {name} expands beyond {MAX_PART_BYTES >> 20} MiB")
        if size > RATIO_FLOOR and size > MAX_RATIO * max(compressed, 1):
            raise InputError(f"a zip bomb: {name} expands {size // max(compressed, 1)} times")

    def xml(self, name: str) -> etree._Element:
        data = self.read(name)
        if _DOCTYPE.search(data):
            raise InputError(f"{name.lstrip('/')} has a DOCTYPE: XML entities are refused")
        if STRICT_W.encode() in data:
            raise InputError("a Strict Open XML document: save it as a Word Document (.docx)")
        try:
            return etree.fromstring(data, etree.XMLParser(**_PARSER))
        except etree.XMLSyntaxError as exc:
            raise InputError(f"{name.lstrip('/')} is not well-formed XML: {exc.msg}") from None

    def rels(self, part: str) -> dict[str, Relationship]:
        """The relationships of `part` ("" for the package), by id, with targets resolved to part names."""
        folder, base = posixpath.split(part.lstrip("/"))
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels_name):
            return {}
        found = {}
        for rel in self.xml(rels_name).iter(f"{{{PKG_RELS}}}Relationship"):
            target, external = rel.get("Target", ""), rel.get("TargetMode") == "External"
            if not external:
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target))
            found[rel.get("Id")] = Relationship(rel.get("Type", ""), target, external)
        return found

    def content_type(self, name: str) -> str | None:
        if not self.has("[Content_Types].xml"):
            return None
        types = self.xml("[Content_Types].xml")
        name = "/" + name.lstrip("/")
        for override in types.iter(f"{{{CONTENT_TYPES}}}Override"):
            if override.get("PartName", "").lower() == name.lower():
                return override.get("ContentType")
        ext = posixpath.splitext(name)[1].lstrip(".").lower()
        for default in types.iter(f"{{{CONTENT_TYPES}}}Default"):
            if default.get("Extension", "").lower() == ext:
                return default.get("ContentType")
        return None

    def main_document(self) -> str:
        """The name of the main document part, after checking that it is a Word document without macros."""
        target = next((r.target for r in self.rels("").values() if r.type in OFFICE_DOCUMENT and not r.external),
                      None)
        if target is None or not self.has(target):
            if not self.has("word/document.xml"):
                raise InputError("not a DOCX: the zip has no word/document.xml")
            target = "word/document.xml"
        kind = self.content_type(target)
        if kind in MACRO_TYPES:
            raise InputError("a macro-enabled Word file (.docm): save it as a Word Document (.docx), without macros")
        if kind is not None and kind not in WORD_TYPES:
            other = next((what for key, what in OTHER_OFFICE.items() if key in kind), None)
            raise InputError(f"not a DOCX: {other or 'its main part is ' + kind}")
        return target


@dataclass(frozen=True)
class Relationship:
    type: str
    target: str       # a part name inside the package, or an external address
    external: bool


# --------------------------------------------------------- paragraph text --

@dataclass
class Piece:
    """A stretch of a paragraph's text with the run properties it was written with."""
    text: str
    rPr: etree._Element | None


@dataclass
class Content:
    """What a paragraph shows: its text pieces, the offsets of its line breaks, the pictures
    it holds, and what it held that the reader accepts or ignores."""
    pieces: list[Piece] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)  # offsets in `text` of line breaks (w:br, w:cr)
    pictures: list[etree._Element] = field(default_factory=list)  # w:drawing and w:pict elements
    # text boxes' w:txbxContent, and the text of WordArt (a VML v:textpath, as a string)
    boxes: list[etree._Element | str] = field(default_factory=list)
    box_at: list[int] = field(default_factory=list)  # the offset in `text` where each box was anchored
    page_break: bool = False    # a w:br of type page in the paragraph
    fields: list[str] = field(default_factory=list)  # field instructions (TOC, PAGE, HYPERLINK …)
    tracked: int = 0            # insertions and deletions accepted
    comments: int = 0

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    def add(self, text: str, rPr) -> None:
        if text:
            self.pieces.append(Piece(text, rPr))

    def add_shapes(self, el: etree._Element) -> None:
        """The text boxes and WordArt of a drawing, in document order: a box inside a box is
        read with the outer box's paragraphs, not again."""
        at = len(self.text)
        for found in el.iter(w("txbxContent"), f"{{{V}}}textpath"):
            if _in_box(found, el):
                continue
            if found.tag == w("txbxContent"):
                self.boxes.append(found)
            elif found.get("string", "").strip():
                self.boxes.append(found.get("string"))
            else:
                continue
            self.box_at.append(at)


SKIPPED = {w("del"), w("moveFrom"), w("pPr"), w("rPr"), w("sectPr"), w("customXmlDelRangeStart"),
           w("customXmlMoveFromRangeStart")}
DESCEND = {w("hyperlink"), w("smartTag"), w("customXml"), w("ins"), w("moveTo"), w("fldSimple"), w("bdo"),
           w("dir"), w("sdt"), w("sdtContent"), f"{{{M}}}oMathPara", f"{{{M}}}oMath", f"{{{M}}}r", f"{{{M}}}e",
           f"{{{M}}}num", f"{{{M}}}den", f"{{{M}}}sub", f"{{{M}}}sup", f"{{{M}}}deg", f"{{{M}}}f", f"{{{M}}}rad",
           f"{{{M}}}sSub", f"{{{M}}}sSup", f"{{{M}}}sSubSup", f"{{{M}}}d", f"{{{M}}}nary"}
COMMENT_MARKS = {w("commentRangeStart"), w("commentRangeEnd")}


def paragraph_content(p: etree._Element) -> Content:
    """The content of paragraph `p` as Word shows it, tracked changes accepted."""
    content = Content()
    fields: list[list] = []  # open complex fields: [instruction, showing its result?]
    _walk(p, content, fields)
    return content


def _walk(el: etree._Element, content: Content, fields: list[list]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == w("r"):
            _run(child, content, fields)
        elif tag in (w("del"), w("moveFrom")):
            content.tracked += 1
        elif tag in SKIPPED:
            continue
        elif tag in (w("ins"), w("moveTo")):
            content.tracked += 1
            _walk(child, content, fields)
        elif tag in COMMENT_MARKS:
            content.comments += 1
        elif tag == f"{{{MC}}}AlternateContent":
            chosen = child.find(f"{{{MC}}}Choice")
            if chosen is None:
                chosen = child.find(f"{{{MC}}}Fallback")
            if chosen is not None:
                _walk(chosen, content, fields)
        elif tag == w("fldSimple"):
            content.fields.append(child.get(w("instr"), "").strip())
            _walk(child, content, fields)
        elif tag == f"{{{M}}}t":
            content.add(child.text or "", None)
        elif tag in DESCEND:
            _walk(child, content, fields)


def _run(r: etree._Element, content: Content, fields: list[list]) -> None:
    rPr = r.find(w("rPr"))
    if rPr is not None and rPr.find(w("vanish")) is not None and _on(rPr.find(w("vanish"))):
        return  # hidden text: Word does not show it
    hidden = any(not showing for _, showing in fields)  # inside a field's instruction part
    for child in r:
        tag = child.tag
        if tag == w("fldChar"):
            kind = child.get(w("fldCharType"))
            if kind == "begin":
                fields.append(["", False])
            elif kind == "separate" and fields:
                fields[-1][1] = True
                content.fields.append(fields[-1][0].strip())
            elif kind == "end" and fields:
                if not fields[-1][1]:
                    content.fields.append(fields[-1][0].strip())
                fields.pop()
            hidden = any(not showing for _, showing in fields)
        elif tag == w("instrText"):
            if fields:
                fields[-1][0] += child.text or ""
        elif hidden:
            continue
        elif tag == w("t"):
            content.add(child.text or "", rPr)
        elif tag == w("tab") or tag == w("ptab"):
            content.add("\t", rPr)
        elif tag in (w("br"), w("cr")):
            if child.get(w("type")) in ("page", "column"):
                content.page_break = True
            else:
                content.breaks.append(len(content.text))
        elif tag == w("noBreakHyphen"):
            content.add("-", rPr)
        elif tag == w("sym"):
            code = int(child.get(w("char"), "0"), 16) if re.fullmatch(r"[0-9A-Fa-f]{1,6}",
                                                                     child.get(w("char"), "")) else 0
            if code and not 0xE000 <= code <= 0xF8FF:  # a symbol font's private code has no Unicode meaning
                content.add(chr(code), rPr)
        elif tag in (w("drawing"), w("pict"), w("object")):
            content.pictures.append(child)
            content.add_shapes(child)
        elif tag == f"{{{MC}}}AlternateContent":
            chosen = child.find(f"{{{MC}}}Choice")
            if chosen is None:
                chosen = child.find(f"{{{MC}}}Fallback")
            if chosen is not None:
                for inner in chosen:
                    if inner.tag in (w("drawing"), w("pict")):
                        content.pictures.append(inner)
                        content.add_shapes(inner)
        elif tag == w("ruby"):
            base = child.find(w("rubyBase"))
            if base is not None:
                _walk(base, content, fields)
        elif tag == w("commentReference"):
            content.comments += 1
        elif tag == w("delText"):
            content.tracked += 1


def _in_box(el: etree._Element, top: etree._Element) -> bool:
    """Is `el` inside a text box that is inside `top`?"""
    for ancestor in el.iterancestors():
        if ancestor is top:
            return False
        if ancestor.tag == w("txbxContent"):
            return True
    return False


def _on(el: etree._Element | None) -> bool:
    """An on/off property (w:b, w:vanish): present and not val=false/0/off."""
    return el is not None and el.get(w("val"), "true").lower() not in ("false", "0", "off", "none")


on = _on


# ------------------------------------------------------------------ styles --

@dataclass
class Style:
    id: str
    name: str
    type: str
    based_on: str | None
    pPr: etree._Element | None
    rPr: etree._Element | None


class Styles:
    """The styles part: each style by id, and the properties a paragraph or run inherits."""

    def __init__(self, root: etree._Element | None):
        self.by_id: dict[str, Style] = {}
        self.default_rPr = self.default_pPr = None
        self.default_paragraph: str | None = None
        if root is None:
            return
        defaults = root.find(w("docDefaults"))
        if defaults is not None:
            self.default_rPr = defaults.find(f"{w('rPrDefault')}/{w('rPr')}")
            self.default_pPr = defaults.find(f"{w('pPrDefault')}/{w('pPr')}")
        for st in root.iter(w("style")):
            sid = st.get(w("styleId"), "")
            name_el, based = st.find(w("name")), st.find(w("basedOn"))
            style = Style(sid, name_el.get(w("val"), sid) if name_el is not None else sid, st.get(w("type"), ""),
                          based.get(w("val")) if based is not None else None, st.find(w("pPr")), st.find(w("rPr")))
            self.by_id[sid] = style
            if style.type == "paragraph" and _on_attr(st.get(w("default"))):
                self.default_paragraph = sid

    def name(self, style_id: str | None) -> str | None:
        style = self.by_id.get(style_id or "")
        return style.name if style else style_id

    def chain(self, style_id: str | None):
        """A style and the styles it is based on, nearest first."""
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            style_id = style.based_on

    def paragraph_property(self, pPr: etree._Element | None, style_id: str | None, tag: str):
        """The nearest w:pPr child `tag`: the paragraph's own, its style's, then the defaults'."""
        for props in [pPr] + [s.pPr for s in self.chain(style_id)] + [self.default_pPr]:
            if props is not None and (found := props.find(w(tag))) is not None:
                return found
        return None

    def run_property(self, rPr: etree._Element | None, paragraph_style: str | None, tag: str):
        """The nearest w:rPr child `tag`: the run's own, its character style's, its paragraph style's, the defaults'."""
        char_style = None
        if rPr is not None and (rs := rPr.find(w("rStyle"))) is not None:
            char_style = rs.get(w("val"))
        for props in ([rPr] + [s.rPr for s in self.chain(char_style)] + [s.rPr for s in self.chain(paragraph_style)]
                      + [self.default_rPr]):
            if props is not None and (found := props.find(w(tag))) is not None:
                return found
        return None


def _on_attr(value: str | None) -> bool:
    return value is not None and value.lower() in ("1", "true", "on")


# --------------------------------------------------------------- numbering --

CHINESE_DIGITS = "零一二三四五六七八九"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return CHINESE_DIGITS[n]
    if n < 20:
        return "十" + (CHINESE_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CHINESE_DIGITS[n // 10] + "十" + (CHINESE_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if not rest else ("零" + CHINESE_DIGITS[rest] if rest < 10 else
                                    CHINESE_DIGITS[rest // 10] + "十" + (CHINESE_DIGITS[rest % 10] if rest % 10 else ""))
        return CHINESE_DIGITS[n // 100] + "百" + tail
    return str(n)


def roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


def letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


FORMATS = {
    "decimal": str, "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "chineseCounting": chinese_number, "chineseCountingThousand": chinese_number, "japaneseCounting": chinese_number,
    "ideographTraditional": lambda n: HEAVENLY_STEMS[(n - 1) % 10],
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "upperRoman": roman, "lowerRoman": lambda n: roman(n).lower(),
    "upperLetter": letters, "lowerLetter": lambda n: letters(n).lower(),
    "taiwaneseCountingThousand": chinese_number, "ideographDigital": lambda n: "".join(
        CHINESE_DIGITS[int(d)] if d != "0" else "〇" for d in str(n)),
    "chineseLegalSimplified": lambda n: chinese_number(n).translate(LEGAL_SIMPLIFIED),
    "ideographLegalTraditional": lambda n: chinese_number(n).translate(LEGAL_TRADITIONAL),
}
LEGAL_SIMPLIFIED = str.maketrans("一二三四五六七八九十百", "壹贰叁肆伍陆柒捌玖拾佰")
LEGAL_TRADITIONAL = str.maketrans("一二三四五六七八九十百", "壹貳參肆伍陸柒捌玖拾佰")
# Word 2010's custom formats (w:numFmt w:val="custom" w:format="一, 二, 三, ..."), by their first number
CUSTOM_FORMATS = {"一": "chineseCounting", "壹": "chineseLegalSimplified", "01": "decimalZero", "1": "decimal",
                  "①": "decimalEnclosedCircle", "１": "decimalFullWidth"}


def number_format(lvl: etree._Element | None) -> str:
    """A numbering level's format: its w:numFmt, or inside mc:AlternateContent (Word 2010 and WPS
    put a custom format there), the Choice's custom format when it is one we know, else the
    Fallback's standard one."""
    if lvl is None:
        return "decimal"
    fmt = lvl.find(w("numFmt"))
    if fmt is not None:
        return fmt.get(w("val"), "decimal")
    alternate = lvl.find(f"{{{MC}}}AlternateContent")
    if alternate is None:
        return "decimal"
    choice = alternate.find(f"{{{MC}}}Choice/{w('numFmt')}")
    if choice is not None and choice.get(w("val")) == "custom":
        first = choice.get(w("format"), "").split(",")[0].strip()
        if first in CUSTOM_FORMATS:
            return CUSTOM_FORMATS[first]
    elif choice is not None:
        return choice.get(w("val"), "decimal")
    fallback = alternate.find(f"{{{MC}}}Fallback/{w('numFmt')}")
    return fallback.get(w("val"), "decimal") if fallback is not None else "decimal"


class Numbering:
    """Word's automatic numbering (numbering.xml): the label a numbered paragraph shows
    (一、 （一） 1.), counted in document order. Bullets show no label: they are not text."""

    def __init__(self, root: etree._Element | None):
        self.abstract: dict[str, dict[int, etree._Element]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, start overrides)
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for abstract in root.iter(w("abstractNum")):
            self.abstract[abstract.get(w("abstractNumId"))] = {
                int(lvl.get(w("ilvl"), "0")): lvl for lvl in abstract.iter(w("lvl"))}
        for num in root.iter(w("num")):
            ref = num.find(w("abstractNumId"))
            overrides = {}
            for override in num.iter(w("lvlOverride")):
                start = override.find(w("startOverride"))
                if start is not None and start.get(w("val"), "").isdigit():
                    overrides[int(override.get(w("ilvl"), "0"))] = int(start.get(w("val")))
            if ref is not None:
                self.nums[num.get(w("numId"))] = (ref.get(w("val")), overrides)

    def label(self, num_id: str | None, ilvl: int) -> str:
        """The label of the next paragraph numbered `num_id` at level `ilvl`, counting it."""
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        start = lambda level: overrides.get(level, _int_val(levels.get(level), "start", 1))  # noqa: E731
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start(ilvl)
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a higher level restarts the levels below it
        lvl = levels[ilvl]
        if number_format(lvl) in ("bullet", "none"):
            return ""
        text = lvl.find(w("lvlText"))
        pattern = text.get(w("val"), "") if text is not None else ""
        legal = lvl.find(w("isLgl")) is not None

        def number(m: re.Match) -> str:
            level = int(m.group(1)) - 1
            value = counters.get(level, start(level))
            name = "decimal" if legal else number_format(levels.get(level))
            return FORMATS.get(name, str)(value)

        return re.sub(r"%([1-9])", number, pattern)


def _int_val(lvl: etree._Element | None, tag: str, default: int) -> int:
    el = lvl.find(w(tag)) if lvl is not None else None
    value = el.get(w("val"), "") if el is not None else ""
    return int(value) if value.isdigit() else default
