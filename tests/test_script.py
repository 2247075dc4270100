"""Script editions: detection, OpenCC routes, override dictionaries, and the converted model."""
from __future__ import annotations

import copy
from pathlib import Path

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import CORPUS, DATA, SAMPLE, missing_in_order
from convert.errors import InputError
from convert.model import blocks, meta_text, plain_text, text_of, tree
from convert.readers import xml as xml_reader
from convert.transforms import script

TW2SP = opencc.OpenCC("tw2sp")
TW2S = opencc.OpenCC("tw2s")
S2T = opencc.OpenCC("s2t")
S2TWP = opencc.OpenCC("s2twp")


def corpus_text(name: str) -> str:
    return plain_text(_read(DATA / name))


def _read(path: Path):
    from conftest import read_report

    return copy.deepcopy(read_report(path))


@pytest.fixture(scope="module")
def sample_text(sample_model) -> str:
    return plain_text(sample_model)


@pytest.fixture(scope="module")
def hans(sample_model):
    return script.convert(copy.deepcopy(sample_model), "hans")


@pytest.fixture(scope="module")
def hant(sample_model):
    return script.convert(copy.deepcopy(sample_model), "hant")


def route_for(source_lang: str, target: str, config: str) -> script.Route:
    return script.Route(source_lang, script.TARGETS[target], config, script.load_overrides(target))


# ------------------------------------------------------------ detection --

def test_sample_is_detected_traditional(sample_model):
    assert script.detect_script(SAMPLE.read_text(encoding="utf-8")) == "zh-Hant"
    assert tree.lang_of(sample_model) == "zh-Hant"


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_is_detected_simplified(path):
    assert script.detect_script(path.read_text(encoding="utf-8")) == "zh-Hans"


@pytest.mark.parametrize("text, lang", [
    ("這個國家的經濟發展", "zh-Hant"), ("这个国家的经济发展", "zh-Hans"), ("", "zh-Hans"), ("GDP 6%", "zh-Hans"),
])
def test_detect_script_on_short_texts(text, lang):
    assert script.detect_script(text) == lang


def test_taiwan_phrasing_is_detected(sample_text):
    gwr = corpus_text("gwr-2021.txt")
    assert script.is_taiwan_phrased(sample_text)
    assert script.is_taiwan_phrased(S2TWP.convert(gwr))  # mainland text with Taiwan phrases
    assert not script.is_taiwan_phrased(S2T.convert(gwr))  # plain Traditional


def test_routes_follow_the_source():
    tw, plain, simplified = "最佳化營商環境，網際網路+監管", "優化營商環境，互聯網+監管", "优化营商环境，互联网+监管"
    assert script.choose_route(tw, "hans").config == "tw2sp"
    assert script.choose_route(plain, "hans").config == "t2s"
    assert script.choose_route(tw, "hant").config == "tw2tp"
    assert script.choose_route(plain, "hant").config is None
    assert script.choose_route(simplified, "hant").config == "s2t"
    assert script.choose_route(simplified, "hant", vocabulary="taiwan").config == "s2twp"
    assert script.choose_route(simplified, "hans").config is None


def test_packaged_configs_are_reproduced(sample_text):
    # The custom configs are built from OpenCC's own tw2sp.json: without keep phrases they match it.
    assert script.opencc_converter("tw2sp").convert(sample_text) == TW2SP.convert(sample_text)
    assert TW2S.convert(script.opencc_converter("tw2tp").convert(sample_text)) == TW2SP.convert(sample_text)


# ------------------------------------------------------ sample editions --

def test_simplified_edition_reads_as_the_mainland_original(hans, sample_text):
    text = plain_text(hans)
    assert "优化营商环境" in text and "最佳化" not in text
    for artefact in ("最佳化", "套用", "格线", "契约", "智慧型", "网际网路", "入口网站", "视窗", "内核"):
        assert artefact not in text, artefact
    assert script.detect_script(text) == "zh-Hans"
    assert {ch for ch in text if script._script_of_char(ch) == "hant"} <= {"乾", "著", "於", "瞭"}
    assert text.count("\n") == sample_text.count("\n")  # one block a line, as many blocks


def test_traditional_edition_has_mainland_vocabulary(hant, sample_text):
    text = plain_text(hant)
    assert "優化營商環境" in text and "最佳化" not in text
    assert "應用" in text and "套用" not in text
    assert "互聯網+監管" in text and "門戶網站" in text
    assert script.detect_script(text) == "zh-Hant"
    # Only the vocabulary changes: characters keep the source's forms (為, 裡), not OpenCC's (爲, 裏).
    assert text.count("為") == sample_text.count("為") and "爲" not in text


def test_both_editions_say_the_same(hans, hant):
    assert TW2S.convert(plain_text(hant)) == plain_text(hans)


@pytest.mark.parametrize("target", ["hans", "hant"])
def test_every_block_equals_opencc_and_overrides_on_the_source(sample_model, target, request):
    edition = request.getfixturevalue(target)
    route = route_for("zh-Hant", target, "tw2sp" if target == "hans" else "tw2tp")
    source_blocks, edition_blocks = list(blocks(sample_model)), list(blocks(edition))
    assert [b.kind for b in source_blocks] == [b.kind for b in edition_blocks]
    for src, out in zip(source_blocks, edition_blocks):
        assert text_of(out.element) == route.convert_text(text_of(src.element))
        assert out.label == route.convert_text(src.label)


def test_inline_elements_keep_their_own_text(sample_model, hans):
    # <cite> and <q> start and end at 《》 “”, where no phrase spans: each converts on its own.
    route = route_for("zh-Hant", "hans", "tw2sp")
    pairs = list(zip(sample_model.iter("cite", "q", "runin", "lead"), hans.iter("cite", "q", "runin", "lead")))
    assert len(pairs) > 50
    for src, out in pairs:
        assert src.tag == out.tag
        assert text_of(out) == route.convert_text(text_of(src))


def test_edition_is_recorded(hans, sample_model):
    assert tree.lang_of(hans) == "zh-Hans"
    edition = hans.find("meta/edition")
    assert edition.get("source-lang") == "zh-Hant"
    assert edition.get("converter") == f"OpenCC {opencc.__version__} tw2sp"
    assert edition.get("overrides") == "overrides-hans.txt"
    last = hans.find("meta/transforms")[-1]
    assert last.get("name") == "script-hans" and "tw2sp" in last.get("detail")
    assert len(hans.find("meta/transforms")) == len(sample_model.find("meta/transforms")) + 1
    tree.validate(hans)


def test_metadata_converted_source_and_dropped_kept(hans, sample_model):
    assert meta_text(hans, "title") == "江苏省人民政府关于2020年度法治政府建设情况的报告"
    assert hans.findtext("meta/issuer") == "江苏省人民政府"
    assert hans.findtext("meta/source") == sample_model.findtext("meta/source")
    dropped = [line.text for line in sample_model.iterfind("dropped/line")]
    assert dropped and [line.text for line in hans.iterfind("dropped/line")] == dropped


def test_conversion_is_deterministic(sample_model):
    first = tree.to_bytes(script.convert(copy.deepcopy(sample_model), "hans"))
    second = tree.to_bytes(script.convert(copy.deepcopy(sample_model), "hans"))
    assert first == second


def test_converting_again_updates_the_edition(hans):
    again = script.convert(copy.deepcopy(hans), "hant")
    assert len(again.findall("meta/edition")) == 1
    assert again.find("meta/edition").get("source-lang") == "zh-Hans"
    assert [t.get("name") for t in again.find("meta/transforms")][-2:] == ["script-hans", "script-hant"]
    tree.validate(again)


# ------------------------------------------------------------ overrides --

# Every entry of the override files, on a real sentence: (entry in overrides-hans, entry in
# overrides-hant, Traditional sentence of the sample, expected Simplified, expected Traditional).
SAMPLE_CASES = [
    ("套用", "套用", "完成電子證照套用國家試點", "完成电子证照应用国家试点", "完成電子證照應用國家試點"),
    ("格线", "格線", "全國首部省級格線化服務管理地方政府規章", "全国首部省级网格化服务管理地方政府规章", "全國首部省級網格化服務管理地方政府規章"),
    ("智慧型化", "智慧型化", "搭建行政立法智慧型化信息平台", "搭建行政立法智能化信息平台", "搭建行政立法智能化信息平台"),
    ("{契约}合法性", "{契約}合法性", "印發《江蘇省政府契約合法性審查工作指引》", "印发《江苏省政府合同合法性审查工作指引》", "印發《江蘇省政府合同合法性審查工作指引》"),
    ("人民{民众}", "人民{民眾}", "虛心接受社會輿論和人民民眾監督", "虚心接受社会舆论和人民群众监督", "虛心接受社會輿論和人民群眾監督"),
    ("广大{民众}", "廣大{民眾}", "為基層廣大民眾提供普法宣傳", "为基层广大群众提供普法宣传", "為基層廣大群眾提供普法宣傳"),
    ("企业和{民众}", "企業和{民眾}", "不斷提升企業和民眾辦事便利度", "不断提升企业和群众办事便利度", "不斷提升企業和群眾辦事便利度"),
    ("{民众}普遍关心", "{民眾}普遍關心", "對民眾普遍關心", "对群众普遍关心", "對群眾普遍關心"),
    ("{民众}切身利益", "{民眾}切身利益", "涉及民眾切身利益的重大決策信息", "涉及群众切身利益的重大决策信息", "涉及群眾切身利益的重大決策信息"),
    ("{民众}合法权益", "{民眾}合法權益", "切實維護民眾合法權益", "切实维护群众合法权益", "切實維護群眾合法權益"),
    ("{民众}就地", "{民眾}就地", "為民眾就地表達訴求", "为群众就地表达诉求", "為群眾就地表達訴求"),
    ("keep 建立", "keep 建立", "建立健全公職律師制度", "建立健全公职律师制度", "建立健全公職律師制度"),
    ("keep 核心", "keep 核心", "在以習近平同志為核心的黨中央的堅強領導下", "在以习近平同志为核心的党中央的坚强领导下", "在以習近平同志為核心的黨中央的堅強領導下"),
    ("keep 執行", "keep 執行", "嚴格執行環境信息公開", "严格执行环境信息公开", "嚴格執行環境信息公開"),
    ("keep 指標", "keep 指標", "納入全省營商環境評價指標體系", "纳入全省营商环境评价指标体系", "納入全省營商環境評價指標體系"),
    ("keep 開啟", "keep 開啟", "全面開啟智慧審查模式", "全面开启智慧审查模式", "全面開啟智慧審查模式"),
    ("keep 整合", "keep 整合", "整合法律人才資源", "整合法律人才资源", "整合法律人才資源"),
    ("keep 批次", "keep 批次", "分批次發布具體服務事項", "分批次发布具体服务事项", "分批次發布具體服務事項"),
    ("keep 存檔", "keep 存檔", "實現開票、存檔、報銷全程電子化", "实现开票、存档、报销全程电子化", "實現開票、存檔、報銷全程電子化"),
    ("keep 設定", "keep 設定", "專欄上線和專窗設定", "专栏上线和专窗设定", "專欄上線和專窗設定"),
    ("keep 線上", "keep 線上", "便捷高效、線上線下相結合", "便捷高效、线上线下相结合", "便捷高效、線上線下相結合"),
    ("keep 智慧", "keep 智慧", "全面開啟智慧審查模式", "全面开启智慧审查模式", "全面開啟智慧審查模式"),
]

# Mainland words that Taiwan phrasing hides, on corpus sentences made Taiwan-phrased with s2twp:
# (entry, sentence of the Simplified corpus file). Both editions must give the sentence back.
CORPUS_CASES = [
    ("keep 線上", "gwr-1956.txt", "基本建设战线上展开了社会主义"),
    ("keep 智慧", "gwr-2015.txt", "就近城镇化。发展智慧城市，保护和传承"),
    ("keep 效能", "gwr-2015.txt", "强化服务，着力提高政府效能。"),
    ("keep 互動", "gwr-2015.txt", "以互联网为载体、线上线下互动的新兴消费"),
    ("keep 區域性", "gwr-2021.txt", "区域性整体贫困得到解决"),
    ("keep 安全形勢", "gwr-2015.txt", "食品药品安全形势总体稳定"),
    ("keep 上下游", "gwr-2021.txt", "促进产业链上下游标准有效衔接"),
    ("keep 正規化", "gwr-2010.txt", "从严治军，提高军队正规化水平"),
    ("keep 新增", "gwr-1998.txt", "五年来城镇新增就业3555万人"),
    ("keep 對口支援", "gwr-1998.txt", "加大扶持力度，鼓励对口支援，加快民族地"),
    ("keep 生產資料", "gwr-1956.txt", "生产资料的生产在工业"),
    ("keep 載入史冊", "gwr-2021.txt", "世界瞩目、可以载入史册的答卷"),
    ("keep 檔案館", "gwr-1998.txt", "科技馆、文化馆、档案馆等公益性文化"),
    ("keep 檔案事業", "gwr-2010.txt", "新闻出版、档案事业发展，繁荣文"),
    ("keep 檔案等事業", "gwr-2015.txt", "出版、广播影视、档案等事业，重视文物"),
]


def entries(target: str) -> set[str]:
    overrides = script.load_overrides(target)
    return ({f"{r.before}{{{r.source}}}{r.after}" if r.before or r.after else r.source for r in overrides.rules}
            | {f"keep {k}" for k in overrides.keep})


@pytest.mark.parametrize("target, column", [("hans", 0), ("hant", 1)])
def test_every_override_entry_has_a_sentence(target, column):
    tested = {case[column] for case in SAMPLE_CASES} | {case[0] for case in CORPUS_CASES}
    assert entries(target) == tested


@pytest.mark.parametrize("entry, _hant_entry, source, expected_hans, expected_hant", SAMPLE_CASES, ids=[c[0] for c in SAMPLE_CASES])
def test_override_on_a_sample_sentence(entry, _hant_entry, source, expected_hans, expected_hant, sample_text, hans, hant):
    assert source in sample_text
    assert expected_hans in plain_text(hans)
    assert expected_hant in plain_text(hant)
    # The entry is needed: OpenCC alone gets the sentence wrong in both editions.
    assert TW2SP.convert(source) != expected_hans
    assert script.opencc_converter("tw2tp").convert(source) != expected_hant


@pytest.mark.parametrize("entry, name, sentence", CORPUS_CASES, ids=[c[0] for c in CORPUS_CASES])
def test_keep_on_a_corpus_sentence(entry, name, sentence):
    assert sentence in corpus_text(name)
    taiwan = S2TWP.convert(sentence)
    assert TW2SP.convert(taiwan) != sentence
    assert route_for("zh-Hant", "hans", "tw2sp").convert_text(taiwan) == sentence
    assert TW2S.convert(route_for("zh-Hant", "hant", "tw2tp").convert_text(taiwan)) == sentence


def test_keep_does_not_hide_a_longer_taiwan_phrase(hans):
    assert "依托大数据+人工智能技术" in plain_text(hans)  # 人工智慧 is longer than the kept 智慧
    assert route_for("zh-Hant", "hans", "tw2sp").convert_text("保護智慧財產權") == "保护知识产权"


def test_context_rule_leaves_other_uses():
    route = route_for("zh-Hant", "hans", "tw2sp")
    assert route.convert_text("加強兩岸民眾和社會各界交流") == "加强两岸民众和社会各界交流"  # gwr-2025
    assert route.convert_text("弘揚契約精神") == "弘扬契约精神"


@pytest.mark.parametrize("line, message", [
    ("套用", "expected 'FROM → TO'"),
    ("套用 → 应用 → 运用", "expected 'FROM → TO'"),
    ("人民{民众 → 群众", "one pair of braces"),
    ("{人民}{民众} → 群众", "one pair of braces"),
    ("套 用 → 应用", "must not contain spaces"),
    ("keep", "expected"),
    ("keep 建 立", "one phrase"),
])
def test_bad_override_lines_are_reported(line, message):
    with pytest.raises(script.OverrideError, match=f"x.txt:2: .*{message}"):
        script.parse_overrides(f"# comment\n{line}\n", Path("x.txt"))


def test_override_syntax():
    overrides = script.parse_overrides("甲 -> 乙  # note\n\n人民{民众}在 → 群众\nkeep 核心\n", Path("x.txt"))
    assert overrides.keep == ("核心",)
    assert overrides.apply("甲人民民众在民众") == "乙人民群众在民众"
    with pytest.raises(script.OverrideError, match="x.txt:2: 甲 is already mapped on line 1"):
        script.parse_overrides("甲 → 乙\n甲 → 丙\n", Path("x.txt"))


def test_unknown_target_or_vocabulary(sample_model):
    with pytest.raises(InputError, match="unknown script"):
        script.convert(copy.deepcopy(sample_model), "latin")
    with pytest.raises(InputError, match="unknown vocabulary"):
        script.convert(copy.deepcopy(sample_model), "hant", vocabulary="hongkong")


# ---------------------------------------------- blocks across elements --

TW_REPORT = """<report version="1" xml:lang="zh-Hant"><meta><title>網際網路+監管報告</title>
<source>x.txt</source><transforms/></meta><body><p>{p}</p></body></report>"""


def test_phrase_split_by_inline_element_is_converted():
    p = "持續最佳<q>化營商環境</q>，<cite>《網際網路》</cite>"
    report = xml_reader.parse(TW_REPORT.format(p=p).encode())
    hans = script.convert(report, "hans")
    para = hans.find("body/p")
    assert text_of(para) == "持续优化营商环境，《互联网》"
    assert para.find("q") is not None and text_of(para.find("cite")) == "《互联网》"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_split_of_a_block_converts_as_the_whole(data, sample_model):
    paragraphs = [b for b in blocks(sample_model) if "最佳化" in b.text or "民眾" in b.text]
    text = data.draw(st.sampled_from(paragraphs)).text
    inside_phrases = [i for i in range(1, len(text)) if text[i - 1:i + 1] in ("最佳", "佳化", "民眾")]
    cuts = sorted([data.draw(st.sampled_from(inside_phrases)),
                   *data.draw(st.lists(st.integers(0, len(text)), max_size=3))])
    bounds = [0, *cuts, len(text)]
    parts = [text[a:b] for a, b in zip(bounds, bounds[1:])]
    route = route_for("zh-Hant", "hans", "tw2sp")
    out = script.convert_parts(parts, route.convert_text)
    assert len(out) == len(parts)
    assert "".join(out) == route.convert_text(text)


# ------------------------------------------------------ other sources --

def test_simplified_source_to_traditional(simplified_model):
    source = plain_text(simplified_model)
    mainland = script.convert(copy.deepcopy(simplified_model), "hant")
    taiwan = script.convert(copy.deepcopy(simplified_model), "hant", vocabulary="taiwan")
    assert plain_text(mainland) == S2T.convert(source)
    assert plain_text(taiwan) == S2TWP.convert(source)
    assert "互聯網" in plain_text(mainland) and "網際網路" in plain_text(taiwan)
    assert mainland.find("meta/edition").get("overrides") is None
    assert mainland.find("meta/edition").get("source-lang") == "zh-Hans"
    assert taiwan.find("meta/edition").get("converter").endswith("s2twp")
    assert tree.lang_of(mainland) == "zh-Hant"


def test_simplified_source_to_simplified_is_unchanged(simplified_model):
    edition = script.convert(copy.deepcopy(simplified_model), "hans")
    assert plain_text(edition) == plain_text(simplified_model)
    assert edition.find("meta/edition").get("converter") == "none"


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_round_trip_through_traditional(path):
    model = _read(path)
    source = plain_text(model)
    back = script.convert(script.convert(copy.deepcopy(model), "hant"), "hans")
    assert plain_text(back) == source.replace("拚", "拼")  # t2s writes the variant 拚命 as 拼命
    assert missing_in_order(source.replace("拚", "拼"), plain_text(back)) is None


def test_example_model_keeps_every_element(example_model):
    edition = script.convert(copy.deepcopy(example_model), "hant")
    added = {"edition", "transform"}
    assert [el.tag for el in edition.iter() if el.tag not in added] == [el.tag for el in example_model.iter() if el.tag not in added]
    for src, out in zip(blocks(example_model), blocks(edition)):
        if src.kind == "masthead":  # 秘密★1年 is GB/T 9704's term in either script; the names are converted
            assert out.text == S2T.convert(src.text).replace("祕密", "秘密") != src.text
            continue
        assert out.text == S2T.convert(src.text), src.kind
    assert edition.find("appendix").get("label") == "附件1"
    assert meta_text(edition, "title") == "江蘇省人民政府關於2020年度法治政府建設情況的報告"
    assert [line.text for line in edition.iterfind("dropped/line")] == ["基本介紹", "相關詞條"]


# ------------------------------------------------------------------ CLI --

def test_cli_writes_a_simplified_edition(tmp_path):
    from convert.cli import main

    assert main([str(SAMPLE), "-o", str(tmp_path), "--to", "xml,txt", "--script", "hans"]) == 0
    txt = (tmp_path / f"{SAMPLE.stem}.txt").read_text(encoding="utf-8")
    assert "优化营商环境" in txt and "最佳化" not in txt
    model = xml_reader.read(tmp_path / f"{SAMPLE.stem}.xml")
    assert tree.lang_of(model) == "zh-Hans"
    assert etree.QName(model.find("meta/edition")).localname == "edition"


# ---------------------------------------------------------------- fonts --

@pytest.mark.parametrize("target", ["hans", "hant"])
def test_style_fonts_cover_every_character_of_the_edition(target, request):
    from convert import style
    from convert.typeset import fonts

    edition = request.getfixturevalue(target)
    text = plain_text(edition)
    official = style.load("official")
    script_fonts = official.stacks(tree.lang_of(edition))
    assert script_fonts
    for key in script_fonts:
        stack = official.font_stack(key, tree.lang_of(edition))
        fonts.assign(text, fonts.installed(stack), stack)  # raises MissingGlyphError on a gap


def test_cached_character_tables_agree_with_opencc():
    """detect_script reads per-character tables made once from OpenCC; they must say
    what OpenCC says, character by character."""
    import random

    from convert.transforms import script

    rng = random.Random(7)
    sample = [chr(rng.randint(first, last)) for first, last in script.TABULATED_BLOCKS for _ in range(400)]
    sample += list("這个國们發发會会為为於于最佳化网網")
    assert [script._script_of_char(ch) for ch in sample] == [script._convert_char(ch) for ch in sample]
