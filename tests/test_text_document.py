"""Plain text of the whole official document: tables as columns aligned by display width
(a CJK character counts 2) under a header rule, wrapped inside their columns at --wrap; the
closing on its own lines, right-aligned to --wrap; the attachment list, articles and the 版记
as lines; a separator line before each attached document.

Models: docs/example.xml, tests/data/whole-document.xml and gov.cn documents read as text.
Widths are measured here with unicodedata, not with the writer's own function."""
from __future__ import annotations

import copy
import re
import unicodedata

import pytest

import govcn
from conftest import DATA, EXAMPLE_XML, fold, missing_in_order
from convert.model import plain_text, text_of
from convert.model.tree import title_lines
from convert.readers import text as text_reader
from convert.readers import xml as xml_reader
from convert.writers import text

WIDTHS = (20, 30, 40, 72)
GOVCN = ("gov-cn-10", "gov-cn-20", "gov-cn-51")


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


@pytest.fixture(scope="module")
def models():
    found = {"example": xml_reader.read(EXAMPLE_XML), "whole": xml_reader.read(DATA / "whole-document.xml")}
    for name in GOVCN:
        found[name] = text_reader.parse(govcn.paragraph_text(name).encode("utf-8"), source=f"{name}.txt")
    return found


@pytest.fixture(scope="module")
def rendered(models):
    """(model name, wrap width or 0) -> the text, each rendered once."""
    return {(name, w): text.render(model, w) for name, model in models.items() for w in (0, *WIDTHS)}


def parts(out: str) -> list[list[str]]:
    """The blank-line separated parts of the output, as lines."""
    return [part.split("\n") for part in out.rstrip("\n").split("\n\n")]


def is_rule(line: str) -> bool:
    """A line drawn with dashes only (spaces between its pieces)."""
    return bool(line.strip()) and all(unicodedata.category(c) == "Pd" or c == " " for c in line)


def fragments(line: str) -> list[tuple[int, int, str]]:
    """(start, end, text) in display columns of each run of text between gaps of two or
    more spaces (a cell's text has at most single spaces)."""
    found = []
    for m in re.finditer(r"\S+(?: \S+)*", line):
        start = width(line[:m.start()])
        found.append((start, start + width(m.group()), m.group()))
    return found


def table_parts(out: str) -> list[list[str]]:
    """The parts of the output that are tables with a header: those with a rule line among
    other lines."""
    return [p for p in parts(out) if len(p) > 1 and any(is_rule(x) for x in p)]


# ------------------------------------------------------------------- tables --

@pytest.mark.parametrize("w", (0, *WIDTHS))
def test_columns_start_at_the_same_display_column_on_every_line(models, rendered, w):
    """The whole document's first table: 序号 (numbers, right-aligned), then three text
    columns. Each text column's pieces start where its header starts, on every line; the
    numbers end at one column; and each column read down holds its cells' text in order."""
    table = models["whole"].find("body/table")
    lines = table_parts(rendered[("whole", w)])[0]
    assert lines[0] == text_of(table.find("caption"))
    header, rule_at = lines[1], next(i for i, x in enumerate(lines) if is_rule(x))
    starts = [f[0] for f in fragments(header)]
    assert len(starts) == 4
    assert [f[0] for f in fragments(lines[rule_at])] == starts  # the rule is under each column
    columns: list[list[str]] = [[] for _ in starts]
    number_ends = set()
    for i, line in enumerate(lines[1:], 1):
        if i == rule_at:
            continue
        for start, end, piece in fragments(line):
            column = max(j for j, s in enumerate(starts) if s <= start) if start >= starts[0] else 0
            columns[column].append(piece)
            if column == 0 and i > rule_at:
                number_ends.add(end)
            else:
                assert start == starts[column], (line, piece)
    assert len(number_ends) == 1  # right-aligned
    cells = [table.findall("header/row/cell")] + [row.findall("cell") for row in table.findall("row")]
    for j, column in enumerate(columns):
        assert fold("".join(column)) == fold("".join(text_of(row[j]) for row in cells)), j


@pytest.mark.parametrize("w", WIDTHS)
@pytest.mark.parametrize("name", ["example", "whole", *GOVCN])
def test_no_line_is_longer_than_the_wrap_width(rendered, name, w):
    """At 20 columns a table's unbreakable runs (12,345 and （件） in three columns, with the
    gaps between them) can need more room than there is: the writer keeps them whole, so
    tables are measured from 30 columns on."""
    out = parts(rendered[(name, w)])
    checked = [p for p in out if w >= 30 or not (len(p) > 1 and any(is_rule(x) for x in p))]
    too_long = [line for p in checked for line in p if width(line) > w]
    assert too_long == []


@pytest.mark.parametrize("w", (0, 30))
def test_spanning_cells_cover_their_columns(models, rendered, w):
    """The appendix's table: 目标值 spans the two year columns, which start under it; 公共数据开放
    spans two rows, whose second row has its cells under the year columns."""
    lines = table_parts(rendered[("whole", w)])[1]
    assert lines[0] == "主要指标"
    first, second = fragments(lines[1]), fragments(lines[2])
    assert [f[2] for f in first][:2] == ["指标", "目标值"]
    assert second[0][0] == first[1][0]  # 2024年 starts where 目标值 starts
    row = next(i for i, x in enumerate(lines) if x.startswith("公共数据"))
    below = fragments(lines[row + 1])
    assert "40.5%" in [f[2] for f in below] and below[0][0] > 0  # the spanned cell is left blank


def test_a_header_rule_separates_header_and_body(models, rendered):
    for name in ("example", "whole"):
        for lines, table in zip(table_parts(rendered[(name, 0)]), models[name].iter("table")):
            header_rows = len(table.findall("header/row"))
            caption_lines = 1 if table.find("caption") is not None else 0
            assert is_rule(lines[caption_lines + header_rows])
            assert sum(map(is_rule, lines)) == 1


# ------------------------------------------------------------------ closing --

@pytest.mark.parametrize("w", (0, 30, 72))
@pytest.mark.parametrize("name", ["example", "whole"])
def test_the_closing_is_on_its_own_lines_right_aligned_to_the_wrap(models, rendered, name, w):
    out, at = rendered[(name, w)].split("\n"), 0
    for closing in models[name].iter("closing"):
        expected = [(part.tag, text_of(part)) for part in closing]
        at = next(i for i in range(at, len(out)) if out[i].strip() == expected[0][1])
        for offset, (tag, value) in enumerate(expected):
            line = out[at + offset]
            assert line.strip() == value
            if tag == "note" or not w:
                assert line == value  # at the left (GB/T 9704 7.3.6: the note)
            else:
                assert width(line) == w and line.endswith(value)
        at += len(expected)


# ------------------------------------------------ attachment list, articles --

@pytest.mark.parametrize("w", (0, 72))
def test_the_attachment_list_is_its_lead_then_the_items_aligned(models, rendered, w):
    attachments = models["whole"].find("attachments")
    lead = attachments.get("label")
    lines = next(p for p in parts(rendered[("whole", w)]) if p[0].startswith(lead))
    items = [item.get("label") + text_of(item) for item in attachments]
    assert lines == [lead + items[0]] + [" " * width(lead) + item for item in items[1:]]


def test_articles_are_label_ideographic_space_text(models, rendered):
    lines = rendered[("whole", 0)].split("\n")
    for article in models["whole"].iter("article"):
        assert article.get("label") + "\u3000" + text_of(article[0]) in lines


def test_the_imprint_lines(models, rendered):
    imprint = models["whole"].find("imprint")
    copyto = imprint.find("copyto")
    office, date = imprint.findtext("printed/office"), imprint.findtext("printed/date")
    last = parts(rendered[("whole", 0)])[-1]
    assert last == [copyto.get("label") + text_of(copyto), office + "\u3000" + date]
    wrapped = parts(rendered[("whole", 72)])[-1]
    assert wrapped[-1].startswith(office) and wrapped[-1].endswith(date) and width(wrapped[-1]) == 72


# -------------------------------------------------------- attached documents --

@pytest.mark.parametrize("w", (0, 30))
@pytest.mark.parametrize("name", ["example", "whole", "gov-cn-20", "gov-cn-51"])
def test_a_separator_line_comes_before_each_attached_document(models, rendered, name, w):
    model, out = models[name], parts(rendered[(name, w)])
    appendices = model.findall("appendix")
    assert appendices
    at = 0
    for appendix in appendices:
        heading = appendix.find("heading")
        first = appendix.get("label") or title_lines(heading)[0][:8]
        found = next(i for i in range(at, len(out)) if out[i][0].startswith(first))
        assert len(out[found - 1]) == 1 and is_rule(out[found - 1][0]), out[found - 1]
        at = found + 1
    separators = [p for p in out if len(p) == 1 and is_rule(p[0])]
    assert len(separators) == len(appendices) + (model.find("imprint") is not None)


# ------------------------------------------------------------------ fidelity --

def without_metadata(out: str) -> str:
    """The text without the metadata lines that close the title page (发文机关：… 来源：…): the
    writer's own, not the model's blocks."""
    labels = tuple(f"{label}：" for lang in text.META_LINES.values() for _, label in lang)
    return "\n\n".join(p for p in out.split("\n\n") if not p.startswith(labels))


def without_images(model):
    """The model with its figures' images taken out: plain text shows every figure as the
    placeholder line of a missing image (［图：alt］ src), whose text the walk then gives."""
    model = copy.deepcopy(model)
    for image in list(model.iterfind(".//figure/image")):  # a seal's image is not a figure's
        image.getparent().remove(image)
    return model


@pytest.mark.parametrize("name", ["example", "whole", *GOVCN])
def test_every_character_of_the_model_in_order(models, rendered, name):
    assert missing_in_order(plain_text(without_images(models[name])), without_metadata(rendered[(name, 0)])) is None


def test_the_metadata_lines_close_the_title_page(models, rendered):
    """After the title, subtitle, document number and head lines, before the addressee."""
    paragraphs = rendered[("example", 0)].split("\n\n")
    meta = next(k for k, p in enumerate(paragraphs) if p.startswith("发文机关："))
    assert "来源：" in paragraphs[meta]
    assert paragraphs[meta - 1] == text_of(models["example"].find("front/speaker"))
    assert paragraphs[meta + 1] == text_of(models["example"].find("front/addressee"))


@pytest.mark.parametrize("w", WIDTHS)
@pytest.mark.parametrize("name", ["example", "whole", *GOVCN])
def test_every_character_in_order_when_wrapped(models, name, w):
    """Wrapped, a table's cells share lines (its columns are checked read down, above);
    everything else reads in the model's order."""
    model = without_images(models[name])
    for table in list(model.iter("table")):
        table.getparent().remove(table)
    assert missing_in_order(plain_text(model), without_metadata(text.render(model, w))) is None
