"""管理员登录: the password form (single-machine install) or the identity provider's login (st.login)."""

from __future__ import annotations

import streamlit as st

from disclosure.dashboard import access

st.title("管理员登录")
who = access.current_admin()
if who:
    st.success("已登录为管理员。", icon=":material/verified_user:")
    st.text(f"账号：{who}")
    if st.button("退出登录", key="admin_logout", icon=":material/logout:"):
        access.logout()
        st.rerun()
    st.stop()

modes = access.login_modes()
if "oidc" in modes:
    st.write("使用单位统一身份认证登录；只有列入管理员名单的账号可以上传、更正和复核数据。")
    if st.button("通过身份认证登录", key="admin_oidc", icon=":material/badge:"):
        st.login()
if "password" in modes:
    with st.form("admin_password_form", clear_on_submit=True):
        user = st.text_input("用户名", key="admin_user_input")
        password = st.text_input("密码", type="password", key="admin_password_input")
        submitted = st.form_submit_button("登录")
    if submitted:
        if access.password_login(user.strip(), password):
            st.rerun()
        else:
            st.error("用户名或密码不正确。")
