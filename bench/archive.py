"""Archive-size batches (issue #16), printed as tables: `make bench`, or alone:

    .venv/bin/python bench/archive.py

1. The corpus × COPIES in every format, three ways: -j 1, -j 2 and --scheduler local:2, as
   documents per second, with local:2 against -j 2 (Dask's overhead per document, target < 5%).
2. The client's peak RSS over lists of small generated documents (RSS_SIZES, the largest
   10,000 by default), for -j 2 and local:2 with a manifest: it must stay flat.
3. A resume over a finished manifest of RESUME_DOCS documents (target < 2 s): every input
   and output hashed again, none converted.
4. What an idle local:2 spends of the CPU (IDLE_SECONDS), with Dask's defaults and with
   convert/dask.yaml: on two cores, what the workers' documents do not get.
5. The scheduler's own task rate (NOOP_TASKS empty tasks on local:2), and from all of it
   the time for 1,000,000 documents on N workers.

Sizes are environment variables, so that a shared machine can run it small:
BENCH_ARCHIVE_COPIES (20), BENCH_RSS_SIZES (1000,10000), BENCH_RESUME_DOCS (1000),
BENCH_NOOP_TASKS (2000), BENCH_ARCHIVE_RUNS (3), BENCH_IDLE_SECONDS (20);
BENCH_ARCHIVE_PARTS (speed,memory,resume,idle) picks the tables. The corpus is tests/data's reports, the sample, the
gov.cn pages and the provinces' DOCX files.
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
DATA = ROOT / "tests" / "data"
SAMPLE = ROOT / "reports" / "jiangsu-2020-rule-of-law-report.txt"

COPIES = int(os.environ.get("BENCH_ARCHIVE_COPIES", "20"))
RSS_SIZES = [int(n) for n in os.environ.get("BENCH_RSS_SIZES", "1000,10000").split(",")]
RESUME_DOCS = int(os.environ.get("BENCH_RESUME_DOCS", "1000"))
NOOP_TASKS = int(os.environ.get("BENCH_NOOP_TASKS", "2000"))
RUNS = int(os.environ.get("BENCH_ARCHIVE_RUNS", "3"))
IDLE_SECONDS = float(os.environ.get("BENCH_IDLE_SECONDS", "20"))
EXTRAPOLATE_TO = 1_000_000
WORKER_COUNTS = (8, 64, 512)

# Runs the command line in this process and prints its own peak RSS (not its children's:
# the workers are other processes) and wall time as the last line.
CLIENT = """
import json, resource, sys, time
from convert.cli import main
start = time.perf_counter()
code = main(sys.argv[1:])
print(json.dumps({"code": code, "wall": time.perf_counter() - start,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def corpus() -> list[Path]:
    """Every kind of input: the text reports, the sample, the gov.cn pages, the provinces' DOCX."""
    return (sorted(DATA.glob("gwr-*.txt")) + [SAMPLE] + sorted((DATA / "gov-cn").glob("*.html"))
            + sorted((DATA / "docx").glob("*.docx")))


def client(args: list, env: dict | None = None) -> dict:
    out = subprocess.run([PY, "-c", CLIENT, *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, **(env or {})})
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["code"] not in (0, 1):
        sys.exit(f"bench: report-convert {' '.join(map(str, args))} exited {result['code']}:\n{out.stderr}")
    return result


def row(*cells) -> None:
    print("| " + " | ".join(str(c) for c in cells) + " |")


def copies_of(paths: list[Path], copies: int, folder: Path) -> Path:
    """`copies` folders of the corpus: a tree of len(paths) × copies documents."""
    for k in range(copies):
        sub = folder / f"{k:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        for path in paths:
            shutil.copyfile(path, sub / path.name)
    return folder


def small_reports(count: int, folder: Path) -> Path:
    """A list file of `count` short generated reports, 100 to a folder."""
    lines = []
    for k in range(count):
        path = folder / f"{k // 100:04d}" / f"r{k:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"第{k}号工作报告\n\n各位代表：\n\n一、过去一年的工作\n\n"
                        f"过去一年，我们坚持稳中求进，第{k}项工作稳步推进，发展质量稳步提升。\n", encoding="utf-8")
        lines.append(str(path))
    listed = folder / "list.txt"
    listed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return listed


def three_ways(work: Path, paths: list[Path]) -> dict:
    """Each way's documents/s over the whole run, and its cost per document beyond its fixed
    cost (start-up, a cluster's start, the workers' imports), measured by a run of one
    document: (T(n) - T(1)) / (n - 1). -j 2 and local:2 alternate RUNS times (A B A B …) and
    Dask's overhead per document is the median of the pairs' ratios, so that a machine busy
    with other work shifts both sides alike."""
    tree = copies_of(paths, COPIES, work / "corpus")
    count = len(paths) * COPIES
    one = work / "one.txt"
    one.write_text(str(next(tree.rglob("*.txt"))) + "\n", encoding="utf-8")
    ways = {"-j 1": ["-j", "1"], "-j 2": ["-j", "2"], "local:2": ["--scheduler", "local:2"]}

    def timed(name: str, inputs) -> float:
        label = name.replace(" ", "")
        return client([inputs, "-o", work / f"out-{label}", "--to", "all", "-q", *ways[name]])["wall"]

    alone = {name: timed(name, f"@{one}") for name in ways}
    walls: dict[str, list[float]] = {name: [] for name in ways}
    walls["-j 1"].append(timed("-j 1", tree))
    for _ in range(RUNS):
        for name in ("-j 2", "local:2"):
            walls[name].append(timed(name, tree))
    print(f"## The corpus ×{COPIES} ({count} documents) in every format\n")
    print(f"-j 2 and local:2 alternated {RUNS} times; medians.\n")
    row("how", "seconds", "documents/s", "one document alone (s)", "per further document (s)")
    row("---", "---", "---", "---", "---")
    marginal = {}
    for name in ways:
        wall = statistics.median(walls[name])
        marginal[name] = (wall - alone[name]) / (count - 1)
        row(name, f"{wall:.1f}", f"{count / wall:.2f}", f"{alone[name]:.2f}", f"{marginal[name]:.3f}")
    ratios = [(b - alone["local:2"]) / (a - alone["-j 2"]) for a, b in zip(walls["-j 2"], walls["local:2"])]
    whole = statistics.median(b / a for a, b in zip(walls["-j 2"], walls["local:2"]))
    overhead = statistics.median(ratios) - 1
    print(f"\nlocal:2 against -j 2: {1 / whole:.3f}× the rate over the whole run (start-up included); "
          f"Dask's overhead per further document {overhead * 100:+.1f}% (pairs: "
          f"{', '.join(f'{(r - 1) * 100:+.0f}%' for r in ratios)}; target < 5%).\n")
    return {"per_doc_core": marginal["-j 1"], "overhead": overhead}


def client_memory(work: Path) -> None:
    print("## The client's peak RSS over a list of small documents (txt, with a manifest)\n")
    row("documents", "how", "seconds", "client peak RSS (MB)")
    row("---", "---", "---", "---")
    peaks: dict[str, list[tuple[int, float]]] = {}
    for size in RSS_SIZES:
        listed = small_reports(size, work / f"small{size}")
        for name, how in (("-j 2", ["-j", "2"]), ("local:2", ["--scheduler", "local:2"])):
            out = work / f"small{size}-out-{name.replace(' ', '')}"
            result = client([f"@{listed}", "-o", out, "--to", "txt", "-q", "--manifest", out / "m.jsonl", *how])
            peaks.setdefault(name, []).append((size, result["rss_mb"]))
            row(f"{size:,}", name, f"{result['wall']:.1f}", f"{result['rss_mb']:.0f}")
    print()
    for name, points in peaks.items():
        (n0, r0), (n1, r1) = points[0], points[-1]
        if n1 > n0:
            print(f"{name}: {r1 - r0:+.0f} MB from {n0:,} to {n1:,} documents "
                  f"({(r1 - r0) * 1024 / (n1 - n0):.2f} KB a document; {r1 / r0:.2f}× the smaller run's peak)")
    print()


def resume(work: Path, paths: list[Path]) -> None:
    """A finished manifest of RESUME_DOCS documents, made by converting the corpus once and
    copying its inputs, outputs and manifest lines (same bytes, so the same hashes)."""
    base_in, base_out = work / "resume-in" / "0000", work / "resume-out"
    base_in.mkdir(parents=True)
    for path in paths:
        shutil.copyfile(path, base_in / path.name)
    manifest = base_out / "m.jsonl"
    client([base_in.parent, "-o", base_out, "--to", "all", "-q", "--manifest", manifest, "-j", "2"])
    lines = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    entries = []
    for k in range(1, -(-RESUME_DOCS // len(paths))):
        folder = f"{k:04d}"
        shutil.copytree(base_in, base_in.parent / folder)
        shutil.copytree(base_out / "0000", base_out / folder)
        for entry in lines:
            entry = json.loads(json.dumps(entry).replace("/0000/", f"/{folder}/"))
            entries.append(entry)
    with open(manifest, "a", encoding="utf-8") as fh:
        fh.writelines(json.dumps(e, ensure_ascii=False) + "\n" for e in entries)
    count = len(lines) + len(entries)
    started = time.perf_counter()
    out = subprocess.run([PY, "-m", "convert", base_in.parent, "-o", base_out, "--to", "all",
                          "--manifest", manifest], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    skipped = f"0 converted, 0 failed, {count} skipped" in out.stderr
    size = sum(p.stat().st_size for p in base_out.rglob("*") if p.is_file() and p.suffix != ".jsonl")
    print(f"## Resume over a finished manifest of {count:,} documents\n")
    row("documents", "outputs hashed (MB)", "seconds, whole command", "target")
    row("---", "---", "---", "---")
    row(f"{count:,}", f"{size / 1e6:.0f}", f"{wall:.2f}", "< 2 s")
    if not skipped or out.returncode != 0:
        print(f"\n(not every input was skipped: {out.stderr.strip().splitlines()[-1:]})")
    print()


def idle_cpu(settings: bool) -> tuple[float, list[float]]:
    """CPU milliseconds a second that an idle local:2 spends: in the client (the scheduler and
    the nannies run there) and in each worker; with convert/dask.yaml or Dask's defaults."""
    import logging

    from distributed import Client, LocalCluster

    from convert.cluster import Cluster

    def cpu() -> float:
        return time.process_time()

    def measure(client) -> tuple[float, list[float]]:
        time.sleep(2)  # past the start
        workers, here = client.run(cpu), time.process_time()
        time.sleep(IDLE_SECONDS)
        later = client.run(cpu)
        return ((time.process_time() - here) / IDLE_SECONDS * 1000,
                [(later[w] - workers[w]) / IDLE_SECONDS * 1000 for w in sorted(workers)])

    if settings:
        with Cluster("local:2").client() as client:
            return measure(client)
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0", silence_logs=logging.CRITICAL) as lc, \
            Client(lc) as client:
        return measure(client)


def background() -> None:
    print(f"## What an idle local:2 costs ({IDLE_SECONDS:.0f} s, CPU ms a second)\n")
    row("settings", "client (scheduler, nannies)", "each worker", f"share of {os.cpu_count()} cores")
    row("---", "---", "---", "---")
    for name, settings in (("Dask's defaults", False), ("convert/dask.yaml", True)):
        trim = os.environ.get("MALLOC_TRIM_THRESHOLD_")
        here, workers = idle_cpu(settings)
        if trim is None:  # a Nanny leaves Dask's value in its process's environment, for later workers
            os.environ.pop("MALLOC_TRIM_THRESHOLD_", None)
        row(name, f"{here:.1f}", " / ".join(f"{w:.1f}" for w in workers), f"{(here + sum(workers)) / (10 * os.cpu_count()):.1f}%")
    print()


def scheduler_rate() -> float:
    from convert.cluster import Cluster

    with Cluster("local:2").client() as c:
        c.submit(int, 0).result()
        started = time.perf_counter()
        c.gather(c.map(int, range(NOOP_TASKS)))
        return NOOP_TASKS / (time.perf_counter() - started)


def extrapolate(figures: dict, rate: float) -> None:
    per_doc = figures["per_doc_core"]
    print(f"## {EXTRAPOLATE_TO:,} documents on N workers\n")
    print(f"From the measured {per_doc:.3f} s per document on one core (every format) and Dask's overhead above; "
          f"this machine's scheduler ran {rate:.0f} empty tasks/s.\n")
    row("workers", "hours", "tasks/s the scheduler must sustain")
    row("---", "---", "---")
    for n in WORKER_COUNTS:
        seconds = EXTRAPOLATE_TO * per_doc * (1 + max(0.0, figures["overhead"])) / n
        row(n, f"{seconds / 3600:.1f}", f"{n / per_doc:.0f}")
    print()


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-archive-"))
    paths = corpus()
    print(f"Machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; {time.strftime('%Y-%m-%d')}\n")
    subprocess.run([PY, "-m", "convert", SAMPLE, "-o", work / "warm", "--to", "all", "-q"], check=True, cwd=ROOT)
    parts = os.environ.get("BENCH_ARCHIVE_PARTS", "speed,memory,resume,idle").split(",")
    try:
        figures = three_ways(work, paths) if "speed" in parts else None
        if "memory" in parts:
            client_memory(work)
        if "resume" in parts:
            resume(work, paths)
        if "idle" in parts:
            background()
        if figures:
            extrapolate(figures, scheduler_rate())
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
