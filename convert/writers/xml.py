"""The model itself, as XML: the file users edit and render again."""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from convert.model import tree


def write(report: etree._Element, path: Path, options: dict | None = None) -> None:
    tree.write(report, path)
