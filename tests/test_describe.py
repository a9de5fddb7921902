"""What an indicator or checklist item has actually reached is worded once
(``minsheng.views.describe``) and every output shows that wording."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import DATA


def _rows(text: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))


def test_a_checklist_item_shows_its_image_progress_in_status_and_export(cli):
    # 2022-05: 三塘坝立体停车场 reported 未启动 with 形象进度 50%.
    status = cli("status", "--data", str(DATA), "--as-of", "2022-05-31", "--project", "4")
    assert status.exit_code == 0, status.output
    row = next(line for line in status.stdout.splitlines() if "三塘坝立体停车场" in line)
    assert "未启动（形象进度50%）" in row

    export = cli(
        "export", "--data", str(DATA), "--as-of", "2022-05-31", "--format", "csv",
        "--sheet", "indicators",
    )  # fmt: skip
    assert export.exit_code == 0, export.output
    (item,) = [r for r in _rows(export.stdout_bytes) if r["清单项"] == "三塘坝立体停车场"]
    assert item["实际"] == "未启动（形象进度50%）"


def test_bulletin_status_export_and_site_word_an_item_alike(cli, tmp_path):
    # 2022-05: 太和二路片区 reported 未启动 with 形象进度 40%, and it lags a little.
    wording = "未启动（形象进度40%）"
    bulletin = cli("bulletin", "--data", str(DATA), "--period", "2022-05")
    assert bulletin.exit_code == 0
    lag = next(line for line in bulletin.stdout.splitlines() if "太和二路片区" in line)
    assert f"| {wording} |" in lag

    status = cli("status", "--data", str(DATA), "--as-of", "2022-05-31", "--project", "8")
    row = next(line for line in status.stdout.splitlines() if "· 太和二路片区" in line)
    assert wording in row

    export = cli(
        "export", "--data", str(DATA), "--as-of", "2022-05-31", "--format", "csv",
        "--sheet", "indicators",
    )  # fmt: skip
    (item,) = [r for r in _rows(export.stdout_bytes) if r["清单项"] == "太和二路片区"]
    assert item["实际"] == wording

    site = tmp_path / "site"
    assert cli("site", "--data", str(DATA), "--as-of", "2022-05-31", "-o", str(site)).exit_code == 0
    page = (site / "projects" / "08.html").read_text(encoding="utf-8")
    assert f"<td>{wording}</td>" in page


def test_a_qualitative_indicator_shows_the_score_given(cli):
    # 2022-06: the reviewer gave 9-1 a score of 86 (completion 86 ÷ 90 = 95.6%).
    status = cli("status", "--data", str(DATA), "--as-of", "2022-06-30", "--project", "9")
    assert status.exit_code == 0, status.output
    row = next(line for line in status.stdout.splitlines() if "9-1" in line and "定性" in line)
    assert "86分（督查评价）" in row and "95.6%" in row
    assert "95.56分" not in status.stdout


def test_a_year_end_score_above_the_pass_mark_is_not_shown_as_100(cli):
    status = cli(
        "status", "--data", str(DATA), "--as-of", "2022-12-31", "--project", "9",
        "--format", "json",
    )  # fmt: skip
    assert status.exit_code == 0, status.output
    (project,) = json.loads(status.stdout)["projects"]
    shown = {i["id"]: i["actual"] for i in project["indicators"]}
    assessed = cli("assess", "--data", str(DATA), "--format", "json")
    scores = {p["id"]: p["review"] for p in json.loads(assessed.stdout)["projects"]}
    assert all(value < 100 for value in shown.values()), shown
    assert round(sum(shown.values()) / len(shown), 1) == scores[9]
    table = cli("status", "--data", str(DATA), "--as-of", "2022-12-31", "--project", "9")
    for value in shown.values():
        assert f"{value:g}分（督查评价）" in table.stdout
    assert "100分" not in table.stdout
