"""report-convert: command line. Nothing format-specific lives here."""
from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from convert import __version__
from convert.batch import PROG, Batch
from convert.forked import stop_now
from convert.options import Options
from convert.outputs import STOP_SIGNALS
from convert.writers import WRITERS


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
    p.add_argument("-j", "--jobs", type=int, default=available_cpus(), metavar="N",
                   help="use up to N processes: N reports at a time, or a single report's PDF beside its other "
                        "formats; -j 1 keeps everything in one process (default: the number of CPUs)")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def available_cpus() -> int:
    """The CPUs this process may run on (a container may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def parse_formats(value: str) -> list[str]:
    formats = list(WRITERS) if value == "all" else [f.strip() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in WRITERS]
    if unknown or not formats:
        raise SystemExit(f"{PROG}: unknown format {','.join(unknown) or value!r}; choose from {','.join(WRITERS)}")
    return formats


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    formats = parse_formats(args.to)
    options = Options(
        style=args.style, wrap=args.wrap, toc=args.toc, vertical=args.vertical, embed_font=args.embed_font,
        script=args.script, vocabulary=args.vocabulary, keep_punctuation=args.keep_punctuation, title=args.title,
    )
    if args.jobs < 1:
        raise SystemExit(f"{PROG}: -j takes a positive number")
    # SIGTERM and Ctrl-C stop at once: children are cancelled and unfinished outputs removed.
    for signum in STOP_SIGNALS:
        signal.signal(signum, _interrupted)
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


def run() -> None:
    """Console entry point: main(), then exit without the interpreter's teardown.

    Freeing every object one by one (font tables, ReportLab's caches) takes a
    tenth of a second, as long as converting a small report. Every output is
    closed and renamed by then, so there is nothing left to clean up."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _interrupted(signum, frame):
    if sys.stderr.isatty():
        print(file=sys.stderr)  # below a progress bar
    print(f"{PROG}: interrupted", file=sys.stderr)
    stop_now()


if __name__ == "__main__":
    run()
