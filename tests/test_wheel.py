"""The wheel, as `pip install .` or pipx makes it: built, installed into a fresh venv
outside the checkout, and run from another folder on the sample with every bundled style.

An editable install (what `make` does) reads the checkout; only a wheel shows what the
package ships. The fresh venv reaches the dependencies through a .pth naming this venv's
site-packages (no download, so the test runs offline); a path a .pth adds is not a site
folder, so the editable install's own .pth there is not read and the checkout stays off
sys.path (asserted)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pdfplumber
import pytest
from docx import Document

from conftest import ROOT, SAMPLE

# What the wheel is built from: the project's files, not the checkout's caches and outputs.
SOURCES = ("pyproject.toml", "README.md", "convert", "styles")


def run(*args, cwd: Path, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, args))} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict]:
    """The venv's bin folder with the wheel installed, and the environment to run it in."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(ROOT / name, source / name)
    # No build isolation: the build backend comes from this venv (the test extra), not from PyPI.
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
        "-w", base / "dist", source, cwd=base)
    [wheel] = (base / "dist").glob("report_convert-*.whl")

    venv = base / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=base)
    python = venv / "bin" / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=base).stdout.strip())
    dependencies = dict.fromkeys(sysconfig.get_path(kind) for kind in ("purelib", "platlib"))
    (site / "project-dependencies.pth").write_text("".join(f"{path}\n" for path in dependencies))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    # The venv's own pip (this venv's, through the .pth): the script's shebang names the fresh
    # venv's python. --ignore-installed: this venv's editable install is seen, never touched.
    run(python, "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed", "-q", wheel,
        cwd=base, env=env)
    return venv / "bin", env


def test_the_wheel_ships_every_style_file(installed):
    bin_dir, env = installed
    package = Path(run(bin_dir / "python", "-c", "import convert; print(convert.__file__)",
                       cwd=bin_dir.parent, env=env).stdout.strip()).parent
    assert package.is_relative_to(bin_dir.parent), f"convert imported from {package}, not from the wheel"
    shipped = sorted(p.name for p in (package / "styles").iterdir())
    assert shipped == sorted(p.name for p in (ROOT / "styles").iterdir())


def test_the_installed_command_converts_the_sample_with_every_style(installed, tmp_path):
    bin_dir, env = installed
    command = bin_dir / "report-convert"
    listed = run(command, "--list-styles", cwd=tmp_path, env=env).stdout
    styles = [line.split()[0] for line in listed.splitlines() if line.strip()]
    assert styles == sorted(p.stem for p in (ROOT / "styles").glob("*.toml"))
    title = SAMPLE.read_text(encoding="utf-8").splitlines()[0].strip()
    sample = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, sample)
    for style in styles:
        out = tmp_path / style
        run(command, sample.name, "-o", out, "--to", "pdf,docx", "--style", style, cwd=tmp_path, env=env)
        with pdfplumber.open(out / f"{sample.stem}.pdf") as pdf:
            first_page = "".join(pdf.pages[0].extract_text().split())
        assert title in first_page, f"{style}: the PDF's first page lacks the title {title!r}"
        paragraphs = [p.text for p in Document(str(out / f"{sample.stem}.docx")).paragraphs]
        assert title in "".join(paragraphs), f"{style}: the DOCX lacks the title"
