"""The test suite's own rules (tests/conftest.py): a missing tool skips a test but
fails it under CI, waits are bounded, and HYPOTHESIS_PROFILE picks the examples' number."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import require_tool, wait_until

TESTS = Path(__file__).resolve().parent
NO_SUCH_TOOL = "report-convert-no-such-tool-7f3a"


def test_an_installed_command_is_found_on_the_path(monkeypatch):
    monkeypatch.setenv("CI", "true")
    found = require_tool(NO_SUCH_TOOL, "sh")  # the first of several names that is there
    assert Path(found).name == "sh" and Path(found).is_file()


def test_a_tool_given_as_a_file_is_that_file(monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "true")
    jar = tmp_path / "tool.jar"
    jar.write_bytes(b"PK")
    assert require_tool(str(jar)) == str(jar)


@pytest.mark.parametrize("ci", [None, "", "0", "false"])
def test_outside_ci_a_missing_tool_skips_the_test(monkeypatch, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match=f"{NO_SUCH_TOOL} is not installed"):
        require_tool(NO_SUCH_TOOL)


@pytest.mark.parametrize("ci", ["true", "1", "TRUE"])
def test_under_ci_a_missing_tool_fails_the_test(monkeypatch, ci, tmp_path):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match=f"{NO_SUCH_TOOL} is not installed.*CI=true"):
        require_tool(NO_SUCH_TOOL, hint="make setup-test installs it")
    with pytest.raises(pytest.fail.Exception, match="no-such.jar is not installed"):
        require_tool(str(tmp_path / "no-such.jar"))


def test_wait_until_returns_what_it_waited_for_or_fails_naming_it():
    answers = iter([None, False, "ready"])
    assert wait_until(lambda: next(answers), seconds=5, what="the third answer") == "ready"
    with pytest.raises(pytest.fail.Exception, match="the impossible: not seen within 0.05 s"):
        wait_until(lambda: False, seconds=0.05, what="the impossible")


@pytest.mark.parametrize(("profile", "examples"), [(None, 50), ("dev", 50), ("ci", 500)])
def test_hypothesis_profile_sets_the_number_of_examples(profile, examples):
    env = {"PATH": "/usr/bin:/bin"} | ({"HYPOTHESIS_PROFILE": profile} if profile else {})
    code = "import conftest; from hypothesis import settings; print(settings.default.max_examples)"
    run = subprocess.run([sys.executable, "-c", code], cwd=TESTS, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert int(run.stdout) == examples
