"""The same batch on Dask distributed: a LocalCluster of 2 worker processes, started here,
takes the batch from the real command line (--scheduler ADDRESS, DASK_SCHEDULER_ADDRESS,
local:N). The corpus converts, byte-identical to -j 1; the manifest is complete; a worker
killed mid-document loses nothing; a document that fails is recorded failed once."""
from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import distributed
import pytest
from conftest import CORPUS, DATA, ROOT, SAMPLE, wait_until

from convert.writers import WRITERS

CLI = [sys.executable, "-m", "convert"]
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def run(*args, env=None, **kwargs):
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **EPOCH, **(env or {})}, **kwargs)


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=logging.ERROR) as local, distributed.Client(local) as client:
        yield local.scheduler_address, client


def settled() -> bool:
    import gc

    return gc.get_freeze_count() > 10_000  # a worker of Dask's own freezes nothing


def files_below(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix != ".jsonl"}


def test_the_corpus_on_two_workers_is_byte_identical_to_one_process_and_fully_recorded(cluster, tmp_path):
    address, client = cluster
    archive = tmp_path / "in"
    # every kind of input: text, a saved page, a Word file
    inputs = [*CORPUS, SAMPLE, DATA / "gov-cn" / "gov-cn-10.html", DATA / "docx" / "gwr-2025-zhejiang.docx"]
    for k, source in enumerate(inputs):
        (archive / f"y{k % 2}").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, archive / f"y{k % 2}" / source.name)
    (archive / "y0" / "empty.txt").write_bytes(b"")
    reference = run(archive, "-o", tmp_path / "one", "--to", "all", "-j", "1", "-q")
    assert reference.returncode == 1, reference.stderr  # the empty report only
    expected = files_below(tmp_path / "one")
    assert len(expected) == len(WRITERS) * len(inputs)

    manifest = tmp_path / "dask" / "m.jsonl"
    shared = run(archive, "-o", tmp_path / "dask", "--to", "all", "--scheduler", address, "--manifest", manifest)
    assert shared.returncode == 1, shared.stderr
    assert files_below(tmp_path / "dask") == expected
    entries = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    inputs = sorted(str(p) for p in archive.rglob("*") if p.is_file())
    assert sorted(e["input"] for e in entries) == inputs  # one line each: the failure was not retried
    workers = set(client.scheduler_info()["workers"])
    for e in entries:
        assert e["worker"] in workers
        if e["input"].endswith("empty.txt"):
            assert e["status"] == "failed" and "empty file" in e["error"]
        else:
            assert e["status"] == "ok" and len(e["outputs"]) == len(WRITERS)
    lines = shared.stderr.splitlines()  # not a terminal: a plain line per document
    assert sum(line.startswith("[") for line in lines) == len(inputs)
    assert f"{len(inputs) - 1} converted, 1 failed, 0 skipped" in shared.stderr

    # Each worker converts report after report: what its first left is frozen (convert.collector).
    assert all(client.run(settled).values())

    returned = run(archive, "-o", tmp_path / "bytes", "--to", "all", "--return-bytes", "-q",
                   env={"DASK_SCHEDULER_ADDRESS": address})
    assert returned.returncode == 1, returned.stderr
    assert files_below(tmp_path / "bytes") == expected


def test_killing_a_worker_mid_document_loses_nothing(cluster, tmp_path):
    address, client = cluster
    archive = tmp_path / "in"
    archive.mkdir()
    big = archive / "big.txt"  # long enough to be killed in the middle of
    big.write_bytes(b"\n".join(CORPUS[1].read_bytes() for _ in range(6)))
    for source in CORPUS[:4]:
        shutil.copyfile(source, archive / source.name)
    out, manifest = tmp_path / "out", tmp_path / "m.jsonl"
    proc = subprocess.Popen([*CLI, str(archive), "-o", str(out), "--to", "txt,pdf", "--scheduler", address,
                             "--manifest", str(manifest)], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **EPOCH})
    try:
        wait_until(lambda: list(out.glob(".big.pdf.*.part")), 60, "the big report's PDF being written")
        holder = [w for w, keys in client.processing().items() if any("big" in str(k) for k in keys)]
        assert len(holder) == 1
        pids = client.run(os.getpid)
        os.kill(pids[holder[0]], signal.SIGKILL)
        _, stderr = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 0, stderr
    entries = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    assert Counter(e["status"] for e in entries) == {"ok": 5}
    assert len({e["input"] for e in entries}) == 5
    (done_big,) = [e for e in entries if e["input"] == str(big)]
    assert done_big["worker"] != holder[0]  # redone elsewhere
    assert not list(out.rglob("*.part"))
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{p.stem}.{f}" for p in archive.iterdir()
                                                           for f in ("txt", "pdf"))
    wait_until(lambda: len(client.scheduler_info()["workers"]) == 2, 60, "the nanny restarting the worker")


def test_a_task_lists_nothing_of_its_output_folder(tmp_path, monkeypatch):
    # A task's cost must not grow with the folder it writes into: an archive's may be flat.
    from convert import feedback
    from convert.batch import Source
    from convert.cluster import Task, convert_task
    from convert.options import Options

    listed = []
    scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path=".": listed.append(Path(path)) or scandir(path))
    target = tmp_path / f"{CORPUS[0].stem}.txt"
    task = Task(Source.from_path(CORPUS[0]), {"txt": str(target)}, ("txt",), Options(), None, False, True,
                feedback.verbosity)
    outcome = convert_task(task)
    assert outcome.error is None and target.read_text(encoding="utf-8").strip()
    assert tmp_path not in listed


def test_local_n_starts_a_cluster_of_its_own(tmp_path):
    result = run(CORPUS[0], CORPUS[3], "-o", tmp_path, "--to", "xml,txt", "--scheduler", "local:2")
    assert result.returncode == 0, result.stderr
    assert all((tmp_path / f"{p.stem}.{f}").stat().st_size > 1000 for p in (CORPUS[0], CORPUS[3]) for f in ("xml", "txt"))
    assert "2 converted, 0 failed" in result.stderr


TRIM = "MALLOC_TRIM_THRESHOLD_"


def worker_settings(keys):
    """What a worker process runs under: its Dask settings of these keys, and glibc's trim threshold."""
    import dask

    return [os.environ.get(TRIM), {key: dask.config.get(key, "no such setting") for key in keys}]


def settings_in_the_file():
    from convert.cluster import dask_settings

    settings = dask_settings()
    assert settings.pop(f"distributed.nanny.pre-spawn-environ.{TRIM}") is None
    return settings


def test_local_n_starts_its_workers_with_the_settings_of_dask_yaml(monkeypatch):
    from convert.cluster import Cluster

    ours = settings_in_the_file()
    # A Nanny leaves its pre-spawn variables in its own process's environment, where the
    # workers that later processes start would inherit them: an earlier cluster's here.
    monkeypatch.delenv(TRIM, raising=False)
    with Cluster("local:2").client() as client:
        assert list(client.run(worker_settings, list(ours)).values()) == [[None, ours]] * 2
    # Each setting is one of Dask's, and changes what Dask would do by itself.
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=logging.ERROR) as plain, distributed.Client(plain) as client:
        [(trim, defaults)] = client.run(worker_settings, list(ours)).values()
    assert trim == "65536"
    assert all(defaults[key] not in ("no such setting", value) for key, value in ours.items()), defaults


def test_a_clusters_own_workers_take_the_same_settings_through_dask_config():
    # As docs/archives.md starts a cluster's workers: DASK_CONFIG names the file, read as Dask is imported.
    ours = settings_in_the_file()
    script = ("import json, logging, sys, distributed, test_cluster as t\n"
              "if __name__ == '__main__':\n"
              "    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,\n"
              "            dashboard_address=':0', silence_logs=logging.ERROR) as c, distributed.Client(c) as client:\n"
              "        print(json.dumps(list(client.run(t.worker_settings, json.loads(sys.argv[1])).values())))\n")
    env = {**os.environ, "DASK_CONFIG": str(ROOT / "convert" / "dask.yaml"),
           "PYTHONPATH": os.pathsep.join([str(ROOT / "tests"), str(ROOT)])}
    env.pop(TRIM, None)
    result = subprocess.run([sys.executable, "-c", script, json.dumps(list(ours))], capture_output=True, text=True,
                            cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [[None, ours]]


@pytest.mark.parametrize("address, code, said", [
    ("local:0", 2, "positive number of workers"),
    ("somehost:8786", 2, "tcp://HOST:8786"),
])
def test_a_bad_scheduler_address_is_a_usage_error(tmp_path, address, code, said):
    result = run(CORPUS[0], "-o", tmp_path, "--scheduler", address)
    assert result.returncode == code and said in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())


def test_an_unreachable_scheduler_is_said_in_one_line(tmp_path, monkeypatch, capsys):
    import socket

    from convert import cli, cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = cli.main([str(CORPUS[0]), "-o", str(tmp_path), "--scheduler", f"tcp://127.0.0.1:{port}"])
    err = capsys.readouterr().err
    assert code == 3 and "cannot reach the Dask scheduler" in err and len(err.strip().splitlines()) == 1


def test_a_document_that_kills_every_worker_that_takes_it_is_recorded_failed_once(tmp_path, monkeypatch):
    """Dask gives up on a task after its allowed failures (KilledWorker); the batch records
    that document failed, once, and converts the others. The poison is a task function that
    kills its worker for one input (pickled by value, so the workers run it too)."""
    import dask

    from convert import cluster as cluster_module
    from convert.batch import Batch
    from convert.options import Options

    victim = CORPUS[0].name

    def poisoned(task):
        if task.source.name.endswith(victim):
            os._exit(1)
        from convert.cluster import convert_task  # the worker's own, unpatched

        return convert_task(task)

    monkeypatch.setattr(cluster_module, "convert_task", poisoned)
    manifest = tmp_path / "m.jsonl"
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0",
                                     silence_logs=logging.CRITICAL) as local:
        tally = Batch(["txt"], tmp_path / "out", Options(), manifest=manifest,
                      cluster=cluster_module.Cluster(local.scheduler_address)).run([CORPUS[0], CORPUS[1]], jobs=1)
    assert tally.counts == {"ok": 1, "failed": 1, "skipped": 0}, [r.error for r in tally.failures]
    assert [r.path for r in tally.failures] == [CORPUS[0]]
    assert "every worker that took it died" in tally.failures[0].error
    entries = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    assert sorted((Path(e["input"]).name, e["status"]) for e in entries) == [(CORPUS[0].name, "failed"),
                                                                             (CORPUS[1].name, "ok")]
