"""Setting up a county: ``init`` (the skeleton, or from the notice's table as xlsx, csv or docx),
the repository's pre-commit and CI at a pinned version, ``schema --check``, and ``new-year``."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pre_commit.clientlib import load_config

from minsheng import __version__
from minsheng.load.folder import load
from tests.conftest import DATA
from tests.test_notice import LIST_MARKER, NOTICE, NUMBER, notice_table, squash

COUNTY = Path(__file__).resolve().parent / "fixtures" / "county"
EXPRESSION = re.compile(r"\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}")


def run(cli, *args: str):
    result = cli(*args)
    assert "Traceback" not in result.output
    return result


# ---- init: the skeleton ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def initialised(shared_cli, tmp_path_factory) -> Path:
    """The repository ``init`` lays out, made once: tests get a copy (some change it)."""
    folder = tmp_path_factory.mktemp("init") / "县数据"
    result = run(shared_cli, "init", str(folder), "--year", "2023", "--county", "示例县")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"已新建数据仓库 {folder}（样例骨架，请按通知改写）")
    return folder


@pytest.fixture
def repo(initialised: Path, tmp_path) -> Path:
    return Path(shutil.copytree(initialised, tmp_path / "县数据", symlinks=True))


def test_init_lays_out_the_repository(repo):
    found = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if p.is_file())
    assert found == [
        ".github/workflows/minsheng.yml",
        ".gitignore",
        ".pre-commit-config.yaml",
        "README.md",
        "data/progress/.gitkeep",
        "data/projects.yaml",
        "schema/acceptance.schema.json",
        "schema/action.schema.json",
        "schema/inspection.schema.json",
        "schema/office.schema.json",
        "schema/progress.schema.json",
        "schema/projects.schema.json",
        "填报指南.md",
    ]
    assert "示例县" in (repo / "填报指南.md").read_text(encoding="utf-8")


def test_the_skeleton_checks_clean_and_has_every_kind(cli, repo, monkeypatch):
    monkeypatch.chdir(repo)  # every command works from the repository with the default --data data
    result = run(cli, "check", "--as-of", "2023-06-30")
    assert (result.exit_code, result.stdout) == (0, "检查通过：1 个文件，没有发现问题。\n")
    loaded = load(repo / "data", __import__("datetime").date(2023, 6, 30))
    assert loaded.dataset is not None
    kinds = {i.kind for p in loaded.dataset.registry.projects for i in p.indicators}
    assert kinds == {"quantity", "threshold", "stage", "checklist", "trend", "qualitative"}
    assert loaded.dataset.registry.sample is True  # made-up examples say so
    status = run(cli, "status", "--as-of", "2023-06-30")
    assert status.exit_code == 0
    assert "【样例数据】" in status.stdout
    text = (repo / "data/projects.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/projects.schema.json")


def test_init_refuses_a_folder_with_something_in_it(cli, tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    result = run(cli, "init", str(folder))
    assert result.exit_code == 2
    assert "文件夹「" in result.stderr and "不是空的" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_schema_files_are_current_then_stale(cli, repo, monkeypatch):
    monkeypatch.chdir(repo)
    result = run(cli, "schema", "--check")
    assert (result.exit_code, result.stdout) == (
        0,
        f"JSON Schema 文件都是最新的（minsheng {__version__}）。\n",
    )
    (repo / "schema/progress.schema.json").write_text('{"title": "旧版本"}\n', encoding="utf-8")
    result = run(cli, "schema", "--check")
    assert result.exit_code == 1
    assert "schema/progress.schema.json：已过期" in result.stdout
    assert "请运行 minsheng schema --update --dir schema" in result.stdout
    assert run(cli, "schema", "--update").exit_code == 0
    assert run(cli, "schema", "--check").exit_code == 0


def test_pre_commit_config_pins_this_version(repo):
    config = load_config(str(repo / ".pre-commit-config.yaml"))  # pre-commit's own schema
    (entry,) = config["repos"]
    assert entry["rev"] == f"v{__version__}"
    assert [h["id"] for h in entry["hooks"]] == ["minsheng-check"]
    assert entry["hooks"][0]["args"] == ["--data", "data"]
    text = (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "#       - id: minsheng-check" in text and "language: system" in text  # offline route


def test_workflow_pins_this_version_and_offers_the_local_wheel(repo):
    workflow = yaml.safe_load((repo / ".github/workflows/minsheng.yml").read_text(encoding="utf-8"))
    assert workflow["env"]["MINSHENG_VERSION"] == __version__
    (job,) = workflow["jobs"].values()
    install = next(s for s in job["steps"] if s.get("name") == "安装 minsheng（固定版本）")
    assert "--no-index --find-links vendor" in install["run"]
    assert "minsheng @ git+$MINSHENG_REPO@v$MINSHENG_VERSION" in install["run"]
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert (
        f'pip wheel "minsheng @ git+https://git.example.gov.cn/fgw/minsheng@v{__version__}" -w vendor/'
        in readme
    )


@pytest.mark.slow
def test_workflow_steps_run_in_the_new_repository(repo, tmp_path):
    """The generated CI's shell steps, in order (the install is GitHub's part: this test runs
    in an environment that has minsheng already)."""
    workflow = yaml.safe_load((repo / ".github/workflows/minsheng.yml").read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    steps = [s for s in job["steps"] if "run" in s and "MINSHENG_VERSION" not in s["run"]]
    env = {
        **os.environ,
        **workflow["env"],
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    outputs: dict[str, dict[str, str]] = {}
    for n, step in enumerate(steps):
        output = tmp_path / f"output-{n}"
        output.touch()
        step_env = {
            key: EXPRESSION.sub(lambda m: outputs[m[1]][m[2]], str(value))
            for key, value in step.get("env", {}).items()
        }
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=repo,
            env={**env, **step_env, "GITHUB_OUTPUT": str(output)},
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, f"{step['name']}: {done.stdout}{done.stderr}"
        if "id" in step:
            outputs[step["id"]] = dict(
                line.split("=", 1)
                for line in output.read_text(encoding="utf-8").splitlines()
                if line
            )
    assert outputs["period"]["as_of"].startswith("2023-")
    quarter = outputs["period"]["quarter"]
    assert sorted(p.name for p in (repo / "bulletins").iterdir()) == sorted(
        [f"{quarter}.html", f"{quarter}.md", f"重点民生实事-{outputs['period']['as_of']}.xlsx"]
    )
    assert (repo / "_site" / "index.html").is_file()


@pytest.mark.skipif(shutil.which("actionlint") is None, reason="actionlint is installed by .ci/run")
def test_workflow_passes_actionlint(repo):
    done = subprocess.run(
        ["actionlint", str(repo / ".github/workflows/minsheng.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# ---- init --from-table ---------------------------------------------------------------------------

HEADER = ["序号", "项目名称", "责任单位", "2022年工作目标任务"]


def notice_rows() -> list[list[str]]:
    table = notice_table(NOTICE.read_text(encoding="utf-8"))
    return [[str(n), c.name, "\n".join(c.units), c.text] for n, c in sorted(table.items())]


def write_csv(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(notice_rows())


def write_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["附件：2022年城口县重点民生实事工作目标任务"])  # a title row above the header
    sheet.append(HEADER)
    for row in notice_rows():
        sheet.append([int(row[0]), *row[1:]])
    book.save(path)


def write_docx(path: Path) -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("2022年城口县重点民生实事工作目标任务")
    rows = notice_rows()
    table = document.add_table(rows=len(rows) + 1, cols=4)
    for col, text in enumerate(HEADER):
        table.cell(0, col).text = text
    for r, row in enumerate(rows, 1):
        for col, text in enumerate(row):
            table.cell(r, col).text = text
    document.save(str(path))


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "docx": write_docx}


@pytest.mark.parametrize("suffix", sorted(WRITERS))
def test_from_the_notices_table(cli, tmp_path, suffix):
    source = tmp_path / f"附件.{suffix}"
    WRITERS[suffix](source)
    folder = tmp_path / "城口"
    result = run(cli, "init", str(folder), "--from-table", str(source), "--county", "城口县")
    assert result.exit_code == 0, result.output
    assert "由表格生成 15 个项目" in result.stdout
    loaded = load(folder / "data", __import__("datetime").date(2022, 12, 31))
    assert loaded.dataset is not None, loaded.problems
    ds = loaded.dataset
    assert ds.plan.year == 2022  # from the header «2022年工作目标任务»
    notice = notice_table(NOTICE.read_text(encoding="utf-8"))
    assert [p.id for p in ds.registry.projects] == list(range(1, 16))
    for project in ds.registry.projects:
        cell = notice[project.id]
        assert squash(project.name) == squash(cell.name)
        assert project.units == cell.units  # the lead first
        assert project.text == cell.text  # verbatim
        assert all(i.unverified for i in project.indicators)
        figures = [float(m) for m in NUMBER.findall(LIST_MARKER.sub("", cell.text))]
        targets = [i.target for i in project.indicators if i.kind in ("quantity", "threshold")]
        assert targets == figures, project.id  # every figure a candidate, in order
    assert ds.projects[7].indicators[1].kind == "threshold"  # 毛入园率达到92%以上
    assert getattr(ds.projects[3].indicators[0], "at_least", None) is True  # 1.5亿元以上
    assert ds.projects[9].indicators[0].kind == "qualitative"  # no figure in 项目9's text
    unverified = [p for p in loaded.problems if p.code == "unverified"]
    assert (
        len(unverified)
        == len(loaded.problems)
        == sum(len(p.indicators) for p in ds.registry.projects)
    )


def test_candidates_are_warned_about_until_confirmed(cli, tmp_path):
    source = tmp_path / "附件.csv"
    write_csv(source)
    folder = tmp_path / "城口"
    assert run(cli, "init", str(folder), "--from-table", str(source)).exit_code == 0
    result = run(cli, "check", "--data", str(folder / "data"), "--as-of", "2022-12-31")
    assert result.exit_code == 0  # warnings only
    first = result.stdout.splitlines()[0]
    assert re.match(
        r"^.+/data/projects\.yaml:\d+:\d+: warning \[unverified\] 指标「1-1」（建成滨河公园广场8000平方米）"
        r"待核对：这是工具生成、尚未经人确认的候选指标",
        first,
    ), first
    assert run(cli, "check", "--data", str(folder / "data"), "--strict").exit_code == 1
    registry = folder / "data/projects.yaml"
    text = registry.read_text(encoding="utf-8")
    confirmed = text.replace("\n        unverified: true", "\n        unverified: false", 1)
    registry.write_text(confirmed, encoding="utf-8")
    again = run(cli, "check", "--data", str(folder / "data"), "--as-of", "2022-12-31")
    assert "指标「1-1」" not in again.stdout  # confirmed: no longer warned about


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("附件.txt", "x", "不是 .xlsx、.csv 或 .docx 文件"),
        (
            "附件.csv",
            "a,b\n1,2\n",
            "中没有找到表头：需要一行写有「序号」「项目名称」「责任单位」「目标任务」四列",
        ),
        ("附件.csv", "序号,项目名称,责任单位,目标任务\n说明,,,\n", "表头下面没有以序号"),
        (
            "附件.csv",
            "序号,项目名称,责任单位,目标任务\n1,甲,县教委,建成1所\n1,乙,县教委,建成2所\n",
            "第 3 行：序号 1 与第 2 行重复",
        ),
        ("附件.xlsx", "not a zip", "不是有效的 Excel 工作簿"),
        ("附件.docx", "not a zip", "不是有效的 Word 文档"),
    ],
)
def test_unreadable_tables_are_told_in_chinese(cli, tmp_path, name, content, message):
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    folder = tmp_path / "new"
    result = run(cli, "init", str(folder), "--from-table", str(source))
    assert result.exit_code == 1
    assert result.stderr.startswith("无法读取表格：") and message in result.stderr, result.stderr
    assert not folder.exists()


def test_category_rows_of_a_table_become_categories(cli, tmp_path):
    source = tmp_path / "附件.csv"
    source.write_text(
        "序号,项目名称,责任单位,目标任务\n一、教育类（1件）,,,\n1,新建学校,县教委,建成学校2所。\n"
        "二、民生保障类,,,\n2,养老服务,县民政局、某某镇,建成养老服务中心3个。\n",
        encoding="utf-8",
    )
    folder = tmp_path / "new"
    assert (
        run(cli, "init", str(folder), "--from-table", str(source), "--year", "2024").exit_code == 0
    )
    loaded = load(folder / "data", __import__("datetime").date(2024, 12, 31))
    assert loaded.dataset is not None
    assert [c.name for c in loaded.dataset.plan.categories] == ["教育类", "民生保障类"]
    assert [p.category for p in loaded.dataset.registry.projects] == ["教育类", "民生保障类"]
    kinds = {u.name: u.kind for u in loaded.dataset.registry.units}
    assert kinds == {"县教委": "部门", "县民政局": "部门", "某某镇": "乡镇"}


# ---- new-year --------------------------------------------------------------------------------------


def test_new_year_carries_the_unfinished(cli, tmp_path):
    out = tmp_path / "2023"
    result = run(cli, "new-year", "--from", str(COUNTY / "2022"), "--year", "2023", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "2022 年度未完成的 2 个项目接续实施，已完成的 1 个不再列入" in result.stdout
    loaded = load(out, __import__("datetime").date(2023, 12, 31))
    assert loaded.ok and loaded.problems == [], loaded.problems
    assert loaded.dataset is not None
    ds = loaded.dataset
    assert ds.plan.year == 2023 and ds.plan.reporting.first_month == "2023-12"
    assert [p.id for p in ds.registry.projects] == [5, 7]  # 项目3 finished: left out
    houses = ds.projects[5]
    assert (houses.continues.year, houses.continues.id) == (2022, 5)  # type: ignore[union-attr]
    (quantity,) = houses.indicators
    assert (quantity.target, quantity.carried, quantity.total) == (80, 80, 1000)  # type: ignore[union-attr]
    sewers = ds.projects[7]
    assert [(i.id, i.kind) for i in sewers.indicators] == [("7-1", "stage"), ("7-2", "checklist")]
    assert [i.name for i in sewers.indicators[1].items] == ["新城区"]  # type: ignore[union-attr]
    text = (out / "projects.yaml").read_text(encoding="utf-8")
    assert (
        "须由本办为新年度重新确定的指标（未结转）：7-3 污水集中处理率（达标，目标 ≥95%，上年末 91%）"
        in text
    )
    result = run(cli, "check", "--data", str(out), "--previous", str(COUNTY / "2022"))
    assert result.exit_code == 0, result.output


def test_new_year_splits_each_areas_remainder(cli, tmp_path):
    """At 2023-12-31 the county has its June figures: 1-1 areas did 8, 9, 6, 6, 3, 4 of 8, 12,
    10, 10, 10, 10 → remainders 0, 3, 4, 4, 7, 6 = 24 公里; project 6 is done and left out."""
    out = tmp_path / "2024"
    result = run(cli, "new-year", "--from", str(COUNTY / "2023"), "--year", "2024", "-o", str(out))
    assert result.exit_code == 0, result.output
    loaded = load(out, __import__("datetime").date(2024, 12, 31))
    assert loaded.ok and loaded.problems == [], loaded.problems
    assert loaded.dataset is not None
    ds = loaded.dataset
    assert 6 not in ds.projects
    road = ds.projects[1].indicators[0]
    assert [(s.area, s.target) for s in road.split] == [
        ("东城街道", 0),
        ("西城街道", 3),
        ("南山镇", 4),
        ("北坝镇", 4),
        ("河口乡", 7),
        ("青山乡", 6),
    ]
    assert road.target == 24  # type: ignore[union-attr]
    centres = ds.projects[2].indicators[0]
    assert [i.name for i in centres.items] == ["北坝镇养老服务中心", "河口乡养老服务中心"]  # type: ignore[union-attr]
    assert [(s.area, s.target) for s in centres.split] == [("北坝镇", 1), ("河口乡", 1)]
    assert [x.name for x in ds.plan.levels] == ["省级", "市级", "县级"]
    assert ds.plan.levels[0].declared is None  # the new year's counts are the new notice's


def test_new_year_on_the_shipped_data_agrees_with_status(cli, tmp_path):
    """Every project unfinished at 2022-12-31 carries over, each quantity with target − actual."""
    out = tmp_path / "2023"
    assert (
        run(cli, "new-year", "--from", str(DATA), "--year", "2023", "-o", str(out)).exit_code == 0
    )
    status = json.loads(
        run(cli, "status", "--data", str(DATA), "--as-of", "2022-12-31", "--format", "json").stdout
    )
    unfinished = [p for p in status["projects"] if p["status"] != "done"]
    loaded = load(out, __import__("datetime").date(2023, 12, 31))
    assert loaded.ok, loaded.problems
    assert loaded.dataset is not None
    assert sorted(loaded.dataset.projects) == [p["id"] for p in unfinished]
    for p in unfinished:
        carried = {i.id: i for i in loaded.dataset.projects[p["id"]].indicators}
        for indicator in p["indicators"]:
            if indicator["kind"] == "quantity" and indicator["completion"] not in (None, 100.0):
                left = indicator["target"] - (indicator["actual"] or 0)
                assert carried[indicator["id"]].target == pytest.approx(left)  # type: ignore[union-attr]
    assert (
        loaded.dataset.registry.sample is False
    )  # the notice's registry is real; reports were sample


@pytest.mark.parametrize(
    ("year", "make", "message"),
    [
        ("2022", False, "新的年度（2022）应晚于"),
        ("2023", True, "已存在且不是空文件夹"),
    ],
)
def test_new_year_usage_errors(cli, tmp_path, year, make, message):
    out = tmp_path / "next"
    if make:
        out.mkdir()
        (out / "x").write_text("x", encoding="utf-8")
    result = run(cli, "new-year", "--from", str(COUNTY / "2022"), "--year", year, "-o", str(out))
    assert result.exit_code == 2
    assert message in result.stderr


def test_the_county_page_quotes_what_check_prints(cli, tmp_path, monkeypatch):
    source = tmp_path / "附件.csv"
    write_csv(source)
    folder = tmp_path / "城口"
    assert (
        run(cli, "init", str(folder), "--from-table", str(source), "--county", "城口县").exit_code
        == 0
    )
    monkeypatch.chdir(folder)
    shown = run(cli, "check", "--as-of", "2022-12-31").stdout.splitlines()
    page = (Path(__file__).resolve().parents[1] / "docs" / "county.md").read_text(encoding="utf-8")
    quoted = [line for line in page.splitlines() if "warning [unverified]" in line]
    assert quoted and all(line in shown for line in quoted)
