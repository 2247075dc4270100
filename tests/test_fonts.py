"""Font lookup through fontconfig, coverage, fallback and cached TrueType subsets."""
from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from convert import style as styles
from convert.typeset import fonts

NOT_A_CHAR_ANY_FONT_HAS = "\U0010FFFD"  # plane-16 private use


@pytest.fixture()
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "report-convert" / "fonts"


def test_fontconfig_substitutes_do_not_count_as_installed():
    assert fonts.find_face("No Such Family 123") is None
    face = fonts.find_face("Noto Serif CJK SC")
    assert face is not None and face.file.endswith(".ttc")


def test_bold_pattern_picks_the_bold_face():
    assert "Bold" in fonts.find_face("Noto Serif CJK SC:bold").file


def test_stack_keeps_order_and_skips_missing_families():
    faces = fonts.installed(["No Such Family", "cwTeXFangSong", "Noto Serif CJK TC"])
    assert [f.family for f in faces] == ["cwTeXFangSong", "Noto Serif CJK TC"]


def test_each_character_falls_back_to_the_first_face_that_has_it():
    faces = fonts.installed(["cwTeXFangSong", "Noto Serif CJK SC"])
    assigned = fonts.assign("國这", faces)  # cwTeX 仿宋 is Traditional only
    assert [f.family for f in assigned] == ["cwTeXFangSong", "Noto Serif CJK SC"]


def test_a_character_no_font_has_is_a_clear_error():
    faces = fonts.installed(["cwTeXFangSong", "Noto Serif CJK SC"])
    with pytest.raises(fonts.MissingGlyphError, match="U\\+10FFFD"):
        fonts.assign("國" + NOT_A_CHAR_ANY_FONT_HAS, faces, ["cwTeXFangSong", "Noto Serif CJK SC"])


def test_cff_face_becomes_a_truetype_subset_that_reportlab_embeds(private_cache):
    from reportlab.pdfbase.ttfonts import TTFont as RLTTFont

    face = fonts.find_face("Noto Sans CJK SC")
    assert face.is_cff
    path = fonts.subset(face, "政府工作报告2021")
    assert path.parent == private_cache
    font = TTFont(str(path))
    assert "glyf" in font and "CFF " not in font
    assert set("政府工作报告2021") <= {chr(c) for c in font.getBestCmap()}
    assert len(font.getGlyphOrder()) < 40
    RLTTFont("test-subset", str(path))  # raises on CFF outlines


def test_subsets_keep_vertical_forms_but_not_other_regions_forms(private_cache):
    face = fonts.find_face("Noto Serif CJK SC")
    text = "，。「」（）《》——政府工作报告"
    font = TTFont(str(fonts.subset(face, text, share=False)))
    features = {record.FeatureTag for record in font["GSUB"].table.FeatureList.FeatureRecord}
    assert {"vert", "vrt2"} <= features  # the vertical EPUB turns ，。「」 with these
    assert "locl" not in features and "aalt" not in features
    outputs = set()  # every glyph a kept substitution can produce
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for sub in (getattr(s, "ExtSubTable", s) for s in lookup.SubTable):
            outputs |= set(getattr(sub, "mapping", {}).values())
            outputs |= {lig.LigGlyph for ligs in getattr(sub, "ligatures", {}).values() for lig in ligs}
    mapped = set(font.getBestCmap().values())
    extra = set(font.getGlyphOrder()) - mapped - {".notdef"}
    assert outputs  # the vertical alternates
    assert extra <= outputs  # nothing else: no other region's forms


def test_subsets_are_cached_by_file_and_character_set(private_cache, monkeypatch):
    built, real_build = [], fonts._build_subset

    def counted_build(face, text, path):
        built.append(text)
        real_build(face, text, path)

    monkeypatch.setattr(fonts, "_build_subset", counted_build)
    face = fonts.find_face("Noto Serif CJK SC")
    first = fonts.subset(face, "法治政府")
    stamp = first.stat().st_mtime_ns
    again = fonts.subset(face, "府政治法")  # the same set, in another order
    assert again == first and again.stat().st_mtime_ns == stamp
    assert len(built) == 1  # taken from the cache, not converted again
    assert fonts.subset(face, "法治政府建设") != first
    assert len(built) == 2  # another set is another subset


def test_subsets_are_byte_identical_when_rebuilt(tmp_path, monkeypatch):
    face = fonts.find_face("cwTeXFangSong")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a"))
    a = fonts.subset(face, "江蘇省人民政府").read_bytes()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "b"))
    b = fonts.subset(face, "江蘇省人民政府").read_bytes()
    assert a == b


def test_subset_for_role_gives_one_file_covering_the_text(private_cache):
    style = styles.load("official")
    path = fonts.subset_for_role(style, "body", "zh-Hant", "關於法治政府")
    font = TTFont(str(path))
    assert set("關於法治政府") <= {chr(c) for c in font.getBestCmap()}


def test_subset_for_stack_names_the_first_uncovered_character(private_cache):
    with pytest.raises(fonts.MissingGlyphError, match="U\\+10FFFD"):
        fonts.subset_for_stack(["cwTeXFangSong", "Noto Serif CJK SC"], "政府" + NOT_A_CHAR_ANY_FONT_HAS)
    with pytest.raises(fonts.FontError, match="none of the fonts"):
        fonts.subset_for_stack(["No Such Family"], "政府")


def test_reportlabs_reading_of_a_subset_is_kept_beside_it_and_gives_the_same_font(private_cache, monkeypatch):
    from reportlab.pdfbase import ttfonts

    from convert.typeset import fontbook

    text = "中國文字，測試ABC"
    path = fonts.subset_for_stack(["cwTeXFangSong"], text)
    fresh = ttfonts.TTFont("fresh", str(path))
    fontbook.truetype("RC-test-first", path)
    assert len(list(path.parent.glob(f"{path.stem}-rl*.marshal"))) == 1

    def parse(*args, **kwargs):
        raise AssertionError("the font file was parsed again")

    monkeypatch.setattr(ttfonts.TTFontFile, "extractInfo", parse)
    kept = fontbook.truetype("RC-test-kept", path)  # from the sidecar: parsing would raise
    ours, theirs = dict(kept.face.__dict__), dict(fresh.face.__dict__)
    assert ours.pop("_pdfScale")(2048) == theirs.pop("_pdfScale")(2048)
    assert ours == theirs
    assert [kept.stringWidth(ch, 16) for ch in text] == [fresh.stringWidth(ch, 16) for ch in text]
    for sidecar in path.parent.glob(f"{path.stem}-rl*.marshal"):
        sidecar.unlink()
    with pytest.raises(AssertionError, match="parsed again"):  # without its sidecar, the file is parsed
        fontbook.truetype("RC-test-again", path)


def test_a_faces_share_of_the_base_set_is_the_same_read_from_the_cache(private_cache):
    face = fonts.find_face("cwTeXFangSong")
    expected = frozenset(ch for ch in fonts.base_charset() if face.covers(ch))
    fonts._base_covered.cache_clear()
    assert fonts._base_covered(face) == expected  # made, and written
    assert list(private_cache.glob("base*.u32"))
    fonts._base_covered.cache_clear()
    assert fonts._base_covered(face) == expected  # read
    fonts._base_covered.cache_clear()


def test_a_face_covers_the_characters_of_its_cmap_also_when_read_from_the_cache(private_cache):
    face = fonts.find_face("Noto Serif CJK SC")
    cmap = set(TTFont(face.file, fontNumber=face.index).getBestCmap())
    probes = [chr(cp) for cp in (*sorted(cmap)[::97], 0x20, 0x4E00, 0x9FA5, 0x20000, 0x10FFFF, 0xE000, 0x0378)]
    for _ in range(2):  # made from the cmap (and written), then read from the file
        fonts._coverage_bits.cache_clear()
        assert [face.covers(ch) for ch in probes] == [ord(ch) in cmap for ch in probes]
        assert list(private_cache.glob("coverage-*.bits"))
    fonts._coverage_bits.cache_clear()


def test_ink_tops_are_the_outlines_tops_also_when_read_from_the_cache(private_cache):
    path = fonts.subset_for_stack(["cwTeXFangSong"], "中國一")
    font = TTFont(str(path))
    cmap, glyf, upem = font.getBestCmap(), font["glyf"], font["head"].unitsPerEm
    expected = {ch: glyf[cmap[ord(ch)]].yMax / upem for ch in "中國一"}
    assert fonts.ink_tops(path, "中國一") == expected
    assert list(path.parent.glob(f"{path.stem}-tops-*.json"))
    assert fonts.ink_tops(path, "一中國") == expected


def test_fontconfigs_listing_is_kept_until_a_font_folder_or_its_configuration_changes(private_cache, monkeypatch, tmp_path):
    import os
    import subprocess

    fonts_root = tmp_path / "fonts"
    (fonts_root / "sub").mkdir(parents=True)
    monkeypatch.setattr(fonts, "FONT_ROOTS", (*fonts.FONT_ROOTS, str(fonts_root)))
    calls = []
    real_run = subprocess.run

    def counted(argv, **kw):
        calls.append(argv[0])
        return real_run(argv, **kw)

    monkeypatch.setattr(subprocess, "run", counted)

    def listing() -> str:
        fonts._fontconfig_listing.cache_clear()
        return fonts._fontconfig_listing()

    try:
        first = listing()
        assert len(calls) == 1 and "cwTeXFangSong" in first  # fontconfig asked, and kept
        assert listing() == first and len(calls) == 1  # nothing changed: read from the cache
        os.utime(fonts_root / "sub", ns=(1, 1))  # a font added to or removed from a folder
        assert listing() == first and len(calls) == 2
        assert listing() == first and len(calls) == 2
        monkeypatch.setenv("FONTCONFIG_PATH", str(tmp_path))  # another configuration
        listing()
        assert len(calls) == 3
    finally:
        fonts._fontconfig_listing.cache_clear()
