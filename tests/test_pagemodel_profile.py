"""单位档案's page model on plain pandas frames (its default agency: tests/test_pagemodel_picker.py): scope order, peer marks, check verdict."""

from __future__ import annotations

import pandas as pd

from disclosure import benchmarks
from disclosure.dashboard.pagemodel import profile as pm


def test_scope_order_puts_the_linked_year_first_then_more_years():
    reports = pd.DataFrame({"scope": ["own", "own", "aggregate"], "year": [2023, 2024, 2022]})
    assert pm.scope_order(reports) == ["own", "aggregate"]
    assert pm.scope_order(reports, "2022") == ["aggregate", "own"]


def test_peer_chart_is_marked_when_a_peer_figure_includes_a_correction():
    m = benchmarks.metrics()["open_rate"]
    peers = pd.DataFrame(
        {"agency_id": ["a", "b"], "corrected_paths": [["requests.new.total"], ["requests.granted.total"]]}
    )
    assert pm.peers_corrected(peers, m)["agency_id"].tolist() == ["b"]  # new.total is not in 公开率
    assert pm.peers_corrected(peers, benchmarks.metrics()["new"])["agency_id"].tolist() == ["a"]


def test_check_verdict_never_says_error_for_warnings_only():
    def checks(ok, severity):
        return pd.DataFrame({"ok": pd.array(ok, dtype="boolean"), "severity": severity})

    assert pm.check_verdict(checks([True, None], ["error", "error"]))[0] == "success"
    assert pm.check_verdict(checks([False, True], ["warning", "error"])) == (
        "warning",
        "1 项提示未通过（没有错误；共 2 项）。",
    )
    assert pm.check_verdict(checks([False, False], ["error", "warning"]))[1].startswith("1 项错误、1 项提示")


def test_printed_profile_lists_the_checks_not_passed_and_counts_the_rest():
    checks = pd.DataFrame(
        {
            "ok": [True, False, None, True, True],
            "rule": ["R1", "R2", "R3", "R3", "R6"],
            "severity": ["error", "error", "error", "error", "warning"],
        }
    )
    shown, n_passed = pm.printed_checks(checks)
    assert n_passed == 3
    assert shown["rule"].tolist() == ["R2", "R3"]  # the failure and the blank (not evaluable) stay listed
    none_failed, all_passed = pm.printed_checks(checks[checks["ok"] == True])  # noqa: E712
    assert none_failed.empty and all_passed == 3
