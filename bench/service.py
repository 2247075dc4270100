"""The conversion service under load, on loopback only: `report-convert serve` started here.

1. Latency: one client, the sample's model to PDF, one request after another (client-measured,
   upload to last byte), against Typst's whole process on the same model through the GB/T 9704
   template of bench/pdf_speed.py, alternated in pairs.
2. Throughput: C concurrent clients x R requests each of the sample (its text) to PDF: requests a
   second, p50 and p95 latency, failures (must be 0), and the service's RSS (the server, its fork
   server and its workers) after 100 requests and at the end (flat within 10%: workers are recycled).

Bounded: at most --seconds of load, whatever C x R. Run: .venv/bin/python bench/service.py
[--clients 8] [--requests 200] [--pairs 15] [--workers N] [--seconds 600]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from service_helpers import Service, children  # noqa: E402

SAMPLE = ROOT / "reports" / "jiangsu-2020-rule-of-law-report.txt"


def rss_mb(pid: int) -> float:
    """The resident memory of a process and all its descendants, MB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
        todo += children(current)
    return total / 1024


def latency_against_typst(service: Service, folder: Path, pairs: int) -> None:
    from lxml import etree

    from pdf_speed import typst_source

    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1700000000"}
    subprocess.run([sys.executable, "-m", "convert", str(SAMPLE), "--to", "xml", "-o", str(folder), "-q"], check=True, env=env)
    model = folder / f"{SAMPLE.stem}.xml"
    typ = folder / "sample.typ"
    typ.write_text(typst_source(etree.parse(str(model)).getroot()), encoding="utf-8")
    typst_argv = [sys.executable, "-c", "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])",
                  str(typ), str(folder / "sample.typst.pdf")]
    data = model.read_bytes()

    def ours() -> float:
        start = time.perf_counter()
        response = service.client.post("/convert", data={"to": "pdf"}, files={"file": ("sample.xml", data)})
        response.raise_for_status()
        return time.perf_counter() - start

    def typst() -> float:
        start = time.perf_counter()
        subprocess.run(typst_argv, check=True, env=env)
        return time.perf_counter() - start

    ours(), typst()  # warm both
    served, compiled = [], []
    for _ in range(pairs):
        served.append(ours())
        compiled.append(typst())
    ratio = statistics.median(b / a for a, b in zip(served, compiled))
    print(f"latency, the sample's model to PDF, {pairs} alternated pairs (medians): service {statistics.median(served):.3f} s, "
          f"Typst's whole process {statistics.median(compiled):.3f} s: Typst/service {ratio:.2f}x")


def throughput(service: Service, clients: int, requests: int, seconds: float) -> None:
    data = SAMPLE.read_bytes()
    latencies, failures, lock = [], [], threading.Lock()
    done = 0
    rss: dict[int, float] = {}
    deadline = time.monotonic() + seconds

    def client() -> None:
        nonlocal done
        with httpx.Client(base_url=service.url, timeout=300) as http:
            for _ in range(requests):
                if time.monotonic() > deadline:
                    return
                start = time.perf_counter()
                try:
                    response = http.post("/convert", data={"to": "pdf"}, files={"file": ("sample.txt", data)})
                    ok = response.status_code == 200 and response.content.startswith(b"%PDF")
                except httpx.HTTPError as exc:
                    ok, response = False, exc
                with lock:
                    latencies.append(time.perf_counter() - start)
                    done += 1
                    if not ok:
                        failures.append(getattr(response, "status_code", repr(response)))
                    if done in (100, 1000) or done == clients * requests:
                        rss[done] = rss_mb(service.process.pid)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    rss.setdefault(done, rss_mb(service.process.pid))
    quantiles = statistics.quantiles(latencies, n=20)
    print(f"throughput, {clients} clients x {requests} requests of the sample to PDF ({done} made in {elapsed:.0f} s"
          f"{'; stopped at the time bound' if done < clients * requests else ''}):")
    print(f"  {done / elapsed:.2f} requests/s; latency p50 {statistics.median(latencies):.2f} s, p95 {quantiles[18]:.2f} s; "
          f"failures {len(failures)}{' ' + str(sorted(set(map(str, failures)))) if failures else ''}")
    print("  RSS of the service (server, fork server, workers): " +
          ", ".join(f"after {count} requests {mb:.0f} MB" for count, mb in sorted(rss.items())))
    if len(rss) > 1:
        first, last = rss[min(rss)], rss[max(rss)]
        print(f"  growth from {min(rss)} to {max(rss)} requests: {100 * (last - first) / first:+.1f}%")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=200, help="per client")
    parser.add_argument("--pairs", type=int, default=15)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=600, help="bound on the throughput run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        options = ["--queue", str(args.clients)] + (["--workers", str(args.workers)] if args.workers else [])
        service = Service(folder, *options)
        try:
            print(f"service: {service.health()['workers']} workers, loopback")
            latency_against_typst(service, folder, args.pairs)
            throughput(service, args.clients, args.requests, args.seconds)
        finally:
            service.stop()


if __name__ == "__main__":
    main()
