"""The briefing as one self-contained HTML file (inline CSS, charts as inline SVG; no scripts, no links).

Jinja2 with autoescaping lays the model out, so no text from a report is ever interpreted as HTML. The
same file, printed by Chromium, is the PDF (render_pdf.py): its print CSS sets A4 pages, page numbers
(@page margin boxes), a running head and page breaks, and the SVG charts stay vector.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from disclosure.briefing import output
from disclosure.briefing.model import Briefing, Chart, KeyFigures, Paragraph, Table

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
_SVG_ROOT = re.compile(r"^\s*(<\?xml[^>]*>\s*)?<svg\b")


def _css_string(text: str) -> Markup:
    """A CSS string body: no quote, backslash or '<' can end the string or the <style> element."""
    return Markup(re.sub(r'[\\"<>\n\r]', "", text))


def _svg(chart: Chart, b: Briefing) -> Markup:
    svg = output.chart_image(chart, b, "svg").decode("utf-8")
    if not _SVG_ROOT.match(svg) or re.search(r"<script|javascript:", svg, re.I):
        raise ValueError(f"unexpected SVG for chart {chart.name}")
    return Markup(svg)  # Plotly's own serialisation: every text node is XML-escaped


def _blocks(b: Briefing) -> list[dict]:
    out = []
    for s in b.sections:
        blocks = []
        for blk in s.blocks:
            if isinstance(blk, Paragraph):
                blocks.append({"kind": "paragraph", "text": blk.text, "note": blk.note})
            elif isinstance(blk, KeyFigures):
                blocks.append(
                    {
                        "kind": "figures",
                        "figs": [
                            {
                                "label": h.label + ("" if h.is_rate else f"（{h.unit}）"),
                                "value": h.shown(h.current),
                                "delta": f"比{b.prev_year}年 {h.delta_text()}"
                                + (f"（{h.delta_pct_text()}）" if h.delta_pct_text() != "—" else ""),
                            }
                            for h in blk.items
                        ],
                    }
                )
            elif isinstance(blk, Table):
                blocks.append(
                    {
                        "kind": "table",
                        "key": blk.key,
                        "columns": blk.columns,
                        "rows": blk.rows,
                        "numeric": blk.numeric,
                        "caption": blk.caption,
                    }
                )
            elif isinstance(blk, Chart):
                blocks.append(
                    {"kind": "chart", "name": blk.name, "svg": _svg(blk, b), "caption": blk.caption}
                )
        out.append({"title": s.title, "appendix": s.title.startswith("附录"), "blocks": blocks})
    return out


def render(b: Briefing) -> str:
    return _env.get_template("briefing.html.j2").render(
        b=b, sections=_blocks(b), running_head=_css_string(f"{b.title} · {b.scope_short} · {b.year}年")
    )
