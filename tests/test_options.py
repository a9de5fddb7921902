"""One rule for each option, whichever command takes it, and outputs kept out of the data.

- ``--as-of`` outside the plan year: the year's first or last day, with a notice on stderr
  (status, deadlines, export, assess, site, diff); never an overflow;
- ``--period`` with full-width digits or a lowercase q: read as meant, with a notice;
- ``-o -``: stdout for text, a usage error for binary outputs (xlsx, the site);
- long option values are shortened where messages quote them;
- an output (bulletin, export, site) is never written into the data folder: the registry,
  ``progress/``, ``office.yaml``, ``duban/`` or the cache.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from minsheng.render.site import MARKER
from minsheng.write.publish import digest
from tests.conftest import Run
from tests.test_history import commit, isolate, new_repo
from tests.test_status import MINI


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data repository's root: data/ (the small fixture) in the working folder."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(MINI, tmp_path / "data")
    return tmp_path


# ---- --as-of outside the plan year -----------------------------------------------------------

CLAMPED = {
    "9999-12-31": "2022-12-31",
    "2023-01-05": "2022-12-31",
    "0001-01-01": "2022-01-01",
    "2021-12-31": "2022-01-01",
}
DATED = {
    "status": ("status", "--data", "data", "--format", "json"),
    "deadlines": ("deadlines", "--data", "data", "--format", "json"),
    "export": ("export", "--data", "data", "--format", "csv"),
    "assess": ("assess", "--data", "data", "--format", "json"),
}


def notice(given: str, kept: str) -> str:
    return (
        f"提示：统计日期 {given} 不在计划年度（2022-01-01 至 2022-12-31）之内，已按 {kept} 统计\n"
    )


@pytest.mark.parametrize("given", sorted(CLAMPED))
@pytest.mark.parametrize("command", sorted(DATED))
def test_an_as_of_outside_the_plan_year_is_clamped_with_a_notice(
    cli: Run, work: Path, command: str, given: str
):
    args = DATED[command]
    result = cli(*args, "--as-of", given)
    assert result.exit_code == 0, result.output
    assert result.stderr == notice(given, CLAMPED[given])
    same = cli(*args, "--as-of", CLAMPED[given])
    assert (same.exit_code, same.stderr) == (0, "")
    assert result.stdout == same.stdout


@pytest.mark.parametrize("given", ["9999-12-31", "0001-01-01"])
def test_site_clamps_the_as_of_like_every_other_command(cli: Run, work: Path, given: str):
    result = cli("site", "--data", "data", "-o", "a", "--as-of", given)
    assert result.exit_code == 0, result.output
    assert result.stderr == notice(given, CLAMPED[given])
    assert cli("site", "--data", "data", "-o", "b", "--as-of", CLAMPED[given]).exit_code == 0
    assert (work / "a" / "status.json").read_bytes() == (work / "b" / "status.json").read_bytes()


def test_diff_clamps_the_as_of_like_every_other_command(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    isolate(monkeypatch, tmp_path)
    root, data = new_repo(tmp_path / "repo")
    shutil.rmtree(data)
    shutil.copytree(MINI, data)
    first = commit(root, "登记", "2022-05-01T10:00:00+08:00")
    result = cli("diff", first, "--data", str(data), "--as-of", "9999-12-31", "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr == notice("9999-12-31", "2022-12-31")
    assert json.loads(result.stdout)["as_of"] == "2022-12-31"


def test_check_keeps_its_own_date_for_the_submission_dates(cli: Run, work: Path):
    """check's --as-of is the day of checking (no report may be submitted after it): a
    December report submitted in January stays valid, so it is not clamped to the year."""
    late = work / "data" / "progress" / "2022-05" / "甲局.yaml"
    late.write_text(
        late.read_text(encoding="utf-8").replace("submitted: 2022-05-", "submitted: 2023-01-"),
        encoding="utf-8",
    )
    result = cli("check", "--data", "data", "--as-of", "2023-02-01")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


# ---- --period -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("2022q2", "2022Q2"),
        ("２０２２Ｑ２", "2022Q2"),
        ("２０２２", "2022"),
        ("２０２２－０６", "2022-06"),
    ],
)
def test_a_period_typed_with_full_width_digits_or_a_lowercase_q_is_read_with_a_notice(
    cli: Run, work: Path, typed: str, meant: str
):
    result = cli("bulletin", "--data", "data", "--period", typed)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"提示：--period「{typed}」已按「{meant}」理解\n"
    assert result.stdout == cli("bulletin", "--data", "data", "--period", meant).stdout


# ---- -o - -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("bulletin", "--data", "data", "--period", "2022Q2"),
        ("bulletin", "--data", "data", "--period", "2022Q2", "--format", "html"),
        ("export", "--data", "data", "--format", "csv", "--as-of", "2022-06-30"),
        ("schema", "--kind", "progress"),
    ],
)
def test_dash_as_the_output_is_stdout_for_text(cli: Run, work: Path, args: tuple[str, ...]):
    result = cli(*args, "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout == cli(*args).stdout and result.stdout
    assert not (work / "-").exists()


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (("export", "--data", "data", "--as-of", "2022-06-30"), "xlsx 工作簿是二进制文件，"),
        (("site", "--data", "data", "--as-of", "2022-06-30"), "网站是一个文件夹，"),
        (
            (
                "new-report",
                "--data",
                "data",
                "--unit",
                "县教委",
                "--month",
                "2022-06",
                "--format",
                "xlsx",
            ),
            "填报表是 xlsx 工作簿，",
        ),
    ],
)
def test_dash_as_the_output_is_refused_for_binary_outputs(
    cli: Run, work: Path, args: tuple[str, ...], what: str
):
    result = cli(*args, "-o", "-")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"用法错误：「-o -」表示输出到屏幕（标准输出），只能用于文字格式；{what}不能输出到屏幕，"
        "请用 -o 指定文件名\n"
    )
    assert result.stdout == "" and not (work / "-").exists()


# ---- long values in messages -----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("status", "--data", "data", "--as-of", "2022-06-30", "--unit"),
        ("new-report", "--data", "data", "--month", "2022-06", "--unit"),
        ("bulletin", "--data", "data", "--period"),
        ("status", "--data", "data", "--as-of"),
    ],
)
def test_a_thousand_character_option_value_is_shortened_in_the_message(
    cli: Run, work: Path, args: tuple[str, ...]
):
    value = "甲" * 995 + "局末尾五字"
    result = cli(*args, value)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("用法错误：")
    assert "（共 1000 字）" in result.stderr and "局末尾五字」" in result.stderr
    assert max(len(line) for line in result.stderr.splitlines()) < 400


# ---- outputs never go into the data folder ---------------------------------------------------


@pytest.mark.parametrize(
    ("target", "part"),
    [
        ("data/progress/2022-05/甲局.yaml", "进展报告文件夹 progress/"),
        ("data/progress/2022-06/new.md", "进展报告文件夹 progress/"),
        ("data/projects.yaml", "项目登记表 projects.yaml"),
        ("data/office.yaml", "办公室规则 office.yaml"),
        ("data/duban/actions/x.md", "督办记录文件夹 duban/"),
        ("DATA/Progress/../projects.yaml", "项目登记表 projects.yaml"),
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        ("bulletin", "--data", "data", "--period", "2022Q2", "--force", "-o"),
        ("export", "--data", "data", "--format", "csv", "--as-of", "2022-06-30", "--force", "-o"),
        ("export", "--data", "data", "--as-of", "2022-06-30", "--force", "-o"),
    ],
    ids=["bulletin", "export-csv", "export-xlsx"],
)
def test_an_output_into_the_data_folder_is_refused_even_with_force(
    cli: Run, work: Path, command: tuple[str, ...], target: str, part: str
):
    if target.startswith("DATA/"):  # the same folder under another name (a link; or case)
        (work / "DATA").symlink_to(work / "data", target_is_directory=True)
        (work / "data" / "Progress").symlink_to(work / "data" / "progress")
    before = snapshot(work / "data")
    result = cli(*command, target)
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"未写入：「{target}」属于数据文件夹「data」的{part}，不能写入输出（加 --force 也不行）；"
        "请把输出写到数据文件夹之外\n"
    )
    assert snapshot(work / "data") == before


def test_an_output_into_the_cache_is_refused(cli: Run, work: Path, monkeypatch: pytest.MonkeyPatch):
    cache = work / "cache"
    monkeypatch.setenv("MINSHENG_CACHE_DIR", str(cache))
    assert cli("check", "--data", "data").exit_code == 0
    (entry,) = cache.iterdir()
    result = cli("bulletin", "--data", "data", "--period", "2022Q2", "--force", "-o", str(entry))
    assert result.exit_code == 1
    assert "属于数据文件夹「data」的缓存文件夹，不能写入输出" in result.stderr


def test_a_site_inside_the_data_folder_is_refused(cli: Run, work: Path):
    result = cli("site", "--data", "data", "--as-of", "2022-06-30", "-o", "data/progress/site")
    assert result.exit_code == 1
    assert "属于数据文件夹「data」的进展报告文件夹 progress/" in result.stderr
    assert not (work / "data" / "progress" / "site").exists()


def test_outputs_beside_the_data_folder_are_fine(cli: Run, work: Path):
    """From the data repository's root: the repository is not the data folder."""
    assert cli("bulletin", "--data", "data", "--period", "2022Q2", "-o", "2022Q2.md").exit_code == 0
    assert cli("export", "--data", "data", "--as-of", "2022-06-30", "-o", "x.xlsx").exit_code == 0
    assert (work / "2022Q2.md").is_file() and (work / "x.xlsx").is_file()


def test_a_site_around_the_data_folder_never_deletes_a_data_file(cli: Run, work: Path):
    """A marker listing the registry with its very hash: still never deleted."""
    assert (
        cli("site", "--data", "data", "-o", ".", "--as-of", "2022-12-31", "--force").exit_code == 0
    )
    registry = work / "data" / "projects.yaml"
    report = work / "data" / "progress" / "2022-05" / "甲局.yaml"
    with (work / MARKER).open("a", encoding="utf-8") as marker:
        for path in (registry, report):
            marker.write(f"{digest(path.read_bytes())} {path.relative_to(work).as_posix()}\n")
    result = cli("site", "--data", "data", "-o", ".", "--as-of", "2022-06-30")
    assert result.exit_code == 0, result.output
    assert registry.is_file() and report.is_file()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }
