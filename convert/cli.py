"""report-convert: command line. Nothing format-specific lives here."""
from __future__ import annotations

import argparse
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from convert import __version__
from convert.errors import InputError
from convert.options import Options
from convert.writers import WRITERS, extension, writer

PROG = "report-convert"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Convert Chinese official reports (scraped text or model XML) to XML, TXT, DOCX, PDF and EPUB.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", type=Path, help="report text (.txt) or model XML (.xml)")
    p.add_argument("-o", "--outdir", type=Path, default=Path("out"), help="output folder (default: out)")
    p.add_argument("--to", default="xml,txt", help=f"comma-separated formats: {','.join(WRITERS)} or all (default: xml,txt)")
    p.add_argument("--style", default="official", help="style name in styles/ or a .toml path (PDF, DOCX)")
    p.add_argument("--wrap", type=int, default=0, metavar="N", help="plain text: wrap at N display columns")
    p.add_argument("--toc", action="store_true", help="DOCX: insert a table of contents")
    p.add_argument("--vertical", action="store_true", help="EPUB: vertical (直排) edition")
    p.add_argument("--embed-font", action="store_true", help="EPUB: embed a subset of the body font")
    p.add_argument("--script", choices=("keep", "hans", "hant"), default="keep", help="script edition (default: keep)")
    p.add_argument("--vocabulary", choices=("mainland", "taiwan"), default="mainland",
                   help="phrasing of a Traditional edition made from Simplified text (default: mainland)")
    p.add_argument("--keep-punctuation", action="store_true", help="do not normalize half-width punctuation")
    p.add_argument("--title", help="use this title instead of the detected one")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="convert N reports at a time (default 1)")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def parse_formats(value: str) -> list[str]:
    formats = list(WRITERS) if value == "all" else [f.strip() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in WRITERS]
    if unknown or not formats:
        raise SystemExit(f"{PROG}: unknown format {','.join(unknown) or value!r}; choose from {','.join(WRITERS)}")
    return formats


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


def convert_one(path: Path, formats: list[str], outdir: Path, options: Options) -> list[Path]:
    report = load_model(path, options)
    stem = path.stem
    written = []
    for fmt in formats:
        target = outdir / (stem + extension(fmt))
        if target.resolve() == path.resolve():
            continue  # re-rendering an edited model never overwrites its own input
        writer(fmt).write(report, target, options)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    formats = parse_formats(args.to)
    options = Options(
        style=args.style, wrap=args.wrap, toc=args.toc, vertical=args.vertical, embed_font=args.embed_font,
        script=args.script, vocabulary=args.vocabulary, keep_punctuation=args.keep_punctuation, title=args.title,
    )
    if args.jobs < 1:
        raise SystemExit(f"{PROG}: -j takes a positive number")
    # SIGTERM unwinds like Ctrl-C, so temporary outputs are removed on the way out.
    signal.signal(signal.SIGTERM, _interrupt)
    batch = Batch(formats, args.outdir, options, debug=args.debug)
    try:
        results = batch.run(args.inputs, args.jobs)
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    failures = [r for r in results if r.error]
    if len(args.inputs) > 1:
        batch.summary(results)
    return 1 if failures else 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt


@dataclass(frozen=True)
class Result:
    path: Path
    error: str | None
    seconds: float


def convert_safely(path: Path, formats: list[str], outdir: Path, options: Options, debug: bool = False) -> Result:
    """Convert one input; any failure becomes a one-line message, never a traceback."""
    start = time.perf_counter()
    try:
        convert_one(path, formats, outdir, options)
    except KeyboardInterrupt:
        raise
    except Exception as exc:
        if debug:
            raise
        return Result(path, describe(exc), time.perf_counter() - start)
    return Result(path, None, time.perf_counter() - start)


class Batch:
    """Many inputs, one after another or in a process pool; one failure never stops the rest."""

    def __init__(self, formats: list[str], outdir: Path, options: Options, debug: bool = False):
        self.formats, self.outdir, self.options, self.debug = formats, outdir, options, debug
        self.started = time.perf_counter()

    def run(self, inputs: list[Path], jobs: int) -> list[Result]:
        progress = Progress(len(inputs)) if len(inputs) > 1 else None
        results: list[Result] = []

        def done(result: Result) -> None:
            results.append(result)
            if result.error:
                print(f"{PROG}: {result.path}: {result.error}", file=sys.stderr)
            if progress:
                progress.update(result)

        if jobs == 1 or len(inputs) == 1:
            for path in inputs:
                done(convert_safely(path, self.formats, self.outdir, self.options, self.debug))
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor, as_completed

            # Workers fork from a server that has imported the writers once; a fresh
            # worker every few reports keeps memory bounded over long batches.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["convert.cli", *(WRITERS[f][0] for f in self.formats)])
            # Largest first, so that no long report is left running alone at the end.
            by_size = sorted(inputs, key=_size, reverse=True)
            with ProcessPoolExecutor(max_workers=jobs, mp_context=context, max_tasks_per_child=20) as pool:
                futures = [pool.submit(convert_safely, p, self.formats, self.outdir, self.options) for p in by_size]
                for future in as_completed(futures):
                    done(future.result())
        if progress:
            progress.close()
        order = {p: i for i, p in enumerate(inputs)}
        return sorted(results, key=lambda r: order[r.path])

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


def describe(exc: BaseException) -> str:
    if isinstance(exc, InputError) or type(exc).__module__.startswith("convert"):
        return str(exc)
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")
    return f"{type(exc).__name__}: {exc}"


if __name__ == "__main__":
    sys.exit(main())
