"""The Makefile and .ci/run, run for real on a copy of the Makefile in a temporary project,
and the packaging (pyproject.toml) built as pip builds it.

The converter is a stand-in script that logs its arguments and writes the file it was asked
for, so each test shows which conversions make ran, in well under a second.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FAKE_CONVERTER = """#!/usr/bin/env bash
input=$1; shift; printf '%s %s\\n' "$input" "$*" >> "$LOG"
while [ $# -gt 0 ]; do case $1 in -o) out=$2; shift 2;; --to) fmt=$2; shift 2;; *) shift;; esac; done
name=${input##*/}; mkdir -p "$out"; for f in ${fmt//,/ }; do echo made > "$out/${name%.*}.$f"; done
"""


class Project:
    """A copy of the Makefile and scripts/, with set-up already done and a stand-in converter."""

    def __init__(self, root: Path):
        self.root = root
        self.log = root / "convert.log"
        shutil.copy(ROOT / "Makefile", root / "Makefile")
        shutil.copytree(ROOT / "scripts", root / "scripts")
        for folder in ("reports", "convert", "styles", "home"):
            (root / folder).mkdir()
        (root / "pyproject.toml").write_text("")
        converter = root / "fake-convert"
        converter.write_text(FAKE_CONVERTER)
        converter.chmod(0o755)
        self.env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
        self.env.update(LOG=str(self.log), HOME=str(root / "home"), TMPDIR=str(root), XDG_CACHE_HOME=str(root / "xdg"))

    def set_up(self) -> None:
        """Stamps newer than the Makefile and pyproject.toml: make sees set-up as done."""
        stamps = self.root / ".venv" / ".stamps"
        stamps.mkdir(parents=True, exist_ok=True)
        newer = (self.root / "Makefile").stat().st_mtime + 10
        for name in ("apt-build", "fandol", "python"):
            (stamps / name).touch()
            os.utime(stamps / name, (newer, newer))

    def report(self, name: str) -> None:
        (self.root / "reports" / name).write_text("报告\n", encoding="utf-8")

    def make(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        self.log.write_text("")
        done = subprocess.run(["make", f"CONVERT={self.root / 'fake-convert'}", *args], cwd=self.root,
                              env=self.env, capture_output=True, text=True, timeout=60)
        if check:
            assert done.returncode == 0, done.stderr
        return done

    def conversions(self) -> list[str]:
        """One line per converter run of the last make: input, then options."""
        return self.log.read_text().splitlines()


@pytest.fixture
def project(tmp_path):
    return Project(tmp_path)


def test_a_report_name_with_a_space_stops_make_before_any_work_naming_it(project):
    project.set_up()
    project.report("good.txt")
    project.report("my report.txt")
    for args in ((), ("-n",), ("pdf",)):
        done = project.make(*args, check=False)
        assert done.returncode != 0
        message = done.stderr.strip().splitlines()
        assert len(message) == 1, done.stderr
        assert 'rename "reports/my report.txt" to "reports/my-report.txt"' in message[0]
        assert "good" not in message[0]
        assert project.conversions() == [] and not (project.root / "out").exists()


def test_reports_named_in_chinese_or_with_dashes_convert(project):
    project.set_up()
    project.report("江苏-2020_法治.txt")
    project.make("txt")
    assert (project.root / "out" / "江苏-2020_法治.txt").read_text() == "made\n"


def test_other_characters_make_or_the_shell_would_misread_are_named_too(project):
    project.set_up()
    for name in ("a:b.txt", "cost$x.txt", "50%.txt", "it's.txt"):
        project.report(name)
    message = project.make(check=False).stderr
    for name, safe in (("a:b", "a-b"), ("cost$x", "cost-x"), ("50%", "50-"), ("it's", "it-s")):
        assert f'rename "reports/{name}.txt" to "reports/{safe}.txt"' in message
    assert project.conversions() == []


def test_a_bad_report_name_does_not_stop_targets_that_convert_nothing(project):
    project.report("my report.txt")
    assert project.make("help").returncode == 0
    assert project.make("clean").returncode == 0


def test_make_style_rebuilds_only_the_pdf_ofd_and_docx(project):
    project.set_up()
    project.report("a.txt")
    project.make()
    assert len(project.conversions()) == 6
    project.make("STYLE=reading", "pdf")  # the case: this did nothing
    assert project.conversions() == ["out/a.xml -o out --to pdf --style reading"]
    project.make("STYLE=reading")
    assert sorted(project.conversions()) == ["out/a.xml -o out --to docx --style reading",
                                             "out/a.xml -o out --to ofd --style reading"]
    project.make("STYLE=reading")
    assert project.conversions() == []
    project.make()
    assert sorted(project.conversions()) == ["out/a.xml -o out --to docx --style official",
                                             "out/a.xml -o out --to ofd --style official",
                                             "out/a.xml -o out --to pdf --style official"]


def test_make_ofd_writes_an_ofd_per_report_from_its_model(project):
    project.set_up()
    for name in ("a.txt", "b.html"):
        project.report(name)
    project.make("ofd")
    assert sorted(project.conversions()) == ["out/a.xml -o out --to ofd --style official",
                                             "out/b.xml -o out --to ofd --style official",
                                             "reports/a.txt -o out --to xml --script keep",
                                             "reports/b.html -o out --to xml --script keep"]
    assert (project.root / "out" / "a.ofd").exists() and (project.root / "out" / "b.ofd").exists()
    project.make("ofd")
    assert project.conversions() == []


def test_an_edited_style_file_rebuilds_what_uses_it(project):
    project.set_up()
    project.report("a.txt")
    style = project.root / "mine.toml"
    style.write_text("")
    project.make("STYLE=mine.toml", "pdf")
    project.make("STYLE=mine.toml", "pdf")
    assert project.conversions() == []
    later = style.stat().st_mtime + 10
    os.utime(style, (later, later))
    project.make("STYLE=mine.toml", "pdf")
    assert project.conversions() == ["out/a.xml -o out --to pdf --style mine.toml"]


def test_make_script_rebuilds_the_model_and_everything_made_from_it(project):
    project.set_up()
    project.report("a.txt")
    project.make("OUT=o", "SCRIPT=hans", "xml", "txt")
    project.make("OUT=o", "SCRIPT=hans", "xml", "txt")
    assert project.conversions() == []
    project.make("OUT=o", "SCRIPT=hant", "xml", "txt")
    assert project.conversions() == ["reports/a.txt -o o --to xml --script hant", "o/a.xml -o o --to txt"]


def test_each_script_edition_goes_to_its_own_folder(project):
    project.set_up()
    project.report("a.txt")
    project.make("SCRIPT=hans", "xml")
    assert project.conversions() == ["reports/a.txt -o out/hans --to xml --script hans"]
    project.make("xml")
    assert project.conversions() == ["reports/a.txt -o out --to xml --script keep"]


def test_make_clean_all_writes_the_removed_value_files_again(project):
    project.set_up()
    project.report("a.txt")
    project.make()
    project.make("clean", "all")
    assert len(project.conversions()) == 6


def test_with_no_report_make_sets_up_and_says_there_is_nothing_to_convert(project):
    planned = project.make("-n").stdout
    assert "scripts/ensure-apt.sh" in planned and "pip install" in planned
    project.set_up()
    done = project.make()
    assert done.stdout.startswith("nothing to convert: reports/ has no *.txt *.html *.docx file")
    assert project.conversions() == []


def test_text_pages_and_word_files_are_converted_and_only_the_listed_extensions(project):
    project.set_up()
    for name in ("a.txt", "b.html", "c.docx", "d.pdf"):
        project.report(name)
    project.make("xml")
    assert sorted(project.conversions()) == [f"reports/{n} -o out --to xml --script keep"
                                             for n in ("a.txt", "b.html", "c.docx")]
    project.make("xml", "INPUT_EXTS=txt")
    assert project.conversions() == []  # a.xml is made already; b and c are not listed now
    project.make("clean", "xml", "INPUT_EXTS=html")
    assert project.conversions() == ["reports/b.html -o out --to xml --script keep"]


def test_two_reports_of_one_name_stop_make_naming_both(project):
    project.set_up()
    project.report("a.txt")
    project.report("a.docx")
    done = project.make(check=False)
    assert done.returncode != 0 and "reports/a.txt reports/a.docx" in done.stderr
    assert project.conversions() == []


def test_roundtrip_makes_the_model_from_the_edited_docx_then_the_rest_and_keeps_the_docx(project):
    project.set_up()
    project.report("a.txt")
    project.make()
    edited = project.root / "out" / "a.docx"
    edited.write_text("edited")
    project.make("roundtrip", "NAME=a")
    assert project.conversions() == ["out/a.docx -o out --to xml", "out/a.xml -o out --to txt,pdf,epub,ofd --style official"]
    assert edited.read_text() == "edited"
    project.make()
    assert project.conversions() == []  # the edited DOCX is not written over by the next make
    assert edited.read_text() == "edited"


def test_roundtrip_without_a_name_or_a_docx_says_what_to_do(project):
    project.set_up()
    assert "NAME=" in project.make("roundtrip", check=False).stdout
    done = project.make("roundtrip", "NAME=none", check=False)
    assert done.returncode != 0 and "out/none.docx: no such file" in done.stdout


def test_clean_keeps_the_font_cache_and_distclean_removes_it_and_the_venv(project):
    project.set_up()
    project.report("a.txt")
    project.make("txt")
    cache = project.root / "xdg" / "report-convert" / "fonts"
    cache.mkdir(parents=True)
    project.make("clean")
    assert not (project.root / "out").exists()
    assert cache.is_dir() and (project.root / ".venv").is_dir()
    project.make("distclean")
    assert not (project.root / "xdg" / "report-convert").exists()
    assert not (project.root / ".venv").exists()


def test_distclean_finds_the_cache_under_home_without_an_absolute_xdg_cache_home(project):
    cache = project.root / "home" / ".cache" / "report-convert"
    cache.mkdir(parents=True)
    kept = project.root / "relative" / "report-convert"
    kept.mkdir(parents=True)
    project.env["XDG_CACHE_HOME"] = "relative"  # the XDG spec ignores a relative path
    project.make("distclean")
    assert not cache.exists() and kept.is_dir()


def test_help_lists_setup_and_every_target_it_names_exists(project):
    lines = project.make("help").stdout.splitlines()
    assert any(line.startswith("make setup ") for line in lines)
    named = [m.group(1) for line in lines if (m := re.match(r"make (\S+)  ", line)) and "=" not in m.group(1)]
    assert "distclean" in named and "epub-vertical" in named
    for target in named:
        for name in target.split("|"):
            assert project.make("-n", name, check=False).returncode == 0, name


def test_ci_runs_make_test_with_the_ci_profile_and_keeps_its_exit_code(tmp_path):
    fake_make = tmp_path / "make"
    fake_make.write_text('#!/usr/bin/env bash\necho "$* $HYPOTHESIS_PROFILE" > "$RECORD"\nexit 3\n')
    fake_make.chmod(0o755)
    record = tmp_path / "record"
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}", "RECORD": str(record)}
    env.pop("HYPOTHESIS_PROFILE", None)
    done = subprocess.run([str(ROOT / ".ci" / "run")], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 3
    assert record.read_text() == "test ci\n"


def test_building_the_package_warns_of_nothing(tmp_path):
    """pip's isolated build, as `pip install -e .` runs it (about 4 s): no deprecation, no warning
    from setuptools (a `license` table warns that such builds stop working after 2027-02-18)."""
    source = tmp_path / "source"
    shutil.copytree(ROOT / "convert", source / "convert", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # else setuptools says so
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(tmp_path / "dist"),
                           str(source)], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert list((tmp_path / "dist").glob("report_convert-*.whl"))
    output = done.stdout + done.stderr
    warnings = [line for line in output.splitlines()
                if re.search(r"(?i)deprecat|setuptools\w*warning", line) or re.search(r"^\s*warning:", line)]
    assert warnings == []


def test_the_editable_install_make_runs_warns_of_nothing(tmp_path):
    """The Makefile's own `pip install -e` line (its flags read from the Makefile), into a scratch
    prefix: setuptools' default editable finder warns on every set-up, the compat mode does not."""
    line = next(x for x in (ROOT / "Makefile").read_text().splitlines() if "pip install -q -e" in x)
    flags = line.split("'.[test]'", 1)[1].split("$(PIP_KNOWN_NOISE)", 1)[0].split()  # pip's flags, not the shell's
    source = tmp_path / "source"
    shutil.copytree(ROOT / "convert", source / "convert", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    # --ignore-installed: else pip uninstalls the project's own editable install from .venv (its
    # console script with it) before installing into the scratch prefix
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--ignore-installed", "-v",
                           "--prefix", str(tmp_path / "p"), "-e", str(source), *flags],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    output = done.stdout + done.stderr
    warnings = [x for x in output.splitlines() if re.search(r"(?i)deprecat|\w*warning\b|please be careful", x)
                and "is ignored: it is neither" not in x]  # this machine's pip configuration, not ours
    assert warnings == []
    installed = subprocess.run([sys.executable, "-m", "pip", "show", "report-convert"], capture_output=True, text=True)
    assert installed.returncode == 0, "the scratch install removed the project's own"


def test_the_scaling_bench_runs_every_stage_and_reports_time_and_memory(tmp_path):
    """`make bench`'s per-stage runs work against today's reader and writers (no timing asserted)."""
    text = tmp_path / "sample.txt"
    shutil.copy(ROOT / "reports" / "jiangsu-2020-rule-of-law-report.txt", text)
    model = tmp_path / "sample.model.xml"
    for stage in ("reader", "xml", "txt", "docx", "pdf", "epub"):
        done = subprocess.run([sys.executable, str(ROOT / "bench" / "scaling.py"), "--stage", stage, str(text),
                               str(model), str(tmp_path)], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        assert result["seconds"] > 0 and result["peak_mb"] > 10
    assert model.read_bytes().startswith(b"<?xml")
    for ext in ("xml", "txt", "docx", "pdf", "epub"):
        assert (tmp_path / f"sample.{ext}").stat().st_size > 1000


def test_set_up_hides_pips_note_on_an_index_without_a_packages_folder_and_nothing_else():
    """The Makefile's filter on pip's stderr: the machine's empty file:// index folders are not
    ours to fix; any other line, and pip's exit status, pass through."""
    line = next(x for x in (ROOT / "Makefile").read_text().splitlines() if x.startswith("PIP_KNOWN_NOISE :="))
    redirect = line.split(":=", 1)[1].strip().replace("$$", "$")
    noise = "WARNING: Location 'file:///opt/pypi/simple/lxml/' is ignored: it is neither a file nor a directory."
    other = "WARNING: Location 'https://example.org/simple/lxml/' is ignored: it is neither a file nor a directory."
    script = f"{{ echo {shlex.quote(noise)} >&2; echo {shlex.quote(other)} >&2; echo 'ERROR: No matching distribution' >&2; exit 3; }} {redirect}"
    done = subprocess.run(["bash", "-c", script + "; status=$?; wait; exit $status"], capture_output=True, text=True)
    assert done.returncode == 3
    assert done.stderr.splitlines() == [other, "ERROR: No matching distribution"]
