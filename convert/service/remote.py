"""--scheduler: the service's conversions as tasks on a Dask cluster (convert.cluster's), so that
one service fronts many machines.

A task carries the request's bytes (the upload and any uploaded option files) and the command's
argv; the Dask worker lays them out in a temporary folder of its own, runs the command there
(worker.run, as a local worker does) and sends back the status and the outputs' bytes, which
the service writes into the request's folder. Dask retries a task whose worker dies. A task past
the time limit, or whose client went away, is cancelled: Dask forgets it, but a task already
running runs to its end on its worker (Dask cannot stop a running task).
"""
from __future__ import annotations

import asyncio
import logging
import tempfile
import time
import uuid
from pathlib import Path

from convert import cluster
from convert.outputs import source_date_epoch
from convert.service import worker
from convert.service.pool import Cancelled, Places, TimedOut


def convert_uploaded(command, payload: dict) -> dict:
    """Runs on a Dask worker: the request's files in a folder of this worker's own, converted."""
    with cluster._source_date_epoch(payload["epoch"]), tempfile.TemporaryDirectory(prefix="report-convert-task-") as tmp:
        here, there = Path(tmp), payload["folder"]
        for relative, data in payload["files"].items():
            path = here / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        argv = [item.replace(there, tmp) for item in payload["argv"]]
        answer = worker.run(command, {"argv": argv, "input": str(here / payload["input"]), "folder": tmp})
        outdir = here / "out"
        answer["outputs"] = {path.name: path.read_bytes() for path in outdir.iterdir()} if outdir.is_dir() else {}
        return answer


class Remote(Places):
    """Pool's interface (admit, run, the counts /health shows) over a Dask client; its places
    are the cluster's threads (as the scheduler last said) plus the queue."""

    def __init__(self, address: str, command, queue_limit: int, time_limit: float):
        cluster.check_address(address)
        self.address, self.command = address, command
        self.queue_limit, self.time_limit = queue_limit, time_limit
        self.client = self.local = None
        self.busy = self.waiting = self.replaced = 0
        self.workers: dict = {}  # address -> threads, as the scheduler said at the last request
        self.idle = ()  # the scheduler keeps the queue: /health's idle count is 0

    async def start(self) -> None:
        import dask
        from distributed import Client, LocalCluster

        dask.config.set(cluster.dask_settings())
        if self.address.startswith(cluster.LOCAL_PREFIX):
            self.local = await LocalCluster(n_workers=int(self.address[len(cluster.LOCAL_PREFIX):]),
                                            threads_per_worker=1, processes=True, dashboard_address=":0",
                                            asynchronous=True, silence_logs=logging.WARNING)
            self.client = await Client(self.local, asynchronous=True)
            await self.client.wait_for_workers(int(self.address[len(cluster.LOCAL_PREFIX):]))
        else:
            self.client = await Client(self.address, asynchronous=True, timeout=cluster.CONNECT_TIMEOUT)

        self.workers = await self.client.nthreads()

    def capacity(self) -> int:
        return max(1, sum(self.workers.values()))

    async def run(self, job: dict, gone: asyncio.Future) -> dict:
        self.workers = await self.client.nthreads()
        folder = Path(job["folder"])
        files = {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}
        epoch = source_date_epoch()
        payload = {"argv": job["argv"], "input": str(Path(job["input"]).relative_to(folder)), "folder": str(folder),
                   "files": files, "epoch": None if epoch is None else str(epoch)}
        future = self.client.submit(convert_uploaded, self.command, payload, pure=False,
                                    key=(cluster.KEY_PREFIX, "serve", uuid.uuid4().hex), retries=cluster.TASK_RETRIES)
        self.busy += 1
        started = time.monotonic()
        try:
            result = asyncio.ensure_future(future.result())
            done, _ = await asyncio.wait({result, gone}, timeout=self.time_limit, return_when=asyncio.FIRST_COMPLETED)
            if result not in done:
                result.cancel()
                await self.client.cancel(future)
                raise Cancelled() if gone in done else TimedOut()
            answer = result.result()
        finally:
            self.busy -= 1
        outdir = folder / "out"
        outdir.mkdir(exist_ok=True)
        for name, data in answer.pop("outputs").items():
            (outdir / name).write_bytes(data)
        answer["seconds"] = time.monotonic() - started
        return answer

    async def close(self) -> None:
        if self.client is not None:
            await self.client.close()
        if self.local is not None:
            await self.local.close()


__all__ = ["Remote", "convert_uploaded"]
