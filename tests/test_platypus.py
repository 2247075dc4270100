"""Importing ReportLab's platypus with its slow patterns (URL, CJK wrap) compiled on first use."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from convert.typeset.platypus import PatternOnFirstUse, is_slow_to_compile, slow_patterns_deferred

SLOW = "[a-z\xa1-\uffff]+"


def test_only_patterns_with_a_range_to_the_end_of_the_bmp_are_slow():
    assert is_slow_to_compile(SLOW, re.IGNORECASE)
    assert is_slow_to_compile("([\u2e80-\uffff])", 0)  # ReportLab's textsplit: 53,000 code points
    assert not is_slow_to_compile("[a-z]+", re.IGNORECASE)
    assert not is_slow_to_compile("[a-z\u4e00-\u9fff]+", 0)
    assert not is_slow_to_compile(SLOW.encode("utf-8"), re.IGNORECASE)


def test_a_deferred_pattern_matches_like_a_compiled_one():
    with slow_patterns_deferred():
        deferred = re.compile(SLOW, re.IGNORECASE)
        at_once = re.compile("[a-z]+", re.IGNORECASE)
    assert isinstance(deferred, PatternOnFirstUse)
    assert isinstance(at_once, re.Pattern)
    compiled = re.compile(SLOW, re.IGNORECASE)
    for text in ("Abc中文", "ÀÉ-x", "--", ""):
        assert deferred.findall(text) == compiled.findall(text)
        assert bool(deferred.match(text)) == bool(compiled.match(text))


def test_re_compile_is_restored_even_after_an_error():
    original = re.compile
    with pytest.raises(ZeroDivisionError):
        with slow_patterns_deferred():
            assert re.compile is not original
            1 / 0
    assert re.compile is original


def test_the_pdf_writer_defers_reportlabs_slow_patterns_and_they_still_work():
    # A fresh interpreter, so that platypus is imported through the PDF writer.
    code = (
        "import re, convert.writers.pdf\n"
        "from reportlab.platypus import paragraph as p\n"
        "from convert.typeset.platypus import PatternOnFirstUse\n"
        "assert isinstance(p.uri_pat, PatternOnFirstUse), type(p.uri_pat)\n"
        "assert re.compile is convert.typeset.platypus.compile_now\n"
        "deferred = p._uri_split_pairs('https://example.org/a/b')\n"
        "p.uri_pat = re.compile(p.uri_pat._source, p.uri_pat._flags)\n"
        "assert deferred == p._uri_split_pairs('https://example.org/a/b'), deferred\n"
        "assert deferred and deferred[-1][0] == 'https://'\n"
        "from reportlab.lib import textsplit as t\n"
        "assert isinstance(t.rx, PatternOnFirstUse), type(t.rx)\n"
        "assert t.rx.sub(r'\\1\\0 ', 'ab中文') == 'ab中\\0 文\\0 ', t.rx.sub(r'\\1\\0 ', 'ab中文')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
