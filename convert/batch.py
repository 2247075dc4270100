"""Converting inputs: one report into its formats, and many reports at a time.

Nothing here knows about a format: writers are looked up by name.
"""
from __future__ import annotations

import contextlib
import dataclasses
import heapq
import os
import sys
import time
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from convert import collector, feedback
from convert.errors import InputError, OutputError, UsageError, describe
from convert.forked import ForkedJob, can_fork
from convert.options import Options
from convert.writers import WRITERS, extension, needing_layout, writer

PROG = feedback.PROG

# A process converts at most this many reports in a batch, so its memory cannot grow far.
REPORTS_PER_PROCESS = 20
# A single input at least this large shows a progress bar of its stages on a terminal.
LONG_INPUT_BYTES = 256 * 1024
# The summary of a batch lists this many of its slowest inputs.
SLOWEST_SHOWN = 10
# A resume hashes inputs and outputs on this many threads, this many inputs at a time.
HASHING_THREADS = min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
HASHING_CHUNK = 256
# Inputs are dispatched largest first within chunks of this many (see largest_first).
DISPATCH_CHUNK = 1024


@dataclass(frozen=True, slots=True)
class Source:
    """One input: a file, or bytes read once from stdin or a pipe (which can be read only once).

    An archive's batch holds one of these per input for the whole run, so the file is kept
    as a string (the same object as `name` when they are equal), not a Path: a Path costs
    half a kilobyte more. `path` makes the Path when asked."""

    name: str                   # as the user named it, for messages
    location: str | None        # the file (a str or path-like given); None for stdin
    stem: str                   # the outputs' file name, less the extension
    data: bytes | None = field(default=None, repr=False)
    model: object = field(default=None, repr=False, compare=False)  # already read (stdin named by its title)

    def __post_init__(self):
        if self.location is not None:
            location = os.fspath(self.location)
            object.__setattr__(self, "location", self.name if location == self.name else location)

    @property
    def path(self) -> Path | None:
        return None if self.location is None else Path(self.location)

    @classmethod
    def from_path(cls, path: Path) -> Source:
        return cls(str(path), path, Path(path).stem)

    @classmethod
    def of(cls, item: Path | Source) -> Source:
        return item if isinstance(item, Source) else cls.from_path(item)

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        try:
            with open(self.location, "rb") as fh:
                return fh.read()
        except IsADirectoryError:
            raise InputError("is a directory, not a report file") from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}") from None

    def head(self) -> bytes:
        """The first bytes, without consuming anything (the model-XML sniff)."""
        if self.data is not None:
            return self.data[:256]
        try:
            with open(self.location, "rb") as fh:
                return fh.read(256)
        except OSError:
            return b""

    @property
    def size(self) -> int:
        if self.data is not None:
            return len(self.data)
        try:
            return os.stat(self.location).st_size
        except OSError:
            return 0


def load_model(source: Source | Path, options: Options):
    """Read one input into a validated model: the reader its content needs (convert.readers),
    then the script edition. The bytes are read once and sniffed in memory."""
    from convert import readers

    source = Source.of(source)
    if source.model is not None:
        return source.model
    raw = source.read()
    report = readers.reader_for(raw[:readers.SNIFF_BYTES], source.path).parse(raw, source, options)
    if options.script != "keep":
        from convert.transforms import script

        report = script.convert(report, options.script, vocabulary=options.vocabulary)
    return report


def changes_the_model(options: Options) -> bool:
    """Would these options make a model XML input come out different from itself? (The
    script edition, or an option the model XML reader reads.)"""
    from convert.readers import BY_NAME

    return options.script != "keep" or any(getattr(options, name) for name in BY_NAME["xml"].options)


def plan_targets(sources: list[Source], formats: list[str], outdir: Path, options: Options,
                 skipped: list[str] | None = None) -> list[dict[str, Path]]:
    """Each source's output path per format, decided before anything is written.
    Two inputs that would write the same file, or an output that would overwrite
    its own input, stop the run here. The one exception: the XML output of a model
    XML input that no option changes is the input itself, so it is skipped (and said)."""
    planner = Planner(formats, outdir, options, skipped)
    for source in sources:
        planner.add(source)
    planner.make_folder()
    return [planner.targets(source) for source in sources]


class Planner:
    """plan_targets one input at a time, keeping one string per input rather than a
    path per output: an archive's batch plans millions of inputs before writing any."""

    def __init__(self, formats: list[str], outdir: Path, options: Options, skipped: list[str] | None = None):
        if outdir.exists() and not outdir.is_dir():
            raise OutputError("it is a file, not a folder (-o names the output folder)", path=outdir)
        self.formats, self.outdir, self.options, self.skipped = formats, outdir, options, skipped
        # Each input with outputs by its outputs' path below outdir, less the extension: every
        # input writes the same extensions, so two inputs collide exactly when these do.
        self.owners: dict[str, Source] = {}
        self.unwritten_xml: set[str] = set()  # stems of model XML inputs whose XML output is the input

    def add(self, source: Source) -> None:
        from convert.readers import reader_for

        # Strings, not Paths, for the millions of inputs an archive may plan (see Source).
        own = os.path.realpath(source.location) if source.location is not None else None
        first = None
        for fmt in self.formats:
            target = os.path.join(self.outdir, source.stem + extension(fmt))
            if own is not None and os.path.realpath(target) == own:
                is_model = reader_for(source.head(), source.path).name == "xml"
                if fmt == "xml" and is_model and not changes_the_model(self.options):
                    if self.skipped is not None:
                        self.skipped.append(f"{source.name}: xml not written: it would overwrite this input, unchanged")
                    self.unwritten_xml.add(source.stem)
                    continue
                raise UsageError(f"{source.name}: the {fmt} output would overwrite this input; "
                                 f"choose another output folder with -o")
            first = first or target
        if first is None:
            return
        # The stem names the outputs below the output folder; normalised, it is the key
        # (the Source's own string when it is normal already, as a walk's and a list's are).
        key = os.path.normpath(source.stem)
        key = source.stem if key == source.stem else key
        if key in self.owners:
            raise UsageError(f"{self.owners[key].name} and {source.name} would both write {first}; "
                             f"convert them in separate runs or into separate folders")
        self.owners[key] = source

    def owns(self, stem: str, extension_: str) -> bool:
        """Is outdir/stem + extension_ one of this batch's outputs?"""
        source = self.owners.get(os.path.normpath(stem))
        return source is not None and any(extension(fmt) == extension_ for fmt in self.locations(source))

    def make_folder(self) -> None:
        try:
            self.outdir.mkdir(parents=True, exist_ok=True)  # once for all inputs, rather than a failure per input
        except OSError as exc:
            raise OutputError(exc.strerror or str(exc), path=self.outdir) from None

    def targets(self, source: Source) -> dict[str, Path]:
        """Each format's output, as Paths: for the process that writes them."""
        return {fmt: Path(location) for fmt, location in self.locations(source).items()}

    def locations(self, source: Source) -> dict[str, str]:
        """targets as strings: for this process, which may ask of millions of inputs."""
        return {fmt: os.path.join(self.outdir, source.stem + extension(fmt)) for fmt in self.formats
                if not (fmt == "xml" and source.stem in self.unwritten_xml)}


class Plan:
    """Each input of a batch by its index: its source, and its targets made when asked for."""

    def __init__(self, planner: Planner, sources: list[Source]):
        self.planner, self.sources = planner, sources

    def __getitem__(self, index: int) -> tuple[Source, dict[str, Path]]:
        source = self.sources[index]
        return source, self.planner.targets(source)

    def locations(self, index: int) -> tuple[Source, dict[str, str]]:
        source = self.sources[index]
        return source, self.planner.locations(source)


def convert_one(source: Source | Path, formats: list[str], outdir: Path, options: Options,
                split: bool = False, debug: bool = False, targets: dict[str, Path] | None = None) -> list[Path]:
    """Write the formats of one input. With `split`, the PDF is written in a forked
    child while this process writes the other formats: two cores for one report."""
    source = Source.of(source)
    if targets is None:
        (targets,) = plan_targets([source], formats, outdir, options)
    targets = dict(targets)
    progress = StageProgress(source, list(targets)) if source.size >= LONG_INPUT_BYTES else None
    try:
        report = load_model(source, options)
        if progress:
            progress.done("read")
        return _write_formats(report, targets, options, split, debug, progress)
    finally:
        if progress:
            progress.close()


def _write_formats(report, targets: dict[str, Path], options: Options, split: bool, debug: bool,
                   progress: StageProgress | None) -> list[Path]:
    """Each format in turn; the formats that paint a page layout paint one layout, made when
    the first of them (or of those that read it, the DOCX) asks for it. With `split`, the
    painters write together in a forked child; the layout is made before the fork when a
    format this process writes will ask for it too, so that the child inherits it."""
    written: list[Path] = []
    painted = {fmt: targets[fmt] for fmt in needing_layout(targets)}
    layout = None

    def laid_out():
        nonlocal layout
        if layout is None:
            layout = lay_out(report, options)
        return layout

    fmt, forked = None, None
    try:
        if split and painted and len(painted) < len(targets) and can_fork():
            targets = {f: target for f, target in targets.items() if f not in painted}
            if any(WRITERS[f].borrows_layout and writer(f).wants_layout(report) for f in targets):
                laid_out()
            name = f"the {' and '.join(f.upper() for f in painted)} writer" + ("s" if len(painted) > 1 else "")
            forked = ForkedJob(lambda: _paint(report, painted, options, layout), debug, name=name)
        for fmt, target in targets.items():
            started = time.perf_counter()
            if fmt in painted:
                detail = writer(fmt).write_layout(laid_out(), target, options)
            elif WRITERS[fmt].borrows_layout:
                detail = writer(fmt).write(report, target, options, layout=laid_out)
            else:
                detail = writer(fmt).write(report, target, options)
            _written(written, target, detail, started, progress, fmt)
        if forked:
            fmt, started = next(iter(painted)), time.perf_counter()
            job, forked = forked, None
            try:
                details = job.wait()
            except Exception as exc:
                fmt = getattr(exc, "failed_format", fmt)
                written += [target for f, target in painted.items() if f in getattr(exc, "painted_formats", ())]
                raise
            for (fmt, target), detail in zip(painted.items(), details):
                _written(written, target, detail, started, progress, fmt)
    except BaseException as exc:
        if forked:
            forked.cancel()  # a no-op once the child is reaped
        if isinstance(exc, Exception) and not debug:
            raise FormatFailed(exc, fmt, written, report) from exc
        raise
    return written


def lay_out(report, options: Options):
    """The page layout of the report: once, for every format that paints it."""
    from convert.typeset import pages

    return pages.lay_out(report, options)


def _paint(report, targets: dict[str, Path], options: Options, layout=None) -> list[str]:
    """In a forked child: one layout (the parent's, if it made it), painted into each of
    `targets`; what each holds. A failure says which format failed and which were painted
    before it (when it pickles)."""
    if layout is None:
        layout = lay_out(report, options)
    details: list[str] = []
    for fmt, target in targets.items():
        try:
            details.append(writer(fmt).write_layout(layout, target, options))
        except Exception as exc:
            with contextlib.suppress(AttributeError):  # an exception with __slots__ says less
                exc.failed_format, exc.painted_formats = fmt, list(targets)[:len(details)]
            raise
    return details


def _written(written: list[Path], target: Path, detail, started: float, progress, fmt: str) -> None:
    written.append(target)
    feedback.wrote(target, detail or "", time.perf_counter() - started)
    if progress:
        progress.done(fmt)


class FormatFailed(Exception):
    """A writer failed: the cause, the format, and what was written before it."""

    def __init__(self, cause: Exception, fmt: str | None, written: list[Path], report):
        super().__init__(str(cause))
        self.cause, self.fmt, self.written, self.report = cause, fmt, list(written), report


def describe_failure(exc: Exception, name: str) -> str:
    """The one line for a failed input: the cause by its class, then which format
    failed and which outputs were written before it."""
    if not isinstance(exc, FormatFailed):
        return describe(exc, name)
    cause = exc.cause
    char = getattr(cause, "char", None)
    if char and isinstance(cause, InputError) and cause.within is None:
        cause.within = where_is(exc.report, char)
    line = describe(cause, name)
    if exc.fmt and not isinstance(cause, OutputError):  # an output error names its file already
        line += f"; the {exc.fmt} was not written"
        if exc.written:
            line += f" (written: {', '.join(map(str, exc.written))})"
    elif exc.written:
        line += f"; written: {', '.join(map(str, exc.written))}"
    return line


BLOCK_NAMES = {"p": "paragraph", "heading": "heading", "title": "title", "subtitle": "subtitle", "item": "item"}


def where_is(report, char: str) -> str | None:
    """Where in the model a character first stands: 'the paragraph beginning “…”'."""
    for el in report.iter():
        if not isinstance(el.tag, str) or el.tag in ("transforms", "dropped"):
            continue
        if char in (el.text or "") or char in (el.tail or ""):
            block = el if char in (el.text or "") else el.getparent()
            while block is not None and block.tag not in BLOCK_NAMES and block.getparent() is not None \
                    and block.getparent().tag not in ("meta", "body", "section", "appendix"):
                block = block.getparent()
            text = "".join(block.itertext()).strip()
            kind = BLOCK_NAMES.get(block.tag, block.tag)
            return f"the {kind} beginning “{text[:16]}”" if len(text) > 16 else f"the {kind} “{text}”"
    return None


@dataclass(frozen=True, slots=True)
class Result:
    path: object                # the input as given to the batch (a Path, or a Source)
    error: str | None           # the whole one-line message, or None
    seconds: float
    outputs: tuple = ()         # manifest.Output of each file written, when asked to record them
    worker: str | None = None   # who converted it: host:pid, or a Dask worker's address
    skipped: bool = False       # not converted: the manifest shows its outputs are up to date
    sha256: str | None = None   # of the bytes converted, when asked to record them

    @property
    def status(self) -> str:
        return "skipped" if self.skipped else "failed" if self.error else "ok"


def host_name() -> str:
    """socket.gethostname()'s answer on POSIX, without importing socket for it."""
    return os.uname().nodename


def this_worker() -> str:
    return f"{host_name()}:{os.getpid()}"


def convert_safely(source: Source | Path, formats: list[str], outdir: Path, options: Options,
                   debug: bool = False, split: bool = False, targets: dict[str, Path] | None = None,
                   record: bool = False) -> Result:
    """Convert one input; any failure becomes a one-line message, never a traceback.
    With `record`, the result lists the outputs written, with their sizes and hashes, and
    the hash of the input's bytes as they were read for this conversion."""
    item, source = source, Source.of(source)
    start = time.perf_counter()
    error, written, sha = None, [], None
    try:
        if record and source.data is None:
            source = dataclasses.replace(source, data=source.read())  # read once: hashed and converted
        if record:
            from convert.manifest import digest

            sha = digest(source.data)
        written = convert_one(source, formats, outdir, options, split=split, debug=debug, targets=targets)
    except Exception as exc:  # not KeyboardInterrupt: an interrupt stops the run
        if debug:
            raise
        error, written = describe_failure(exc, source.name), getattr(exc, "written", [])
    seconds = time.perf_counter() - start
    if not record:
        return Result(item, error, seconds)
    from convert.manifest import outputs_of

    if targets is None:
        (targets,) = plan_targets([source], formats, outdir, options)
    return Result(item, error, seconds, outputs_of(targets, written), this_worker(), sha256=sha)


def largest_first(indices: Sequence[int], size_of, chunk: int) -> Iterator[int]:
    """The indices a chunk at a time, each chunk's largest input first: the short ones finish
    a chunk, and no more than a chunk is ever held sorted, however long the batch."""
    for start in range(0, len(indices), chunk):
        yield from sorted(indices[start:start + chunk], key=size_of, reverse=True)


class Tally:
    """What a batch's summary needs, kept as the results come rather than the results
    themselves: the counts, the slowest few, and each failure."""

    def __init__(self):
        self.counts = {status: 0 for status in ("ok", "failed", "skipped")}
        self.slowest: list[tuple[float, int, str]] = []  # a heap of (seconds, order, name)
        self.failures: list[Result] = []

    def add(self, result: Result, name: str) -> None:
        self.counts[result.status] += 1
        if result.error:
            self.failures.append(result)
        if not result.skipped:
            entry = (result.seconds, self.total, name)
            if len(self.slowest) < SLOWEST_SHOWN:
                heapq.heappush(self.slowest, entry)
            else:
                heapq.heappushpop(self.slowest, entry)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def attempted(self) -> int:
        return self.counts["ok"] + self.counts["failed"]


class Batch:
    """Many inputs, one after another or `jobs` at a time; one failure never stops the rest.

    An archive's batch may list millions of inputs, so what this process keeps for the
    whole run is one Source an input and the key that refuses two inputs writing one file
    (Planner); results are counted as they come (Tally), not kept."""

    def __init__(self, formats: list[str], outdir: Path, options: Options, debug: bool = False,
                 manifest: Path | None = None, force: bool = False, cluster=None):
        self.formats, self.outdir, self.options, self.debug = formats, outdir, options, debug
        self.started = time.perf_counter()
        self.tally = Tally()
        self.progress: Progress | None = None
        self.inputs: list = []     # as given: a Path or a Source each
        self.plan: Plan | None = None  # each input by its index: its source and its targets
        self.skipped: list[str] = []  # outputs not written, and why
        self.force = force  # convert every input, whatever the manifest says
        self.cluster = cluster  # a convert.cluster.Cluster: each input a task on Dask workers
        self.manifest = None
        if manifest is not None:
            from convert.manifest import Manifest

            self.manifest = Manifest(manifest, formats, options)

    def run(self, inputs: list[Path | Source], jobs: int) -> Tally:
        """Convert every input. Raises UsageError or OutputError, before anything is
        written, when the inputs' outputs cannot all be written (see plan_targets)."""
        planner = Planner(self.formats, self.outdir, self.options, self.skipped)
        sources = [Source.of(item) for item in inputs]  # the same objects when given Sources
        for source in sources:
            planner.add(source)
        planner.make_folder()
        self.inputs, self.plan = inputs, Plan(planner, sources)
        for line in self.skipped:
            feedback.note(line)
        try:
            todo = self.resume() if self.manifest is not None else range(len(inputs))
            self.progress = Progress(len(todo)) if len(todo) > 1 else None
            with collector.converting(len(todo)):
                if not todo:
                    pass
                elif self.cluster is not None:
                    self.cluster.run(self, todo)
                elif jobs == 1 or len(todo) == 1 or not can_fork():
                    for count, index in enumerate(todo, 1):
                        self.done(index, self.convert(index, split=jobs > 1))
                        if count == 1 < len(todo):
                            collector.settle()  # report after report in this process
                else:
                    self.run_in_workers(todo, min(jobs, len(todo)))
        finally:
            if self.progress:
                self.progress.close()
            if self.manifest is not None:
                self.manifest.close()
        return self.tally

    def resume(self) -> Sequence[int]:
        """With a manifest: skip each input whose earlier ok attempt still holds (unless
        --force), remove what a killed run left half-written, and return the indices of the
        inputs to convert. Only inputs with such an attempt are hashed here; the others are
        hashed by whoever converts them, from the bytes it reads."""
        from concurrent.futures import ThreadPoolExecutor

        from convert.manifest import SKIPPED, digest, input_key

        remove_stale_parts_below(self.outdir, self.plan.planner.owns)
        previous = {} if self.force else self.manifest.previous()
        self.manifest.open()

        def check(index: int) -> str | None:
            """The input's hash when its earlier attempt holds, else None."""
            source, targets = self.plan.locations(index)
            try:
                sha = digest(source.read())
            except InputError:  # unreadable: its conversion says why, in its one line
                return None
            return sha if self.manifest.still_holds(previous[input_key(source)], sha, targets) else None

        todo = array("L")
        candidates = array("L")  # with an earlier ok attempt: hashed to see whether it holds
        for index, source in enumerate(self.plan.sources):
            (candidates if previous.get(input_key(source)) else todo).append(index)
        if not candidates:
            return todo
        # Hashing is most of a resume, and hashlib lets go of the GIL: threads share it out.
        # They are gone before any worker forks from this process.
        with ThreadPoolExecutor(max_workers=HASHING_THREADS) as pool:
            for start in range(0, len(candidates), HASHING_CHUNK):
                chunk = candidates[start:start + HASHING_CHUNK]
                for index, sha in zip(chunk, pool.map(check, chunk)):
                    if sha is None:
                        todo.append(index)
                        continue
                    source = self.plan.sources[index]
                    self.manifest.record(source, sha, SKIPPED)
                    self.tally.add(Result(self.inputs[index], None, 0.0, skipped=True), source.name)
        previous.clear()  # its entries are needed no longer
        if self.tally.counts["skipped"]:
            feedback.note(f"{self.tally.counts['skipped']} of {len(self.inputs)} inputs are converted already "
                          f"(manifest {self.manifest.path}); skipped")
        return array("L", sorted(todo))  # in the inputs' order, as a run without a manifest

    def convert(self, index: int, split: bool = False) -> Result:
        source, targets = self.plan[index]
        result = convert_safely(source, self.formats, self.outdir, self.options, self.debug, split=split,
                                targets=targets, record=self.manifest is not None)
        return dataclasses.replace(result, path=self.inputs[index])

    def done(self, index: int, result: Result) -> None:
        source = self.plan.sources[index]
        if self.manifest is not None:
            self.manifest.record(source, result.sha256, result.status, result.error,
                                 result.outputs, result.seconds, result.worker)
            result = dataclasses.replace(result, outputs=(), worker=None)  # recorded: not kept for the summary
        self.tally.add(result, source.name)
        if result.error:
            feedback.error(result.error)
        if self.progress:
            self.progress.update(result, source.name)

    def run_in_workers(self, todo: Sequence[int], jobs: int) -> None:
        """`jobs` forked workers each take the largest report left (of a chunk of
        DISPATCH_CHUNK), so the last to finish are short ones. A worker converts at most
        REPORTS_PER_PROCESS reports, then a new one takes its place, so no process runs
        long enough for its memory to grow. A report lost with a dying worker is reported
        as failed."""
        import selectors

        preload_readers(self.plan.sources[i] for i in todo)
        pending = largest_first(todo, lambda i: self.plan.sources[i].size, DISPATCH_CHUNK)
        following = next(pending, None)
        selector = selectors.DefaultSelector()
        workers: set[Worker] = set()

        def start() -> None:
            worker = Worker(self, others=workers)
            workers.add(worker)
            selector.register(worker.results, selectors.EVENT_READ, worker)
            send(worker)

        def send(worker: Worker) -> None:
            nonlocal following
            index, following = following, next(pending, None)
            # The last report: its worker writes the PDF in a child, onto a core
            # that would otherwise wait for the others to finish.
            worker.send(index, split=following is None)

        def stop(worker: Worker, cancel: bool = False) -> None:
            selector.unregister(worker.results)
            workers.discard(worker)
            worker.close(cancel)

        try:
            while following is not None and len(workers) < jobs:
                start()
            while workers:
                for key, _ in selector.select():
                    worker = key.data
                    if (finished := worker.receive()) is None:
                        continue  # part of a line
                    self.done(*finished)
                    if worker.alive and following is not None and worker.converted < REPORTS_PER_PROCESS:
                        send(worker)
                    else:
                        stop(worker)
                        if following is not None:
                            start()
        except BaseException:
            for worker in list(workers):
                stop(worker, cancel=True)  # each removes its partial output on the way out
            raise

    def summary(self) -> None:
        """The ten slowest, then the counts per status, the time and the rate, then each failure."""
        if feedback.verbosity == feedback.QUIET:
            return  # each failure has been said already
        tally = self.tally
        elapsed = time.perf_counter() - self.started
        if tally.attempted > 1:
            slowest = sorted(tally.slowest, key=lambda entry: (-entry[0], entry[1]))
            print(f"{PROG}: the {len(slowest)} slowest:", file=sys.stderr)
            for seconds, _, name in slowest:
                print(f"  {seconds:7.2f} s  {name}", file=sys.stderr)
        rate = f", {tally.attempted / elapsed:.2f} documents/s" if tally.attempted and elapsed > 0 else ""
        skipped = f", {tally.counts['skipped']} skipped" if self.manifest is not None else ""
        print(f"{PROG}: {tally.counts['ok']} converted, {tally.counts['failed']} failed{skipped}, "
              f"{elapsed:.1f} s{rate}", file=sys.stderr)
        for r in tally.failures:
            print(f"  failed: {r.error}", file=sys.stderr)


def preload_readers(sources: Iterable[Source]) -> None:
    """Import, before the workers fork, the readers the inputs' names point to: every worker
    then has them. A worker converts REPORTS_PER_PROCESS inputs, so a batch forks many, and
    each would import the readers and compile their patterns again (about 0.15 s a worker).
    Only a preload: each input is still read by what its content is."""
    import importlib

    from convert.readers import READERS

    suffixes = {os.path.splitext(source.name)[1].lower() for source in sources}
    for info in READERS:
        if suffixes.intersection(info.suffixes):
            importlib.import_module(info.module)


class Worker:
    """A forked process that converts the reports it is sent, one at a time.

    Hand-written rather than a multiprocessing pool: a worker forks from this
    process, which has imported little but the readers and runs no thread, so it starts at once,
    with no server process to start first and nothing to pickle. It is sent an
    input's index and answers with one JSON line: the error (or null), the time,
    the outputs, the worker and the input's hash.
    """

    def __init__(self, batch: Batch, others: Iterable[Worker]):
        import json  # noqa: F401  (for the result lines; before the fork, so that no worker imports it)

        self.batch = batch
        task_read, self.tasks = os.pipe()
        self.results, result_write = os.pipe()
        # The child keeps only its own ends; an inherited end of another worker's
        # pipe would keep that worker from seeing this process go.
        inherited = [self.tasks, self.results, *(fd for w in others for fd in (w.tasks, w.results))]
        self.job = ForkedJob(lambda: _serve(batch, task_read, result_write, inherited), batch.debug,
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

    def receive(self) -> tuple[int, Result] | None:
        """The current report's index and result; None while its line is incomplete."""
        chunk = os.read(self.results, 65536)
        item = self.batch.inputs[self.current]
        if chunk:
            self.received += chunk
            if not self.received.endswith(b"\n"):
                return None
            import json

            error, seconds, outputs, worker, sha = json.loads(self.received)
            self.received = b""
            self.converted += 1
            return self.current, Result(item, error, seconds, _outputs(outputs), worker, sha256=sha)
        self.alive = False  # it died with its report
        try:
            self.job.wait()
            error = "the worker process ended before finishing"
        except Exception as exc:  # noqa: BLE001 - the worker's own error, of whatever class
            error = describe(exc)
        name = self.batch.plan.sources[self.current].name
        return self.current, Result(item, f"{name}: {error}", 0.0, worker=f"{host_name()}:{self.job.pid}")

    def close(self, cancel: bool = False) -> None:
        os.close(self.tasks)  # the worker's loop ends when its input does
        if cancel:
            self.job.cancel()
        else:
            with contextlib.suppress(Exception):  # every report it took has a result already
                self.job.wait()
        os.close(self.results)


def _serve(batch: Batch, task_read: int, result_write: int, inherited: list[int]) -> None:
    """A worker's loop: an index in, a result line out, until this process closes its end."""
    import json

    for fd in inherited:
        os.close(fd)
    with open(task_read, "rb") as tasks, open(result_write, "w", encoding="utf-8") as results:
        for line in tasks:
            index, split = map(int, line.split())
            result = batch.convert(index, split=bool(split))
            outputs = [dataclasses.astuple(o) for o in result.outputs]
            results.write(json.dumps([result.error, result.seconds, outputs, result.worker, result.sha256]) + "\n")
            results.flush()


def _outputs(rows: list) -> tuple:
    from convert.manifest import Output

    return tuple(Output(*row) for row in rows)


def remove_stale_parts_below(outdir: Path, owns) -> None:
    """Remove the temporary files (.NAME.XXXXXXXX.part, convert.outputs) that a killed
    process left behind (one killed outright cannot remove its own), in one walk of the
    output folder: a file goes when `owns(stem, extension)` says its output is this run's."""
    for root, dirs, files in os.walk(outdir):
        for name in files:
            target = _part_of(name)
            if target is None:
                continue
            stem, extension = os.path.splitext(os.path.relpath(os.path.join(root, target), outdir))
            if owns(stem.replace(os.sep, "/"), extension):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(root, name))


def _part_of(name: str) -> str | None:
    """The output a temporary file .NAME.XXXXXXXX.part stands for (NAME), else None."""
    if name.startswith(".") and name.endswith(".part"):
        return name[1:-len(".part")].rpartition(".")[0] or None
    return None


class Progress:
    """A progress bar (tqdm) on a terminal; plain lines otherwise."""

    def __init__(self, total: int):
        self.total, self.count = total, 0
        self.bar = None
        if sys.stderr.isatty() and feedback.verbosity > feedback.QUIET:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: workers fork from this process
            self.bar = tqdm(total=total, unit="report", file=sys.stderr)

    def update(self, result: Result, name: str) -> None:
        self.count += 1
        if self.bar is not None:
            self.bar.update(1)
        else:
            state = "failed" if result.error else "ok"
            if feedback.verbosity > feedback.QUIET:
                print(f"[{self.count}/{self.total}] {state} {name} ({result.seconds:.1f} s)",
                      file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class StageProgress:
    """A progress bar over the stages of one long conversion (reading, then each
    format), on a terminal: a 20 MB report otherwise prints nothing for minutes."""

    def __init__(self, source: Source, formats: list[str]):
        self.bar = None
        self.name, self.left = Path(source.name).name, list(formats)
        if feedback.wants_progress() and sys.stderr.isatty():
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: a PDF child may fork from this process
            self.bar = tqdm(total=1 + len(formats), unit="stage", file=sys.stderr, leave=False,
                            desc=f"{self.name}: reading")

    def done(self, stage: str) -> None:
        if self.bar is None:
            return
        if stage in self.left:
            self.left.remove(stage)
        self.bar.set_description_str(f"{self.name}: {', '.join(self.left) or 'done'}", refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

