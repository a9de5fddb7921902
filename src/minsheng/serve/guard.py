"""What keeps the server safe to leave running on an office network: request size limits,
login rate limits, CSRF tokens and the access log."""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from collections import deque
from collections.abc import MutableMapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 1024 * 1024  # bytes of a request: a unit's form with every text field long is ~200 KB
LOGIN_WINDOW = 300.0  # seconds
LOGIN_TRIES = 5  # failed logins per name and address within the window
ADDRESS_TRIES = 20  # failed logins per address (any name) within the window
ACCESS_LOG = logging.getLogger("minsheng.serve.access")


class TooLarge(Exception):
    pass


class SizeLimit:
    """Refuses (413) a request whose body is larger than ``limit`` bytes, told by its
    Content-Length or found while it is read."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.limit:
            await _too_large(send)
            return
        seen = 0
        started = False

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise TooLarge
            return message

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, sending)
        except TooLarge:
            if not started:
                await _too_large(send)


TOO_LARGE = "提交的内容太大（超过 1 MB），未保存；请精简文字后再提交".encode()


async def _too_large(send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": TOO_LARGE})


class Throttle:
    """Failed logins remembered for a while (monotonic clock); too many → refused."""

    def __init__(self, window: float = LOGIN_WINDOW) -> None:
        self.window = window
        self._failed: dict[str, deque[float]] = {}

    def blocked(self, address: str, login: str) -> float:
        """Seconds until ``login`` from ``address`` may try again (0: now)."""
        now = time.monotonic()
        waits = [
            self._wait(key, limit, now)
            for key, limit in ((f"{address}|{login}", LOGIN_TRIES), (address, ADDRESS_TRIES))
        ]
        return max(waits)

    def failed(self, address: str, login: str) -> None:
        now = time.monotonic()
        for key in (f"{address}|{login}", address):
            self._failed.setdefault(key, deque()).append(now)

    def passed(self, address: str, login: str) -> None:
        self._failed.pop(f"{address}|{login}", None)

    def _wait(self, key: str, limit: int, now: float) -> float:
        times = self._failed.get(key)
        if not times:
            return 0.0
        while times and now - times[0] > self.window:
            times.popleft()
        if len(times) < limit:
            return 0.0
        return self.window - (now - times[0])


def csrf_token(session: MutableMapping[str, Any]) -> str:
    """The session's CSRF token (made on first use): every form carries it back."""
    token = session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(24)
        session["csrf"] = token
    return token


def csrf_ok(session: MutableMapping[str, Any], given: object) -> bool:
    token = session.get("csrf")
    return (
        isinstance(token, str)
        and isinstance(given, str)
        and hmac.compare_digest(token.encode(), given.encode())
    )


class AccessLog:
    """One line per request: address, account, method, path, status, milliseconds. Never a
    request body (passwords travel only there), never a query string."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began = time.monotonic()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            client = scope.get("client") or ("-", 0)
            who = scope.get("state", {}).get("login", "-")
            ACCESS_LOG.info(
                "%s %s %s %s %d %.0fms",
                client[0],
                who,
                scope["method"],
                scope["path"],
                status,
                (time.monotonic() - began) * 1000,
            )
