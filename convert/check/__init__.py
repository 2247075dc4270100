"""`report-convert check FILE`: what in a Word, PDF or OFD file departs from GB/T 9704-2012, and where.

A PDF is read as it is, an OFD through its own text positions, a DOCX through LibreOffice's
PDF (when soffice is installed; else a finding says it was not rendered, never a pass) and
its own properties (python-docx). Rules: rules.py. Exit 0 when nothing of strength 规定 is
found, 1 otherwise, 2 for bad usage.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from convert.check.pages import Pages, read_ofd, read_pdf
from convert.check.rules import REQUIRED, RULES, STANDARD, Finding, run

SUFFIXES = (".pdf", ".ofd", ".docx")
PROG = "report-convert check"


class Usage(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line on stderr, not argparse's usage block
        raise Usage(message)


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog=PROG, description="Check a DOCX, PDF or OFD against GB/T 9704-2012 "
                                "(党政机关公文格式): findings with their clause and strength, and where.")
    p.add_argument("inputs", nargs="*", metavar="FILE", help=f"{', '.join(SUFFIXES)}; a folder (every such file "
                   "below it) or @LIST (a file naming one input a line)")
    p.add_argument("--style", default=None, help="the style to check against: a name in styles/ or a .toml "
                   "(a unit's variant; default: official, GB/T 9704 itself)")
    p.add_argument("--json", action="store_true", help="one JSON object per input: its findings")
    p.add_argument("--rules", action="store_true", help="list the rules and exit")
    return p


def expand(names: list[str]) -> list[Path]:
    out: list[Path] = []
    for name in names:
        if name.startswith("@") and len(name) > 1:
            listed = Path(name[1:])
            if not listed.is_file():
                raise Usage(f"{listed}: no such list file")
            out += [Path(s.strip()) for s in listed.read_text(encoding="utf-8").splitlines()
                    if s.strip() and not s.lstrip().startswith("#")]
        elif os.path.isdir(name):
            out += sorted(p for p in Path(name).rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
                          and not any(part.startswith(".") for part in p.parts))
        else:
            out.append(Path(name))
    for path in out:
        if path.suffix.lower() not in SUFFIXES:
            raise Usage(f"{path}: not a {', '.join(SUFFIXES)} file")
        if not path.is_file():
            raise Usage(f"{path}: no such file")
    if not out:
        raise Usage("no input given (see --help)")
    return out


def render_docx(path: Path) -> tuple[Path | None, str]:
    """LibreOffice's PDF of a DOCX, in a private temporary folder (and profile), or None and why not."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None, "not rendered: LibreOffice missing"
    tmp = Path(tempfile.mkdtemp(prefix="report-convert-check-"))
    try:
        result = subprocess.run([soffice, f"-env:UserInstallation={(tmp / 'profile').resolve().as_uri()}", "--headless",
                                 "--convert-to", "pdf", "--outdir", str(tmp), str(path.resolve())],
                                capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        result = None
    pdf = tmp / (path.stem + ".pdf")
    if result is not None and result.returncode == 0 and pdf.exists():
        return pdf, ""
    shutil.rmtree(tmp, ignore_errors=True)
    return None, "not rendered: LibreOffice could not convert it" + (" in 10 minutes" if result is None else "")


def check_file(path: Path, style) -> list[Finding]:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return run(read_pdf(path), style)
    if suffix == ".ofd":
        return run(read_ofd(path), style)
    from convert.check import docx as docx_props

    declared = docx_props.declared_fonts(path, style)
    pdf, why_not = render_docx(path)
    if pdf is None:  # what the file itself says (paper, margins), and that the layout went unchecked
        return declared + docx_props.check(path, style) + [Finding("render", "-", REQUIRED, None, None, why_not,
                                   "the page geometry measured on a rendered page",
                                   "install LibreOffice (soffice) to check the layout")]
    try:
        pages = Pages(str(path), "docx", read_pdf(pdf).pages)
        return declared + run(pages, style, named_fonts=docx_props.named_fonts(path))
    finally:
        shutil.rmtree(pdf.parent, ignore_errors=True)


def departures(style, official) -> list[str]:
    """Where the style's expected values differ from GB/T 9704's (the official style's)."""
    pairs = [("page.margin_top_mm", "5.2.1"), ("page.margin_left_mm", "5.2.1"), ("page.text_width_mm", "5.2.1"),
             ("page.text_height_mm", "5.2.1"), ("grid.lines_per_page", "5.2.3"), ("grid.chars_per_line", "5.2.3"),
             ("roles.page_number.odd", "7.5"), ("roles.page_number.even", "7.5"),
             ("roles.page_number.below_text_mm", "7.5"), ("closing.date_right_chars", "7.3.5.1"),
             ("masthead.mark_top_mm", "7.2.4"), ("roles.body.size_pt", "5.2.2")]
    out = []
    for key, clause in pairs:
        mine, theirs = _get(style, key), _get(official, key)
        if mine != theirs:
            out.append(f"{key} = {mine} ({STANDARD} {clause}: {theirs})")
    return out


def _get(obj, dotted: str):
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def main(argv: list[str]) -> int:
    from convert import style as styles

    parser = build_parser()
    try:
        args, unknown = parser.parse_known_args(argv)
        if unknown:
            raise Usage(f"unknown option {unknown[0]}")
        if args.rules:
            for r in RULES:
                print(f"{r.id:20} {r.clause:18} {r.strength}  {r.subject:8} {r.what}")
            return 0
        paths = expand(args.inputs)
        try:
            style = styles.load(args.style or "official")
        except styles.StyleError as exc:
            raise Usage(f"--style: {exc}") from None
        official = styles.load("official")
    except Usage as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # argparse: --help, or its own usage error
        return 0 if exc.code == 0 else 2
    notes = departures(style, official)
    if notes and not args.json:
        print(f"style {style.name} departs from {STANDARD}: " + "; ".join(notes))
    failed = False
    for path in paths:
        try:
            findings = check_file(path, style)
        except ModuleNotFoundError as exc:  # an install that lost a dependency: said, not a traceback
            print(f"{PROG}: needs the Python package {exc.name}, a dependency of report-convert "
                  f"(pip install {exc.name})", file=sys.stderr)
            return 3
        except Exception as exc:  # a damaged file: said in one line, the rest still checked
            findings = [Finding("read", "-", REQUIRED, None, None, f"cannot read it ({type(exc).__name__}: {exc})",
                                "a readable DOCX, PDF or OFD", "nothing was checked")]
        failed |= any(f.strength == REQUIRED for f in findings)
        if args.json:
            print(json.dumps({"file": str(path), "style": style.name, "departures": notes,
                              "findings": [f.as_dict() for f in findings]}, ensure_ascii=False))
            continue
        if len(paths) > 1 or not findings:
            print(f"{path}: {len(findings)} finding(s)" if findings else f"{path}: no findings")
        for f in findings:
            print(("  " if len(paths) > 1 else "") + f.as_line())
    return 1 if failed else 0
