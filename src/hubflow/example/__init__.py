"""The built-in Zhengzhou example scenario and a generator of synthetic orders with its structure.

``EXAMPLE_DIR`` is the CSV folder shipped inside the package (``hubflow/data/zhengzhou``). It is
derived from the sourced recipe tables in the repository's ``example/`` folder by
``python example/build.py``; nothing here is needed to rebuild it.
"""

from __future__ import annotations

from pathlib import Path

from hubflow.example.generate import INFEASIBLE_ORDER_IDS, generate_orders

EXAMPLE_DIR: Path = Path(__file__).resolve().parent.parent / "data" / "zhengzhou"

__all__ = ["EXAMPLE_DIR", "INFEASIBLE_ORDER_IDS", "generate_orders"]
