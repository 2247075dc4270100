"""Benchmarks that print a table: `make bench`.

Every comparison runs its commands alternately in the same run (A B A B ...) and
reports medians and the median of the pairwise ratios, so a noisy machine shifts
both sides alike. Absolute times are this machine's; the ratios are the point.
"""
from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
MEASURE = [PY, str(ROOT / "bench" / "measure.py")]
SAMPLE = ROOT / "reports" / "jiangsu-2020-rule-of-law-report.txt"
CORPUS = sorted((ROOT / "tests" / "data").glob("gwr-*.txt")) + [SAMPLE]
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
# The corpus batch takes a few seconds a run, and its ratio moves most with the
# machine's noise: more pairs for it.
BATCH_RUNS = int(os.environ.get("BENCH_BATCH_RUNS", "11"))


def timed(cmd: list, cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def measured(args: list, cwd: Path) -> dict:
    out = subprocess.run([*MEASURE, *map(str, args)], cwd=cwd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def alternate(a, b, runs: int = RUNS) -> tuple[float, float, float]:
    """Median of A, median of B, median of A/B over alternating runs."""
    ta, tb = [], []
    for _ in range(runs):
        ta.append(a())
        tb.append(b())
    return statistics.median(ta), statistics.median(tb), statistics.median(x / y for x, y in zip(ta, tb))


def scaled_report(times: int, workdir: Path) -> Path:
    """The sample with its body repeated `times` times."""
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    head, body, tail = lines[:9], lines[9:52], lines[52:]
    path = workdir / f"sample-x{times}.txt"
    path.write_text("\n".join(head + body * times + tail), encoding="utf-8")
    return path


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def row(*cells) -> None:
    print("| " + " | ".join(str(c) for c in cells) + " |")


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    print(f"Machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"{time.strftime('%Y-%m-%d')}; {RUNS} alternating runs, medians\n")
    # Warm the font cache so every figure is a rebuild, as `make` sees it after the first run.
    subprocess.run([PY, "-m", "convert", SAMPLE, "-o", work / "warm", "--to", "all"], check=True, cwd=ROOT)

    print("## The sample in every format against pandoc + LibreOffice\n")
    row("what", "ours (s)", "peer (s)", "peer / ours")
    row("---", "---", "---", "---")
    soffice = shutil.which("soffice")
    pandoc = shutil.which("pandoc")
    md = work / "sample.md"
    shutil.copy(SAMPLE, md)

    def ours_all(jobs: int):
        return lambda: timed([PY, "-m", "convert", SAMPLE, "-o", work / "ours", "--to", "xml,txt,docx,pdf,epub",
                              "-j", str(jobs)], ROOT)

    def peer_all():
        t = 0.0
        for fmt in ("docx", "epub", "plain"):
            t += timed([pandoc, md, "-f", "markdown", "-t", fmt, "-o", work / f"peer.{fmt}"], ROOT)
        t += timed([soffice, "--headless", "--convert-to", "pdf", "--outdir", work, work / "peer.docx"], ROOT)
        return t

    if pandoc and soffice:
        cores = os.cpu_count() or 1
        for jobs, how in ((cores, f"default -j {cores}: the PDF in a second process"), (1, "-j 1: one process")):
            a, b, r = alternate(ours_all(jobs), peer_all)
            row(f"xml+txt+docx+pdf+epub, one command ({how}) vs pandoc ×3 + LibreOffice DOCX→PDF",
                f"{a:.2f}", f"{b:.2f}", f"{1 / r:.1f}×")
        subprocess.run([PY, "-m", "convert", SAMPLE, "-o", work / "ours", "--to", "xml"], check=True, cwd=ROOT)
        model = work / "ours" / f"{SAMPLE.stem}.xml"
        for ours_fmt, peer_fmt in (("docx", "docx"), ("epub", "epub"), ("txt", "plain")):
            a, b, r = alternate(
                lambda: timed([PY, "-m", "convert", model, "-o", work / "single", "--to", ours_fmt], ROOT),
                lambda: timed([pandoc, md, "-f", "markdown", "-t", peer_fmt, "-o", work / f"single.{peer_fmt}"], ROOT),
            )
            row(f"{ours_fmt} alone vs pandoc -t {peer_fmt}", f"{a:.2f}", f"{b:.2f}", f"{1 / r:.2f}×")
    else:
        print("pandoc or LibreOffice missing: `make bench` installs them.")

    print("\n## Scaling: the sample's body repeated\n")
    row("size", "format", "seconds", "pages", "pages/s", "peak RSS (MB)")
    row("---", "---", "---", "---", "---", "---")
    for times in (1, 10, 100):
        report = scaled_report(times, work)
        out = work / f"scale{times}"
        measured([report, "-o", out, "--to", "xml"], ROOT)
        model = out / f"{report.stem}.xml"
        for fmt in ("xml", "txt", "docx", "pdf", "epub"):
            source = report if fmt == "xml" else model
            result = measured([source, "-o", out, "--to", fmt], ROOT)
            pages = pdf_pages(out / f"{report.stem}.pdf") if fmt == "pdf" else ""
            rate = f"{pages / result['wall']:.0f}" if pages else ""
            row(f"{times}×", fmt, f"{result['wall']:.2f}", pages, rate, f"{result['peak_mb']:.0f}")

    print(f"\n## Batch: the corpus in every format, -j1 against -j2 ({BATCH_RUNS} pairs for {len(CORPUS)} reports)\n")
    row("what", "-j1 (s)", "-j2 (s)", "speed-up")
    row("---", "---", "---", "---")
    for copies in (1, 4):
        inputs = []
        for k in range(copies):  # the corpus again under other names: a larger batch of the same reports
            for path in CORPUS:
                copy = work / "batch" / f"{path.stem}-{k}.txt"
                copy.parent.mkdir(exist_ok=True)
                shutil.copy(path, copy)
                inputs.append(copy)
        a, b, r = alternate(
            lambda: timed([PY, "-m", "convert", *inputs, "-o", work / "j1", "--to", "all", "-j", "1"], ROOT),
            lambda: timed([PY, "-m", "convert", *inputs, "-o", work / "j2", "--to", "all", "-j", "2"], ROOT),
            runs=BATCH_RUNS if copies == 1 else RUNS,
        )
        row(f"{len(inputs)} reports", f"{a:.2f}", f"{b:.2f}", f"{r:.2f}×")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
