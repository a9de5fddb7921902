"""A served copy of the shipped data for the web form's tests: a git repository, accounts
outside it, and a browser-like client that reads a page's forms."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from tests.conftest import DATA

TODAY = date(2022, 12, 28)  # the shipped data's December reports are all in by then
NEW_MONTH = "2022-12"


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def repository(tmp: Path, *, without: tuple[str, ...] = ()) -> Path:
    """A git repository holding a copy of the shipped data, less the reports ``without``
    (units whose December report is not in yet); returns the data folder."""
    root = tmp / "repo"
    data = root / "data"
    shutil.copytree(DATA, data)
    for unit in without:
        (data / "progress" / NEW_MONTH / f"{unit}.yaml").unlink()
    git(tmp, "init", "-q", str(root))
    git(root, "add", ".")
    git(
        root,
        "-c",
        "user.name=办公室",
        "-c",
        "user.email=office@example.cn",
        "commit",
        "-qm",
        "数据",
    )
    return data


class _Forms(HTMLParser):
    """Every form of a page: its action and the values a browser would post."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append((a.get("action", ""), {}))
        elif not self.forms or "disabled" in a:
            return
        values = self.forms[-1][1]
        if tag == "input" and "name" in a:
            values[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
            values.setdefault(self._select or "", "")
        elif tag == "option" and self._select and "selected" in a:
            values[self._select] = a.get("value", "")
        elif tag == "textarea" and "name" in a:
            self._textarea = a["name"]
            values[a["name"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.forms[-1][1][self._textarea] += data


def form_values(html: str, action: str) -> dict[str, str]:
    parser = _Forms()
    parser.feed(html)
    found = [values for act, values in parser.forms if unquote(act) == action]
    assert found, f"no form posting to {action}"
    return dict(found[0])


def csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match[1]


def field_errors(html: str) -> dict[str, list[str]]:
    """The messages beside the inputs, by the input's name."""
    ids = dict(re.findall(r'id="(f-\d+)" name="([^"]+)"', html))
    found: dict[str, list[str]] = {}
    for anchor, message in re.findall(
        r'<p class="field-error" id="(f-\d+)-error">([^<]+)</p>', html
    ):
        found.setdefault(ids[anchor], []).append(message)
    return found


@dataclass
class People:
    """The accounts made for a test, with their passwords."""

    passwords: dict[str, str] = field(default_factory=dict)


class Running:
    """A real uvicorn serving the web form on a free loopback port, in a thread."""

    def __init__(self, settings: object, tls: tuple[Path, Path] | None = None) -> None:
        import socket
        import threading

        import uvicorn

        from minsheng.serve.app import Settings, build_app

        assert isinstance(settings, Settings)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = uvicorn.Config(
            build_app(settings),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            ssl_certfile=str(tls[0]) if tls else None,
            ssl_keyfile=str(tls[1]) if tls else None,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        import time

        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.02)
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)
