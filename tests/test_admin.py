"""Administration logic (disclosure.admin): authentication, corrections, reviews, uploads, accepting.

Real datasets built here by ingesting corpus reports; real Argon2 hashes; the queries that apply
corrections run in DuckDB over the written snapshot.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from disclosure.admin import auth, edits, upload
from disclosure.dashboard import data as dash_data
from disclosure.errors import InputError
from disclosure.store import layout

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"


# --- authentication -----------------------------------------------------------------------------


def test_password_hash_and_check() -> None:
    h = auth.hash_password("correct horse 电池")
    assert h.startswith("$argon2id$") and "correct" not in h
    secrets = {"admin": {"passwords": {"alice": h}}}
    assert auth.check_password(secrets, "alice", "correct horse 电池")
    for user, pw in (
        ("alice", "wrong"),
        ("alice", ""),
        ("bob", "correct horse 电池"),
        ("", ""),
        ("alice", "correct horse 电池 "),
    ):
        assert not auth.check_password(secrets, user, pw), (user, pw)
    assert not auth.check_password({"admin": {"passwords": {"alice": "not-a-hash"}}}, "alice", "x")
    assert not auth.check_password({}, "alice", "correct horse 电池")
    with pytest.raises(ValueError):
        auth.hash_password("")


def test_modes_and_emails() -> None:
    oidc = {
        "auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "client_id": "x"},
        "admin": {"emails": ["Admin@Gov.CN"]},
    }
    assert auth.modes(oidc) == ["oidc"]
    assert auth.modes({"admin": {"passwords": {"a": auth.hash_password("p")}}}) == ["password"]
    assert auth.modes({}) == [] and auth.modes({"auth": {"client_id": "x"}}) == []  # no admin list: nobody
    assert auth.is_admin_email(oidc, "admin@gov.cn") and auth.is_admin_email(oidc, " ADMIN@gov.cn ")
    assert not auth.is_admin_email(oidc, "viewer@gov.cn") and not auth.is_admin_email(oidc, None)


# --- corrections and reviews ---------------------------------------------------------------------


def _table(data: Path, name: str) -> pl.DataFrame:
    return pl.read_parquet(layout.table_paths(data)[name])


def _cell(data: Path) -> dict:
    cells = _table(data, "cells").filter(pl.col("value").is_not_null() & (pl.col("year") == 2024))
    return cells.row(0, named=True)


def test_revision_keeps_the_printed_value_and_is_applied_by_the_query(admin_data: Path) -> None:
    cell = _cell(admin_data)
    before = _table(admin_data, "cells")
    first = edits.add_revision(
        admin_data,
        edits.Revision(
            cell["report_id"], cell["path"], cell["value"] + 5, "原文第 3 页印刷错误，按附件更正", "alice"
        ),
    )
    second = edits.add_revision(
        admin_data, edits.Revision(cell["report_id"], cell["path"], 7, "再次核对", "bob")
    )
    assert first["old_value"] == cell["value"] and second["old_value"] == cell["value"] + 5
    assert _table(admin_data, "cells").equals(before)  # printed values never change
    revs = _table(admin_data, "revisions")
    assert revs["who"].to_list() == ["alice", "bob"] and revs["reason"][0].startswith("原文第 3 页")
    con = dash_data.connect(admin_data)
    out = dash_data.run("corrected_cells", {"report_id": cell["report_id"]}, con=con)
    row = out[out["path"] == cell["path"]].iloc[0]
    assert row["value"] == cell["value"] and row["value_corrected"] == 7 and bool(row["corrected"])
    assert row["corrected_by"] == "bob"
    others = out[out["path"] != cell["path"]]
    assert (
        not others["corrected"].any()
        and (others["value_corrected"].fillna(-1) == others["value"].fillna(-1)).all()
    )
    log = dash_data.run("agency_revisions", {"agency_id": cell["agency_id"]}, con=con)
    assert log["new_value"].tolist() == [cell["value"] + 5, 7]


@pytest.mark.parametrize(
    "value,reason,who,path",
    [
        (float("nan"), "r", "a", None),
        (float("inf"), "r", "a", None),
        (1e300, "r", "a", None),
        (2**60, "r", "a", None),
        (True, "r", "a", None),
        (1, "   ", "a", None),
        (1, "r", "", None),
        (1, "r", "a", "requests.nope.total"),
    ],
)
def test_invalid_revisions_are_refused(admin_data: Path, value, reason, who, path) -> None:  # noqa: ANN001
    cell = _cell(admin_data)
    with pytest.raises(edits.EditError):
        edits.add_revision(
            admin_data, edits.Revision(cell["report_id"], path or cell["path"], value, reason, who)
        )
    assert "revisions" not in layout.table_paths(admin_data) or _table(admin_data, "revisions").height == 0


def test_review_of_a_failed_check(admin_data: Path) -> None:
    checks = _table(admin_data, "checks")
    failed = checks.filter(pl.col("ok") == False).row(0, named=True)  # noqa: E712 - pingtan_2020 fails R2
    edits.add_review(
        admin_data,
        failed["report_id"],
        failed["rule"],
        failed["where"],
        failed["level"],
        "confirmed",
        "核对原文：报告本身合计不符",
        "alice",
    )
    assert _table(admin_data, "checks").equals(checks)  # the check is never changed or hidden
    out = dash_data.run(
        "check_reviews", {"report_id": failed["report_id"]}, con=dash_data.connect(admin_data)
    )
    reviewed = out[(out["rule"] == failed["rule"]) & (out["where"] == failed["where"])]
    assert reviewed["decision"].tolist()[0] == "confirmed" and reviewed["reviewed_by"].tolist()[0] == "alice"
    with pytest.raises(edits.EditError):
        edits.add_review(
            admin_data,
            failed["report_id"],
            failed["rule"],
            failed["where"],
            failed["level"],
            "deleted",
            "x",
            "alice",
        )
    with pytest.raises(edits.EditError):
        edits.add_review(admin_data, failed["report_id"], "R99", None, "report", "dismissed", "x", "alice")


def test_revisions_survive_later_ingests_and_reparse(admin_data: Path) -> None:
    cell = _cell(admin_data)
    edits.add_revision(admin_data, edits.Revision(cell["report_id"], cell["path"], 1, "理由", "alice"))
    for extra in (["--reparse"], [str(CORPUS / "pingtan_2021.txt")]):
        subprocess.run(
            [sys.executable, "-m", "disclosure", "ingest", "--quiet", "--data", str(admin_data), *extra],
            check=True,
            capture_output=True,
            timeout=300,
            cwd=ROOT,
        )
        assert _table(admin_data, "revisions").height == 1


def test_admin_accepts_a_held_version(admin_data: Path, tmp_path: Path) -> None:
    cut = tmp_path / "pingtan_2024_cut.txt"
    src = (CORPUS / "pingtan_2024.txt").read_bytes()
    cut.write_bytes(src[: len(src) * 3 // 4])
    subprocess.run(
        [sys.executable, "-m", "disclosure", "ingest", "--quiet", "--data", str(admin_data), str(cut)],
        check=True,
        capture_output=True,
        timeout=300,
        cwd=ROOT,
    )
    held = edits.held_versions(admin_data)
    assert held["source_file"].to_list() == [cut.name]
    edits.accept_version(admin_data, held["report_id"][0], "alice")
    reports = _table(admin_data, "reports")
    assert reports.filter(pl.col("is_current") & (pl.col("year") == 2024))["source_file"].to_list() == [
        cut.name
    ]
    assert edits.held_versions(admin_data).height == 0
    with pytest.raises(edits.EditError):
        edits.accept_version(admin_data, "f" * 64, "alice")


# --- upload ---------------------------------------------------------------------------------------


def test_upload_sniffs_content_and_limits_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = (CORPUS / "hzq2024.pdf").read_bytes()
    staged = upload.stage(pdf, "../../etc/报告 2024.txt")  # a lying name and a path: content decides
    try:
        assert staged.kind == "pdf" and staged.path.suffix == ".pdf" and staged.path.parent == staged.folder
        assert ".." not in staged.name
    finally:
        staged.discard()
    for data, fragment in (
        (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "不支持"),
        (b"", "为空"),
        (bytes(range(256)) * 8, "不支持"),
    ):
        with pytest.raises(InputError, match=fragment):
            upload.stage(data, "x.pdf")
    monkeypatch.setenv("DISCLOSURE_MAX_FILE_MB", "0.01")
    with pytest.raises(InputError, match="文件过大"):
        upload.stage(pdf, "big.pdf")


def test_upload_preview_then_atomic_commit(admin_data: Path) -> None:
    staged = upload.stage((CORPUS / "pingtan_2021.txt").read_bytes(), "pingtan_2021.txt")
    try:
        before = layout.current_snapshot(admin_data)
        pre = upload.preview(staged, timeout=120)
        assert pre.ok and pre.report["year"] == 2021 and len(pre.cells) > 100
        assert layout.current_snapshot(admin_data) == before  # a preview stores nothing
        summary = upload.commit(admin_data, staged)
        assert [r.status for r in summary.results] == ["ingested"]
        assert "pingtan_2021.txt" in _table(admin_data, "reports")["source_file"].to_list()
    finally:
        staged.discard()


def test_upload_preview_of_a_hostile_file_is_a_reason(tmp_path: Path) -> None:
    html = "<html><body><table>" + ("<tr>" + '<td colspan="2147483648">1</td>' * 700 + "</tr>") * 700
    staged = upload.stage((html + "</table></body></html>").encode(), "evil.html")
    try:
        pre = upload.preview(staged, timeout=120)
        assert not pre.ok and "表格过大" in pre.reason
    finally:
        staged.discard()
