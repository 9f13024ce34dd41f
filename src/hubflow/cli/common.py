"""What the commands share: consoles, scenario arguments, progress and error-to-exit mapping."""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from hubflow.errors import HubflowError, ScenarioError
from hubflow.model import Scenario

out = Console()
err = Console(stderr=True)

EXIT_INPUT, EXIT_CHECK, EXIT_INTERNAL = 2, 1, 3
EXAMPLE = "example"


def load(path: str | None) -> Scenario:
    """The scenario at ``path``, or the built-in Zhengzhou example when none (or 'example')."""
    from hubflow.example import EXAMPLE_DIR
    from hubflow.io import load_scenario

    return load_scenario(EXAMPLE_DIR if path in (None, EXAMPLE) else Path(str(path)))


def with_parameters(scenario: Scenario, **changes: object) -> Scenario:
    """The scenario with some parameters replaced (None values are ignored)."""
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        return scenario
    params = dataclasses.replace(scenario.parameters, **changes)  # type: ignore[arg-type]
    return dataclasses.replace(scenario, parameters=params)


@contextlib.contextmanager
def errors_to_exit() -> Iterator[None]:
    """Map hubflow's errors to exit codes in one place: input 2, internal 3."""
    try:
        yield
    except ScenarioError as e:
        err.print(f"[bold red]Invalid scenario[/] ({len(e.problems)} problem(s)):")
        for p in e.problems:
            err.print(f"  {p}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_INPUT) from None
    except HubflowError as e:
        err.print(f"[bold red]Error:[/] {e}", highlight=False)
        raise typer.Exit(EXIT_INTERNAL) from None


class Stages:
    """A rich progress display on stderr: one line a stage, the solve stage timed against its limit."""

    def __init__(self, enabled: bool, time_limit: float) -> None:
        self.enabled = enabled
        self.time_limit = time_limit
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description:<28}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=False,
            disable=not enabled,
        )
        self.task: TaskID | None = None
        self._stop = threading.Event()

    def __enter__(self) -> Stages:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._finish()
        self.progress.__exit__(None, None, None)

    def __call__(self, stage: str) -> None:
        self._finish()
        if stage == "solve":
            self.task = self.progress.add_task("Solving (HiGHS MIP)", total=self.time_limit)
            self._stop.clear()
            threading.Thread(target=self._tick, args=(self.task,), daemon=True).start()
        else:
            self.task = self.progress.add_task(_LABELS.get(stage, stage), total=1)

    def _tick(self, task: TaskID) -> None:
        start = time.perf_counter()
        while not self._stop.wait(0.2):
            self.progress.update(task, completed=min(self.time_limit, time.perf_counter() - start))

    def _finish(self) -> None:
        self._stop.set()
        if self.task is not None:
            total = self.progress.tasks[-1].total or 1
            self.progress.update(self.task, completed=total)
            self.task = None


_LABELS = {
    "load": "Loading scenario",
    "network": "Building time-expanded network",
    "decode": "Reading the plan back",
    "dispatch": "Routing own trucks (PyVRP)",
    "kpi": "Computing KPIs",
    "check": "Checking the plan",
    "write": "Writing outputs",
    "store": "Storing in the database",
}
