"""The body is set in a true 仿宋 wherever a free one covers the text (GB/T 9704 7.1: 3号仿宋):
FandolFang for Simplified editions, cwTeX 仿宋 for Traditional ones; the body's other faces
(Song/Ming fallbacks) only for characters the 仿宋 lacks. Read back from the PDF: each
character's embedded face, as pdfplumber reports it, checked against the 仿宋 face's cmap."""
from __future__ import annotations

import copy
from collections import Counter

import pdfplumber
import pytest

from convert import style as styles
from convert.transforms import script
from convert.typeset import fonts
from convert.writers import pdf
from tests.conftest import DATA, SAMPLE, read_report

# The body stack's faces after the 仿宋 (styles/official.toml), as embedded font names begin
BODY_FALLBACKS = ("NotoSerifCJKsc-Regular", "NotoSerifCJKtc-Regular", "ARPLUMing", "HanaMin")


def drawn(report, tmp_path) -> dict[str, Counter]:
    """face name → the characters it draws, over the whole PDF."""
    path = tmp_path / "out.pdf"
    pdf.write(report, path)
    faces: dict[str, Counter] = {}
    with pdfplumber.open(path) as doc:
        for page in doc.pages:
            for ch in page.chars:
                faces.setdefault(ch["fontname"].split("+", 1)[-1], Counter())[ch["text"]] += 1
    return faces


def check_fangsong(faces: dict[str, Counter], family: str, name_starts: str) -> None:
    fangsong = sum((c for name, c in faces.items() if name.startswith(name_starts)), Counter())
    fallback = sum((c for name, c in faces.items() if name.startswith(BODY_FALLBACKS)), Counter())
    assert sum(fangsong.values()) > 20 * sum(fallback.values()), {k: sum(v.values()) for k, v in faces.items()}
    covered = fonts.coverage(fonts.find_face(family))
    wrongly = sorted(ch for ch in fallback if ord(ch) in covered)
    assert wrongly == [], f"set in a fallback although {family} has them: {''.join(wrongly)}"


@pytest.mark.parametrize("source", [SAMPLE, DATA / "gwr-2025.txt"], ids=["sample-hans", "gwr-2025"])
def test_simplified_text_is_set_in_fandol_fang(source, tmp_path):
    report = copy.deepcopy(read_report(source))  # the cached model: script.convert changes it in place
    if report.get("{http://www.w3.org/XML/1998/namespace}lang") != "zh-Hans":
        report = script.convert(report, "hans")
    check_fangsong(drawn(report, tmp_path), "FandolFang", "FandolFang")


def test_traditional_text_keeps_cwtex_fangsong(tmp_path):
    faces = drawn(copy.deepcopy(read_report(SAMPLE)), tmp_path)
    check_fangsong(faces, "cwTeXFangSong", "cwTeXFangSong")
    # FandolFang draws only the marks that cwTeX would centre (mainland placement, styles' [punctuation])
    marks = set(styles.load("official").punctuation.marks)
    fandol = set().union(*(c for name, c in faces.items() if name.startswith("FandolFang")))
    assert fandol and fandol <= marks, fandol - marks
