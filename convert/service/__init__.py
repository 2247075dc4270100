"""report-convert serve: the HTTP front door to the same conversion the command runs.

- `server`: the `serve` subcommand's options, uvicorn, SIGTERM's drain.
- `app`: the Starlette application: POST /convert, GET /styles, /options, /health, the page.
- `fields`: a request's form fields as the command's argv, parsed by the command's own parser.
- `pool`: warm worker processes, driven from the event loop: a queue bound, a time limit,
  a dead worker replaced (its request tried once more), a worker recycled after N conversions.
- `worker`: what runs in each worker process: limits, warm-up, then one conversion per job.
- `page/`: the page at / (HTML, CSS, JS; nothing from a CDN).

The service sits above the batch and below the command line; it never imports `convert.cli`:
`cli.main` hands it its parser and its conversion (`Command`), which also reach the workers
by reference, so an option the command gains is an option the service takes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Command:
    """The command line the service fronts: its parser, and main(argv) -> exit code."""

    build_parser: Callable
    main: Callable[[list[str]], int]
