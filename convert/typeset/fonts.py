"""Fonts for the typeset writers: fontconfig lookup, per-character coverage,
fallback along a role's stack, and cached TrueType subsets.

Families come from the style as ordered stacks (``convert.style.font_stack``) and
are resolved with ``fc-match``; a family counts as installed only when fontconfig
returns that very family, never its default substitute. ReportLab embeds only
TrueType outlines, so CFF faces (Noto CJK) are subset with fontTools and their
outlines converted to quadratic curves (the fontTools otf2ttf recipe). Subsets
are cached on disk, keyed by font file and character set.

Sharing: a face that a document needs for many characters (the body) is subset
to a fixed base set (GB 2312 and Big5 level 1, the common symbol blocks) plus
the document's rare characters, so that every report of a batch, in every worker,
reuses one converted file; a lock makes concurrent workers wait for the first
conversion instead of repeating it. The set depends only on the document, so the
output stays the same whatever the cache holds.

For other writers (EPUB ``--embed-font``): ``subset_for_stack(stack, chars)`` or
``subset_for_role(style, role, lang, chars)`` return one TrueType file covering
``chars``.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import sys
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from convert.errors import ConvertError, EnvironmentProblem, InputError, OutputError

CACHE_FORMAT = "2"  # bump when the subset recipe changes
# OpenType features a subset keeps: vertical forms for the vertical EPUB, and the
# spacing features, which add no glyphs. Not locl or aalt: in a Noto CJK face they
# pull in every other region's forms, and nearly double a subset's glyphs (and the
# time to convert it and to load it).
LAYOUT_FEATURES = ["vert", "vrt2", "ccmp", "halt", "vhal", "palt", "vpal", "kern", "vkrn", "chws", "vchw"]


class FontError(ConvertError):
    """No installed font can show some text, or fontconfig is missing."""


class FontsMissing(FontError, EnvironmentProblem):
    """This machine lacks the fonts (or fontconfig) a style names."""


class MissingGlyphError(FontError, InputError):
    def __init__(self, char: str, families: Iterable[str]):
        self.char = char
        tried = ", ".join(families) or "none installed"
        super().__init__(f"no font has the character {char!r} (U+{ord(char):04X}); tried: {tried}")


@dataclass(frozen=True)
class Face:
    """One installed face: a file (and index inside a .ttc) that fontconfig matched."""

    family: str  # as the style names it
    file: str
    index: int

    @property
    def is_cff(self) -> bool:
        return _outline_format(self.file, self.index) == "cff"

    def covers(self, char: str) -> bool:
        cp = ord(char)
        return bool(_coverage_bits(self.file, self.index)[cp >> 3] >> (cp & 7) & 1)


def cache_dir() -> Path:
    from convert.cache import cache_root

    return cache_root() / "fonts"


# ------------------------------------------------------------ fontconfig --

def _norm(family: str) -> str:
    return "".join(family.split()).casefold()


def family_key(family: str) -> str:
    """A family name as fontconfig compares it (case and spaces aside), without a ":bold" weight."""
    return _norm(family.split(":")[0])


def _same_family(wanted: str, found: str) -> bool:
    return _norm(wanted) in {_norm(name) for name in found.split(",")}


@lru_cache(maxsize=1)
def _fontconfig_listing() -> str:
    """Every font fontconfig knows, from one fc-list call: the list of installed
    families, and the fingerprint under which fc-match answers are cached. Kept in the
    cache while what fontconfig's answer depends on stays as it was (`_fontconfig_state`):
    running fc-list took 7 ms of CPU of every run (issue #28)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None or shutil.which("fc-match") is None:
        raise FontsMissing("fontconfig is not installed (apt-get install fontconfig)")
    from convert.outputs import atomic_output

    kept = cache_dir() / "fc-list.txt"
    with contextlib.suppress(OSError, ValueError):
        state, listing = kept.read_text(encoding="utf-8").split("\n\n", 1)
        if state == _fontconfig_state(fc_list, listing):
            return listing
    import subprocess  # (not imported by a run that finds the listing and its fc-match answers kept)

    state = _fontconfig_state(fc_list, "")  # before fc-list: a font installed meanwhile shows next time
    out = subprocess.run([fc_list, "--format", "%{family}\t%{style}\t%{file}\t%{index}\n"],
                         capture_output=True, text=True, check=False).stdout
    listing = "\n".join(sorted(out.splitlines()))
    state = _fontconfig_state(fc_list, listing, known=state)
    with contextlib.suppress(OSError, OutputError), atomic_output(kept) as tmp:  # a cache: never a failure
        tmp.write_text(f"{state}\n\n{listing}", encoding="utf-8")
    return listing


# Where fontconfig's configuration is, and the folders its configuration names for fonts.
FONTCONFIG_CONFIG = ("/etc/fonts", "/etc/fonts/conf.d", "/etc/fonts/fonts.conf")
FONT_ROOTS = ("/usr/share/fonts", "/usr/local/share/fonts")


def _fontconfig_state(fc_list: str, listing: str, known: str | None = None) -> str:
    """What fontconfig's listing depends on, as fontconfig checks its own cache: the
    modification times of its configuration and of every folder it scans (adding or removing a
    font changes its folder's), and fc-list's own file. `known`: the state taken before fc-list
    ran, for every path it names (the folders of the fonts the listing names are added)."""
    home = os.path.expanduser("~")
    config_home = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    data_home = os.environ.get("XDG_DATA_HOME") or os.path.join(home, ".local", "share")
    paths = [fc_list, *FONTCONFIG_CONFIG, os.path.join(config_home, "fontconfig"),
             os.path.join(config_home, "fontconfig", "conf.d"), os.path.join(config_home, "fontconfig", "fonts.conf")]
    for root in (*FONT_ROOTS, os.path.join(data_home, "fonts"), os.path.join(home, ".fonts")):
        paths.append(root)
        paths.extend(sorted(folder for folder, _, _ in os.walk(root) if folder != root))
    # folders fontconfig was configured elsewhere to scan, known by the fonts found there
    paths.extend(sorted({os.path.dirname(line.split("\t")[2]) for line in listing.splitlines()
                         if line.count("\t") >= 3} - set(paths)))
    settings = [f"{name}={os.environ.get(name, '')}" for name in ("FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT")]
    before = dict(line.rsplit("\0", 1) for line in known.split("\n")[3:]) if known else {}
    times = []
    for path in paths:
        if path in before:
            times.append(f"{path}\0{before[path]}")
            continue
        try:
            times.append(f"{path}\0{os.stat(path).st_mtime_ns}")
        except OSError:
            times.append(f"{path}\0-")
    return "\n".join([*settings, *times])


@lru_cache(maxsize=1)
def _installed_families() -> frozenset[str]:
    return frozenset(_norm(name) for line in _fontconfig_listing().splitlines()
                     for name in line.split("\t")[0].split(","))


@lru_cache(maxsize=1)
def _match_cache() -> tuple[Path, dict]:
    """fc-match answers from earlier runs, valid while fc-list lists the same fonts."""
    import json

    key = hashlib.sha256(("\0".join([CACHE_FORMAT, _fontconfig_listing()])).encode()).hexdigest()[:24]
    path = cache_dir() / f"fc-match-{key}.json"
    try:
        return path, json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return path, {}


def _fc_match(pattern: str) -> list[str]:
    """fc-match's file, index and family for a pattern, cached on disk."""
    import json

    from convert.outputs import atomic_output

    path, answers = _match_cache()
    if pattern not in answers:
        import subprocess

        answers[pattern] = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{index}\n%{family}\n", pattern], capture_output=True, text=True, check=False,
        ).stdout.split("\n")
        with contextlib.suppress(OSError), atomic_output(path) as tmp:
            tmp.write_text(json.dumps(answers, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    return answers[pattern]


@lru_cache(maxsize=None)
def find_face(pattern: str) -> Face | None:
    """The face fontconfig gives for a stack entry ('Family' or 'Family:bold'),
    or None when that family is not installed (fc-match's substitute does not count)."""
    family = pattern.split(":", 1)[0]
    if _norm(family) not in _installed_families():
        return None
    out = _fc_match(pattern)
    if len(out) < 3 or not out[0] or not _same_family(family, out[2]):
        return None
    return Face(pattern, out[0], int(out[1] or 0))


def installed(stack: Iterable[str]) -> list[Face]:
    """The installed faces of a stack, in stack order, without duplicates."""
    faces: list[Face] = []
    for face in map(find_face, stack):
        if face is not None and all((f.file, f.index) != (face.file, face.index) for f in faces):
            faces.append(face)
    return faces


# -------------------------------------------------------------- coverage --

def _open(file: str, index: int, lazy: bool = True):
    from fontTools.ttLib import TTFont

    return TTFont(file, fontNumber=index, lazy=lazy)


@lru_cache(maxsize=None)
def _outline_format(file: str, index: int) -> str:
    font = _open(file, index)
    return "cff" if ("CFF " in font or "CFF2" in font) else "glyf"


def _font_cache_path(file: str, index: int, kind: str, suffix: str) -> Path:
    """A cache file of data derived from a font file (and index in a .ttc), named by what
    it is and keyed by the file's path, size and time, so a changed font gets a new one."""
    st = os.stat(file)
    key = "\0".join([CACHE_FORMAT, os.path.realpath(file), str(st.st_size), str(int(st.st_mtime)), str(index)])
    return cache_dir() / f"{kind}-{hashlib.sha256(key.encode()).hexdigest()[:24]}{suffix}"


@lru_cache(maxsize=None)
def _coverage(file: str, index: int) -> frozenset[int]:
    """Decoding a CJK font's cmap costs about 0.1 s a face, so the code points
    are cached on disk beside the subsets, keyed like them by file and index."""
    from convert.outputs import atomic_output

    path = _font_cache_path(file, index, "coverage", ".u32")
    if path.exists():
        return frozenset(array("I", path.read_bytes()))
    codepoints = array("I", sorted(_open(file, index).getBestCmap() or {}))
    with atomic_output(path) as tmp:
        tmp.write_bytes(codepoints.tobytes())
    return frozenset(codepoints)


@lru_cache(maxsize=None)
def _coverage_bits(file: str, index: int) -> bytes:
    """The code points as a bitmap (code point cp is bit cp & 7 of byte cp >> 3), cached on disk
    too: reading it costs nothing, where making the set of a CJK face's 40,000 code points took
    3 ms a face every run."""
    from convert.outputs import atomic_output

    path = _font_cache_path(file, index, "coverage", ".bits")
    with contextlib.suppress(OSError):
        return path.read_bytes()
    bits = bytearray(0x110000 >> 3)
    for cp in _coverage(file, index):
        bits[cp >> 3] |= 1 << (cp & 7)
    with contextlib.suppress(OSError, OutputError), atomic_output(path) as tmp:  # a cache: never a failure
        tmp.write_bytes(bits)
    return bytes(bits)


def coverage(face: Face) -> frozenset[int]:
    """Code points the face maps to a glyph."""
    return _coverage(face.file, face.index)


def assign(text: str, faces: list[Face], stack: Iterable[str] = ()) -> list[Face]:
    """The face for each character: the first of `faces` that has it.
    Whitespace other than a plain or ideographic space is not drawn and maps to faces[0]."""
    if not faces:
        raise FontsMissing(f"none of the fonts {', '.join(stack)} is installed: run `make setup`")
    result = []
    for ch in text:
        for face in faces:
            if face.covers(ch):
                result.append(face)
                break
        else:
            if ch.isspace() and ch not in " \u3000":
                result.append(faces[0])
                continue
            raise MissingGlyphError(ch, list(stack) or [f.family for f in faces])
    return result


# ------------------------------------------------------------- subsetting --

def _cache_key(face: Face, chars: str) -> str:
    st = os.stat(face.file)
    key = "\0".join([CACHE_FORMAT, os.path.realpath(face.file), str(st.st_size), str(int(st.st_mtime)), str(face.index), chars])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


# A face needed for more characters than this is subset to the shared base set.
SHARED_BASE_THRESHOLD = 400


@lru_cache(maxsize=1)
def base_charset() -> frozenset[str]:
    """The characters nearly every report draws from: GB 2312, Big5 level 1,
    ASCII and Latin-1, general punctuation, CJK symbols, full-width forms."""
    chars: set[str] = set()
    for codec, first, last in (("gb2312", 0xA1, 0xF7), ("big5", 0xA1, 0xC6)):
        for hi in range(first, last + 1):
            # every two-byte code of the row, each after a newline that resynchronizes the
            # decoder; invalid codes are skipped
            row = b"".join(b"\n" + bytes([hi, lo]) for lo in range(0x40, 0xFF))
            chars.update(row.decode(codec, errors="ignore"))
    chars -= {"\n", "\x7f"}  # the resync byte, and DEL left over after an invalid code
    for first, last in ((0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2460, 0x24FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)):
        chars.update(chr(c) for c in range(first, last + 1))
    return frozenset(chars)


def subset_charset(face: Face, chars: Iterable[str], share: bool = True) -> str:
    """The characters a subset of `face` for `chars` holds: `chars` themselves, or
    for a face needed for many (and `share`), the shared base set as well."""
    wanted = set(chars) | {" "}
    if share and len(wanted) > SHARED_BASE_THRESHOLD:
        wanted |= _base_covered(face)
    return "".join(sorted(wanted))


@lru_cache(maxsize=None)
def _base_covered(face: Face) -> frozenset[str]:
    """The characters of the shared base set that `face` has: computed once per face and
    cached on disk beside its coverage, not for every document (making the base set from
    the codecs and intersecting it cost 35 ms a run)."""
    from convert.outputs import atomic_output

    # the base set comes from Python's codecs: a Python of another version makes its own
    path = _font_cache_path(face.file, face.index, f"base{sys.version_info[0]}.{sys.version_info[1]}", ".u32")
    if path.exists():
        return frozenset(map(chr, array("I", path.read_bytes())))
    codepoints = array("I", sorted(coverage(face) & {ord(ch) for ch in base_charset()}))
    with atomic_output(path) as tmp:
        tmp.write_bytes(codepoints.tobytes())
    return frozenset(map(chr, codepoints))


@contextlib.contextmanager
def _locked(path: Path):
    """An exclusive lock beside `path`, held while one process builds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def subset(face: Face, chars: Iterable[str], share: bool = True) -> Path:
    """A TrueType-outline subset of `face` holding `chars` (cached on disk). With
    `share`, large sets grow to the shared base (for writers that subset again
    when they embed, as ReportLab does); without it, exactly `chars`."""
    chars = set(chars)
    missing = sorted(ch for ch in chars if not face.covers(ch) and ch != " ")
    if missing:
        raise MissingGlyphError(missing[0], [face.family])
    text = subset_charset(face, chars, share)
    path = cache_dir() / f"{_cache_key(face, text)}.ttf"
    if path.exists():
        return path
    with _locked(path):
        if not path.exists():  # another worker may have built it while we waited
            _build_subset(face, text, path)
    return path


def ink_centres(path: Path, chars: Iterable[str]) -> dict[str, float]:
    """The horizontal middle of each character's outline, in em, in the TrueType
    file `path` (None-free: characters without an outline are left out)."""
    return _outline_measures(path, chars, "ink")


def ink_tops(path: Path, chars: Iterable[str]) -> dict[str, float]:
    """The top of each character's outline above the baseline, in em, in the TrueType file
    `path` (characters without an outline are left out): where a mark's ink begins."""
    return _outline_measures(path, chars, "tops")


def _outline_measures(path: Path, chars: Iterable[str], kind: str) -> dict[str, float]:
    """ink_centres ("ink") or ink_tops ("tops"), cached in a sidecar file of the subset: reading
    a large subset's glyf table costs more than a layout, and importing fontTools 30 ms more."""
    import json

    chars = "".join(sorted(set(chars)))
    sidecar = path.with_name(f"{path.stem}-{kind}-{hashlib.sha256(chars.encode()).hexdigest()[:12]}.json")
    if sidecar.exists():
        return json.loads(sidecar.read_text(encoding="utf-8"))
    from fontTools.ttLib import TTFont

    from convert.outputs import atomic_output

    font = TTFont(str(path), lazy=True)
    cmap, glyf, upem = font.getBestCmap(), font["glyf"], font["head"].unitsPerEm
    measures = {}
    for ch in chars:
        glyph = glyf[cmap[ord(ch)]] if ord(ch) in cmap else None
        if glyph is not None and hasattr(glyph, "xMin"):
            measures[ch] = ((glyph.xMin + glyph.xMax) / 2 if kind == "ink" else glyph.yMax) / upem
    with atomic_output(sidecar) as tmp:
        tmp.write_text(json.dumps(measures, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    return measures


def _build_subset(face: Face, text: str, path: Path) -> None:
    import logging  # fontTools imports it anyway; a run with its subsets cached needs neither

    from fontTools import subset as ft_subset

    from convert.outputs import atomic_output

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # "table NOT subset" chatter
    if face.is_cff and len(text) > SHARED_BASE_THRESHOLD:
        from convert import feedback

        feedback.note_once(f"preparing fonts: converting {face.family} for the cache (first run, about 30 s)")
    font = _open(face.file, face.index, lazy=False)
    options = ft_subset.Options()
    options.layout_features = LAYOUT_FEATURES
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    if "CFF " in font:
        _cff_to_glyf(font)
    font.recalcTimestamp = False  # same input, same bytes
    with atomic_output(path) as tmp:
        font.save(str(tmp))


def _cff_to_glyf(font, max_err: float = 1.0) -> None:
    """Replace CFF outlines with TrueType quadratic ones (fontTools' otf2ttf recipe)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones",):
        setattr(maxp, attr, 1)
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions"):
        setattr(maxp, attr, 0)
    maxp.maxComponentElements = max((len(getattr(g, "components", [])) for g in glyf.glyphs.values()), default=0)
    font["maxp"] = maxp
    maxp.compile(font)
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\0\1\0\0"


# ---------------------------------------------------------- stacks, roles --

def subset_for_stack(stack: list[str], chars: Iterable[str]) -> Path:
    """One TrueType subset file covering all `chars`, from the first installed face
    of `stack` that has them all. Raises MissingGlyphError naming the first
    character that the stack's first installed face lacks (or that no face has)."""
    chars = sorted(set(chars) - {" ", "\n", "\t", "\r"})
    faces = installed(stack)
    if not faces:
        raise FontsMissing(f"none of the fonts {', '.join(stack)} is installed: run `make setup`")
    for face in faces:
        if all(face.covers(ch) for ch in chars):
            return subset(face, chars, share=False)  # embedded as is: exactly these characters
    for ch in chars:
        if not any(face.covers(ch) for face in faces):
            raise MissingGlyphError(ch, stack)
    first = next(ch for ch in chars if not faces[0].covers(ch))
    raise MissingGlyphError(first, [faces[0].family])


def subset_for_role(style: dict, role: str, lang: str, chars: Iterable[str]) -> Path:
    """subset_for_stack for a style role ('body', 'kai', ...) in a language."""
    from convert.style import font_stack

    return subset_for_stack(font_stack(style, role, lang), chars)
