"""The kinds of document a title ends with (公文种类 of GB/T 9704 and the 党政机关公文处理工作条例,
and the other types official bodies publish), in both scripts.

One list for the reader (a title that ends so is complete; a regulation's 第X条 are articles)
and for the title breaker (a break before 的<kind> is a good one)."""
from __future__ import annotations

import re

# Simplified, then Traditional where it differs.
DOCUMENT_KINDS = (
    "通知", "通报", "意见", "报告", "决定", "决议", "批复", "复函", "函", "答复", "办法", "方案", "规定",
    "条例", "细则", "规则", "规划", "纲要", "公告", "通告", "公报", "命令", "令", "请示", "议案", "纪要",
    "讲话", "致辞", "指南", "目录", "清单", "措施", "计划", "要点", "建议", "提案", "草案", "说明", "发言",
    "汇报", "总结", "白皮书", "章程", "公约", "倡议书", "准则",
    "通報", "意見", "報告", "決定", "決議", "批復", "復函", "答復", "辦法", "規定", "條例", "細則", "規則",
    "規劃", "綱要", "公報", "請示", "議案", "紀要", "講話", "致辭", "目錄", "清單", "計劃", "要點", "建議",
    "說明", "發言", "匯報", "總結", "白皮書", "公約", "倡議書", "準則",
)
# The kinds whose body is articles (第一条 …).
REGULATION_KINDS = ("条例", "條例", "办法", "辦法", "规则", "規則", "规定", "規定", "细则", "細則", "章程", "准则", "準則")

_QUALIFIER = r"(?:[（(][^）)]{1,12}[）)])?"  # （试行） （草案）
_ALTERNATIVES = "|".join(sorted(DOCUMENT_KINDS, key=len, reverse=True))
ENDS_WITH_KIND = re.compile(rf"(?:{_ALTERNATIVES}){_QUALIFIER}$")
ENDS_WITH_REGULATION = re.compile(rf"(?:{'|'.join(REGULATION_KINDS)}){_QUALIFIER}$")
