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


ROLE_NAMES = {"title": "the title", "heading1": "level-1 headings", "heading2": "level-2 headings", "body": "the body"}


def declared_fonts(path: Path, style) -> list[Finding]:
    """The East Asian font each role's paragraphs declare (run, then paragraph style chain, then
    the document defaults), against the style's stack for the role: title 小标宋, level-1 黑体,
    level-2 楷体, body 仿宋 (7.3.1, 7.3.3). One finding per role, at its first paragraph."""
    import docx
    from docx.oxml.ns import qn

    from convert.check.rules import FONT_NAMES, font_class_ok
    from convert.readers.structure import marks

    document = docx.Document(str(path))
    defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    default = defaults.get(qn("w:eastAsia")) if defaults is not None else None

    def style_font(s):
        while s is not None:
            fonts = s.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
            if fonts is not None and fonts.get(qn("w:eastAsia")):
                return fonts.get(qn("w:eastAsia"))
            s = s.base_style
        return default

    def run_font(run, paragraph_font):
        fonts = run._element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            return fonts.get(qn("w:eastAsia"))
        return style_font(run.style) if run.style is not None and run.style.name != "Default Paragraph Font" \
            and style_font(run.style) != default else paragraph_font

    out, seen_title, reported = [], False, set()
    for k, paragraph in enumerate(document.paragraphs, 1):
        text = paragraph.text.strip()
        runs = [r for r in paragraph.runs if r.text.strip()]
        if not text or not runs:
            continue
        paragraph_font = style_font(paragraph.style)
        label = marks.label_of(text)
        centred = paragraph.alignment is not None and int(paragraph.alignment) == 1 or \
            paragraph.style.paragraph_format.alignment is not None and int(paragraph.style.paragraph_format.alignment) == 1
        if not seen_title and (paragraph.style.name == "Title" or centred):
            role, font = "title", run_font(runs[0], paragraph_font)
            seen_title = True
        elif label and label.label_class in ("cn", "paren-cn"):
            role = "heading1" if label.label_class == "cn" else "heading2"
            font = run_font(runs[0], paragraph_font)
        elif len(text) >= 20 and not centred:
            role = "body"
            weights: dict[str, int] = {}
            for r in runs:
                f = run_font(r, paragraph_font)
                weights[f] = weights.get(f, 0) + len(r.text)
            font = max(weights, key=weights.get)
        else:
            continue
        if role in reported or not font:
            continue
        stack = style.roles[role].font
        if not font_class_ok(font, stack, style):
            reported.add(role)
            r = next(r for r in RULES if r.id == "font.declared")
            out.append(Finding(r.id, r.clause, r.strength, None, None,
                               f"paragraph {k}: {ROLE_NAMES[role]} declared in {font}", FONT_NAMES.get(stack, stack),
                               f"set {ROLE_NAMES[role]} in {FONT_NAMES.get(stack, stack)}"))
    return out
