"""Draw docs/masthead.png: the first page of a State Council notice with its 版头 (通用),
beside the same page set as a 信函. Run: .venv/bin/python scripts/masthead_figure.py

The notice is gov-cn-10 of the development corpus (../shared/corpus), converted by the
command line as a user would; the pages are drawn by poppler's pdftoppm.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
NOTICE = ROOT.parent / "shared" / "corpus" / "gov-cn" / "gov-cn-10.html"
OUT = ROOT / "docs" / "masthead.png"
DPI = 50
GAP = 24


def first_page(form: str, folder: Path) -> Image.Image:
    outdir = folder / form
    subprocess.run([sys.executable, "-m", "convert", str(NOTICE), "--to", "pdf", "--form", form,
                    "-o", str(outdir), "-q"], check=True)
    pdf = next(outdir.glob("*.pdf"))
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(folder / form)], check=True)
    return Image.open(folder / f"{form}.png").convert("RGB")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pages = [first_page(form, Path(tmp)) for form in ("general", "letter")]
    width = sum(p.width for p in pages) + GAP * 3
    height = max(p.height for p in pages) + GAP * 2
    sheet = Image.new("RGB", (width, height), (224, 224, 224))
    x = GAP
    for page in pages:
        sheet.paste(page, (x, GAP))
        ImageDraw.Draw(sheet).rectangle((x - 1, GAP - 1, x + page.width, GAP + page.height), outline=(160, 160, 160))
        x += page.width + GAP
    sheet.save(OUT, optimize=True)
    print(OUT.relative_to(ROOT))


if __name__ == "__main__":
    main()
