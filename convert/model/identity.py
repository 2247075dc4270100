"""A document's identifier, from its content: the EPUB's dc:identifier and the OFD's DocID."""
from __future__ import annotations

import copy
import hashlib
import uuid

from lxml import etree

from convert.model.tree import normalize_space

ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://report-convert/epub")


def identifier(report: etree._Element, vertical: bool = False) -> str:
    """urn:uuid of a UUID v5 of the model's content: where the input file was and
    what the reader recorded (source, transforms, dropped lines) do not count.
    The vertical edition is a separate rendition, so it has its own identifier."""
    model = normalize_space(copy.deepcopy(report))
    for path in ("meta/source", "meta/transforms", "dropped"):
        for el in model.findall(path):
            el.getparent().remove(el)
    digest = hashlib.sha256(etree.tostring(model, method="c14n")).hexdigest()
    name = digest + ("/vertical" if vertical else "")
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, name)}"
