"""PDF tables (convert/typeset/tables.py), read back with pdfplumber: a table of 3+ pages
with a two-row header, a rowspan, a colspan, numeric columns, wrapped cells full of
punctuation and a cell of two paragraphs; a row taller than a page; a narrow table.

Cells are recovered from the drawn rules: every cell is one stroked rectangle, and a
character belongs to the rectangle that holds its centre."""
from __future__ import annotations

import math
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree
from reportlab.lib.units import mm

from conftest import fold
from convert import style as styles
from convert.model import text_of, tree
from convert.options import Options
from convert.typeset.compose import atom
from convert.typeset.kinsoku import NOT_AT_LINE_END, NOT_AT_LINE_START
from convert.writers import pdf
from convert.model.tables import fit_columns, fit_whole_columns
from convert.typeset.tables import NUMBER, longest_unbreakable

EPOCH = "1700000000"
STYLE = styles.load("official")
GEO = STYLE.geometry
RULE = STYLE.table.rule_mm * mm
PADDING = STYLE.table.cell_padding_mm * mm

# Text that puts closing marks (，。、；：）」』》”) and opening marks (（「《『“) everywhere.
PHRASES = ["加强（重点）领域立法，推进「放管服」改革；", "完善《行政复议法》配套制度：", "健全『双随机、一公开』监管。",
           "落实“谁执法谁普法”责任制，", "开展（专项）检查、督查；", "公布《权责清单》，", "强化「事中事后」监管。"]
HEADER = [["序号", "地区", "工作内容", "完成情况"], ["件数", "完成率"]]
COUNTS = ["12,345", "３", "987", "1,002,003", "45"]
RATES = ["98.5%", "100%", "-3.2%", "12.25%", "7%"]
ROWSPAN_AT, COLSPAN_AT, TWO_PARAGRAPHS_AT = 5, 9, 12


def long_text(i: int) -> str:
    """A cell's text, different in every row so that lines end at different characters."""
    k = i % len(PHRASES)
    text = "".join(PHRASES[k:] + PHRASES[:k])[: 40 + (i * 7) % 50]
    return f"第{i}项：" + text.rstrip("".join(NOT_AT_LINE_END))  # a paragraph does not end with （


def cell(text: str, **spans) -> str:
    attrs = "".join(f' {k}="{v}"' for k, v in spans.items())
    return f"<cell{attrs}>{text}</cell>"


def body_rows(count: int) -> list[str]:
    rows, i = [], 0
    while i < count:
        n, number, rate = str(i + 1), COUNTS[i % 5], RATES[i % 5]
        if i == ROWSPAN_AT:  # one region over two rows
            rows.append("<row>" + cell(n) + cell("南京市", rowspan=2) + cell(long_text(i)) + cell(number) + cell(rate) + "</row>")
            rows.append("<row>" + cell(str(i + 2)) + cell(long_text(i + 1)) + cell("45") + cell("0.5%") + "</row>")
            i += 2
            continue
        if i == COLSPAN_AT:
            rows.append("<row>" + cell(n) + cell("小计（本季度各地区合计）", colspan=2) + cell("678") + cell("66.6%") + "</row>")
        elif i == TWO_PARAGRAPHS_AT:
            rows.append("<row>" + cell(n) + cell("苏州市") + cell("<p>规章备案审查（含规范性文件）。</p><p>第二段：继续推进「一网通办」。</p>")
                        + cell(number) + cell(rate) + "</row>")
        else:
            rows.append("<row>" + cell(n) + cell(["无锡市", "常州市", "徐州市", "连云港市"][i % 4]) + cell(long_text(i))
                        + cell(number) + cell(rate) + "</row>")
        i += 1
    return rows


def report(table: str) -> etree._Element:
    xml = ('<report version="1" xml:lang="zh-Hans"><meta><title origin="text">表格测试</title>'
           "<source>table.txt</source><transforms/></meta>"
           f"<body><p>下表列出主要指标。</p>{table}<p>表后正文段落。</p></body></report>")
    return tree.validate(etree.fromstring(xml))


def long_table_model() -> etree._Element:
    header = ("<header><row>" + cell("序号", rowspan=2) + cell("地区", rowspan=2) + cell("工作内容", rowspan=2)
              + cell("完成情况", colspan=2) + "</row><row>" + cell("件数") + cell("完成率") + "</row></header>")
    return report(f"<table><caption>2020年度主要指标完成情况</caption>{header}{''.join(body_rows(40))}</table>")


def tall_row_model() -> etree._Element:
    text = "".join(PHRASES) * 30
    return report("<table><header><row>" + cell("项目") + cell("说明") + "</row></header>"
                  "<row>" + cell("短行") + cell("一行。") + "</row>"
                  "<row>" + cell("长行") + cell(text) + "</row></table>")


GROUP_ROWS = 30


def grouped_model() -> etree._Element:
    """A first-column rowspan over 30 rows of several lines each: one group no page holds."""
    rows = ["<row>" + cell("一、医疗质量", rowspan=GROUP_ROWS) + cell(f"指标{1}") + cell(long_text(0)) + "</row>"]
    rows += ["<row>" + cell(f"指标{i + 1}") + cell(long_text(i)) + "</row>" for i in range(1, GROUP_ROWS)]
    return report("<table><header><row>" + cell("一级指标") + cell("三级指标") + cell("指标说明") + "</row></header>"
                  + "".join(rows) + "</table>")


def narrow_table_model() -> etree._Element:
    return report("<table><row>" + cell("甲") + cell("乙") + "</row><row>" + cell("丙") + cell("1") + "</row></table>")


# ------------------------------------------------------------- reading --

class Cell:
    """A drawn cell: its rectangle (top-down coordinates) and the lines of text inside it."""

    def __init__(self, rect: dict):
        self.x0, self.x1, self.top, self.bottom = rect["x0"], rect["x1"], rect["top"], rect["bottom"]
        self.linewidth = rect["linewidth"]
        self.chars: list[dict] = []

    def holds(self, ch: dict) -> bool:
        x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        return self.x0 < x < self.x1 and self.top < y < self.bottom

    @property
    def lines(self) -> list[list[dict]]:
        lines: list[list[dict]] = []
        for ch in sorted(self.chars, key=lambda c: (round(c["top"], 1), c["x0"])):
            if lines and abs(lines[-1][0]["top"] - ch["top"]) < ch["size"] / 2:
                lines[-1].append(ch)
            else:
                lines.append([ch])
        return [sorted(line, key=lambda c: c["x0"]) for line in lines]

    @property
    def line_texts(self) -> list[str]:
        return ["".join(c["text"] for c in line).strip() for line in self.lines]

    @property
    def text(self) -> str:
        return fold("".join(self.line_texts))


class Page:
    def __init__(self, page):
        self.cells = [Cell(r) for r in sorted(page.rects, key=lambda r: (round(r["top"], 1), r["x0"]))]
        self.outside: list[dict] = []
        for ch in page.chars:
            home = next((c for c in self.cells if c.holds(ch)), None)
            (home.chars if home else self.outside).append(ch)


def read_pages(path: Path) -> list[Page]:
    with pdfplumber.open(path) as doc:
        return [Page(page) for page in doc.pages]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """name -> (model, pages read back) for each model, built once."""
    out = tmp_path_factory.mktemp("pdftable")
    result = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for name, make in (("long", long_table_model), ("tall", tall_row_model), ("narrow", narrow_table_model),
                           ("grouped", grouped_model)):
            model = make()
            pdf.write(model, out / f"{name}.pdf", Options())
            result[name] = (model, read_pages(out / f"{name}.pdf"), out / f"{name}.pdf")
    return result


HEADER_CELLS = [fold(t) for row in HEADER for t in row]


def table_pages(pages: list[Page]) -> list[Page]:
    return [p for p in pages if p.cells]


def body_cells(pages: list[Page], header_cells: int) -> list[Cell]:
    return [c for p in table_pages(pages) for c in p.cells[header_cells:]]


def model_body_texts(model) -> list[str]:
    _, rows = tree.table_rows(model.find(".//table"))
    return [fold("".join(text_of(p) for p in tree.cell_paragraphs(c))) for row in rows for c in row.findall("cell")]


# --------------------------------------------------------------- tests --

def test_a_long_table_spans_3_pages_and_repeats_its_header_rows(rendered):
    _, pages, _ = rendered["long"]
    spanned = table_pages(pages)
    assert len(spanned) >= 3
    for number, page in enumerate(spanned):
        assert [c.text for c in page.cells[:len(HEADER_CELLS)]] == HEADER_CELLS, number
        if number:  # a continued table starts at the top of the type area
            assert page.cells[0].top == pytest.approx(GEO.top, abs=RULE)


def test_every_cell_is_drawn_with_its_text_in_order(rendered):
    model, pages, _ = rendered["long"]
    assert [c.text for c in body_cells(pages, len(HEADER_CELLS))] == model_body_texts(model)


def test_the_caption_sits_above_the_table_on_its_first_page_only(rendered):
    _, pages, _ = rendered["long"]
    first, *rest = table_pages(pages)
    caption = [ch for ch in first.outside if ch["bottom"] <= first.cells[0].top]
    assert "2020年度主要指标完成情况" in "".join(ch["text"] for ch in caption)
    assert all("主要指标完成情况" not in "".join(ch["text"] for ch in p.outside) for p in rest)


def test_no_line_in_a_cell_breaks_a_kinsoku_rule(rendered):
    for name in ("long", "tall"):
        _, pages, _ = rendered[name]
        lines = [t for p in table_pages(pages) for c in p.cells for t in c.line_texts]
        bad = [t for t in lines if t[0] in NOT_AT_LINE_START or t[-1] in NOT_AT_LINE_END]
        assert bad == [], name
        assert len(lines) > 100  # cells did wrap, often next to the marks of PHRASES


def test_the_paragraphs_of_a_cell_each_start_a_line(rendered):
    _, pages, _ = rendered["long"]
    cell_ = next(c for c in body_cells(pages, len(HEADER_CELLS)) if "第二段" in c.text)
    assert cell_.line_texts[0].startswith("规章备案审查")
    assert cell_.line_texts[-1] == "第二段：继续推进「一网通办」。"
    assert cell_.line_texts[-2].endswith("。")


def column_of(pages: list[Page], title: str) -> tuple[float, float]:
    head = next(c for c in table_pages(pages)[0].cells if c.text == title)
    return head.x0, head.x1


def cells_in(pages: list[Page], column: tuple[float, float]) -> list[Cell]:
    return [c for c in body_cells(pages, len(HEADER_CELLS))
            if abs(c.x0 - column[0]) < 0.1 and abs(c.x1 - column[1]) < 0.1]


def test_a_column_of_integers_is_right_aligned(rendered):
    _, pages, _ = rendered["long"]
    for title in ("件数", "序号"):
        cells = cells_in(pages, column_of(pages, title))
        assert len(cells) >= 30
        assert all(len(c.lines) == 1 for c in cells)
        rights = [c.lines[0][-1]["x1"] for c in cells]
        assert max(rights) - min(rights) < 0.5, title
        assert rights[0] == pytest.approx(cells[0].x1 - RULE / 2 - PADDING, abs=1.0)
        lefts = [c.lines[0][0]["x0"] for c in cells]
        assert max(lefts) - min(lefts) > 5  # numbers of different lengths


def test_a_column_with_decimals_is_aligned_on_the_point(rendered):
    _, pages, _ = rendered["long"]
    cells = cells_in(pages, column_of(pages, "完成率"))
    assert len(cells) >= 30
    points = []
    for c in cells:
        chars = c.lines[0]
        digits = [ch for ch in chars if ch["text"] in "0123456789."]
        point = next((ch for ch in chars if ch["text"] == "."), None)
        points.append(point["x0"] if point else max(ch["x1"] for ch in digits if ch["text"] != "."))
    assert max(points) - min(points) < 0.5
    rights = [c.lines[0][-1]["x1"] for c in cells]
    assert max(rights) - min(rights) > 5  # not merely right-aligned
    assert max(rights) == pytest.approx(cells[0].x1 - RULE / 2 - PADDING, abs=1.0)


def test_spans_cover_their_rows_and_columns(rendered):
    _, pages, _ = rendered["long"]
    head = {c.text: c for c in table_pages(pages)[0].cells[:len(HEADER_CELLS)]}
    assert head["完成情况"].x0 == pytest.approx(head["件数"].x0, abs=0.1)
    assert head["完成情况"].x1 == pytest.approx(head["完成率"].x1, abs=0.1)
    assert head["序号"].top == pytest.approx(head["完成情况"].top, abs=0.1)
    assert head["序号"].bottom == pytest.approx(head["件数"].bottom, abs=0.1)
    body = body_cells(pages, len(HEADER_CELLS))
    nanjing = next(c for c in body if c.text == "南京市")
    first, second = (next(c for c in body if c.text == str(n)) for n in (ROWSPAN_AT + 1, ROWSPAN_AT + 2))
    assert (nanjing.top, nanjing.bottom) == pytest.approx((first.top, second.bottom), abs=0.1)
    total = next(c for c in body if c.text.startswith("小计"))
    assert (total.x0, total.x1) == pytest.approx((head["地区"].x0, head["工作内容"].x1), abs=0.1)


def test_the_table_fills_the_type_area_and_its_rules_are_drawn(rendered):
    _, pages, _ = rendered["long"]
    for page in table_pages(pages):
        assert len(page.cells) > len(HEADER_CELLS)
        assert all(c.linewidth == pytest.approx(RULE, abs=0.01) for c in page.cells)
        assert min(c.x0 for c in page.cells) == pytest.approx(GEO.left + RULE / 2, abs=0.1)
        assert max(c.x1 for c in page.cells) == pytest.approx(GEO.left + GEO.text_width - RULE / 2, abs=0.1)


def test_the_text_after_a_table_stays_on_the_grid(rendered):
    _, pages, _ = rendered["long"]
    page = table_pages(pages)[-1]
    after = [ch for ch in page.outside if ch["text"] == "表"]
    assert after
    ascent = STYLE.compose.em_box_ascent
    size = STYLE.roles.body.size_pt
    # top-down: a grid line k's baseline is at top + (k + 1/2) leading + (ascent - 1/2) size
    baseline = GEO.page_height - after[0]["matrix"][5]
    steps = (baseline - GEO.top - (ascent - 0.5) * size) / GEO.leading - 0.5
    assert steps == pytest.approx(round(steps), abs=0.02)


def test_a_row_taller_than_a_page_is_split_by_lines(rendered):
    model, pages, _ = rendered["tall"]
    spanned = table_pages(pages)
    assert len(spanned) >= 2
    for page in spanned:
        assert [c.text for c in page.cells[:2]] == ["项目", "说明"]
    body = body_cells(pages, 2)
    long_cells = [c for c in body if c.text not in ("短行", "一行。", "长行")]
    assert fold("".join(c.text for c in long_cells)) == fold("".join(PHRASES) * 30)
    assert spanned[0].cells[-1].bottom == pytest.approx(GEO.top + GEO.text_height, abs=GEO.leading * 2)


def test_rows_joined_by_a_rowspan_taller_than_a_page_split_between_rows(rendered):
    model, pages, _ = rendered["grouped"]
    spanned = table_pages(pages)
    assert len(spanned) >= 2
    for page in spanned:
        assert [c.text for c in page.cells[:3]] == ["一级指标", "三级指标", "指标说明"]
    # Every row's own cells are whole on one page; the spanning cell's text is on the first.
    drawn = [c.text for c in body_cells(pages, 3) if c.text]
    assert drawn == model_body_texts(model)
    assert all(not c.text for p in spanned[1:] for c in p.cells[3:] if c.x0 == spanned[0].cells[3].x0)


def test_a_narrow_table_is_as_wide_as_its_content_and_centred(rendered):
    _, pages, _ = rendered["narrow"]
    cells = table_pages(pages)[0].cells
    left, right = min(c.x0 for c in cells), max(c.x1 for c in cells)
    assert right - left < GEO.text_width / 3
    assert left - GEO.left == pytest.approx(GEO.left + GEO.text_width - right, abs=0.5)
    assert [c.text for c in cells] == ["甲", "乙", "丙", "1"]


def test_same_table_and_epoch_give_identical_bytes(rendered, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    pdf.write(long_table_model(), tmp_path / "again.pdf", Options())
    assert (tmp_path / "again.pdf").read_bytes() == rendered["long"][2].read_bytes()


# ------------------------------------------------------------- units --

@pytest.mark.parametrize("text", ["12,345", "98.5%", "-3.2", "３", "１２．５％", "1,002,003", "0.5%"])
def test_numbers(text):
    assert NUMBER.fullmatch(text)


@pytest.mark.parametrize("text", ["12,34", "约3", "3号", "", "1.2.3", "南京"])
def test_not_numbers(text):
    assert not NUMBER.fullmatch(text)


def test_the_least_width_is_the_widest_piece_kinsoku_keeps_together():
    atoms = [atom(ch, 1.0, 1.0) for ch in "好，（中）文"]
    assert longest_unbreakable(atoms) == 3  # （中） can break neither inside nor before ）
    assert longest_unbreakable([atom(p, 1.0, 4.0) for p in ("2020", "年")]) == 4


def test_column_widths_fill_the_room_short_columns_first():
    assert fit_columns([1, 1], [3, 4], 10) == [3, 4]                      # narrower: natural
    assert fit_columns([4, 6], [8, 9], 5) == pytest.approx([2, 3])          # too wide: scaled least
    widths = fit_columns([1, 2, 3], [2, 5, 100], 20)
    assert widths == pytest.approx([2, 5, 13])
    assert math.isclose(sum(fit_columns([1, 2, 3], [20, 30, 40], 33)), 33)


def test_long_text_gets_the_most_room_but_its_neighbours_stay_readable():
    """gov-cn-10's shape: a number, a short name column, a column of long text, a column of
    offices, a short column; about 31 characters of room."""
    least, natural = [1, 2, 2, 2, 2], [2, 25, 200, 20, 4]
    widths = fit_columns(least, natural, 31)
    assert math.isclose(sum(widths), 31)
    assert widths[0] == 2 and widths[4] == 4                     # short columns whole
    assert widths[2] == max(widths) and widths[2] > 2 * widths[1]  # the long text the widest
    assert min(widths[1], widths[3]) >= 4                        # names at 4+ characters a line
    assert all(a <= w <= b for a, w, b in zip(least, widths, natural))


def test_a_short_header_cell_stays_on_one_line_when_its_column_is_narrow(tmp_path):
    """推广范围 heads a column that the long columns beside it leave narrow: not 推广 / 范围."""
    regions = ("全国", "北京、上海、广东、江苏、浙江等省市", "全国")
    rows = "".join("<row>" + cell(str(i)) + cell(long_text(i) * 3) + cell(long_text(i + 1))
                   + cell(long_text(i + 2)) + cell(regions[i]) + "</row>"
                   for i in range(3))
    model = report("<table><header><row>" + cell("序号") + cell("主要内容") + cell("说明") + cell("备注") + cell("推广范围")
                   + "</row></header>"
                   + rows + "</table>")
    pdf.write(model, tmp_path / "h.pdf", Options())
    header = next(c for c in read_pages(tmp_path / "h.pdf")[0].cells if "推广" in c.text)
    assert header.line_texts == ["推广范围"]


def test_whole_column_widths_fill_the_room_and_keep_their_least():
    """The plain text's widths (display columns): the same shares, in whole columns."""
    least, natural = [2, 4, 4, 4, 4], [4, 50, 400, 40, 8]
    widths = fit_whole_columns(least, natural, 62)
    assert sum(widths) == 62 and all(isinstance(w, int) for w in widths)
    assert all(a <= w <= b for a, w, b in zip(least, widths, natural))
    assert widths[2] == max(widths)
    assert fit_whole_columns([1, 1], [3, 4], 10) == [3, 4]
