"""The accounts of the web form: login names, units, roles, and scrypt password hashes, in a
JSON file outside the data folder (created 0600), with the cookie-signing secret beside it.

scrypt (``hashlib.scrypt``, the standard library) is memory-hard: with N = 2**14, r = 8,
p = 1 every guess costs 16 MiB of memory and some 50 ms on an office PC. The parameters are
stored with each hash, so raising them later keeps older hashes usable.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import asdict, replace
from enum import StrEnum
from pathlib import Path

from ..records import frozen
from ..write.atomic import WriteRefused, atomic_write, make_folder

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_SCRYPT_MEMORY = 64 * 1024 * 1024  # maxmem: above 128 * N * r (16 MiB)
SECRET_FILE = "session-secret"
FILE_VERSION = 1
PASSWORD_LENGTH = 16
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I
MAX_LOGIN = 64


class Role(StrEnum):
    CLERK = "clerk"  # 填报人员: one unit's reports
    SUPERVISOR = "supervisor"  # 督查室: reads everything; review, acceptance, 督办
    COORDINATOR = "coordinator"  # 发改委: everything
    VIEWER = "viewer"  # leaders: status and bulletins

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.CLERK: "填报人员",
    Role.SUPERVISOR: "督查室",
    Role.COORDINATOR: "发改委（牵头协调）",
    Role.VIEWER: "查阅（领导）",
}


class AccountError(Exception):
    """The accounts file cannot be read or written, or an account cannot be made: in Chinese."""


@frozen
class Account:
    login: str
    role: Role
    unit: str | None = None  # a clerk's unit
    name: str = ""  # display name; the git author
    email: str = ""
    password: str = ""  # scrypt$N$r$p$salt-hex$hash-hex

    @property
    def stamp(self) -> str:
        """Changes whenever the password does: a session made before a reset ends with it."""
        return hashlib.sha256(self.password.encode("ascii")).hexdigest()[:16]

    @property
    def shown_name(self) -> str:
        return self.name or self.login


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_password(stored: str, password: str) -> bool:
    """Whether ``password`` is the one ``stored`` was made from (in constant time)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        found = _scrypt(password, bytes.fromhex(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(found, bytes.fromhex(digest))


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_SCRYPT_MEMORY, dklen=32
    )


def new_password() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(PASSWORD_LENGTH))


class Accounts:
    """The accounts file: read whole, written whole (atomically, 0600)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.accounts: dict[str, Account] = {}
        if path.exists():
            self.accounts = _read(path)

    def get(self, login: str) -> Account | None:
        return self.accounts.get(login)

    def of_unit(self, unit: str) -> list[Account]:
        return [a for a in self.accounts.values() if a.unit == unit]

    def add(self, account: Account) -> str:
        """Adds ``account`` with a generated password, which is returned (shown once)."""
        if account.login in self.accounts:
            raise AccountError(f"登录名「{account.login}」已存在；请换一个，或用 account reset")
        password = new_password()
        self.accounts[account.login] = replace(account, password=hash_password(password))
        self.save()
        return password

    def reset(self, login: str) -> str:
        found = self._known(login)
        password = new_password()
        self.accounts[login] = replace(found, password=hash_password(password))
        self.save()
        return password

    def remove(self, login: str) -> Account:
        found = self._known(login)
        del self.accounts[login]
        self.save()
        return found

    def _known(self, login: str) -> Account:
        found = self.accounts.get(login)
        if found is None:
            known = "、".join(self.accounts) or "无"
            raise AccountError(f"没有登录名为「{login}」的账号；现有：{known}")
        return found

    def free_login(self, base: str) -> str:
        """``base``, or ``base-2``, ``base-3`` … when taken."""
        login, n = base, 1
        while login in self.accounts:
            n += 1
            login = f"{base}-{n}"
        return login

    def save(self) -> None:
        entries = [asdict(a) for a in sorted(self.accounts.values(), key=lambda a: a.login)]
        text = json.dumps(
            {"version": FILE_VERSION, "accounts": entries}, ensure_ascii=False, indent=2
        )
        try:
            make_folder(self.path.parent, 0o700)
            atomic_write(self.path, text + "\n", force=True, mode=0o600)
        except (WriteRefused, OSError) as exc:
            raise AccountError(f"无法写入账号文件「{self.path}」：{exc}") from None


def _read(path: Path) -> dict[str, Account]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        found = {}
        for entry in data["accounts"]:
            account = Account(**{**entry, "role": Role(entry["role"])})
            found[account.login] = account
    except OSError as exc:
        raise AccountError(f"无法读取账号文件「{path}」：{exc.strerror or exc}") from None
    except (ValueError, KeyError, TypeError):
        raise AccountError(
            f"账号文件「{path}」已损坏或不是 minsheng 的账号文件；请恢复备份，或删除后重新添加账号"
        ) from None
    return found


def session_secret(accounts_file: Path) -> bytes:
    """The cookie-signing secret beside the accounts file, made (0600) on first use."""
    path = accounts_file.parent / SECRET_FILE
    try:
        if path.exists():
            return bytes.fromhex(path.read_text(encoding="ascii").strip())
        make_folder(path.parent, 0o700)
        secret = secrets.token_bytes(32)
        try:
            atomic_write(path, secret.hex() + "\n", mode=0o600)
        except WriteRefused:  # another process made it first: use theirs
            return bytes.fromhex(path.read_text(encoding="ascii").strip())
        return secret
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise AccountError(f"无法读取或创建会话密钥文件「{path}」：{exc}") from None


def permissions_problem(path: Path) -> str | None:
    """A warning when others may read the file (on systems with POSIX permissions)."""
    if os.name != "posix" or not path.exists():
        return None
    mode = path.stat().st_mode & 0o077
    return f"「{path}」可被其他用户读取；请运行 chmod 600 {path}" if mode else None
