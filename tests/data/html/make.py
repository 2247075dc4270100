"""Writes the synthetic test pages of this folder (run it to remake them: the pages are kept
as bytes, since some are GBK or deliberately mis-declared).

Each page imitates a kind of site other than gov.cn's, with no #UCAP-CONTENT: its own class
names, chrome and markup. NAME.article.txt is the page's article as a reader sees it, one
paragraph a line, written by hand from the page (the reference of tests and of
bench/html_extraction.py).
"""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent

NEWS_SITE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>青禾市人民政府关于印发青禾市促进数字经济发展若干措施的通知_青禾市人民政府门户网站</title>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.article-body p { line-height: 2; }</style>
</head>
<body>
<div class="top-bar"><a href="/">首页</a> <a href="/zw">政务公开</a> <a href="/hd">互动交流</a> <a href="/en">English</a></div>
<header class="site-header">
  <h1 class="logo"><a href="/">青禾市人民政府门户网站</a></h1>
  <nav><ul><li><a href="/">首页</a></li><li><a href="/news">要闻动态</a></li><li><a href="/zc">政策文件</a></li></ul></nav>
  <form class="search"><input type="text" value="请输入关键词"><button>搜索</button></form>
</header>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zc">政策文件</a> &gt; 正文</div>
<div class="wrap">
 <div class="left">
  <div class="article-head">
   <h2 class="article-title">青禾市人民政府关于印发青禾市促进<br>数字经济发展若干措施的通知</h2>
   <div class="info">发布时间：2024-03-05 10:20　来源：市政府办公室　浏览次数：1024</div>
  </div>
  <div class="share-bar">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
  <div class="article-body">
   <p style="text-align:center">青政发〔2024〕3号</p>
   <p>各区人民政府，市各委、办、局：</p>
   <p style="text-indent:2em">现将《青禾市促进数字经济发展若干措施》印发给你们，请结合实际认真贯彻执行。</p>
   <p style="text-align:right">青禾市人民政府</p>
   <p style="text-align:right">2024年3月1日</p>
   <p style="text-indent:2em">（此件公开发布）</p>
   <p style="text-align:center"><strong>青禾市促进数字经济发展若干措施</strong></p>
   <p style="text-indent:2em">为加快数字经济发展，推动数字技术与实体经济深度融合，结合本市实际，制定以下措施。</p>
   <h3>一、夯实数字基础设施</h3>
   <p style="text-indent:2em">（一）加快网络建设。到2025年，全市5G基站达到3000个，千兆光网覆盖所有城镇。</p>
   <p style="text-indent:2em">（二）建设算力中心。支持企业建设绿色数据中心，对符合条件的项目给予补助。</p>
   <h3>二、培育数字产业</h3>
   <p style="text-indent:2em"><b>支持软件企业做大做强。</b>对年营业收入首次超过1亿元的软件企业，给予一次性奖励50万元。</p>
   <p style="text-indent:2em"><b>鼓励企业上云用数。</b>对中小企业购买云服务的费用，按实际支出的30%给予补贴。</p>
   <p style="text-indent:2em"><span style="font-weight:bold">（三）加强人才引进。</span>对引进的数字经济领军人才，给予最高100万元安家补贴。</p>
   <h3>三、保障措施</h3>
   <p style="text-indent:2em">本措施自2024年4月1日起施行，有效期3年。</p>
  </div>
  <div class="related"><h4>相关文章</h4><ul><li><a href="/1">青禾市数字政府建设规划（2023—2025年）</a></li><li><a href="/2">青禾市人民政府关于加快发展现代服务业的意见</a></li></ul></div>
  <div id="comments" class="comment-list"><div class="comment"><p>这个政策很好，希望能尽快落实到位，让我们中小企业真正受益，感谢政府的关心和支持！</p></div></div>
 </div>
 <aside class="sidebar"><h4>热点专题</h4><ul><li><a href="/a">优化营商环境</a></li><li><a href="/b">乡村振兴</a></li></ul><p>扫一扫在手机打开当前页</p></aside>
</div>
<footer><p>版权所有：青禾市人民政府办公室　主办：青禾市人民政府　京ICP备12345678号</p><p><a href="/map">网站地图</a> | <a href="/contact">联系我们</a></p></footer>
<script>document.getElementById("x");</script>
</body>
</html>
"""

NEWS_SITE_ARTICLE = """青禾市人民政府关于印发青禾市促进数字经济发展若干措施的通知
青政发〔2024〕3号
各区人民政府，市各委、办、局：
现将《青禾市促进数字经济发展若干措施》印发给你们，请结合实际认真贯彻执行。
青禾市人民政府
2024年3月1日
（此件公开发布）
青禾市促进数字经济发展若干措施
为加快数字经济发展，推动数字技术与实体经济深度融合，结合本市实际，制定以下措施。
一、夯实数字基础设施
（一）加快网络建设。到2025年，全市5G基站达到3000个，千兆光网覆盖所有城镇。
（二）建设算力中心。支持企业建设绿色数据中心，对符合条件的项目给予补助。
二、培育数字产业
支持软件企业做大做强。对年营业收入首次超过1亿元的软件企业，给予一次性奖励50万元。
鼓励企业上云用数。对中小企业购买云服务的费用，按实际支出的30%给予补贴。
（三）加强人才引进。对引进的数字经济领军人才，给予最高100万元安家补贴。
三、保障措施
本措施自2024年4月1日起施行，有效期3年。
"""

# An older county site: layout tables, the article as text and <br> in one cell, GB2312.
OLD_SITE = """<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>东川县农业农村局关于做好2024年春季农业生产工作的通知</title>
</head>
<body>
<table width="100%" border="0">
<tr><td class="nav"><a href="/">首页</a> | <a href="/jg">机构概况</a> | <a href="/zw">政务公开</a> | <a href="/bs">办事服务</a></td></tr>
<tr><td>
 <table width="960" border="0"><tr>
  <td width="200" class="left" valign="top"><a href="/tz">通知公告</a><br><a href="/zc">政策法规</a><br><a href="/bs">办事指南</a></td>
  <td class="zw" valign="top">
<div align="center"><font size="5"><b>东川县农业农村局<br>关于做好2024年春季农业生产工作的通知</b></font></div>
<br>
各乡镇人民政府，县直有关单位：<br>
　　当前正值春耕备耕关键时期，为切实做好今年春季农业生产工作，
确保粮食生产开好局、起好步，现将有关事项通知如下。<br>
　　一、抓好粮食生产<br>
　　各乡镇要把粮食生产摆在突出位置，落实播种面积，确保全年粮食面积稳定在10万亩以上。<br>
　　二、做好农资保障<br>
　　要加强农资市场监管，严厉打击制售假劣农资行为，保障农民用上放心农资。<br>
<br>
<p align="right">东川县农业农村局<br>2024年2月20日</p>
  </td>
 </tr></table>
</td></tr>
<tr><td align="center">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>
<tr><td align="center">版权所有 东川县人民政府　技术支持：东川县信息中心</td></tr>
</table>
</body>
</html>
"""

OLD_SITE_ARTICLE = """东川县农业农村局关于做好2024年春季农业生产工作的通知
各乡镇人民政府，县直有关单位：
当前正值春耕备耕关键时期，为切实做好今年春季农业生产工作，确保粮食生产开好局、起好步，现将有关事项通知如下。
一、抓好粮食生产
各乡镇要把粮食生产摆在突出位置，落实播种面积，确保全年粮食面积稳定在10万亩以上。
二、做好农资保障
要加强农资市场监管，严厉打击制售假劣农资行为，保障农民用上放心农资。
东川县农业农村局
2024年2月20日
"""

# A short notice, saved in several encodings, declared right, wrongly, or not at all.
NOTICE = """<html><head>{meta}<title>关于2024年端午节放假安排的通知</title></head>
<body><div class="menu"><a href="/">首页</a> <a href="/gk">信息公开</a></div>
<div class="content">
<p align="center"><b>关于2024年端午节放假安排的通知</b></p>
<p>各科室、各直属单位：</p>
<p>　　根据国务院办公厅通知精神，现将2024年端午节放假安排通知如下：6月10日放假，与周末连休，共3天。</p>
<p>　　节假日期间，各单位要妥善安排好值班和安全保卫等工作，遇有重大突发事件，要按规定及时报告并妥善处置。</p>
<p align="right">青禾市机关事务管理局</p>
<p align="right">2024年6月3日</p>
</div>
<div class="footer">版权所有：青禾市机关事务管理局</div>
</body></html>
"""

NOTICE_ARTICLE = """关于2024年端午节放假安排的通知
各科室、各直属单位：
根据国务院办公厅通知精神，现将2024年端午节放假安排通知如下：6月10日放假，与周末连休，共3天。
节假日期间，各单位要妥善安排好值班和安全保卫等工作，遇有重大突发事件，要按规定及时报告并妥善处置。
青禾市机关事务管理局
2024年6月3日
"""

# A 政府信息公开 catalogue record: label and value in one cell, other names for the fields.
CATALOGUE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>信息公开</title></head>
<body>
<div class="xxgk-head">
<table class="xxgk-table">
<tr><td>索引号：11370000MB28/2024-00012</td><td>信息分类：通知公告</td></tr>
<tr><td>发布机构：青禾市人民政府办公室</td><td>生成日期：2024-05-06</td></tr>
<tr><td colspan="2">名称：青禾市人民政府办公室关于开展2024年安全生产月活动的通知</td></tr>
<tr><td>文号：青政办字〔2024〕21号</td><td>主题词：安全生产 宣传教育</td></tr>
</table>
</div>
<div class="detail">
<p style="text-align:center"><b>青禾市人民政府办公室</b></p>
<p style="text-align:center"><b>关于开展2024年安全生产月活动的通知</b></p>
<p style="text-align:center">青政办字〔2024〕21号</p>
<p>各区人民政府，市政府各部门：</p>
<p style="text-indent:2em">今年6月是全国第23个安全生产月，为进一步强化安全发展理念，经市政府同意，现就开展安全生产月活动有关事项通知如下。</p>
<p style="text-indent:2em">一、活动主题</p>
<p style="text-indent:2em">人人讲安全、个个会应急——畅通生命通道。</p>
<p style="text-indent:2em">二、活动安排</p>
<p style="text-indent:2em">各区、各部门要结合实际制定活动方案，组织开展安全宣传咨询日、应急演练等活动。</p>
<p style="text-align:right">青禾市人民政府办公室</p>
<p style="text-align:right">2024年5月6日</p>
</div>
<div class="bottom"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
</body></html>
"""

CATALOGUE_ARTICLE = """青禾市人民政府办公室
关于开展2024年安全生产月活动的通知
青政办字〔2024〕21号
各区人民政府，市政府各部门：
今年6月是全国第23个安全生产月，为进一步强化安全发展理念，经市政府同意，现就开展安全生产月活动有关事项通知如下。
一、活动主题
人人讲安全、个个会应急——畅通生命通道。
二、活动安排
各区、各部门要结合实际制定活动方案，组织开展安全宣传咨询日、应急演练等活动。
青禾市人民政府办公室
2024年5月6日
"""

# Tables: a layout table around the article, a data table with a caption, two header rows and
# spans, a table under a centred 表N line, and a one-row layout table inside the article.
TABLES = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>青禾市2023年国民经济和社会发展统计公报</title></head>
<body>
<table class="layout" width="100%"><tr>
<td class="main-col">
<div class="text">
<p style="text-align:center"><b>青禾市2023年国民经济和社会发展统计公报</b></p>
<p style="text-indent:2em">2023年，全市上下坚持稳中求进工作总基调，经济运行持续回升向好，高质量发展扎实推进。</p>
<table border="1">
<caption>表1　2023年主要经济指标</caption>
<thead>
<tr><th rowspan="2">指标</th><th colspan="2">绝对值</th><th rowspan="2">比上年增长（%）</th></tr>
<tr><th>数值</th><th>单位</th></tr>
</thead>
<tbody>
<tr><td>地区生产总值</td><td>1234.5</td><td>亿元</td><td>5.6</td></tr>
<tr><td rowspan="2">其中</td><td>312.4</td><td>亿元</td><td>4.1</td></tr>
<tr><td>922.1</td><td>亿元</td><td>6.2</td></tr>
<tr><td>一般公共预算收入</td><td>98.7</td><td>亿元</td><td>7.3</td></tr>
</tbody>
</table>
<p style="text-indent:2em">全年粮食总产量保持稳定，农业生产形势良好。</p>
<p style="text-align:center">表2　2023年粮食生产情况</p>
<table border="1">
<tr><th>品种</th><th>播种面积（万亩）</th><th>产量（万吨）</th></tr>
<tr><td>小麦</td><td>35.2</td><td>15.1</td></tr>
<tr><td>玉米</td><td>28.6</td><td>13.9</td></tr>
<tr><td>大豆</td><td>4.3</td><td>0.8</td></tr>
</table>
<table><tr><td><p style="text-indent:2em">注：本公报中部分数据为初步统计数。</p></td><td><p>各项数据因四舍五入，存在总计与分项合计不等的情况。</p></td></tr></table>
<p style="text-align:right">青禾市统计局</p>
<p style="text-align:right">2024年3月20日</p>
</div>
</td>
<td class="side-col" width="240"><div class="links"><a href="/tj">统计数据</a><br><a href="/gb">统计公报</a><br><a href="/jd">数据解读</a></div></td>
</tr></table>
</body></html>
"""

TABLES_ARTICLE = """青禾市2023年国民经济和社会发展统计公报
2023年，全市上下坚持稳中求进工作总基调，经济运行持续回升向好，高质量发展扎实推进。
表1　2023年主要经济指标
指标\t绝对值\t比上年增长（%）
数值\t单位
地区生产总值\t1234.5\t亿元\t5.6
其中\t312.4\t亿元\t4.1
922.1\t亿元\t6.2
一般公共预算收入\t98.7\t亿元\t7.3
全年粮食总产量保持稳定，农业生产形势良好。
表2　2023年粮食生产情况
品种\t播种面积（万亩）\t产量（万吨）
小麦\t35.2\t15.1
玉米\t28.6\t13.9
大豆\t4.3\t0.8
注：本公报中部分数据为初步统计数。
各项数据因四舍五入，存在总计与分项合计不等的情况。
青禾市统计局
2024年3月20日
"""

IMAGES = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>青禾市城市更新工作情况报告</title></head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/news">新闻</a></div>
<div class="article">
<h1>青禾市城市更新工作情况报告</h1>
<p style="text-indent:2em">今年以来，全市城市更新工作稳步推进，老旧小区改造、街区更新取得明显成效。</p>
<figure><img src="img/plan.png" alt="城市更新规划图"><figcaption>图1　青禾市城市更新规划图</figcaption></figure>
<p style="text-indent:2em">全年完成老旧小区改造120个，惠及居民3.5万户，新增停车位4000个。</p>
<p style="text-align:center"><img src="img/street.jpg" alt="改造后的街区"></p>
<p style="text-align:center">图2　改造后的和平街区</p>
<p style="text-indent:2em">下一步，我们将继续加大工作力度，完成剩余项目。<img src="img/missing.png" alt="进度表"></p>
<p><img src="http://www.example.gov.cn/images/chart.png" alt="投资结构图"></p>
<p style="text-align:right">青禾市住房和城乡建设局</p>
<p style="text-align:right">2024年7月1日</p>
</div>
<div class="footer">版权所有：青禾市住房和城乡建设局</div>
</body></html>
"""

SCRIPTS_ONLY = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>加载中</title><script src="/static/app.js"></script></head>
<body><div id="app"></div>
<script>window.__DATA__ = {"title": "关于印发某某方案的通知", "body": "为进一步做好……"}; render(window.__DATA__);</script>
<noscript>请启用浏览器的JavaScript功能以浏览本页。</noscript>
</body></html>
"""

NO_ARTICLE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>青禾市人民政府门户网站</title></head>
<body>
<header class="top"><a href="/"><img src="/logo.png" alt="青禾市人民政府"></a></header>
<nav><a href="/">首页</a> <a href="/zw">政务公开</a> <a href="/fw">政务服务</a> <a href="/hd">互动交流</a></nav>
<div class="banner"><img src="/banner.jpg" alt=""></div>
<div class="links"><a href="/1">市长信箱</a> <a href="/2">网上调查</a> <a href="/3">依申请公开</a></div>
<footer><p>版权所有：青禾市人民政府办公室　京ICP备12345678号</p></footer>
</body></html>
"""


def png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def jpeg(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="JPEG", quality=80)
    return out.getvalue()


def main() -> None:
    pages = {
        "news-site.html": NEWS_SITE.encode("utf-8"),
        "old-site-gb2312.html": OLD_SITE.encode("gbk"),
        "notice-utf8.html": NOTICE.format(meta='<meta charset="utf-8">').encode("utf-8"),
        "notice-gbk.html": NOTICE.format(meta='<meta charset="gbk">').encode("gbk"),
        "notice-gb18030-undeclared.html": NOTICE.format(meta="").encode("gb18030"),
        # the declaration lies: UTF-8 bytes declared gb2312, GBK bytes declared utf-8
        "notice-utf8-declared-gb2312.html": NOTICE.format(meta='<meta charset="gb2312">').encode("utf-8"),
        "notice-gbk-declared-utf8.html":
            NOTICE.format(meta='<meta http-equiv="Content-Type" content="text/html; charset=utf-8">').encode("gbk"),
        "catalogue.html": CATALOGUE.encode("utf-8"),
        "tables.html": TABLES.encode("utf-8"),
        "images.html": IMAGES.encode("utf-8"),
        "scripts-only.html": SCRIPTS_ONLY.encode("utf-8"),
        "no-article.html": NO_ARTICLE.encode("utf-8"),
        # bytes that are no encoding's text: not UTF-8, GB18030, Big5 or UTF-16
        "undecodable.html": b'<html><head><meta charset="utf-8"></head><body><p>'
                            + bytes([0x80, 0xFF, 0x81, 0x20, 0xFE, 0x7F]) * 40 + b"</p></body></html>\n",
    }
    articles = {"news-site": NEWS_SITE_ARTICLE, "old-site-gb2312": OLD_SITE_ARTICLE, "notice-utf8": NOTICE_ARTICLE,
                "catalogue": CATALOGUE_ARTICLE, "tables": TABLES_ARTICLE}
    for name, data in pages.items():
        (HERE / name).write_bytes(data)
    for name, text in articles.items():
        (HERE / f"{name}.article.txt").write_text(text, encoding="utf-8")
    (HERE / "img").mkdir(exist_ok=True)
    (HERE / "img" / "plan.png").write_bytes(png(64, 40, (200, 60, 40)))
    (HERE / "img" / "street.jpg").write_bytes(jpeg(80, 50, (40, 120, 200)))


if __name__ == "__main__":
    main()
