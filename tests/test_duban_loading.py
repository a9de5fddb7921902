"""The 督办 ledger goes through the same strict loader as the rest: every refusal is a
Chinese message at file:line:col, and the cache covers the new files."""

from __future__ import annotations

import json
from datetime import date

import pytest

from minsheng.load.folder import load
from tests import dubandata as dd

A = "action: 督办函\nproject: 1\nunit: 甲局\nissued: 2022-06-01\nissued_by: 督查室\nreason: 滞后\n"
ACT = "duban/actions/2022-06-01-甲局-1.yaml"
INS = "duban/inspections/2022-08-18-1.yaml"
F = "date: 2022-08-18\nteam: [督查室]\nfindings:\n"


def report(unit: str, duban: str) -> str:
    return f"unit: {unit}\nmonth: 2022-06\nsubmitted: 2022-06-25\nreporter: 某\nduban:\n{duban}"


CASES = [
    # office.yaml: the ladder and its rules
    (
        {"office.yaml": "escalation:\n  rules:\n    - {action: 警告, gap_above: 0}\n"},
        "office.yaml:3:16: error [unknown-action] 督办方式「警告」不在督办阶梯中；"
        "应为：提醒、书面报告、约谈、督办函、现场督办、挂牌督办、通报批评、问责",
    ),
    (
        {
            "office.yaml": "escalation:\n  rules:\n    - {action: 约谈, gap_above: 0}\n"
            "    - {action: 约谈, behind_periods: 2}\n"
        },
        "office.yaml:4:16: error [duplicate-id] 第 1 条规则也叫「约谈」；"
        "同一督办方式有多条规则时，请给每条写不同的 id",
    ),
    (
        {"office.yaml": "escalation:\n  ladder: [提醒, 约谈, 提醒]\n"},
        "office.yaml:2:20: error [duplicate-id] 督办方式「提醒」重复",
    ),
    (
        {"office.yaml": "escalation:\n  rules:\n    - {action: 约谈, id: 两 个}\n"},
        "office.yaml:3:24: error [invalid-value] 「id」（编号）取值「两 个」格式不对：规则编号最长 32 个字，不能含空格和斜杠",
    ),
    (
        {"office.yaml": "escalation:\n  rules:\n    - {action: 约谈, quarter_end: 5}\n"},
        "office.yaml:3:33: error [invalid-value] 「quarter_end」（季度末）取值 5 不能大于 4",
    ),
    # duban/actions/
    (
        {"duban/actions/督办函1.yaml": A},
        "duban/actions/督办函1.yaml:1:1: error [misnamed-file] "
        "督办事项的文件名应为「下发日期-单位-序号.yaml」，如 2022-06-01-甲局-1.yaml",
    ),
    (
        {"duban/actions/2022-06-02-甲局-1.yaml": A},
        "duban/actions/2022-06-02-甲局-1.yaml:4:9: error [misnamed-file] "
        "下发日期 2022-06-01 与文件名中的日期 2022-06-02 不一致",
    ),
    (
        {"duban/actions/2022-06-01-乙局-1.yaml": A},
        "duban/actions/2022-06-01-乙局-1.yaml:3:7: error [misnamed-file] "
        "督办对象「甲局」与文件名中的单位「乙局」不一致",
    ),
    (
        {"duban/actions/2022-06-01-乙局-1.yaml": A.replace("unit: 甲局", "unit: 乙局")},
        "duban/actions/2022-06-01-乙局-1.yaml:3:7: error [not-responsible] "
        "「乙局」不是项目 1（数量项目）的责任单位（甲局）",
    ),
    (
        {ACT: A.replace("project: 1", "project: 9")},
        f"{ACT}:2:10: error [unknown-project] 没有序号为 9 的项目",
    ),
    (
        {ACT: A.replace("督办函", "警示函")},
        f"{ACT}:1:9: error [unknown-action] 督办方式「警示函」不在督办阶梯中；"
        "应为：提醒、书面报告、约谈、督办函、现场督办、挂牌督办、通报批评、问责",
    ),
    (
        {ACT: A + "rule: 约见\n"},
        f"{ACT}:7:7: error [unknown-rule] 没有编号为「约见」的督办规则；应为：提醒、约谈、书面报告、"
        "督办函、现场督办、挂牌督办、通报批评、问责、催报、通报未报",
    ),
    (
        {ACT: A + "deadline: 2022-05-20\n"},
        f"{ACT}:7:11: error [invalid-date] 办结时限早于下发日期，请检查日期",
    ),
    (
        {ACT: A + "closure: {date: 2022-05-30, confirmed_by: 督查室, result: 好}\n"},
        f"{ACT}:7:17: error [invalid-date] 办结日期早于下发日期，请检查日期",
    ),
    (
        {ACT: A + "follow_up: {date: 2022-07-30, checked_by: 督查室, result: 好}\n"},
        f"{ACT}:7:12: error [not-closed] 还没有办结（closure），不能记录回头看；请先填写办结情况",
    ),
    (
        {"duban/actions/2023-06-01-甲局-1.yaml": A.replace("2022-06-01", "2023-06-01")},
        "duban/actions/2023-06-01-甲局-1.yaml:4:9: error [invalid-date] "
        "下发日期 2023-06-01 晚于统计日期 2022-12-31，请检查日期",
    ),
    (
        {ACT: A.replace("reason: 滞后\n", "")},
        f"{ACT}:1:1: error [missing-key] 缺少必填字段「reason」（督办事由）",
    ),
    (
        {"duban/actions/说明.txt": "x"},
        "duban/actions/说明.txt:1:1: warning [misplaced-file] "
        "督办事项应是 .yaml 文件（如 2022-07-05-县交通局-1.yaml），此项已忽略",
    ),
    # a unit's replies
    (
        {
            "progress/2022-06/甲局.yaml": report(
                "甲局", "  - {id: 2022-06-01-甲局-9, reply: 已整改}\n"
            )
        },
        "progress/2022-06/甲局.yaml:6:10: error [unknown-action] "
        "没有编号为「2022-06-01-甲局-9」的督办事项（duban/actions/2022-06-01-甲局-9.yaml）；"
        "请核对督办函上的编号",
    ),
    (
        {
            ACT: A,
            "progress/2022-06/乙局.yaml": report(
                "乙局", "  - {id: 2022-06-01-甲局-1, reply: 已整改}\n"
            ),
        },
        "progress/2022-06/乙局.yaml:6:10: error [not-addressed] 督办事项「2022-06-01-甲局-1」是发给"
        "「甲局」的，不是发给「乙局」的；只能回复本单位的督办事项",
    ),
    (
        {
            ACT: A,
            "progress/2022-06/甲局.yaml": report(
                "甲局", "  - {id: 2022-06-01-甲局-1, reply: 已整改, date: 2022-05-30}\n"
            ),
        },
        "progress/2022-06/甲局.yaml:6:45: error [invalid-date] "
        "回复日期 2022-05-30 早于督办事项的下发日期 2022-06-01，请检查日期",
    ),
    (
        {
            ACT: A,
            "progress/2022-06/甲局.yaml": report(
                "甲局",
                "  - {id: 2022-06-01-甲局-1, reply: 已整改}\n  - {id: 2022-06-01-甲局-1, reply: 又整改}\n",
            ),
        },
        "progress/2022-06/甲局.yaml:7:10: error [duplicate-id] "
        "督办事项「2022-06-01-甲局-1」在本报告中回复了两次；请合并为一条",
    ),
    (
        {
            ACT: A,
            "progress/2022-06/甲局.yaml": report("甲局", "  - id: 2022-06-01-甲局-1\n    reply:\n"),
        },
        "progress/2022-06/甲局.yaml:7:11: error [invalid-value] 「reply」（回复内容）不能为空",
    ),
    # duban/inspections/
    (
        {"duban/inspections/八月督查.yaml": F + "  - {project: 1, text: 看了}\n"},
        "duban/inspections/八月督查.yaml:1:1: error [misnamed-file] "
        "督查记录的文件名应为「督查日期-序号.yaml」，如 2022-08-18-1.yaml",
    ),
    (
        {"duban/inspections/2022-08-19-1.yaml": F + "  - {project: 1, text: 看了}\n"},
        "duban/inspections/2022-08-19-1.yaml:1:7: error [misnamed-file] "
        "督查日期 2022-08-18 与文件名中的日期 2022-08-19 不一致",
    ),
    (
        {INS: F + "  - {project: 1, indicator: 1-1, text: 看了, stage: 建成}\n"},
        f"{INS}:4:51: error [kind-mismatch] 指标「1-1」是数量类指标，不能写 stage；应写 value",
    ),
    (
        {INS: F + "  - {project: 1, text: 看了, value: 50}\n"},
        f"{INS}:4:5: error [invalid-value] 「findings」（督查发现）："
        "写了核实值（value、stage 或 items）时须同时写 indicator（指标编号）",
    ),
    (
        {INS: F + "  - {project: 1, indicator: 1-9, text: 看了, value: 50}\n"},
        f"{INS}:4:29: error [unknown-indicator] 没有编号为「1-9」的指标",
    ),
    (
        {INS: "date: 2022-08-18\nteam: [督查室]\nfindings: []\n"},
        f"{INS}:3:11: error [invalid-value] 「findings」（督查发现）至少要有 1 项",
    ),
]


@pytest.mark.parametrize(("files", "message"), CASES)
def test_each_refusal_names_its_place(cli, tmp_path, monkeypatch, files, message):
    root = dd.make(tmp_path / "d")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    result = cli("check", "--data", ".", "--as-of", "2022-12-31")
    assert result.exit_code == (0 if "warning [" in message else 1), result.output
    lines = result.stdout.splitlines()[:-1]
    assert message in lines
    # Nothing else is said (乙局, who answers for no project here, is told as such).
    assert [line for line in lines if line != message and "[unknown-unit]" not in line] == []


def test_the_ledger_is_read_with_the_data_and_counted(cli, tmp_path):
    root = dd.make(tmp_path / "d")
    dd.letter(root, "2022-06-01")
    dd.inspection(root, "2022-08-18-1", F + "  - {project: 1, text: 看了}\n")
    result = cli("check", "--data", str(root), "--as-of", "2022-12-31")
    assert result.exit_code == 0
    assert result.stdout == "检查通过：4 个文件，没有发现问题。\n"


def test_the_cache_covers_the_ledger(tmp_path):
    root = dd.make(tmp_path / "d")
    path = dd.letter(root, "2022-06-01")
    cache = tmp_path / "cache"
    first = load(root, date(2022, 12, 31), cache).dataset
    again = load(root, date(2022, 12, 31), cache).dataset
    assert first is not None and again is not None
    assert [a.record for a in again.actions] == [a.record for a in first.actions]
    assert again.actions[0].id == "2022-06-01-甲局-1"
    path.write_text(path.read_text(encoding="utf-8").replace("滞后", "严重滞后"), encoding="utf-8")
    changed = load(root, date(2022, 12, 31), cache).dataset
    assert changed is not None
    assert changed.actions[0].record.reason == "进度严重滞后"


def test_a_cached_ledger_still_tells_positions(cli, tmp_path):
    root = dd.make(tmp_path / "d")
    dd.letter(root, "2022-06-01", deadline="2022-05-20")
    for _ in range(2):  # the second run reads the cache
        result = cli("check", "--data", str(root), "--as-of", "2022-12-31", "--format", "json")
        found = json.loads(result.stdout)["problems"]
        assert [(p["line"], p["column"], p["code"]) for p in found] == [(7, 11, "invalid-date")]


def test_an_office_file_with_only_the_ladder_changes_no_display(cli, tmp_path):
    """Categories, ratios and colour histories follow office.yaml's policy sections: a file
    that only sets up 督办 leaves status as it was without one."""
    plain = dd.make(tmp_path / "plain", office="sample: false\n")
    (plain / "office.yaml").unlink()
    duban = dd.make(tmp_path / "duban")
    for root in (plain, duban):
        dd.report(root, "2022-04", 30)
        dd.report(root, "2022-05", 38)
    for args in (
        ("status",),
        ("status", "--format", "json"),
        ("status", "--project", "1"),
        ("export", "--format", "csv"),
    ):
        a = cli(*args, "--data", str(plain), "--as-of", "2022-05-31")
        b = cli(*args, "--data", str(duban), "--as-of", "2022-05-31")
        assert a.exit_code == b.exit_code == 0
        assert a.stdout == b.stdout, args


def test_an_office_file_with_policy_still_switches_the_displays_on(cli, tmp_path):
    root = dd.make(
        tmp_path / "d",
        office="acceptance: false\nescalation: {preset: ladder}\nvocabulary: {tolerance: 4}\n",
    )
    dd.report(root, "2022-04", 30)
    assert "分类" in cli("status", "--data", str(root), "--as-of", "2022-04-30").stdout


def test_a_reply_to_an_action_whose_file_is_broken_is_told_once(cli, tmp_path):
    root = dd.make(tmp_path / "d")
    dd.action(root, "2022-06-01-甲局-1", A.replace("reason: 滞后\n", "reason: [滞后\n"))
    dd.report(root, "2022-06", 50, extra="duban:\n  - {id: 2022-06-01-甲局-1, reply: 已整改}\n")
    result = cli("check", "--data", str(root), "--as-of", "2022-12-31")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()[:-1]
    assert len(lines) == 1 and "2022-06-01-甲局-1.yaml:" in lines[0], lines
