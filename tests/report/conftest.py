from __future__ import annotations

import pytest

from hubflow.kpi import compute_kpis
from hubflow.planning import make_plan
from hubflow.report import render_report
from tests import cases


def planned(scenario):
    plan = make_plan(scenario, time_limit=20)
    return scenario, plan, compute_kpis(scenario, plan)


@pytest.fixture(scope="module")
def consolidation():
    return planned(cases.consolidation())


@pytest.fixture(scope="module")
def urgent():
    return planned(cases.urgent(5))


@pytest.fixture(scope="module")
def consolidation_html(consolidation):
    return render_report(*consolidation)


@pytest.fixture(scope="module")
def urgent_html(urgent):
    return render_report(*urgent)
