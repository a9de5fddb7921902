"""A warm run (served from the cache) imports no pydantic, and gives byte for byte what the
validated path gives, for every command, on the shipped data and on generated data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT
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

WARM_PROBE = """
import sys
from minsheng.cli import main
sys.argv = ["minsheng", *sys.argv[1:]]
try:
    main()
except SystemExit as exit_:
    code = exit_.code
else:
    code = 0
sys.stdout.flush()
print("PYDANTIC-LOADED" if any(m.split(".")[0] == "pydantic" for m in sys.modules) else "NO-PYDANTIC", file=sys.stderr)
sys.exit(code)
"""


def run(data: Path, cache: Path | None, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    if cache is None:
        env["MINSHENG_NO_CACHE"] = "1"
    else:
        env.pop("MINSHENG_NO_CACHE", None)
        env["MINSHENG_CACHE_DIR"] = str(cache)
    command = [sys.executable, "-c", WARM_PROBE, *args, "--data", str(data)]
    return subprocess.run(command, capture_output=True, env=env, cwd=ROOT, check=False)


def test_a_warm_status_imports_no_pydantic(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args = ("status", "--as-of", "2022-06-30", "--format", "json")
    cold = run(DATA, cache, *args)
    assert cold.returncode == 0, cold.stderr.decode()
    assert cold.stderr.decode().strip().endswith("PYDANTIC-LOADED")  # the cold run validated
    warm = run(DATA, cache, *args)
    assert warm.returncode == 0, warm.stderr.decode()
    assert warm.stderr.decode().strip().endswith("NO-PYDANTIC")
    assert warm.stdout == cold.stdout and b'"projects"' in warm.stdout


def same_everywhere(data: Path, cache: Path) -> None:
    for number, args in enumerate(COMMANDS):
        # A cache folder of its own for each command: its first run is a cold one, validated
        # by pydantic (as with MINSHENG_NO_CACHE), and writes the entry the second run reads.
        folder = cache / str(number)
        validated = run(data, folder, *args)
        assert validated.stderr.decode().strip().endswith("PYDANTIC-LOADED"), args
        fast = run(data, folder, *args)
        assert fast.stderr.decode().strip().endswith("NO-PYDANTIC"), (args, fast.stderr)
        assert fast.returncode == validated.returncode, args
        assert fast.stdout == validated.stdout, args
        assert fast.stdout.strip(), args
        strip = [line for line in fast.stderr.splitlines() if b"PYDANTIC" not in line]
        assert strip == [line for line in validated.stderr.splitlines() if b"PYDANTIC" not in line]


def test_the_fast_path_gives_the_validated_output_on_the_shipped_data(tmp_path: Path) -> None:
    same_everywhere(DATA, tmp_path / "cache")


@pytest.mark.slow
def test_the_fast_path_gives_the_validated_output_on_150_generated_projects(
    tmp_path: Path,
) -> None:
    data = generate(tmp_path / "data", "--projects", "150", "--seed", "1")
    same_everywhere(data, tmp_path / "cache")
