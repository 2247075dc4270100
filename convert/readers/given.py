"""What the command line gives the model after any reader has read it (--meta KEY=VALUE,
--form, --seal): metadata fields and the 版头's, set over what the input said, and recorded
as the transform `set-metadata`. Model XML input takes them too.

Values are checked here (`check`) before any input is read, so that a bad one stops the
run in one line; `apply` sets them on each model.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from convert import feedback, figures
from convert.errors import InputError
from convert.model import dates, masthead
from convert.model.masthead import masthead_of
from convert.options import META_KEYS, Options
from convert.transforms import cleanup

CHECKS = {"copy": masthead.check_copy, "secrecy": masthead.check_secrecy, "urgency": masthead.check_urgency}


def parse_meta(item: str) -> tuple[str, str]:
    """(key, value) of one --meta KEY=VALUE, checked; ValueError says what is wrong."""
    key, equals, value = item.partition("=")
    key, value = key.strip(), value.strip()
    if not equals:
        raise ValueError(f"--meta takes KEY=VALUE, not {item!r}")
    if key not in META_KEYS:
        raise ValueError(f"--meta: unknown field {key!r}; choose from {', '.join(META_KEYS)}")
    if not value:
        raise ValueError(f"--meta {key}: the value is empty")
    if any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F or ch in "\u2028\u2029" for ch in value):
        raise ValueError(f"--meta {key}: the value must be one line of text, without control characters")
    if key in CHECKS:
        try:
            CHECKS[key](value)
        except ValueError as exc:
            raise ValueError(f"--meta {key}: {exc}") from None
    if key in ("keywords", "mark", "signers") and not masthead.split_names(value):
        raise ValueError(f"--meta {key}: no name in {value!r}")
    return key, value


def check(options: Options) -> None:
    """Every --meta, --form and --seal value, before any input is read (ValueError)."""
    for item in options.meta:
        parse_meta(item)
    if options.form is not None:
        try:
            masthead.check_form(options.form)
        except ValueError as exc:
            raise ValueError(f"--form: {exc}") from None
    for path in options.seals:
        seal_image(path)


def seal_image(path: str) -> etree._Element:
    """The <image> of a seal file (PNG, JPEG, GIF or SVG); ValueError names what is wrong."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValueError(f"--seal {path}: cannot read: {exc.strerror or exc}") from None
    image = figures.image_element(data)
    if image is None:
        raise ValueError(f"--seal {path}: not an image (give a PNG with transparency, a JPEG or an SVG)")
    return image


def apply(report: etree._Element, options: Options, source: str = "") -> etree._Element:
    """The model with the command line's fields set (the model is changed in place). A value
    that `check` did not see (a seal file gone since) fails this input in one line."""
    if not (options.meta or options.form or options.seals):
        return report
    try:
        return _apply(report, options, source)
    except ValueError as exc:
        raise InputError(str(exc)) from None


def _apply(report: etree._Element, options: Options, source: str) -> etree._Element:
    # here, not at the top: the structure rules cost a model's conversion 0.1 s of imports
    from convert.readers.structure.masthead import take_attendance

    changed = []
    if options.form is not None:
        masthead.masthead_element(report, options.form)
        changed.append(f"form {options.form}")
    for key, value in (parse_meta(item) for item in options.meta):
        set_field(report, key, value)
        changed.append(key)
    for path in options.seals:
        masthead.add_seal(report, seal_image(path))
    take_attendance(report)  # --form minutes: the 出席 lines of a 纪要
    if options.seals:
        changed.append(f"{len(options.seals)} seal{'s' * (len(options.seals) > 1)}")
    cleanup.record_transform(report, "set-metadata", "from the command line: " + ", ".join(changed))
    hidden = masthead.not_shown(report)
    if hidden:
        form = report.find("meta/masthead").get("form")
        feedback.note(f"{source or 'the input'}: a {masthead.FORM_NAMES[form]} shows no "
                      f"{'签发人, 令号 or 印发 line' if form == 'letter' else '签发人'} (GB/T 9704 clause 10): "
                      f"{'、'.join(hidden)} kept in the model only")
    if report.find("meta/masthead") is not None and masthead_of(report) is None:
        feedback.note(f"{source or 'the input'}: no 版头: the model names no issuer "
                      f"(give --meta issuer=… or --meta mark=…); converted without one")
    return report


def set_field(report: etree._Element, key: str, value: str) -> None:
    if key == "title":
        cleanup.set_title(report, value)
    elif key in ("date", "published"):
        found = dates.parse_date(value) or dates.parse_hyphenated(value)
        when = found[0] if found and found[0].count("-") != 1 else None
        masthead.set_meta_text(report, key, [value], when)
    elif key == "keywords":
        masthead.set_meta_text(report, "keyword", masthead.split_names(value))
    elif key in ("subtitle", "issuer", "place", "docnumber", "identifier"):
        masthead.set_meta_text(report, key, [value])
    elif key == "mark":
        masthead.set_mark(report, masthead.split_names(value))
    elif key == "signers":
        masthead.set_masthead_text(report, "signer", masthead.split_names(value))
    else:  # copy, secrecy, urgency, order
        masthead.set_masthead_text(report, key, [value])
