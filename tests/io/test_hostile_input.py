"""Hostile and absurd input: each case is a located ScenarioError, never a traceback or a bomb.

The memory-bomb cases load in a child process whose address space is capped (``bounded``), so
that a regression fails the test instead of exhausting the machine.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

import hubflow
from hubflow.errors import ScenarioError
from hubflow.io import load_scenario, scenario_to_dict, write_scenario_csv, write_scenario_xlsx

from .conftest import TINY, problems, set_cell
from .test_bad_input import located

MEMORY_CAP = 1 << 30  # bytes of address space for one bounded load


def bounded(path: Path) -> str:
    """Load ``path`` in a child process capped at MEMORY_CAP: 'ok', or the ScenarioError text."""
    program = textwrap.dedent(
        f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_CAP}, {MEMORY_CAP}))
        from hubflow.errors import ScenarioError
        from hubflow.io import load_scenario
        try:
            load_scenario(sys.argv[1])
        except ScenarioError as exc:
            print(exc)
        else:
            print("ok")
        """
    )
    src = str(Path(hubflow.__file__).parents[1])  # the hubflow under test
    done = subprocess.run(
        [sys.executable, "-c", program, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": src, "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "book.xlsx"
    write_scenario_xlsx(load_scenario(TINY), path)
    return path


def edit_book(path: Path, sheet: str, cell: str, value: object) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet] if sheet in wb.sheetnames else wb.create_sheet(sheet)
    ws[cell] = value
    wb.save(path)


def set_parameter(folder: Path, key: str, text: str) -> None:
    """Replace (or add) ``key = text`` in scenario.toml."""
    path = folder / "scenario.toml"
    lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith(key)]
    path.write_text("\n".join([*lines, f"{key} = {text}"]) + "\n", "utf-8")


class TestWorkbookSize:
    def test_a_stray_cell_in_an_extra_sheet_is_never_read(self, book: Path) -> None:
        edit_book(book, "readme", "XFD1048576", "x")
        assert bounded(book) == "ok"

    def test_a_stray_cell_far_out_in_a_table_sheet_is_refused_by_its_size(self, book: Path) -> None:
        edit_book(book, "orders", "XFD1048576", "x")
        message = bounded(book)
        assert "book.xlsx[orders]: declares 1,048,576 rows and 16,384 columns" in message

    def test_a_value_beyond_the_last_allowed_column_is_refused(self, book: Path) -> None:
        edit_book(book, "sites", "BZ3", "x")
        p = located(problems(book), "book.xlsx[sites]", None, None)
        assert "and 16,384 columns" not in p.message and "64 columns" in p.message

    def test_rows_past_a_declared_size_that_lies_are_read(self, book: Path) -> None:
        with zipfile.ZipFile(book) as z:
            files = {n: z.read(n) for n in z.namelist()}
        sheet = "xl/worksheets/sheet5.xml"  # parameters, sites, commodities, services, orders
        files[sheet] = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:B2"', files[sheet])
        with zipfile.ZipFile(book, "w") as z:
            for name, data in files.items():
                z.writestr(name, data)
        assert len(load_scenario(book).orders) == 4


class TestDates:
    @pytest.mark.parametrize("due", ["2126-03-05T08:00", "9999-12-31T23:59"])
    def test_a_due_far_after_the_horizon_is_located(self, tiny: Path, due: str) -> None:
        set_cell(tiny / "orders.csv", 3, "due", due)
        p = located(problems(tiny), "orders.csv", 3, "due")
        assert "more than 92 days after the end of the horizon" in p.message

    def test_a_release_after_the_horizon_is_located(self, tiny: Path) -> None:
        set_cell(tiny / "orders.csv", 2, "release", "2026-03-10T08:00")
        set_cell(tiny / "orders.csv", 2, "due", "2026-03-12T08:00")
        p = located(problems(tiny), "orders.csv", 2, "release")
        assert "is not inside the horizon 2026-03-02T00:00+08:00 to 2026-03-09T00:00" in p.message

    def test_a_start_in_year_one_is_located(self, tiny: Path) -> None:
        set_parameter(tiny, "start", "0001-01-01T00:00:00+08:00")
        p = located(problems(tiny), "scenario.toml", 16, "start")
        assert "is not in the years 1900 to 2999" in p.message

    def test_a_horizon_longer_than_a_year_is_located(self, tiny: Path) -> None:
        set_parameter(tiny, "horizon_days", "400")
        assert (
            "must be <= 366" in located(problems(tiny), "scenario.toml", 16, "horizon_days").message
        )

    def test_a_workbook_date_without_time_is_refused_like_in_a_csv(self, book: Path) -> None:
        wb = openpyxl.load_workbook(book)
        wb["orders"]["G2"] = datetime(2026, 3, 5)
        wb["orders"]["G2"].number_format = "yyyy-mm-dd"
        wb.save(book)
        p = located(problems(book), "book.xlsx[orders]", 2, "due")
        assert '"2026-03-05" has no time of day' in p.message

    def test_a_workbook_date_time_cell_is_read(self, book: Path) -> None:
        wb = openpyxl.load_workbook(book)
        wb["orders"]["G2"] = datetime(2026, 3, 5, 8, 30)  # openpyxl's format shows the time
        wb.save(book)
        assert load_scenario(book).orders[0].due == 3 * 1440 + 8 * 60 + 30


class TestNumbers:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("9" * 5000, "a number too long to read"),
            ("1e300", "must be <= 366"),
        ],
    )
    def test_absurd_horizon_is_located(self, tiny: Path, text: str, expected: str) -> None:
        set_parameter(tiny, "horizon_days", text)
        found = problems(tiny)
        assert any(p.row == 16 and expected in p.message for p in found), found

    def test_deeply_nested_toml_is_located(self, tiny: Path) -> None:
        set_parameter(tiny, "description", "[" * 3000 + "]" * 3000)
        assert (
            "nests brackets too deeply"
            in located(problems(tiny), "scenario.toml", 16, None).message
        )

    def test_a_huge_number_in_the_workbook_is_located(self, book: Path) -> None:
        edit_book(book, "orders", "E3", 1e308)
        assert (
            "must be <= 100,000"
            in located(problems(book), "book.xlsx[orders]", 3, "tonnes").message
        )

    def test_long_text_in_json_is_refused_so_that_the_csv_copy_reads_back(
        self, tmp_path: Path
    ) -> None:
        data = scenario_to_dict(load_scenario(TINY))
        data["sites"][0]["source"] = "s" * 131_073
        path = tmp_path / "s.json"
        path.write_text(json.dumps(data), "utf-8")
        assert "characters long" in located(problems(path), "s.json[sites]", 1, "source").message

    def test_text_at_the_limit_round_trips_through_csv(self, tiny: Path, tmp_path: Path) -> None:
        set_cell(tiny / "sites.csv", 2, "source", "s" * 10_000)
        write_scenario_csv(load_scenario(tiny), tmp_path / "copy")
        assert load_scenario(tmp_path / "copy").sites[0].source == "s" * 10_000


class TestProblemCount:
    def test_many_problems_of_one_kind_are_cut_and_counted(self, tiny: Path) -> None:
        path = tiny / "orders.csv"
        lines = path.read_text("utf-8").splitlines()
        path.write_text("\n".join(lines + [lines[1]] * 5000) + "\n", "utf-8")
        with pytest.raises(ScenarioError) as info:
            load_scenario(tiny)
        assert info.value.total == 5000
        assert len(info.value.problems) == 21
        assert "... and 4,980 more problems of this kind" in info.value.problems[-1].message
        assert str(info.value).count("\n") == 20

    def test_all_errors_lists_every_problem(self, tiny: Path) -> None:
        path = tiny / "orders.csv"
        lines = path.read_text("utf-8").splitlines()
        path.write_text("\n".join(lines + [lines[1]] * 50) + "\n", "utf-8")
        with pytest.raises(ScenarioError) as info:
            load_scenario(tiny, all_errors=True)
        assert len(info.value.problems) == info.value.total == 50

    @pytest.mark.parametrize("form", ["csv", "xlsx", "json"])
    def test_a_table_longer_than_the_row_limit_is_refused(
        self, tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str
    ) -> None:
        scenario = load_scenario(TINY)  # four orders, read before the limit applies
        for module in ("assemble", "csv_folder", "workbook", "json_form"):
            monkeypatch.setattr(f"hubflow.io.{module}.MAX_ROWS", 3)
        path = {"csv": tmp_path / "f", "xlsx": tmp_path / "b.xlsx", "json": tmp_path / "s.json"}
        if form == "csv":
            write_scenario_csv(scenario, path[form])
        elif form == "xlsx":
            write_scenario_xlsx(scenario, path[form])
        else:
            path[form].write_text(json.dumps(scenario_to_dict(scenario)), "utf-8")
        found = problems(path[form])
        limit = ("has more than 3 rows", "at most 3 rows below its header")  # streamed, declared
        assert any(any(t in p.message for t in limit) and "orders" in p.file for p in found)


class TestSmallOnes:
    def test_toml_error_at_end_of_document_names_the_last_line(self, tiny: Path) -> None:
        path = tiny / "scenario.toml"
        path.write_text(path.read_text("utf-8") + 'name2 = "unterminated', "utf-8")
        p = located(problems(tiny), "scenario.toml", 17, None)  # the last line
        assert "end of document" in p.message

    def test_formula_without_a_saved_value_is_refused(self, book: Path) -> None:
        edit_book(book, "orders", "E3", "=E2*2")
        p = located(problems(book), "book.xlsx[orders]", 3, "tonnes")
        assert "formula (=E2*2) without a saved result" in p.message

    def test_symbolic_link_loop_is_named(self, tmp_path: Path) -> None:
        loop = tmp_path / "loop"
        loop.symlink_to(loop)
        assert "symbolic link loop" in located(problems(loop), "loop", None, None).message

    def test_symbolic_link_loop_inside_a_folder_is_named(self, tiny: Path) -> None:
        (tiny / "orders.csv").unlink()
        (tiny / "orders.csv").symlink_to(tiny / "orders.csv")
        p = located(problems(tiny), "orders.csv", None, None)
        assert "symbolic link loop" in p.message

    def test_road_service_between_sites_at_one_coordinate_needs_a_distance(
        self, tiny: Path
    ) -> None:
        set_cell(tiny / "sites.csv", 3, "lat", "34.75")
        set_cell(tiny / "sites.csv", 3, "lon", "112.98")  # ZZH where GYS is
        p = located(problems(tiny), "services.csv", 2, "distance_km")
        assert "share the coordinate" in p.message

    def test_orders_with_only_a_header_is_an_error(self, tiny: Path) -> None:
        path = tiny / "orders.csv"
        path.write_text(path.read_text("utf-8").splitlines()[0] + "\n", "utf-8")
        assert "has no orders" in located(problems(tiny), "orders.csv", None, None).message
