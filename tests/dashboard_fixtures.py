"""Helpers of the dashboard tests (the fixtures that use them are in conftest.py).

Two datasets: `sample` — tests/sample_dataset.py, built through the store (has an aggregate report,
failed checks, imputed/ambiguous cells, an old version); `bundled` — the project's `data/` folder,
used when the ingest has produced it (skipped otherwise). And the nastiest legal reports (`nasty_reports`).
"""

from __future__ import annotations

import copy
import hashlib
import os
from pathlib import Path

import duckdb
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import app_test

from disclosure.dashboard import data
from disclosure.pipeline import parse_file

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
BUNDLED = Path(os.environ.get("DISCLOSURE_TEST_BUNDLED", ROOT / "data"))  # override to try another build
PAGES = [
    "overview",
    "requests",
    "outcomes",
    "review",
    "platform",
    "active",
    "compare",
    "profile",
    "quality",
    "export",
    "briefing",
]


def _bundled_available() -> bool:
    return data.has_data(BUNDLED)


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


# --- the nastiest legal reports, stored through the store's own code path ------------------------------

CORPUS = ROOT / "tests" / "corpus"
HUGE = (
    2**53
)  # the largest count the dataset accepts (contract.MAX_ABS_VALUE; beyond it a file fails to parse)
INJECTED_NAME = "恶意单位[点我](http://evil.example/a)![图](http://evil.example/x.png):red[红]**粗**<b>x</b>"
INJECTED_FILE = '=HYPERLINK("http://evil.example")[f](http://evil.example)`x`.txt'


def _walk_numbers(node, fn):
    if isinstance(node, dict):
        return {k: _walk_numbers(v, fn) for k, v in node.items()}
    return fn(node) if isinstance(node, int | float) and not isinstance(node, bool) else node


def nasty_reports() -> list[dict]:
    """Contract dicts (disclosure parse --json) built from a real corpus report, then made hostile but
    legal: no agency, counts near 5×10^18, every cell blank, injected names and file names."""

    base = parse_file(str(CORPUS / "pingtan_2024.txt")).to_json()
    out = []

    def variant(tag: str, **changes) -> dict:
        r = copy.deepcopy(base)
        r.update(changes)
        r["source"] = {
            **r["source"],
            "sha256": hashlib.sha256(tag.encode()).hexdigest(),
            "file": changes.get("_file", f"{tag}.txt"),
        }
        r.pop("_file", None)
        return r

    no_agency = variant(
        "no_agency",
        agency=None,
        region={"province": None, "city": None, "county": None},
        level=None,
        kind=None,
        scope=None,
    )
    out.append(no_agency)
    for i, year in enumerate((2023, 2024)):
        for j in range(2):  # two agencies × two years of huge counts: sums beyond INT64
            r = variant(
                f"huge{i}{j}",
                agency=f"巨量单位{j}",
                year=year,
                region={"province": "福建省", "city": "福州市", "county": None},
                level="prefecture",
                kind="department",
            )
            for section in ("requests", "review_litigation"):
                r[section] = _walk_numbers(r[section], lambda v: HUGE)
            r["cells"] = [
                {
                    **c,
                    "value": float(HUGE)
                    if c["path"].split(".")[0] in ("requests", "review_litigation") and c["value"] is not None
                    else c["value"],
                }
                for c in r["cells"]
            ]
            r["checks"] = []
            out.append(r)
    blank = variant(
        "all_blank",
        agency=INJECTED_NAME,
        _file=INJECTED_FILE,
        region={"province": "福建省", "city": "福州市", "county": "平潭县"},
    )
    for section in ("active", "requests", "review_litigation"):
        blank[section] = _walk_numbers(blank[section], lambda v: None)
    blank["cells"] = [{**c, "value": None, "raw": None} for c in blank["cells"]]
    blank["platform_metrics"] = [
        {
            **m,
            "account": "<img src=x onerror=alert(1)>[a](http://evil.example)",
            "value": None,
            "qualifier": None,
            "unit": None,
            "period": None,
            "sentence": "![x](http://evil.example/p.png)",
        }
        for m in base["platform_metrics"][:2]
    ]
    blank["checks"] = [{**c, "ok": None, "expected": None, "actual": None} for c in base["checks"]]
    out.append(blank)
    legacy = variant(
        "legacy_injected",
        agency=INJECTED_NAME + "旧",
        year=2017,
        template="legacy",
        active={},
        requests={},
        review_litigation={},
        cells=[],
        checks=[],
    )
    out.append(legacy)
    return out
