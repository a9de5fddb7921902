"""A bounded load test on loopback: a real uvicorn; every unit of the shipped data logs in
and submits its December report at once, twice over with different figures. Each unit ends
with one file and two commits, nothing is lost, nothing fails. The response times of the
form page and of the submit are printed beside the time of one `minsheng status` process
on the same data (printed, never asserted: the machine's speed is not the tool's)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from minsheng.serve.accounts import Account, Accounts, Role
from minsheng.serve.app import Settings
from tests.servedata import NEW_MONTH, TODAY, Running, csrf, form_values, git, repository

pytestmark = [pytest.mark.server, pytest.mark.slow]

ROUNDS = 2


def test_every_unit_submits_at_once_twice_over(tmp_path, capsys):
    data = repository(tmp_path)
    units = sorted(p.stem for p in (data / "progress" / NEW_MONTH).glob("*.yaml"))
    store = Accounts(tmp_path / "config" / "accounts.json")
    passwords = {u: store.add(Account(u, Role.CLERK, u, f"{u}填报人", "")) for u in units}
    running = Running(Settings(data, store.path, b"l" * 32, lambda: TODAY))
    before = len(git(data.parent, "log", "--format=%H").splitlines())
    timings: dict[str, list[float]] = {"form": [], "submit": []}
    try:
        for n in range(1, ROUNDS + 1):
            with ThreadPoolExecutor(max_workers=len(units)) as pool:
                jobs = [
                    pool.submit(_submit, running.url, u, passwords[u], n, timings) for u in units
                ]
                outcomes = [job.result() for job in jobs]
            assert outcomes == [(u, 200, "已保存") for u in units]
    finally:
        running.stop()
    log = git(data.parent, "log", "--format=%an|%s").splitlines()
    assert len(log) - before == ROUNDS * len(units)
    for unit in units:
        mine = [line for line in log if line.startswith(f"{unit}填报人|{unit} ")]
        assert len(mine) == ROUNDS, (unit, mine)
        text = (data / "progress" / NEW_MONTH / f"{unit}.yaml").read_text(encoding="utf-8")
        assert f"第{ROUNDS}轮填报" in text  # the last round is the one kept: no lost update
    assert git(data.parent, "status", "--porcelain") == ""
    status = _status_seconds(data)
    with capsys.disabled():
        print(f"\nload test: {len(units)} units × {ROUNDS} rounds on loopback")
        for what, times in timings.items():
            print(
                f"  {what:<6} p50 {_pct(times, 50) * 1000:7.1f} ms   p95 {_pct(times, 95) * 1000:7.1f} ms"
            )
        print(f"  one `minsheng status` process: {status * 1000:7.1f} ms")


def _submit(url: str, unit: str, password: str, n: int, timings: dict[str, list[float]]):
    with httpx.Client(base_url=url, timeout=60) as client:
        page = client.get("/login")
        client.post("/login", data={"csrf": csrf(page.text), "login": unit, "password": password})
        began = time.perf_counter()
        form = client.get(f"/unit/{unit}/{NEW_MONTH}")
        timings["form"].append(time.perf_counter() - began)
        assert form.status_code == 200, form.text
        values = form_values(form.text, f"/unit/{unit}/{NEW_MONTH}")
        for name in [k for k in values if k.endswith("|progress")]:
            values[name] = f"第{n}轮填报：{unit}本月工作进展。"
        for name in [k for k in values if k.endswith("|value") and _figure(values[k]) < 99]:
            # Figures grow from round to round: never lower than the round before.
            values[name] = f"{_figure(values[name]) + 0.1:.12g}"
        for name in [k for k in values if k.endswith("|phone")]:
            values[name] = f"023-5922000{n}"
        began = time.perf_counter()
        answer = client.post(f"/unit/{unit}/{NEW_MONTH}", data=values)
        timings["submit"].append(time.perf_counter() - began)
        said = "已保存" if "已保存" in answer.text else answer.text[-3000:]
        return unit, answer.status_code, said


def _figure(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 1e9  # blank or not a figure: left alone


def _pct(times: list[float], p: int) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[p - 1]


def _status_seconds(data: Path) -> float:
    command = [
        sys.executable,
        "-m",
        "minsheng",
        "status",
        "--as-of",
        TODAY.isoformat(),
        "--data",
        str(data),
    ]
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    elapsed = time.perf_counter() - began
    assert done.returncode == 0, done.stderr.decode()
    return elapsed
