"""PDF: an HTML page printed by headless Chromium (its print style sets A4 and the page numbers).

Chromium runs offline and as root if need be: no sandbox (it refuses to start as root
with one), no GPU, no first-run, sync, component or background network traffic, and a
fresh profile in a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..text import fmt

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-breakpad",
    "--disable-dev-shm-usage",
    "--no-pdf-header-footer",
)
TIMEOUT = 120.0  # seconds; a bulletin prints in two or three


class PdfError(Exception):
    """No PDF: the message says why, in Chinese."""


def find_browser(given: Path | None, search_path: str | None) -> Path:
    """``given`` (--browser), else the first of ``BROWSERS`` on ``search_path`` (PATH)."""
    if given is not None:
        if given.is_file() and os.access(given, os.X_OK):
            return given
        raise PdfError(f"--browser 指定的「{given}」不存在或不是可执行程序")
    for name in BROWSERS:
        found = shutil.which(name, path=search_path)
        if found:
            return Path(found)
    raise PdfError(
        f"生成 PDF 需要 Chromium 或 Google Chrome，但在 PATH 中没有找到（{'、'.join(BROWSERS)}）；"
        "请安装 Chromium（Debian/Ubuntu：apt install chromium），或用 --browser 指定浏览器程序的路径。"
        "也可以先生成 HTML（--format html），在浏览器中打印为 PDF。"
    )


def html_to_pdf(html: str, browser: Path, timeout: float | None = None) -> bytes:
    """The page printed to PDF by ``browser``, or a ``PdfError`` saying what went wrong."""
    limit = TIMEOUT if timeout is None else timeout
    with tempfile.TemporaryDirectory(prefix="minsheng-pdf-") as folder:
        work = Path(folder)
        page, out = work / "bulletin.html", work / "bulletin.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            str(browser),
            *FLAGS,
            f"--user-data-dir={work / 'profile'}",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        code, errors = _run(command, limit)
        data = out.read_bytes() if out.is_file() else b""
    if code != 0 or not data.startswith(b"%PDF-"):
        detail = "；".join(errors.strip().splitlines()[-3:]) or "没有输出"
        raise PdfError(f"浏览器「{browser}」没有生成 PDF（退出码 {code}）：{detail}")
    return data


def _run(command: list[str], timeout: float) -> tuple[int, str]:
    """Run the browser in a process group of its own, so a timeout ends its helpers too."""
    posix = os.name == "posix"
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=posix,
        )
    except OSError as exc:
        raise PdfError(f"无法启动浏览器「{command[0]}」：{exc.strerror or exc}") from exc
    try:
        _out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(process, posix)
        raise PdfError(f"浏览器在 {fmt.number(timeout)} 秒内没有生成 PDF，已停止") from None
    return process.returncode, err.decode("utf-8", errors="replace")


def _stop(process: subprocess.Popen[bytes], posix: bool) -> None:
    with contextlib.suppress(OSError):
        if posix:
            os.killpg(process.pid, signal.SIGKILL)
        else:  # no process groups: the browser itself, its helpers end with it
            process.kill()
    process.communicate()
