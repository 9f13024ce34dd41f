"""``example/build.py`` derives exactly the shipped example from the recipe tables."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import hubflow
from hubflow.example import EXAMPLE_DIR

SCRIPT = Path(__file__).resolve().parents[2] / "example" / "build.py"


def test_build_rebuilds_every_shipped_file_byte_for_byte(tmp_path):
    pytest.importorskip("scgraph_data", reason="the build asks the offline networks")
    src = str(Path(hubflow.__file__).resolve().parents[1])  # the hubflow under test
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], check=True, env=env)
    shipped = sorted(p.name for p in EXAMPLE_DIR.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == shipped
    for name in shipped:
        assert (tmp_path / name).read_bytes() == (EXAMPLE_DIR / name).read_bytes(), name
