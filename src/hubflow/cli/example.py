"""``hubflow example DIR`` and ``hubflow generate``: starting points and synthetic weeks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hubflow.cli.common import errors_to_exit, load, out


def example(
    folder: Annotated[Path, typer.Argument(help="Where to write zhengzhou/ and zhengzhou.xlsx.")],
) -> None:
    """Write the built-in Zhengzhou scenario as a CSV folder and as one .xlsx workbook."""
    from hubflow.io import write_scenario_csv, write_scenario_xlsx

    with errors_to_exit():
        scn = load(None)
        write_scenario_csv(scn, folder / "zhengzhou")
        write_scenario_xlsx(scn, folder / "zhengzhou.xlsx")
    out.print(f"Wrote {folder / 'zhengzhou'}/ and {folder / 'zhengzhou.xlsx'}")


def generate(
    orders: Annotated[int, typer.Option("--orders", min=1, help="Number of orders.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the scenario to.")],
    seed: Annotated[int, typer.Option("--seed")] = 0,
    days: Annotated[float, typer.Option("--days", min=1)] = 7.0,
) -> None:
    """Write a synthetic week (or --days) with the example's structure; deterministic per seed."""
    from hubflow.example import generate_orders
    from hubflow.io import write_scenario_csv

    with errors_to_exit():
        scn = generate_orders(load(None), orders, seed, days=days)
        write_scenario_csv(scn, out_dir)
    out.print(f"Wrote {orders} orders (seed {seed}) to {out_dir}/")
