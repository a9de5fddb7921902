"""PDF: the Word bulletin opened by LibreOffice, the HTML bulletin printed by Chromium, and what
the command says when the browser is missing, fails or hangs.

LibreOffice tests skip when it is missing unless MINSHENG_REQUIRE_OFFICE=1, Chromium tests
unless MINSHENG_REQUIRE_BROWSER=1 (CI sets both).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from minsheng.render import pdf
from tests.conftest import DATA
from tests.test_bulletin import FIXTURE, bulletin_of
from tests.test_bulletin_browser import CHROMIUM_NAMES, need, pdf_page_count, pdf_title

REQUIRE_OFFICE = "MINSHENG_REQUIRE_OFFICE"


def pdf_text(path: Path, required_by: str) -> str:
    pdftotext = need("pdftotext", required_by=required_by)
    run = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], capture_output=True, timeout=60, check=True
    )
    return run.stdout.decode("utf-8")


def libreoffice_pdf(docx: Path, profile: Path) -> Path:
    """The document converted by LibreOffice headless, with a profile of its own per test."""
    soffice = need("soffice", "libreoffice", required_by=REQUIRE_OFFICE)
    run = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx.parent),
            str(docx),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    out = docx.with_suffix(".pdf")
    assert run.returncode == 0 and out.is_file(), run.stdout + run.stderr
    return out


def word_file(cli, folder: Path, data: Path, *args: str) -> Path:
    out = folder / "bulletin.docx"
    result = cli("bulletin", "--period", "2022Q2", "-o", str(out), "--data", str(data), *args)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.office
def test_libreoffice_opens_the_word_bulletin(cli, tmp_path):
    b = bulletin_of(FIXTURE, "2022Q2")
    out = libreoffice_pdf(word_file(cli, tmp_path, FIXTURE), tmp_path / "profile")
    text = pdf_text(out, REQUIRE_OFFICE)
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", b.title) in flat
    assert b.projects[0].lead in flat and b.lagging[0].units[0] in flat
    assert "一、总体情况" in flat and "县政府督查室2022年6月30日印发" in flat
    assert re.search(r"—\s*1\s*—", text)  # the page field, computed by LibreOffice
    assert pdf_page_count(out.read_bytes()) >= 2


@pytest.mark.office
def test_libreoffice_opens_a_bulletin_on_the_offices_reference(cli, tmp_path):
    import docx

    reference = docx.Document()
    for line in ("测试县人民政府督查室", "督查通报{期号}", "{标题}", "{正文}"):
        reference.add_paragraph(line)
    path = tmp_path / "reference.docx"
    reference.save(str(path))
    word = word_file(cli, tmp_path, DATA, "--reference-docx", str(path))
    text = re.sub(r"\s+", "", pdf_text(libreoffice_pdf(word, tmp_path / "profile"), REQUIRE_OFFICE))
    assert "测试县人民政府督查室督查通报2022年第2期" in text
    assert "【样例数据】" in text  # the shipped data is sample data, said on every page


def print_pdf(cli, tmp_path: Path, data: Path) -> Path:
    need(*CHROMIUM_NAMES)
    out = tmp_path / "bulletin.pdf"
    result = cli("bulletin", "--period", "2022Q2", "-o", str(out), "--data", str(data))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    return out


@pytest.mark.browser
def test_format_pdf_prints_the_html_bulletin_with_chromium(cli, tmp_path):
    document = print_pdf(cli, tmp_path, FIXTURE).read_bytes()
    assert document.startswith(b"%PDF-")
    assert pdf_title(document) == bulletin_of(FIXTURE, "2022Q2").title
    assert pdf_page_count(document) >= 2


@pytest.mark.browser
@pytest.mark.office  # pdftotext comes with poppler, installed beside LibreOffice
@pytest.mark.parametrize("data", [FIXTURE, DATA], ids=["fixture", "shipped"])
def test_the_printed_pdf_holds_the_title_and_page_numbers(cli, tmp_path, data):
    out = print_pdf(cli, tmp_path, data)
    text = pdf_text(out, REQUIRE_OFFICE)
    assert re.sub(r"\s+", "", bulletin_of(data, "2022Q2").title) in re.sub(r"\s+", "", text)
    pages = pdf_page_count(out.read_bytes())
    numbers = [int(n) for n in re.findall(r"—\s*(\d+)\s*—", text)]
    assert numbers == list(range(1, pages + 1))  # «— n —» at the foot of every page


def page_texts(path: Path) -> list[str]:
    """The text of each page, by pdftotext."""
    pdftotext = need("pdftotext", required_by=REQUIRE_OFFICE)
    pages = pdf_page_count(path.read_bytes())
    found = []
    for n in range(1, pages + 1):
        run = subprocess.run(
            [pdftotext, "-layout", "-f", str(n), "-l", str(n), str(path), "-"],
            capture_output=True,
            timeout=60,
            check=True,
        )
        found.append(run.stdout.decode("utf-8"))
    return found


@pytest.mark.browser
@pytest.mark.office  # pdftotext
def test_the_q2_tongbao_on_the_shipped_data_takes_at_most_four_pages_before_its_attachments(
    cli, tmp_path
):
    """A 公文 on A4 after GB/T 9704 (3号 仿宋, 22 lines): sections run on without page breaks,
    and the tables wait in the 附件, each of which starts a page."""
    pages = page_texts(print_pdf(cli, tmp_path, DATA))
    starts = [n for n, text in enumerate(pages, start=1) if text.lstrip().startswith("附件")]
    assert starts, "no page starts with an attachment's 「附件」 mark"
    body = starts[0] - 1
    assert 2 <= body <= 4, f"the body takes {body} pages"
    flat = [re.sub(r"\s+", "", text) for text in pages[:body]]
    assert "关于2022年城口县重点民生实事1—6月推进情况的通报" in flat[0]
    assert "一、总体情况" in flat[0]  # no page break before the first section either
    assert "县政府督查室县发展改革委2022年6月30日" in flat[body - 1]  # 落款 on the last
    assert [re.sub(r"\s+", "", text)[:3] for text in pages[body:]].count("附件1") == 1


# --- without a working browser: fake ones, no Chromium needed -------------------------------


def fake_browser(folder: Path, script: str) -> Path:
    path = folder / "chromium"
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def pdf_run(cli, tmp_path: Path, *args: str):
    out = tmp_path / "bulletin.pdf"
    return cli(
        "bulletin",
        "--period",
        "2022Q2",
        "--format",
        "pdf",
        "-o",
        str(out),
        "--data",
        str(FIXTURE),
        *args,
    ), out


def test_no_browser_on_path_is_told_in_chinese(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    result, out = pdf_run(cli, tmp_path)
    assert result.exit_code == 1
    assert (
        "未生成 PDF：生成 PDF 需要 Chromium 或 Google Chrome，但在 PATH 中没有找到" in result.stderr
    )
    assert "--browser" in result.stderr and not out.exists()
    missing, _ = pdf_run(cli, tmp_path, "--browser", str(tmp_path / "none"))
    assert missing.exit_code == 1
    assert f"--browser 指定的「{tmp_path / 'none'}」不存在或不是可执行程序" in missing.stderr


@pytest.mark.skipif(os.name != "posix", reason="the fake browser is a shell script")
def test_the_browser_is_found_on_path_and_run_offline_with_a_fresh_profile(
    cli, tmp_path, monkeypatch
):
    args = tmp_path / "args.txt"
    script = (
        f'printf "%s\\n" "$@" > {args}\n'
        'for a in "$@"; do case "$a" in --print-to-pdf=*) printf "%%PDF-1.4 fake" > "${a#--print-to-pdf=}";; esac; done'
    )
    fake_browser(tmp_path, script)
    monkeypatch.setenv("PATH", str(tmp_path))
    result, out = pdf_run(cli, tmp_path)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == b"%PDF-1.4 fake"
    given = args.read_text(encoding="utf-8").splitlines()
    assert set(pdf.FLAGS) <= set(given)
    (profile,) = [a for a in given if a.startswith("--user-data-dir=")]
    assert not Path(profile.split("=", 1)[1]).exists()  # removed afterwards
    assert given[-1].startswith("file://") and given[-1].endswith("bulletin.html")


@pytest.mark.skipif(os.name != "posix", reason="the fake browser is a shell script")
def test_a_failing_browser_is_told_with_its_exit_code(cli, tmp_path):
    browser = fake_browser(tmp_path, 'echo "[0101/1:ERROR] no display" >&2\nexit 3')
    result, out = pdf_run(cli, tmp_path, "--browser", str(browser))
    assert result.exit_code == 1
    assert (
        f"未生成 PDF：浏览器「{browser}」没有生成 PDF（退出码 3）：[0101/1:ERROR] no display"
        in result.stderr
    )
    assert not out.exists()


@pytest.mark.skipif(os.name != "posix", reason="the fake browser is a shell script")
def test_a_hanging_browser_is_stopped(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "TIMEOUT", 0.5)
    browser = fake_browser(tmp_path, "sleep 30 &\nwait")
    result, out = pdf_run(cli, tmp_path, "--browser", str(browser))
    assert result.exit_code == 1
    assert "浏览器在 0.5 秒内没有生成 PDF，已停止" in result.stderr
    assert not out.exists()
