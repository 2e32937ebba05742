"""Capture and compare `disclosure parse FILE --json` for every report the tests parse.

Why: the parse JSON is the contract of docs/CONTRACT.md. A refactoring (typed contract, rules package,
named heuristics) must leave it byte-for-byte identical, so the output of the unchanged code is
captured once and every later tree is diffed against it.

    python scripts/contract_diff.py capture /tmp/before    # run on the unchanged code
    python scripts/contract_diff.py compare /tmp/before    # exit 1 and list every file that differs

Each file is run through the real CLI entry point (`disclosure.cli.main`, in this process: one
interpreter instead of one per file), capturing stdout bytes, stderr and the exit code — a report
that is rejected must stay rejected with the same one-line message.

The permanent, cheap form of this check is tests/test_parse_corpus.py::test_contract_json_unchanged
against tests/expected/contract_sha256.tsv (regenerate deliberately with
`python scripts/contract_diff.py hashes`).
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import hashlib
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
MARKDOWN = ROOT / "tests" / "markdown"
SHA_FILE = ROOT / "tests" / "expected" / "contract_sha256.tsv"
REPORT_SUFFIXES = (".txt", ".pdf", ".html", ".htm", ".docx", ".md")


def report_files() -> list[Path]:
    """Every report file under tests/corpus (recursively) and tests/markdown, sorted; not the
    manifests and READMEs that sit beside them."""
    files = [
        p
        for base in (CORPUS, MARKDOWN)
        for p in base.rglob("*")
        if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES and p.name != "README.md"
    ]
    return sorted(files)


def run_cli(path: Path) -> tuple[bytes, str, int]:
    """(stdout bytes, stderr text, exit code) of `disclosure parse PATH --json`."""
    from disclosure import cli

    out = io.BytesIO()
    os.chdir(ROOT)  # relative paths: an error line names the file as the tests see it, not this checkout
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    err = io.StringIO()
    code = 0
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(err):
        try:
            cli.main(["parse", _name(path), "--json"])
        except SystemExit as exc:
            code = int(exc.code or 0)
    stdout.flush()
    return out.getvalue(), err.getvalue(), code


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _record(path: Path) -> bytes:
    out, err, code = run_cli(path)
    return out + f"--- stderr ---\n{err}--- exit {code} ---\n".encode()


def capture(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    files = report_files()
    for p in files:
        target = folder / (_name(p).replace("/", "__") + ".out")
        target.write_bytes(_record(p))
    print(f"{len(files)} files captured into {folder}")


def compare(folder: Path) -> int:
    files = report_files()
    differ = []
    for p in files:
        target = folder / (_name(p).replace("/", "__") + ".out")
        if not target.exists():
            differ.append(f"{_name(p)}: not captured")
            continue
        now = _record(p)
        before = target.read_bytes()
        if now != before:
            diff = difflib.unified_diff(
                before.decode("utf-8", "replace").splitlines(),
                now.decode("utf-8", "replace").splitlines(),
                "before",
                "now",
                lineterm="",
                n=1,
            )
            differ.append(f"{_name(p)}:\n" + "\n".join(list(diff)[:40]))
    captured = len(list(folder.glob("*.out")))
    if captured != len(files):
        differ.append(f"{captured} files captured, {len(files)} report files now")
    for d in differ:
        print(d)
    print(f"{len(files)} files compared, {len(differ)} differ")
    return 1 if differ else 0


def sha_lines() -> list[str]:
    """`name<TAB>sha256 of the parse JSON` per report; a rejected file: `name<TAB>rejected<TAB>stderr`."""
    lines = []
    for p in report_files():
        out, err, code = run_cli(p)
        if code == 0:
            lines.append(f"{_name(p)}\t{hashlib.sha256(out).hexdigest()}")
        else:
            lines.append(f"{_name(p)}\trejected\t{' '.join(err.split())}")
    return lines


def hashes() -> None:
    SHA_FILE.write_text("\n".join(sha_lines()) + "\n", encoding="utf-8")
    print(f"wrote {SHA_FILE.relative_to(ROOT)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=("capture", "compare", "hashes"))
    ap.add_argument("folder", nargs="?", type=Path)
    args = ap.parse_args()
    if args.action == "hashes":
        hashes()
        return 0
    if args.folder is None:
        ap.error("capture/compare need a folder")
    if args.action == "capture":
        capture(args.folder)
        return 0
    return compare(args.folder)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
