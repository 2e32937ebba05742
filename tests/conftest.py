"""Fixtures shared by several test modules (helpers they use live in dashboard_fixtures.py and builders.py).

- `sample_dir`: the dashboard tests' dataset (tests/sample_dataset.py), built once per session through
  the store's own code path;
- `dataset`: each dashboard test twice, on the sample and on the bundled `data/` (skipped when absent);
- `use_data`: points the app at a data folder for one test;
- `nasty_dir`: the nastiest legal reports stored through the store (dashboard_fixtures.nasty_reports);
- `admin_base` / `admin_data`: a real ingest of two corpus reports (平潭 2020 and 2024), once per
  session, copied fresh for each administrator test (they write revisions, reviews and versions);
- `server`, `browser`, `browser_page`: a fresh Streamlit server and headless Debian Chromium.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sample_dataset
from browser import ARGS, CHROMIUM, free_port
from builders import store_reports
from dashboard_fixtures import APP, BUNDLED, ROOT, _bundled_available, nasty_reports
from playwright.sync_api import Browser, Page, sync_playwright

CORPUS = ROOT / "tests" / "corpus"


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dashboard_sample")
    sample_dataset.build(out)
    return out


@pytest.fixture(scope="session", params=["sample", "bundled"])
def dataset(request: pytest.FixtureRequest, sample_dir: Path) -> Path:
    if request.param == "sample":
        return sample_dir
    if not _bundled_available():
        pytest.skip("no bundled dataset in data/ yet (run `disclosure ingest`)")
    return BUNDLED


@pytest.fixture
def use_data(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], Path]]:
    """Point the app at a data folder for this test (the app reads $DISCLOSURE_DATA on every run)."""

    def _use(path: Path) -> Path:
        monkeypatch.setenv("DISCLOSURE_DATA", str(path))
        monkeypatch.setenv("DISCLOSURE_RAISE_ERRORS", "1")  # tests see exceptions; visitors see a message
        return path

    yield _use
    os.environ.pop("DISCLOSURE_DATA", None)


@pytest.fixture(scope="session")
def nasty_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("nasty")
    store_reports(out, [(r, None) for r in nasty_reports()], name="nasty")
    return out


@pytest.fixture(scope="session")
def admin_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real `disclosure ingest` of two corpus reports (one with a failed check), made once."""
    data = tmp_path_factory.mktemp("admin") / "data"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "disclosure",
            "ingest",
            "--quiet",
            "--data",
            str(data),
            str(CORPUS / "pingtan_2020.txt"),
            str(CORPUS / "pingtan_2024.txt"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        cwd=ROOT,
    )
    return data


@pytest.fixture
def admin_data(admin_base: Path, tmp_path: Path) -> Path:
    """A private copy of `admin_base` for one test (administrators' edits write new snapshots)."""
    shutil.copytree(admin_base, tmp_path / "data", symlinks=True)
    return tmp_path / "data"


@pytest.fixture
def admin_app_data(admin_data: Path, use_data: Callable[[Path], Path]) -> Path:
    """`admin_data` with the app pointed at it (the administrator pages' tests)."""
    return use_data(admin_data)


# --- a real Streamlit server and headless Debian Chromium (tests/test_e2e_*.py) -------------------------


@pytest.fixture
def server(sample_dir: Path, tmp_path: Path) -> Iterator[str]:
    """A fresh `streamlit run app.py` over the sample dataset on a free port; yields its base URL."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (scripts/system_packages.sh)")
    port = free_port()
    log = open(tmp_path / "streamlit.log", "w")  # noqa: SIM115
    env = dict(os.environ, DISCLOSURE_DATA=str(sample_dir))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(APP),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=APP.parent,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start: " + (tmp_path / "streamlit.log").read_text())
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        log.close()


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def browser_page() -> Iterator[Page]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = b.new_context(
            viewport={"width": 1400, "height": 1000}, locale="zh-CN", accept_downloads=True
        )
        yield context.new_page()
        b.close()
