"""Run one job in a forked child while this process goes on with others.

A report's PDF takes as long as all its other formats together, so a single
report uses a second core by forking after the model is read: the child inherits
the model and writes the PDF, the parent writes the rest. A batch's workers
(convert/batch.py) are forked jobs too. os.fork is used rather than
multiprocessing because the child needs nothing pickled and nothing started,
only the state this process already has.

A child stops at once on SIGTERM or SIGINT (`stop_now`) rather than unwinding
through an exception: ReportLab has bare `except:` clauses that can swallow a
KeyboardInterrupt, which let a cancelled child write its whole PDF anyway.
"""
from __future__ import annotations

import contextlib
import os
import signal
import sys
from typing import Callable

from convert.errors import describe
from convert.outputs import STOP_SIGNALS, remove_unfinished

MESSAGE_LIMIT = 4000  # bytes; far below the pipe buffer, so the child never blocks on it
INTERRUPTED = 130

_running: set[ForkedJob] = set()  # this process's children, not yet reaped


class ChildFailed(RuntimeError):
    """The forked job failed; the message is the child's own one-line description."""


def can_fork() -> bool:
    return hasattr(os, "fork")


class ForkedJob:
    """`job()` runs in a child; `wait()` returns when it is done or raises its error."""

    def __init__(self, job: Callable[[], object], debug: bool = False, name: str = "the child process"):
        self.name = name  # for messages: "the PDF writer was killed by SIGKILL"
        sys.stdout.flush()
        sys.stderr.flush()  # nothing buffered may be written twice
        read_end, write_end = os.pipe()
        # Signals wait until the child is inside its try block with its own handlers,
        # so that an early Ctrl-C can never send the child back into the parent's code.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        pid = os.fork()
        if pid == 0:
            status, message = 0, ""
            try:
                os.close(read_end)
                _running.clear()  # the parent's other children are not this one's
                for signum in STOP_SIGNALS:
                    signal.signal(signum, stop_now)
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
                job()
            except KeyboardInterrupt:
                status, message = INTERRUPTED, "interrupted"
            except BaseException as exc:  # noqa: BLE001 - every failure goes back as one line
                if debug:
                    import traceback

                    traceback.print_exc()
                status, message = 1, describe(exc)
            finally:
                try:
                    os.write(write_end, message.encode("utf-8")[:MESSAGE_LIMIT])
                    sys.stderr.flush()
                finally:
                    os._exit(status)
        os.close(write_end)
        self.pid, self.read_end = pid, read_end
        self.message, self.status = b"", None
        _running.add(self)
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)

    def wait(self) -> None:
        if self.read_end is not None:
            fd, self.read_end = self.read_end, None
            try:
                while chunk := os.read(fd, 65536):
                    self.message += chunk
            finally:
                os.close(fd)
        if self.status is None:
            self.status = os.waitpid(self.pid, 0)[1]
            _running.discard(self)
        code = os.waitstatus_to_exitcode(self.status)
        if code == 0:
            return
        message = self.message.decode("utf-8", "replace")
        if code == INTERRUPTED:
            raise KeyboardInterrupt
        if code < 0:
            message = message or f"{self.name} was killed by {signal.Signals(-code).name}"
        raise ChildFailed(message or f"{self.name} exited with status {code}")

    def cancel(self) -> None:
        """Stop the child (it removes its unfinished outputs) and reap it."""
        if self.status is None:  # not reaped yet, so the pid is still ours
            os.kill(self.pid, signal.SIGTERM)
        try:
            self.wait()
        except (ChildFailed, KeyboardInterrupt):
            pass


def stop_now(signum=None, frame=None) -> None:
    """Stop this process at once, whatever code it is in: cancel its children,
    delete its unfinished outputs, exit with status 130. A signal handler: no
    exception is raised, so no library's bare except can swallow the stop."""
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)  # a second Ctrl-C does not restart it
    for job in list(_running):
        with contextlib.suppress(Exception):
            job.cancel()
    remove_unfinished()
    sys.stderr.flush()
    os._exit(INTERRUPTED)
