"""Page numbers "— N —" (GB/T 9704 7.5: 4号 figures with a 一字线 on either side): each dash is
an em dash (U+2014) of the folio's own face and size, and its ink fills its em, so that the
dash reads as one line, not as two strokes with a gap (read back at 300 dpi)."""
from __future__ import annotations

import copy
import subprocess

import pdfplumber
import pytest
from conftest import DATA, SAMPLE, read_report, require_tool
from PIL import Image

from convert import style as styles
from convert.options import Options
from convert.writers import pdf

DPI = 300


@pytest.mark.parametrize("source", ["sample", "gwr-2025"])
def test_folio_dashes_are_full_em_dashes_of_the_folio_face(source, tmp_path):
    report = copy.deepcopy(read_report(SAMPLE if source == "sample" else DATA / "gwr-2025.txt"))
    path = tmp_path / "f.pdf"
    pdf.write(report, path, Options())
    folio = styles.load("official").roles["page_number"].size_pt
    with pdfplumber.open(path) as doc:
        page = doc.pages[1]
        lowest = max(c["top"] for c in page.chars)
        foot = [c for c in page.chars if c["top"] > lowest - 1 and c["text"].strip()]  # the folio's line
    assert [c["text"] for c in foot][0] == "—" and [c["text"] for c in foot][-1] == "—"
    digits = [c for c in foot if c["text"].isdigit()]
    image_stem = tmp_path / "p"
    subprocess.run([require_tool("pdftoppm"), "-r", str(DPI), "-gray", "-png", "-f", "2", "-l", "2", "-singlefile",
                    str(path), str(image_stem)], check=True)
    image = Image.open(f"{image_stem}.png").point(lambda v: 255 if v < 160 else 0)
    scale = DPI / 72
    for dash in (foot[0], foot[-1]):
        assert dash["fontname"].split("+")[-1] == digits[0]["fontname"].split("+")[-1]  # the folio's face
        width = dash["x1"] - dash["x0"]
        assert width >= folio * 0.98, f"{width:.1f} pt: not an em at {folio} pt"
        ink = image.crop((round(dash["x0"] * scale), round(dash["top"] * scale), round(dash["x1"] * scale),
                          round(dash["bottom"] * scale))).getbbox()
        assert ink is not None
        assert (ink[2] - ink[0]) >= 0.9 * width * scale, "the dash's ink does not fill its em"
