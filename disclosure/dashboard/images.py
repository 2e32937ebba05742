"""Chart images that say what they show: a figure + its context → PNG/SVG bytes and a file name.

Pure apart from the renderer: `titled()` copies the figure and adds a title naming the chart, scope
and years and a source line (data as of, number of reports); `file_name()` is built from page,
metric, scope and years. Used by the dashboard's chart helper (ui.chart) and by the briefing.

Why Kaleido (v1) for the images: it renders with Plotly.js itself, so the image is exactly the chart on
the screen (same fonts, colours, number formats), and it drives a Chromium that is already on the
machine (Debian's /usr/bin/chromium, which scripts/test.sh installs) instead of downloading one, so it
works offline; Chinese text comes from Debian's fonts-noto-cjk. One Chromium is started per process on
first use and reused (≈0.3–0.5 s per chart after a ≈4 s start), guarded by a lock because Streamlit
renders from several threads. Matplotlib would need every chart redrawn a second time.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import threading
from dataclasses import dataclass

import plotly.graph_objects as go

from disclosure.dashboard.charts import FONT

SOURCE = "来源：政府信息公开工作年度报告"
DEFAULT_WIDTH = 1200
DEFAULT_HEIGHT = 500
SOURCE_MARGIN = 48  # extra bottom margin (px) that holds the source line
_UNSAFE = re.compile(r'[\\/:*?"<>|\s　·｜，,。]+')


@dataclass(frozen=True)
class ChartContext:
    page: str  # the dashboard page (or "会议简报")
    metric: str  # what the chart shows, e.g. "申请数量"
    scope: str  # the region / set of agencies
    years: str  # "2024年" or "2019–2024年"
    data_as_of: str  # e.g. "2026-11-25 13:32"
    n_reports: int

    def title(self) -> str:
        return f"{self.metric}（{self.scope}，{self.years}）"

    def source_line(self) -> str:
        return f"数据截至 {self.data_as_of} ｜ 报告 {self.n_reports:,} 份 ｜ {SOURCE}"


def _safe(part: str) -> str:
    return _UNSAFE.sub("", part).strip("._-")[:40]


def file_name(ctx: ChartContext, ext: str) -> str:
    """政府信息公开_<page>_<metric>_<scope>_<years>.<ext>, without characters a file system rejects."""
    parts = [_safe(p) for p in ("政府信息公开", ctx.page, ctx.metric, ctx.scope, ctx.years)]
    return "_".join(p for p in parts if p) + f".{ext}"


def metric_of(fig: go.Figure, fallback: str) -> str:
    """The chart's own title (what it shows) without any earlier scope/year suffix."""
    text = fig.layout.title.text if fig.layout.title and fig.layout.title.text else ""
    return text or fallback


def titled(fig: go.Figure, ctx: ChartContext, width: int = DEFAULT_WIDTH) -> go.Figure:
    """A copy of `fig` with the title naming metric, scope and years and a source line at the bottom."""
    out = go.Figure(fig)
    margin = out.layout.margin
    top = max(margin.t if margin and margin.t is not None else 40, 90) + SOURCE_MARGIN
    height = (out.layout.height or DEFAULT_HEIGHT) + SOURCE_MARGIN
    # The source line is the title's subtitle: annotations cannot be placed relative to the whole image
    # (only to the plot area, whose size depends on the automatic margins), a subtitle can.
    out.update_layout(
        title={
            "text": ctx.title(),
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1 - 12 / height,
            "yanchor": "top",
            "yref": "container",
            "font": {"size": 18, "family": FONT},
            "subtitle": {"text": ctx.source_line(), "font": {"size": 12, "color": "#616161", "family": FONT}},
        },
        margin={"t": top, "l": max(margin.l or 0, 16), "r": max(margin.r or 0, 16)},
        width=width,
        height=height,
        paper_bgcolor="white",
    )
    return out


# --- rendering ---------------------------------------------------------------------------------------

_lock = threading.Lock()
_started = False


def browser_path() -> str | None:
    """The Chromium Kaleido drives: $DISCLOSURE_CHROMIUM, else chromium/google-chrome on PATH."""
    env = os.environ.get("DISCLOSURE_CHROMIUM")
    if env:
        return env
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None


class RendererMissingError(RuntimeError):
    """No Chromium to render images with."""


def _ensure_server() -> None:
    global _started
    if _started:
        return
    import kaleido  # lazy on purpose: a chart-image engine that drives Chromium, only for downloads

    path = browser_path()
    if path is None:
        raise RendererMissingError(
            "找不到 Chromium：请安装 Debian 的 chromium（scripts/test.sh 会安装），"
            "或设置 DISCLOSURE_CHROMIUM 指向浏览器"
        )
    os.environ.setdefault("BROWSER_PATH", path)  # choreographer's way to name the browser
    kaleido.start_sync_server(silence_warnings=True)
    atexit.register(lambda: kaleido.stop_sync_server(silence_warnings=True))
    _started = True


def render(fig: go.Figure, fmt: str = "png", scale: float = 2.0) -> bytes:
    """PNG or SVG bytes of a figure at its own width/height (PNG at `scale` × for print sharpness)."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"unsupported image format {fmt}")
    import kaleido  # lazy on purpose (see _ensure_server)

    width = int(fig.layout.width or DEFAULT_WIDTH)
    height = int(fig.layout.height or DEFAULT_HEIGHT)
    with _lock:
        _ensure_server()
        return kaleido.calc_fig_sync(
            fig, opts={"format": fmt, "width": width, "height": height, "scale": scale if fmt == "png" else 1}
        )


def export(
    fig: go.Figure, ctx: ChartContext, fmt: str = "png", width: int = DEFAULT_WIDTH, scale: float = 2.0
) -> tuple[bytes, str]:
    """The titled image and its file name (the dashboard's 下载 PNG/SVG buttons)."""
    return render(titled(fig, ctx, width), fmt, scale), file_name(ctx, fmt)
