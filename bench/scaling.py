"""Cost per stage from text at archive sizes: the sample's body repeated 100×, 200×, 400×, 800×.

Each stage runs alone in a fresh process that reports its own time and peak RSS: the reader
(report text → model) and each writer (model → file; the model is read from XML untimed).
Prints microseconds per input character for each stage and size, the ratio of the largest
size's per-character cost to the smallest's (linear costs give about 1; the target is ≤ 1.2),
and peak RSS at the largest size. Every ratio compares runs of this one invocation.

Every ratio divides by the smallest size, so each of its stages runs BASELINE_RUNS times and
keeps the fastest; the other sizes run BENCH_SCALING_RUNS times (default 2: one run of a
large size on a shared machine can be 50% slow), fastest kept.

Run: .venv/bin/python bench/scaling.py [SIZE ...]   (default 100 200 400 800)
"""
from __future__ import annotations

import json
import shutil
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from run import scaled_report  # noqa: E402  (bench/run.py, beside this file)

WRITERS = ("xml", "txt", "docx", "pdf", "epub")
STAGES = ("reader", *WRITERS)
SIZES = (100, 200, 400, 800)
TARGET = 1.2
RUNS = int(os.environ.get("BENCH_SCALING_RUNS", "2"))
BASELINE_RUNS = max(3, RUNS)


def run_stage(stage: str, text: Path, model: Path, out: Path) -> None:
    """In the child: time one stage, print {"seconds", "peak_mb"} as JSON."""
    from convert.options import Options
    from convert.readers import text as text_reader
    from convert.readers import xml as xml_reader
    from convert.writers import extension, writer

    options = Options()
    if stage == "reader":
        start = time.perf_counter()
        report = text_reader.read(text, options)
        seconds = time.perf_counter() - start
        writer("xml").write(report, model, options)  # the writers' input, untimed
    else:
        report = xml_reader.read(model)
        start = time.perf_counter()
        writer(stage).write(report, out / (text.stem + extension(stage)), options)
        seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb}))


def measure(stage: str, text: Path, model: Path, out: Path, runs: int = 1) -> dict:
    """The fastest of `runs` child runs, and the largest peak RSS among them."""
    results = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, __file__, "--stage", stage, str(text), str(model), str(out)],
                              capture_output=True, text=True, cwd=ROOT)
        if done.returncode:
            sys.exit(f"bench: the {stage} stage failed on {text.name}:\n{done.stderr}")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {"seconds": min(r["seconds"] for r in results), "peak_mb": max(r["peak_mb"] for r in results)}


def row(*cells) -> None:
    print("| " + " | ".join(str(c) for c in cells) + " |", flush=True)


def main(sizes: list[int]) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-scaling-"))
    # Fill the font and OpenCC caches first, so that no figure includes them.
    warm = scaled_report(1, work)
    for stage in STAGES:
        measure(stage, warm, work / "warm.xml", work)
    chars, cost, peak, seconds = {}, {}, {}, {}
    for size in sizes:
        text = scaled_report(size, work)
        chars[size] = len(text.read_text(encoding="utf-8"))
        model = work / f"{text.stem}.model.xml"
        for stage in STAGES:
            result = measure(stage, text, model, work, BASELINE_RUNS if size == sizes[0] else RUNS)
            cost[stage, size] = result["seconds"] * 1e6 / chars[size]
            peak[stage, size], seconds[stage, size] = result["peak_mb"], result["seconds"]
            print(f"  {size}×  {stage:<6} {result['seconds']:8.2f} s  {result['peak_mb']:6.0f} MB", file=sys.stderr,
                  flush=True)
        text.unlink()
    first, last = sizes[0], sizes[-1]
    print(f"\n## Cost per stage from text: µs per input character (the sample's body repeated; "
          f"{', '.join(f'{s}× = {chars[s]:,} characters' for s in sizes)})\n")
    row("stage", *(f"{s}×" for s in sizes), f"{last}× / {first}×", f"linear (≤ {TARGET})", f"s at {last}×",
        f"peak RSS at {last}× (MB)")
    row(*["---"] * (len(sizes) + 5))
    for stage in STAGES:
        ratio = cost[stage, last] / cost[stage, first]
        row(stage if stage == "reader" else f"{stage} writer", *(f"{cost[stage, s]:.2f}" for s in sizes),
            f"{ratio:.2f}", "yes" if ratio <= TARGET else "NO", f"{seconds[stage, last]:.1f}",
            f"{peak[stage, last]:.0f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--stage"]:
        stage, text, model, out = sys.argv[2:6]
        run_stage(stage, Path(text), Path(model), Path(out))
    else:
        main([int(a) for a in sys.argv[1:]] or list(SIZES))
