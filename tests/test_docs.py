"""What the README and the manual in docs/ show is what the tool prints on the shipped data."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from tests.conftest import DATA, ROOT


def test_the_documented_bulletin_is_current(cli):
    result = cli("bulletin", "--data", str(DATA), "--period", "2022Q2")
    assert result.exit_code == 0
    shipped = (ROOT / "docs" / "bulletin-2022Q2.md").read_text(encoding="utf-8")
    assert result.stdout == shipped, (
        "docs/bulletin-2022Q2.md is stale: regenerate it with "
        "`minsheng bulletin --period 2022Q2 -o docs/bulletin-2022Q2.md --force` and the screenshot"
    )


def manual() -> str:
    """The README and every page of docs/, as one text."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(p.read_text(encoding="utf-8") for p in pages if p.name != "bulletin-2022Q2.md")


def test_the_manual_quotes_the_documented_bulletin():
    readme = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    shipped = (ROOT / "docs" / "bulletin-2022Q2.md").read_text(encoding="utf-8")
    opening = "\n".join(shipped.splitlines()[:12])
    assert opening in readme


def readme_block(after: str) -> list[str]:
    """The lines of the first fenced block after the paragraph starting with ``after``."""
    readme = manual()
    start = readme.index("```\n", readme.index(after)) + 4
    return readme[start : readme.index("```", start)].splitlines()


HASH = re.compile(r"\b[0-9a-f]{7}\b")


def test_the_readme_history_and_diff_examples_are_what_the_tool_prints(cli, tmp_path, monkeypatch):
    """The README's story: the sample data committed month by month, then a July figure
    changed on 10 September without a correction."""
    from tests.test_history import commit, edit, isolate

    isolate(monkeypatch, tmp_path)
    repo = tmp_path / "repo"
    (repo / "data" / "progress").mkdir(parents=True)
    git_init(repo)
    shutil.copy(DATA / "projects.yaml", repo / "data")
    shutil.copy(DATA / "office.yaml", repo / "data")
    commit(repo, "登记表", "2022-04-01T09:00:00+08:00", "发改委")
    for month in ("04", "05", "06", "07", "08", "09"):
        shutil.copytree(
            DATA / "progress" / f"2022-{month}", repo / "data/progress" / f"2022-{month}"
        )
        # The office's 督办 files of the month go in with it: the reports reply to them.
        for record in sorted((DATA / "duban").glob(f"*/2022-{month}-*.yaml")):
            target = repo / "data" / record.relative_to(DATA)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(record, target)
        commit(repo, f"2022年{month}月进展", f"2022-{month}-28T18:00:00+08:00", "各单位")
    report = repo / "data/progress/2022-07/县住房城乡建委.yaml"
    edit(report, "value: 3400", "value: 3900")
    commit(repo, "修改7月数字", "2022-09-10T10:00:00+08:00", "王五")

    history = cli("history", "--data", str(repo / "data"))
    assert history.exit_code == 0
    shown = HASH.sub("#######", history.stdout)
    for line in readme_block("例如把随附的样例数据按月提交"):
        assert HASH.sub("#######", line) in shown

    diff = cli("diff", "HEAD~3", "HEAD~2", "--data", str(repo / "data"))
    assert diff.exit_code == 0
    shown = HASH.sub("#######", diff.stdout)
    block = readme_block("版本可以是提交号")
    assert block[-1] == "…"
    for line in block[:-1]:
        assert HASH.sub("#######", line).rstrip() in shown


def git_init(repo: Path) -> None:
    from tests.test_history import git

    git(repo, "init", "-q", "-b", "main")


LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_the_guide_s_check_example_is_what_check_prints(cli, tmp_path, monkeypatch):
    """Run where the clerk runs it: in the repository, over its data folder."""
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    report = data / "progress" / "2022-05" / "县教委.yaml"
    text = report.read_text(encoding="utf-8")
    assert "submitted: 2022-05-25\n" in text and "value: 90.8\n" in text
    text = text.replace("submitted: 2022-05-25\n", "submited: 2022-05-25\n", 1)
    report.write_text(text.replace("value: 90.8\n", "value: 九十\n", 1), encoding="utf-8")
    result = cli("check")
    assert result.exit_code == 1
    documented = readme_block("`check` 把每个问题写成一行")
    assert len(documented) == 3
    assert [line for line in result.stdout.splitlines() if "县教委" in line] == documented


def test_the_readme_is_short_and_links_every_page_of_the_manual():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) < 8192
    pages = {p.name for p in (ROOT / "docs").glob("*.md")} - {"bulletin-2022Q2.md"}
    linked = {m.removeprefix("docs/").split("#")[0] for m in LINK.findall(readme)}
    assert pages <= linked


def test_every_link_in_the_manual_leads_somewhere_with_an_ascii_anchor():
    pages = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
    broken = []
    for page in pages:
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            path, _, anchor = target.partition("#")
            file = (page.parent / path).resolve() if path else page
            if not file.exists():
                broken.append(f"{page.name}: {target}")
            elif anchor and (
                not anchor.isascii() or f'id="{anchor}"' not in file.read_text(encoding="utf-8")
            ):
                broken.append(f"{page.name}: {target} (anchors are explicit <a id> in ASCII)")
    assert broken == []


SETUP = (
    "python -m pip install . && minsheng status",
    'python -m pip install -e ".[test]" && python -m pytest',
)


def readme_setup() -> list[str]:
    """The lines of the README's first fenced ``sh`` block."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```sh\n") + len("```sh\n")
    return readme[start : readme.index("```", start)].splitlines()


def test_the_readme_s_first_sh_block_is_the_two_set_up_commands():
    lines = readme_setup()
    assert [line.split("#")[0].strip() for line in lines] == list(SETUP)


def test_ci_runs_the_readme_s_set_up_commands_as_they_stand():
    """.ci/run takes the commands from the README (it does not carry a copy that could drift)
    and its own extraction finds exactly the README's two lines."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in SETUP:
        for part in command.split(" && "):
            assert part not in script
    extract = re.search(r"^mapfile -t setup < <\((.+)\)$", script, re.MULTILINE)
    assert extract, ".ci/run no longer reads the set-up commands from README.md"
    found = subprocess.run(
        ["bash", "-c", extract[1]], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert found.stdout.splitlines() == readme_setup()
    assert 'bash -eo pipefail -c "$line"' in script  # each line run as written
    assert script.index("MINSHENG_REQUIRE_BROWSER=1") < script.index('-c "$line"')
    assert script.index('-c "$line"') < script.index('pip install --quiet -e ".[dev]"')


EXCERPT = re.compile(r"<!-- bulletin (?P<args>[^>]*?) -->\n```markdown\n(?P<body>.*?)```", re.S)


def test_the_bulletin_kinds_excerpts_are_what_the_tool_prints(cli):
    """docs/bulletins.md quotes each kind of bulletin: every line is in the tool's output."""
    page = (ROOT / "docs" / "bulletins.md").read_text(encoding="utf-8")
    found = list(EXCERPT.finditer(page))
    kinds = {"tongbao"} | {m["args"].split("--kind ")[1] for m in found if "--kind" in m["args"]}
    assert kinds == {"tongbao", "table", "progress", "public", "assessment"}
    for m in found:
        result = cli("bulletin", "--data", str(DATA), *m["args"].split())
        assert result.exit_code == 0, result.output
        for line in m["body"].splitlines():
            assert line in result.stdout.splitlines(), (m["args"], line)


def test_the_documented_office_settings_load_and_show(cli, tmp_path):
    """The office.yaml example of docs/bulletins.md is valid and does what the page says."""
    page = (ROOT / "docs" / "bulletins.md").read_text(encoding="utf-8")
    at = page.index("```yaml\nbulletin:", page.index('<a id="office-settings">'))
    example = page[at + len("```yaml\n") : page.index("```", at + 8)]
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    office = data / "office.yaml"
    office.write_text(office.read_text(encoding="utf-8") + example, encoding="utf-8")
    assert cli("check", "--data", str(data)).exit_code == 0
    text = cli("bulletin", "--data", str(data), "--period", "2022Q2").stdout
    assert "督查通报〔2022〕第21期　城府督〔2022〕21号" in text
    assert "城口县人民政府督查室　城口县发展和改革委员会　　2022年7月8日" in text
    assert "各乡镇人民政府、街道办事处，县政府各部门：" in text
    assert "抄送：县委办公室，县人大常委会办公室。" in text
    assert "（此件不公开）" in text
    assert "不得迟报、漏报。" in text
    year = cli("bulletin", "--data", str(data), "--period", "2022").stdout
    assert "督查通报〔2022〕第30期" in year and "不得迟报" not in year
    assert "做好项目验收和资料归档。" in year
    assessment = cli(
        "bulletin", "--data", str(data), "--period", "2022", "--kind", "assessment"
    ).stdout
    assert "督查通报〔2022〕第31期" in assessment and "2023年1月20日" in assessment
