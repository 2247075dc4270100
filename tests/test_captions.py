"""One captions pass for every reader (convert.readers.structure.captions): 表N right above
a table and 图N right under a figure are their captions, from text, a page and a DOCX; a
paragraph that merely starts with 表 or 图 as a word (表明…, 图书…) is not."""
from __future__ import annotations

import base64
import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from lxml import etree
from PIL import Image

from convert.model import text_of
from convert.options import Options
from convert.readers import docx as docx_reader
from convert.readers import html, text
from convert.readers.structure import Hints, Para, captions


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("line", ["表1　主要指标", "表一：主要指标", "附表2 项目清单", "表 3", "表１．收支情况"])
def test_numbered_table_titles_are_captions(line):
    assert captions.is_table_caption(line)


@pytest.mark.parametrize("line", ["表明我市经济运行总体平稳。", "表彰先进集体", "表1中的数据说明增长较快",
                                  "表1 显示，全年增长百分之五。", "图书馆开放时间延长。", "图表1　说明", "图1显示了变化"])
def test_lines_that_start_with_the_word_are_no_captions(line):
    assert not captions.is_table_caption(line) and not captions.is_figure_caption(line)


def block(tag: str) -> etree._Element:
    return etree.Element(tag)


def test_the_pass_attaches_above_a_table_and_under_a_figure_and_nothing_else():
    table, figure, other_table = block("table"), block("figure"), block("table")
    paras = [Para("表1　主要指标"), Para.of_block(table), Para.of_block(figure), Para("图1　流程"),
             Para("表明各项指标完成良好。"), Para.of_block(other_table), Para("图2　不在图下")]
    out = captions.attach(paras)
    assert text_of(table.find("caption")) == "表1　主要指标" and table.index(table.find("caption")) == 0
    assert text_of(figure.find("caption")) == "图1　流程"
    assert other_table.find("caption") is None
    assert [p.text for p in out if p.block is None] == ["表明各项指标完成良好。", "图2　不在图下"]


def test_a_table_title_the_source_sets_other_than_centred_is_left_alone():
    table = block("table")
    out = captions.attach([Para("表1　主要指标", hints=Hints(centered=False)), Para.of_block(table)])
    assert table.find("caption") is None and out[0].text == "表1　主要指标"


def test_a_block_that_has_its_caption_keeps_it():
    figure = block("figure")
    etree.SubElement(figure, "caption").text = "图1　原有"
    out = captions.attach([Para.of_block(figure), Para("图1　另一行")])
    assert [c.text for c in figure.iter("caption")] == ["图1　原有"] and out[1].text == "图1　另一行"


def test_text_a_table_title_above_rows_of_cells():
    busy = "全年各项工作稳步推进，重点项目建设加快，民生保障持续加强，" * 3 + "各项任务全面完成。"
    lines = ["关于某某情况的报告", "各有关单位：", "现将主要指标报告如下。", "表明各项指标完成良好。",
             "项目\t数量\t金额", "甲\t1\t2", "乙\t3\t4", busy, "表1　主要指标",
             "指标\t数值\t增长", "生产总值\t100\t5%", "财政收入\t20\t3%"]
    report = text.parse("\n\n".join(lines).encode(), "captions.txt", Options())
    first, second = report.iter("table")
    assert first.find("caption") is None
    assert text_of(second.find("caption")) == "表1　主要指标"
    assert "表明各项指标完成良好。" in [text_of(p) for p in report.iter("p")]


PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于某某情况的报告</title></head><body>
<div class="article"><h1>关于某某情况的报告</h1>
<p>现将本年度主要指标和工作流程报告如下，请审阅。各项工作总体平稳，主要指标完成良好。</p>
<p style="text-align:center">表1　主要指标</p>
<table><tr><th>指标</th><th>数值</th><th>增长</th></tr><tr><td>生产总值</td><td>100</td><td>5%</td></tr>
<tr><td>财政收入</td><td>20</td><td>3%</td></tr></table>
<p><img src="data:image/png;base64,{png}" alt="流程"></p>
<p>图1　工作流程</p>
<p><img src="data:image/png;base64,{png}" alt="馆舍"></p>
<p>图书馆开放时间延长，服务更加便利，群众满意度进一步提高。</p>
</div></body></html>"""


def test_a_page_a_centred_table_title_and_a_figure_title():
    raw = PAGE.replace("{png}", base64.b64encode(png()).decode()).encode()
    report = html.parse(raw, "captions.html", Options())
    table = report.find(".//table")
    assert text_of(table.find("caption")) == "表1　主要指标"
    first, second = report.iter("figure")
    assert text_of(first.find("caption")) == "图1　工作流程"
    assert second.find("caption") is None
    paragraphs = [text_of(p) for p in report.iter("p")]
    assert "图书馆开放时间延长，服务更加便利，群众满意度进一步提高。" in paragraphs
    assert "表1　主要指标" not in paragraphs and "图1　工作流程" not in paragraphs


def docx_bytes() -> bytes:
    document = docx.Document()
    title = document.add_paragraph("关于某某情况的报告")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("现将本年度主要指标和工作流程报告如下，请审阅。")
    document.add_paragraph("表1　主要指标").alignment = WD_ALIGN_PARAGRAPH.CENTER
    rows = [("指标", "数值", "增长"), ("生产总值", "100", "5%"), ("财政收入", "20", "3%")]
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("表明各项指标完成良好，下表列出项目。")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_picture(io.BytesIO(png()))
    document.add_paragraph("图1　工作流程").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_picture(io.BytesIO(png()))
    document.add_paragraph("图书馆开放时间延长，服务更加便利。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_a_table_title_and_a_figure_title():
    report = docx_reader.parse(docx_bytes(), "captions.docx", Options())
    first, second = report.iter("table")
    assert text_of(first.find("caption")) == "表1　主要指标"
    assert second.find("caption") is None
    figure, other = report.iter("figure")
    assert text_of(figure.find("caption")) == "图1　工作流程"
    assert other.find("caption") is None
    paragraphs = [text_of(p) for p in report.iter("p")]
    assert "表明各项指标完成良好，下表列出项目。" in paragraphs and "图书馆开放时间延长，服务更加便利。" in paragraphs
