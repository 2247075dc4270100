"""ForkedJob: a job in a forked child reports success, its error (as the exception
itself), or its death; it stops with its parent, and takes its own children with it."""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from convert import forked
from convert.errors import InputError, describe
from convert.forked import ChildFailed, ForkedJob


def test_the_child_writes_and_the_parent_sees_it(tmp_path):
    target = tmp_path / "made-by-child"
    job = ForkedJob(lambda: target.write_text("done", encoding="utf-8"))
    job.wait()
    assert target.read_text(encoding="utf-8") == "done"


def test_an_input_error_in_the_child_arrives_as_an_input_error_with_its_place():
    def fail():
        raise InputError("bytes that are not gb18030", path="reports/r.txt", line=12, offset=345)

    job = ForkedJob(fail)
    with pytest.raises(InputError) as raised:
        job.wait()
    error = raised.value
    assert (error.message, error.path, error.line, error.offset) == ("bytes that are not gb18030", "reports/r.txt", 12, 345)
    assert describe(error) == "reports/r.txt: line 12, byte 345: bytes that are not gb18030"


def test_an_error_of_any_class_keeps_its_class():
    def fail():
        raise ValueError("no font has U+10FFFD")

    job = ForkedJob(fail)
    with pytest.raises(ValueError, match=r"^no font has U\+10FFFD$"):
        job.wait()


class HoldsALock(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.lock = threading.Lock()  # does not pickle


class TakesTwoArguments(Exception):
    def __init__(self, what, where):
        super().__init__(f"{what} at {where}")  # pickles, but does not unpickle: args has one item

    def __reduce__(self):  # Exception's own, said here: Dask's tblib would otherwise pickle it by its attributes
        return type(self), self.args


@pytest.mark.parametrize("error", [HoldsALock("a lock"), TakesTwoArguments("a bad thing", "page 3")])
def test_an_error_that_does_not_travel_comes_back_as_its_one_line(error):
    def fail():
        raise error

    job = ForkedJob(fail)
    with pytest.raises(ChildFailed) as raised:
        job.wait()
    assert str(raised.value) == describe(error)
    assert describe(raised.value) == describe(error)  # said once, not wrapped in a second "internal error"


def test_a_child_killed_by_a_signal_is_named():
    job = ForkedJob(lambda: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(ChildFailed, match="SIGKILL"):
        job.wait()


def test_a_cancelled_child_is_stopped_and_reaped():
    job = ForkedJob(lambda: time.sleep(60))  # the child sets its own stop handlers
    start = time.monotonic()
    job.cancel()
    assert time.monotonic() - start < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(job.pid, os.WNOHANG)  # already reaped


def stubborn_writer(target, seconds=20.0):
    """Writes `target` slowly, swallowing every exception as ReportLab's bare excepts do."""
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
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert condition()


def test_a_child_whose_code_swallows_interrupts_is_still_stopped(tmp_path):
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
        write_whole(pid_file, grandchild.pid)
        grandchild.wait()

    job = ForkedJob(parent_of_a_writer)
    wait_for(lambda: pid_file.exists() and list(tmp_path.glob(".*.part")))
    grandchild = int(pid_file.read_text(encoding="utf-8"))
    start = time.monotonic()
    job.cancel()
    assert time.monotonic() - start < 10  # not held up by the grandchild holding the pipe to this process
    assert not _alive(grandchild)  # stopped and reaped by its parent before that one exited
    assert not target.exists() and not list(tmp_path.glob(".*.part"))


def test_a_stop_that_comes_just_after_a_fork_stops_the_new_child_too(tmp_path):
    """A stop signal's handler can run at any bytecode of the main thread, even
    with the signal blocked in it (another thread may take it): here it runs as
    soon as os.fork returns, before the new child is listed for cancelling."""
    target, pid_file = tmp_path / "report.pdf", tmp_path / "grandchild.pid"

    def fork_and_be_stopped_at_once():
        forked._parent_death_signal_setter = lambda: None  # (in this child only) nothing else may stop it
        real_fork = os.fork

        def fork_then_stop():
            pid = real_fork()
            if pid:
                write_whole(pid_file, pid)
                forked.stop_now()
            return pid

        os.fork = fork_then_stop
        ForkedJob(lambda: stubborn_writer(target, seconds=8.0))
        raise AssertionError("not stopped")

    job = ForkedJob(fork_and_be_stopped_at_once)
    with pytest.raises(KeyboardInterrupt):  # it exited as stopped
        job.wait()
    assert not _alive(int(pid_file.read_text(encoding="utf-8")))  # its child went first
    assert not target.exists() and not list(tmp_path.glob(".*.part"))


def test_a_child_stops_on_sighup_and_leaves_nothing(tmp_path):
    target = tmp_path / "report.pdf"
    job = ForkedJob(lambda: stubborn_writer(target))
    wait_for(lambda: list(tmp_path.glob(".*.part")))
    os.kill(job.pid, signal.SIGHUP)  # its terminal was closed
    with pytest.raises(KeyboardInterrupt):
        job.wait()
    assert not list(tmp_path.iterdir())


# Seconds the orphan would take to finish: long where it must be stopped at once (on
# success that is not waited for), short where only its last step is checked.
@pytest.mark.parametrize(("death_signal", "writing"), [(True, 20.0), (False, 3.0)],
                         ids=["death-signal", "liveness-check-only"])
def test_a_child_whose_parent_is_killed_writes_nothing(tmp_path, death_signal, writing):
    """The parent is SIGKILLed while its child writes: the child must not finish
    its output later. On Linux the kernel stops it at once (PR_SET_PDEATHSIG);
    without that, it checks that its parent lives before renaming its output."""
    target, pid_file = tmp_path / "report.pdf", tmp_path / "child.pid"

    def parent_killed_while_its_child_writes():
        if not death_signal:
            forked._parent_death_signal_setter = lambda: None  # (in this process only)
        child = ForkedJob(lambda: stubborn_writer(target, seconds=writing))
        write_whole(pid_file, child.pid)
        wait_for(lambda: list(tmp_path.glob(".*.part")))
        os.kill(os.getpid(), signal.SIGKILL)

    job = ForkedJob(parent_killed_while_its_child_writes)
    with pytest.raises(ChildFailed, match="SIGKILL"):
        job.wait()
    child = int(pid_file.read_text(encoding="utf-8"))
    if death_signal and forked._parent_death_signal_setter():
        wait_for(lambda: not _alive(child), seconds=10)  # stopped at once, not at the end
    # The rename would make the .part vanish as the output appears: once it is gone, the outcome is final.
    wait_for(lambda: not list(tmp_path.glob(".*.part")), seconds=writing + 10)
    assert not target.exists()


def write_whole(path, value) -> None:
    """Write a file that appears whole or not at all: a reader polling for it never reads it half-written."""
    part = path.with_name(path.name + ".tmp")
    part.write_text(str(value), encoding="utf-8")
    os.replace(part, path)


def _alive(pid: int) -> bool:
    """Is `pid` running? A zombie (dead, not yet reaped by whoever adopted it) is not."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
    except OSError:  # no /proc: trust kill()
        return True
    return state not in ("Z", "X")


def test_a_child_freezes_what_it_inherits_and_the_parent_does_not():
    import gc

    inherited = [[k] for k in range(50_000)]  # lists: objects the collector tracks
    before = gc.get_freeze_count()
    assert ForkedJob(gc.get_freeze_count).wait() >= before + len(inherited)
    assert gc.get_freeze_count() == before
