"""The words a reader sees: mode display names, short site names, service and page titles.

Everything here maps ids to names from the scenario itself, so the report never shows a raw id
where the scenario gives a name (ids stay in tooltips and tables, where planners search them).
"""

from __future__ import annotations

import re

from hubflow.model import Scenario, Service

MODE_NAMES = {
    "road": "Road truck",
    "rail": "Rail",
    "rail_express": "China–Europe train",
    "hsr_express": "High-speed rail express",
    "air": "Air cargo",
    "waterway": "Inland waterway",
    "sea": "Sea",
    "handling": "Hub handling",
}
MODE_VEHICLES = {
    "road": "trucks",
    "rail": "wagons",
    "rail_express": "trains",
    "hsr_express": "parcel vans",
    "air": "flights",
    "waterway": "barges",
    "sea": "ships",
}


def mode_name(mode: str) -> str:
    """``rail_express`` -> "China–Europe train"; unknown modes read with spaces, capitalised."""
    return MODE_NAMES.get(mode, mode.replace("_", " ").capitalize())


def short_name(name: str, limit: int = 34) -> str:
    """A site's name for map labels and chart rows: the part before a bracket or a slash, when
    the whole is longer than ``limit`` characters (the full name stays in tooltips)."""
    if len(name) <= limit:
        return name
    head = re.split(r" \(| / ", name, maxsplit=1)[0].strip()
    return head or name


def site_name(scenario: Scenario, site_id: str, *, short: bool = True) -> str:
    site = scenario.site_index.get(site_id)
    if site is None:
        return site_id
    return short_name(site.name) if short else site.name


def service_name(scenario: Scenario, service: Service) -> str:
    """ "China–Europe train: Zhengzhou International Land Port → Duisburg inland port"."""
    return (
        f"{mode_name(service.mode)}: {site_name(scenario, service.origin)} → "
        f"{site_name(scenario, service.destination)}"
    )


def service_names(scenario: Scenario) -> dict[str, str]:
    """Service id -> display name; ids of services that would read alike keep the id."""
    names = {s.id: service_name(scenario, s) for s in scenario.services}
    seen: dict[str, int] = {}
    for label in names.values():
        seen[label] = seen.get(label, 0) + 1
    return {k: (f"{v} ({k})" if seen[v] > 1 else v) for k, v in names.items()}


def scenario_title(name: str) -> str:
    """The page title from the scenario name: an id such as ``zhengzhou_week_12`` reads
    "Zhengzhou week 12"; a name with capitals or spaces is kept as written."""
    if name and name == name.lower() and " " not in name:
        words = re.sub(r"[_\-]+", " ", name).strip()
        return words[:1].upper() + words[1:]
    return name
