"""The OFD rendered by another program than ours: easyofd (through PyMuPDF) draws page 1 and
a body page of the sample, and poppler's pdftoppm draws the PDF's; the lines of ink must be
where the PDF's are.

easyofd cannot draw the fonts an OFD embeds: it draws every text object with the one face it
has registered as 宋体 (tests/easyofd_render.py). In the substitute face (AR PL UMing) the
glyphs have other shapes and the cwTeX 仿宋 body is drawn at its scaled size, so the lines'
ink cannot coincide to 1 pt across their width; their places can: every line of the PDF has
one in the OFD, its ink centred on the same height within 2 pt (a tenth of the pitch: the PDF's
，。、 sit at the foot of their cells, the substitute's are centred), and starting and ending
within half an em of the PDF's (on most lines within 1 pt at the start)."""
from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from conftest import SAMPLE, read_report, require_tool
from convert import style as styles
from convert.options import Options
from convert.writers import ofd, pdf

EPOCH = "1700000000"
DPI = 144
PX_PER_PT = DPI / 72
HARNESS = Path(__file__).parent / "easyofd_render.py"
PAGES = (0, 1)  # the title page and a body page


def ink_lines(path: Path) -> list[tuple[float, float, float, float]]:
    """(top, bottom, left, right) in pt of each band of rows holding ink, top down."""
    ink = np.asarray(Image.open(path).convert("L")) < 128
    rows = ink.any(axis=1)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], rows.astype(int), [0]])))
    out = []
    for start, end in zip(edges[0::2], edges[1::2]):
        cols = np.flatnonzero(ink[start:end].any(axis=0))
        out.append(tuple(v / PX_PER_PT for v in (start, end, cols[0], cols[-1] + 1)))
    return out


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("render")
    model = read_report(SAMPLE)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        pdf.write(model, folder / "sample.pdf", Options())
        ofd.write(model, folder / "sample.ofd", Options())
    subprocess.run([require_tool("pdftoppm"), "-r", str(DPI), "-f", "1", "-l", str(len(PAGES)), "-png",
                    str(folder / "sample.pdf"), str(folder / "pdf")], check=True)
    # easyofd's pages have 200 units an inch: this zoom gives pdftoppm's pixels per point.
    done = subprocess.run([sys.executable, str(HARNESS), str(folder / "sample.ofd"), str(folder / "ofd"),
                           str(DPI / 200), *map(str, PAGES)], cwd=folder, capture_output=True, text=True,
                          env=dict(os.environ, PYTHONWARNINGS="ignore"))
    assert done.returncode == 0, done.stderr[-2000:]
    return folder, done.stderr


def pdf_page(folder: Path, page: int) -> Path:
    return next(folder.glob(f"pdf-*{page + 1}.png"))


@pytest.mark.parametrize("page", PAGES)
def test_easyofd_draws_every_line_where_the_pdf_has_it(rendered, page):
    folder, _ = rendered
    theirs = ink_lines(pdf_page(folder, page))
    ours = ink_lines(folder / f"ofd-{page}.png")
    assert len(ours) == len(theirs) > 15
    geo = styles.load("official").geometry
    em = geo.em(geo.body_size)
    starts = []
    for (top, bottom, left, right), (t, b, l, r) in zip(ours, theirs):
        # within 2 pt, a tenth of the line pitch: the PDF's ，。、 sit at the foot of their cells
        # (mainland placement) and lower its lines' ink, where the substitute face centres them
        assert (top + bottom) / 2 == pytest.approx((t + b) / 2, abs=2.0)
        if b > geo.page_height - geo.bottom:
            continue  # the page number: the substitute face's dashes are shorter (— 1 —)
        assert left == pytest.approx(l, abs=em / 2) and right == pytest.approx(r, abs=em / 2)
        starts.append(abs(left - l))
    assert statistics.median(starts) <= 1.0


def test_easyofd_says_nothing_about_the_package_only_about_fonts(rendered):
    """Its warnings and errors are the Windows fonts it looks for; none about our parts."""
    _, log = rendered
    complaints = [line for line in log.splitlines() if re.search(r"WARNING|ERROR|Traceback|失败", line)]
    assert all(re.search(r"(?i)font|字体", line) for line in complaints), complaints
