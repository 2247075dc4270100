"""Run one job in a forked child while this process goes on with others.

A report's PDF takes as long as all its other formats together, so a single
report uses a second core by forking after the model is read: the child inherits
the model and writes the PDF, the parent writes the rest. A batch's workers
(convert/batch.py) are forked jobs too. os.fork is used rather than
multiprocessing because the child needs nothing pickled and nothing started,
only the state this process already has.

A child stops at once on a stop signal (`stop_now`) rather than unwinding
through an exception: ReportLab has bare `except:` clauses that can swallow a
KeyboardInterrupt, which let a cancelled child write its whole PDF anyway.
A child also dies with its parent: on Linux the kernel sends it SIGTERM when
the parent dies (PR_SET_PDEATHSIG); elsewhere its outputs are not renamed into
place once the parent is gone (convert.outputs.orphaned).

A child's error comes back as the exception itself, pickled through a pipe, so
that the parent reports it by its class (convert.errors.describe).
"""
from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
from typing import Callable

from convert import collector, outputs
from convert.errors import EXIT_INTERRUPTED, ConvertError, describe
from convert.outputs import STOP_SIGNALS, remove_unfinished

MESSAGE_LIMIT = 1 << 16  # bytes of a pickled error; a larger one comes back as its one line

_running: set[ForkedJob] = set()  # this process's children, not yet reaped
_report_fd: int | None = None  # in a child: the write end of the pipe to its parent
# A stop signal is handled by the main thread at any bytecode, even while the
# kernel holds it back from this thread (another thread can take it). Where
# _running and the children disagree for a moment, the stop waits (`_stops_deferred`).
_deferring = 0
_stop_pending = False
_stopping = False


class ChildFailed(ConvertError, RuntimeError):
    """The forked job died, or failed with an error that does not pickle: the
    message is the child's own one-line description, or how it died."""


def can_fork() -> bool:
    return hasattr(os, "fork")


class ForkedJob:
    """`job()` runs in a child; `wait()` returns when it is done or raises its error."""

    def __init__(self, job: Callable[[], object], debug: bool = False, name: str = "the child process"):
        self.name = name  # for messages: "the PDF writer was killed by SIGKILL"
        self.message, self.status = b"", None
        set_parent_death_signal = _parent_death_signal_setter()  # looked up here, once, not in each child
        import pickle  # noqa: F401  (imported when a job is first forked, not by every run; before the fork: once)
        parent = os.getpid()
        sys.stdout.flush()
        sys.stderr.flush()  # nothing buffered may be written twice
        read_end, write_end = os.pipe()
        # The kernel holds stop signals back from this thread until the child is
        # listed in _running and the child is inside its try block with its own
        # handlers, so that an early Ctrl-C never sends the child into the parent's code.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            with _stops_deferred():
                pid = os.fork()
                if pid == 0:
                    self._run_child(job, debug, parent, set_parent_death_signal, read_end, write_end, blocked)
                self.pid, self.read_end = pid, read_end
                _running.add(self)
                os.close(write_end)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)

    @staticmethod
    def _run_child(job, debug, parent, set_parent_death_signal, read_end, write_end, blocked) -> None:
        global _report_fd, _deferring, _stop_pending
        _deferring, _stop_pending = 0, False
        status, report = 0, b""
        try:
            if set_parent_death_signal:
                set_parent_death_signal(signal.SIGTERM)
            if os.getppid() != parent:  # it died before the death signal was set
                os._exit(EXIT_INTERRUPTED)
            collector.freeze_inherited()
            # Close what is the parent's: a pipe end held here would keep the
            # grandparent waiting for this process too.
            for fd in (read_end, _report_fd, *(j.read_end for j in _running)):
                if fd is not None:
                    with contextlib.suppress(OSError):
                        os.close(fd)
            _running.clear()  # the parent's other children are not this one's
            _report_fd = write_end
            outputs.forked_from(parent)
            for signum in STOP_SIGNALS:
                signal.signal(signum, stop_now)
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            result = job()
            report = _pickled_result(result)
        except KeyboardInterrupt:
            status = EXIT_INTERRUPTED
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
            if debug:
                import traceback

                traceback.print_exc()
            status = 1
            report = _pickled_error(exc)
        finally:
            try:
                _write_all(write_end, report)
                sys.stderr.flush()
            finally:
                os._exit(status)

    def wait(self):
        """The job's return value (when it pickles; else None), or its error raised here."""
        if self.read_end is not None:
            fd, self.read_end = self.read_end, None
            try:
                while chunk := os.read(fd, 65536):
                    self.message += chunk
            finally:
                os.close(fd)
        self._reap()
        code = os.waitstatus_to_exitcode(self.status)
        if code == 0:
            import pickle

            return pickle.loads(self.message) if self.message else None
        if code == EXIT_INTERRUPTED:
            raise KeyboardInterrupt
        if self.message:
            raise _unpickled_error(self.message, f"{self.name} exited with status {code}")
        if code < 0:
            raise ChildFailed(f"{self.name} was killed by {signal.Signals(-code).name}")
        raise ChildFailed(f"{self.name} exited with status {code}")

    def _reap(self) -> None:
        if self.status is not None:
            return
        if hasattr(os, "waitid"):  # wait without reaping, so that the stop can still interrupt it
            os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOWAIT)
            deferred = _stops_deferred()
        else:
            deferred = contextlib.nullcontext()
        with deferred:  # the pid is reaped and the job unlisted as one step: it is never killed after reuse
            if self.status is None:
                self.status = os.waitpid(self.pid, 0)[1]
                _running.discard(self)

    def cancel(self) -> None:
        """Stop the child (it removes its unfinished outputs) and reap it."""
        if self.status is None:  # not reaped yet, so the pid is still ours
            os.kill(self.pid, signal.SIGTERM)
        try:
            self.wait()
        except (Exception, KeyboardInterrupt):  # noqa: BLE001 - whatever it was doing is abandoned
            pass


def stop_now(signum=None, frame=None) -> None:
    """Stop this process at once, whatever code it is in: cancel its children,
    delete its unfinished outputs, exit with status 130. A signal handler: no
    exception is raised, so no library's bare except can swallow the stop."""
    global _stop_pending, _stopping
    if _deferring:  # _running is being changed: stop once it is true again
        _stop_pending = True
        return
    if _stopping:
        return
    _stopping = True
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)  # a second Ctrl-C does not restart it
    try:
        for job in list(_running):
            with contextlib.suppress(Exception):
                job.cancel()
        remove_unfinished()
        sys.stderr.flush()  # fails on a terminal that was closed (SIGHUP)
    finally:
        os._exit(EXIT_INTERRUPTED)


@contextlib.contextmanager
def _stops_deferred():
    """A stop signal that arrives inside is handled on the way out."""
    global _deferring
    _deferring += 1
    try:
        yield
    finally:
        _deferring -= 1
        if not _deferring and _stop_pending:
            stop_now()


@functools.cache
def _parent_death_signal_setter() -> Callable[[int], None] | None:
    """On Linux, a function that asks the kernel to send this process a signal
    when its parent dies (prctl PR_SET_PDEATHSIG, through ctypes: the standard
    library has no binding). None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1
    ulong = ctypes.c_ulong  # prctl is variadic: its arguments are unsigned longs

    def set_parent_death_signal(signum: int) -> None:
        prctl(pr_set_pdeathsig, ulong(signum), ulong(0), ulong(0), ulong(0))  # on failure: orphaned() still holds

    return set_parent_death_signal


def _pickled_result(result: object) -> bytes:
    """A successful job's return value for its parent (the PDF's "18 pages"), if it pickles and is small."""
    import pickle

    try:
        report = pickle.dumps(result)
    except Exception:  # noqa: BLE001 - any object can fail to pickle, in any way
        return b""
    return report if len(report) <= MESSAGE_LIMIT else b""


def _pickled_error(exc: BaseException) -> bytes:
    """The child's error for its parent: the exception itself when it pickles
    (and unpickles), and its one line in any case."""
    import pickle

    try:
        line = describe(exc)
    except Exception:  # noqa: BLE001 - the line must not be lost to a bad __str__
        line = f"internal error: {type(exc).__name__} (run with --debug for the traceback)"
    try:
        error = pickle.dumps(exc)
        pickle.loads(error)  # an exception whose __init__ takes other arguments than it keeps fails here
    except Exception:  # noqa: BLE001 - any object can fail to pickle, in any way
        error = None
    report = pickle.dumps((line, error))
    if len(report) > MESSAGE_LIMIT:
        report = pickle.dumps((line[:MESSAGE_LIMIT // 2], None))
    return report


def _unpickled_error(report: bytes, otherwise: str) -> BaseException:
    """The child's error from its report (our own child's bytes, so safe to unpickle)."""
    import pickle

    try:
        line, error = pickle.loads(report)
    except Exception:  # noqa: BLE001 - cut short: the child died while writing it
        return ChildFailed(otherwise)
    if error is not None:
        with contextlib.suppress(Exception):
            return pickle.loads(error)
    return ChildFailed(line)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
