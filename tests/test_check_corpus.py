"""Our layout is the reference (issue 29): every document of every corpus, converted, checks
with no layout finding of strength 规定. A file of its own, so that the test runner gives it a
worker of its own beside tests/test_check.py's LibreOffice renderings."""
from __future__ import annotations

import pytest

from conftest import fold, in_ci
from convert import cli
from convert.check import RULES
from convert.check.rules import REQUIRED, WORDING
from test_check import CORPUS, findings_of, render_with_libreoffice


# ------------------------------------------------- every corpus, converted --

CORPORA = {"gov-cn": "gov-cn/*.html", "docx": "docx/*.docx", "web": "web/*.html", "scraped": "scraped/*.txt",
           "text": "gwr-*.txt"}
QUOTED = {"date.form", "docnumber.form"}   # wording findings that quote the text they are about


def test_the_wording_rules_are_rules():
    assert WORDING <= {r.id for r in RULES} and QUOTED <= WORDING


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_our_pdf_and_ofd_of_every_corpus_document_have_no_layout_finding_of_strength_required(corpus, tmp_path, capsys):
    """Our layout is the reference: nothing of strength 规定 in it, in any document of any corpus
    (and in LibreOffice's rendering of our DOCX of every eighth).
    A wording finding (a 成文日期 in Chinese numerals, a 发文字号 in [] …) is the source's: the
    conversion keeps every character, so the finding quotes text that stands in the input."""
    inputs = sorted(CORPUS.glob(CORPORA[corpus]))
    if not inputs:
        if in_ci():
            pytest.fail(f"{CORPUS} is missing; CI has shared/ beside the clone")
        pytest.skip(f"{CORPUS} is missing")
    out = tmp_path / "out"
    assert cli.main([*map(str, inputs), "--to", "pdf,ofd", "-o", str(out), "-q", "-j", "1"]) == 0
    # LibreOffice's rendering of our DOCX: every eighth document (soffice takes seconds a file)
    sample = inputs[::8]
    assert cli.main([*map(str, sample), "--to", "docx", "-o", str(out), "-q", "-j", "1"]) == 0
    rendered = render_with_libreoffice([out / f"{p.stem}.docx" for p in sample], tmp_path)
    sources = {p.stem: fold(p.read_text(encoding="utf-8")) for p in inputs if p.suffix != ".docx"}
    layout, unquoted = [], []
    for path in sorted(out.glob("*.pdf")) + sorted(out.glob("*.ofd")) + sorted(rendered.glob("*.pdf")):
        for f in findings_of(path, capsys=capsys):
            if f["strength"] != REQUIRED:
                continue
            if f["rule"] not in WORDING:
                layout.append((path.name, f["rule"], f["actual"]))
            elif f["rule"] not in QUOTED or path.stem in sources and fold(f["actual"].split(": ")[0]) not in sources[path.stem]:
                unquoted.append((path.name, f["rule"], f["actual"]))
    assert layout == []
    assert unquoted == []
