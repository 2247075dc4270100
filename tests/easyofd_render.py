"""Render OFD pages with easyofd, as a separate process (tests/test_ofd_render.py runs it).

usage: python easyofd_render.py FILE.ofd OUT_PREFIX ZOOM PAGE...   (pages from 0)

easyofd draws every text object with the one font it has registered as 宋体 (SimSun on
Windows), whatever font the OFD embeds, and it reads every system font with fontTools
when it starts (minutes here). So this harness registers a free Song face (AR PL UMing) as
宋体 and gives easyofd an empty font scan; it then draws our text at our positions in
that face. easyofd writes its scratch files into the working folder and prints freely: run
it in a temporary folder with its output discarded.
"""
import sys

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

SONG = "/usr/share/fonts/truetype/arphic/uming.ttc"


def main(path: str, prefix: str, zoom: float, pages: list[int]) -> None:
    import easyofd.draw.font_tools as font_tools

    font_tools.FontTool.get_installed_fonts = lambda self: ["宋体"]
    pdfmetrics.registerFont(TTFont("宋体", SONG, subfontIndex=0))
    import fitz
    from easyofd import OFD

    document = OFD()
    document.read(path, fmt="path")
    rendered = fitz.open(stream=document.to_pdf(), filetype="pdf")
    # easyofd's PDF has 200 units per inch (its OP = 200 / 25.4 per mm)
    for page in pages:
        rendered[page].get_pixmap(matrix=fitz.Matrix(zoom, zoom), alpha=False).save(f"{prefix}-{page}.png")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]), [int(p) for p in sys.argv[4:]])
