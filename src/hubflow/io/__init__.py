"""Scenario readers and writers: a CSV folder with scenario.toml, an .xlsx workbook, or JSON.

This is the only place where raw rows are parsed; every bad value becomes a ``ScenarioError``
whose problems name the file, the row (header = 1) and the field. The format is documented in
``docs/scenario-format.md``.
"""

from __future__ import annotations

from pathlib import Path

from hubflow.distances import with_network_distances
from hubflow.errors import Problem, ScenarioError
from hubflow.io.csv_folder import missing_link, read_folder
from hubflow.io.csv_folder import write_folder as _write_folder
from hubflow.io.json_form import read_json, scenario_from_dict, scenario_to_dict
from hubflow.io.json_form import write_json as _write_json
from hubflow.io.overrides import apply_overrides, parse_overrides
from hubflow.io.workbook import read_workbook
from hubflow.io.workbook import write_workbook as _write_workbook
from hubflow.model.scenario import Scenario

__all__ = [
    "apply_overrides",
    "load_scenario",
    "parse_overrides",
    "scenario_from_dict",
    "scenario_to_dict",
    "write_scenario_csv",
    "write_scenario_json",
    "write_scenario_xlsx",
]


def load_scenario(
    path: str | Path, *, all_errors: bool = False, fill_distances: bool = True
) -> Scenario:
    """Read a scenario folder (scenario.toml + CSV files), an .xlsx workbook or a .json file.

    With ``fill_distances`` (the default) a service without ``distance_km`` gets one as the
    scenario's ``distances`` parameter says: with "networks", from the offline road, rail and
    sea networks, its method written into the service's source
    (:func:`hubflow.distances.with_network_distances`).

    Raises
    ------
    ScenarioError
        For any bad input, with its file, row and field: every problem found when
        ``all_errors``, else the first 20 of each kind (file, field) and a count of the rest.
    """
    scenario = _read(Path(path), all_errors)
    return with_network_distances(scenario) if fill_distances else scenario


def _read(path: Path, all_errors: bool) -> Scenario:
    if path.is_dir():
        return read_folder(path, all_errors=all_errors)
    if path.is_symlink() and not path.exists():
        raise ScenarioError(Problem(str(path), None, None, missing_link(path)))
    if not path.exists():
        raise ScenarioError(Problem(str(path), None, None, "does not exist"))
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_workbook(path, all_errors=all_errors)
    if suffix == ".json":
        return read_json(path, all_errors=all_errors)
    hint = " (give the folder that holds it)" if suffix in (".csv", ".toml") else ""
    raise ScenarioError(
        Problem(
            str(path),
            None,
            None,
            "is not a scenario: expected a folder with scenario.toml, "
            f"an .xlsx workbook or a .json file{hint}",
        )
    )


def write_scenario_csv(scenario: Scenario, folder: str | Path) -> None:
    """Write ``scenario.toml`` and the CSV files into ``folder`` (created if needed)."""
    _write_folder(scenario, Path(folder))


def write_scenario_xlsx(scenario: Scenario, path: str | Path) -> None:
    """Write the scenario as one .xlsx workbook with the same sheets and columns."""
    _write_workbook(scenario, Path(path))


def write_scenario_json(scenario: Scenario, path: str | Path) -> None:
    """Write the JSON form (``scenario_to_dict``) to ``path``."""
    _write_json(scenario, Path(path))
