"""The independent checker: recomputes every claim of a plan from the scenario alone.

It shares no code with the engines or the KPI module on purpose (only the data classes, the
distance and the emission-factor lookups, which are inputs rather than results; a test walks its
import graph). Lookups are built once per check, so it runs in time linear in the plan's size.
"""

from hubflow.check.plan_check import check_plan

__all__ = ["check_plan"]
