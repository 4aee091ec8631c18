"""Agency identity: names as written parsed and resolved to the national divisions (seeds/regions.csv).

The names are of agencies that exist, written the ways budget documents write them; the
divisions they belong to are checked against the National Bureau of Statistics' codes.
"""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from ingest import vocab
from ingest.seeds import SEEDS
from jixiao import agencies


def resolved(raw: str, context: str | None = None, override: str | None = None) -> tuple:
    found = agencies.identify(raw, context, override)
    region = agencies.region(found["region_code"])
    return found["agency_name"], found["division_name"], region.name if region else found["region_reason"]


def identity(raw: str, context: str | None = None) -> str:
    return agencies.identify(raw, context)["identity"]


def test_the_seed_holds_every_province_and_the_counties_under_them():
    with open(SEEDS / "regions.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    levels = Counter(r["admin_level"] for r in rows)
    assert levels["province"] == 31
    assert 330 <= levels["prefecture"] <= 340
    assert 2800 <= levels["county"] <= 3100
    assert levels["township"] > 38000
    codes = {r["region_code"] for r in rows}
    assert len(codes) == len(rows)
    assert all(r["parent_code"] in codes for r in rows if r["parent_code"])
    by_name = {(r["region_name"], r["admin_level"]): r for r in rows}
    assert by_name[("湘潭市", "prefecture")]["short_name"] == "湘潭"
    assert by_name[("恩施土家族苗族自治州", "prefecture")]["short_name"] == "恩施"
    assert by_name[("酉阳土家族苗族自治县", "county")]["parent_code"] == "500000"  # a county under 重庆市
    assert ("东莞市", "county") not in by_name  # a prefecture without counties is no county of itself


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("湘潭市雨湖区教育局", ("湘潭市雨湖区教育局", None, "雨湖区")),
        ("恩施州财政局", ("恩施州财政局", None, "恩施土家族苗族自治州")),  # an autonomous prefecture as written
        ("酉阳县民政局", ("酉阳县民政局", None, "酉阳土家族苗族自治县")),
        ("新疆维吾尔自治区乌鲁木齐市水务局", ("新疆维吾尔自治区乌鲁木齐市水务局", None, "乌鲁木齐市")),
        (
            "湖南湘潭高新技术产业园区管理委员会",
            ("湖南湘潭高新技术产业园区管理委员会", None, "湖南湘潭高新技术产业园区"),
        ),
        ("东莞市交通运输局", ("东莞市交通运输局", None, "东莞市")),
        ("韶山市银田镇人民政府", ("韶山市银田镇人民政府", None, "银田镇")),  # a township within its county
        ("湘潭市财政局预算科", ("湘潭市财政局", "预算科", "湘潭市")),  # the division that filled in the table
        ("湘潭市人民政府办公室", ("湘潭市人民政府办公室", None, "湘潭市")),  # 办公室 is the agency, not a division
        ("[012]湘潭县农业农村局（本级）", ("湘潭县农业农村局", None, "湘潭县")),
        ("415_长沙市统计局", ("长沙市统计局", None, "长沙市")),
        ("中共长沙市委组织部", ("中共长沙市委组织部", None, "长沙市")),
        ("湘潭 市 财政局", ("湘潭市财政局", None, "湘潭市")),
    ],
)
def test_names_resolve_to_their_division(raw, expected):
    assert resolved(raw) == expected


def test_one_body_written_several_ways_is_one_agency():
    assert identity("中共长沙市委组织部") == identity("中国共产党长沙市委员会组织部")
    assert identity("湘潭市农业农村局") == identity("湘潭市农业农村局部门") == identity("[77]湘潭市农业农村局(本级)")
    assert identity("银田镇政府", "韶山市") == identity("韶山市银田镇人民政府") == identity("韶山市银田镇")
    # a name that starts with no division takes its document's: one agency with the full name
    assert identity("区财政局", "发布单位：长沙市岳麓区人民政府") == identity("长沙市岳麓区财政局")
    assert identity("湘潭市财政局") != identity("湘潭县财政局")


def test_names_without_their_division_are_resolved_from_their_context():
    assert resolved("区财政局", "发布单位：长沙市岳麓区人民政府 2024-03-01") == ("岳麓区财政局", None, "岳麓区")
    # the level the name calls for: a 县 agency is a county's, not the prefecture's the text names first
    assert resolved("县林业局", "湘潭市 湘潭县2024年部门预算")[2] == "湘潭县"
    # a 县 agency in a text that names only a county-level city stays unresolved
    assert resolved("县林业局", "宁乡市2024年部门预算")[2] == "no division in the name or its context"
    # 资源县 is not read inside 自然资源局, nor 和县 inside 农业和县域经济
    assert (
        resolved("县自然资源局", "推进自然资源局改革，发展农业和县域经济")[2]
        == "no division in the name or its context"
    )


def test_ambiguous_names_need_their_context():
    assert resolved("朝阳区卫生健康委员会")[2].startswith("ambiguous: ")
    assert resolved("朝阳区卫生健康委员会", "北京市朝阳区人民政府 2025年预算")[2] == "朝阳区"
    assert agencies.identify("朝阳区卫生健康委员会", "北京市朝阳区")["region_code"] == "110105"
    assert agencies.identify("朝阳区卫生健康委员会", "长春市朝阳区")["region_code"] == "220104"
    assert resolved("城区教育局")[2].startswith("ambiguous: ")  # 城区 of 阳泉, 晋城 and 汕尾


def test_an_override_settles_the_region():
    found = agencies.identify("城区教育局", None, "140302")
    assert (found["region_code"], found["region_method"]) == ("140302", "override")
    assert found["identity"] == identity("阳泉市城区教育局")


@pytest.mark.parametrize(
    ("cell", "name"),
    [
        ("湘潭市财政局 项目负责人:", "湘潭市财政局"),  # the next field glued on
        ("湘潭市财政局单位：万元", "湘潭市财政局"),
        ("湘潭市财政局项目实施单位湘潭市会计中心", "湘潭市财政局"),
        ("[012]湘潭县农业农村局本级", "[012]湘潭县农业农村局本级"),
        ("湘潭市第一中学", "湘潭市第一中学"),
        ("拟变动情况", None),  # column headers after 单位名称: no body
        ("经费性质", None),
        ("在职人数", None),
        ("总计", None),
        ("实施单位", None),
        ("", None),
    ],
)
def test_a_field_names_an_agency_only_with_an_organisation_word(cell, name):
    assert vocab.agency_name(cell) == name


def test_traditional_script_and_a_context_that_names_the_city_late():
    assert resolved("黃岡市水利和湖泊局")[2] == "黄冈市"
    assert resolved("乾安县教育局")[2] == "乾安县"  # read as written first: 乾 is no traditional 干 here
    late = "预算01表 收支总表 " + "一般公共预算拨款收入 " * 300 + "北京市园林绿化局"
    assert resolved("首都绿化委员会办公室", late)[2] == "北京市"


def test_fields_in_running_text_name_the_agency():
    assert vocab.agency_in_text(["发布机构 | 湘潭县农业农村局 | 文 号 | 无 |"]) == (
        "湘潭县农业农村局",
        "publisher line",
    )
    assert vocab.agency_in_text(["项目名称 设施农业培训 主管部门 湘潭县农业农村局 项目资金"]) == (
        "湘潭县农业农村局",
        "text field",
    )
    assert vocab.agency_in_text(["单位名称 拟变动情况", "预算单位:湘潭县林业局"]) == ("湘潭县林业局", "text field")
    assert vocab.agency_in_text(["各部门交办的其他事项"]) == (None, None)
