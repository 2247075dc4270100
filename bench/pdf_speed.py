"""PDF build speed: the sample, then its body repeated N times (fonts cached first).

Prints build time, pages per second and peak memory for each size, so that a
cost growing faster than linearly shows up. Run: .venv/bin/python bench/pdf_speed.py [N]
"""
from __future__ import annotations

import copy
import resource
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
    else:
        main()
