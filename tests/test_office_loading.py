"""office.yaml and duban/acceptance/ go through the same strict loader: Chinese messages at
file:line:col, checks against the registry, and the cache covers them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from minsheng.load.folder import load
from tests import officedata as od
from tests.conftest import ROOT


def check(cli, root: Path) -> tuple[int, str]:
    result = cli("check", "--data", str(root), "--as-of", "2023-01-01")
    return result.exit_code, result.stdout


@pytest.mark.parametrize(
    ("office", "message"),
    [
        (
            "colour: {preset: bands}\n",
            "office.yaml:1:1: error [unknown-key] 未知字段「colour」，是否想写「colours」？",
        ),
        (
            "colours: {preset: traffic}\n",
            "office.yaml:1:19: error [invalid-value] 「preset」（预设规则）取值「traffic」无效，"
            "应为以下之一：'default', 'bands', 'five_colour', 'monthly' or 'none'",
        ),
        (
            "colours:\n  states: {red: {colour: red}}\n",
            "office.yaml:2:26: error [invalid-value] 「colour」（颜色）取值「red」格式不对："
            "颜色应写成 # 加六位十六进制数，例如 #c62828",
        ),
        (
            "colours:\n  states: {purple: {name: 紫}}\n",
            "office.yaml:2:12: error [invalid-value] 「states」（颜色名称和显示颜色）取值「purple」无效，"
            "应为以下之一：'done', 'blue', 'green', 'yellow', 'orange' or 'red'",
        ),
        (
            "colours:\n  rules:\n    - {colour: red, gap_above: 三十}\n",
            "office.yaml:3:32: error [invalid-value] 「gap_above」：「三十」不是数字",
        ),
        (
            "colours: {preset: none, rules: [{colour: red, gap_above: 30}]}\n",
            "office.yaml:1:32: error [invalid-value] preset 为 none 时，rules 的最后一条应不写条件（只写 colour），作为其余情况的颜色",
        ),
        (
            "vocabulary: {tolerance: 12}\n",
            "office.yaml:1:25: error [invalid-value] 「按序时」的容差 12 应小于「严重滞后」的分界 10 个百分点",
        ),
        (
            "calendar:\n  holidays: [{first: 2022-10-07, last: 2022-10-01}]\n",
            "office.yaml:2:40: error [invalid-date] last 早于 first，请检查日期",
        ),
        (
            "justified:\n  - {indicator: 9-9, reason: 停工}\n",
            "office.yaml:2:17: error [unknown-indicator] 没有编号为「9-9」的指标",
        ),
        (
            "justified:\n  - {item: a, reason: 停工}\n",
            "office.yaml:2:5: error [invalid-value] 「justified」（有正当理由的滞后）：须写 project（项目序号）或 indicator（指标编号）",
        ),
        ("colours: &c {preset: bands}\n", "office.yaml:1:10: error [anchor]"),
    ],
)
def test_office_file_errors(cli, tmp_path, office, message):
    root = od.make(tmp_path / "d", office=office)
    code, out = check(cli, root)
    assert code == 1
    assert f"{(root / 'office.yaml').as_posix()[: -len('office.yaml')]}{message}" in out


def test_a_rule_after_a_catch_all_is_a_warning(cli, tmp_path):
    office = "colours:\n  preset: none\n  rules:\n    - {colour: green}\n    - {colour: red}\n"
    root = od.make(tmp_path / "d", office=office)
    code, out = check(cli, root)
    assert code == 0
    assert (
        "office.yaml:5:7: warning [unreachable-rule] 第 1 条规则没有条件，之后的规则永远不会用到"
        in out
    )


def write_record(root: Path, name: str, text: str) -> Path:
    folder = root / "duban" / "acceptance"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "project: 1\nindicator: 1-2\naccepted: 2022-06-30\naccepted_by: 甲局\n",
            "a.yaml:2:12: error [unknown-indicator] 没有编号为「1-2」的指标",
        ),
        (
            "project: 1\nitem: x\naccepted: 2022-06-30\naccepted_by: 甲局\n",
            "a.yaml:1:1: error [invalid-value] 此处：写了 item（清单项）时须同时写 indicator（指标编号）",
        ),
        (
            "project: 1\naccepted: 2022-06-30\nclosed: 2022-06-01\naccepted_by: 甲局\n",
            "a.yaml:3:9: error [invalid-date] 销号日期早于验收日期，请检查日期",
        ),
        (
            "project: 1\naccepted: 2024-06-30\naccepted_by: 甲局\n",
            "a.yaml:2:11: error [invalid-date] 验收日期 2024-06-30 晚于统计日期 2023-01-01，请检查日期",
        ),
        (
            "project: 1\naccepted: 2022-06-30\n",
            "a.yaml:1:1: error [missing-key] 缺少必填字段「accepted_by」（验收单位）",
        ),
    ],
)
def test_acceptance_record_errors(cli, tmp_path, text, message):
    root = od.make(tmp_path / "d")
    path = write_record(root, "a.yaml", text)
    code, out = check(cli, root)
    assert code == 1
    assert f"{path.parent.as_posix()}/{message}" in out


def test_the_same_item_accepted_twice_is_an_error(cli, tmp_path):
    root = od.make(tmp_path / "d")
    record = "project: 1\nindicator: 1-1\naccepted: 2022-06-30\naccepted_by: 甲局\n"
    first = write_record(root, "a.yaml", record)
    second = write_record(root, "b.yaml", record)
    code, out = check(cli, root)
    assert code == 1
    assert (
        f"{second.as_posix()}:1:10: error [duplicate-id] 与 {first.as_posix()} 验收的是同一事项"
        in out
    )


def test_other_files_among_the_records_are_told_and_left_alone(cli, tmp_path):
    root = od.make(tmp_path / "d")
    path = write_record(root, "说明.txt", "不是记录")
    code, out = check(cli, root)
    assert code == 0
    assert (
        f"{path.as_posix()}:1:1: warning [misplaced-file] 验收记录应是 .yaml 文件（如 2022-11-20-项目1.yaml），此项已忽略"
        in out
    )


def test_the_cache_holds_the_office_and_notices_its_changes(tmp_path):
    cache = tmp_path / "cache"
    root = od.make(tmp_path / "d", office="colours: {preset: bands}\n")
    write_record(root, "a.yaml", "project: 1\naccepted: 2022-06-30\naccepted_by: 甲局\n")
    first = load(root, date(2023, 1, 1), cache)
    again = load(root, date(2023, 1, 1), cache)  # from the cache
    assert first.dataset is not None and again.dataset is not None
    assert again.dataset.office == first.dataset.office
    assert [a.record for a in again.dataset.acceptance] == [
        a.record for a in first.dataset.acceptance
    ]
    assert again.dataset.office_doc is not None
    assert again.dataset.office_doc.locate(("colours", "preset")) == (1, 19)
    (root / "office.yaml").write_text("colours: {preset: monthly}\n", encoding="utf-8")
    changed = load(root, date(2023, 1, 1), cache)
    assert changed.dataset is not None and changed.dataset.office is not None
    assert changed.dataset.office.colours.preset == "monthly"
    (root / "office.yaml").unlink()
    gone = load(root, date(2023, 1, 1), cache)
    assert gone.dataset is not None and gone.dataset.office is None


def test_sample_office_policy_marks_the_outputs(cli, tmp_path):
    root = od.make(tmp_path / "d", office="sample: true\ncolours: {preset: bands}\n")
    result = cli("status", "--data", str(root), "--as-of", "2022-06-30", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["sample"] is True


FIXTURE_OFFICES = sorted((ROOT / "tests" / "fixtures").glob("*/office.yaml"))


@pytest.mark.parametrize("path", FIXTURE_OFFICES, ids=lambda p: p.parent.name)
def test_fixture_office_files_validate_against_the_shipped_schema(path):
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = json.loads((ROOT / "schema" / "office.schema.json").read_text(encoding="utf-8"))
    errors = list(
        jsonschema.Draft202012Validator(schema).iter_errors(
            yaml.safe_load(path.read_text(encoding="utf-8"))
        )
    )
    assert errors == []


def test_a_version_in_git_is_coloured_by_its_own_office_file(cli, tmp_path):
    import shutil

    from tests.test_history import commit, git

    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "tests" / "fixtures" / "one-office", repo)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "全部", "2022-06-30T18:00:00+08:00")
    # 10 points behind: the office's bands say yellow; without its file it would be red.
    result = cli("diff", "HEAD", "--data", str(repo), "--as-of", "2022-06-30")
    assert result.exit_code == 0, result.output
    assert "没有项目的完成率或状态发生变化。" in result.stdout
