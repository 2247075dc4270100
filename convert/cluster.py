"""A batch on Dask distributed: each input is a task on the cluster's workers.

`--scheduler tcp://HOST:8786` (or DASK_SCHEDULER_ADDRESS) uses a running cluster;
`--scheduler local:N` starts a LocalCluster of N worker processes here. Dask schedules,
retries and moves the tasks; this module only submits them and takes their results.

Workers write into the output folder, which all of them and this process must see at
the same path (a shared file system); with `return_bytes` they send the files back and
this process writes them, and the inputs travel to them the same way. The manifest is
written here alone (convert.batch). Tasks are submitted a window at a time, largest
input first, so that this process and the scheduler hold a bounded number of tasks
however long the batch.
"""
from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from convert import collector, feedback
from convert.errors import ConvertError, EnvironmentProblem, UsageError, describe
from convert.options import SCHEDULER_VARIABLE as ENVIRONMENT_VARIABLE, scheduler_address  # noqa: F401
from convert.outputs import atomic_output, source_date_epoch

if TYPE_CHECKING:  # convert.batch is imported when a batch runs, not for --help
    from convert.batch import Result, Source
    from convert.options import Options


LOCAL_PREFIX = "local:"
# A task that raises (not a document that fails: that is a result) is tried this many more
# times; a task whose worker dies is moved to another worker by the scheduler, up to its
# distributed.scheduler.allowed-failures, and then fails as KilledWorker, recorded once.
TASK_RETRIES = 2
# Tasks in flight per worker thread: enough that no worker waits for the next one.
TASKS_PER_THREAD = 2
MIN_IN_FLIGHT = 4
# The window follows the cluster's size (workers join and leave): asked again this often.
RESIZE_EVERY = 64
# What grew with the batch in this process (a LocalCluster's scheduler runs here), by
# bench/archive.py: Dask's cache of the prefix of every task key it has seen
# (dask.utils.key_split, up to 100,000 keys; each of ours is new), cleared this often;
# and its logs of each stream's recent messages (shortened in DASK_SETTINGS_FILE).
FORGET_KEYS_EVERY = 1024
# Dask's settings for a batch (each with its reason and its measured cost there): applied to
# the processes a LocalCluster starts here, and read by a cluster's own workers through
# DASK_CONFIG (see docs/archives.md).
DASK_SETTINGS_FILE = Path(__file__).with_name("dask.yaml")
CONNECT_TIMEOUT = "10s"
KEY_PREFIX = "report-convert"


@dataclass(frozen=True)
class Task:
    """What a worker needs for one input; small, and the same on every machine."""

    source: Source                 # an absolute path, or the bytes themselves (return_bytes)
    targets: dict[str, str]        # format -> absolute output path
    formats: tuple[str, ...]
    options: Options
    source_date_epoch: str | None  # this process's, so every worker dates outputs alike
    return_bytes: bool
    record: bool                   # list the outputs with their hashes (a manifest is kept)
    verbosity: int                 # the client's -q / -v, for what a worker prints itself


@dataclass(frozen=True)
class Outcome:
    error: str | None
    seconds: float
    outputs: tuple = ()
    worker: str | None = None
    files: dict[str, bytes] | None = None   # return_bytes: format -> content, for the client to write
    sha256: str | None = None               # of the input's bytes, when recorded


def check_address(address: str) -> None:
    if address.startswith(LOCAL_PREFIX):
        count = address[len(LOCAL_PREFIX):]
        if not count.isdigit() or int(count) < 1:
            raise UsageError(f"--scheduler {address}: local:N takes a positive number of workers, as in local:4")
    elif "://" not in address:
        raise UsageError(f"--scheduler {address}: give a scheduler address such as tcp://HOST:8786, or local:N")


def convert_task(task: Task) -> Outcome:
    """Runs on a worker: one input into its formats; a failure is a result, not an exception."""
    feedback.set_verbosity(task.verbosity)
    with _source_date_epoch(task.source_date_epoch), collector.converting():
        outcome = _converted(task)
    if _dask_worker() is not None:
        collector.settle()  # a worker converts report after report
    return outcome


def _converted(task: Task) -> Outcome:
    from convert.batch import convert_safely
    from convert.manifest import digest

    if not task.return_bytes:
        targets = {fmt: Path(path) for fmt, path in task.targets.items()}
        result = convert_safely(task.source, list(task.formats), _folder(targets), task.options,
                                targets=targets, record=task.record)
        return Outcome(result.error, result.seconds, result.outputs, _worker_name(), sha256=result.sha256)
    with tempfile.TemporaryDirectory(prefix="report-convert-") as tmp:
        # The same file names, in a folder of this worker's own.
        local = {fmt: Path(tmp, Path(path).name) for fmt, path in task.targets.items()}
        result = convert_safely(task.source, list(task.formats), Path(tmp), task.options, targets=local)
        files = {fmt: path.read_bytes() for fmt, path in local.items() if path.exists()}
        error = result.error
        if error and task.targets:  # name the outputs as the client will write them
            error = error.replace(tmp, str(_folder({f: Path(p) for f, p in task.targets.items()})))
        sha = digest(task.source.data) if task.record and task.source.data is not None else None
        return Outcome(error, result.seconds, (), _worker_name(), files, sha)


class Cluster:
    """The client side: connect (or start a LocalCluster), submit, collect, close."""

    def __init__(self, address: str, return_bytes: bool = False, debug: bool = False):
        check_address(address)
        self.address, self.return_bytes, self.debug = address, return_bytes, debug

    @contextlib.contextmanager
    def client(self):
        import logging

        import dask
        from distributed import Client, LocalCluster

        # What matters reaches the user as our own lines (a lost scheduler, a failed document);
        # Dask's log records of the same events, tracebacks included, only with --debug.
        level = logging.WARNING if self.debug else logging.CRITICAL
        for name in ["distributed", *logging.root.manager.loggerDict]:  # Dask's config sets some children's own
            if name == "distributed" or name.startswith("distributed."):
                logging.getLogger(name).setLevel(level)
        with dask.config.set(dask_settings()):
            yield from self._connected(Client, LocalCluster, level)

    def _connected(self, Client, LocalCluster, level: int):  # noqa: N803 - Dask's classes
        local = None
        try:
            if self.address.startswith(LOCAL_PREFIX):
                local = LocalCluster(n_workers=int(self.address[len(LOCAL_PREFIX):]), threads_per_worker=1,
                                     processes=True, dashboard_address=":0", silence_logs=level)
                client = Client(local)
            else:
                client = Client(self.address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            if local is not None:
                local.close()
            raise EnvironmentProblem(f"cannot reach the Dask scheduler at {self.address}: {exc}") from None
        try:
            yield client
        finally:
            with contextlib.suppress(Exception):  # closing what is already gone
                client.close()
            if local is not None:
                with contextlib.suppress(Exception):
                    local.close()

    def run(self, batch, todo) -> None:
        """Every input of `todo` (indices) as a task; each result goes to batch.done as it comes."""
        from distributed import as_completed, wait

        from convert.batch import DISPATCH_CHUNK, largest_first, remove_stale_parts_below

        with self.client() as client:
            token = uuid.uuid4().hex
            pending = largest_first(todo, lambda index: batch.plan.sources[index].size, DISPATCH_CHUNK)
            running = as_completed(loop=client.loop)  # this client's, not a default client's
            futures: dict = {}

            suspects = []  # ended as KilledWorker beside other tasks: tried again alone

            def submit(index: int, attempt: str = ""):
                task = self.task(batch, index)
                # One key prefix for every task (the scheduler keeps state per prefix); the
                # stem for people reading the dashboard; the run's token against other runs.
                future = client.submit(convert_task, task, key=(KEY_PREFIX, task.source.stem, token + attempt),
                                       retries=TASK_RETRIES)
                futures[future.key] = index
                return future

            def top_up(count: int) -> None:
                for index in [next(pending, None) for _ in range(count)]:
                    if index is not None:
                        running.add(submit(index))

            window = self.window(client)
            top_up(window)
            for finished, future in enumerate(running, 1):
                index = futures.pop(future.key)
                result = self.result(batch, index, future, alone=False)
                future.release()
                if result is None:
                    suspects.append(index)
                else:
                    batch.done(index, result)
                if finished % RESIZE_EVERY == 0:
                    window = self.window(client)
                if finished % FORGET_KEYS_EVERY == 0:
                    forget_keys()
                top_up(max(0, window - len(futures)))
            # A worker that dies takes every task it holds with it, and each counts it against
            # its allowed failures: a document that kills workers can get the ones queued beside
            # it given up. Each such document runs once more, alone, and only then is failed.
            for index in suspects:
                future = submit(index, "-alone")
                wait(future)
                futures.pop(future.key)
                batch.done(index, self.result(batch, index, future, alone=True))
                future.release()
        if not self.return_bytes:
            # What workers killed mid-document left half-written, in one walk of the output
            # folder once every task is done (a walk per task is quadratic in a flat folder).
            remove_stale_parts_below(batch.outdir, batch.plan.planner.owns)

    def window(self, client) -> int:
        threads = sum(client.nthreads().values())
        return max(MIN_IN_FLIGHT, TASKS_PER_THREAD * threads)

    def task(self, batch, index: int) -> Task:
        source, targets = batch.plan.locations(index)
        if self.return_bytes:
            source = dataclasses.replace(source, data=source.read()) if source.data is None else source
        elif source.location is not None:
            source = dataclasses.replace(source, location=os.path.abspath(source.location))
        options = batch.options
        if options.style.endswith(".toml"):  # a style path, read by the workers
            options = dataclasses.replace(options, style=os.path.abspath(options.style))
        epoch = source_date_epoch()
        return Task(source, {fmt: os.path.abspath(path) for fmt, path in targets.items()}, tuple(batch.formats),
                    options, None if epoch is None else str(epoch), self.return_bytes, batch.manifest is not None,
                    feedback.verbosity)

    def result(self, batch, index: int, future, alone: bool) -> Result | None:
        """The task's outcome as a batch result; with return_bytes, its files written here.
        None for a task given up after its workers died, unless it ran `alone`."""
        from distributed import KilledWorker

        from convert.batch import Result

        item, name = batch.inputs[index], batch.plan.sources[index].name
        try:
            outcome: Outcome = future.result()
        except KilledWorker:
            if not alone:
                return None
            return Result(item, f"{name}: every worker that took it died, with other tasks and alone "
                                f"(Dask's allowed failures); not retried", 0.0)
        except BaseException as exc:  # a task's own error after its retries, of whatever class
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            if future.cancelled() or not isinstance(exc, Exception):  # asyncio's CancelledError is not one
                raise EnvironmentProblem(f"lost the Dask scheduler at {self.address}; run again with the same "
                                         f"--manifest to go on") from None
            return Result(item, describe(exc, name), 0.0)
        outputs, error = outcome.outputs, outcome.error
        if outcome.files is not None:
            try:
                outputs = self.write_files(batch, index, outcome.files)
            except ConvertError as exc:  # this input's outputs only: the batch goes on
                outputs, error = (), error or describe(exc, name)
        return Result(item, error, outcome.seconds, outputs, outcome.worker, sha256=outcome.sha256)

    @staticmethod
    def write_files(batch, index: int, files: dict[str, bytes]) -> tuple:
        from convert.manifest import Output, digest

        _, targets = batch.plan.locations(index)
        written = []
        for fmt, path in targets.items():
            if fmt in files:
                with atomic_output(path) as tmp:
                    tmp.write_bytes(files[fmt])
                written.append(Output(fmt, os.path.abspath(path), len(files[fmt]), digest(files[fmt])))
        return tuple(written) if batch.manifest is not None else ()


def dask_settings() -> dict:
    """DASK_SETTINGS_FILE as dotted keys, so that each replaces one setting, not a whole section."""
    import yaml

    def leaves(tree: dict, prefix: str):
        for key, value in tree.items():
            if isinstance(value, dict):
                yield from leaves(value, f"{prefix}{key}.")
            else:
                yield f"{prefix}{key}", value

    return dict(leaves(yaml.safe_load(DASK_SETTINGS_FILE.read_text(encoding="utf-8")), ""))


def forget_keys() -> None:
    """Empty Dask's cache of key prefixes (a pure cache: it refills as it is used)."""
    from dask.utils import key_split

    key_split.cache_clear()


def _folder(targets: dict[str, Path]) -> Path:
    return next(iter(targets.values())).parent if targets else Path(".")


def _dask_worker():
    """The Dask worker running this task; None when called directly."""
    from distributed import get_worker

    try:
        return get_worker()
    except ValueError:
        return None


def _worker_name() -> str:
    if (worker := _dask_worker()) is not None:
        return worker.address
    from convert.batch import this_worker

    return this_worker()


@contextlib.contextmanager
def _source_date_epoch(value: str | None):
    """SOURCE_DATE_EPOCH as the client has it, for this task only (a worker runs one task a thread)."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
