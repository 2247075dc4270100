"""Rules that tell web boilerplate from report text.

Each rule names a reason; the reader keeps every removed line, with its reason,
in the model's <dropped> part.
"""
from __future__ import annotations

import re
from functools import lru_cache

from convert.chars import HAN_RANGES
from convert.model import dates

HAN = "[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in HAN_RANGES) + "]"  # a Han character, as a regex class

SENTENCE_PUNCT = re.compile(r"[，。；！？,;!?]")

INFOBOX_HEADINGS = frozenset({"基本介紹", "基本介绍", "基本信息", "基本資料", "基本资料", "目錄", "目录", "詞條目錄", "词条目录"})
INFOBOX_KEYS = (
    "中文名", "外文名", "英文名", "發布單位", "发布单位", "發文單位", "发文单位", "發布時間", "发布时间", "發布日期", "发布日期",
    "實施時間", "实施时间", "文號", "文号", "類別", "类别", "性質", "性质", "作者", "頒布時間", "颁布时间", "屬性", "属性",
)
_BULLET = re.compile(r"^[•·●▪◦‧・\-\*]\s*")
_KEY_VALUE = re.compile(r"^(?P<key>[^\s:：]{1,10})\s*[:：]\s*(?P<value>.+)$")
_ENCYCLOPEDIA_LEAD = re.compile(r"^《[^》]{2,80}》是.{2,80}[。.]$")
# A page's source, time and counter fields (文章来源：… 更新时间：… 浏览次数：… 字号：大 中 小).
_SITE_KEYS = (
    r"(?:文章|信息|稿件|新闻|新聞|资料|資料|内容|內容)?(?:来源|來源|出处|出處)|(?:发布|發布|更新|发文|發文|上传|上傳)(?:时间|時間|日期)|"
    r"(?:浏览|瀏覽|访问|訪問|阅读|閱讀|点击|點擊)(?:次数|次數|量|数|數)?|责任编辑|責任編輯|编辑|編輯|字号|字號|时间|時間|"
    r"作者|发布人|發布人|转载自|轉載自|视力保护色|視力保護色"
)
_SITE_LINE = re.compile(rf"^[【\[]?(?:{_SITE_KEYS})[】\]]?\s*[:：]")
# a document's note on where its figures come from, never a page's source line
_SOURCES_NOTE = re.compile(r"^(?:资料|資料|数据|數據)(?:来源|來源)[ \u3000]*[:：]?")
_SITE_FIELD = re.compile(rf"(?:{_SITE_KEYS})\s*[:：]")
_SITE_WORDS = re.compile(r"(打印本页|打印本頁|关闭窗口|關閉窗口|分享到|【字体|【字體|返回顶部|返回頂部|扫一扫|掃一掃|收藏本页)")
_URL = re.compile(r"^(https?://|www\.)\S+$")
# A page's own date line: 2025年1月15日 星期三 / 星期三 2025-01-15 (the day it was viewed, not the document's).
_DATE = rf"(?:{dates.FIGURES_DAY}|[0-9０-９]{{4}}[-/.][0-9]{{1,2}}[-/.][0-9]{{1,2}})"
_WEEKDAY = r"(?:星期|周|週|礼拜|禮拜)[一二三四五六日天]"
_PAGE_DATE = re.compile(rf"^(?:{_DATE}\s*(?:农历\S*\s*)?{_WEEKDAY}|{_WEEKDAY}\s*{_DATE})(?:\s*农历\S*)?$")
# A line of a sharing or reposting site: its blurb (简介：本站小编为你整理了…), its own name
# for itself, its list of documents (第一篇：), a lone button (【阅读全文】), the page's
# accessibility and QR-code widgets.
_SHARING_SITE = re.compile(
    r"^(?:简介|簡介|导读|導讀)\s*[:：]|本站|本網站|本网站|小编|小編|^第[一二三四五六七八九十]{1,3}篇\s*[:：]|"
    r"^[【\[](?:阅读全文|閱讀全文|下载本文|下載本文|查看全文|展开全文|展開全文|点击查看|點擊查看)[】\]]$|"
    r"下载本文|下載本文|会员上传|會員上傳|无障碍|無障礙|长者模式|長者模式|长者专版|長者專版|二维码|二維碼|IPv6|打赏|打賞"
)
SHARING_MAX = 80  # longer is a paragraph that may name such things
# 今天是：2021年5月12日 星期三 农历四月初一: a site's date widget, whatever follows it on the line.
_TODAY = re.compile(rf"^(?:今天是|今日是|今天|今日)\s*[:：,，]?\s*(?:{_DATE}|[,，]?\s*欢迎|[,，]?\s*歡迎)")
TODAY_MAX = 40
# 2022-05-19 / 06.05.2014  20:16: a date in figures alone on its line, a page's timestamp (a
# document dates itself in 年月日).
_TIMESTAMP = re.compile(r"^[0-9]{1,4}[-./][0-9]{1,2}[-./][0-9]{1,4}(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$")
# 发布一下 0 0 / 点赞 12 评论 3: a button with its counters
_COUNTERS = re.compile(
    r"^(?!第)(?:[^\s0-9，。]{2,6}[ \t\u3000]+[0-9]+[ \t\u3000]*){2,3}$|^(?!第)[^\s0-9，。]{2,6}(?:[ \t\u3000]+[0-9]+){2,}$")
_LEADING_MARK = re.compile(r"^[•·●▪◦‧・\-\*]\s*")
# A column's or a news agency's prefix on the title's line: 政务服务丨…, 【区应急管理局】…,
# 北京：…, 新华网北京3月16日电 …; the rest must be a complete title (the reader checks).
_COLUMN_PREFIX = re.compile(
    r"^(?P<prefix>(?:(?!附件|關於|关于)[^\s，。：:丨|｜【】《》]{1,10}\s*[丨|｜]|【[^】《》]{1,12}】|"
    r"(?!附件)[^\s，。：:《》关關]{1,6}[：:])\s*)(?P<title>\S.*)$"
)
_NEWS_DATELINE = re.compile(
    r"^(?P<prefix>[^\s，。：:《》]{2,16}?[0-9０-９一二三四五六七八九十]{1,2}月[0-9０-９一二三四五六七八九十]{1,3}日电"
    r"(?:[（(][^）)]{1,20}[）)])?[\s\u3000]*)(?P<title>\S.*)$"
)
# 某某省人民政府办公厅文件: a 版头 (the issuer's red header), not a title.
_BANNER = re.compile(
    r"^(?!.*(?:关于|關於|的))[^\s，。：:]{2,30}?(?:人民政府|政府|委员会|委員會|办公厅|辦公廳|办公室|辦公室|委|厅|廳|局|部|院|署|会|會)"
    r"[\s\u3000]*文[\s\u3000]*件$"
)
# 某政发〔2014〕20号《某某省人民政府关于…的实施意见》: a site's heading that glues the 文号 to
# the title in book-title marks, over the document that prints both itself.
_NUMBERED_HEADING = re.compile(r"^\S{1,16}[〔［\[][0-9０-９]{4}[〕］\]]\s*[0-9０-９]+\s*[号號]\s*《[^》]{4,80}》$")


HEADLINE_MAX = 30
# • 法律图书馆 / • 新法规速递 / • 关于…的通知: a bulleted navigation item above the title
# (a bulleted field has a colon and is the metadata list's).
_NAV_ITEM = re.compile(r"^[•·●▪◦‧・][ \u3000]*[^\s:：，。；！？]{2,80}$")
# 您所在的位置：… / 当前位置：…: a breadcrumb announced as one, whatever its separators.
_LOCATION = re.compile(r"^(您|你)?(现在|現在)?(所在|当前|當前)?的?(位置|所在位置)\s*[:：]")
# A byline: who published the page, and when (青禾日报 2024-03-01 09:30 / 2024年3月1日 东川发布).
_TIME = r"(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?"
_BYLINE = re.compile(rf"^(?:[^\s，。：:]{{2,20}}[ \t\u3000]+{_DATE}{_TIME}|{_DATE}{_TIME}[ \t\u3000]+[^\s，。：:]{{2,20}})$")
# The site's name over its pages: 青禾市人民政府门户网站, 东川新闻网 (a name, not a title's first
# line: 国务院办公厅关于加强政府网站 / 信息内容建设的意见).
_SITE_NAME = re.compile(r"^(?!.*(?:关于|關於|的|和|及|与|與|对|對))[^\s，。：:]{2,14}(门户网站|門戶網站|网站|網站|政府网|政府網|官网|官網|新闻网|新聞網)$")
# A page title: the document's title, then the site's name, maybe after its section
# (…的通知_中国政府网, …的通知_政策文件_某某网, …报告 | 青禾发布).
_PAGE_TITLE = re.compile(
    r"^(?P<title>.{4,80}?)(?P<site>(?:\s*(?:_|\||｜| - | — )\s*[^_|｜\s]{1,20}?)*?\s*(?:_|\||｜| - | — )\s*[^_|｜\s]{0,18}"
    r"(?:网|網|网站|網站|门户|門戶|政府|发布|發布|平台|平臺|客户端|客戶端|在线|在線|频道|頻道|日报|日報|新闻|新聞))$"
)
# A row of page buttons: 【打印】【关闭】 / [打印本页] [关闭窗口].
_BUTTONS = re.compile(r"^(?:[【\[][^】\]]{1,8}[】\]]\s*){2,}$")
# A site's promotional blurb: follow us, download the app, scan the code (the call opens the
# line or a clause: 关于规范下载类APP管理的通知 is a title).
_PROMO_WORDS = re.compile(
    r"(关注我们|關注我們|欢迎访问|歡迎訪問|点击上方|點擊上方|阅读原文|閱讀原文|"
    r"(?:^|请|請|欢迎|歡迎|点击|點擊|长按|長按|敬请|敬請|[，,！!])(关注|關注|订阅|訂閱|下载|下載|打开|打開|扫描|掃描|扫码|掃碼)"
    r".{0,12}(公众号|公眾號|客户端|客戶端|APP|App|app|二维码|二維碼|微博|微信|视频号|視頻號))"
)
PROMO_MAX = 60  # a blurb is one short line; a longer one is report text that names a 公众号

# A watermark: a site address a page stamps into its text, even inside a word, sometimes
# after its source (来源：某某网 www.…). An address the text introduces is content, not a stamp.
_WATERMARK = re.compile(
    r"[ \t\u3000]*(?:(?:来源|來源)\s*[:：]\s*[^\s:：，。；]{2,12}?(?:网|網)\s*)?"
    r"www\.(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,6}(?![A-Za-z])(?:/[A-Za-z0-9._~%/?=&#-]*)?[ \t\u3000]*"
)
_INTRODUCED_BEFORE = re.compile(r"(登录|登陆|登錄|访问|訪問|网址|網址|网站|網站|详见|詳見|浏览|瀏覽|查询|查詢|进入|進入|通过|通過|[:：（(“「《])\s*$")
_INTRODUCED_AFTER = re.compile(r"^\s*[）)”」》]")
INTRODUCER = 8  # characters looked at either side of an address
_BREADCRUMB_SEPARATORS = re.compile(r"\s*(>|»|›|/|｜|\|)\s*")

# The labels of a page's metadata list, as government and law sites print it above the
# document (• 索引号：… / 【发文号】… / 索引号 | … | 组配分类 | …); Simplified forms, a
# Traditional label is converted before it is looked up.
METADATA_LABELS = frozenset({
    "索引号", "主题分类", "公文目录", "公文种类", "体裁分类", "组配分类", "信息分类", "所属类别", "类别", "主题词", "关键词",
    "文号", "发文字号", "发文号", "发布文号", "成文日期", "发文日期", "发布日期", "颁布日期", "颁布时间", "生成日期",
    "实施日期", "生效日期", "失效日期", "失效时间", "效力状态", "有效性", "时效性", "发布机构", "发文机关", "发文机构",
    "发文单位", "发布单位", "颁布单位", "名称", "标题", "公开方式", "公开范围", "公开时限", "法规来源", "文件来源", "法规全文", "归档时间",
})
METADATA_MAX = 400  # a line of the list, however many fields; longer is text
ISSUER_LABELS = ("发文机关", "发布机构", "发文机构", "发文单位", "发布单位", "颁布单位")
DATE_LABELS = ("成文日期", "发文日期", "颁布日期", "颁布时间", "发布日期")
DOCNUMBER_LABELS = ("发文字号", "文号", "发文号", "发布文号")
# a label: its characters maybe spaced (索 引 号), maybe with a conversion's pinyin residue
# (發（fā）布), in 【】 or before a colon or a pipe
_PINYIN = r"(?:[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[）)])"
_LABEL_CHAR = rf"{HAN}{_PINYIN}?"
_METADATA_LABEL = re.compile(
    rf"【\s*(?P<bracketed>(?:{_LABEL_CHAR}[ \u3000]*){{2,6}})】|"
    rf"(?P<plain>(?:{_LABEL_CHAR}[ \u3000]*){{2,6}})(?:[:：]|[ \u3000]*[|｜])"
)
_LIST_MARK = re.compile(r"^(?:[•·●▪◦‧・\-\*]|[0-9]{1,2}[.、．])?\s*")


def without_pinyin(text: str) -> str:
    """The text without a conversion's pinyin residue (區(qū) → 區): its length as printed."""
    return re.sub(_PINYIN, "", text) if "(" in text or "（" in text else text


@lru_cache(maxsize=4096)
def simplified_label(text: str) -> str:
    from convert.transforms import script

    label = re.sub(_PINYIN, "", re.sub(r"[ \u3000]", "", text))
    # t2s alone: the pair of converters costs ten times as much to build, in every process
    return script.opencc_converter("t2s").convert(label)


def _opens_with_label(body: str) -> bool:
    """Does a known label open the line (after spaces and pipes), as metadata_fields reads
    labels? If not, the first it finds has text before it, and the line is no list's."""
    m = _METADATA_LABEL.match(body, len(body) - len(body.lstrip(" \u3000|｜")))
    if m is None:
        return False
    if m.group("bracketed"):
        return simplified_label(m.group("bracketed")) in METADATA_LABELS
    raw = m.group("plain")
    # the label is the last characters that make one: known from the first character only
    return next((start for start in range(len(raw) - 2, -1, -1) if simplified_label(raw[start:]) in METADATA_LABELS),
                None) == 0


def metadata_fields(line: str, in_list: bool = False) -> dict[str, str] | None:
    """The fields of a line of a page's metadata list ({label: value}, labels Simplified), or
    None if the line is not one: it opens with a known label (after a bullet or a number), and
    either has two known labels, is set as a list item, in 【】, or with a bullet, or follows
    a line of the list (`in_list`: 名    称：… under 索 引 号：… 主题分类：…)."""
    s = line.strip()
    if len(s) > METADATA_MAX:
        return None
    body = _LIST_MARK.sub("", s, count=1)
    marked = len(body) < len(s) or body.count("|") + body.count("｜") >= 2  # a list item, or a row of a pipe table
    if not marked and not _opens_with_label(body):
        return None  # most lines: told without looking for labels all along them
    spans = []
    for m in _METADATA_LABEL.finditer(body):
        raw = m.group("bracketed") or m.group("plain")
        # a plain label is the label's last characters only (值发布机构：… after a value)
        for start in range(len(raw) - 2, -1, -1) if m.group("plain") else [0]:
            label = simplified_label(raw[start:])
            if label in METADATA_LABELS:
                spans.append((m.start() + (start if m.group("plain") else 0), m.end(), label))
                break
    if not spans:
        m = re.match(r"^(\S{2,6})[ \u3000]+\S", body)  # • 发文字号 兰陵政字〔2024〕32号
        if marked and m and simplified_label(m.group(1)) in METADATA_LABELS:
            spans = [(0, m.end(1), simplified_label(m.group(1)))]
            for m in re.finditer(r"[•·●][ \u3000]*(\S{2,6})[ \u3000]+", body):
                if simplified_label(m.group(1)) in METADATA_LABELS:
                    spans.append((m.start(), m.end(), simplified_label(m.group(1))))
    if not spans or spans[0][0] > 0 and body[:spans[0][0]].strip(" \u3000|｜"):
        return None
    if len(spans) < 2 and not marked and not body.startswith("【") and not in_list:
        return None
    fields = {}
    for (_, end, label), following in zip(spans, spans[1:] + [(len(body), 0, "")]):
        fields[label] = body[end:following[0]].strip(" \u3000|｜•·-—:：，,；;")
    return fields


TAIL_LABELS = frozenset({
    "相關詞條", "相关词条", "熱門詞條", "热门词条", "聯絡我們", "联系我们", "聯繫我們", "參考資料", "参考资料", "詞條標籤", "词条标签",
    "網站地圖", "网站地图", "返回頂部", "返回顶部", "上一篇", "下一篇", "相關閱讀", "相关阅读", "相關新聞", "相关新闻",
    "Public domain", "public domain", "false", "true", "打印本页", "关闭窗口", "打印本頁", "關閉窗口",
})
_TAIL_WORDS = r"(?:版权所有|版權所有|版权声明|版權聲明|免责声明|免責聲明|意见反馈|意見反饋|Copyright)"
# A short last line naming a footer's word is the site's only in a footer's shape: opening with it
# (版权声明：…), or with it as a segment of its own (某某网 版权所有, 网站地图 | 意见反馈, …政府版权所有), a © or a
# licence number; a document's sentence naming a 免责声明 or an ICP备案 is no footer.
_TAIL_LINE = re.compile(
    rf"^[【\[]?{_TAIL_WORDS}|(?:^|[\s|｜/·•])[【\[]?{_TAIL_WORDS}[】\]]?(?:$|[\s|｜/·•:：©])|(?:版权所有|版權所有)(?:$|[\s:：©])|©|ICP[备備]\s*[0-9]{{6,}}")
# Lines a site puts under its pages whatever their length: a disclaimer (免责声明：本文仅代表作者
# …), the page's own address (本文地址：http://…), the footer with the site's ICP licence
# number (粤ICP备05026010号: no document prints its site's licence), an attachment's
# download counter (附件【….jpg】已下载 12 次).
_NOTICES = r"(?:免责声明|免責聲明|版权声明|版權聲明|特别声明|特別聲明)"
DISCLAIMER = re.compile(rf"^(?:[【\[]{_NOTICES}[】\]]\s*[:：]?|{_NOTICES}\s*[:：])")
_PERMALINK = re.compile(r"^(?:本文|本页|本頁|原文|文章)(?:地址|链接|鏈接|网址|網址)\s*[:：]\s*(?:https?://|www\.)\S+$")
_ICP_LICENCE = re.compile(r"ICP[备備]\s*[0-9]{6,}\s*[号號]")
_DOWNLOADS = re.compile(r"(?:已下载|已下載)\s*[0-9]*\s*次|(?:下载次数|下載次數)\s*[:：]")
FOOTER_MAX = 400  # a site's footer run into one line: its links, addresses, licence numbers


def is_page_end_line(s: str) -> bool:
    """A disclaimer, permalink, licence footer or download counter (see above)."""
    return len(s) <= FOOTER_MAX and bool(DISCLAIMER.match(s) or _PERMALINK.match(s) or _ICP_LICENCE.search(s)
                                          or _DOWNLOADS.search(s))


_LICENCE_START = re.compile(r"^(本作品(是|在|采用|採用|依|屬|属|来自|來自|不适用|不適用)|This work is)")
_LICENCE_WORDS = re.compile(r"(公有领域|公有領域|public domain|Public domain|许可协议|許可協議|授权|授權|CC BY|著作权法|著作權法)")


def head_reason(line: str, title: str | None, page_title: str | None = None) -> str | None:
    """Why a line before the body is boilerplate, or None if it may be report text.
    `title` is the title found so far; `page_title` the best guess breadcrumbs end with."""
    s = line.strip()
    if len(_SITE_FIELD.findall(s)) >= 2:  # 发布时间：… 来源：… 浏览次数：…, whatever its first field
        return "site-line"
    if s in INFOBOX_HEADINGS:
        return "infobox"
    if _BULLET.match(s) and _KEY_VALUE.match(_BULLET.sub("", s)):
        return "infobox"
    kv = _KEY_VALUE.match(s)
    if kv and kv.group("key") in INFOBOX_KEYS:
        return "infobox"
    if metadata_fields(s) is not None:
        return "metadata"
    if _ENCYCLOPEDIA_LEAD.match(s):
        return "encyclopedia-lead"
    if _SITE_LINE.match(_LEADING_MARK.sub("", s)) or _SITE_WORDS.search(s) or _BUTTONS.match(s):
        return "site-line"
    if len(s) <= SHARING_MAX and _SHARING_SITE.search(s) or len(s) <= TODAY_MAX and _TODAY.match(s):
        return "site-line"
    if _TIMESTAMP.match(s) or _COUNTERS.match(s):
        return "site-line"
    if _PAGE_DATE.match(s) or len(s) <= PROMO_MAX and _PROMO_WORDS.search(s):
        return "site-line"
    if _URL.match(s):
        return "url"
    if _BANNER.match(s):
        return "banner"
    if _NUMBERED_HEADING.match(s):
        return "site-heading"
    if _SITE_NAME.match(s) or _BYLINE.match(s):
        return "site-line"
    if _LOCATION.match(s):
        return "breadcrumb"
    if not title and _NAV_ITEM.match(s):
        return "breadcrumb"
    if not title and len(s) <= HEADLINE_MAX and s[-1] in "！!" and not s.startswith("各"):
        return "site-line"  # a portal's headline (某村庄将发生大变化！): no document's head exclaims
    if title and s == title:
        return "title-repeat"
    if is_breadcrumb(s, page_title or title):
        return "breadcrumb"
    return None


def split_page_title(s: str) -> tuple[str, str] | None:
    """(title, site) of a page's title line that ends in the site's name after a separator."""
    m = _PAGE_TITLE.match(s)
    if not m or SENTENCE_PUNCT.search(m.group("title")):
        return None
    return m.group("title"), m.group("site")


def split_title_prefix(s: str) -> tuple[str, str, str] | None:
    """(reason, prefix, rest) of a title line with a news dateline or a column's name before it."""
    m = _NEWS_DATELINE.match(s)
    if m:
        return "news-dateline", m.group("prefix"), m.group("title")
    m = _COLUMN_PREFIX.match(s)
    if m and not SENTENCE_PUNCT.search(m.group("title")):
        return "site-line", m.group("prefix"), m.group("title")
    return None


def strip_watermarks(s: str) -> tuple[str, list[str]]:
    """The line without the site addresses stamped into it, and what was removed.
    The text on either side joins back: a stamp inside a word leaves the word whole."""
    removed: list[str] = []

    def cut(m: re.Match) -> str:
        # a few characters either side: the whole line may be megabytes long
        before, after = m.string[max(0, m.start() - INTRODUCER):m.start()], m.string[m.end():m.end() + INTRODUCER]
        stamped_source = m.group(0).lstrip().startswith(("来源", "來源"))
        if not stamped_source and (_INTRODUCED_BEFORE.search(before) or _INTRODUCED_AFTER.match(after)):
            return m.group(0)
        removed.append(m.group(0))
        latin_words = before[-1:].isascii() and before[-1:].isalnum() and after[:1].isascii() and after[:1].isalnum()
        return " " if latin_words else ""

    if "www." not in s:
        return s, removed
    return _WATERMARK.sub(cut, s), removed


def is_breadcrumb(s: str, title: str | None) -> bool:
    """Navigation: segments joined by separators or spaces, no sentence punctuation,
    usually ending in the page's own title."""
    if SENTENCE_PUNCT.search(s):
        return False
    if len(_BREADCRUMB_SEPARATORS.findall(s)) >= 2 and ("首页" in s or "首頁" in s or (title and title in s)):
        return True
    segments = [seg for seg in re.split(r"[ \u3000]+", s) if seg]
    return len(segments) >= 2 and bool(title) and segments[-1] == title


def last_crumb(s: str) -> str | None:
    """The last place a breadcrumb names (首页>>检务公开>>公告公示: 公告公示), if it is a word."""
    last = re.split(r"[>»›/｜|:：\s]+", s.strip())[-1]
    return last if 2 <= len(last) <= 8 and not SENTENCE_PUNCT.search(last) else None


def infobox_value(line: str, keys: tuple[str, ...]) -> str | None:
    """The value of an infobox line whose key is one of `keys`."""
    kv = _KEY_VALUE.match(_BULLET.sub("", line.strip()))
    if kv and kv.group("key") in keys:
        return kv.group("value").strip()
    return None


def tail_start(lines: list[str]) -> tuple[int, dict[int, str]]:
    """Index where trailing boilerplate begins, and the reason for each dropped index.

    Trailing site links and labels are dropped from the end backwards; a licence
    block (Wikisource's public-domain notice) is dropped from its first line on.
    """
    reasons: dict[int, str] = {}
    end = len(lines)
    # A licence notice near the end: from its first line to the end of file.
    for i in range(len(lines) - 1, int(len(lines) * 0.5) - 1, -1):
        if _LICENCE_START.match(lines[i].strip()) and any(_LICENCE_WORDS.search(x) for x in lines[i:i + 12]):
            for j in range(i, len(lines)):
                if lines[j].strip():
                    reasons[j] = "licence"
            end = i
            break
    # Site links, walking back over blank lines.
    i = end - 1
    while i >= 0:
        s = lines[i].strip()
        if not s:
            i -= 1
            continue
        if _SOURCES_NOTE.match(s):
            break  # 资料来源：… at the end is the document's own note (a bulletin's), not the page's source
        if s in TAIL_LABELS or is_page_end_line(s) or (len(s) <= 60 and (_TAIL_LINE.search(s) or _SITE_WORDS.search(s) or _SHARING_SITE.search(s)
                                                    or _SITE_LINE.match(s) or _COUNTERS.match(s))
                                ) or _URL.match(s):
            reasons[i] = "site-links"
            end = i
            i -= 1
            continue
        break
    start = _reposting_start(lines, end)
    if start is None:
        start = _editor_line(lines, end)
    if start is not None:
        for j in range(start, end):
            if lines[j].strip():
                reasons[j] = "site-links"
        end = start
    return end, reasons


# A reposting site's block under the document's closing: its source line (来源：…, 转载自：…) and
# the buttons after it (122, 小程序, 微信扫码，查看优惠, APP), each too short to be a site line by
# its words. Taken from a source line a few lines under a date standing alone (the closing's),
# when nothing after it is longer than a button or ends a sentence; with the line above it that
# introduces it (原文如下：), which then introduces only the site's lines.
_REPOST = re.compile(r"^(?:文章|信息|稿件|新闻|新聞|内容|內容)?(?:来源|來源|出处|出處|转载自|轉載自)\s*[:：]")
_CLOSING_DATE = re.compile(rf"^{dates.DAY}$")
_SENTENCE_END = re.compile(r"[。！？；!?;]$")
REPOST_LINES = 12  # non-blank lines of the block at most
REPOST_SHORT = 16  # characters of a line after the source line at most: a button's, a site's name
REPOST_AFTER_DATE = 3  # non-blank lines between the closing's date and the source line at most


def _editor_line(lines: list[str], end: int) -> int | None:
    """The page's editor line among the article's last lines (责任编辑：…): a news page's article
    ends there, and what follows it in the same block (a related article's teaser, the source
    again) is the page's."""
    filled = [k for k in range(end) if lines[k].strip()]
    return next((k for k in filled[-EDITOR_LINES:] if _EDITOR.match(lines[k].strip())), None)


_EDITOR = re.compile(r"^[【\[]?(?:责任编辑|責任編輯)[】\]]?\s*[:：]")
EDITOR_LINES = 5  # the last non-blank lines an editor line is looked for in


def _reposting_start(lines: list[str], end: int) -> int | None:
    filled = [k for k in range(end) if lines[k].strip()]
    first = max(0, len(filled) - REPOST_LINES)
    for pos in range(first, len(filled)):
        s = lines[filled[pos]].strip()
        if not _REPOST.match(s) or _SOURCES_NOTE.match(s):
            continue
        after = [lines[k].strip() for k in filled[pos + 1:]]
        if any(len(x) > REPOST_SHORT or _SENTENCE_END.search(x) for x in after):
            return None
        before = [lines[k].strip() for k in filled[max(0, pos - REPOST_AFTER_DATE):pos]]
        if not any(_CLOSING_DATE.match(x) for x in before):
            return None
        lead = lines[filled[pos - 1]].strip() if pos else ""
        if len(lead) <= REPOST_SHORT and lead.endswith((":", "：")):
            return filled[pos - 1]  # 原文如下：, introducing only the site's lines
        return filled[pos]
    return None
