"""The sweep table: one flat row per variant, written as ``sweep.csv``."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hubflow.io.variants import Variant
from hubflow.model import Scenario
from hubflow.model.scenario import MODES

__all__ = ["columns", "flat_rows", "write_csv", "write_text"]

FIGURES = ("status", "total_cost", "objective", "lower_bound", "gap_pct", "co2e_t")
TAIL = ("on_time_pct", "unserved_t", "seconds", "cpu_seconds", "warm", "reason")


def columns(scenario: Scenario, variants: Sequence[Variant]) -> list[str]:
    """variant, one column per swept parameter, the figures, tonne-km per mode, peak yard per hub."""
    axes = list(dict.fromkeys(c.key for v in variants for c in v.changes))
    hubs = [s.id for s in scenario.sites if s.hub]
    return [
        "variant",
        *axes,
        *FIGURES,
        *(f"tonne_km_{m}" for m in MODES),
        *TAIL[:2],
        *(f"peak_yard_m2_{h}" for h in hubs),
        *(f"yard_m2_{h}" for h in hubs),
        *TAIL[2:],
    ]


def flat_rows(
    scenario: Scenario, variants: Sequence[Variant], rows: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The rows of :func:`~hubflow.sweep.run_sweep` as flat dicts over :func:`columns`."""
    out = []
    for v, r in zip(variants, rows, strict=True):
        flat: dict[str, Any] = {"variant": v.label, **{c.key: c.text for c in v.changes}}
        flat |= {k: r.get(k) for k in (*FIGURES, *TAIL)}
        for m in MODES:
            flat[f"tonne_km_{m}"] = (
                r.get("tonne_km_by_mode", {}).get(m, 0.0) if "co2e_t" in r else None
            )
        for prefix, key in (("peak_yard_m2_", "yard_peak_m2"), ("yard_m2_", "yard_m2")):
            for hub, value in r.get(key, {}).items():
                flat[prefix + hub] = value
        out.append(flat)
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1e6 else f"{value:.2f}"
    return str(value)


def write_csv(path: Path, header: list[str], rows: Sequence[dict[str, Any]]) -> Path:
    """Write the table atomically; empty cells for missing figures."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in header])
    write_text(path, buf.getvalue())
    return path


def write_text(path: Path, text: str) -> Path:
    """Write through a temporary sibling and rename, so a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path
