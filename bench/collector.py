"""The garbage collector's share of converting report after report (convert/collector.py):

    .venv/bin/python bench/collector.py

Two processes convert the corpus (bench/archive.py's: text reports, web pages, DOCX) in
every format, round after round, in turn (A B A B ...): one at CPython's thresholds, one
as a batch runs them (collector.converting(), and settle() after its first report). Each
round prints its CPU seconds, the collector's seconds by generation (timed by gc.callbacks),
the collections, and the process's RSS; then the medians, and the median of the pairs' CPU
ratios. The first round of each includes its imports and font loading. Rounds:
BENCH_COLLECTOR_ROUNDS (4).
"""
from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ROUNDS = int(os.environ.get("BENCH_COLLECTOR_ROUNDS", "4"))
WAYS = ("CPython's thresholds", "a batch's")
FORMATS = ["pdf", "docx", "epub", "txt", "ofd", "xml"]


def a_round(tuned: bool, out: Path) -> dict:
    from archive import corpus

    from convert import collector
    from convert.batch import convert_one
    from convert.options import Options

    seconds, counts, started = [0.0, 0.0, 0.0], [0, 0, 0], [0.0]

    def timed(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.process_time()
        else:
            seconds[info["generation"]] += time.process_time() - started[0]
            counts[info["generation"]] += 1

    gc.callbacks.append(timed)
    cpu = time.process_time()
    for path in corpus():
        if tuned:
            with collector.converting():
                convert_one(path, FORMATS, out, Options())
            collector.settle()
        else:
            convert_one(path, FORMATS, out, Options())
    cpu = time.process_time() - cpu
    gc.callbacks.remove(timed)
    rss = int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2 ** 20
    return {"cpu": cpu, "gc": seconds, "collections": counts, "rss": rss}


def serve(tuned: bool, out: str) -> None:
    for _ in sys.stdin:
        print(json.dumps(a_round(tuned, Path(out))), flush=True)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-collector-"))
    servers = [subprocess.Popen([sys.executable, __file__, "serve", str(tuned), str(work / str(tuned))],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT / "bench")
               for tuned in (0, 1)]

    def run(way: int) -> dict:
        servers[way].stdin.write("go\n")
        servers[way].stdin.flush()
        return json.loads(servers[way].stdout.readline())

    print(f"## The collector over the corpus, every format, round after round ({time.strftime('%Y-%m-%d')})\n")
    print("| round | thresholds | CPU s | collector s (young, middle, full) | collections | RSS MB |")
    print("|---|---|---|---|---|---|")
    rounds: list[list[dict]] = [[], []]
    for k in range(ROUNDS):
        for way in ((0, 1) if k % 2 == 0 else (1, 0)):
            r = run(way)
            rounds[way].append(r)
            print(f"| {k} | {WAYS[way]} | {r['cpu']:.1f} | {sum(r['gc']):.2f} "
                  f"({', '.join(f'{s:.2f}' for s in r['gc'])}) | {', '.join(map(str, r['collections']))} "
                  f"| {r['rss']:.0f} |", flush=True)
    for server in servers:
        server.stdin.close()
        server.wait()
    later = [way[1:] or way for way in rounds]  # past the first round's imports
    print()
    for way, name in enumerate(WAYS):
        share = statistics.median(sum(r["gc"]) / r["cpu"] for r in later[way])
        print(f"- {name}: the collector {share * 100:.1f}% of the CPU (median of the rounds after the first)")
    ratio = statistics.median(b["cpu"] / a["cpu"] for a, b in zip(later[0], later[1]))
    print(f"- a batch's against CPython's: {ratio:.3f}× the CPU a round (median of the pairs after the first)\n")


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve(bool(int(sys.argv[2])), sys.argv[3])
    else:
        main()
