"""Model XML → model: safe parsing, then the schema check."""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from convert.errors import InputError
from convert.model import tree

# No network, no DTD, no entity expansion: a model file is data, never instructions.
_PARSER_OPTIONS = dict(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, remove_comments=False,
)


def looks_like_xml(path: Path) -> bool:
    if path.suffix.lower() == ".xml":
        return True
    try:
        with open(path, "rb") as fh:
            head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return False
    return head.startswith(b"<?xml") or head.startswith(b"<report")


def parse(data: bytes, source: str = "<model>") -> etree._Element:
    try:
        doc = etree.fromstring(data, etree.XMLParser(**_PARSER_OPTIONS)).getroottree()
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not well-formed XML: line {exc.lineno}: {exc.msg}") from None
    if doc.docinfo.doctype or doc.docinfo.internalDTD is not None:
        raise InputError("model XML must not contain a DOCTYPE (entities are refused)")
    report = tree.normalize_space(doc.getroot())
    try:
        return tree.validate(report)
    except tree.ModelError as exc:
        raise InputError(f"not a valid report model: {exc}") from None


def read(path: Path) -> etree._Element:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}") from None
    return parse(data, str(path))
