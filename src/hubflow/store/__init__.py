"""The store: scenarios and plans as versioned rows in SQLite (default) or PostgreSQL.

::

    from hubflow.store import open_store

    with open_store("sqlite:///hubflow.db") as store:
        scenario = store.save_scenario("zhengzhou", scenario_document)   # version 1, 2, ...
        store.save_plan(scenario.id, plan.to_dict(), kpis.summary())
        store.plans(scenario.id)
"""

from hubflow.store.migrations import HEAD as SCHEMA_REVISION
from hubflow.store.records import PlanRecord as PlanRecord
from hubflow.store.records import ScenarioRecord as ScenarioRecord
from hubflow.store.store import DEFAULT_URL as DEFAULT_URL
from hubflow.store.store import Store as Store
from hubflow.store.store import open_store as open_store
from hubflow.store.store import store_plan as store_plan
from hubflow.store.store import upgrade_schema as upgrade_schema

__all__ = [
    "DEFAULT_URL",
    "SCHEMA_REVISION",
    "PlanRecord",
    "ScenarioRecord",
    "Store",
    "open_store",
    "store_plan",
    "upgrade_schema",
]
