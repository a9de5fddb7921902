"""The web application: routes for the clerks' form and the office's pages, each checking
who is asking before it reads anything."""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..compute.compliance import ReportRecord, ReportState, report_records
from ..compute.status import StatusReport, build_status, default_as_of
from ..load.dataset import Dataset
from ..load.folder import DataDirError, LoadResult, load
from ..problems import Problem
from ..render.templating import environment, packaged_templates, render
from ..text import fmt
from ..views import new_duban
from ..views.duban import duban_view, issuer
from ..views.new_duban import action_path
from ..views.new_report import NewReportError, report_path
from ..views.people import unit_contact
from ..views.report_form import ReportForm, build_form
from ..views.report_import import Importer, lost_message
from . import acceptance, downloads, inspection, webform
from .accounts import Account, AccountError, Accounts, Role, check_password
from .guard import AccessLog, SizeLimit, Throttle, csrf_ok, csrf_token
from .store import NEW, Author, Conflict, Refused, Store, Written, version_of

LOG = logging.getLogger("minsheng.serve")
SESSION_COOKIE = "minsheng_session"
SESSION_HOURS = 10  # a working day: log in in the morning, the cookie ends overnight
OFFICE = (Role.COORDINATOR, Role.SUPERVISOR)
READERS = (Role.COORDINATOR, Role.SUPERVISOR, Role.VIEWER)
KEPT_PROBLEMS = 100
MAX_FIELDS = 5000  # inputs of one form (the shipped data's largest has ~300)


@dataclass
class Settings:
    """What ``cli/serve.py`` decides: the data folder, the accounts file, the clock."""

    data: Path
    accounts: Path
    secret: bytes
    today: Callable[[], date]
    cache_dir: Path | None = None
    browser: Path | None = None  # Chromium, for PDF bulletins
    push: bool = False
    tls: bool = False
    exposed: bool = False  # listening beyond loopback
    problems: list[str] = field(default_factory=list)  # git refusals the coordinator should see

    def tell(self, message: str) -> None:
        """A write refused or a commit failed: kept (the latest 100) for the coordinator."""
        self.problems.append(message)
        del self.problems[:-KEPT_PROBLEMS]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Server:
    """State shared by the requests: settings, the writer, the login throttle, templates."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = Store(settings.data, push=settings.push)
        self.throttle = Throttle()
        self.env: Environment = environment([packaged_templates()])

    def accounts(self) -> Accounts:
        """The accounts file as it is now (an account removed or reset takes effect at once)."""
        try:
            return Accounts(self.settings.accounts)
        except AccountError as exc:
            raise Refusal(503, f"{exc}；请联系管理员") from None

    def load(self) -> LoadResult:
        return load(self.settings.data, self.settings.today(), self.settings.cache_dir)

    def page(self, request: Request, name: str, status: int = 200, **context: Any) -> Response:
        user: Account | None = getattr(request.state, "user", None)
        text = render(
            self.env,
            f"serve/{name}.html.j2",
            user=user,
            csrf=csrf_token(request.session),
            insecure=self.settings.exposed and not self.settings.tls,
            fmt=fmt,
            quote=quote,
            Role=Role,
            **context,
        )
        return HTMLResponse(text, status_code=status, headers=_HEADERS)


# No framing by other sites, no sniffing, nothing loaded from elsewhere, no caching of pages.
_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class Refusal(Exception):
    """A request turned away with a page saying why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


Handler = Callable[[Server, Request], Awaitable[Response]]


def build_app(settings: Settings) -> Starlette:
    server = Server(settings)

    def route(path: str, handler: Handler, methods: tuple[str, ...] = ("GET",)) -> Route:
        async def endpoint(request: Request) -> Response:
            try:
                _identify(server, request)
                return await handler(server, request)
            except Refusal as refusal:
                if refusal.status == 303:
                    return RedirectResponse(refusal.message, 303)
                return server.page(request, "refused", refusal.status, message=refusal.message)

        return Route(path, endpoint, methods=list(methods))

    routes = [
        route("/", home),
        route("/login", login_page),
        route("/login", login, ("POST",)),
        route("/logout", logout, ("POST",)),
        route("/unit/{unit}", unit_page),
        route("/unit/{unit}/{month}", form_page),
        route("/unit/{unit}/{month}", submit, ("POST",)),
        route("/status", status_page),
        route("/reminders", reminders_page),
        route("/reports", reports_page),
        route("/downloads", downloads_page),
        route("/download/bulletin/{period}.{kind}", download_bulletin),
        route("/download/workbook.xlsx", download_workbook),
        route("/duban", duban_page),
        route("/duban/new", issue_action, ("POST",)),
        route("/acceptance", acceptance_page),
        route("/acceptance", record_acceptance, ("POST",)),
        route("/inspections", inspections_page),
        route("/inspections", record_inspection, ("POST",)),
        route("/problems", problems_page),
    ]
    middleware = [
        Middleware(AccessLog),
        Middleware(SizeLimit),
        Middleware(
            SessionMiddleware,
            secret_key=settings.secret.hex(),
            session_cookie=SESSION_COOKIE,
            max_age=SESSION_HOURS * 3600,
            same_site="strict",
            https_only=settings.tls,
        ),
    ]
    return Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={
            404: _not_found,
            405: _not_found,
        },
    )


async def _not_found(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 404
    return PlainTextResponse("找不到这个页面", status_code=status)


# ---- who is asking -----------------------------------------------------------------------


def _identify(server: Server, request: Request) -> None:
    """The account of the session, if its password has not been reset since."""
    request.state.user = None
    login = request.session.get("login")
    if not isinstance(login, str):
        return
    account = server.accounts().get(login)
    if account is None or request.session.get("stamp") != account.stamp:
        request.session.pop("login", None)
        return
    request.state.user = account
    request.state.login = account.login


def _user(request: Request, *roles: Role) -> Account:
    user: Account | None = request.state.user
    if user is None:
        raise _to_login(request)
    if roles and user.role not in roles:
        raise Refusal(403, "您的账号无权查看或办理这一页的内容")
    return user


def _to_login(request: Request) -> Refusal:
    if request.method != "GET":
        return Refusal(403, "请先登录")
    return Refusal(303, "/login")


async def _form(request: Request) -> FormData:
    try:
        form = await request.form(max_files=0, max_fields=MAX_FIELDS)
    except HTTPException as exc:
        raise Refusal(400, f"提交的内容无法读取：{exc.detail}") from None
    if not csrf_ok(request.session, form.get("csrf")):
        raise Refusal(
            403, "表单已过期或不是从本系统页面提交的（缺少校验码）；请返回、刷新页面后重新提交"
        )
    return form


def _address(request: Request) -> str:
    return request.client.host if request.client is not None else "-"


async def home(server: Server, request: Request) -> Response:
    user = request.state.user
    if user is None:
        return RedirectResponse("/login", 303)
    if user.role is Role.CLERK:
        return RedirectResponse(f"/unit/{quote(user.unit or '')}", 303)
    return RedirectResponse("/status", 303)


async def login_page(server: Server, request: Request) -> Response:
    return server.page(request, "login", error=None)


async def login(server: Server, request: Request) -> Response:
    form = await _form(request)
    name = str(form.get("login", "")).strip()[:64]
    password = str(form.get("password", ""))
    address = _address(request)
    wait = server.throttle.blocked(address, name)
    if wait:
        minutes = int(wait // 60) + 1
        return server.page(
            request, "login", 429, error=f"登录失败次数过多，请 {minutes} 分钟后再试"
        )
    account = server.accounts().get(name)
    good = await run_in_threadpool(
        check_password, account.password if account else _DUMMY, password
    )
    if account is None or not good:
        server.throttle.failed(address, name)
        LOG.warning("登录失败：%s（来自 %s）", name, address)
        return server.page(request, "login", 401, error="登录名或密码不对")
    server.throttle.passed(address, name)
    request.session.clear()  # a new session: nothing carried over from before the login
    request.session.update(login=account.login, stamp=account.stamp)
    csrf_token(request.session)
    request.state.user = account
    request.state.login = account.login
    return RedirectResponse("/", 303)


# A hash to check against when the login name is unknown: the reply takes as long either way.
_DUMMY = "scrypt$16384$8$1$00000000000000000000000000000000$" + "00" * 32


async def logout(server: Server, request: Request) -> Response:
    await _form(request)
    request.session.clear()
    return RedirectResponse("/login", 303)


# ---- the data folder -----------------------------------------------------------------------


async def _dataset(server: Server, request: Request) -> Dataset:
    """The data folder as it is now; its problems are a page (the coordinator's lists them)."""
    try:
        result = await run_in_threadpool(server.load)
    except DataDirError as exc:
        raise _data_refusal(request, str(exc)) from None
    if not result.ok or result.dataset is None:
        errors = [p for p in result.problems if p.is_error]
        raise _data_refusal(request, _problem_lines(errors))
    return result.dataset


def _data_refusal(request: Request, detail: str) -> Refusal:
    user = request.state.user
    if user is not None and user.role in OFFICE:
        return Refusal(503, f"数据文件夹有错误，暂时无法统计和填报：\n{detail}")
    return Refusal(503, "数据文件夹暂时有错误，无法填报；请联系牵头单位（县发展改革委）处理")


def _problem_lines(problems: list[Problem]) -> str:
    return "\n".join(f"{p.path}:{p.line}:{p.column}: {p.message}" for p in problems[:50])


def _unit_of(ds: Dataset, request: Request, user: Account) -> str:
    """The unit of the path: a registry name, and one the user may see."""
    unit = str(request.path_params["unit"])
    if unit not in ds.responsible_units:
        raise Refusal(404, "没有这个责任单位")
    if user.role is Role.CLERK and user.unit != unit:
        raise Refusal(403, "您的账号只能查看和填报本单位的报告")
    return unit


def _as_of(server: Server, ds: Dataset) -> date:
    return default_as_of(ds, server.settings.today())


# ---- the clerk's pages -------------------------------------------------------------------


async def unit_page(server: Server, request: Request) -> Response:
    user = _user(request, Role.CLERK, *OFFICE)
    ds = await _dataset(server, request)
    unit = _unit_of(ds, request, user)
    as_of = _as_of(server, ds)
    records = {r.month: r for r in report_records(ds, as_of) if r.unit == unit}
    owed = [(o, records.get(o.month)) for o in ds.schedule.owed(unit)]
    return server.page(
        request,
        "unit",
        unit=unit,
        owed=owed,
        as_of=as_of,
        plan=ds.plan,
        sample=ds.sample,
        ReportState=ReportState,
    )


@dataclass
class _Opened:
    ds: Dataset
    unit: str
    month: str
    path: Path
    form: ReportForm
    importer: Importer


async def _open(server: Server, request: Request, user: Account) -> _Opened:
    ds = await _dataset(server, request)
    unit = _unit_of(ds, request, user)
    month = str(request.path_params["month"])
    try:
        path = report_path(server.settings.data, ds, unit, month)
    except NewReportError as exc:
        raise Refusal(404, str(exc)) from None
    today = server.settings.today()
    form = build_form(ds, unit, month, today)
    return _Opened(ds, unit, month, path, form, Importer(ds, server.settings.data, today))


async def form_page(server: Server, request: Request) -> Response:
    user = _user(request, Role.CLERK, *OFFICE)
    opened = await _open(server, request, user)
    existing = opened.importer.existing(opened.unit, opened.month)
    answers = (
        webform.answers_from_report(opened.form, existing.report) if existing is not None else {}
    )
    return _form_response(
        server, request, opened, webform.page(opened.form, answers), version_of(opened.path)
    )


def _form_response(
    server: Server,
    request: Request,
    opened: _Opened,
    page: webform.Page,
    version: str,
    status: int = 200,
    **context: Any,
) -> Response:
    user: Account = request.state.user
    return server.page(
        request,
        "form",
        status,
        page=page,
        form=opened.form,
        version=version,
        editable=user.role is Role.CLERK,
        submitted=version != NEW,
        **{"outcome": None, "conflict": False, **context},
    )


async def submit(server: Server, request: Request) -> Response:
    user = _user(request, Role.CLERK, *OFFICE)
    posted = await _form(request)
    if user.role is not Role.CLERK:
        raise Refusal(403, "只有本单位的填报人员可以提交报告")
    opened = await _open(server, request, user)
    texts = {k: v for k, v in posted.items() if isinstance(v, str)}
    answers, bad = webform.answers_from_post(opened.form, texts)
    version = texts.get("version", "")
    page = webform.page(opened.form, answers)
    kept, lost = opened.importer.kept(opened.form)
    if lost:
        page.general.append(lost_message(lost, "网页表单", "提交"))
        return _form_response(server, request, opened, page, version, 422)
    filled = await run_in_threadpool(opened.importer.fill, opened.form, answers, kept, opened.path)
    webform.tell(page, filled, bad)
    if bad or not filled.ok:
        return _form_response(server, request, opened, page, version, 422)
    author = Author(user.shown_name, user.email)
    subject = f"{opened.unit} {fmt.cn_month(opened.month)}进展报告（网页填报）"
    try:
        written = await run_in_threadpool(
            server.store.write, opened.path, filled.rendered.text, version, author, subject
        )
    except Conflict:
        return _form_response(server, request, opened, page, version, 409, conflict=True)
    except Refused as exc:
        server.settings.tell(f"{opened.unit} {opened.month}：{exc}")
        page.general.append(f"{exc}；已告知牵头单位")
        return _form_response(server, request, opened, page, version, 503)
    if written.git_problem:
        server.settings.tell(f"{opened.unit} {opened.month}：{written.git_problem}")
    LOG.info(
        "%s 提交 %s %s：%s",
        user.login,
        opened.unit,
        opened.month,
        "已保存" if written.changed else "无变化",
    )
    return server.page(
        request,
        "submitted",
        unit=opened.unit,
        form=opened.form,
        written=written,
        warnings=page.warnings,
    )


# ---- the office's pages -----------------------------------------------------------------


async def _status(server: Server, request: Request) -> tuple[Dataset, StatusReport]:
    ds = await _dataset(server, request)
    return ds, await run_in_threadpool(build_status, ds, _as_of(server, ds))


async def status_page(server: Server, request: Request) -> Response:
    _user(request, *READERS)
    ds, report = await _status(server, request)
    return server.page(request, "status", report=report, ds=ds)


def _contact(ds: Dataset, unit: str) -> str:
    """联系人 of the unit as the registry has it (the office's own view: with the phone)."""
    found = unit_contact(ds.registry, unit)
    return found.internal if found is not None else "—"


async def reminders_page(server: Server, request: Request) -> Response:
    _user(request, *OFFICE)
    ds = await _dataset(server, request)
    as_of = _as_of(server, ds)
    owing: list[tuple[ReportRecord, str]] = [
        (r, _contact(ds, r.unit))
        for r in report_records(ds, as_of)
        if r.state in (ReportState.MISSING, ReportState.PENDING)
    ]
    return server.page(request, "reminders", owing=owing, as_of=as_of, ds=ds)


async def reports_page(server: Server, request: Request) -> Response:
    _user(request, *OFFICE)
    ds = await _dataset(server, request)
    as_of = _as_of(server, ds)
    records = report_records(ds, as_of)
    by_unit = {u: [r for r in records if r.unit == u] for u in ds.responsible_units}
    return server.page(
        request, "reports", by_unit=by_unit, as_of=as_of, problems=server.settings.problems
    )


async def downloads_page(server: Server, request: Request) -> Response:
    user = _user(request, *READERS)
    ds = await _dataset(server, request)
    return server.page(
        request,
        "downloads",
        periods=[(p, downloads.documents(p)) for p in downloads.periods(ds)],
        kinds=downloads.KINDS,
        documents=downloads.DOCUMENTS,
        workbook=user.role in OFFICE,
    )


async def download_bulletin(server: Server, request: Request) -> Response:
    _user(request, *READERS)
    ds = await _dataset(server, request)
    period, kind = str(request.path_params["period"]), str(request.path_params["kind"])
    document = request.query_params.get("kind", "tongbao")
    found = {p.key: p for p in downloads.periods(ds)}
    if (
        kind not in downloads.KINDS
        or period not in found
        or document not in downloads.documents(found[period])
    ):
        raise Refusal(404, "没有这份通报")
    try:
        made = await run_in_threadpool(
            downloads.bulletin,
            server.settings.data,
            ds,
            period,
            kind,
            server.settings.browser,
            document,
        )
    except downloads.DownloadError as exc:
        raise Refusal(503, f"未能生成通报：{exc}") from None
    name = f"{downloads.DOCUMENTS[document]}-{period}.{kind}"
    return _attachment(made, name, downloads.KINDS[kind].media)


async def download_workbook(server: Server, request: Request) -> Response:
    _user(request, *OFFICE)
    _, report = await _status(server, request)
    made = await run_in_threadpool(downloads.workbook, report)
    name = f"重点民生实事-{report.as_of.isoformat()}.xlsx"
    return _attachment(made, name, downloads.XLSX)


def _attachment(data: bytes, name: str, media: str) -> Response:
    headers = {**_HEADERS, "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
    return Response(data, media_type=media, headers=headers)


async def duban_page(server: Server, request: Request) -> Response:
    _user(request, *OFFICE)
    _, report = await _status(server, request)
    sheet = await run_in_threadpool(downloads.duban_sheet, report)
    view = await run_in_threadpool(duban_view, report)
    return server.page(
        request, "duban", sheet=sheet, as_of=report.as_of, suggestions=view.suggestions
    )


async def issue_action(server: Server, request: Request) -> Response:
    """下发督办事项: the office's own file under duban/actions/, prefilled from a suggestion
    as ``new-duban --from`` writes it, committed like a report (never a unit's file)."""
    user = _user(request, *OFFICE)
    posted = await _form(request)
    ds, report = await _status(server, request)
    view = await run_in_threadpool(duban_view, report)
    wanted = posted.get("suggestion")
    found = next((s for s in view.suggestions if s.id == wanted), None)
    if found is None:
        raise Refusal(404, "没有这条督办建议（可能已有督办事项）；请返回督办台账刷新后再看")
    today = server.settings.today()
    path = action_path(server.settings.data, found.unit, today)
    action_id = path.name.removesuffix(".yaml")
    text = new_duban.render(ds, found, action_id, today)
    subject = f"督办事项 {action_id}：{found.action}（网页下发）"
    try:
        written = await _write_office(server, user, path, text, subject, f"督办事项 {action_id}")
    except Conflict:
        raise Refusal(409, "同一时间另有人下发了这一督办事项；请返回督办台账刷新后再看") from None
    return server.page(
        request,
        "issued",
        action_id=action_id,
        path=path.relative_to(server.settings.data),
        written=written,
        suggestion=found,
    )


async def acceptance_page(server: Server, request: Request) -> Response:
    _user(request, *OFFICE)
    ds = await _dataset(server, request)
    values = {"accepted": server.settings.today().isoformat(), "accepted_by": issuer(ds)}
    return _acceptance_form(server, request, ds, values, {})


def _acceptance_form(
    server: Server,
    request: Request,
    ds: Dataset,
    values: dict[str, str],
    errors: dict[str, list[str]],
    status: int = 200,
) -> Response:
    return server.page(
        request,
        "acceptance",
        status,
        ds=ds,
        inputs=acceptance.INPUTS,
        values=values,
        errors=errors,
        records=sorted(ds.acceptance, key=lambda a: (a.record.accepted, a.doc.path)),
    )


async def record_acceptance(server: Server, request: Request) -> Response:
    """验收 / 销号 recorded: a new file under duban/acceptance/, never over another."""
    user = _user(request, *OFFICE)
    posted = await _form(request)
    ds = await _dataset(server, request)
    values = {i.key: str(posted.get(i.key, ""))[:2000] for i in acceptance.INPUTS}
    checked = acceptance.check(ds, server.settings.data, values, server.settings.today())
    if not checked.ok:
        return _acceptance_form(server, request, ds, values, checked.errors, 422)
    where = checked.path.relative_to(server.settings.data).as_posix()
    subject = f"验收记录 {where}（网页录入）"
    try:
        written = await _write_office(
            server, user, checked.path, checked.text, subject, f"验收记录 {where}"
        )
    except Conflict:
        errors = {"": [f"已有验收记录 {where}；如需修改，请编辑该文件"]}
        return _acceptance_form(server, request, ds, values, errors, 409)
    return server.page(
        request,
        "recorded",
        what="验收",
        back=("/acceptance", "验收和销号"),
        path=where,
        written=written,
    )


async def _write_office(
    server: Server, user: Account, path: Path, text: str, subject: str, what: str
) -> Written:
    """One of the office's own files (督办事项, 验收记录, 督查记录), new — never over another
    (:class:`Conflict`) — and committed like a report, authored by the account; a refusal or
    a failed commit is kept for the coordinator."""
    author = Author(user.shown_name, user.email)
    try:
        written = await run_in_threadpool(server.store.write, path, text, NEW, author, subject)
    except Refused as exc:
        server.settings.tell(f"{what}：{exc}")
        raise Refusal(503, str(exc)) from None
    if written.git_problem:
        server.settings.tell(f"{what}：{written.git_problem}")
    return written


async def inspections_page(server: Server, request: Request) -> Response:
    _user(request, *OFFICE)
    ds = await _dataset(server, request)
    values = {"date": server.settings.today().isoformat(), "team": issuer(ds)}
    return _inspection_form(server, request, ds, values, {})


def _inspection_form(
    server: Server,
    request: Request,
    ds: Dataset,
    values: dict[str, str],
    errors: dict[str, list[str]],
    status: int = 200,
) -> Response:
    return server.page(
        request,
        "inspections",
        status,
        ds=ds,
        inputs=inspection.INPUTS,
        finding=inspection.FINDING,
        key=inspection.finding_key,
        flagged=inspection.flagged(errors),
        values=values,
        errors=errors,
        records=sorted(ds.inspections, key=lambda i: (i.record.date, i.id)),
    )


async def record_inspection(server: Server, request: Request) -> Response:
    """督查记录 recorded: a new file duban/inspections/<date>-<n>.yaml, the next free number."""
    user = _user(request, *OFFICE)
    posted = await _form(request)
    ds = await _dataset(server, request)
    values = {k: str(posted.get(k, ""))[:2000] for k in inspection.keys(ds)}
    checked = inspection.check(ds, server.settings.data, values, server.settings.today())
    if not checked.ok:
        return _inspection_form(server, request, ds, values, checked.errors, 422)
    where = checked.path.relative_to(server.settings.data).as_posix()
    subject = f"督查记录 {where}（网页录入）"
    try:
        written = await _write_office(
            server, user, checked.path, checked.text, subject, f"督查记录 {where}"
        )
    except Conflict:
        errors = {"": [f"同一时间另有人记录了 {where}；请再提交一次（将写成下一个序号）"]}
        return _inspection_form(server, request, ds, values, errors, 409)
    return server.page(
        request,
        "recorded",
        what="督查",
        back=("/inspections", "督查记录"),
        path=where,
        written=written,
    )


async def problems_page(server: Server, request: Request) -> Response:
    _user(request, *OFFICE)
    try:
        result = await run_in_threadpool(server.load)
        problems = result.problems
        failure = None
    except DataDirError as exc:
        problems, failure = [], str(exc)
    return server.page(
        request,
        "problems",
        problems=problems,
        failure=failure,
        refusals=server.settings.problems,
    )
