"""What the office sets on a bulletin: 期号, 成文日期, 发文字号, 主送, 抄送, 印发, 公开属性.

First what the command line says (``--issue``, ``--date``), then what ``office.yaml`` records
for the period (``bulletin.issued``), then what follows from the data: the number counted
as the tool always has, the statistics date as the 成文日期. Nothing here reads the clock.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from ...dates import PeriodKind
from ...models.office import Issued
from ...records import frozen
from ...text.labels import SAMPLE_NOTE
from ..bulletin import Bulletin
from ..document import Metadata

DEFAULT_RECIPIENTS = "各责任单位"
PUBLICITY = {"公开发布": "此件公开发布", "依申请公开": "此件依申请公开", "不公开": "此件不公开"}


class Kind(StrEnum):
    """The kinds of bulletin (``--kind``)."""

    TONGBAO = "tongbao"  # 通报
    TABLE = "table"  # 进展汇总表
    PROGRESS = "progress"  # 进度表
    PUBLIC = "public"  # 公示
    ASSESSMENT = "assessment"  # 年终考核结果

    @property
    def label(self) -> str:
        """The kind's Chinese name: 通报, 进展汇总表 …"""
        return KIND_NAMES[self]

    def made_for(self, period: PeriodKind) -> bool:
        """Whether a period has this kind: the 年终考核结果 only the year."""
        return self is not Kind.ASSESSMENT or period is PeriodKind.YEAR


KIND_NAMES = {
    Kind.TONGBAO: "通报",
    Kind.TABLE: "进展汇总表",
    Kind.PROGRESS: "进度表",
    Kind.PUBLIC: "公示",
    Kind.ASSESSMENT: "年终考核结果",
}


@frozen
class Options:
    """What the command line sets for one bulletin."""

    kind: Kind = Kind.TONGBAO
    issue: int | None = None  # --issue: 期号中的序号
    dated: date | None = None  # --date: 成文日期


def issued(b: Bulletin, kind: Kind) -> Issued | None:
    """What office.yaml records for this period and kind."""
    found = b.settings.issued.get(b.period.key)
    if found is None or kind is Kind.TONGBAO:
        return found
    return getattr(found, kind.value, None)


def issue_n(b: Bulletin, o: Options) -> int | None:
    """期号中的序号: --issue, office.yaml, or counted (通报 only: quarters 1–4, months from the
    first reporting month)."""
    if o.issue is not None:
        return o.issue
    record = issued(b, o.kind)
    if record is not None and record.issue is not None:
        return record.issue
    return b.issue_number if o.kind is Kind.TONGBAO else None


def issue_line(b: Bulletin, o: Options) -> str | None:
    """期号: the office's series («督查通报〔2022〕第21期») or «2022年第2期»; without a number,
    the period («2022年上半年», «2022年年终»); forms and the 公示 have none."""
    if o.kind in (Kind.TABLE, Kind.PROGRESS, Kind.PUBLIC):
        return None
    n = issue_n(b, o)
    year = b.period.year
    if n is not None:
        series = b.settings.series
        return series.format(year=year, n=n) if series else f"{year}年第{n}期"
    if b.period.kind is PeriodKind.YEAR:
        return f"{year}年年终"
    return b.period.full_label


def dated(b: Bulletin, o: Options) -> date:
    """成文日期: --date, office.yaml, else the statistics date (the assessment: its 考核日)."""
    if o.dated is not None:
        return o.dated
    record = issued(b, o.kind)
    if record is not None and record.date is not None:
        return record.date
    if o.kind is Kind.ASSESSMENT and b.assessment is not None:
        return max(b.as_of, b.assessment.reports_as_of)
    return b.as_of


def doc_number(b: Bulletin, o: Options) -> str | None:
    """发文字号: as office.yaml records it for the period, or by its format with the number."""
    record = issued(b, o.kind)
    if record is not None and record.doc_number:
        return record.doc_number
    pattern, n = b.settings.doc_number, issue_n(b, o)
    if pattern and n is not None and o.kind in (Kind.TONGBAO, Kind.ASSESSMENT):
        return pattern.format(year=b.period.year, n=n)
    return None


def issuer_names(b: Bulletin) -> tuple[str, ...]:
    """The issuers as the 版头 and 落款 print them: full names when known for all."""
    return b.full_names or b.issuers


def publicity(b: Bulletin, kind: Kind) -> str | None:
    """公开属性: a 公示 is published; otherwise as office.yaml says, or nothing."""
    if kind is Kind.PUBLIC:
        return PUBLICITY["公开发布"]
    return PUBLICITY[b.settings.publicity] if b.settings.publicity else None


MASTHEAD = {
    PeriodKind.MONTH: "调度情况",
    PeriodKind.QUARTER: "工作通报",
    PeriodKind.HALF: "工作通报",
    PeriodKind.YEAR: "工作通报",
}


def metadata(b: Bulletin, o: Options, title: str) -> Metadata:
    """The 版头, title block and 版记 of one bulletin."""
    day = dated(b, o)
    names = issuer_names(b)
    formal = o.kind in (Kind.TONGBAO, Kind.ASSESSMENT)
    return Metadata(
        title=title,
        mark=b.words.list_name + MASTHEAD[b.period.kind] if formal else None,
        issuers=names,
        dated=day,
        as_of=b.as_of,
        issue=issue_line(b, o),
        doc_number=doc_number(b, o),
        recipients=(b.settings.recipients or DEFAULT_RECIPIENTS) if formal else None,
        copies=b.settings.copies if formal else (),
        printer=(b.settings.printer or names[0]) if formal else None,
        printed=day if formal else None,
        publicity=publicity(b, o.kind),
        sample_text=SAMPLE_NOTE if b.sample else None,
    )
