"""A workbook saved again by another application imports the same: LibreOffice headless stands in
for WPS and Excel (each test with a profile of its own, so parallel runs do not collide).

Skips when LibreOffice is missing unless MINSHENG_REQUIRE_OFFICE=1 (CI sets it).
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from tests.test_bulletin_browser import need
from tests.test_bulletin_pdf import REQUIRE_OFFICE
from tests.test_import import SUBMITTED, made_book, month_latest, target
from tests.workbooks import fill, reporter, with_formula

pytestmark = pytest.mark.office


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return month_latest(tmp_path)


@pytest.fixture
def book(cli, data: Path, tmp_path: Path) -> Path:
    return made_book(cli, data, tmp_path)


CELLS = {
    **reporter("王晓东", SUBMITTED),
    ("#header", "phone"): "023-12345678",
    ("project:3", "progress"): "主体结构施工。\n完成投资1.2亿元。",
    ("project:3", "evidence"): "https://example.gov.cn/a\nhttps://example.gov.cn/b",
    ("indicator:3-1", "stage"): "建成",
    ("indicator:3-2", "value"): 1.2,
    ("indicator:3-2", "forecast"): 1.5,
    ("indicator:3-2", "forecast_by"): date(2022, 11, 30),
    ("item:7-1:咸宜幼儿园", "percent"): 30,
    ("indicator:12-12", "baseline"): 52.45,
}


def resaved(path: Path, profile: Path) -> Path:
    """``path`` opened and saved as .xlsx again by LibreOffice headless."""
    soffice = need("soffice", "libreoffice", required_by=REQUIRE_OFFICE)
    out = path.parent / "resaved"
    out.mkdir(exist_ok=True)
    run = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    again = out / path.name
    assert run.returncode == 0 and again.is_file(), run.stdout + run.stderr
    assert again.read_bytes() != path.read_bytes()
    return again


def _dry_run(cli, data: Path, path: Path) -> list[str]:
    result = cli("import", str(path), "--data", str(data), "--dry-run")
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()[1:]  # after the line naming the workbook


def test_a_workbook_saved_again_by_libreoffice_imports_the_same(cli, data, book, tmp_path):
    fill(book, CELLS)
    direct = _dry_run(cli, data, book)
    again = resaved(book, tmp_path / "profile")
    assert _dry_run(cli, data, again) == direct
    result = cli("import", str(again), "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "        value: 1.2  # 年初至今累计完成（亿元），目标 1.5亿元以上" in target(
        data
    ).read_text(encoding="utf-8")


def test_a_formula_libreoffice_calculated_is_imported_by_its_result(cli, data, book, tmp_path):
    fill(book, CELLS)
    with_formula(book, "F10", "0.5+0.7", None)
    refused = cli("import", str(book), "--data", str(data))
    assert refused.exit_code == 1  # openpyxl saves no result: there is nothing to import
    again = resaved(book, tmp_path / "profile")
    result = cli("import", str(again), "--data", str(data))
    assert result.exit_code == 0, result.output
    assert (
        f"  提示：{again} 填报!F10: 这里是公式「=0.5+0.7」，已按保存的计算结果「1.2」导入"
        in result.stdout
    )
    assert "        value: 1.2  #" in target(data).read_text(encoding="utf-8")
