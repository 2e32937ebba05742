"""Who is looking at the dashboard: a viewer, or an authenticated administrator (and by which login).

The decision is `disclosure.admin.auth` on `st.secrets`; this module only reads Streamlit's session:
`st.user` for the built-in OIDC login (`st.login`), `st.session_state` for the password login of a
single-machine install. navigation.build() registers admin pages only when `current_admin()` names
someone, and every admin page calls `require_admin()` again, so a viewer can neither see nor reach one.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from disclosure.admin import auth

_SESSION_KEY = "admin_user"


def _secrets() -> Any:
    try:
        return st.secrets
    except Exception:  # noqa: BLE001 - no secrets file: nobody is an administrator
        return {}


def login_modes() -> list[str]:
    try:
        return auth.modes(_secrets())
    except Exception:  # noqa: BLE001 - a missing or broken secrets file means no admin login at all
        return []


def _oidc_email() -> str | None:
    try:
        if st.user.is_logged_in:
            return str(st.user.get("email") or "") or None
    except Exception:  # noqa: BLE001 - st.user without an [auth] section
        return None
    return None


def current_admin() -> str | None:
    """The administrator's name (OIDC e-mail or password user), or None for a viewer."""
    modes = login_modes()
    if "oidc" in modes:
        email = _oidc_email()
        if email and auth.is_admin_email(_secrets(), email):
            return email
    if "password" in modes:
        user = st.session_state.get(_SESSION_KEY)
        if isinstance(user, str) and user:
            return user
    return None


def password_login(user: str, password: str) -> bool:
    """Check a password login against the hashes in secrets; remember the user in this session."""
    if "password" in login_modes() and auth.check_password(_secrets(), user, password):
        st.session_state[_SESSION_KEY] = user
        return True
    return False


def logout() -> None:
    st.session_state.pop(_SESSION_KEY, None)
    if _oidc_email():
        st.logout()


def require_admin() -> str:
    """Stop the page for anyone who is not an administrator (defence in depth behind navigation)."""
    who = current_admin()
    if who is None:
        st.error("此页面仅限管理员。", icon=":material/lock:")
        st.stop()
    return who  # type: ignore[return-value]
