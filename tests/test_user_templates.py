"""A user's templates (``templates/`` beside the data, or ``--templates``) are confined to their
folder and rendered within a budget that scales with the data; every way they can fail is a
Chinese message naming the template and its line, exit 1, never a traceback or a hang.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from minsheng.render import sandbox, templating
from tests.conftest import ROOT, Run
from tests.test_bulletin import FIXTURE


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data repository: data/ and templates/ beside it, as the working folder."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURE, tmp_path / "data")
    (tmp_path / "templates").mkdir()
    return tmp_path


def bulletin(cli: Run, *extra: str) -> tuple[int, str, str]:
    result = cli("bulletin", "--data", "data", "--period", "2022Q2", *extra)
    return result.exit_code, result.stdout, result.stderr


# ---- confinement ------------------------------------------------------------------------------


def test_a_symlinked_template_is_refused_not_read(cli: Run, repo: Path):
    secret = repo / "secret.txt"
    secret.write_text("token: hunter2\n", encoding="utf-8")
    (repo / "templates" / "bulletin.md.j2").symlink_to(secret)
    code, out, err = bulletin(cli)
    assert code == 1
    assert err == (
        "模板「templates/bulletin.md.j2」经过符号链接「templates/bulletin.md.j2」，为安全起见不读取；"
        "请换成普通文件\n"
    )
    assert "hunter2" not in out + err


def test_a_template_folder_inside_that_is_a_symlink_out_is_refused(cli: Run, repo: Path):
    outside = repo / "elsewhere"
    outside.mkdir()
    (outside / "index.html.j2").write_text("{{ 1 }}", encoding="utf-8")
    (repo / "templates" / "site").symlink_to(outside, target_is_directory=True)
    result = cli("site", "--data", "data", "-o", "out", "--as-of", "2022-06-30")
    assert result.exit_code == 1
    assert re.fullmatch(
        r"模板「templates/site/\w+\.html\.j2」经过符号链接「templates/site」，为安全起见不读取；请换成普通文件\n",
        result.stderr,
    ), result.stderr
    assert not (repo / "out").exists()


def test_a_fifo_template_is_refused_without_blocking(cli: Run, repo: Path):
    os.mkfifo(repo / "templates" / "bulletin.md.j2")
    code, _, err = bulletin(cli)
    assert code == 1
    assert err.endswith("bulletin.md.j2」是命名管道（FIFO），不是普通文件，为安全起见不读取\n")


def test_the_templates_folder_beside_the_data_may_not_lead_out_of_the_repository(
    cli: Run, repo: Path, tmp_path_factory: pytest.TempPathFactory
):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "bulletin.md.j2").write_text("外部模板", encoding="utf-8")
    (repo / "templates").rmdir()
    (repo / "templates").symlink_to(outside, target_is_directory=True)
    code, out, err = bulletin(cli)
    assert code == 1
    assert "是指向数据仓库之外的符号链接，为安全起见不读取其中的模板" in err
    assert "外部模板" not in out
    # Named on the command line, the same folder is the user's choice:
    code, out, _ = bulletin(cli, "--templates", str(outside))
    assert (code, out) == (0, "外部模板\n")


def test_a_template_that_is_not_utf8_is_told_so(cli: Run, repo: Path):
    (repo / "templates" / "bulletin.md.j2").write_bytes("通报".encode("gbk"))
    code, _, err = bulletin(cli)
    assert code == 1
    assert err.endswith("bulletin.md.j2」不是 UTF-8 编码；请在编辑器中选择「UTF-8」编码另存\n")


# ---- every failure named, with its line ------------------------------------------------------

PREFIX = "{# 第一行 #}\n{{ b.title }}\n"  # the offending expression is on line 3
RUNTIME = {
    "division": ("{{ 1 / 0 }}", "除数为零"),
    "type": ("{{ 'a' + 1 }}", "类型不符"),
    "undefined": ("{{ no_such_thing }}", "变量「no_such_thing」没有定义"),
    "attribute": ("{{ b.no_such_field.x }}", "没有属性「no_such_field」"),
    "huge-range": (
        "{% for i in range(10**9) %}{% endfor %}",
        "参数 1000000000 过大（上限 1000000）",
    ),
    "range": ("{% for i in range(200000) %}{% endfor %}", "range() 的范围过大（沙箱上限 100000）"),
    "digits": ("{{ 10 ** 5000 }}", "数值过大（超过约 1200 位数字）"),
    "repeat": ("{{ 'x' * 10**10 }}", "生成的单个值过大"),
    "center": ("{{ 'x'|center(10**9) }}", "参数 1000000000 过大"),
    "width": ("{{ '{:>999999999}'.format(1) }}", "格式中的宽度或精度过大"),
    "percent": ("{{ '%0999999999d' % 1 }}", "格式中的宽度或精度过大"),
    "security": ("{{ ''.__class__.__mro__ }}", "沙箱"),
    "macro-recursion": ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "递归过深"),
    "include-itself": ("{% include 'bulletin.md.j2' %}", "递归过深"),
    "nested-loops": (
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
        "的运算步数超过上限",
    ),
    "output": ("{% for a in range(100000) %}{{ 'x' * 1000000 }}{% endfor %}", "生成的内容超过上限"),
    "buffered-output": (
        "{% macro m() %}{% for a in range(100000) %}{{ 'y' * 1000000 }}{% endfor %}{% endmacro %}{{ m() }}",
        "生成的内容超过上限",
    ),
    "set-block": (
        "{% set x %}{% for a in range(100000) %}{{ 'z' * 1000000 }}{% endfor %}{% endset %}",
        "生成的内容超过上限",
    ),
}


@pytest.mark.parametrize("case", sorted(RUNTIME))
def test_a_failing_template_is_named_with_its_line_and_exits_1(cli: Run, repo: Path, case: str):
    body, reason = RUNTIME[case]
    (repo / "templates" / "bulletin.md.j2").write_text(PREFIX + body + "\n", encoding="utf-8")
    code, _, err = bulletin(cli)
    assert code == 1, err
    where = re.escape("模板「templates/bulletin.md.j2」第 3 行无法生成：")
    assert re.fullmatch(f"{where}.*{re.escape(reason)}.*\n", err), err
    assert "Traceback" not in err


def test_a_five_thousand_digit_literal_is_a_syntax_error_with_its_line(cli: Run, repo: Path):
    (repo / "templates" / "bulletin.md.j2").write_text(
        PREFIX + "{{ " + "7" * 5000 + " }}\n", "utf-8"
    )
    code, _, err = bulletin(cli)
    assert code == 1
    assert err == "模板「templates/bulletin.md.j2」第 3 行有语法错误：数字的位数过多\n"


def test_a_syntax_error_is_told_in_chinese_with_its_line(cli: Run, repo: Path):
    (repo / "templates" / "bulletin.md.j2").write_text(PREFIX + "{% if %}\n", encoding="utf-8")
    code, _, err = bulletin(cli)
    assert code == 1
    assert err.startswith("模板「templates/bulletin.md.j2」第 3 行有语法错误：")
    assert "unexpected" not in err


def test_an_endless_template_ends_in_a_real_process_without_signals(repo: Path):
    """Nested loops that would run for hours: the budget ends them, in a separate process
    whose CPU time is capped (a hang would be killed, and fail the test)."""
    from tests.test_limits import run_bounded

    (repo / "templates" / "bulletin.md.j2").write_text(RUNTIME["nested-loops"][0], encoding="utf-8")
    proc, _ = run_bounded(
        "bulletin", "--data", str(repo / "data"), "--period", "2022Q2", seconds=60
    )
    assert proc.returncode == 1, proc.stderr
    assert "的运算步数超过上限" in proc.stderr and "Traceback" not in proc.stderr


# ---- the budget scales with the data -----------------------------------------------------------


def steps_template(steps: int) -> str:
    outer = steps // 100_000
    return f"{{% for a in range({outer}) %}}{{% for b in range(100000) %}}{{% endfor %}}{{% endfor %}}完成\n"


@pytest.mark.slow
def test_the_budget_grows_with_the_data(
    cli: Run, repo: Path, tmp_path_factory: pytest.TempPathFactory
):
    """Three million steps: too many for a 15-project bulletin, fine for a 1 500-project one."""
    small_limit, _ = sandbox.limits_for(size_of(repo / "data"))
    big = generated(tmp_path_factory, 1500)
    big_limit, _ = sandbox.limits_for(size_of(big))
    assert small_limit < 3_000_000 < big_limit
    (repo / "templates" / "bulletin.md.j2").write_text(steps_template(3_000_000), encoding="utf-8")
    code, _, err = bulletin(cli)
    assert code == 1 and "的运算步数超过上限" in err
    result = cli(
        "bulletin", "--data", str(big), "--period", "2022Q2", "--templates", str(repo / "templates")
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "完成\n"


@pytest.mark.slow
def test_a_1500_project_site_with_the_default_templates_as_user_templates_never_trips_it(
    cli: Run, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
):
    big = generated(tmp_path_factory, 1500)
    own = tmp_path / "own-templates"
    shutil.copytree(templating.packaged_templates(), own)
    result = cli(
        "site",
        "--data",
        str(big),
        "-o",
        str(tmp_path / "site"),
        "--as-of",
        "2022-12-31",
        "--templates",
        str(own),
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("已生成网站：")
    assert len(list((tmp_path / "site" / "projects").iterdir())) == 1500


_GENERATED: dict[int, Path] = {}


def generated(factory: pytest.TempPathFactory, projects: int) -> Path:
    if projects not in _GENERATED:
        out = factory.mktemp(f"generated-{projects}") / "data"
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "generate.py"),
                "--projects",
                str(projects),
                "--months",
                "3",
                "--out",
                str(out),
            ],
            check=True,
            capture_output=True,
        )
        _GENERATED[projects] = out
    return _GENERATED[projects]


def size_of(data: Path) -> int:
    from datetime import date

    from minsheng.load.folder import load

    result = load(data, date(2023, 1, 1))
    assert result.dataset is not None
    return templating.data_size(result.dataset)


# ---- huge values are refused before they are made: in a real process with its memory capped ----

BOUNDED = {
    # 'x' * 10**9 would need a gigabyte; refused before it is made, not by running out.
    "repeat": ("{{ 'x' * 10**9 }}", "生成的单个值过大"),
    # 100 000 copies of 100 KB of literal text in a macro's buffer: 20 GB unless counted.
    "literal-in-macro": (
        "{% macro m() %}{% for a in range(100000) %}"
        + "y" * 100_000
        + "{% endfor %}{% endmacro %}{{ m() }}",
        "本次生成的内容超过上限",
    ),
    # The same at the top level, streamed out: counted as it comes.
    "literal": (
        "{% for a in range(100000) %}" + "z" * 100_000 + "{% endfor %}",
        "本次生成的内容超过上限",
    ),
}


@pytest.mark.parametrize("case", sorted(BOUNDED))
def test_huge_output_is_refused_before_memory_runs_out(repo: Path, case: str):
    from tests.test_limits import run_bounded

    body, reason = BOUNDED[case]
    (repo / "templates" / "bulletin.md.j2").write_text(PREFIX + body + "\n", encoding="utf-8")
    proc, _ = run_bounded("bulletin", "--data", str(repo / "data"), "--period", "2022Q2")
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert proc.stderr.startswith("模板「templates/bulletin.md.j2」第 3 行无法生成："), proc.stderr
    assert reason in proc.stderr and "MemoryError" not in proc.stderr and "内存" not in proc.stderr


def test_the_budget_works_in_worker_threads_each_with_its_own(tmp_path: Path):
    """No signals: an endless template in one worker thread ends there, the other's renders."""
    import threading

    folder = tmp_path / "own"
    folder.mkdir()
    (folder / "endless.md.j2").write_text(RUNTIME["nested-loops"][0], encoding="utf-8")
    (folder / "fine.md.j2").write_text(
        "{% for a in range(1000) %}{% endfor %}好\n", encoding="utf-8"
    )
    env = templating.environment([folder, templating.packaged_templates()])
    results: dict[str, str] = {}

    def work(name: str) -> None:
        try:
            results[name] = templating.render(env, name)
        except sandbox.TemplateFailure as exc:
            results[name] = str(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in ("endless.md.j2", "fine.md.j2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert results["fine.md.j2"] == "好\n"
    assert "endless.md.j2」第 1 行无法生成：本次生成的运算步数超过上限" in results["endless.md.j2"]


# ---- which renders run in the sandbox ------------------------------------------------------------


@pytest.fixture
def sandbox_steps(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The attributes looked up through the sandbox (its ``getattr``), as they are."""
    looked_up: list[str] = []
    real = sandbox.Sandbox.getattr

    def counted(self: sandbox.Sandbox, obj: object, attribute: str) -> object:
        looked_up.append(attribute)
        return real(self, obj, attribute)

    monkeypatch.setattr(sandbox.Sandbox, "getattr", counted)
    return looked_up


def test_the_packaged_templates_render_without_the_sandbox(cli: Run, sandbox_steps: list[str]):
    env = templating.environment(templating.search_path(None, FIXTURE))
    assert not isinstance(env, sandbox.Sandbox)
    result = cli("bulletin", "--data", str(FIXTURE), "--period", "2022Q2")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (ROOT / "tests" / "golden" / "bulletin-2022Q2.md").read_text("utf-8")
    assert sandbox_steps == []


def test_a_user_template_including_a_packaged_one_runs_whole_in_the_sandbox(
    cli: Run, repo: Path, sandbox_steps: list[str]
):
    """The packaged _document.md.j2, included by the user's bulletin.md.j2, looks up the
    document's attributes through the sandbox; the user's own loop still hits the budget."""
    own = repo / "templates" / "bulletin.md.j2"
    own.write_text('{% include "_document.md.j2" %}', encoding="utf-8")
    code, out, err = bulletin(cli)
    assert code == 0, err
    assert out == (ROOT / "tests" / "golden" / "bulletin-2022Q2.md").read_text("utf-8")
    assert "meta" in sandbox_steps  # the packaged template's own lookups
    own.write_text('{% include "_document.md.j2" %}\n' + RUNTIME["nested-loops"][0], "utf-8")
    code, _, err = bulletin(cli)
    assert code == 1
    assert err.startswith(
        "模板「templates/bulletin.md.j2」第 2 行无法生成：本次生成的运算步数超过上限"
    )


def test_a_packaged_template_including_a_user_one_runs_in_the_sandbox(
    cli: Run, tmp_path: Path, sandbox_steps: list[str]
):
    """--templates overriding only what the packaged bulletin.md.j2 includes: the render is
    the user's, in the sandbox and within its budget."""
    own = tmp_path / "own"
    own.mkdir()
    (own / "_document.md.j2").write_text(
        "{{ b.title }}\n" + RUNTIME["nested-loops"][0], encoding="utf-8"
    )
    args = ("bulletin", "--data", str(FIXTURE), "--period", "2022Q2", "--templates", str(own))
    result = cli(*args)
    assert result.exit_code == 1
    assert "_document.md.j2」第 2 行无法生成：本次生成的运算步数超过上限" in result.stderr
    assert "title" in sandbox_steps


def test_with_a_user_folder_only_renders_that_load_its_templates_are_sandboxed(
    tmp_path: Path, sandbox_steps: list[str]
):
    folder = tmp_path / "own"
    folder.mkdir()
    (folder / "unrelated.md.j2").write_text("{{ b.title }}\n", encoding="utf-8")
    env = templating.environment([folder, templating.packaged_templates()])
    assert isinstance(env, sandbox.Sandbox)
    from tests.test_bulletin import bulletin_of
    from tests.test_bulletin import render as plain_render

    b = bulletin_of(FIXTURE, "2022Q2")
    doc_render = templating.render(env, "bulletin.md.j2", b=b, doc=_document(b), sample=b.sample)
    assert doc_render == plain_render(b, "md")
    assert sandbox_steps == []  # bulletin.md.j2 and _document.md.j2 are both the package's
    assert templating.render(env, "unrelated.md.j2", b=b) == f"{b.title}\n"
    assert sandbox_steps == ["title"]
    (folder / "_document.md.j2").write_text("{{ b.title }}\n", encoding="utf-8")
    fresh = templating.environment([folder, templating.packaged_templates()])
    assert templating.render(fresh, "bulletin.md.j2", b=b, doc=_document(b)) == f"{b.title}\n"
    assert sandbox_steps == ["title", "title"]


def _document(b: object) -> object:
    from minsheng.views.tongbao import Options, bulletin_document

    return bulletin_document(b, Options())  # type: ignore[arg-type]
