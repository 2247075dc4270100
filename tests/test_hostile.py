"""Hostile and broken input: a correct output or one clear error, never a hang or lost text."""
from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, fold, require_tool, wait_until

from convert.model import blocks, plain_text
from convert.readers import text

DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 305 → 三百零五 (written here independently of the reader)."""
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + chinese_number(rest) if rest < 10 else
                                 (("一" + chinese_number(rest)) if rest < 20 else chinese_number(rest)))
    return DIGITS[n // 100] + "百" + tail


def parse(s: str):
    return text.parse(s.encode("utf-8"))


def test_chinese_number_helper():
    assert [chinese_number(n) for n in (1, 10, 12, 20, 99, 100, 105, 110, 300)] == [
        "一", "十", "十二", "二十", "九十九", "一百", "一百零五", "一百一十", "三百"]


def test_ten_megabyte_single_line():
    body = "".join(SAMPLE.read_text(encoding="utf-8").split("\n")[9:52])
    big = body * (10_000_000 // len(body.encode()) + 1)
    start = time.perf_counter()
    report = parse(big)
    assert time.perf_counter() - start < 60  # generous: a hang, not a speed check
    assert fold(plain_text(report)).endswith(fold(body[-200:]))
    assert len(fold(plain_text(report))) >= len(fold(big)) - len(fold(report.find("meta/title").text))


def test_ten_thousand_tiny_paragraphs():
    source = "\n\n".join(f"第{i}段。" for i in range(10_000))
    report = parse(source)
    assert sum(1 for b in blocks(report) if b.kind == "p") >= 9_999
    assert fold(source) in fold(plain_text(report))


def test_hundreds_of_headings():
    source = "\n\n".join(f"{chinese_number(i)}、第{i}部分的标题\n\n这是第{i}部分的正文内容，说明具体情况。" for i in range(1, 301))
    report = parse(source)
    headings = [b for b in blocks(report) if b.kind == "heading"]
    assert len(headings) == 300
    assert headings[-1].label == "三百、" and headings[-1].level == 1


def test_heading_with_no_body():
    report = parse("一、总体要求\n\n二、主要任务\n\n做好各项工作。\n\n三、保障措施\n")
    sections = report.findall("body/section")
    assert [s.get("label") for s in sections] == ["一、", "二、", "三、"]
    assert len(sections[0]) == 1 and len(sections[2]) == 1  # a heading alone


def test_characters_outside_the_bmp_are_kept():
    report = parse("一、总体要求\n\n𠀀𪚥字是扩展区汉字，🙂也要保留。\n")
    assert "𠀀𪚥字" in plain_text(report) and "🙂" in plain_text(report)


def test_a_lone_heading_is_a_report():
    report = parse("一、总体要求\n")
    assert [b.kind for b in blocks(report)] == ["title", "heading"]


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "convert", *map(str, args)], capture_output=True, text=True, cwd=ROOT)


def repeated_sample(tmp_path, times: int, name: str = "big") -> Path:
    body = "".join(SAMPLE.read_text(encoding="utf-8").split("\n")[9:52])
    path = tmp_path / f"{name}.txt"
    path.write_text("\n".join([body] * times), encoding="utf-8")
    return path


def start_cli(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "convert", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def unfinished(out, stem: str, fmt: str) -> list:
    return list(out.glob(f".{stem}.{fmt}.*.part")) if out.exists() else []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: s.name)
def test_a_run_stopped_while_writing_leaves_no_partial_file(tmp_path, signum):
    """SIGTERM (kill), SIGHUP (a closed terminal, a dropped SSH session), SIGINT (Ctrl-C),
    sent while an output is half-written: that output is removed, what finished is whole."""
    big, out = repeated_sample(tmp_path, 20), tmp_path / "out"
    proc = start_cli(big, "-o", out, "--to", "xml,txt,pdf", "-j", "1")  # the PDF, written last, takes seconds
    wait_until(lambda: unfinished(out, "big", "pdf"), seconds=120, what="a half-written big.pdf")
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130 and stderr.strip() == "report-convert: interrupted"
    assert sorted(p.name for p in out.iterdir()) == ["big.txt", "big.xml"]  # no big.pdf, no .part
    from convert.readers import xml

    xml.read(out / "big.xml")  # a complete, valid model


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_run_whose_terminal_is_closed_leaves_no_partial_file(tmp_path, jobs):
    """A real hang-up: the run's controlling terminal goes away (the master side of a
    pseudo-terminal is closed, as when a terminal window or an SSH session is). The
    kernel sends SIGHUP, and from then on every write to the terminal fails."""
    big, out = repeated_sample(tmp_path, 20), tmp_path / "out"
    master, terminal = os.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "convert", big, "-o", out, "--to", "txt,pdf", "-j", jobs], cwd=ROOT,
                            stdin=terminal, stdout=terminal, stderr=terminal, start_new_session=True,
                            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))  # its controlling terminal
    os.close(terminal)
    os.set_blocking(master, False)

    def half_written_pdf():
        with contextlib.suppress(BlockingIOError, OSError):
            os.read(master, 65536)  # what it writes to the terminal: never let it fill
        return unfinished(out, "big", "pdf")

    try:
        wait_until(half_written_pdf, seconds=120, what="a half-written big.pdf")
    finally:
        os.close(master)  # the hang-up
    assert proc.wait(timeout=60) == 130
    assert sorted(p.name for p in out.iterdir()) == ["big.txt"]  # no big.pdf, no .part


def test_a_run_killed_while_its_forked_pdf_is_written_leaves_no_pdf_later(tmp_path):
    """SIGKILL cannot be caught: the parent leaves at once. Its PDF child must not
    finish the PDF on its own a moment later."""
    big, out = repeated_sample(tmp_path, 20), tmp_path / "out"
    proc = start_cli(big, "-o", out, "--to", "txt,pdf", "-j", "2")  # the PDF in a forked child
    # The text is written beside the PDF: once it is there, the parent only waits for its child.
    wait_until(lambda: (out / "big.txt").exists() and unfinished(out, "big", "pdf"), seconds=120,
               what="big.txt beside a half-written big.pdf")
    proc.kill()
    proc.communicate(timeout=60)
    # The child either stops (its .part removed) or finishes (its .part renamed to big.pdf):
    # both make the .part vanish, so wait for that, as long as the whole PDF would take.
    wait_until(lambda: not unfinished(out, "big", "pdf"), seconds=120, what="the PDF child's end")
    assert sorted(p.name for p in out.iterdir()) == ["big.txt"]


def test_characters_outside_the_bmp_reach_the_pdf(tmp_path):
    source = tmp_path / "smp.txt"
    source.write_text("一、总体要求\n\n𠀀𪚥字是扩展区汉字，🙂也要保留。\n", encoding="utf-8")
    result = run_cli(source, "-o", tmp_path, "--to", "pdf")
    assert result.returncode == 0, result.stderr
    extracted = subprocess.run([require_tool("pdftotext"), "-enc", "UTF-8", tmp_path / "smp.pdf", "-"], capture_output=True,
                               text=True, check=True).stdout
    assert "𠀀𪚥字是扩展区汉字" in extracted and "🙂也要保留" in extracted


def test_a_character_no_font_has_is_one_clear_error(tmp_path):
    source = tmp_path / "pua.txt"
    source.write_text("一、总体要求\n\n这里有一个字\U0010FFFD没有任何字体。\n", encoding="utf-8")
    result = run_cli(source, "-o", tmp_path / "out", "--to", "pdf")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "U+10FFFD" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
