"""The vertical EPUB as a reading system shows it: headless Chromium screenshots of a chapter.

In vertical text, brackets, corner quotes and dashes must be turned (the font's `vert` forms):
a turned （ 「 《 is wider than tall in its cell, an upright one taller than wide; a turned ——
is a vertical line. Each mark of the chapter is wrapped in a span with a red background in a
copy of the XHTML, so that the screenshot shows where its cell is; the mark's ink is the dark
pixels inside that red box."""
from __future__ import annotations

import copy
import re
import subprocess
import zipfile

import pytest
from conftest import DATA, SAMPLE, read_report, require_tool
from lxml import etree
from PIL import Image

from convert.options import Options
from convert.writers import epub

XHTML = "http://www.w3.org/1999/xhtml"
TURNED = "（）「」『』《》〈〉“”‘’"  # wider than tall when turned
DASH = "—"                       # a vertical line when turned
BOX = "background-color:#ff0000;color:transparent"  # where a mark's cell is, its ink hidden
# Chromium trims a bracket's blank half (text-spacing-trim) and paints the span's background
# over the trimmed advance, not over the glyph: in the copies every mark keeps its full cell.
FULL_CELLS = "* { text-spacing-trim: space-all !important; }"
MIN_INK = 6
EDGE = 2  # pixels  # pixels: fewer is a neighbour's antialiasing, not a mark
SCREEN_CHARS = 900  # less than a 1000 × 800 screenshot of vertical text shows


def book_pages(tmp_path, report) -> list[tuple[str, str]]:
    """The vertical EPUB's XHTML documents, unpacked: (path, text) each."""
    book = tmp_path / "book.epub"
    epub.write(report, book, Options(vertical=True))
    folder = tmp_path / "book"
    with zipfile.ZipFile(book) as archive:
        archive.extractall(folder)
    return [(str(p), p.read_text(encoding="utf-8")) for p in sorted((folder / "EPUB").glob("*.xhtml"))]


def first_screen(xhtml: str) -> str:
    """The document cut after the blocks that fill about one screen: vertical text runs right to
    left, and headless Chromium's screenshot of a longer one shows its end, not its start."""
    root = etree.fromstring(xhtml.encode("utf-8"))
    budget = SCREEN_CHARS
    for block in list(root.iter(f"{{{XHTML}}}p", f"{{{XHTML}}}h1", f"{{{XHTML}}}h2", f"{{{XHTML}}}div")):
        if block.getparent() is None:
            continue
        if budget <= 0:
            block.getparent().remove(block)
        else:
            budget -= len("".join(block.itertext()))
    return etree.tostring(root, encoding="unicode")


def busiest_page(pages: list[tuple[str, str]], marks: str) -> tuple[str, str]:
    """A document's first screen with the most of `marks`."""
    screens = [(path, first_screen(text)) for path, text in pages if not path.endswith("/nav.xhtml")]
    return max(screens, key=lambda page: sum(re.sub(r"<[^>]+>", "", page[1]).count(m) for m in marks))


def marks_boxed(xhtml: str, marks: str, style: str) -> str:
    """Each mark of `marks` in text content wrapped in a red span (a run of dashes as one; a mark
    next to another mark, across tags too, is left out, since their boxes would merge)."""
    parts = re.split(r"(<[^>]+>)", xhtml)
    flat = "".join(p for p in parts if not p.startswith("<"))
    m = re.escape(marks)
    pattern = re.compile(f"{m}+" if marks == DASH else f"(?<![{m}])[{m}](?![{m}])")
    wrapped = {i for found in pattern.finditer(flat) for i in range(found.start(), found.end())}
    out, at = [], 0
    for part in parts:
        if part.startswith("<"):
            out.append(part)
            continue
        pieces = []
        for k, ch in enumerate(part):
            if at + k in wrapped and (k == 0 or at + k - 1 not in wrapped):
                pieces.append(f'<span style="{style}">')
            pieces.append(ch)
            if at + k in wrapped and (k == len(part) - 1 or at + k + 1 not in wrapped):
                pieces.append("</span>")
        out.append("".join(pieces))
        at += len(part)
    return "".join(out)


def screenshot(page: str, out: str, chromium: str) -> Image.Image:
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--force-device-scale-factor=1", f"--screenshot={out}", "--window-size=1000,800",
                    f"file://{page}"], check=True, capture_output=True, timeout=120)
    return Image.open(out).convert("RGB")


def is_red(pixel) -> bool:
    """The red background, or ink blended into its edge (never black or grey ink)."""
    r, g, b = pixel
    return r > 120 and r > g + 80 and r > b + 80


def red_boxes(image: Image.Image) -> list[tuple[int, int, int, int]]:
    """The boxes (x0, y0, x1, y1) of the red cells: connected red pixels."""
    width, height = image.size
    px = image.load()
    seen = set()
    boxes = []
    for y in range(height):
        for x in range(width):
            if (x, y) in seen or not is_red(px[x, y]):
                continue
            stack, box = [(x, y)], [x, y, x, y]
            seen.add((x, y))
            while stack:
                cx, cy = stack.pop()
                box = [min(box[0], cx), min(box[1], cy), max(box[2], cx), max(box[3], cy)]
                for nx, ny in ((cx + 1, cy), (cx - 1, cy), (cx, cy + 1), (cx, cy - 1)):
                    if 0 <= nx < width and 0 <= ny < height and (nx, ny) not in seen and is_red(px[nx, ny]):
                        seen.add((nx, ny))
                        stack.append((nx, ny))
            if box[2] - box[0] >= 4 and box[3] - box[1] >= 4:
                boxes.append(tuple(box))
    return boxes


def ink_box(image: Image.Image, box) -> tuple[int, int] | None:
    """(width, height) of the ink (every clearly non-white pixel) inside a red box."""
    px = image.load()
    xs, ys = [], []
    for y in range(box[1] + EDGE, box[3] + 1 - EDGE):  # the characters above and below bleed into the edges
        for x in range(box[0], box[2] + 1):
            if sum(px[x, y]) < 600:  # thin strokes at this size are grey
                xs.append(x)
                ys.append(y)
    return (max(xs) - min(xs) + 1, max(ys) - min(ys) + 1) if len(xs) >= MIN_INK else None


@pytest.fixture(scope="module")
def chromium():
    return require_tool("chromium", "chromium-browser", hint="make setup-test installs chromium")


@pytest.fixture(scope="module")
def traditional_pages(tmp_path_factory):
    return book_pages(tmp_path_factory.mktemp("hant"), copy.deepcopy(read_report(SAMPLE)))


@pytest.fixture(scope="module")
def simplified_pages(tmp_path_factory):
    return book_pages(tmp_path_factory.mktemp("hans"), copy.deepcopy(read_report(DATA / "gwr-2021.txt")))


def test_traditional_vertical_text_quotes_with_corner_brackets(traditional_pages):
    bodies = "".join(text.split("<body", 1)[1] for _, text in traditional_pages)
    assert "「" in bodies and "」" in bodies
    assert not re.search("[“”‘’]", bodies)


def test_simplified_vertical_text_keeps_its_quotes(simplified_pages):
    bodies = "".join(text.split("<body", 1)[1] for _, text in simplified_pages)
    assert "“" in bodies


def turned_shapes(page, marks: str, chromium: str, tmp_path) -> list[tuple[int, int]]:
    """The ink (width, height) of each boxed mark: one screenshot shows the marks' cells in red
    (their ink hidden), a second the same page as it is; the ink is the second's dark pixels
    inside each red cell of the first."""
    path, text = page
    folder = path.rsplit("/", 1)[0]  # the copies link the book's stylesheets by absolute address
    shots = []
    for name, style in (("cells", BOX), ("ink", "")):
        copy_ = tmp_path / f"{name}.xhtml"
        page = marks_boxed(text, marks, style).replace('href="style/', f'href="file://{folder}/style/')
        copy_.write_text(page.replace("</head>", f"<style>{FULL_CELLS}</style></head>"), encoding="utf-8")
        shots.append(screenshot(str(copy_), str(tmp_path / f"{name}.png"), chromium))
    cells, ink = shots
    return [s for s in (ink_box(ink, b) for b in red_boxes(cells)) if s]


@pytest.mark.parametrize("edition", ["hant", "hans"])
def test_brackets_and_quotes_are_turned(edition, traditional_pages, simplified_pages, chromium, tmp_path):
    pages = traditional_pages if edition == "hant" else simplified_pages
    shapes = turned_shapes(busiest_page(pages, TURNED), TURNED, chromium, tmp_path)
    assert len(shapes) >= 10, f"only {len(shapes)} marks on screen"
    upright = [(w, h) for w, h in shapes if w <= h]
    assert upright == [], f"{len(upright)} of {len(shapes)} marks not turned: {upright}"


def test_dashes_are_turned(simplified_pages, chromium, tmp_path):
    shapes = turned_shapes(busiest_page(simplified_pages, DASH), DASH, chromium, tmp_path)
    assert len(shapes) >= 1, "no dash on screen"
    flat = [(w, h) for w, h in shapes if h <= 2 * w]
    assert flat == [], f"{len(flat)} of {len(shapes)} dashes not turned: {flat}"
