"""会议简报: a briefing for one scope and year against the year before, from one model in three formats.

`model.build()` reads the dataset (DuckDB over the Parquet snapshot, SQL in queries/briefing_*.sql)
into a plain `Briefing`; `render_html`, `render_docx` and `render_pdf` only lay that model out. The
dashboard page (views/briefing.py) and the CLI (`disclosure briefing`) both call `output.write()`.
"""
