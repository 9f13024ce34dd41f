"""What the commands share: consoles, scenario arguments, progress and error-to-exit mapping."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from hubflow.deadline import Deadline, ProgressEvent
from hubflow.errors import HubflowError, OutputPathError, ScenarioError
from hubflow.io.overrides import parse_overrides
from hubflow.model import Scenario
from hubflow.planning import PlanOptions

out = Console()
err = Console(stderr=True)

EXIT_INPUT, EXIT_CHECK, EXIT_INTERNAL = 2, 1, 3
EXIT_NO_SOLUTION, EXIT_INFEASIBLE = 4, 5  # no plan within the time limit; proven infeasible
EXAMPLE = "example"


def load(path: str | None, *, all_errors: bool = False, fill_distances: bool = True) -> Scenario:
    """The scenario at ``path``, or the built-in Zhengzhou example when none (or 'example').

    Bad input lists the first problems of each kind with a count of the rest, or every
    problem with ``all_errors``."""
    from hubflow.example import EXAMPLE_DIR
    from hubflow.io import load_scenario

    where = EXAMPLE_DIR if path in (None, EXAMPLE) else Path(str(path))
    return load_scenario(where, all_errors=all_errors, fill_distances=fill_distances)


COMMAND_START: float | None = None  # set by the ``hubflow`` script: when its imports began


def command_deadline(time_limit: float) -> Deadline:
    """``time_limit`` seconds from the start of the command: from the script's start (imports
    included) when run as ``hubflow``, else from now (a command called in-process)."""
    start = COMMAND_START if COMMAND_START is not None else time.monotonic()
    return Deadline(start + time_limit)


def quiet_solver_banner() -> None:
    """HiGHS prints a banner on stdout when a process makes its first solver object; make that
    object here, at the edge, with stdout pointed elsewhere, so ``--json`` output stays clean.
    The engines never touch file descriptors."""
    import os
    import sys

    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


@contextlib.contextmanager
def errors_to_exit() -> Iterator[None]:
    """Map hubflow's errors to exit codes in one place: input 2, internal 3."""
    try:
        yield
    except ScenarioError as e:
        err.print(f"[bold red]Invalid {_input_kind(e)}[/] ({e.total} problem(s)):")
        for p in e.problems:
            err.print(f"  {p}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_INPUT) from None
    except OutputPathError as e:
        err.print(f"[bold red]Invalid output folder:[/] {escape(str(e))}", highlight=False)
        raise typer.Exit(EXIT_INPUT) from None
    except HubflowError as e:
        err.print(f"[bold red]Error:[/] {escape(str(e))}", highlight=False)
        raise typer.Exit(EXIT_INTERNAL) from None


def _input_kind(error: ScenarioError) -> str:
    """'scenario' when every problem is in the scenario's files, else 'input' (the plan
    options, a --set expression or a network-design file is not a scenario)."""
    sources = {p.file for p in error.problems}
    if any(s == "options" or s.startswith("-") or s.endswith(".dow") for s in sources):
        return "input"
    return "scenario"


class Stages:
    """A rich progress display on stderr: one line a stage; the solve line shows the real
    solver's name, objective, bound and gap, and its bar runs against the time left."""

    def __init__(self, enabled: bool, deadline: Deadline) -> None:
        self.enabled = enabled
        self.deadline = deadline
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description:<34}"),
            BarColumn(),
            TextColumn("{task.fields[state]}"),
            TimeElapsedColumn(),
            console=err,
            transient=False,
            disable=not enabled,
        )
        self.task: TaskID | None = None
        self.stage = ""
        self._stop = threading.Event()

    def __enter__(self) -> Stages:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._finish()
        self.progress.__exit__(None, None, None)

    def __call__(self, event: ProgressEvent | str) -> None:
        if isinstance(event, str):
            event = ProgressEvent(event)
        if event.stage == self.stage and self.task is not None:
            self._update(event)
            return
        self._finish()
        self.stage = event.stage
        label = _LABELS.get(event.stage, event.stage)
        if event.solver:
            label = f"{label} ({event.solver})"
        if event.stage == "solve":
            total = max(0.1, min(self.deadline.left(), 1e6))
            self.task = self.progress.add_task(label, total=total, state="")
            self._stop.clear()
            threading.Thread(target=self._tick, args=(self.task,), daemon=True).start()
        else:
            self.task = self.progress.add_task(label, total=1, state=event.detail)
        self._update(event)

    def _update(self, event: ProgressEvent) -> None:
        if self.task is None:
            return
        parts = [event.detail] if event.detail else []
        if event.objective is not None:
            parts.append(f"objective {event.objective:,.0f}")
        if event.bound is not None:
            parts.append(f"bound {event.bound:,.0f}")
        if event.gap is not None:
            parts.append(f"gap {100 * event.gap:.2f} %")
        state = "  ".join(parts)
        if state:
            self.progress.update(self.task, state=state)

    def _tick(self, task: TaskID) -> None:
        start = time.perf_counter()
        while not self._stop.wait(0.2):
            self.progress.update(task, completed=time.perf_counter() - start)

    def _finish(self) -> None:
        self._stop.set()
        if self.task is not None:
            total = self.progress.tasks[-1].total or 1
            self.progress.update(self.task, completed=total)
            self.task = None


_LABELS = {
    "load": "Loading scenario",
    "network": "Building time-expanded network",
    "solve": "Solving",
    "decode": "Reading the plan back",
    "dispatch": "Routing own trucks",
    "kpi": "Computing KPIs",
    "check": "Checking the plan",
    "write": "Writing outputs",
    "store": "Storing in the database",
}


# Flags of more than one command; the plan options that plan, compare, sweep and land share
# are in hubflow.cli.options (PLAN_FLAGS), which takes these two from here, as design does.
TimeLimit = Annotated[
    float,
    typer.Option("--time-limit", "-t", min=0.1, help="Seconds for the whole command (default 60)."),
]
Threads = Annotated[int, typer.Option("--threads", min=1, help="Solver threads (default 1).")]
DesignStop = Annotated[
    str,
    typer.Option(
        "--design-stop",
        help="How the network plan's column generation stops: 'work' (default; counts of work "
        "sized from --time-limit, the same plan on any machine that does them in time; the "
        "time limit still stops it) or 'time' (on the clock). --method auto runs problems of "
        "at most 20,000 flow variables, or 333 per second of --time-limit, on the clock, as the "
        "arc MIP always is.",
    ),
]
CarbonPrice = Annotated[
    float | None,
    typer.Option("--carbon-price", min=0, help="Currency per t CO2e; overrides the scenario."),
]
AllErrors = Annotated[
    bool, typer.Option("--all-errors", help="List every input problem, not the first of each kind.")
]
Sets = Annotated[
    list[str] | None,
    typer.Option("--set", help="Override a scenario parameter, KEY=VALUE (repeatable)."),
]


def with_overrides(
    options: PlanOptions,
    sets: list[str] | None,
    *,
    carbon_price: float | None = None,
    source: str = "--set",
) -> PlanOptions:
    """``options`` planning with the scenario parameters of ``--set`` (and ``--carbon-price``),
    parsed before any work so that an error names the flag it came from."""
    overrides = list(sets or [])
    if carbon_price is not None:
        overrides.append(f"carbon_price={carbon_price!r}")
    parse_overrides(overrides, source=source)
    return options.replace(overrides=tuple(overrides))
