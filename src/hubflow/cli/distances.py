"""``hubflow distances SCENARIO [--json] [--networks]``: each service's km and how it was found."""

from __future__ import annotations

import json
from collections import Counter
from contextlib import nullcontext
from typing import Annotated

import typer
from rich.table import Table

from hubflow.cli.common import err, errors_to_exit, load, out


def distances(
    scenario: Annotated[
        str | None, typer.Argument(help="Scenario folder, .xlsx or .json; default: the example.")
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help='Print only a JSON list of {"service", "mode", "distance_km", "method"}.',
        ),
    ] = False,
    networks: Annotated[
        bool,
        typer.Option(
            "--networks",
            help='Ask the road, rail and sea networks even when the scenario says distances = "circuity".',
        ),
    ] = False,
) -> None:
    """Show the distance each service is planned with and its method: given, road network,
    rail network, sea lanes, or great circle x circuity. To override one, state its
    distance_km in services.csv."""
    from hubflow.distances import service_distances

    with errors_to_exit():
        scn = load(scenario, fill_distances=False)
        asking = (networks or scn.parameters.distances == "networks") and not as_json
        spinner = err.status("Asking the road, rail and sea networks") if asking else nullcontext()
        with spinner:
            found = service_distances(scn, networks=True if networks else None)
    if as_json:
        rows = [
            {"service": d.service, "mode": d.mode, "distance_km": d.distance_km, "method": d.method}
            for d in found
        ]
        typer.echo(json.dumps(rows, indent=1, ensure_ascii=False))
        return
    table = Table(title=f"Distances of {scn.name}")
    for name, justify in (("service", "left"), ("mode", "left"), ("km", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    table.add_column("method")
    table.add_column("from", overflow="fold", max_width=60)
    for d in found:
        source = "" if d.method == "given" else d.source
        table.add_row(d.service, d.mode, f"{d.distance_km:,.1f}", d.method, source)
    out.print(table)
    counts = Counter(d.method for d in found)
    out.print(", ".join(f"{n} {method}" for method, n in counts.most_common()), highlight=False)
