"""Fixtures of the example tests."""

from __future__ import annotations

import pytest
from example_loader import load

from hubflow.model import Scenario


@pytest.fixture(scope="session")
def example() -> Scenario:
    return load()
