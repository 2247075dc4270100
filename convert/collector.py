"""CPython's garbage collector, set for processes that convert one report after another.

At CPython's thresholds (700, 10, 10) the collector took about a tenth of the CPU of a
process converting the corpus, most of it in full collections (bench/collector.py). A full
collection traverses every object alive: the modules, fonts and caches loaded once, and on a
Dask worker Dask's own too, a quarter to a half as many again, so the same reports cost a
Dask worker more than a forked one. So:

- `converting()`: while a batch runs, a young collection comes after THRESHOLDS[0] new
  objects rather than 700, and a full one that much less often; while a single report
  converts, none;
- `settle()`, once in a process that converts report after report, after its first: what is
  alive then is moved out of the collector's sight for good (gc.freeze);
- `freeze_inherited()`, in a forked child: what it inherits is frozen too, as gc.freeze's
  documentation advises, so that its collections neither traverse the parent's objects (an
  archive's list of inputs) nor, by writing to them, copy their pages.
"""
from __future__ import annotations

import contextlib
import gc

THRESHOLDS = (2000, 10, 10)

_settled = False


@contextlib.contextmanager
def converting(reports: int = 2):
    """THRESHOLDS inside; the caller's own afterwards (a test calling a batch keeps its own).
    For one report, no collection at all while it converts: the collector's 60-odd young
    collections cost 5% of a PDF of a model (issue #28), and what they would free is left to
    afterwards, which is little (a few hundred objects in cycles for a report of 1,800 pages).
    Report after report, it collects, also when the caller had it off (the command line does
    until it knows how many reports there are: convert.__main__)."""
    before, enabled = gc.get_threshold(), gc.isenabled()
    gc.set_threshold(*THRESHOLDS)
    if reports == 1:
        gc.disable()
    else:
        gc.enable()
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if enabled:
            gc.enable()
        else:
            gc.disable()


def settle() -> None:
    """Collect once, then freeze what is left (once a process: later calls do nothing)."""
    global _settled
    if not _settled:
        _settled = True
        gc.collect()
        gc.freeze()


def freeze_inherited() -> None:
    """In a forked child, first thing: the parent's objects are out of the collector's sight."""
    gc.freeze()  # no collection first: it would write to every inherited page
