"""`minsheng history` and `minsheng diff` on throwaway git repositories built from tests/fixtures/mini."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.test_status import MINI

# git must see neither the user's configuration nor a repository around the test folders.
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"}
GIT_UNSET = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_NAMESPACE")


def isolate(monkeypatch: pytest.MonkeyPatch, ceiling: Path) -> None:
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    for name in GIT_UNSET:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(ceiling))


def git(repo: Path, *args: str, when: str = "2022-04-28T18:00:00+08:00", who: str = "张三") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    done = subprocess.run(
        ["git", "-c", f"user.name={who}", "-c", "user.email=clerk@example.com", *args],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
    )
    return done.stdout.decode().strip()


def commit(repo: Path, message: str, when: str, who: str = "张三") -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when, who=who)
    return git(repo, "rev-parse", "HEAD")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def new_repo(root: Path) -> tuple[Path, Path]:
    """An empty repository at ``root`` with an empty data/ folder in it."""
    root.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    data = root / "data"
    (data / "progress").mkdir(parents=True)
    return root, data


@dataclass
class Story:
    """The mini data committed step by step: first reports, then changes after the fact."""

    repo: Path
    data: Path
    commits: dict[str, str]


def build_story(root: Path) -> Story:
    repo, data = new_repo(root)
    progress, shas = data / "progress", {}
    shutil.copy(MINI / "projects.yaml", data / "projects.yaml")
    shutil.copytree(MINI / "progress" / "2022-04", progress / "2022-04")
    (progress / "2022-04" / "乙局.yaml").unlink()
    shas["april"] = commit(repo, "4月报告", "2022-04-28T18:00:00+08:00")
    shutil.copy(MINI / "progress" / "2022-04" / "乙局.yaml", progress / "2022-04")
    shas["late"] = commit(repo, "乙局4月报告", "2022-05-03T09:00:00+08:00", "李四")
    shutil.copytree(MINI / "progress" / "2022-05", progress / "2022-05")
    shas["may"] = commit(repo, "5月报告", "2022-05-30T18:00:00+08:00")
    edit(progress / "2022-05" / "丙局.yaml", "{id: 3-1, value: 85}", "{id: 3-1, value: 86}")
    shas["in_time"] = commit(repo, "丙局改正", "2022-05-31T10:00:00+08:00", "赵六")
    edit(progress / "2022-05" / "甲局.yaml", "{id: 1-1, value: 50}", "{id: 1-1, value: 30}")
    shas["lowered"] = commit(repo, "改数", "2022-06-15T10:00:00+08:00", "王五")
    edit(
        progress / "2022-04" / "乙局.yaml",
        "          - {name: b, stage: 未启动}\n",
        "          - {name: b, stage: 启动}\n        correction: 补报b已启动\n",
    )
    shas["corrected"] = commit(repo, "乙局更正", "2022-06-20T10:00:00+08:00", "李四")
    broken = progress / "2022-05" / "丙局.yaml"
    good = broken.read_text(encoding="utf-8")
    broken.write_text(good + "  - id: [\n", encoding="utf-8")
    shas["broken"] = commit(repo, "坏了", "2022-07-01T10:00:00+08:00", "赵六")
    broken.write_text(good.replace("{id: 3-2, value: 9}", "{id: 3-2, value: 8}"), encoding="utf-8")
    shas["fixed"] = commit(repo, "修好", "2022-07-02T10:00:00+08:00", "赵六")
    edit(data / "projects.yaml", "target: 100", "target: 80")
    shas["target"] = commit(repo, "改目标", "2022-07-05T10:00:00+08:00", "钱七")
    return Story(repo, data, shas)


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Story]:
    root = tmp_path_factory.mktemp("story")
    with pytest.MonkeyPatch.context() as mp:
        isolate(mp, root)
        yield build_story(root / "repo")


@pytest.fixture(autouse=True)
def _git_isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate(monkeypatch, tmp_path)


def history_json(cli, data: Path, *args: str) -> dict:
    result = cli("history", "--data", str(data), "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def rows(payload: dict) -> list[tuple]:
    return [
        (
            c["short"],
            c["kind"],
            c["path"],
            c["indicator"],
            c["item"],
            c["field"],
            c["old"],
            c["new"],
        )
        for c in payload["changes"]
    ]


# ---- history ---------------------------------------------------------------------------


def test_history_lists_every_change_in_time_order(cli, story):
    s = {k: v[:7] for k, v in story.commits.items()}
    payload = history_json(cli, story.data)
    assert rows(payload) == [
        (s["in_time"], "changed", "progress/2022-05/丙局.yaml", "3-1", None, "value", 85.0, 86.0),
        (s["lowered"], "changed", "progress/2022-05/甲局.yaml", "1-1", None, "value", 50.0, 30.0),
        (
            s["corrected"],
            "changed",
            "progress/2022-04/乙局.yaml",
            "2-2",
            "b",
            "stage",
            "未启动",
            "启动",
        ),
        (s["broken"], "unreadable", "progress/2022-05/丙局.yaml", None, None, None, None, None),
        # compared with the last version that could be read
        (s["fixed"], "changed", "progress/2022-05/丙局.yaml", "3-2", None, "value", 9.0, 8.0),
        (s["target"], "changed", "projects.yaml", "1-1", None, "target", "100个", "80个"),
    ]
    late = {c["short"]: (c["late"], c["correction"]) for c in payload["changes"]}
    assert late[s["in_time"]] == (False, None)  # before the May report was due
    assert late[s["lowered"]] == (True, None)
    assert late[s["corrected"]] == (True, "补报b已启动")
    assert late[s["target"]] == (True, None)  # the registry, after reporting began
    assert payload["summary"] == {
        "changes": 5,
        "late": 4,
        "late_without_correction": 2,
        "unreadable": 1,
        "first_not_listed": 6,
        "shallow": False,
    }
    lowered = next(c for c in payload["changes"] if c["short"] == s["lowered"])
    assert (lowered["author"], lowered["date"], lowered["due"]) == (
        "王五",
        "2022-06-15T10:00:00+08:00",
        "2022-05-31",
    )
    assert lowered["indicator_name"] == "数量指标"


def test_history_table_shows_who_changed_what_after_the_fact(cli, story):
    result = cli("history", "--data", str(story.data))
    assert result.exit_code == 0, result.output
    out = result.stdout
    lowered = story.commits["lowered"][:7]
    line = next(line for line in out.splitlines() if lowered in line)
    for part in ("2022-06-15", "王五", "甲局 2022-05", "1-1 数量指标", "数值 50个 → 30个"):
        assert part in line
    assert "事后修改，无更正说明" in line
    assert "更正说明：补报b已启动" in out
    assert "2-2 清单·b" in out and "阶段 未启动 → 启动" in out
    assert "无法读取（第 " in out and "已跳过" in out
    assert "目标 100个 → 80个" in out and "项目登记表" in out
    assert (
        "共 5 处改动（5 次提交），其中事后修改 4 处（2 处数值改动没有更正说明）。\n"
        "另有 1 个提交的版本无法读取，已跳过。\n"
        "首次报送 6 份未列出（加 --all 列出）。\n"
    ) in out


def test_history_filters_by_project_and_unit(cli, story):
    by_project = history_json(cli, story.data, "--project", "1")
    assert [(c["path"], c["indicator"]) for c in by_project["changes"]] == [
        ("progress/2022-05/甲局.yaml", "1-1"),
        ("projects.yaml", "1-1"),
    ]
    by_unit = history_json(cli, story.data, "--unit", "乙局")
    assert [(c["unit"], c["indicator"]) for c in by_unit["changes"]] == [("乙局", "2-2")]
    both = cli("history", "--data", str(story.data), "--unit", "丙局", "--project", "3")
    assert both.exit_code == 0
    assert "数据改动记录（git 提交历史） · 项目 3，丙局" in both.stdout
    assert "3-1 比率" in both.stdout and "1-1" not in both.stdout


def test_history_all_lists_first_submissions_and_late_commits(cli, story):
    payload = history_json(cli, story.data, "--all")
    first = [(c["path"], c["late"]) for c in payload["changes"] if c["kind"] == "first"]
    assert first == [
        ("progress/2022-04/甲局.yaml", False),
        ("projects.yaml", False),
        ("progress/2022-04/乙局.yaml", True),  # committed on May 3rd, due April 30th
        ("progress/2022-05/丙局.yaml", False),
        ("progress/2022-05/乙局.yaml", False),
        ("progress/2022-05/甲局.yaml", False),
    ]
    assert payload["summary"]["first_not_listed"] == 0
    table = cli("history", "--data", str(story.data), "--all", "--unit", "乙局")
    assert table.exit_code == 0
    assert "首次报送" in table.stdout and "截止后才提交" in table.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--unit", "丁局"), "没有名为「丁局」的单位；可选：甲局、乙局、丙局"),
        (("--project", "9"), "没有序号为 9 的项目；可选：1、2、3"),
    ],
)
def test_history_unknown_filter_is_a_usage_error(cli, story, args, message):
    result = cli("history", "--data", str(story.data), *args)
    assert result.exit_code == 2
    assert f"用法错误：{message}" in result.stderr


def test_history_of_a_repository_without_changes(cli, tmp_path):
    repo, data = new_repo(tmp_path / "repo")
    shutil.copy(MINI / "projects.yaml", data / "projects.yaml")
    result = cli("history", "--data", str(data))  # no commit yet
    assert result.exit_code == 0
    assert "没有发现改动。" in result.stdout
    commit(repo, "登记表", "2022-04-01T10:00:00+08:00")
    result = cli("history", "--data", str(data))
    assert result.exit_code == 0
    assert "没有发现改动。\n首次报送 1 份未列出（加 --all 列出）。" in result.stdout


def test_history_follows_moved_and_deleted_reports(cli, tmp_path):
    # The data folder is the top of the repository here.
    repo = tmp_path / "repo"
    shutil.copytree(MINI, repo)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "全部", "2022-05-30T18:00:00+08:00")
    (repo / "progress" / "2022-06").mkdir()
    edit(repo / "progress" / "2022-05" / "乙局.yaml", "month: 2022-05", "month: 2022-06")
    git(repo, "mv", "progress/2022-05/乙局.yaml", "progress/2022-06/乙局.yaml")
    moved = commit(repo, "放错月份", "2022-06-02T10:00:00+08:00", "李四")
    git(repo, "rm", "-q", "progress/2022-05/丙局.yaml")
    deleted = commit(repo, "删掉", "2022-06-03T10:00:00+08:00", "李四")
    payload = history_json(cli, repo)
    assert [
        (c["short"], c["kind"], c["path"], c["field"], c["detail"]) for c in payload["changes"]
    ] == [
        (moved[:7], "moved", "progress/2022-06/乙局.yaml", None, "progress/2022-05/乙局.yaml"),
        (deleted[:7], "deleted", "progress/2022-05/丙局.yaml", None, None),
    ]
    table = cli("history", "--data", str(repo))
    assert table.exit_code == 0
    assert "由 progress/2022-05/乙局.yaml 移来" in table.stdout
    assert "报告被删除" in table.stdout


def test_history_shows_hostile_names_as_text(cli, tmp_path):
    repo, data = new_repo(tmp_path / "repo")
    shutil.copy(MINI / "projects.yaml", data / "projects.yaml")
    (data / "progress" / "2022-04").mkdir()
    report = data / "progress" / "2022-04" / "甲局\x1b[2J.yaml"
    shutil.copy(MINI / "progress" / "2022-04" / "甲局.yaml", report)
    commit(repo, "一", "2022-04-28T18:00:00+08:00")
    edit(report, "{id: 1-1, value: 20}", "{id: 1-1, value: 25}")
    commit(repo, "二", "2022-05-28T18:00:00+08:00", "[bold red]王五[/]")
    result = cli("history", "--data", str(data))
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert "甲局\\u001b[2J 2022-04" in result.stdout
    assert "[bold red]王五[/]" in result.stdout


def test_history_with_a_broken_registry_is_a_data_error(cli, tmp_path):
    _, data = new_repo(tmp_path / "repo")
    (data / "projects.yaml").write_text("plan: [\n", encoding="utf-8")
    result = cli("history", "--data", str(data))
    assert result.exit_code == 1
    assert "项目登记表有错误，无法列出改动记录" in result.stderr
    assert "projects.yaml:" in result.stderr


# ---- outside git, without git ----------------------------------------------------------


@pytest.mark.parametrize("command", [("history",), ("diff", "HEAD")])
def test_outside_a_repository_is_a_usage_error(cli, data_copy, command):
    result = cli(*command, "--data", str(data_copy))
    assert result.exit_code == 2
    assert "不在 git 仓库中" in result.stderr
    assert "Traceback" not in result.output


# What git says outside a repository when its search stops at a mount point (a USB drive, a
# network share, a tmpfs): the Chinese message must not depend on which line comes last.
AT_A_MOUNT_POINT = (
    "fatal: not a git repository (or any parent up to mount point /media)\n"
    "Stopping at filesystem boundary (GIT_DISCOVERY_ACROSS_FILESYSTEM not set).\n"
)


@pytest.mark.skipif(os.name == "nt", reason="a shell script stands in for git")
@pytest.mark.parametrize("command", [("history",), ("diff", "HEAD")])
def test_outside_a_repository_at_a_mount_point_is_the_same_usage_error(
    cli, data_copy, tmp_path, monkeypatch, command
):
    stub = tmp_path / "bin" / "git"
    stub.parent.mkdir()
    stub.write_text(f"#!/bin/sh\nprintf '%s' '{AT_A_MOUNT_POINT}' >&2\nexit 128\n")
    stub.chmod(0o755)
    monkeypatch.setenv("PATH", str(stub.parent))
    result = cli(*command, "--data", str(data_copy))
    assert result.exit_code == 2
    assert f"数据文件夹「{data_copy}」不在 git 仓库中" in result.stderr
    assert "filesystem boundary" not in result.stderr


def test_outside_a_repository_on_another_file_system(cli, data_copy, monkeypatch):
    """The same with the real git, on a file system of its own (Linux's /dev/shm)."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == data_copy.stat().st_dev:
        pytest.skip("no second file system to put a data folder on")
    monkeypatch.delenv("GIT_CEILING_DIRECTORIES", raising=False)
    folder = Path(tempfile.mkdtemp(dir=shm)) / "data"
    try:
        shutil.copytree(data_copy, folder)
        result = cli("history", "--data", str(folder))
    finally:
        shutil.rmtree(folder.parent)
    assert result.exit_code == 2
    assert f"数据文件夹「{folder}」不在 git 仓库中" in result.stderr


@pytest.mark.parametrize("command", [("history",), ("diff", "HEAD")])
def test_without_git_is_a_usage_error(cli, story, monkeypatch, command):
    monkeypatch.setenv("PATH", "")
    result = cli(*command, "--data", str(story.data))
    assert result.exit_code == 2
    assert "找不到 git 命令：请先安装 git" in result.stderr


def test_missing_data_folder_is_told_before_git(cli, tmp_path):
    result = cli("history", "--data", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "不存在" in result.stderr


# ---- diff ------------------------------------------------------------------------------


def diff_json(cli, story: Story, *args: str) -> dict:
    result = cli("diff", *args, "--data", str(story.data), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_diff_shows_the_moved_project_and_the_new_finding(cli, story):
    c = story.commits
    result = cli(
        "diff", c["in_time"], c["lowered"], "--data", str(story.data), "--as-of", "2022-06-30"
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert (
        "数据对比：" + f"{c['in_time'][:7]}（2022-05-31） → {c['lowered'][:7]}（2022-06-15）" in out
    )
    assert "统计日期 2022年6月30日" in out
    line = next(line for line in out.splitlines() if "数量项目" in line)
    assert "50.0% → 30.0%" in line and "-20.0 个百分点" in line
    assert "● 正常推进 → ✖ 严重滞后" in line
    assert "新出现的问题" in out
    assert (
        "│ 逾期未完成 │ 项目 1 │ 数量指标（节点：6月底前累计完成40个），2022-06-30 到期（完成 30.0%，应达 40.0%） │"
        in out
    )
    assert "没有已消除的问题。" in out


def test_diff_json(cli, story):
    c = story.commits
    payload = diff_json(cli, story, c["in_time"], c["lowered"], "--as-of", "2022-06-30")
    assert payload["as_of"] == "2022-06-30"
    assert payload["from"]["commit"] == c["in_time"] and payload["to"]["author"] == "王五"
    assert payload["projects"] == [
        {
            "id": 1,
            "name": "数量项目",
            "before": {"completion": 50.0, "status": "green"},
            "after": {"completion": 30.0, "status": "red"},
            "delta": -20.0,
        }
    ]
    assert payload["new"] == [
        {
            "kind": "overdue",
            "where": "项目 1",
            "subject": "数量指标（节点：6月底前累计完成40个），2022-06-30 到期",
            "detail": "完成 30.0%，应达 40.0%",
        }
    ]
    assert payload["resolved"] == []


def test_diff_of_the_first_commit_resolves_the_missing_report(cli, story):
    c = story.commits
    payload = diff_json(cli, story, c["april"], c["late"], "--as-of", "2022-05-20")
    assert {"kind": "missing", "where": "乙局", "subject": "2022-04 月报"}.items() <= payload[
        "resolved"
    ][0].items()
    assert [p["id"] for p in payload["projects"]] == [2]


def test_diff_without_rev2_compares_with_the_working_tree(cli, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(MINI, repo)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "全部", "2022-05-30T18:00:00+08:00")
    edit(
        repo / "progress" / "2022-05" / "甲局.yaml", "{id: 1-1, value: 50}", "{id: 1-1, value: 60}"
    )
    result = cli("diff", "HEAD", "--data", str(repo), "--as-of", "2022-05-31")
    assert result.exit_code == 0, result.output
    assert "→ 工作区 · 统计日期 2022年5月31日" in result.stdout
    assert "50.0% → 60.0%" in result.stdout
    unchanged = cli("diff", "HEAD", "HEAD", "--data", str(repo), "--as-of", "2022-05-31")
    assert unchanged.exit_code == 0
    assert "（持平）" in unchanged.stdout
    assert "没有项目的完成率或状态发生变化。" in unchanged.stdout


@pytest.mark.parametrize(
    ("revs", "message"),
    [
        (("nosuchbranch",), "找不到版本「nosuchbranch」"),
        (("HEAD", "HEAD~99"), "找不到版本「HEAD~99」"),
        (("--", "--output=/tmp/x"), "版本「--output=/tmp/x」无效"),
        (("--", "-p"), "版本「-p」无效"),
        (("HEAD\n",), "版本「HEAD\n」无效"),
        (("-p",), "没有这个选项：-p"),
        ((), "缺少必需的参数 版本1"),
    ],
)
def test_diff_bad_revision_is_a_usage_error(cli, story, revs, message):
    result = cli("diff", "--data", str(story.data), *revs)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_diff_with_data_errors_at_a_revision_exits_1(cli, story):
    result = cli("diff", story.commits["broken"], "--data", str(story.data))
    assert result.exit_code == 1
    assert "progress/2022-05/丙局.yaml:" in result.stderr
    broken = story.commits["broken"][:7]
    assert f"版本 {broken}（2022-07-01）：数据有错误，无法对比；" in result.stderr
    assert result.stdout == ""


def test_diff_at_a_revision_without_the_data_folder(cli, tmp_path):
    repo, data = new_repo(tmp_path / "repo")
    (repo / "README").write_text("x", encoding="utf-8")
    commit(repo, "空", "2022-04-01T10:00:00+08:00")
    shutil.copy(MINI / "projects.yaml", data / "projects.yaml")
    commit(repo, "登记表", "2022-04-02T10:00:00+08:00")
    result = cli("diff", "HEAD~1", "--data", str(data))
    assert result.exit_code == 2
    assert "版本「HEAD~1」中没有数据文件夹「data」或其中没有 projects.yaml" in result.stderr


def test_diff_is_worked_out_at_the_newer_version_s_date_by_default(cli, story):
    c = story.commits
    between = diff_json(cli, story, c["april"], c["late"])
    assert between["as_of"] == "2022-05-03"  # 乙局's April report came in late that day
    assert [f["subject"] for f in between["resolved"]] == ["2022-04 月报"]
    worktree = diff_json(cli, story, c["april"])
    assert worktree["as_of"] == "2022-12-31"  # today, kept within the plan year


def test_diff_with_errors_in_the_working_tree_names_the_file_to_fix(cli, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(MINI, repo)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "全部", "2022-05-30T18:00:00+08:00")
    broken = repo / "progress" / "2022-05" / "甲局.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "x: [\n", encoding="utf-8")
    result = cli("diff", "HEAD", "--data", str(repo))
    assert result.exit_code == 1
    assert f"{broken}:" in result.stderr  # the path as given, not relative to a temporary copy
    assert "error [yaml-syntax]" in result.stderr
    assert "版本 工作区：数据有错误，无法对比" in result.stderr


def test_a_shallow_clone_is_said_to_be_one(cli, story, tmp_path):
    """CI checkouts are often shallow: the history is cut short and older revisions are absent."""
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", story.repo.as_uri(), str(shallow))
    result = cli("history", "--data", str(shallow / "data"))
    assert result.exit_code == 0, result.output
    assert "本仓库是浅克隆，只列出已取回的提交中的改动" in result.stdout
    assert history_json(cli, shallow / "data")["summary"]["shallow"] is True
    assert history_json(cli, story.data)["summary"]["shallow"] is False
    older = cli("diff", "HEAD~1", "--data", str(shallow / "data"))
    assert older.exit_code == 2
    assert "找不到版本「HEAD~1」：本仓库是浅克隆" in older.stderr
    assert "git fetch --unshallow" in older.stderr


def test_an_oversized_report_in_history_is_skipped_unread(cli, tmp_path):
    """A 33 MB report committed by mistake: history lists it as unreadable, diff refuses that
    version by the loader's own size limit; neither holds the file in memory."""
    repo = tmp_path / "repo"
    shutil.copytree(MINI, repo)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "全部", "2022-05-30T18:00:00+08:00")
    report = repo / "progress" / "2022-05" / "甲局.yaml"
    good = report.read_bytes()
    report.write_bytes(good + b"#" * (33 * 1024 * 1024) + b"\n")
    commit(repo, "误提交", "2022-06-02T10:00:00+08:00", "王五")
    history = cli("history", "--data", str(repo))
    assert history.exit_code == 0, history.output
    assert "另有 1 个提交的版本无法读取，已跳过。" in history.stdout
    (row,) = history_json(cli, repo)["changes"]
    assert (row["kind"], row["path"], row["detail"]) == (
        "unreadable",
        "progress/2022-05/甲局.yaml",
        "文件过大（33.0 MB）",
    )
    diff = cli("diff", "HEAD~1", "HEAD", "--data", str(repo))
    assert diff.exit_code == 1
    assert "progress/2022-05/甲局.yaml:1:1: error [too-large] 文件过大（33.0 MB），上限 32 MB" in (
        diff.stderr
    )
