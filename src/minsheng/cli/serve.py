"""``minsheng serve`` and ``minsheng account``: the web form on the office network, and the
accounts of the people who use it."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .app import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Command, Group, app
from .common import DEFAULT_DATA, DataOption, cache_dir, load_valid, notice, usage_error

if TYPE_CHECKING:
    from ..serve.accounts import Accounts, Role

INSTALL = (
    "网页填报需要另外安装几个组件（Starlette、uvicorn 等）；请运行：\n"
    '  python -m pip install "minsheng[serve]"\n'
    '（在源代码文件夹中：python -m pip install -e ".[serve]"），然后再运行 minsheng serve。'
)
ACCOUNTS_FILE = "accounts.json"

AccountsOption = Annotated[
    Path | None,
    typer.Option(
        "--accounts",
        help="账号文件；默认在用户配置文件夹中（Linux：~/.config/minsheng/accounts.json；Windows：%APPDATA%\\minsheng\\accounts.json）。不要放在数据文件夹里",
        metavar="文件",
    ),
]


def default_accounts() -> Path:
    """The accounts file in the user's config folder (XDG_CONFIG_HOME, APPDATA, ~/.config)."""
    base = os.environ.get("APPDATA") if sys.platform == "win32" else None
    base = base or os.environ.get("XDG_CONFIG_HOME")
    folder = Path(base) if base else Path.home() / ".config"
    return folder / "minsheng" / ACCOUNTS_FILE


def _accounts(given: Path | None, data: Path | None = None) -> Accounts:
    from ..serve.accounts import AccountError, Accounts

    path = given or default_accounts()
    if data is not None and _inside(path, data):
        raise usage_error(
            f"账号文件「{path}」在数据文件夹中：密码摘要会随数据一起提交到 git；请放在数据文件夹之外（--accounts）"
        )
    try:
        return Accounts(path)
    except AccountError as exc:
        raise usage_error(str(exc)) from None


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


@app.command("serve", cls=Command)
def serve(
    data: DataOption = DEFAULT_DATA,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="监听地址；默认只在本机（127.0.0.1）。让办公网络中的其他电脑访问时写本机的局域网地址或 0.0.0.0",
            metavar="地址",
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", help="端口", min=1, max=65535, metavar="端口")
    ] = 8000,
    accounts: AccountsOption = None,
    certfile: Annotated[
        Path | None, typer.Option("--certfile", help="HTTPS 证书文件（PEM）", metavar="文件")
    ] = None,
    keyfile: Annotated[
        Path | None, typer.Option("--keyfile", help="HTTPS 私钥文件（PEM）", metavar="文件")
    ] = None,
    push: Annotated[
        bool,
        typer.Option("--push", help="每次提交后推送到远程仓库（仓库须已配置 remote）"),
    ] = False,
) -> int:
    """在办公网络上提供网页填报：各单位登录后填报本单位的报告，牵头单位查看进展、催报和下载通报。

    每份提交用与 minsheng check 相同的规则检查，写成 progress/月份/单位.yaml；数据文件夹在 git
    仓库中时，每份提交作为一次提交（作者为填报人）。按 Ctrl-C 停止。
    """
    if not _installed():
        typer.echo(INSTALL, err=True)
        raise typer.Exit(EXIT_USAGE)
    import uvicorn

    from ..serve.accounts import AccountError, permissions_problem, session_secret
    from ..serve.app import Settings, build_app, is_loopback
    from ..serve.store import has_remote

    if (certfile is None) != (keyfile is None):
        raise usage_error("--certfile 和 --keyfile 须同时给出")
    for given in (certfile, keyfile):
        if given is not None and not given.is_file():
            raise usage_error(f"找不到文件「{given}」")
    if push and not has_remote(data):
        raise usage_error("--push 需要数据文件夹在配置了远程仓库（git remote）的 git 仓库中")
    load_valid(data, date.today())  # a folder that cannot be read is told now, not per page
    store = _accounts(accounts, data)
    if not store.accounts:
        notice(f"账号文件「{store.path}」中还没有账号；请先运行 minsheng account add 添加")
    try:
        secret = session_secret(store.path)
    except AccountError as exc:
        raise usage_error(str(exc)) from None
    for path in (store.path, store.path.parent / "session-secret"):
        warning = permissions_problem(path)
        if warning:
            notice(warning)
    tls = certfile is not None
    exposed = not is_loopback(host)
    if exposed:
        typer.echo(
            f"警告：正在监听 {host}，办公网络中的其他电脑都能访问本服务；请确认网络可信，"
            "并只向各单位发放各自的账号。",
            err=True,
        )
        if not tls:
            typer.echo(
                "警告：未启用 HTTPS（--certfile/--keyfile），密码和报告内容将以明文在网络上传输，"
                "会话 Cookie 也无法设为 Secure。",
                err=True,
            )
    settings = Settings(
        data=data,
        accounts=store.path,
        secret=secret,
        today=date.today,
        cache_dir=cache_dir(),
        push=push,
        tls=tls,
        exposed=exposed,
        browser=_browser(),
    )
    import gc
    import logging

    gc.enable()  # a long-running process: the collector is wanted back (main() turns it off)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    scheme = "https" if tls else "http"
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"网页填报已启动：{scheme}://{shown}:{port}/ （按 Ctrl-C 停止）", err=True)
    uvicorn.run(
        build_app(settings),
        host=host,
        port=port,
        ssl_certfile=str(certfile) if certfile else None,
        ssl_keyfile=str(keyfile) if keyfile else None,
        access_log=False,  # our own access log names the account and never a body
        log_level="warning",
        server_header=False,
    )
    typer.echo("已停止。", err=True)
    return EXIT_OK


SERVE_MODULES = ("starlette", "uvicorn", "multipart", "itsdangerous")


def _installed() -> bool:
    """Whether the optional extra ``minsheng[serve]`` is there."""
    from importlib.util import find_spec

    return all(find_spec(name) is not None for name in SERVE_MODULES)


def _browser() -> Path | None:
    from ..render.pdf import PdfError, find_browser

    try:
        return find_browser(None, os.environ.get("PATH"))
    except PdfError:
        return None


account_app = typer.Typer(
    cls=Group,
    help="网页填报的账号：添加、列出、重置密码、删除。",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(account_app, name="account")


@account_app.command("add", cls=Command)
def account_add(
    data: DataOption = DEFAULT_DATA,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", help="责任单位（填报人员必填，与 projects.yaml 中一致）", metavar="单位"
        ),
    ] = None,
    role: Annotated[
        str,
        typer.Option(
            "--role",
            help="角色：clerk（单位填报人员）、supervisor（督查室）、coordinator（发改委）、viewer（领导查阅）",
            metavar="角色",
        ),
    ] = "clerk",
    login: Annotated[
        str | None,
        typer.Option(
            "--login", help="登录名；默认为单位名（重名时加 -2、-3）或角色名", metavar="登录名"
        ),
    ] = None,
    name: Annotated[
        str, typer.Option("--name", help="显示名（也是 git 提交的作者）", metavar="姓名")
    ] = "",
    email: Annotated[
        str, typer.Option("--email", help="电子邮箱（git 提交的作者邮箱）", metavar="邮箱")
    ] = "",
    accounts: AccountsOption = None,
) -> int:
    """添加账号，并显示一次生成的密码（请当面或经可靠渠道交给本人）。"""
    from ..serve.accounts import MAX_LOGIN, Account, AccountError
    from ..serve.accounts import Role as Roles

    chosen = _role(role)
    store = _accounts(accounts, data)
    if chosen is Roles.CLERK:
        if unit is None:
            raise usage_error("填报人员账号须用 --unit 指定责任单位")
        ds = load_valid(data, date.today())
        if unit not in ds.responsible_units:
            raise usage_error(
                f"没有名为「{unit}」的责任单位；可选：{'、'.join(ds.responsible_units)}"
            )
    elif unit is not None:
        raise usage_error(f"--unit 只用于填报人员（clerk）；{chosen.value} 账号不属于某个单位")
    base = login or (unit if chosen is Roles.CLERK and unit else chosen.value)
    chosen_login = login or store.free_login(base)
    if (
        not chosen_login.strip()
        or len(chosen_login) > MAX_LOGIN
        or any(c.isspace() for c in chosen_login)
    ):
        raise usage_error(
            f"登录名「{chosen_login}」无效：不能为空、不能含空格，最多 {MAX_LOGIN} 个字符"
        )
    try:
        password = store.add(Account(chosen_login, chosen, unit, name, email))
    except AccountError as exc:
        raise usage_error(str(exc)) from None
    _told(chosen_login, password, store.path)
    return EXIT_OK


def _told(login: str, password: str, path: Path) -> None:
    typer.echo(f"登录名：{login}")
    typer.echo(f"密码：{password}")
    typer.echo(
        f"（密码只显示这一次，账号文件 {path} 中只保存其摘要；忘记时用 minsheng account reset 重置）",
        err=True,
    )


def _role(text: str) -> Role:
    try:
        from ..serve.accounts import Role as Roles

        return Roles(text)
    except ValueError:
        raise usage_error(
            f"角色「{text}」无效；可选：{'、'.join(r.value for r in Roles)}"
        ) from None


@account_app.command("list", cls=Command)
def account_list(accounts: AccountsOption = None) -> int:
    """列出账号：登录名、角色、单位、显示名、邮箱（不显示密码）。"""
    store = _accounts(accounts)
    if not store.accounts:
        typer.echo(f"账号文件「{store.path}」中还没有账号。")
        return EXIT_OK
    for a in sorted(store.accounts.values(), key=lambda a: (a.role.value, a.unit or "", a.login)):
        parts = [a.login, a.role.label, a.unit or "—", a.name or "—", a.email or "—"]
        typer.echo("\t".join(parts))
    return EXIT_OK


@account_app.command("reset", cls=Command)
def account_reset(
    login: Annotated[str, typer.Argument(help="登录名", metavar="登录名", show_default=False)],
    accounts: AccountsOption = None,
) -> int:
    """重置密码：生成新密码并显示一次；旧密码和已登录的会话随即失效。"""
    from ..serve.accounts import AccountError

    store = _accounts(accounts)
    try:
        password = store.reset(login)
    except AccountError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(EXIT_FINDINGS) from None
    _told(login, password, store.path)
    return EXIT_OK


@account_app.command("remove", cls=Command)
def account_remove(
    login: Annotated[str, typer.Argument(help="登录名", metavar="登录名", show_default=False)],
    accounts: AccountsOption = None,
) -> int:
    """删除账号；已登录的会话随即失效。"""
    from ..serve.accounts import AccountError

    store = _accounts(accounts)
    try:
        removed = store.remove(login)
    except AccountError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(EXIT_FINDINGS) from None
    typer.echo(
        f"已删除账号「{removed.login}」（{removed.role.label}{'，' + removed.unit if removed.unit else ''}）"
    )
    return EXIT_OK
