"""Warm worker processes, driven from the event loop.

Workers are started from a fork server (multiprocessing's "forkserver"): the server process
has an event loop and threads that a plain fork would copy half-way; the fork server has
imported the converter once (`PRELOAD`), so a new worker starts from it already imported and
only loads fonts (worker.warm). A worker takes one job at a time through its pipe; the pipe's
descriptor is watched by the loop, so no thread waits on a worker.

A worker that dies is replaced, and its job is given once more to another worker; a job that
outlives the time limit, or whose client has gone, kills its worker, which is replaced. A
worker is replaced after `recycle_after` jobs, so that no memory a conversion left behind
accumulates.

Admission (`Places`) is one synchronous step when a request arrives: there are as many places
as workers plus `queue_limit`; a request takes one or is Busy, and keeps it until it is
answered. A check and a take apart (an await between them, as a queue's get is) would let two
requests both see the one idle worker, or let one see a worker not yet handed back.
"""
from __future__ import annotations

import asyncio
import collections
import contextlib
import multiprocessing
import os
import time

from convert.service import worker

PRELOAD = ["convert.service.worker", "convert.batch", "convert.readers", "convert.writers"]
READY_TIMEOUT = 300  # seconds a new worker may take to warm up (an empty font cache is slow)


class Busy(Exception):
    """Every place is taken: every worker is busy and the queue is full."""


class TimedOut(Exception):
    """The conversion outlived the time limit."""


class WorkerDied(Exception):
    """The worker's process ended during the job (killed, or out of memory)."""


class Cancelled(Exception):
    """The client went away before the answer."""


class Worker:
    def __init__(self, context, command, memory_limit_mb: int, warm_formats: str):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=worker.serve, args=(child, command, memory_limit_mb, warm_formats),
                                       daemon=True, name="report-convert-worker")
        self.process.start()
        child.close()
        self.jobs = 0
        self.pid = self.process.pid

    async def receive(self, timeout: float | None = None):
        """The worker's next message; WorkerDied if its pipe closes first."""
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        fd = self.conn.fileno()
        loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
        try:
            await asyncio.wait_for(ready, timeout)
        finally:
            loop.remove_reader(fd)
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            raise WorkerDied() from None

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, AttributeError):
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class Places:
    """Places for requests, the workers' and the queue's: taken on arrival, given back once answered."""

    admitted = 0

    def capacity(self) -> int:
        raise NotImplementedError

    def full(self) -> bool:
        return self.admitted >= self.capacity() + self.queue_limit

    def admit(self) -> None:
        """Take a place, or Busy: the check and the take in one step (no await between)."""
        if self.full():
            raise Busy()
        self.admitted += 1

    def leave(self) -> None:
        self.admitted -= 1


class Pool(Places):
    def __init__(self, command, size: int, queue_limit: int, time_limit: float, recycle_after: int,
                 memory_limit_mb: int, warm_formats: str = "all"):
        self.command, self.size, self.queue_limit = command, size, queue_limit
        self.time_limit, self.recycle_after, self.memory_limit_mb = time_limit, recycle_after, memory_limit_mb
        self.warm_formats = warm_formats
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(PRELOAD)
        self.idle: collections.deque[Worker] = collections.deque()
        self._waiters: collections.deque[asyncio.Future] = collections.deque()  # first come, first served
        self.workers: set[Worker] = set()
        self.waiting = 0
        self.busy = 0
        self.replaced = 0  # workers replaced: died, killed, or recycled
        self.closing = False
        self._starting: set[asyncio.Task] = set()

    async def start(self) -> None:
        await asyncio.gather(*(self._spawn() for _ in range(self.size)))

    async def _spawn(self) -> None:
        started = time.perf_counter()
        new = await asyncio.to_thread(Worker, self.context, self.command, self.memory_limit_mb, self.warm_formats)
        self.workers.add(new)
        try:
            message = await new.receive(READY_TIMEOUT)
        except (WorkerDied, asyncio.TimeoutError):
            self.workers.discard(new)
            new.kill()
            raise RuntimeError(f"a worker did not start (it took over {time.perf_counter() - started:.0f} s or died)")
        assert message[0] == "ready"
        if self.closing:
            new.kill()
            return
        self._hand_back(new)

    def _hand_back(self, idle: Worker) -> None:
        """To the request that has waited longest, else to the idle ones (no await: no one takes it between)."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(idle)
                return
        self.idle.append(idle)

    async def _take(self, gone: asyncio.Future, deadline: float) -> Worker:
        if self.idle:
            return self.idle.popleft()
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        self.waiting += 1
        try:
            await first_of(waiter, gone, deadline)
        finally:
            self.waiting -= 1
        return waiter.result()

    def _replace(self, old: Worker) -> None:
        self.workers.discard(old)
        old.kill()
        self.replaced += 1
        if not self.closing:
            task = asyncio.create_task(self._spawn())
            self._starting.add(task)
            task.add_done_callback(self._starting.discard)

    def capacity(self) -> int:
        return self.size

    async def run(self, job: dict, gone: asyncio.Future) -> dict:
        """The worker's answer to `job`, for a request that has its place (admit): it waits for a
        worker if none is idle. Cancelled when `gone` (the client's disconnection) completes
        first; TimedOut past the time limit."""
        deadline = time.monotonic() + self.time_limit
        for attempt in (1, 2):
            current = await self._take(gone, deadline)
            self.busy += 1
            try:
                current.conn.send(job)
                answer = asyncio.ensure_future(current.receive())
                try:
                    await first_of(answer, gone, deadline)
                except (Cancelled, TimedOut):
                    self._replace(current)
                    raise
            finally:
                self.busy -= 1
            try:
                result = answer.result()
            except WorkerDied:
                self._replace(current)
                if attempt == 2:
                    raise
                continue
            current.jobs += 1
            if current.jobs >= self.recycle_after or result.pop("recycle", False):
                self._replace(current)
            else:
                self._hand_back(current)
            return result
        raise WorkerDied()

    def pids(self) -> list[int]:
        return sorted(w.pid for w in self.workers)

    async def close(self) -> None:
        self.closing = True
        for task in list(self._starting):
            task.cancel()
        for each in list(self.workers):
            each.kill()
        self.workers.clear()


async def first_of(work: asyncio.Future, gone: asyncio.Future, deadline: float) -> None:
    """Wait for `work`; Cancelled (and `work` cancelled) when the client has gone first, TimedOut
    past the deadline."""
    done, _ = await asyncio.wait({work, gone}, timeout=max(0, deadline - time.monotonic()),
                                 return_when=asyncio.FIRST_COMPLETED)
    if work not in done:
        work.cancel()
        raise Cancelled() if gone in done else TimedOut()


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:
        return os.cpu_count() or 1
