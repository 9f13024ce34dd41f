"""Command line: ``hubflow plan | compare | check | example | generate | route | sweep | land``.

One module a command; this module builds the typer app and maps errors to exit codes.
"""

from __future__ import annotations

import time

STARTED = time.monotonic()  # before the heavy imports: --time-limit counts from here

import typer  # noqa: E402

app = typer.Typer(
    name="hubflow",
    help="Plan regional multimodal freight: itineraries, departures, trucks, yard, CO2e.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    from hubflow.cli import check, compare, example, land, plan, route, sweep

    app.command("plan")(plan.plan)
    app.command("compare")(compare.compare)
    app.command("check")(check.check)
    app.command("example")(example.example)
    app.command("generate")(example.generate)
    app.command("route")(route.route)
    app.command("sweep")(sweep.sweep)
    app.command("land")(land.land)


_register()


def main() -> None:
    """Entry point of the ``hubflow`` script."""
    app()
