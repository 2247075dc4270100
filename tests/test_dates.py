"""One date parser for the project (convert.model.dates): Arabic, full-width and Chinese
numerals (with ○ and 零 for 〇), and no impossible date ever taken for a date, by any reader
or writer that reads a date."""
from __future__ import annotations

import pytest
from lxml import etree

from convert.model import dates, tree
from convert.options import Options
from convert.readers import structure, text
from convert.readers.structure import Para, ending, meta
from convert.writers import epub


@pytest.mark.parametrize("written, when", [
    ("2019年3月5日", "2019-03-05"),
    ("２０１９年３月５日", "2019-03-05"),  # full-width digits
    ("二〇一九年三月五日", "2019-03-05"),
    ("二○一九年三月五日", "2019-03-05"),  # ○ (a circle) for 〇
    ("二零一九年十二月三十一日", "2019-12-31"),  # 零 for 〇
    ("二○一九年", "2019"),
    ("二零一九年", "2019"),
    ("2019年 12 月", "2019-12"),
    ("2020年2月29日", "2020-02-29"),  # a leap year's day
    ("一九九六年二月五日", "1996-02-05"),
])
def test_written_dates_in_every_numeral(written, when):
    assert dates.parse_date(written) == (when, written)


@pytest.mark.parametrize("written", ["2019年13月5日", "2019年2月30日", "2019年2月29日", "2019年4月31日",
                                     "二〇一九年十三月五日", "二〇一九年二月三十日", "2019年0月5日", "2019年1月0日"])
def test_an_impossible_date_is_no_date_nor_its_year(written):
    assert dates.parse_date(written) is None
    assert dates.parse_day(written) is None
    assert ending.iso_date(written) is None and not ending.is_date_line(written)


def test_an_impossible_date_is_skipped_for_the_next_real_one():
    assert dates.parse_date("2019年2月30日，即2019年3月2日") == ("2019-03-02", "2019年3月2日")
    assert dates.parse_hyphenated("2019-02-30 2019-3-2") == ("2019-03-02", "2019-3-2")
    assert dates.parse_hyphenated("2019-13-01") is None


def test_the_model_s_dates_are_read_only_when_real():
    assert dates.when_datetime("2019-03-05").isoformat() == "2019-03-05T00:00:00"
    assert dates.when_datetime("2019").isoformat() == "2019-01-01T00:00:00"
    assert dates.when_datetime("2019-02-30") is None and dates.when_datetime("2019-13") is None
    assert dates.when_datetime(None) is None


def test_a_closing_with_an_impossible_date_is_no_closing():
    good = structure.build([Para("各地区要抓好落实。"), Para("国务院"), Para("二○一九年一月二十七日")])
    assert good.ending and good.ending[0].find("date").get("when") == "2019-01-27"
    bad = structure.build([Para("各地区要抓好落实。"), Para("国务院"), Para("2019年2月30日")])
    assert not bad.ending  # the lines stay body text
    assert [etree.tostring(p, encoding=str, method="text") for p in bad.body.iter("p")][-1] == "2019年2月30日"


def test_a_dateline_s_date_reaches_the_meta_only_when_real():
    found = meta.find_date("——二○一九年三月五日在第十三届全国人民代表大会第二次会议上", [])
    assert found == ("2019-03-05", "二○一九年三月五日")
    assert meta.find_date("——2019年2月30日在第十三届全国人民代表大会第二次会议上", []) is None


def model_of(lines: list[str]):
    return text.parse("\n\n".join(lines).encode(), "dated.txt", Options())


def test_a_text_report_with_an_impossible_date_gives_a_model_the_writers_can_date(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    report = model_of(["关于做好某某工作的通知", "（2019年2月30日）", "各有关单位：", "现将有关事项通知如下。",
                       "某某市人民政府", "2019年2月30日"])
    assert report.find("meta/date") is None
    assert all(el.get("when") is None for el in report.iter("date"))
    assert tree.report_date(report) is None
    assert epub.modified_time(report) == epub.FALLBACK_TIME


def test_a_text_report_s_chinese_numeral_dates():
    report = model_of(["关于做好某某工作的通知", "各有关单位：", "现将有关事项通知如下。",
                       "某某市人民政府", "二○一九年三月五日"])
    date = report.find(".//closing/date")
    assert (date.text, date.get("when")) == ("二○一九年三月五日", "2019-03-05")
