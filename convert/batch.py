"""Converting inputs: one report into its formats, and many reports at a time.

Nothing here knows about a format: writers are looked up by name.
"""
from __future__ import annotations

import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from convert.errors import describe
from convert.forked import ForkedJob, can_fork
from convert.options import Options
from convert.writers import extension, writer

PROG = "report-convert"
# A process converts at most this many reports in a batch, so its memory cannot grow far.
REPORTS_PER_PROCESS = 20


def load_model(path: Path, options: Options):
    """Read one input into a validated model: model XML as is, anything else as report text."""
    from convert.readers import xml as xml_reader

    if xml_reader.looks_like_xml(path):
        report = xml_reader.read(path)
    else:
        from convert.readers import text as text_reader

        report = text_reader.read(path, options)
    if options.script != "keep":
        from convert.transforms import script

        report = script.convert(report, options.script, vocabulary=options.vocabulary)
    return report


def convert_one(path: Path, formats: list[str], outdir: Path, options: Options,
                split: bool = False, debug: bool = False) -> list[Path]:
    """Write `formats` of one input. With `split`, the PDF is written in a forked
    child while this process writes the other formats: two cores for one report."""
    report = load_model(path, options)
    targets = {fmt: outdir / (path.stem + extension(fmt)) for fmt in formats}
    # Re-rendering an edited model never overwrites its own input.
    targets = {fmt: t for fmt, t in targets.items() if t.resolve() != path.resolve()}
    forked = None
    if split and "pdf" in targets and len(targets) > 1 and can_fork():
        pdf = targets.pop("pdf")
        forked = ForkedJob(lambda: writer("pdf").write(report, pdf, options), debug)
    try:
        for fmt, target in targets.items():
            writer(fmt).write(report, target, options)
        if forked:
            forked.wait()
            targets["pdf"] = pdf
    except BaseException:
        if forked:
            forked.cancel()  # a no-op once the child is reaped
        raise
    return list(targets.values())


@dataclass(frozen=True)
class Result:
    path: Path
    error: str | None
    seconds: float


def convert_safely(path: Path, formats: list[str], outdir: Path, options: Options,
                   debug: bool = False, split: bool = False) -> Result:
    """Convert one input; any failure becomes a one-line message, never a traceback."""
    start = time.perf_counter()
    try:
        convert_one(path, formats, outdir, options, split=split, debug=debug)
    except KeyboardInterrupt:
        raise
    except Exception as exc:
        if debug:
            raise
        return Result(path, describe(exc), time.perf_counter() - start)
    return Result(path, None, time.perf_counter() - start)


class Batch:
    """Many inputs, one after another or `jobs` at a time; one failure never stops the rest."""

    def __init__(self, formats: list[str], outdir: Path, options: Options, debug: bool = False):
        self.formats, self.outdir, self.options, self.debug = formats, outdir, options, debug
        self.started = time.perf_counter()
        self.results: list[Result] = []
        self.progress: Progress | None = None
        self.lock = threading.Lock()

    def run(self, inputs: list[Path], jobs: int) -> list[Result]:
        self.progress = Progress(len(inputs)) if len(inputs) > 1 else None
        if jobs == 1 or len(inputs) == 1:
            for path in inputs:
                self.done(self.convert(path, split=jobs > 1))
        else:
            self.run_with_pool(inputs, min(jobs, len(inputs)))
        if self.progress:
            self.progress.close()
        order = {p: i for i, p in enumerate(inputs)}
        return sorted(self.results, key=lambda r: order[r.path])

    def convert(self, path: Path, split: bool = False) -> Result:
        return convert_safely(path, self.formats, self.outdir, self.options, self.debug, split=split)

    def done(self, result: Result) -> None:
        with self.lock:  # called from this thread and from the pool's feeder
            self.results.append(result)
            if result.error:
                print(f"{PROG}: {result.path}: {result.error}", file=sys.stderr)
            if self.progress:
                self.progress.update(result)

    def run_with_pool(self, inputs: list[Path], jobs: int) -> None:
        """This process and `jobs - 1` pool workers each take the largest report
        left (so the last to finish are short ones); this process starts at once,
        so no core waits while the pool starts. After REPORTS_PER_PROCESS reports
        this process hands its place to one more worker, so that no process runs
        long enough for its memory to grow."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        queue = deque(sorted(inputs, key=_size, reverse=True))
        stop, retired = threading.Event(), threading.Event()

        def take() -> Path | None:
            with self.lock:
                return None if stop.is_set() or not queue else queue.popleft()

        def give_back(path: Path) -> None:
            with self.lock:
                queue.appendleft(path)

        # Workers fork from a small server process (not from this one, which has a
        # thread), and are replaced after REPORTS_PER_PROCESS reports.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["convert.batch"])
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, max_tasks_per_child=REPORTS_PER_PROCESS)
        feeder = threading.Thread(target=self.feed, args=(pool, jobs, retired, take, give_back), daemon=True)
        feeder.start()
        try:
            for _ in range(REPORTS_PER_PROCESS):
                if (path := take()) is None:
                    break
                self.done(self.convert(path))
            retired.set()
            feeder.join()
            while (path := take()) is not None:  # any the feeder gave back: the pool broke
                self.done(self.convert(path))
        except BaseException:
            stop.set()
            pool.shutdown(wait=True, cancel_futures=True)  # running reports finish whole
            raise
        pool.shutdown(wait=True)

    def feed(self, pool, jobs: int, retired: threading.Event, take, give_back) -> None:
        """Keep `jobs - 1` workers busy, `jobs` once this process has retired;
        collect what they finish."""
        from concurrent.futures import FIRST_COMPLETED, wait

        running: dict = {}
        broken = False
        while True:
            workers = 0 if broken else jobs if retired.is_set() else jobs - 1
            while len(running) < workers and (path := take()) is not None:
                try:
                    future = pool.submit(convert_safely, path, self.formats, self.outdir, self.options)
                except RuntimeError:  # the pool is shut down or broken: this process converts the rest
                    give_back(path)
                    broken = True
                    break
                running[future] = path
            if not running:  # nothing left to take, or the pool is broken
                return
            # While this process still converts, look up now and then: its retiring opens a slot.
            finished, _ = wait(running, timeout=None if retired.is_set() else 0.05, return_when=FIRST_COMPLETED)
            for future in finished:
                path = running.pop(future)
                if future.cancelled():
                    continue
                try:
                    self.done(future.result())
                except Exception as exc:  # a worker died (killed, out of memory)
                    self.done(Result(path, describe(exc), 0.0))

    def summary(self, results: list[Result]) -> None:
        failed = [r for r in results if r.error]
        elapsed = time.perf_counter() - self.started
        print(f"{PROG}: {len(results) - len(failed)} converted, {len(failed)} failed, {elapsed:.1f} s", file=sys.stderr)
        for r in failed:
            print(f"  failed: {r.path}: {r.error}", file=sys.stderr)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class Progress:
    """A progress bar (tqdm) on a terminal; plain lines otherwise."""

    def __init__(self, total: int):
        self.total, self.count = total, 0
        self.bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="report", file=sys.stderr)

    def update(self, result: Result) -> None:
        self.count += 1
        if self.bar is not None:
            self.bar.update(1)
        else:
            state = "failed" if result.error else "ok"
            print(f"[{self.count}/{self.total}] {state} {result.path} ({result.seconds:.1f} s)", file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
