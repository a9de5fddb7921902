"""``minsheng serve`` itself: what it says before it listens (the network, HTTPS), the
options that do not go together, and HTTPS for real on loopback."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path

import httpx
import pytest

from minsheng.serve.accounts import Account, Accounts, Role
from minsheng.serve.app import Settings
from tests.conftest import DATA
from tests.servedata import TODAY, Running, csrf

pytestmark = [pytest.mark.server, pytest.mark.slow]


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """uvicorn.run replaced: what it would have been started with."""
    import uvicorn

    seen: dict[str, object] = {}

    def run(app: object, **options: object) -> None:
        seen.update(options, app=app)

    monkeypatch.setattr(uvicorn, "run", run)
    return seen


def test_serve_listens_on_loopback_by_default_and_says_where(cli, started, tmp_path):
    result = cli("serve", "--accounts", str(tmp_path / "a.json"))
    assert result.exit_code == 0, result.output
    assert started["host"] == "127.0.0.1" and started["port"] == 8000
    assert "网页填报已启动：http://127.0.0.1:8000/" in result.output
    assert "警告" not in result.output
    assert "还没有账号" in result.output
    assert "已停止。" in result.output  # uvicorn returns after Ctrl-C: a clean stop
    secret = tmp_path / "session-secret"
    assert secret.stat().st_mode & 0o777 == 0o600


def test_another_address_needs_host_and_is_warned_about(cli, started, tmp_path):
    result = cli(
        "serve", "--host", "0.0.0.0", "--port", "8080", "--accounts", str(tmp_path / "a.json")
    )
    assert result.exit_code == 0, result.output
    assert started["host"] == "0.0.0.0"
    assert "警告：正在监听 0.0.0.0，办公网络中的其他电脑都能访问本服务" in result.output
    assert "警告：未启用 HTTPS" in result.output


def test_https_with_a_certificate_and_its_key(cli, started, tmp_path):
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    cert.write_text("x"), key.write_text("x")
    result = cli(
        "serve",
        "--host",
        "192.168.1.10",
        "--certfile",
        str(cert),
        "--keyfile",
        str(key),
        "--accounts",
        str(tmp_path / "a.json"),
    )
    assert result.exit_code == 0, result.output
    assert started["ssl_certfile"] == str(cert) and started["ssl_keyfile"] == str(key)
    assert "https://192.168.1.10:8000/" in result.output
    assert "未启用 HTTPS" not in result.output


@pytest.mark.parametrize(
    ("args", "words"),
    (
        (("--certfile", "c.pem"), "--certfile 和 --keyfile 须同时给出"),
        (("--certfile", "nope.pem", "--keyfile", "nope.pem"), "找不到文件「nope.pem」"),
        (("--push",), "--push 需要数据文件夹在配置了远程仓库"),
        (("--accounts", "data/a.json"), "在数据文件夹中"),
    ),
)
def test_options_that_cannot_work_are_refused_before_listening(cli, started, tmp_path, args, words):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    args = tuple(a.replace("data/", f"{data}/") for a in args)
    result = cli("serve", "--data", str(data), *args)
    assert result.exit_code == 2
    assert words in result.output
    assert started == {}


def test_the_login_page_warns_when_exposed_without_https(tmp_path):
    from starlette.testclient import TestClient

    from minsheng.serve.app import build_app

    for exposed, tls, warned in ((True, False, True), (True, True, False), (False, False, False)):
        settings = Settings(
            DATA, tmp_path / "a.json", b"x" * 32, lambda: TODAY, exposed=exposed, tls=tls
        )
        page = TestClient(build_app(settings)).get("/login")
        assert ('id="insecure"' in page.text) is warned


def test_https_for_real_with_secure_cookies(tmp_path):
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl 未安装")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    store = Accounts(tmp_path / "conf" / "accounts.json")
    password = store.add(Account("fgw", Role.COORDINATOR))
    running = Running(Settings(DATA, store.path, b"t" * 32, lambda: TODAY, tls=True), (cert, key))
    try:
        trusted = ssl.create_default_context(cafile=str(cert))
        with httpx.Client(base_url=running.url, verify=trusted) as client:
            page = client.get("/login")
            answer = client.post(
                "/login",
                data={"csrf": csrf(page.text), "login": "fgw", "password": password},
                follow_redirects=False,
            )
    finally:
        running.stop()
    assert answer.status_code == 303
    assert "secure" in answer.headers["set-cookie"].lower()


def test_the_accounts_default_to_the_users_config_folder(monkeypatch, tmp_path):
    from minsheng.cli.serve import default_accounts

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert default_accounts() == Path(tmp_path) / "minsheng" / "accounts.json"


def test_ctrl_c_stops_the_server_cleanly(tmp_path):
    import signal
    import socket
    import sys
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "minsheng",
        "serve",
        "--data",
        str(DATA),
        "--port",
        str(port),
        "--accounts",
        str(tmp_path / "accounts.json"),
    ]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        deadline = time.monotonic() + 60
        while True:
            assert time.monotonic() < deadline, "the server did not answer"
            try:
                if httpx.get(f"http://127.0.0.1:{port}/login").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        server.send_signal(signal.SIGINT)
        _, err = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 0, err
    assert "网页填报已启动" in err
    assert err.rstrip().endswith("已停止。")
    assert "Traceback" not in err
