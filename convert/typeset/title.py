"""Breaking a document's title into lines (GB/T 9704-2012 7.3.1: 词意完整, 排列对称, 长短适宜).

No ReportLab here: given the text and how many characters a line holds, `break_title`
returns the lines. No library breaks titles by these rules, so this is hand-written:
- a break falls only between words (rjieba, a jieba-rs binding, finds them) and where
  the line-breaking rules allow one (no line starts with 》 or ends with 《);
- the lines are as few as fit, and as balanced as possible: a trapezoid (each line at
  least as long as the one before, or each at most as long) or a diamond (the middle
  longest); never a full line and a short tail (no line shorter than half the longest);
- among balanced choices, breaks after 关于, after 印发/转发 (before what is issued) and
  before the document type (…的通知) are preferred; breaks inside 《》 or “” are avoided.
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import itertools
import json
import math
from functools import lru_cache
from pathlib import Path

from convert import cache
from convert.doctypes import DOCUMENT_KINDS
from convert.errors import OutputError
from convert.outputs import atomic_output
from convert.typeset.compose import em_width as width
from convert.typeset.kinsoku import breakable

# Words after which a title breaks well: the preposition, the verbs of forwarding.
GOOD_AFTER = ("关于", "印发", "转发", "批转", "颁布", "公布", "關於", "印發", "轉發", "頒佈", "頒布")
# Document types (公文种类 and the like): a break before 的<type> at the end is preferred.
DOCUMENT_TYPES = frozenset(DOCUMENT_KINDS)
# Words a line should not end with: they belong to what follows.
WEAK_ENDS = frozenset("的和与及或、对以在为把将等與對為將")
QUOTES = {"《": "》", "“": "”", "「": "」", "（": "）"}

# Weights of the score (lower is better); the imbalance is in characters.
IMBALANCE = 0.5
QUOTE_PENALTY = 3.0
COMPOUND_PENALTY = 1.0   # between two nominal words (职业|教育): one term
SINGLE_PENALTY = 1.0     # next to a one-character word (政府|性, 以|哈尔滨市): it leans on its neighbour
WEAK_END_PENALTY = 1.5
NUMBER_PENALTY = 2.0
GOOD_BREAK_BONUS = 1.5
TYPE_BREAK_BONUS = 1.0
MAX_CANDIDATE_SETS = 20000  # a bound on the search for very long titles
SEGMENTER_FORMAT = "rjieba-tag-1"  # the cached words' format


def break_title(text: str, max_chars: float) -> list[str]:
    """The lines of a title that holds no line break of its issuer's."""
    text = text.strip()
    total = width(text)
    if total <= max_chars or len(text) < 2:
        return [text] if text else []
    stops = _boundaries(text)
    least = max(2, math.ceil(total / max_chars))
    for lines in range(least, least + 3):
        best = _best(text, stops, lines, max_chars)
        if best is not None:
            return best
    return _greedy(text, [pos for pos, _ in stops], max_chars)


def break_lines(lines: list[str], max_chars: float) -> list[str]:
    """The issuer's lines kept; a line too long for the width is broken by the rules."""
    out: list[str] = []
    for line in lines:
        out.extend(break_title(line, max_chars))
    return out


NOMINAL = frozenset({"n", "nr", "ns", "nt", "nz", "vn", "l", "j", "ng"})


@lru_cache(maxsize=256)
def _tagged(text: str) -> tuple[tuple[str, str], ...]:
    """The words of a text with their parts of speech. Importing rjieba loads its dictionary
    (0.3 s, as long as a short report's whole PDF), so the answers are kept in the cache."""
    path = _cache_path(text)
    try:
        return tuple((word, tag) for word, tag in json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        pass
    import rjieba

    tagged = tuple(rjieba.tag(text))
    with contextlib.suppress(OSError, OutputError), atomic_output(path) as tmp:  # a cache: never a failure
        tmp.write_text(json.dumps(tagged, ensure_ascii=False), encoding="utf-8")
    return tagged


def _cache_path(text: str) -> Path:
    """Where the words of `text` are kept: one file a text, valid for one build of rjieba."""
    spec = importlib.util.find_spec("rjieba")  # finds the package without importing it
    info = Path(spec.origin).parent.stat() if spec is not None and spec.origin else None
    version = f"{info.st_mtime_ns}-{info.st_size}" if info is not None else "none"
    key = hashlib.sha256(f"{SEGMENTER_FORMAT}\0{version}\0{text}".encode()).hexdigest()[:32]
    return cache.cache_root() / "words" / f"{key}.json"


@lru_cache(maxsize=256)
def _boundaries(text: str) -> tuple[tuple[int, float], ...]:
    """(offset, penalty) of each place between words where a line may break."""
    tagged = _tagged(text)
    stops, pos = [], 0
    for (word, tag), (after, after_tag) in zip(tagged, tagged[1:]):
        pos += len(word)
        if not breakable(text, pos):
            continue
        penalty = 0.0
        if tag in NOMINAL and after_tag in NOMINAL:
            penalty += COMPOUND_PENALTY
        if (len(word) == 1 and word != "的") or (len(after) == 1 and after != "的" and after[0] not in QUOTES):
            penalty += SINGLE_PENALTY
        stops.append((pos, penalty))
    return tuple(stops)


def _best(text: str, stops, lines: int, max_chars: float) -> list[str] | None:
    best, best_score = None, math.inf
    penalty = dict(stops)
    combos = itertools.combinations([pos for pos, _ in stops], lines - 1)
    for breaks in itertools.islice(combos, MAX_CANDIDATE_SETS):
        parts = [text[a:b] for a, b in zip((0, *breaks), (*breaks, len(text)))]
        widths = [width(p) for p in parts]
        if max(widths) > max_chars or min(widths) < max(widths) / 2 or not _symmetric(widths):
            continue
        score = _score(text, breaks, widths) + sum(penalty[b] for b in breaks)
        if score < best_score:
            best, best_score = parts, score
    return best


def _symmetric(widths: list[float]) -> bool:
    """A trapezoid (monotone, either way) or a diamond (rising to the middle, then falling)."""
    rising = all(a <= b for a, b in zip(widths, widths[1:]))
    falling = all(a >= b for a, b in zip(widths, widths[1:]))
    if rising or falling:
        return True
    top = widths.index(max(widths))
    return all(a <= b for a, b in zip(widths[:top + 1], widths[1:top + 1])) and \
        all(a >= b for a, b in zip(widths[top:], widths[top + 1:]))


def _score(text: str, breaks: tuple[int, ...], widths: list[float]) -> float:
    score = IMBALANCE * (max(widths) - min(widths))
    for b in breaks:
        before, after = text[:b], text[b:]
        if _inside_quotes(before):
            score += QUOTE_PENALTY
        if before[-1] in WEAK_ENDS:
            score += WEAK_END_PENALTY
        if before[-1].isdigit() or after[0].isdigit():
            score += NUMBER_PENALTY
        if before.endswith(GOOD_AFTER):
            score -= GOOD_BREAK_BONUS
        if after.startswith("的") and after[1:] in DOCUMENT_TYPES or after.startswith(("关于", "關於")):
            score -= TYPE_BREAK_BONUS
    return score


def _inside_quotes(before: str) -> bool:
    depth = 0
    for ch in before:
        if ch in QUOTES:
            depth += 1
        elif ch in QUOTES.values() and depth:
            depth -= 1
    return depth > 0


def _greedy(text: str, stops: list[int], max_chars: float) -> list[str]:
    """Lines as full as the width allows, at word boundaries: when no balanced set exists."""
    lines, start = [], 0
    while width(text[start:]) > max_chars:
        fitting = [s for s in stops if s > start and width(text[start:s]) <= max_chars]
        end = fitting[-1] if fitting else next((s for s in stops if s > start), len(text))
        lines.append(text[start:end])
        start = end
    lines.append(text[start:])
    return [line for line in lines if line]
