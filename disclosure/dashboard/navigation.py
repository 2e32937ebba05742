"""The dashboard's pages as st.Page objects, built once per run by app.py and looked up by key.

Why objects rather than paths: st.switch_page / st.page_link with a path string are
resolved against the file registry and break silently when a file moves; the StreamlitPage object
itself always resolves to the page registered with st.navigation, and one table holds every page's
title, icon and URL.
"""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

# key -> (section, file, title, icon, is default)
PAGE_SPECS: dict[str, tuple[str, str, str, str, bool]] = {
    "overview": ("概况", "views/overview.py", "总览", ":material/home:", True),
    "requests": ("概况", "views/requests.py", "申请量", ":material/inbox:", False),
    "outcomes": ("概况", "views/outcomes.py", "办理结果", ":material/fact_check:", False),
    "review": ("概况", "views/review.py", "复议诉讼", ":material/gavel:", False),
    "platform": ("概况", "views/platform.py", "平台", ":material/smartphone:", False),
    "active": ("概况", "views/active.py", "主动公开", ":material/campaign:", False),
    "compare": ("单位", "views/compare.py", "对比", ":material/compare_arrows:", False),
    "briefing": ("单位", "views/briefing.py", "会议简报", ":material/description:", False),
    "profile": ("单位", "views/profile.py", "单位档案", ":material/folder_open:", False),
    "quality": ("数据", "views/quality.py", "数据质量", ":material/rule:", False),
    "export": ("数据", "views/export.py", "数据导出", ":material/download:", False),
}

# Registered only for an authenticated administrator (access.current_admin), never for viewers.
ADMIN_PAGE_SPECS: dict[str, tuple[str, str, str, str, bool]] = {
    "admin_upload": ("管理", "views/admin_upload.py", "上传报告", ":material/upload_file:", False),
    "admin_corrections": ("管理", "views/admin_corrections.py", "更正数值", ":material/edit_note:", False),
    "admin_review": ("管理", "views/admin_review.py", "复核校验", ":material/task_alt:", False),
}
# Shown to viewers only when an admin login is configured in secrets; it offers nothing but the login.
LOGIN_PAGE_SPEC = ("管理", "views/admin_login.py", "管理员登录", ":material/login:", False)

_pages: dict[str, StreamlitPage] = {}


def specs_for(admin: str | None, login: bool) -> dict[str, tuple[str, str, str, str, bool]]:
    """The pages one visitor may reach: viewers never get an admin page."""
    specs = dict(PAGE_SPECS)
    if admin:
        specs.update(ADMIN_PAGE_SPECS)
    if admin or login:
        specs["admin_login"] = LOGIN_PAGE_SPEC
    return specs


def build(admin: str | None = None, login: bool = False) -> dict[str, list[StreamlitPage]]:
    """Create the page objects (url_path = key) grouped by sidebar section, for st.navigation.

    `admin`: the authenticated administrator (admin pages are added); `login`: add the login page."""
    sections: dict[str, list[StreamlitPage]] = {}
    for key, (section, path, title, icon, default) in specs_for(admin, login).items():
        page = st.Page(path, title=title, icon=icon, url_path=key, default=default)
        _pages[key] = page
        sections.setdefault(section, []).append(page)
    return sections


def page(key: str) -> StreamlitPage:
    """The page object for a key (after build() ran in this process)."""
    return _pages[key]
