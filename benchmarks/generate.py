#!/usr/bin/env python3
"""Write a synthetic, valid minsheng data folder of any size, for benchmarks.

    python benchmarks/generate.py --projects 1500 --out /tmp/d1500

The folder holds ``projects.yaml`` (a city's plan: districts × departments as 责任单位,
every indicator kind in the proportions of the 2022 county list, milestones on some
indicators) and one progress report per responsible unit per month
(``progress/YYYY-MM/<unit>.yaml``) with cumulative values that rise month to month.
Everything is marked ``sample: true``. The same arguments give the same bytes.

Only the standard library is used; the YAML text is written here, block style, with
every string that could be misread double-quoted. ``minsheng check --data OUT --as-of
<year>-12-31`` accepts the result with no errors and no warnings.
"""

from __future__ import annotations

import argparse
import calendar
import math
import random
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# ---- YAML text --------------------------------------------------------------------------


class Flow(dict[str, Any]):
    """A mapping written on one line: ``{by: 2022-06-30, value: 3000}``."""


class Inline(list[Any]):
    """A list of scalars written on one line: ``[第1区教委, 第1区民政局]``."""


_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|<=>'\"%@`][^\n]*")
_LOOKS_TYPED = re.compile(
    r"[-+]?(\d[\d_]*)?\.?\d*([eE][-+]?\d+)?|~|null|true|false|yes|no|on|off|y|n",
    re.IGNORECASE,
)
_FLOW_SPECIALS = frozenset(",[]{}")


def scalar(value: object, flow: bool = False) -> str:
    """One scalar as YAML text; strings that a reader could take for something else are quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number(value)
    text = str(value)
    plain = (
        _PLAIN.fullmatch(text) is not None
        and ": " not in text
        and " #" not in text
        and not text.endswith((":", " "))
        and _LOOKS_TYPED.fullmatch(text) is None
        and not (flow and any(c in _FLOW_SPECIALS for c in text))
    )
    if plain:
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def number(value: float, decimals: int = 4) -> str:
    """A number without exponent or trailing zeros: 3000, 1.5, 0.25."""
    if value == int(value):
        return str(int(value))
    return f"{value:.{decimals}f}".rstrip("0").rstrip(".")


def dump(data: dict[str, Any], header: Sequence[str] = ()) -> str:
    """A whole document: comment lines, then the mapping in block style."""
    lines = [f"# {line}" if line else "#" for line in header]
    if lines:
        lines.append("")
    _mapping(data, 0, lines)
    lines.append("")
    return "\n".join(lines)


def _mapping(data: dict[str, Any], indent: int, out: list[str], first: str | None = None) -> None:
    pad = " " * indent
    for i, (key, value) in enumerate(data.items()):
        lead = first if first is not None and i == 0 else pad
        if isinstance(value, Flow):
            out.append(f"{lead}{key}: {_flow_mapping(value)}")
        elif isinstance(value, Inline):
            out.append(f"{lead}{key}: [{', '.join(scalar(v, flow=True) for v in value)}]")
        elif isinstance(value, dict):
            out.append(f"{lead}{key}:")
            _mapping(value, indent + 2, out)
        elif isinstance(value, list):
            out.append(f"{lead}{key}:")
            _sequence(value, indent + 2, out)
        elif isinstance(value, str) and "\n" in value:
            out.append(f"{lead}{key}: |-")
            out.extend(f"{pad}  {line}" for line in value.split("\n"))
        else:
            out.append(f"{lead}{key}: {scalar(value)}")


def _sequence(items: list[Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, Flow):
            out.append(f"{pad}- {_flow_mapping(item)}")
        elif isinstance(item, dict):
            _mapping(item, indent + 2, out, first=f"{pad}- ")
        else:
            out.append(f"{pad}- {scalar(item)}")


def _flow_mapping(data: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in data.items()) + "}"


# ---- vocabulary -------------------------------------------------------------------------

CITY = "云岭市"

# (short name as in the unit names, full name); most common first, so small runs get
# the departments that carry most livelihood projects.
DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("住房城乡建委", "住房和城乡建设委员会"),
    ("教委", "教育委员会"),
    ("卫生健康委", "卫生健康委员会"),
    ("民政局", "民政局"),
    ("交通局", "交通运输局"),
    ("人力社保局", "人力资源和社会保障局"),
    ("城市管理局", "城市管理局"),
    ("农业农村委", "农业农村委员会"),
    ("商务委", "商务委员会"),
    ("市场监管局", "市场监督管理局"),
    ("公安分局", "公安分局"),
    ("水利局", "水利局"),
    ("生态环境局", "生态环境局"),
    ("文化旅游委", "文化和旅游发展委员会"),
    ("体育局", "体育局"),
    ("残联", "残疾人联合会"),
    ("总工会", "总工会"),
    ("医保局", "医疗保障局"),
    ("应急管理局", "应急管理局"),
    ("供销社", "供销合作社"),
    ("发展改革委", "发展和改革委员会"),
    ("妇联", "妇女联合会"),
    ("退役军人事务局", "退役军人事务局"),
    ("供电公司", "供电公司"),
    ("供水公司", "惠民供水有限公司"),
)

# Stage ladder of the plan (as in data/projects.yaml): name, weight, aliases.
STAGES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("未启动", 0, ()),
    ("已启动", 20, ("启动", "开工", "开工建设", "新开工", "实施", "推行")),
    ("建成", 90, ("完成", "完工", "改造完成", "打造完成")),
    ("投用", 100, ("投入使用", "建成投用")),
)
_STEP = {name: i for i, (canon, _, aliases) in enumerate(STAGES) for name in (canon, *aliases)}
_WEIGHT = [weight for _, weight, _ in STAGES]

FIRST = "青龙凤金银桃柳石白黄云清安平兴华新东西南北高双太和永福长明建坪岚"
SECOND = "山河溪湖坪坝岭桥林园湾台阳水田峰江源泉岗口"
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程汪"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰建国海波宇红梅林峰辉鹏飞"


@dataclass(frozen=True)
class Spec:
    """A kind of indicator a department sets, with the words to describe it.

    Templates take ``{p}`` (a place in the district), ``{t}`` (target figure), ``{s}``
    (target stage), ``{items}`` and ``{c}`` (checklist items and their count).
    """

    kind: str
    dept: str
    project: str
    name: str
    sentence: str
    unit: str = ""
    low: float = 0
    high: float = 0
    decimals: int = 0
    comparator: str = ">="
    targets: tuple[str, ...] = ()
    items: str = ""
    at_least: bool = False


def _q(
    dept: str,
    project: str,
    name: str,
    sentence: str,
    unit: str,
    low: float,
    high: float,
    decimals: int = 0,
    at_least: bool = False,
) -> Spec:
    return Spec(
        "quantity", dept, project, name, sentence, unit, low, high, decimals, at_least=at_least
    )


def _th(
    dept: str,
    project: str,
    name: str,
    unit: str,
    low: float,
    high: float,
    decimals: int = 0,
    comparator: str = ">=",
) -> Spec:
    verb = "达到{t}" + unit + "以上" if comparator == ">=" else "控制在{t}" + unit + "以内"
    return Spec(
        "threshold", dept, project, name, name + verb, unit, low, high, decimals, comparator
    )


def _st(dept: str, project: str, name: str, sentence: str, *targets: str) -> Spec:
    return Spec("stage", dept, project, name, sentence, targets=targets)


def _cl(dept: str, project: str, name: str, sentence: str, items: str, *targets: str) -> Spec:
    return Spec("checklist", dept, project, name, sentence, items=items, targets=targets)


def _tr(
    dept: str,
    project: str,
    name: str,
    unit: str,
    low: float,
    high: float,
    decreasing: bool = True,
    decimals: int = 1,
) -> Spec:
    way = "逐年降低" if decreasing else "稳步提高"
    return Spec(
        "trend",
        dept,
        project,
        name,
        name + way,
        unit,
        low,
        high,
        decimals,
        comparator="<=" if decreasing else ">=",
    )


def _ql(dept: str, project: str, name: str, sentence: str) -> Spec:
    return Spec("qualitative", dept, project, name, sentence)


SPECS: tuple[Spec, ...] = (
    # 数量
    _q("住房城乡建委", "实施{p}城镇老旧小区改造", "老旧小区改造面积", "完成老旧小区改造{t}万平方米", "万平方米", 2, 25, 2),
    _q("住房城乡建委", "建成{p}市民广场", "{p}市民广场建成面积", "建成{p}市民广场{t}平方米，为市民提供休闲娱乐的公共空间与活动场所", "平方米", 3000, 20000),
    _q("住房城乡建委", "实施{p}居民住宅用水提质工程", "提升水质居民户数", "改造小区二次供水设备、泵房及管网，提升{t}户居民水质", "户", 300, 3000),
    _q("教委", "建设{p}中学校", "年度投资", "完成年度投资{t}亿元以上", "亿元", 0.5, 3, 2, True),
    _q("教委", "开展青少年心理健康教育", "培训心理健康教师", "开展培训心理健康教师{t}人次", "人次", 100, 600),
    _q("交通局", "实施{p}农村公路生命安全防护工程", "农村公路生命安全防护工程", "实施农村公路生命安全防护工程{t}公里", "公里", 30, 300),
    _q("交通局", "推进{p}农村公路提档升级", "农村公路提档升级", "完成农村公路提档升级{t}公里", "公里", 20, 150, 1),
    _q("卫生健康委", "开展妇幼健康促进行动", "35-64岁适龄妇女“两癌”免费检查", "为35-64岁适龄妇女开展“两癌”免费检查{t}人", "人", 2000, 12000),
    _q("卫生健康委", "发展婴幼儿照护服务", "新增托位", "新增托位{t}个", "个", 20, 300),
    _q("民政局", "建设{p}社区老年食堂", "社区老年食堂", "建成社区老年食堂{t}个，为老年人提供助餐服务", "个", 3, 30),
    _q("总工会", "建成“劳动者港湾”示范点", "“劳动者港湾”示范点", "建成“劳动者港湾”示范点{t}个", "个", 3, 15),
    _q("残联", "开展“百千万惠残助残行动”", "辅助器具适配服务", "为有需求的残疾人提供辅助器具适配服务{t}人次", "人次", 50, 500),
    _q("人力社保局", "促进城镇新增就业", "城镇新增就业", "城镇新增就业{t}人以上", "人", 1000, 8000, 0, True),
    _q("人力社保局", "开展职业技能培训", "职业技能培训", "开展职业技能培训{t}人次", "人次", 500, 5000),
    _q("城市管理局", "新增{p}公共停车泊位", "新增停车泊位", "新建公共停车场，新增停车泊位{t}个", "个", 100, 1500),
    _q("城市管理局", "实施{p}城市照明提升工程", "新装改造路灯", "新装改造路灯{t}盏", "盏", 200, 3000),
    _q("农业农村委", "建设高标准农田", "高标准农田", "建成高标准农田{t}万亩", "万亩", 0.5, 5, 2),
    _q("农业农村委", "实施{p}农村户厕改造", "农村卫生厕所改造", "完成农村卫生厕所改造{t}户", "户", 500, 5000),
    _q("文化旅游委", "开展送文化下乡", "送文化下乡演出", "开展送文化下乡演出{t}场", "场", 50, 300),
    _q("体育局", "建设全民健身设施", "新建全民健身路径", "新建全民健身路径{t}个", "个", 10, 80),
    _q("市场监管局", "守护“舌尖上的安全”", "食品安全抽检", "完成食品安全抽检{t}批次", "批次", 500, 3000),
    _q("水利局", "实施{p}农村供水保障工程", "巩固提升农村供水人口", "巩固提升农村供水保障人口{t}万人", "万人", 0.5, 5, 2),
    _q("供电公司", "实施居民小区供电设施安全改造", "居民小区供电设施安全改造", "完成{t}个居民小区供电设施安全改造", "个", 5, 40),
    _q("公安分局", "建设{p}智能安防小区", "智能安防小区", "建成智能安防小区{t}个", "个", 10, 100),
    _q("退役军人事务局", "提升退役军人服务保障水平", "退役军人服务站规范化建设", "完成退役军人服务站规范化建设{t}个", "个", 5, 40),
    _q("供水公司", "实施{p}供水管网改造", "改造供水管网", "改造老旧供水管网{t}公里", "公里", 5, 60, 1),
    # 达标
    _th("教委", "发展普惠性学前教育", "学前三年毛入园率", "%", 85, 95),
    _th("教委", "发展普惠性学前教育", "普惠性幼儿园覆盖率", "%", 80, 92),
    _th("教委", "开展青少年心理健康教育", "中小学心理辅导室（中心）覆盖率", "%", 80, 100),
    _th("卫生健康委", "发展婴幼儿照护服务", "每千人拥有3岁以下婴幼儿托位数", "个/千人", 1.5, 4.5, 1),
    _th("卫生健康委", "开展妇幼健康促进行动", "孕产妇死亡率", "/10万", 10, 18, 1, "<="),
    _th("人力社保局", "稳定和扩大就业", "城镇调查失业率", "%", 5, 6, 1, "<="),
    _th("医保局", "巩固全民参保成果", "城乡居民基本医疗保险参保率", "%", 95, 98, 1),
    _th("生态环境局", "打好蓝天保卫战", "空气质量优良天数比例", "%", 85, 95, 1),
    _th("城市管理局", "推进生活垃圾分类", "生活垃圾无害化处理率", "%", 95, 100),
    _th("水利局", "实施{p}农村供水保障工程", "农村自来水普及率", "%", 88, 95),
    _th("民政局", "提升养老服务能力", "护理型床位占比", "%", 50, 60),
    _th("应急管理局", "加强安全生产", "亿元地区生产总值生产安全事故死亡率", "人", 0.01, 0.05, 3, "<="),
    # 阶段
    _st("卫生健康委", "建设{p}精神卫生中心", "{p}精神卫生中心", "{p}精神卫生中心{s}", "建成投用", "建成", "投用"),
    _st("教委", "建设{p}中学校", "{p}中学校", "{s}{p}中学校", "开工", "开工建设", "建成"),
    _st("残联", "建设残疾儿童康复中心", "{p}残疾儿童康复中心", "{p}残疾儿童康复中心{s}", "建成", "建成投用"),
    _st("商务委", "{p}农贸市场标准化改造", "{p}农贸市场标准化改造", "{s}{p}农贸市场标准化改造", "启动", "完成"),
    _st("住房城乡建委", "实施街头绿地提质工程", "{p}立体绿化示范街区", "打造{p}立体绿化示范街区", "打造完成"),
    _st("体育局", "建设{p}体育公园", "{p}体育公园", "{p}体育公园{s}", "开工", "建成"),
    _st("文化旅游委", "建设{p}图书馆分馆", "{p}图书馆分馆", "{p}图书馆分馆{s}", "建成投用"),
    _st("供销社", "新建{p}农产品批发市场", "{p}农产品批发市场", "{s}{p}农产品批发市场建设", "开工", "完成"),
    _st("民政局", "建设{p}区级养老服务中心", "{p}区级养老服务中心", "{p}区级养老服务中心{s}", "建成", "投用"),
    _st("交通局", "建设{p}汽车客运站", "{p}汽车客运站", "{s}{p}汽车客运站", "开工", "建成投用"),
    _st("城市管理局", "建设{p}生活垃圾转运站", "{p}生活垃圾转运站", "{p}生活垃圾转运站{s}", "建成", "投用"),
    _st("水利局", "实施{p}水厂扩建工程", "{p}水厂扩建工程", "{p}水厂扩建工程{s}", "完工", "投用"),
    _st("供电公司", "建设{p}110千伏变电站", "{p}110千伏变电站", "{s}{p}110千伏变电站", "开工", "投用"),
    # 清单
    _cl("民政局", "实施农村社区居家养老服务全覆盖工程", "乡镇养老服务中心改造", "完成{items}{c}个乡镇养老服务中心改造", "town", "完成"),
    _cl("住房城乡建委", "实施{p}城镇老旧小区改造", "老旧小区改造", "完成{items}{c}个老旧小区改造", "area", "完成", "启动"),
    _cl("住房城乡建委", "新（改）建城市公厕", "新（改）建城市公厕", "新（改）建{items}{c}座城市公厕", "toilet", "完成", "建成"),
    _cl("教委", "发展普惠性学前教育", "幼儿园建设", "建成投用{items}{c}所幼儿园", "kindergarten", "建成投用", "新开工"),
    _cl("教委", "综合防控儿童青少年近视", "护眼灯工程建设", "完成{items}{c}所学校护眼灯工程建设", "school", "完成"),
    _cl("应急管理局", "建设应急避难场所", "应急避难场所建设", "建成{items}{c}个应急避难场所", "shelter", "建成"),
    _cl("交通局", "完善城乡客运设施", "农村客运招呼站建设", "建成{items}{c}个农村客运招呼站", "stop", "建成"),
    _cl("水利局", "实施中小河流治理", "中小河流治理", "完成{items}{c}段中小河流治理", "river", "完成", "开工"),
    _cl("城市管理局", "建设{p}口袋公园", "口袋公园建设", "建成{items}{c}个口袋公园", "park", "建成"),
    _cl("文化旅游委", "乡镇综合文化站提档升级", "乡镇综合文化站提档升级", "完成{items}{c}个乡镇综合文化站提档升级", "town", "完成"),
    _cl("体育局", "建设社区运动场地", "社区运动场地建设", "建成{items}{c}个社区运动场地", "field", "建成"),
    _cl("农业农村委", "实施农村人居环境整治提升", "村庄人居环境整治", "完成{items}{c}个村人居环境整治", "village", "完成"),
    _cl("人力社保局", "建设零工市场", "零工市场建设", "建成{items}{c}个零工市场（驿站）", "market", "建成投用"),
    _cl("卫生健康委", "实施老年人照顾服务计划", "推行“助老”服务", "在条件成熟社区推行{items}等{c}项服务", "service", "推行"),
    # 趋势
    _tr("教委", "综合防控儿童青少年近视", "全市儿童青少年总体近视率", "%", 45, 60),
    _tr("公安分局", "打击治理电信网络诈骗", "电信网络诈骗案件发案数", "起", 100, 800, decimals=0),
    _tr("生态环境局", "打好蓝天保卫战", "PM2.5年均浓度", "微克/立方米", 25, 45),
    _tr("交通局", "加强道路交通安全管理", "道路交通事故死亡人数", "人", 10, 60, decimals=0),
    _tr("应急管理局", "加强消防安全", "火灾事故起数", "起", 50, 400, decimals=0),
    _tr("市场监管局", "守护“舌尖上的安全”", "食品安全投诉举报量", "件", 200, 1500, decimals=0),
    _tr("卫生健康委", "开展妇幼健康促进行动", "婴儿死亡率", "‰", 2, 5, decimals=2),
    _tr("人力社保局", "促进城乡居民增收", "城镇居民人均可支配收入", "元", 30000, 45000, False, 0),
    _tr("农业农村委", "促进农民增收", "农村居民人均可支配收入", "元", 12000, 20000, False, 0),
    # 定性
    _ql("教委", "推进义务教育阶段学生“双减”", "校外培训机构治理和监管", "依法依规持续开展校外培训机构治理工作，加大对校外培训机构的监管，规范办学行为"),
    _ql("教委", "推进义务教育阶段学生“双减”", "中小学课后服务", "规范开展中小学课后服务，提升课后服务水平"),
    _ql("卫生健康委", "综合防控儿童青少年近视", "加强青少年近视防控医疗指导", "加强青少年近视防控医疗指导"),
    _ql("市场监管局", "守护“舌尖上的安全”", "校园食品安全守护行动", "深入开展校园食品安全守护行动，落实学校食品安全校长（园长）负责制"),
    _ql("公安分局", "开展电动自行车安全隐患整治", "电动自行车安全隐患全链条整治", "开展电动自行车安全隐患全链条整治，规范停放充电"),
    _ql("发展改革委", "统筹推进重点民生实事", "重点民生实事统筹调度", "按月调度重点民生实事推进情况，按季通报"),
    _ql("妇联", "开展家庭教育指导服务", "家庭教育指导服务", "健全家庭教育指导服务体系，持续开展家庭教育公益活动"),
    _ql("民政局", "实施老年人照顾服务计划", "老年人照顾服务", "推行助餐、助浴、助医等照顾服务，提升老年人获得感"),
)  # fmt: skip

# Shares of each kind among the 2022 county list's indicators (quantity ≈ 38 %, …).
KIND_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("quantity", 38),
    ("threshold", 18),
    ("checklist", 16),
    ("qualitative", 12),
    ("stage", 10),
    ("trend", 6),
)
INDICATOR_COUNTS = (1, 2, 3, 4, 5, 6, 8)
INDICATOR_COUNT_WEIGHTS = (30, 25, 18, 12, 8, 5, 2)

WORK = (
    "召开专题推进会{n}次，协调解决问题{m}个",
    "开展现场督导检查{n}次，督促施工单位倒排工期",
    "完成施工图设计审查和施工招标",
    "落实项目资金{m}00万元",
    "组织监理单位开展质量安全巡查{n}次",
    "走访群众{m}0户，收集意见建议{n}条",
    "与相关部门会商{n}次，明确责任分工",
    "加强宣传引导，发放宣传资料{m}00余份",
    "建立工作台账，实行周调度、月通报",
    "完成项目前期可研和初步设计批复",
)
PROBLEMS = (
    "受持续降雨天气影响，部分工程施工进度有所滞后。",
    "项目资金到位较慢，存在一定资金缺口。",
    "征地拆迁协调难度较大，影响施工作业面展开。",
    "专业技术人员不足，工作推进力量偏弱。",
    "部分群众对改造方案意见不一，需进一步沟通协调。",
    "建材价格上涨，施工单位成本压力较大。",
)
KEEP_UP = (
    "持续做好{name}相关工作，巩固提升工作成效。",
    "加强监测分析，确保{name}年底达到目标要求。",
    "对照年度目标查漏补缺，推动{name}持续向好。",
)
NEXT = (
    "加快推进{name}，确保按序时进度完成任务。",
    "倒排工期、挂图作战，下月重点推进{name}。",
    "加强督导检查，督促施工单位增加作业人员，推进{name}。",
    "做好{name}质量安全监管，同步做好验收准备。",
    "持续跟踪{name}推进情况，及时协调解决存在问题。",
)
REVIEWS = (
    "工作推进有力，台账资料齐全，群众反映良好。",
    "措施落实到位，成效较为明显，建议进一步总结经验。",
    "按计划推进，部分环节仍需加强，建议细化工作措施。",
    "工作有序开展，宣传引导需进一步加强。",
)
CORRECTIONS = (
    "经核实，上月数据统计口径有误（含未验收部分），按验收数更正。",
    "上月数据重复统计，经复核后更正。",
)


# ---- the plan ---------------------------------------------------------------------------


@dataclass
class Indicator:
    id: str
    spec: Spec
    reporter: str
    fields: dict[str, Any]
    due_month: int  # 1-based month by which the target should be met
    states: list[dict[str, Any]] = field(default_factory=list)  # one report entry per month
    summary: list[str] = field(default_factory=list)  # one progress phrase per month


@dataclass
class Project:
    id: int
    name: str
    units: list[str]
    text: str
    due: str | None
    indicators: list[Indicator]


@dataclass
class Unit:
    name: str
    full_name: str
    district: int
    dept: str


class Generator:
    """Builds the registry and the reports from one seeded random stream."""

    def __init__(self, projects: int, months: int, units: int, seed: int, year: int) -> None:
        self.n_projects, self.months, self.year, self.seed = projects, months, year, seed
        self.rng = random.Random(seed)
        self.lagging = 0  # pace of the project being built: 0 on schedule, 1 behind, 2 far behind
        self.units = self._units(units)
        self.by_district: dict[int, list[Unit]] = {}
        for unit in self.units:
            self.by_district.setdefault(unit.district, []).append(unit)
        self.specs_by_kind: dict[str, list[Spec]] = {}
        self.specs_by_dept_kind: dict[tuple[str, str], list[Spec]] = {}
        for spec in SPECS:
            self.specs_by_kind.setdefault(spec.kind, []).append(spec)
            self.specs_by_dept_kind.setdefault((spec.dept, spec.kind), []).append(spec)
        self.projects = [self._project(i + 1, lead) for i, lead in enumerate(self._leads())]

    # -- units and projects -----------------------------------------------------------

    def _units(self, count: int) -> list[Unit]:
        """第d区<部门>: about as many districts as needed, each with the same departments."""
        districts = math.ceil(count / len(DEPARTMENTS))
        per = math.ceil(count / districts)
        found = [
            Unit(f"第{d}区{short}", f"{CITY}第{d}区{full}", d, short)
            for d in range(1, districts + 1)
            for short, full in DEPARTMENTS[:per]
        ]
        return found[:count]

    def _leads(self) -> Iterator[Unit]:
        """Every unit leads at least one project (when there are enough), in shuffled order."""
        order = list(self.units)
        self.rng.shuffle(order)
        for i in range(self.n_projects):
            if i and i % len(order) == 0:
                self.rng.shuffle(order)
            yield order[i % len(order)]

    def _project(self, pid: int, lead: Unit) -> Project:
        rng = self.rng
        neighbours = [u for u in self.by_district[lead.district] if u is not lead]
        helpers = rng.choices((0, 1, 2), weights=(60, 30, 10))[0]
        coop = rng.sample(neighbours, min(helpers, len(neighbours)))
        place = self._place("area")
        due = None
        if rng.random() < 0.04:
            due = f"{self.year}-{rng.choice(('09-30', '10-31', '11-30'))}"
        count = rng.choices(INDICATOR_COUNTS, weights=INDICATOR_COUNT_WEIGHTS)[0]
        self.lagging = rng.choices((0, 1, 2), weights=(75, 17, 8))[0]
        indicators: list[Indicator] = []
        used: set[str] = set()
        for k in range(count):
            owner = lead if not coop or k == 0 or rng.random() < 0.5 else rng.choice(coop)
            spec = self._spec(owner.dept, used, first=k == 0)
            used.add(spec.name)
            explicit = [owner.name] if coop and (owner is not lead or rng.random() < 0.4) else []
            indicators.append(self._indicator(f"{pid}-{k + 1}", spec, owner, explicit, place, due))
        first = indicators[0].spec
        name = first.project.format(p=place)
        sentences = [ind.fields.pop("_sentence") for ind in indicators]
        if len(sentences) > 2:
            text = "\n".join(f"{i}.{s}。" for i, s in enumerate(sentences, 1))
        else:
            text = "，".join(sentences) + "。"
        units = [lead.name] + [u.name for u in coop]
        return Project(pid, name, units, text, due, indicators)

    def _spec(self, dept: str, used: set[str], first: bool = False) -> Spec:
        """An indicator a department would set: mostly its own kinds, sometimes another's."""
        rng = self.rng
        kinds, weights = zip(*KIND_WEIGHTS, strict=True)
        kind = rng.choices(kinds, weights=weights)[0]
        if first and (dept, kind) not in self.specs_by_dept_kind:
            here = [(k, w) for k, w in KIND_WEIGHTS if (dept, k) in self.specs_by_dept_kind]
            kind = rng.choices([k for k, _ in here], weights=[w for _, w in here])[0]
        own = [s for s in self.specs_by_dept_kind.get((dept, kind), []) if s.name not in used]
        if own and (first or rng.random() < 0.9):
            return rng.choice(own)
        pool = self.specs_by_kind[kind]
        spec = rng.choice(pool)
        for _ in range(5):
            if spec.name not in used:
                break
            spec = rng.choice(pool)
        return spec

    def _place(self, what: str) -> str:
        rng = self.rng
        base = rng.choice(FIRST) + rng.choice(SECOND)
        suffix = {
            "area": ("片区", "街道", "镇", "社区"),
            "town": ("镇", "乡"),
        }.get(what, ("",))
        return base + rng.choice(suffix)

    def _item_names(self, kind: str, count: int) -> list[str]:
        if kind == "service":
            services = ["助餐", "助浴", "助医", "助洁", "助行", "助急", "助聊", "助购"]
            return services[: min(count, len(services))]
        suffix = {
            "town": "",
            "area": "片区",
            "toilet": "公厕",
            "kindergarten": "幼儿园",
            "school": "",
            "shelter": "应急避难场所",
            "stop": "客运招呼站",
            "river": "河",
            "park": "口袋公园",
            "field": "社区运动场",
            "village": "村",
            "market": "零工驿站",
        }[kind]
        names: list[str] = []
        while len(names) < count:
            if kind == "town":
                name = self._place("town")
            elif kind == "school":
                name = self._place("none") + self.rng.choice(("小学", "中学", "初级中学"))
            else:
                name = self._place("none") + suffix
            if name not in names:
                names.append(name)
        return names

    # -- indicators ---------------------------------------------------------------------

    def _indicator(
        self, iid: str, spec: Spec, owner: Unit, explicit: list[str], place: str, due: str | None
    ) -> Indicator:
        rng = self.rng
        fields: dict[str, Any] = {"id": iid, "name": spec.name.format(p=place), "kind": spec.kind}
        if explicit:
            fields["units"] = Inline(explicit)
        if due is None and rng.random() < 0.08:
            due = f"{self.year}-{rng.choice(('06-30', '09-30', '11-30'))}"
            fields["due"] = due
        due_month = int(due[5:7]) if due else 12
        ind = Indicator(iid, spec, owner.name, fields, due_month)
        build: dict[str, Callable[[Indicator, str], None]] = {
            "quantity": self._quantity,
            "threshold": self._threshold,
            "stage": self._stage,
            "checklist": self._checklist,
            "trend": self._trend,
            "qualitative": self._qualitative,
        }
        build[spec.kind](ind, place)
        if rng.random() < 0.05:
            fields["weight"] = 2
        return ind

    def _pace(self, ind: Indicator) -> list[float]:
        """Share of the target reached at the end of each month: rising, at the project's pace."""
        rng = self.rng
        if self.lagging == 0:  # on schedule, some finish early or beyond the target
            start = rng.choice((0, 0, 0, 1))
            final = 1.0 if rng.random() < 0.75 else 1.0 + rng.uniform(0, 0.1)
        elif self.lagging == 1:  # behind during the year, mostly catching up by its end
            start = rng.choice((0, 1, 2, 3))
            final = 1.0 if rng.random() < 0.6 else rng.uniform(0.85, 1.0)
        else:  # seriously behind
            start = rng.choice((1, 2, 3, 4, 5))
            final = rng.uniform(0.4, 0.9) if rng.random() < 0.7 else 1.0
        end = max(start + 1, ind.due_month)
        steps = [0.0] * 12
        for m in range(start, end):
            late = (m - start) / (end - start)  # on schedule: ahead early; behind: back-loaded
            push = 1.0 + late if self.lagging else 1.3 - 0.6 * late
            steps[m] = push * (0.0 if rng.random() < 0.08 else rng.uniform(0.6, 1.4))
        if sum(steps) == 0:
            steps[end - 1] = 1.0
        total, done, shares = sum(steps), 0.0, []
        for m in range(12):
            done += steps[m]
            shares.append(final * done / total)
        return shares

    def _milestones(self, ind: Indicator, make: Callable[[float], dict[str, Any]]) -> None:
        """节点 at quarter ends before the indicator's due month, on about a third of them."""
        if self.rng.random() >= 0.3:
            return
        ends = [(3, "03-31"), (6, "06-30"), (9, "09-30")]
        chosen = [(m, day) for m, day in ends if m < ind.due_month and self.rng.random() < 0.7]
        if chosen:
            ind.fields["milestones"] = [
                Flow(by=f"{self.year}-{day}", **make(m / ind.due_month)) for m, day in chosen
            ]

    def _quantity(self, ind: Indicator, place: str) -> None:
        spec, rng = ind.spec, self.rng
        target = _round(rng.uniform(spec.low, spec.high), spec.decimals, spec.high)
        unit = spec.unit
        ind.fields.update(target=target, unit=unit)
        if spec.at_least:
            ind.fields["at_least"] = True
        ind.fields["_sentence"] = spec.sentence.format(p=place, t=number(target))
        self._milestones(ind, lambda share: {"value": _round(target * share, spec.decimals, 0)})
        values = [_round(target * s, spec.decimals, 0) for s in self._pace(ind)]
        fixed = self._correction(values, spec.decimals)
        for m, value in enumerate(values):
            entry: dict[str, Any] = {"id": ind.id, "value": value}
            if m == fixed:
                entry["correction"] = rng.choice(CORRECTIONS)
            ind.states.append(entry)
            share = value / target * 100
            ind.summary.append(
                f"{ind.fields['name']}累计完成{number(value)}{unit}，完成年度目标的{share:.1f}%"
            )

    def _correction(self, values: list[float], decimals: int) -> int | None:
        """Now and then a month's figure is revised down, with the reason stated."""
        if self.rng.random() >= 0.03:
            return None
        candidates = [m for m in range(2, len(values)) if values[m - 1] > 0]
        if not candidates:
            return None
        month = self.rng.choice(candidates)
        cut = (values[month] - values[month - 1]) + max(values[month - 1] * 0.05, 10**-decimals)
        lowered = [_round(max(v - cut, 0), decimals, 0) for v in values[month:]]
        if lowered[0] >= values[month - 1]:
            return None
        values[month:] = lowered
        return month

    def _threshold(self, ind: Indicator, place: str) -> None:
        spec, rng = ind.spec, self.rng
        target = _round(rng.uniform(spec.low, spec.high), spec.decimals, spec.high)
        up = spec.comparator == ">="
        gap = (spec.high - spec.low) * rng.uniform(0.3, 1.0) or target * 0.1
        baseline = _clip(target - gap if up else target + gap, spec.unit)
        baseline = _round(baseline, spec.decimals, 0)
        ind.fields.update(target=target, unit=spec.unit, comparator=spec.comparator)
        if rng.random() < 0.4:
            ind.fields["baseline"] = baseline
        ind.fields["_sentence"] = spec.sentence.format(p=place, t=number(target))
        self._milestones(
            ind,
            lambda share: {
                "value": _round(baseline + (target - baseline) * share, spec.decimals, 0)
            },
        )
        for share in self._pace(ind):  # rates wobble from month to month until the bar is met
            noise = rng.uniform(-0.05, 0.05) * abs(target - baseline) * (1 - min(share, 1.0))
            value = _round(
                _clip(baseline + (target - baseline) * share + noise, spec.unit), spec.decimals, 0
            )
            ind.states.append({"id": ind.id, "value": value})
            ind.summary.append(f"{ind.fields['name']}为{number(value)}{spec.unit}")

    def _trend(self, ind: Indicator, place: str) -> None:
        spec, rng = ind.spec, self.rng
        baseline = _round(rng.uniform(spec.low, spec.high), spec.decimals, 0)
        down = spec.comparator == "<="
        ind.fields.update(direction="decrease" if down else "increase", unit=spec.unit)
        if rng.random() < 0.5:
            ind.fields["baseline"] = baseline
        ind.fields["_sentence"] = spec.sentence
        self._milestones(
            ind,
            lambda share: {
                "value": _round(
                    baseline * (1 - 0.03 * share if down else 1 + 0.06 * share), spec.decimals, 0
                )
            },
        )
        for share in self._pace(ind):
            change = baseline * rng.uniform(0.01, 0.06) * share
            if share > 0:  # a visible move, however small the figure
                change = max(change, 10.0**-spec.decimals)
            value = _round(
                _clip(baseline - change if down else baseline + change, spec.unit), spec.decimals, 0
            )
            ind.states.append({"id": ind.id, "value": value, "baseline": baseline})
            way = "下降" if value <= baseline else "上升"
            diff = number(abs(baseline - value), spec.decimals)
            unit = "个百分点" if spec.unit == "%" else spec.unit
            ind.summary.append(
                f"{ind.fields['name']}为{number(value)}{spec.unit}，较上年{way}{diff}{unit}"
            )

    def _stage(self, ind: Indicator, place: str) -> None:
        spec, rng = ind.spec, self.rng
        target = rng.choice(spec.targets)
        ind.fields["target"] = target
        ind.fields["_sentence"] = spec.sentence.format(p=place, s=target)
        top = _WEIGHT[_STEP[target]]
        if top > 20:
            self._milestones(ind, lambda share: {"stage": "已启动" if share < 0.8 else target})
        for share in self._pace(ind):
            stage, percent = _stage_at(min(share, 1.0) * top, target)
            entry: dict[str, Any] = {"id": ind.id, "stage": stage}
            if percent:
                entry["percent"] = percent
            ind.states.append(entry)
            ind.summary.append(f"{ind.fields['name']}{_describe(stage, percent)}")

    def _checklist(self, ind: Indicator, place: str) -> None:
        spec, rng = ind.spec, self.rng
        count = rng.choices(range(2, 13), weights=(20, 18, 14, 11, 9, 7, 6, 5, 4, 3, 3))[0]
        names = self._item_names(spec.items, count)
        items: list[dict[str, Any]] = []
        for name in names:
            item: dict[str, Any] = {"name": name, "target": rng.choice(spec.targets)}
            if rng.random() < 0.05:
                item["note"] = rng.choice(("新建", "改造", "续建项目", "原址改扩建"))
            items.append(item)
        if rng.random() < 0.1 and _WEIGHT[_STEP[items[0]["target"]]] > 20:
            items[0]["milestones"] = [Flow(by=f"{self.year}-06-30", stage="已启动")]
        ind.fields["items"] = items
        shown = "、".join(names[:4]) + ("等" if len(names) > 4 else "")
        ind.fields["_sentence"] = spec.sentence.format(p=place, items=shown, c=len(names))
        self._milestones(ind, lambda share: {"percent": round(share * 100)})
        paces = [self._pace(ind) for _ in items]
        for m in range(12):
            reported, done = [], 0
            for item, pace in zip(items, paces, strict=True):
                stage, percent = _stage_at(
                    min(pace[m], 1.0) * _WEIGHT[_STEP[item["target"]]], item["target"]
                )
                entry: dict[str, Any] = {"name": item["name"], "stage": stage}
                if percent:
                    entry["percent"] = percent
                reported.append(entry)
                done += stage == item["target"]
            ind.states.append({"id": ind.id, "items": reported})
            ind.summary.append(f"{ind.fields['name']}{len(items)}个点位中已完成{done}个")

    def _qualitative(self, ind: Indicator, place: str) -> None:
        rng = self.rng
        ind.fields["_sentence"] = ind.spec.sentence
        if ind.due_month > 6 and rng.random() < 0.2:
            ind.fields["milestones"] = [Flow(by=f"{self.year}-06-30", percent=50)]
        reviewed = rng.random() < 0.5
        start = rng.uniform(55, 75)
        final = rng.uniform(90, 97) if self.lagging == 0 else rng.uniform(72, 93)
        for m, share in enumerate(self._pace(ind)):
            score = round(start + (final - start) * min(share, 1.0))
            entry: dict[str, Any] = {"id": ind.id, "self_assessment": score}
            if reviewed and m % 3 == 2:
                entry["review"] = {
                    "score": max(0, min(100, score + rng.randint(-3, 2))),
                    "reviewer": "市政府督查室",
                    "comment": rng.choice(REVIEWS),
                }
            ind.states.append(entry)
            ind.summary.append(f"{ind.fields['name']}工作有序推进，自评完成度{score}%")

    # -- documents ----------------------------------------------------------------------

    def registry(self) -> str:
        year = self.year
        plan: dict[str, Any] = {
            "year": year,
            "title": f"{year}年{CITY}重点民生实事工作目标任务（合成样例）",
            "doc_number": f"云府办发〔{year}〕{self.seed % 90 + 10}号",
            "issuer": f"{CITY}人民政府办公室",
            "issued": f"{year}-02-28",
            "coordinator": "市发展改革委",
            "supervisor": "市政府督查室",
            "contact": {"name": "陈晓东", "phone": "023-61234567"},
            "start": f"{year}-01-01",
            "due": f"{year}-12-31",
            "reporting": {
                "first_month": f"{year}-01",
                "last_month": f"{year}-12",
                "grace_days": 0,
                "rule": "各责任单位每月底前将当月推进情况报市发展改革委",
            },
            "thresholds": {"behind": 10},
            "stages": [
                {
                    "name": name,
                    "weight": weight,
                    **({"aliases": Inline(aliases)} if aliases else {}),
                }
                for name, weight, aliases in STAGES
            ],
            "next_steps": [
                "各责任单位要对照年度目标任务，倒排工期、落实责任，保质保量完成目标任务。",
                "进度滞后的项目，责任单位要分析原因、制定整改措施，限期追赶序时进度。",
            ],
            "source": f"合成样例数据：由 benchmarks/generate.py 生成（{self.n_projects} 个项目，种子 {self.seed}），不是真实文件。",
        }
        data: dict[str, Any] = {
            "sample": True,
            "plan": plan,
            "units": [{"name": u.name, "full_name": u.full_name} for u in self.units],
            "projects": [self._project_fields(p) for p in self.projects],
        }
        header = (
            f"合成样例数据（benchmarks/generate.py --projects {self.n_projects} --seed {self.seed}）",
            "所有名称、目标和数字均为虚构，仅用于性能测试。",
        )
        return dump(data, header)

    def _project_fields(self, project: Project) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "id": project.id,
            "name": project.name,
            "units": Inline(project.units),
            "text": project.text,
        }
        if project.due:
            fields["due"] = project.due
        fields["indicators"] = [ind.fields for ind in project.indicators]
        return fields

    def reports(self) -> Iterator[tuple[str, str, str]]:
        """(month, unit, YAML text) for every responsible unit and reported month."""
        involved: dict[str, list[Project]] = {}
        for project in self.projects:
            for name in project.units:
                involved.setdefault(name, []).append(project)
        people = {u.name: self._person() for u in self.units}
        for m in range(self.months):
            month = f"{self.year}-{m + 1:02d}"
            for unit in self.units:
                if unit.name in involved:
                    text = self._report(unit.name, month, m, involved[unit.name], people)
                    yield month, unit.name, text

    def _person(self) -> tuple[str, str]:
        rng = self.rng
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        return name, f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"

    def _report(
        self,
        unit: str,
        month: str,
        m: int,
        projects: list[Project],
        people: dict[str, tuple[str, str]],
    ) -> str:
        rng = self.rng
        last_day = calendar.monthrange(self.year, m + 1)[1]
        day = rng.randint(15, last_day) if rng.random() < 0.9 else rng.randint(5, 14)
        reporter, phone = people[unit]
        entries = [self._entry(unit, project, m) for project in projects]
        data: dict[str, Any] = {
            "sample": True,
            "unit": unit,
            "month": month,
            "submitted": f"{month}-{day:02d}",
            "reporter": reporter,
            "phone": phone,
            "projects": entries,
        }
        return dump(data, ("样例数据：以下内容为性能测试虚构，不是真实进展。",))

    def _entry(self, unit: str, project: Project, m: int) -> dict[str, Any]:
        rng = self.rng
        own = [ind for ind in project.indicators if ind.reporter == unit]
        phrases = [ind.summary[m] for ind in own[:2]]
        if not own:
            phrases.append(f"配合{project.units[0]}做好{project.name}相关工作")
        for _ in range(rng.choice((1, 1, 2))):
            phrases.append(rng.choice(WORK).format(n=rng.randint(1, 6), m=rng.randint(2, 9)))
        entry: dict[str, Any] = {"id": project.id, "progress": "；".join(phrases) + "。"}
        if rng.random() < 0.2:
            entry["problems"] = rng.choice(PROBLEMS)
        focus = own[0].fields["name"] if own else project.name
        ongoing = own and own[0].spec.kind in ("threshold", "trend", "qualitative")
        entry["next_steps"] = rng.choice(KEEP_UP if ongoing else NEXT).format(name=focus)
        if rng.random() < 0.03:
            entry["evidence"] = [f"https://www.example.gov.cn/msss/{project.id}/{m + 1:02d}.html"]
        if own:
            entry["indicators"] = [ind.states[m] for ind in own]
        return entry


def _round(value: float, decimals: int, minimum: float) -> float:
    """Rounded to the indicator's precision, never below ``minimum`` (a target is never 0)."""
    rounded = round(value, decimals)
    if minimum and rounded <= 0:
        return 10.0**-decimals
    return float(rounded)


def _clip(value: float, unit: str) -> float:
    return max(0.0, min(value, 100.0) if unit == "%" else value)


def _stage_at(level: float, target: str) -> tuple[str, int]:
    """The stage (and per cent of the way to the next) of a weight level; monotone in level."""
    step = _STEP[target]
    if level >= _WEIGHT[step]:
        return target, 0
    i = max(s for s in range(len(STAGES)) if _WEIGHT[s] <= level)
    if i == 1:  # under way: say how far toward 建成, in steps of 5 %
        percent = int((level - _WEIGHT[1]) / (_WEIGHT[2] - _WEIGHT[1]) * 20) * 5
        return STAGES[1][0], percent
    return STAGES[i][0], 0


def _describe(stage: str, percent: int) -> str:
    if _STEP[stage] == 0:
        return "正在开展前期工作，尚未开工"
    if percent:
        return f"已开工建设，完成工程量的{percent}%"
    return f"已{stage}"


# ---- command line -----------------------------------------------------------------------


def generate(
    projects: int,
    out: Path,
    months: int = 12,
    units: int | None = None,
    seed: int = 1,
    year: int = 2022,
) -> int:
    """Write the data folder to ``out`` (absent or empty); returns the number of files."""
    count = units if units is not None else max(1, round(projects / 5))
    gen = Generator(projects, months, count, seed, year)
    out.mkdir(parents=True, exist_ok=True)
    (out / "projects.yaml").write_text(gen.registry(), encoding="utf-8")
    files = 1
    for month, unit, text in gen.reports():
        folder = out / "progress" / month
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{unit}.yaml").write_text(text, encoding="utf-8")
        files += 1
    return files


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--projects", type=int, required=True, help="number of projects (N)")
    parser.add_argument("--months", type=int, default=12, help="months reported, from January")
    parser.add_argument("--units", type=int, default=None, help="responsible units (default N/5)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--year", type=int, default=2022, help="plan year (default 2022)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (absent or empty)")
    args = parser.parse_args(argv)
    if (
        args.projects < 1
        or not 1 <= args.months <= 12
        or (args.units is not None and args.units < 1)
    ):
        parser.error("--projects and --units must be ≥ 1, --months between 1 and 12")
    if not 2000 <= args.year <= 2100:
        parser.error("--year must be between 2000 and 2100")
    if args.out.exists() and (not args.out.is_dir() or any(args.out.iterdir())):
        parser.error(f"{args.out} exists and is not an empty folder")
    files = generate(args.projects, args.out, args.months, args.units, args.seed, args.year)
    print(f"wrote {files} files to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
