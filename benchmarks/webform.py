#!/usr/bin/env python3
"""Time the web form's requests in one process, for the benchmark's web form rows.

    python benchmarks/webform.py --data D --unit U --month M --today YYYY-MM-DD \\
        --requests N --work W

Copies the data folder D into a git repository under W (without U's report for M, if any),
makes a clerk's account for U as ``tests/test_serve*.py`` do, builds the Starlette app of
``minsheng.serve`` with a cache folder (as ``minsheng serve`` has one) and sends it requests
through Starlette's ``TestClient``, in process: N rounds of a GET of the login page (the
floor), a GET of the clerk's form page for U and M and a POST submitting it, each round with
other texts and figures a little higher than the last (so each submit checks, writes and
commits the report, as a clerk's edit does). The form page is timed on a warm cache: an
untimed GET before it reads the folder the last submit changed. One untimed round goes
first. Prints the seconds of each timed request as JSON: ``{"login": [...], "form": [...],
"submit": [...]}``. Run it with the measured tool on ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote

import httpx
from starlette.testclient import TestClient

from minsheng.serve.accounts import Account, Accounts, Role
from minsheng.serve.app import Settings, build_app

LOGIN = "clerk"


class Form(HTMLParser):
    """The values a browser would post with the form whose action is ``action``."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.values: dict[str, str] = {}
        self.inside = self.found = False  # in that form; seen it
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = unquote(a.get("action", "")) == self.action and not self.found
            self.found = self.found or self.inside
        if not self.inside or "disabled" in a:
            return
        if tag == "input" and "name" in a:
            self.values[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
            self.values.setdefault(self._select or "", "")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")
        elif tag == "textarea" and "name" in a:
            self._textarea = a["name"]
            self.values[a["name"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self.inside and self._textarea:
            self.values[self._textarea] += data


def form_values(html: str, action: str) -> dict[str, str]:
    parser = Form(action)
    parser.feed(html)
    if not parser.found:
        raise SystemExit(f"no form posting to {action}")
    return parser.values


def csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    if match is None:
        raise SystemExit("the login page has no CSRF token")
    return match[1]


def repository(data: Path, work: Path, unit: str, month: str) -> Path:
    """A git repository holding a copy of ``data`` less ``unit``'s report for ``month``."""
    root = work / "repo"
    copy = root / "data"
    shutil.copytree(data, copy)
    (copy / "progress" / month / f"{unit}.yaml").unlink(missing_ok=True)
    git = ["git", "-c", "user.name=办公室", "-c", "user.email=office@example.cn"]
    subprocess.run([*git, "init", "-q", str(root)], check=True)
    subprocess.run([*git, "-C", str(root), "add", "."], check=True)
    subprocess.run([*git, "-C", str(root), "commit", "-qm", "数据"], check=True)
    return copy


def figure(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def edited(values: dict[str, str], n: int) -> dict[str, str]:
    """What the clerk changes in round ``n``: the texts, and figures a little higher."""
    values = dict(values)
    values["header|reporter"] = "填报人"
    for name in [k for k in values if k.endswith("|progress")]:
        values[name] = f"第{n}轮填报：本月工作进展。"
    for name in [k for k in values if k.endswith("|value")]:
        value = figure(values[name])
        if value is not None and value < 99:  # never lower than the round before
            values[name] = f"{value + 0.1 * n:.12g}"
    return values


def timed(request: Callable[[], httpx.Response]) -> tuple[float, httpx.Response]:
    began = time.perf_counter()
    answer = request()
    return time.perf_counter() - began, answer


def text_of(page: httpx.Response) -> str:
    """The end of a page's text, for a failure's message."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text))[-300:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--unit", required=True)
    parser.add_argument("--month", required=True)
    parser.add_argument("--today", type=date.fromisoformat, required=True)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--work", type=Path, required=True)
    args = parser.parse_args()
    data = repository(args.data, args.work, args.unit, args.month)
    store = Accounts(args.work / "config" / "accounts.json")
    password = store.add(Account(LOGIN, Role.CLERK, args.unit, "填报人", ""))
    today = args.today
    settings = Settings(data, store.path, b"b" * 32, lambda: today, cache_dir=args.work / "cache")
    app = build_app(settings)
    floor = TestClient(app, follow_redirects=False)
    clerk = TestClient(app, follow_redirects=False)
    page = clerk.get("/login")
    answer = clerk.post(
        "/login", data={"csrf": csrf(page.text), "login": LOGIN, "password": password}
    )
    if answer.status_code != 303:
        raise SystemExit(f"login refused: {answer.status_code}")
    path = f"/unit/{quote(args.unit)}/{args.month}"
    action = f"/unit/{args.unit}/{args.month}"
    times: dict[str, list[float]] = {"login": [], "form": [], "submit": []}
    for n in range(args.requests + 1):  # round 0 is untimed
        took, _ = timed(partial(floor.get, "/login"))
        clerk.get(path)  # the first load after a submit reads the changed folder (cache miss)
        took_form, form = timed(partial(clerk.get, path))
        if form.status_code != 200:
            raise SystemExit(f"form page: {form.status_code} {text_of(form)}")
        values = edited(form_values(form.text, action), n + 1)
        took_submit, done = timed(partial(clerk.post, path, data=values))
        if "已保存" not in done.text:
            raise SystemExit(f"submit not saved ({done.status_code}): {text_of(done)}")
        if n:
            times["login"].append(took)
            times["form"].append(took_form)
            times["submit"].append(took_submit)
    print(json.dumps(times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
