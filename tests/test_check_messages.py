"""What check tells a clerk: one message per mistake, with the way to put it right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPORT = Path("progress") / "2022-12" / "县教委.yaml"


def _problems(cli, data: Path) -> list[dict]:
    result = cli("check", "--data", str(data), "--format", "json")
    assert result.exit_code == 1, result.output
    return [p for p in json.loads(result.stdout)["problems"] if p["severity"] == "error"]


def _write_unit(data: Path, unit: str) -> None:
    path = data / REPORT
    text = path.read_text(encoding="utf-8").replace("\nunit: 县教委\n", f"\nunit: {unit}\n", 1)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("城口县教育委员会", "县教委"),  # the registered full name
        ("县教育委员会", "县教委"),  # the file is named after the unit meant
    ],
)
def test_a_wrong_unit_name_is_one_error_that_suggests_the_registered_name(
    cli, data_copy, written, meant
):
    _write_unit(data_copy, written)
    (problem,) = _problems(cli, data_copy)
    assert problem["path"].endswith(REPORT.as_posix())
    assert (problem["line"], problem["code"]) == (5, "unknown-unit")
    assert problem["message"] == (
        f"单位「{written}」没有在 projects.yaml 中登记；是否想写「{meant}」？"
        "unit 要写登记表 units 中的名称"
    )


def test_a_unit_name_like_no_other_gets_no_guess(cli, data_copy):
    _write_unit(data_copy, "某某单位")
    (data_copy / REPORT).rename(data_copy / "progress" / "2022-12" / "某某单位.yaml")
    (problem,) = _problems(cli, data_copy)
    assert problem["message"] == "单位「某某单位」没有在 projects.yaml 中登记"


def test_an_unknown_stage_lists_the_words_and_aliases_accepted(cli, data_copy):
    path = data_copy / "progress" / "2022-12" / "县住房城乡建委.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("stage: 建成", "stage: 竣工", 1), encoding="utf-8")
    (problem,) = _problems(cli, data_copy)
    assert problem["code"] == "unknown-stage"
    assert problem["message"] == (
        "阶段「竣工」不在阶段表中；可写：未启动、已启动（也可写 启动、开工、开工建设、新开工、实施、推行）、"
        "建成（也可写 完成、完工、改造完成、打造完成）、投用（也可写 投入使用、建成投用）"
    )
    assert "plan.stages" not in problem["message"]


def test_a_regression_names_the_value_it_falls_below(cli, data_copy):
    path = data_copy / "progress" / "2022-12" / "县交通局.yaml"
    text = path.read_text(encoding="utf-8")
    before = next(line for line in text.splitlines() if line.strip().startswith("value:"))
    path.write_text(text.replace(before, before.split(":")[0] + ": 100", 1), encoding="utf-8")
    (problem,) = _problems(cli, data_copy)
    assert problem["code"] == "regression"
    assert problem["message"].startswith("累计完成数「100公里」低于 2022-11 报送的「")
    assert "公里」；如确需更正" in problem["message"]
