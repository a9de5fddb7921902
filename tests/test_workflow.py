"""The GitHub Actions workflow's own shell steps, run here in order on a copy of the repository.

Steps that use an action (checkout, setup-python, upload-artifact) and the install step are
GitHub's part; every other step runs with bash as the runner would (``set -eo pipefail``),
with ``${{ steps.<id>.outputs.<name> }}`` filled in from what earlier steps wrote to
``$GITHUB_OUTPUT``. The artifacts it uploads must then exist and hold the expected files.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from tests.conftest import DATA, ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "minsheng.yml"
EXPRESSION = re.compile(r"\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}")
INSTALL = "python -m pip install ."


def steps() -> list[dict]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    return job["steps"]


def outputs_of(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return dict(pairs)


@pytest.mark.slow
def test_workflow_steps_run_and_produce_the_artifacts(tmp_path):
    work = tmp_path / "repo"
    shutil.copytree(DATA, work / "data")
    shutil.copytree(ROOT / "templates", work / "templates")
    runnable = [s for s in steps() if "run" in s]
    assert runnable[0]["run"] == INSTALL  # installed already: this test runs in it
    outputs: dict[str, dict[str, str]] = {}
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PYTHONUTF8": "1",
        "NO_COLOR": "1",
    }
    for step in runnable[1:]:
        output = tmp_path / f"output-{len(outputs)}"
        output.touch()
        step_env = {
            key: EXPRESSION.sub(lambda m: outputs[m[1]][m[2]], str(value))
            for key, value in step.get("env", {}).items()
        }
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=work,
            env={**env, **step_env, "GITHUB_OUTPUT": str(output)},
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, f"{step['name']}: {done.stdout}{done.stderr}"
        assert "Traceback" not in done.stderr
        if "id" in step:
            outputs[step["id"]] = outputs_of(output)

    period = outputs["period"]
    assert period["as_of"] == "2022-12-31"  # today, kept within the plan year
    assert period["quarter"] == "2022Q4"
    for upload in (s for s in steps() if str(s.get("uses", "")).startswith("actions/upload")):
        assert any((work / upload["with"]["path"]).iterdir()), upload["name"]
    bulletins = work / "bulletins"
    assert sorted(p.name for p in bulletins.iterdir()) == [
        "2022Q4.html",
        "2022Q4.md",
        "assess.json",
        "assess.txt",
        "重点民生实事-2022-12-31.xlsx",
    ]
    assert "关于2022年城口县重点民生实事1—12月推进情况的通报" in (
        bulletins / "2022Q4.md"
    ).read_text(encoding="utf-8")
    book = load_workbook(bulletins / "重点民生实事-2022-12-31.xlsx")
    assert book.sheetnames == ["汇总", "指标", "报送情况", "督办台账"]
    assert str(book["汇总"]["A2"].value).startswith("【样例数据】")
    assert (work / "_site" / "index.html").is_file()


def inbox_steps() -> list[dict]:
    """The optional steps docs/ci.md gives for importing an inbox/ of workbooks in CI."""
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    start = text.index("```yaml\n", text.index("<!-- inbox-snippet -->")) + len("```yaml\n")
    steps = yaml.safe_load(text[start : text.index("```", start)])
    assert isinstance(steps, list)
    return steps


def test_the_documented_inbox_steps_import_the_workbooks_and_collect_the_reports(
    cli, tmp_path, monkeypatch
):
    from tests.test_history import commit, isolate
    from tests.test_import import MONTH, UNIT, made_book, month_latest
    from tests.workbooks import fill, reporter

    isolate(monkeypatch, tmp_path)
    repo = tmp_path / "repo"
    repo.mkdir()
    month_latest(tmp_path).rename(repo / "data")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    commit(repo, "数据", "2022-09-01T09:00:00+08:00")
    inbox = repo / "inbox"
    inbox.mkdir()
    fill(made_book(cli, repo / "data", inbox), reporter("王晓东", "2022-09-28"))
    steps = inbox_steps()
    (run,) = (s["run"] for s in steps if "run" in s)
    (upload,) = (s for s in steps if "uses" in s)
    assert upload["with"]["path"] == "imported/"
    assert all(s["if"] == "hashFiles('inbox/**') != ''" for s in steps)

    def step() -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        }
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", run],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )

    done = step()
    assert done.returncode == 0, done.stdout + done.stderr
    written = repo / "data" / "progress" / MONTH / f"{UNIT}.yaml"
    collected = repo / "imported" / "data" / "progress" / MONTH / f"{UNIT}.yaml"
    assert collected.read_bytes() == written.read_bytes()
    assert sorted(p.name for p in (repo / "imported").rglob("*.yaml")) == [f"{UNIT}.yaml"]
    (inbox / "县交通局-2022-09.xlsx").write_bytes(b"not a workbook")
    failed = step()
    assert failed.returncode == 1
    assert "未导入：inbox/县交通局-2022-09.xlsx（1 个问题）" in failed.stdout
