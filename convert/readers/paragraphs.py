"""Real paragraphs → model: what the HTML and DOCX readers share with the text reader.

Those formats have paragraphs already (no line joining); a reader hands over its `Para`s,
with the hints its markup gives (bold, outline level), the blocks it built (tables,
figures) and what its container knew (a page's metadata table, a file's properties).
The head (title, dateline, speaker, document number) is read by the text reader's rules,
each paragraph taken as a line between blank lines; the body, its ending, the attached
documents and the imprint by `convert.readers.structure`, as for text.
"""
from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from convert.errors import InputError
from convert.model import convention, tree
from convert.model.dates import parse_date
from convert.options import Options
from convert.readers.structure import Para, captions, masthead
from convert.readers.structure.layout import LayoutHead, title_text
from convert.readers.structure.marks import INDENT
from convert.readers.structure.meta import TITLE_BREAK
from convert.readers.text import Line, TextReportBuilder, record_transforms

# The metadata a container may know, in the schema's order (meta/*), and which of them are dates.
KNOWN_FIELDS = ("title", "subtitle", "issuer", "date", "place", "docnumber", "published", "identifier", "keyword",
                "source")
DATE_FIELDS = ("date", "published")
HEAD_PARAS = 12  # the head is read from the first paragraphs, up to the first table, figure or marked heading


def build_report(paras: list[Para], source: str, options: Options | None = None, known: dict | None = None,
                 dropped: Iterable[tuple[int, str, str]] = (), transforms: Iterable[tuple[str, str]] = (),
                 page_title: str | None = None, layout: LayoutHead | None = None) -> etree._Element:
    """The validated model of `paras`.

    known: metadata the container gave, by KNOWN_FIELDS name ("keyword": a list); it wins
    over what the text says. A known title is the title, and its repeat at the top of the
    text (maybe broken into lines: the breaks are kept) is not body text.
    dropped: (position, reason, text) of what the reader left out (a page's chrome).
    transforms: (name, detail) the reader applied (its decoding).
    page_title: the title a web page gives outside its text (<title>): the title, with origin
    "page", only when the text shows none.
    layout: what the source's layout shows of the head (structure.layout): a label paragraph,
    which becomes the title's label, and the paragraphs that are the title's lines."""
    options = options or Options()
    known = {k: v for k, v in (known or {}).items() if v}
    builder = TextReportBuilder([], source, options)
    builder.dropped += list(dropped)
    label = None
    if known.get("title") and not options.title:
        builder.title, builder.title_origin = known["title"], "text"
        paras = take_title_lines(builder, paras)
        builder.take_title_mark()
    elif layout is not None:
        paras, label = take_layout_head(builder, paras, layout)
    # 表N over a table, 图N under a figure: captions before the head rules see the lines
    paras = captions.attach(paras, (lambda text: text) if options.keep_punctuation else builder.caption_punctuation)
    body = read_head(builder, paras)
    if page_title and not builder.title:
        builder.title, builder.title_origin = page_title, "page"
    if not body and not builder.title:
        raise InputError("no report text")
    if not body:
        raise InputError("no report body after the title")
    if not options.keep_punctuation:
        builder.normalize_punctuation([p for p in body if p.block is None])
    report = builder.assemble(body)
    apply_known(report.find("meta"), known)
    if label:
        report.find("meta/title").set("label", label)
    if layout is not None and layout.issuer and report.find("meta/issuer") is None:
        apply_known(report.find("meta"), {"issuer": layout.issuer})
    masthead.fill(report.find("meta"), builder.masthead, builder.title)
    masthead.take_attendance(report)
    record = list(transforms)
    if builder.punctuation_changes:
        record.append(("fullwidth-punctuation", f"GB/T 15834: {builder.punctuation_changes} marks"))
    record_transforms(report, record)
    return tree.validate(convention.record_convention(report))


def read_head(builder: TextReportBuilder, paras: list[Para]) -> list[Para]:
    """Let the text reader's head rules take the title, dateline, speaker and document number
    from the first paragraphs (each a line between blank lines); the paragraphs left are the body."""
    # the head ends at the first block, or at a paragraph after the first that the source marks as a heading
    end = next((k for k, p in enumerate(paras[:HEAD_PARAS])
                if p.block is not None or k and p.hints.outline_level is not None), min(len(paras), HEAD_PARAS))
    lines: list[Line] = []
    for k, para in enumerate(paras[:end]):
        # a paragraph's own line breaks (a title's) are line ends here, as in text
        text = para.text
        for b in reversed(para.breaks):
            text = text[:b] + "\n" + text[b:]
        lines += [Line(2 * k + 1, piece) for piece in text.split("\n")]
        lines.append(Line(2 * k + 2, ""))
    before = len(builder.dropped)
    kept = builder.read_head(lines)
    # what the head rules dropped, numbered by paragraph (1 is the first) rather than by line
    builder.dropped[before:] = [((n - 1) // 2 + 1, reason, text) for n, reason, text in builder.dropped[before:]]
    by_para: dict[int, list[str]] = {}
    for line in kept:
        if line.text.strip(INDENT):
            by_para.setdefault((line.n - 1) // 2, []).append(line.text.strip(INDENT))
    body = []
    for k, para in enumerate(paras[:end]):
        if k not in by_para:
            continue
        text = "".join(by_para[k])
        if text != para.text:  # a watermark stripped off it, or a head line taken from it
            para.text, para.breaks = text, []
        body.append(para)
    return body + paras[end:]


def take_layout_head(builder: TextReportBuilder, paras: list[Para], layout: LayoutHead) -> tuple[list[Para], str | None]:
    """The label and the title lines the layout shows, taken from the paragraphs; empty
    stand-ins keep every later paragraph's number (dropped/@n counts them)."""
    paras = list(paras)
    label = None
    if layout.label is not None:
        label = paras[layout.label].text.strip(INDENT)
        paras[layout.label] = Para("")
    if layout.title and not builder.options.title:
        builder.title, builder.title_origin = title_text(paras, layout.title), "text"
        # numbered as read_head numbers its lines: if the head rules find this was no title, it is dropped, not lost
        builder.title_lines = [Line(2 * k + 1, paras[k].text) for k in layout.title]
        for k in layout.title:
            paras[k] = Para("")
    return paras, label


def take_title_lines(builder: TextReportBuilder, paras: list[Para], search: int = 3) -> list[Para]:
    """The known title printed at the top of the text over several paragraphs (a centred line
    each, as pages and Word files set a long title): those paragraphs go to `dropped`, and the
    title keeps their breaks. Spaces do not count (国 务 院)."""
    title = builder.title.replace(TITLE_BREAK, "")
    want = title.replace(" ", "").replace("\u3000", "")
    for start in range(min(search, len(paras))):
        joined, lines = "", []
        for k in range(start, len(paras)):
            piece = paras[k].text.replace(" ", "").replace("\u3000", "")
            if paras[k].block is not None or not want.startswith(joined + piece) or not piece:
                break
            joined += piece
            lines.append(piece)
            if joined == want:
                if len(lines) > 1:
                    builder.title = TITLE_BREAK.join(lines)
                builder.dropped += [(n + 1, "title-repeat", paras[n].text) for n in range(start, k + 1)]
                # empty stand-ins keep every later paragraph's number (dropped/@n counts them)
                return paras[:start] + [Para("")] * (k + 1 - start) + paras[k + 1:]
    return paras


def apply_known(meta: etree._Element, known: dict) -> None:
    """Set the fields the container knew, replacing what the text gave, in the schema's order."""
    for name in KNOWN_FIELDS:
        if name == "title" or name not in known:
            continue
        for old in meta.findall(name):
            meta.remove(old)
        values = known[name] if isinstance(known[name], (list, tuple)) else [known[name]]
        anchor = _anchor(meta, name)
        for value in reversed(values):
            el = etree.Element(name)
            el.text = str(value).replace(TITLE_BREAK, " ")
            if name in DATE_FIELDS:
                found = parse_date(el.text)
                if found:
                    el.set("when", found[0])
            anchor.addnext(el) if anchor is not None else meta.insert(0, el)


def _anchor(meta: etree._Element, name: str) -> etree._Element | None:
    """The last child of `meta` that comes before field `name` in the schema."""
    before = set(KNOWN_FIELDS[: KNOWN_FIELDS.index(name)])
    anchor = None
    for child in meta:
        if child.tag in before:
            anchor = child
    return anchor
