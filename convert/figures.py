"""Figures on the model's side: a <figure> made from image bytes, the picture it holds, and
the placeholder every writer shows for a figure whose image was not found.

A reader (HTML, DOCX) calls ``figure_from_bytes``: PNG, JPEG and GIF are kept as they are,
any other format Pillow opens is converted to PNG, and bytes that are no image (or none at
all) give a figure without <image>, which keeps its alt text and source address. Writers
read the picture back with ``picture`` and size it with ``fitted_size``.

The placeholder text, ``［图：alt］ src`` (``［圖：…］`` in Traditional text), is the same in
every format; ``parse_placeholder`` is its inverse, for the DOCX reader. Its form is fixed
here, not in a style: a DOCX must be read back whichever style wrote it.
"""
from __future__ import annotations

import base64
import copy
import io
import re
import warnings
from dataclasses import dataclass

from lxml import etree

from convert.chars import remove_control_characters

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Pillow's format name -> the media type kept in the model (what every writer can embed).
KEPT_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}
BASE64_LINE = 76  # characters a line of the model's base64, as MIME writes it

FIGURE_WORD = {"zh-Hans": "图", "zh-Hant": "圖"}
OPEN, CLOSE, COLON = "［", "］", "："
# ［图］, ［图：alt］ (alt may be empty), then optionally a space and the source address.
# The alt text is matched greedily: an alt holding "］ " is read back whole, so the source
# may not hold "］" (a full-width bracket no address has).
_SPACES = re.compile(r"[ \t\n\r\f]+")  # HTML's white space: runs become one space; U+3000 stays
_PLACEHOLDER = re.compile(r"［[图圖](?:：(?P<alt>.*))?］(?: (?P<src>[^］]*\S))?", re.DOTALL)


@dataclass(frozen=True)
class Picture:
    """An image as the model holds it: its bytes, media type and size in pixels."""

    data: bytes
    type: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.type]


# ---------------------------------------------------------------- making --

def read_image(data: bytes) -> Picture | None:
    """The picture in `data`: PNG, JPEG and GIF as they are, any other format Pillow opens
    (WebP, BMP, TIFF, ...) as PNG; None for bytes that are no image Pillow can decode whole."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            # An image of more pixels than Pillow's limit is a decompression bomb: no image.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # decodes it all: a truncated or corrupt file fails here
                width, height = image.size
                kind = KEPT_FORMATS.get(image.format)
                if kind is None:
                    data, kind = _as_png(image), "image/png"
    except Exception:  # noqa: BLE001 - Pillow's decoders raise many kinds (OSError, SyntaxError, struct.error...)
        return None
    return Picture(data, kind, width, height)


def _as_png(image) -> bytes:
    """An image in PNG, in a mode PNG holds (CMYK, YCbCr, LAB and HSV become RGB)."""
    if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I;16"):
        image = image.convert("RGBA" if "A" in image.mode or "transparency" in image.info else "RGB")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")  # Pillow writes no time stamp: the same image gives the same bytes
    return buffer.getvalue()


def figure_from_bytes(data: bytes | None, src: str | None, alt: str | None,
                      caption: str | etree._Element | None = None) -> etree._Element:
    """A <figure>: with its <image> when `data` is an image (see `read_image`), else without
    one, so that writers show a placeholder naming `alt` and `src`. `caption` is text, or an
    element whose inline content (text, cite, q) becomes the caption's. Whitespace runs in
    `src` and `alt` become one space, as a page shows them (an ideographic space stays)."""
    figure = etree.Element("figure")
    src = _clean(src)
    if src:
        figure.set("src", src)
    if alt is not None:
        figure.set("alt", _clean(alt))
    picture = read_image(data) if data else None
    if picture is not None:
        image = etree.SubElement(figure, "image", type=picture.type, width=str(picture.width),
                                 height=str(picture.height))
        image.text = encode(picture.data)
    if isinstance(caption, str):
        caption = _clean(caption)
        if caption:
            etree.SubElement(figure, "caption").text = caption
    elif caption is not None and "".join(caption.itertext()).strip():
        copied = etree.SubElement(figure, "caption")
        copied.text = caption.text
        for child in caption:
            copied.append(copy.deepcopy(child))  # with its tail: the text after a mark
    return figure


def image_element(data: bytes) -> etree._Element | None:
    """An <image> of `data` (a seal's): as ``read_image`` keeps it, an SVG rasterised to PNG at
    SVG_PIXELS across; None for bytes that are no image. EnvironmentProblem for an SVG when
    cairosvg (the rasteriser) is not installed."""
    if is_svg(data):
        data = svg_to_png(data)
    picture = read_image(data)
    if picture is None:
        return None
    image = etree.Element("image", type=picture.type, width=str(picture.width), height=str(picture.height))
    image.text = encode(picture.data)
    return image


SVG_PIXELS = 1200  # a seal of 42 mm printed at about 725 dpi
_SVG = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?<svg[\s>]", re.DOTALL)


def is_svg(data: bytes) -> bool:
    return bool(_SVG.match(data[:4096].lstrip(b"\xef\xbb\xbf")))


def svg_to_png(data: bytes) -> bytes:
    """An SVG as a PNG with its transparency, SVG_PIXELS wide; b"" when it cannot be drawn."""
    from convert.errors import EnvironmentProblem

    try:
        import cairosvg
    except (ImportError, OSError):  # OSError: the package is there, the cairo library is not
        raise EnvironmentProblem("an SVG seal needs the Python package cairosvg (pip install cairosvg) "
                                 "and the cairo library; give a PNG instead") from None
    try:  # unsafe=False (its default): no external files, no entities
        return cairosvg.svg2png(bytestring=data, output_width=SVG_PIXELS)
    except Exception:  # noqa: BLE001 - a malformed SVG fails in many ways (XML, parsing, drawing)
        return b""


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    return _SPACES.sub(" ", remove_control_characters(text)[0]).strip(" ")


def encode(data: bytes) -> str:
    """Base64 in lines of BASE64_LINE characters (the schema's base64Binary allows the breaks)."""
    text = base64.b64encode(data).decode("ascii")
    return "\n".join(text[i:i + BASE64_LINE] for i in range(0, len(text), BASE64_LINE))


# --------------------------------------------------------------- reading --

def image_bytes(figure: etree._Element) -> bytes | None:
    """The bytes of a figure's image; None when it has none."""
    image = figure.find("image")
    if image is None:
        return None
    return base64.b64decode("".join((image.text or "").split()))


def picture(figure: etree._Element) -> Picture | None:
    """A figure's image with its type and pixel size, as the model records them."""
    data = image_bytes(figure)
    if data is None:
        return None
    image = figure.find("image")
    return Picture(data, image.get("type"), int(image.get("width")), int(image.get("height")))


def check_images(report: etree._Element) -> None:
    """Every <image> of a model read from XML holds the picture it declares: a PNG, JPEG or GIF
    of its @type, @width and @height. An edited model may not; InputError names the line."""
    from convert.errors import InputError

    for image in report.iter("image"):
        data = image_bytes(image.getparent())
        found = read_image(data)
        declared = (image.get("type"), int(image.get("width")), int(image.get("height")))
        if found is None or found.data != data:
            raise InputError(f"<image> holds no {declared[0]} picture (PNG, JPEG or GIF)", line=image.sourceline)
        if (found.type, found.width, found.height) != declared:
            raise InputError(f"<image> holds a {found.type} picture of {found.width}×{found.height} pixels, "
                             f"not the {declared[0]} of {declared[1]}×{declared[2]} it declares",
                             line=image.sourceline)


def caption(figure: etree._Element) -> etree._Element | None:
    return figure.find("caption")


def fitted_size(pic: Picture, max_width: float, max_height: float, pixels_per_inch: float) -> tuple[float, float]:
    """A picture's size in points: its pixels at `pixels_per_inch`, scaled down (never up)
    to fit `max_width` × `max_height`, keeping its proportions."""
    width, height = pic.width * 72 / pixels_per_inch, pic.height * 72 / pixels_per_inch
    scale = min(1.0, max_width / width, max_height / height)
    return width * scale, height * scale


# ----------------------------------------------------------- placeholder --

def _lang(figure: etree._Element, lang: str | None) -> str:
    if lang is None:
        lang = figure.getroottree().getroot().get(XML_LANG)
    return lang if lang in FIGURE_WORD else "zh-Hans"


def placeholder_parts(figure: etree._Element, lang: str | None = None) -> tuple[str, str | None]:
    """The placeholder's two parts: ［图：alt］ (［图］ without alt), and the source address
    (None without one). `lang`: the report's, found from the figure's root when not given."""
    word = FIGURE_WORD[_lang(figure, lang)]
    alt = figure.get("alt")
    label = OPEN + word + (COLON + alt if alt is not None else "") + CLOSE
    return label, figure.get("src")


def placeholder_text(figure: etree._Element, lang: str | None = None) -> str:
    """What a writer shows instead of a missing image: ``［图：alt］ src``."""
    label, src = placeholder_parts(figure, lang)
    return f"{label} {src}" if src else label


def parse_placeholder(text: str) -> tuple[str | None, str | None] | None:
    """(alt, src) of a placeholder text (each None when it had none), or None when `text`
    is not one: the inverse of `placeholder_text`."""
    match = _PLACEHOLDER.fullmatch(text.strip())
    if match is None:
        return None
    return match.group("alt"), match.group("src")


BREAK_AFTER = frozenset("/?&=#-_.")  # where an address best breaks


def break_address(address: str, width: float, measure) -> list[str]:
    """An address in pieces no wider than `width` (each character's width by `measure`; a
    character wider than `width` still takes a piece), each ending after / ? & = # - _ . where
    one can, else anywhere. Hand-written: the line composer and the text wrapper never break
    a Latin run, and an address is one."""
    pieces, start = [], 0
    while start < len(address):
        end, used = start, 0.0
        while end < len(address) and (end == start or used + measure(address[end]) <= width):
            used += measure(address[end])
            end += 1
        if end < len(address):
            end = max((k + 1 for k in range(start, end - 1) if address[k] in BREAK_AFTER), default=end)
        pieces.append(address[start:end])
        start = end
    return pieces


def shown_text(figure: etree._Element) -> str:
    """The text a figure shows in every format: the placeholder when it has no image, then
    its caption; one a line."""
    lines = [placeholder_text(figure)] if figure.find("image") is None else []
    cap = figure.find("caption")
    if cap is not None:
        lines.append("".join(cap.itertext()))
    return "\n".join(lines)
