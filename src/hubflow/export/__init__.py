"""A plan's ``--out`` folder: scenario copy, plan.json, CSV tables and report.html.

The folder is self-contained: ``hubflow check DIR`` needs nothing else.
"""

from hubflow.export.folder import read_plan_folder, write_plan_folder

__all__ = ["read_plan_folder", "write_plan_folder"]
