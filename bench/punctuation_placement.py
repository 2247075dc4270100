"""Where each punctuation mark's ink sits in its cell, read back from 300 dpi renders of PDFs.

For every mark on every page, pdfplumber gives the mark's cell (its glyph box: origin to
origin plus advance, and the line's height); poppler renders the page; the ink is the dark
pixels inside the cell, less the parts of it its neighbours on the line cover (a mark
compressed by half an em has a glyph box that reaches into its neighbour's cell). Under the mainland convention (gb) an opening mark's ink must lie in
the right half of its cell and a closing or pause mark's in the left half; under Taiwan's (tw)
it must be centred.

    python bench/punctuation_placement.py          a table for the sample and a Simplified report
    python bench/punctuation_placement.py --json   the same as JSON (for tests/test_punctuation_placement.py)
    PLACEMENT_PAGES=N                              only the first N pages of each PDF
"""
from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OPENING = set("（［｛〔〈《「『【〖“‘")
CLOSING = set("）］｝〕〉》」』】〗”’")
PAUSE = set("，。、；：！？")
DPI = 300
PAGES = int(os.environ.get("PLACEMENT_PAGES", "0"))  # measure only the first N pages of each PDF (0: all)
CENTRED = 0.15  # tw: the ink's centre within this share of the cell's middle


def side_ok(mark: str, position: float, convention: str) -> bool:
    """Is a mark whose ink centre sits at `position` (0 left edge, 1 right edge) where its convention asks?"""
    if convention == "tw":
        return abs(position - 0.5) <= CENTRED
    return position > 0.5 if mark in OPENING else position < 0.5


def measure(pdf: Path, convention: str) -> dict:
    """Marks counted, marks off their side, and the first few off ones, over the PDF's pages."""
    import pdfplumber
    from PIL import Image

    total, off, examples = 0, 0, []
    scale = DPI / 72
    with pdfplumber.open(pdf) as doc, tempfile.TemporaryDirectory() as tmp:
        for number, page in enumerate(doc.pages[:PAGES or None], 1):
            if not any(c["text"] in OPENING | CLOSING | PAUSE for c in page.chars):
                continue
            stem = Path(tmp) / f"p{number}"
            subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-f", str(number), "-l", str(number),
                            "-singlefile", str(pdf), str(stem)], check=True)
            image = Image.open(f"{stem}.png").point(lambda v: 255 if v < 128 else 0)
            chars = page.chars
            for k, c in enumerate(chars):
                if c["text"] not in OPENING | CLOSING | PAUSE:
                    continue
                # the cell, less what the neighbours on its line cover (a compressed mark's glyph
                # box reaches into its neighbour's cell: that ink is the neighbour's)
                left, right = c["x0"], c["x1"]
                for other in (chars[k - 1] if k else None, chars[k + 1] if k + 1 < len(chars) else None):
                    if other is not None and abs(other["top"] - c["top"]) < 1 and other["text"].strip():
                        if other["x0"] < c["x0"]:
                            left = max(left, other["x1"])
                        else:
                            right = min(right, other["x0"])
                box = (round(left * scale), round(c["top"] * scale), round(right * scale), round(c["bottom"] * scale))
                if box[2] - box[0] < 2:
                    continue
                ink = image.crop(box).getbbox()
                if ink is None:
                    continue
                position = (box[0] + (ink[0] + ink[2]) / 2 - c["x0"] * scale) / ((c["x1"] - c["x0"]) * scale)
                total += 1
                if not side_ok(c["text"], position, convention):
                    off += 1
                    if len(examples) < 8:
                        examples.append(f"p{number} {c['text']} at {position:.2f}")
    return {"marks": total, "off": off, "examples": examples}


def documents() -> list[tuple[str, object]]:
    """(name, model): the sample (a mainland document in Traditional script) and a Simplified report."""
    from convert.readers import text

    return [("sample", text.read(ROOT / "reports" / "jiangsu-2020-rule-of-law-report.txt")),
            ("gwr-2025", text.read(ROOT / "tests" / "data" / "gwr-2025.txt"))]


def main() -> None:
    from convert.options import Options
    from convert.model import convention as placement
    from convert.writers import pdf

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, model in documents():
            convention = placement.convention_of(model)
            path = Path(tmp) / f"{name}.pdf"
            pdf.write(copy.deepcopy(model), path, Options())
            results[name] = {"convention": convention, **measure(path, convention)}
    if "--json" in sys.argv:
        print(json.dumps(results, ensure_ascii=False))
        return
    print("| document | convention | marks | off their side | share off |")
    print("|---|---|---|---|---|")
    for name, r in results.items():
        share = r["off"] / r["marks"] if r["marks"] else 0
        print(f"| {name} | {r['convention']} | {r['marks']} | {r['off']} | 1 in {1 / share:.0f} |" if share else
              f"| {name} | {r['convention']} | {r['marks']} | 0 | none |")


if __name__ == "__main__":
    main()
