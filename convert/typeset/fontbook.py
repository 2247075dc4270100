"""Fonts for a layout: the faces of each role, a fallback face per character, the
TrueType subsets the layout's glyphs are drawn from, and their metrics.

A ``FontBook`` is filled in two steps: ``assign`` picks a face for each character of each
role while the model is walked; ``register`` then makes one cached subset per face holding
every character it draws, names it (``RC-`` and the subset's file name), and loads it for
measuring. Metrics come from the TrueType fonts the book holds (ReportLab's ``TTFont``, which
the PDF painter embeds as they are), never from ReportLab's global font registry: a Layout
stands alone, and each painter registers the files it names itself.
"""
from __future__ import annotations

import contextlib
import marshal
import threading
from dataclasses import dataclass, field
from pathlib import Path

import reportlab
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from convert import style as styles
from convert.chars import is_han
from convert.style import Style
from convert.typeset import fonts
from convert.typeset.compose import (
    COMPRESSIBLE_CLOSING,
    COMPRESSIBLE_OPENING,
    Atom,
    is_full_width,
)
from convert.typeset.layout import BLACK


@dataclass(frozen=True, slots=True)
class Glyph:
    char: str
    font: str       # the font's name in the book (a key of Layout.fonts)
    size: float     # the size it is drawn at (a face with narrow ideographs is scaled up)
    advance: float  # its advance at that size
    ink: float      # the middle of its ink from its origin (punctuation; advance/2 otherwise)
    color: tuple[float, float, float] = BLACK  # red, green, blue from 0 to 1 (its role's colour)


@dataclass(frozen=True, slots=True)
class RunData:
    """What an atom carries: its glyphs, size, and where a glyph sits in its cell."""

    glyphs: tuple[Glyph, ...]
    size: float
    align: str = "centre"  # centre | left | right in full-width cells; "run" for Latin runs
    single: Glyph | None = field(init=False, repr=False, compare=False)  # its glyph, when one in a cell

    def __post_init__(self):
        object.__setattr__(self, "single", self.glyphs[0] if len(self.glyphs) == 1 and self.align != "run" else None)

    @classmethod
    def of(cls, piece: str, glyphs: tuple[Glyph, ...], size: float) -> "RunData":
        if not all(is_full_width(ch) for ch in piece):
            return cls(glyphs, size, "run")
        if piece[0] in COMPRESSIBLE_OPENING:
            return cls(glyphs, size, "right")
        if piece[-1] in COMPRESSIBLE_CLOSING:
            return cls(glyphs, size, "left")
        return cls(glyphs, size, "centre")


# ------------------------------------------------------------------ fonts --

class FontBook:
    """Faces per role, fallback per character, and the TrueType subsets loaded
    from the cache once every character is known."""

    def __init__(self, style: Style, lang: str, convention: str = "gb"):
        self.style, self.lang = style, lang
        # Marks come from a face that places them in the document's convention (gb or tw)
        # when the face of their text places them the other way (cwTeX centres them).
        self.convention = convention
        self.marks = frozenset(style.punctuation.marks)
        self.centred = {fonts.family_key(f) for f in style.punctuation.centred_faces}
        self._mark_faces: list[fonts.Face] | None = None
        self.stacks: dict[str, list[str]] = {}
        self.faces: dict[str, list[fonts.Face]] = {}
        self.chars: dict[fonts.Face, set[str]] = {}
        self.names: dict[fonts.Face, str] = {}
        self.scales: dict[str, float] = {}
        self._face_of: dict[str, dict[str, fonts.Face]] = {}  # role -> char -> face
        self._glyphs: dict[tuple[str, fonts.Face, float], Glyph] = {}
        self.atoms: dict[tuple, Atom] = {}  # atoms are immutable: one per piece, faces and size
        # and one per character, by (the face's id, size, colour): most atoms, looked up without a
        # face's hash (a Python call); faces_kept holds the faces, so that no other takes their ids
        self.characters: dict[tuple[int, float, tuple[float, float, float]], dict[str, Atom]] = {}
        self.faces_kept: list[fonts.Face] = []
        self.paths: dict[str, str] = {}
        self.fonts: dict[str, TTFont] = {}  # by name: what the glyphs are measured with
        self._ink: dict[str, dict[str, float]] = {}

    def assign(self, role: str, text: str) -> list[fonts.Face]:
        if role not in self.faces:
            self.stacks[role] = styles.font_stack(self.style, role, self.lang)
            self.faces[role] = fonts.installed(self.stacks[role])
        face_of = self._face_of.get(role)
        if face_of is None:
            face_of = self._face_of[role] = {}
        try:
            return [face_of[ch] for ch in text]
        except KeyError:
            pass
        for ch in text:
            if ch not in face_of:
                face = fonts.assign(ch, self.faces[role], self.stacks[role])[0]
                if ch in self.marks and self.places_centred(face) != (self.convention == "tw"):
                    face = self.mark_face(ch) or face
                face_of[ch] = face
                self.chars.setdefault(face, set()).add(ch)
        return [face_of[ch] for ch in text]

    def places_centred(self, face: fonts.Face) -> bool:
        return fonts.family_key(face.family) in self.centred

    def mark_face(self, ch: str) -> fonts.Face | None:
        """The first installed face of the convention's mark faces that has `ch`."""
        if self._mark_faces is None:
            punctuation = self.style.punctuation
            self._mark_faces = fonts.installed(punctuation.tw_faces if self.convention == "tw" else punctuation.gb_faces)
        return next((face for face in self._mark_faces if face.covers(ch)), None)

    def register(self) -> None:
        for face, chars in self.chars.items():
            # a face that draws only marks (for their placement) is subset to them alone: loading
            # its shared base subset would cost more than the marks are worth
            path = fonts.subset(face, chars, share=not chars <= self.marks)
            name = "RC-" + path.stem[:12]
            self.fonts[name] = truetype(name, path)
            self.names[face] = name
            self.paths[name] = str(path)
            self.scales[name] = self._ideograph_scale(name, chars)

    def _ideograph_scale(self, name: str, chars: set[str]) -> float:
        """Faces whose ideographs are narrower than an em (cwTeX: 0.92) are drawn
        larger so that an ideograph fills its grid cell."""
        ideographs = sorted(ch for ch in chars if is_han(ch))
        if not ideographs:
            return 1.0
        advance = self.fonts[name].stringWidth(ideographs[0], 1000) / 1000
        return 1.0 / advance if 0.5 < advance < 0.98 else 1.0

    def glyph(self, ch: str, face: fonts.Face, size: float, color: tuple[float, float, float] = BLACK) -> "Glyph":
        key = (ch, face, size, color)
        glyph = self._glyphs.get(key)
        if glyph is None:
            name = self.names[face]
            scaled = size * self.scales[name]
            advance = self._advance(ch, name, scaled)
            ink = advance / 2
            if ch in COMPRESSIBLE_CLOSING or ch in COMPRESSIBLE_OPENING:
                ink = self._ink_middle(name, ch) * scaled
            glyph = self._glyphs[key] = Glyph(ch, name, scaled, advance, ink, color)
        return glyph

    def _ink_middle(self, name: str, ch: str) -> float:
        """The middle of a glyph's outline in em: where a compressed mark's ink is centred."""
        if name not in self._ink:
            self._ink[name] = fonts.ink_centres(Path(self.paths[name]), COMPRESSIBLE_CLOSING | COMPRESSIBLE_OPENING)
        centre = self._ink[name].get(ch)
        return self.fonts[name].stringWidth(ch, 1000) / 2000 if centre is None else centre

    def _advance(self, ch: str, name: str, size: float) -> float:
        key = (ch, name)
        width = _ADVANCES.get(key)
        if width is None:
            width = _ADVANCES[key] = self.fonts[name].stringWidth(ch, 1000)
        return width * size / 1000

    def name(self, face: fonts.Face) -> str:
        return self.names[face]


# A subset's name is its file's (a digest of the face and its characters), so one name is one
# file: both caches hold for the process, as the subsets do on disk.
_ADVANCES: dict[tuple[str, str], float] = {}
_TRUETYPE: dict[str, TTFont] = {}


def truetype(name: str, path: Path | str) -> TTFont:
    """The subset at `path`, loaded once a process (loading a large subset takes tens of ms);
    the PDF painter embeds this same object."""
    font = _TRUETYPE.get(name)
    if font is None:
        with _LOADING, _faces_cached():
            font = _TRUETYPE[name] = TTFont(name, str(path))
    return font


# What ReportLab's TTFontFace reads from a font file (its extractInfo: names, metrics, the cmap
# and every glyph's width and offset) is kept in a sidecar of the subset, the file's bytes
# aside: parsing a shared subset of 7,000 glyphs took 35 ms of every run, reading this 3 ms.
# The subsets never change once written (their names are digests), so neither does a sidecar;
# its name holds ReportLab's version, whose parser made it.
_LOADING = threading.Lock()


class _CachedFace(ttfonts.TTFontFace):
    def extractInfo(self, charInfo=1):
        sidecar = Path(self.filename).with_name(f"{Path(self.filename).stem}-rl{reportlab.Version}-{charInfo}.marshal")
        state = _read_face(sidecar)
        if state is not None:
            self.__dict__.update(state)
            self._pdfScale = _pdf_scale(self.unitsPerEm)
            return
        super().extractInfo(charInfo)
        _write_face(sidecar, self.__dict__)

    def get_table(self, tag):
        """A table's bytes, sliced from the file once (until `forget_tables`): ReportLab's
        makeSubset slices the whole glyf table again for each subset of 256 glyphs it embeds
        (16 MB copied for a report of 18 pages, 8 ms)."""
        tables = self.__dict__.setdefault("_tables", {})
        data = tables.get(tag)
        if data is None:
            data = tables[tag] = super().get_table(tag)
        return data


def forget_tables(font: TTFont) -> None:
    """Let go of the tables a face kept while a document's subsets were made (a process keeps
    its fonts: a worker would keep a copy of each one's outlines too)."""
    font.face.__dict__.pop("_tables", None)


def _pdf_scale(units_per_em: int):
    """extractInfo's own scale from font units to thousandths of an em."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _read_face(sidecar: Path) -> dict | None:
    try:
        state, names = marshal.loads(sidecar.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):  # none yet, or not one this code wrote: parse
        return None
    state.update((key, ttfonts.TTFNameBytes(text.encode("utf-8"))) for key, text in names.items())
    return state


def _write_face(sidecar: Path, attributes: dict) -> None:
    from convert.outputs import atomic_output

    state = {key: value for key, value in attributes.items() if key not in ("_ttf_data", "_pdfScale", "_tables")}
    names = {key: value.ustr for key, value in state.items() if isinstance(value, ttfonts.TTFNameBytes)}
    state = {key: value for key, value in state.items() if key not in names}
    try:
        data = marshal.dumps((state, names))
    except ValueError:  # a value of a type marshal does not know (another ReportLab): no sidecar
        return
    with contextlib.suppress(OSError), atomic_output(sidecar) as tmp:
        tmp.write_bytes(data)


@contextlib.contextmanager
def _faces_cached():
    """TTFont makes its face with ttfonts.TTFontFace: while it does, that is _CachedFace."""
    original = ttfonts.TTFontFace
    ttfonts.TTFontFace = _CachedFace
    try:
        yield
    finally:
        ttfonts.TTFontFace = original
