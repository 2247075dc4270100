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


# -------------------------------------------------------------- base size --

def test_a_role_without_a_size_takes_the_base_size_and_its_own_wins(tmp_path):
    text = OFFICIAL.replace("[roles]\nsize_pt = 16\n", "[roles]\nsize_pt = 13\n", 1)
    mine = styles.load(str(style_file(tmp_path, text)))
    assert (mine.roles.body.size_pt, mine.roles.heading1.size_pt, mine.roles.lead.size_pt) == (13, 13, 13)
    assert (mine.roles.title.size_pt, mine.roles.table.size_pt, mine.roles.page_number.size_pt) == (22, 14, 14)
    assert mine.geometry.body_size == 13  # the grid's type size follows the body's


def test_a_style_extending_another_resizes_every_role_it_inherits_without_a_size(tmp_path):
    mine = styles.load(str(style_file(tmp_path, 'extends = "official"\n[roles]\nsize_pt = 12\n'
                                                'heading1 = { size_pt = 15 }\n')))
    official = styles.load("official")
    assert (mine.roles.body.size_pt, mine.roles.signature.size_pt, mine.roles.heading1.size_pt) == (12, 12, 15)
    # Roles official.toml sizes itself keep their sizes.
    assert (mine.roles.title.size_pt, mine.roles.caption.size_pt) == (official.roles.title.size_pt, 16)


def test_without_a_base_size_every_role_needs_its_own(tmp_path):
    text = OFFICIAL.replace("[roles]\nsize_pt = 16\n", "", 1)
    error = load_error(style_file(tmp_path, text))
    assert (error.key, error.message) == ("roles.subtitle.size_pt", "missing key")


@pytest.mark.parametrize("value, message", [('"big"', "must be a number"), ("0", "must be at least 1")])
def test_a_bad_base_size_names_its_own_key(tmp_path, value, message):
    error = load_error(style_file(tmp_path, OFFICIAL.replace("[roles]\nsize_pt = 16\n", f"[roles]\nsize_pt = {value}\n", 1)))
    assert error.key == "roles.size_pt" and message in error.message, error


def test_reading_sets_its_size_once():
    text = (ROOT / "styles" / "reading.toml").read_text(encoding="utf-8")
    assert text.count("size_pt = 12") == 1
    reading = styles.load("reading")
    twelve = [name for name in styles.ROLE_NAMES if reading.roles[name].size_pt == 12]
    assert {"body", "heading1", "heading4", "lead", "signature", "closing_date", "note"} <= set(twelve)


# ----------------------------------------------------------------- colour --

def test_a_role_colour_is_its_own_else_the_text_colour(tmp_path):
    mine = styles.load(str(style_file(tmp_path, 'extends = "official"\n[text]\ncolor = "#333333"\n'
                                                '[roles.title]\ncolor = "#CC0000"\n')))
    assert (mine.role_color("title"), mine.role_color("body")) == ("#CC0000", "#333333")
    assert mine.role_rgb("title") == (0.8, 0.0, 0.0)
    assert mine.role_rgb("body") == (0x33 / 255,) * 3
    assert styles.load("official").role_rgb("heading1") == (0.0, 0.0, 0.0)  # black when nothing is set


@pytest.mark.parametrize("value", ['"red"', '"#CC00"', '"CC0000"', "12"])
def test_a_bad_role_colour_names_its_key(tmp_path, value):
    error = load_error(style_file(tmp_path, f'extends = "official"\n[roles.heading2]\ncolor = {value}\n'))
    assert error.key == "roles.heading2.color", error


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


def test_a_styles_toml_read_from_the_cache_is_the_toml_parsed(tmp_path, monkeypatch):
    import tomllib

    from convert import startup

    monkeypatch.setattr(startup, "cache_path", lambda name: str(tmp_path / "cache" / name))
    path = styles._path_of("official")
    parsed = tomllib.loads(path.read_text(encoding="utf-8"))
    assert styles._read(path, "official") == parsed  # parsed, and kept
    (kept,) = (tmp_path / "cache").glob("toml-*.marshal")
    monkeypatch.setattr(tomllib, "loads", None)  # read back without parsing
    again = styles._read(path, "official")
    assert again == parsed and list(again) == list(parsed)  # the keys' order too
    kept.write_bytes(b"\x00damaged")
    monkeypatch.undo()
    monkeypatch.setattr(startup, "cache_path", lambda name: str(tmp_path / "cache" / name))
    assert styles._read(path, "official") == parsed  # a damaged file: parsed again
    dated = tmp_path / "dated.toml"
    dated.write_text("[meta]\nwhen = 2024-05-01\n", encoding="utf-8")
    assert styles._read(dated, str(dated))["meta"]["when"].isoformat() == "2024-05-01"  # marshal cannot keep a date
