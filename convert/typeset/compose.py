"""A small CJK line composer (W3C clreq, GB/T 15834).

No well-kept Python library composes Chinese lines (ReportLab's wordWrap='CJK'
ignores line-start/line-end rules and cannot justify CJK), so this is hand-written.

Input is a list of atoms (a character, or an unbreakable Latin word / number /
—— / ……) with natural widths; output is lines with an x position per atom:
- breaks follow ``convert.typeset.kinsoku.breakable``;
- a forbidden break is resolved by compressing punctuation first ("push in"),
  then by moving characters to the next line ("push out");
- every line but a paragraph's last is justified over the gaps between atoms,
  so full-width text fills the grid exactly;
- a last line with a lone character takes one more from the line before.

The composer knows nothing about fonts or PDF: a caller measures atoms and
carries its own data in ``Atom.data``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any, Callable, Iterable, Sequence

from convert.typeset.kinsoku import INSEPARABLE, LATIN_MARKS, NOT_AT_LINE_END, NOT_AT_LINE_START, breakable

EPS = 1e-6

# Full-width marks whose glyph fills half its cell: compressible by half an em.
COMPRESSIBLE_CLOSING = frozenset("，。、；：？！）］｝〕〉》」』】〗”’")
COMPRESSIBLE_OPENING = frozenset("（［｛〔〈《「『【〖“‘")
# Characters set in a full em cell although Unicode calls them ambiguous.
FULL_WIDTH_AMBIGUOUS = frozenset("“”‘’—…·‥※")


@dataclass(frozen=True, slots=True)
class Atom:
    text: str
    width: float            # natural width
    shrink: float = 0.0     # how much compression may take away
    data: Any = None        # the caller's (fonts, glyph advances...)

    @property
    def opening(self) -> bool:
        return self.text[0] in COMPRESSIBLE_OPENING

    @property
    def closing(self) -> bool:
        return self.text[-1] in COMPRESSIBLE_CLOSING


@dataclass(frozen=True, slots=True)
class Line:
    start: int              # first atom index
    end: int                # one past the last atom
    xs: tuple[float, ...]   # x of each atom, from the line's left edge
    widths: tuple[float, ...]  # set width of each atom (less than natural when compressed)
    last: bool              # a paragraph's last line (not justified)

    @property
    def width(self) -> float:
        return self.xs[-1] + self.widths[-1] if self.xs else 0.0


@lru_cache(maxsize=None)
def is_full_width(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F") or ch in FULL_WIDTH_AMBIGUOUS


def em_width(text: str) -> float:
    """A text's width in ems (grid characters): a full-width character 1, a digit or letter 1/2,
    as 仿宋, 黑体 and the title face set them."""
    return sum(1.0 if is_full_width(ch) else 0.5 for ch in text)


# What split_atoms keeps together: a run of is_latin's characters, or of one INSEPARABLE mark.
_PIECES = re.compile("|".join([f"[0-9A-Za-z{re.escape(LATIN_MARKS)}]+", *(re.escape(ch) + "+" for ch in sorted(INSEPARABLE)),
                               "."]), re.S)


def split_atoms(text: str) -> list[str]:
    """Cut text into unbreakable pieces: Latin words and numbers (2015-2020,
    5.1%, PPP), doubled —— and ……, and single characters."""
    return _PIECES.findall(text)


def atom(piece: str, em: float, measured: float, data: Any = None) -> Atom:
    """One atom: full-width characters take an em cell each, others their measured
    width; a single full-width bracket or pause mark may shrink by half an em."""
    if all(is_full_width(ch) for ch in piece):
        width = em * len(piece)
    else:
        width = measured
    shrink = em / 2 if len(piece) == 1 and (piece in COMPRESSIBLE_CLOSING or piece in COMPRESSIBLE_OPENING) else 0.0
    return Atom(piece, width, shrink, data)


def make_atoms(text: str, em: float, measure: Callable[[str], float], data: Any = None) -> list[Atom]:
    """Atoms for one run of text, measuring non-full-width pieces with `measure`."""
    return [atom(piece, em, 0.0 if all(is_full_width(ch) for ch in piece) else measure(piece), data)
            for piece in split_atoms(text)]


@lru_cache(maxsize=65536)
def _may_break_between(before: str, after: str) -> bool:
    if before == " " or after == " ":
        return True
    return breakable(before + after, 1)


def _content_chars(atoms: Sequence[Atom]) -> int:
    """Characters that are not punctuation: what makes a last line not 'lone'."""
    return sum(1 for a in atoms for ch in a.text if ch not in NOT_AT_LINE_START and ch not in NOT_AT_LINE_END)


def compose(atoms: Sequence[Atom], width: float, indent: float = 0.0, justify: bool = True,
            min_last_chars: int = 2, push_in_limit: int = 2) -> list[Line]:
    """Break atoms into lines of `width` (the first line `indent` narrower)."""
    n = len(atoms)
    if n == 0:
        return []
    texts = [a.text for a in atoms]
    # may a break fall before each atom: through the cache, without a Python call for each
    ok = [True, *map(_may_break_between, [t[-1] for t in texts[:-1]], [t[0] for t in texts[1:]])]
    widths = [a.width for a in atoms]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < n:
        avail = width - (indent if not spans else 0.0)
        end = _line_end(atoms, widths, ok, i, avail, push_in_limit)
        spans.append((i, end))
        i = end
    if len(spans) > 1 and _content_chars(atoms[spans[-1][0]:]) < min_last_chars:
        spans = _fix_lone_last(atoms, ok, spans, width, indent)
    lines = []
    for k, (s, e) in enumerate(spans):
        avail = width - (indent if k == 0 else 0.0)
        last = k == len(spans) - 1
        lines.append(_set_line(atoms, widths, s, e, avail, justify and not last, last))
    return lines


def _line_end(atoms: Sequence[Atom], widths: list[float], ok: list[bool], i: int, avail: float,
              push_in_limit: int) -> int:
    n = len(atoms)
    used, e = 0.0, i
    limit = avail + EPS
    for w in islice(widths, i, None):
        if used + w > limit:
            break
        used += w
        e += 1
    if e == n:
        return n
    if e == i:  # one atom wider than the line: it stands alone
        return i + 1
    if ok[e]:
        return e
    # Push in: take up to push_in_limit more atoms if compression makes room.
    shrink = sum(a.shrink for a in atoms[i:e])
    total, k = used, e
    while k < n and k - e < push_in_limit:
        total += atoms[k].width
        shrink += atoms[k].shrink
        k += 1
        if total - shrink <= avail + EPS and (k == n or ok[k]):
            return k
    # Push out: move the break back to the nearest allowed one.
    b = e - 1
    while b > i and not ok[b]:
        b -= 1
    if b > i:
        return b
    # No allowed break inside the line: overflow to the next allowed one.
    b = e + 1
    while b < n and not ok[b]:
        b += 1
    return b


def _fix_lone_last(atoms, ok, spans, width, indent):
    """Give a lone last-line character company: squeeze it into the line before
    when compression allows, otherwise push one more piece down."""
    (ps, pe), (_, le) = spans[-2], spans[-1]
    avail = width - (indent if len(spans) == 2 else 0.0)
    merged = atoms[ps:le]
    if sum(a.width for a in merged) - sum(a.shrink for a in merged) <= avail + EPS:
        return spans[:-2] + [(ps, le)]
    b = pe - 1
    while b > ps and not ok[b]:
        b -= 1
    if b > ps:
        return spans[:-2] + [(ps, b), (b, le)]
    return spans


def _set_line(atoms: Sequence[Atom], natural: list[float], s: int, e: int, avail: float, justify: bool,
              last: bool) -> Line:
    widths = natural[s:e]
    over = sum(widths) - avail
    # Compress from the line end backwards: line-end punctuation first.
    j = len(widths) - 1
    while over > EPS and j >= 0:
        take = min(atoms[s + j].shrink, over)
        widths[j] -= take
        over -= take
        j -= 1
    gap = 0.0
    if justify and len(widths) > 1:
        gap = max(0.0, avail - sum(widths)) / (len(widths) - 1)
    xs, x = [], 0.0
    for w in widths:
        xs.append(x)
        x += w + gap
    return Line(s, e, tuple(xs), tuple(widths), last)


def line_text(atoms: Sequence[Atom], line: Line) -> str:
    return "".join(a.text for a in atoms[line.start:line.end])


def violations(lines_text: Iterable[str]) -> list[str]:
    """Lines that break a kinsoku rule, for tests and checks: a line starting with
    closing/pause punctuation or ending with an opening mark."""
    bad = []
    for text in lines_text:
        text = text.strip()
        if text and (text[0] in NOT_AT_LINE_START or text[-1] in NOT_AT_LINE_END):
            bad.append(text)
    return bad
