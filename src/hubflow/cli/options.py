"""The plan options that ``plan``, ``compare``, ``sweep`` and ``land`` share, declared once.

:data:`PLAN_FLAGS` names each :class:`~hubflow.planning.PlanOptions` field offered on the
command line and its flag; :func:`plan_flags` gives a command every one of them, with
``PlanOptions``' defaults, and hands the command one validated ``PlanOptions``. A new shared
option is one more entry in ``PLAN_FLAGS`` (its key the ``PlanOptions`` field it sets).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from copy import copy
from typing import Annotated, Any, get_args

import typer

from hubflow.cli.common import DesignStop, Threads, TimeLimit, errors_to_exit
from hubflow.planning import PlanOptions

PANEL = "Plan options"  # the --help panel that lists them, the same in every command

#: PlanOptions field -> its flag, in --help order. The defaults are PlanOptions'.
PLAN_FLAGS: dict[str, Any] = {
    "time_limit": TimeLimit,
    "mip_gap": Annotated[
        float, typer.Option("--mip-gap", min=0, help="Stop when the relative gap is below this.")
    ],
    "method": Annotated[
        str, typer.Option("--method", help="Network-design solver: mip, colgen or auto (by size).")
    ],
    "threads": Threads,
    "seed": Annotated[int, typer.Option("--seed", min=0, help="Random seed of the solvers.")],
    "dispatch_time": Annotated[
        float,
        typer.Option(
            "--dispatch-time",
            min=0,
            help="Seconds for own-fleet truck routes (0: none); with --dispatch-stop iterations "
            "they size the searches and the routing may take up to 4 times as long on a busy "
            "machine rather than give other routes.",
        ),
    ],
    "dispatch_backend": Annotated[
        str,
        typer.Option(
            "--dispatch-backend", help="Truck-routing back-end: pyvrp, ortools, vroom, hubflow."
        ),
    ],
    "dispatch_stop": Annotated[
        str,
        typer.Option(
            "--dispatch-stop",
            help="How truck-routing searches stop: 'iterations' (default; the same routes on any "
            "machine, --dispatch-time only a ceiling) or 'time' (on the clock).",
        ),
    ],
    "design_stop": DesignStop,
}

Command = Callable[..., None]


def plan_flags(
    *, helps: Mapping[str, str] | None = None, **defaults: Any
) -> Callable[[Command], Command]:
    """Give a command every plan flag in place of its keyword ``options: PlanOptions``.

    ``defaults`` replace PlanOptions' where the command plans differently (``land``: a tighter
    gap); ``helps`` reword a flag whose meaning the command changes (``--time-limit`` per
    variant). A bad value exits 2 ('Invalid input') before the command starts."""
    helps = dict(helps or {})
    unknown = (set(defaults) | set(helps)) - set(PLAN_FLAGS)
    if unknown:
        raise ValueError(f"not plan flags: {', '.join(sorted(unknown))}")
    flags = [_flag(name, defaults, helps) for name in PLAN_FLAGS]

    def decorate(command: Command) -> Command:
        signature = inspect.signature(command, eval_str=True)
        if "options" not in signature.parameters:
            raise TypeError(f"{command.__name__} takes no 'options: PlanOptions'")
        params = [p for p in signature.parameters.values() if p.name != "options"]

        @functools.wraps(command)
        def run(**given: Any) -> None:
            values = {name: given.pop(name) for name in PLAN_FLAGS}
            with errors_to_exit():
                options = PlanOptions(**values)
            command(**given, options=options)

        shown = signature.replace(parameters=[*params, *flags])
        run.__signature__ = shown  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in shown.parameters.values()}
        return run

    return decorate


def _flag(name: str, defaults: Mapping[str, Any], helps: Mapping[str, str]) -> inspect.Parameter:
    """The keyword parameter that makes flag ``name``, in the plan-options panel."""
    kind, option = get_args(PLAN_FLAGS[name])
    option = copy(option)
    option.rich_help_panel = PANEL
    option.help = helps.get(name, option.help)
    default = defaults.get(name, getattr(PlanOptions(), name))
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=Annotated[kind, option]
    )
