"""minsheng bulletin: periods, golden Markdown and HTML bulletins of every kind, escaping,
templates, output files."""

from __future__ import annotations

import dataclasses
import functools
import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment

from minsheng.dates import (
    Period,
    PeriodError,
    PeriodKind,
    check_as_of,
    check_in_plan,
    parse_period,
    periods_until,
    previous_end,
)
from minsheng.load.dataset import Ladder
from minsheng.load.folder import load
from minsheng.models.registry import DEFAULT_STAGES
from minsheng.render import templating
from minsheng.views.bulletin import Bulletin, build_bulletin, has_started, subject_of
from minsheng.views.tongbao import Kind, Options, bulletin_document
from tests.conftest import DATA, ROOT

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE = FIXTURES / "bulletin" / "data"
HOSTILE = FIXTURES / "hostile" / "data"
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
GOLDEN_PERIODS = ("2022-07", "2022Q2", "2022H1", "2022")
# Every kind of bulletin once, on a period it is made for (the 通报 on every kind of period).
GOLDEN = (
    *((period, "tongbao") for period in GOLDEN_PERIODS),
    ("2022Q2", "table"),
    ("2022Q2", "progress"),
    ("2022Q2", "public"),
    ("2022", "assessment"),
)
ATTACKS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')


def bulletin_of(data: Path, period: str, as_of: date | None = None) -> Bulletin:
    result = load(data, date(2023, 1, 1))
    assert result.ok and result.dataset is not None, result.problems
    chosen = parse_period(period)
    return build_bulletin(result.dataset, chosen, as_of or chosen.end)


@functools.cache
def environment(data: Path) -> Environment:
    """One Jinja2 environment per data folder: compiling the templates is the slow part."""
    return templating.environment(templating.search_path(None, data))


def golden_name(period: str, kind: str, suffix: str) -> str:
    """bulletin-2022Q2.md for the 通报, bulletin-2022Q2-table.md for the other kinds."""
    return f"bulletin-{period}{'' if kind == 'tongbao' else '-' + kind}.{suffix}"


def render(bulletin: Bulletin, fmt: str, data: Path = FIXTURE, kind: str = "tongbao") -> str:
    env = environment(data)
    doc = bulletin_document(bulletin, Options(Kind(kind)))
    return templating.render(env, f"bulletin.{fmt}.j2", b=bulletin, doc=doc, sample=bulletin.sample)


# --- periods -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "label"),
    [
        ("2022-06", PeriodKind.MONTH, date(2022, 6, 1), date(2022, 6, 30), "2022年6月"),
        ("2022-02", PeriodKind.MONTH, date(2022, 2, 1), date(2022, 2, 28), "2022年2月"),
        ("2022Q1", PeriodKind.QUARTER, date(2022, 1, 1), date(2022, 3, 31), "2022年第一季度"),
        ("2022q4", PeriodKind.QUARTER, date(2022, 10, 1), date(2022, 12, 31), "2022年第四季度"),
        ("2022", PeriodKind.YEAR, date(2022, 1, 1), date(2022, 12, 31), "2022年年度"),
    ],
)
def test_parse_period(text, kind, start, end, label):
    period = parse_period(text)
    assert (period.kind, period.start, period.end, period.full_label) == (kind, start, end, label)
    assert parse_period(period.key) == period


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2022-13", "月份 13 不存在"),
        ("2022-00", "月份 00 不存在"),
        ("2022Q5", "不是有效的通报期间"),
        ("2022/06", "不是有效的通报期间"),
        ("Q2", "不是有效的通报期间"),
        ("", "不是有效的通报期间"),
    ],
)
def test_bad_period_is_explained_in_chinese(text, message):
    with pytest.raises(PeriodError, match=message):
        parse_period(text)


def test_period_checks():
    check_in_plan(parse_period("2022Q3"), 2022)
    with pytest.raises(PeriodError, match="不在计划年度 2022 年之内"):
        check_in_plan(parse_period("2023-01"), 2022)
    check_as_of(parse_period("2022Q3"), date(2022, 8, 15))
    with pytest.raises(PeriodError, match="不在期间 2022Q3"):
        check_as_of(parse_period("2022Q3"), date(2022, 10, 1))


def test_previous_period_ends():
    assert previous_end(parse_period("2022-01")) == ("上月末", date(2021, 12, 31))
    assert previous_end(parse_period("2022Q3")) == ("上季度末", date(2022, 6, 30))
    assert previous_end(parse_period("2022")) == ("三季度末", date(2022, 9, 30))


def test_periods_until_includes_running_ones_and_the_year_only_at_its_end():
    keys = [p.key for p in periods_until(2022, "2022-04", date(2022, 8, 15))]
    assert keys == [
        "2022-04",
        "2022-05",
        "2022-06",
        "2022-07",
        "2022-08",
        "2022Q2",
        "2022Q3",
        "2022H1",
    ]
    assert periods_until(2022, "2022-04", date(2022, 12, 31))[-1] == Period(PeriodKind.YEAR, 2022)


# --- the bulletin's content -----------------------------------------------------------------


def test_quarter_figures_on_fixture():
    b = bulletin_of(FIXTURE, "2022Q2")
    assert b.title == "关于2022年测试县重点民生实事1—6月推进情况的通报"
    assert b.issuers == ("县政府督查室", "县发展改革委")
    assert b.issue_number == 2
    assert (b.overview.projects, b.overview.facilities, b.overview.started) == (6, 6, 4)
    assert b.previous is None  # no report could have come in by Mar 31 (first month: April)
    q3 = bulletin_of(FIXTURE, "2022Q3")
    assert q3.previous is not None and q3.previous.overview.as_of == date(2022, 6, 30)
    assert [(u.unit, u.on_time, u.late, u.missing, u.pending) for u in b.units] == [
        ("县住房城乡建委", 2, 1, 0, 0),
        ("县教委", 3, 0, 0, 0),
        ("县民政局", 2, 0, 1, 0),
    ]
    assert b.assessment is None
    # named under the vocabulary (5 points' tolerance): the park, 3.4 points behind, is not
    assert [(x.name, x.label) for x in b.lagging] == [
        ("育才中学开工建设", "严重滞后"),
        ("年度投资", "滞后"),
        ("乡镇养老服务中心（双河乡）", "严重滞后"),
        ("乡镇养老服务中心（岚天乡）", "严重滞后"),
    ]
    # exactly at the tolerance: 按序时, shown in the attachment but not named
    assert [(x.name, x.gap, x.label) for x in b.slight] == [("滨河公园广场建成面积", 5.0, "按序时")]


def test_the_half_year_compares_with_the_first_quarter_and_names_itself():
    b = bulletin_of(FIXTURE, "2022H1")
    assert b.title == "关于2022年测试县重点民生实事上半年推进情况的通报"
    assert b.period.key == "2022H1" and b.issue_number is None
    assert b.previous is None  # reporting began in April: nothing came in by March 31
    q2 = bulletin_of(FIXTURE, "2022Q2")
    assert (b.overview, b.lagging, b.units) == (q2.overview, q2.lagging, q2.units)


def test_month_names_overdue_milestones_and_who_answers_for_them():
    b = bulletin_of(FIXTURE, "2022-07")
    assert b.issuers == ("县发展改革委",)
    assert b.issue_number == 4  # reporting began in April
    assert [(m.name, m.units) for m in b.overdue] == [
        ("滨河公园广场建成面积（节点：6月底前累计完成3000平方米）", ("县住房城乡建委",)),
        ("育才中学开工建设（节点：6月底前开工）", ("县教委",)),
    ]
    lag = {x.name: x for x in b.lagging}
    assert lag["乡镇养老服务中心（岚天乡）"].units == ("县民政局",)
    assert lag["育才中学开工建设"].expected == pytest.approx(100.0)


def test_year_bulletin_has_the_assessment():
    b = bulletin_of(FIXTURE, "2022")
    assert b.assessment is not None
    assert [(u.rank, u.name, round(u.score, 1)) for u in b.assessment.units] == [
        (1, "县住房城乡建委", 96.0),
        (1, "县教委", 96.0),
        (3, "县民政局", 93.0),
    ]
    assert b.previous is not None and b.previous.label == "三季度末"


def test_start_rate_counts_the_ladders_start_step():
    ladder = Ladder(DEFAULT_STAGES)
    assert [has_started(ladder, s) for s in (None, "未启动", "开工", "建成", "投用", "不知道")] == [
        False,
        False,
        True,
        True,
        True,
        False,
    ]


def test_subject_drops_the_task_suffix_and_keeps_the_year():
    result = load(FIXTURE, date(2023, 1, 1))
    assert result.dataset is not None
    plan = result.dataset.plan
    assert subject_of(plan) == "2022年测试县重点民生实事"
    assert subject_of(dataclasses.replace(plan, title="十件民生实事")) == "2022年十件民生实事"


# --- golden files ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize(("period", "kind"), GOLDEN)
def test_golden_bulletin(cli, period, kind, fmt, update_golden):
    result = cli(
        "bulletin", "--period", period, "--kind", kind, "--format", fmt, "--data", str(FIXTURE)
    )
    assert result.exit_code == 0, result.output
    golden = GOLDEN_DIR / golden_name(period, kind, fmt)
    if update_golden:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(result.stdout, encoding="utf-8")
    assert golden.is_file(), f"{golden} 不存在：运行 pytest --update-golden 生成并审阅"
    assert result.stdout == golden.read_text(encoding="utf-8"), (
        f"{golden.name} 与输出不同；如改动是有意的，运行 pytest --update-golden 并审阅差异"
    )


# --- escaping -------------------------------------------------------------------------------


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def assert_html_inert(html: str) -> None:
    parser = TagCollector()
    parser.feed(html)
    assert parser.tags.isdisjoint({"script", "img", "b", "i", "iframe"}), parser.tags
    assert not any(a.startswith("on") for a in parser.attributes), parser.attributes
    for attack in ATTACKS:
        assert attack not in html


def assert_markdown_inert(md: str) -> None:
    for attack in ATTACKS:
        assert attack not in md
    assert "<" not in md.replace("&lt;", ""), "raw HTML passed into Markdown"
    rows = [line for line in md.splitlines() if line.startswith("|")]
    assert rows
    for table in _tables(md):
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in table}
        assert len(widths) == 1, f"a cell broke its table: {table}"


def _tables(md: str) -> list[list[str]]:
    tables: list[list[str]] = []
    current: list[str] = []
    for line in [*md.splitlines(), ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    return tables


@pytest.mark.parametrize("period", ["2022-06", "2022"])
def test_hostile_data_is_escaped_in_both_formats(period):
    b = bulletin_of(HOSTILE, period)
    md, html = render(b, "md", HOSTILE), render(b, "html", HOSTILE)
    assert_markdown_inert(md)
    assert_html_inert(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;广场" in md
    assert "菜市场 \\| 改造；第二行" in md
    assert "县&amp;amp;教委'" in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;广场" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;市场" in html
    assert "县&amp;amp;教委&#39;" in html


def test_hostile_unit_names_are_escaped_even_when_the_loader_would_refuse_them():
    b = bulletin_of(FIXTURE, "2022Q2")
    evil = "<script>alert(1)</script>|\n" + ATTACKS[1]
    units = tuple(dataclasses.replace(u, unit=evil + u.unit) for u in b.units)
    rows = tuple(dataclasses.replace(p, lead=evil, progress=evil) for p in b.projects)
    lagging = tuple(dataclasses.replace(x, units=(evil,), item=evil) for x in b.lagging)
    b = dataclasses.replace(
        b, units=units, projects=rows, lagging=lagging, issuers=(evil,), subject=evil
    )
    assert_markdown_inert(render(b, "md"))
    assert_html_inert(render(b, "html"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a|b", "a\\|b"),
        ("a\\b", "a\\\\b"),
        ("第一行\n第二行", "第一行；第二行"),
        ("第一句。\r\n第二句", "第一句。第二句"),
        ("<b>x</b> & y", "&lt;b&gt;x&lt;/b&gt; &amp; y"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("*强调* _下划线_ `代码`", "\\*强调\\* \\_下划线\\_ \\`代码\\`"),
        ("\x1b[31m", "\\\\u001b\\[31m"),  # shown, not obeyed
    ],
)
def test_markdown_filter(text, expected):
    assert templating.md(text) == expected


# --- sample data ----------------------------------------------------------------------------


def test_sample_data_says_so_in_plain_sight(tmp_path, cli):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    registry = data / "projects.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("sample: false", "sample: true"),
        encoding="utf-8",
    )
    md = cli("bulletin", "--period", "2022Q2", "--data", str(data))
    html = cli("bulletin", "--period", "2022Q2", "--format", "html", "--data", str(data))
    assert md.exit_code == html.exit_code == 0
    assert md.stdout.startswith("> **【样例数据】** 本文由演示用的虚构进展数据生成")
    assert '<p class="sample-banner" role="note"><strong>【样例数据】</strong>' in html.stdout
    plain = cli("bulletin", "--period", "2022Q2", "--data", str(FIXTURE))
    assert "样例数据" not in plain.stdout


# --- command line ---------------------------------------------------------------------------


def test_default_format_is_markdown_and_as_of_is_the_period_end(cli):
    result = cli("bulletin", "--period", "2022Q2", "--data", str(FIXTURE))
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "**重点民生实事工作通报**\n\n2022年第2期\n\n县政府督查室　县发展改革委　　2022年6月30日\n\n"
        "# 关于2022年测试县重点民生实事1—6月推进情况的通报\n\n各责任单位：\n"
    )
    assert "对6件重点民生实事1—6月推进情况进行了督查。现将有关情况通报如下。" in result.stdout
    assert "\n## 一、总体情况\n\n截至6月底，6件重点民生实事尚无完成；" in result.stdout


def test_partial_period_says_so(cli):
    result = cli("bulletin", "--period", "2022Q3", "--as-of", "2022-08-15", "--data", str(FIXTURE))
    assert result.exit_code == 0
    assert "# 关于2022年测试县重点民生实事截至8月15日推进情况的通报\n" in result.stdout
    assert "对6件重点民生实事截至8月15日推进情况进行了督查" in result.stdout
    assert "\n## 一、总体情况\n\n截至8月15日，" in result.stdout
    assert "县政府督查室　县发展改革委　　2022年8月15日" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2022-13"], "用法错误：「2022-13」中的月份 13 不存在"),
        (["--period", "22Q2"], "用法错误：「22Q2」不是有效的通报期间"),
        (["--period", "2023Q1"], "用法错误：期间 2023Q1 不在计划年度 2022 年之内"),
        (
            ["--period", "2022Q2", "--as-of", "2022-07-01"],
            "统计日期 2022-07-01 不在期间 2022Q2（2022-04-01 至 2022-06-30）之内",
        ),
        (["--period", "2022Q2", "--as-of", "2022-02-30"], "「2022-02-30」不是有效日期"),
        (["--period", "2022Q2", "--format", "odt"], "取值「odt」无效"),
        (
            ["--period", "2022", "--templates", "/nonexistent/tpl"],
            "模板文件夹「/nonexistent/tpl」不存在",
        ),
    ],
)
def test_usage_errors_exit_2_in_chinese(cli, args, message):
    result = cli("bulletin", *args, "--data", str(FIXTURE))
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stdout == ""


def test_bad_data_exits_1(cli, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "projects.yaml").write_text("plan: [", encoding="utf-8")
    result = cli("bulletin", "--period", "2022Q2", "--data", str(data))
    assert result.exit_code == 1
    assert "数据有错误，无法统计" in result.stderr


def test_output_file_is_written_and_not_overwritten_without_force(cli, tmp_path):
    out = tmp_path / "q2.html"
    first = cli("bulletin", "--period", "2022Q2", "-o", str(out), "--data", str(FIXTURE))
    assert first.exit_code == 0, first.output
    assert first.stdout.strip() == str(out)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")  # format from suffix
    out.write_text("mine", encoding="utf-8")
    again = cli("bulletin", "--period", "2022Q2", "-o", str(out), "--data", str(FIXTURE))
    assert again.exit_code == 1
    assert "已存在；如确需覆盖，请加 --force" in again.stderr
    assert out.read_text(encoding="utf-8") == "mine"
    forced = cli(
        "bulletin", "--period", "2022Q2", "-o", str(out), "--force", "--data", str(FIXTURE)
    )
    assert forced.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_output_into_missing_folder_is_refused(cli, tmp_path):
    out = tmp_path / "nowhere" / "q2.md"
    result = cli("bulletin", "--period", "2022Q2", "-o", str(out), "--data", str(FIXTURE))
    assert result.exit_code == 1
    assert "输出文件夹" in result.stderr and "不存在" in result.stderr


# --- templates ------------------------------------------------------------------------------


def test_packaged_templates_are_found():
    folder = templating.packaged_templates()
    assert (folder / "bulletin.md.j2").is_file()
    assert folder.resolve() == (ROOT / "templates").resolve()


def test_templates_override_file_by_file(cli, tmp_path):
    override = tmp_path / "tpl"
    override.mkdir()
    (override / "_document.md.j2").write_text(
        (ROOT / "templates" / "_document.md.j2")
        .read_text(encoding="utf-8")
        .replace(
            '{{ "#" * (x.level + 1) }} {{ x.text|md }}', '{{ "#" * (x.level + 2) }} {{ x.text|md }}'
        ),
        encoding="utf-8",
    )
    result = cli(
        "bulletin", "--period", "2022Q2", "--templates", str(override), "--data", str(FIXTURE)
    )
    assert result.exit_code == 0, result.output
    assert "\n### 三、下步工作要求\n" in result.stdout  # the office's layout
    assert "\n## 三、" not in result.stdout
    # the words are the tool's, whatever the layout
    assert "对6件重点民生实事1—6月推进情况进行了督查。" in result.stdout


def test_templates_folder_next_to_the_data_is_used(cli, tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "data")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "bulletin.md.j2").write_text(
        "{{ b.title|md }}：{{ b.overview.completion|pct }}\n", encoding="utf-8"
    )
    result = cli("bulletin", "--period", "2022Q2", "--data", str(tmp_path / "data"))
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"关于.+的通报：\d+\.\d%\n", result.stdout)


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{% if %}", "bulletin.md.j2」第 1 行有语法错误："),
        ("{{ b.no_such_field }}", "bulletin.md.j2」第 1 行无法生成："),
    ],
)
def test_broken_user_template_is_a_clean_error(cli, tmp_path, template, message):
    (tmp_path / "bulletin.md.j2").write_text(template, encoding="utf-8")
    result = cli(
        "bulletin", "--period", "2022Q2", "--templates", str(tmp_path), "--data", str(FIXTURE)
    )
    assert result.exit_code == 1
    assert message in result.stderr


def test_markdown_templates_are_not_autoescaped_and_everything_else_is():
    assert not templating.is_html_template("bulletin.md.j2")
    assert templating.is_html_template("bulletin.html.j2")
    assert templating.is_html_template("_charts.svg.j2")
    assert templating.is_html_template(None)


@pytest.mark.parametrize("kind", ["md", "html"])
def test_the_year_bulletin_tells_a_changed_lagging_set_though_its_size_stayed(cli, kind):
    # Lagging at the end of September: projects 2 and 10; at the year's end: 10 and 14.
    result = cli("bulletin", "--data", str(DATA), "--period", "2022", "--format", kind)
    assert result.exit_code == 0
    assert "滞后项目无变化" not in result.stdout
    assert "滞后项目仍为2件，但有1件不再滞后、1件转为滞后" in result.stdout


@pytest.mark.parametrize("kind", ["md", "html"])
def test_the_year_bulletin_names_what_is_unfinished_and_asks_nothing_monthly(cli, kind):
    result = cli("bulletin", "--data", str(DATA), "--period", "2022", "--format", kind)
    assert result.exit_code == 0
    text = result.stdout
    assert "15件重点民生实事已完成13件、未完成2件，按件计完成率86.7%。" in text
    assert text.count("已过完成时限（2022年12月31日），未按期完成") == 2  # 存在问题
    assert text.count("逾期未完成（时限2022年12月31日）") == 2  # 附件2
    body = text[text.index("、下步工作要求") : text.index("附件：")]
    for monthly in ("序时进度", "每月", "月度推进", "不得迟报"):
        assert monthly not in body, monthly
