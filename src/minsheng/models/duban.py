"""督办: the escalation ladder and its rules (office.yaml ``escalation``), one supervision
action per file (duban/actions/<YYYY-MM-DD>-<unit>-<n>.yaml, the id is the file stem),
inspection records (duban/inspections/<YYYY-MM-DD>-<n>.yaml) and, in a unit's own report,
its replies to open actions and its requests for 验收销号.

Field descriptions are Chinese: editors show them to the person who writes the file.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from .common import (
    Date,
    Field,
    IndicatorId,
    Name,
    NonNegative,
    Percent,
    ProjectId,
    Text,
    UnitName,
    Url,
    before,
    one_or_many,
    record,
    text,
)
from .conditions import Conditions, StateKey

# 提醒 → 书面报告 → 约谈 → 督办函 → 现场督办 → 挂牌督办 → 通报批评 → 问责: the default ladder.
LADDER: tuple[str, ...] = (
    "提醒",
    "书面报告",
    "约谈",
    "督办函",
    "现场督办",
    "挂牌督办",
    "通报批评",
    "问责",
)
Addressee = Literal["单位", "责任人", "分管领导"]
Scope = Literal["project", "indicator", "unit"]
EscalationPreset = Literal["ladder", "none"]
# A rule's key appears in the suggestion ids that `new-duban --from` is given: no spaces.
RULE_KEY_PATTERN = r"^[^\s/\\]{1,32}$"
RuleKey = Annotated[str, text(pattern=RULE_KEY_PATTERN)]


@record
class EscalationRule(Conditions):
    """One escalation trigger: when every condition holds for a project (an indicator, a
    unit) at a period end, the ladder's ``action`` is suggested to the office.

    Unlike the colour rules, every rule that matches makes its own suggestion.
    """

    action: Name = Field(description="督办方式：阶梯（escalation.ladder）中的一级，如 约谈、督办函")
    id: RuleKey | None = Field(
        default=None,
        description="规则编号，用于建议编号（默认为督办方式；同一方式有多条规则时须写）",
    )
    name: Name | None = Field(default=None, description="规则名称（说明用，选填）")
    scope: Scope = Field(
        default="project",
        description="对象：project（项目，默认）、indicator（指标）、unit（责任单位）",
    )
    to: Addressee = Field(default="单位", description="督办对象：单位（默认）、责任人、分管领导")
    reply_days: int | None = Field(
        default=None, ge=1, le=366, description="办结时限：下发后这么多天内回复（选填）"
    )
    colour: Annotated[tuple[StateKey, ...] | None, before(one_or_many)] = Field(
        default=None,
        description="颜色为其中之一（按预警颜色规则）：如 red 或 [orange, red]",
    )
    quarter_end: int | None = Field(
        default=None, ge=1, le=4, description="在第几季度末（1–4）：如 3 表示三季度末"
    )
    year_end: bool | None = Field(default=None, description="true：在年末（12月31日）")
    missing_reports: int | None = Field(
        default=None, ge=1, le=60, description="责任单位累计未报送这么多份报告（含）"
    )
    unanswered: bool | None = Field(
        default=None, description="true：有督办事项过了办结时限仍未回复"
    )

    @property
    def key(self) -> str:
        """What suggestion ids call the rule: its id, else its action."""
        return self.id or self.action


@record
class Escalation:
    """督办阶梯: the actions in order of severity and the rules that suggest them."""

    preset: EscalationPreset = Field(
        default="none",
        description="预设规则：ladder（连续两月滞后约谈、三月书面报告、三季度末滞后通报批评、"
        "年底未完成问责等）、none（只用下面的 rules，默认）",
    )
    ladder: tuple[Name, ...] = Field(
        default=LADDER, min_length=1, description="督办方式，从轻到重；规则和督办事项只能用其中的"
    )
    rules: tuple[EscalationRule, ...] = Field(
        default=(), description="本办的规则，排在预设规则之前；每条符合的规则都提出建议"
    )
    review_days: int | None = Field(
        default=None, ge=1, le=366, description="回头看：办结后这么多天内回头看（选填）"
    )
    review_actions: tuple[Name, ...] = Field(
        default=("督办函", "现场督办", "挂牌督办"),
        description="办结后要回头看的督办方式，默认 督办函、现场督办、挂牌督办",
    )
    issued_by: Name | None = Field(
        default=None, description="督办单位，默认为登记表的 supervisor（督查单位）"
    )


def _rule(action: str, name: str, **conditions: Any) -> EscalationRule:
    return EscalationRule(action=action, name=name, **conditions)


# The ladder as the published practice has it (see docs/duban.md): a red light is answered
# by a 督办函; two consecutive months behind 序时 by a 约谈 of the person responsible; a task
# still behind reports its reasons in writing; one behind at the end of the third quarter is
# criticised in a county-wide 通报; one not done at year end leads to 问责.
LADDER_RULES: tuple[EscalationRule, ...] = (
    _rule("提醒", "落后序时进度", gap_above=0.0, reply_days=10),
    _rule("约谈", "连续两个报送期末落后序时进度", behind_periods=2, to="责任人"),
    _rule("书面报告", "连续三个报送期末落后序时进度", behind_periods=3, reply_days=10),
    _rule("督办函", "严重滞后（红色）", colour=("red",), reply_days=15),
    _rule("现场督办", "督办事项逾期未回复", unanswered=True),
    _rule(
        "挂牌督办",
        "连续三个报送期末滞后且严重滞后",
        colour=("red",),
        behind_periods=3,
        reply_days=30,
    ),
    _rule("通报批评", "三季度末仍落后序时进度", quarter_end=3, gap_above=0.0),
    _rule("问责", "年底未完成", year_end=True, done=False, to="分管领导"),
    _rule("提醒", "未按时报送", id="催报", scope="unit", missing_reports=1, reply_days=5),
    _rule("通报批评", "累计两次未报送", id="通报未报", scope="unit", missing_reports=2),
)


def escalation_rules(escalation: Escalation) -> tuple[EscalationRule, ...]:
    """The rules in force: the office's own, then its preset's (an own rule with the key of
    a preset rule takes its place)."""
    own = {r.key for r in escalation.rules}
    preset = LADDER_RULES if escalation.preset == "ladder" else ()
    return (*escalation.rules, *(r for r in preset if r.key not in own))


@record
class InspectionSettings:
    """督查: how far a verified figure may differ from the self-reported one unremarked."""

    tolerance: NonNegative = Field(
        default=5,
        description="核实值与单位自报值相差超过这个百分比（相对核实值）时，check 给出警告，默认 5",
    )


# ---- duban/actions/<YYYY-MM-DD>-<unit>-<n>.yaml ------------------------------------------


@record
class Closure:
    """办结（销号）of a supervision action, recorded by the office."""

    date: Date = Field(description="办结日期 YYYY-MM-DD")
    confirmed_by: Name = Field(description="办结确认单位，如 县政府督查室")
    result: Text = Field(description="办结情况：整改结果、是否销号")
    review_by: Date | None = Field(
        default=None, description="回头看的期限 YYYY-MM-DD（选填，不写按 escalation.review_days）"
    )


@record
class FollowUp:
    """回头看: the office's check, after closure, that the problem stayed solved."""

    date: Date = Field(description="回头看日期 YYYY-MM-DD")
    checked_by: Name = Field(description="回头看的单位")
    result: Text = Field(description="回头看的结果")


@record
class Action:
    """督办事项: one supervision action, written by the office (one file per action)."""

    sample: bool = Field(default=False, description="是否样例（演示）数据")
    action: Name = Field(
        description="督办方式：提醒、书面报告、约谈、督办函、现场督办、挂牌督办、通报批评、问责"
    )
    project: ProjectId | None = Field(
        default=None, description="项目序号（不针对某一项目的，如催报，可不写）"
    )
    indicator: IndicatorId | None = Field(default=None, description="指标编号（选填）")
    item: Name | None = Field(default=None, description="清单项名称（选填，须同时写 indicator）")
    unit: UnitName = Field(description="督办对象单位，须与文件名中的单位一致")
    to: Addressee = Field(default="单位", description="督办对象：单位（默认）、责任人、分管领导")
    person: Name | None = Field(default=None, description="责任人或分管领导姓名（选填）")
    issued: Date = Field(description="下发日期 YYYY-MM-DD，须与文件名中的日期一致")
    issued_by: Name = Field(description="督办单位，如 县政府督查室")
    document: Name | None = Field(default=None, description="督办函文号（选填）")
    rule: RuleKey | None = Field(default=None, description="依据的督办规则编号（选填）")
    suggestion: Name | None = Field(default=None, description="所办理的建议编号（选填）")
    reason: Text = Field(description="督办事由")
    requirements: Text | None = Field(default=None, description="督办要求（选填）")
    deadline: Date | None = Field(default=None, description="办结时限 YYYY-MM-DD（选填）")
    closure: Closure | None = Field(default=None, description="办结情况（由督办单位填写）")
    follow_up: FollowUp | None = Field(default=None, description="回头看情况（选填）")
    note: Text | None = Field(default=None, description="备注（选填）")

    def __post_init__(self) -> None:
        if self.item is not None and self.indicator is None:
            raise ValueError("写了 item（清单项）时须同时写 indicator（指标编号）")


# ---- duban/inspections/<YYYY-MM-DD>-<n>.yaml ---------------------------------------------


@record
class VerifiedItem:
    """The stage an inspection found one checklist item at."""

    name: Name = Field(description="清单项名称，与登记表一致")
    stage: Name = Field(description="核实的阶段")
    percent: Percent | None = Field(default=None, description="核实的形象进度 0–100（选填）")


@record
class Finding:
    """督查发现 on one project, with the figure the team verified (or, on a qualitative
    indicator, its 督查评分), if any."""

    project: ProjectId = Field(description="项目序号")
    indicator: IndicatorId | None = Field(default=None, description="指标编号（写核实值时必填）")
    text: Text = Field(description="督查发现的情况")
    value: NonNegative | None = Field(
        default=None, description="核实的累计数或当前值（数量、达标、趋势类）"
    )
    stage: Name | None = Field(default=None, description="核实的阶段（阶段类）")
    percent: Percent | None = Field(default=None, description="核实的形象进度 0–100（选填）")
    items: tuple[VerifiedItem, ...] | None = Field(
        default=None, description="核实的清单项阶段（清单类）"
    )
    score: Percent | None = Field(
        default=None,
        description="定性类：督查评分 0–100（选填），自督查日期起作为该指标的督查评分",
    )
    requirements: Text | None = Field(default=None, description="整改要求（选填）")

    @property
    def verifies(self) -> bool:
        return self.value is not None or self.stage is not None or self.items is not None

    def __post_init__(self) -> None:
        if self.verifies and self.indicator is None:
            raise ValueError("写了核实值（value、stage 或 items）时须同时写 indicator（指标编号）")
        if self.score is not None and self.indicator is None:
            raise ValueError("写了督查评分（score）时须同时写 indicator（指标编号）")


@record
class Inspection:
    """督查记录: one inspection by the office's team, with its findings."""

    sample: bool = Field(default=False, description="是否样例（演示）数据")
    date: Date = Field(description="督查日期 YYYY-MM-DD，须与文件名中的日期一致")
    title: Name | None = Field(
        default=None, description="名称，如 第三季度重点民生实事督查（选填）"
    )
    team: tuple[Name, ...] = Field(
        min_length=1, description="督查组成员单位，如 [县政府督查室, 县发展改革委, 县人大常委会]"
    )
    methods: tuple[Name, ...] = Field(
        default=(), description="督查方式，如 [现场查看, 听取汇报, 查阅资料]"
    )
    findings: tuple[Finding, ...] = Field(min_length=1, description="各项目的督查发现")
    note: Text | None = Field(default=None, description="备注（选填）")


# ---- in a unit's report (progress/YYYY-MM/<unit>.yaml) -----------------------------------


@record
class Reply:
    """回复督办: the unit's answer to an open action addressed to it."""

    id: Name = Field(description="督办事项编号（文件名去掉 .yaml），如 2022-07-05-县交通局-1")
    reply: Text = Field(description="回复内容：整改措施和进展")
    evidence: tuple[Url, ...] = Field(default=(), description="佐证链接（http:// 或 https://）")
    date: Date | None = Field(default=None, description="回复日期（选填，默认为报送日期）")


@record
class ClosureRequest:
    """申请验收销号: the unit reports an item finished and asks for acceptance and closure."""

    project: ProjectId = Field(description="项目序号")
    indicator: IndicatorId | None = Field(default=None, description="指标编号（不写则为整个项目）")
    item: Name | None = Field(default=None, description="清单项名称（须同时写 indicator）")
    note: Text | None = Field(default=None, description="完成情况说明（选填）")
    evidence: tuple[Url, ...] = Field(default=(), description="佐证链接（http:// 或 https://）")
    documents: tuple[Name, ...] = Field(
        default=(), description="佐证材料名称，如 竣工验收报告（选填）"
    )

    def __post_init__(self) -> None:
        if self.item is not None and self.indicator is None:
            raise ValueError("写了 item（清单项）时须同时写 indicator（指标编号）")
        if not self.evidence and not self.documents:
            raise ValueError(
                "申请销号须附佐证：evidence（佐证链接）或 documents（佐证材料名称）至少写一项"
            )
