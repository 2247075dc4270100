"""Converting inputs: one report into its formats, and many reports at a time.

Nothing here knows about a format: writers are looked up by name.
"""
from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from convert.errors import describe
from convert.forked import ChildFailed, ForkedJob, can_fork
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
        forked = ForkedJob(lambda: writer("pdf").write(report, pdf, options), debug, name="the PDF writer")
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
    except Exception as exc:  # not KeyboardInterrupt: an interrupt stops the run
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

    def run(self, inputs: list[Path], jobs: int) -> list[Result]:
        self.progress = Progress(len(inputs)) if len(inputs) > 1 else None
        if jobs == 1 or len(inputs) == 1 or not can_fork():
            for path in inputs:
                self.done(self.convert(path, split=jobs > 1))
        else:
            self.run_in_workers(inputs, min(jobs, len(inputs)))
        if self.progress:
            self.progress.close()
        order = {p: i for i, p in enumerate(inputs)}
        return sorted(self.results, key=lambda r: order[r.path])

    def convert(self, path: Path, split: bool = False) -> Result:
        return convert_safely(path, self.formats, self.outdir, self.options, self.debug, split=split)

    def done(self, result: Result) -> None:
        self.results.append(result)
        if result.error:
            print(f"{PROG}: {result.path}: {result.error}", file=sys.stderr)
        if self.progress:
            self.progress.update(result)

    def run_in_workers(self, inputs: list[Path], jobs: int) -> None:
        """`jobs` forked workers each take the largest report left, so the last to
        finish are short ones. A worker converts at most REPORTS_PER_PROCESS reports,
        then a new one takes its place, so no process runs long enough for its
        memory to grow. A report lost with a dying worker is reported as failed."""
        import selectors

        queue = deque(sorted(range(len(inputs)), key=lambda i: _size(inputs[i]), reverse=True))
        selector = selectors.DefaultSelector()
        workers: set[Worker] = set()

        def start() -> None:
            worker = Worker(self, inputs, others=workers)
            workers.add(worker)
            selector.register(worker.results, selectors.EVENT_READ, worker)
            send(worker)

        def send(worker: Worker) -> None:
            index = queue.popleft()
            # The last report: its worker writes the PDF in a child, onto a core
            # that would otherwise wait for the others to finish.
            worker.send(index, split=not queue)

        def stop(worker: Worker, cancel: bool = False) -> None:
            selector.unregister(worker.results)
            workers.discard(worker)
            worker.close(cancel)

        try:
            while queue and len(workers) < jobs:
                start()
            while workers:
                for key, _ in selector.select():
                    worker = key.data
                    if (result := worker.receive()) is None:
                        continue  # part of a line
                    self.done(result)
                    if worker.alive and queue and worker.converted < REPORTS_PER_PROCESS:
                        send(worker)
                    else:
                        stop(worker)
                        if queue:
                            start()
        except BaseException:
            for worker in list(workers):
                stop(worker, cancel=True)  # each removes its partial output on the way out
            raise

    def summary(self, results: list[Result]) -> None:
        failed = [r for r in results if r.error]
        elapsed = time.perf_counter() - self.started
        print(f"{PROG}: {len(results) - len(failed)} converted, {len(failed)} failed, {elapsed:.1f} s", file=sys.stderr)
        for r in failed:
            print(f"  failed: {r.path}: {r.error}", file=sys.stderr)


class Worker:
    """A forked process that converts the reports it is sent, one at a time.

    Hand-written rather than a multiprocessing pool: a worker forks from this
    process, which has imported little and runs no thread, so it starts at once,
    with no server process to start first and nothing to pickle. It is sent an
    input's index and answers with one JSON line: the error (or null) and the time.
    """

    def __init__(self, batch: Batch, inputs: list[Path], others: Iterable[Worker]):
        self.inputs = inputs
        task_read, self.tasks = os.pipe()
        self.results, result_write = os.pipe()
        # The child keeps only its own ends; an inherited end of another worker's
        # pipe would keep that worker from seeing this process go.
        inherited = [self.tasks, self.results, *(fd for w in others for fd in (w.tasks, w.results))]
        self.job = ForkedJob(lambda: _serve(batch, inputs, task_read, result_write, inherited), batch.debug,
                             name="the worker process")
        os.close(task_read)
        os.close(result_write)
        self.current: int | None = None
        self.converted = 0
        self.alive = True
        self.received = b""

    def send(self, index: int, split: bool = False) -> None:
        self.current = index
        try:
            os.write(self.tasks, b"%d %d\n" % (index, split))
        except BrokenPipeError:  # it died; receive() reports the report as lost
            pass

    def receive(self) -> Result | None:
        """The result of the current report; None while its line is incomplete."""
        chunk = os.read(self.results, 65536)
        if chunk:
            self.received += chunk
            if not self.received.endswith(b"\n"):
                return None
            error, seconds = json.loads(self.received)
            self.received = b""
            self.converted += 1
            return Result(self.inputs[self.current], error, seconds)
        self.alive = False  # it died with its report
        try:
            self.job.wait()
            error = "the worker process ended before finishing"
        except ChildFailed as exc:
            error = str(exc)
        return Result(self.inputs[self.current], error, 0.0)

    def close(self, cancel: bool = False) -> None:
        os.close(self.tasks)  # the worker's loop ends when its input does
        if cancel:
            self.job.cancel()
        else:
            with contextlib.suppress(ChildFailed):  # every report it took has a result already
                self.job.wait()
        os.close(self.results)


def _serve(batch: Batch, inputs: list[Path], task_read: int, result_write: int, inherited: list[int]) -> None:
    """A worker's loop: an index in, a result line out, until this process closes its end."""
    for fd in inherited:
        os.close(fd)
    with open(task_read, "rb") as tasks, open(result_write, "w", encoding="utf-8") as results:
        for line in tasks:
            index, split = map(int, line.split())
            result = batch.convert(inputs[index], split=bool(split))
            results.write(json.dumps([result.error, result.seconds]) + "\n")
            results.flush()


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

            tqdm.monitor_interval = 0  # no monitor thread: workers fork from this process
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
