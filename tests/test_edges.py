"""The command line at its edges: piped input, collisions, self-overwrite, option
validation, errors that name their real cause, and the feedback a user sees."""
from __future__ import annotations

import os
import fcntl
import pty
import signal
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE

from convert.model import meta_text, plain_text
from convert.readers import xml as xml_reader

CLI = [sys.executable, "-m", "convert"]
SMALL = "政府工作报告\n\n各位代表：\n\n一、过去一年的工作\n\n过去一年，我们坚持稳中求进，经济运行总体平稳。\n"


def run(*args, stdin=None, env=None, cwd=None):
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, cwd=cwd or ROOT, input=stdin,
                          env={**os.environ, **(env or {})})


def one_line(result) -> str:
    err = result.stderr.decode() if isinstance(result.stderr, bytes) else result.stderr
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# -- piped input ---------------------------------------------------------------

@pytest.mark.parametrize("how", ["-", "/dev/stdin"])
def test_piped_input_keeps_its_start_and_takes_the_title_for_its_name(tmp_path, how):
    data = SAMPLE.read_bytes()
    result = run(how, "--to", "xml,txt", "-o", tmp_path, stdin=data)
    assert result.returncode == 0, result.stderr
    (xml,) = tmp_path.glob("*.xml")
    model = xml_reader.read(xml)
    assert meta_text(model, "title") in xml.stem  # named by the title, not "stdin"
    expected = xml_reader.read(_model_of(SAMPLE, tmp_path / "direct"))
    assert plain_text(model) == plain_text(expected)  # nothing lost at the start


def _model_of(path: Path, out: Path) -> Path:
    assert run(path, "--to", "xml", "-o", out).returncode == 0
    return out / f"{path.stem}.xml"


def test_a_small_piped_input_is_not_empty_and_name_sets_the_stem(tmp_path):
    result = run("-", "--name", "small", "--to", "txt", "-o", tmp_path, stdin=SMALL.encode())
    assert result.returncode == 0, result.stderr
    assert "稳中求进" in (tmp_path / "small.txt").read_text(encoding="utf-8")


def test_process_substitution(tmp_path):
    cmd = f"{sys.executable} -m convert <(cat {SAMPLE}) --name subst --to txt -o {tmp_path}"
    result = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "subst.txt").read_text(encoding="utf-8")
    assert text.startswith("江蘇省人民政府關於2020年度法治政府建設情況的報告")


# -- outputs that would collide or overwrite an input ------------------------------

def test_two_inputs_with_one_name_stop_before_anything_is_written(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "r.txt").write_text(SMALL, encoding="utf-8")
    out = tmp_path / "out"
    result = run(tmp_path / "a/r.txt", tmp_path / "b/r.txt", "--to", "txt,xml", "-o", out)
    assert result.returncode == 2
    line = one_line(result)
    assert str(tmp_path / "a/r.txt") in line and str(tmp_path / "b/r.txt") in line
    assert files(out) == []


def test_an_output_over_its_own_input_is_refused(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(SMALL, encoding="utf-8")
    result = run(report, "-o", tmp_path, "--to", "txt")
    assert result.returncode == 2 and "overwrite" in one_line(result)
    assert report.read_text(encoding="utf-8") == SMALL


def test_a_model_xml_edition_that_would_overwrite_its_input_writes_nothing(tmp_path):
    model = _model_of(SAMPLE, tmp_path)
    before = model.read_bytes()
    result = run(model, "-o", tmp_path, "--to", "xml,txt", "--script", "hans")
    assert result.returncode == 2 and "overwrite" in one_line(result)
    assert model.read_bytes() == before and not (tmp_path / f"{SAMPLE.stem}.txt").exists()


def test_an_unchanged_model_xml_is_skipped_and_said(tmp_path):
    model = _model_of(SAMPLE, tmp_path)
    result = run(model, "-o", tmp_path, "--to", "xml,txt")
    assert result.returncode == 0
    assert "xml not written" in one_line(result)
    assert (tmp_path / f"{SAMPLE.stem}.txt").exists()


# -- options -------------------------------------------------------------------------

@pytest.mark.parametrize("width", ["1", "0", "-5"])
def test_wrap_is_validated(tmp_path, width):
    result = run(SAMPLE, "--to", "txt", "--wrap", width, "-o", tmp_path)
    assert result.returncode == 2 and "--wrap" in one_line(result)
    assert files(tmp_path) == []


def test_the_narrowest_wrap_keeps_every_character():
    from convert.writers.text import wrap

    text = "一二三，四五。"
    assert "".join(wrap(text, 2)) == text and all(line[0] not in "，。" for line in wrap(text, 2))


def test_title_applies_to_model_xml_and_must_be_one_line(tmp_path):
    model = _model_of(SAMPLE, tmp_path / "m")
    result = run(model, "--title", "新的标题", "--to", "xml,txt", "-o", tmp_path / "t")
    assert result.returncode == 0, result.stderr
    rendered = xml_reader.read(tmp_path / "t" / model.name)
    assert meta_text(rendered, "title") == "新的标题"
    assert (tmp_path / "t" / f"{SAMPLE.stem}.txt").read_text(encoding="utf-8").startswith("新的标题")
    result = run(SAMPLE, "--title", "上\n下", "--to", "pdf", "-o", tmp_path / "n")
    assert result.returncode == 2 and "--title" in one_line(result)
    assert files(tmp_path / "n") == []


def test_options_that_do_not_apply_say_so(tmp_path):
    result = run(SAMPLE, "--to", "txt", "--toc", "--vertical", "--vocabulary", "taiwan", "-o", tmp_path)
    assert result.returncode == 0
    notes = result.stderr.decode()
    assert "--toc applies only to docx" in notes and "--vertical applies only to epub" in notes
    assert "--vocabulary applies only to a Traditional edition" in notes
    assert run(SAMPLE, "--to", "txt", "--toc", "-q", "-o", tmp_path).stderr == b""


def test_a_reader_option_that_no_input_s_reader_reads_says_so(tmp_path):
    """The readers' descriptors say which options each reads: --encoding is for text and pages."""
    docx_input = ROOT / "tests" / "data" / "docx" / "gwr-2025-anhui.docx"
    example = ROOT / "docs" / "example.xml"
    result = run(docx_input, example, "--to", "txt", "--encoding", "gbk", "--keep-punctuation", "-j", "1",
                 "-o", tmp_path)
    notes = result.stderr.decode().splitlines()
    assert result.returncode == 0
    assert ("report-convert: --encoding applies only to page and text inputs, and every input is DOCX or model XML; "
            "ignored") in notes
    assert not any("--keep-punctuation" in note for note in notes)  # the DOCX reader reads it
    with_text = run(SAMPLE, example, "--to", "txt", "--encoding", "utf-8", "-j", "1", "-o", tmp_path / "t")
    assert "--encoding" not in with_text.stderr.decode()


# -- control characters ------------------------------------------------------------------

def test_del_and_c1_controls_are_removed_and_the_pdf_is_made(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(SMALL.replace("稳中求进", "稳中\x7f求\x85进\x9f"), encoding="utf-8")
    result = run(report, "--to", "xml,pdf", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    model = xml_reader.read(tmp_path / "out/r.xml")
    assert "稳中求进" in plain_text(model)
    detail = [t.get("detail") for t in model.iter("transform") if t.get("name") == "remove-control-characters"]
    assert detail == ["3 characters"]
    pdf = subprocess.run(["pdftotext", tmp_path / "out/r.pdf", "-"], capture_output=True, text=True).stdout
    assert "稳中求进" in pdf


def test_c1_controls_in_model_xml_are_removed_and_recorded(tmp_path):
    model = _model_of(SAMPLE, tmp_path / "m")
    text = model.read_text(encoding="utf-8").replace("法治", "法\x85治", 1)
    model.write_text(text, encoding="utf-8")
    result = run(model, "--to", "xml", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    cleaned = xml_reader.read(tmp_path / "out" / model.name)
    assert "\x85" not in plain_text(cleaned)
    assert "remove-control-characters" in [t.get("name") for t in cleaned.iter("transform")]


# -- errors that name the real cause --------------------------------------------------------

def test_an_unknown_style_is_one_line_that_blames_the_style_not_the_input(tmp_path):
    result = run(SAMPLE, "--to", "pdf", "--style", "bogus", "-o", tmp_path)
    assert result.returncode == 2
    line = one_line(result)
    assert "bogus" in line and str(SAMPLE) not in line and "official" in line
    assert files(tmp_path) == []


def test_a_style_without_page_names_the_file_and_the_key(tmp_path):
    style = tmp_path / "broken.toml"
    style.write_text('description = "no page"\n', encoding="utf-8")
    result = run(SAMPLE, "--to", "pdf", "--style", style, "-o", tmp_path / "out")
    assert result.returncode == 2
    line = one_line(result)
    assert str(style) in line and "page" in line and "KeyError" not in line and str(SAMPLE) not in line


def test_a_style_with_a_value_of_the_wrong_type_names_the_key(tmp_path):
    from convert.style import STYLES_DIR

    text = (STYLES_DIR / "official.toml").read_text(encoding="utf-8")
    style = tmp_path / "wide.toml"
    style.write_text(text.replace("width_mm = 210", 'width_mm = "wide"', 1), encoding="utf-8")
    assert 'width_mm = "wide"' in style.read_text(encoding="utf-8")
    result = run(SAMPLE, "--to", "docx", "--style", style, "-o", tmp_path / "out")
    line = one_line(result)
    assert result.returncode == 2 and "width_mm" in line and "TypeError" not in line


def test_an_output_folder_that_is_a_file_is_one_line(tmp_path):
    target = tmp_path / "afile"
    target.write_text("", encoding="utf-8")
    result = run(SAMPLE, "--to", "txt", "-o", target)
    assert result.returncode == 2
    line = one_line(result)
    assert str(target) in line and "File exists" not in line


def test_an_unwritable_output_folder_names_the_folder_not_a_temporary_file(tmp_path):
    (tmp_path / "afile").write_text("", encoding="utf-8")
    out = tmp_path / "afile" / "sub"
    result = run(SAMPLE, "--to", "xml", "-o", out)
    line = one_line(result)
    assert result.returncode != 0 and str(out) in line and ".part" not in line


def test_an_unwritable_output_file_names_the_output(tmp_path):
    from convert.errors import OutputError
    from convert.outputs import atomic_output

    target = tmp_path / "r.txt"
    target.mkdir()  # the rename onto a folder fails
    with pytest.raises(OutputError) as caught:
        with atomic_output(target) as tmp:
            tmp.write_text("x", encoding="utf-8")
    assert caught.value.path == target and ".part" not in str(caught.value)
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


def test_an_unwritable_cache_is_a_warning_and_a_temporary_cache(tmp_path):
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("", encoding="utf-8")
    result = run(SAMPLE, "--to", "txt", "--script", "hans", "-o", tmp_path / "out",
                 env={"XDG_CACHE_HOME": str(blocker)})
    assert result.returncode == 0, result.stderr
    line = one_line(result)
    assert "cache" in line and str(blocker) in line and str(SAMPLE) not in line
    assert (tmp_path / "out" / f"{SAMPLE.stem}.txt").exists()


def test_the_cache_defaults_to_the_users_cache_folder(monkeypatch, tmp_path):
    from convert import cache

    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.configured_root() == tmp_path / ".cache" / "report-convert"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_root() == tmp_path / "xdg" / "report-convert"


def test_a_missing_library_is_named_and_no_input_is_blamed(tmp_path):
    code = ("import sys; sys.modules['lxml'] = None; sys.argv[0] = 'report-convert'; "
            "from convert.cli import main; raise SystemExit(main(sys.argv[1:]))")
    result = subprocess.run([sys.executable, "-c", code, str(SAMPLE), "-o", str(tmp_path)], capture_output=True,
                            text=True, cwd=ROOT)
    assert result.returncode == 3
    line = one_line(result)
    assert "lxml" in line and str(SAMPLE) not in line and "make setup" in line


def test_billion_laughs_is_refused_in_our_words(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE report [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n'
                    '<report version="1">&b;</report>\n', encoding="utf-8")
    result = run(bomb, "--to", "txt", "-o", tmp_path / "out")
    assert result.returncode == 1
    line = one_line(result)
    assert f"{bomb}: line 2: model XML must not contain a DOCTYPE" in line
    assert files(tmp_path / "out") == []


def test_undecodable_bytes_are_located_and_encoding_overrides_detection(tmp_path):
    report = tmp_path / "r.txt"
    report.write_bytes("政府工作报告\n\n".encode("utf-8") + b"\xff\xfe\x80 abc\n")
    line = one_line(run(report, "--to", "txt", "-o", tmp_path / "out"))
    assert f"{report}: line 3, byte 20:" in line and "--encoding" in line
    big5 = tmp_path / "b.txt"
    big5.write_bytes(SMALL.replace("报告", "報告").encode("big5", "replace"))
    result = run(big5, "--to", "xml", "--encoding", "big5", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    model = xml_reader.read(tmp_path / "out/b.xml")
    assert [t.get("detail") for t in model.iter("transform") if t.get("name") == "decode"] == ["big5"]
    result = run(big5, "--to", "xml", "--encoding", "ascii", "-o", tmp_path / "ascii")
    assert result.returncode == 1 and f"{big5}: line 1, byte 0: not valid ascii" in one_line(result)
    assert run(big5, "--encoding", "no-such", "-o", tmp_path).returncode == 2


def test_a_character_no_font_has_names_the_format_the_place_and_what_was_written(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(SMALL.replace("经济运行", "经济\u0378运行"), encoding="utf-8")  # unassigned: no font has it
    out = tmp_path / "out"
    result = run(report, "--to", "xml,txt,pdf", "-o", out, "-j", "1")
    assert result.returncode == 1
    line = one_line(result)
    assert "U+0378" in line and "the pdf was not written" in line
    assert "paragraph beginning “过去一年" in line
    assert str(out / "r.xml") in line and str(out / "r.txt") in line
    assert files(out) == ["r.txt", "r.xml"]


# -- feedback ------------------------------------------------------------------------------------

def test_verbose_says_what_was_written_with_pages_and_timings(tmp_path):
    result = run(SAMPLE, "--to", "txt,pdf", "-o", tmp_path, "-v", "-j", "1")
    assert result.returncode == 0
    lines = result.stderr.decode().splitlines()
    pdf = next(line for line in lines if line.startswith(f"wrote {tmp_path / SAMPLE.stem}.pdf"))
    pages = int(subprocess.run(["pdfinfo", tmp_path / f"{SAMPLE.stem}.pdf"], capture_output=True, text=True)
                .stdout.split("Pages:")[1].split()[0])
    assert f"({pages} pages, " in pdf and pdf.endswith(" s)")
    assert any(line.startswith(f"wrote {tmp_path / SAMPLE.stem}.txt") for line in lines)
    assert run(SAMPLE, "--to", "txt", "-o", tmp_path, "-q").stderr == b""  # not a terminal: nothing


def test_a_long_input_shows_its_stages_on_a_terminal(tmp_path):
    long = tmp_path / "long.txt"
    body = SAMPLE.read_text(encoding="utf-8").split("\n", 8)[-1]
    long.write_text(SAMPLE.read_text(encoding="utf-8") + body * 10, encoding="utf-8")
    assert long.stat().st_size > 256 * 1024
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal has a size
    proc = subprocess.Popen([*CLI, long, "--to", "xml,txt", "-o", tmp_path / "out"], cwd=ROOT, stderr=follower,
                            stdout=subprocess.DEVNULL)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait() == 0
    text = seen.decode("utf-8", "replace")
    assert "long.txt: xml, txt" in text and "stage" in text  # the bar, after reading
    assert f"wrote {tmp_path / 'out' / 'long.txt'}" in text


def test_list_styles_and_help():
    result = run("--list-styles")
    names = [line.split()[0] for line in result.stdout.decode().splitlines()]
    assert result.returncode == 0 and {"official", "reading"} <= set(names)
    text = run("--help").stdout.decode()
    for needle in ("examples:", "exit codes:", "SOURCE_DATE_EPOCH", "report-convert", "--list-styles", "-q"):
        assert needle in text


def test_main_leaves_the_callers_signal_handlers_alone(tmp_path):
    from convert import cli

    def mine(signum, frame):
        pass

    previous = {s: signal.signal(s, mine) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        assert cli.main([str(SAMPLE), "--to", "txt", "-o", str(tmp_path), "-j", "1", "-q"]) == 0
        assert all(signal.getsignal(s) is mine for s in previous)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def test_filling_the_font_cache_is_said_once(tmp_path, monkeypatch, capsys):
    from convert import feedback
    from convert.typeset import fonts

    monkeypatch.setattr(feedback, "verbosity", feedback.NORMAL)  # main() in another test may have set -q
    monkeypatch.setattr(feedback, "_said", set())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(fonts, "SHARED_BASE_THRESHOLD", 2)  # these few characters count as a large set
    face = next(f for f in fonts.installed(["Noto Serif CJK SC"]) if f.is_cff)
    fonts.subset(face, "政府工作", share=False)
    fonts.subset(face, "报告全文", share=False)
    notes = [line for line in capsys.readouterr().err.splitlines() if "preparing fonts" in line]
    assert notes == ["report-convert: preparing fonts: converting Noto Serif CJK SC for the cache (first run, about 30 s)"]


def test_the_forked_pdf_says_its_pages_too(tmp_path):
    result = run(SAMPLE, "--to", "txt,pdf", "-o", tmp_path, "-v", "-j", "2")  # the PDF in a child
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stderr.decode().splitlines() if x.startswith("wrote") and x.split()[1].endswith(".pdf"))
    assert " pages, " in line


def test_quiet_batch_prints_nothing_but_its_errors(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(SMALL, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = run(good, empty, "--to", "txt", "-o", tmp_path / "out", "-q", "-j", "1")
    assert result.returncode == 1
    assert one_line(result) == f"report-convert: {empty}: empty file"


def test_a_refused_run_creates_no_output_folder(tmp_path):
    """Two reports of one name from two folders would write the same file: refused before
    anything, the output folder included, is made."""
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "r.txt").write_text(SMALL, encoding="utf-8")
    result = run(tmp_path / "a" / "r.txt", tmp_path / "b" / "r.txt", "--to", "txt", "-o", tmp_path / "out")
    assert result.returncode == 2 and not (tmp_path / "out").exists()


def test_a_report_named_twice_is_converted_once(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(SMALL, encoding="utf-8")
    result = run(report, report, "--to", "txt", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["r.txt"]


def test_standard_input_is_read_into_a_model_once(tmp_path, monkeypatch):
    import io

    from convert import cli
    from convert.readers import text as text_reader

    calls = []
    original = text_reader.parse
    monkeypatch.setattr(text_reader, "parse", lambda *a, **k: calls.append(1) or original(*a, **k))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SMALL.encode())))
    assert cli.main(["-", "--to", "xml,txt", "-o", str(tmp_path), "-j", "1", "-q"]) == 0
    assert calls == [1]
    assert "稳中求进" in (tmp_path / "政府工作报告.txt").read_text(encoding="utf-8")
