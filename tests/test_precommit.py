"""pre-commit: the hook offered to data repositories, this repository's own hooks, the README snippet.

The manifests are validated with pre-commit's own schema, and the hook's command is run the way
pre-commit runs it (entry + args, no file names) on a data folder with and without an error.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pre_commit.clientlib import load_config, load_manifest

from tests.conftest import DATA, ROOT

BIN = Path(sys.executable).parent


def hook() -> dict[str, object]:
    hooks = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert [h["id"] for h in hooks] == ["minsheng-check"]
    return dict(hooks[0])


def snippet() -> str:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- precommit-snippet -->\n```yaml\n(.*?)```", text, re.DOTALL)
    assert match, "docs/ci.md lost the data repository's .pre-commit-config.yaml snippet"
    return match.group(1)


def test_hook_manifest_is_valid_and_checks_the_whole_folder() -> None:
    found = hook()
    assert found["entry"] == "minsheng check"
    assert found["language"] == "python"
    assert found["pass_filenames"] is False  # cross-file references: always the whole folder


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("data/projects.yaml", True),
        ("data/progress/2022-07/县教委.yaml", True),
        ("projects.yaml", True),  # a data repository whose root is the data folder
        ("progress/2023-01/县民政局.yml", True),
        ("县/data/progress/2022-07/县教委.yaml", True),
        ("README.md", False),
        ("templates/bulletin.md.j2", False),
        (".github/workflows/minsheng.yml", False),
        ("data/notes.yaml", False),
        ("data/progress/2022-07/说明.txt", True),  # misfiled under progress/: an error
        ("data/progress/202207/县教委.yaml", True),
        ("data/progress/2022-07/县教委.yaml.txt", True),
    ],
)
def test_hook_runs_only_when_registry_or_reports_change(path: str, runs: bool) -> None:
    # pre-commit selects files with re.search on the path relative to the repository root.
    assert bool(re.search(str(hook()["files"]), path)) is runs


def run_hook(cwd: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    command = shlex.split(str(hook()["entry"]))
    assert shutil.which(command[0], path=str(BIN)), "the hook's entry is not an installed command"
    return subprocess.run(
        [str(BIN / command[0]), *command[1:], *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def test_hook_command_passes_good_data_and_stops_a_broken_report(tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "data")
    args = ["--data", "data"]  # the README snippet's args
    good = run_hook(tmp_path, args)
    assert good.returncode == 0, good.stderr
    assert "检查通过" in good.stdout + good.stderr

    broken = tmp_path / "data" / "progress" / "2022-07" / "县教委.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "x: [\n", encoding="utf-8")
    bad = run_hook(tmp_path, args)
    assert bad.returncode == 1
    output = bad.stdout + bad.stderr
    assert re.search(r"data/progress/2022-07/县教委\.yaml:\d+:\d+: error \[yaml-syntax\]", output)
    assert "Traceback" not in output


def test_readme_snippet_is_a_valid_config_using_the_hook(tmp_path: Path) -> None:
    config_file = tmp_path / ".pre-commit-config.yaml"
    config_file.write_text(snippet(), encoding="utf-8")
    config = load_config(str(config_file))
    (repo,) = config["repos"]
    assert [h["id"] for h in repo["hooks"]] == [hook()["id"]]
    assert repo["hooks"][0]["args"] == ["--data", "data"]


def own_hooks() -> dict[str, dict[str, object]]:
    config = load_config(str(ROOT / ".pre-commit-config.yaml"))
    return {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}


def test_own_config_runs_check_ruff_and_mypy_with_the_environment_s_tools() -> None:
    hooks = own_hooks()
    assert set(hooks) == {"minsheng-check", "ruff-check", "ruff-format", "mypy"}
    for found in hooks.values():
        assert found["language"] in {"system", "unsupported"}  # pre-commit 4 renamed it
    assert shlex.split(str(hooks["minsheng-check"]["entry"]))[:2] == ["minsheng", "check"]
    assert shutil.which("minsheng", path=str(BIN)), "minsheng is not installed here"
    assert hooks["minsheng-check"]["files"] == "^data/"


@pytest.mark.parametrize("hook_id", ["ruff-check", "ruff-format", "mypy"])
def test_own_config_s_dev_tools_are_installed_by_the_dev_extra(hook_id: str) -> None:
    command = shlex.split(str(own_hooks()[hook_id]["entry"]))[0]
    found = shutil.which(command, path=str(BIN))
    if not found:
        pytest.skip(f"{command} 由 .[dev] 安装；只装了 .[test] 的环境中没有它")
    done = subprocess.run([found, "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
