"""Archive-size batches on one machine: folder trees and @lists as inputs, outputs mirroring
the input tree, the JSONL manifest, resuming from it, and a run killed outright then resumed."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, wait_until

from array import array

from convert import __version__
from convert.batch import SLOWEST_SHOWN, Result, Tally, largest_first
from convert.inputs import expand
from convert.manifest import read

CLI = [sys.executable, "-m", "convert"]


def run(*args, cwd=None, **kwargs):
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd or ROOT, **kwargs)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lines_of(manifest: Path) -> list[dict]:
    return [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def archive(tmp_path) -> Path:
    """in/2019/{a,b}.txt, in/2020/a.txt (same name, other folder), in/2020/sub/c.txt, one
    empty report, and files a walk must leave alone: hidden ones, other extensions."""
    root = tmp_path / "in"
    for rel, source in (("2019/a.txt", CORPUS[0]), ("2019/b.txt", CORPUS[2]), ("2020/a.txt", CORPUS[5]),
                        ("2020/sub/c.txt", CORPUS[6])):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, root / rel)
    (root / "2020" / "empty.txt").write_bytes(b"")
    (root / "2020" / "notes.md").write_text("not an input", encoding="utf-8")
    (root / ".hidden").mkdir()
    shutil.copyfile(CORPUS[1], root / ".hidden" / "x.txt")
    shutil.copyfile(CORPUS[1], root / "2019" / ".y.txt")
    return root


# ------------------------------------------------------------------- inputs --

def test_a_folder_is_walked_and_its_tree_mirrored_without_hidden_files_or_the_output_folder(archive, tmp_path):
    out = archive / "out"  # inside the input tree: its files are outputs, never inputs
    (out / "old").mkdir(parents=True)
    shutil.copyfile(CORPUS[3], out / "old" / "z.txt")
    sources = expand([str(archive)], out)
    assert [s.stem for s in sources] == ["2019/a", "2019/b", "2020/a", "2020/empty", "2020/sub/c"]
    assert all(s.path.is_file() for s in sources)


def test_a_list_file_names_inputs_mirrored_below_the_folder_they_share(archive, tmp_path):
    listed = tmp_path / "list.txt"
    listed.write_text(f"{archive / '2019' / 'b.txt'}\n\n{archive / '2020' / 'sub'}\n{archive / '2020' / 'a.txt'}\n",
                      encoding="utf-8")
    sources = expand([f"@{listed}", str(archive / "2020" / "a.txt")], tmp_path / "out")  # the last once only
    assert [s.stem for s in sources] == ["2019/b", "2020/sub/c", "2020/a"]


def test_a_walk_takes_a_folders_files_where_their_names_sort_whatever_the_file_system_lists(tmp_path):
    root = tmp_path / "in"
    for rel in ("b.txt", "a.txt", "a/z.txt", "a-b.txt", "a/b/c.txt", "B.docx", "c/.x.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("第一条 内容。", encoding="utf-8")
    (root / "loop").symlink_to(root, target_is_directory=True)  # a link to a folder is not followed
    stems = [s.stem for s in expand([str(root)], tmp_path / "out")]
    everything = sorted((p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")),
                        key=lambda p: p.relative_to(root).parts)
    assert stems == [p.relative_to(root).with_suffix("").as_posix() for p in everything]
    assert stems == ["B", "a/b/c", "a/z", "a-b", "a", "b"]


def test_inputs_are_dispatched_largest_first_a_chunk_at_a_time():
    sizes = [5, 1, 9, 3, 7, 2, 8, 4, 6, 0]
    order = list(largest_first(range(len(sizes)), sizes.__getitem__, chunk=4))
    assert sorted(order) == list(range(len(sizes)))  # each once
    assert [sizes[i] for i in order] == [9, 5, 3, 1, 8, 7, 4, 2, 6, 0]
    equal = list(largest_first(array("L", [4, 2, 7]), lambda i: 0, chunk=1024))
    assert equal == [4, 2, 7]  # ties keep the inputs' order


def test_the_summary_keeps_the_ten_slowest_and_every_failure_not_every_result():
    tally = Tally()
    for k in range(200):
        tally.add(Result(k, "bad" if k % 50 == 0 else None, seconds=(k * 37) % 200 / 10), f"r{k}")
    tally.add(Result(999, None, 99.0, skipped=True), "skipped")  # a skip is never among the slowest
    assert tally.counts == {"ok": 196, "failed": 4, "skipped": 1} and tally.attempted == 200
    assert [r.path for r in tally.failures] == [0, 50, 100, 150]
    slowest = sorted(tally.slowest, reverse=True)
    assert [round(seconds * 10) for seconds, _, _ in slowest] == list(range(199, 189, -1))
    assert len(tally.slowest) == SLOWEST_SHOWN


# Runs the command line in a process of its own, traced by tracemalloc (its forked workers
# untraced), and prints the peak of what it allocated over each run.
TRACED_CLIENT = """
import json, os, sys, tracemalloc
from convert.cli import main
os.register_at_fork(after_in_child=tracemalloc.stop)
peaks = []
for listed in sys.argv[1:]:
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    out = listed + ".out"
    code = main(["@" + listed, "-o", out, "--to", "txt", "-q", "-j", "2", "--manifest", out + "/m.jsonl"])
    peaks.append((code, tracemalloc.get_traced_memory()[1] - before))
    tracemalloc.stop()
print(json.dumps(peaks))
"""


def test_the_client_keeps_under_a_kilobyte_a_document(tmp_path):
    """What a batch keeps for its whole run, in the client (the workers are forked): the
    peak over 1,400 documents against that over 200, per further document. It is the
    document's name and output stem, its Source, and its key against two inputs writing
    one file (long paths with Chinese names here: about 650 bytes); it was 2 to 3 KB when
    every result, hash and Path was kept."""
    def listing(count: int) -> str:
        lines = []
        for k in range(count):
            path = tmp_path / f"in{count}" / f"{k // 100:03d}" / f"第{k:05d}号报告.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"第{k}号报告\n\n一、工作\n\n第{k}项工作稳步推进。\n", encoding="utf-8")
            lines.append(str(path))
        listed = tmp_path / f"list{count}.txt"
        listed.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return str(listed)

    lists = [listing(20), listing(200), listing(1400)]  # the first for imports and caches
    done = subprocess.run([sys.executable, "-c", TRACED_CLIENT, *lists], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    (_, _), (small_code, small), (large_code, large) = json.loads(done.stdout)
    assert small_code == large_code == 0
    for listed in lists[1:]:
        assert len(lines_of(Path(listed + ".out") / "m.jsonl")) == len(Path(listed).read_text().splitlines())
    per_document = (large - small) / 1200
    assert per_document < 1024, f"{per_document:.0f} bytes a document"


def test_a_missing_list_or_an_empty_folder_is_said_in_one_line(tmp_path):
    result = run(f"@{tmp_path / 'nope.txt'}", "-o", tmp_path / "out")
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "nope.txt" in result.stderr
    (tmp_path / "empty").mkdir()
    result = run(tmp_path / "empty", "-o", tmp_path / "out")
    assert result.returncode == 2 and "no input file found" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


# ----------------------------------------------------------------- manifest --

def test_the_manifest_has_a_line_per_input_with_hashes_of_what_is_on_disk(archive, tmp_path):
    out, manifest = tmp_path / "out", tmp_path / "out" / "manifest.jsonl"
    result = run(archive, "-o", out, "--to", "xml,txt", "--manifest", manifest, "-j", "2")
    assert result.returncode == 1, result.stderr  # the empty report
    # the same file name in two folders: two outputs, each in its own folder
    assert (out / "2019" / "a.txt").read_bytes() != (out / "2020" / "a.txt").read_bytes()
    entries = lines_of(manifest)
    by_input = {Path(e["input"]).relative_to(archive).as_posix(): e for e in entries}
    assert sorted(by_input) == ["2019/a.txt", "2019/b.txt", "2020/a.txt", "2020/empty.txt", "2020/sub/c.txt"]
    for rel, entry in by_input.items():
        source = archive / rel
        assert (entry["size"], entry["sha256"]) == (source.stat().st_size, sha256(source))
        assert entry["version"] == __version__ and entry["options"]["formats"] == ["xml", "txt"]
        assert entry["seconds"] >= 0 and entry["worker"].rsplit(":", 1)[1].isdigit()
        if rel == "2020/empty.txt":
            assert entry["status"] == "failed" and "empty file" in entry["error"] and entry["outputs"] == []
            continue
        assert entry["status"] == "ok" and entry["error"] is None
        stem = str(Path(rel).with_suffix(""))
        assert [(o["format"], o["path"]) for o in entry["outputs"]] == \
            [(fmt, str(out / f"{stem}.{fmt}")) for fmt in ("xml", "txt")]
        for o in entry["outputs"]:
            assert (o["size"], o["sha256"]) == (Path(o["path"]).stat().st_size, sha256(Path(o["path"])))
    summary = result.stderr.strip().splitlines()
    assert summary[-2].startswith("report-convert: 4 converted, 1 failed, 0 skipped, ") and "documents/s" in summary[-2]
    assert "the 5 slowest:" in result.stderr


def test_a_second_run_skips_what_is_up_to_date_and_redoes_the_rest(archive, tmp_path):
    out, manifest = tmp_path / "out", tmp_path / "m.jsonl"
    args = (archive, "-o", out, "--to", "xml,txt", "--manifest", manifest, "-j", "1")
    run(*args)
    (archive / "2020" / "empty.txt").unlink()
    first = len(lines_of(manifest))
    (archive / "2019" / "b.txt").write_bytes((archive / "2019" / "b.txt").read_bytes() + "\n补记。\n".encode())
    (out / "2020" / "a.xml").unlink()                       # an output gone
    txt = out / "2020" / "sub" / "c.txt"
    data = bytearray(txt.read_bytes())
    data[100] ^= 1                                          # an output changed, same size
    txt.write_bytes(bytes(data))
    result = run(*args)
    assert result.returncode == 0, result.stderr
    second = {Path(e["input"]).relative_to(archive).as_posix(): e["status"] for e in lines_of(manifest)[first:]}
    assert second == {"2019/a.txt": "skipped", "2019/b.txt": "ok", "2020/a.txt": "ok", "2020/sub/c.txt": "ok"}
    assert "1 of 4 inputs are converted already" in result.stderr
    assert txt.read_bytes() != bytes(data)

    again = run(*args, "--wrap", "40")                      # other options: nothing holds
    assert [e["status"] for e in lines_of(manifest)[first + 4:]] == ["ok"] * 4, again.stderr
    forced = run(*args, "--wrap", "40", "--force")
    assert [e["status"] for e in lines_of(manifest)[first + 8:]] == ["ok"] * 4, forced.stderr
    skipped = run(*args, "--wrap", "40")
    assert [e["status"] for e in lines_of(manifest)[first + 12:]] == ["skipped"] * 4, skipped.stderr
    assert "0 converted, 0 failed, 4 skipped" in skipped.stderr


def test_a_cut_last_line_is_said_ignored_and_its_input_converted_again(archive, tmp_path):
    out, manifest = tmp_path / "out", tmp_path / "m.jsonl"
    args = (archive / "2019", "-o", out, "--to", "txt", "--manifest", manifest)
    run(*args)
    data = manifest.read_bytes()
    last_start = data.rstrip(b"\n").rfind(b"\n") + 1
    cut_input = json.loads(data[last_start:])["input"]
    manifest.write_bytes(data[:last_start + 40])            # as a kill in the middle of writing leaves it
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert "its last line is cut short" in result.stderr
    entries = lines_of(manifest)                            # every line whole again
    assert [e["status"] for e in entries[-2:] if e["input"] == cut_input] == ["ok"]
    assert len(entries) == 3


def test_a_reader_of_a_manifest_reads_lines_as_they_come_and_names_the_bad_ones(tmp_path, capsys):
    manifest = tmp_path / "m.jsonl"
    manifest.write_bytes(b'{"input": "a", "status": "ok"}\nnot json\n[1, 2]\n{"input": "b", "status": "fa')
    assert [e["input"] for e in read(manifest)] == ["a"]
    err = capsys.readouterr().err
    assert "last line is cut short" in err and "2 line(s) that are not manifest lines ignored (line 2, 3)" in err
    assert list(read(tmp_path / "none.jsonl")) == []


def test_a_resume_removes_the_temporary_files_of_its_own_outputs_only(archive, tmp_path):
    out, manifest = tmp_path / "out", tmp_path / "m.jsonl"
    left = [out / "2019" / ".a.txt.k3j4h5g6.part", out / "2020" / "sub" / ".c.xml.abcdefgh.part"]
    foreign = [out / "2019" / ".a.pdf.k3j4h5g6.part",   # a format this run does not write
               out / "2019" / ".zz.txt.k3j4h5g6.part",  # no input of this run
               out / "2019" / "a.txt.part"]             # not a temporary file's name
    for path in left + foreign:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    result = run(archive, "-o", out, "--to", "xml,txt", "--manifest", manifest, "-j", "1")
    assert result.returncode == 1, result.stderr  # the empty report
    assert not any(path.exists() for path in left)
    assert all(path.exists() for path in foreign)


def test_force_without_a_manifest_is_a_usage_error(tmp_path):
    result = run(CORPUS[0], "-o", tmp_path, "--force")
    assert result.returncode == 2 and "--force" in result.stderr


# ------------------------------------------------------------------ the kill --

def test_a_run_killed_outright_then_run_again_converts_each_document_once(tmp_path):
    """SIGKILL the whole run (the process and its workers, as a lost machine does) partway,
    run it again: every document converted, each once after the crash, no partial file."""
    archive = tmp_path / "in"
    for k, source in enumerate(CORPUS):
        (archive / str(2000 + k % 3)).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, archive / str(2000 + k % 3) / source.name)
    out, manifest = tmp_path / "out", tmp_path / "out" / "m.jsonl"
    stale = out / "2000" / f".{CORPUS[0].stem}.pdf.abcdefgh.part"  # a temporary of a killed run
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"%PDF-1.4 half")
    others = out / "2000" / ".not-ours.pdf.abcdefgh.part"
    others.write_bytes(b"")
    args = (archive, "-o", out, "--to", "txt,pdf", "--manifest", manifest, "-j", "2")
    proc = subprocess.Popen([*CLI, *map(str, args)], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: manifest.exists() and manifest.read_bytes().count(b"\n") >= 2, 60, "two manifest lines")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    time.sleep(0.2)  # the workers' own ends
    before = lines_of_whole(manifest)
    assert 2 <= len(before) < len(CORPUS), "the kill came too late to test anything"
    result = run(*args)
    assert result.returncode == 0, result.stderr
    entries = lines_of(manifest)
    ok = Counter(e["input"] for e in entries if e["status"] == "ok")
    assert sorted(ok) == sorted(str(p) for p in archive.rglob("*.txt")) and set(ok.values()) == {1}
    done_before = {e["input"] for e in before if e["status"] == "ok"}
    again = {e["input"]: e["status"] for e in entries[len(before):]}
    assert all(again[i] == "skipped" for i in done_before) and len(again) == len(CORPUS)
    assert not [p for p in out.rglob("*.part") if p != others], "a partial file is left"
    assert others.exists()  # not this run's to remove
    for e in entries:
        for o in e["outputs"] if e["status"] == "ok" else ():
            path = Path(o["path"])
            assert sha256(path) == o["sha256"]
            if o["format"] == "pdf":
                assert path.read_bytes().rstrip().endswith(b"%%EOF")


def lines_of_whole(manifest: Path) -> list[dict]:
    """The whole lines of a manifest that a kill may have cut."""
    data = manifest.read_bytes()
    return [json.loads(line) for line in data[:data.rfind(b"\n") + 1].splitlines()]


def test_the_archive_bench_resume_table_runs_against_todays_code(tmp_path):
    """`make bench`'s resume figure, at a small size (no timing asserted): every copied
    document is skipped, none converted."""
    env = {**os.environ, "BENCH_ARCHIVE_PARTS": "resume", "BENCH_RESUME_DOCS": "18", "TMPDIR": str(tmp_path)}
    # The timeout guards against a hang only: with an empty font cache (a fresh machine), the
    # corpus's first conversion prepares every CFF face first, minutes of CPU on two cores.
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "archive.py")], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=1200)
    assert done.returncode == 0, done.stderr
    count = re.search(r"## Resume over a finished manifest of (\d+) documents", done.stdout)
    assert count and int(count.group(1)) >= 18, done.stdout  # whole copies of the corpus, at least 18
    assert "not every input was skipped" not in done.stdout
