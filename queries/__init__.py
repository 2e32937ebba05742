"""The dashboard's SQL, one query per `.sql` file (DuckDB, named parameters such as `$year_from`).

A package only so that the files ship with the project (package data) and are read with
`importlib.resources` (`disclosure.dashboard.data.sql_text`): a non-editable `pip install .` has them
too. No Python code lives here.
"""
