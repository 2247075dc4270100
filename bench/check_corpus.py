"""`report-convert check` over the provinces' DOCX files (../shared/corpus/docx), beside our
conversion of the same files (PDF, OFD, and LibreOffice's rendering of our DOCX); then the time
to check a 20-page PDF. Prints Markdown tables (docs/check.md holds a run's):

    .venv/bin/python bench/check_corpus.py [CORPUS_DIR]

LibreOffice renders every DOCX with the free stand-ins of the fonts the files name (仿宋_GB2312,
黑体, 楷体_GB2312, 方正小标宋简体 → Noto CJK), as the tests do: without them it falls back on one
face for all, and the finding is the fallback's, not the file's.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from convert import cli, style as styles  # noqa: E402
from convert.check import rules  # noqa: E402
from convert.check.docx import declared_fonts, named_fonts  # noqa: E402
from convert.check.pages import Pages, read_ofd, read_pdf  # noqa: E402

CORPUS = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus" / "docx"


def fontconfig(tmp: Path) -> Path:
    style = styles.load("official")
    aliases = "".join(
        f"<alias binding='same'><family>{styles.font_stack(style, role, 'zh-Hans')[0]}</family>"
        f"<prefer><family>Noto {'Sans' if role == 'hei' else 'Serif'} CJK SC</family></prefer></alias>"
        for role in ("title", "body", "hei", "kai"))
    conf = tmp / "fonts.conf"
    conf.write_text("<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
                    f"<include ignore_missing='yes'>/etc/fonts/fonts.conf</include>{aliases}</fontconfig>", encoding="utf-8")
    return conf


def render(paths: list[Path], outdir: Path, tmp: Path) -> None:
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig(tmp)))
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp / 'profile').resolve().as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(outdir), *map(str, paths)],
                   env=env, capture_output=True, check=True, timeout=1800)


def tally(found: list[rules.Finding]) -> str:
    counts = Counter(f.strength for f in found)
    return " / ".join(str(counts.get(s, 0)) for s in (rules.REQUIRED, rules.ADVISED, rules.PRACTICE))


def required_ids(found: list[rules.Finding]) -> str:
    return ", ".join(sorted({f.rule for f in found if f.strength == rules.REQUIRED})) or "–"


def main() -> None:
    style = styles.load("official")
    files = sorted(CORPUS.glob("*.docx"))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        ours = tmp / "ours"
        assert cli.main([*map(str, files), "--to", "pdf,ofd,docx", "-o", str(ours), "-q"]) == 0
        render(files, tmp / "theirs-lo", tmp)
        render(sorted(ours.glob("*.docx")), tmp / "ours-lo", tmp)
        print("| file | their DOCX: 规定 / 推荐 / 实务 | their 规定 rules | our PDF | our OFD | our DOCX (LibreOffice) |")
        print("|---|---|---|---|---|---|")
        totals = Counter()
        for path in files:
            theirs = rules.run(Pages(str(path), "docx", read_pdf(tmp / "theirs-lo" / f"{path.stem}.pdf").pages), style,
                               named_fonts=named_fonts(path)) + declared_fonts(path, style)
            pdf = rules.run(read_pdf(ours / f"{path.stem}.pdf"), style)
            ofd = rules.run(read_ofd(ours / f"{path.stem}.ofd"), style)
            lo = rules.run(read_pdf(tmp / "ours-lo" / f"{path.stem}.pdf"), style,
                           named_fonts=named_fonts(ours / f"{path.stem}.docx")) + declared_fonts(ours / f"{path.stem}.docx", style)
            for name, found in (("theirs", theirs), ("pdf", pdf), ("ofd", ofd), ("lo", lo)):
                totals[name] += sum(f.strength == rules.REQUIRED for f in found)
            print(f"| {path.stem} | {tally(theirs)} | {required_ids(theirs)} | {tally(pdf)} | {tally(ofd)} | {tally(lo)} |")
        print(f"| **规定, all files** | **{totals['theirs']}** | | **{totals['pdf']}** | **{totals['ofd']}** | **{totals['lo']}** |")
        speed(ours)


def speed(ours: Path) -> None:
    """The check of a 20-page PDF: the first 20 pages of our longest PDF, best of three."""
    longest = max(ours.glob("*.pdf"), key=lambda p: p.stat().st_size)
    parts = ours / "pages"
    parts.mkdir()
    subprocess.run(["pdfseparate", "-f", "1", "-l", "20", str(longest), str(parts / "%02d.pdf")], check=True)
    twenty = ours / "twenty.pdf"
    subprocess.run(["pdfunite", *sorted(map(str, parts.glob("*.pdf"))), str(twenty)], check=True)
    style = styles.load("official")
    best = min(_timed(lambda: rules.run(read_pdf(twenty), style)) for _ in range(3))
    print(f"\nChecking a 20-page PDF ({longest.stem}, pages 1-20): {best:.2f} s (best of 3)")


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
