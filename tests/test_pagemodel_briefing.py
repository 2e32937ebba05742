"""会议简报's page model: years offered and the texts, on plain frames and a real briefing of the sample."""

from __future__ import annotations

import pandas as pd

from disclosure.briefing import model
from disclosure.dashboard import data
from disclosure.dashboard.pagemodel import briefing as pm
from disclosure.dashboard.selection import Selection


def test_years_newest_first_each_against_the_year_before():
    assert pm.years(pd.DataFrame({"year": [2022, 2024, 2024, 2023]})) == [2024, 2023, 2022]
    assert pm.year_label(2024) == "2024年（对比2023年）"
    assert [d.fmt for d in pm.DOWNLOADS] == ["pdf", "docx", "html"]


def test_done_text_carries_the_briefings_numbers(sample_dir):
    b = model.build(data.connect(sample_dir), Selection(2000, 2000, province="福建省"), 2024)
    text = pm.done_text(b)
    assert text.startswith("福建省 ｜ 2024年：") and f"{b.n_reports} 份报告" in text
    assert b.prev_year == 2023  # the selection's own years are ignored: the year and the one before
    assert pm.file_name(b, "pdf").endswith(".pdf")
