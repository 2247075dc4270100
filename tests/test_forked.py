"""ForkedJob: a job in a forked child reports success, its error, or its death as one line."""
from __future__ import annotations

import os
import signal

import pytest

from convert.forked import ChildFailed, ForkedJob


def test_the_child_writes_and_the_parent_sees_it(tmp_path):
    target = tmp_path / "made-by-child"
    job = ForkedJob(lambda: target.write_text("done", encoding="utf-8"))
    job.wait()
    assert target.read_text(encoding="utf-8") == "done"


def test_an_error_in_the_child_comes_back_as_its_one_line():
    def fail():
        raise ValueError("no font has U+10FFFD")

    job = ForkedJob(fail)
    with pytest.raises(ChildFailed, match=r"^ValueError: no font has U\+10FFFD$"):
        job.wait()


def test_a_child_killed_by_a_signal_is_named():
    job = ForkedJob(lambda: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(ChildFailed, match="SIGKILL"):
        job.wait()


def test_a_cancelled_child_is_stopped_and_reaped():
    import time

    signal.signal(signal.SIGTERM, _raise_interrupt)  # as the CLI installs it; the child inherits it
    try:
        job = ForkedJob(lambda: time.sleep(60))
        start = time.monotonic()
        job.cancel()
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    assert time.monotonic() - start < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(job.pid, os.WNOHANG)  # already reaped


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt
