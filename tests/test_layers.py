"""The import layers of README "Architecture", checked on the source: which package may import which.

Why a test that parses imports with `ast` rather than import-linter: the page scripts (`views/*.py`,
`app.py`) are not a package, which import-linter cannot check, and the rules need both "only these"
and "never these" forms; a table of named rules over the parsed import statements (top-level and
function-level alike) is 100 lines with no new dependency. Runs in well under a second.

The flow: readers → parse → checks (rules) → store → queries → dashboard → views. Each rule below names the
modules it applies to, what they may (or may never) import, and why. `KNOWN` lists today's exceptions,
each with its reason: a new violation fails; removing an exception from the code is always welcome.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "disclosure"
# Foundation modules anything may import; they import only each other.
BASE = (
    "disclosure.contract",
    "disclosure.model",
    "disclosure.errors",
    "disclosure.limits",
    "disclosure.fileio",
    "disclosure.numbers",
)
STORE_WRITE_SIDE = tuple(
    f"disclosure.store.{m}" for m in ("ingest", "worker", "flatten", "distributed", "incremental", "snapshot")
)
UI = ("streamlit", "views", "app")


@dataclass(frozen=True)
class Rule:
    name: str
    sources: tuple[str, ...]  # module prefixes the rule applies to
    why: str
    allowed: tuple[str, ...] | None = None  # only these project modules (prefixes), when given
    forbidden: tuple[str, ...] = ()  # never these (project modules or external packages)


RULES: tuple[Rule, ...] = (
    Rule("base", BASE, "everyone imports the foundation, so it imports nothing above it", allowed=BASE),
    Rule(
        "readers → model",
        ("disclosure.readers",),
        "a reader turns bytes into a Document and knows nothing of reports, checks or the dataset",
        allowed=(*BASE, "disclosure.readers"),
    ),
    Rule(
        "rules → contract",
        ("disclosure.rules",),
        "the identities are data over contract paths, importable by the parser, checks and generators",
        allowed=(*BASE, "disclosure.rules"),
    ),
    Rule(
        "parse → model/contract/rules",
        ("disclosure.parse",),
        "the parser reads a Document into the contract; it never evaluates, stores or shows",
        forbidden=(
            "disclosure.checks",
            "disclosure.r8",
            "disclosure.pipeline",
            "disclosure.store",
            "disclosure.dashboard",
            "disclosure.admin",
            "disclosure.briefing",
            "disclosure.cli",
            "disclosure.synth",
            *UI,
        ),
    ),
    Rule(
        "store → parse/rules/contract",
        ("disclosure.store",),
        "the store writes what the pipeline produced; it never knows about pages",
        forbidden=("disclosure.dashboard", "disclosure.admin", "disclosure.briefing", "disclosure.cli", *UI),
    ),
    Rule(
        "dashboard → store (read side)/queries",
        ("disclosure.dashboard",),
        "the dashboard reads snapshots through SQL; it never parses or writes the dataset",
        forbidden=(
            "disclosure.readers",
            "disclosure.parse",
            "disclosure.checks",
            "disclosure.pipeline",
            "disclosure.cli",
            "disclosure.synth",
            *STORE_WRITE_SIDE,
            "views",
            "app",
        ),
    ),
    Rule(
        "views → dashboard only",
        ("views", "app"),
        "a page only lays out what the dashboard package computes",
        allowed=("disclosure.dashboard",),
    ),
    Rule(
        "Streamlit only in the UI",
        (PACKAGE,),
        "everything below the dashboard runs without Streamlit (CLI, workers, tests)",
        forbidden=("streamlit", "views", "app"),
    ),
)
# The dashboard package is the UI: the Streamlit rule does not apply to it.
UI_PACKAGES = ("disclosure.dashboard",)

# (importing module, imported module) → why it is still there. Shrink this list; never grow it casually.
KNOWN: dict[tuple[str, str], str] = {
    ("disclosure.briefing.cli", "streamlit"): "configures Streamlit's loggers before the charts import it",
    **{
        (f"views.{page}", target): "pages still import labels/helpers below the dashboard (helpers pa/pb)"
        for page, targets in {
            "active": ("disclosure.contract",),
            "admin_corrections": ("disclosure.admin.edits",),
            "admin_review": ("disclosure.admin.edits",),
            "admin_upload": ("disclosure.limits", "disclosure.admin.upload", "disclosure.errors"),
            "briefing": ("disclosure.benchmarks", "disclosure.briefing.model", "disclosure.briefing.output"),
            "outcomes": ("disclosure.benchmarks", "disclosure.contract"),
            "overview": ("disclosure.benchmarks",),
            "platform": ("disclosure.contract",),
            "profile": ("disclosure.benchmarks",),
            "review": ("disclosure.benchmarks", "disclosure.contract"),
        }.items()
        for target in targets
    },
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_project_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def imports_of(path: Path, module: str | None = None) -> set[str]:
    """Every module `path` imports (at any depth of the code): `from disclosure import contract` is
    disclosure.contract, a relative import is resolved against the file's package."""
    module = module or _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                out.add(full if _is_project_module(full) else base)
    return out


def _matches(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _sources() -> list[Path]:
    return sorted([*(ROOT / PACKAGE).rglob("*.py"), *(ROOT / "views").glob("*.py"), ROOT / "app.py"])


def violations() -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for path in _sources():
        module = _module_name(path)
        for rule in RULES:
            if not _matches(module, rule.sources):
                continue
            if rule.name == "Streamlit only in the UI" and _matches(module, UI_PACKAGES):
                continue
            for target in imports_of(path):
                if _matches(target, rule.sources) and rule.allowed is None:
                    continue
                project = _matches(target, (PACKAGE,))
                bad = _matches(target, rule.forbidden) or (
                    rule.allowed is not None and project and not _matches(target, rule.allowed)
                )
                if bad:
                    found[(module, target)] = f"{rule.name}: {rule.why}"
    return found


def test_no_import_crosses_a_layer() -> None:
    new = {k: v for k, v in violations().items() if k not in KNOWN}
    assert not new, "\n".join(
        f"{src} imports {dst} — breaks rule {why}" for (src, dst), why in sorted(new.items())
    )


def test_known_exceptions_still_exist() -> None:
    """An exception whose import is gone must leave KNOWN too, so the list only ever shrinks."""
    found = violations()
    stale = sorted(k for k in KNOWN if k not in found)
    assert not stale, f"no longer imported, remove from KNOWN: {stale}"


def test_the_checker_sees_relative_function_level_and_package_imports(tmp_path: Path) -> None:
    """The import parser must see every form the project uses, else the rules would check nothing."""
    source = tmp_path / "example.py"
    source.write_text(
        "import streamlit as st\n"
        "from disclosure import contract\n"
        "from . import tokens\n"
        "from ..store import schema\n"
        "def f():\n"
        "    from disclosure.checks import run\n",
        encoding="utf-8",
    )
    found = imports_of(source, "disclosure.parse.example")
    assert found == {
        "streamlit",
        "disclosure.contract",
        "disclosure.parse.tokens",
        "disclosure.store.schema",
        "disclosure.checks",
    }
    assert _matches("disclosure.store.ingest", STORE_WRITE_SIDE)
    assert not _matches("disclosure.storex", ("disclosure.store",))
