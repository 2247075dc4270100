"""Model XML → model: safe parsing, then the schema check."""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from convert import figures
from convert.errors import InputError
from convert.model import tree
from convert.options import Options
from convert.transforms import cleanup

# No network, no DTD, no entity expansion: a model file is data, never instructions.
_PARSER_OPTIONS = dict(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, remove_comments=False,
)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def parse(data: bytes, source="<model>", options: Options | None = None) -> etree._Element:
    """The validated model in `data`, with the title options give (--title) in place of its own."""
    doctype = _DOCTYPE.search(data)
    if doctype:  # refused before libxml2 sees it: its entity-loop wording is no help to a user
        raise InputError("model XML must not contain a DOCTYPE (entities are refused)",
                         line=data.count(b"\n", 0, doctype.start()) + 1)
    try:
        doc = etree.fromstring(data, etree.XMLParser(**_PARSER_OPTIONS)).getroottree()
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not well-formed XML: {exc.msg}", line=exc.lineno) from None
    report = tree.normalize_space(doc.getroot())
    try:
        tree.validate(report)
    except tree.ModelError as exc:
        raise InputError(f"not a valid report model: {exc}") from None
    figures.check_images(report)
    cleanup.remove_control_characters_in_model(report)
    report = tree.validate(report)
    if options is not None and options.title:
        cleanup.set_title(report, options.title)
    return report


def read(path: Path) -> etree._Element:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from None
    return parse(data, str(path))
