"""ReportLab's platypus, imported without its slowest start-up steps.

Hand-written because ReportLab offers no way around it: importing platypus runs
paragraph.py, which compiles a case-insensitive URL pattern whose ranges reach
the end of the BMP (\\xa1-\\uffff), and textsplit.py, which compiles a class of
every code point from U+2E80 to U+FFFF. Compiling such a class walks each code
point of its ranges (case-folding them too, for the first): about 40 ms and
12 ms, a sixth of a worker process's start-up. Only Paragraph's URL hyphenation
and textsplit's cjkwrap use them; this project calls neither. While platypus is
imported, patterns with a range to U+FFFF are compiled on first use instead.
Every other pattern is compiled at once, as usual.
"""
from __future__ import annotations

import importlib
import re
import sys
from contextlib import contextmanager

compile_now = re.compile


class PatternOnFirstUse:
    """Stands for a compiled pattern and compiles it when first used."""

    __slots__ = ("_source", "_flags", "_compiled")

    def __init__(self, source, flags):
        self._source, self._flags, self._compiled = source, flags, None

    def __getattr__(self, name):
        if self._compiled is None:
            self._compiled = compile_now(self._source, self._flags)
        return getattr(self._compiled, name)


def is_slow_to_compile(source, flags) -> bool:
    """A range up to the end of the BMP: compiling walks (and case-insensitive, folds) every code point."""
    return isinstance(source, str) and "\uffff" in source


@contextmanager
def slow_patterns_deferred():
    def compile_or_defer(source, flags=0):
        if is_slow_to_compile(source, flags):
            return PatternOnFirstUse(source, flags)
        return compile_now(source, flags)

    re.compile = compile_or_defer
    try:
        yield
    finally:
        re.compile = compile_now


if "reportlab.platypus" not in sys.modules:
    with slow_patterns_deferred():
        importlib.import_module("reportlab.platypus")

from reportlab.platypus import (  # noqa: E402
    BaseDocTemplate, CondPageBreak, Flowable, Frame, PageBreak, PageBreakIfNotEmpty, PageTemplate, Spacer,
)

__all__ = ["BaseDocTemplate", "CondPageBreak", "Flowable", "Frame", "PageBreak", "PageBreakIfNotEmpty",
           "PageTemplate", "Spacer"]
