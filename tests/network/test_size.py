"""The network's size estimate: close above the real size, and a refusal before building."""

import dataclasses

import pytest

from hubflow.errors import PlanError
from hubflow.example import EXAMPLE_DIR
from hubflow.io import load_scenario
from hubflow.network import build_network, check_network_size, estimate_network_size


@pytest.fixture(scope="module")
def example():
    return load_scenario(EXAMPLE_DIR)


def test_estimate_is_above_the_real_size_but_not_far(example):
    size = estimate_network_size(example)
    net = build_network(example)
    real = sum(len(d.arcs) for d in net.problem.demands)
    assert real <= size.flow_variables <= 3 * real
    assert net.problem.n_arcs <= size.arcs


def test_a_network_too_large_for_the_memory_is_refused_before_building(example):
    # dates a century off are input errors now; the size check is the second line of defence
    fine = dataclasses.replace(
        example, parameters=dataclasses.replace(example.parameters, time_step_minutes=15)
    )
    with pytest.raises(PlanError, match="time steps"):
        check_network_size(fine, memory_bytes=2**20)


def test_the_example_fits_in_a_small_machine(example):
    assert check_network_size(example, memory_bytes=2 * 2**30).bytes < 2**30
