"""Document metadata and relevance on real page shapes (issue 15, points 1 and 6).

The heads are shortened from real public pages (a county work-report page, NPC-session news,
a Taiwan reprint of the State Council's report, a city site showing the national 乡村振兴
table under its own news links, provincial project news); the expectations were read off
the text by hand.
"""

from __future__ import annotations

from etl.extract.document import Rejected, extract_bytes
from etl.extract.metadata import extract_metadata


def test_a_work_report_page_without_the_words_政府工作报告():
    text = ("2025年发展目标和重点工作\n2025年是“十四五”规划的收官之年,是“十五五”规划的谋篇布局之年。\n"
            "今年政府工作的总体要求是:坚持稳中求进工作总基调,为加快建设经济强省、美丽河北贡献正定力量。\n"
            "2025年主要预期目标是:地区生产总值增长6%以上,固定资产投资增长7%左右。\n")
    meta = extract_metadata(text, "a.txt")
    assert (meta.doc_kind, meta.report_year, meta.title) == ("work_report", 2025, "2025年发展目标和重点工作")


def test_bylines_and_captions_are_not_titles():
    text = ("川观新闻记者 杨艺茂\n\n1月21日上午,乐山市第八届人民代表大会第七次会议开幕。\n\n"
            "1月21日上午,乐山市第八届人民代表大会第七次会议开幕(龚启文 摄)\n\n"
            "开幕会上,乐山市市长赵迎春代表乐山市人民政府作工作报告。报告分三个部分:2025年工作回顾、2026年工作安排。\n"
            "今年是“十五五”开局之年。报告提出了今年乐山发展的主要预期目标:地区生产总值增长5.5%。\n")
    meta = extract_metadata(text, "b.txt")
    assert meta.title is None or ("记者" not in meta.title and "摄" not in meta.title)
    assert (meta.doc_kind, meta.report_year, meta.region_code) == ("work_report", 2026, "511100")


def test_a_scrapers_title_label_is_not_part_of_the_title():
    meta = extract_metadata("标题:长春市南关区国民经济和社会发展第十四个五年规划纲要\n正文。", "c.txt")
    assert meta.title == "长春市南关区国民经济和社会发展第十四个五年规划纲要"


def test_a_short_place_name_opening_a_title():
    text = ("厦门举行2023年新年“开门红”重大项目集中开工活动,92个重大项目集中开工,总投资1272亿元。\n"
            "1.思明区:祥云实验学校项目,总投资3.7亿元\n2.湖里区:湖里区停车场项目,总投资9.6亿元\n"
            "3.湖里区:某产业园项目,总投资2亿元\n")
    assert extract_metadata(text, "d.txt").region_code == "350200"  # 厦门市, not one of its districts
    text = "1江苏高水平全面建成小康社会指标解释及计算方法指标名称计量单位2020年目标值资料来源"
    assert extract_metadata(text, "e.txt").region_code == "320000"


def test_news_about_many_places_of_one_province():
    text = ("12月27日,湖南省发展和改革委员会批准了11个新的风电项目。\n"
            "醴陵市沩山风电场项目设在株洲市醴陵市,投资总额为3.198亿元。醴陵市贺家桥风电场二期同样位于株洲市醴陵市。"
            "通道县金坑风电场项目位于怀化市通道县。沅陵县盘古风电场位于怀化市沅陵县。慈利县零溪风电场设在张家界市慈利县。\n")
    meta = extract_metadata(text, "f.txt")
    assert (meta.region_code, meta.region_level) == ("430000", "province")


def test_places_in_links_to_other_articles_are_not_the_subject():
    text = ("以文化为笔 绘就乡村振兴新图景\n"
            "赫山区清溪村的文学市集。刘舒婷摄 乡村振兴关键是要提振农民的信心。近年来,我市着力夯实乡村文...... 【详情】\n"
            "- “虾”路相逢促振兴05-01\n- 改出一片新天地04-28\n"
            "主 要 指 标 |\n粮食综合生产能力 | 农业科技进步贡献率 |\n2022 年 目 标 值 |\n>6亿吨 | 61.5% |\n"
            "属 性 | 约束性 | 预期性 |\n")
    meta = extract_metadata(text, "g.txt")
    assert meta.region_code is None and meta.doc_kind == "plan_outline"


def test_the_state_councils_report_is_national():
    text = ("date 2026-03-05 巨亨网编译钟咏翔\n"
            "据《人民日报》报导,中国国务院总理李强周四(5日)向十四届全国人大四次会议宣读政府工作报告,要点如下:\n"
            "一、2025年工作回顾\n国内生产毛额增长5%\n三、2026年经济社会发展总体要求和政策取向\n经济增长4.5%—5%\n")
    meta = extract_metadata(text, "h.txt")
    assert (meta.region_name, meta.region_level, meta.region_code) == ("中华人民共和国", "national", None)
    assert (meta.doc_kind, meta.report_year, meta.published_on) == ("work_report", 2026, "2026-03-05")
    assert not any(f.flag == "region_unresolved" for f in meta.quality_flags)


def test_taiwans_规画_names_the_plan():
    text = "date 2026-02-05 福建省十五五规画纲要明确提出:未来五年GDP年均增长百分之五左右。"
    meta = extract_metadata(text, "i.txt")
    assert (meta.plan_period, meta.region_code) == ([2026, 2030], "350000")


def test_a_text_with_targets_but_no_planning_word_is_kept_with_a_flag():
    text = ("8月10日,记者从旺苍县第十二次代表大会上获悉,该县将加快建设广元副中心城市。\n"
            "到2020年,全县地区生产总值达到178亿元,力争突破200亿元。\n")
    result = extract_bytes(text.encode(), "j.txt")
    assert not isinstance(result, Rejected)
    assert {t.value for t in result.targets} >= {178, 200}
    assert any(f.flag == "no_planning_marker" for f in result.document.quality_flags)
    assert not any(f.flag == "not_a_plan" for f in result.document.quality_flags)


def test_a_rejection_names_what_was_looked_for():
    result = extract_bytes(("今天天气很好,我们去公园散步,看见很多人在跳舞。" * 5).encode(), "k.txt")
    assert isinstance(result, Rejected) and result.reason == "not_a_plan"
    assert "规划" in result.detail and "总投资" in result.detail and "no target" in result.detail


def test_a_province_city_and_district_on_one_chain_name_the_district():
    text = ("发展目标出炉\n近日,吉林省召开经济工作会议。长春市朝阳区召开全区大会,朝阳区提出到2025年的主要目标。\n")
    meta = extract_metadata(text, "l.txt")
    assert meta.region_code == "220104"


def test_a_plans_news_with_an_annual_task_list_is_not_a_work_report():
    text = ("长春市绿园区再发力 建设高质量城乡一体化新城区\n“十四五”期间,绿园区将建设高质量城乡一体化新城区。\n"
            "2021年重点工作\n新建5G基站300个。\n")
    meta = extract_metadata(text, "m.txt")
    assert (meta.doc_kind, meta.plan_period) == ("news_summary", [2021, 2025])


def test_a_county_named_only_by_its_short_name_with_its_city_and_province():
    text = ("2025年发展目标和重点工作\n今年政府工作的总体要求是:全面贯彻习近平总书记视察河北、视察石家庄重要讲话精神,"
            "为加快建设经济强省、美丽河北,为中华民族伟大复兴贡献正定力量。\n")  # 复兴区 is 邯郸's, not named
    assert extract_metadata(text, "n.txt").region_code == "130123"
    # a short name alone is not enough
    assert extract_metadata("2025年发展目标\n为建设美丽家园贡献正定力量。\n", "o.txt").region_code is None


def test_the_division_whose_congress_meets_is_the_subject():
    text = ("大会现场\n2月19日,绵阳市涪城区第六届人民代表大会第四次会议在绵阳市委党校隆重开幕。"
            "代区长作政府工作报告,提出了2019年经济社会发展主要预期目标。绵阳市委、绵阳市政府领导出席。\n")
    assert extract_metadata(text, "p.txt").region_code == "510703"
