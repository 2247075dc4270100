"""Shared fixtures: the sample, the corpus, and fidelity helpers."""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "reports" / "jiangsu-2020-rule-of-law-report.txt"
DATA = Path(__file__).resolve().parent / "data"
CORPUS = sorted(DATA.glob("gwr-*.txt"))
EXAMPLE_XML = ROOT / "docs" / "example.xml"


@lru_cache(maxsize=None)
def read_report(path: Path, **options):
    """The model of a report text file (cached: treat it as read-only, or deepcopy it)."""
    from convert.options import Options
    from convert.readers import text

    return text.read(Path(path), Options(**options))


def fold(text: str) -> str:
    """NFKC-fold and drop whitespace and invisible format characters (zero-width
    spaces, BOM): the form in which texts are compared."""
    return "".join(
        ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace() and unicodedata.category(ch) != "Cf"
    )


def missing_in_order(expected: str, actual: str, context: int = 15) -> str | None:
    """None if every character of `expected` appears in `actual` in order (after
    folding); otherwise a description of the first character that does not."""
    exp, act = fold(expected), fold(actual)
    j = 0
    for i, ch in enumerate(exp):
        k = act.find(ch, j)
        if k < 0 or k - j > 40:  # a long skip means text was lost or reordered
            return f"at {i}: {exp[max(0, i - context):i]}[{ch}]{exp[i + 1:i + context]} — output has {act[j:j + 2 * context]!r}"
        j = k + 1
    return None


@pytest.fixture(scope="session")
def example_model():
    from convert.readers import xml

    return xml.read(EXAMPLE_XML)


@pytest.fixture(scope="session")
def sample_model():
    return read_report(SAMPLE)


@pytest.fixture(scope="session")
def simplified_model():
    return read_report(DATA / "gwr-2021.txt")
