"""The Gantt of departures run and the busiest days at each hub."""

from __future__ import annotations

import re

from hubflow.model import DepartureRun
from hubflow.report.timeline import busiest_days, gantt, gantt_section, hub_days


def test_hub_days_count_tonnes_in_and_out(consolidation):
    """40 t reach hub H by truck and leave it by train: 80 t handled over the horizon."""
    sc, plan, _ = consolidation
    days = hub_days(sc, plan)
    assert set(days) == {"H"} and len(days["H"]) == 3  # a 3-day horizon
    assert sum(days["H"]) == 80.0
    out = busiest_days(sc, plan)
    assert "<th>H</th>" in out and "Mon 02" in out and ">80</td>" in out


def test_gantt_rows_grouped_by_mode_and_origin(consolidation):
    sc, plan, _ = consolidation
    out = gantt_section(sc, plan)
    assert "Rail from H" in out and "→ C" in out  # the train, in the scheduled chart
    assert "Road truck from A" in out and "Road truck from B" in out  # folded road chart
    assert out.count('<g class="run">') == 3


def test_a_long_transit_continues_as_a_line_cut_at_the_horizon(consolidation):
    """A 16-day train half full, in a 3-day horizon: a 12 h block, filled half its height, a
    transit line to the frame's right edge and the ▸ mark."""
    sc, _, _ = consolidation
    run = DepartureRun(
        service="H-C",
        mode="rail_express",
        origin="H",
        destination="C",
        departure=0,
        arrival=16 * 1440,
        vehicles=1,
        load_t=500.0,
        capacity_t=1000.0,
    )
    out = gantt(sc, [run], plot_width=720)
    rects = re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', out)
    (_, _, w0, h0), (_, _, w1, h1) = ((float(v) for v in r) for r in rects)
    assert w0 == w1 == 720 / 6  # 12 h of 72 h
    assert h1 == h0 / 2  # half full
    assert '<line class="transit"' in out and "▸" in out and "China–Europe train" in out


def test_no_departures(urgent):
    sc, plan, _ = urgent
    assert "No departures run" in gantt_section(sc, plan)
