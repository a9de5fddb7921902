"""The web form in a real browser: headless Chromium through Debian's chromedriver, against
a real uvicorn on loopback. A clerk logs in, makes a mistake, sees the message beside the
field, fixes it and submits; the file and the commit are there; another unit is refused.
The screenshots are the ones in docs/web.md (rewritten with --update-golden)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from minsheng.serve.accounts import Account, Accounts, Role
from minsheng.serve.app import Settings
from tests.servedata import NEW_MONTH, TODAY, Running, git, repository
from tests.test_bulletin_browser import CHROMIUM_NAMES, need, selenium_chromium

pytestmark = [pytest.mark.server, pytest.mark.browser, pytest.mark.slow]

UNIT, OTHER = "县教委", "县交通局"
DOCS = Path(__file__).resolve().parents[1] / "docs"
SHOTS = ("web-login.png", "web-mistake.png", "web-submitted.png", "web-refused.png")


def test_a_clerk_fills_in_the_form_in_a_browser(tmp_path, update_golden):
    binary, driver_path = need(*CHROMIUM_NAMES), need("chromedriver")
    data = repository(tmp_path, without=(UNIT,))
    store = Accounts(tmp_path / "config" / "accounts.json")
    mine = store.add(Account("jw", Role.CLERK, UNIT, "张老师", "zhang@example.cn"))
    theirs = store.add(Account("jt", Role.CLERK, OTHER, "冉光明"))
    running = Running(Settings(data, store.path, b"b" * 32, lambda: TODAY))
    driver = selenium_chromium(binary, driver_path)
    driver.set_window_size(1100, 900)
    try:
        _walk_through(driver, running.url, mine, theirs, data, tmp_path)
    finally:
        driver.quit()
        running.stop()
    if update_golden:
        for name in SHOTS:
            shutil.copyfile(tmp_path / name, DOCS / name)


def _walk_through(driver, url: str, mine: str, theirs: str, data: Path, shots: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    def click(by: str, what: str) -> None:
        """Click and wait for the next page: a busy machine must not find the old one."""
        page = driver.find_element(By.TAG_NAME, "html")
        driver.find_element(by, what).click()
        WebDriverWait(driver, 30).until(expected_conditions.staleness_of(page))

    def log_in(login: str, password: str) -> None:
        driver.get(f"{url}/login")
        driver.find_element(By.ID, "login").send_keys(login)
        driver.find_element(By.ID, "password").send_keys(password)
        click(By.ID, "login-button")

    driver.get(f"{url}/login")
    driver.save_screenshot(str(shots / "web-login.png"))
    log_in("jw", mine)
    assert "县教委 · 应报送的报告" in driver.find_element(By.TAG_NAME, "h1").text
    click(By.CSS_SELECTOR, f'a[href$="/{NEW_MONTH}"]')

    reporter = driver.find_element(By.NAME, "header|reporter")
    reporter.send_keys("张老师")
    value = driver.find_element(By.NAME, "indicator:3-2|value")
    value.clear()
    value.send_keys("八十")
    click(By.ID, "submit")

    value = driver.find_element(By.NAME, "indicator:3-2|value")
    beside = driver.find_element(By.ID, f"{value.get_attribute('id')}-error")
    assert beside.text.startswith("「八十」不是数字")
    assert "invalid" in (value.get_attribute("class") or "")
    assert not (data / "progress" / NEW_MONTH / f"{UNIT}.yaml").exists()
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", value)
    driver.save_screenshot(str(shots / "web-mistake.png"))

    value.clear()
    value.send_keys("1.46")
    click(By.ID, "submit")
    done = driver.find_element(By.ID, "done").text
    assert done.startswith("已保存")
    driver.save_screenshot(str(shots / "web-submitted.png"))

    text = (data / "progress" / NEW_MONTH / f"{UNIT}.yaml").read_text(encoding="utf-8")
    assert "reporter: 张老师" in text
    head = git(data.parent, "log", "-1", "--format=%an <%ae>|%s").strip()
    assert head == f"张老师 <zhang@example.cn>|{UNIT} 2022年12月进展报告（网页填报）"
    assert git(data.parent, "show", "--stat", "--format=", "HEAD").count("|") == 1

    click(By.CSS_SELECTOR, "header form button")
    log_in("jt", theirs)
    driver.get(f"{url}/unit/{UNIT}/{NEW_MONTH}")
    assert "只能查看和填报本单位的报告" in driver.find_element(By.ID, "refused").text
    driver.save_screenshot(str(shots / "web-refused.png"))
