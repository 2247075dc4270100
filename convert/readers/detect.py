"""Which reader an input needs, from its first bytes, and its name only where bytes cannot tell.

    docx  a zip archive (a DOCX has word/document.xml), an OLE2 compound file (Word 97 .doc,
          or a password-protected DOCX): the DOCX reader says which and refuses what it cannot read
    xml   the canonical model (<report>, maybe after an XML declaration)
    html  a web page or a page fragment
    text  anything else: scraped report text
"""
from __future__ import annotations

import re
from pathlib import Path

from convert.readers import xml as xml_reader

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_SUFFIXES = {".docx", ".docm", ".doc", ".dotx", ".dotm", ".dot"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
# A page, or a fragment of one as crawlers store it: it opens with markup
HTML_START = re.compile(
    rb"^(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|link|div|p|table|span|section|article|main"
    rb"|center|font|h[1-6]|ul|ol|form|script|style)[\s>/]", re.IGNORECASE | re.DOTALL)
XML_DECLARATION = re.compile(rb"^<\?xml[^>]*\?>\s*(?:<!--.*?-->\s*)*", re.DOTALL)
SNIFF_BYTES = 1024


def input_kind(head: bytes, path: Path | None = None) -> str:
    """docx, xml, html or text, for an input that starts with `head` (its first SNIFF_BYTES)."""
    if head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC):
        return "docx"
    suffix = path.suffix.lower() if path is not None else ""
    if suffix in WORD_SUFFIXES:
        return "docx"  # not a zip: the DOCX reader says it is damaged rather than reading it as text
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    declaration = XML_DECLARATION.match(start)
    if declaration:
        after = start[declaration.end():].lstrip()
        return "html" if re.match(rb"<(?:!doctype\s+html|html)[\s>]", after, re.IGNORECASE) else "xml"
    if suffix == ".xml" or xml_reader.looks_like_xml(start):
        return "xml"
    if suffix in HTML_SUFFIXES or HTML_START.match(start):
        return "html"
    return "text"
