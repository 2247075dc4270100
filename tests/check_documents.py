"""Foreign documents for the checker's tests, drawn with ReportLab directly (not by our
typesetter): every character at a position written out here from GB/T 9704-2012's numbers,
so that one knob at a time can break one rule. Traditional text: the free 仿宋 (cwTeX) covers
only Traditional characters; its 0.92-em ideographs are set at 16/0.92 pt, as on a 16 pt grid.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

MM = 72 / 25.4
FONTS = {"fang": ("/usr/share/fonts/truetype/cwtex/cwfs.ttf", 0.92), "kai": ("/usr/share/fonts/truetype/cwtex/cwkai.ttf", 0.92),
         "hei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 1.0), "song": ("/usr/share/fonts/truetype/arphic/uming.ttc", 1.0)}
CID_FONT = "MSung-Light"   # ReportLab's built-in Traditional 明體: named in the PDF, never embedded
BODY = "各地區各部門要認真貫徹落實，切實加強組織領導，確保各項任務落到實處，推動工作取得實效。"


def register() -> None:
    from conftest import require_tool

    for name, (path, _) in FONTS.items():
        require_tool(path, hint="Debian's fonts-cwtex-fs, fonts-cwtex-kai, fonts-wqy-zenhei, fonts-arphic-uming")
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, path))
    if CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))


@dataclass
class Spec:
    """A two-page 通知 laid out per GB/T 9704-2012; each field a knob."""

    paper: tuple[float, float] = (210, 297)
    left: float = 28
    top: float = 37
    width: float = 156
    lines_per_page: int = 22
    chars_per_line: int = 28
    body_pt: float = 16
    body_font: str = "fang"
    heading1_font: str = "hei"
    heading2_font: str = "kai"
    headings: tuple[str, ...] = ("一、", "（一）", "（二）", "二、")
    folio: str = "— {n} —"
    folio_pt: float = 14
    folio_below: float = 7
    folio_sides: tuple[str, str] = ("right", "left")   # odd, even
    masthead: bool = True
    mark_top: float = 35          # below the type area's top
    rule_gap: float = 4           # red rule under the 文号's em box
    rule_length: float | None = None   # the type area's width
    title_lines_after_rule: int = 2
    docnumber: str = "某政發〔2024〕7號"
    date: str = "2024年3月1日"
    date_right_chars: float = 4
    signature_offset_chars: float = 0
    note_indent_chars: float = 2
    kinsoku_break: bool = False
    half_width: bool = False
    imprint_page_even: bool = True
    imprint_rule_at_bottom: bool = True
    first_page_body: bool = True
    listed: tuple[str, ...] = ()      # the 附件说明's titles (附件：1．…), under the body
    attached: tuple[str, ...] = ()    # the attached documents' titles, a page each after the closing
    fields_inset: float = 0
    imprint_weights: tuple[float, float, float] = (0.35, 0.25, 0.35)   # first, inner, last rule (mm)
    imprint_rule_length: float | None = None   # the type area's width
    copy_inset: float = 1          # 抄送 左空一字 (4号 characters)
    copy_wrap: float | None = None   # a second 抄送 line, this many characters right of the colon's end
    copy_right_inset: float = 1    # a wrapped 抄送's first line ends this many characters from the right
    printed_inset: tuple[float, float] = (1, 1)   # 印发机关 from the left, 印发日期 from the right
    printed_split: bool = False    # the 印发机关 on its own line above the date
    letter: bool = False           # a 信函 (10.1) instead of the 通知's 版头
    letter_top_weights: tuple[float, float] = (0.5, 0.25)     # the first double rule's upper, lower line (mm)
    letter_bottom_weights: tuple[float, float] = (0.25, 0.5)
    letter_mark_gap: float = 4     # the first double rule under the mark's em box
    letter_bottom: float = 20      # the second double rule's lower edge above the paper's bottom
    letter_length: float = 170
    letter_folio_1: bool = False   # a page number on page 1
    order: bool = False            # a 命令 (10.2) instead of the 通知's 版头
    order_number_lines: float = 2  # the 令号's slot this many lines under the mark
    order_number_offset: float = 0   # the 令号 this many mm right of the centre
    order_stamp_right: float = 4   # 命令 (7.3.5.3): the 签名章 (the signer's name in a draft) this many characters from the right
    order_title_gap: float = 2     # the 职务 this many characters left of the 签名章
    order_stamp_lines: int = 2     # blank lines between the body and the 签名章
    order_date_lines: int = 1      # blank lines between the 签名章 and the date
    seals: int = 0                 # red seals (42 mm rings) pressed on the 署名: one, or two issuers in a row
    seal_dx: float = 0             # the last seal this many mm right of its 署名's centre
    seal_top_gap: float = 0.5      # the seal's top this many lines under the body
    seal_pitch: float = 50         # two seals' centres apart, mm
    signature_up: int = 0          # the 署名 and date this many lines above the first line under the seal's centre
    closing: bool = True           # False: no 署名, date or 附注 (a report, a speech)
    note_embedded: bool = True     # False: the 附注 in a font the file names but does not carry (a CID font)


def _put(c, text: str, font: str, pt: float, x_mm: float, baseline_mm: float, paper_h: float, pitch_mm: float | None = None,
         colour=(0, 0, 0)) -> float:
    """Characters from x, each on its own position (pitch_mm apart, else their advance); returns the right edge."""
    c.setFillColorRGB(*colour)
    size = pt / FONTS[font][1] if font in ("fang", "kai") else pt
    x = x_mm
    for ch in text:
        advance = pdfmetrics.stringWidth(ch, font, size) / MM
        c.setFont(font, size)
        c.drawString(x * MM, (paper_h - baseline_mm) * MM, ch)
        x += pitch_mm if pitch_mm and advance > 0.6 * pt / MM else advance
    return x


def width_of(text: str, font: str, pt: float, pitch_mm: float) -> float:
    size = pt / FONTS[font][1] if font in ("fang", "kai") else pt
    return sum(pitch_mm if pdfmetrics.stringWidth(ch, font, size) / MM > 0.6 * pt / MM else
               pdfmetrics.stringWidth(ch, font, size) / MM for ch in text)


def draw(spec: Spec, path: Path) -> Path:
    register()
    s = spec
    paper_w, paper_h = s.paper
    pitch = 225 / s.lines_per_page if s.lines_per_page else 225 / 22
    char = s.width / s.chars_per_line
    em = s.body_pt / MM
    c = canvas.Canvas(str(path), pagesize=(paper_w * MM, paper_h * MM), invariant=1)

    def baseline(k: float) -> float:  # grid line k's baseline: its em box centred in its slot
        return s.top + (k + 0.5) * pitch + (0.88 - 0.5) * em

    def body_line(k, text, indent=0, font=None):
        _put(c, text, font or s.body_font, s.body_pt, s.left + indent * char, baseline(k), paper_h, char)

    def centred(k_baseline, text, font, pt, colour=(0, 0, 0)):
        w = width_of(text, font, pt, pt / MM)
        _put(c, text, font, pt, s.left + (s.width - w) / 2, k_baseline, paper_h, pt / MM, colour)

    def seal(centre_x, top):  # a red ring 42 mm across, transparent around it, drawn after the text it presses
        from PIL import Image, ImageDraw
        from reportlab.lib.utils import ImageReader

        ring = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
        ImageDraw.Draw(ring).ellipse((4, 4, 196, 196), outline=(230, 0, 0, 255), width=10)
        seals_to_draw.append((ImageReader(ring), (centre_x - 21) * MM, (paper_h - top - 42) * MM))

    seals_to_draw: list = []

    def folio(n):
        text = s.folio.format(n=n)
        w = width_of(text, s.body_font, s.folio_pt, s.folio_pt / MM)
        side = s.folio_sides[0] if n % 2 else s.folio_sides[1]
        inset = s.folio_pt / MM
        x = s.left + s.width - inset - w if side == "right" else s.left + inset if side == "left" else s.left + (s.width - w) / 2
        top = s.top + 225 + s.folio_below
        _put(c, text, s.body_font, s.folio_pt, x, top + 0.88 * s.folio_pt / MM, paper_h, s.folio_pt / MM)

    full = (BODY * 3)[: s.chars_per_line]
    # ---- page 1: the 版头, the title, the body
    k = 0
    if s.letter:
        mark_pt = 22
        mark_base = 30 + 0.88 * mark_pt / MM
        centred(mark_base, "某某省人民政府", "song", mark_pt, colour=(1, 0, 0))
        c.setStrokeColorRGB(1, 0, 0)
        x0 = (paper_w - s.letter_length) / 2

        def double(top_edge, weights):  # two lines 0.5 mm apart, from top_edge down
            y = top_edge
            for w in weights:
                c.setLineWidth(w * MM)
                c.line(x0 * MM, (paper_h - y - w / 2) * MM, (x0 + s.letter_length) * MM, (paper_h - y - w / 2) * MM)
                y += w + 0.5
            return y

        rule_bottom = double(mark_base + 0.12 * mark_pt / MM + s.letter_mark_gap, s.letter_top_weights)
        double(paper_h - s.letter_bottom - sum(s.letter_bottom_weights) - 0.5, s.letter_bottom_weights)
        fields_base = rule_bottom + 7 / 8 * em + 0.88 * em
        _put(c, "000123", "hei", 16, s.left, fields_base, paper_h, char / 2)
        w = width_of(s.docnumber, s.body_font, 16, char)
        _put(c, s.docnumber, s.body_font, 16, s.left + s.width - w, fields_base, paper_h, char)
        title_top = fields_base + 0.12 * em + 2 * pitch
        k = (title_top + 2 * pitch - s.top) // pitch + 1
    elif s.order:
        mark_pt = 30
        mark_base = s.top + 20 + 0.88 * mark_pt / MM
        centred(mark_base, "某某省人民政府令", "song", mark_pt, colour=(1, 0, 0))
        slot = mark_base + 0.12 * mark_pt / MM + s.order_number_lines * pitch
        w = width_of("第7號", s.body_font, 16, char)
        _put(c, "第7號", s.body_font, 16, s.left + (s.width - w) / 2 + s.order_number_offset, slot + pitch / 2 + 0.38 * em,
             paper_h, char)
        title_top = slot + 3 * pitch
        k = (title_top + 2 * pitch - s.top) // pitch + 1
    elif s.masthead:
        _put(c, "000123", "hei", 16, s.left + s.fields_inset, baseline(0), paper_h, char / 2)
        _put(c, "特急", "hei", 16, s.left + s.fields_inset, baseline(2), paper_h, char)
        mark_pt = 30
        mark_base = s.top + s.mark_top + 0.88 * mark_pt / MM
        centred(mark_base, "某某省人民政府文件", "song", mark_pt, colour=(1, 0, 0))
        mark_bottom = mark_base + 0.12 * mark_pt / MM
        slot = mark_bottom + 2 * pitch
        number_base = slot + pitch / 2 + 0.38 * em
        centred(number_base, s.docnumber, s.body_font, 16)
        rule_y = number_base + 0.12 * em + s.rule_gap
        c.setStrokeColorRGB(1, 0, 0)
        c.setLineWidth(0.5 * MM)
        c.line(s.left * MM, (paper_h - rule_y) * MM, (s.left + (s.rule_length or s.width)) * MM, (paper_h - rule_y) * MM)
        title_top = rule_y + s.title_lines_after_rule * pitch + 1
        k = (title_top + 2 * pitch - s.top) // pitch + 1
    else:
        title_top = s.top + pitch
        k = 4
    centred(title_top + 0.88 * 22 / MM, "關於加強安全生產工作的通知", "song", 22)
    if s.first_page_body:
        body_line(k, "各區人民政府，市政府各部門：")
        k += 1
        marks_ = list(s.headings)
        while k < s.lines_per_page:
            if marks_ and k % 3 == 0:
                mark = marks_.pop(0)
                font = s.heading1_font if mark.endswith("、") else s.heading2_font
                body_line(k, mark + "總體要求", indent=2, font=font)
            else:
                text = full
                if s.half_width and k == s.lines_per_page - 2:
                    text = full[:10] + "," + full[11:]
                body_line(k, text, indent=0)
            k += 1
    if not s.letter or s.letter_folio_1:
        folio(1)
    c.showPage()
    # ---- page 2: body, the closing
    k = 0
    for _ in range(6):
        body_line(k, full)
        k += 1
    if s.kinsoku_break:
        body_line(k, "，" + full[1:])
        k += 1
    body_line(k, full[:12] + "。", indent=0)
    k += 2
    for n, title in enumerate(s.listed, 1):
        number = f"{n}．" if len(s.listed) > 1 else ""
        body_line(k, ("附件：" if n == 1 else "") + number + title, indent=2 if n == 1 else 5)
        k += 1
    if s.listed:
        k += 1
    date_w = width_of(s.date, s.body_font, s.body_pt, char)
    date_x = s.left + s.width - s.date_right_chars * char - date_w
    sig = "某某省人民政府"
    sig_w = width_of(sig, s.body_font, s.body_pt, char)
    body_line_x = date_x + (date_w - sig_w) / 2 + s.signature_offset_chars * char
    if s.seals:
        seal_top = baseline(k - 2) + 0.12 * em + s.seal_top_gap * pitch
        while baseline(k) - 0.88 * em < seal_top + 21 - 0.5:  # the 署名 under the seal's centre
            k += 1
        k -= s.signature_up
        centres = [date_x + date_w / 2 - n * s.seal_pitch for n in range(s.seals)]
        if s.seals > 1:
            other = "某某省財政廳"
            other_w = width_of(other, s.body_font, s.body_pt, char)
            _put(c, other, s.body_font, s.body_pt, centres[1] - other_w / 2, baseline(k), paper_h, char)
        for n, centre in enumerate(centres):
            seal(centre + (s.seal_dx if n == 0 else 0), seal_top)
    if s.closing and s.order:  # 7.3.5.3: 职务 and 签名章 on one line, the date under it
        k += s.order_stamp_lines - 1
        name_x = s.left + s.width - s.order_stamp_right * char - width_of("某某某", s.body_font, s.body_pt, char)
        _put(c, "某某某", s.body_font, s.body_pt, name_x, baseline(k), paper_h, char)
        title_x = name_x - s.order_title_gap * char - width_of("省長", s.body_font, s.body_pt, char)
        _put(c, "省長", s.body_font, s.body_pt, title_x, baseline(k), paper_h, char)
        k += s.order_date_lines
        _put(c, s.date, s.body_font, s.body_pt, date_x, baseline(k + 1), paper_h, char)
    elif s.closing:
        _put(c, sig, s.body_font, s.body_pt, body_line_x, baseline(k), paper_h, char)
        _put(c, s.date, s.body_font, s.body_pt, date_x, baseline(k + 1), paper_h, char)
        body_line(k + 2, "（此件公開發布）", indent=s.note_indent_chars, font=None if s.note_embedded else CID_FONT)
    for image, x, y in seals_to_draw:
        c.drawImage(image, x, y, 42 * MM, 42 * MM, mask="auto")
    folio(2)
    pages = 2
    for n, title in enumerate(s.attached, 1):
        c.showPage()
        pages += 1
        _put(c, f"附件{n}" if len(s.attached) > 1 else "附件", "hei", 16, s.left, baseline(0), paper_h, char)
        centred(baseline(2) + 0.12 * em, title, "song", 22)
        body_line(4, full)
        folio(pages)
    numbered = pages
    if pages % 2 == 1 or not s.imprint_page_even:  # the 版记's page: even, unless asked otherwise
        c.showPage()
        pages += 1
        body_line(0, full)
    # the 版记 at the foot of the last page
    bottom = s.top + 225
    last_rule = bottom if s.imprint_rule_at_bottom else bottom - 20
    copy_lines = 1 if s.copy_wrap is None else 2
    printed_lines = 2 if s.printed_split else 1
    if s.letter:  # 10.1: no rules and no 印发 line
        printed_lines = 0
    first_rule = last_rule - (copy_lines + printed_lines) * pitch
    heavy, thin, last_w = s.imprint_weights
    c.setStrokeColorRGB(0, 0, 0)
    for y, w in () if s.letter else ((first_rule, heavy), (last_rule - printed_lines * pitch, thin), (last_rule, last_w)):
        c.setLineWidth(w * MM)
        c.line(s.left * MM, (paper_h - y) * MM, (s.left + (s.imprint_rule_length or s.width)) * MM, (paper_h - y) * MM)
    em4 = 14 / MM
    imprint_base = first_rule + pitch / 2 + 0.38 * em4
    copy = "抄送：省委辦公廳。"
    if s.copy_wrap is not None:  # a first line as long as the 版记 allows, its last character 右空一字
        room = round(s.width / em4 - s.copy_inset - s.copy_right_inset)
        copy = ("抄送：" + "省委辦公廳、省人大常委會辦公廳、省政協辦公廳、" * 3)[:room]
    _put(c, copy, s.body_font, 14, s.left + s.copy_inset * em4, imprint_base, paper_h, em4)
    if s.copy_wrap is not None:
        _put(c, "省人大常委會辦公廳。", s.body_font, 14, s.left + (s.copy_inset + 3 + s.copy_wrap) * em4,
             imprint_base + pitch, paper_h, em4)
    printed_base = imprint_base + copy_lines * pitch
    if printed_lines:
        _put(c, "某某省人民政府辦公廳", s.body_font, 14, s.left + s.printed_inset[0] * em4, printed_base, paper_h, em4)
        w = width_of("2024年3月1日印發", s.body_font, 14, em4)
        _put(c, "2024年3月1日印發", s.body_font, 14, s.left + s.width - s.printed_inset[1] * em4 - w,
             printed_base + (printed_lines - 1) * pitch, paper_h, em4)
    if pages > numbered:
        folio(pages)
    c.showPage()
    c.save()
    return path


def variant(**kw) -> Spec:
    return replace(Spec(), **kw)

