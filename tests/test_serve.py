"""The web form (minsheng serve) through its routes: every page for every role, every
refusal, and what a submission writes and commits."""

from __future__ import annotations

import json
import logging
import stat
from datetime import date
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from minsheng.serve.accounts import Account, Accounts, Role
from minsheng.serve.app import Settings, build_app
from tests.servedata import NEW_MONTH, TODAY, csrf, field_errors, form_values, git, repository

pytestmark = [pytest.mark.server, pytest.mark.slow]

UNIT, OTHER = "县教委", "县交通局"
PEOPLE = {
    "jw": (Role.CLERK, UNIT, "张老师", "zhang@example.cn"),
    "jw-2": (Role.CLERK, UNIT, "王老师", "wang@example.cn"),
    "jt": (Role.CLERK, OTHER, "冉光明", ""),
    "fgw": (Role.COORDINATOR, None, "发改委", ""),
    "dcs": (Role.SUPERVISOR, None, "督查室", ""),
    "ld": (Role.VIEWER, None, "县领导", ""),
}
OFFICE_PAGES = (
    "/reminders",
    "/reports",
    "/duban",
    "/acceptance",
    "/inspections",
    "/problems",
    "/download/workbook.xlsx",
)
READER_PAGES = ("/status", "/downloads", f"/download/bulletin/{NEW_MONTH}.md")
UNIT_PAGES = (f"/unit/{UNIT}", f"/unit/{UNIT}/{NEW_MONTH}")


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("config") / "minsheng" / "accounts.json"
    store = Accounts(path)
    passwords = {
        login: store.add(Account(login, role, unit, name, email))
        for login, (role, unit, name, email) in PEOPLE.items()
    }
    return path, passwords


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return repository(tmp_path, without=(UNIT,))


@pytest.fixture
def served(data: Path, people: tuple[Path, dict[str, str]]) -> Served:
    return Served(data, *people)


class Served:
    def __init__(self, data: Path, accounts: Path, passwords: dict[str, str]) -> None:
        self.data, self.passwords = data, passwords
        self.settings = Settings(data, accounts, b"s" * 32, lambda: TODAY)
        self.app = build_app(self.settings)

    def client(self, login: str | None = None) -> TestClient:
        client = TestClient(self.app, follow_redirects=False)
        if login is not None:
            page = client.get("/login")
            answer = client.post(
                "/login",
                data={"csrf": csrf(page.text), "login": login, "password": self.passwords[login]},
            )
            assert answer.status_code == 303, answer.text
        return client

    @property
    def report(self) -> Path:
        return self.data / "progress" / NEW_MONTH / f"{UNIT}.yaml"


def opened(client: TestClient, unit: str = UNIT, month: str = NEW_MONTH) -> dict[str, str]:
    page = client.get(f"/unit/{unit}/{month}")
    assert page.status_code == 200, page.text
    return form_values(page.text, f"/unit/{unit}/{month}")


def filled(values: dict[str, str], reporter: str = "张老师") -> dict[str, str]:
    return {**values, "header|reporter": reporter, "project:3|progress": "本月推进顺利。"}


def commits(data: Path) -> list[str]:
    return git(data.parent, "log", "--format=%an <%ae>|%s").splitlines()


# ---- who may see what ------------------------------------------------------------------------


@pytest.mark.parametrize("path", (*OFFICE_PAGES, *READER_PAGES, *UNIT_PAGES, "/"))
def test_anonymous_visitors_are_sent_to_the_login_page(served, path):
    answer = served.client().get(path)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login"


def test_anonymous_posts_are_refused(served):
    client = served.client()
    page = client.get("/login")
    answer = client.post(f"/unit/{UNIT}/{NEW_MONTH}", data={"csrf": csrf(page.text)})
    assert answer.status_code == 403
    assert "请先登录" in answer.text
    assert not served.report.exists()


@pytest.mark.parametrize("path", (*OFFICE_PAGES, "/status", "/downloads"))
def test_a_clerk_sees_none_of_the_office_pages(served, path):
    answer = served.client("jw").get(path)
    assert answer.status_code == 403
    assert "无权" in answer.text


@pytest.mark.parametrize("path", (f"/unit/{OTHER}", f"/unit/{OTHER}/{NEW_MONTH}"))
def test_a_clerk_never_reads_another_units_reports(served, path):
    answer = served.client("jw").get(path)
    assert answer.status_code == 403
    assert "只能查看和填报本单位的报告" in answer.text


def test_a_clerk_never_writes_another_units_report(served):
    client = served.client("jt")
    page = client.get(f"/unit/{OTHER}/{NEW_MONTH}")
    values = form_values(page.text, f"/unit/{OTHER}/{NEW_MONTH}")
    before = (served.data / "progress" / NEW_MONTH / f"{OTHER}.yaml").read_text(encoding="utf-8")
    answer = client.post(f"/unit/{UNIT}/{NEW_MONTH}", data=filled(values))
    assert answer.status_code == 403
    assert not served.report.exists()
    after = (served.data / "progress" / NEW_MONTH / f"{OTHER}.yaml").read_text(encoding="utf-8")
    assert after == before


@pytest.mark.parametrize("login", ("fgw", "dcs"))
@pytest.mark.parametrize("path", (*OFFICE_PAGES, *READER_PAGES, *UNIT_PAGES))
def test_the_office_reads_every_page(served, login, path):
    answer = served.client(login).get(path)
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize("login", ("fgw", "dcs"))
def test_the_office_reads_a_units_form_but_does_not_submit_it(served, login):
    client = served.client(login)
    page = client.get(f"/unit/{UNIT}/2022-06")
    assert page.status_code == 200
    assert 'id="submit"' not in page.text
    assert "只读" in page.text
    answer = client.post(f"/unit/{UNIT}/{NEW_MONTH}", data={"csrf": csrf(page.text)})
    assert answer.status_code == 403
    assert "只有本单位的填报人员可以提交报告" in answer.text


@pytest.mark.parametrize("path", READER_PAGES)
def test_a_viewer_reads_status_and_bulletins(served, path):
    assert served.client("ld").get(path).status_code == 200


@pytest.mark.parametrize("path", (*OFFICE_PAGES, *UNIT_PAGES))
def test_a_viewer_reads_nothing_else(served, path):
    answer = served.client("ld").get(path)
    assert answer.status_code == 403
    assert "无权" in answer.text


def test_a_viewer_is_not_offered_the_workbook(served):
    page = served.client("ld").get("/downloads")
    assert "/download/bulletin/2022Q2.docx" in page.text
    assert "/download/workbook.xlsx" not in page.text
    assert "/download/workbook.xlsx" in served.client("fgw").get("/downloads").text


@pytest.mark.parametrize(
    ("path", "words"),
    (
        ("/unit/不存在的单位", "没有这个责任单位"),
        (f"/unit/{UNIT}/2023-01", "不在报送期内"),
        (f"/unit/{UNIT}/..%2F..%2Fprojects", "找不到"),
        ("/download/bulletin/2099Q1.md", "没有这份通报"),
        ("/download/bulletin/2022Q1.exe", "没有这份通报"),
    ),
)
def test_paths_are_built_from_registry_names_only(served, path, words):
    answer = served.client("fgw").get(path)
    assert answer.status_code == 404
    assert words in answer.text


# ---- logging in ------------------------------------------------------------------------------


def test_a_wrong_password_is_refused_and_logins_are_rate_limited(served):
    client = served.client()
    token = csrf(client.get("/login").text)
    for _ in range(5):
        answer = client.post("/login", data={"csrf": token, "login": "jw", "password": "x"})
        assert answer.status_code == 401
        assert "登录名或密码不对" in answer.text
    right = {"csrf": token, "login": "jw", "password": served.passwords["jw"]}
    answer = client.post("/login", data=right)
    assert answer.status_code == 429
    assert "登录失败次数过多" in answer.text
    # Another account from the same address is not locked out by these five.
    other = {"csrf": token, "login": "jt", "password": served.passwords["jt"]}
    assert client.post("/login", data=other).status_code == 303


def test_a_login_without_the_csrf_token_is_refused(served):
    client = served.client()
    client.get("/login")
    answer = client.post("/login", data={"login": "jw", "password": served.passwords["jw"]})
    assert answer.status_code == 403
    assert "缺少校验码" in answer.text


def test_the_session_cookie_is_signed_httponly_and_samesite_strict(served):
    client = served.client()
    page = client.get("/login")
    answer = client.post(
        "/login", data={"csrf": csrf(page.text), "login": "jw", "password": served.passwords["jw"]}
    )
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie
    assert "secure" not in cookie  # plain HTTP on loopback: a Secure cookie would never return
    forged = TestClient(served.app, follow_redirects=False)
    forged.cookies.set("minsheng_session", "eyJsb2dpbiI6ICJmZ3cifQ==.forged.sig")
    assert forged.get("/status").status_code == 303


def test_logging_out_ends_the_session(served):
    client = served.client("jw")
    page = client.get(f"/unit/{UNIT}")
    assert client.post("/logout", data={"csrf": csrf(page.text)}).status_code == 303
    assert client.get(f"/unit/{UNIT}").status_code == 303


def test_a_reset_password_ends_the_sessions_made_with_the_old_one(served, tmp_path):
    accounts = tmp_path / "own" / "accounts.json"
    store = Accounts(accounts)
    password = store.add(Account("x", Role.COORDINATOR))
    own = Served(served.data, accounts, {"x": password})
    client = own.client("x")
    assert client.get("/status").status_code == 200
    Accounts(accounts).reset("x")
    assert client.get("/status").status_code == 303


def test_the_access_log_names_the_account_and_never_a_password(served, caplog):
    with caplog.at_level(logging.INFO, logger="minsheng.serve.access"):
        served.client("jw").get(f"/unit/{UNIT}")
    lines = [r.getMessage() for r in caplog.records if r.name == "minsheng.serve.access"]
    assert any(f"jw GET /unit/{UNIT} 200" in line for line in lines), lines
    assert any("POST /login 303" in line for line in lines), lines
    assert not any(served.passwords["jw"] in line for line in lines)


# ---- submitting --------------------------------------------------------------------------


def test_a_mistake_is_told_beside_its_field_and_nothing_is_written(served):
    client = served.client("jw")
    values = filled(opened(client))
    values["header|reporter"] = ""
    values["indicator:3-2|value"] = "八十"
    answer = client.post(f"/unit/{UNIT}/{NEW_MONTH}", data=values)
    assert answer.status_code == 422
    errors = field_errors(answer.text)
    assert errors["header|reporter"] == ["「填报人」不能为空"]
    assert errors["indicator:3-2|value"] == [
        "「八十」不是数字：请只写数字，如 92 或 1.5（不要带单位、百分号或逗号）"
    ]
    assert "未保存" in answer.text
    assert not served.report.exists()
    assert len(commits(served.data)) == 1


def test_an_accepted_submission_is_written_checked_and_committed(served, cli):
    client = served.client("jw")
    answer = client.post(f"/unit/{UNIT}/{NEW_MONTH}", data=filled(opened(client)))
    assert answer.status_code == 200, field_errors(answer.text)
    assert "已保存" in answer.text
    text = served.report.read_text(encoding="utf-8")
    assert "reporter: 张老师" in text
    assert "本月推进顺利。" in text
    log = commits(served.data)
    assert log[0] == f"张老师 <zhang@example.cn>|{UNIT} 2022年12月进展报告（网页填报）"
    assert git(served.data.parent, "status", "--porcelain") == ""
    result = cli("check", "--data", str(served.data))
    assert result.exit_code == 0, result.output


def test_the_same_submission_again_changes_nothing(served):
    client = served.client("jw")
    first = client.post(f"/unit/{UNIT}/{NEW_MONTH}", data=filled(opened(client)))
    assert first.status_code == 200
    again = client.post(f"/unit/{UNIT}/{NEW_MONTH}", data=opened(client))
    assert again.status_code == 200
    assert "无变化" in again.text
    assert len(commits(served.data)) == 2


def test_an_edit_shows_what_was_submitted_and_commits_again(served):
    client = served.client("jw")
    client.post(f"/unit/{UNIT}/{NEW_MONTH}", data=filled(opened(client)))
    values = opened(client)
    assert values["header|reporter"] == "张老师"
    assert values["project:3|progress"] == "本月推进顺利。"
    values["project:3|progress"] = "补充：已完成验收准备。"
    answer = client.post(f"/unit/{UNIT}/{NEW_MONTH}", data=values)
    assert answer.status_code == 200
    assert "补充：已完成验收准备。" in served.report.read_text(encoding="utf-8")
    assert len(commits(served.data)) == 3


def test_a_lower_figure_needs_a_correction_reason(served):
    client = served.client("jw")
    values = filled(opened(client))
    values["indicator:3-2|value"] = "1"
    answer = client.post(f"/unit/{UNIT}/{NEW_MONTH}", data=values)
    assert answer.status_code == 422
    messages = field_errors(answer.text)["indicator:3-2|value"]
    assert any("更正说明" in m for m in messages), messages
    values["indicator:3-2|correction"] = "前期统计口径有误，现予更正"
    assert client.post(f"/unit/{UNIT}/{NEW_MONTH}", data=values).status_code == 200


def test_two_clerks_of_one_unit_one_wins_the_other_is_told_to_reload(served):
    first, second = served.client("jw"), served.client("jw-2")
    mine, theirs = filled(opened(first)), filled(opened(second), "王老师")
    assert first.post(f"/unit/{UNIT}/{NEW_MONTH}", data=mine).status_code == 200
    answer = second.post(f"/unit/{UNIT}/{NEW_MONTH}", data=theirs)
    assert answer.status_code == 409
    assert "已被他人" in answer.text
    assert 'id="reload"' in answer.text
    assert "reporter: 张老师" in served.report.read_text(encoding="utf-8")
    # After reloading, the second clerk's edit goes in over the first one's.
    again = {**opened(second), "header|reporter": "王老师"}
    assert second.post(f"/unit/{UNIT}/{NEW_MONTH}", data=again).status_code == 200
    assert "reporter: 王老师" in served.report.read_text(encoding="utf-8")


def test_a_stale_version_of_an_existing_report_is_a_conflict(served):
    client = served.client("jw")
    values = opened(client, UNIT, "2022-11")
    path = served.data / "progress" / "2022-11" / f"{UNIT}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# 改过\n", encoding="utf-8")
    git(served.data.parent, "commit", "-qam", "改过", "--author=x <x@x>")
    values["project:3|progress"] = "新的进展。"
    answer = client.post(f"/unit/{UNIT}/2022-11", data=values)
    assert answer.status_code == 409
    assert path.read_text(encoding="utf-8").endswith("# 改过\n")


def test_a_submission_without_the_csrf_token_is_refused(served):
    client = served.client("jw")
    values = filled(opened(client))
    del values["csrf"]
    answer = client.post(f"/unit/{UNIT}/{NEW_MONTH}", data=values)
    assert answer.status_code == 403
    assert "缺少校验码" in answer.text
    assert not served.report.exists()


def test_an_oversized_submission_is_refused(served):
    client = served.client("jw")
    values = filled(opened(client))
    values["project:3|problems"] = "很" * 400_000
    answer = client.post(f"/unit/{UNIT}/{NEW_MONTH}", data=values)
    assert answer.status_code == 413
    assert "提交的内容太大" in answer.text
    assert not served.report.exists()


def test_the_office_owned_review_is_kept_when_a_unit_edits_its_report(served):
    client = served.client("jw")
    before = reviews(served.data)
    assert before
    values = opened(client, UNIT, "2022-06")
    values["project:3|next_steps"] = "继续推进。"
    answer = client.post(f"/unit/{UNIT}/2022-06", data=values)
    assert answer.status_code == 200, field_errors(answer.text)
    assert "继续推进。" in (served.data / "progress" / "2022-06" / f"{UNIT}.yaml").read_text(
        encoding="utf-8"
    )
    assert reviews(served.data) == before


def reviews(data: Path) -> dict[str, object]:
    from minsheng.load.folder import load

    ds = load(data, TODAY).dataset
    assert ds is not None
    return {
        entry.id: entry.review
        for loaded in ds.reports
        if loaded.report.unit == UNIT and loaded.report.month == "2022-06"
        for project in loaded.report.projects
        for entry in project.indicators
        if entry.review is not None
    }


def test_uncommitted_edits_of_the_file_stop_the_write_and_the_coordinator_is_told(served):
    client = served.client("jw")
    values = opened(client, UNIT, "2022-11")
    path = served.data / "progress" / "2022-11" / f"{UNIT}.yaml"
    edited = path.read_text(encoding="utf-8") + "# 手工改动\n"
    path.write_text(edited, encoding="utf-8")
    values["version"] = opened(client, UNIT, "2022-11")["version"]
    values["project:3|progress"] = "新的进展。"
    answer = client.post(f"/unit/{UNIT}/2022-11", data=values)
    assert answer.status_code == 503
    assert "尚未提交到 git 的改动" in answer.text
    assert path.read_text(encoding="utf-8") == edited
    problems = served.client("fgw").get("/problems")
    assert "尚未提交到 git 的改动" in problems.text


def test_no_write_while_the_repository_is_mid_merge(served):
    client = served.client("jw")
    values = filled(opened(client))
    (served.data.parent / ".git" / "MERGE_HEAD").write_text("0" * 40 + "\n")
    answer = client.post(f"/unit/{UNIT}/{NEW_MONTH}", data=values)
    assert answer.status_code == 503
    assert "正在进行合并（merge）" in answer.text
    assert not served.report.exists()


def test_outside_git_a_submission_is_written_without_a_commit(tmp_path, people):
    import shutil

    from tests.conftest import DATA

    data = tmp_path / "plain"
    shutil.copytree(DATA, data)
    (data / "progress" / NEW_MONTH / f"{UNIT}.yaml").unlink()
    served = Served(data, *people)
    client = served.client("jw")
    answer = client.post(f"/unit/{UNIT}/{NEW_MONTH}", data=filled(opened(client)))
    assert answer.status_code == 200
    assert "已保存" in answer.text and "提交号" not in answer.text
    assert served.report.exists()


# ---- the office's pages --------------------------------------------------------------------


def test_the_status_page_shows_the_figures_of_minsheng_status(served, cli):
    page = served.client("fgw").get("/status").text
    result = cli(
        "status", "--format", "json", "--as-of", TODAY.isoformat(), "--data", str(served.data)
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    overall = figures["overall"]
    assert f'id="overall-completion">{overall["completion"]:.1f}%' in page
    assert f'id="overall-expected">{overall["expected"]:.1f}%' in page
    for key, n in overall["counts"].items():
        assert f'id="count-{key}">{n}<' in page
    for project in figures["projects"]:
        row = page.split(f'id="project-{project["id"]}"')[1].split("</tr>")[0]
        assert f'completion">{project["completion"]:.1f}%' in row
        assert f'expected">{project["expected"]:.1f}%' in row


def test_the_reminder_list_names_who_owes_a_report_with_their_contact(served):
    page = served.client("fgw").get("/reminders").text
    row = page.split(f">{UNIT}</a>")[1].split("</tr>")[0]
    assert NEW_MONTH in row
    assert "未到期" in row or "未报" in row
    assert page.count("<tr>") >= 2


def test_bulletins_and_the_workbook_download_as_the_commands_make_them(served, cli, tmp_path):
    client = served.client("fgw")
    answer = client.get("/download/bulletin/2022Q2.md")
    assert answer.status_code == 200
    made = cli("bulletin", "--period", "2022Q2", "--data", str(served.data))
    assert answer.content.decode("utf-8") == made.output
    docx = client.get("/download/bulletin/2022Q2.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    book = client.get("/download/workbook.xlsx")
    assert book.status_code == 200 and book.content[:2] == b"PK"
    assert "attachment" in book.headers["content-disposition"]


@pytest.mark.parametrize(
    ("query", "kind", "period"),
    (
        ("?kind=public", "public", "2022Q2"),
        ("?kind=table", "table", "2022H1"),
        ("?kind=assessment", "assessment", "2022"),
    ),
)
def test_every_kind_of_bulletin_downloads_as_the_command_makes_it(served, cli, query, kind, period):
    page = served.client("ld").get("/downloads")
    assert f"/download/bulletin/{period}.md{query}" in page.text
    answer = served.client("ld").get(f"/download/bulletin/{period}.md{query}")
    assert answer.status_code == 200
    made = cli("bulletin", "--period", period, "--kind", kind, "--data", str(served.data))
    assert made.exit_code == 0
    assert answer.content.decode("utf-8") == made.output


def test_a_kind_a_period_does_not_have_is_not_there(served):
    page = served.client("fgw").get("/downloads")
    assert "/download/bulletin/2022Q2.md?kind=assessment" not in page.text
    for path in (
        "/download/bulletin/2022Q2.md?kind=assessment",
        "/download/bulletin/2022.md?kind=x",
    ):
        answer = served.client("fgw").get(path)
        assert answer.status_code == 404
        assert "没有这份通报" in answer.text


def test_the_duban_ledger_is_shown_to_the_office(served):
    page = served.client("dcs").get("/duban")
    assert page.status_code == 200
    assert 'id="duban"' in page.text


def test_data_folder_problems_are_shown_to_the_coordinator_not_a_crash(served):
    broken = served.data / "progress" / "2022-11" / f"{OTHER}.yaml"
    broken.write_text("unit: [\n", encoding="utf-8")
    clerk = served.client("jw").get(f"/unit/{UNIT}")
    assert clerk.status_code == 503
    assert "数据文件夹暂时有错误" in clerk.text
    office = served.client("fgw")
    status = office.get("/status")
    assert status.status_code == 503
    assert f"{OTHER}.yaml" in status.text
    problems = office.get("/problems")
    assert problems.status_code == 200
    assert f"{OTHER}.yaml" in problems.text


# ---- accounts ------------------------------------------------------------------------------


def test_accounts_are_added_listed_reset_and_removed(cli, tmp_path):
    accounts = tmp_path / "conf" / "accounts.json"
    added = cli(
        "account",
        "add",
        "--unit",
        UNIT,
        "--name",
        "张老师",
        "--accounts",
        str(accounts),
        "--data",
        str(Path("data")),
    )
    assert added.exit_code == 0, added.output
    password = added.output.split("密码：")[1].split()[0]
    assert f"登录名：{UNIT}" in added.output
    assert stat.S_IMODE(accounts.stat().st_mode) == 0o600
    assert password not in accounts.read_text(encoding="utf-8")
    stored = Accounts(accounts).get(UNIT)
    assert stored is not None and stored.password.startswith("scrypt$16384$8$1$")
    second = cli("account", "add", "--unit", UNIT, "--accounts", str(accounts))
    assert f"登录名：{UNIT}-2" in second.output
    listed = cli("account", "list", "--accounts", str(accounts))
    assert listed.exit_code == 0
    assert f"{UNIT}\t填报人员\t{UNIT}\t张老师" in listed.output
    assert password not in listed.output
    reset = cli("account", "reset", UNIT, "--accounts", str(accounts))
    assert reset.exit_code == 0 and password not in reset.output
    removed = cli("account", "remove", f"{UNIT}-2", "--accounts", str(accounts))
    assert removed.exit_code == 0 and "已删除" in removed.output
    missing = cli("account", "remove", "nobody", "--accounts", str(accounts))
    assert missing.exit_code == 1 and "没有登录名为「nobody」的账号" in missing.output


@pytest.mark.parametrize(
    ("args", "words"),
    (
        (("--unit", "不存在的单位"), "没有名为「不存在的单位」的责任单位"),
        ((), "须用 --unit 指定责任单位"),
        (("--role", "admin"), "角色「admin」无效"),
        (("--role", "viewer", "--unit", UNIT), "--unit 只用于填报人员"),
    ),
)
def test_account_add_refuses_what_it_cannot_make(cli, tmp_path, args, words):
    accounts = tmp_path / "accounts.json"
    result = cli("account", "add", *args, "--accounts", str(accounts))
    assert result.exit_code == 2
    assert words in result.output
    assert not accounts.exists()


def test_the_accounts_file_is_never_put_in_the_data_folder(cli, tmp_path):
    result = cli("account", "add", "--role", "viewer", "--accounts", "data/accounts.json")
    assert result.exit_code == 2
    assert "在数据文件夹中" in result.output
    assert not Path("data/accounts.json").exists()


def test_serve_without_the_extra_says_how_to_install_it(cli, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a)
    )
    result = cli("serve")
    assert result.exit_code == 2
    assert 'pip install "minsheng[serve]"' in result.output


def test_settings_today_is_the_only_clock(served):
    assert served.settings.today() == date(2022, 12, 28)


# ---- 督办: the office's own files ------------------------------------------------------------


def test_the_office_issues_a_duban_action_from_a_suggestion(tmp_path, people):
    from tests import dubandata as dd

    root = dd.make(tmp_path / "d")
    dd.report(root, "2022-04", 30)
    dd.report(root, "2022-05", 38)
    git(tmp_path, "init", "-q", str(root))
    git(root, "add", ".")
    git(root, "-c", "user.name=o", "-c", "user.email=o@x", "commit", "-qm", "数据")
    served = Served(root, *people)
    served.settings.today = lambda: date(2022, 5, 31)
    served.app = build_app(served.settings)
    office = served.client("dcs")
    page = office.get("/duban")
    assert page.status_code == 200
    assert "2022-05-31-项目1-约谈" in page.text
    token = csrf(page.text)
    clerk = served.client("jw")
    refused = clerk.post(
        "/duban/new",
        data={"csrf": csrf(clerk.get(f"/unit/{UNIT}").text), "suggestion": "2022-05-31-项目1-约谈"},
    )
    assert refused.status_code == 403
    answer = office.post("/duban/new", data={"csrf": token, "suggestion": "2022-05-31-项目1-约谈"})
    assert answer.status_code == 200, answer.text
    assert "已下发督办事项 2022-05-31-甲局-1" in answer.text
    text = (root / "duban" / "actions" / "2022-05-31-甲局-1.yaml").read_text(encoding="utf-8")
    assert "action: 约谈" in text
    assert 'suggestion: "2022-05-31-项目1-约谈"' in text
    log = git(root, "log", "--format=%an <%ae>|%s").splitlines()
    assert log[0] == "督查室 <>|督办事项 2022-05-31-甲局-1：约谈（网页下发）"
    assert (
        git(root, "-c", "core.quotepath=off", "show", "--name-only", "--format=", "HEAD").strip()
        == "duban/actions/2022-05-31-甲局-1.yaml"
    )
    assert "2022-05-31-项目1-约谈" not in office.get("/duban").text
    again = office.post("/duban/new", data={"csrf": token, "suggestion": "2022-05-31-项目1-约谈"})
    assert again.status_code == 404
    assert "没有这条督办建议" in again.text


def test_the_office_records_an_acceptance_in_its_own_folder(served, cli):
    office = served.client("dcs")
    page = office.get("/acceptance")
    values = {
        "csrf": csrf(page.text),
        "project": "7",
        "indicator": "7-1",
        "item": "咸宜幼儿园",
        "accepted": "2022-12-20",
        "accepted_by": "县教委",
        "document": "城教验〔2022〕3号",
    }
    bad = office.post("/acceptance", data={**values, "indicator": "3-1"})
    assert bad.status_code == 422
    assert 'id="a-item-error"' in bad.text or 'id="a-indicator-error"' in bad.text
    later = office.post("/acceptance", data={**values, "accepted": "2023-01-05"})
    assert later.status_code == 422
    assert "晚于统计日期" in later.text
    answer = office.post("/acceptance", data=values)
    assert answer.status_code == 200, answer.text
    path = served.data / "duban" / "acceptance" / "2022-12-20-项目7-7-1.yaml"
    text = path.read_text(encoding="utf-8")
    assert "item: 咸宜幼儿园" in text and "accepted: 2022-12-20" in text
    assert git(served.data.parent, "log", "-1", "--format=%an|%s").startswith("督查室|验收记录 ")
    assert cli("check", "--data", str(served.data)).exit_code == 0
    again = office.post("/acceptance", data=values)
    assert again.status_code == 422
    assert "同一事项" in again.text
    assert served.client("jw").post("/acceptance", data=values).status_code == 403


INSPECTIONS = Path("duban") / "inspections"
RECORDED = """# yaml-language-server: $schema=../../../schema/inspection.schema.json
date: 2022-12-20
title: 第四季度“双减”工作督查
team:
  - 县政府督查室
  - 县发展改革委
methods:
  - 现场查看
  - 查阅资料
findings:
  - project: 9
    indicator: 9-1
    text: "抽查3所学校和2家培训机构：隐形变异培训仍有发现，处置不够及时。"
    score: 50
    requirements: "12月底前完成整改。"
"""


def inspection_values(client: TestClient, **more: str) -> dict[str, str]:
    """The inspection form as opened, filled in with a score for 9-1 (a qualitative one)."""
    page = client.get("/inspections")
    assert page.status_code == 200, page.text
    return {
        **form_values(page.text, "/inspections"),
        "date": "2022-12-20",
        "title": "第四季度“双减”工作督查",
        "team": "县政府督查室、县发展改革委",
        "methods": "现场查看、查阅资料",
        "p9-indicator": "9-1",
        "p9-text": "抽查3所学校和2家培训机构：隐形变异培训仍有发现，处置不够及时。",
        "p9-score": "50",
        "p9-requirements": "12月底前完成整改。",
        **more,
    }


def project_row(page: str, project: int) -> str:
    return page.split(f'id="project-{project}"')[1].split("</tr>")[0]


def indicator_9_1(cli, data: Path) -> tuple[object, object]:
    result = cli("status", "--format", "json", "--as-of", TODAY.isoformat(), "--data", str(data))
    assert result.exit_code == 0, result.output
    project = next(p for p in json.loads(result.output)["projects"] if p["id"] == 9)
    indicator = next(i for i in project["indicators"] if i["id"] == "9-1")
    return indicator["actual"], indicator["basis"]


@pytest.mark.parametrize("login", ("dcs", "fgw"))
def test_the_office_records_an_inspection_with_a_score_in_its_own_folder(served, cli, login):
    office = served.client(login)
    assert indicator_9_1(cli, served.data) == (88, "review")  # a report's review, before
    before = project_row(office.get("/status").text, 9)
    reports = git(served.data.parent, "status", "--porcelain", "--", "progress")
    answer = office.post("/inspections", data=inspection_values(office))
    assert answer.status_code == 200, answer.text
    assert "已记录督查：duban/inspections/2022-12-20-1.yaml" in answer.text
    path = served.data / INSPECTIONS / "2022-12-20-1.yaml"
    assert path.read_text(encoding="utf-8") == RECORDED
    name = PEOPLE[login][2]
    assert commits(served.data)[0] == (
        f"{name} <>|督查记录 duban/inspections/2022-12-20-1.yaml（网页录入）"
    )
    assert (
        git(
            served.data.parent, "-c", "core.quotepath=off", "show", "--name-only", "--format="
        ).strip()
        == "data/duban/inspections/2022-12-20-1.yaml"
    )
    assert git(served.data.parent, "status", "--porcelain", "--", "progress") == reports
    assert cli("check", "--data", str(served.data), "--as-of", TODAY.isoformat()).exit_code == 0
    # The figure: 9-1's 督查评分 is the inspection's now, on the page as in minsheng status.
    assert indicator_9_1(cli, served.data) == (50, "review")
    after = project_row(office.get("/status").text, 9)
    assert after != before
    result = cli(
        "status", "--format", "json", "--as-of", TODAY.isoformat(), "--data", str(served.data)
    )
    project = next(p for p in json.loads(result.output)["projects"] if p["id"] == 9)
    assert f'completion">{project["completion"]:.1f}%' in after
    # The same day again: the next free number, never over the first.
    again = office.post("/inspections", data=inspection_values(office, **{"p9-score": "60"}))
    assert again.status_code == 200, again.text
    assert "2022-12-20-2.yaml" in again.text
    assert path.read_text(encoding="utf-8") == RECORDED
    assert "score: 60" in (served.data / INSPECTIONS / "2022-12-20-2.yaml").read_text(
        encoding="utf-8"
    )


def _nothing_recorded(served: Served, commits_before: list[str]) -> None:
    assert not list((served.data / INSPECTIONS).glob("2022-12-*.yaml"))
    assert commits(served.data) == commits_before


def test_an_invalid_score_is_told_beside_its_field_and_nothing_is_written(served):
    office = served.client("dcs")
    before = commits(served.data)
    answer = office.post("/inspections", data=inspection_values(office, **{"p9-score": "120"}))
    assert answer.status_code == 422
    assert (
        '<p class="field-error" id="i-p9-score-error">「score」（评分）取值 120 不能大于 100</p>'
        in answer.text
    )
    assert 'class="row has-error" id="project-9"' in answer.text
    assert form_values(answer.text, "/inspections")["p9-score"] == "120"  # kept as typed
    _nothing_recorded(served, before)


def test_a_score_on_an_indicator_with_figures_is_refused_beside_it(served):
    office = served.client("dcs")
    before = commits(served.data)
    values = inspection_values(
        office,
        **{"p9-indicator": "", "p10-indicator": "10-1", "p10-text": "现场查看", "p10-score": "80"},
    )
    del values["p9-text"], values["p9-score"], values["p9-requirements"]
    answer = office.post("/inspections", data=values)
    assert answer.status_code == 422
    assert (
        '<p class="field-error" id="i-p10-score-error">指标「10-1」是数量类指标，不能写 score；'
        "督查评分（score）只用于定性类指标；核实值应写 value</p>"
    ) in answer.text
    _nothing_recorded(served, before)


def test_an_inspection_needs_its_date_team_and_a_finding(served):
    office = served.client("dcs")
    before = commits(served.data)
    page = office.get("/inspections")
    values = {**form_values(page.text, "/inspections"), "date": "2022-12-31", "team": ""}
    answer = office.post("/inspections", data=values)
    assert answer.status_code == 422
    assert (
        '<p class="field-error" id="i-team-error">「team」（督查组）至少要有 1 项</p>'
        in answer.text
    )
    assert "<li>「findings」（督查发现）至少要有 1 项</li>" in answer.text
    assert 'id="i-date-error"' not in answer.text
    later = office.post("/inspections", data=inspection_values(office, date="2022-12-31"))
    assert later.status_code == 422
    assert (
        '<p class="field-error" id="i-date-error">督查日期 2022-12-31 晚于统计日期 2022-12-28，'
        "请检查日期</p>"
    ) in later.text
    _nothing_recorded(served, before)


@pytest.mark.parametrize("login", (None, "jw", "ld"))
def test_only_the_office_records_an_inspection(served, login):
    before = commits(served.data)
    client = served.client(login)
    token = csrf(
        client.get(
            "/login" if login is None else "/status" if login == "ld" else f"/unit/{UNIT}"
        ).text
    )
    values = {
        "csrf": token,
        "date": "2022-12-20",
        "team": "县政府督查室",
        "p9-indicator": "9-1",
        "p9-text": "抽查",
        "p9-score": "50",
    }
    answer = client.post("/inspections", data=values)
    assert answer.status_code == 403
    assert ("请先登录" if login is None else "无权") in answer.text
    _nothing_recorded(served, before)


def test_an_inspection_without_the_csrf_token_is_refused(served):
    office = served.client("dcs")
    before = commits(served.data)
    values = inspection_values(office)
    del values["csrf"]
    answer = office.post("/inspections", data=values)
    assert answer.status_code == 403
    assert "缺少校验码" in answer.text
    _nothing_recorded(served, before)


def test_a_broken_accounts_file_is_a_page_not_a_crash(served, tmp_path):
    broken = tmp_path / "broken" / "accounts.json"
    broken.parent.mkdir()
    broken.write_text("{not json", encoding="utf-8")
    own = Served(served.data, broken, {})
    client = own.client()
    page = client.get("/login")
    assert page.status_code == 200
    answer = client.post("/login", data={"csrf": csrf(page.text), "login": "a", "password": "b"})
    assert answer.status_code == 503
    assert "账号文件" in answer.text and "已损坏" in answer.text


def test_a_unit_replies_to_its_open_duban_actions_in_the_form(served, cli):
    client = served.client("jt")
    page = client.get(f"/unit/{OTHER}/{NEW_MONTH}")
    assert "督办事项 2022-08-05-县交通局-1" in page.text
    values = form_values(page.text, f"/unit/{OTHER}/{NEW_MONTH}")
    name = "action:2022-08-05-县交通局-1|reply"
    assert values[name] == ""
    values[name] = "已完成第2标段护栏安装，整改到位。"
    values["action:2022-08-05-县交通局-1|reply_date"] = "2022-13-01"
    bad = client.post(f"/unit/{OTHER}/{NEW_MONTH}", data=values)
    assert bad.status_code == 422
    assert list(field_errors(bad.text)) == ["action:2022-08-05-县交通局-1|reply_date"]
    values["action:2022-08-05-县交通局-1|reply_date"] = ""
    answer = client.post(f"/unit/{OTHER}/{NEW_MONTH}", data=values)
    assert answer.status_code == 200, field_errors(answer.text)
    text = (served.data / "progress" / NEW_MONTH / f"{OTHER}.yaml").read_text(encoding="utf-8")
    assert 'reply: "已完成第2标段护栏安装，整改到位。"' in text
    assert cli("check", "--data", str(served.data)).exit_code == 0
    again = form_values(client.get(f"/unit/{OTHER}/{NEW_MONTH}").text, f"/unit/{OTHER}/{NEW_MONTH}")
    assert again[name] == "已完成第2标段护栏安装，整改到位。"


def test_the_reminder_list_gives_the_registry_s_contact_of_each_unit(tmp_path, people):
    import shutil

    from tests.conftest import ROOT

    data = tmp_path / "2023"
    shutil.copytree(ROOT / "tests" / "fixtures" / "county" / "2023", data)
    registry = data / "projects.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace(
            "{name: 东城街道, kind: 街道}",
            '{name: 东城街道, kind: 街道, contact: {name: 赵敏, phone: "023-55550009"}}',
        ),
        encoding="utf-8",
    )
    served = Served(data, *people)
    served.settings.today = lambda: date(2023, 6, 30)
    served.app = build_app(served.settings)
    page = served.client("fgw").get("/reminders")
    assert page.status_code == 200, page.text
    rows = page.text.split("<tr>")[2:]
    assert len(rows) == 6  # the six towns' 2023-03 reports
    assert "东城街道</a></td><td>2023-03</td>" in rows[0]
    assert "<td>赵敏（电话 023-55550009）</td>" in rows[0]
    assert all("未报" in row for row in rows)
    assert all("<td>—</td>" in row for row in rows[1:])  # no contact registered
