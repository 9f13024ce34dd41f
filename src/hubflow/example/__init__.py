"""The built-in Zhengzhou example scenario and a generator of synthetic orders with its structure.

``EXAMPLE_DIR`` is the CSV folder shipped inside the package (``hubflow/data/zhengzhou``);
``hubflow.example.build`` rebuilds it from the stated facts.
"""

from __future__ import annotations

from pathlib import Path

from hubflow.example.generate import INFEASIBLE_ORDER_IDS, generate_orders

EXAMPLE_DIR: Path = Path(__file__).resolve().parent.parent / "data" / "zhengzhou"

__all__ = ["EXAMPLE_DIR", "INFEASIBLE_ORDER_IDS", "generate_orders"]
