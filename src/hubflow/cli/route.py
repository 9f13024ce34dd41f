"""``hubflow route``: solve one VRP file (placeholder until the dispatch engine lands)."""

from __future__ import annotations

from pathlib import Path

import typer


def route(file: Path) -> None:
    """Solve one routing instance file and print cost and routes."""
    raise typer.Exit(code=2)
