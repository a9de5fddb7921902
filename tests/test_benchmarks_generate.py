"""benchmarks/generate.py writes a valid, deterministic data folder with every indicator kind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from minsheng.models.registry import INDICATOR_KINDS
from tests.conftest import ROOT

GENERATOR = ROOT / "benchmarks" / "generate.py"


def generate(out: Path, *args: str) -> Path:
    command = [sys.executable, str(GENERATOR), "--out", str(out), *args]
    subprocess.run(command, check=True, capture_output=True)
    return out


def contents(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("n150") / "data", "--projects", "150")


def test_check_accepts_generated_data(cli, generated):
    result = cli("check", "--data", str(generated), "--as-of", "2022-12-31")
    assert result.exit_code == 0, result.output
    assert "检查通过" in result.stdout


def test_generation_is_deterministic(generated, tmp_path):
    again = generate(tmp_path / "again", "--projects", "150")
    assert contents(again) == contents(generated)


def test_every_indicator_kind_occurs(generated):
    registry = yaml.safe_load((generated / "projects.yaml").read_text(encoding="utf-8"))
    kinds = {ind["kind"] for project in registry["projects"] for ind in project["indicators"]}
    assert kinds == set(INDICATOR_KINDS)


def test_every_file_is_marked_as_sample(generated):
    files = contents(generated)
    assert len(files) > 1
    for name, raw in files.items():
        assert b"\nsample: true\n" in raw, name


def test_months_and_units_options(cli, tmp_path):
    data = generate(
        tmp_path / "small", "--projects", "40", "--months", "3", "--units", "7", "--seed", "2"
    )
    result = cli("check", "--data", str(data), "--as-of", "2022-12-31")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (data / "progress").iterdir()) == [
        "2022-01",
        "2022-02",
        "2022-03",
    ]
    assert all(len(list(month.iterdir())) == 7 for month in (data / "progress").iterdir())
