"""Scraped report text → model.

The reader runs in small steps: decode, clean characters, split off web
boilerplate (head and tail), read the head (title, dateline, speaker), join
broken lines into paragraphs (the lines of a closing, rows of cells, an imprint
line stay apart), apply the punctuation transform (cell by cell in a row), then
build the document: body, ending, attached documents, imprint. Every rule is
general: it looks at line shape, marks, punctuation and sequence, never at one
document's words.

This module does what is particular to plain text (decoding, the head, joining
broken lines); classifying and nesting paragraphs, tables, the closing and the
attached documents is `convert.readers.structure`, which the other readers share.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from convert.chars import is_han
from convert.errors import InputError
from convert.model import convention, inline, tree
from convert.options import Options
from convert.readers import boilerplate, source_name, structure
from convert.readers.decode import decode
from convert.readers.structure import Para, ending, masthead, meta, tables
from convert.readers.structure.classify import split_addressee
from convert.readers.structure.marks import (
    CLOSING_AFTER_TERMINAL, DOCNUMBER, INDENT, MAX_HEADING, NUM, ORGAN_SUFFIX, SENTENCE_END, SENTENCE_PUNCT_END, TERMINAL,
    starts_structure,
)
from convert.transforms import cleanup, punctuation


@dataclass
class Line:
    n: int  # 1-based line number in the decoded input
    text: str


# ------------------------------------------------------------------ entry --

def read(path: Path, options: Options | None = None) -> etree._Element:
    options = options or Options()
    try:
        raw = Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError("is a directory, not a report file") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}") from None
    return parse(raw, source=Path(path).name, options=options)


def parse(raw: bytes, source="report.txt", options: Options | None = None) -> etree._Element:
    """The validated model of report text. `source`: a name, or a source (convert.readers)."""
    options = options or Options()
    source = source_name(source)
    text, encoding = decode(raw, options.encoding)
    transforms: list[tuple[str, str]] = [("decode", encoding)]
    text = cleanup.normalize_newlines(text)
    # A line of zero-width characters only is a scrape artefact inside a sentence:
    # it joins its neighbours rather than separating them like a blank line.
    joiners = {n for n, x in enumerate(text.split("\n"), 1) if cleanup.is_zero_width_only(x)}
    text, zw = cleanup.remove_zero_width(text)
    text, illegal = cleanup.remove_control_characters(text)
    text, spaced = cleanup.join_spaced_digits(text)
    if zw:
        transforms.append(("remove-zero-width", f"{zw} characters"))
    if illegal:
        transforms.append(("remove-control-characters", f"{illegal} characters"))
    if spaced:
        transforms.append(("join-spaced-digits", f"{spaced} spaces"))
    lines = split_run_on(text.split("\n"))

    builder = TextReportBuilder(lines, source, options, joiners)
    report = builder.build()
    masthead.fill(report.find("meta"), builder.masthead, builder.title)
    masthead.take_attendance(report)
    dropped_count = len(report.find("dropped")) if report.find("dropped") is not None else 0
    if dropped_count:
        transforms.append(("strip-boilerplate", f"{dropped_count} lines"))
    if builder.punctuation_changes:
        transforms.append(("fullwidth-punctuation", f"GB/T 15834: {builder.punctuation_changes} marks"))
    record_transforms(report, transforms)
    return tree.validate(convention.record_convention(report))


RUN_ON = 500  # characters of a line that holds a document's paragraphs run on
# a decimal heading set apart by spaces in a run-on line (… 1.总则 1.1目的依据 提高…): a label
# with its point, a short heading without punctuation that opens with no unit (增长 3.5亿元 以上
# is a figure), a space on either side
DECIMAL_HEADING = re.compile(
    r"(?<=[ \u3000])[0-9]{1,2}\.(?:[0-9]{1,2}\.?)*(?![亿万千百十元角个家倍人次项件户名座台辆吨米克年月日天时分秒%％])"
    r"[^\s0-9。，；：:、,;.]{2,15}(?=[ \u3000])")
MIN_DECIMAL_HEADINGS = 2  # in one line: a numbered outline, not a figure set apart


def apart_decimal_headings(line: str) -> str:
    """The run-on line with each decimal heading (DECIMAL_HEADING) on a line of its own."""
    found = list(DECIMAL_HEADING.finditer(line))
    if len(found) < MIN_DECIMAL_HEADINGS:
        return line
    pieces, at = [], 0
    for m in found:
        pieces += [line[at:m.start()], m.group(0)]
        at = m.end()
    pieces.append(line[at:])
    return "\n".join(p.strip(" \u3000") for p in pieces if p.strip(" \u3000"))


def split_run_on(lines: list[str]) -> list[str]:
    """A document that sits on one or a few very long lines: break it before
    structural marks that follow a sentence end, so the usual rules apply."""
    nonblank = [x for x in lines if x.strip()]
    if not nonblank or len(nonblank) > 5 or max(map(len, nonblank)) < RUN_ON:
        return lines
    marker = rf"(?:[{NUM}]+、|[（(][{NUM}]+[）)]|[{NUM}]+是|第[{NUM}]+[，、]|附件[0-9０-９]*)"
    out: list[str] = []
    for line in lines:
        line = apart_decimal_headings(line)
        parts = re.split(rf"(?<=[{SENTENCE_END}；])\s*(?={marker})|\n", line)
        if len(parts) == 1:
            out.append(line)  # unsplit: the lines keep their numbers
            continue
        for part in parts:
            # a heading label, a short heading, then directly the first point (一是…)
            m = re.match(rf"^((?:[{NUM}]+、|[（(][{NUM}]+[）)])[^。！？；]{{2,{MAX_HEADING}}}?)(?=一是)", part)
            if m:
                out += [m.group(1), "", part[m.end():]]
            else:
                out.append(part)
            out.append("")
    return out


# ---------------------------------------------------------------- builder --

class TextReportBuilder:
    """Builds the report model from lines of text: the head (title, dateline, speaker, document
    number), the body's paragraphs, then the assembled model; paragraphs.build_report uses it
    for the paragraphs a page or a DOCX gives."""

    def __init__(self, lines: list[str], source: str, options: Options, joiners: set[int] = frozenset()):
        self.raw = lines
        self.joiners = joiners
        self.source = source
        self.options = options
        self.dropped: list[tuple[int, str, str]] = []
        self.title: str | None = None
        self.title_origin = "text"
        self.title_lines: list[Line] = []  # the lines the title was read from
        self.head: dict[str, str] = {}
        self.after_title: set[str] = set()  # the head fields read after the title
        self.repeated_titles: set[str] = set()  # long head lines printed more than once: titles
        self.punctuation_changes = 0
        self.masthead: dict = {}  # the 版头's fields read from the head lines (structure.masthead)
        self.under_order_mark = False  # the last head line was a 令's mark: a 第N号 under it is the 令号
        self.order_mark_line: str | None = None  # the 令's mark as printed, when a title stood above it

    # -- steps ---------------------------------------------------------------
    def build(self) -> etree._Element:
        end, tail_reasons = boilerplate.tail_start(self.raw)
        for i, reason in sorted(tail_reasons.items()):
            self.dropped.append((i + 1, reason, self.raw[i]))
        lines = [Line(i + 1, x) for i, x in enumerate(self.raw[:end]) if i + 1 not in self.joiners]
        body_lines = self.read_head(lines)
        paras = join_broken_lines(body_lines)
        if not paras and not self.title:
            if self.dropped:
                raise InputError("no report text: every line is web boilerplate")
            raise InputError("no report text")
        if not paras:
            raise InputError("no report body after the title")
        if not self.options.keep_punctuation:
            self.normalize_punctuation(paras)
        return self.assemble(paras)

    def normalize_punctuation(self, paras: list[Para]) -> None:
        """GB/T 15834 on whole paragraphs, before inline marks split them, so that
        bracket pairs and neighbours are seen across 《》 and “”."""
        for para in paras:
            text = self.to_fullwidth_cells(para.text)
            if para.breaks and len(text) != len(para.text):
                para.breaks = moved_offsets(para.text, text, para.breaks)
            para.text = text
        for key, value in self.head.items():
            self.head[key], n = punctuation.to_fullwidth(value)
            self.punctuation_changes += n
        if self.title and self.title_origin == "text":
            self.title, n = punctuation.to_fullwidth(self.title)
            self.punctuation_changes += n

    def caption_punctuation(self, text: str) -> str:
        """GB/T 15834 on a caption that leaves the paragraphs for its table or figure."""
        text, n = punctuation.to_fullwidth(text)
        self.punctuation_changes += n
        return text

    def to_fullwidth_cells(self, text: str) -> str:
        """GB/T 15834 on each cell of a row (the text between tabs or runs of spaces), so that
        the separators of a text table stay as they are."""
        pieces = tables.split_keeping_separators(text)
        for i in range(0, len(pieces), 2):
            pieces[i], n = punctuation.to_fullwidth(pieces[i])
            self.punctuation_changes += n
        return "".join(pieces)

    def read_head(self, lines: list[Line]) -> list[Line]:
        """Consume the head: boilerplate, title, dateline, speaker, document number.
        Return the lines from the first body line on.

        The title is kept with the issuer's line breaks (meta.TITLE_BREAK between its lines)."""
        if self.options.title:
            self.title, self.title_origin = self.options.title, "user"
        lines = self.remove_watermarks(lines)
        groups, stop, skipped = self.head_groups(lines)
        dropped_by_groups = len(self.dropped)  # what reading the groups drops comes after this
        title_group = None  # the last group that took or extended the title
        for index, group in enumerate(groups):
            following = [x[0] for x in groups[index + 1:]] + ([lines[stop]] if stop < len(lines) else [])
            continuing = title_group == index - 1 and not meta.title_is_complete(self.title or "")
            if self.title and self.title_origin == "text" and not continuing and self.document_title_starts(group, following):
                # what was taken for the title was the page's heading over the document's own
                self.dropped += [(x.n, "page-title", x.text) for x in self.title_lines]
                self.title, self.title_lines, title_group, self.after_title = None, [], None, set()
            title_before = self.title
            body_from = self.read_head_group(group, following, title_group == index - 1)
            if self.title != title_before:
                title_group = index
            if body_from is not None:
                # head material ends here; the rest is body, in order
                skipped |= {n for n, _, _ in self.dropped[dropped_by_groups:]}
                start = next(k for k, x in enumerate(lines) if x is body_from)
                return [x for x in lines[start:stop] if x.n not in skipped] + lines[stop:]
        return lines[stop:]

    def remove_watermarks(self, lines: list[Line]) -> list[Line]:
        """Site addresses stamped into the text, anywhere, go to `dropped`; a line that was
        nothing but a stamp goes too, so that its neighbours join as if it was never there."""
        out: list[Line] = []
        for line in lines:
            text, removed = boilerplate.strip_watermarks(line.text)
            self.dropped += [(line.n, "watermark", x) for x in removed]
            if removed and not text.strip(INDENT):
                continue
            out.append(Line(line.n, text) if removed else line)
        return out

    def head_groups(self, lines: list[Line]) -> tuple[list[list[Line]], int, set[int]]:
        """The head's lines in groups (a blank or a boilerplate line ends a group), the index
        of the first body line, and the numbers of the boilerplate lines dropped."""
        groups: list[list[Line]] = [[]]
        skipped: set[int] = set()
        first_line = None  # the first line that is not boilerplate: the title breadcrumbs are compared to
        in_metadata = False  # the last line was a line of a metadata list
        menu_end = -1  # lines before this index are a site's menu
        column = None  # the last place a breadcrumb named (首页>>检务公开>>公告公示: 公告公示)
        page_end, between = self.twice_printed_title(lines)
        i = 0
        while i < len(lines):
            s = lines[i].text.strip(INDENT)
            after = next((x.text.strip(INDENT) for x in lines[i + 1:i + 3] if x.text.strip(INDENT)), "")
            rest = self.take_masthead_field(s, first=not any(groups), after=after) if s else s
            if rest is None:  # the whole line is the 版头's
                skipped.add(lines[i].n)
                if groups[-1]:
                    groups.append([])
                i += 1
                continue
            if rest != s:  # 国办发〔2018〕1号　　签发人：张三: the 文号 stays a head line
                lines[i], s = Line(lines[i].n, rest), rest
            if i >= menu_end:
                menu_end = i + menu_length(lines[i:]) if first_line is None else i
            reason = "navigation" if i < menu_end else s and boilerplate.head_reason(s, self.title, self.title or first_line)
            if s and not reason and i < page_end:
                reason = "navigation"  # the page's lines above the title it prints twice
            elif s and not reason and i in between and is_page_label(s):
                reason = "site-line"  # a page's fields between its heading and the title printed again
            if s and not reason and in_metadata and boilerplate.metadata_fields(s, in_list=True) is not None:
                reason = "metadata"  # one more field of the list above
            if s:
                in_metadata = reason == "metadata"
            if s and not reason and s == column:
                reason = "breadcrumb"  # the column the breadcrumb ended in, printed again as a heading
            if reason == "breadcrumb":
                column = boilerplate.last_crumb(s)
            if reason:
                self.dropped.append((lines[i].n, reason, lines[i].text))
                skipped.add(lines[i].n)
            if not s or reason:
                if groups[-1]:
                    groups.append([])
                i += 1
                continue
            if meta.line_field(s, any(groups)) is None and structure.is_body_start(s) and not self.is_printed_again(s, lines[i + 1:]):
                break
            if not any(groups) and self.title is None:
                lines[i] = self.without_site_name(lines[i])
                s = lines[i].text.strip(INDENT)
            if self.title is None:
                lines[i] = self.without_book_marks(self.without_title_prefix(lines[i], column))
                s = lines[i].text.strip(INDENT)
            first_line = first_line or s
            groups[-1].append(lines[i])
            i += 1
        return [g for g in groups if g], i, skipped

    def twice_printed_title(self, lines: list[Line]) -> tuple[int, range]:
        """A title a page prints twice, whole and again a few lines under (whole or over two
        lines): the index of its first printing when a line above it would end the head (a
        site's slogan or menu, its text a sentence), else 0, the lines above it being the page's;
        and the indices between the two printings, where the page sets its fields. (0, empty)
        when there is none."""
        if self.title is not None:
            return 0, range(0)
        filled = [k for k, x in enumerate(lines[:HEAD_SCAN]) if x.text.strip(INDENT)]
        texts = [lines[k].text.strip(INDENT) for k in filled]
        above_ends_head = False
        for pos, s in enumerate(texts):
            again = self.printed_again_under(s, texts[pos + 1:])
            if again:
                between = range(filled[pos] + 1, filled[pos + again])
                return (filled[pos] if above_ends_head else 0), between
            above_ends_head = above_ends_head or structure.is_body_start(s)
        return 0, range(0)

    @staticmethod
    def printed_again_under(s: str, after: list[str]) -> int:
        """How many lines under `s` its next printing starts (whole, or over two lines), 0 if
        `s` is no complete title printed again within REPEAT_WINDOW lines."""
        if len(s) < MIN_TWICE_PRINTED or not meta.is_title_line_any_length(s) or not meta.title_is_complete(s):
            return 0
        nearby = after[:REPEAT_WINDOW]
        return next((k + 1 for k, a in enumerate(nearby) if a == s or a + "".join(nearby[k + 1:k + 2]) == s), 0)

    def take_masthead_field(self, s: str, first: bool, after: str = "") -> str | None:
        """Take a line of the 版头 (structure.masthead) into self.masthead: 份号, 密级 and 紧急程度
        only above everything else (`first`), the mark (a 令's too) and the 签发人 anywhere in the head, each
        once. What of the line is left for the head rules: all of it (not the 版头's), the 文号
        a 签发人 shares its line with, or None. `after`: the next line (a 令's mark below other
        lines is one only with its 令号 under it)."""
        under_order_mark, self.under_order_mark = self.under_order_mark, False
        if under_order_mark and masthead.order_number(s):
            self.masthead["order"] = s  # 第12号 right under the 令's mark: its 令号
            return None
        field = masthead.head_field(s)
        if field is None or field[0] in self.masthead or not first and field[0] not in ("mark", "signers", "order-mark"):
            return s
        key, value = field
        if key == "order-mark":
            if "mark" in self.masthead or not first and not masthead.order_number(after):
                return s
            self.masthead[key], self.under_order_mark = value, True
            # first, the mark line is the 令's title as well (it has no other): the title rules take it;
            # under a title (a page's heading over the 令), it is the 版头's, as a 文件 mark there is
            if first and self.title is None:
                return s
            self.order_mark_line = s
            return None
        if key == "signers":
            docnumber, self.masthead[key] = value
            return docnumber or None
        self.masthead[key] = value
        return None

    def take_title_mark(self) -> None:
        """A title the container gave (a page's title line that its <title> agrees with) that is a
        令's mark: the 版头's mark too, and a 第N号 on the first head line is its 令号."""
        field = masthead.head_field(self.title.replace(meta.TITLE_BREAK, "")) if self.title else None
        if field is not None and field[0] == "order-mark" and not self.masthead:
            self.masthead["order-mark"], self.under_order_mark = field[1], True

    def is_printed_again(self, s: str, after: list[Line]) -> bool:
        """A long title a site prints two or more times (a law's 实施办法 of 85 characters):
        a complete title's shape, the same line again among the next few; remembered, so that
        take_title accepts its length."""
        if s in self.repeated_titles:
            return True  # its last printing
        if len(s) > meta.MAX_TITLE * MAX_REPEATED_TITLE or not meta.is_title_line_any_length(s) or not meta.title_is_complete(s):
            return False
        nearby = [x.text.strip(INDENT) for x in after[:REPEAT_WINDOW]]
        if s not in nearby:
            return False
        self.repeated_titles.add(s)
        return True

    def without_site_name(self, line: Line) -> Line:
        """A page's title line (…的通知_中国政府网): the title, the site's name dropped."""
        split = boilerplate.split_page_title(line.text.strip(INDENT))
        if split is None or not meta.title_is_complete(split[0]):
            return line
        self.dropped.append((line.n, "site-line", split[1]))
        return Line(line.n, split[0])

    def without_title_prefix(self, line: Line, column: str | None = None) -> Line:
        """A title line that a site prefixed with its column (政务服务丨…, 【区应急管理局】…,
        北京：…, or the column the breadcrumb above ends in, glued: 公告公示泉州市…办法) or a
        news agency with its dateline (新华网北京3月16日电 …): the title, the prefix dropped."""
        s = line.text.strip(INDENT)
        if column and s.startswith(column) and meta.title_is_complete(s[len(column):]):
            self.dropped.append((line.n, "site-line", column))
            return Line(line.n, s[len(column):])
        split = boilerplate.split_title_prefix(s)
        if split is None or not meta.title_is_complete(split[2]):
            return line
        reason, prefix, title = split
        self.dropped.append((line.n, reason, prefix))
        return Line(line.n, title)

    def without_book_marks(self, line: Line) -> Line:
        """《…的通知》: a title a sharing site quotes in book-title marks; the marks dropped."""
        s = line.text.strip(INDENT)
        if not (s.startswith("《") and s.endswith("》")) or "《" in s[1:-1] or "》" in s[1:-1]:
            return line
        if not meta.title_is_complete(s[1:-1]) or not meta.is_title_line(s[1:-1]):
            return line
        self.dropped += [(line.n, "title-marks", "《"), (line.n, "title-marks", "》")]
        return Line(line.n, s[1:-1])

    def read_head_group(self, group: list[Line], following: list[Line], after_title: bool = False) -> Line | None:
        """Take a group of head lines as title, dateline, speaker or document number, line
        by line; return the line the body starts at (the group's first if it is a paragraph),
        or None if the whole group is head material. `following`: the first line of each
        group after it, then the first body line; `after_title`: the group before took the title
        (only then may this group continue it: a title never resumes after other lines)."""
        texts = [x.text.strip(INDENT) for x in group]
        if after_title and self.title and self.title_origin == "text" and self.is_column_over_title(texts):
            self.dropped += [(x.n, "site-line", x.text) for x in self.title_lines]
            self.title, self.title_lines, self.after_title = None, [], set()
            after_title = False
        if after_title and self.title and self.title_origin == "text" and self.continues_over_blank(texts, following):
            for s in texts:
                self.title = meta.join_title(self.title, s)
            self.title_lines += group
            return None
        last = None  # the field the line before filled
        repeats: list[str] = []
        k = 0
        while k < len(texts):
            s = texts[k]
            if self.is_title_repeat(s) and self.is_own_shorter_title(s, texts[k + 1] if k + 1 < len(texts) else (
                    following[0].text.strip(INDENT) if following else "")):
                # 贵州省人民政府关于… (the page's) / 省人民政府关于… (the document's) / 黔府发〔2017〕25号
                self.dropped += [(x.n, "page-title", x.text) for x in self.title_lines]
                self.title, self.title_lines, self.after_title = s, [group[k]], set()
                k += 1
                continue
            if self.is_title_repeat(s):
                self.dropped.append((group[k].n, "title-repeat", group[k].text))
                repeats.append(s)
                self.adopt_breaks(repeats)
                k += 1
                continue
            field = meta.line_field(s, self.title)
            if field is not None and field[0] == "titled":
                title, docnumber = meta.split_title_docnumber(s)
                if self.title is None:
                    self.title, self.title_origin, self.title_lines = title, "text", [group[k]]
                elif title != self.title.replace(meta.TITLE_BREAK, ""):
                    return group[k]  # another document's title: body text
                field = ("docnumber", docnumber)
            if field is not None:
                if not self.take_field(*field):
                    return group[k]
                last = field[0] if field[0] != "speech" else ("speaker" if "speaker" in self.head else "dateline")
                k += 1
                continue
            if self.title is None:
                taken = self.take_title(texts[k:])
                if not taken:
                    return group[0] if k == 0 else group[k]
                self.title_lines = group[k:k + taken]
                k += taken
                last = "title"
                continue
            cut = meta.note_close(self.head["dateline"], s) if last == "dateline" else None
            if cut:
                self.head["dateline"] += s[:cut]  # the rest of an adoption note over two lines
                rest = s[cut:].strip(INDENT)
                if rest:
                    group[k].text = rest  # the body runs on after the note's closing bracket
                    return group[k]
                k += 1
                continue
            taken, last = self.take_plain_lines(texts[k:], last)
            if not taken:
                return group[0] if last is None else group[k]
            k += taken
        return None

    def take_plain_lines(self, texts: list[str], last: str | None) -> tuple[int, str | None]:
        """Lines after the title that are no field by themselves: the rest of an open
        dateline, a subtitle, or the speaker (国务院总理 / 李克强, one speaker: the lines up to
        the next field are read as one). How many lines were taken (0 if none is head
        material), and the field they went to."""
        run = list(itertools.takewhile(lambda s: meta.line_field(s, self.title) is None and not self.is_title_repeat(s),
                                       texts))
        if last == "dateline" and meta.dateline_open(self.head["dateline"]) and meta.is_speaker(run[0]):
            self.head["dateline"] += run[0]  # 在第十三届全国人民代表大会 / 第四次会议上: one dateline
            return 1, "dateline"
        if "subtitle" not in self.head and "dateline" not in self.head and run[0].startswith(("——", "--")):
            self.head["subtitle"] = run[0].lstrip("—-")
            return 1, "subtitle"
        speaker = "\u3000".join(run)  # keep the space the source put between position and name
        if last == "speaker" and meta.is_speaker(self.head["speaker"] + speaker):
            self.head["speaker"] += "\u3000" + speaker
        elif "speaker" not in self.head and meta.is_speaker(speaker):
            self.head["speaker"] = speaker
        else:
            return 0, last
        return len(run), "speaker"

    def take_title(self, texts: list[str]) -> int:
        """Take the title from the first of `texts` and the lines that continue it; how many
        lines it took, 0 if the first line is not a title. Lines after a complete title
        that are not head fields or repeats make the group a paragraph (0)."""
        first = meta.unspace_title(texts[0])
        if first in self.repeated_titles:
            self.title, self.title_origin = first, "text"
            return 1
        if len(first) > meta.MAX_TITLE or SENTENCE_PUNCT_END.search(first):
            return 0
        title, n = first, 1
        while n < len(texts) and meta.line_field(texts[n], title) is None and meta.continues_title(title, texts[n]):
            line = meta.unspace_title(texts[n])
            if not meta.is_title_line(line) or len(title) + len(line) > meta.MAX_TITLE:
                return 0  # a paragraph broken over short lines, not a title
            title, n = meta.join_title(title, line), n + 1
        rest = texts[n:]
        upto = next((k for k, s in enumerate(rest) if meta.line_field(s, title)), len(rest))
        if any(not meta.is_speaker(s) and not self.is_title_repeat(s, title) for s in rest[:upto]):
            return 0  # more text after a complete title, in the same group: a paragraph
        self.title, self.title_origin = title, "text"
        return n

    def take_field(self, key: str, value: str) -> bool:
        """Record a head field; False if the head has it already (the line is body text)."""
        if key == "speech":
            dateline, speaker = meta.split_speech(value)
            if "dateline" in self.head or speaker and "speaker" in self.head:
                return False
            self.head["dateline"] = dateline
            if speaker:
                self.head["speaker"] = speaker
            return True
        key = "dateline" if key == "date" else key
        if key in self.head:
            return False
        self.head[key] = value
        if self.title:
            self.after_title.add(key)
        return True

    def continues_over_blank(self, texts: list[str], following: list[Line]) -> bool:
        """国务院办公厅关于加强 / (blank) / 三级公立医院绩效考核工作的意见: a group of title-shaped
        lines that completes an unfinished title, before the document number or the addressee;
        or that the next groups' first lines go on to complete (a title in three lines
        between blanks), so that no line of a title is left behind."""
        title = self.title.replace(meta.TITLE_BREAK, "")
        if meta.title_is_complete(title) or self.after_title & {"docnumber", "dateline"}:
            return False  # a 文号 above the title (under a 版头) does not end it
        lines = [meta.unspace_title(s) for s in texts]
        ahead = iter(x.text.strip(INDENT) for x in following)
        while True:
            if not all(meta.is_title_line(s) and len(s) <= meta.MAX_TITLE_LINE for s in lines):
                return False
            if len(title) + sum(map(len, lines)) > meta.MAX_TITLE or any(meta.line_field(s, title) for s in lines):
                return False
            if meta.title_is_complete(lines[-1]):
                return True
            after = next(ahead, "")
            if DOCNUMBER.search(after) or structure.is_addressee(after):
                return True
            if not after:
                return False
            lines.append(meta.unspace_title(after))  # the next group's line may go on to complete it

    def document_title_starts(self, group: list[Line], following: list[Line]) -> bool:
        """东昌府区人民政府 / 关于《…》的批复 under a portal's headline: the document's own title
        starts at this group, printed as an issuer's line or a 关于 line, then lines that
        complete it; the title taken so far has no 关于 (a headline, a column)."""
        if re.search(r"关于|關於", self.title) or len(group) > 2:
            return False
        lines = [meta.unspace_title(x.text.strip(INDENT)) for x in group + following[:3]]
        issuer_line = re.match(rf"^\S{{2,20}}?{ORGAN_SUFFIX}$", lines[0]) or (
            len(lines) > 1 and len(lines[0]) <= 20 and re.match(r"^(关于|關於)", lines[1]))
        if not (re.match(r"^(关于|關於)", lines[0]) or issuer_line):
            return False
        title = ""
        for line in lines:
            if not meta.is_title_line(line) or meta.line_field(line, None) or len(title) + len(line) > meta.MAX_TITLE:
                return False
            title += line
            if meta.title_is_complete(title):
                return bool(re.search(r"关于|關於", title)) and title != self.title.replace(meta.TITLE_BREAK, "")
        return False

    def is_own_shorter_title(self, s: str, after: str) -> bool:
        """A shorter printing of the title (the issuer's name cut short) right above the 文号
        or the addressee: the document's own title under the page's."""
        title = self.title.replace(meta.TITLE_BREAK, "")
        # (关于… alone is the second line of the title printed as issuer / 关于…, no new title)
        return (s != title and title.endswith(s) and meta.title_is_complete(s) and bool(re.search(r".(关于|關於)", s))
                and (bool(DOCNUMBER.search(after)) and len(after) <= 40 or structure.is_addressee(after)))

    def is_column_over_title(self, texts: list[str]) -> bool:
        """政策文件 / (site lines) / 兰陵县人民政府关于…的批复: what was taken for the title is a
        column's or an office's name over the page (no 关于), and this group opens with a
        complete title of its own: one with 关于, or, over an unfinished name, an issuer's
        name then the kind (某某县人民政府征收土地预公告)."""
        title = self.title.replace(meta.TITLE_BREAK, "")
        if re.search(r"关于|關於", title) or meta.OPEN_END.search(title):
            return False
        first = meta.unspace_title(texts[0])
        if meta.OPEN_START.match(first) or not meta.is_title_line(first) or not meta.title_is_complete(first):
            return False
        if re.match(r"^(关于|關於)", first):
            # 通知公告 / 关于…的通知: a column that ends like a document's kind; but an unfinished
            # line (某某支队 / 关于…的通告) is the issuer's, and the title goes on
            return meta.title_is_complete(title)
        if re.search(r"关于|關於", first):
            return True  # a title with its own issuer and 关于
        return not meta.title_is_complete(title) and bool(re.match(rf"^\S{{2,20}}?{ORGAN_SUFFIX}", first))

    def is_title_repeat(self, s: str, title: str | None = None) -> bool:
        """The title again (a page header's, then the article's), whole or one of its lines.
        `title`: the title being taken, before it is the reader's."""
        if title is None and (not self.title or self.title_origin != "text"):
            return False
        title = (title or self.title).replace(meta.TITLE_BREAK, "")
        if s == title or s == f"《{title}》":
            return True
        return len(s) >= meta.MIN_REPEAT and meta.is_title_line(s) and meta.title_is_complete(title) and (
            title.startswith(s) or title.endswith(s))

    def adopt_breaks(self, repeats: list[str]) -> None:
        """A title printed once on one line and once broken into lines: keep the breaks."""
        if meta.TITLE_BREAK not in self.title and len(repeats) > 1 and "".join(repeats) == self.title:
            title = repeats[0]
            for line in repeats[1:]:
                title = meta.join_title(title, line)
            self.title = title
            repeats.clear()

    def title_issued_by_order(self, appendices: list[etree._Element]) -> None:
        """A page's heading over a 令 that is the title of the 办法 the 令 issues, printed again
        over the 办法 after the 令's head: a 命令 has no title but its mark (GB/T 9704 10.2), so
        the mark is the title, as it is without the heading, and the heading's lines are a
        repeat (dropped, with their reason), the 办法's title shown once, over the 办法."""
        if self.order_mark_line is None or self.title_origin != "text" or not self.title_lines or not appendices:
            return
        heading = appendices[0].find("heading")
        if heading is None or _unspaced(tree.text_of(heading)) != _unspaced(self.title):
            return
        self.dropped += [(x.n, "title-repeat", x.text) for x in self.title_lines]
        self.title, self.title_lines = self.order_mark_line, []

    def assemble(self, paras: list[Para]) -> etree._Element:
        from convert.transforms.script import detect_script

        all_text = "".join(p.text for p in paras)
        report = tree.new_report(detect_script((self.title or "") + all_text))
        meta_element = etree.SubElement(report, "meta")
        front_items: dict[str, str] = {}
        for key in self.head:  # in the order the head printed them (a bulletin's issuers above its date)
            if key in ("dateline", "speaker"):
                front_items[key] = self.head[key]
        if paras and structure.is_addressee(paras[0].text):
            front_items["addressee"] = paras.pop(0).text
        elif paras and (end := split_addressee(paras[0].text)) is not None:
            # the addressee that opens a paragraph run on with it (the whole body on one line)
            first = paras[0]
            front_items["addressee"] = first.text[:end].rstrip(" \u3000")
            first.text, first.breaks = first.text[end:], [b - end for b in first.breaks if b > end]
        document = structure.build(paras, title=self.title)
        self.title_issued_by_order(document.appendices)
        meta.fill_meta(meta_element, self.title, self.title_origin, self.head, [t for _, _, t in self.dropped], paras,
                       self.source)
        if front_items:
            front = etree.SubElement(report, "front")
            for key in front_items:
                inline.fill(etree.SubElement(front, key), front_items[key])
        report.append(document.body)
        for element in document.ending + document.appendices:
            report.append(element)
        if document.imprint is not None:
            report.append(document.imprint)
        if self.dropped:
            dropped = etree.SubElement(report, "dropped")
            for n, reason, text in sorted(self.dropped):
                etree.SubElement(dropped, "line", n=str(n), reason=reason).text = text
        return report


def _unspaced(s: str) -> str:
    return re.sub(r"\s+", "", s)


def is_page_label(s: str) -> bool:
    """A page's field or button (时限：, 截止：2019-06-18, 已结束 查看征集结果): short, no sentence, no
    head field (a 文号 between the two printings is the document's)."""
    return len(s) <= PAGE_LABEL and not SENTENCE_PUNCT_END.search(s) and meta.line_field(s, s) is None


HEAD_SCAN = 40  # lines looked through for a title printed twice under a page's lines
PAGE_LABEL = 20  # characters of a page's field line at most
MIN_TWICE_PRINTED = 8  # characters of such a title at least
MAX_REPEATED_TITLE = 3  # times MAX_TITLE: a title printed again may be that long (with a conversion's residue)
REPEAT_WINDOW = 8  # lines in which the repeat of a long title is looked for
MENU_ITEM = 6  # a menu's item: a word or two
MIN_MENU = 3


def menu_length(lines: list[Line]) -> int:
    """How many lines from the first are a site's menu copied one item a line (机构职能 /
    检察常识 / 泉检须知 / 公告公示): three or more very short lines of words, no blank between;
    0 if they are not."""
    items: list[str] = []
    for line in lines:
        s = line.text.strip(INDENT)
        if not s or len(s) > MENU_ITEM or not all(is_han(ch) for ch in s):
            break
        items.append(s)
    joined = "".join(items)
    if len(items) < MIN_MENU or meta.title_is_complete(joined) or re.search(r"关于|關於", joined):
        return 0  # a title set in very short lines reads as one
    return len(items)


# ------------------------------------------------------------- paragraphs --

def join_broken_lines(lines: list[Line]) -> list[Para]:
    """Group lines into paragraphs. A line joins the one before it when no blank
    line separates them, the earlier line does not end a sentence, and neither is
    a heading or starts with a structural mark (scrapes break lines at links).
    A paragraph is standalone when blank lines (or the document's edges) surround it."""
    paras: list[Para] = []
    joining: Joining | None = None
    blank_before = True
    for k, line in enumerate(lines):
        s = line.text.strip(INDENT)
        if not s:
            blank_before = True
            continue
        if joining is not None and not blank_before and continues(joining, s) and not is_signature(s, lines, k):
            latin_words = joining.tail[-1].isascii() and joining.tail[-1].isalpha() and s[0].isascii() and s[0].isalpha()
            joining.para.breaks.append(joining.length + latin_words)  # where the source line broke
            joining.add(" " + s if latin_words else s)
            joining.para.lines.append(line.n)
        else:
            if joining is not None:
                joining.close()
                if not blank_before:
                    joining.para.standalone = False  # no blank line after it
            paras.append(Para(s, blank_before, [line.n]))
            joining = Joining(paras[-1])
        blank_before = False
    if joining is not None:
        joining.close()
    return paras


def is_signature(s: str, lines: list[Line], k: int) -> bool:
    """A closing's signature: a short line of names that the date line follows (maybe after
    the other issuers' names, one a line)."""
    if not ending.is_signature(s):
        return False
    texts = [s]
    while len(texts) <= ending.MAX_ISSUERS:  # the next text line, a blank line between at most
        k = next((j for j in range(k + 1, min(k + 3, len(lines))) if lines[j].text.strip(INDENT)), None)
        if k is None:
            break
        texts.append(lines[k].text.strip(INDENT))
    names = ending.stacked_signatures(texts, 0)  # a joint document's issuers, one a line, then the date
    found = ending.one_line_closing(texts[len(names)]) if len(names) < len(texts) else None
    return found is not None and not found.signatures


class Joining:
    """The paragraph lines are being joined to. Its text is joined once, when it is
    complete: adding each line to a string would copy the paragraph every time."""

    SHORT = 64  # longer than any heading (MAX_HEADING + 6) or addressee (41) that `continues` looks for

    def __init__(self, para: Para):
        self.para = para
        self.pieces = [para.text]
        self.length = len(para.text)
        self.tail = para.text[-2:]  # its last two characters
        self.row = tables.has_inner_separator(para.text)  # a row of cells: nothing joins it

    def add(self, piece: str) -> None:
        self.pieces.append(piece)
        self.length += len(piece)
        self.tail = (self.tail + piece)[-2:]

    def short_text(self) -> str | None:
        """The text so far if the paragraph is short, else None."""
        return "".join(self.pieces) if self.length <= self.SHORT else None

    def close(self) -> None:
        self.para.text = "".join(self.pieces)


def continues(prev: Joining, s: str) -> bool:
    tail = prev.tail
    if tail[-1] in TERMINAL or (tail[-1] in CLOSING_AFTER_TERMINAL and len(tail) > 1 and tail[-2] in SENTENCE_END):
        return False
    if starts_structure(s) or prev.row or tables.has_inner_separator(s) or ending.stands_alone(s) or (
            masthead.ATTENDANCE.match(s)):
        return False  # a mark, a row of cells, a date, a note, an imprint or a 纪要's 出席： line starts its own paragraph
    short = prev.short_text()
    if short is not None and (starts_structure(short) and len(boilerplate.without_pinyin(short)) <= MAX_HEADING + 6
                              or structure.is_addressee(short)
                              or ending.ends_alone(short)):
        return False
    return True


# ---------------------------------------------------------------- helpers --

def moved_offsets(old: str, new: str, offsets: list[int]) -> list[int]:
    """Offsets into `old` as offsets into `new`, where `new` is `old` with some spaces dropped
    (the punctuation transform drops the space after a mark it makes full-width)."""
    moved, j = [], 0
    pending = iter(sorted(offsets))
    target = next(pending, None)
    for i, ch in enumerate(old):
        while target is not None and target <= i:
            moved.append(j)
            target = next(pending, None)
        if j < len(new) and (ch != " " or new[j] == " "):
            j += 1  # kept (perhaps made full-width); an unmatched space was dropped
    moved += [j] * (target is not None) + [j for _ in pending]
    return moved


def record_transforms(report: etree._Element, transforms: list[tuple[str, str]]) -> None:
    for name, detail in transforms:
        cleanup.record_transform(report, name, detail)
