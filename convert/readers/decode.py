"""Bytes → text: the encodings reports are found in, or a clear refusal."""
from __future__ import annotations

import codecs

from convert.chars import han_characters
from convert.errors import InputError

# Characters that are frequent in any Chinese report, in both scripts. A wrong
# legacy decoding (Big5 read as GB18030 or the reverse) yields almost none of them.
_COMMON = frozenset(
    "的一是在不了有和人这這中大为為上个個国國我以要他时時来來用们們生到作地于於出就分对對成会會可主发發年"
    "动動同工也能下过過子说說产產种種面而方后後多定行学學法所民得经經十三之进進着等部度家电電力里裡如水化"
    "高自二理起小物现現实實加量都两兩体體制机機当當使点點从從业業本去把性好应應开開它合还還因由其些然前外"
    "天政四日那社义義事平形相全表间間样樣与與关關各重新线線内內数數正心反你明看原又么麼利比或但质質气氣第"
    "向道命此变變条條只没没结結解问問意建月公无無系系军軍很情者最立代想已通并並提直题題党黨程展五果料象员員"
    "革位入常文总總次品式活设設及管特件长長求老头頭基资資边邊流路级級少图圖山统統接知较較将將组組见見计計别別"
    "她手角期根论論运運农農指几幾九区區强強放决決西被干做必战戰先回则則任取据據处處队隊南给給色光门門即保治"
    "北造百规規热熱领領七海口东東导導器压壓志世金增争爭济濟阶階油思术術极極交受联聯什认認六共权權收证證改清"
)


def decode(raw: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Return (text, encoding name): `encoding` if given, else detected. Raises
    InputError for empty, binary or undecodable input, naming where it fails."""
    if not raw.strip(b" \t\r\n\x00"):
        raise InputError("empty file")
    if encoding:
        return _strict(raw, encoding), encoding
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return _strict(raw, codec), codec
    utf16 = _bomless_utf16(raw)
    if utf16:
        return _strict(raw, utf16), utf16
    bad = 0  # where UTF-8 decoding first fails
    if b"\x00" not in raw:
        try:
            return raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            bad = exc.start
    # Legacy Chinese encodings, and UTF-16 without a BOM and without ASCII to show it:
    # the decoding that yields common Chinese characters wins.
    codecs_to_try = ["gb18030", "big5"] + (["utf-16-le", "utf-16-be"] if len(raw) % 2 == 0 else [])
    candidates = []
    for codec in codecs_to_try:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_score(text), codec, text))
    if candidates:
        score, codec, text = max(candidates)
        if score > 0.2:
            return text, codec
    if b"\x00" in raw:
        raise InputError("binary data, not text")
    raise InputError(f"not valid UTF-8 (byte 0x{raw[bad]:02X}), and not recognisable as GB18030, Big5 or UTF-16; "
                     f"if you know the encoding, give --encoding NAME", line=_line_of(raw, bad), offset=bad)


def _strict(raw: bytes, codec: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid {codec} (byte 0x{raw[exc.start]:02X})",
                         line=_line_of(raw, exc.start), offset=exc.start) from None


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _bomless_utf16(raw: bytes) -> str | None:
    """UTF-16 without a BOM: NUL bytes in one lane of every other byte."""
    sample = raw[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    return None


def _score(text: str) -> float:
    """Share of common Chinese characters among the ideographs of `text`, less
    the share of control characters (which text has almost none of)."""
    han = han_characters(text)
    if not han:
        return 0.0
    controls = sum(ch < " " and ch not in "\t\r\n" for ch in text)
    return sum(ch in _COMMON for ch in han) / len(han) - 5 * controls / len(text)


# What a page may declare, read as the WHATWG Encoding Standard reads it: the GB labels are
# one decoder (GB18030, a superset of GBK and GB 2312), the Latin-1 labels are windows-1252,
# and a UTF-16 label inside an ASCII-compatible page is a lie (the page could not say it).
_DECLARED_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "big5": "big5",
                     "big5hkscs": "big5hkscs", "iso8859_1": "cp1252", "ascii": "cp1252", "utf_16": "utf-8",
                     "utf_16_le": "utf-8", "utf_16_be": "utf-8"}
# the Standard's GBK labels that Python's codecs do not know
_GBK_LABELS = frozenset({"x-gbk", "chinese", "csgb2312", "csiso58gb231280", "gb_2312", "gb_2312-80", "iso-ir-58"})


def decode_declared(raw: bytes, declared: str | None, encoding: str | None = None) -> tuple[str, str]:
    """(text, how it was decoded) of bytes whose container declared an encoding (a page's
    <meta charset>), which may be wrong. `encoding` (the user's) wins over both.

    Valid UTF-8 with non-ASCII bytes is UTF-8, whatever the declaration (legacy Chinese text
    is practically never valid UTF-8). Otherwise the declaration is used when it decodes
    the bytes and gives Chinese text as likely as the detected decoding does; else the
    detected one (GB18030, Big5, UTF-16), named with what was declared."""
    if encoding or not declared:
        return decode(raw, encoding)
    codec = _declared_codec(declared)
    if codec is None or raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(raw)
    try:
        text = raw.decode("utf-8")
        return text, "utf-8" if codec == "utf-8" or raw.isascii() else f"utf-8 (declared {declared})"
    except UnicodeDecodeError:
        pass
    try:
        text, bad = raw.decode(codec), None
    except UnicodeDecodeError as exc:
        text, bad = None, exc.start
    try:
        found, detected = decode(raw)
    except InputError:
        if text is None:
            raise InputError(f"not valid {declared} as declared (byte 0x{raw[bad]:02X}), and not recognisable as "
                             f"UTF-8, GB18030, Big5 or UTF-16; if you know the encoding, give --encoding NAME",
                             line=_line_of(raw, bad), offset=bad) from None
        return text, codec
    if text is not None and (detected == codec or _score(text) >= _score(found) - 0.1):
        return text, codec
    return found, f"{detected} (declared {declared})"


def _declared_codec(label: str) -> str | None:
    label = label.strip().lower()
    if label in _GBK_LABELS:
        return "gb18030"
    try:
        name = codecs.lookup(label).name.replace("-", "_")
    except LookupError:
        return None
    return _DECLARED_ALIASES.get(name, name.replace("_", "-"))
