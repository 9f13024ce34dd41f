"""A scenario file over the size limit is refused from its size, before any of it is read."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from hubflow.errors import ScenarioError
from hubflow.example import EXAMPLE_DIR
from hubflow.io import load_scenario
from hubflow.io.csv_folder import MAX_FILE_BYTES


def _sparse(path: Path, size: int) -> None:
    """A file of ``size`` bytes that takes no disk space (and no time to write)."""
    with path.open("ab") as f:
        os.truncate(f.fileno(), size)


@pytest.mark.parametrize("name", ["orders.csv", "scenario.toml"])
def test_a_csv_folder_file_over_the_limit(tmp_path, monkeypatch, name):
    folder = tmp_path / "scn"
    shutil.copytree(EXAMPLE_DIR, folder)
    (folder / name).unlink()
    _sparse(folder / name, MAX_FILE_BYTES + 1)
    read_bytes = Path.read_bytes

    def read_others(path: Path) -> bytes:
        if path.name == name:
            pytest.fail("the file was read")
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_others)
    with pytest.raises(ScenarioError, match=r"is 256 MiB \(a scenario file may be at most 256"):
        load_scenario(folder)


def test_a_json_scenario_over_the_limit(tmp_path, monkeypatch):
    path = tmp_path / "big.json"
    _sparse(path, 2**41)
    monkeypatch.setattr(Path, "read_bytes", lambda *_: pytest.fail("the file was read"))
    with pytest.raises(ScenarioError, match=r"is 2,097,152 MiB \(a scenario file may be at most"):
        load_scenario(path)
