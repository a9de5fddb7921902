"""What the README shows is what the tool prints on the shipped data."""

from __future__ import annotations

from tests.conftest import DATA, ROOT


def test_the_documented_bulletin_is_current(cli):
    result = cli("bulletin", "--data", str(DATA), "--period", "2022Q2")
    assert result.exit_code == 0
    shipped = (ROOT / "docs" / "bulletin-2022Q2.md").read_text(encoding="utf-8")
    assert result.stdout == shipped, (
        "docs/bulletin-2022Q2.md is stale: regenerate it with "
        "`minsheng bulletin --period 2022Q2 -o docs/bulletin-2022Q2.md --force` and the screenshot"
    )


def test_the_readme_quotes_the_documented_bulletin():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shipped = (ROOT / "docs" / "bulletin-2022Q2.md").read_text(encoding="utf-8")
    opening = "\n".join(shipped.splitlines()[:12])
    assert opening in readme
