"""Styles: one schema, checked at load; `extends`; one set of defaults for every writer."""
from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from conftest import ROOT
from convert import style as styles
from convert.errors import StyleError, describe
from convert.options import Options
from convert.writers import docx as docx_writer
from convert.writers import pdf as pdf_writer

OFFICIAL = (ROOT / "styles" / "official.toml").read_text(encoding="utf-8")


def style_file(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path | str) -> StyleError:
    with pytest.raises(StyleError) as caught:
        styles.load(str(path))
    return caught.value


def without(text: str, *lines: str) -> str:
    for line in lines:
        assert line in text.splitlines(), line
    return "\n".join(l for l in text.splitlines() if l not in lines) + "\n"


# ----------------------------------------------------------------- errors --

def test_a_missing_table_names_the_file_and_the_table(tmp_path):
    path = style_file(tmp_path, 'description = "no page"\n[grid]\nlines_per_page = 22\nchars_per_line = 28\n')
    error = load_error(path)
    assert (error.path, error.key, error.message) == (path, "page", "missing table")
    assert describe(error) == f"style {path}: page: missing table"


def test_a_value_of_the_wrong_type_names_its_key(tmp_path):
    path = style_file(tmp_path, OFFICIAL.replace("width_mm = 210", 'width_mm = "wide"'))
    error = load_error(path)
    assert (error.path, error.key) == (path, "page.width_mm")
    assert "must be a number" in error.message and "'wide'" in error.message


@pytest.mark.parametrize("line, replacement, key", [
    ("lines_per_page = 22", "lines_per_page = 22.5", "grid.lines_per_page"),    # an integer
    ("lines_per_page = 22", "lines_per_page = 0", "grid.lines_per_page"),       # at least 1
    ('align = "center"', 'align = "centre"', "roles.title.align"),             # one of four
    ("bold = true", 'bold = "yes"', "roles.title.bold"),
    ('font = "hei"', 'font = "heiti"', "roles.heading1.font"),                  # a stack that exists
    ('format = "— {n} —"', 'format = "page"', "roles.page_number.format"),     # {n} once
    ("text_width_mm = 156", "text_width_mm = 200", "page.text_width_mm"),      # fits the paper
    ("toc_levels = 2", "toc_level = 2", "docx.toc_level"),                      # an unknown key
])
def test_every_key_is_checked_at_load(tmp_path, line, replacement, key):
    assert OFFICIAL.count(line) >= 1
    error = load_error(style_file(tmp_path, OFFICIAL.replace(line, replacement, 1)))
    assert error.key == key, error


def test_an_unknown_key_suggests_the_known_one(tmp_path):
    error = load_error(style_file(tmp_path, OFFICIAL.replace("margin_top_mm", "margin_tpo_mm")))
    assert error.key == "page.margin_tpo_mm" and "margin_top_mm" in error.message


def test_an_unknown_style_name_lists_the_styles():
    error = load_error("bogus")
    assert error.path == "bogus" and "official, reading" in error.message
    assert describe(error) == "style bogus: no such style (the styles are official, reading)"


def test_toml_syntax_errors_give_the_line(tmp_path):
    path = style_file(tmp_path, 'description = "x"\n[page\nwidth_mm = 1\n')
    error = load_error(path)
    assert error.path == path and "TOML syntax" in error.message and "line 2" in error.message


def test_extends_cycles_are_refused(tmp_path):
    style_file(tmp_path, 'extends = "b.toml"\n', "a.toml")
    style_file(tmp_path, 'extends = "a.toml"\n', "b.toml")
    error = load_error(tmp_path / "a.toml")
    assert error.key == "extends" and "a -> b -> a" in error.message


def test_extends_an_unknown_style_blames_the_extends_key(tmp_path):
    path = style_file(tmp_path, 'extends = "bogus"\n')
    error = load_error(path)
    assert (error.path, error.key) == (path, "extends") and "official, reading" in error.message


# ---------------------------------------------------------------- extends --

def test_reading_extends_official_and_says_only_what_differs():
    text = (ROOT / "styles" / "reading.toml").read_text(encoding="utf-8")
    assert 'extends = "official"' in text and "[fonts" not in text and "[compose]" not in text
    official, reading = styles.load("official"), styles.load("reading")
    assert (reading.name, reading.description) == ("reading", "A5 reading layout")
    assert (reading.page.width_mm, reading.grid.chars_per_line, reading.roles.body.size_pt) == (148, 26, 12)
    # Tables merge key by key: a role keeps the font and alignment it inherits.
    assert reading.roles.title.font == official.roles.title.font and reading.roles.title.align == "center"
    assert reading.roles.page_number.format == official.roles.page_number.format
    assert reading.fonts == official.fonts and reading.docx == official.docx


def test_a_user_style_extends_by_name_and_overrides_arrays(tmp_path):
    path = style_file(tmp_path, 'extends = "official"\n[fonts.hans]\nbody = ["Noto Serif CJK SC"]\n')
    mine = styles.load(str(path))
    assert mine.name == "mine" and mine.description == ""  # never inherited
    assert mine.fonts.hans["body"] == ["Noto Serif CJK SC"]  # an array replaces, it does not merge
    assert mine.fonts.hans["hei"] == styles.load("official").fonts.hans["hei"]


def test_available_lists_every_style_with_its_description():
    assert styles.available() == [("official", "GB/T 9704-2012 official document layout, A4"),
                                  ("reading", "A5 reading layout")]


# --------------------------------------------------------------- defaults --

MINIMAL = without(
    OFFICIAL,
    "[title_block]", "blank_lines_after_title = 1",
    "inset_chars = 1",
    "[text]", 'color = "#000000"', "first_line_indent_chars = 2",
)


def test_a_style_without_optional_keys_gets_the_schema_defaults(tmp_path):
    minimal = styles.load(str(style_file(tmp_path, MINIMAL)))
    official = styles.load("official")
    assert dataclasses.replace(minimal, name="official", path=None) == dataclasses.replace(official, path=None)


def docx_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_every_writer_gets_the_same_defaults(example_model, tmp_path, monkeypatch):
    """Left out, blank_lines_after_title and inset_chars were 1 for the PDF and 0 for the
    DOCX, and first_line_indent_chars was required by the PDF: now the schema decides."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    minimal = str(style_file(tmp_path, MINIMAL))
    assert docx_parts(docx_writer.render(example_model, Options(style=minimal))) == \
        docx_parts(docx_writer.render(example_model, Options(style="official")))
    document = docx.Document(io.BytesIO(docx_writer.render(example_model, Options(style=minimal))))
    pitch = styles.load("official").geometry.line_pitch_twips
    title = document.styles["Title"].element
    assert title.find(f"{qn('w:pPr')}/{qn('w:spacing')}").get(qn("w:after")) == str(pitch)
    pdf_writer.write(example_model, tmp_path / "minimal.pdf", Options(style=minimal))
    pdf_writer.write(example_model, tmp_path / "official.pdf", Options(style="official"))
    assert (tmp_path / "minimal.pdf").read_bytes() == (tmp_path / "official.pdf").read_bytes()


# ------------------------------------------------------------------ docs --

def test_docs_describe_every_key_as_the_schema_declares_it():
    """docs/styles.md holds the table made from the schema, so no key goes undocumented."""
    doc = (ROOT / "docs" / "styles.md").read_text(encoding="utf-8")
    assert styles.reference_table() in doc
    keys = [row[0].strip("[]") for row in styles.reference_rows()]
    for path in (ROOT / "styles").glob("*.toml"):
        table = ""
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("["):
                table = line.split("]")[0].strip("[")
                assert any(k == table or k.startswith(table.split(".")[0] + ".") for k in keys), (path.name, table)
                continue
            name = line.split("=")[0].strip()
            if "=" in line and not line.lstrip().startswith("#") and not table.startswith("fonts."):
                assert any(k.split(".")[-1] == name for k in keys), (path.name, table, name)
