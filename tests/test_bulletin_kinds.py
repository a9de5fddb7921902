"""The kinds of bulletin on whole folders: what the 公示 leaves out, and the 通报 of a list of one
project, with nothing lagging, everything done, or no report due yet."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from minsheng.text.labels import SAMPLE_TEXT
from tests import officedata as od
from tests.conftest import DATA

COUNTY = Path(__file__).resolve().parent / "fixtures" / "county" / "2023"


def public_text(cli, tmp_path: Path, data: Path, period: str, fmt: str) -> str:
    """The 公示 as text, whatever the format (Word read back paragraph by paragraph)."""
    if fmt != "docx":
        result = cli("bulletin", "--data", str(data), "--period", period, "--kind", "public",
                     "--format", fmt)  # fmt: skip
        assert result.exit_code == 0, result.output
        return result.stdout
    out = tmp_path / f"public-{data.name}-{period}.docx"
    result = cli("bulletin", "--data", str(data), "--period", period, "--kind", "public",
                 "-o", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    word = docx.Document(str(out))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in word.paragraphs] + cells)


INTERNAL = (
    "得分",  # scores
    "考核",
    "按时报送",  # report compliance
    "逾期",
    "未报送",
    "督办",  # the 督办 ledger
    "开展督查",  # inspections (the issuer 县政府督查室 may sign)
    "存在问题",
    "滞后",
)


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_the_public_notice_shows_no_phone_score_compliance_or_duban_record(cli, tmp_path, fmt):
    """The county's list has responsible persons with phones and leaders; the shipped data has
    late reports, scores at the year's end and a 督办 ledger: none of it is public."""
    county = public_text(cli, tmp_path, COUNTY, "2023Q2", fmt)
    assert "赵刚（副县长）" in county  # 牵头领导 shown, by name and post
    for phone in ("13900000001", "13900000002", "13900000003", "023-55550001"):
        assert phone not in county
    assert "钱明" not in county  # the responsible person is the office's contact, not the public's
    assert "王芳" not in county and "023-55550000" not in county  # the notice's named contact
    shipped = public_text(cli, tmp_path, DATA, "2022", fmt)
    assert "若对公示情况有异议的，请在7日之内以书面形式向县发展改革委反映。" in shipped
    assert "庞宇" not in shipped and "17783221690" not in shipped
    for text in (county, shipped):
        body = re.sub(r"<style.*?</style>", "", text, flags=re.S).replace(SAMPLE_TEXT, "")
        for word in INTERNAL:
            assert word not in body, word
    assert "南大街城区菜市场临时安置场地未落实" not in shipped  # a unit's 存在问题


def test_the_public_notice_names_an_office_contact_with_its_phone(cli, tmp_path):
    """A notice whose contact is an office (no person) gives the public that office's phone."""
    root = one_project(tmp_path, 40)
    registry = root / "projects.yaml"
    text = registry.read_text(encoding="utf-8")
    assert "contact: {name: 联系人}" in text
    registry.write_text(
        text.replace(
            "contact: {name: 联系人}", "contact: {office: 县发展改革委办公室, phone: 023-1234}"
        ),
        encoding="utf-8",
    )
    out = bulletin(cli, root, "2022Q2", "--kind", "public")
    assert "书面形式向县发展改革委办公室反映。联系电话：023-1234。" in out


def one_project(tmp_path: Path, *values: float) -> Path:
    """A list of one project (one indicator, target 100个, owned by 甲局) reported from April."""
    root = od.make(tmp_path / "d", office=None, reporting="{first_month: 2022-04}")
    for month, value in zip(("2022-04", "2022-05", "2022-06"), values, strict=False):
        od.report(root, month, f"{{id: 1-1, value: {value:g}}}", submitted=f"{month}-20")
    return root


def bulletin(cli, root: Path, period: str, *more: str) -> str:
    result = cli("bulletin", "--data", str(root), "--period", period, *more)
    assert result.exit_code == 0, result.output
    return result.stdout


def section(text: str, title: str) -> str:
    start = text.index(f"、{title}\n")
    end = text.find("\n## ", start)
    return text[start : end if end != -1 else len(text)]


def test_one_project_everything_done_nothing_lagging(cli, tmp_path):
    text = bulletin(cli, one_project(tmp_path, 40, 70, 100), "2022Q2")
    overall = section(text, "总体情况")
    assert "截至6月底，1件" in overall and "已全部完成。" in overall
    assert "已完成0件" not in text and "滞后" not in overall
    problems = section(text, "存在问题")
    assert "各项目推进正常，未发现滞后或逾期的事项。" in problems
    steps = section(text, "下步工作要求")
    assert "加快推进滞后事项" not in steps
    assert "进度滞后的项目" not in steps  # the standing text asked only when something lags


def test_one_project_lagging_is_named_with_its_unit_and_figure(cli, tmp_path):
    text = bulletin(cli, one_project(tmp_path, 5, 10, 20), "2022Q2")
    assert "进度滞后的1件，占100.0%" in section(text, "总体情况")
    problems = section(text, "存在问题")
    assert "**一是部分事项推进滞后。**甲局负责的" in problems
    assert "累计完成20个，完成年度目标的20.0%" in problems
    assert "甲局要加快推进" in section(text, "下步工作要求")


def test_no_report_due_yet(cli, tmp_path):
    text = bulletin(cli, one_project(tmp_path), "2022-04", "--as-of", "2022-04-10")
    assert "个责任单位的月度进展报告尚未到报送期限。" in section(text, "总体情况")
    assert "报送不及时" not in text
