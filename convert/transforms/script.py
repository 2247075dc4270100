"""Script editions: Simplified ⇄ Traditional with OpenCC phrase conversion and override dictionaries.

`detect_script` tells Traditional from Simplified; `convert` makes a model's Simplified (hans) or
Traditional (hant) edition. Each block is converted as one string, so OpenCC's phrases and the
overrides' contexts see across <q>/<cite>/<runin>/<lead> boundaries; the result is then cut back
into the block's text nodes. The override files (styles/overrides-*.txt) document their syntax.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import opencc
from lxml import etree

from convert.errors import InputError
from convert.model import tree
from convert.style import styles_file

TARGETS = {"hans": "zh-Hans", "hant": "zh-Hant"}
VOCABULARIES = ("mainland", "taiwan")  # the phrasing of a Traditional edition: s2t or s2twp

# Taiwan-only vocabulary: its presence marks Taiwan-phrased Traditional (read with tw2sp, not t2s).
# Only words a mainland-vocabulary text never uses; 檔案 and 程式 are left out (档案馆, 程式化).
TAIWAN_MARKERS = ("最佳化", "網際網路", "入口網站", "智慧型", "視窗", "軟體", "硬體", "數位化", "資料庫")
TAIWAN_MIN_HITS = 2

# Meta fields shown to readers; meta/source is a file name and is never converted.
META_TEXT_FIELDS = ("title", "subtitle", "issuer", "date", "place", "docnumber")
# The 版头's names; its 份号, 密级 and 紧急程度 are fixed terms of GB/T 9704 and stay as they are
MASTHEAD_TEXT_FIELDS = ("mark/organ", "signer", "order")
# Elements of the document (outside meta) whose content is inline text; a <cell> only when it
# holds its text directly (its <p>s are visited as paragraphs)
MIXED_CONTENT = ("heading", "p", "point", "summary", "dateline", "speaker", "addressee", "caption", "cell", "item",
                 "signature", "date", "note", "copyto", "office", "attendance")
LABEL_ATTRIBUTES = {"section": "label", "runin": "label", "appendix": "label", "point": "marker", "article": "label",
                    "attachments": "label", "item": "label", "copyto": "label", "attendance": "label", "notes": "label",
                    "figure": "alt"}  # a figure's alt text is shown by its placeholder
NOT_SHOWN = ("meta", "dropped")  # parts of the report converted apart (meta) or not at all


class OverrideError(InputError):
    """A line of an override file that cannot be read."""


# ------------------------------------------------------------ detection --

@lru_cache(maxsize=1)
def _character_converters() -> tuple[opencc.OpenCC, opencc.OpenCC]:
    return opencc.OpenCC("t2s"), opencc.OpenCC("s2t")


# The blocks whose characters' scripts are tabulated once and cached (_script_tables).
TABULATED_BLOCKS = ((0x2E80, 0xD7FF), (0xF900, 0xFFFF), (0x20000, 0x2FA1F))  # surrogates left out


@lru_cache(maxsize=None)
def _script_of_char(ch: str) -> str | None:
    """'hant' if OpenCC simplifies the character, 'hans' if it traditionalizes it, else None."""
    if any(first <= ord(ch) <= last for first, last in TABULATED_BLOCKS):
        traditional, simplified = _script_tables()
        return "hant" if ch in traditional else "hans" if ch in simplified else None
    return _convert_char(ch)


def _convert_char(ch: str) -> str | None:
    t2s, s2t = _character_converters()
    if t2s.convert(ch) != ch:
        return "hant"
    if s2t.convert(ch) != ch:
        return "hans"
    return None


@lru_cache(maxsize=1)
def _script_tables() -> tuple[frozenset[str], frozenset[str]]:
    """The characters of the CJK blocks that OpenCC simplifies, and those it
    traditionalizes. Building the two converters costs 50 ms a process, a tenth of
    converting the sample to every format, so the tables are made once per OpenCC
    version and kept in the cache."""
    from convert.cache import cache_root
    from convert.outputs import atomic_output

    key = hashlib.sha256(repr(TABULATED_BLOCKS).encode()).hexdigest()[:8]
    path = cache_root() / "opencc" / f"scripts-{opencc.__version__}-{key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return frozenset(data["hant"]), frozenset(data["hans"])
    except (OSError, ValueError, KeyError):
        pass
    chars = [chr(c) for first, last in TABULATED_BLOCKS for c in range(first, last + 1)]
    scripts = {ch: _convert_char(ch) for ch in chars}
    data = {key: "".join(ch for ch in chars if scripts[ch] == key) for key in ("hant", "hans")}
    with atomic_output(path) as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return frozenset(data["hant"]), frozenset(data["hans"])


def detect_script(text: str) -> str:
    """'zh-Hant' or 'zh-Hans': which script's own characters the text uses more.
    A text with no script-specific character (ASCII, 中文) counts as Simplified."""
    counts = Counter()
    for ch, n in Counter(text).items():
        if ord(ch) >= 0x2E80:
            script = _script_of_char(ch)
            if script:
                counts[script] += n
    return "zh-Hant" if counts["hant"] > counts["hans"] else "zh-Hans"


def is_taiwan_phrased(text: str) -> bool:
    """True if the Traditional text uses Taiwan vocabulary (最佳化 for 優化, 網際網路 for 互聯網)."""
    return sum(text.count(marker) for marker in TAIWAN_MARKERS) >= TAIWAN_MIN_HITS


# ------------------------------------------------------------ overrides --

@dataclass(frozen=True)
class Rule:
    before: str  # literal context that must precede `source` ('' = any)
    source: str
    after: str  # literal context that must follow `source`
    target: str
    line: int

    def pattern(self) -> str:
        behind = f"(?<={re.escape(self.before)})" if self.before else ""
        ahead = f"(?={re.escape(self.after)})" if self.after else ""
        return f"{behind}({re.escape(self.source)}){ahead}"


@dataclass(frozen=True)
class Overrides:
    """A parsed override file: replacements applied after OpenCC, and phrases OpenCC must keep."""

    path: Path
    rules: tuple[Rule, ...]
    keep: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.path.name

    def apply(self, text: str) -> str:
        if not self.rules:
            return text
        regex, rules = _compiled(self.rules)
        return regex.sub(lambda m: rules[m.lastindex - 1].target, text)


@lru_cache(maxsize=None)
def _compiled(rules: tuple[Rule, ...]) -> tuple[re.Pattern, tuple[Rule, ...]]:
    # Longest rule first: at one position a rule with context wins over the bare phrase.
    ordered = tuple(sorted(rules, key=lambda r: -len(r.before + r.source + r.after)))
    return re.compile("|".join(r.pattern() for r in ordered)), ordered


ARROW = re.compile(r"\s*(?:→|->)\s*")
CONTEXT = re.compile(r"^([^{}]*)\{([^{}]+)\}([^{}]*)$")


def parse_overrides(text: str, path: Path) -> Overrides:
    rules: list[Rule] = []
    keep: list[str] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{path.name}:{number}"
        if line.startswith("keep ") or line.startswith("keep\t"):
            phrase = line[5:].strip()
            if not phrase or any(ch.isspace() for ch in phrase):
                raise OverrideError(f"{where}: 'keep' takes one phrase without spaces")
            keep.append(phrase)
            continue
        parts = ARROW.split(line)
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise OverrideError(f"{where}: expected 'FROM → TO', 'BEFORE{{FROM}}AFTER → TO' or 'keep PHRASE', got {line!r}")
        left, target = parts
        match = CONTEXT.match(left) if "{" in left or "}" in left else None
        if match:
            before, source, after = match.groups()
        elif "{" in left or "}" in left:
            raise OverrideError(f"{where}: mark the replaced phrase with one pair of braces, as in 人民{{民众}} → 群众")
        else:
            before, source, after = "", left, ""
        if any(ch.isspace() for ch in before + source + after + target):
            raise OverrideError(f"{where}: phrases must not contain spaces")
        key = (before, source, after)
        if key in seen:
            raise OverrideError(f"{where}: {left} is already mapped on line {seen[key]}")
        seen[key] = number
        rules.append(Rule(before, source, after, target, number))
    return Overrides(path, tuple(rules), tuple(keep))


@lru_cache(maxsize=None)
def _load_overrides_cached(path: Path, mtime_ns: int) -> Overrides:
    return parse_overrides(path.read_text(encoding="utf-8"), path)


def load_overrides(target: str, path: Path | None = None) -> Overrides:
    """The override file of an edition: styles/overrides-TARGET.txt unless a path is given."""
    path = Path(path) if path else styles_file(f"overrides-{target}.txt")
    try:
        return _load_overrides_cached(path.resolve(), path.stat().st_mtime_ns)
    except FileNotFoundError:
        raise OverrideError(f"no override file {path}") from None
    except UnicodeDecodeError:
        raise OverrideError(f"{path}: not UTF-8") from None


# --------------------------------------------------------------- OpenCC --

def _absolute_files(node, share: str):
    """A packaged OpenCC config with every dictionary file made an absolute path."""
    if isinstance(node, dict):
        return {k: (os.path.join(share, v) if k == "file" else _absolute_files(v, share)) for k, v in node.items()}
    if isinstance(node, list):
        return [_absolute_files(v, share) for v in node]
    return node


def _packaged_config(name: str) -> dict:
    share = opencc._opencc_share_dir
    with open(os.path.join(share, f"{name}.json"), encoding="utf-8") as fh:
        return _absolute_files(json.load(fh), share)


# Configs that read Taiwan phrases; keep phrases join their Taiwan-phrase dictionary.
TAIWAN_PHRASE_CONFIGS = ("tw2sp", "tw2tp")


@lru_cache(maxsize=None)
def opencc_converter(config: str, keep: tuple[str, ...] = ()) -> opencc.OpenCC:
    """An OpenCC converter for a packaged config. `keep` phrases go into a user dictionary ahead of
    the Taiwan-phrase dictionary (OpenCC's own mechanism for user phrases), mapped to themselves.
    Config 'tw2tp' is tw2sp's Taiwan-phrase step alone: mainland vocabulary, still Traditional."""
    if config not in TAIWAN_PHRASE_CONFIGS:
        if keep:
            raise ValueError(f"keep phrases only apply to {' and '.join(TAIWAN_PHRASE_CONFIGS)}, not {config}")
        return opencc.OpenCC(config)
    spec = _packaged_config("tw2sp")
    first = spec["conversion_chain"][0]["dict"]
    if config == "tw2tp":
        first["dicts"] = [d for d in first["dicts"] if d["file"].endswith("TWPhrasesRev.ocd2")]
        spec["conversion_chain"] = spec["conversion_chain"][:1]
        spec["name"] = "Taiwan phrases to mainland phrases, Traditional (tw2sp's first step)"
    with tempfile.TemporaryDirectory(prefix="opencc-") as tmp:
        if keep:
            keep_file = os.path.join(tmp, "keep.txt")
            with open(keep_file, "w", encoding="utf-8") as fh:
                fh.writelines(f"{phrase}\t{phrase}\n" for phrase in keep)
            # The longest match wins (union): a keep phrase does not hide a longer Taiwan phrase
            # that starts with it (智慧 kept, 智慧財產權 still converted).
            taiwan = next(d for d in first["dicts"] if d["file"].endswith("TWPhrasesRev.ocd2"))
            union = {"type": "group", "match_policy": "union", "dicts": [{"type": "text", "file": keep_file}, taiwan]}
            first["dicts"][first["dicts"].index(taiwan)] = union
        config_file = os.path.join(tmp, f"{config}.json")
        with open(config_file, "w", encoding="utf-8") as fh:
            json.dump(spec, fh, ensure_ascii=False)
        return opencc.OpenCC(config_file)  # reads every dictionary now; the files may go


# ---------------------------------------------------------------- route --

@dataclass(frozen=True)
class Route:
    """How one edition is made: an OpenCC config (or none), then the overrides (or none)."""

    source_lang: str
    target_lang: str
    config: str | None
    overrides: Overrides | None

    def convert_text(self, text: str) -> str:
        if self.config:
            keep = self.overrides.keep if self.overrides and self.config in TAIWAN_PHRASE_CONFIGS else ()
            text = opencc_converter(self.config, keep).convert(text)
        if self.overrides:
            text = self.overrides.apply(text)
        return text

    @property
    def converter(self) -> str:
        return f"OpenCC {opencc.__version__} {self.config}" if self.config else "none"


def choose_route(text: str, target: str, vocabulary: str = "mainland", overrides_path: Path | None = None) -> Route:
    """Pick the OpenCC config for converting `text` into `target` ('hans' or 'hant').

    From Traditional: tw2sp if Taiwan-phrased, else t2s; to Traditional with mainland vocabulary,
    tw2tp undoes Taiwan phrasing and plain Traditional stays. From Simplified: s2t, or s2twp for
    vocabulary='taiwan'. The override file runs after OpenCC on every mainland-vocabulary edition
    of a Traditional source (it repairs Taiwan-phrase artefacts, which only Traditional text has).
    """
    if target not in TARGETS:
        raise InputError(f"unknown script {target!r}: choose hans or hant")
    if vocabulary not in VOCABULARIES:
        raise InputError(f"unknown vocabulary {vocabulary!r}: choose {' or '.join(VOCABULARIES)}")
    source_lang = detect_script(text)
    target_lang = TARGETS[target]
    if source_lang == "zh-Hans":
        config = None if target == "hans" else ("s2twp" if vocabulary == "taiwan" else "s2t")
        return Route(source_lang, target_lang, config, None)
    taiwan = is_taiwan_phrased(text)
    if target == "hans":
        config = "tw2sp" if taiwan else "t2s"
    elif vocabulary == "taiwan":
        return Route(source_lang, target_lang, None, None)
    else:
        config = "tw2tp" if taiwan else None
    return Route(source_lang, target_lang, config, load_overrides(target, overrides_path))


# ----------------------------------------------------------- the model --

def _text_slots(el: etree._Element) -> list[tuple[etree._Element, str]]:
    """Every text node inside an element, in document order, as (element, 'text' | 'tail')."""
    slots = [(el, "text")]
    for child in el:
        slots.extend(_text_slots(child))
        slots.append((child, "tail"))
    return slots


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def convert_parts(parts: list[str], convert_text) -> list[str]:
    """Convert the concatenation of `parts` as one string, then cut the result where the parts met.

    A cut falls after the converted text of everything before it; a phrase that spans a cut
    (OpenCC or an override matched across it) goes to the part after the cut.
    """
    whole = "".join(parts)
    converted = convert_text(whole)
    if len(parts) == 1:
        return [converted]
    cuts, offset, previous = [], 0, 0
    for part in parts[:-1]:
        offset += len(part)
        cut = previous if offset == 0 else max(previous, _common_prefix(convert_text(whole[:offset]), converted))
        cuts.append(cut)
        previous = cut
    bounds = [0, *cuts, len(converted)]
    return [converted[a:b] for a, b in zip(bounds, bounds[1:])]


def _convert_element(el: etree._Element, convert_text) -> None:
    slots = _text_slots(el)
    parts = [getattr(node, side) or "" for node, side in slots]
    if not "".join(parts):
        return
    for (node, side), value in zip(slots, convert_parts(parts, convert_text)):
        setattr(node, side, value or None)


def _text_elements(report: etree._Element):
    meta = report.find("meta")
    for name in META_TEXT_FIELDS:
        el = meta.find(name)
        if el is not None:
            yield el
    for name in MASTHEAD_TEXT_FIELDS:
        yield from meta.iterfind(f"masthead/{name}")
    for part in _shown_parts(report):
        for el in part.iter(*MIXED_CONTENT):
            if el.tag != "cell" or el.find("p") is None:
                yield el


def _shown_parts(report: etree._Element):
    """front, body, the ending, appendices, imprint: every part a reader sees but meta."""
    return [part for part in report if isinstance(part.tag, str) and part.tag not in NOT_SHOWN]


def _label_owners(report: etree._Element):
    for part in _shown_parts(report):
        yield from part.iter(*LABEL_ATTRIBUTES)


def convert(report: etree._Element, target: str, *, vocabulary: str = "mainland",
            overrides_path: Path | None = None) -> etree._Element:
    """The `target` ('hans' | 'hant') edition of a report, converted in place and returned.

    vocabulary: 'mainland' (default) or 'taiwan' phrasing for Traditional editions (s2t or s2twp).
    overrides_path: an override file instead of styles/overrides-TARGET.txt.
    """
    route = choose_route(tree.plain_text(report), target, vocabulary, overrides_path)
    convert_text = lru_cache(maxsize=None)(route.convert_text)
    for el in list(_text_elements(report)):  # runin and lead go with their p and point
        _convert_element(el, convert_text)
    for el in _label_owners(report):
        attr = LABEL_ATTRIBUTES[el.tag]
        if el.get(attr):
            el.set(attr, convert_text(el.get(attr)))
    tree.set_lang(report, route.target_lang)
    _record(report, route, target, vocabulary)
    return tree.validate(report)


def _record(report: etree._Element, route: Route, target: str, vocabulary: str) -> None:
    meta = report.find("meta")
    edition = meta.find("edition")
    if edition is None:
        edition = etree.Element("edition")
        meta.find("transforms").addprevious(edition)
    edition.attrib.clear()
    edition.set("source-lang", route.source_lang)
    edition.set("converter", route.converter)
    if route.overrides:
        edition.set("overrides", route.overrides.name)
    detail = [route.converter]
    if route.overrides:
        detail.append(f"{route.overrides.name} ({len(route.overrides.rules)} rules, {len(route.overrides.keep)} kept)")
    if target == "hant" and route.source_lang == "zh-Hans":
        detail.append(f"{vocabulary} vocabulary")
    etree.SubElement(meta.find("transforms"), "transform", name=f"script-{target}", detail="; ".join(detail))
