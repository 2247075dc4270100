"""Batch with forked workers: every input ends as converted or failed, workers take
the largest report left, and no worker lives past its share of reports.

Workers fork from the test process, so a patched Batch.convert runs in them."""
from __future__ import annotations

import os
import signal
from pathlib import Path

from conftest import CORPUS, SAMPLE

import convert.batch as batch_module
from convert.batch import Batch
from convert.options import Options

INPUTS = [*CORPUS, SAMPLE]


def record_conversions(monkeypatch, log: Path, also=None):
    """Each conversion appends 'pid size split name' to `log`; `also(path)` runs first."""
    original = Batch.convert

    def recorded(self, index, split=False):
        path = self.inputs[index]
        if also:
            also(path)
        with open(log, "a", encoding="utf-8") as f:  # one short append: whole lines
            f.write(f"{os.getpid()} {path.stat().st_size} {int(split)} {path.name}\n")
        return original(self, index, split)

    monkeypatch.setattr(Batch, "convert", recorded)


def read_log(log: Path) -> list[tuple[int, int, bool, str]]:
    return [(int(pid), int(size), split == "1", name)
            for pid, size, split, name in (line.split() for line in log.read_text(encoding="utf-8").splitlines())]


def test_a_report_lost_with_its_worker_is_reported_as_failed(tmp_path, monkeypatch):
    victim = CORPUS[2]

    def die_on_victim(path):
        if path == victim:
            os.kill(os.getpid(), signal.SIGKILL)

    record_conversions(monkeypatch, tmp_path / "log", also=die_on_victim)
    out = tmp_path / "out"
    tally = Batch(["txt"], out, Options()).run(INPUTS, jobs=2)
    assert tally.counts == {"ok": len(INPUTS) - 1, "failed": 1, "skipped": 0}  # none dropped
    assert [r.path for r in tally.failures] == [victim]
    assert "SIGKILL" in tally.failures[0].error
    for path in INPUTS:  # the others were converted, by this worker's successor or the other one
        assert (out / f"{path.stem}.txt").exists() == (path != victim)


def test_workers_are_replaced_after_their_share_and_this_process_converts_none(tmp_path, monkeypatch):
    monkeypatch.setattr(batch_module, "REPORTS_PER_PROCESS", 2)
    record_conversions(monkeypatch, tmp_path / "log")
    tally = Batch(["txt"], tmp_path / "out", Options()).run(INPUTS, jobs=2)
    assert tally.counts["ok"] == len(INPUTS) and not tally.failures
    pids = [pid for pid, _, _, _ in read_log(tmp_path / "log")]
    assert len(pids) == len(INPUTS) and os.getpid() not in pids
    assert max(pids.count(pid) for pid in set(pids)) <= 2
    assert len(set(pids)) >= (len(INPUTS) + 1) // 2


def test_each_worker_takes_the_largest_report_left(tmp_path, monkeypatch):
    record_conversions(monkeypatch, tmp_path / "log")
    Batch(["txt"], tmp_path / "out", Options()).run(INPUTS, jobs=2)
    log = read_log(tmp_path / "log")
    for pid in {pid for pid, _, _, _ in log}:
        sizes = [size for p, size, _, _ in log if p == pid]
        assert sizes == sorted(sizes, reverse=True), sizes
    sizes = sorted((path.stat().st_size for path in INPUTS), reverse=True)
    # the two largest go first, one to each worker (the log's order across workers is the order
    # their lines were written, not the order the reports were handed out)
    firsts = [next(size for p, size, _, _ in log if p == pid) for pid in {pid for pid, _, _, _ in log}]
    assert sorted(firsts) == sorted(sizes[:2])


def test_only_the_last_report_splits_its_pdf_into_a_child(tmp_path, monkeypatch):
    record_conversions(monkeypatch, tmp_path / "log")
    Batch(["txt"], tmp_path / "out", Options()).run(INPUTS, jobs=2)
    split = [name for _, _, is_split, name in read_log(tmp_path / "log") if is_split]
    assert split == [min(INPUTS, key=lambda p: p.stat().st_size).name]


def test_reports_are_converted_under_the_collectors_thresholds_and_the_callers_come_back(tmp_path, monkeypatch):
    import gc

    from convert import collector

    seen = tmp_path / "thresholds"

    def note_thresholds(path):
        with open(seen, "a", encoding="utf-8") as f:  # from forked workers too
            f.write(f"{os.getpid()} {gc.get_threshold()}\n")

    record_conversions(monkeypatch, tmp_path / "log", also=note_thresholds)
    before = gc.get_threshold()
    monkeypatch.setattr(collector, "THRESHOLDS", (before[0] + 123, before[1], before[2]))
    Batch(["txt"], tmp_path / "one", Options()).run(INPUTS[:3], jobs=1)
    Batch(["txt"], tmp_path / "two", Options()).run(INPUTS[:3], jobs=2)
    lines = [line.split(" ", 1) for line in seen.read_text(encoding="utf-8").splitlines()]
    assert [thresholds for _, thresholds in lines] == [f"{collector.THRESHOLDS}"] * 6
    assert sum(int(pid) != os.getpid() for pid, _ in lines) == 3  # the forked workers' three
    assert gc.get_threshold() == before


def test_one_report_converts_without_the_collector_and_report_after_report_with_it(tmp_path, monkeypatch):
    import gc

    seen = tmp_path / "enabled"

    def note_collector(path):
        with open(seen, "a", encoding="utf-8") as f:
            f.write(f"{gc.isenabled()}\n")

    record_conversions(monkeypatch, tmp_path / "log", also=note_collector)
    assert gc.isenabled()
    Batch(["txt"], tmp_path / "one", Options()).run(INPUTS[:1], jobs=1)
    assert gc.isenabled()  # the caller's, back
    gc.disable()  # as the command line's process has it until the batch starts
    try:
        Batch(["txt"], tmp_path / "many", Options()).run(INPUTS[:2], jobs=1)
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert seen.read_text(encoding="utf-8").split() == ["False", "True", "True"]


def test_a_process_converting_report_after_report_freezes_what_its_first_left(tmp_path, monkeypatch):
    import gc

    from convert import collector

    gc.unfreeze()
    monkeypatch.setattr(collector, "_settled", False)
    try:
        Batch(["txt"], tmp_path / "alone", Options()).run(INPUTS[:1], jobs=1)
        assert gc.get_freeze_count() == 0  # a single report: no collection it does not need
        Batch(["txt"], tmp_path / "many", Options()).run(INPUTS[:3], jobs=1)
        assert gc.get_freeze_count() > 10_000  # the modules, fonts and caches the first report loaded
    finally:
        gc.unfreeze()


def test_a_report_with_a_imprint_is_laid_out_once_for_its_docx_pdf_and_ofd_split_or_not(tmp_path, monkeypatch):
    """The DOCX asks the layout where its 版记 falls; the batch lends it the one the PDF and the
    OFD paint, made before the fork when they are painted in a child (which inherits it). A
    report without a 版记 in the split case is laid out in the child alone, as before."""
    from lxml import etree

    from convert.readers import xml
    from convert.typeset import pages
    from convert.writers import docx

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    log = tmp_path / "layouts.log"
    real = pages.lay_out

    def counted(*args, **kwargs):
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(pages, "lay_out", counted)
    example = Path(__file__).resolve().parent.parent / "docs" / "example.xml"
    report = xml.parse(example.read_bytes())
    assert report.find("imprint") is not None
    for split in (False, True):
        log.write_text("")
        out = tmp_path / f"split-{split}"
        batch_module.convert_one(example, ["docx", "pdf", "ofd"], out, Options(), split=split)
        assert log.read_text().split() == [str(os.getpid())]  # once, in this process
        assert (out / "example.docx").read_bytes() == docx.render(report, Options())  # as laid out by itself

    etree.strip_elements(report, "imprint")
    plain = tmp_path / "plain.xml"
    plain.write_bytes(etree.tostring(report, xml_declaration=True, encoding="utf-8"))
    log.write_text("")
    batch_module.convert_one(plain, ["docx", "pdf"], tmp_path / "plain", Options(), split=True)
    assert [int(pid) for pid in log.read_text().split()] != [os.getpid()]  # once, in the child
    assert len(log.read_text().split()) == 1


def test_the_workers_parent_imports_the_readers_its_inputs_names_point_to_and_no_other():
    """Imported once before the workers fork, the readers are every worker's without a cost."""
    import json
    import subprocess
    import sys

    code = ("import json, sys\n"
            "from pathlib import Path\n"
            "from convert.batch import Source, preload_readers\n"
            "preload_readers(Source.from_path(Path(p)) for p in sys.argv[1:])\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('convert.readers.'))))\n")
    root = Path(__file__).resolve().parent.parent

    def preloaded(*names: str) -> list[str]:
        run = subprocess.run([sys.executable, "-c", code, *names], capture_output=True, text=True, cwd=root,
                             check=True)
        return json.loads(run.stdout)

    texts = preloaded("a.txt", "b/c.TXT")
    assert "convert.readers.text" in texts
    assert "convert.readers.docx" not in texts and "convert.readers.html" not in texts
    pages = preloaded("a.html", "b.htm")
    assert "convert.readers.html" in pages and "convert.readers.docx" not in pages
    models = preloaded("m.xml")
    assert "convert.readers.xml" in models
    assert not {"convert.readers.text", "convert.readers.html", "convert.readers.docx"} & set(models)
