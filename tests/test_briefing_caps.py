"""Regression: a briefing of a large scope lists the first rows, not every agency and report.

At 2 000 000 reports a national briefing laid out a ranking table of 283 000 agencies and a sources
appendix of 560 000 reports (minutes of Python, a document no meeting reads). Ranks, bands and quartiles
are still computed over every agency; only the listing is capped, and its caption says so."""

from __future__ import annotations

import pytest

from disclosure.briefing import model
from disclosure.dashboard import data
from disclosure.dashboard.selection import Selection


@pytest.fixture(scope="module")
def full(sample_dir):
    con = data.connect(sample_dir)
    scope = Selection(2023, 2024, province="福建省")
    return con, scope, model.build(con, scope, 2024)


def test_capped_listings_are_the_head_of_the_full_ones(full, monkeypatch) -> None:
    con, scope, whole = full
    ranking, sources = whole.tables()["ranking"], whole.tables()["sources"]
    assert len(ranking.rows) > 3 and len(sources.rows) > 2
    monkeypatch.setattr(model, "MAX_RANKING_ROWS", 3)
    monkeypatch.setattr(model, "MAX_SOURCE_ROWS", 2)
    capped = model.build(con, scope, 2024)
    got = capped.tables()
    assert got["ranking"].rows == ranking.rows[:3]  # same ranks: computed over every agency
    assert "列出前 3 个" in got["ranking"].caption and f"{len(ranking.rows)} 个单位" in got["ranking"].caption
    assert got["sources"].rows == sources.rows[:2]
    assert f"共 {len(sources.rows)} 份，列出前 2 份" in got["sources"].caption
    assert got["quartiles"].rows == whole.tables()["quartiles"].rows
    # below the caps nothing is said about a cap
    assert "列出前" not in ranking.caption and "列出前" not in sources.caption
    same = {k: v for k, v in got.items() if k not in ("ranking", "sources")}
    assert same == {k: v for k, v in whole.tables().items() if k not in ("ranking", "sources")}
