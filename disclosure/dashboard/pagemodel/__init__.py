"""Page models: what each page shows, as pure functions (query frames in; frames, figures, texts out).

Why: a page script only places widgets and charts; everything it shows is computed here and tested
with plain pandas (tests/test_pagemodel_<page>.py). No Streamlit and no SQL in this package.

`common` holds the aggregate-before-draw rules every page shares: groups one level below the region
filter (queries/*_by_group.sql via the grouped_reports macro), the top N kept and the rest summed into
one "其他" row, pagination of tables.
"""
