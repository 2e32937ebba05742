"""Who is an administrator. Two ways, both configured in `.streamlit/secrets.toml` (see README):

- With an identity provider: Streamlit's built-in `st.login` (OIDC, an `[auth]` section) and a list
  of administrator e-mail addresses in `[admin] emails`. The provider proves who someone is; the list
  says who may change data.
- On a single machine without one: `[admin.passwords]` maps a user name to an Argon2id hash
  (argon2-cffi, the maintained binding of the Password Hashing Competition winner). Only the hash is
  stored; `python -m disclosure.admin.auth` prints one for a password typed at the prompt.

Nobody is an administrator when neither is configured (the default): viewers never see admin pages.
"""

from __future__ import annotations

import getpass
import hmac
import sys
from collections.abc import Mapping
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_HASHER = PasswordHasher()
# Verified against when the user name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY = _HASHER.hash("not a password")


def hash_password(password: str) -> str:
    """An Argon2id hash string for `[admin.passwords]`."""
    if not password:
        raise ValueError("empty password")
    return _HASHER.hash(password)


def admin_section(secrets: Mapping[str, Any]) -> Mapping[str, Any]:
    try:
        section = secrets.get("admin") or {}
    except Exception:  # noqa: BLE001 - st.secrets raises when no secrets file exists
        return {}
    return section if isinstance(section, Mapping) else {}


def modes(secrets: Mapping[str, Any]) -> list[str]:
    """Configured ways to log in: "oidc" (an [auth] section and admin e-mails), "password"."""
    section = admin_section(secrets)
    out = []
    try:
        has_auth = bool(secrets.get("auth"))
    except Exception:  # noqa: BLE001
        has_auth = False
    if has_auth and section.get("emails"):
        out.append("oidc")
    if section.get("passwords"):
        out.append("password")
    return out


def check_password(secrets: Mapping[str, Any], user: str, password: str) -> bool:
    """True when `user` has a hash in `[admin.passwords]` and `password` matches it."""
    hashes = admin_section(secrets).get("passwords") or {}
    stored = hashes.get(user) if isinstance(hashes, Mapping) and user else None
    try:
        _HASHER.verify(stored if isinstance(stored, str) else _DUMMY, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return isinstance(stored, str)


def is_admin_email(secrets: Mapping[str, Any], email: str | None) -> bool:
    """True for an e-mail (from the identity provider) listed in `[admin] emails` (case-insensitive)."""
    if not email:
        return False
    allowed = admin_section(secrets).get("emails") or []
    want = email.strip().lower().encode()
    return any(hmac.compare_digest(want, str(a).strip().lower().encode()) for a in allowed)


def main() -> None:
    """Print an Argon2id hash for a password typed twice (never echoed, never stored)."""
    first = getpass.getpass("管理员密码 password: ")
    if first != getpass.getpass("再输入一次 again: "):
        print("两次输入不一致 (passwords differ)", file=sys.stderr)
        sys.exit(2)
    print(hash_password(first))


if __name__ == "__main__":
    main()
