"""The rules: data (id, clause, strength, what) with a check function each. Expected values
come from the style (`--style`), so a unit's variant is checked as that unit prints; the
clause numbers are GB/T 9704-2012's (never the 1999 text's).

Strengths: 规定 (the standard says so outright), 推荐 (it says 一般, 推荐 or 可以), 实务 (practice
or an inference the standard does not write out, such as the 版记 on an even page).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterator

from convert.chars import HAN_CLASS
from convert.check.pages import Line, Pages, is_ideograph, is_red
from convert.model import dates
from convert.readers.structure import marks
from convert.style import Style
from convert.typeset.kinsoku import NOT_AT_LINE_START

STANDARD = "GB/T 9704-2012"
REQUIRED, ADVISED, PRACTICE = "规定", "推荐", "实务"
MARGIN_TOLERANCE_MM = 1.0     # 5.2.1: 天头 37 mm ± 1 mm, 订口 28 mm ± 1 mm
PAGE_NUMBER = re.compile(r"^[\s\-—–－一_]*[0-9]{1,4}[\s\-—–－一_]*$|^第\s*[0-9]+\s*页")
DATE_LINE = re.compile(rf"^\s*(?:{dates.YEAR})\s*年\s*(?:{dates.MONTH_DAY})\s*月\s*(?:{dates.MONTH_DAY})\s*日\s*$")
DOCNUMBER = re.compile(HAN_CLASS + r"{1,12}\s*[〔\[［(（【]\s*([0-9０-９]{2,4})\s*[〕\]］)）】]\s*(第?)\s*([0-9０-９]+)\s*[号號]")
HAN_OR_SPACE = HAN_CLASS[:-1] + r"\s]"
HALF_WIDTH_IN_CHINESE = re.compile(rf"(?<={HAN_CLASS})[,;:?!()](?={HAN_OR_SPACE}|$)|(?<={HAN_CLASS})[(](?={HAN_CLASS})")
STRAIGHT_QUOTE_IN_CHINESE = re.compile(rf"(?<={HAN_CLASS})\"|\"(?={HAN_CLASS})")
SECRECY = re.compile(r"^(绝密|机密|秘密)")
URGENCY = re.compile(r"^(特急|加急)$")
COPY_NUMBER = re.compile(r"^[0-9]{6}$")
IMPRINT_LINE = re.compile(r"^\s*(抄送|主送)[：:]|\d+年\d+月\d+日\s*印[发發]\s*$")   # a 版记's first or last line


@dataclass
class Finding:
    rule: str
    clause: str
    strength: str
    page: int | None
    line: int | None
    actual: str      # what was found, as a phrase
    expected: str    # what the clause (or the style) asks
    fix: str = ""

    def where(self) -> str:
        if self.page is None:
            return "document"
        return f"page {self.page}" + (f", line {self.line}" if self.line else "")

    def as_line(self) -> str:
        if self.clause == "-":  # not a clause's finding: the check itself could not be made
            return f"{self.where()}: {self.actual}; {self.fix} [{self.strength}]"
        cited = self.clause if self.clause.startswith(("GB/T", "clreq")) else f"{STANDARD} {self.clause}"
        return f"{self.where()}: {self.actual}; {cited} asks {self.expected} [{self.strength}]"

    def as_dict(self) -> dict:
        return {"rule": self.rule, "clause": self.clause, "strength": self.strength, "subject": subject_of(self.rule),
                "where": {"page": self.page, "line": self.line}, "expected": self.expected,
                "actual": self.actual, "fix": self.fix}


@dataclass
class Doc:
    """What the rules see: the pages, the style, and measurements shared by several rules."""

    pages: Pages
    style: Style
    numbers: dict[int, Line] = field(default_factory=dict)   # page -> its page-number line
    _cache: dict = field(default_factory=dict)
    named_fonts: set[str] = field(default_factory=set)   # a DOCX's own fonts (python-docx)

    def __post_init__(self):
        for page in self.pages.pages:
            for line in (page.lines[-1:] + page.lines[:1]) if page.lines else []:
                near_edge = line.top > page.height - 60 or line.bottom < 30
                if PAGE_NUMBER.match(line.text) and near_edge and page.number not in self.numbers:
                    self.numbers[page.number] = line

    # The type area where the text actually sits (the style's where it cannot be measured): the
    # other rules measure from it, so that a wrong margin is one finding, not one per rule.
    @property
    def left(self):
        measure = self.measure()
        return measure[0] if measure else self.style.page.margin_left_mm

    @property
    def right(self):
        measure = self.measure()
        return measure[1] if measure else self.style.page.margin_left_mm + self.style.page.text_width_mm

    @property
    def top(self):
        measured = self.measured_top()
        return measured[0] if measured else self.style.page.margin_top_mm

    @property
    def bottom(self):
        return self.top + self.style.page.text_height_mm

    @property
    def char(self): return self.style.page.text_width_mm / self.style.grid.chars_per_line
    @property
    def pitch(self): return self.style.page.text_height_mm / self.style.grid.lines_per_page

    def body_lines(self, page=None) -> list[Line]:
        out = []
        for p in self.pages.pages:
            if page is not None and p.number != page:
                continue
            number = self.numbers.get(p.number)
            out += [ln for ln in p.lines if ln is not number]
        return out

    def text_lines(self) -> list[Line]:
        """Black lines of twenty characters or more: the body's measure."""
        return [ln for ln in self.body_lines() if not ln.red and len(ln.text.strip()) >= 20]

    def measured_top(self) -> tuple[float, Line] | None:
        """The type area's top: where the first line of pages after the first begins (page 1
        only in a one-page document that opens with body text), less half the grid line's spare."""
        if "top" in self._cache:
            return self._cache["top"]
        firsts = []
        for p in self.pages.pages:
            lines = [ln for ln in self.body_lines(p.number) if not ln.red and not IMPRINT_LINE.search(ln.text)]
            if not lines:
                continue
            if p.number > 1:
                firsts.append(lines[0])
            elif len(self.pages.pages) == 1 and not any(ln.red for ln in self.body_lines(1)) \
                    and lines[0].size < 17.5 and len(lines[0].text.strip()) >= 20:
                firsts.append(lines[0])
        result = None
        firsts = [ln for ln in firsts if ln.size < 17.5]   # not an attached document's title opening its page
        if firsts:
            top = mode([ln.top for ln in firsts])
            line = next(ln for ln in firsts if abs(ln.top - top) < 0.5)
            spare = max(0.0, (self.pitch - line.size / 72 * 25.4) / 2)   # the line's slot around its em box
            result = (top - spare, line)
        self._cache["top"] = result
        return result

    def measure(self) -> tuple[float, float] | None:
        if "measure" not in self._cache:
            self._cache["measure"] = self._measure()
        return self._cache["measure"]

    def _measure(self) -> tuple[float, float] | None:
        """The body's left and right edges, where text actually sits: the most common start
        of long lines, and the most common end (without a hanging mark) of those that start
        there or two characters in; None with fewer than three such lines."""
        lines = [ln for ln in self.text_lines() if ln.size < 17.5]   # not a title's
        bins: dict[float, int] = {}
        for ln in lines:
            bins[round(ln.x0 * 2) / 2] = bins.get(round(ln.x0 * 2) / 2, 0) + 1
        frequent = [x for x, n in bins.items() if n >= max(2, 0.2 * max(bins.values()))] if bins else []
        if not frequent:
            return None
        left = min(frequent)  # paragraphs' first lines are indented: the edge is the leftmost frequent start
        step = self.style.page.text_width_mm / self.style.grid.chars_per_line
        if any(abs(ln.x0 - (left - 2 * step)) < 0.5 for ln in lines):
            left -= 2 * step  # a short text of one-line paragraphs: its few full lines 空二字 in from the edge
        full = [ln for ln in lines if abs(ln.x0 - left) < 0.5 or abs(ln.x0 - left - 2 * step) < 1.5]
        if len(full) < 3:
            return None
        ends = [ln.x1 for ln in full if ln.chars[-1].text not in NOT_AT_LINE_START]
        right = mode(ends) if ends else None
        if right is None or sum(abs(e - right) < 0.5 for e in ends) < 2:
            # No two full lines agree (a short text): among the ends measured, a closing mark's either
            # side (inside the edge it ends there, hanging it starts there), the one nearest the
            # style's edge; a wrong margin still shows, as every candidate is off
            marked = [ln.chars[-1] for ln in full if ln.chars[-1].text in NOT_AT_LINE_START]
            candidates = ends + [c.x0 for c in marked] + [c.x1 for c in marked]
            expected = left + self.style.page.text_width_mm
            right = min(candidates, key=lambda e: abs(e - expected))
        return left, right


@dataclass(frozen=True)
class Rule:
    id: str
    clause: str
    strength: str
    what: str
    check: Callable[[Doc], Iterator[Finding]]
    subject: str = "layout"   # or "wording": what the author wrote, which a faithful conversion keeps


RULES: list[Rule] = []
# Rules of what the text says, not of where it is set: a conversion that keeps every character
# (as ours does) keeps these findings of its source
WORDING = {"attachments.match", "headings.sequence", "docnumber.form", "date.form", "punct.half_width"}


def rule(id: str, clause: str, strength: str, what: str):
    def register(fn):
        RULES.append(Rule(id, clause, strength, what, fn, "wording" if id in WORDING else "layout"))
        return fn
    return register


def subject_of(rule_id: str) -> str:
    return "wording" if rule_id in WORDING else "layout"


def finding(r_id: str, line: Line | None = None, page: int | None = None, **kw) -> Finding:
    r = next(r for r in RULES if r.id == r_id)
    if line is not None:
        page = line.page
    return Finding(r.id, r.clause, r.strength, page, line.number if line else None, **kw)


def mode(values: list[float], step: float = 0.5) -> float | None:
    if not values:
        return None
    bins: dict[float, int] = {}
    for v in values:
        key = round(v / step) * step
        bins[key] = bins.get(key, 0) + 1
    return max(bins, key=lambda k: (bins[k], -k))


def right_ink(line: Line) -> float:
    """The right edge without a hanging mark (a 、 or ， set in the margin)."""
    chars = line.chars
    k = len(chars) - 1
    while k > 0 and (chars[k].text in NOT_AT_LINE_START or chars[k].text.isspace()):
        k -= 1
    return chars[k].x1


# ---------------------------------------------------------------- the page --

@rule("page.size", "5.1", REQUIRED, "the paper is A4 (210 × 297 mm)")
def page_size(doc: Doc):
    w, h = doc.style.page.width_mm, doc.style.page.height_mm
    for p in doc.pages.pages:
        if abs(p.width - w) > 1 or abs(p.height - h) > 1:
            yield finding("page.size", page=p.number, actual=f"paper {p.width:.0f} × {p.height:.0f} mm",
                          expected=f"{w:.0f} × {h:.0f} mm", fix="set the paper size to A4")
            return


@rule("margin.left", "5.2.1", REQUIRED, "订口: the type area 28 mm from the left edge")
def margin_left(doc: Doc):
    measure = doc.measure()
    wanted = doc.style.page.margin_left_mm
    if measure is not None and abs(measure[0] - wanted) > MARGIN_TOLERANCE_MM:
        yield finding("margin.left", page=doc.text_lines()[0].page, actual=f"text begins {measure[0]:.1f} mm from the left edge",
                      expected=f"{wanted:g} mm ± 1 mm", fix=f"set the left margin to {wanted:g} mm")


@rule("margin.width", "5.2.1", REQUIRED, "the type area is 156 mm wide")
def type_width(doc: Doc):
    measure = doc.measure()
    if measure is None:
        return
    width = measure[1] - measure[0]
    wanted = doc.style.page.text_width_mm
    if abs(width - wanted) > 2 * MARGIN_TOLERANCE_MM:
        yield finding("margin.width", page=doc.text_lines()[0].page, actual=f"type area {width:.1f} mm wide",
                      expected=f"{wanted:g} mm",
                      fix=f"set the right margin to {doc.style.page.width_mm - doc.style.page.margin_left_mm - wanted:g} mm")


@rule("margin.top", "5.2.1", REQUIRED, "天头: the type area 37 mm from the top edge")
def margin_top(doc: Doc):
    measured = doc.measured_top()
    wanted = doc.style.page.margin_top_mm
    if measured is not None and abs(measured[0] - wanted) > MARGIN_TOLERANCE_MM:
        yield finding("margin.top", measured[1], actual=f"text begins {measured[0]:.1f} mm from the top edge",
                      expected=f"{wanted:g} mm ± 1 mm", fix=f"set the top margin to {wanted:g} mm")


@rule("grid.lines", "5.2.3", ADVISED, "22 lines a page")
def grid_lines(doc: Doc):
    steps = []
    for p in doc.pages.pages:
        lines = [ln for ln in doc.body_lines(p.number) if not ln.red and 12 <= ln.size <= 18  # the body's, not a table's
                 and min(abs(ln.x0 - doc.left), abs(ln.x0 - doc.left - 2 * doc.char)) < 1]
        steps += [b.baseline - a.baseline for a, b in zip(lines, lines[1:]) if 0 < b.baseline - a.baseline < 1.5 * doc.pitch]
    pitch = mode(steps, 0.1)
    if pitch and abs(pitch - doc.pitch) > 0.3:
        per_page = doc.style.page.text_height_mm / pitch
        yield finding("grid.lines", page=1, actual=f"line pitch {pitch:.1f} mm ({per_page:.1f} lines a page)",
                      expected=f"{doc.style.grid.lines_per_page} lines a page ({doc.pitch:.2f} mm)",
                      fix="set exact line spacing to the grid's pitch")


@rule("grid.chars", "5.2.3", ADVISED, "28 characters a line")
def grid_chars(doc: Doc):
    steps = []
    for ln in doc.text_lines():
        ideographs = [c for c in ln.chars if is_ideograph(c.text)]
        steps += [b.x0 - a.x0 for a, b in zip(ideographs, ideographs[1:]) if 0 < b.x0 - a.x0 < 2 * doc.char]
    pitch = mode(steps, 0.05)
    if pitch and abs(pitch - doc.char) > 0.15:
        yield finding("grid.chars", page=1, actual=f"character pitch {pitch:.2f} mm ({doc.style.page.text_width_mm / pitch:.1f} a line)",
                      expected=f"{doc.style.grid.chars_per_line} characters a line ({doc.char:.2f} mm)",
                      fix="set the body in 三号 (16 pt) on the 28-character grid")


# ------------------------------------------------------------ page numbers --

@rule("folio.present", "7.5", ADVISED, "every page numbered")
def folio_present(doc: Doc):
    missing = [p.number for p in doc.pages.pages if p.lines and p.number not in doc.numbers
               and not (p.number == 1 and letter_form(doc))]
    if missing:
        yield finding("folio.present", page=missing[0], actual=f"no page number on {len(missing)} page(s)",
                      expected="a page number under the type area", fix="add page numbers in the footer")


@rule("folio.form", "7.5", ADVISED, "4号 Arabic numerals with an 一字线 on each side")
def folio_form(doc: Doc):
    for line in doc.numbers.values():
        text = line.text.strip()
        if not re.fullmatch(r"—\s*[0-9]+\s*—", text):
            yield finding("folio.form", line, actual=f"page number written {text!r}", expected="— 1 —",
                          fix="put an 一字线 (—) on each side of the number")
            return
    for line in doc.numbers.values():
        size = max(c.size for c in line.chars)
        expected = doc.style.roles.page_number.size_pt
        if abs(size - expected) > 1.5:
            yield finding("folio.form", line, actual=f"page number at {size:.1f} pt", expected=f"4号 ({expected:g} pt)",
                          fix="set page numbers in 4号")
            return


@rule("folio.side", "7.5", REQUIRED, "单页码居右空一字, 双页码居左空一字")
def folio_side(doc: Doc):
    role = doc.style.roles.page_number
    for number, line in sorted(doc.numbers.items()):
        inset = role.inset_chars * max(c.size for c in line.chars if c.text.isdigit() or c.text == "—") / 72 * 25.4
        side = role.odd if number % 2 else role.even
        if side == "right":
            off, wanted = doc.right - line.x1, "居右空一字"
        elif side == "left":
            off, wanted = line.x0 - doc.left, "居左空一字"
        else:
            off, wanted = abs((line.x0 + line.x1) / 2 - (doc.left + doc.right) / 2), "centred"
            inset = 0.0
        if abs(off - inset) > 1.5:
            where = "left" if line.x0 - doc.left < doc.right - line.x1 - 5 else \
                "right" if doc.right - line.x1 < line.x0 - doc.left - 5 else "centre"
            yield finding("folio.side", line, actual=f"{'odd' if number % 2 else 'even'} page's number at the {where} "
                          f"({off:.1f} mm from its edge)", expected=wanted,
                          fix="odd pages' numbers at the right, even pages' at the left, one character in")
            return


@rule("folio.distance", "7.5", REQUIRED, "the 一字线 7 mm under the type area")
def folio_distance(doc: Doc):
    below = doc.style.roles.page_number.below_text_mm
    for line in doc.numbers.values():
        gap = line.top - doc.bottom
        if line.top > doc.bottom - 5 and abs(gap - below) > 2:
            yield finding("folio.distance", line, actual=f"page number {gap:.1f} mm under the type area",
                          expected=f"{below:g} mm", fix="move the footer so the number sits 7 mm under the type area")
            return


# --------------------------------------------------------------- the 版头 --

def red_lines(doc: Doc, page: int = 1) -> list[Line]:
    return [ln for ln in doc.body_lines(page) if ln.red]


def letter_form(doc: Doc) -> bool:
    """A 信函 (10.1): a red rule of its length on page 1, or a red double rule (two lines within 3 mm)."""
    red = distinct_red_rules(doc)
    return any(abs(r.x1 - r.x0 - doc.style.masthead.letter_rule_length_mm) < 3 for r in red) \
        or any(b.y - a.y < 3 for a, b in zip(red, red[1:]))


def distinct_red_rules(doc: Doc) -> list:
    """Page 1's red rules longer than 100 mm, each once (LibreOffice draws a border twice, on itself)."""
    out: list = []
    for r in red_rule(doc):
        if not any(abs(r.y - o.y) < 0.1 and abs(r.x0 - o.x0) < 0.5 and abs(r.x1 - o.x1) < 0.5 for o in out):
            out.append(r)
    return out


def double_rules(doc: Doc) -> list[list]:
    """Page 1's red rules longer than 100 mm, grouped: lines within 3 mm of each other are one double rule."""
    groups: list[list] = []
    for r in distinct_red_rules(doc):
        if groups and r.y - groups[-1][-1].y < 3:
            groups[-1].append(r)
        else:
            groups.append([r])
    return groups


@rule("letter.rules", "10.1", REQUIRED, "信函: red double rules 170 mm long, centred; 上粗下细 4 mm under the mark, "
      "上细下粗 20 mm above the paper's bottom")
def letter_rules(doc: Doc):
    if not letter_form(doc):
        return
    head, page = doc.style.masthead, doc.pages.pages[0]
    marks_ = [ln for ln in red_lines(doc) if ln.size >= 18]
    groups = double_rules(doc)
    fix = "draw the 信函's double rules as 10.1 sets them"
    for r in (r for g in groups for r in g):
        length, centre = r.x1 - r.x0, (r.x0 + r.x1) / 2
        if abs(length - head.letter_rule_length_mm) > 2 or abs(centre - page.width / 2) > 2:
            yield finding("letter.rules", page=1, actual=f"a red rule {length:.1f} mm long, centred at {centre:.1f} mm",
                          expected=f"{head.letter_rule_length_mm:g} mm, centred ({page.width / 2:g} mm)", fix=fix)
            return
    if len(groups) != 2 or any(len(g) != 2 for g in groups):
        yield finding("letter.rules", page=1, actual=f"red rules on page 1 in groups of {[len(g) for g in groups]}",
                      expected="two double rules", fix=fix)
        return
    (upper_a, upper_b), (lower_a, lower_b) = groups
    if upper_a.width <= upper_b.width:
        yield finding("letter.rules", page=1, actual="the first double rule thin over thick", expected="上粗下细", fix=fix)
    if marks_:
        gap = upper_a.y - upper_a.width / 2 - marks_[0].bottom
        if abs(gap - head.letter_mark_gap_mm) > 1.5:
            yield finding("letter.rules", marks_[0], actual=f"the first double rule {gap:.1f} mm under the mark",
                          expected=f"{head.letter_mark_gap_mm:g} mm", fix=fix)
    if lower_b.width <= lower_a.width:
        yield finding("letter.rules", page=1, actual="the second double rule thick over thin", expected="上细下粗", fix=fix)
    above = page.height - lower_b.y - lower_b.width / 2
    if abs(above - head.letter_bottom_rule_mm) > 1.5:
        yield finding("letter.rules", page=1, actual=f"the second double rule {above:.1f} mm above the paper's bottom",
                      expected=f"{head.letter_bottom_rule_mm:g} mm", fix=fix)


@rule("letter.folio", "10.1", REQUIRED, "信函: no page number on page 1")
def letter_folio(doc: Doc):
    if letter_form(doc) and 1 in doc.numbers:
        yield finding("letter.folio", doc.numbers[1], actual=f"page 1 numbered {doc.numbers[1].text.strip()}",
                      expected="首页不显示页码", fix="leave page 1 unnumbered")


@rule("masthead.mark", "7.2.4", REQUIRED, "the issuer's mark 35 mm under the type area's top (命令 20 mm, 信函 30 mm from the paper)")
def masthead_mark(doc: Doc):
    marks_ = [ln for ln in red_lines(doc) if ln.size >= 18]
    if not marks_:
        return
    mark = marks_[0]
    head = doc.style.masthead
    if letter_form(doc):
        expected, measured, clause = head.letter_mark_top_mm, mark.top, "from the paper's top edge"
    elif mark.text.rstrip().endswith("令"):
        expected, measured, clause = head.order_mark_top_mm, mark.top - doc.top, "under the type area"
    else:
        expected, measured, clause = head.mark_top_mm, mark.top - doc.top, "under the type area"
    if abs(measured - expected) > 2:
        yield finding("masthead.mark", mark, actual=f"the mark's top {measured:.1f} mm {clause}",
                      expected=f"{expected:g} mm", fix="move the mark to its distance")


def red_rule(doc: Doc):
    page = doc.pages.pages[0] if doc.pages.pages else None
    rules = [r for r in (page.rules if page else []) if is_red(r.colour) and r.x1 - r.x0 > 100]
    return rules


@rule("masthead.rule", "7.2.7", REQUIRED, "a red rule as wide as the type area 4 mm under the 发文字号")
def masthead_rule(doc: Doc):
    marks_ = [ln for ln in red_lines(doc) if ln.size >= 18]
    if not marks_ or letter_form(doc) or marks_[0].text.rstrip().endswith(("令", "纪要")):
        return
    rules = red_rule(doc)
    if not rules:
        yield finding("masthead.rule", marks_[0], actual="no red rule under the 发文字号", expected="a red rule 4 mm under it",
                      fix="draw the red rule")
        return
    rule_ = rules[0]
    above = [ln for ln in doc.body_lines(1) if not ln.red and ln.bottom < rule_.y + 0.5]
    if abs(rule_.x1 - rule_.x0 - (doc.right - doc.left)) > 2 or abs(rule_.x0 - doc.left) > 1.5:
        yield finding("masthead.rule", page=1, actual=f"red rule {rule_.x1 - rule_.x0:.1f} mm long from x {rule_.x0:.1f} mm",
                      expected=f"{doc.style.page.text_width_mm:g} mm, the type area's width", fix="make the rule as wide as the type area")
    if above:
        gap = rule_.y - above[-1].bottom
        if abs(gap - doc.style.masthead.rule_below_docnumber_mm) > 1.5:
            yield finding("masthead.rule", above[-1], actual=f"red rule {gap:.1f} mm under the 发文字号",
                          expected=f"{doc.style.masthead.rule_below_docnumber_mm:g} mm", fix="move the rule")


def order_form(doc: Doc) -> bool:
    """A 命令 (10.2): recognisable by its mark, which ends in 令 (or 命令)."""
    marks_ = [ln for ln in red_lines(doc) if ln.size >= 18]
    return bool(marks_) and marks_[0].text.rstrip().endswith("令")


@rule("order.number", "10.2", REQUIRED, "命令: the 令号 centred, 空二行 under the mark")
def order_number(doc: Doc):
    if not order_form(doc):
        return  # said only of a document recognisably a 命令
    mark = [ln for ln in red_lines(doc) if ln.size >= 18][0]
    below = [ln for ln in doc.body_lines(1) if not ln.red and ln.top > mark.bottom]
    if not below:
        return
    number = below[0]
    fix = "set the 令号 centred, two blank lines under the mark"
    if not re.search(r"第?\s*[0-9０-９]+\s*[号號]", number.text):
        yield finding("order.number", number, actual=f"{number.text.strip()[:12]} under the mark, no 令号",
                      expected="第N号 under the mark", fix=fix)
        return
    off = (number.x0 + right_ink(number)) / 2 - (doc.left + doc.right) / 2
    if abs(off) > 0.5 * doc.char:
        yield finding("order.number", number, actual=f"令号's centre {off:+.1f} mm off the type area's",
                      expected="centred", fix=fix)
    slot_top = number.top - max(0.0, (doc.pitch - number.size / 72 * 25.4) / 2)
    blank = (slot_top - mark.bottom) / doc.pitch
    if abs(blank - 2) > 0.4:
        yield finding("order.number", number, actual=f"令号 {blank:.1f} lines under the mark", expected="空二行", fix=fix)


@rule("masthead.fields", "7.2.1-7.2.3", REQUIRED, "份号, 密级, 紧急程度 顶格 at the type area's top left")
def masthead_fields(doc: Doc):
    marks_ = [ln for ln in red_lines(doc) if ln.size >= 18]
    if not marks_:
        return
    for ln in doc.body_lines(1):
        if ln.baseline >= marks_[0].baseline:
            break
        text = ln.text.strip()
        if (COPY_NUMBER.match(text) or SECRECY.match(text) or URGENCY.match(text)) and abs(ln.x0 - doc.left) > 1:
            yield finding("masthead.fields", ln, actual=f"{text} {ln.x0 - doc.left:.1f} mm from the left edge of the type area",
                          expected="顶格 at the top left", fix="set it flush left")


@rule("title.after_rule", "7.3.1", REQUIRED, "the title 空二行 under the red rule")
def title_after_rule(doc: Doc):
    rules = red_rule(doc)
    if not rules or letter_form(doc):
        return
    below = [ln for ln in doc.body_lines(1) if ln.top > rules[0].y]
    if not below:
        return
    gap = (below[0].top - rules[0].y) / doc.pitch
    if gap < 2 - 0.3 / doc.pitch * 10 or gap > 4:
        yield finding("title.after_rule", below[0], actual=f"title {gap:.1f} lines under the red rule",
                      expected="空二行", fix="leave two blank lines between the rule and the title")


@rule("page1.body", "7.3.3", REQUIRED, "the first page shows body text")
def first_page_body(doc: Doc):
    lines = [ln for ln in doc.body_lines(1) if not ln.red]
    if not doc.pages.pages:
        return
    body = [ln for ln in lines if ln.size <= 17.5 and len(ln.text.strip()) >= 8 and ln.x0 < doc.left + 3 * doc.char
            and not ln.text.rstrip().endswith(("：", ":"))]
    if not body:
        yield finding("page1.body", page=1, actual="no body text on the first page", expected="正文 on the first page",
                      fix="move 主送 to the 版记 or tighten the 版头")


# --------------------------------------------------------------- the closing --

def closing_date(doc: Doc) -> Line | None:
    """The 成文日期: the first line after the body that is a date alone, right of the centre."""
    centre = (doc.left + doc.right) / 2
    for ln in doc.body_lines():
        if DATE_LINE.match(ln.text) and ln.x0 > centre - 10 and not ln.red:
            return ln
    return None


def line_above(doc: Doc, line: Line) -> Line | None:
    """The line before `line` on its page (the 署名 over a 成文日期, the body over a 签名章), or None."""
    lines = doc.body_lines(line.page)
    k = lines.index(line)
    return lines[k - 1] if k else None


@rule("closing.date", "7.3.5.1/7.3.5.2", REQUIRED, "成文日期 右空四字 (sealed), or the unsealed layout (署名 右空二字)")
def closing_date_place(doc: Doc):
    date = closing_date(doc)
    if date is None:
        return
    chars_right = (doc.right - right_ink(date)) / doc.char
    sealed = doc.style.closing.date_right_chars
    if abs(chars_right - sealed) <= 0.5:
        return
    signature = line_above(doc, date)
    if signature is not None and abs(chars_right - 2) <= 0.5:
        return  # 7.3.5.2: the date 右空二字 when it is longer than the 署名
    if signature is not None and abs((doc.right - signature.x1) / doc.char - 2) <= 0.5 \
            and abs((date.x0 - signature.x0) / doc.char - 2) <= 0.5:
        return  # 7.3.5.2: 署名 右空二字, the date two characters right of its first
    yield finding("closing.date", date, actual=f"成文日期 {chars_right:.1f} 字 from the right edge",
                  expected=f"右空{_chinese(sealed)}字", fix=f"end the date {sealed:g} characters from the right edge")


@rule("closing.signature", "7.3.5.1", REQUIRED, "the 署名 centred over the 成文日期")
def closing_signature(doc: Doc):
    date = closing_date(doc)
    if date is None or abs((doc.right - right_ink(date)) / doc.char - doc.style.closing.date_right_chars) > 0.5:
        return
    signature = line_above(doc, date)
    if signature is None or order_form(doc):
        return  # none, or a 命令's 职务 and 签名章, 7.3.5.3's, set 右空四字 like the date
    if date.baseline - signature.baseline > 2 * doc.pitch or len(signature.text.strip()) > 30 \
            or signature.x0 < doc.left + 4 * doc.char:  # no 署名 (a 纪要): the line above is body
        return
    last = signatures_in(signature, doc.char / 2)[-1]  # joint issuers: the last 署名 is the one over the date
    off = (last[0] + last[1]) / 2 - (date.x0 + right_ink(date)) / 2
    if abs(off) > doc.char:
        yield finding("closing.signature", signature, actual=f"署名's centre {off:+.1f} mm off the date's",
                      expected="centred over the date", fix="centre the signature over the date")


@rule("order.signature", "7.3.5.3", REQUIRED, "命令: the 签名章 右空四字, 空二行 under the body, the 职务 空二字 left of it; "
      "the date 空一行 under it")
def order_signature(doc: Doc):
    date = closing_date(doc)
    stamp_line = line_above(doc, date) if date is not None and order_form(doc) else None
    if stamp_line is None:
        return
    page = doc.pages.pages[date.page - 1]
    if any(p.red and p.top < stamp_line.bottom and p.bottom > stamp_line.top for p in page.pictures):
        return  # a 签名章 pressed as a picture: not measured yet (the name where it goes, in a draft, is)
    fix = "set the 职务, 签名章 and date as 7.3.5.3 does"
    groups = signatures_in(stamp_line, doc.char / 3)   # 职务 and name, apart (a name's characters touch)
    name = groups[-1]
    right = (doc.right - name[1]) / doc.char
    if abs(right - 4) > 0.5:
        yield finding("order.signature", stamp_line, actual=f"签名章 {right:.1f} 字 from the right edge",
                      expected="右空四字", fix=fix)
    if len(groups) > 1:
        gap = (name[0] - groups[-2][1]) / doc.char
        if abs(gap - 2) > 0.5:
            yield finding("order.signature", stamp_line, actual=f"职务 {gap:.1f} 字 left of the 签名章",
                          expected="签名章左空二字标注职务", fix=fix)
    body = line_above(doc, stamp_line)
    if body is not None and abs(body.size - stamp_line.size) < 0.5:
        blank = (stamp_line.top - body.top) / doc.pitch - 1
        if abs(blank - 2) > 0.4:
            yield finding("order.signature", stamp_line, actual=f"签名章 {blank:.1f} lines under the body",
                          expected="正文下空二行", fix=fix)
    blank = (date.top - stamp_line.top) / doc.pitch - 1
    if abs(blank - 1) > 0.4:
        yield finding("order.signature", date, actual=f"成文日期 {blank:.1f} lines under the 签名章",
                      expected="签名章下空一行", fix=fix)


def signatures_in(line: Line, gap: float) -> list[tuple[float, float]]:
    """A 署名 line's names (x0, x1), apart where the ink leaves a gap wider than `gap`: joint issuers
    set in a row (7.3.5.1)."""
    ink = [c for c in line.chars if not c.text.isspace()]
    out = [[ink[0].x0, ink[0].x1]]
    for c in ink[1:]:
        if c.x0 - out[-1][1] > gap:
            out.append([c.x0, c.x1])
        else:
            out[-1][1] = c.x1
    return [(a, b) for a, b in out]


@rule("seal.place", "7.3.5.1", REQUIRED, "a seal centred on its 署名, the 署名 and date below its centre, its top within "
      "one line of the body; joint seals in a row inside the type area, not overlapping")
def seal_place(doc: Doc):
    date = closing_date(doc)
    if date is None:
        return
    page = doc.pages.pages[date.page - 1]
    seals = sorted((p for p in page.pictures if p.red), key=lambda p: p.x0)
    if not seals:
        return  # nothing is said of a document without a seal (it may be sealed on paper)
    signature = line_above(doc, date)
    if signature is None:
        return
    fix = "press the seal on the 署名 and date as 7.3.5.1 sets it"
    names = signatures_in(signature, doc.char / 2)
    for a, b in zip(seals, seals[1:]):
        if b.x0 < a.x1 + 0.1:
            yield finding("seal.place", signature, actual=f"seals overlap by {a.x1 - b.x0:.1f} mm",
                          expected="seals apart, neither crossing nor touching", fix=fix)
            return
    if seals[0].x0 < doc.left - 0.5 or seals[-1].x1 > doc.right + 0.5:
        yield finding("seal.place", signature, actual=f"seals from {seals[0].x0:.1f} to {seals[-1].x1:.1f} mm",
                      expected=f"within the type area ({doc.left:.1f} to {doc.right:.1f} mm)", fix=fix)
        return
    for seal, name in zip(reversed(seals), reversed(names)):   # the last seal on the last 署名
        off = (seal.x0 + seal.x1) / 2 - (name[0] + name[1]) / 2
        if abs(off) > 2:
            yield finding("seal.place", signature, actual=f"a seal's centre {off:+.1f} mm off its 署名's",
                          expected="centred on the 署名", fix=fix)
            return
    centre = (seals[-1].top + seals[-1].bottom) / 2
    if signature.top < centre - 1:
        yield finding("seal.place", signature, actual=f"the 署名's top {centre - signature.top:.1f} mm above the seal's centre",
                      expected="署名 and date below the seal's centre (下压)", fix=fix)
        return
    lines = doc.body_lines(date.page)
    body = [ln for ln in lines[:lines.index(signature)] if ln.bottom < signature.top - 0.5]
    if body:
        top = min(s.top for s in seals)
        gap = top - body[-1].bottom
        if gap < -1 or gap > doc.pitch + 0.5:
            yield finding("seal.place", signature, actual=f"the seal's top {gap:.1f} mm under the body",
                          expected=f"within one line ({doc.pitch:.1f} mm) of the body", fix=fix)


@rule("closing.note", "7.3.6", REQUIRED, "附注 居左空二字 on the line after the date")
def closing_note(doc: Doc):
    date = closing_date(doc)
    if date is None:
        return
    lines = doc.body_lines(date.page)
    k = lines.index(date)
    if k + 1 < len(lines) and lines[k + 1].text.lstrip().startswith(("（", "(")):
        note = lines[k + 1]
        indent = (note.x0 - doc.left) / doc.char
        if abs(indent - doc.style.closing.note_indent_chars) > 0.5:
            yield finding("closing.note", note, actual=f"附注 {indent:.1f} 字 from the left", expected="居左空二字",
                          fix="indent the note two characters")


# --------------------------------------------------------------- the 版记 --

def imprint_lines(doc: Doc) -> list[Line]:
    return [ln for ln in doc.body_lines() if IMPRINT_LINE.search(ln.text)]


@rule("imprint.even", "7.4", PRACTICE, "the 版记 at the foot of an even page")
def imprint_even(doc: Doc):
    lines = imprint_lines(doc)
    if not lines:
        return
    last = lines[-1]
    if last.page % 2:
        yield finding("imprint.even", last, actual=f"版记 on page {last.page}, an odd page",
                      expected="the last page of the document, an even page", fix="add a blank page before it")


@rule("imprint.rules", "7.4.1", REQUIRED, "the 版记's rules: the last one on the type area's bottom")
def imprint_rules(doc: Doc):
    lines = imprint_lines(doc)
    if not lines:
        return
    rules, last = imprint_rule_set(doc)  # their width is imprint.width's
    if letter_form(doc):  # 10.1: a 信函's 版记 has no rules, its last line (a wrapped 抄送's) the type area's last
        last = doc.body_lines(last.page)[-1]
        if last.bottom < doc.bottom - doc.pitch:
            yield finding("imprint.rules", last, actual=f"the 信函's 版记 ends {last.bottom:.1f} mm from the top edge",
                          expected=f"10.1: on the type area's last line (to {doc.bottom:g} mm)",
                          fix="set the 版记 at the page's foot")
        return
    if not rules:
        yield finding("imprint.rules", last, actual="no rules around the 版记", expected="分隔线 as wide as the type area",
                      fix="draw the 版记's rules")
        return
    if abs(rules[-1].y - doc.bottom) > 1.5:
        yield finding("imprint.rules", last, actual=f"the 版记's last rule at {rules[-1].y:.1f} mm",
                      expected=f"on the type area's bottom ({doc.bottom:g} mm)", fix="set the 版记 at the page's foot")


@rule("imprint.weights", "7.4.1", ADVISED, "the 版记's first and last rules thick (0.35 mm), the inner ones thin (0.25 mm)")
def imprint_weights(doc: Doc):
    rules, last = imprint_rule_set(doc)
    if len(rules) < 2 or letter_form(doc):
        return
    imprint = doc.style.imprint
    outer, inner = [rules[0], rules[-1]], rules[1:-1]
    wrong = [r for r in outer if abs(r.width - imprint.heavy_rule_mm) > 0.08] + \
        [r for r in inner if abs(r.width - imprint.thin_rule_mm) > 0.06 or r.width >= min(o.width for o in outer)]
    if wrong:
        yield finding("imprint.weights", last, actual="the 版记's rules " + " / ".join(f"{r.width:.2f}" for r in rules) + " mm",
                      expected=f"{imprint.heavy_rule_mm:g} mm first and last, {imprint.thin_rule_mm:g} mm between",
                      fix="draw the first and last rules thick, the inner ones thin")


def imprint_rule_set(doc: Doc):
    """The 版记's rules on its page (black, longer than half the type area) and its last line."""
    lines = imprint_lines(doc)
    if not lines:
        return [], None
    last = lines[-1]
    page = doc.pages.pages[last.page - 1]
    first_top = min(ln.top for ln in lines if ln.page == last.page)
    rules = [r for r in page.rules if not is_red(r.colour) and r.x1 - r.x0 > (doc.right - doc.left) / 2
             and first_top - 1.5 * doc.pitch < r.y < doc.bottom + 3]
    return rules, last


@rule("imprint.width", "7.4.1", REQUIRED, "the 版记's rules as wide as the type area")
def imprint_width(doc: Doc):
    rules, last = imprint_rule_set(doc)
    for r in rules:
        if abs(r.x0 - doc.left) > 1.5 or abs(r.x1 - doc.right) > 1.5:
            yield finding("imprint.width", last, actual=f"a 版记 rule from {r.x0:.1f} to {r.x1:.1f} mm",
                          expected=f"the type area's width ({doc.left:.1f} to {doc.right:.1f} mm)",
                          fix="draw the 版记's rules as wide as the type area")
            return


PRINTED_LINE = re.compile(r"\d+\s*年\s*\d+\s*月\s*\d+\s*日\s*印[发發]\s*$")


@rule("imprint.indent", "7.4.2/7.4.3", REQUIRED, "抄送 左空一字, wrapped after its colon; 印发机关 左空一字 and 印发日期 右空一字 on one line")
def imprint_indent(doc: Doc):
    lines = doc.body_lines()
    inset_chars = doc.style.imprint.indent_chars
    for k, ln in enumerate(lines):
        text = ln.text
        em = ln.size / 72 * 25.4
        if re.match(r"^\s*(抄送|主送)[：:]", text):
            inset = (ln.x0 - doc.left) / em
            if abs(inset - inset_chars) > 0.5:
                yield finding("imprint.indent", ln, actual=f"{text.strip()[:2]} {inset:.1f} 字 from the left",
                              expected="左空一字", fix="indent the 抄送 one character")
                return
            colon = next(c for c in ln.chars if c.text in "：:")
            for nxt in lines[k + 1:]:
                ruled = any(ln.baseline < r.y < nxt.top for r in doc.pages.pages[ln.page - 1].rules)
                if nxt.page != ln.page or nxt.baseline - ln.baseline > 3 * doc.pitch or PRINTED_LINE.search(nxt.text) \
                        or re.match(r"^\s*(抄送|主送)[：:]", nxt.text) or ruled:  # a rule: the 抄送 has ended
                    break
                if abs(nxt.x0 - colon.x1) > 0.5 * em:
                    yield finding("imprint.indent", nxt, actual=f"抄送's next line {(nxt.x0 - colon.x1) / em:+.1f} 字 off its colon",
                                  expected="aligned after the colon", fix="align the wrapped names after 抄送：")
                    return
                right = (doc.right - right_ink(ln)) / em   # a line that wrapped: full, 右空一字
                if not inset_chars - 0.5 <= right <= inset_chars + 1.2:
                    yield finding("imprint.indent", ln, actual=f"抄送's line {right:.1f} 字 from the right",
                                  expected="右空一字", fix="end the 抄送's lines one character from the right edge")
                    return
                ln = nxt
        elif PRINTED_LINE.search(text):
            date = PRINTED_LINE.search(text).start()
            issuer = text[:date].strip()
            right = (doc.right - right_ink(ln)) / em
            left = (ln.x0 - doc.left) / em
            if not issuer:
                yield finding("imprint.indent", ln, actual="the 印发日期 without the 印发机关 on its line",
                              expected="印发机关 and 印发日期 on one line", fix="set both on the last line of the 版记")
            elif abs(left - inset_chars) > 0.5:
                yield finding("imprint.indent", ln, actual=f"印发机关 {left:.1f} 字 from the left", expected="左空一字",
                              fix="indent the 印发机关 one character")
            elif abs(right - inset_chars) > 0.5:
                yield finding("imprint.indent", ln, actual=f"印发日期 {right:.1f} 字 from the right", expected="右空一字",
                              fix="end the 印发日期 one character from the right edge")
            return


# ------------------------------------------------------------- attachments --

ATTACHMENT_LIST = re.compile(r"^附件\s*[：:]\s*(?:([0-9]+)\s*[.．、]\s*)?(.+)$")
LIST_ITEM = re.compile(r"^([0-9]+)\s*[.．、]\s*(.+)$")
ATTACHED_LABEL = re.compile(r"^附件\s*([0-9]*)\s*[：:]?$")


def _title_key(text: str) -> str:
    return re.sub(r"[\s《》“”\"]", "", text).rstrip("。；;，,")


def listed_attachments(doc: Doc) -> tuple[Line, dict[int, str]] | None:
    """The 附件说明 (7.3.4): its first line and {number: title}; a title's wrapped lines joined."""
    lines = doc.body_lines()
    for k, ln in enumerate(lines):
        m = ATTACHMENT_LIST.match(ln.text.strip())
        if not m or abs(ln.x0 - doc.left - 2 * doc.char) > doc.char or ln.size > 17.5:
            continue
        items = {int(m.group(1) or 1): m.group(2)}
        for nxt in lines[k + 1:]:
            if nxt.page != ln.page or nxt.baseline - ln.baseline > (len(items) + 3) * doc.pitch:
                break
            item = LIST_ITEM.match(nxt.text.strip())
            if item and nxt.x0 > ln.x0 + doc.char:
                items[int(item.group(1))] = item.group(2)
            elif min(abs(nxt.x0 - ln.x0 - k * doc.char) for k in (3, 5)) < 0.6 * doc.char:
                last = max(items)
                items[last] += nxt.text.strip()   # a long title's next line, aligned under it
            else:
                break
        return ln, items
    return None


def attached_documents(doc: Doc) -> dict[int, tuple[Line, str]]:
    """Attached documents (7.3.7): a page opening with 附件N at the top left, its title the
    large lines after it."""
    out = {}
    for p in doc.pages.pages:
        lines = doc.body_lines(p.number)
        if not lines:
            continue
        m = ATTACHED_LABEL.match(lines[0].text.strip())
        if not m or abs(lines[0].x0 - doc.left) > doc.char:
            continue
        title = "".join(ln.text.strip() for ln in lines[1:4] if ln.size >= 18)
        out[int(m.group(1) or 1)] = (lines[0], title)
    return out


@rule("attachments.match", "7.3.4/7.3.7", REQUIRED, "the 附件说明 names the attached documents by their numbers and titles")
def attachments_match(doc: Doc):
    listed = listed_attachments(doc)
    attached = attached_documents(doc)
    if not attached:
        return  # none, or bound separately (7.3.7)
    if listed is None:
        if closing_date(doc) is None:
            return  # no 落款 either: not a 公文's body (a report, a speech), which has no place for one
        first = attached[min(attached)][0]
        yield finding("attachments.match", first, actual=f"{len(attached)} attached document(s) and no 附件说明",
                      expected="附件：1．title … under the body", fix="list the attachments under the body")
        return
    line, items = listed
    for number in sorted(set(items) | set(attached)):
        if number not in attached:
            yield finding("attachments.match", line, actual=f"附件说明 lists {number}．{items[number]}, which is not attached",
                          expected="each listed attachment attached", fix="attach it, or say it is bound separately")
        elif number not in items:
            yield finding("attachments.match", attached[number][0], actual=f"附件{number} is not in the 附件说明",
                          expected="each attachment listed", fix="add it to the 附件说明")
        elif _title_key(items[number]) != _title_key(attached[number][1]):
            yield finding("attachments.match", attached[number][0],
                          actual=f"附件{number}'s title {attached[number][1]}, listed as {items[number]}",
                          expected="the same title in both places", fix="make the titles agree")


# ------------------------------------------------------------ line breaks --

@rule("kinsoku.start", "GB/T 15834-2011; clreq 3.1.7", ADVISED, "no line starts with a closing mark")
def kinsoku_start(doc: Doc):
    for ln in doc.body_lines():
        text = ln.text.lstrip()
        if text and text[0] in NOT_AT_LINE_START and text[0] not in ",.%" and len(text) > 1:
            yield finding("kinsoku.start", ln, actual=f"line starts with {text[0]}", expected="no closing mark at a line's start",
                          fix="bring the mark back to the line above")


# ---------------------------------------------------------------- fonts --

FONT_CLASSES = {"hei": ("黑", "hei", "sans", "gothic"), "kai": ("楷", "kai"), "body": ("仿宋", "fang"),
                "title": ("小标宋", "xiaobiaosong", "标宋", "中宋", "zhongsong", "song", "serif", "ming")}
FONT_NAMES = {"hei": "黑体", "kai": "楷体", "body": "仿宋", "title": "小标宋"}


def font_class_ok(font: str, stack_key: str, style: Style) -> bool:
    name = re.sub(r"[\s_\-]", "", font).lower()
    for lang in ("hans", "hant"):
        for family in style.font_stack(stack_key, lang):
            family = re.sub(r"[\s_\-]", "", family.split(":")[0]).lower()
            if family and (name.startswith(family) or family in name):
                return True
    return any(k in name for k in FONT_CLASSES.get(stack_key, ()))


@rule("font.role", "7.3.1/7.3.3", ADVISED, "title 小标宋, level-1 黑体, level-2 楷体, level-3 and body 仿宋")
def font_role(doc: Doc):
    style = doc.style
    reported = set()
    for ln in doc.body_lines():
        if ln.red or not ln.fonts:
            continue
        label = marks.label_of(ln.text.strip())
        role = {"cn": "heading1", "paren-cn": "heading2"}.get(label.label_class) if label else None
        starts = min(abs(ln.x0 - doc.left), abs(ln.x0 - doc.left - 2 * doc.char))
        if role is None and ln.size < 17.5 and starts < 0.5 and ln.x1 > doc.right - 2 * doc.char \
                and not any(p.match(ln.text.strip()) for p in (marks.POINT_SHI, marks.POINT_DASH, marks.POINT_ORDINAL)):
            role = "body"
        if role is None:
            continue
        stack = style.roles[role].font
        if (role, ln.fonts[0]) in reported:
            continue
        if not any(font_class_ok(f, stack, style) for f in ln.fonts):
            reported.add((role, ln.fonts[0]))
            yield finding("font.role", ln, actual=f"{role} set in {ln.fonts[0]}",
                          expected=FONT_NAMES.get(stack, stack), fix=f"set {role} in {FONT_NAMES.get(stack, stack)}")


@rule("font.substitute", "5.2.2", PRACTICE, "the fonts a DOCX names are the fonts it is printed in")
def font_substitute(doc: Doc):
    if not doc.named_fonts:
        return
    used = {re.sub(r"[\s_\-]", "", f).lower() for ln in doc.body_lines() for f in ln.fonts}
    for named in sorted(doc.named_fonts):
        key = re.sub(r"[\s_\-]", "", named).lower()
        if key and not any(u.startswith(key) or key in u for u in used):
            shown = ", ".join(sorted({f for ln in doc.body_lines() for f in ln.fonts})[:3])
            yield finding("font.substitute", page=1, actual=f"{named} named, not installed: printed in {shown}",
                          expected=f"{named} itself", fix=f"install {named} where the document is printed")


@rule("font.embedded", "5.2.2", PRACTICE, "a PDF or OFD carries the fonts its text is set in")
def font_embedded(doc: Doc):
    # a font the file only names is printed in whatever the reader's machine has: a substitution
    if doc.pages.unembedded:
        names = sorted(doc.pages.unembedded)
        yield finding("font.embedded", page=1, actual=f"{', '.join(names[:3])}{' …' if len(names) > 3 else ''} "
                      "named, not embedded", expected="every font embedded", fix="embed the fonts (subsets) in the file")


@rule("font.declared", "7.3.1/7.3.3", ADVISED, "a DOCX declares title 小标宋, level-1 黑体, level-2 楷体, body 仿宋")
def font_declared(doc: Doc):
    return iter(())  # read from the DOCX itself (convert/check/docx.py: declared_fonts)


@rule("font.size", "5.2.2", ADVISED, "the body in 3号 (16 pt)")
def font_size(doc: Doc):
    lines = [ln for ln in doc.text_lines() if not marks.label_of(ln.text.strip())]
    size = mode([ln.size for ln in lines], 0.5)
    expected = doc.style.roles.body.size_pt
    if size is not None and abs(size - expected) > 0.6:
        yield finding("font.size", lines[0], actual=f"body at {size:g} pt", expected=f"3号 ({expected:g} pt)",
                      fix="set the body in 3号")


# ---------------------------------------------------------------- text --

def paragraphs(doc: Doc) -> list[Line]:
    """Lines that begin a paragraph: indented two characters (a heading or a body paragraph)."""
    return [ln for ln in doc.body_lines() if abs(ln.x0 - doc.left - 2 * doc.char) < doc.char * 0.6 and not ln.red]


@rule("headings.sequence", "7.3.3", ADVISED, "一、 then （一） then 1. then （1）; no gap, no repeat, no level skipped")
def headings_sequence(doc: Doc):
    order = ["cn", "paren-cn", "arabic", "paren-arabic"]
    last: dict[str, int] = {}
    appendix_pages = {line.page for line, _ in attached_documents(doc).values()}
    page = 0
    for ln in paragraphs(doc):
        if ln.page != page:
            page = ln.page
            if page in appendix_pages:
                last = {}  # an attached document numbers its own headings
        label = marks.label_of(ln.text.strip())
        if not label or label.label_class not in order:
            continue
        level = order.index(label.label_class)
        if level > 0 and order[level - 1] not in last:
            yield finding("headings.sequence", ln, actual=f"{label.mark.strip()} with no {['一、', '（一）', '1.', '（1）'][level - 1]} above it",
                          expected="no level skipped", fix="number the headings level by level")
            return
        previous = last.get(label.label_class, 0)
        if label.number != previous + 1:
            yield finding("headings.sequence", ln, actual=f"{label.mark.strip()} after number {previous} of its level",
                          expected=f"number {previous + 1}", fix="renumber the headings")
            return
        last[label.label_class] = label.number
        for lower in order[level + 1:]:
            last.pop(lower, None)


@rule("docnumber.form", "7.2.5", REQUIRED, "发文字号: 〔year〕, no 第, no leading zero")
def docnumber_form(doc: Doc):
    for ln in doc.body_lines():
        m = DOCNUMBER.search(ln.text)
        if not m:
            continue
        problems = []
        text = m.group(0)
        if "〔" not in text or "〕" not in text:
            problems.append("not in 六角括号〔〕")
        if len(m.group(1)) != 4:
            problems.append("the year not in full")
        if m.group(2):
            problems.append("a 第")
        if m.group(3).startswith(("0", "０")):
            problems.append("a leading zero")
        if problems:
            yield finding("docnumber.form", ln, actual=f"{text}: {', '.join(problems)}", expected="机关代字〔2024〕7号",
                          fix="write the year in 〔〕, the number without 第 or leading zeros")
        return


@rule("date.form", "7.3.5.4", REQUIRED, "成文日期 in Arabic numerals, unpadded, a real date")
def date_form(doc: Doc):
    date = closing_date(doc)
    if date is None:
        return
    text = date.text.strip()
    problems = []
    if any(ch in dates.CN_DIGITS + "十" for ch in text):
        problems.append("Chinese numerals")
    if re.search(r"年\s*0|月\s*0", text):
        problems.append("a leading zero")
    if dates.parse_day(text) is None:
        problems.append("no such day")
    if problems:
        yield finding("date.form", date, actual=f"{text}: {', '.join(problems)}", expected="2024年3月1日",
                      fix="write the date in Arabic numerals, unpadded")


@rule("punct.half_width", "GB/T 15834-2011", ADVISED, "full-width punctuation in Chinese text; no mixed quotes")
def punctuation(doc: Doc):
    count, first = 0, None
    for ln in doc.body_lines():
        if HALF_WIDTH_IN_CHINESE.search(ln.text) or STRAIGHT_QUOTE_IN_CHINESE.search(ln.text):
            count += 1
            first = first or ln
    if first:
        yield finding("punct.half_width", first, actual=f"half-width punctuation in Chinese text on {count} line(s)",
                      expected="full-width ，；：？！（）“”", fix="use full-width punctuation")


def _chinese(n: float) -> str:
    return "零一二三四五六七八九十"[int(n)] if float(n).is_integer() and 0 <= n <= 10 else f"{n:g}"


def run(pages: Pages, style: Style, only: list[str] | None = None, named_fonts: set[str] | None = None) -> list[Finding]:
    doc = Doc(pages, style, named_fonts=named_fonts or set())
    out = []
    for r in RULES:
        if only is None or r.id in only:
            out += list(r.check(doc))
    return sorted(out, key=lambda f: (f.page or 0, f.line or 0, f.rule))
