"""Shared fixtures: the sample, the corpus, fidelity helpers, the Hypothesis
profiles, and the rule for tests that need a tool from outside Python.

Hypothesis profiles, chosen by HYPOTHESIS_PROFILE (default dev):
- dev: 50 examples, new ones each run (failures are kept in .hypothesis/ and tried first);
- ci: 500 examples, the same ones each run, so that a run cannot pass one day and
  fail the next on the same code (.ci/run sets it).
"""
from __future__ import annotations

import os
import shutil
import time
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile("ci", max_examples=500, deadline=None, derandomize=True, database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "reports" / "jiangsu-2020-rule-of-law-report.txt"
DATA = Path(__file__).resolve().parent / "data"
CORPUS = sorted(DATA.glob("gwr-*.txt"))
EXAMPLE_XML = ROOT / "docs" / "example.xml"


def as_printed(report):
    """A copy of the model for comparing with its source: without the 版头 a reader inferred
    from the metadata (an empty meta/masthead: the issuer and 文号 known), which shows a mark
    the source does not print and the 文号 above the title, where the source printed it under."""
    import copy

    report = copy.deepcopy(report)
    inferred = report.find("meta/masthead")
    if inferred is not None and len(inferred) == 0:
        inferred.getparent().remove(inferred)
    return report


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


def in_ci() -> bool:
    """Is this a CI run (CI=true, as CI services set it)? There every test must run."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_tool(*names: str, hint: str = "make setup-test installs it") -> str:
    """The first of `names` that is installed: a command on PATH, or a file if the
    name has a slash. When none is, the test is skipped, but under CI it fails:
    CI must not pass by testing less."""
    for name in names:
        if "/" in name:
            if Path(name).is_file():
                return name
        elif found := shutil.which(name):
            return found
    message = f"{' or '.join(names)} is not installed ({hint})"
    if in_ci():
        pytest.fail(f"{message}; under CI=true a missing tool fails the test", pytrace=False)
    pytest.skip(message)


def wait_until(condition, seconds: float, what: str, every: float = 0.01):
    """Poll `condition` until it is true (and return its value); fail, naming `what`,
    if it is not within `seconds`. For waiting on another process without a fixed sleep."""
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not seen within {seconds} s", pytrace=False)
        time.sleep(every)
    return value
