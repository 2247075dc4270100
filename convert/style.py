"""Styles are data: TOML files in styles/, checked at load against the schema below
and read once.

The schema is a tree of frozen dataclasses: each field is a key of the TOML, its type
is the type the key must have, its default (if any) is the one default every writer
gets, and its metadata says what it means and in which unit (docs/styles.md is made
from it, `reference_table`). Dataclasses rather than a schema table or a JSON Schema:
writers read `style.page.width_mm`, so a writer cannot ask for a key the schema lacks,
and a default cannot be restated in a writer.

A style may start from another with `extends = "official"` (a name in styles/ or a
.toml path, relative to the extending file): tables merge key by key, any other
value replaces the inherited one. `name` and `description` are never inherited.
"""
from __future__ import annotations

import dataclasses
import hashlib
import marshal
import math
import re
import types
import typing
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from convert import startup
from convert.errors import StyleError

# styles/ lives at the checkout's root; convert/styles is a symbolic link to it, so that the
# package finds it as package data both in a checkout (editable or on PYTHONPATH) and in a wheel.
STYLES_DIR = Path(__file__).resolve().parent / "styles"
DEFAULT_STYLE = "official"

PT_PER_MM = 72 / 25.4       # the same float as reportlab.lib.units.mm
MM_PER_PT = 25.4 / 72
TWIPS_PER_PT = 20

Align = Literal["left", "center", "right", "justify"]
Side = Literal["left", "center", "right"]


def key(meaning: str, unit: str = "", minimum: float | None = None, fallback: str = "", inherits: str = "") -> dict:
    """Field metadata: what a key means, its unit, its least value, (for an optional role)
    the role it copies when left out, and (for a role's key) the key it takes when unset."""
    return {"meaning": meaning, "unit": unit, "minimum": minimum, "fallback": fallback, "inherits": inherits}


# ----------------------------------------------------------------- schema --

@dataclass(frozen=True, kw_only=True)
class Page:
    width_mm: float = field(metadata=key("paper width", "mm", 1))
    height_mm: float = field(metadata=key("paper height", "mm", 1))
    margin_top_mm: float = field(metadata=key("from the paper's top edge to the type area", "mm", 0))
    margin_left_mm: float = field(metadata=key("from the paper's left edge to the type area", "mm", 0))
    text_width_mm: float = field(metadata=key("width of the type area (版心)", "mm", 1))
    text_height_mm: float = field(metadata=key("height of the type area", "mm", 1))


@dataclass(frozen=True, kw_only=True)
class Grid:
    lines_per_page: int = field(metadata=key("lines of body text in the type area; the line pitch is "
                                             "text_height_mm / lines_per_page", "lines", 1))
    chars_per_line: int = field(metadata=key("body characters a line; the character pitch is "
                                             "text_width_mm / chars_per_line", "characters", 1))


@dataclass(frozen=True, kw_only=True)
class Text:
    color: str = field(default="#000000", metadata=key("colour of text whose role sets none", "#RRGGBB"))
    first_line_indent_chars: float = field(default=2, metadata=key(
        "first-line indent of a justified block whose role sets no indent_chars", "characters", 0))


@dataclass(frozen=True, kw_only=True)
class Role:
    """How one kind of block looks."""

    font: str = field(metadata=key("the font stack, a key of [fonts.hans] and [fonts.hant]"))
    size_pt: float = field(metadata=key("type size", "pt", 1, inherits="roles.size_pt"))
    align: Align = field(default="justify", metadata=key("left, center, right or justify"))
    bold: bool = field(default=False, metadata=key("bold (DOCX; the PDF takes weight from the stack, "
                                                   "e.g. \"Noto Serif CJK SC:bold\")"))
    indent_chars: float | None = field(default=None, metadata=key(
        "first-line indent; unset: text.first_line_indent_chars when justified, else 0", "characters", 0))
    color: str | None = field(default=None, metadata=key("the text's colour", "#RRGGBB",
                                                         inherits="text.color"))

    def indent(self, text: Text) -> float:
        if self.indent_chars is not None:
            return self.indent_chars
        return text.first_line_indent_chars if self.align == "justify" else 0


@dataclass(frozen=True, kw_only=True)
class CharacterRole:
    """How a marked part of a paragraph looks (a lead sentence, a run-in heading)."""

    font: str = field(metadata=key("the font stack, a key of [fonts.hans] and [fonts.hant]"))
    size_pt: float = field(metadata=key("type size", "pt", 1, inherits="roles.size_pt"))
    bold: bool = field(default=False, metadata=key("bold (DOCX)"))


@dataclass(frozen=True, kw_only=True)
class PageNumberRole:
    font: str = field(metadata=key("the font stack, a key of [fonts.hans] and [fonts.hant]"))
    size_pt: float = field(metadata=key("type size", "pt", 1, inherits="roles.size_pt"))
    below_text_mm: float = field(default=7, metadata=key(
        "from the type area's bottom to the top of the number's em box", "mm", 0))
    format: str = field(default="— {n} —", metadata=key("the text, with {n} for the page number"))
    odd: Side = field(default="right", metadata=key("where odd pages' numbers sit: left, center or right"))
    even: Side = field(default="left", metadata=key("where even pages' numbers sit"))
    inset_chars: float = field(default=1, metadata=key("a left or right number's distance from the "
                                                       "type area's edge", "characters", 0))


@dataclass(frozen=True, kw_only=True)
class Roles:
    # The base size: a role table without size_pt takes it. A style that extends another
    # may set it to resize every role that no file of the chain gives a size of its own.
    size_pt: float | None = field(default=None, metadata=key(
        "the base size: the type size of every role that sets none", "pt", 1))
    title: Role = field(metadata=key("the report's title"))
    subtitle: Role = field(metadata=key("the subtitle"))
    front: Role = field(metadata=key("dateline and speaker lines"))
    addressee: Role = field(metadata=key("the addressee line (各位代表：)"))
    heading1: Role = field(metadata=key("level-1 headings and appendix headings"))
    heading2: Role = field(metadata=key("level-2 headings"))
    heading3: Role = field(metadata=key("level-3 headings"))
    heading4: Role = field(metadata=key("level-4 headings"))
    body: Role = field(metadata=key("paragraphs and points; its size_pt is the grid's type size"))
    lead: CharacterRole = field(metadata=key("the lead sentence of a point (一是…。)"))
    page_number: PageNumberRole = field(metadata=key("page numbers"))
    docnumber: Role | None = field(default=None, metadata=key("the document number (发文字号)",
                                                              fallback="subtitle"))
    summary: Role | None = field(default=None, metadata=key("the summary", fallback="body"))
    runin: CharacterRole | None = field(default=None, metadata=key(
        "a paragraph's run-in heading (（1）指导思想。)", fallback="lead"))
    article_label: CharacterRole | None = field(default=None, metadata=key(
        "an article's number (第一条)", fallback="lead"))
    attachments: Role | None = field(default=None, metadata=key(
        "the attachment list (附件说明: 附件：1. …)", fallback="body"))
    signature: Role | None = field(default=None, metadata=key("the issuer's name in a closing (署名)",
                                                              fallback="body"))
    closing_date: Role | None = field(default=None, metadata=key("the written date of a closing (成文日期)",
                                                                 fallback="body"))
    note: Role | None = field(default=None, metadata=key("the note after the date (附注: （此件公开发布）)",
                                                         fallback="body"))
    appendix_label: Role | None = field(default=None, metadata=key(
        "an attached document's label (附件1), at the top left of its first page", fallback="heading1"))
    appendix_title: Role | None = field(default=None, metadata=key("an attached document's title",
                                                                   fallback="title"))
    table: Role | None = field(default=None, metadata=key("text in table cells", fallback="body"))
    table_header: Role | None = field(default=None, metadata=key("text in a table's header rows",
                                                                 fallback="table"))
    caption: Role | None = field(default=None, metadata=key("a table's or a figure's caption", fallback="heading3"))
    figure: Role | None = field(default=None, metadata=key(
        "a figure's paragraph (DOCX), and the placeholder of a missing image: its alt text and source", fallback="table"))
    imprint: Role | None = field(default=None, metadata=key("the lines of the 版记 (抄送, 印发)",
                                                            fallback="body"))
    mark: Role | None = field(default=None, metadata=key(
        "the 版头's issuer mark (发文机关标志, GB/T 9704 7.2.4): its size_pt is the largest, a mark wider "
        "than the type area is set smaller", fallback="title"))
    masthead_field: Role | None = field(default=None, metadata=key(
        "份号, 密级和保密期限 and 紧急程度 at the 版头's top left (7.2.1-7.2.3: 3号黑体)", fallback="heading1"))
    signer: Role | None = field(default=None, metadata=key(
        "the names after 签发人： (7.2.6: 楷体); the label takes the docnumber role", fallback="subtitle"))
    attendance_label: CharacterRole | None = field(default=None, metadata=key(
        "出席, 请假, 列席 before a 纪要's lists (10.3: 黑体); the names take the body role", fallback="lead"))
    notes: Role | None = field(default=None, metadata=key(
        "end notes after the body (a bulletin's 注释, 资料来源): each note", fallback="imprint"))
    notes_label: Role | None = field(default=None, metadata=key(
        "the lead of end notes (注释：, 资料来源：), on its own line", fallback="notes"))

    def __getitem__(self, name: str):
        return getattr(self, name)


@dataclass(frozen=True, kw_only=True)
class TitleBlock:
    blank_lines_after_title: int = field(default=1, metadata=key("blank lines below the title", "grid lines", 0))
    line_spacing: float = field(default=1.4, metadata=key(
        "the line pitch of a title's lines (the main title's and an attached document's), in multiples of "
        "its type size: off the body grid, which resumes below the title (PDF)", "", 1))


@dataclass(frozen=True, kw_only=True)
class Closing:
    blank_lines_before: int = field(default=1, metadata=key(
        "blank lines between the body (or the attachment list) and the closing", "grid lines", 0))
    date_right_chars: float = field(default=4, metadata=key(
        "the date's distance from the type area's right edge (GB/T 9704 7.3.5.1: 右空四字)", "characters", 0))
    note_indent_chars: float = field(default=2, metadata=key(
        "the note's indent from the left (空二字), on the line after the date", "characters", 0))


@dataclass(frozen=True, kw_only=True)
class Attachments:
    blank_lines_before: int = field(default=1, metadata=key(
        "blank lines between the body and the attachment list", "grid lines", 0))
    indent_chars: float = field(default=2, metadata=key("the list's indent from the left (空二字)",
                                                         "characters", 0))


@dataclass(frozen=True, kw_only=True)
class Appendix:
    new_page: bool = field(default=True, metadata=key("each attached document starts a new page (另面编排)"))
    blank_lines_after_label: int = field(default=1, metadata=key(
        "blank lines between the label (附件1) and the attached document's title", "grid lines", 0))
    blank_lines_after_title: int = field(default=1, metadata=key(
        "blank lines below an attached document's title", "grid lines", 0))


@dataclass(frozen=True, kw_only=True)
class Table:
    rule_mm: float = field(default=0.25, metadata=key("width of a table's rules", "mm", 0))
    cell_padding_mm: float = field(default=1.5, metadata=key("space between a cell's rules and its text",
                                                             "mm", 0))
    line_spacing: float = field(default=1.25, metadata=key("line pitch in cells, in multiples of the type "
                                                           "size", "", 1))
    header_whole_chars: float = field(default=4, metadata=key(
        "a header cell this short is never broken across lines (推广范围, not 推广 / 范围; PDF, DOCX)", "characters", 0))


@dataclass(frozen=True, kw_only=True)
class Figure:
    pixels_per_inch: float = field(default=96, metadata=key(
        "an image's natural size: its pixels at this resolution (a CSS pixel is 1/96 in); scaled down, never "
        "up, to fit the type area's width (PDF, DOCX)", "pixels per inch", 1))
    max_height_share: float = field(default=0.6, metadata=key(
        "an image is at most this share of the type area's height, at most 1 (PDF, DOCX)", "", 0.05))
    space_mm: float = field(default=2, metadata=key(
        "least space above and below an image; with it, a figure takes whole grid lines (PDF)", "mm", 0))
    placeholder_rule_mm: float = field(default=0.25, metadata=key(
        "width of the box around a missing image's placeholder (PDF)", "mm", 0))
    placeholder_color: str = field(default="#808080", metadata=key(
        "colour of the placeholder's box (PDF)", "#RRGGBB"))
    placeholder_inset_chars: float = field(default=1, metadata=key(
        "the placeholder's text inset from the box's sides (PDF)", "characters", 0))


@dataclass(frozen=True, kw_only=True)
class Imprint:
    heavy_rule_mm: float = field(default=0.35, metadata=key(
        "the 版记's first and last rules (GB/T 9704 7.4.1: 0.35 mm)", "mm", 0))
    thin_rule_mm: float = field(default=0.25, metadata=key("the rules between its lines (0.25 mm)", "mm", 0))
    indent_chars: float = field(default=1, metadata=key("its text's inset from left and right (左右各空一字)",
                                                        "characters", 0))
    even_page: bool = field(default=True, metadata=key("the 版记 ends an even page, as GB/T 9704 asks "
                                                      "(a blank page is added when needed)"))


@dataclass(frozen=True, kw_only=True)
class Masthead:
    draw: bool = field(default=True, metadata=key(
        "draw the 版头 of a document whose model has one; false: the 发文字号 under the title, as in a "
        "document without one"))
    letterhead: Literal["digital", "preprinted"] = field(default="digital", metadata=key(
        "preprinted: for paper with the red 版头 printed on it; its space is left and nothing red is "
        "drawn (the fields, 发文字号 and 签发人 still are)"))
    mark: str = field(default="", metadata=key(
        "the mark's text in place of the model's issuer and suffix (an office printing its own 版头)"))
    mark_top_mm: float = field(default=35, metadata=key(
        "the mark's top edge below the type area's top (7.2.4; 纪要 10.3)", "mm", 0))
    order_mark_top_mm: float = field(default=20, metadata=key(
        "a 命令's mark: its top edge below the type area's top (10.2)", "mm", 0))
    letter_mark_top_mm: float = field(default=30, metadata=key(
        "a 信函's mark: its top edge below the paper's top edge (10.1)", "mm", 0))
    rule_color: str = field(default="#FF0000", metadata=key("colour of the 版头's rules", "#RRGGBB"))
    rule_mm: float = field(default=0.5, metadata=key(
        "the red rule under the 发文字号 (7.2.7 gives no width; peers draw 0.35-0.5 mm)", "mm", 0))
    rule_below_docnumber_mm: float = field(default=4, metadata=key(
        "from the 发文字号's line to the red rule (7.2.7: 4 mm)", "mm", 0))
    letter_rule_length_mm: float = field(default=170, metadata=key(
        "a 信函's double rules, centred on the page (10.1: 170 mm)", "mm", 1))
    letter_heavy_mm: float = field(default=0.5, metadata=key("a 信函 double rule's thick line", "mm", 0))
    letter_thin_mm: float = field(default=0.25, metadata=key("a 信函 double rule's thin line", "mm", 0))
    letter_gap_mm: float = field(default=0.5, metadata=key("between a 信函 double rule's two lines", "mm", 0))
    letter_mark_gap_mm: float = field(default=4, metadata=key(
        "from a 信函's mark to its first double rule (10.1: 4 mm)", "mm", 0))
    letter_bottom_rule_mm: float = field(default=20, metadata=key(
        "a 信函's second double rule above the paper's bottom edge (10.1: 20 mm)", "mm", 0))
    seal_width_mm: float = field(default=42, metadata=key(
        "a seal image's printed width when its model gives none (the standard names no size; 42 mm is a "
        "common office seal's)", "mm", 5))
    seal_gap_mm: float = field(default=3, metadata=key(
        "between two seals of a row (7.3.5.1: they neither cross nor touch; practice: at most 3 mm)", "mm", 0))


@dataclass(frozen=True, kw_only=True)
class Compose:
    min_last_line_chars: int = field(default=2, metadata=key(
        "a paragraph's last line holds at least this many characters (PDF)", "characters", 1))
    push_in_limit: int = field(default=2, metadata=key(
        "at most this many atoms squeezed into a line by compressing punctuation (PDF)", "atoms", 0))
    keep_with_next_lines: int = field(default=2, metadata=key(
        "a heading needs room for this many lines of what follows (PDF)", "lines", 0))
    widow_orphan_lines: int = field(default=2, metadata=key(
        "a paragraph split over two pages leaves at least this many lines at the foot of the first and "
        "takes at least this many to the head of the next; else it moves whole, and the page ends a "
        "line or two short (PDF; 1: any split)", "lines", 1))
    em_box_ascent: float = field(default=0.88, metadata=key(
        "top of the ideographic em box above the baseline; the em box is centred on its grid line (PDF)",
        "em", 0))


@dataclass(frozen=True, kw_only=True)
class Punctuation:
    convention: Literal["auto", "gb", "tw"] = field(default="auto", metadata=key(
        "where punctuation sits in its cell (PDF, OFD): gb, the mainland's (GB/T 15834: opening marks "
        "against the right of their cell, closing and pause marks against the left, ，。、 at the foot); "
        "tw, Taiwan's (centred); auto: the model's meta/punctuation, which the readers set from the "
        "document's place and issuer"))
    marks: str = field(default="，。、；：！？（）《》〈〉「」『』“”‘’〔〕【】［］｛｝〖〗", metadata=key(
        "the marks the two conventions place differently"))
    centred_faces: list[str] = field(default_factory=lambda: [
        "cwTeX Q Fangsong", "cwTeXFangSong", "cwTeX Q Kai", "cwTeXKai", "Noto Serif CJK TC", "Noto Sans CJK TC",
        "AR PL UMing TW", "AR PL UKai TW"], metadata=key(
        "families that draw those marks centred (Taiwan's placement); any other family draws the mainland's"))
    gb_faces: list[str] = field(default_factory=lambda: ["FandolFang", "Noto Serif CJK SC"], metadata=key(
        "where a mark comes from, under gb, when the face of its text would centre it"))
    tw_faces: list[str] = field(default_factory=lambda: ["Noto Serif CJK TC"], metadata=key(
        "where a mark comes from, under tw, when the face of its text would draw the mainland's placement"))


@dataclass(frozen=True, kw_only=True)
class Fonts:
    hans: dict[str, list[str]] = field(metadata=key(
        "font stacks for Simplified text: name = [families]; the first installed family that has a "
        "character draws it. \"Family:bold\" asks for a weight"))
    hant: dict[str, list[str]] = field(metadata=key("font stacks for Traditional text"))


@dataclass(frozen=True, kw_only=True)
class ScriptText:
    """A text per script; documented as one key."""

    hans: str = field(metadata=key("in Simplified text"))
    hant: str = field(metadata=key("in Traditional text"))


@dataclass(frozen=True, kw_only=True)
class Docx:
    grid_type: Literal["lines", "linesAndChars", "snapToChars", "default"] = field(
        default="lines", metadata=key("w:docGrid type. \"lines\": LibreOffice 7.4 lays linesAndChars out "
                                      "at 14-19 characters a line; run letter-spacing from [grid] gives "
                                      "chars_per_line instead"))
    char_space: int = field(default=0, metadata=key("w:docGrid charSpace, for a grid_type other than lines"))
    toc_levels: int = field(default=2, metadata=key("--toc: heading levels in the table of contents",
                                                    "levels", 1))
    toc_title: ScriptText = field(default=ScriptText(hans="目录", hant="目錄"),
                                  metadata=key("--toc: the heading of the table of contents"))
    toc_placeholder: ScriptText = field(
        default=ScriptText(hans="（打开文件时更新目录）", hant="（開啟檔案時更新目錄）"),
        metadata=key("--toc: shown until Word updates the field"))


@dataclass(frozen=True, kw_only=True)
class Style:
    name: str = field(default="", metadata=key("the style's name; default: the file name without .toml"))
    description: str = field(default="", metadata=key("one line for --list-styles"))
    page: Page = field(metadata=key("the paper and the type area"))
    grid: Grid = field(metadata=key("the line and character grid of the type area"))
    text: Text = field(default=Text(), metadata=key("text colour and indent"))
    title_block: TitleBlock = field(default=TitleBlock(), metadata=key("the title block"))
    closing: Closing = field(default=Closing(), metadata=key("the closing (落款): signature, date, note"))
    attachments: Attachments = field(default=Attachments(), metadata=key("the attachment list (附件说明)"))
    appendix: Appendix = field(default=Appendix(), metadata=key("attached documents (附件)"))
    table: Table = field(default=Table(), metadata=key("tables"))
    figure: Figure = field(default=Figure(), metadata=key("figures: images and the placeholders of missing ones"))
    imprint: Imprint = field(default=Imprint(), metadata=key("the 版记: copy-to and printing lines"))
    masthead: Masthead = field(default=Masthead(), metadata=key(
        "the 版头 (GB/T 9704 7.2) and the formats of clause 10: mark, rules, seals"))
    roles: Roles = field(metadata=key("per kind of block: font stack, size, alignment"))
    compose: Compose = field(default=Compose(), metadata=key("line composition (PDF): convert/typeset/compose.py"))
    fonts: Fonts = field(metadata=key("ordered font stacks per script"))
    punctuation: Punctuation = field(default=Punctuation(), metadata=key(
        "punctuation placement: the mainland's or Taiwan's convention, and the faces that draw each"))
    docx: Docx = field(default=Docx(), metadata=key("Word-only data"))
    path: Path | None = field(default=None, compare=False, metadata={"internal": True})

    def role(self, name: str):
        return self.roles[name]

    def role_color(self, name: str) -> str:
        """A role's colour, #RRGGBB: its own, else text.color. Run roles (lead, runin,
        article_label, page_number) have none of their own: in a paragraph they take the
        paragraph's colour, which is what a caller asks for."""
        return getattr(self.roles[name], "color", None) or self.text.color

    def role_rgb(self, name: str) -> tuple[float, float, float]:
        """A role's colour as red, green and blue from 0 to 1 (PDF, OFD)."""
        return rgb(self.role_color(name))

    def stacks(self, lang: str) -> dict[str, list[str]]:
        """The font stacks of a script, by name."""
        return self.fonts.hans if lang == "zh-Hans" else self.fonts.hant

    def font_stack(self, role_or_stack: str, lang: str) -> list[str]:
        """The ordered families of a role ('body', 'lead', ...) or of a stack ('hei') in a script."""
        name = self.roles[role_or_stack].font if role_or_stack in ROLE_NAMES else role_or_stack
        return list(self.stacks(lang)[name])

    def stacks_in_use(self) -> list[str]:
        """The names of the stacks some role uses, sorted."""
        return sorted({self.roles[name].font for name in ROLE_NAMES})

    @cached_property
    def geometry(self) -> "Geometry":
        return Geometry.of(self)


ROLE_NAMES = tuple(f.name for f in dataclasses.fields(Roles) if f.name != "size_pt")


def rgb(color: str) -> tuple[float, float, float]:
    """#RRGGBB as red, green and blue from 0 to 1."""
    return tuple(int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))


@dataclass(frozen=True)
class Geometry:
    """The page and the grid, from [page], [grid] and the body size: in points for the
    PDF, in millimetres and twips for the DOCX, each computed once here."""

    page_width_mm: float
    page_height_mm: float
    top_mm: float
    left_mm: float
    text_width_mm: float
    text_height_mm: float
    lines_per_page: int
    chars_per_line: int
    body_size: float            # pt

    @classmethod
    def of(cls, style: Style) -> "Geometry":
        page, grid = style.page, style.grid
        return cls(page.width_mm, page.height_mm, page.margin_top_mm, page.margin_left_mm,
                   page.text_width_mm, page.text_height_mm, grid.lines_per_page, grid.chars_per_line,
                   style.roles.body.size_pt)

    # -- in points (PDF)
    @property
    def page_width(self) -> float:
        return self.page_width_mm * PT_PER_MM

    @property
    def page_height(self) -> float:
        return self.page_height_mm * PT_PER_MM

    @property
    def left(self) -> float:
        return self.left_mm * PT_PER_MM

    @property
    def top(self) -> float:
        return self.top_mm * PT_PER_MM

    @property
    def text_width(self) -> float:
        return self.text_width_mm * PT_PER_MM

    @property
    def text_height(self) -> float:
        return self.text_height_mm * PT_PER_MM

    @property
    def bottom(self) -> float:
        return self.page_height - self.top - self.text_height

    @property
    def pitch(self) -> float:
        """Grid cell width: text width / characters per line."""
        return self.text_width / self.chars_per_line

    @property
    def leading(self) -> float:
        """Grid line height: text height / lines per page."""
        return self.text_height / self.lines_per_page

    def em(self, size: float) -> float:
        """The grid cell of a full-width character at `size`: body text sits on the pitch."""
        return size * self.pitch / self.body_size

    # -- in millimetres and twips (DOCX)
    @property
    def right_mm(self) -> float:
        return self.page_width_mm - self.left_mm - self.text_width_mm

    @property
    def bottom_mm(self) -> float:
        return self.page_height_mm - self.top_mm - self.text_height_mm

    @property
    def line_pitch_twips(self) -> int:
        """The line pitch, rounded down so that every line fits the type area."""
        return math.floor(self.text_height_mm / MM_PER_PT * TWIPS_PER_PT / self.lines_per_page)

    @property
    def char_spacing(self) -> int:
        """Run letter-spacing in 1/20 pt that fits chars_per_line in the text width (rounded down)."""
        return math.floor((self.text_width_mm / MM_PER_PT / self.chars_per_line - self.body_size) * 20)


# ---------------------------------------------------------------- loading --

def _path_of(name_or_path: str, relative_to: Path | None = None) -> Path:
    if name_or_path.endswith(".toml") or "/" in name_or_path:
        path = Path(name_or_path)
        return path if path.is_absolute() or relative_to is None else relative_to / path
    if not re.fullmatch(r"[\w.-]+", name_or_path):
        raise StyleError(f"no such style (the styles are {', '.join(names())})", path=name_or_path)
    return STYLES_DIR / f"{name_or_path}.toml"


def _read(path: Path, shown: str) -> dict:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if path.parent == STYLES_DIR and not shown.endswith(".toml"):
            raise StyleError(f"no such style (the styles are {', '.join(names())})", path=shown) from None
        raise StyleError("no such file", path=path) from None
    except IsADirectoryError:
        raise StyleError("is a folder, not a .toml file", path=path) from None
    except OSError as exc:
        raise StyleError(f"cannot read: {exc.strerror or exc}", path=path) from None
    return _parsed(data, path)


def _parsed(data: bytes, path: Path) -> dict:
    """A style file's TOML, kept in the cache folder by the file's bytes and read back with
    marshal: importing tomllib and parsing took 5 ms of every run (issue #28). A TOML that
    marshal cannot hold (a date) is parsed each time."""
    cached = startup.cache_path(f"toml-{hashlib.sha256(data).hexdigest()[:32]}.marshal")
    try:
        with open(cached, "rb") as f:
            parsed = marshal.loads(f.read())
        if isinstance(parsed, dict):
            return parsed
    except (OSError, EOFError, ValueError, TypeError):  # none yet, or damaged: parsed again
        pass
    import tomllib

    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise StyleError("TOML syntax: not UTF-8 text", path=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise StyleError(f"TOML syntax: {exc}", path=path) from None
    try:
        startup.write_atomically(cached, marshal.dumps(parsed))
    except ValueError:  # a value marshal does not know
        pass
    return parsed


def _merge(base: dict, over: dict) -> dict:
    """Tables merge key by key; any other value (arrays too) replaces the inherited one."""
    merged = dict(base)
    for name, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(name), dict):
            merged[name] = _merge(merged[name], value)
        else:
            merged[name] = value
    return merged


def _raw(path: Path, shown: str, chain: tuple[Path, ...] = ()) -> dict:
    """The TOML of `path` with what it extends merged in."""
    resolved = path.resolve()
    if resolved in chain:
        cycle = " -> ".join(p.stem for p in chain + (resolved,))
        raise StyleError(f"a cycle: {cycle}", path=path, key="extends")
    data = _read(path, shown)
    parent = data.pop("extends", None)
    own = {k: data.pop(k) for k in ("name", "description") if k in data}
    if parent is not None:
        if not isinstance(parent, str):
            raise StyleError(f"must be a style name or a .toml path, not {_shown(parent)}", path=path, key="extends")
        try:
            data = _merge(_raw(_path_of(parent, path.parent), parent, chain + (resolved,)), data)
        except StyleError as exc:
            if exc.key is None and exc.path == parent:  # an unknown name: the key that named it is at fault
                raise StyleError(exc.message, path=path, key="extends") from None
            raise
        for k in ("name", "description"):
            data.pop(k, None)
    data.update(own)
    return data


@lru_cache(maxsize=None)
def load(name_or_path: str = DEFAULT_STYLE) -> Style:
    """A style by name (styles/NAME.toml) or by path to a .toml file, validated."""
    path = _path_of(name_or_path)
    data = _raw(path, name_or_path)
    data.setdefault("name", path.stem)
    style = _build(Style, data, "", path)
    _check(style, path)
    return dataclasses.replace(style, path=path)


def names() -> list[str]:
    return sorted(p.stem for p in STYLES_DIR.glob("*.toml"))


def available() -> list[tuple[str, str]]:
    """(name, description) of every style in styles/, for --list-styles."""
    out = []
    for name in names():
        try:
            out.append((name, load(name).description))
        except StyleError as exc:
            out.append((name, f"(broken: {exc})"))
    return out


def font_stack(style: Style, role: str, lang: str) -> list[str]:
    """The ordered font families for a role ('body', 'hei', ...) in a script."""
    return style.font_stack(role, lang)


def styles_file(name: str) -> Path:
    return STYLES_DIR / name


# ------------------------------------------------------------- validation --

_TYPE_WORDS = {bool: "true or false", int: "a whole number", float: "a number", str: "a string"}


def _shown(value) -> str:
    kind = {bool: "boolean", int: "number", float: "number", str: "string", list: "array",
            dict: "table"}.get(type(value), type(value).__name__)
    return f"the {kind} {value!r}" if kind not in ("table", "array") else f"a{'n' if kind == 'array' else ''} {kind}"


@lru_cache(maxsize=None)
def _type_hints(cls) -> dict:
    """The schema's annotations, evaluated once a class (a role's class is built a dozen times
    a style, and evaluating compiles each annotation's text)."""
    return typing.get_type_hints(cls)


def _build(cls, data, where: str, path: Path):
    """An instance of dataclass `cls` from TOML `data`, or a StyleError naming the key."""
    if not isinstance(data, dict):
        raise StyleError(f"must be a table, not {_shown(data)}", path=path, key=where or None)
    hints = _type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if not f.metadata.get("internal")}
    unknown = [k for k in data if k not in fields]
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], list(fields), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(fields)})"
        raise StyleError(f"unknown key{hint}", path=path, key=_join(where, unknown[0]))
    if cls is Roles and "size_pt" in data:  # the base size, checked here, then in every role without its own
        base = _value(float, data["size_pt"], _join(where, "size_pt"), path, fields["size_pt"].metadata["minimum"])
        data = {name: {"size_pt": base, **value} if isinstance(value, dict) else value for name, value in data.items()}
    values = {}
    for name, f in fields.items():
        here = _join(where, name)
        if name not in data:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                what = "table" if dataclasses.is_dataclass(_dataclass_in(hints[name])) else "key"
                raise StyleError(f"missing {what}", path=path, key=here)
            continue
        values[name] = _value(hints[name], data[name], here, path, f.metadata.get("minimum"))
    if cls is Roles:
        for name, f in fields.items():
            if values.get(name) is None and f.metadata.get("fallback"):
                values[name] = values[f.metadata["fallback"]]
    return cls(**values)


def _dataclass_in(hint):
    for arg in (typing.get_args(hint) or (hint,)):
        if dataclasses.is_dataclass(arg):
            return arg
    return None


def _value(hint, value, where: str, path: Path, minimum):
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):  # X | None: None means "unset", never written in TOML
        hint = next(a for a in args if a is not type(None))
        origin, args = typing.get_origin(hint), typing.get_args(hint)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value, where, path)
    if origin is Literal:
        if value not in args:
            raise StyleError(f"must be one of {', '.join(map(str, args))}, not {_shown(value)}", path=path, key=where)
        return value
    if origin is dict:
        if not isinstance(value, dict):
            raise StyleError(f"must be a table, not {_shown(value)}", path=path, key=where)
        return {k: _value(args[1], v, _join(where, k), path, None) for k, v in value.items()}
    if origin is list:
        if not isinstance(value, list) or not value:
            raise StyleError(f"must be a non-empty array, not {_shown(value)}", path=path, key=where)
        return [_value(args[0], v, f"{where}[{i}]", path, None) for i, v in enumerate(value)]
    ok = isinstance(value, hint) and not (hint is not bool and isinstance(value, bool))
    if hint is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if not ok:
        raise StyleError(f"must be {_TYPE_WORDS[hint]}, not {_shown(value)}", path=path, key=where)
    if hint is str and not value and where.startswith("fonts."):
        raise StyleError("must not be empty", path=path, key=where)
    if minimum is not None and value < minimum:
        raise StyleError(f"must be at least {minimum}, not {value}", path=path, key=where)
    return value


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _check(style: Style, path: Path) -> None:
    """What types alone cannot say: the type area fits the paper, stacks exist, {n} once."""
    page = style.page
    if page.margin_left_mm + page.text_width_mm > page.width_mm:
        raise StyleError("margin_left_mm + text_width_mm is wider than the paper", path=path, key="page.text_width_mm")
    if page.margin_top_mm + page.text_height_mm > page.height_mm:
        raise StyleError("margin_top_mm + text_height_mm is taller than the paper", path=path, key="page.text_height_mm")
    for script in ("hans", "hant"):
        stacks = getattr(style.fonts, script)
        for name in ROLE_NAMES:
            font = style.roles[name].font
            if font not in stacks:
                raise StyleError(f"names the stack {font!r}, which [fonts.{script}] lacks",
                                 path=path, key=f"roles.{name}.font")
    colors = [("text.color", style.text.color), ("figure.placeholder_color", style.figure.placeholder_color),
              ("masthead.rule_color", style.masthead.rule_color)]
    colors += [(f"roles.{name}.color", style.roles[name].color) for name in ROLE_NAMES
               if getattr(style.roles[name], "color", None) is not None]
    for where, color in colors:
        if not re.fullmatch(r"#[0-9A-Fa-f]{6}", color):
            raise StyleError(f"must be #RRGGBB, not {color!r}", path=path, key=where)
    if style.figure.max_height_share > 1:
        raise StyleError(f"must be at most 1, not {style.figure.max_height_share}", path=path,
                         key="figure.max_height_share")
    if style.roles.page_number.format.count("{n}") != 1:
        raise StyleError("needs {n} exactly once", path=path, key="roles.page_number.format")


# ------------------------------------------------------------ reference --

def _type_name(hint) -> str:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _type_name(next(a for a in args if a is not type(None)))
    if origin is Literal:
        return "string: " + " \\| ".join(args)
    if origin is dict:
        return f"table of {_type_name(args[1])}"
    if origin is list:
        return f"array of {_type_name(args[0])}"
    return {bool: "boolean", int: "integer", float: "number", str: "string"}[hint]


def _default_text(f: dataclasses.Field) -> str:
    if f.metadata.get("inherits"):
        return f"as {f.metadata['inherits']}"
    if f.metadata.get("fallback"):
        return f"as roles.{f.metadata['fallback']}"
    if f.default is dataclasses.MISSING:
        return "required"
    if f.default is None:
        return "unset"
    if isinstance(f.default, bool):
        return "true" if f.default else "false"
    if isinstance(f.default, str):
        return f'"{f.default}"' if f.default else "none"
    return str(f.default)


def reference_rows(cls=Style, where: str = "") -> list[tuple[str, str, str, str, str]]:
    """(key, type, default, unit, meaning) for every key of the schema, in file order.
    The keys of a role table are listed once for all the roles of that kind."""
    rows = []
    if cls is Style:
        rows.append(("extends", "string", "none", "", "a style this one starts from: a name in styles/ or a "
                     ".toml path, relative to this file. Tables merge key by key; other values replace"))
    hints = typing.get_type_hints(cls)
    kinds: dict[type, list[str]] = {}
    for f in dataclasses.fields(cls):
        if f.metadata.get("internal"):
            continue
        here = _join(where, f.name)
        inner = _dataclass_in(hints[f.name])
        if inner is ScriptText:
            default = "required" if f.default is dataclasses.MISSING else \
                "{ " + ", ".join(f'{k} = "{v}"' for k, v in dataclasses.asdict(f.default).items()) + " }"
            rows.append((here, "table: hans, hant (strings)", default, "", f.metadata["meaning"]))
            continue
        if inner is None:
            rows.append((here, _type_name(hints[f.name]), _default_text(f), f.metadata["unit"], f.metadata["meaning"]))
            continue
        required = f.default is dataclasses.MISSING or f.metadata.get("fallback")
        rows.append((f"[{here}]", "table", _default_text(f) if required else "optional", "", f.metadata["meaning"]))
        if cls is Roles:
            kinds.setdefault(inner, []).append(f.name)
        else:
            rows.extend(reference_rows(inner, here))
    for inner, role_names in kinds.items():
        label = role_names[0] if len(role_names) == 1 else (
            "{" + ",".join(role_names) + "}" if len(role_names) <= 3 else "ROLE")
        rows.extend(reference_rows(inner, _join(where, label)))
    return rows


def reference_table() -> str:
    """The key table of docs/styles.md, made from the schema."""
    lines = ["| key | type | default | unit | meaning |", "|---|---|---|---|---|"]
    for row in reference_rows():
        lines.append("| " + " | ".join(cell.replace("|", "\\|") if i != 1 else cell
                                        for i, cell in enumerate(row)) + " |")
    return "\n".join(lines) + "\n"
