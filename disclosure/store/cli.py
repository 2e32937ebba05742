"""STUB (owned by the store helper): the `disclosure ingest` command, registered by disclosure.cli."""

from __future__ import annotations

from pathlib import Path

import typer


def ingest(
    paths: list[str] = typer.Argument(..., help="Files, folders (recursive) or globs"),
    data: Path = typer.Option(Path("data"), "--data", help="Dataset folder"),
    reparse: bool = typer.Option(False, "--reparse", help="Re-parse stored sources"),
) -> None:
    """Ingest report files into the Parquet dataset."""
    raise typer.Exit(code=2)
