"""How tests/markdown/*.pandoc.md were made (run by hand; the tests read the committed .md files).

A department report's tables, typed by hand from its page text (tests/expected/pingtan_departments/
<file>.json), are written as a plain HTML page — one <td> per cell, no spans, the row label of section 三
in two cells ("三、本年度办理结果" | "（一）予以公开"), section 四 as three 5-column tables — with the
report's narrative paragraphs around them; then pandoc (Debian's 2.17, `pandoc -f html -t gfm`) converts
it to GitHub-flavoured Markdown, pipe tables and all. The Markdown is pandoc's output, unedited.

Usage: python tests/markdown/make_pandoc_md.py   (needs `apt-get install pandoc`)
"""

from __future__ import annotations

import html
import json
import subprocess
from pathlib import Path

from disclosure import contract

HERE = Path(__file__).parent
EXPECTED = HERE.parent / "expected" / "pingtan_departments"
SOURCES = {
    "jsp_2024.txt": "平潭综合实验区君山片区管理局2024年度政府信息公开工作年度报告",
    "gwh_2019.txt": "平潭综合实验区管委会办公室2019年度政府信息公开工作年度报告",
}
GROUP_HEAD = {
    "denied": "（三）不予公开",
    "unable": "（四）无法提供",
    "rejected": "（五）不予处理",
    "other": "（六）其他处理",
}


def cell(v: object) -> str:
    return "" if v is None else html.escape(str(v).split("^")[0].removesuffix("*"))


def table(rows: list[list[object]]) -> str:
    body = "".join("<tr>" + "".join(f"<td>{cell(v)}</td>" for v in r) + "</tr>" for r in rows)
    return f"<table>{body}</table>"


def render(name: str, title: str) -> str:
    exp = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    template = exp["template"]
    parts = [f"<h1>{title}</h1>", "<p>一、总体情况</p>", "<p>二、主动公开政府信息情况</p>"]
    schema = contract.active_schema(template)
    for row, cols in schema.items():
        vals = exp["active"][row]
        if isinstance(vals, dict) or vals is None or all(v is None for v in vals):
            continue  # a run-together row has no cell boundaries to render
        parts.append(
            table(
                [
                    ["信息内容", *(contract.ACTIVE_COLUMN_LABELS[c] for c in cols)],
                    [contract.ACTIVE_ROW_LABELS[row], *vals],
                ]
            )
        )
    parts.append("<p>三、收到和处理政府信息公开申请情况</p>")
    rows: list[list[object]] = [
        ["申请人情况", "", *(contract.REQUEST_COLUMN_LABELS[c] for c in contract.REQUEST_COLUMNS)]
    ]
    for key in contract.request_row_keys(template):
        vals = exp["requests"][key]
        label = contract.REQUEST_ROW_LABELS[key]
        group = contract.OUTCOME_GROUP.get(key)
        if "：" in label:
            head, sub = label.split("：")
            n = [
                k for k in contract.request_row_keys(template) if contract.OUTCOME_GROUP.get(k) == group
            ].index(key) + 1
            first, second = GROUP_HEAD[group], f"{n}.{sub}"
        elif group is not None:
            first, second = "三、本年度办理结果", label
        else:
            first, second = label, ""
        if key == "other_other" and template == "2019":
            first, second = "三、本年度办理结果", "（六）其他处理"
        rows.append([first, second, *(vals or [""] * 7)])
    parts.append(table(rows))
    parts.append("<p>四、政府信息公开行政复议、行政诉讼情况</p>")
    for g in contract.REVIEW_GROUPS:
        parts.append(f"<p>{contract.REVIEW_GROUP_LABELS[g]}</p>")
        parts.append(
            table(
                [
                    [contract.REVIEW_COLUMN_LABELS[c] for c in contract.REVIEW_COLUMNS],
                    exp["review_litigation"][g],
                ]
            )
        )
    parts.append("<p>五、存在的主要问题及改进情况</p>")
    return "<html><body>" + "".join(parts) + "</body></html>"


def main() -> None:
    for name, title in SOURCES.items():
        page = render(name, title)
        out = HERE / f"{name.removesuffix('.txt')}.pandoc.md"
        md = subprocess.run(
            ["pandoc", "-f", "html", "-t", "gfm"], input=page, capture_output=True, text=True, check=True
        ).stdout
        out.write_text(md, encoding="utf-8")
        print(out)


if __name__ == "__main__":
    main()
