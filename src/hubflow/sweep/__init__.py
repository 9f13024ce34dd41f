"""What-ifs for the negotiation: sweeps over scenario variants, and the value of hub land.

``run_sweep`` plans a grid of :class:`~hubflow.io.variants.Variant` s on an executor (a local
process pool or Ray), one row each; ``land_values`` prices a square metre of yard per hub per
week by LP duals and by re-planning (finite differences).
"""

from hubflow.sweep.executors import PoolExecutor, RayExecutor, SequentialExecutor, make_executor
from hubflow.sweep.run import SweepProgress, run_sweep
from hubflow.sweep.work import plan_variant

__all__ = [
    "PoolExecutor",
    "RayExecutor",
    "SequentialExecutor",
    "SweepProgress",
    "make_executor",
    "plan_variant",
    "run_sweep",
]
