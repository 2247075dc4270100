"""DOCX: an editable Word file laid out as a GB/T 9704 official document.

Everything visible comes from paragraph and character styles defined here from
the style file (styles/official.toml), one per role (Signature, Date, Note, Attachment
List, Appendix Label, Appendix Title, Caption, Table Text, Imprint, ...), so that Word and
WPS users restyle a role from the style pane; paragraphs carry only a style name, except
the indents GB/T 9704 measures from a paragraph's own text (a signature centred over its
date, attachment names aligned after 附件：). Every paragraph style is based on Body, so
changing Body changes them all. Tables are Word tables (w:tbl), the 版记 a ruled one, and a
figure an inline picture in a Figure paragraph.
The OXML that python-docx has no API for is written by ``convert.writers.oxml``. The model
itself goes into a custom XML part (`store_model`), from which convert.readers.docx takes back
what a DOCX does not show when the file comes back edited.
"""
from __future__ import annotations

import copy
import io
import math
from pathlib import Path
from typing import Callable
from urllib.parse import quote

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Emu, Mm, Twips
from docx.styles import BabelFish
from docx.styles.style import StyleFactory
from docx.text.paragraph import Paragraph
from lxml import etree

from convert import __version__, figures
from convert import style as styles
from convert.docx_styles import (
    ARTICLE_STYLE, ATTENDANCE_LABEL_STYLE, BODY, CITE_STYLE, LEAD_STYLE, MASTHEAD_KINDS, MODEL_NAMESPACE,
    NOTES_KINDS, PARAGRAPH_STYLES, RUNIN_STYLE, SIGNER_NAME_STYLE, ParagraphStyle,
)
from convert.model import Block, info, lang_of, tables
from convert.model.masthead import Masthead, masthead_of, order_signature_parts, signer_label
from convert.model.tree import Section, cell_paragraphs, text_of
from convert.model.visitor import START, TEXT, Translator, inline_events
from convert.options import Options
from convert.outputs import atomic_output, source_date_epoch
from convert.style import MM_PER_PT, PT_PER_MM, TWIPS_PER_PT, Style
from convert.typeset import kinsoku
from convert.typeset.compose import em_width as grid_width, split_atoms
from convert.typeset.masthead import seal_blank_lines, seal_row, seal_size
from convert.writers import oxml

# A mark's exact line height, in multiples of its type size: more than a CJK face's own line
# (Noto Serif CJK: 1.44 em), else LibreOffice sets the glyphs above the centre of the line.
MARK_LINE = 1.5
SINGLE_LINE = 240  # w:spacing w:line for single spacing (lineRule auto: 240ths of a line)
EMU_PER_PT = 12700
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
MODEL_ITEM_ID = "{6B1C3F4E-2D7A-5E90-8C1B-4F2A9D3E7B10}"  # fixed: the same model gives the same bytes
CUSTOM_XML_PROPERTIES = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
WORD_LANG = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


class DocxTranslator(Translator):
    """Builds the python-docx Document: styles first, then one paragraph a block."""

    def __init__(self, report: etree._Element, style: Style, options: Options, layout: Callable | None = None):
        super().__init__(report)
        self.style = style
        self.options = options
        self.layout = layout  # the report's page layout when asked, the caller's own (None: made here)
        self.lang = lang_of(report)
        self.script = "hans" if self.lang == "zh-Hans" else "hant"
        self.word_lang = WORD_LANG[self.lang]
        self.geometry = style.geometry
        self.doc = docx.Document()
        self._styles: dict[str, str] = {}
        self._style_objects: dict[str, object] = {}
        # Paragraphs go in before the body's final sectPr, held here: python-docx's
        # add_paragraph searches the body for it each time, which made the writer quadratic.
        self._body = self.doc._body
        self._sectPr = self.doc.element.body.get_or_add_sectPr()
        self._page_break_pending = False   # an attached document without a label: break before its first paragraph
        # The 版头 this DOCX draws (None: none, or the style's masthead.draw is false) and its form.
        found = masthead_of(report)
        self.masthead: Masthead | None = found if style.masthead.draw else None
        self.form = self.masthead.form if self.masthead else None
        self.preprinted = style.masthead.letterhead == "preprinted"
        self._docnumber_after_title = found.docnumber if found and not style.masthead.draw else None
        self.mark_size = self.fitted_mark_size() if self.masthead else None

    # ------------------------------------------------------------ styles --

    def role(self, name: str):
        return self.style.roles[name]

    def family(self, role: str) -> str:
        """The first family of a role's stack: the face Word and WPS users have."""
        return self.style.font_stack(role, self.lang)[0].split(":")[0]

    def indent_twips(self, chars: float, size_pt: float | None = None) -> int:
        """`chars` characters of body type (or of `size_pt`), each with the run letter-spacing."""
        size = self.geometry.body_size if size_pt is None else size_pt
        return round(chars * (size + self.geometry.char_spacing / 20) * TWIPS_PER_PT)

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
        oxml.set_child(body.element.get_or_add_rPr(), "w:color", val=self.style.role_color("body").lstrip("#"))
        attendance = bool(self.report.xpath("//attendance"))
        notes = bool(self.report.xpath("//notes"))
        for key, spec in PARAGRAPH_STYLES.items():
            if spec is BODY or (key in MASTHEAD_KINDS and not self.masthead) or (key == "attendance" and not attendance):
                continue
            if key in NOTES_KINDS and not notes:
                continue
            self.paragraph_style(spec, base=BODY.name, body_role=body_role)
        if self.masthead:
            self.masthead_styles()
        if attendance:
            self.character_style(ATTENDANCE_LABEL_STYLE, "attendance_label")

        self.character_style(LEAD_STYLE, "lead")
        self.character_style(CITE_STYLE, None)
        self.character_style(RUNIN_STYLE, "runin")
        self.character_style(ARTICLE_STYLE, "article_label")
        self.imprint_style()
        self.footer_styles()

    def named_style(self, name: str):
        """A style by its name, remembered: python-docx finds one by scanning every style of the
        template (hand-written cache for speed: half the time of a small DOCX went there)."""
        st = self._style_objects.get(name)
        if st is None:
            st = self._style_objects[name] = self.doc.styles[name]
        return st

    def get_style(self, name: str, kind: WD_STYLE_TYPE):
        try:
            st = self.named_style(name)
        except KeyError:
            # python-docx's add_style scans the styles again for the name we know is new
            element = self.doc.styles.element.add_style_of_type(BabelFish.ui2internal(name), kind, False)
            st = self._style_objects[name] = StyleFactory(element)
        el = st.element
        # Drop the template's look (theme fonts, blue, borders, linked character styles).
        oxml.remove_children(el, "w:pPr", "w:rPr", "w:link", "w:next", "w:rsid")
        st.hidden = False
        st.quick_style = True
        return st

    def paragraph_style(self, spec: ParagraphStyle, base: str, body_role=None):
        st = self.get_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = self.named_style(base)
        st.next_paragraph_style = self.named_style(BODY.name)
        role = self.role(spec.role)
        fmt = st.paragraph_format
        fmt.alignment = ALIGN[spec.align or role.align]
        chars = role.indent(self.style.text)
        pPr = st.element.get_or_add_pPr()
        right = self.style.closing.date_right_chars if spec.role == "closing_date" else None
        oxml.set_indent(pPr, first_line=self.chars(chars),
                        right=self.chars(right) if right is not None else None)
        pitch = self.geometry.line_pitch_twips
        if spec.cell:
            oxml.set_exact_line(pPr, round(role.size_pt * self.style.table.line_spacing * TWIPS_PER_PT))
        elif spec.picture:  # an exact line height would crop the picture to one line
            oxml.set_child(pPr, "w:spacing", before=0, after=0, line=SINGLE_LINE, lineRule="auto")
        else:
            before, after = self.blank_lines(spec)
            oxml.set_exact_line(pPr, pitch, before=before * pitch, after=after * pitch)
        if spec.contextual:
            oxml.set_on_off(pPr, "w:contextualSpacing", True)
        if spec.keep_next:
            fmt.keep_with_next = True
        if spec.page_break_before and self.style.appendix.new_page:
            fmt.page_break_before = True
        if role.size_pt > self.geometry.body_size or spec.cell:
            # Type larger than the body's (the title): LibreOffice would give each line two grid lines;
            # cell text has its own pitch.
            oxml.set_on_off(pPr, "w:snapToGrid", False)
        oxml.set_outline_level(pPr, spec.outline)
        rPr = st.element.get_or_add_rPr()
        if body_role is None or role.font != body_role.font:
            oxml.set_fonts(rPr, self.family(spec.role))
        if body_role is None or role.size_pt != body_role.size_pt:
            oxml.set_size(rPr, role.size_pt)
        if role.bold:
            st.font.bold = True
        if body_role is not None and (color := self.style.role_color(spec.role)) != self.style.role_color("body"):
            oxml.set_child(rPr, "w:color", val=color.lstrip("#"))  # else Body's, which every style is based on
        return st

    def blank_lines(self, spec: ParagraphStyle) -> tuple[int, int]:
        """Blank grid lines above and below a style's paragraphs, from the style file."""
        def lines(key: str | None) -> int:
            if key is None:
                return 0
            section, name = key.split(".")
            return getattr(getattr(self.style, section), name)

        after = self.style.title_block.blank_lines_after_title if spec.name == "Title" else lines(spec.lines_after)
        return lines(spec.lines_before), after

    def chars(self, count: float, size_pt: float | None = None) -> tuple[float, int]:
        """An indent of `count` characters (of body type, or of `size_pt`), as (characters, twips)."""
        return count, self.indent_twips(count, size_pt)

    def imprint_style(self) -> None:
        """The 版记's lines: one character in from left and right, and a right tab stop at the
        right indent for the printing date, which GB/T 9704 7.4.3 sets flush right (右空一字)."""
        pPr = self.named_style(PARAGRAPH_STYLES["imprint"].name).element.get_or_add_pPr()
        inset = self.chars(self.style.imprint.indent_chars, self.role("imprint").size_pt)
        oxml.set_indent(pPr, left=inset, right=inset)
        oxml.set_tab_stops(pPr, [("right", self.text_width_twips - inset[1])])

    @property
    def text_width_twips(self) -> int:
        return round(self.geometry.text_width * TWIPS_PER_PT)

    def character_style(self, name: str, role_name: str | None):
        st = self.get_style(name, WD_STYLE_TYPE.CHARACTER)
        st.base_style = self.named_style("Default Paragraph Font")
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
        footer.base_style = self.named_style("Normal")
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
        footer_mm = max(g.bottom_mm - below - line_mm, 0)
        lift = 0
        if self.form == "letter":
            # The first-page footer's bottom border is the second double rule: the footers end at
            # its place, and the page numbers of the later pages are lifted back to theirs.
            rule_mm = self.style.masthead.letter_bottom_rule_mm
            lift = self.twips(footer_mm - rule_mm)
            footer_mm = rule_mm
        section.footer_distance = Mm(footer_mm)
        # A line grid only: LibreOffice 7.4 sets a linesAndChars grid at 14-19 characters a line
        # (facts.md); the run spacing in docDefaults gives 28 a line in Word and LibreOffice alike.
        grid_type = self.style.docx.grid_type
        oxml.set_doc_grid(section._sectPr, grid_type, g.line_pitch_twips,
                          None if grid_type == "lines" else self.style.docx.char_space)
        self.doc.settings.odd_and_even_pages_header_footer = True
        self.page_number_footer(section.footer, "Footer Odd", lift)
        self.page_number_footer(section.even_page_footer, "Footer Even", lift)
        if self.form == "letter":
            self.letter_footer(section)

    def page_number_footer(self, footer, style_name: str, lift: int = 0) -> None:
        before, after = self.role("page_number").format.split("{n}")
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = self.named_style(style_name)
        if lift:
            size = self.role("page_number").size_pt
            oxml.set_exact_line(p._p.get_or_add_pPr(), round(size * TWIPS_PER_PT), after=lift)
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

    def store_model(self) -> None:
        """The model itself in a custom XML part (with its itemProps, as Word writes them): the
        metadata, dropped lines, inline marks and attributes that the DOCX does not show come
        back from it, for the blocks a user left unchanged."""
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        stored = etree.Element(f"{{{MODEL_NAMESPACE}}}stored", nsmap={"rc": MODEL_NAMESPACE})
        stored.append(etree.fromstring(etree.tostring(self.report)))
        package = self.doc.part.package
        item = Part(package.next_partname("/customXml/item%d.xml"), "application/xml",
                    etree.tostring(stored, xml_declaration=True, encoding="UTF-8", standalone=True), package)
        ds = "{http://schemas.openxmlformats.org/officeDocument/2006/customXml}"
        props = etree.Element(f"{ds}datastoreItem", {f"{ds}itemID": MODEL_ITEM_ID}, nsmap={"ds": ds[1:-1]})
        etree.SubElement(etree.SubElement(props, f"{ds}schemaRefs"), f"{ds}schemaRef", {f"{ds}uri": MODEL_NAMESPACE})
        item_props = Part(PackURI(item.partname.replace("item", "itemProps")), CUSTOM_XML_PROPERTIES,
                          etree.tostring(props, xml_declaration=True, encoding="UTF-8", standalone=True), package)
        item.relate_to(item_props, RT.CUSTOM_XML_PROPS)
        self.doc.part.relate_to(item, RT.CUSTOM_XML)

    # -------------------------------------------------------------- blocks --

    def style_id(self, name: str | None) -> str | None:
        """The id of the style named `name`, looked up once. python-docx resolves a
        style on every paragraph and run with XPath searches of the styles part,
        which dominated this writer's time; the ids are set on the elements directly."""
        if name is None:
            return None
        if name not in self._styles:
            self._styles[name] = self.named_style(name).style_id
        return self._styles[name]

    def new_paragraph(self) -> Paragraph:
        """An empty paragraph at the end of the body, in constant time."""
        p = OxmlElement("w:p")
        self._sectPr.addprevious(p)
        return Paragraph(p, self._body)

    def paragraph(self, kind: str, container=None) -> Paragraph:
        """A paragraph in the style of block kind `kind`: at the end of the body, or of a table cell."""
        if container is None:
            p = self.new_paragraph()
            if self._page_break_pending:
                p.paragraph_format.page_break_before = True
                self._page_break_pending = False
        else:
            p = Paragraph(container.add_p(), self._body)
        p._p.style = self.style_id(PARAGRAPH_STYLES[kind].name)
        return p

    def add_runs(self, p, el: etree._Element, marks: tuple[str, ...] = ()) -> None:
        """The inline content of `el` as runs, each in its character style; a <br/> (a title's
        line break as the issuer set it) becomes a line break (w:br) in the paragraph."""
        for event, item in inline_events(el):
            if event is TEXT:
                self.add_run(p, item, marks)
            elif item.tag == "br":
                if event is START:
                    p.add_run().add_break()
            elif event is START:
                marks = marks + (item.tag,)
            else:
                marks = marks[:-1]

    def add_run(self, p, text: str, marks: tuple[str, ...] = ()):
        run = p.add_run(text)
        style_id = self.style_id(self.run_style(marks))
        if style_id:
            run.element.style = style_id
        return run

    @staticmethod
    def run_style(marks: tuple[str, ...]) -> str | None:
        # One character style a run: the lead or run-in look wins over the cite mark.
        if "article" in marks:
            return ARTICLE_STYLE
        if "runin" in marks:
            return RUNIN_STYLE
        if "lead" in marks:
            return LEAD_STYLE
        if "cite" in marks:
            return CITE_STYLE
        return None

    def visit_title(self, block: Block) -> None:
        self.add_runs(self.paragraph("title"), block.element)
        if self._docnumber_after_title and self.report.find("meta/subtitle") is None:
            self.docnumber_under_title()

    def visit_subtitle(self, block: Block) -> None:
        self.add_runs(self.paragraph("subtitle"), block.element)
        if self._docnumber_after_title:
            self.docnumber_under_title()

    def visit_docnumber(self, block: Block) -> None:  # 发文字号, centred under the title
        self.add_runs(self.paragraph("docnumber"), block.element)

    def docnumber_under_title(self) -> None:
        """masthead.draw = false: the 发文字号 where a document without a 版头 has it."""
        self.add_runs(self.paragraph("docnumber"), self.report.find("meta/docnumber"))
        self._docnumber_after_title = None

    # -------------------------------------------------------------- the 版头 --

    def twips(self, mm: float) -> int:
        return round(mm * PT_PER_MM * TWIPS_PER_PT)

    @property
    def joint_mark(self) -> bool:
        return not self.style.masthead.mark and len(self.masthead.organs) > 1

    def mark_lines(self) -> list[str]:
        """The mark's lines: the style's text, a joint mark's organs (文件 beside them), or the one line."""
        if self.style.masthead.mark:
            return [self.style.masthead.mark]
        return list(self.masthead.organs) if self.joint_mark else [self.masthead.mark_text]

    def fitted_mark_size(self) -> float:
        """The mark role's size, or less (in half points) so that the widest line of the mark,
        with a joint mark's suffix beside the stack, fits the type area's width."""
        width = max(grid_width(line) for line in self.mark_lines())
        if self.joint_mark:
            width += grid_width(self.masthead.suffix)
        fit = self.geometry.text_width / max(width, 1)
        return min(self.role("mark").size_pt, math.floor(fit * 2) / 2)

    @property
    def mark_line(self) -> int:
        """The exact height of a mark's line (twips), its em box centred in it."""
        return round(self.mark_size * MARK_LINE * TWIPS_PER_PT)

    def em_top(self, line: int, size_pt: float) -> float:
        """Where the em box of `size_pt` type lies below the top of an exact line `line` twips
        high: LibreOffice and Word centre it."""
        return (line - size_pt * TWIPS_PER_PT) / 2

    def masthead_styles(self) -> None:
        """The 版头's styles keep off the line grid (LibreOffice would move a line with space above
        it to the next grid line); the mark's takes the fitted size, no letter-spacing, and red
        (nothing red on preprinted paper); the names after 签发人： their 楷体 character style."""
        for kind in MASTHEAD_KINDS:  # exact lines at computed places, not snapped to the page's line grid
            oxml.set_on_off(self.named_style(PARAGRAPH_STYLES[kind].name).element.get_or_add_pPr(), "w:snapToGrid", False)
        mark = self.named_style(PARAGRAPH_STYLES["mark"].name).element
        rPr = mark.get_or_add_rPr()
        oxml.set_size(rPr, self.mark_size)
        oxml.set_child(rPr, "w:spacing", val=0)
        if self.preprinted:
            oxml.set_child(rPr, "w:color", val=self.style.text.color.lstrip("#"))
        oxml.set_exact_line(mark.get_or_add_pPr(), self.mark_line)
        self.character_style(SIGNER_NAME_STYLE, "signer")

    def set_spacing(self, p: Paragraph, line: int, before: float = 0, after: float = 0) -> None:
        oxml.set_exact_line(p._p.get_or_add_pPr(), line, before=max(0, round(before)), after=max(0, round(after)))

    def visit_masthead(self, block: Block) -> None:
        """The 版头 (GB/T 9704 7.2; 10.1-10.3) as paragraphs in their own styles, each line
        exact so that the mark's top edge, the 发文字号 and the rule land where the standard
        puts them; the rule a paragraph border. Nothing when the style draws no 版头 (the
        发文字号 then follows the title)."""
        if self.masthead is None:
            return
        if self.form == "letter":
            self.letter_head()
        else:
            self.page_head()

    def page_head(self) -> None:
        """通用, 上行文, 命令, 纪要: 份号/密级/紧急 on the first lines; the mark's top edge
        35 mm (命令: 20 mm) below the type area's top; 令号 and 发文字号 空二行 under it; the red
        rule 4 mm under the 发文字号 (通用, 上行文); the title 空二行 under the last of them."""
        mh, spec, pitch = self.masthead, self.style.masthead, self.geometry.line_pitch_twips
        for text in mh.fields:
            self.paragraph("masthead-field").add_run(text)
        top = spec.order_mark_top_mm if self.form == "order" else spec.mark_top_mm
        last = self.mark(self.twips(top) - len(mh.fields) * pitch - self.em_top(self.mark_line, self.mark_size))
        under_mark = False
        if mh.order:
            last = self.paragraph("masthead-order")
            last.add_run(mh.order)
            self.set_spacing(last, pitch, before=2 * pitch)
            under_mark = True
        ruled = self.form in ("general", "upward")
        if ruled or mh.docnumber or mh.signers:
            last = self.docnumber_line(before=0 if under_mark else 2 * pitch)
        if last is None:  # a joint mark's table, and nothing under it: the blank lines are a paragraph's
            last = self.new_paragraph()
            last._p.style = self.style_id(PARAGRAPH_STYLES["mark"].name)
            self.set_spacing(last, 20, after=2 * pitch - 20)
            return
        after = 2 * pitch
        if ruled and not self.preprinted:
            below = self.twips(spec.rule_below_docnumber_mm)
            gap = pitch - self.em_top(pitch, self.role("docnumber").size_pt) - self.role("docnumber").size_pt * TWIPS_PER_PT
            oxml.set_paragraph_border(last._p.get_or_add_pPr(), "bottom", "single", oxml.border_size(spec.rule_mm),
                                      spec.rule_color.lstrip("#"), round((below - gap) / TWIPS_PER_PT))
        elif ruled:  # preprinted paper: the rule is printed; its place is kept
            after += self.twips(spec.rule_below_docnumber_mm)
        self.space_after(last, after)

    @staticmethod
    def space_after(p: Paragraph, twips: float) -> None:
        """Space under a paragraph whose exact line spacing is set already."""
        p._p.pPr.find(qn("w:spacing")).set(qn("w:after"), str(round(twips)))

    def mark(self, before: float, frame: dict | None = None):
        """The issuer mark: one centred paragraph, or for joint issuers a borderless table, the
        organs stacked in the left cell and 文件 in the right one, centred on them (7.2.4).
        On preprinted paper the paragraph stays, empty: its space is the printed mark's."""
        if not self.joint_mark or self.preprinted:
            p = self.paragraph("mark")
            if not self.preprinted:
                p.add_run(self.mark_lines()[0])
            self.set_spacing(p, self.mark_line, before=before)
            if frame:
                oxml.set_frame(p._p.get_or_add_pPr(), **frame)
            return p
        spacer = self.new_paragraph()  # the space above the table: a table has no spacing of its own
        spacer._p.style = self.style_id(PARAGRAPH_STYLES["mark"].name)
        self.set_spacing(spacer, max(round(before), 20))
        size = self.mark_size
        names = max(grid_width(o) for o in self.mark_lines())
        widths = [math.ceil(names * size * TWIPS_PER_PT) + 40, math.ceil(grid_width(self.masthead.suffix) * size * TWIPS_PER_PT) + 40]
        table = self.new_table(widths, indent=0, padding=0, borders={})
        oxml.set_child(table.tblPr, "w:jc", val="center")
        tr = table.add_tr()
        left, right = self.new_cell(tr, widths[0]), self.new_cell(tr, widths[1])
        for organ in self.mark_lines():
            p = self.paragraph("mark", left)
            p.add_run(organ)
            p.alignment = ALIGN["justify"]
            oxml.set_child(p._p.get_or_add_pPr(), "w:jc", val="distribute")
        oxml.set_child(right.get_or_add_tcPr(), "w:vAlign", val="center")
        self.paragraph("mark", right).add_run(self.masthead.suffix)
        return None

    def docnumber_line(self, before: float) -> Paragraph:
        """The 发文字号 centred; with 签发人 (上行文), the 文号 one character in from the left and
        签发人：names one character in from the right, on tab stops, two names a line, the last
        line shared with the 文号 (7.2.5, 7.2.6). Stops rather than indents: the paragraph's
        bottom border, the red rule, spans the whole type area."""
        mh, pitch = self.masthead, self.geometry.line_pitch_twips
        label = signer_label(self.lang)
        rows = [mh.signers[i:i + 2] for i in range(0, len(mh.signers), 2)]
        one_char = self.indent_twips(1)
        for i, names in enumerate(rows[:-1]):
            p = self.paragraph("signer")
            self.set_indent(p, right=1)
            self.signer_runs(p, label if i == 0 else "", names)
            self.set_spacing(p, pitch, before=before if i == 0 else 0)
        p = self.paragraph("masthead-docnumber")
        if rows:
            before = 0 if len(rows) > 1 else before
            oxml.set_child(p._p.get_or_add_pPr(), "w:jc", val="left")
            oxml.set_tab_stops(p._p.get_or_add_pPr(), [("left", one_char), ("right", self.text_width_twips - one_char)])
            p.add_run("\t" + (mh.docnumber or "") + "\t")
            self.signer_runs(p, label if len(rows) == 1 else "", rows[-1])
        elif mh.docnumber:
            p.add_run(mh.docnumber)
        self.set_spacing(p, pitch, before=before)
        return p

    def signer_runs(self, p: Paragraph, label: str, names) -> None:
        if label:
            p.add_run(label)
        p.add_run("\u3000".join(names)).element.style = self.style_id(SIGNER_NAME_STYLE)

    def letter_head(self) -> None:
        """信函 (10.1): the mark's top edge 30 mm from the paper's top, in a frame 170 mm wide
        centred on the type area, whose bottom border is the red double rule (thick over thin) 4 mm
        under the mark; under it 份号/密级/紧急 at the left and the 发文字号 at the right of the
        first line, 4.94 mm (3号 × 7/8) below the rule; the title two lines under them. The
        second rule and the unnumbered first page: the first-page footer (setup_section)."""
        mh, spec, g, pitch = self.masthead, self.style.masthead, self.geometry, self.geometry.line_pitch_twips
        line = self.mark_line
        length = self.twips(spec.letter_rule_length_mm)
        top = self.twips(spec.letter_mark_top_mm)
        # centred on the type area, as the second rule (a footer paragraph with negative indents)
        frame = {"width": length, "x": self.twips(g.left_mm) - (length - self.text_width_twips) // 2,
                 "y": round(top - self.em_top(line, self.mark_size))}
        p = self.mark(0, frame=frame)
        if not self.preprinted:
            # The line's part under the em box is most of the 4 mm; the rest is the border's space,
            # halved: LibreOffice adds a framed paragraph's border space twice (Word once).
            under = line - self.em_top(line, self.mark_size) - self.mark_size * TWIPS_PER_PT
            space = max(0, self.twips(spec.letter_mark_gap_mm) - under) / TWIPS_PER_PT / 2
            oxml.set_paragraph_border(p._p.get_or_add_pPr(), "bottom", "thickThinSmallGap",
                                      oxml.border_size(spec.letter_heavy_mm), spec.rule_color.lstrip("#"), round(space))
        # The text flows on under the frame (nothing beside it): its first line's em box 4.94 mm
        # (3号 × 7/8) below the rule.
        size = self.role("masthead_field").size_pt
        before = size * 7 / 8 * TWIPS_PER_PT - self.em_top(pitch, size)
        fields = list(mh.fields) or [""]
        last = None
        for i, text in enumerate(fields):
            if i == 0 and mh.docnumber:
                last = self.paragraph("masthead-docnumber")
                oxml.set_child(last._p.get_or_add_pPr(), "w:jc", val="left")
                oxml.set_tab_stops(last._p.get_or_add_pPr(), [("right", self.text_width_twips)])
                if text:
                    run = last.add_run(text)
                    oxml.set_fonts(run._r.get_or_add_rPr(), self.family("masthead_field"))
                last.add_run("\t" + mh.docnumber)
            else:
                last = self.paragraph("masthead-field")
                last.add_run(text)
            self.set_spacing(last, pitch, before=before if i == 0 else 0)
        for i, names in enumerate([mh.signers[i:i + 2] for i in range(0, len(mh.signers), 2)]):
            last = self.paragraph("signer")
            self.signer_runs(last, signer_label(self.lang) if i == 0 else "", names)
        self.space_after(last, 2 * pitch)

    def letter_footer(self, section) -> None:
        """A 信函's first page: no page number, and the red double rule (thin over thick) 20 mm
        above the paper's bottom edge, the bottom border of the first-page footer's paragraph."""
        spec = self.style.masthead
        section.different_first_page_header_footer = True
        footer = section.first_page_footer
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = self.named_style("Footer")
        oxml.set_exact_line(p._p.get_or_add_pPr(), 20)
        length = self.twips(spec.letter_rule_length_mm)
        overhang = (length - self.text_width_twips) / 2
        oxml.set_indent(p._p.get_or_add_pPr(), left=(0, -round(overhang)), right=(0, -round(overhang)), chars=False)
        if not self.preprinted:
            oxml.set_paragraph_border(p._p.get_or_add_pPr(), "bottom", "thinThickSmallGap",
                                      oxml.border_size(spec.letter_heavy_mm), spec.rule_color.lstrip("#"), 0)
        header = section.first_page_header
        header.is_linked_to_previous = False

    def visit_attendance(self, block: Block) -> None:
        """出席：names (10.3): the label in 黑体 (its character style), two characters in; a
        second line aligned after the colon (a hanging indent)."""
        p = self.paragraph("attendance")
        label = block.element.get("label", "")
        self.add_run(p, label).element.style = self.style_id(ATTENDANCE_LABEL_STYLE)
        self.add_runs(p, block.element)
        start = self.style.attachments.indent_chars
        self.set_indent(p, left=start + grid_width(label), hanging=grid_width(label))

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

    def visit_p(self, block: Block) -> None:
        self.add_runs(self.paragraph("p"), block.element)

    def visit_point(self, block: Block) -> None:
        self.add_runs(self.paragraph("point"), block.element)

    def visit_article(self, block: Block) -> None:
        """第一条　… : the label in its character style, then the article's first paragraph."""
        p = self.paragraph("article")
        self.add_run(p, block.label_text, ("article",))
        self.add_runs(p, block.element)

    # ----------------------------------------------------- attached documents --

    def enter_section(self, section: Section) -> None:
        if section.kind != "appendix":
            return
        label = section.element.get("label")
        if label:
            self.add_run(self.paragraph("appendix-label"), label)  # its style breaks the page
        elif self.style.appendix.new_page:
            self._page_break_pending = True  # on the attached document's first paragraph

    def visit_appendix_heading(self, block: Block) -> None:
        """An attached document's title (its label came with the section); line breaks kept."""
        self.add_runs(self.paragraph("appendix-title"), block.element)

    def visit_notes(self, block: Block) -> None:
        """End notes (注释, 资料来源): the lead in Notes Label, each note in Notes."""
        self.add_run(self.paragraph("notes-label"), block.element.get("label", ""))
        for p in block.element.iterfind("p"):
            self.add_runs(self.paragraph("notes"), p)

    # ------------------------------------------------------------- the ending --

    def visit_attachments(self, block: Block) -> None:
        """附件：1. … with each item's name aligned after the colon, and a name that runs onto
        a second line aligned with its first character (GB/T 9704 7.3.4): a hanging indent
        measured from the labels, which the model gives."""
        lead = block.element.get("label", "")
        start = self.style.attachments.indent_chars
        for i, item in enumerate(block.element):
            p = self.paragraph("attachments")
            label = item.get("label", "")
            if i == 0 and lead:
                self.add_run(p, lead)
            self.add_run(p, label)
            self.add_runs(p, item)
            name_at = start + grid_width(lead) + grid_width(label)
            hanging = name_at - start - (grid_width(lead) if i else 0)
            self.set_indent(p, left=name_at, hanging=hanging)

    def visit_closing(self, block: Block) -> None:
        signatures = block.element.findall("signature")
        date = block.element.find("date")
        main = not any(section.kind == "appendix" for section in self.sections)
        sealed = bool(main and self.masthead and self.masthead.seals)
        self.keep_last_line()
        if date is None:  # the issuer alone (（某某县统计局）): ending where a date would, as the PDF sets it
            widest = max(signatures, key=lambda sig: grid_width(text_of(sig)))
            for signature in signatures:
                p = self.paragraph("signature")
                self.add_runs(p, signature)
                self.centre_over_date(p, widest)
            return
        if self.form == "order" and main:
            p = self.order_closing(signatures, date)
            if sealed:
                self.order_seal(p, signatures, date)
        else:
            p = self.closing(signatures, date, self.seal_places(signatures, date) if sealed else [])
        note = block.element.find("note")
        if note is not None:
            self.add_runs(self.paragraph("note"), note)

    def keep_last_line(self) -> None:
        """The paragraph before a closing keeps (at least) its last line with it on the next page,
        as the PDF's KeepWithLastLine does: no closing, no seal, alone at a page's top."""
        previous = self._sectPr.getprevious()
        if previous is not None and previous.tag == qn("w:p") and "".join(previous.itertext()).strip():
            Paragraph(previous, self.doc._body).paragraph_format.keep_with_next = True

    def closing(self, signatures, date, placed) -> Paragraph:
        """署名s centred over the date, the date; with seals (`placed`: each one's centre, width
        and height, as the PDF's ClosingBlock places them) as many blank lines above as put the
        seal's top within a line of the body, joint issuers' 署名s in a row, each under its seal
        (the row's last in the flow, the others framed on its line), and the seals' centres on
        the first 署名's line top. Returns the date's paragraph."""
        pitch = self.geometry.line_pitch_twips
        row = len(placed) if len(placed) > 1 else 0
        framed, first = [], None
        for i, signature in enumerate(signatures):
            p = self.paragraph("signature")
            self.add_runs(p, signature)
            if i < row - 1:
                framed.append((p, placed[i][0], signature))
                continue
            if i < row:
                self.centre_on(p, placed[i][0])
                oxml.set_on_off(p._p.get_or_add_pPr(), "w:snapToGrid", False)  # off the grid, as the frames on its line
            else:
                self.centre_over_date(p, date)
            first = p if first is None else first
        p = self.paragraph("closing-date")
        p.add_run(text_of(date))
        blanks = seal_blank_lines([h for _, _, h in placed], self.style) if placed else self.style.closing.blank_lines_before
        if placed or not signatures:  # the blank lines above the closing: a seal's, or the signature's
            pPr = (first or p)._p.get_or_add_pPr()
            oxml.set_exact_line(pPr, pitch, before=blanks * pitch)
            oxml.set_on_off(pPr, "w:contextualSpacing", False)
        for q, centre, signature in framed:  # on the row's line: under the blank lines of its paragraph
            self.frame_signature(q, centre, signature, blanks * pitch)
        if placed:
            # `rows` lines above the date's paragraph, or the date's own line top under its blank lines
            rows = 1 + len(signatures) - row if row else len(signatures)
            self.place_seals(p, placed, -rows * pitch if signatures else blanks * pitch)
        return p

    def order_closing(self, signatures, date) -> Paragraph:
        """A 命令's closing by GB/T 9704 7.3.5.3 (10.2): the 签名章 (the name) four characters
        from the right and the 职务 two characters left of it (签名章左空二字标注职务, as the
        PDF sets it), on right tab stops, two blank lines under the body; the date one blank line
        under it, four characters from the right."""
        pitch, width = self.geometry.line_pitch_twips, self.text_width_twips
        for i, signature in enumerate(signatures):
            p = self.paragraph("signature")
            pPr = p._p.get_or_add_pPr()
            oxml.set_child(pPr, "w:jc", val="left")
            oxml.set_indent(pPr, left=(0, 0), chars=False)
            title, name = order_signature_parts(text_of(signature))
            name_end = width - self.indent_twips(4)
            oxml.set_tab_stops(pPr, [("right", name_end - self.indent_twips(grid_width(name) + 2)), ("right", name_end)])
            p.add_run(f"\t{title}\t{name}")
            self.set_spacing(p, pitch, before=2 * pitch if i == 0 else 0)
        p = self.paragraph("closing-date")
        p.add_run(text_of(date))
        self.set_spacing(p, pitch, before=pitch)
        return p

    def seal_places(self, signatures, date) -> list[tuple[float, float, float]]:
        """Each seal's centre (pt from the type area's left), width and height, as the PDF sets
        them (7.3.5.1): one centred on the 署名 over the date; joint issuers' in a row, the last
        over the date, within the type area (typeset.masthead.seal_row)."""
        seals = [(seal, *seal_size(seal, self.style)) for seal in self.masthead.seals]
        date_width = grid_width(text_of(date)) * self.geometry.pitch
        centre = self.geometry.text_width - self.style.closing.date_right_chars * self.geometry.pitch - date_width / 2
        if len(seals) > 1 and len(signatures) > 1:
            n = min(len(seals), len(signatures))
            return seal_row(seals[:n], centre, self.geometry.text_width, self.style.masthead.seal_gap_mm * PT_PER_MM)
        return [(centre, *seals[0][1:])]

    def place_seals(self, p: Paragraph, placed, top: int) -> None:
        """The seals as pictures floating behind the text, anchored to `p` (the date's paragraph),
        their centres `top` twips below its top (above it when negative)."""
        for seal, (x, width, height) in zip(self.masthead.seals, placed):
            shape = p.add_run().add_picture(io.BytesIO(seal.data), width=Emu(round(width * EMU_PER_PT)),
                                            height=Emu(round(height * EMU_PER_PT)))
            oxml.floating_behind(shape._inline, round((x - width / 2) * EMU_PER_PT),
                                 round((top / TWIPS_PER_PT - height / 2) * EMU_PER_PT))

    def order_seal(self, p: Paragraph, signatures, date) -> None:
        """A 命令's 签名章 (7.3.5.3) on the name, four characters from the right, centred on its
        line (the line above the date's paragraph); without a name, over the date."""
        (centre, width, height), above = self.seal_places([], date)[0], 0
        if signatures:
            name = order_signature_parts(text_of(signatures[-1]))[1]
            centre = self.geometry.text_width - (4 + grid_width(name) / 2) * self.geometry.pitch
            above = self.geometry.line_pitch_twips // 2
        x = min(max(centre, width / 2), self.geometry.text_width - width / 2)
        self.place_seals(p, [(x, width, height)], -above)

    def centre_on(self, p: Paragraph, x: float) -> None:
        """Centre a paragraph on `x` pt from the type area's left: the centred paragraph's box
        is [left indent, text width - right indent]."""
        twips = round(2 * x * TWIPS_PER_PT) - self.text_width_twips
        oxml.set_indent(p._p.get_or_add_pPr(), left=(0, max(twips, 0)), right=(0, max(-twips, 0)), chars=False)

    def frame_signature(self, p: Paragraph, x: float, signature, y: int) -> None:
        """A 署名 of a row of joint issuers: a frame `y` twips under the top of the paragraph after
        it (the row's last 署名), centred on `x` pt from the type area's left, text passing through."""
        pPr = p._p.get_or_add_pPr()
        width = round((grid_width(text_of(signature)) + 1) * self.geometry.pitch * TWIPS_PER_PT)
        left = min(max(round(x * TWIPS_PER_PT) - width // 2, 0), self.text_width_twips - width)
        oxml.set_indent(pPr, left=(0, 0), right=(0, 0), chars=False)
        oxml.set_exact_line(pPr, self.geometry.line_pitch_twips)
        oxml.set_on_off(pPr, "w:snapToGrid", False)  # a frame has no grid: its line as the row's last 署名's
        oxml.set_frame(pPr, width=width, x=left, y=y, wrap="none", h_anchor="margin", v_anchor="text")

    def centre_over_date(self, p: Paragraph, date: etree._Element) -> None:
        """Centre a signature over the date (GB/T 9704 7.3.5.1: 以成文日期为准居中编排): the
        centred paragraph's box is [indent, text width], so its centre falls on the date's centre
        when the indent is the text width less twice the date's right indent and the date's length.
        A date too long for that gets the opposite right indent instead."""
        date_chars = grid_width(text_of(date))
        indent = self.text_width_twips - self.indent_twips(2 * self.style.closing.date_right_chars + date_chars)
        side = "left" if indent >= 0 else "right"
        self.set_indent(p, **{side: abs(indent) / self.indent_twips(1)})

    def set_indent(self, p: Paragraph, left: float | None = None, right: float | None = None,
                   hanging: float | None = None, size_pt: float | None = None) -> None:
        """A paragraph's own indents, in characters of body type (or of `size_pt`), written in
        twips only: they are computed with the letter-spacing, which Word's character unit is not."""
        twips = lambda n: None if n is None else (n, self.indent_twips(n, size_pt))  # noqa: E731
        oxml.set_indent(p._p.get_or_add_pPr(), left=twips(left), right=twips(right), hanging=twips(hanging),
                        chars=False)

    def visit_imprint(self, block: Block) -> None:
        """The 版记 (GB/T 9704 7.4) as a one-column table: a heavy rule above and below it and thin
        rules between its lines, none at the sides. 抄送： hangs so that a second line aligns after
        the colon; the printing office sits left and the date flush right, on a tab.
        The table floats at the foot of the type area (its last rule on the bottom edge), on the
        page the PDF sets it on: an empty paragraph with a page break goes first when that is the
        page after the text's last; after a blank page (an even page), a section break before it
        starts the blank page, and neither page is numbered (7.5)."""
        rules = self.style.imprint
        heavy, thin = oxml.border_size(rules.heavy_rule_mm), oxml.border_size(rules.thin_rule_mm)
        width = self.text_width_twips
        letter = self.form == "letter"  # a 信函's 版记 (10.1): no rules, no 印发 line
        parts = [part for part in block.element if not (letter and part.tag == "printed")]
        if not parts:
            return
        breaks = self.imprint_breaks()
        # After a blank page, neither it nor the 版记's page is numbered (7.5): a section of their own
        unnumbered = breaks == 2 and self.unnumbered_section()
        for k in range(breaks):
            spacer = self.imprint_spacer()
            if not (unnumbered and k == 0):  # the section break starts the blank page
                spacer.paragraph_format.page_break_before = True
        table = self.new_table([width], indent=0, padding=0,
                               borders={} if letter else {"top": heavy, "bottom": heavy, "insideH": thin})
        # Anchored to the page horizontally: LibreOffice 7.4 keeps a table as wide as the type
        # area in the flow when it is anchored to the margin (writerfilter's FloatingTableConversion).
        oxml.set_child(table.tblPr, "w:tblpPr", leftFromText=0, rightFromText=0, topFromText=0, bottomFromText=0,
                       vertAnchor="margin", tblpYSpec="bottom", horzAnchor="page", tblpX=self.twips(self.geometry.left_mm))
        inset = self.style.imprint.indent_chars
        for part in parts:
            tc = self.new_cell(table.add_tr(), width)
            p = self.paragraph("imprint", tc)
            if part.tag == "copyto":
                label = part.get("label", "")
                self.add_run(p, label)
                self.add_runs(p, part)
                self.set_indent(p, left=inset + grid_width(label), right=inset, hanging=grid_width(label),
                                size_pt=self.role("imprint").size_pt)
            else:
                office, date = part.find("office"), part.find("date")
                if office is not None:
                    p.add_run(text_of(office))
                p.add_run("\t" + text_of(date))
        if not letter:
            # LibreOffice adds the rules' widths to the rows' heights: the last line gives them
            # back, and the anchor's point, so that the table is no taller than the PDF's 版记
            # and does not push the text's last line off a page that has room for it.
            rule_mm = 2 * rules.heavy_rule_mm + (len(parts) - 1) * rules.thin_rule_mm
            pitch = self.geometry.line_pitch_twips
            self.set_spacing(p, pitch - self.twips(rule_mm) - TWIPS_PER_PT)
        self.imprint_spacer()  # LibreOffice anchors a floating table to the paragraph after it

    def unnumbered_section(self) -> bool:
        """End the text's section, with its footers, at the last paragraph (a section break to
        a new page, w:sectPr in its w:pPr); the last section, from the blank page on, has empty
        footers and no first-page footer of its own. False (nothing done) after a table."""
        last = self._sectPr.getprevious()
        if last is None or last.tag != qn("w:p"):
            return False
        text = copy.deepcopy(self._sectPr)
        oxml.set_child(text, "w:type", val="nextPage")
        pPr = last.get_or_add_pPr()
        pPr.replace(oxml.set_child(pPr, "w:sectPr"), text)  # in schema order
        oxml.remove_children(self._sectPr, "w:headerReference", "w:footerReference", "w:titlePg")
        section = self.doc.sections[-1]
        for footer in (section.footer, section.even_page_footer):
            footer.is_linked_to_previous = False  # an empty footer: not the text's, which it would inherit
        return True

    def imprint_spacer(self) -> Paragraph:
        """An empty Imprint paragraph one point high, off the line grid: it takes no line of the page."""
        p = self.paragraph("imprint")
        pPr = p._p.get_or_add_pPr()
        oxml.set_on_off(pPr, "w:snapToGrid", False)
        oxml.set_exact_line(pPr, TWIPS_PER_PT)
        return p

    def imprint_breaks(self) -> int:
        """How many pages after the text's last the 版记 starts: 0 under the text, 1 on the next
        page, 2 after a blank page, so that it falls on an even page (imprint.even_page) as in
        our PDF, whose layout says where the text ends and whether the 版记 fits under it."""
        from convert.typeset import pages
        from convert.typeset.fonts import FontError

        try:
            layout = self.layout() if self.layout else pages.lay_out(self.report, self.options)
            place = layout.imprint_after_text
        except FontError:  # no PDF fonts here, or a character none of them has: the text's own page
            return 0
        if place is None:
            return 0
        end, fits = place
        end += 1 if self.options.toc else 0  # the table of contents' page (before Word updates it)
        even = self.style.imprint.even_page
        if fits and (end % 2 == 0 or not even):
            return 0
        return 2 if even and end % 2 == 0 else 1

    # --------------------------------------------------------------- figures --

    def visit_figure(self, block: Block) -> None:
        """A "Figure" paragraph holding the inline picture (wp:docPr @descr the alt text, @title
        the source), scaled as in the PDF; without its image, the placeholder text with the
        source as a hyperlink. The caption follows in a "Caption" paragraph."""
        el = block.element
        p = self.paragraph("figure")
        picture = figures.picture(el)
        if picture is not None:
            spec = self.style.figure
            width, height = figures.fitted_size(picture, self.geometry.text_width,
                                                spec.max_height_share * self.geometry.text_height, spec.pixels_per_inch)
            shape = p.add_run().add_picture(io.BytesIO(picture.data), width=Emu(round(width * EMU_PER_PT)),
                                            height=Emu(round(height * EMU_PER_PT)))
            doc_pr = shape._inline.docPr
            for name, value in (("descr", el.get("alt")), ("title", el.get("src"))):
                if value is not None:
                    doc_pr.set(name, value)
        else:
            label, src = figures.placeholder_parts(el, self.lang)
            self.add_run(p, label)
            if src:
                p.add_run(" ")
                self.add_hyperlink(p, src, src)
        caption = el.find("caption")
        if caption is not None:
            self.add_runs(self.paragraph("caption"), caption)

    def add_hyperlink(self, p: Paragraph, text: str, target: str) -> None:
        """A run of `text` linking to `target` (an external relationship; python-docx has no API)."""
        rId = self.doc.part.relate_to(quote(target, safe="/:?#[]@!$&'()*+,;=%~"), RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink", {qn("r:id"): rId})
        p._p.append(link)
        link.append(p.add_run(text)._r)

    # ---------------------------------------------------------------- tables --

    def visit_table(self, block: Block) -> None:
        """A Word table on the text width: rules on every cell, colspan as gridSpan and rowspan
        as vMerge, header rows repeated on every page, numeric columns right-aligned."""
        el = block.element
        caption = el.find("caption")
        if caption is not None:
            self.add_runs(self.paragraph("caption"), caption)
        grid = tables.grid(el)
        columns = max(grid.columns, 1)
        widths = self.column_widths(grid, columns)
        rule = oxml.border_size(self.style.table.rule_mm)
        pad = round(self.style.table.cell_padding_mm * PT_PER_MM * TWIPS_PER_PT)
        table = self.new_table(widths, indent=pad, padding=pad,
                               borders={side: rule for side in ("top", "left", "bottom", "right", "insideH", "insideV")})
        numeric = grid.numeric_columns()
        covered = covered_cells(grid)
        for r, row in enumerate(grid.rows):
            tr = table.add_tr()
            header = r < grid.header_rows
            if header:
                oxml.set_header_row(tr)
            starts = {placed.column: placed for placed in row}
            c = 0
            while c < columns:
                placed = starts.get(c)
                span = placed.columns if placed else covered.get((r, c), 1)
                tc = self.new_cell(tr, sum(widths[c:c + span]))
                if span > 1:
                    tc.grid_span = span
                kind = "table-header" if header else ("table-number" if c in numeric and span == 1 else "table")
                if (r, c) in covered:
                    tc.vMerge = "continue"
                elif placed and placed.rows > 1:
                    tc.vMerge = "restart"
                # A cell's paragraphs; a covered or missing cell gets one empty paragraph (a cell
                # must end with one), in the cell style so that it does not heighten its row.
                for para in cell_paragraphs(placed.cell) if placed else [None]:
                    p = self.paragraph(kind, tc)
                    if para is not None:
                        self.add_runs(p, para)
                c += span

    @staticmethod
    def new_cell(tr, width: int):
        """A cell `width` twips wide at the end of row `tr`, without python-docx's empty paragraph."""
        tc = tr.add_tc()
        tc.width = Twips(width)
        oxml.remove_children(tc, "w:p")
        return tc

    def new_table(self, widths: list[int], indent: int, padding: int, borders: dict[str, int]):
        """An empty w:tbl at the end of the body with these column widths and cell padding (twips)."""
        tbl = CT_Tbl.new_tbl(0, len(widths), Twips(sum(widths)))
        for col, width in zip(tbl.tblGrid.gridCol_lst, widths):
            col.w = Twips(width)
        tblPr = tbl.tblPr
        oxml.set_table_layout(tblPr, sum(widths), indent)
        oxml.set_table_borders(tblPr, borders)
        oxml.set_cell_margins(tblPr, padding, padding, padding, padding)
        previous = self._sectPr.getprevious()
        if self._page_break_pending or (previous is not None and previous.tag == qn("w:tbl")):
            self.paragraph("p")  # a page break cannot sit in a table; two tables in a row would merge
        self._sectPr.addprevious(tbl)
        return tbl

    def column_widths(self, grid, columns: int) -> list[int]:
        """Column widths (twips) filling the text width, from each column's longest unbreakable
        piece (a number, a word) and its longest paragraph on one line: see `tables.fit_columns`. A cell
        spanning rows asks only for its least: it has the rows' height to wrap in."""
        pad = 2 * self.style.table.cell_padding_mm * PT_PER_MM
        size = self.role("table").size_pt
        least = [size + pad] * columns
        most = [size + pad] * columns
        for row in grid.rows:
            for placed in row:
                if placed.columns != 1:
                    continue
                c = placed.column
                for text in placed.paragraphs():
                    pieces = split_atoms(text) or [""]
                    if placed.header and grid_width(text) <= self.style.table.header_whole_chars:
                        pieces = [text]  # a short header is not broken (推广范围, not 推广 / 范围)
                    least[c] = max(least[c], max(grid_width(a) for a in pieces) * size + pad)
                    if placed.rows == 1:
                        most[c] = max(most[c], grid_width(text) * size + pad)
                most[c] = max(most[c], least[c])
        total = self.geometry.text_width
        widths = tables.fit_columns(least, most, total)
        widths = [w * total / sum(widths) for w in widths]  # a Word table fills the text width, even a narrow one
        twips = [int(w * TWIPS_PER_PT) for w in widths]
        twips[-1] += self.text_width_twips - sum(twips)  # the rounding, so the columns fill the width
        return twips

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
        self.store_model()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return oxml.reproducible_zip(buffer.getvalue(), source_date_epoch())



def covered_cells(grid: tables.Grid) -> dict[tuple[int, int], int]:
    """(row, column) -> colspan for the grid positions that a row span from above covers:
    Word writes a cell continuing the vertical merge (w:vMerge) there."""
    covered = {}
    for row in grid.rows:
        for placed in row:
            for r in range(placed.row + 1, placed.row + placed.rows):
                covered[(r, placed.column)] = placed.columns
    return covered


def wants_layout(report: etree._Element) -> bool:
    """Will render() ask for the page layout? For a 版记, whose page the layout says."""
    return report.find("imprint") is not None


def render(report: etree._Element, options: Options | None = None, layout: Callable | None = None) -> bytes:
    """The DOCX. `layout`, if given, returns the report's page layout (typeset.pages.lay_out
    of the same report and options): a caller that paints the PDF too lays it out once."""
    options = options or Options()
    return DocxTranslator(report, styles.load(options.style), options, layout).build()


def write(report: etree._Element, path: Path, options: Options | None = None, layout: Callable | None = None) -> None:
    data = render(report, options, layout)
    with atomic_output(path) as tmp:
        tmp.write_bytes(data)
