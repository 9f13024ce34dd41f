"""Load test of the negotiation service: 50 concurrent clients on 127.0.0.1 for a fixed time.

Starts ``hubflow serve`` on a fresh SQLite file (or ``--db URL``), two organisations and a
small scenario; each client loops over listing scenarios, reading a scenario, its plans, a
plan and a comparison, and every fifth client starts one plan job. After the time is up it
waits (bounded) for every job to finish. Writes bench/results/load.{csv,md}: requests, error
rate, p50/p95 latency per kind of read, and the jobs' outcome.

    python bench/load.py                  # 50 clients, 30 s, 2 plan workers
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx
from tables import write_tables

from hubflow.api import accounts
from hubflow.example import EXAMPLE_DIR
from hubflow.io import load_scenario, write_scenario_xlsx
from hubflow.store import open_store

COLUMNS = ["request", "count", "errors", "p50_ms", "p95_ms", "max_ms"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _setup(url: str, folder: Path) -> tuple[str, bytes]:
    with open_store(url) as store, store.session(write=True) as session:
        accounts.create_org(session, "metals")
        accounts.create_org(session, "city")
        token, _ = accounts.create_token(session, "metals", "planner", "load test")
    scenario = load_scenario(EXAMPLE_DIR)
    small = dataclasses.replace(scenario, orders=scenario.orders[:40])
    write_scenario_xlsx(small, folder / "small.xlsx")
    return token, (folder / "small.xlsx").read_bytes()


async def _client(
    n: int,
    base: str,
    auth: dict[str, str],
    ids: dict[str, int],
    until: float,
    times: dict[str, list[float]],
    errors: dict[str, int],
    jobs: list[int],
) -> None:
    reads = [
        ("list scenarios", "/api/v1/scenarios"),
        ("read scenario", f"/api/v1/scenarios/{ids['scenario']}"),
        ("list plans", f"/api/v1/scenarios/{ids['scenario']}/plans"),
        ("read plan", f"/api/v1/plans/{ids['plan']}"),
        ("compare", f"/api/v1/compare?plans={ids['plan']},{ids['plan']}"),
    ]
    async with httpx.AsyncClient(base_url=base, headers=auth, timeout=60) as client:
        if n % 5 == 0:
            start = time.perf_counter()
            r = await client.post(
                f"/api/v1/scenarios/{ids['scenario']}/plans",
                json={"time_limit": 10, "dispatch_time": 0},
            )
            times["start plan"].append(time.perf_counter() - start)
            if r.status_code == 202:
                jobs.append(r.json()["job_id"])
            else:
                errors["start plan"] += 1
        i = n
        while time.monotonic() < until:
            kind, path = reads[i % len(reads)]
            i += 1
            start = time.perf_counter()
            try:
                r = await client.get(path)
                ok = r.status_code == 200
            except httpx.HTTPError:
                ok = False
            times[kind].append(time.perf_counter() - start)
            if not ok:
                errors[kind] += 1


async def _run(base: str, token: str, workbook: bytes, clients: int, seconds: float) -> list[dict]:
    auth = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=auth, timeout=120) as c:
        sid = (await c.post("/api/v1/scenarios", files={"file": ("s.xlsx", workbook)})).json()["id"]
        job = (
            await c.post(
                f"/api/v1/scenarios/{sid}/plans", json={"time_limit": 10, "dispatch_time": 0}
            )
        ).json()
        while (state := (await c.get(f"/api/v1/jobs/{job['job_id']}")).json())["state"] in (
            "queued",
            "running",
        ):
            await asyncio.sleep(0.5)
        ids = {"scenario": sid, "plan": state["plan_id"]}
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    jobs: list[int] = []
    until = time.monotonic() + seconds
    await asyncio.gather(
        *(_client(n, base, auth, ids, until, times, errors, jobs) for n in range(clients))
    )
    finished = await _wait_jobs(base, auth, jobs, 300)
    rows = []
    for kind, values in times.items():
        ms = sorted(1000 * v for v in values)
        rows.append(
            {
                "request": kind,
                "count": len(ms),
                "errors": errors[kind],
                "p50_ms": f"{statistics.median(ms):.1f}",
                "p95_ms": f"{ms[min(len(ms) - 1, int(0.95 * len(ms)))]:.1f}",
                "max_ms": f"{ms[-1]:.1f}",
            }
        )
    states = defaultdict(int)
    for s in finished.values():
        states[s] += 1
    rows.append(
        {
            "request": "plan jobs (state: count)",
            "count": len(jobs),
            "errors": sum(v for k, v in states.items() if k != "done"),
            "p50_ms": ", ".join(f"{k}: {v}" for k, v in sorted(states.items())),
        }
    )
    return rows


async def _wait_jobs(
    base: str, auth: dict[str, str], jobs: list[int], limit: float
) -> dict[int, str]:
    end = time.monotonic() + limit
    states: dict[int, str] = {}
    async with httpx.AsyncClient(base_url=base, headers=auth, timeout=60) as c:
        while time.monotonic() < end:
            for j in jobs:
                states[j] = (await c.get(f"/api/v1/jobs/{j}")).json()["state"]
            if all(s not in ("queued", "running") for s in states.values()):
                break
            await asyncio.sleep(1)
    return states


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--db", default=None, help="URL of an empty database (default: a new SQLite file)"
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'load.db'}"
        token, workbook = _setup(url, Path(tmp))
        port = _port()
        base = f"http://127.0.0.1:{port}"
        log = (Path(tmp) / "server.log").open("w")
        server = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from hubflow.cli import main; main()",
                "serve",
                "--port",
                str(port),
                "--db",
                url,
                "--workers",
                str(args.workers),
            ],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            for _ in range(300):
                try:
                    if httpx.get(base + "/openapi.json", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            rows = asyncio.run(_run(base, token, workbook, args.clients, args.seconds))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)
            log.close()
            errors = [
                line
                for line in (Path(tmp) / "server.log").read_text().splitlines()
                if "Error" in line
            ]
            print("\n".join(errors[-5:]), file=sys.stderr)
    db = "SQLite" if url.startswith("sqlite") else "PostgreSQL"
    name = "load" if db == "SQLite" else "load-postgresql"
    write_tables(
        name,
        f"Load test: {args.clients} clients for {args.seconds:g} s, "
        f"{args.workers} plan workers, {db}",
        f"python bench/load.py --clients {args.clients} --seconds {args.seconds:g} "
        f"--workers {args.workers}" + (" --db URL" if args.db else ""),
        COLUMNS,
        rows,
    )
    print((Path(__file__).parent / "results" / f"{name}.md").read_text())


if __name__ == "__main__":
    main()
