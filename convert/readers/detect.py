"""Which reader an input needs, from its first bytes, and its name only where bytes cannot tell.

The tests the readers' descriptors (convert.readers.READERS) sniff with, asked in the
registry's order, the first to say yes taking the input (convert.readers.input_kind):

    docx  a zip archive (a DOCX has word/document.xml), an OLE2 compound file (Word 97 .doc,
          or a password-protected DOCX): the DOCX reader says which and refuses what it cannot read
    xml   the canonical model (<report>, maybe after an XML declaration)
    html  a web page or a page fragment
    text  anything else: scraped report text
"""
from __future__ import annotations

import re
from pathlib import Path

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_SUFFIXES = {".docx", ".docm", ".doc", ".dotx", ".dotm", ".dot"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
# A page, or a fragment of one as crawlers store it: it opens with markup
HTML_START = re.compile(
    rb"^(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|link|div|p|table|span|section|article|main"
    rb"|center|font|h[1-6]|ul|ol|form|script|style)[\s>/]", re.IGNORECASE | re.DOTALL)
XML_DECLARATION = re.compile(rb"^<\?xml[^>]*\?>\s*(?:<!--.*?-->\s*)*", re.DOTALL)
XHTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)
SNIFF_BYTES = 1024


def is_word_file(head: bytes, path: Path | None) -> bool:
    """A zip or OLE2 file, or one named as a Word file: not a zip, the DOCX reader says it is
    damaged rather than its bytes being read as text."""
    return head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC) or _suffix(path) in WORD_SUFFIXES


def is_model_xml(head: bytes, path: Path | None) -> bool:
    """An XML declaration not followed by an XHTML page, or (without one) a .xml name or <report."""
    start = _start(head)
    declaration = XML_DECLARATION.match(start)
    if declaration:
        return not _is_xhtml(start, declaration)
    return _suffix(path) == ".xml" or start.startswith((b"<?xml", b"<report"))


def is_page(head: bytes, path: Path | None) -> bool:
    """(Asked once an input is neither Word nor model XML.) An XHTML page after an XML
    declaration, a page's name, or a start in markup."""
    start = _start(head)
    declaration = XML_DECLARATION.match(start)
    if declaration:
        return _is_xhtml(start, declaration)
    return _suffix(path) in HTML_SUFFIXES or HTML_START.match(start) is not None


def is_anything(head: bytes, path: Path | None) -> bool:
    """The last reader's test: report text is whatever the others do not take."""
    return True


def _start(head: bytes) -> bytes:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")


def _suffix(path: Path | None) -> str:
    return path.suffix.lower() if path is not None else ""


def _is_xhtml(start: bytes, declaration: re.Match) -> bool:
    return XHTML_ROOT.match(start[declaration.end():].lstrip()) is not None
