"""DOCX: an editable Word file laid out as a GB/T 9704 official document.

Everything visible comes from paragraph and character styles defined here from
the style file (styles/official.toml); paragraphs carry only a style name.
Every paragraph style is based on Body, so changing Body changes them all.
The OXML that python-docx has no API for is written by ``convert.writers.oxml``.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Twips
from docx.text.paragraph import Paragraph
from lxml import etree

from convert import __version__
from convert import style as styles
from convert.model import Block, info, lang_of
from convert.model.tree import Section
from convert.options import Options
from convert.outputs import atomic_output, source_date_epoch
from convert.style import MM_PER_PT, TWIPS_PER_PT, Style
from convert.typeset import kinsoku
from convert.writers import oxml
from convert.writers.base import Translator, inline_runs

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
WORD_LANG = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


@dataclass(frozen=True)
class ParagraphStyle:
    name: str
    role: str                 # a [roles.*] table of the style file
    outline: int | None = None
    keep_next: bool = False
    page_break_before: bool = False


# Block kind -> paragraph style. Headings get outline levels for the navigation pane.
BODY = ParagraphStyle("Body", "body")
PARAGRAPH_STYLES = {
    "title": ParagraphStyle("Title", "title"),
    "subtitle": ParagraphStyle("Subtitle", "subtitle"),
    "docnumber": ParagraphStyle("Document Number", "docnumber"),
    "summary": ParagraphStyle("Summary", "summary"),
    "dateline": ParagraphStyle("Dateline", "front"),
    "speaker": ParagraphStyle("Speaker", "front"),
    "addressee": ParagraphStyle("Addressee", "addressee"),
    "heading1": ParagraphStyle("Heading 1", "heading1", 1, keep_next=True),
    "heading2": ParagraphStyle("Heading 2", "heading2", 2, keep_next=True),
    "heading3": ParagraphStyle("Heading 3", "heading3", 3, keep_next=True),
    "heading4": ParagraphStyle("Heading 4", "heading4", 4, keep_next=True),
    # GB/T 9704 §7.5: an appendix starts on a new page.
    "appendix-heading": ParagraphStyle("Appendix Heading", "heading1", 1, keep_next=True, page_break_before=True),
    "p": BODY,
    "point": BODY,
}
LEAD_STYLE = "Lead"                 # the lead sentence of an enumerated point
CITE_STYLE = "Document Title"       # 《…》
RUNIN_STYLE = "Run-in Heading"      # （一）指导思想。 opening a paragraph


class DocxTranslator(Translator):
    """Builds the python-docx Document: styles first, then one paragraph a block."""

    def __init__(self, report: etree._Element, style: Style, options: Options):
        super().__init__(report)
        self.style = style
        self.options = options
        self.lang = lang_of(report)
        self.script = "hans" if self.lang == "zh-Hans" else "hant"
        self.word_lang = WORD_LANG[self.lang]
        self.geometry = style.geometry
        self.doc = docx.Document()
        self._styles: dict[str, str] = {}
        # Paragraphs go in before the body's final sectPr, held here: python-docx's
        # add_paragraph searches the body for it each time, which made the writer quadratic.
        self._body = self.doc._body
        self._sectPr = self.doc.element.body.get_or_add_sectPr()

    # ------------------------------------------------------------ styles --

    def role(self, name: str):
        return self.style.roles[name]

    def family(self, role: str) -> str:
        """The first family of a role's stack: the face Word and WPS users have."""
        return self.style.font_stack(role, self.lang)[0].split(":")[0]

    def indent_twips(self, chars: float) -> int:
        return round(chars * self.geometry.char_advance_pt * TWIPS_PER_PT)

    def setup_styles(self) -> None:
        g = self.geometry
        styles_el = self.doc.styles.element
        defaults = styles_el.find(qn("w:docDefaults"))
        rPr = oxml.clear(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
        oxml.set_fonts(rPr, self.family("body"))
        oxml.set_char_spacing(rPr, g.char_spacing)
        oxml.set_size(rPr, g.body_size)
        oxml.set_lang(rPr, self.word_lang)
        pPr = oxml.clear(defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")))
        oxml.set_exact_line(pPr, g.line_pitch_twips)

        body = self.paragraph_style(BODY, base="Normal")
        # Hanging punctuation: written as on, Word's own default. LibreOffice 7.4 reads the flag
        # inverted (writerfilter: ParaIsHangingPunctuation = val == 0); with "off" it hangs marks
        # and drops some (a ， vanished from the sample's PDF). "On" keeps its lines inside the grid.
        oxml.set_on_off(body.element.get_or_add_pPr(), "w:overflowPunct", True)
        body_role = self.role("body")
        color = self.style.text.color.lstrip("#")
        oxml.set_child(body.element.get_or_add_rPr(), "w:color", val=color)
        for key, spec in PARAGRAPH_STYLES.items():
            if spec is not BODY:
                self.paragraph_style(spec, base=BODY.name, body_role=body_role)

        self.character_style(LEAD_STYLE, "lead")
        self.character_style(CITE_STYLE, None)
        self.character_style(RUNIN_STYLE, "runin")
        self.footer_styles()

    def get_style(self, name: str, kind: WD_STYLE_TYPE):
        try:
            st = self.doc.styles[name]
        except KeyError:
            st = self.doc.styles.add_style(name, kind)
        el = st.element
        # Drop the template's look (theme fonts, blue, borders, linked character styles).
        oxml.remove_children(el, "w:pPr", "w:rPr", "w:link", "w:next", "w:rsid")
        st.hidden = False
        st.quick_style = True
        return st

    def paragraph_style(self, spec: ParagraphStyle, base: str, body_role=None):
        st = self.get_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = self.doc.styles[base]
        st.next_paragraph_style = self.doc.styles[BODY.name]
        role = self.role(spec.role)
        fmt = st.paragraph_format
        fmt.alignment = ALIGN[role.align]
        chars = role.indent(self.style.text)
        pPr = st.element.get_or_add_pPr()
        oxml.set_first_line_chars(pPr, chars, self.indent_twips(chars))
        after_lines = self.style.title_block.blank_lines_after_title if spec.name == "Title" else 0
        oxml.set_exact_line(pPr, self.geometry.line_pitch_twips, after=after_lines * self.geometry.line_pitch_twips)
        if spec.keep_next:
            fmt.keep_with_next = True
        if spec.page_break_before:
            fmt.page_break_before = True
        if role.size_pt > self.geometry.body_size:
            # Type larger than the body's (the title): LibreOffice would give each line two grid lines.
            oxml.set_on_off(pPr, "w:snapToGrid", False)
        oxml.set_outline_level(pPr, spec.outline)
        rPr = st.element.get_or_add_rPr()
        if body_role is None or role.font != body_role.font:
            oxml.set_fonts(rPr, self.family(spec.role))
        if body_role is None or role.size_pt != body_role.size_pt:
            oxml.set_size(rPr, role.size_pt)
        if role.bold:
            st.font.bold = True
        return st

    def character_style(self, name: str, role_name: str | None):
        st = self.get_style(name, WD_STYLE_TYPE.CHARACTER)
        st.base_style = self.doc.styles["Default Paragraph Font"]
        if role_name is not None:
            role, body = self.role(role_name), self.role("body")
            rPr = st.element.get_or_add_rPr()
            if role.font != body.font:
                oxml.set_fonts(rPr, self.family(role_name))
            if role.size_pt != body.size_pt:
                oxml.set_size(rPr, role.size_pt)
            if role.bold:
                st.font.bold = True
        return st

    def footer_styles(self) -> None:
        number = self.role("page_number")
        size = number.size_pt
        footer = self.get_style("Footer", WD_STYLE_TYPE.PARAGRAPH)
        footer.base_style = self.doc.styles["Normal"]
        rPr = footer.element.get_or_add_rPr()
        oxml.set_fonts(rPr, self.family("page_number"))
        oxml.set_size(rPr, size)
        oxml.set_char_spacing(rPr, 0)
        pPr = footer.element.get_or_add_pPr()
        oxml.set_exact_line(pPr, round(size * TWIPS_PER_PT))
        inset = round(number.inset_chars * size * TWIPS_PER_PT)
        for parity in ("odd", "even"):
            side = getattr(number, parity)
            st = self.get_style(f"Footer {parity.title()}", WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = footer
            st.paragraph_format.alignment = ALIGN[side]
            if side == "left":
                st.paragraph_format.left_indent = Twips(inset)
            elif side == "right":
                st.paragraph_format.right_indent = Twips(inset)

    # ----------------------------------------------------- page and settings --

    def setup_section(self) -> None:
        g = self.geometry
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(g.page_width_mm), Mm(g.page_height_mm)
        section.top_margin, section.bottom_margin = Mm(g.top_mm), Mm(g.bottom_mm)
        section.left_margin, section.right_margin = Mm(g.left_mm), Mm(g.right_mm)
        section.gutter = 0
        section.header_distance = Mm(min(g.top_mm / 2, 15))
        number = self.role("page_number")
        below = number.below_text_mm
        line_mm = number.size_pt * MM_PER_PT
        section.footer_distance = Mm(max(g.bottom_mm - below - line_mm, 0))
        # A line grid only: LibreOffice 7.4 sets a linesAndChars grid at 14-19 characters a line
        # (facts.md); the run spacing in docDefaults gives 28 a line in Word and LibreOffice alike.
        grid_type = self.style.docx.grid_type
        oxml.set_doc_grid(section._sectPr, grid_type, g.line_pitch_twips,
                          None if grid_type == "lines" else self.style.docx.char_space)
        self.doc.settings.odd_and_even_pages_header_footer = True
        self.page_number_footer(section.footer, "Footer Odd")
        self.page_number_footer(section.even_page_footer, "Footer Even")

    def page_number_footer(self, footer, style_name: str) -> None:
        before, after = self.role("page_number").format.split("{n}")
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = self.doc.styles[style_name]
        if before:
            p.add_run(before)
        oxml.append_field(p._p, "PAGE", "1")
        if after:
            p.add_run(after)

    def setup_settings(self) -> None:
        settings = self.doc.settings.element
        oxml.set_theme_font_lang(settings, self.word_lang)
        oxml.set_kinsoku(settings, self.word_lang,
                         "".join(sorted(kinsoku.NOT_AT_LINE_START)), "".join(sorted(kinsoku.NOT_AT_LINE_END)))
        if self.options.toc:
            oxml.set_update_fields(settings)
        # The template's preview image shows another document; its stylesWithEffects part
        # (read by Word 2010) still holds the template's blue headings.
        package = self.doc.part.package
        for rels in (package.rels, self.doc.part.rels):
            for rId, rel in list(rels.items()):
                if rel.reltype in (RT.THUMBNAIL, STYLES_WITH_EFFECTS):
                    del rels[rId]
        font_table = self.doc.part.part_related_by(RT.FONT_TABLE)
        alternates = {}
        for name in self.style.stacks_in_use():
            stack = [f.split(":")[0] for f in self.style.stacks(self.lang)[name]]
            alternates[stack[0]] = stack[1] if len(stack) > 1 else ""
        font_table._blob = oxml.add_font_alternates(font_table.blob, alternates)
        app = package.part_related_by(RT.EXTENDED_PROPERTIES)
        app._blob = oxml.set_application(app.blob, f"report-convert {__version__}")

    def setup_core_properties(self) -> None:
        core = self.doc.core_properties
        properties = info(self.report)
        core.title = properties.title
        core.subject = properties.subject
        core.author = properties.author
        core.keywords = properties.keywords_text
        core.language = self.word_lang
        core.comments = ""
        core.last_modified_by = ""
        core.category = ""
        core.revision = 1
        created = properties.created or properties.modified
        modified = properties.modified or properties.created
        element = core._element
        for tag, value in (("dcterms:created", created), ("dcterms:modified", modified)):
            if value is None:
                for el in element.findall(qn(tag)):
                    element.remove(el)
            elif tag == "dcterms:created":
                core.created = value
            else:
                core.modified = value

    # -------------------------------------------------------------- blocks --

    def style_id(self, name: str | None) -> str | None:
        """The id of the style named `name`, looked up once. python-docx resolves a
        style on every paragraph and run with XPath searches of the styles part,
        which dominated this writer's time; the ids are set on the elements directly."""
        if name is None:
            return None
        if name not in self._styles:
            self._styles[name] = self.doc.styles[name].style_id
        return self._styles[name]

    def new_paragraph(self) -> Paragraph:
        """An empty paragraph at the end of the body, in constant time."""
        p = OxmlElement("w:p")
        self._sectPr.addprevious(p)
        return Paragraph(p, self._body)

    def paragraph(self, kind: str) -> Paragraph:
        p = self.new_paragraph()
        p._p.style = self.style_id(PARAGRAPH_STYLES[kind].name)
        return p

    def add_runs(self, p, el: etree._Element) -> None:
        for text, marks in inline_runs(el):
            run = p.add_run(text)
            style_id = self.style_id(self.run_style(marks))
            if style_id:
                run.element.style = style_id

    @staticmethod
    def run_style(marks: tuple[str, ...]) -> str | None:
        # One character style a run: the lead or run-in look wins over the cite mark.
        if "runin" in marks:
            return RUNIN_STYLE
        if "lead" in marks:
            return LEAD_STYLE
        if "cite" in marks:
            return CITE_STYLE
        return None

    def visit_title(self, block: Block) -> None:
        self.add_runs(self.paragraph("title"), block.element)

    def visit_subtitle(self, block: Block) -> None:
        self.add_runs(self.paragraph("subtitle"), block.element)

    def visit_docnumber(self, block: Block) -> None:  # 发文字号, centred under the title
        self.add_runs(self.paragraph("docnumber"), block.element)

    def front(self, block: Block) -> None:
        self.add_runs(self.paragraph(block.kind), block.element)

    visit_summary = visit_dateline = visit_speaker = visit_addressee = front

    def heading(self, kind: str, block: Block) -> None:
        p = self.paragraph(kind)
        label_text = block.text[: len(block.text) - len("".join(block.element.itertext()))]
        if label_text:
            p.add_run(label_text)
        self.add_runs(p, block.element)

    def visit_heading(self, block: Block) -> None:
        self.heading(f"heading{block.level}", block)

    def visit_appendix_heading(self, block: Block) -> None:
        self.heading("appendix-heading", block)

    def visit_p(self, block: Block) -> None:
        self.add_runs(self.paragraph("p"), block.element)

    def visit_point(self, block: Block) -> None:
        self.add_runs(self.paragraph("point"), block.element)

    def leave_section(self, section: Section) -> None:
        if section.kind == "title-page" and self.options.toc:
            self.insert_toc()

    def insert_toc(self) -> None:
        """--toc: a TOC field after the title page, before the addressee or the first body block."""
        heading = self.new_paragraph()
        if title := getattr(self.style.docx.toc_title, self.script):
            heading.add_run(title)
        heading.style = self.get_style("TOC Heading", WD_STYLE_TYPE.PARAGRAPH)
        heading.style.base_style = self.doc.styles["Title"]
        oxml.set_outline_level(heading.style.element.get_or_add_pPr(), None)
        levels = self.style.docx.toc_levels
        p = self.new_paragraph()
        p._p.style = self.style_id(BODY.name)
        placeholder = getattr(self.style.docx.toc_placeholder, self.script)
        oxml.append_field(p._p, f'TOC \\o "1-{levels}" \\h \\z \\u', placeholder)
        p.add_run().add_break(WD_BREAK.PAGE)

    # -------------------------------------------------------------- output --

    def build(self) -> bytes:
        self.setup_styles()
        self.setup_section()
        self.setup_settings()
        self.setup_core_properties()
        self.walk()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return oxml.reproducible_zip(buffer.getvalue(), source_date_epoch())


def render(report: etree._Element, options: Options | None = None) -> bytes:
    options = options or Options()
    return DocxTranslator(report, styles.load(options.style), options).build()


def write(report: etree._Element, path: Path, options: Options | None = None) -> None:
    data = render(report, options)
    with atomic_output(path) as tmp:
        tmp.write_bytes(data)
