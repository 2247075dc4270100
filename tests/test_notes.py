"""End notes (issue 25, point 4): a statistical bulletin's 注释 and 资料来源 after its body become
<notes> from every reader, in the input's order, and every writer shows them, in order: the
PDF and OFD read back, the DOCX (in its named styles, and back to the same model), the EPUB (a
section of endnotes that EPUBCheck accepts) and the text. Where a lead must stay a paragraph:
注释 inside a sentence, a note under a table, 资料来源 followed by more sections. The issuer
named in parentheses on the last line (（某某县统计局）) is the ending after the notes: a closing
without a date."""
from __future__ import annotations

import io
import zipfile

import docx
import ofdkit
import pdfplumber
import pytest
from lxml import etree
from test_docx_roundtrip import strip_stored_model, structure
from test_epub import NS, epubcheck
from test_kinds import READERS, as_text

from conftest import fold, missing_in_order
from convert.batch import convert_one
from convert.model import tree
from convert.options import Options
from convert.readers import docx as docx_reader
from convert.writers import docx as docx_writer

BULLETIN = [
    "某某县2023年国民经济和社会发展统计公报",
    "某某县统计局（2024年3月20日）",
    "2023年，全县经济运行总体平稳，全年地区生产总值300亿元，比上年增长5.5%。",
    "一、综合",
    "全年一般公共预算收入20亿元，比上年增长4.0%。",
    "二、农业",
    "全年粮食总产量30万吨，比上年增长1.2%。",
    "注释：",
    "[1]本公报中部分数据为初步统计数。",
    "[2]地区生产总值按现价计算，增长速度按不变价格计算。",
    "资料来源：本公报中城镇新增就业数据来自县人力资源和社会保障局。",
    "其他数据来自县统计局。",
    "（某某县统计局）",
]
NOTES = BULLETIN[7:-1]  # as printed, in order; the last line names the issuer: the closing
NOTES_TEXT = "\n".join(["注释：", *NOTES[1:3], "资料来源：", NOTES[3][len("资料来源："):], *NOTES[4:]])
ISSUER = BULLETIN[-1]


def notes_of(report) -> list[tuple[str, list[str]]]:
    return [(n.get("label"), [tree.text_of(p) for p in n.iterfind("p")]) for n in report.iterfind("notes")]


# ------------------------------------------------------------------ readers --

def test_a_bulletins_notes_and_sources_are_its_notes_in_order_from_every_reader():
    for name, read in READERS.items():
        report = read(BULLETIN)
        assert notes_of(report) == [
            ("注释：", NOTES[1:3]),
            ("资料来源：", [NOTES[3][len("资料来源："):], *NOTES[4:]]),
        ], name
        assert not any("注释" in tree.text_of(p) for p in report.iter("p") if p.getparent().tag != "notes"), name
        assert [tree.text_of(h) for h in report.iter("heading")] == ["综合", "农业"], name
        # the notes follow the body, and nothing moves: the model's text is the input's
        assert report.find("body").getnext().tag == "notes", name
        assert fold(tree.plain_text(report)) == fold("".join(BULLETIN)), name
        assert tree.plain_text(report).endswith(NOTES_TEXT + "\n" + ISSUER), name
        # the issuer in parentheses on the last line: the ending, a closing without a date
        closing = report.find("closing")
        assert [c.tag for c in report][-3:] == ["notes", "notes", "closing"], name
        assert [(c.tag, tree.text_of(c)) for c in closing] == [("signature", ISSUER)], name
        assert report.findtext("meta/issuer") == "某某县统计局", name


def test_notes_come_before_the_closing_and_in_an_attached_document_before_its_end():
    signed = ["某某县2023年统计公报", BULLETIN[2], "一、综合", BULLETIN[4], "註釋：", "[1]本公報中部分數據為初步統計數。",
              "某某县统计局", "2024年3月20日"]
    attached = ["关于印发某某统计报表制度的通知", "各乡镇人民政府：", "现将有关报表制度印发给你们，请认真贯彻执行。",
                "附件：某某县统计报表制度", "某某县统计局", "2024年3月20日", "附件", "某某县统计报表制度",
                "一、总说明", "本制度适用于全县各乡镇。", "二、报表目录", "本制度共有报表十张。",
                "注：", "1.本制度由县统计局负责解释。", "2.本制度自发布之日起施行。"]
    for name, read in READERS.items():
        report = read(signed)
        assert [c.tag for c in report][-3:] == ["body", "notes", "closing"], name
        assert notes_of(report) == [("註釋：", ["[1]本公報中部分數據為初步統計數。"])], name
        report = read(attached)
        appendix = report.find("appendix")
        assert report.find("notes") is None and [c.tag for c in appendix][-2:] == ["section", "notes"], name
        assert notes_of(appendix) == [("注：", attached[-2:])], name
        assert fold(tree.plain_text(report)) == fold("".join(attached)), name


def body_then_lines(lines: list[str]) -> list[str]:
    return ["关于某某工作的报告", "各位代表：", "现将有关情况报告如下。", *lines]


@pytest.mark.parametrize("lines", [
    # 注释 inside a sentence
    ["全年数据的口径见注释。", "其他数据来自县统计局。"],
    # 资料来源 mid-document, followed by more sections
    ["一、综合", "资料来源：县统计局。", "二、农业", "全年粮食总产量30万吨，比上年增长1.2%。"],
    # a lead followed by a short line that is no note (a heading of its own)
    ["注释", "结束语", "让我们共同努力。"],
    # 注：with its text on its line: a one-line note
    ["全年粮食总产量30万吨。", "注：本公报部分数据为初步统计数。"],
], ids=["in-a-sentence", "sections-follow", "short-line-follows", "one-line-note"])
def test_a_lead_that_is_no_end_notes_stays_text_in_place(lines):
    for name, read in READERS.items():
        report = read(body_then_lines(lines))
        assert report.find("notes") is None, name
        assert fold(tree.plain_text(report)) == fold("".join(body_then_lines(lines))), name


@pytest.mark.parametrize("after", [["注：本表数据为初步统计数。"], ["注：", "1.本表数据为初步统计数。"],
                                   ["资料来源：县统计局。"]])
def test_a_note_under_a_table_stays_with_the_table(after):
    table = "<table><tr><th>指标</th><th>数值</th></tr><tr><td>粮食</td><td>30</td></tr></table>"
    paras = "".join(f"<p>{line}</p>" for line in ["关于某某工作的报告", "各位代表：", "现将有关情况报告如下。"])
    notes = "".join(f"<p>{line}</p>" for line in after)
    from convert.readers import html as html_reader

    page = f"<html><head><meta charset='utf-8'></head><body><article>{paras}{table}{notes}</article></body></html>"
    report = html_reader.parse(page.encode("utf-8"), "table.html")
    assert report.find(".//table") is not None
    assert report.find("notes") is None
    assert tree.plain_text(report).endswith("\n".join(after))


def test_a_lead_a_page_sets_as_a_heading_starts_the_notes_too():
    from convert.readers import html as html_reader

    paras = "".join(f"<p>{line}</p>" for line in BULLETIN[:7])
    page = (f"<html><head><meta charset='utf-8'></head><body><article>{paras}<h3>注释：</h3><p>{NOTES[1]}</p>"
            f"<p>{NOTES[2]}</p></article></body></html>")
    report = html_reader.parse(page.encode("utf-8"), "bulletin.html")
    assert notes_of(report) == [("注释：", NOTES[1:3])]


# ------------------------------------------------------------------ writers --

@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("notes")
    source = out / "bulletin.txt"
    source.write_text("\n\n".join(BULLETIN), encoding="utf-8")
    paths = convert_one(source, ["txt", "pdf", "ofd", "docx", "epub", "xml"], out / "out", Options())
    return {p.suffix[1:]: p for p in paths}


def test_the_text_shows_the_notes_lead_by_lead_in_order(written):
    text = written["txt"].read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line]  # a blank line between leads
    assert NOTES_TEXT in "\n".join(lines) and lines[-1].strip() == ISSUER  # the issuer right-aligned


def test_the_pdf_and_the_ofd_show_the_notes_in_order_smaller_than_the_body(written):
    with pdfplumber.open(written["pdf"]) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    shown = "".join(c["text"] for c in chars)
    assert missing_in_order(NOTES_TEXT + ISSUER, shown[shown.index("注释："):]) is None
    at = fold(shown).index(fold("[1]本公报"))
    sizes = {round(c["size"]) for c in chars if not c["text"].isspace()}
    note_size = round([c for c in chars if not c["text"].isspace()][at + 3]["size"])
    assert note_size == 14 and 16 in sizes  # the notes in 四号, the body in 三号
    with ofdkit.open(written["ofd"]) as doc:
        text = doc.text()
        assert missing_in_order(NOTES_TEXT + ISSUER, text[text.index("注释："):]) is None


def test_the_docx_sets_the_notes_in_their_named_styles(written):
    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(written["docx"])).paragraphs if p.text]
    notes = [(style, text) for style, text in paragraphs if style in ("Notes Label", "Notes")]
    assert notes == [("Notes Label", "注释："), ("Notes", NOTES[1]), ("Notes", NOTES[2]), ("Notes Label", "资料来源："),
                     ("Notes", NOTES[3][len("资料来源："):]), ("Notes", NOTES[4])]
    assert paragraphs[-1] == ("Signature", ISSUER)


def test_the_docx_reads_back_to_the_same_model_with_or_without_its_stored_model(written):
    from convert.readers import xml as xml_reader

    report = xml_reader.read(written["xml"])
    data = docx_writer.render(report)
    assert tree.to_bytes(docx_reader.parse(data, "bulletin.docx")) == tree.to_bytes(report)
    alone = docx_reader.parse(strip_stored_model(data), "bulletin.docx")
    assert notes_of(alone) == notes_of(report)
    assert structure(alone) == structure(report)


@pytest.mark.parametrize("stored", [True, False], ids=["with-stored-model", "alone"])
def test_a_heading_typed_after_the_notes_in_word_keeps_its_place_and_the_notes_become_text(written, stored):
    from convert.readers import xml as xml_reader

    data = docx_writer.render(xml_reader.read(written["xml"]))
    document = docx.Document(io.BytesIO(data if stored else strip_stored_model(data)))
    signature = next(p for p in document.paragraphs if p.style.name == "Signature")
    signature.insert_paragraph_before("三、补充说明", style="Heading 1")
    signature.insert_paragraph_before("本公报数据以年鉴为准。")
    edited = io.BytesIO()
    document.save(edited)
    back = docx_reader.parse(edited.getvalue(), "edited.docx")
    assert notes_of(back) == []  # notes with a heading after them are no end notes
    expected = "".join([*BULLETIN[6:7], NOTES_TEXT.replace("\n", ""), "补充说明", "本公报数据以年鉴为准。", ISSUER])
    shown = fold(tree.text_of(back))
    assert missing_in_order(expected, shown[shown.index(fold(BULLETIN[6])):]) is None  # 三、 is the heading's label


def test_a_paragraph_typed_after_the_notes_in_word_is_a_note(written):
    from convert.readers import xml as xml_reader

    document = docx.Document(io.BytesIO(docx_writer.render(xml_reader.read(written["xml"]))))
    signature = next(p for p in document.paragraphs if p.style.name == "Signature")
    signature.insert_paragraph_before("其余数据来自县统计局。", style="Notes")
    edited = io.BytesIO()
    document.save(edited)
    back = docx_reader.parse(edited.getvalue(), "edited.docx")
    assert notes_of(back)[-1][1][-1] == "其余数据来自县统计局。"


def test_the_epub_holds_the_notes_as_endnotes_and_passes_epubcheck(written):
    with zipfile.ZipFile(written["epub"]) as book:
        docs = [etree.fromstring(book.read(n)) for n in sorted(book.namelist()) if n.endswith(".xhtml")]
    sections = [s for doc in docs for s in doc.iter(f"{{{NS['x']}}}section")
                if s.get(f"{{{NS['epub']}}}type") == "endnotes"]
    assert ["\n".join("".join(p.itertext()) for p in s.iter(f"{{{NS['x']}}}p")) for s in sections] == \
        [NOTES_TEXT[:NOTES_TEXT.index("\n资料来源")], NOTES_TEXT[NOTES_TEXT.index("资料来源"):]]
    signed = ["".join(p.itertext()) for doc in docs for p in doc.iter(f"{{{NS['x']}}}p")
              if p.get("class") == "signature"]
    assert signed == [ISSUER]
    fatals, errors, warnings, out = epubcheck(written["epub"])
    assert (fatals, errors, warnings) == (0, 0, 0), out


def test_a_notes_element_in_an_attached_document_is_shown_by_every_writer():
    report = as_text(BULLETIN)
    appendix = etree.SubElement(report, "appendix", label="附件")
    etree.SubElement(appendix, "heading").text = "附表说明"
    etree.SubElement(appendix, "p").text = "附表正文。"
    notes = etree.SubElement(appendix, "notes", label="注：")
    etree.SubElement(notes, "p").text = "附表数据为初步统计数。"
    tree.validate(report)
    shown = [b.kind for b in tree.blocks(report)]
    assert shown[-2:] == ["p", "notes"] and shown.count("notes") == 3
    back = docx_reader.parse(docx_writer.render(report), "a.docx")
    assert tree.to_bytes(back) == tree.to_bytes(report)
    paragraphs = [p.text for p in docx.Document(io.BytesIO(docx_writer.render(report))).paragraphs]
    assert paragraphs[-2:] == ["注：", "附表数据为初步统计数。"]
