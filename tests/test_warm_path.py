"""A warm run (served from the cache) imports no pydantic, and gives byte for byte what the
validated path gives, for every command, on the shipped data and on generated data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT, cli_probe
from tests.test_benchmarks_generate import generate

# Every command that reads the data folder and writes to stdout, with its options.
COMMANDS: list[tuple[str, ...]] = [
    ("check", "--as-of", "2022-12-31"),
    ("check", "--as-of", "2022-12-31", "--format", "json"),
    ("status", "--as-of", "2022-06-30"),
    ("status", "--as-of", "2022-06-30", "--format", "json"),
    ("status", "--as-of", "2022-12-31", "--format", "csv"),
    ("status", "--as-of", "2022-06-30", "--project", "4"),
    ("deadlines", "--as-of", "2022-06-30", "--format", "json"),
    ("assess", "--format", "json"),
    ("bulletin", "--period", "2022Q2"),
    ("bulletin", "--period", "2022Q2", "--format", "html"),
    ("duban", "--as-of", "2022-06-30"),
    ("export", "--format", "csv", "--sheet", "indicators", "--as-of", "2022-06-30"),
]

WARM_PROBE = cli_probe(
    '"YAML-LOADED" if "yaml" in sys.modules else "NO-YAML"',
    '"PYDANTIC-LOADED" if any(m.split(".")[0] == "pydantic" for m in sys.modules) else "NO-PYDANTIC"',
)


def run(data: Path, cache: Path | None, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    if cache is None:
        env["MINSHENG_NO_CACHE"] = "1"
    else:
        env.pop("MINSHENG_NO_CACHE", None)
        env["MINSHENG_CACHE_DIR"] = str(cache)
    command = [sys.executable, "-c", WARM_PROBE, *args, "--data", str(data)]
    return subprocess.run(command, capture_output=True, env=env, cwd=ROOT, check=False)


def test_a_warm_status_reads_no_yaml(tmp_path: Path) -> None:
    """Not even for the late report's warning (the shipped data has one): the top-level
    positions the checks of every load point at come from the cache."""
    cache = tmp_path / "cache"
    args = ("status", "--as-of", "2022-06-30", "--format", "json")
    cold = run(DATA, cache, *args)
    assert cold.returncode == 0 and b"YAML-LOADED" in cold.stderr, cold.stderr.decode()
    warm = run(DATA, cache, *args)
    assert warm.returncode == 0, warm.stderr.decode()
    assert b"NO-YAML" in warm.stderr and warm.stdout == cold.stdout
    checked = run(DATA, cache, "check", "--as-of", "2026-12-02")
    assert checked.returncode == 0 and b"NO-YAML" in checked.stderr, checked.stderr.decode()
    assert b"late-report" in checked.stdout  # the warning, at its line and column
    validated = run(DATA, None, "check", "--as-of", "2026-12-02")
    assert checked.stdout == validated.stdout


def test_field_types_are_those_typing_finds() -> None:
    """The decoder's reading of the annotations equals ``typing.get_type_hints`` for every
    dataclass of the tool."""
    import dataclasses
    import importlib
    import pkgutil
    import typing

    import minsheng
    from minsheng.load.plain import field_types

    compared = 0
    for info in pkgutil.walk_packages(minsheng.__path__, "minsheng."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if isinstance(obj, type) and dataclasses.is_dataclass(obj):
                if obj.__module__ != module.__name__:
                    continue
                hints = typing.get_type_hints(obj)
                expected = {f.name: hints[f.name] for f in dataclasses.fields(obj)}
                assert field_types(obj) == expected, obj
                compared += 1
    assert compared > 200


def same_output(data: Path, cache: Path, args: tuple[str, ...]) -> None:
    # The first run with an empty cache folder is a cold one, validated by pydantic (as with
    # MINSHENG_NO_CACHE), and writes the entry the second run reads.
    validated = run(data, cache, *args)
    assert validated.stderr.decode().strip().endswith("PYDANTIC-LOADED"), args
    fast = run(data, cache, *args)
    assert fast.stderr.decode().strip().endswith("NO-PYDANTIC"), (args, fast.stderr)
    assert fast.returncode == validated.returncode, args
    assert fast.stdout == validated.stdout, args
    assert fast.stdout.strip(), args
    assert _told(fast.stderr) == _told(validated.stderr), args


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_the_fast_path_gives_the_validated_output_on_the_shipped_data(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    same_output(DATA, tmp_path / "cache", args)


@pytest.mark.slow
def test_the_fast_path_gives_the_validated_output_on_150_generated_projects(
    tmp_path: Path,
) -> None:
    data = generate(tmp_path / "data", "--projects", "150", "--seed", "1")
    for number, args in enumerate(COMMANDS):
        same_output(data, tmp_path / "cache" / str(number), args)


def _told(stderr: bytes) -> list[bytes]:
    """What a run told on stderr, without the probe's own lines."""
    return [line for line in stderr.splitlines() if b"PYDANTIC" not in line and b"YAML" not in line]
