"""A DOCX's own properties, read with python-docx: what holds without rendering it (the
paper and the margins of each section). The page as laid out comes from LibreOffice's PDF."""
from __future__ import annotations

from pathlib import Path

from convert.check.rules import MARGIN_TOLERANCE_MM, Finding, RULES

EMU_PER_MM = 36000


def _finding(rule_id: str, section: int, actual: str, expected: str, fix: str) -> Finding:
    r = next(r for r in RULES if r.id == rule_id)
    return Finding(r.id, r.clause, r.strength, None, None, f"section {section}: {actual}", expected, fix)


def check(path: Path, style) -> list[Finding]:
    import docx

    out = []
    page = style.page
    for k, section in enumerate(docx.Document(str(path)).sections, 1):
        width, height = (section.page_width or 0) / EMU_PER_MM, (section.page_height or 0) / EMU_PER_MM
        if abs(width - page.width_mm) > 1 or abs(height - page.height_mm) > 1:
            out.append(_finding("page.size", k, f"paper {width:.0f} × {height:.0f} mm", f"{page.width_mm:g} × "
                                f"{page.height_mm:g} mm", "set the paper size to A4"))
        left = (section.left_margin or 0) / EMU_PER_MM
        if abs(left - page.margin_left_mm) > MARGIN_TOLERANCE_MM:
            out.append(_finding("margin.left", k, f"left margin {left:.1f} mm", f"{page.margin_left_mm:g} mm ± 1 mm",
                                f"set the left margin to {page.margin_left_mm:g} mm"))
        top = (section.top_margin or 0) / EMU_PER_MM
        if abs(top - page.margin_top_mm) > MARGIN_TOLERANCE_MM:
            out.append(_finding("margin.top", k, f"top margin {top:.1f} mm", f"{page.margin_top_mm:g} mm ± 1 mm",
                                f"set the top margin to {page.margin_top_mm:g} mm"))
    return out


def named_fonts(path: Path) -> set[str]:
    """The East Asian fonts a DOCX names: in its styles and on its runs."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    names = set()
    for element in [s.element for s in document.styles] + list(document.element.body.iter(qn("w:r"))):
        for fonts in element.iter(qn("w:rFonts")):
            value = fonts.get(qn("w:eastAsia"))
            if value:
                names.add(value)
    return names
