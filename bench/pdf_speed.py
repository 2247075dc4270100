"""PDF build speed: the sample, then its body repeated N times (fonts cached first); then
Typst's whole process against ours on the same models.

Prints build time, pages per second and peak memory for each size, so that a
cost growing faster than linearly shows up. Run: .venv/bin/python bench/pdf_speed.py [N]

The Typst comparison (`typst` on PyPI, `pip install -e '.[bench]'`): our model of the sample,
and of its body repeated 10 times (and 100, when asked), is written as Typst markup through a GB/T 9704 template
(A4, margins 37/35/28/26 mm, 16 pt cwTeX 仿宋 body justified with a 2-em indent, 22 pt title,
黑体 and 楷体 headings, a — N — folio); then the whole process of each is timed, alternated in
pairs: `python -c "import typst; typst.compile(...)"` against `report-convert MODEL.xml --to
pdf`. Medians of the pairs, and the median of each pair's ratio. `--typst-only [PAIRS [SIZES]]`
runs only this part, SIZES as 1,10,100 (default 1,10).
"""
from __future__ import annotations

import copy
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from convert.options import Options  # noqa: E402
from convert.readers import text as text_reader  # noqa: E402
from convert.writers import pdf  # noqa: E402

SAMPLE = ROOT / "reports" / "jiangsu-2020-rule-of-law-report.txt"


def repeated(report, times: int):
    """The report with its body's children repeated `times` times."""
    big = copy.deepcopy(report)
    body = big.find("body")
    children = list(body)
    for _ in range(times - 1):
        body.extend(copy.deepcopy(child) for child in children)
    return big


def pages_of(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def build_once(times: int) -> None:
    """In a child process: build the sample body x `times`, print seconds, pages, peak RSS."""
    report = text_reader.read(SAMPLE, Options())
    model = repeated(report, times) if times > 1 else report
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bench.pdf"
        start = time.perf_counter()
        pdf.write(model, out, Options())
        seconds = time.perf_counter() - start
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(seconds, pages_of(out), rss)


GBT9704_TEMPLATE = r"""
#set page(paper: "a4", margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm),
  footer: context align(if calc.odd(here().page()) { right } else { left },
    text(font: "Noto Serif CJK SC", size: 14pt)[— #counter(page).display() —]))
#set text(font: ("cwTeXFangSong", "FandolFang", "Noto Serif CJK TC"), size: 16pt, lang: "zh", region: "cn")
#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 12.5pt, spacing: 12.5pt)
#let title(body) = align(center, block(above: 0pt, below: 28pt,
  text(font: ("Noto Serif CJK TC", "Noto Serif CJK SC"), weight: "bold", size: 22pt, body)))
#let h1(body) = par(text(font: ("Noto Sans CJK TC", "Noto Sans CJK SC"), body))
#let h2(body) = par(text(font: ("cwTeXKai", "AR PL UKai TW"), body))
"""


def typst_string(text: str) -> str:
    """A Typst string literal: JSON's escapes are Typst's, but for \\u{…}."""
    return json.dumps("".join(ch if ch >= " " else " " for ch in text), ensure_ascii=False)


def typst_source(model) -> str:
    """Our model as Typst markup through the GB/T 9704 template: title, headings, paragraphs."""
    lines = [GBT9704_TEMPLATE, f"#title[#{typst_string(''.join(model.find('meta/title').itertext()))}]"]
    for element in model.find("body").iter():
        if element.tag == "heading":
            level = int(element.getparent().get("level", "1"))
            label = element.getparent().get("label", "")
            call = "h1" if level == 1 else "h2"
            lines.append(f"#{call}[#{typst_string(label + ''.join(element.itertext()))}]")
        elif element.tag in ("p", "point", "item"):
            lines.append(f"#{typst_string(''.join(element.itertext()).strip())}")
        else:
            continue
        lines.append("")
    return "\n".join(lines)


def whole_process(argv: list[str], env: dict) -> tuple[float, float]:
    """The wall time of a whole process, and its CPU time (user and system, every thread)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compare_with_typst(pairs: int, sizes: tuple[int, ...] = (1, 10)) -> None:
    """Typst's whole process against ours, alternated in pairs, on the sample and its body
    repeated (x10, and x100 when asked)."""
    import typst  # noqa: F401  (the bench extra; fail here, before any timing)
    from lxml import etree

    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1700000000"}
    compile_typst = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        lines = SAMPLE.read_text(encoding="utf-8").split("\n")
        inputs = []
        for n in sizes:
            if n == 1:
                inputs.append(("sample", SAMPLE))
            else:
                (folder / f"sample{n}.txt").write_text("\n".join(lines[:3] + lines[3:] * n), encoding="utf-8")
                inputs.append((f"sample body x{n}", folder / f"sample{n}.txt"))
        from importlib.metadata import version

        print(f"\nTypst {version('typst')} against ours, whole process, {pairs} alternated pairs (medians)")
        print(f"{'input':<18}{'pages ours':>11}{'Typst':>7}{'ours s':>9}{'Typst s':>9}{'ours/Typst':>12}"
              f"{'ours p/s':>10}{'Typst p/s':>10}{'ours p/CPU s':>13}{'Typst p/CPU s':>14}")
        for label, text in inputs:
            stem = text.stem
            subprocess.run([sys.executable, "-m", "convert", str(text), "--to", "xml", "-o", str(folder), "-q"],
                           check=True, env=env)
            model_path = folder / f"{stem}.xml"
            typ = folder / f"{stem}.typ"
            typ.write_text(typst_source(etree.parse(str(model_path)).getroot()), encoding="utf-8")
            ours_argv = [sys.executable, "-m", "convert", str(model_path), "--to", "pdf", "-o", str(folder / "ours"), "-q"]
            typst_argv = [sys.executable, "-c", compile_typst, str(typ), str(folder / f"{stem}.typst.pdf")]
            whole_process(ours_argv, env), whole_process(typst_argv, env)  # warm both (caches, fonts)
            ours, theirs = [], []
            for _ in range(pairs):
                ours.append(whole_process(ours_argv, env))
                theirs.append(whole_process(typst_argv, env))
            ours_pages = pages_of(folder / "ours" / f"{stem}.pdf")
            typst_pages = pages_of(folder / f"{stem}.typst.pdf")
            ratio = statistics.median(a[0] / b[0] for a, b in zip(ours, theirs))
            ours_s, typst_s = statistics.median(a[0] for a in ours), statistics.median(b[0] for b in theirs)
            ours_cpu, typst_cpu = statistics.median(a[1] for a in ours), statistics.median(b[1] for b in theirs)
            print(f"{label:<18}{ours_pages:>11}{typst_pages:>7}{ours_s:>9.2f}{typst_s:>9.2f}{ratio:>12.2f}"
                  f"{ours_pages / ours_s:>10.0f}{typst_pages / typst_s:>10.0f}"
                  f"{ours_pages / ours_cpu:>13.0f}{typst_pages / typst_cpu:>14.0f}")
    print("ours/Typst: the median of each pair's ratio (below 1: ours is faster); p/s: pages a second of wall")
    print("time; p/CPU s: pages a second of CPU time (user and system, all threads)")


def main() -> None:
    times = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    subprocess.run([sys.executable, __file__, "--one", "1"], check=True, capture_output=True)  # warm the font cache
    print(f"{'input':<22}{'pages':>7}{'seconds':>10}{'pages/s':>10}{'peak RSS MB':>13}")
    for label, n in (("sample", 1), (f"sample body x{max(1, times // 10)}", max(1, times // 10)), (f"sample body x{times}", times)):
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], check=True, capture_output=True, text=True).stdout
        seconds, pages, rss = out.split()
        seconds, pages = float(seconds), int(pages)
        print(f"{label:<22}{pages:>7}{seconds:>10.2f}{pages / seconds:>10.0f}{float(rss):>13.0f}")
    print("seconds: the PDF writer alone (model already read); fonts cached")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        build_once(int(sys.argv[2]))
    elif sys.argv[1:2] == ["--typst-only"]:
        compare_with_typst(int(sys.argv[2]) if len(sys.argv) > 2 else 9,
                           tuple(int(n) for n in sys.argv[3].split(",")) if len(sys.argv) > 3 else (1, 10))
    else:
        main()
        compare_with_typst(9)
