"""Rules that tell web boilerplate from report text.

Each rule names a reason; the reader keeps every removed line, with its reason,
in the model's <dropped> part.
"""
from __future__ import annotations

import re

SENTENCE_PUNCT = re.compile(r"[，。；！？,;!?]")

INFOBOX_HEADINGS = frozenset({"基本介紹", "基本介绍", "基本信息", "基本資料", "基本资料", "目錄", "目录", "詞條目錄", "词条目录"})
INFOBOX_KEYS = (
    "中文名", "外文名", "英文名", "發布單位", "发布单位", "發文單位", "发文单位", "發布時間", "发布时间", "發布日期", "发布日期",
    "實施時間", "实施时间", "文號", "文号", "類別", "类别", "性質", "性质", "作者", "頒布時間", "颁布时间", "屬性", "属性",
)
_BULLET = re.compile(r"^[•·●▪◦‧・\-\*]\s*")
_KEY_VALUE = re.compile(r"^(?P<key>[^\s:：]{1,10})\s*[:：]\s*(?P<value>.+)$")
_ENCYCLOPEDIA_LEAD = re.compile(r"^《[^》]{2,80}》是.{2,80}[。.]$")
_SITE_LINE = re.compile(
    r"^[【\[]?(来源|來源|信息来源|資料來源|发布时间|發布時間|更新时间|更新時間|发布日期|發布日期|浏览次数|瀏覽次數|"
    r"责任编辑|責任編輯|字号|字號|时间|時間|点击|點擊|阅读|閱讀)[】\]]?\s*[:：]"
)
_SITE_WORDS = re.compile(r"(打印本页|打印本頁|关闭窗口|關閉窗口|分享到|【字体|【字體|返回顶部|返回頂部|扫一扫|掃一掃|收藏本页)")
_URL = re.compile(r"^(https?://|www\.)\S+$")
_BREADCRUMB_SEPARATORS = re.compile(r"\s*(>|»|›|/|｜|\|)\s*")

TAIL_LABELS = frozenset({
    "相關詞條", "相关词条", "熱門詞條", "热门词条", "聯絡我們", "联系我们", "聯繫我們", "參考資料", "参考资料", "詞條標籤", "词条标签",
    "網站地圖", "网站地图", "返回頂部", "返回顶部", "上一篇", "下一篇", "相關閱讀", "相关阅读", "相關新聞", "相关新闻",
    "Public domain", "public domain", "false", "true", "打印本页", "关闭窗口", "打印本頁", "關閉窗口",
})
_TAIL_LINE = re.compile(r"(版权所有|版權所有|Copyright|©|ICP备|ICP備|免责声明|免責聲明|意见反馈|意見反饋)")
_LICENCE_START = re.compile(r"^(本作品(是|在|采用|採用|依|屬|属|来自|來自|不适用|不適用)|This work is)")
_LICENCE_WORDS = re.compile(r"(公有领域|公有領域|public domain|Public domain|许可协议|許可協議|授权|授權|CC BY|著作权法|著作權法)")


def head_reason(line: str, title: str | None, page_title: str | None = None) -> str | None:
    """Why a line before the body is boilerplate, or None if it may be report text.
    `title` is the title found so far; `page_title` the best guess breadcrumbs end with."""
    s = line.strip()
    if s in INFOBOX_HEADINGS:
        return "infobox"
    if _BULLET.match(s) and _KEY_VALUE.match(_BULLET.sub("", s)):
        return "infobox"
    kv = _KEY_VALUE.match(s)
    if kv and kv.group("key") in INFOBOX_KEYS:
        return "infobox"
    if _ENCYCLOPEDIA_LEAD.match(s):
        return "encyclopedia-lead"
    if _SITE_LINE.match(s) or _SITE_WORDS.search(s):
        return "site-line"
    if _URL.match(s):
        return "url"
    if title and s == title:
        return "title-repeat"
    if is_breadcrumb(s, page_title or title):
        return "breadcrumb"
    return None


def is_breadcrumb(s: str, title: str | None) -> bool:
    """Navigation: segments joined by separators or spaces, no sentence punctuation,
    usually ending in the page's own title."""
    if SENTENCE_PUNCT.search(s):
        return False
    if len(_BREADCRUMB_SEPARATORS.findall(s)) >= 2 and ("首页" in s or "首頁" in s or (title and title in s)):
        return True
    segments = [seg for seg in re.split(r"[ \u3000]+", s) if seg]
    return len(segments) >= 2 and bool(title) and segments[-1] == title


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
        if s in TAIL_LABELS or (len(s) <= 60 and _TAIL_LINE.search(s)) or _URL.match(s):
            reasons[i] = "site-links"
            end = i
            i -= 1
            continue
        break
    return end, reasons
