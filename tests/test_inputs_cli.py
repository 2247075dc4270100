"""Web pages and Word files through the command line: the reader chosen by content, bad input
as one line naming the file with nothing written, the readers' one-line warnings, and the
edit loop (convert, edit the DOCX, make the other formats again)."""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile

import docx
import pytest
from conftest import DATA, ROOT, SAMPLE, fold, missing_in_order, require_tool
from test_docx_reader import BODY, HEAD, bomb, compound_file, package, para

from convert.model import plain_text
from convert.readers import ooxml
from convert.readers import xml as xml_reader

CLI = [sys.executable, "-m", "convert"]
PAGE = DATA / "gov-cn" / "gov-cn-10.html"
WORD = DATA / "docx" / "gwr-2025-zhejiang.docx"


def run(*args, env=None):
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=env)


def model_of(outdir, stem):
    return xml_reader.read(outdir / f"{stem}.xml")


def test_a_page_and_a_word_file_are_read_by_their_content_whatever_their_names(tmp_path):
    page, word = tmp_path / "page.txt", tmp_path / "report.bin"
    shutil.copy(PAGE, page)
    shutil.copy(WORD, word)
    result = run(page, word, "-o", tmp_path / "out", "--to", "xml", "-j", "1")
    assert result.returncode == 0, result.stderr
    from_page = model_of(tmp_path / "out", "page")
    assert from_page.findtext("meta/docnumber") == "国办发〔2018〕126号" and from_page.find(".//table") is not None
    assert "".join(model_of(tmp_path / "out", "report").find("meta/title").itertext()) == "2025年浙江省政府工作报告"


def test_a_word_file_from_standard_input(tmp_path):
    done = subprocess.run([*CLI, "-", "--name", "zj", "-o", tmp_path, "--to", "txt"], input=WORD.read_bytes(),
                          capture_output=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "各位代表" in (tmp_path / "zj.txt").read_text(encoding="utf-8")


def corrupt_member() -> bytes:
    data = bytearray(package(HEAD + para(BODY)))
    start = data.index(b"word/document.xml") + len("word/document.xml")
    for k in range(start + 20, start + 60):
        data[k] ^= 0x5A
    return bytes(data)


def empty_docx() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def entity_attack() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package(HEAD + para("&c;")))) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "word/document.xml":
                content = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "ha">'
                           b'<!ENTITY c "&a;&a;&a;&a;&a;&a;&a;&a;">]>' + content.split(b"?>", 1)[1])
            dst.writestr(info, content)
    return out.getvalue()


BAD_INPUTS = {
    "truncated.docx": (lambda: package(HEAD + para(BODY))[:400], "truncated or corrupt zip"),
    "corrupt.docx": (corrupt_member, "corrupt"),
    "empty.docx": (empty_docx, "no text"),
    "locked.docx": (lambda: compound_file("EncryptionInfo", "EncryptedPackage"), "password-protected"),
    "old.doc": (lambda: compound_file("WordDocument", "1Table"), ".doc"),
    "bomb.docx": (lambda: bomb(ooxml.MAX_PART_BYTES + (1 << 20)), "zip bomb"),
    "entities.docx": (entity_attack, "DOCTYPE"),
    "no-article.html": (lambda: (DATA / "html" / "no-article.html").read_bytes(), "no article text"),
    "scripts-only.html": (lambda: (DATA / "html" / "scripts-only.html").read_bytes(), "scripts only"),
    "undecodable.html": (lambda: (DATA / "html" / "undecodable.html").read_bytes(), "not recognisable"),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_is_one_line_naming_the_file_and_nothing_is_written(name, tmp_path):
    make, problem = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(make())
    out = tmp_path / "out"
    result = run(path, "-o", out, "--to", "all", "-j", "1")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0] and problem.lower() in lines[0].lower(), lines[0]
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_tracked_changes_are_said_in_one_line_and_the_file_converts(tmp_path):
    changed = ('<w:p><w:r><w:t>全省经济</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>下降</w:delText>'
               '</w:r></w:del><w:ins w:id="2" w:author="a"><w:r><w:t>稳中有进。</w:t></w:r></w:ins></w:p>')
    path = tmp_path / "tracked.docx"
    path.write_bytes(package(HEAD + para(BODY) + changed))
    result = run(path, "-o", tmp_path, "--to", "txt")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines() == ["report-convert: warning: tracked.docx: tracked changes accepted"]
    text = (tmp_path / "tracked.txt").read_text(encoding="utf-8")
    assert "全省经济稳中有进。" in text and "下降" not in text


def test_the_edit_loop_convert_edit_in_word_and_make_the_rest_again(tmp_path):
    """The README's loop: --to all, edit out/NAME.docx, then the model and the other formats
    from the edited DOCX. The edit is in the text, the EPUB and the PDF; the rest is unchanged."""
    pdftotext = require_tool("pdftotext")
    out = tmp_path / "out"
    assert run(SAMPLE, "-o", out, "--to", "xml,docx", "-j", "1").returncode == 0
    stem = SAMPLE.stem
    before = plain_text(model_of(out, stem))
    document = docx.Document(str(out / f"{stem}.docx"))
    body = [p for p in document.paragraphs if p.style.name == "Body" and len(p.text) > 40]
    old = body[3].text
    for run_ in body[3].runs[1:]:
        run_.text = ""
    body[3].runs[0].text = "這一段在Word裏改寫過。"
    document.save(str(out / f"{stem}.docx"))
    result = run(out / f"{stem}.docx", "-o", out, "--to", "xml,txt,pdf,epub", "-j", "1")
    assert result.returncode == 0, result.stderr
    after = plain_text(model_of(out, stem))
    assert after == before.replace(old, "這一段在Word裏改寫過。")
    for shown in ((out / f"{stem}.txt").read_text(encoding="utf-8"),
                  subprocess.run([pdftotext, str(out / f"{stem}.pdf"), "-"], capture_output=True, text=True).stdout,
                  "".join(zipfile.ZipFile(out / f"{stem}.epub").read(n).decode() for n in
                          zipfile.ZipFile(out / f"{stem}.epub").namelist() if n.endswith(".xhtml"))):
        assert "這一段在Word裏改寫過" in fold(shown)
        assert fold(old)[:20] not in fold(shown)
    assert missing_in_order(after, (out / f"{stem}.txt").read_text(encoding="utf-8")) is None
