"""Command line: ``hubflow plan | compare | check | example | generate | route | design |
sweep | land | distances | serve | db | admin``.

One module a command; this module builds the typer app and maps errors to exit codes.
"""

from __future__ import annotations

import time

IMPORTED = time.monotonic()  # before the heavy imports: a command's --time-limit counts from here

import typer  # noqa: E402

app = typer.Typer(
    name="hubflow",
    help="Plan regional multimodal freight: itineraries, departures, trucks, yard, CO2e.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    from hubflow.cli import check, compare, design, distances, example, land, plan, route, sweep

    app.command("plan")(plan.plan)
    app.command("compare")(compare.compare)
    app.command("check")(check.check)
    app.command("example")(example.example)
    app.command("generate")(example.generate)
    app.command("route")(route.route)
    from hubflow.cli import admin, db, serve

    app.command("serve")(serve.serve)
    app.add_typer(db.app, name="db")
    app.add_typer(admin.app, name="admin")
    app.command("design")(design.design)
    app.command("sweep")(sweep.sweep)
    app.command("land")(land.land)
    app.command("distances")(distances.distances)


_register()


def main() -> None:
    """Entry point of the ``hubflow`` script: the command's clock started at import."""
    from hubflow.cli import common

    common.COMMAND_START = IMPORTED
    try:
        app()
    except MemoryError:  # the readers bound what they read; this is the last resort
        common.err.print(
            "[bold red]Out of memory:[/] the input or the plan is too large for this machine",
            highlight=False,
        )
        raise SystemExit(common.EXIT_INTERNAL) from None
