"""Run one job in a forked child while this process goes on with others.

A report's PDF takes as long as all its other formats together, so a single
report uses a second core by forking after the model is read: the child inherits
the model and writes the PDF, the parent writes the rest. A batch's workers
(convert/batch.py) are forked jobs too. os.fork is used rather than
multiprocessing because the child needs nothing pickled and nothing started,
only the state this process already has.
"""
from __future__ import annotations

import os
import signal
import sys
from typing import Callable

from convert.errors import describe

MESSAGE_LIMIT = 4000  # bytes; far below the pipe buffer, so the child never blocks on it


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
        # Signals wait until the child is inside its try block, so that an early
        # Ctrl-C can never send the child back into the parent's code.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        pid = os.fork()
        if pid == 0:
            status, message = 0, ""
            try:
                os.close(read_end)
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
                job()
            except KeyboardInterrupt:
                status, message = 130, "interrupted"
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
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        os.close(write_end)
        self.pid, self.read_end = pid, read_end
        self.message, self.status = b"", None

    def wait(self) -> None:
        if self.read_end is not None:
            while chunk := os.read(self.read_end, 65536):
                self.message += chunk
            os.close(self.read_end)
            self.read_end = None
        if self.status is None:
            self.status = os.waitpid(self.pid, 0)[1]
        status = self.status
        code = os.waitstatus_to_exitcode(status)
        if code == 0:
            return
        message = self.message.decode("utf-8", "replace")
        if code == 130 and message == "interrupted":
            raise KeyboardInterrupt
        if code < 0:
            message = message or f"{self.name} was killed by {signal.Signals(-code).name}"
        raise ChildFailed(message or f"{self.name} exited with status {code}")

    def cancel(self) -> None:
        """Stop the child (it removes its partial output on the way out) and reap it."""
        if self.status is None:  # not reaped yet, so the pid is still ours
            os.kill(self.pid, signal.SIGTERM)
        try:
            self.wait()
        except (ChildFailed, KeyboardInterrupt):
            pass
