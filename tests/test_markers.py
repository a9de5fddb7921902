"""The everyday run, ``pytest -m fast``, leaves out the long-running tests and keeps the rest."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def collected(*args: str) -> set[str]:
    """The test ids ``pytest --collect-only`` selects with ``args``."""
    found = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return {line for line in found.stdout.splitlines() if "::" in line}


def test_fast_leaves_out_fuzz_browser_and_office_tests_and_keeps_the_others():
    files = ("tests/test_fuzz.py", "tests/test_bulletin_pdf.py")
    everything = collected(*files)
    fast = collected("-m", "fast", *files)
    assert fast < everything
    assert not any(i.startswith("tests/test_fuzz.py") for i in fast)
    assert any(i.startswith("tests/test_fuzz.py") for i in everything)
    pdf = {i.split("::")[1].split("[")[0] for i in fast}
    # The office and browser tests of that file go; the ones with a fake browser stay.
    assert pdf == {
        "test_no_browser_on_path_is_told_in_chinese",
        "test_the_browser_is_found_on_path_and_run_offline_with_a_fresh_profile",
        "test_a_failing_browser_is_told_with_its_exit_code",
        "test_a_hanging_browser_is_stopped",
    }
