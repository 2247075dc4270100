"""The project's own checks on its code: the import contracts of pyproject.toml
([tool.importlinter]: the layers, typeset and readers importing no writer, no import
cycles) and ruff's rule set ([tool.ruff.lint]). Each tool runs on this checkout; a
missing tool skips, and under CI=true fails."""
from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT, require_tool

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
BIN = Path(sys.executable).parent


def run_tool(name: str, *args: str) -> subprocess.CompletedProcess:
    tool = require_tool(str(BIN / name), name, hint=f"pip install -e '.[test]' installs {name}")
    # PYTHONPATH: the checkout's convert, whatever the venv's editable install points at.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([tool, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_import_contracts_are_kept():
    done = run_tool("lint-imports", "--no-cache")
    if done.returncode:
        pytest.fail(done.stdout[done.stdout.find("Broken contracts"):] + done.stderr, pytrace=False)


def test_every_module_of_the_package_has_a_layer():
    """A module in no layer is checked by no layer: a new one must be placed."""
    [layers] = [c["layers"] for c in PYPROJECT["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    layered = {part.strip() for layer in layers for part in layer.replace(":", "|").split("|")}
    package = ROOT / "convert"
    modules = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    modules |= {p.name for p in package.iterdir() if (p / "__init__.py").is_file()}
    assert modules - layered == set(), "modules in no layer of [tool.importlinter]"
    assert layered - modules == set(), "layers naming no module"


def test_ruff_finds_nothing():
    done = run_tool("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    if done.returncode:
        pytest.fail(done.stdout + done.stderr, pytrace=False)
