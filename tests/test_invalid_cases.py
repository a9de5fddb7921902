"""Data-driven cases (tests/cases/): invalid inputs with their exact problems, valid variants.

See tests/cases/README.md for the layout. Every case runs ``minsheng check`` in-process with
the case folder as the working folder, so the paths in the output are stable.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from minsheng.load.document import MAX_DEPTH, MAX_FILE_BYTES
from minsheng.load.folder import load

CASES = Path(__file__).resolve().parent / "cases"
BASE = CASES / "base"
INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir())
VALID = sorted(p for p in (CASES / "valid").iterdir() if p.is_dir())
DEFAULT_ARGS = ("--as-of", "2022-12-31")
PROBLEM_LINE = re.compile(r"^\S.*:\d+:\d+: (error|warning) \[[a-z0-9-]+\] ")
EDU_REPORT = "data/progress/2022-05/县教委.yaml"


def build_case(case: Path, into: Path) -> Path:
    """The case folder to run in: base/data with the case's files laid over it."""
    root = into / "case"
    if not (case / "standalone.txt").exists():
        shutil.copytree(BASE / "data", root / "data")
    shutil.copytree(case / "data", root / "data", dirs_exist_ok=True)
    if (case / "previous").is_dir():  # an earlier year's data folder, for --previous
        shutil.copytree(case / "previous", root / "previous")
    return root


def case_args(case: Path) -> list[str]:
    args = case / "args.txt"
    return args.read_text(encoding="utf-8").split() if args.exists() else list(DEFAULT_ARGS)


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if PROBLEM_LINE.match(line)]


def assert_problems(result, expected: list[str]) -> None:
    """Exit 1, exactly the expected problems in order (each an exact prefix), no others."""
    assert result.exit_code == 1, result.output
    got = problem_lines(result.stdout)
    assert len(got) == len(expected), "\n".join(["expected:", *expected, "got:", *got])
    for want, line in zip(expected, got, strict=True):
        assert line.startswith(want), f"\nexpected: {want}\ngot:      {line}"
    assert result.stdout.splitlines()[-1].startswith("检查未通过："), result.stdout
    assert "Traceback" not in result.output


def test_there_are_enough_cases():
    assert len(INVALID) >= 35
    assert len(VALID) >= 8


def test_base_is_valid(cli, monkeypatch):
    monkeypatch.chdir(BASE)
    result = cli("check", "--data", "data", *DEFAULT_ARGS)
    assert result.exit_code == 0, result.output
    assert result.stdout == "检查通过：5 个文件，没有发现问题。\n"


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_case(case: Path, cli, tmp_path, monkeypatch):
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert expected, f"{case.name}/expected.txt is empty"
    monkeypatch.chdir(build_case(case, tmp_path))
    result = cli("check", "--data", "data", "--format", "text", *case_args(case))
    assert_problems(result, expected)


# ---- cases generated at test time: too big to commit, or symlinks ------------------------


def _too_large(data: Path) -> None:
    with (data / "progress/2022-05/县教委.yaml").open("r+b") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written, the size is what counts


def _nested_block(levels: int) -> str:
    """A report whose mappings nest ``levels`` deep, the root included."""
    lines = ["unit: 县教委", "note:"]
    lines += [" " * (2 * i) + "a:" for i in range(1, levels)]
    return "\n".join(lines) + " 1\n"


def _too_deep_block(data: Path) -> None:
    (data / EDU_REPORT[5:]).write_text(_nested_block(MAX_DEPTH + 1), encoding="utf-8")


def _symlink_report(data: Path) -> None:
    outside = data.parent / "outside.yaml"
    report = data / "progress/2022-05/县教委.yaml"
    shutil.move(report, outside)
    report.symlink_to(outside)


def _symlink_month(data: Path) -> None:
    month = data / "progress/2022-05"
    outside = data.parent / "elsewhere"
    shutil.move(month, outside)
    month.symlink_to(outside, target_is_directory=True)


def _symlink_registry(data: Path) -> None:
    outside = data.parent / "secret.yaml"
    outside.write_text("plan: {}\nsecret_token: hunter2\n", encoding="utf-8")
    (data / "projects.yaml").unlink()
    (data / "projects.yaml").symlink_to(outside)


GENERATED: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "too-large": (
        _too_large,
        [f"{EDU_REPORT}:1:1: error [too-large] 文件过大（32.0 MB），上限 32 MB"],
    ),
    "too-deep-block": (
        _too_deep_block,
        [f"{EDU_REPORT}:{MAX_DEPTH + 2}:{2 * MAX_DEPTH + 1}: error [too-deep] 嵌套层数超过上限 64"],
    ),
    "symlink-report-outside": (
        _symlink_report,
        [f"{EDU_REPORT}:1:1: error [symlink-outside] 这是指向数据文件夹之外的符号链接，已拒绝读取"],
    ),
    "symlink-month-outside": (
        _symlink_month,
        ["data/progress/2022-05:1:1: error [symlink-outside] 这是指向数据文件夹之外的符号链接"],
    ),
    "symlink-registry-outside": (
        _symlink_registry,
        ["data/projects.yaml:1:1: error [symlink-outside] 这是指向数据文件夹之外的符号链接"],
    ),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_invalid_case(name: str, cli, tmp_path, monkeypatch):
    make, expected = GENERATED[name]
    root = tmp_path / "case"
    shutil.copytree(BASE / "data", root / "data")
    make(root / "data")
    monkeypatch.chdir(root)
    result = cli("check", "--data", "data", *DEFAULT_ARGS)
    assert_problems(result, expected)
    assert "hunter2" not in result.output and "secret_token" not in result.output


def test_nesting_up_to_the_limit_is_accepted(cli, tmp_path, monkeypatch):
    """One level less than too-deep-block parses; the model then rejects the unknown key."""
    root = tmp_path / "case"
    shutil.copytree(BASE / "data", root / "data")
    (root / EDU_REPORT).write_text(_nested_block(MAX_DEPTH), encoding="utf-8")
    monkeypatch.chdir(root)
    result = cli("check", "--data", "data", *DEFAULT_ARGS)
    assert result.exit_code == 1
    assert "[too-deep]" not in result.stdout
    assert f"{EDU_REPORT}:2:1: error [unknown-key] 未知字段「note」" in result.stdout


def test_alias_bomb_is_refused_quickly(cli, monkeypatch, tmp_path):
    """Nine levels of nine aliases would expand to 387 million strings; nothing is expanded."""
    case = CASES / "invalid" / "alias-bomb"
    monkeypatch.chdir(build_case(case, tmp_path))
    result = cli("check", "--data", "data", *DEFAULT_ARGS)
    assert result.exit_code == 1
    assert f"{EDU_REPORT}:1:4: error [anchor]" in result.stdout


# ---- usage errors: the data folder itself is unusable -----------------------------------


def _file(root: Path) -> str:
    (root / "data.yaml").write_text("sample: true\n", encoding="utf-8")
    return "data.yaml"


def _empty(root: Path) -> str:
    (root / "empty").mkdir()
    return "empty"


def _no_registry(root: Path) -> str:
    (root / "other" / "progress" / "2022-05").mkdir(parents=True)
    (root / "other" / "README.md").write_text("# 数据\n", encoding="utf-8")
    return "other"


def _registry_is_folder(root: Path) -> str:
    (root / "odd" / "projects.yaml").mkdir(parents=True)
    return "odd"


USAGE: dict[str, tuple[Callable[[Path], str], str]] = {
    "missing": (lambda root: "nowhere", "数据文件夹「nowhere」不存在；请用 --data 指定"),
    "file": (_file, "「data.yaml」不是文件夹；--data 应指向含有 projects.yaml 的数据文件夹"),
    "empty-folder": (_empty, "数据文件夹「empty」中没有 projects.yaml"),
    "no-registry": (_no_registry, "数据文件夹「other」中没有 projects.yaml"),
    "registry-is-folder": (_registry_is_folder, "数据文件夹「odd」中没有 projects.yaml"),
}


@pytest.mark.parametrize("name", sorted(USAGE))
def test_unusable_data_folder_is_usage_error(name: str, cli, tmp_path, monkeypatch):
    make, message = USAGE[name]
    monkeypatch.chdir(tmp_path)
    result = cli("check", "--data", make(tmp_path), *DEFAULT_ARGS)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"用法错误：{message}"), result.stderr


def test_data_folder_from_environment(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MINSHENG_DATA", "gone")
    result = cli("check", *DEFAULT_ARGS)
    assert result.exit_code == 2
    assert "数据文件夹「gone」不存在" in result.stderr


@pytest.mark.parametrize("value", ["2022-13-01", "2022/12/31", "today"])
def test_bad_as_of_is_usage_error(value: str, cli, monkeypatch):
    monkeypatch.chdir(BASE)
    result = cli("check", "--data", "data", "--as-of", value)
    assert result.exit_code == 2
    assert f"「{value}」不是有效日期，应写成 YYYY-MM-DD" in result.stderr


# ---- valid variants -----------------------------------------------------------------------


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_case(case: Path, cli, tmp_path, monkeypatch):
    root = build_case(case, tmp_path)
    monkeypatch.chdir(root)
    args = ["--as-of", "2023-11-30"] if (case / "standalone.txt").exists() else DEFAULT_ARGS
    result = cli("check", "--data", "data", "--strict", *args)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"检查通过：\d+ 个文件，没有发现问题。\n", result.stdout), result.stdout
    if (case / "same-as-base.txt").exists():
        assert _contents(root / "data") == _contents(BASE / "data")


def _contents(data: Path) -> tuple[object, list[object]]:
    result = load(data, date(2022, 12, 31))
    assert result.ok and result.dataset is not None, result.problems
    reports = sorted(result.dataset.reports, key=lambda r: (r.report.month, r.report.unit))
    return result.dataset.registry, [r.report for r in reports]


def test_valid_variants_really_differ_from_base():
    """A same-as-base case that is a byte-for-byte copy of base would prove nothing."""
    for case in VALID:
        for path in (case / "data").rglob("*.yaml"):
            base = BASE / path.relative_to(case)
            assert not base.exists() or base.read_bytes() != path.read_bytes(), path


def test_yaml11_scalars_keep_their_text(tmp_path):
    """``NO``, ``013800000000``, ``1:30``, ``yes`` and ``2022-06`` are read as the text written."""
    root = build_case(CASES / "valid" / "yaml11-scalars", tmp_path)
    result = load(root / "data", date(2022, 12, 31))
    assert result.ok and result.dataset is not None, result.problems
    report = next(r.report for r in result.dataset.reports if r.report.unit == "县教委")
    assert (report.reporter, report.phone) == ("NO", "013800000000")
    entry = report.projects[0]
    assert (entry.progress, entry.problems, entry.next_steps) == ("1:30", "yes", "2022-06")
    assert result.dataset.indicators["2-1"].indicator.target == 150  # type: ignore[union-attr]


def test_sample_yes_marks_the_data_as_sample(tmp_path):
    root = build_case(CASES / "valid" / "sample-yes", tmp_path)
    result = load(root / "data", date(2022, 12, 31))
    assert result.dataset is not None and result.dataset.registry.sample is True
    base = load(BASE / "data", date(2022, 12, 31))
    assert base.dataset is not None and base.dataset.sample is False
