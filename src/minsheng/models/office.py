"""The office's own rules (office.yaml beside projects.yaml): warning colours, the status
vocabulary, non-working days, exemptions, acceptance, the escalation ladder and the words
its documents use.

Everything is optional; without the file the tool behaves exactly as it always has.
Field descriptions are Chinese: editors show them to the person who writes the file.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic.dataclasses import dataclass

from .common import (
    RECORD,
    Date,
    IndicatorId,
    Model,
    Name,
    NonNegative,
    ProjectId,
    Text,
)
from .conditions import Conditions, StateKey
from .duban import Escalation, InspectionSettings

PresetName = Literal["default", "bands", "five_colour", "monthly", "none"]
CategoryKey = Literal[
    "exceeded",
    "early",
    "done",
    "ahead",
    "on_schedule",
    "behind",
    "far_behind",
    "not_started",
    "monitor",
]
HEX_PATTERN = r"^#[0-9A-Fa-f]{6}$"


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class Words:
    """The tool's own terms, where this office says them differently."""

    list_name: Name | None = Field(
        default=None, description="清单的名称，默认「重点民生实事」（也可写 民生实事、为民办实事）"
    )
    report: Name | None = Field(
        default=None,
        description="进展报告的名称，默认按报送周期为「月度进展报告」或「季度进展报告」",
    )
    report_short: Name | None = Field(
        default=None, description="报告的简称，用于图表，默认「月度报告」或「季度报告」"
    )
    subject: Name | None = Field(
        default=None, description="通报的主题，默认由计划标题去掉「工作目标任务」得到"
    )


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class ColourRule(Conditions):
    """One warning rule: when every condition written holds, the item takes ``colour``.

    Rules are tried in order; the first that matches wins. A rule without conditions
    matches everything (the last rule of a list).
    """

    colour: StateKey = Field(description="颜色：done、blue、green、yellow、orange、red 之一")
    name: Name | None = Field(default=None, description="规则名称（说明用，选填）")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class StateStyle:
    """How one colour is called and drawn."""

    name: Name | None = Field(default=None, description="显示名称，如 红灯")
    colour: str | None = Field(
        default=None, pattern=HEX_PATTERN, description="显示颜色，如 #c62828"
    )


def _red_keeps_yellow() -> dict[StateKey, StateKey]:
    return {"red": "yellow"}


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class Aggregate:
    """How a project's (a unit's) colour follows from its indicators'."""

    mode: Literal["rules", "worst"] = Field(
        default="rules",
        description="rules：对项目的加权完成率和序时进度再用一遍规则；worst：取最差的指标颜色",
    )
    floor: dict[StateKey, StateKey] = Field(
        default_factory=_red_keeps_yellow,
        description="有指标为某色时项目至少为某色，默认 {red: yellow}：有红色指标的项目至少为黄色",
    )


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class Colours:
    """预警颜色: a named preset, rules checked before it, names and display colours."""

    preset: PresetName = Field(
        default="default",
        description="预设规则：default（原有规则）、bands（三色分档）、five_colour（五色督办）、"
        "monthly（逐月着色）、none（只用下面的 rules）",
    )
    rules: tuple[ColourRule, ...] = Field(
        default=(), description="本办的规则，排在预设规则之前，按顺序第一条符合的生效"
    )
    states: dict[StateKey, StateStyle] = Field(
        default_factory=dict, description="各颜色的显示名称和颜色，覆盖预设"
    )
    aggregate: Aggregate | None = Field(
        default=None, description="项目和单位颜色的汇总方式（不写则按预设）"
    )


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class Vocabulary:
    """通报用语: the thresholds of 超额完成 / 超序时 / 按序时 / 滞后 / 严重滞后."""

    tolerance: NonNegative = Field(
        default=5, description="落后序时进度在这么多个百分点以内（含）算「按序时」，默认 5"
    )
    ahead: NonNegative = Field(
        default=5, description="超前序时进度达到这么多个百分点（含）算「超序时」，默认 5"
    )
    serious: NonNegative | None = Field(
        default=None,
        description="落后达到这么多个百分点（含）算「严重滞后」；不写则用登记表的 thresholds.behind",
    )
    exceed_margin: NonNegative = Field(
        default=0, description="完成比例超过 100% 再多这么多个百分点才算「超额完成」，默认 0"
    )
    names: dict[CategoryKey, Name] = Field(
        default_factory=dict, description="各类别的叫法，如 {behind: 进度偏慢, ahead: 进展较快}"
    )


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class Holiday:
    """放假: one day or a run of days from the State Council's holiday notice."""

    name: Name | None = Field(default=None, description="节日名称，如 国庆节")
    first: Date = Field(description="放假第一天")
    last: Date | None = Field(default=None, description="放假最后一天（只放一天可不写）")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class Calendar:
    """Non-working days, and whether a due date falling on one moves (遇节假日顺延)."""

    move_due_dates: bool = Field(
        default=False, description="true：截止日遇休息日顺延到下一个工作日"
    )
    weekends: bool = Field(default=True, description="周六、周日是否休息（调休上班日除外）")
    holidays: tuple[Holiday, ...] = Field(default=(), description="放假日期")
    working_days: tuple[Date, ...] = Field(default=(), description="调休上班的日期")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class Exemption:
    """A unit excused from one period's report."""

    unit: Name = Field(description="责任单位")
    period: Name = Field(description="免报的报送期：月份 YYYY-MM 或季度 YYYYQn")
    reason: Text = Field(description="免报原因")
    approved: Text | None = Field(default=None, description="批准情况（选填）")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class JustifiedDelay:
    """有正当理由: a delay the office has accepted, for a project, indicator or item."""

    project: ProjectId | None = Field(default=None, description="项目序号（整个项目）")
    indicator: IndicatorId | None = Field(default=None, description="指标编号")
    item: Name | None = Field(default=None, description="清单项名称（须同时写 indicator）")
    since: Date | None = Field(default=None, description="从这一天起（选填）")
    until: Date | None = Field(default=None, description="到这一天止（选填）")
    reason: Text = Field(description="理由")
    approved: Text | None = Field(default=None, description="认可情况，如 县政府2022年6月10日同意")

    @model_validator(mode="after")
    def _target(self) -> JustifiedDelay:
        if self.project is None and self.indicator is None:
            raise ValueError("须写 project（项目序号）或 indicator（指标编号）")
        if self.item is not None and self.indicator is None:
            raise ValueError("写了 item（清单项）时须同时写 indicator（指标编号）")
        return self


PeriodKindName = Literal["month", "quarter", "half", "year"]
Publicity = Literal["公开发布", "依申请公开", "不公开"]


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class Issued:
    """One bulletin as the office numbered and dated it."""

    issue: int | None = Field(default=None, ge=1, le=100000, description="期号中的序号，如 21")
    date: Date | None = Field(default=None, description="成文日期 YYYY-MM-DD")
    doc_number: Name | None = Field(
        default=None, description="发文字号，照原样写，如 城府督〔2022〕21号（选填）"
    )


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class PeriodIssued(Issued):
    """The bulletins of one period: the 通报 itself, and the other kinds made for it."""

    table: Issued | None = Field(default=None, description="进展汇总表（--kind table）")
    progress: Issued | None = Field(default=None, description="进度表（--kind progress）")
    public: Issued | None = Field(default=None, description="公示（--kind public）")
    assessment: Issued | None = Field(
        default=None, description="年终考核结果通报（--kind assessment，只用于全年）"
    )


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class Standing:
    """One standing requirement (下步工作要求) and the bulletins it goes into."""

    text: Text = Field(description="要求的原文")
    periods: tuple[PeriodKindName, ...] = Field(
        default=(),
        description="用于哪些通报：month（月度）、quarter（季度）、half（半年）、year（全年）；"
        "不写则每期都用",
    )


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class PublicContact:
    """Where the public sends an objection to a 公示: the office, never a person's own phone."""

    office: Name | None = Field(default=None, description="受理单位，如 县政府督查室")
    address: Text | None = Field(default=None, description="联系地址")
    name: Name | None = Field(default=None, description="联系人（选填）")
    phone: Name | None = Field(default=None, description="办公电话")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class BulletinSettings:
    """通报: what the office sets on its bulletins — numbering, dates, 主送, 抄送, 版记."""

    series: Name | None = Field(
        default=None,
        description="期号的写法，{year} 为年份、{n} 为序号，如 督查通报〔{year}〕第{n}期；"
        "默认「2022年第2期」",
    )
    doc_number: Name | None = Field(
        default=None,
        description="发文字号的写法，{year}、{n} 同上，如 城府督〔{year}〕{n}号（选填）",
    )
    full_names: dict[str, Name] = Field(
        default_factory=dict,
        description="发文机关的全称（版头和落款用），键为登记表中的简称，"
        "如 {县政府督查室: 城口县人民政府督查室}；不写时用登记表中责任单位的全称（都有时）",
    )
    recipients: Text | None = Field(
        default=None,
        description="主送机关，如 各乡镇人民政府、街道办事处，县政府各部门；默认「各责任单位」",
    )
    copies: tuple[Name, ...] = Field(default=(), description="抄送机关（版记）")
    printer: Name | None = Field(default=None, description="印发机关（版记），默认第一个发文机关")
    publicity: Publicity | None = Field(
        default=None, description="公开属性：公开发布、依申请公开或不公开（印为「此件公开发布」等）"
    )
    issued: dict[str, PeriodIssued] = Field(
        default_factory=dict,
        description="各期实际的期号和成文日期，键为期间，如 {2022Q2: {issue: 21, date: 2022-07-08}}",
    )
    standing: tuple[Standing, ...] = Field(
        default=(), description="下步工作要求中的常用要求，可注明用于哪些通报"
    )
    objection_days: int = Field(default=7, ge=1, le=60, description="公示的异议期（天），默认 7")
    public_contact: PublicContact | None = Field(
        default=None,
        description="公示的受理单位和联系方式；不写时为登记表中只写单位的联系人，否则只写统筹单位（个人电话不公开）",
    )


class Office(Model):
    """office.yaml: the office's own policy beside the notice's registry."""

    sample: bool = Field(default=False, description="是否样例（演示）数据")
    words: Words = Field(default=Words(), description="用语")
    colours: Colours = Field(default=Colours(), description="预警颜色规则")
    vocabulary: Vocabulary = Field(default=Vocabulary(), description="通报用语的分档")
    calendar: Calendar = Field(default=Calendar(), description="休息日和截止日顺延")
    exemptions: tuple[Exemption, ...] = Field(default=(), description="免报")
    justified: tuple[JustifiedDelay, ...] = Field(default=(), description="有正当理由的滞后")
    acceptance: bool = Field(
        default=False, description="true：启用验收，已完成未验收的显示为「已完成（待验收）」"
    )
    closure_points: NonNegative = Field(
        default=0,
        description="启用验收时，年终考核中每个已销号事项加的分；默认 0：销号只计数，不改变得分",
    )
    closure_cap: NonNegative | None = Field(
        default=None, description="销号加分的上限（选填；得分仍不超过满分）"
    )
    # 督办: the ladder and its rules, and how closely inspections must agree (models/duban.py).
    escalation: Escalation | None = Field(default=None, description="督办阶梯和督办规则")
    inspections: InspectionSettings = Field(
        default=InspectionSettings(), description="督查核实值的容差"
    )
    bulletin: BulletinSettings = Field(
        default=BulletinSettings(), description="通报的期号、日期、主送、抄送和常用要求"
    )


# What an office file may set without changing today's displays: the 督办 sections and the
# bulletins' paperwork (期号, 主送, 抄送 …).
_POLICY = (
    "words",
    "colours",
    "vocabulary",
    "calendar",
    "exemptions",
    "justified",
    "acceptance",
    "closure_points",
    "closure_cap",
)
_DEFAULTS = Office()


def sets_policy(office: Office) -> bool:
    """Whether ``office`` changes how progress is shown (its colours, categories, ratios…).

    Every office file did until the 督办 sections existed; a file that sets only those
    (``escalation``, ``inspections``) or the bulletins' paperwork (``bulletin``) leaves every
    existing display as it was without one.
    Judged by values, not by the keys written, so a cached model answers alike.
    """
    paperwork_only = (
        office.escalation is not None
        or office.inspections != _DEFAULTS.inspections
        or office.bulletin != _DEFAULTS.bulletin
    )
    changed = any(getattr(office, name) != getattr(_DEFAULTS, name) for name in _POLICY)
    return changed or not paperwork_only
