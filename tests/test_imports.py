"""A conversion imports what its formats need and nothing else (issue #28): every module
imported is paid for by every run's start-up, so a PDF of a model must not load the DOCX, EPUB
or OFD writers' libraries, the Dask cluster's, the service's or the checker's modules.

Each case runs the command line in a fresh interpreter and reads its sys.modules."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from lxml import etree

from conftest import EXAMPLE_XML, ROOT

# A format: the modules that only a conversion to it may import.
OWN = {
    "docx": ("docx", "convert.writers.docx"),
    "epub": ("ebooklib", "convert.writers.epub"),
    "ofd": ("convert.writers.ofd",),
}
# Modules of other front doors and of the other readers: a conversion of model XML imports none.
NEVER = ("dask", "distributed", "starlette", "uvicorn", "httpx", "socket", "convert.cluster", "convert.service",
         "convert.check", "convert.readers.docx", "convert.readers.html", "convert.readers.text",
         "reportlab.platypus")  # the engine paginates itself (convert.typeset.paginate)

SHOW_MODULES = ("import json, sys\n"
                "from convert import cli\n"
                "code = cli.main(sys.argv[1:])\n"
                "print(json.dumps(sorted(sys.modules)))\n"
                "sys.exit(code)\n")


def imported(fmt: str, outdir, model=EXAMPLE_XML) -> set[str]:
    """The modules a fresh interpreter holds after converting `model` to `fmt`."""
    run = subprocess.run([sys.executable, "-c", SHOW_MODULES, str(model), "--to", fmt, "-o", str(outdir), "-q"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return set(json.loads(run.stdout.splitlines()[-1]))


def among(modules: set[str], names) -> list[str]:
    """The modules that are one of `names` or inside one of them."""
    return sorted(m for m in modules if any(m == name or m.startswith(name + ".") for name in names))


def test_a_pdf_imports_no_other_formats_library_nor_the_cluster_service_or_checker(tmp_path):
    imported("pdf", tmp_path / "warm")  # fills the font cache, if this machine's is empty
    modules = imported("pdf", tmp_path)
    assert (tmp_path / "example.pdf").stat().st_size > 0
    assert "convert.writers.pdf" in modules
    others = [name for names in OWN.values() for name in names]
    assert among(modules, [*others, *NEVER]) == []
    # the fonts' subsets, coverage and ink are in the cache: fontTools, slow to import, is not
    # needed; nor is tomllib, the style's TOML being kept there parsed
    assert among(modules, ["fontTools", "tomllib"]) == []


@pytest.mark.parametrize("fmt", ["docx", "epub"])
def test_a_format_imports_its_own_library_and_not_the_others(tmp_path, fmt):
    modules = imported(fmt, tmp_path)
    assert among(modules, OWN[fmt]) != []  # the check above would see a library that is imported
    others = [name for other, names in OWN.items() if other != fmt for name in names]
    assert among(modules, [*others, "dask", "convert.cluster", "convert.service", "convert.check"]) == []


def imported_without(tmp_path, *tags: str) -> set[str]:
    """The modules a PDF of docs/example.xml imports with every element of `tags` taken out
    (the PDF made, not empty)."""
    tree = etree.parse(str(EXAMPLE_XML))
    for el in list(tree.iter(*tags)):
        el.getparent().remove(el)
    without = tmp_path / "without.xml"
    tree.write(str(without), encoding="utf-8", xml_declaration=True)
    modules = imported("pdf", tmp_path / "without", without)
    assert (tmp_path / "without" / "without.pdf").stat().st_size > 0
    return modules


def test_the_table_layout_is_imported_for_a_report_with_a_table_only(tmp_path):
    with_table = imported("pdf", tmp_path / "with")  # docs/example.xml has a table
    modules = imported_without(tmp_path, "table")
    assert "convert.typeset.tables" in with_table
    assert among(modules, ["convert.typeset.tables", "convert.model.tables"]) == []


def test_pillow_is_loaded_for_a_report_with_an_image_only(tmp_path):
    with_figure = imported("pdf", tmp_path / "with")  # docs/example.xml has figures and a seal
    modules = imported_without(tmp_path, "figure", "seal")
    # ReportLab imports PIL.Image at once; it is run (and its C part loaded) only for an image
    assert "PIL._imaging" in with_figure
    assert among(modules, ["PIL._imaging", "PIL.ImageFile", "PIL.ExifTags"]) == []
    # nor is subprocess imported (Pillow's plugins import it): fontconfig's answers are in the cache
    assert among(modules, ["subprocess"]) == []
