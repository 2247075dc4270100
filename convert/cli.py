"""report-convert: command line. Nothing format-specific lives here."""
from __future__ import annotations

import argparse
import codecs
import gc
import os
import signal
import stat
import sys
from pathlib import Path

from convert import __version__, startup, feedback
from convert.errors import (
    EXIT_FAILED, EXIT_OK, ConvertError, UsageError, describe, exit_code_of,
)
from convert.feedback import PROG
from convert.options import META_KEYS, Options, scheduler_address
from convert.options import SCHEDULER_VARIABLE as ENV_SCHEDULER
from convert.readers import INPUT_SUFFIXES, READERS
from convert.writers import WRITERS, readers_of, styled

MIN_WRAP = 2  # display columns: one Chinese character


def said(names: list[str]) -> str:
    """Names as a sentence lists them: "pdf", "epub and ofd", "docx, pdf and ofd"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


EPILOG = f"""\
examples:
  {PROG} report.txt                         the model (out/report.xml) and plain text
  {PROG} report.txt --to all -o out         {said(list(WRITERS))}
  {PROG} report.txt --to ofd --archive      OFD-A, the archival OFD (GB/T 33190)
  {PROG} page.html --to all                 a saved web page (gov.cn and other sites)
  {PROG} report.docx --to all               a Word file (Word, WPS, LibreOffice)
  {PROG} out/report.xml --to pdf,epub       render an edited model again
  {PROG} out/report.docx --to xml,pdf,epub  the edited DOCX back to the model and the rest
  {PROG} report.txt --script hans -o out/hans   a Simplified edition
  {PROG} notice.txt --to pdf --meta copy=000123 --meta secrecy=秘密★1年 --meta signers=张三,李四
                                            the 版头's fields, over what the input says
  {PROG} letter.docx --to pdf --form letter --seal seal.png   a 信函 with its seal
  cat page.txt | {PROG} - --name page       read standard input; outputs out/page.*
  {PROG} reports/*.txt -j 4                 a batch, four reports at a time
  {PROG} archive/ -o out --to all --manifest out/manifest.jsonl
                                            a folder tree; run it again to resume
  {PROG} @list.txt --scheduler tcp://HOST:8786 --manifest out/m.jsonl   on a Dask cluster
  {PROG} serve --port 8000                  the HTTP service and its page (serve --help)
  {PROG} check notice.docx                  what departs from GB/T 9704-2012 (check --help)

exit codes:
  0 every input converted   1 some input failed (each said in one line)
  2 bad options, or inputs whose outputs would collide or overwrite an input
  3 something this machine lacks (a font, a Python package)   130 interrupted

environment:
  SOURCE_DATE_EPOCH   the outputs' dates and timestamps: the same input and value
                      give byte-identical files
  DASK_SCHEDULER_ADDRESS  the Dask scheduler to use when --scheduler is not given
  XDG_CACHE_HOME      the cache of converted fonts and tables is kept in
                      $XDG_CACHE_HOME/report-convert (default ~/.cache/report-convert);
                      safe to delete; an unwritable one is replaced by a temporary one
"""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Convert Chinese official reports (scraped text, web pages, DOCX or model XML) to XML, TXT, DOCX, "
                    "PDF, EPUB and OFD.",
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="report text, a web page (HTML), a Word file (DOCX) or model XML, told apart by their "
                        f"content; a folder (every {' '.join(INPUT_SUFFIXES)} below it, outputs mirroring its tree); "
                        "@LIST, a file naming one input a line; - reads standard input")
    p.add_argument("-o", "--outdir", type=Path, default=Path("out"), help="output folder (default: out)")
    p.add_argument("--to", default="xml,txt", help=f"comma-separated formats: {','.join(WRITERS)} or all (default: xml,txt)")
    p.add_argument("--style", default=None, help="style name in styles/ or a .toml path (PDF, OFD, DOCX; default: official)")
    p.add_argument("--list-styles", action="store_true", help="list the styles and exit")
    p.add_argument("--wrap", type=int, default=None, metavar="N",
                   help=f"plain text: wrap at N display columns (N >= {MIN_WRAP}; default: a paragraph a line)")
    p.add_argument("--toc", action="store_true", help="DOCX: insert a table of contents")
    p.add_argument("--vertical", action="store_true", help="EPUB: vertical (直排) edition")
    p.add_argument("--embed-font", action="store_true", help="EPUB: embed a subset of the body font")
    p.add_argument("--archive", action="store_true", help="OFD: write OFD-A, the archival subset of GB/T 33190")
    p.add_argument("--script", choices=("keep", "hans", "hant"), default="keep", help="script edition (default: keep)")
    p.add_argument("--vocabulary", choices=("mainland", "taiwan"), default=None,
                   help="phrasing of a Traditional edition made from Simplified text (default: mainland)")
    p.add_argument("--keep-punctuation", action="store_true", help="text, page or DOCX input: do not normalize half-width punctuation")
    p.add_argument("--title", help="use this title instead of the detected one")
    p.add_argument("--meta", action="append", default=[], metavar="KEY=VALUE",
                   help="set a metadata field over what the input says (repeatable): "
                        + "; ".join(f"{key}: {what}" for key, what in META_KEYS.items()))
    p.add_argument("--form", metavar="FORM",
                   help="the 版头's format (GB/T 9704): general (通用), upward (上行文), letter (信函), order (命令), "
                        "minutes (纪要); a model naming no issuer gets no 版头")
    p.add_argument("--seal", action="append", default=[], metavar="FILE",
                   help="a seal image (PNG with transparency, JPEG, or SVG), one per issuer in order (repeatable)")
    p.add_argument("--encoding", metavar="NAME", help="text or page input: its encoding (e.g. gb18030), instead of detecting it")
    p.add_argument("--name", metavar="STEM",
                   help="the outputs' file name for input read from standard input or a pipe (default: from the title)")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="use up to N processes: N reports at a time, or a single report's PDF beside its other "
                        "formats; -j 1 keeps everything in one process (default: the number of CPUs)")
    p.add_argument("--manifest", type=Path, metavar="FILE.jsonl",
                   help="record each input's attempt as a JSON line; a later run with the same manifest skips "
                        "inputs whose outputs are up to date")
    p.add_argument("--force", action="store_true", help="with --manifest: convert every input again")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help=f"run each input as a task on Dask: tcp://HOST:8786, or local:N for N worker processes "
                        f"here (default: ${{{ENV_SCHEDULER}}} if set)")
    p.add_argument("--return-bytes", action="store_true",
                   help="with --scheduler: workers send inputs and outputs through Dask; no shared folder needed")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.add_argument("-v", "--verbose", action="store_true", help="a line per file written, with timings")
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
        raise UsageError(f"unknown format {','.join(unknown) or value!r}; choose from {','.join(WRITERS)} or all")
    return list(dict.fromkeys(formats))


def check_title(title: str | None) -> None:
    if title is None:
        return
    if not title.strip():
        raise UsageError("--title is empty")
    if any(ch in title for ch in "\n\r\u2028\u2029") or any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in title):
        raise UsageError("--title must be one line of text, without control characters")


def check_encoding(name: str | None) -> None:
    if name is None:
        return
    try:
        codecs.lookup(name)
    except LookupError:
        raise UsageError(f"--encoding: unknown encoding {name!r} (e.g. utf-8, gb18030, big5, utf-16)") from None


def options_from(args) -> Options:
    if args.wrap is not None and args.wrap < MIN_WRAP:
        raise UsageError(f"--wrap takes a width of at least {MIN_WRAP} display columns (leave it out for no wrapping)")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("-j takes a positive number")
    if args.force and args.manifest is None:
        raise UsageError("--force applies to a run with --manifest (it converts every input again)")
    check_title(args.title)
    check_encoding(args.encoding)
    check_given(args)
    options = Options(
        style=args.style or "official", wrap=args.wrap or 0, toc=args.toc, vertical=args.vertical,
        embed_font=args.embed_font, script=args.script, vocabulary=args.vocabulary or "mainland",
        keep_punctuation=args.keep_punctuation, title=args.title, encoding=args.encoding, archive=args.archive,
        meta=tuple(args.meta), form=args.form, seals=tuple(os.path.abspath(path) for path in args.seal),
    )
    return options


def check_given(args) -> None:
    """--meta, --form and --seal: a bad value stops the run before any input is read."""
    if not (args.meta or args.form or args.seal):  # nothing given: no import of the rules behind them
        return
    from convert.readers import given

    try:
        given.check(Options(meta=tuple(args.meta), form=args.form, seals=tuple(args.seal)))  # the paths as given
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def unused_options(args, formats: list[str], sources) -> list[str]:
    """Options given that none of the chosen formats or inputs will use: one note each."""
    chosen = f"--to {','.join(formats)}"
    per_format = [("--toc", args.toc, "toc"), ("--vertical", args.vertical, "vertical"),
                  ("--embed-font", args.embed_font, "embed_font"), ("--wrap", args.wrap is not None, "wrap"),
                  ("--archive", args.archive, "archive")]
    notes = [f"{flag} applies only to {said(readers_of(field))}, which {chosen} does not make; ignored"
             for flag, given, field in per_format if given and not set(readers_of(field)) & set(formats)]
    if args.style is not None and not styled(formats):
        notes.append(f"--style applies only to {said(styled(WRITERS))}, which {chosen} does not make; ignored")
    if args.vocabulary is not None and args.script != "hant":
        notes.append("--vocabulary applies only to a Traditional edition (--script hant); ignored")
    if args.name is not None and not any(s.path is None or s.data is not None for s in sources):
        notes.append("--name applies only to input read from standard input or a pipe; ignored")
    return notes + unused_reader_options(args, sources)


def unused_reader_options(args, sources) -> list[str]:
    """A note for each reader option given (an Options field of the same name) that no input's
    reader reads: --encoding with DOCX or model XML inputs only, say."""
    given = [name for name in sorted({name for info in READERS for name in info.options}) if getattr(args, name, None)]
    if not given or not sources:
        return []
    from convert.readers import reader_for

    used = list(dict.fromkeys(reader_for(s.head(), s.path) for s in sources))  # sniffed only when it can matter
    notes = []
    for name in given:
        if not any(name in info.options for info in used):
            readers = _words([info.description for info in READERS if name in info.options])
            notes.append(f"--{name.replace('_', '-')} applies only to {readers} inputs, "
                         f"and every input is {_words([info.description for info in used], 'or')}; ignored")
    return notes


def _words(items: list[str], conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    return f" {conjunction} ".join(items) if len(items) < 3 else f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def stem_from_title(title: str) -> str:
    """A file name from a title: no path separators, no control or blank characters."""
    kept = "".join("_" if ch in '/\\:*?"<>|' or ch.isspace() or not ch.isprintable() else ch for ch in title)
    return kept.strip("._")[:80] or "report"


def read_sources(args, options: Options):
    """The inputs as batch sources. Standard input (-) and pipes (/dev/stdin, a
    process substitution) are read once, here: their bytes cannot be read twice,
    and their names say nothing, so the outputs are named by --name or the title."""
    from convert.batch import Source, load_model
    from convert.inputs import expand

    sources, streams, seen = [], 0, set()
    for name in args.inputs:
        path = None if name == "-" else Path(name)
        if path is not None and not _is_stream(path):
            sources += expand([name], args.outdir, seen)  # a file, a folder's tree, or @list's files
            continue
        streams += 1
        if streams > 1 and name == "-":
            raise UsageError("standard input (-) can be read only once")
        data = (sys.stdin.buffer if path is None else path.open("rb")).read()
        label = "stdin" if path is None else name
        stem, model = args.name, None
        if stem is None:
            try:  # kept, so that the conversion does not read it again
                model = load_model(Source(label, None, "", data), options)
                stem = stem_from_title("".join(model.find("meta/title").itertext()) or label)  # a title with <br/>: all its lines
            except ConvertError:
                stem = Path(label).name  # the conversion itself will report the problem
        sources.append(Source(label, None, stem, data, model))
    return sources


def _is_stream(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode)


def cluster_from(args):
    """The Dask cluster to run on (--scheduler, else $DASK_SCHEDULER_ADDRESS), or None."""
    address = scheduler_address(args.scheduler)
    if address is None:
        if args.return_bytes:
            feedback.note("--return-bytes applies only with --scheduler; ignored")
        return None
    if args.scheduler is None:
        feedback.note(f"using the Dask scheduler at {address} (${ENV_SCHEDULER})")
    if args.jobs is not None:
        feedback.note("-j does not apply with a Dask scheduler (its workers decide); ignored")
    from convert import cluster

    return cluster.Cluster(address, return_bytes=args.return_bytes, debug=args.debug)


def list_styles() -> int:
    from convert import style

    for name, description in style.available():
        print(f"{name:12} {description}".rstrip())
    return EXIT_OK


def check_environment() -> None:
    """The libraries every conversion needs, checked once, before any input is blamed."""
    import importlib.util

    for module, package in (("lxml", "lxml"), ("reportlab", "reportlab"), ("docx", "python-docx"),
                            ("ebooklib", "ebooklib"), ("opencc", "opencc"), ("tqdm", "tqdm")):
        if importlib.util.find_spec(module) is None:
            raise ModuleNotFoundError(f"No module named {module!r}", name=package)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["serve"], ["check"]):
        gc.enable()  # a long-lived service, or a checker of many files: collect as usual (convert.__main__ stopped it)
    if argv[:1] == ["serve"]:  # the HTTP service (docs/service.md)
        from convert.service import Command, server

        return server.main(argv[1:], Command(build_parser, main))
    if argv[:1] == ["check"]:  # report-convert check FILE: GB/T 9704 findings (convert/check)
        from convert.check import main as check

        return check(argv[1:])
    args = build_parser().parse_args(argv)
    previous = feedback.verbosity
    feedback.set_verbosity(feedback.QUIET if args.quiet else feedback.VERBOSE if args.verbose else feedback.NORMAL)
    try:
        return convert(args)
    finally:
        feedback.set_verbosity(previous)  # a caller of main() (a test) keeps its own


def convert(args) -> int:
    try:
        check_environment()
        if args.list_styles:
            return list_styles()
        if not args.inputs:
            raise UsageError("no input given (see --help)")
        formats = parse_formats(args.to)
        options = options_from(args)
        if styled(formats) or args.style is not None:
            from convert import style

            style.load(options.style)  # a bad style stops the run once, not once per input
        sources = read_sources(args, options)
        for note in unused_options(args, formats, sources):
            feedback.note(note)
        from convert.batch import Batch

        batch = Batch(formats, args.outdir, options, debug=args.debug, manifest=args.manifest, force=args.force,
                      cluster=cluster_from(args))
        tally = batch.run(sources, args.jobs or available_cpus())
    except KeyboardInterrupt as exc:
        feedback.error("interrupted")
        return exit_code_of(exc)
    except (ConvertError, ModuleNotFoundError) as exc:
        if args.debug:
            raise
        feedback.error(describe(exc))
        return exit_code_of(exc)
    if len(sources) > 1 or args.manifest is not None:
        batch.summary()
    return EXIT_FAILED if tally.failures else EXIT_OK


def run() -> None:
    """Console entry point: signal handlers, main(), then exit without the
    interpreter's teardown.

    Freeing every object one by one (font tables, ReportLab's caches) takes a
    tenth of a second, as long as converting a small report. Every output is
    closed and renamed by then, so there is nothing left to clean up."""
    from convert.outputs import STOP_SIGNALS

    # A stop signal (Ctrl-C, SIGTERM, a closed terminal) stops at once: children
    # are cancelled and unfinished outputs removed. Installed here, not in main(),
    # so that calling main() (as tests do) leaves the caller's handlers alone.
    for signum in STOP_SIGNALS:
        signal.signal(signum, _interrupted)
    code = main()
    startup.save()  # os._exit skips atexit
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _interrupted(signum, frame):
    from convert.forked import stop_now

    try:  # a closed terminal makes these prints fail: the stop must happen all the same
        if sys.stderr.isatty():
            print(file=sys.stderr)  # below a progress bar
        print(f"{PROG}: interrupted", file=sys.stderr)
    finally:
        stop_now()


if __name__ == "__main__":
    run()
