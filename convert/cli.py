"""report-convert: command line. Nothing format-specific lives here."""
from __future__ import annotations

import argparse
import sys
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
    p.add_argument("--keep-punctuation", action="store_true", help="do not normalize half-width punctuation")
    p.add_argument("--title", help="use this title instead of the detected one")
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

        report = script.convert(report, options.script)
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
        script=args.script, keep_punctuation=args.keep_punctuation, title=args.title,
    )
    failures = 0
    for path in args.inputs:
        try:
            convert_one(path, formats, args.outdir, options)
        except KeyboardInterrupt:
            print(f"{PROG}: {path}: interrupted", file=sys.stderr)
            return 130
        except Exception as exc:  # one clear line per failed input, never a traceback
            if args.debug:
                raise
            print(f"{PROG}: {path}: {describe(exc)}", file=sys.stderr)
            failures += 1
    return 1 if failures else 0


def describe(exc: BaseException) -> str:
    if isinstance(exc, (InputError,)) or type(exc).__module__.startswith("convert"):
        return str(exc)
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")
    return f"{type(exc).__name__}: {exc}"


if __name__ == "__main__":
    sys.exit(main())
