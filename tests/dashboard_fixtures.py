"""Fixtures for the dashboard tests (kept out of conftest.py, which other modules may own).

Two datasets: `sample` — the deterministic synthetic dataset of `disclosure.dashboard.sample` (has an
aggregate report, failed checks, imputed/ambiguous cells, an old version); `bundled` — the project's
`data/` folder, used when the ingest has produced it (skipped otherwise).
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from disclosure.dashboard import data

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
BUNDLED = Path(os.environ.get("DISCLOSURE_TEST_BUNDLED", ROOT / "data"))  # override to try another build
PAGES = ["overview", "requests", "outcomes", "review", "platform", "active", "compare", "profile", "quality",
         "export", "briefing"]


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory) -> Path:
    from disclosure.dashboard.sample import build

    out = tmp_path_factory.mktemp("dashboard_sample")
    build(out)
    return out


def _bundled_available() -> bool:
    return data.has_data(BUNDLED)


@pytest.fixture(scope="session", params=["sample", "bundled"])
def dataset(request, sample_dir) -> Path:
    if request.param == "sample":
        return sample_dir
    if not _bundled_available():
        pytest.skip("no bundled dataset in data/ yet (run `disclosure ingest`)")
    return BUNDLED


@pytest.fixture
def use_data(monkeypatch):
    """Point the app at a data folder for this test (the app reads $DISCLOSURE_DATA on every run)."""

    def _use(path: Path) -> Path:
        monkeypatch.setenv("DISCLOSURE_DATA", str(path))
        return path

    yield _use
    os.environ.pop("DISCLOSURE_DATA", None)


def con_for(path: Path) -> duckdb.DuckDBPyConnection:
    """An independent connection with plain views (no app macros) for checking figures."""
    con = duckdb.connect()
    for table, file in data.table_paths(path).items():
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{file}')")
    return con


class MediaRecorder:
    """Captures the bytes behind st.download_button in AppTest (its media store is per-run)."""

    files: dict[str, tuple[str | None, bytes]] = {}

    @classmethod
    def install(cls, monkeypatch) -> type[MediaRecorder]:
        from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
        from streamlit.testing.v1 import app_test

        class Recording(MemoryMediaFileStorage):
            def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
                file_id = super().load_and_get_id(path_or_data, mimetype, kind, filename)
                cls.files[file_id] = (filename, self._files_by_id[file_id].content)
                return file_id

        cls.files = {}
        monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Recording)
        return cls

    @classmethod
    def content(cls, url: str) -> tuple[str | None, bytes]:
        return cls.files[os.path.splitext(url.rsplit("/", 1)[-1])[0]]
