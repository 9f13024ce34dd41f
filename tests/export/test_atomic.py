"""A run killed at any moment leaves the target holding the complete old plan, the complete new
plan, or (before any write finished) nothing; never a partial folder."""

from __future__ import annotations

import json
import os
import pickle
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hubflow.cli import app
from hubflow.export import MANIFEST, atomic, verify_plan_folder
from hubflow.export.atomic import replace_folder
from tests.export.planned import consolidation

KILLS = 12

# Writes the plan folder again and again; a slow writer (the report) widens the time spent
# filling the temporary folder; each completed write prints its number.
WRITER = """
import pickle, random, sys, time
from pathlib import Path
from hubflow.export import write_plan_folder

scenario, plan, kpis = pickle.loads(Path(sys.argv[1]).read_bytes())
out, rng = Path(sys.argv[2]), random.Random(int(sys.argv[3]))

def slow_report(folder):
    with (folder / "report.html").open("w") as f:
        for part in range(5):
            f.write(f"<p>run {sys.argv[3]} part {part}</p>" * 200)
            f.flush()
            time.sleep(rng.uniform(0, 0.01))

print("ready", flush=True)
for n in range(1000):
    write_plan_folder(scenario, plan, kpis, out, writers=[slow_report])
    print(n, flush=True)
"""


def _run_and_kill(
    script: Path, state: Path, out: Path, seed: int, rng: random.Random
) -> tuple[int, int]:
    """Start a writer, kill it with SIGKILL at a random moment; return its pid and how many
    writes it finished."""
    env = os.environ | {"PYTHONPATH": os.pathsep.join(sys.path)}
    cmd = [sys.executable, str(script), str(state), str(out), str(seed)]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env) as writer:
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0.0, 0.4))
        writer.send_signal(signal.SIGKILL)
        lines = writer.stdout.read().split()
        writer.wait()
    assert writer.returncode == -signal.SIGKILL
    return writer.pid, len(lines)


def test_no_partial_folder_ever_passes_the_check(tmp_path: Path) -> None:
    state, script, out = tmp_path / "plan.pickle", tmp_path / "writer.py", tmp_path / "out"
    state.write_bytes(pickle.dumps(consolidation()))
    script.write_text(WRITER, encoding="utf-8")
    rng = random.Random(20261129)
    completed, killed_while_filling, pids = 0, 0, [0]
    for seed in range(KILLS):
        before = json.loads((out / MANIFEST).read_text())["plan_uuid"] if out.exists() else None
        pid, writes = _run_and_kill(script, state, out, seed, rng)
        completed, pids = completed + writes, [pids[-1], pid]
        leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]
        killed_while_filling += bool(leftovers)
        # A killed run's temporary folder is removed by the next run's first write.
        assert {int(p.name.split("-")[1]) for p in leftovers} <= set(pids)
        if completed == 0:
            assert not out.exists()
            continue
        # Once a plan was written, the target is never missing (renames swap atomically)...
        assert out.is_dir()
        # ...and it is whole: every file of one run, unmodified, none missing.
        assert verify_plan_folder(out) == []
        assert CliRunner().invoke(app, ["check", str(out)]).exit_code == 0
        after = json.loads((out / MANIFEST).read_text())["plan_uuid"]
        report = (out / "report.html").read_text()
        assert report.count("<p>run ") == 5 * 200  # the slow writer's file is whole
        if after != before:
            assert f"<p>run {seed} " in report  # a new plan: this run's report with it
        for leftover in leftovers:
            assert leftover.name.startswith(".out.tmp-")
    assert completed > 0 and killed_while_filling > 0  # both outcomes were exercised


def test_replace_folder_swaps_a_whole_folder_and_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "out"
    replace_folder(target, lambda d: (d / "a.txt").write_text("old"))
    replace_folder(target, lambda d: (d / "b.txt").write_text("new"))
    assert sorted(os.listdir(target)) == ["b.txt"]
    assert os.listdir(tmp_path) == ["out"]


def test_without_an_atomic_swap_the_old_folder_is_moved_aside_then_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[list[str]] = []
    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    target = tmp_path / "out"
    replace_folder(target, lambda d: (d / "a.txt").write_text("old"))

    def fill(folder: Path) -> None:
        (folder / "b.txt").write_text("new")
        seen.append(sorted(os.listdir(tmp_path)))

    replace_folder(target, fill)
    assert sorted(os.listdir(target)) == ["b.txt"]
    assert os.listdir(tmp_path) == ["out"]
    assert len(seen) == 1 and seen[0][0].startswith(".out.tmp-") and seen[0][1] == "out"


def test_folders_of_dead_runs_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    target = tmp_path / "out"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    ).stdout.strip()
    names = [
        f".out.tmp-{dead}-0a0a0a0a",
        f".out.old-{dead}-0b0b0b0b",
        f".out.tmp-{os.getpid()}-0c0c0c0c",
        f".other.tmp-{dead}-0d0d0d0d",
    ]
    for name in names:
        (tmp_path / name).mkdir()
    replace_folder(target, lambda d: (d / "a.txt").write_text("first"))  # target was missing
    assert sorted(os.listdir(tmp_path)) == sorted(["out", *names[1:]])  # the old plan is kept
    replace_folder(target, lambda d: (d / "a.txt").write_text("second"))
    assert sorted(os.listdir(tmp_path)) == sorted(["out", *names[2:]])
