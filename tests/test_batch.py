"""Batch: every input ends as converted or failed, whatever happens to the pool."""
from __future__ import annotations

import concurrent.futures
from concurrent.futures.process import BrokenProcessPool

from conftest import CORPUS, SAMPLE

from convert.batch import Batch
from convert.options import Options

INPUTS = [*CORPUS[:4], SAMPLE]


class PoolThatCannotStart:
    """Stands in for a process pool that is broken before it takes any report."""

    def __init__(self, *args, **kwargs):
        pass

    def submit(self, *args, **kwargs):
        raise BrokenProcessPool("cannot start workers")

    def shutdown(self, *args, **kwargs):
        pass


class PoolWhoseWorkerDies(PoolThatCannotStart):
    """Takes every report it is given, and loses each to a dying worker."""

    def submit(self, *args, **kwargs):
        future = concurrent.futures.Future()
        future.set_exception(BrokenProcessPool("A child process terminated abruptly"))
        return future


def test_a_pool_that_cannot_start_leaves_the_reports_to_this_process(tmp_path, monkeypatch):
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", PoolThatCannotStart)
    results = Batch(["txt"], tmp_path, Options()).run(INPUTS, jobs=3)
    assert [r.path for r in results] == INPUTS and not [r for r in results if r.error]
    assert sorted(p.stem for p in tmp_path.glob("*.txt")) == sorted(p.stem for p in INPUTS)


def test_a_report_lost_with_its_worker_is_reported_as_failed(tmp_path, monkeypatch):
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", PoolWhoseWorkerDies)
    results = Batch(["txt"], tmp_path, Options()).run(INPUTS, jobs=2)
    assert [r.path for r in results] == INPUTS  # none dropped
    failed = [r for r in results if r.error]
    assert failed and all("terminated abruptly" in r.error for r in failed)
    for r in results:  # what this process converted itself is there, what the pool lost is not
        assert (tmp_path / f"{r.path.stem}.txt").exists() == (r.error is None)



def test_this_process_converts_a_bounded_share_then_the_pool_takes_the_rest(tmp_path, monkeypatch):
    import convert.batch as batch_module

    monkeypatch.setattr(batch_module, "REPORTS_PER_PROCESS", 2)
    here = []
    original = Batch.convert

    def counted(self, path, split=False):
        here.append(path)
        return original(self, path, split)

    monkeypatch.setattr(Batch, "convert", counted)
    inputs = [*INPUTS, *CORPUS[4:]]
    results = Batch(["txt"], tmp_path, Options()).run(inputs, jobs=2)
    assert [r.path for r in results] == inputs and not [r for r in results if r.error]
    assert 1 <= len(here) <= 2  # no more than its share; the rest went to the pool
    assert len(list(tmp_path.glob("*.txt"))) == len(inputs)
