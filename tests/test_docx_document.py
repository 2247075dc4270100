"""The DOCX writer's whole document (GB/T 9704-2012): the closing, the attachment list,
attached documents, article labels, tables, the 版记 and title lines, read back with
python-docx, then laid out by LibreOffice and measured with pdfplumber."""
from __future__ import annotations

import unicodedata

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from conftest import fold, missing_in_order
from convert.model import lang_of, plain_text
from convert.model.tree import title_lines
from convert.readers import xml
from test_docx import document_text, libreoffice_pdf, resolved_east_asia, resolved_ppr, style_chain, write_docx

# GB/T 9704-2012, written out here rather than read from the style file: 156 mm of 28
# characters a line; 三号 16 pt, 二号 22 pt, 四号 14 pt; 仿宋 body, 黑体 labels, 小标宋 titles.
TEXT_WIDTH_PT = Mm(156).pt
PITCH_PT = TEXT_WIDTH_PT / 28
SONG_TITLE, FANGSONG, HEI = "方正小标宋简体", "仿宋_GB2312", "黑体"

# role style -> (East Asian font, size in pt, alignment, bold)
ROLE_STYLES = {
    "Signature": (FANGSONG, 16, WD_ALIGN_PARAGRAPH.CENTER, False),
    "Date": (FANGSONG, 16, WD_ALIGN_PARAGRAPH.RIGHT, False),
    "Note": (FANGSONG, 16, WD_ALIGN_PARAGRAPH.LEFT, False),
    "Attachment List": (FANGSONG, 16, WD_ALIGN_PARAGRAPH.LEFT, False),
    "Appendix Label": (HEI, 16, WD_ALIGN_PARAGRAPH.LEFT, False),
    "Appendix Title": (SONG_TITLE, 22, WD_ALIGN_PARAGRAPH.CENTER, True),
    "Table Text": (FANGSONG, 14, WD_ALIGN_PARAGRAPH.LEFT, False),
    "Table Header": (HEI, 14, WD_ALIGN_PARAGRAPH.CENTER, False),
    "Table Number": (FANGSONG, 14, WD_ALIGN_PARAGRAPH.RIGHT, False),
    "Caption": (HEI, 16, WD_ALIGN_PARAGRAPH.CENTER, False),
    "Imprint": (FANGSONG, 14, WD_ALIGN_PARAGRAPH.LEFT, False),
}

HEAD = """<?xml version='1.0' encoding='UTF-8'?>
<report version="1" xml:lang="zh-Hans">
  <meta><title>国务院关于在市场监管领域全面推行<br/>部门联合“双随机、一公开”监管的意见</title>
    <source>test</source><transforms/></meta>
  <body><p>为落实党中央、国务院关于深化“放管服”改革的部署，现提出以下意见。</p>{body}</body>
  {ending}
</report>"""

LONG_ROWS = 80


def long_table() -> str:
    rows = "".join(f"<row><cell>第{i}项重点任务</cell><cell>{i * 1000 + 7:,}</cell><cell>{i % 100}.5%</cell>"
                   f"<cell>省市场监管局</cell></row>" for i in range(1, LONG_ROWS + 1))
    return ("<table><caption>重点任务分工表</caption><header>"
            "<row><cell rowspan='2'>任务</cell><cell colspan='2'>指标</cell><cell rowspan='2'>责任单位</cell></row>"
            "<row><cell>金额（元）</cell><cell>完成率</cell></row></header>" + rows + "</table>")


LONG_MODEL = HEAD.format(body=long_table(), ending="""
  <closing><signature>国务院办公厅</signature><signature>中央军委办公厅</signature>
    <date when="2019-01-27">二〇一九年一月二十七日</date><note>（此件公开发布）</note></closing>
  <imprint><copyto label="抄送：">各省、自治区、直辖市人民政府，国务院各部委、各直属机构。</copyto>
    <printed><office>国务院办公厅</office><date when="2019-01-28">2019年1月28日印发</date></printed></imprint>""")

# Edge cases: a closing without signature, an attached document without a label, a single
# unnumbered attachment, two tables in a row, a 版记 with a printing date only.
EDGE_MODEL = HEAD.format(
    body="<table><row><cell>甲</cell><cell>乙</cell></row></table>"
         "<table><row><cell colspan='2'>丙</cell></row><row><cell>丁</cell></row></table>",
    ending="""
  <attachments label="附件："><item>重点任务分工表</item></attachments>
  <closing><date when="2019-01-27">2019年1月27日</date></closing>
  <appendix><heading>重点任务分工表</heading><p>附件正文。</p></appendix>
  <imprint><printed><date when="2019-01-28">2019年1月28日印发</date></printed></imprint>""")


def model_of(text: str):
    return xml.parse(text.encode("utf-8"))


@pytest.fixture(scope="module")
def documents(example_model, tmp_path_factory):
    """name -> (model, path, python-docx Document), each built once."""
    out = tmp_path_factory.mktemp("docx-document")
    models = {"example": example_model, "long": model_of(LONG_MODEL), "edge": model_of(EDGE_MODEL)}
    built = {}
    for name, model in models.items():
        path = write_docx(model, out / f"{name}.docx")
        built[name] = (model, path, docx.Document(str(path)))
    return built


def styled(document, name: str) -> list:
    """The paragraphs in style `name`, table cells' included, in document order."""
    paragraphs = (Paragraph(p, document) for p in document.element.body.iter(qn("w:p")))
    return [p for p in paragraphs if p.style.name == name]


def resolved(style, getter):
    """The first value `getter` finds along a style's basedOn chain."""
    for st in style_chain(style):
        value = getter(st)
        if value is not None:
            return value
    return None


def resolved_size(style) -> float:
    return resolved(style, lambda st: st.font.size).pt


def indent_twips(style, side: str) -> int:
    ind = resolved_ppr(style, "w:ind")
    return int(ind.get(qn(f"w:{side}"), 0))


def width_in_pitches(text: str) -> float:
    """A text's length in body characters: full-width 1, digits and Latin half."""
    return sum(1 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.5 for ch in text)


def body_elements(document) -> list:
    return [el for el in document.element.body if el.tag in (qn("w:p"), qn("w:tbl"))]


def tables(document) -> list:
    return [el for el in body_elements(document) if el.tag == qn("w:tbl")]


def cells(tr) -> list:
    return tr.findall(qn("w:tc"))


def tc_value(tc, tag: str) -> str | None:
    el = tc.find(f"{qn('w:tcPr')}/{qn(tag)}")
    return None if el is None else el.get(qn("w:val"), "continue" if tag == "w:vMerge" else None)


# ------------------------------------------------------------------ styles --

@pytest.mark.parametrize("name", sorted(ROLE_STYLES))
def test_each_role_has_a_paragraph_style_with_its_look(documents, name):
    _, _, document = documents["example"]
    style = document.styles[name]
    font, size, align, bold = ROLE_STYLES[name]
    assert style.type == 1 and not style.hidden and style.quick_style, "not a paragraph style in the gallery"
    assert "Body" in [s.name for s in style_chain(style)], "every style builds on Body"
    assert resolved_east_asia(style) == font
    assert resolved_size(style) == size
    assert resolved(style, lambda st: st.paragraph_format.alignment) == align
    assert bool(resolved(style, lambda st: st.font.bold)) == bold
    assert styled(document, name), f"no paragraph of the example is in {name}"


def test_article_labels_have_their_character_style(documents):
    model, _, document = documents["example"]
    style = document.styles["Article Label"]
    assert style.type == 2 and resolved_east_asia(style) == HEI
    runs = [r.text for p in document.paragraphs for r in p.runs if r.style.name == "Article Label"]
    assert runs == [a.get("label") + "\u3000" for a in model.iter("article")]


def test_the_date_is_four_characters_in_from_the_right(documents):
    _, _, document = documents["example"]
    style = document.styles["Date"]
    ind = resolved_ppr(style, "w:ind")
    assert ind.get(qn("w:rightChars")) == "400"  # what Word and WPS show: 右缩进 4 字符
    assert abs(int(ind.get(qn("w:right"))) / 20 - 4 * PITCH_PT) < 1.5  # and for LibreOffice, in twips
    dates = styled(document, "Date")
    assert [p.text for p in dates] == ["2021年3月26日", "二〇二一年三月二十日"]
    assert all(p.paragraph_format.right_indent is None for p in dates), "the indent is the style's"


@pytest.mark.parametrize("name", ["example", "long"])
def test_the_signature_is_centred_over_the_date(documents, name):
    model, _, document = documents[name]
    right = indent_twips(document.styles["Date"], "right") / 20
    paragraphs = document.paragraphs
    for closing in model.iter("closing"):
        date_text = closing.find("date").text
        date_at = next(i for i, p in enumerate(paragraphs) if p.text == date_text)
        date_centre = TEXT_WIDTH_PT - right - width_in_pitches(date_text) * PITCH_PT / 2
        signatures = [p for p in paragraphs[:date_at] if p.style.name == "Signature"][-len(closing.findall("signature")):]
        assert [p.text for p in signatures] == [s.text for s in closing.findall("signature")]
        for p in signatures:
            left = (p.paragraph_format.left_indent or 0) / 12700   # EMU -> pt
            box_right = TEXT_WIDTH_PT - (p.paragraph_format.right_indent or 0) / 12700
            assert abs((left + box_right) / 2 - date_centre) < 1.5, (p.text, (left + box_right) / 2, date_centre)
        if closing.find("note") is not None:  # the note follows the date, 2 characters in
            note = paragraphs[date_at + 1]
            assert note.style.name == "Note" and note.text == closing.find("note").text
            assert resolved_ppr(note.style, "w:ind").get(qn("w:firstLineChars")) == "200"


def test_one_blank_line_before_the_closing_and_none_between_joint_signatures(documents):
    _, _, document = documents["long"]
    style = document.styles["Signature"]
    spacing = resolved_ppr(style, "w:spacing")
    pitch = int(resolved_ppr(document.styles["Body"], "w:spacing").get(qn("w:line")))
    assert int(spacing.get(qn("w:before"))) == pitch
    assert resolved_ppr(style, "w:contextualSpacing") is not None  # not between two signatures
    assert [p.text for p in styled(document, "Signature")] == ["国务院办公厅", "中央军委办公厅"]
    # Without a signature, the date itself keeps the blank line.
    _, _, edge = documents["edge"]
    (date,) = styled(edge, "Date")
    assert date.paragraph_format.space_before.twips == pitch


def test_the_attachment_list_aligns_after_the_colon(documents):
    model, _, document = documents["example"]
    items = styled(document, "Attachment List")
    assert [p.text for p in items] == ["附件：1.重点工作任务分工", "2.江苏省行政执法监督办法"]
    start = resolved_ppr(items[0].style, "w:ind")
    assert start.get(qn("w:firstLineChars")) == "200"
    pitch_twips = PITCH_PT * 20
    for p in items:  # the names start together, after 附件：1. = 4 characters from 2 in
        fmt = p.paragraph_format
        assert abs(fmt.left_indent.twips - 6 * pitch_twips) < 30
    first_line = [(p.paragraph_format.left_indent + p.paragraph_format.first_line_indent) / 635 for p in items]  # twips
    assert abs(first_line[0] - 2 * pitch_twips) < 20  # 附件： two characters in
    assert abs(first_line[1] - 5 * pitch_twips) < 20  # 2. under the 1., right after the colon
    _, _, edge = documents["edge"]
    (single,) = styled(edge, "Attachment List")
    assert single.text == "附件：重点任务分工表"
    assert abs(single.paragraph_format.left_indent.twips - 5 * pitch_twips) < 30


def test_a_page_break_before_each_attached_document(documents):
    model, _, document = documents["example"]
    labels = styled(document, "Appendix Label")
    assert [p.text for p in labels] == [a.get("label") for a in model.iter("appendix")]
    assert resolved(labels[0].style, lambda st: st.paragraph_format.page_break_before) is True
    paragraphs = document.paragraphs
    elements = [p._p for p in paragraphs]
    for label, appendix in zip(labels, model.iter("appendix")):
        title = paragraphs[elements.index(label._p) + 1]
        assert title.style.name == "Appendix Title"
        assert fold(title.text) == fold("".join(appendix.find("heading").itertext()))
    assert resolved_ppr(document.styles["Appendix Title"], "w:outlineLvl").get(qn("w:val")) == "0"
    # An attached document without a label breaks the page before its title.
    _, _, edge = documents["edge"]
    assert not styled(edge, "Appendix Label")
    (title,) = styled(edge, "Appendix Title")
    assert title.paragraph_format.page_break_before is True


def br_lines(p) -> list[str]:
    """A paragraph's text cut at its w:br elements."""
    lines = [""]
    for el in p._p.iter(qn("w:t"), qn("w:br")):
        if el.tag == qn("w:br"):
            lines.append("")
        else:
            lines[-1] += el.text or ""
    return lines


@pytest.mark.parametrize("name", ["example", "long"])
def test_title_lines_are_line_breaks_in_one_title_paragraph(documents, name):
    model, _, document = documents[name]
    (title,) = styled(document, "Title")
    assert br_lines(title) == title_lines(model.find("meta/title"))
    assert len(title_lines(model.find("meta/title"))) == 2
    if name == "example":
        (heading,) = [p for p in styled(document, "Appendix Title") if "监督办法" in p.text]
        assert br_lines(heading) == ["江苏省行政执法", "监督办法"]


# ------------------------------------------------------------------ tables --

def test_a_table_with_merges_and_header_rows(documents):
    _, _, document = documents["example"]
    tbl = tables(document)[0]
    rows = tbl.findall(qn("w:tr"))
    assert len(rows) == 4
    assert [len(cells(tr)) for tr in rows] == [2, 3, 3, 3]
    first, second = rows[0], rows[1]
    assert tc_value(cells(first)[0], "w:vMerge") == "restart" and tc_value(cells(second)[0], "w:vMerge") == "continue"
    assert tc_value(cells(first)[1], "w:gridSpan") == "2"
    header = [tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for tr in rows]
    assert header == [True, True, False, False]
    grid = [int(col.get(qn("w:w"))) for col in tbl.iter(qn("w:gridCol"))]
    assert len(grid) == 3 and abs(sum(grid) - Mm(156).twips) <= 3, "the table fits the text width"
    width = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblW')}")
    assert (width.get(qn("w:type")), int(width.get(qn("w:w")))) == ("dxa", sum(grid))
    borders = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")
    assert {b.tag.split("}")[1]: b.get(qn("w:val")) for b in borders} == dict.fromkeys(
        ("top", "left", "bottom", "right", "insideH", "insideV"), "single")


def test_table_cells_are_in_the_table_styles_and_numbers_right_aligned(documents):
    _, _, document = documents["example"]
    table = Table(tables(document)[0], document)
    by_row = [[(p.style.name, p.text) for tc in tr.findall(qn("w:tc")) for p in _Cell(tc, table).paragraphs]
              for tr in table._tbl.findall(qn("w:tr"))]
    assert by_row[0] == [("Table Header", "指标"), ("Table Header", "完成情况")]
    assert by_row[2] == [("Table Text", "行政复议案件（件）"), ("Table Number", "12,345"), ("Table Number", "13,002")]
    assert by_row[3] == [("Table Text", "规章备案审查"), ("Table Text", "（含规范性文件）"),
                         ("Table Number", "98.5%"), ("Table Number", "100%")]
    caption = body_elements(document)[body_elements(document).index(tables(document)[0]) - 1]
    assert Paragraph(caption, document).text == "2020年度主要指标"


def test_a_long_table_repeats_its_two_header_rows(documents):
    _, _, document = documents["long"]
    tbl, imprint = tables(document)
    assert body_elements(document)[-2] is imprint  # the 版记 last, before the empty paragraph anchoring it
    rows = tbl.findall(qn("w:tr"))
    assert len(rows) == 2 + LONG_ROWS
    header = [tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for tr in rows]
    assert header == [True, True] + [False] * LONG_ROWS
    # rowspan 2 in the first and last columns, colspan 2 in between: 3 cells then 4.
    assert [len(cells(tr)) for tr in rows[:3]] == [3, 4, 4]
    assert [tc_value(tc, "w:vMerge") for tc in cells(rows[1])] == ["continue", None, None, "continue"]


def test_two_tables_in_a_row_stay_two_tables(documents):
    _, _, document = documents["edge"]
    elements = body_elements(document)
    first, second = tables(document)[:2]
    between = elements[elements.index(first) + 1:elements.index(second)]
    assert len(between) == 1 and between[0].tag == qn("w:p")
    rows = second.findall(qn("w:tr"))
    assert tc_value(cells(rows[0])[0], "w:gridSpan") == "2" and len(cells(rows[1])) == 2  # the short row filled


def test_the_imprint_ends_the_document_between_heavy_and_thin_rules(documents):
    model, _, document = documents["example"]
    last, anchor = body_elements(document)[-2:]
    assert last.tag == qn("w:tbl")
    assert Paragraph(anchor, document).style.name == "Imprint" and not Paragraph(anchor, document).text
    borders = {b.tag.split("}")[1]: (b.get(qn("w:val")), b.get(qn("w:sz"))) for b in
               last.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")}
    heavy, thin = str(round(0.35 / 25.4 * 72 * 8)), str(round(0.25 / 25.4 * 72 * 8))  # eighths of a point
    assert borders["top"] == ("single", heavy) and borders["bottom"] == ("single", heavy)
    assert borders["insideH"] == ("single", thin)
    assert borders["left"][0] == borders["right"][0] == borders["insideV"][0] == "nil"
    paragraphs = [Paragraph(p, document) for p in last.iter(qn("w:p"))]
    assert [p.style.name for p in paragraphs] == ["Imprint", "Imprint"]
    assert paragraphs[0].text == "抄送：省委各部门，省人大常委会办公厅，省政协办公厅。"
    assert paragraphs[1].text == "江苏省人民政府办公厅\t2021年3月27日印发"
    tab = resolved_ppr(document.styles["Imprint"], "w:tabs")[0]
    assert tab.get(qn("w:val")) == "right"


def test_the_same_model_and_epoch_give_the_same_bytes(documents, tmp_path):
    model, path, _ = documents["long"]
    assert write_docx(model, tmp_path / "again.docx").read_bytes() == path.read_bytes()


@pytest.mark.parametrize("name", ["example", "long", "edge"])
def test_fidelity_every_character_in_order(documents, name):
    model, _, document = documents[name]
    text = document_text(document)
    assert missing_in_order(plain_text(model), text) is None
    assert len(fold(text)) == len(fold(plain_text(model))), "extra text in the DOCX"


# ------------------------------------------------- laid out by LibreOffice --

def chars_by_line(page) -> list[list[dict]]:
    rows: list[list[dict]] = []
    for ch in sorted(page.chars, key=lambda c: (round(c["top"]), c["x0"])):
        if ch["text"].isspace():
            continue
        if rows and abs(ch["top"] - rows[-1][0]["top"]) < 4:
            rows[-1].append(ch)
        else:
            rows.append([ch])
    return [sorted(r, key=lambda c: c["x0"]) for r in rows]


@pytest.fixture(scope="module")
def long_pdf(documents, tmp_path_factory):
    model, path, _ = documents["long"]
    return libreoffice_pdf(path, lang_of(model), tmp_path_factory.mktemp("lo-long"))


def test_libreoffice_sets_the_date_and_signature_by_gbt_9704(long_pdf):
    import pdfplumber

    right_edge = Mm(28 + 156).pt
    with pdfplumber.open(long_pdf) as pdf:
        lines = [(i, line) for i, page in enumerate(pdf.pages) for line in chars_by_line(page)]
    text = {i: "".join(c["text"] for c in line) for i, line in enumerate(ln for _, ln in lines)}
    date_at = next(i for i, t in text.items() if t == "二〇一九年一月二十七日")
    date = lines[date_at][1]
    gap = right_edge - date[-1]["x1"]
    assert abs(gap - 4 * PITCH_PT) < 2.5, f"the date ends {gap:.1f} pt from the edge, not 4 characters"
    date_centre = (date[0]["x0"] + date[-1]["x1"]) / 2
    for k, name in ((date_at - 2, "国务院办公厅"), (date_at - 1, "中央军委办公厅")):
        line = lines[k][1]
        assert text[k] == name
        assert abs((line[0]["x0"] + line[-1]["x1"]) / 2 - date_centre) < 2, name
    note = lines[date_at + 1][1]
    assert text[date_at + 1] == "（此件公开发布）"
    assert abs(note[0]["x0"] - (Mm(28).pt + 2 * PITCH_PT)) < 2.5  # two characters in
    # The joint signatures one line pitch apart, with no blank line between them; above them
    # a blank line after the table's last row (without it, about one pitch from line to line).
    pitch = Mm(225).pt / 22
    (page, first), (_, second) = lines[date_at - 2], lines[date_at - 1]
    assert second[0]["top"] - first[0]["top"] == pytest.approx(pitch, abs=1.5)
    before_page, before = lines[date_at - 3]
    if before_page == page:
        assert first[0]["top"] - before[0]["top"] > 1.5 * pitch


def test_libreoffice_repeats_the_header_rows_on_every_page_of_a_long_table(long_pdf):
    import pdfplumber

    with pdfplumber.open(long_pdf) as pdf:
        pages = [[("".join(c["text"] for c in line), line) for line in chars_by_line(page)] for page in pdf.pages]
        pdf_edges = [page.edges for page in pdf.pages]
    with_rows = [p for p in pages if any(t.startswith("第") and "项重点任务" in t for t, _ in p)]
    assert len(with_rows) >= 3, f"the table takes {len(with_rows)} pages"
    seen = []
    for page in with_rows:
        texts = [t for t, _ in page]
        first_row = next(i for i, t in enumerate(texts) if "项重点任务" in t)
        # The header (任务 指标 责任单位 / 金额（元） 完成率) sits right above the page's first body row.
        header = "".join(texts[max(first_row - 3, 0):first_row])
        for word in ("任务", "指标", "责任单位", "金额（元）", "完成率"):
            assert word in header, (word, texts[:first_row + 1])
        seen += [t for t in texts if "项重点任务" in t]
        # The table fills the text width: its outer rules at the margins.
        rules = [e for e in pdf_edges[pages.index(page)] if e["orientation"] == "v"]
        assert abs(min(e["x0"] for e in rules) - Mm(28).pt) < 1 and abs(max(e["x1"] for e in rules) - Mm(184).pt) < 1
    numbers = [int(t.split("项")[0][1:]) for t in seen]
    assert numbers == list(range(1, LONG_ROWS + 1)), "every row once, in order"
    # Numbers right-aligned: the amounts (1,007 to 80,007) end at one x on every page.
    ends = {round(amount_end(line)) for page in with_rows for t, line in page if "项重点任务" in t}
    assert max(ends) - min(ends) <= 1, ends


def amount_end(line: list[dict]) -> float:
    """The right edge of a row's amount: the digits and commas after 任务."""
    text = "".join(c["text"] for c in line)
    at = text.index("任务") + 2
    end = at
    while end < len(text) and (text[end].isdigit() or text[end] == ","):
        end += 1
    assert end > at, text
    return line[end - 1]["x1"]


# ------------------------------------------------------- the gov.cn corpus --

@pytest.fixture(scope="module")
def corpus():
    """gov-cn name -> (model, Document), read as text and written once."""
    import io

    from govcn import NAMES, paragraph_text
    from convert.readers import text
    from convert.writers import docx as docx_writer

    out = {}
    for name in NAMES:
        model = text.parse(paragraph_text(name).encode("utf-8"), f"{name}.txt")
        out[name] = (model, docx.Document(io.BytesIO(docx_writer.render(model))))
    return out


def test_corpus_fidelity_and_roles(corpus):
    """All of every document's text, tables included, in order; each closing part, list item,
    table and attached document in its own paragraphs and styles."""
    failures = []
    for name, (model, document) in corpus.items():
        text = document_text(document)
        if (missing := missing_in_order(plain_text(model), text)) or len(fold(text)) != len(fold(plain_text(model))):
            failures.append((name, missing))
            continue
        count = lambda path: len(model.xpath(path))  # noqa: E731
        expected = {
            "Signature": count("//closing/signature"), "Date": count("//closing"), "Note": count("//closing/note"),
            "Attachment List": count("//attachments/item"), "Appendix Title": count("//appendix/heading"),
            "Appendix Label": count("//appendix[@label]"),
        }
        found = {style: len(styled(document, style)) for style in expected}
        if found != expected:
            failures.append((name, found, expected))
        if len(tables(document)) != count("//table") + count("/report/imprint"):
            failures.append((name, "tables"))
    assert not failures, failures[:3]
    assert sum(len(model.xpath("//closing")) for model, _ in corpus.values()) >= 30  # the corpus has them


def test_libreoffice_draws_the_imprint_rules(long_pdf):
    """The 版记 closes the document between heavy rules (0.35 mm) with a thin one (0.25 mm)
    between its lines, across the text width; the printing date ends one 四号 character
    from the right edge."""
    import pdfplumber

    with pdfplumber.open(long_pdf) as pdf:
        page = pdf.pages[-1]
        rules = sorted((e for e in page.edges if e["orientation"] == "h"), key=lambda e: e["top"])
        lines = chars_by_line(page)
    imprint = rules[-3:]
    assert [round(e["linewidth"] / 72 * 25.4, 2) for e in imprint] == [0.35, 0.26, 0.35]  # 0.75 pt: Word's 6/8 pt
    for e in imprint:
        assert abs(e["x0"] - Mm(28).pt) < 1 and abs(e["x1"] - Mm(184).pt) < 1
    printed = next(line for line in lines if "".join(c["text"] for c in line).endswith("印发"))
    assert abs(printed[0]["x0"] - (Mm(28).pt + 14)) < 2       # 国务院办公厅 one character in
    assert abs(Mm(184).pt - printed[-1]["x1"] - 14) < 2       # the date one character from the right
    assert imprint[1]["top"] < printed[0]["top"] < imprint[2]["top"]


def test_a_short_header_keeps_its_column_wide_enough_for_one_line(tmp_path):
    """推广范围 heads a column that the long columns beside it would leave narrow: its grid
    column holds the four characters (and the cell padding) on one line."""
    long_text = "整合分散的审判资源，实行知识产权民事、刑事、行政案件审判“三合一”。" * 4
    rows = "".join(f"<row><cell>{i}</cell><cell>{long_text}</cell><cell>{long_text[:40]}</cell>"
                   f"<cell>{long_text[:30]}</cell><cell>北京、上海、广东等省市</cell></row>" for i in range(3))
    model = xml.parse((
        '<report version="1" xml:lang="zh-Hans"><meta><title origin="text">表格</title><source>t.txt</source>'
        "<transforms/></meta><body><p>正文。</p><table><header><row><cell>序号</cell><cell>主要内容</cell>"
        f"<cell>说明</cell><cell>备注</cell><cell>推广范围</cell></row></header>{rows}</table></body></report>"
    ).encode("utf-8"))
    document = docx.Document(str(write_docx(model, tmp_path / "t.docx")))
    grid = document.tables[0]._tbl.tblGrid.findall(qn("w:gridCol"))
    widths = [int(col.get(qn("w:w"))) / 20 for col in grid]  # points
    size = 14  # roles.table_header in styles/official.toml
    assert widths[4] >= 4 * size, widths
    assert widths[1] == max(widths)
