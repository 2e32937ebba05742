"""Helpers of the end-to-end tests in headless Debian Chromium (the fixtures are in conftest.py)."""

from __future__ import annotations

import socket
import time

from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"  # Debian's (scripts/system_packages.sh): never a downloaded browser
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_idle(page: Page) -> None:
    page.wait_for_selector('[data-testid="stApp"]', timeout=90000)
    page.wait_for_timeout(500)
    deadline = time.time() + 60
    while time.time() < deadline and page.query_selector('[data-testid="stStatusWidget"]'):
        page.wait_for_timeout(200)
    page.wait_for_timeout(500)


def metric_value(page: Page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]', has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def no_exception(page: Page) -> None:
    exc = [e.inner_text()[:300] for e in page.query_selector_all('[data-testid="stException"]')]
    assert not exc, exc
