"""`report-convert serve`: its options, and uvicorn serving the application.

It binds to 127.0.0.1 unless told otherwise; any other address needs a token (--token or
$REPORT_CONVERT_TOKEN), and then every request must carry it. SIGTERM (or Ctrl-C) drains:
the listening socket closes, requests in flight are answered, a request on a connection that
was open already is answered 503, then the connections close and the workers stop.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys

import uvicorn

from convert import cluster
from convert.errors import EXIT_OK, EXIT_USAGE, UsageError
from convert.feedback import PROG
from convert.service import Command
from convert.service.pool import available_cpus

TOKEN_VARIABLE = "REPORT_CONVERT_TOKEN"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=f"{PROG} serve", description="Serve conversions over HTTP: POST /convert, "
                                "a page at /, GET /styles, /options and /health (docs/service.md).")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1; another needs a token)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0: any free port, printed)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="conversion processes (default: the number of CPUs)")
    p.add_argument("--queue", type=int, default=None, metavar="N",
                   help="requests that may wait for a worker; beyond it 429 (default: 4 per worker)")
    p.add_argument("--token", default=None,
                   help=f"every request must send Authorization: Bearer TOKEN (default: ${TOKEN_VARIABLE} if set)")
    p.add_argument("--max-upload-mb", type=float, default=50, metavar="MB", help="upload size limit (default: 50)")
    p.add_argument("--time-limit", type=float, default=120, metavar="SECONDS",
                   help="a conversion's time limit (default: 120)")
    p.add_argument("--memory-limit-mb", type=int, default=2048, metavar="MB",
                   help="a worker's address-space limit (default: 2048; 0: none)")
    p.add_argument("--recycle-after", type=int, default=200, metavar="N",
                   help="replace a worker after N conversions (default: 200)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="convert on a Dask cluster: tcp://HOST:8786, or local:N for N worker processes here "
                        "(default: $DASK_SCHEDULER_ADDRESS if set; else the service's own workers)")
    return p


def main(argv: list[str], command: Command) -> int:
    args = build_parser().parse_args(argv)
    token = args.token or os.environ.get(TOKEN_VARIABLE) or None
    if args.host not in LOCAL_HOSTS and token is None:
        print(f"{PROG} serve: --host {args.host} serves other machines: give --token (or ${TOKEN_VARIABLE})",
              file=sys.stderr)
        return EXIT_USAGE
    for name in ("workers", "queue", "recycle_after"):
        value = getattr(args, name)
        if value is not None and value < (0 if name == "queue" else 1):
            print(f"{PROG} serve: --{name.replace('_', '-')} takes a {'non-negative' if name == 'queue' else 'positive'} number",
                  file=sys.stderr)
            return EXIT_USAGE
    from convert.service.app import Settings, create_app

    if args.scheduler:
        try:
            cluster.check_address(args.scheduler)
        except UsageError as exc:
            print(f"{PROG} serve: {exc}", file=sys.stderr)
            return EXIT_USAGE

    workers = args.workers or available_cpus()
    settings = Settings(command=command, workers=workers,
                        queue_limit=4 * workers if args.queue is None else args.queue,
                        time_limit=args.time_limit, memory_limit_mb=args.memory_limit_mb,
                        recycle_after=args.recycle_after, max_upload_bytes=int(args.max_upload_mb * 1024 * 1024),
                        token=token, scheduler=cluster.scheduler_address(args.scheduler))
    handler = logging.StreamHandler(sys.stderr)  # our lines (the access log) at INFO; Dask's and others' at WARNING
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    ours = logging.getLogger("report_convert")
    ours.addHandler(handler)
    ours.setLevel(logging.INFO)
    ours.propagate = False
    app = create_app(settings)
    config = uvicorn.Config(app, host=args.host, port=args.port, access_log=False, lifespan="on",
                            log_level="warning", timeout_graceful_shutdown=int(args.time_limit) + 30,
                            server_header=False)
    server = Server(config, app.state)
    # uvicorn handles SIGINT and SIGTERM while it serves, then raises the signal again for the
    # handlers it found: the command's would exit 130; a drained service has stopped as asked.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)
    server.run()
    return EXIT_OK


class Server(uvicorn.Server):
    """uvicorn's server, marking the application as draining when a stop signal arrives and
    printing the address it listens on (the port chosen for --port 0)."""

    def __init__(self, config, state):
        super().__init__(config)
        self.state = state

    def handle_exit(self, sig, frame):
        self.state["draining"] = True
        super().handle_exit(sig, frame)

    async def shutdown(self, sockets=None):
        """uvicorn's shutdown, but the idle connections stay open until the requests in flight
        are answered: uvicorn closes them at once, and a request sent on a kept-alive connection
        at that moment met a closed socket; here it is answered 503 (Draining)."""
        for server in self.servers:
            server.close()  # no new connections
        for sock in sockets or []:
            sock.close()
        try:
            async with asyncio.timeout(self.config.timeout_graceful_shutdown):
                while not self.force_exit and any(_answering(each) for each in list(self.server_state.connections)):
                    await asyncio.sleep(0.1)
                for connection in list(self.server_state.connections):
                    connection.shutdown()
                await self._wait_tasks_to_complete()
        except TimeoutError:
            for task in self.server_state.tasks:
                task.cancel(msg="Task cancelled, timeout graceful shutdown exceeded")
        if not self.force_exit:
            await self.lifespan.shutdown()

    async def startup(self, sockets=None):
        await super().startup(sockets)
        for server in self.servers:
            for sock in server.sockets:
                host, port = sock.getsockname()[:2]
                print(f"{PROG} serve: listening on http://{host}:{port}", file=sys.stderr, flush=True)


def _answering(connection) -> bool:
    """Is a request on this connection (uvicorn's protocol) still without its whole answer?"""
    cycle = getattr(connection, "cycle", None)
    return cycle is not None and not cycle.response_complete
