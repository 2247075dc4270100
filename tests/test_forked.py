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

    job = ForkedJob(lambda: time.sleep(60))  # the child sets its own stop handlers
    start = time.monotonic()
    job.cancel()
    assert time.monotonic() - start < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(job.pid, os.WNOHANG)  # already reaped


def stubborn_writer(target, seconds=20.0):
    """Writes `target` slowly, swallowing every exception as ReportLab's bare excepts do."""
    import time

    from convert.outputs import atomic_output

    with atomic_output(target) as tmp:
        tmp.write_text("partial", encoding="utf-8")
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                time.sleep(0.01)
            except BaseException:  # noqa: BLE001
                pass


def wait_for(condition, seconds=10.0):
    import time

    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert condition()


def test_a_child_whose_code_swallows_interrupts_is_still_stopped(tmp_path):
    import time

    target = tmp_path / "report.pdf"
    job = ForkedJob(lambda: stubborn_writer(target))
    wait_for(lambda: list(tmp_path.glob(".*.part")))
    start = time.monotonic()
    job.cancel()
    assert time.monotonic() - start < 10
    assert not target.exists() and not list(tmp_path.iterdir())  # no output, whole or partial


def test_cancelling_a_child_stops_the_child_it_forked(tmp_path):
    target, pid_file = tmp_path / "report.pdf", tmp_path / "grandchild.pid"

    def parent_of_a_writer():
        grandchild = ForkedJob(lambda: stubborn_writer(target))
        pid_file.write_text(str(grandchild.pid), encoding="utf-8")
        grandchild.wait()

    job = ForkedJob(parent_of_a_writer)
    wait_for(lambda: pid_file.exists() and list(tmp_path.glob(".*.part")))
    grandchild = int(pid_file.read_text(encoding="utf-8"))
    job.cancel()
    wait_for(lambda: not _alive(grandchild))  # reaped by its parent before that one exited
    assert not target.exists() and not list(tmp_path.glob(".*.part"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
