"""Bad input gives a ScenarioError whose problems name the file, the row and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from hubflow.errors import Problem, ScenarioError
from hubflow.io import load_scenario, scenario_from_dict, scenario_to_dict, write_scenario_xlsx

from .conftest import TINY, problems, set_cell


def located(found: list[Problem], file: str, row: int | None, field: str | None) -> Problem:
    """The one problem at (file, row, field); ``file`` is the name at the end of Problem.file."""
    hits = [p for p in found if p.file.endswith(file) and p.row == row and p.field == field]
    assert len(hits) == 1, f"expected one problem at {file}, {row}, {field}; got {found}"
    return hits[0]


def test_missing_file(tiny: Path) -> None:
    (tiny / "orders.csv").unlink()
    p = located(problems(tiny), "orders.csv", None, None)
    assert p.file == str(tiny / "orders.csv") and "missing" in p.message


def test_directory_without_scenario_toml(tiny: Path) -> None:
    (tiny / "scenario.toml").unlink()
    assert "start =" in located(problems(tiny), "scenario.toml", None, None).message


def test_missing_column(tiny: Path) -> None:
    path = tiny / "orders.csv"
    lines = [
        ",".join(line.split(",")[:4] + line.split(",")[5:])
        for line in path.read_text("utf-8").splitlines()
    ]
    path.write_text("\n".join(lines), "utf-8")
    found = problems(tiny)
    assert "required column is missing" in located(found, "orders.csv", 1, "tonnes").message
    assert len(found) == 1  # not once per row


def test_unknown_column(tiny: Path) -> None:
    path = tiny / "commodities.csv"
    lines = path.read_text("utf-8").splitlines()
    path.write_text("\n".join(f"{line},x" for line in lines), "utf-8")
    path.write_text(path.read_text("utf-8").replace("source,x", "source,colour", 1), "utf-8")
    assert "unknown column" in located(problems(tiny), "commodities.csv", 1, "colour").message


def test_semicolon_separated_file_says_so(tiny: Path) -> None:
    path = tiny / "commodities.csv"
    path.write_text(path.read_text("utf-8").replace(",", ";"), "utf-8")
    found = problems(tiny)
    assert any("separated by commas" in p.message for p in found if p.row == 1)


@pytest.mark.parametrize("content", ["", "\n\n", "\ufeff"])
def test_empty_file(tiny: Path, content: str) -> None:
    (tiny / "orders.csv").write_text(content, "utf-8")
    assert "is empty" in located(problems(tiny), "orders.csv", None, None).message


def test_empty_required_cell(tiny: Path) -> None:
    set_cell(tiny / "orders.csv", 3, "commodity", "")
    assert "is empty" in located(problems(tiny), "orders.csv", 3, "commodity").message


@pytest.mark.parametrize(
    ("file", "row", "column", "value", "expected"),
    [
        ("orders.csv", 2, "tonnes", "12t", '"12t" is not a number'),
        ("sites.csv", 4, "yard_m2", "lots", '"lots" is not a number'),
        ("services.csv", 2, "max_vehicles", "2.5", '"2.5" is not a whole number'),
        ("services.csv", 3, "transit_hours", "-2", '"-2" hours must be >= 0'),
        ("sites.csv", 2, "hub", "maybe", '"maybe" is not true/false'),
        ("fleet.csv", 2, "count", "nan", '"nan" is not a whole number'),
        ("commodities.csv", 2, "m2_per_t", "inf", '"inf" is not a number'),
        # absurd values: out of range, too long to convert, not ASCII decimal notation
        ("orders.csv", 2, "tonnes", "1e308", "must be <= 100,000"),
        ("services.csv", 3, "capacity_t", "1e308", "must be <= 1,000,000"),
        ("commodities.csv", 2, "m2_per_t", "1e30", "must be <= 100"),
        ("services.csv", 2, "transit_hours", "1e308", "hours must be <= 2,208"),
        ("sites.csv", 3, "handling_hours", "1e308", "hours must be <= 168"),
        ("fleet.csv", 2, "count", "1e30", "must be <= 10,000"),
        ("services.csv", 2, "timetable", "every " + "9" * 309 + "h", "at most 8784 hours"),
        ("orders.csv", 2, "tonnes", "1_000", "is not a number"),
        ("orders.csv", 2, "tonnes", "１２", "is not a number"),
        ("orders.csv", 2, "tonnes", "١٢", "is not a number"),
        ("sites.csv", 2, "name", "x" * 10_001, "10,001 characters long (at most 10,000)"),
    ],
)
def test_bad_values(
    tiny: Path, file: str, row: int, column: str, value: str, expected: str
) -> None:
    set_cell(tiny / file, row, column, value)
    assert expected in located(problems(tiny), file, row, column).message


def test_row_with_too_many_cells(tiny: Path) -> None:
    path = tiny / "sites.csv"
    path.write_text(path.read_text("utf-8").replace("34.52,113.84", "34,52,113.84"), "utf-8")
    p = located(problems(tiny), "sites.csv", 4, None)
    assert p.message == "has 13 cells but the header has 12 columns"


def test_negative_tonnes(tiny: Path) -> None:
    set_cell(tiny / "orders.csv", 4, "tonnes", "-5")
    assert "must be >= 0.001" in located(problems(tiny), "orders.csv", 4, "tonnes").message


def test_due_before_release(tiny: Path) -> None:
    set_cell(tiny / "orders.csv", 2, "due", "2026-03-02T07:00")
    p = located(problems(tiny), "orders.csv", 2, "due")
    assert '"2026-03-02T07:00" is not after the release time "2026-03-02T08:00"' in p.message


def test_release_before_start(tiny: Path) -> None:
    set_cell(tiny / "orders.csv", 2, "release", "2026-03-01T23:00")
    assert (
        "before the scenario start" in located(problems(tiny), "orders.csv", 2, "release").message
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "2025-13-01",
            '"2025-13-01" is not a timestamp (expected ISO 8601, e.g. 2026-03-04T08:00)',
        ),
        ("2026-03-04T25:00", "is not a timestamp"),
        ("04/03/2026 08:00", "is not a timestamp"),
        ("2026-03-04", "has no time of day"),
    ],
)
def test_malformed_time(tiny: Path, value: str, expected: str) -> None:
    set_cell(tiny / "orders.csv", 5, "due", value)
    assert expected in located(problems(tiny), "orders.csv", 5, "due").message


@pytest.mark.parametrize(
    "value", ["weekly Monday", "daily 25:00", "twice a day", "every 0h", "daily ;", "every 0.001h"]
)
def test_malformed_timetable(tiny: Path, value: str) -> None:
    set_cell(tiny / "services.csv", 3, "timetable", value)
    p = located(problems(tiny), "services.csv", 3, "timetable")
    assert p.message.startswith(f'"{value}"')


@pytest.mark.parametrize(
    ("file", "row", "column", "value"),
    [
        ("orders.csv", 3, "origin", "NOWHERE"),
        ("orders.csv", 4, "commodity", "gold"),
        ("services.csv", 5, "destination", "NOWHERE"),
        ("fleet.csv", 2, "depot", "NOWHERE"),
    ],
)
def test_unknown_reference(tiny: Path, file: str, row: int, column: str, value: str) -> None:
    set_cell(tiny / file, row, column, value)
    assert (
        f"unknown {'commodity' if column == 'commodity' else 'site'} '{value}'"
        in located(problems(tiny), file, row, column).message
    )


def test_rows_count_blank_lines_as_a_spreadsheet_does(tiny: Path) -> None:
    path = tiny / "orders.csv"
    lines = path.read_text("utf-8").splitlines()
    path.write_text("\n".join([*lines[:2], "", *lines[2:]]) + "\n", "utf-8")
    set_cell(path, 5, "origin", "NOWHERE")  # order O3, now on row 5
    located(problems(tiny), "orders.csv", 5, "origin")


def test_duplicate_ids(tiny: Path) -> None:
    path = tiny / "sites.csv"
    lines = path.read_text("utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[2]]) + "\n", "utf-8")
    p = located(problems(tiny), "sites.csv", 6, "id")
    assert p.message == '"ZZH" repeats the id of row 3'


def test_not_utf8(tiny: Path) -> None:
    path = tiny / "sites.csv"
    path.write_bytes(path.read_text("utf-8").encode("gb18030"))
    p = located(problems(tiny), "sites.csv", 3, None)  # the first Chinese name is on row 3
    assert "is not UTF-8" in p.message


def test_all_problems_of_all_files_are_reported_together(tiny: Path) -> None:
    set_cell(tiny / "orders.csv", 2, "tonnes", "x")
    set_cell(tiny / "orders.csv", 3, "release", "soon")
    set_cell(tiny / "sites.csv", 2, "lon", "east")
    found = problems(tiny)
    assert {(Path(p.file).name, p.row, p.field) for p in found} == {
        ("orders.csv", 2, "tonnes"),
        ("orders.csv", 3, "release"),
        ("sites.csv", 2, "lon"),
    }


def test_unknown_csv_file_is_refused_but_sources_and_readme_are_not(tiny: Path) -> None:
    (tiny / "README.md").write_text("notes", "utf-8")
    assert (tiny / "sources.csv").is_file()
    assert load_scenario(tiny) == load_scenario(TINY)  # README.md and sources.csv are let be
    shutil.copy(tiny / "fleet.csv", tiny / "fleets.csv")
    found = problems(tiny)
    located(found, "fleets.csv", None, None)
    assert len(found) == 1  # fleets.csv is the only file refused


class TestParameters:
    def edit(self, folder: Path, old: str, new: str) -> None:
        path = folder / "scenario.toml"
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new), "utf-8")

    def test_unknown_key(self, tiny: Path) -> None:
        self.edit(tiny, "currency =", "curency =")
        p = located(problems(tiny), "scenario.toml", 7, "curency")
        assert "unknown key" in p.message

    def test_bad_value(self, tiny: Path) -> None:
        self.edit(tiny, "horizon_days = 7", 'horizon_days = "a week"')
        assert (
            '"a week" is not a number'
            in located(problems(tiny), "scenario.toml", 5, "horizon_days").message
        )

    def test_model_check_is_located_on_its_line(self, tiny: Path) -> None:
        self.edit(tiny, "time_step_minutes = 60", "time_step_minutes = 7")
        located(problems(tiny), "scenario.toml", 6, "time_step_minutes")

    def test_start_without_offset(self, tiny: Path) -> None:
        self.edit(tiny, "2026-03-02T00:00:00+08:00", "2026-03-02T00:00:00")
        assert "no UTC offset" in located(problems(tiny), "scenario.toml", 4, "start").message

    def test_start_missing(self, tiny: Path) -> None:
        self.edit(tiny, "start = 2026-03-02T00:00:00+08:00", "")
        located(problems(tiny), "scenario.toml", None, "start")

    def test_toml_syntax_error(self, tiny: Path) -> None:
        self.edit(tiny, 'lateness = "penalize"', "lateness = penalize")
        assert "is not valid TOML" in located(problems(tiny), "scenario.toml", 9, None).message


class TestWorkbook:
    @pytest.fixture
    def book(self, tmp_path: Path) -> Path:
        path = tmp_path / "book.xlsx"
        write_scenario_xlsx(load_scenario(TINY), path)
        return path

    def test_missing_sheet(self, book: Path) -> None:
        wb = openpyxl.load_workbook(book)
        del wb["orders"]
        wb.save(book)
        p = located(problems(book), "book.xlsx[orders]", None, None)
        assert "sheet is missing" in p.message

    def test_bad_cell_is_located_in_its_sheet(self, book: Path) -> None:
        wb = openpyxl.load_workbook(book)
        wb["orders"]["E3"] = "heavy"  # column E = tonnes, row 3 = O2
        wb["parameters"]["B3"] = "soon"  # row 3 = start
        wb.save(book)
        found = problems(book)
        assert located(found, "book.xlsx[orders]", 3, "tonnes").file == f"{book}[orders]"
        located(found, "book.xlsx[parameters]", 3, "start")

    def test_unknown_reference_is_located_in_its_sheet(self, book: Path) -> None:
        wb = openpyxl.load_workbook(book)
        wb["services"]["C4"] = "NOWHERE"
        wb.save(book)
        located(problems(book), "book.xlsx[services]", 4, "origin")

    def test_not_a_workbook(self, tmp_path: Path) -> None:
        path = tmp_path / "fake.xlsx"
        path.write_text("id,name\n", "utf-8")
        located(problems(path), "fake.xlsx", None, None)


class TestJson:
    def test_bad_item_is_located_by_position(self) -> None:
        data = scenario_to_dict(load_scenario(TINY))
        data["orders"][1]["tonnes"] = "x"
        data["orders"][2]["origin"] = "NOWHERE"  # found only once the first is fixed
        with pytest.raises(ScenarioError) as info:
            scenario_from_dict(data, "s.json")
        assert len(info.value.problems) == 1
        located(info.value.problems, "s.json[orders]", 2, "tonnes")
        data["orders"][1]["tonnes"] = 5.0
        with pytest.raises(ScenarioError) as info:
            scenario_from_dict(data, "s.json")
        located(info.value.problems, "s.json[orders]", 3, "origin")

    def test_model_check_is_located_by_position(self) -> None:
        data = scenario_to_dict(load_scenario(TINY))
        data["services"][0]["transit_minutes"] = 0
        with pytest.raises(ScenarioError) as info:
            scenario_from_dict(data, "s.json")
        located(info.value.problems, "s.json[services]", 1, "transit_minutes")

    def test_unknown_reference(self) -> None:
        data = scenario_to_dict(load_scenario(TINY))
        data["services"][0]["origin"] = "NOWHERE"
        with pytest.raises(ScenarioError) as info:
            scenario_from_dict(data, "s.json")
        p = located(info.value.problems, "s.json[services]", 1, "origin")
        assert p.message == "unknown site 'NOWHERE'"

    def test_not_json(self, tmp_path: Path) -> None:
        path = tmp_path / "s.json"
        path.write_text('{"parameters": ', "utf-8")
        located(problems(path), "s.json", 1, None)


def test_path_that_does_not_exist(tmp_path: Path) -> None:
    located(problems(tmp_path / "nothing"), "nothing", None, None)


def test_csv_file_instead_of_folder() -> None:
    assert (
        "give the folder"
        in located(problems(TINY / "orders.csv"), "orders.csv", None, None).message
    )
