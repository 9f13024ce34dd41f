"""The plan folder's manifest and `hubflow check`: a folder passes only when it is whole."""

from __future__ import annotations

import dataclasses
import json
import math
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hubflow.cli import app
from hubflow.errors import OutputPathError
from hubflow.export import (
    MANIFEST,
    check_out_path,
    read_plan_folder,
    unlisted_files,
    verify_plan_folder,
    write_plan_folder,
)
from hubflow.export.manifest import PLAN_FILES
from tests.export.planned import consolidation

runner = CliRunner()


def _report(text: str):  # type: ignore[no-untyped-def]
    return lambda folder: (folder / "report.html").write_text(text, encoding="utf-8")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    write_plan_folder(*consolidation(), out, writers=[_report("<p>plan</p>")])
    return out


def _manifest(folder: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))


def test_the_files_written_are_returned_manifest_last(tmp_path: Path) -> None:
    out = tmp_path / "out"
    written = write_plan_folder(*consolidation(), out, writers=[_report("<p>plan</p>")])
    assert written[-1] == out / MANIFEST and out / "report.html" in written
    assert sorted(written) == sorted(p for p in out.rglob("*") if p.is_file())


def test_a_fresh_folder_is_whole_and_lists_every_file_with_its_hash(folder: Path) -> None:
    listed = {f["path"]: f for f in _manifest(folder)["files"]}
    assert set(PLAN_FILES) | {"report.html"} <= set(listed)
    assert listed["report.html"]["bytes"] == len(b"<p>plan</p>")
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert on_disk == set(listed) | {MANIFEST}
    assert verify_plan_folder(folder) == []
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == 0, result.output


def test_every_write_gets_a_new_plan_uuid(folder: Path) -> None:
    first = _manifest(folder)["plan_uuid"]
    write_plan_folder(*consolidation(), folder)
    assert _manifest(folder)["plan_uuid"] != first


@pytest.mark.parametrize("name", ["plan.json", "kpis.csv", "scenario/orders.csv", "report.html"])
def test_an_edited_file_fails_the_check_naming_it(folder: Path, name: str) -> None:
    path = folder / name
    path.write_bytes(path.read_bytes().replace(b"1", b"2", 1) + b"\n")
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == 1
    assert f"{name}: modified" in result.output


@pytest.mark.parametrize("name", ["departures.csv", "scenario/scenario.toml", "report.html"])
def test_a_removed_file_fails_the_check_naming_it(folder: Path, name: str) -> None:
    (folder / name).unlink()
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == 1
    assert f"{name}: listed in {MANIFEST} but missing" in result.output


def test_a_plan_file_dropped_from_file_and_manifest_fails_the_check(folder: Path) -> None:
    doc = _manifest(folder)
    doc["files"] = [f for f in doc["files"] if f["path"] != "kpis.csv"]
    (folder / MANIFEST).write_text(json.dumps(doc), encoding="utf-8")
    (folder / "kpis.csv").unlink()
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == 1
    assert "kpis.csv: a plan file, not listed" in result.output


@pytest.mark.parametrize("damage", ["remove", "garble", "other-format"])
def test_a_folder_without_a_usable_manifest_is_an_input_error(folder: Path, damage: str) -> None:
    manifest = folder / MANIFEST
    if damage == "remove":
        manifest.unlink()
    elif damage == "garble":
        manifest.write_text("{", encoding="utf-8")
    else:
        manifest.write_text('{"format": "something else"}', encoding="utf-8")
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == 2
    assert MANIFEST in result.output


def test_an_added_file_is_noted_but_not_a_failure(folder: Path) -> None:
    (folder / "notes.txt").write_text("call the yard", encoding="utf-8")
    assert unlisted_files(folder) == ["notes.txt"]
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == 0
    assert "notes.txt is not in the manifest" in result.output


def test_a_reused_out_folder_holds_only_the_new_plan(folder: Path) -> None:
    (folder / "notes.txt").write_text("stale", encoding="utf-8")
    write_plan_folder(*consolidation(), folder)  # this time without a report
    assert not (folder / "report.html").exists() and not (folder / "notes.txt").exists()
    assert verify_plan_folder(folder) == [] and unlisted_files(folder) == []


def test_a_failing_writer_leaves_the_old_folder_and_no_temporary_one(folder: Path) -> None:
    before = _manifest(folder)

    def broken(_: Path) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_plan_folder(*consolidation(), folder, writers=[broken])
    assert _manifest(folder) == before and verify_plan_folder(folder) == []
    assert os.listdir(folder.parent) == ["out"]


def test_plan_json_is_standard_json_when_there_is_no_solution(tmp_path: Path) -> None:
    scenario, plan, kpis = consolidation()
    unsolved = dataclasses.replace(plan, objective=math.inf, lower_bound=math.nan)
    write_plan_folder(scenario, unsolved, kpis, tmp_path / "out")

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in plan.json")

    text = (tmp_path / "out" / "plan.json").read_text(encoding="utf-8")
    doc = json.loads(text, parse_constant=refuse)
    assert doc["objective"] is None and doc["lower_bound"] is None
    _, back, _ = read_plan_folder(tmp_path / "out")
    assert back.objective is None and back.lower_bound is None  # no solution, nothing claimed


def test_out_through_a_symlink_writes_the_real_folder(folder: Path, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(folder)
    write_plan_folder(*consolidation(), link)
    assert link.is_symlink() and verify_plan_folder(folder) == []


# -- check_out_path -------------------------------------------------------------------------


def test_new_empty_and_plan_folders_are_accepted(folder: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for out in (tmp_path / "new" / "deeper", tmp_path / "empty", folder):
        assert check_out_path(out) == out.resolve()


def _loop(tmp_path: Path) -> Path:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    return tmp_path / "a"


def _user_folder(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "thesis.tex").write_text("years of work", encoding="utf-8")
    return tmp_path / "docs"


def _file(tmp_path: Path) -> Path:
    (tmp_path / "plan.txt").write_text("x", encoding="utf-8")
    return tmp_path / "plan.txt"


def _under_a_file(tmp_path: Path) -> Path:
    return _file(tmp_path) / "out"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_file, "exists and is not a folder"),
        (_loop, "cannot be resolved"),
        (_user_folder, "refusing to replace it"),
        (_under_a_file, "is not a folder"),
        (lambda _: Path("/"), "file-system root"),
    ],
)
def test_unusable_out_paths_are_refused_before_anything_is_written(
    tmp_path: Path, make, message: str
) -> None:  # type: ignore[no-untyped-def]
    out = make(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(OutputPathError, match=message) as caught:
        write_plan_folder(*consolidation(), out)
    assert caught.value.path == str(out)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_the_current_folder_is_refused(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    for out in (Path("."), folder, tmp_path):
        with pytest.raises(OutputPathError, match="is the current folder or contains it"):
            check_out_path(out)
    assert check_out_path(Path("sub")) == folder.resolve() / "sub"


def test_a_parent_without_write_permission_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != tmp_path)
    with pytest.raises(OutputPathError, match="permission denied"):
        check_out_path(tmp_path / "out")
