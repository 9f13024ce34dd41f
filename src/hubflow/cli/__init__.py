"""Command line: ``hubflow plan | compare | check | example | generate | route | design``.

One module a command; this module builds the typer app and maps errors to exit codes.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="hubflow",
    help="Plan regional multimodal freight: itineraries, departures, trucks, yard, CO2e.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    from hubflow.cli import check, compare, design, example, plan, route

    app.command("plan")(plan.plan)
    app.command("compare")(compare.compare)
    app.command("check")(check.check)
    app.command("example")(example.example)
    app.command("generate")(example.generate)
    app.command("route")(route.route)
    app.command("design")(design.design)


_register()


def main() -> None:
    """Entry point of the ``hubflow`` script."""
    app()
