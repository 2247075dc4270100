"""The command line: conversion, encodings, bad input, and the model XML as input."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, fold, missing_in_order

from convert.errors import InputError, describe
from convert.model import blocks, plain_text
from convert.readers import text as text_reader
from convert.readers import xml as xml_reader

CLI = [sys.executable, "-m", "convert"]
GB_TEXT = "政府工作报告\n\n各位代表：\n\n一、过去一年的工作\n\n过去一年，我们坚持稳中求进，经济运行总体平稳，发展质量稳步提升。\n"
BIG5_TEXT = "政府工作報告\n\n各位代表：\n\n一、過去一年的工作\n\n過去一年，我們堅持穩中求進，經濟運行總體平穩，發展質量穩步提升。\n"


def run(*args, cwd=None):
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd or ROOT)


def assert_one_line_error(result, path, outdir):
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]
    assert "Traceback" not in result.stderr
    assert not list(Path(outdir).glob("*")) if Path(outdir).exists() else True


def test_converts_sample_to_xml_and_txt(tmp_path):
    result = run(SAMPLE, "-o", tmp_path, "--to", "xml,txt")
    assert result.returncode == 0, result.stderr
    stem = SAMPLE.stem
    model = xml_reader.read(tmp_path / f"{stem}.xml")
    txt = (tmp_path / f"{stem}.txt").read_text(encoding="utf-8")
    assert missing_in_order(plain_text(model), txt) is None
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob(".*"))


def test_console_script_is_installed():
    exe = Path(sys.executable).with_name("report-convert")
    assert exe.exists()
    assert subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.startswith("report-convert")


@pytest.mark.parametrize(
    "encoding, text",
    [("gb18030", GB_TEXT), ("gbk", GB_TEXT), ("big5", BIG5_TEXT), ("utf-16", GB_TEXT), ("utf-16-le", GB_TEXT),
     ("utf-8-sig", GB_TEXT)],
)
def test_encodings(tmp_path, encoding, text):
    path = tmp_path / "r.txt"
    path.write_bytes(text.encode(encoding))
    report = text_reader.read(path)
    assert fold(plain_text(report)) == fold(text)
    assert [b.text for b in blocks(report) if b.kind == "heading"] == [text.split("\n")[4]]


def test_crlf_and_zero_width(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(GB_TEXT.replace("\n", "\r\n").replace("过去一年，", "过去\u200b一年，").encode("utf-8"))
    report = text_reader.read(path)
    assert "\r" not in plain_text(report) and "\u200b" not in plain_text(report)
    assert fold(plain_text(report)) == fold(GB_TEXT)


def test_control_characters_are_removed_and_recorded(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(GB_TEXT.replace("稳中求进", "稳中\x07求进\x1b"), encoding="utf-8")
    report = text_reader.read(path)
    assert "稳中求进" in plain_text(report)
    assert "remove-control-characters" in [t.get("name") for t in report.iter("transform")]


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "empty file"),
        (b"\n\n  \n", "empty file"),
        (bytes(range(256)) * 8, "binary"),
        ("相關詞條\n\n熱門詞條\n\n聯絡我們\n".encode(), "boilerplate"),
        (b"\x80\x80" + "中文报告内容".encode() + b"\x80", "not valid UTF-8"),
    ],
    ids=["empty", "blank", "binary", "only-boilerplate", "invalid-utf8"],
)
def test_bad_input_gives_one_line_and_no_output(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    outdir = tmp_path / "out"
    result = run(path, "-o", outdir, "--to", "xml,txt")
    assert_one_line_error(result, path, outdir)
    assert problem in result.stderr


def test_missing_file(tmp_path):
    result = run(tmp_path / "nope.txt", "-o", tmp_path / "out")
    assert_one_line_error(result, tmp_path / "nope.txt", tmp_path / "out")


def test_one_bad_input_does_not_stop_the_others(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = run(bad, SAMPLE, "-o", tmp_path / "out", "--to", "txt")
    assert result.returncode == 1
    assert (tmp_path / "out" / f"{SAMPLE.stem}.txt").exists()


def test_unwritable_output_directory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run(SAMPLE, "-o", blocker / "sub", "--to", "txt")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# ------------------------------------------------------------ model XML --

def test_model_round_trip_is_lossless(tmp_path, sample_model):
    from convert.model import tree

    data = tree.to_bytes(sample_model)
    again = xml_reader.parse(data)
    assert tree.to_bytes(again) == data
    assert plain_text(again) == plain_text(sample_model)


def test_edited_model_renders_again(tmp_path):
    assert run(SAMPLE, "-o", tmp_path, "--to", "xml").returncode == 0
    xml_path = tmp_path / f"{SAMPLE.stem}.xml"
    edited = xml_path.read_text(encoding="utf-8").replace("全面履行政府職能", "全面依法履行政府職能")
    edited_path = tmp_path / "edited.xml"
    edited_path.write_text(edited, encoding="utf-8")
    result = run(edited_path, "-o", tmp_path, "--to", "txt")
    assert result.returncode == 0, result.stderr
    assert "一、全面依法履行政府職能" in (tmp_path / "edited.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "xml, problem",
    [
        ('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
         "<report>&b;</report>", "DOCTYPE"),
        ('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<report>&x;</report>', "DOCTYPE"),
        ('<?xml version="1.0"?>\n<report><unclosed></report>', "not well-formed"),
    ],
    ids=["billion-laughs", "external-entity", "malformed"],
)
def test_unsafe_or_invalid_model_xml_is_refused(tmp_path, xml, problem):
    path = tmp_path / "m.xml"
    path.write_text(xml, encoding="utf-8")
    result = run(path, "-o", tmp_path / "out", "--to", "txt")
    assert_one_line_error(result, path, tmp_path / "out")
    assert problem in result.stderr
    assert "root:" not in result.stderr


def test_schema_invalid_model_names_the_line(tmp_path):
    from conftest import EXAMPLE_XML

    lines = EXAMPLE_XML.read_text(encoding="utf-8").split("\n")
    bad_line = next(i for i, x in enumerate(lines) if "<p>正文段落。</p>" in x)
    lines[bad_line] = lines[bad_line].replace("<p>", "<para>").replace("</p>", "</para>")
    path = tmp_path / "m.xml"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run(path, "-o", tmp_path / "out", "--to", "txt")
    assert_one_line_error(result, path, tmp_path / "out")
    assert f"line {bad_line + 1}:" in result.stderr


# ------------------------------------------------------------------ batch --

def test_batch_in_parallel_converts_everything_and_summarizes(tmp_path):
    from conftest import CORPUS

    result = run(*CORPUS, SAMPLE, "-o", tmp_path, "--to", "xml,txt", "-j", "2")
    assert result.returncode == 0, result.stderr
    for path in [*CORPUS, SAMPLE]:
        assert (tmp_path / f"{path.stem}.txt").stat().st_size > 1000
    lines = result.stderr.strip().splitlines()
    assert sum(line.startswith("[") and " ok " in line for line in lines) == len(CORPUS) + 1  # plain lines: no TTY
    assert lines[-1].startswith(f"report-convert: {len(CORPUS) + 1} converted, 0 failed")


def test_batch_failure_is_reported_and_the_rest_converted(tmp_path):
    from conftest import CORPUS

    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = run(CORPUS[0], bad, CORPUS[1], "-o", tmp_path / "out", "--to", "txt", "-j", "2")
    assert result.returncode == 1
    assert (tmp_path / "out" / f"{CORPUS[0].stem}.txt").exists() and (tmp_path / "out" / f"{CORPUS[1].stem}.txt").exists()
    assert "2 converted, 1 failed" in result.stderr
    assert f"failed: {bad}: empty file" in result.stderr


def test_a_parallel_batch_writes_the_same_bytes_as_one_process(tmp_path):
    from conftest import CORPUS

    env = {**os.environ, "SOURCE_DATE_EPOCH": "1600000000"}
    inputs = [CORPUS[0], CORPUS[2], SAMPLE]  # the last, the smallest, has its PDF written by a child
    for jobs in ("1", "2"):
        result = subprocess.run([*CLI, *inputs, "-o", tmp_path / jobs, "--to", "all", "-j", jobs],
                                capture_output=True, text=True, cwd=ROOT, env=env)
        assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "1").iterdir())
    assert len(names) == 6 * len(inputs) and names == sorted(p.name for p in (tmp_path / "2").iterdir())
    for name in names:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


# -------------------------------------------- one report, two processes --

def test_the_forked_pdf_matches_the_one_process_run(tmp_path):
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1600000000"}
    for jobs in ("1", "2"):
        result = subprocess.run([*CLI, SAMPLE, "-o", tmp_path / jobs, "--to", "all", "-j", jobs],
                                capture_output=True, text=True, cwd=ROOT, env=env)
        assert result.returncode == 0, result.stderr
    for ext in ("xml", "txt", "docx", "pdf", "epub"):
        one, two = (tmp_path / jobs / f"{SAMPLE.stem}.{ext}" for jobs in ("1", "2"))
        assert one.read_bytes() == two.read_bytes(), ext
    assert not list(tmp_path.glob("*/.*"))


def test_a_failure_in_the_forked_pdf_is_one_line(tmp_path):
    source = tmp_path / "pua.txt"
    source.write_text("一、总体要求\n\n这里有一个字\U0010FFFD没有任何字体。\n", encoding="utf-8")
    result = run(source, "-o", tmp_path / "out", "--to", "xml,pdf", "-j", "2")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "U+10FFFD" in result.stderr and "Traceback" not in result.stderr
    leftovers = [p.name for p in (tmp_path / "out").iterdir()]
    assert "pua.pdf" not in leftovers and not [n for n in leftovers if n.startswith(".")]


def test_sigterm_while_the_forked_pdf_is_written_leaves_nothing_behind(tmp_path):
    body = "".join(SAMPLE.read_text(encoding="utf-8").split("\n")[9:52])
    big = tmp_path / "big-for-sigterm.txt"
    big.write_text("\n".join([body] * 100), encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen([*CLI, big, "-o", out, "--to", "txt,pdf", "-j", "2"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (out / "big-for-sigterm.txt").exists() and time.monotonic() < deadline:
        time.sleep(0.05)  # the text is written beside the PDF, so the PDF is under way
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130 and stderr.strip() == "report-convert: interrupted"
    assert not (out / "big-for-sigterm.pdf").exists()
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert not _processes_mentioning(big.name)  # the PDF child is gone too


def test_sigterm_during_a_parallel_batch_leaves_only_whole_files(tmp_path):
    from conftest import CORPUS

    batch = tmp_path / "batch-for-sigterm"
    batch.mkdir()
    for k in range(6):
        for path in CORPUS:
            (batch / f"{path.stem}-{k}.txt").write_bytes(path.read_bytes())
    out = tmp_path / "out"
    proc = subprocess.Popen([*CLI, *sorted(batch.iterdir()), "-o", out, "--to", "xml,pdf", "-j", "2"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(list(out.glob("*.pdf")) if out.exists() else []) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130 and stderr.strip().endswith("report-convert: interrupted")
    pdfs = list(out.glob("*.pdf"))
    assert 3 <= len(pdfs) < 6 * len(CORPUS)  # stopped part-way
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    for pdf in pdfs:  # each whole: a PDF ends with %%EOF
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), pdf.name
    time.sleep(0.5)
    assert not _processes_mentioning(batch.name)  # no worker is left


def _processes_mentioning(word: str) -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if word.encode() in cmdline.read_bytes():
                found.append(cmdline.parent.name)
        except OSError:
            pass
    return found


def test_taiwan_vocabulary_flag_reaches_the_script_edition(tmp_path):
    from conftest import DATA

    source = DATA / "gwr-2021.txt"
    for vocabulary in ("mainland", "taiwan"):
        result = run(source, "-o", tmp_path / vocabulary, "--to", "xml", "--script", "hant", "--vocabulary", vocabulary)
        assert result.returncode == 0, result.stderr
    mainland = xml_reader.read(tmp_path / "mainland" / "gwr-2021.xml")
    taiwan = xml_reader.read(tmp_path / "taiwan" / "gwr-2021.xml")
    assert mainland.find("meta/edition").get("converter") != taiwan.find("meta/edition").get("converter")
    assert "網際網路" in plain_text(taiwan) and "網際網路" not in plain_text(mainland)


def test_describe_names_the_input_being_converted_and_leaves_the_error_as_it_was():
    error = InputError("not valid utf-8", line=3)
    assert describe(error, "a.txt") == "a.txt: line 3: not valid utf-8"
    assert describe(error, "b.txt") == "b.txt: line 3: not valid utf-8"  # not the first input's name
    assert error.path is None and describe(error) == "line 3: not valid utf-8"
    assert describe(InputError("empty", path="c.txt"), "d.txt") == "c.txt: empty"  # the raiser's path wins


@pytest.mark.parametrize("command", ["serve", "check"])
def test_the_service_and_the_checker_collect_garbage_though_a_conversion_does_not(monkeypatch, command):
    """run() stops the collector for a conversion's short life; a service lives for days."""
    import gc

    from convert import check, cli
    from convert.service import server

    seen = []
    monkeypatch.setattr(server, "main", lambda *args: seen.append(gc.isenabled()) or 0)
    monkeypatch.setattr(check, "main", lambda *args: seen.append(gc.isenabled()) or 0)
    was = gc.isenabled()
    gc.disable()
    try:
        assert cli.main([command]) == 0
    finally:
        if was:
            gc.enable()
    assert seen == [True]
