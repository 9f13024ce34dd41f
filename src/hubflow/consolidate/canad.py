"""Read a Canad ``.dow`` network-design file (the MCND benchmark format) into a DesignProblem.

The file's model is static: one time bucket, so the DesignProblem's nodes are the file's nodes
(0-based) and its arcs are the file's arcs in file order, each a design arc with at most one
"vehicle" (open or not: ``max_vehicles = 1``, ``fixed_cost`` = the opening cost, ``capacity`` =
the arc's capacity). Commodities are demands in file order, allowed on every arc.

"All demand must be delivered" is modelled by a penalty per unit left unmet
(:func:`must_deliver_penalty`) larger than routing that unit on its costliest simple path plus
opening every arc; a plan that still leaves demand unmet is not a solution of the file's model
and the ``design`` command says so. The penalty model relaxes the file's model, so its lower
bounds are valid bounds for the file's model too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hubflow.consolidate.problem import Demand, DesignProblem
from hubflow.errors import Problem, ScenarioError

__all__ = ["DowError", "DowInstance", "full_service_ceiling", "must_deliver_penalty", "read_dow"]

HEADER = "MULTIGEN.DAT:"


class DowError(ScenarioError):
    """A malformed ``.dow`` file, located by file and 1-based line."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        where = f"line {line}: " if line is not None else ""
        super().__init__(Problem(file, None, None, where + message))
        self.file, self.line = file, line


@dataclass(frozen=True, slots=True)
class DowInstance:
    """The file's data as read (0-based nodes) and the DesignProblem built from it."""

    name: str
    n_nodes: int
    tail: np.ndarray
    head: np.ndarray
    var_cost: np.ndarray
    capacity: np.ndarray
    fixed_cost: np.ndarray
    origin: np.ndarray
    destination: np.ndarray
    demand: np.ndarray
    problem: DesignProblem


#: the largest .dow file read: the largest published instances are below 1 MB, and parsing
#: takes about 13 bytes of memory a byte of text (tracemalloc, c64.dow)
MAX_DOW_BYTES = 64 * 2**20


def read_dow(path: str | Path) -> DowInstance:
    """Parse ``path``; DowError (file, line) on anything that does not fit the format."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_DOW_BYTES:
            limit = f"a design file may be at most {MAX_DOW_BYTES // 2**20} MiB"
            raise DowError(str(path), None, f"is {size / 2**20:,.0f} MiB ({limit})")
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as e:
        raise DowError(str(path), None, f"cannot read the file ({e})") from None
    return parse_dow(text, str(path), name=path.stem)


def parse_dow(text: str, file: str = "<text>", *, name: str = "") -> DowInstance:
    """Parse the text of a ``.dow`` file (see the module docstring for the model)."""
    lines = [(i + 1, ln.split()) for i, ln in enumerate(text.splitlines()) if ln.strip()]
    if not lines or lines[0][1] != [HEADER]:
        first = lines[0][0] if lines else 1
        raise DowError(file, first, f"expected the label {HEADER!r} on the first line")
    if len(lines) < 2:
        raise DowError(file, lines[0][0] + 1, "missing the line 'nodes arcs commodities'")
    n, m, k = _ints(file, *lines[1], 3)
    if n < 2 or m < 1 or k < 1:
        raise DowError(file, lines[1][0], f"need >= 2 nodes, >= 1 arc, >= 1 commodity: {n} {m} {k}")
    body = lines[2:]
    if len(body) != m + k:
        last = lines[-1][0]
        raise DowError(
            file, last, f"expected {m} arc lines and {k} commodity lines, found {len(body)} lines"
        )
    arcs = np.array([_ints(file, no, toks, 7) for no, toks in body[:m]], dtype=np.int64)
    comms = np.array([_ints(file, no, toks, 3) for no, toks in body[m:]], dtype=np.int64)
    _check_rows(file, [no for no, _ in body[:m]], arcs[:, :2], n, "arc")
    _check_rows(file, [no for no, _ in body[m:]], comms[:, :2], n, "commodity")
    for no, row in zip((no for no, _ in body[:m]), arcs, strict=True):
        if row[0] == row[1]:
            raise DowError(file, no, f"arc from node {row[0]} to itself")
        if row[2] < 0 or row[3] <= 0 or row[4] < 0:
            raise DowError(file, no, "need cost >= 0, capacity > 0 and fixed cost >= 0")
    for no, row in zip((no for no, _ in body[m:]), comms, strict=True):
        if row[0] == row[1] or row[2] <= 0:
            raise DowError(file, no, "a commodity needs origin != destination and demand > 0")
    return _instance(name, n, arcs, comms)


def _ints(file: str, line: int, toks: list[str], count: int) -> list[int]:
    if len(toks) != count:
        raise DowError(file, line, f"expected {count} integers, found {len(toks)} fields")
    try:
        return [int(t) for t in toks]
    except ValueError:
        raise DowError(file, line, f"expected {count} integers, found {' '.join(toks)!r}") from None


def _check_rows(file: str, line_nos: list[int], ends: np.ndarray, n: int, what: str) -> None:
    bad = np.flatnonzero((ends < 1).any(axis=1) | (ends > n).any(axis=1))
    if len(bad):
        raise DowError(file, line_nos[bad[0]], f"{what} names a node outside 1..{n}")


def _costliest_path(var_cost: np.ndarray, n_nodes: int) -> float:
    """An upper bound on one unit's cost along any simple path: ``n_nodes - 1`` dearest arcs."""
    return float(var_cost.max(initial=0)) * (n_nodes - 1)


def must_deliver_penalty(var_cost: np.ndarray, fixed_cost: np.ndarray, n_nodes: int) -> float:
    """Per unit unmet: more than the costliest simple path plus opening every arc."""
    return _costliest_path(var_cost, n_nodes) + float(fixed_cost.sum()) + 1.0


def full_service_ceiling(inst: DowInstance) -> float:
    """The most an optimal plan delivering every unit could cost: each unit on a costliest simple
    path, every arc open. A lower bound above it proves the file's model has no solution."""
    path = _costliest_path(inst.var_cost, inst.n_nodes)
    return float(inst.demand.sum()) * path + float(inst.fixed_cost.sum())


def _instance(name: str, n: int, arcs: np.ndarray, comms: np.ndarray) -> DowInstance:
    tail, head = arcs[:, 0] - 1, arcs[:, 1] - 1
    var_cost, cap, fixed = (arcs[:, i].astype(np.float64) for i in (2, 3, 4))
    penalty = must_deliver_penalty(var_cost, fixed, n)
    every = np.arange(len(arcs), dtype=np.int64)
    demands = tuple(
        Demand(
            origin=int(o) - 1,
            destination=int(d) - 1,
            quantity=float(q),
            weight=1.0,
            penalty=penalty,
            arcs=every,
        )
        for o, d, q in comms
    )
    problem = DesignProblem(
        n_nodes=n,
        tail=tail,
        head=head,
        unit_cost=var_cost,
        weight_cost=np.zeros(len(arcs)),
        fixed_cost=fixed,
        capacity=cap,
        max_vehicles=np.ones(len(arcs), dtype=np.int64),
        demands=demands,
    )
    return DowInstance(
        name=name,
        n_nodes=n,
        tail=tail,
        head=head,
        var_cost=var_cost,
        capacity=cap,
        fixed_cost=fixed,
        origin=comms[:, 0] - 1,
        destination=comms[:, 1] - 1,
        demand=comms[:, 2].astype(np.float64),
        problem=problem,
    )
