"""Region rules for real pages (issue 15, FIRST_LOOK batch 8 classes 9 and 10): the issuer over the
places inside project and park names, glyph variants, a byline's site, short names without 县, and
two-character counties. Each rule has a case that must resolve and one that must not."""

from __future__ import annotations

import csv

import pytest

from etl.extract.metadata import extract_metadata
from etl.normalize import _VARIANTS_CSV, fold_variants, normalize_text
from etl.regions import load_regions


def _meta(text: str):
    protected = load_regions().all_names()
    return extract_metadata(normalize_text(text, protected).text, "t.txt")


# ------------------------------------------------------------------ glyph variants (class 10)
def test_a_glyph_variant_opencc_does_not_know_is_folded_and_the_county_found():
    # 陜 U+965C is a Z-variant of 陝 U+965D; t2s leaves it, so 寧陜縣 was no region
    text = "本網訊(通訊員 李兵)2月18日上午,寧陜縣舉行2024年一季度重點項目集中開工儀式。該縣集中開工重點項目共17個,總投資25.49億元。"
    normalized = normalize_text(text, load_regions().all_names())
    assert "宁陕县" in normalized.text
    assert any(f.flag == "variant_folded" for f in normalized.quality_flags)
    meta = extract_metadata(normalized.text, "t.txt")
    assert meta.region_code == "610923"


def test_folding_keeps_offsets_and_leaves_ordinary_text_alone():
    assert fold_variants("陕西省") == ("陕西省", 0)
    folded, n = fold_variants("陜西,陜西")
    assert folded == "陕西,陕西" and n == 2 and len(folded) == 5


def test_the_variant_table_is_one_character_for_one_and_never_a_known_character():
    with _VARIANTS_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    assert len(rows) > 100
    for row in rows:
        assert len(row["variant"]) == len(row["standard"]) == 1
        assert row["variant"] != row["standard"]
        with pytest.raises(UnicodeEncodeError):  # a standard (GB 2312) character is never folded
            row["variant"].encode("gb2312")


# ------------------------------------------------------------------ pinyin and bylines (class 10)
def test_pinyin_inside_a_district_name_and_the_sites_byline_do_not_hide_the_district():
    text = ("自貢網(wǎng)記者 周姝\n1月8日上午,在雄壯的國(guó)歌聲中,自流井區(qū)第十九屆人民代表大會(huì)第二次會(huì)議在"
            "區(qū)政府會(huì)議中心開幕。區(qū)委副書記、區(qū)長(zhǎng)萬(wàn)春霞向大會(huì)作《政府工作報(bào)告》。")
    assert _meta(text).region_code == "510302"  # 自流井区, not the site's city 自贡


# ------------------------------------------------------------------ issuer over mention (class 9)
def test_a_city_named_again_and_again_outranks_a_county_inside_a_park_name():
    text = ("各位代表:\n现在,我代表市人民政府,向大会报告政府工作。\n"
            "2024年,贯彻落实习近平总书记关于广西工作论述的重要要求,锚定建设新玉林。玉林人民圆了“高铁梦”,"
            "740多万玉林人民翘首以盼。玉林在全国全区的战略地位全面提升,是广西首个入选地市。"
            "园区改革实现突破,北流“两湾”产业园加快建设。")
    assert _meta(text).region_code == "450900"  # 玉林市, not 北流市


def test_a_county_named_with_its_city_once_each_stays_the_subject():
    text = "视察河北、视察石家庄的重要指示精神,奋力贡献正定力量。今年全县发展的主要预期目标是:地区生产总值增长6%。"
    assert _meta(text).region_code == "130123"  # 正定县


def test_the_counties_of_one_named_city_in_zone_names_stand_for_the_city():
    text = ("集中簽約儀式上,臨汾經濟開發區精密智造項目,侯馬經濟開發區高頻變壓器項目,洪洞經濟技術開發區光伏發電項目,"
            "襄汾經濟技術開發區發電綜合利用項目,浮山產業集聚區臨汾染化集團遷建項目等14個項目進行了現場簽約。")
    assert _meta(text).region_code == "141000"


def test_a_title_short_name_is_confirmed_by_the_head_speaking_as_its_level():
    text = ("項目為王!一季度宿遷中心城市建設重點工程計劃實施項目220個\n"
            "1月30日,2023年一季度中心城市建設重點工程啟動建設,市委書記王昊,市委副書記、市長陳忠偉,"
            "市人大常委會主任王益等市領導參加活動。計劃實施項目220個。")
    assert _meta(text).region_code == "321300"


def test_a_head_that_speaks_as_a_city_lifts_a_county_named_in_its_projects():
    text = ("记者从市发改委获悉,今日,我市召开加快美丽莆田建设项目推进会,集中开工96个重点项目,总投资927.6亿元。"
            "集中开工项目中,包括仙游县绿色纤维生产、仙游县手机配件生产等项目。")
    assert _meta(text).region_code == "350300"


def test_a_county_report_ranking_itself_in_the_city_is_not_lifted():
    # 全市 and 全省 are where a county ranks itself, not the level it speaks as
    text = ("江津区第十七届人民代表大会第四次会议上的政府工作报告\n"
            "过去一年,江津区地区生产总值增速居全市前列,规上工业增加值总量全市第一,全市领先。")
    assert _meta(text).region_code == "500116"


def test_the_places_of_listed_projects_in_several_counties_stand_for_their_city():
    text = ("据悉,本次集中开工的项目包括南郑区(中云)装备智造产业园(一期)、城固县秦药道地中药材加工基地建设项目、"
            "勉县利废环保节能新型建材生产线二期项目等75个市县两级重点项目,总投资193.86亿元。")
    assert _meta(text).region_code == "610700"


def test_one_county_in_a_project_list_stays_that_county():
    text = "据悉,本次集中开工的项目包括城固县秦药道地中药材加工基地建设项目等15个重点项目,总投资13亿元。"
    assert _meta(text).region_code == "610722"


def test_a_title_short_name_outranks_a_list_of_its_counties_but_not_the_one_county_it_is_about():
    listed = ("一季度重大项目集中开工|广元:集中开工101个项目,总投资219.5亿元\n"
              "1月4日,四川省2022年第一季度重大项目集中开工广元分会场活动在广元市利州区宝轮镇举行。"
              "分区域来看,苍溪县有20个项目,旺苍县11个项目,剑阁县9个项目。")
    assert _meta(listed).region_code == "510800"
    one = ("打造“一极两地四区”旺苍将建广元副中心城市\n广元新闻网讯 旺苍县第十八届人民代表大会第五次会议开幕。"
           "旺苍县将加快建设广元副中心城市,旺苍县地区生产总值增长7%。")
    assert _meta(one).region_code == "510821"


# ------------------------------------------------------------------ short names without 县 (class 10)
def test_a_county_short_name_twice_in_a_text_that_speaks_as_a_county():
    text = ("2025年是“十四五”收官之年,也是龙游加快建设区域明珠城市的关键之年。我们要在县委的坚强领导下,"
            "坚持产业为王,建设共同富裕示范区。一要以更强韧劲亮明“龙游的态度”。")
    assert _meta(text).region_code == "330825"


def test_an_ambiguous_short_name_never_resolves():
    # 朝阳 is 朝阳县, 朝阳市 and two 朝阳区: LESSONS, never guess
    text = "今年是朝阳加快发展的关键之年。我们要在县委的坚强领导下,亮明“朝阳的态度”,建设美丽朝阳。"
    meta = _meta(text)
    assert meta.region_code is None


def test_a_short_name_that_is_the_tail_of_a_word_is_no_place():
    # 振兴区 (丹东) and 富裕县 (齐齐哈尔) hide in 乡村振兴 and 共同富裕
    text = ("今年我区经济社会发展的主要预期目标是:地区生产总值增长7%左右。全面推进乡村振兴,推动乡村振兴取得新进展,"
            "扎实推进共同富裕,促进共同富裕。在区委的坚强领导下,我区将奋力前行。")
    assert _meta(text).region_code is None


def test_a_short_name_without_a_text_speaking_as_a_county_is_not_enough():
    text = "龙游加快建设区域明珠城市。龙游的态度十分明确。"
    assert _meta(text).region_code is None


# ------------------------------------------------------------------ two-character counties
def test_a_two_character_county_acting_as_itself_is_found():
    text = "洋政发〔2024〕8号\n洋县人民政府\n关于印发洋县2024年十大民生实事项目的通知\n各镇人民政府、街道办事处:"
    assert _meta(text).region_code == "610723"


def test_a_two_character_county_after_a_conjunction_or_inside_a_word_is_not():
    # "市和县人民政府" is no 和县 (安徽); "发展房县" glued to 展 is not read as 房县 acting
    assert _meta("规划由市和县人民政府共同组织实施,建设目标如下。").region_code is None
    assert load_regions().find_mentions("由市和县人民政府组织") == []
    assert load_regions().find_mentions("洋县人民政府")[0].name == "洋县"


# ------------------------------------------------------------------ autonomous divisions' everyday names
def test_an_autonomous_county_by_its_everyday_name():
    text = "3月3日,笔者在张家川县十五届人民代表大会第四次会议上获悉,今年张家川县政府确定继续办好十件民生实事。"
    assert _meta(text).region_code == "620525"  # 张家川回族自治县
    table = load_regions()
    assert [r.code for r in table.lookup("恩施州")] == ["422800"]
    # an everyday name never takes over a real division's name
    for alias in ("张家川县", "恩施州"):
        assert all(r.name != alias for r in table.lookup(alias))
    assert all(r.name == "朝阳县" for r in table.lookup("朝阳县"))


# ------------------------------------------------------------------ batch 4 (C122, C123), after the rules above
def test_a_county_the_title_names_is_not_lifted_to_the_province_its_news_site_speaks_for():
    # a provincial news site ("我省") reporting one county's news, the title opening with the county
    text = ("都兰:逾77亿元的45个项目集中开复工\n\n  青海新闻网讯 海西蒙古族藏族自治州都兰县总投资77.88亿元的45个"
            "项目近日集中开复工。青海昆仑黄金有限公司是我省“双百”企业,我省重点支持。")
    assert _meta(text).region_code == "632822"
    # without the county in the title, a head speaking as the province still lifts it
    lifted = ("重点项目集中开复工\n\n  海西蒙古族藏族自治州都兰县总投资77.88亿元的45个项目近日集中开复工。"
              "我省重点支持,我省将加快建设。")
    assert _meta(lifted).region_code != "632822"


def test_a_station_named_after_a_city_does_not_make_it_the_city_s_news():
    text = ("兰新铁路二线、西宁站改造及相关工程将在年底前收官\n  4月25日,记者从青海省发展改革委了解到,2014年青海省计划"
            "安排重点项目141项,总投资5963亿元。兰新铁路二线、西宁站改造及相关工程将在今年年底前收官。")
    assert _meta(text).region_code == "630000"
    city = ("西宁:重点项目集中开工\n  西宁市今年计划安排重点项目141项。西宁将加快建设,西宁市委要求。")
    assert _meta(city).region_code == "630100"
