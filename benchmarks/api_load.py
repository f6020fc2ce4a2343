"""Load on the served app over loopback: reports sent in batches and singly by 200
concurrent clients, and the dashboard's page latency while that load runs.

The server is `planworks serve` in a process of its own, as deployed; the clients are
asyncio tasks (aiohttp) in this process, on the same two cores. The clients' own CPU
time is reported beside each phase: a load generator that needs a core to itself takes
it from the server, and its own lag would be counted as the server's. (httpx, tried
first, took nearly a core for 200 reports a second.) Every phase runs for a
fixed time and stops by itself:

- batches: each client sends batches of new reports, one after another, as fast as the
  server takes them (closed loop); measured: reports stored per second.
- singles: each client sends one report at a time at its own pace, so that the clients
  together offer `single_rate` reports a second (open loop: a slow answer does not slow
  the offer down); measured: latency of each report, from when it was due, p50 and p99.
  The default offer, 200 a second, is twice the national evening peak (400,000
  furnaces reporting within an hour: 111 a second).
- the dashboard: one more client opens the region page and the plan page of a province
  in turn, one page every half second (open loop, from when each was due), with no
  load, then during each phase; measured: latency, p50 and p95.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import numpy as np
import polars as pl
from argon2 import PasswordHasher

from benchmarks.common import fresh_database, log, synthetic_folder
from planworks.domain.access import Role
from planworks.services import accounts
from planworks.services.accounts import add_user, issue_token
from planworks.services.importing import import_folder

#: Above this share of CPU time stolen in a phase, the run says its figures are unsound.
STOLEN_WARNING = 0.05
DAYS = 2  # of reports already stored: the catalog is what makes the database large
PROVINCE = "SY-P01"


def _percentile(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)) * 1000, 2) if values else None


def _summary(latencies: list[float]) -> dict[str, Any]:
    return {
        "requests": len(latencies),
        "p50_ms": _percentile(latencies, 50),
        "p95_ms": _percentile(latencies, 95),
        "p99_ms": _percentile(latencies, 99),
        "max_ms": _percentile(latencies, 100),
    }


def _stolen() -> float:
    """CPU seconds the hypervisor has given to others since boot, all cores together
    (the `steal` column of /proc/stat; 0 where there is none)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    except OSError:
        return 0.0
    return int(fields[8]) / os.sysconf("SC_CLK_TCK") if len(fields) > 8 else 0.0


def _stolen_share(since: float, seconds: float) -> float:
    """Of the machine's CPU time over `seconds`, the share stolen since `since`."""
    return round((_stolen() - since) / (seconds * (os.cpu_count() or 1)), 3)


def _cpu(pid: int) -> float:
    """CPU seconds (user and system) a process has used; 0 once it is gone. Time the
    hypervisor stole is not counted, so this holds on a busy host where latency does
    not."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()  # after the name, which may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            for child in map(int, children.read_text().split()):
                found += [child, *_descendants(child)]
    return found


def _database_cpu() -> dict[int, float]:
    """CPU seconds used by each process of a PostgreSQL server on this machine (none for
    SQLite, whose work is done in the writer's process)."""
    used = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() == "postgres":
                    used[int(entry.name)] = _cpu(int(entry.name))
    return used


_Cpu = tuple[float, float, dict[int, float]]


def _server_cpu(pid: int, database: bool) -> _Cpu:
    """CPU seconds used by the server's process, by the processes it started (the report
    writer's), and, with `database`, by each of the database server's processes."""
    used = _database_cpu() if database else {}
    return _cpu(pid), sum(_cpu(child) for child in _descendants(pid)), used


def _cpu_per_report(before: _Cpu, pid: int, reports: int) -> dict[str, float | None]:
    """CPU microseconds a stored report cost the server's process, the writer's, and the
    database server's processes (their connections opened during the phase included,
    any that closed during it not)."""
    after = _server_cpu(pid, database=bool(before[2]))
    per = 1e6 / max(reports, 1)
    database = sum(used - before[2].get(p, 0.0) for p, used in after[2].items())
    return {
        "server_us": round((after[0] - before[0]) * per, 1),
        "writer_us": round((after[1] - before[1]) * per, 1),
        "database_us": round(database * per, 1) if before[2] else None,
    }


def _busy() -> tuple[int, int]:
    """Clock ticks since boot, all cores together: busy (not idle, not waiting for the
    disk, not stolen), and in all."""
    try:
        fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0, 0
    total = sum(fields[:8])
    return total - fields[3] - fields[4] - (fields[7] if len(fields) > 7 else 0), total


def _busy_share(since: tuple[int, int]) -> float | None:
    """The share of the machine's CPU time that was busy since `since`."""
    now = _busy()
    return round((now[0] - since[0]) / (now[1] - since[1]), 3) if now[1] > since[1] else None


def _serve(url: str, port: int) -> subprocess.Popen[bytes]:
    code = "from planworks.cli import main; main()"
    args = ["serve", "--db", url, "--port", str(port)]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env)


async def _wait_up(base: str) -> None:
    async with aiohttp.ClientSession(base_url=base) as client:
        for _ in range(600):
            try:
                async with client.get("/api/openapi.json") as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("the server did not start")


class _Load:
    """The clients of one run, and what they measured."""

    def __init__(self, base: str, units: pl.DataFrame, first_day: date) -> None:
        self.base = base
        self.units = units  # code, product
        self.day = first_day
        self.sent = 0
        self.run = f"{random.getrandbits(32):08x}"  # report_ids never seen before
        self.refused: dict[str, int] = {}

    def refuse(self, why: str) -> None:
        self.refused[why] = self.refused.get(why, 0) + 1

    def reports(self, client: int, n: int) -> list[dict[str, Any]]:
        """`n` new reports from the units of one client's reporters."""
        out = []
        for _ in range(n):
            i = self.sent % self.units.height
            k = self.sent // self.units.height
            self.sent += 1
            code, product = self.units.row(i)
            out.append(
                {
                    "report_id": f"load-{self.run}-{client}-{self.sent}",
                    "unit": code,
                    "date": (self.day + timedelta(days=k)).isoformat(),
                    "product": product,
                    "quantity": round(random.uniform(1, 20), 3),
                }
            )
        return out

    async def batches(
        self, token: str, clients: int, size: int, seconds: float
    ) -> tuple[int, float, list[float]]:
        stored = 0
        latencies: list[float] = []
        connections = await _connections(self.base, token, clients)
        stop = time.perf_counter() + seconds

        async def client(c: int) -> None:
            nonlocal stored
            headers = {"Authorization": f"Bearer {token}"}
            http = connections[c]
            while time.perf_counter() < stop:
                body = {"reports": self.reports(c, size)}
                began = time.perf_counter()
                try:
                    async with http.post("/api/reports/batch", json=body, headers=headers) as r:
                        answer = await r.json() if r.status == 201 else None
                        status = r.status
                except aiohttp.ClientError as e:
                    self.refuse(type(e).__name__)
                    continue
                latencies.append(time.perf_counter() - began)
                if answer is not None:
                    stored += answer["new"]
                else:
                    self.refuse(str(status))

        began = time.perf_counter()
        await asyncio.gather(*(client(c) for c in range(clients)))
        took = time.perf_counter() - began
        await asyncio.gather(*(http.close() for http in connections))
        return stored, took, latencies

    async def singles(
        self, token: str, clients: int, rate: float, seconds: float
    ) -> tuple[int, float, list[float]]:
        """Each client sends a report every `clients / rate` seconds. A report's latency
        counts from when it was due, not from when it went out: a client still waiting
        for its last answer sends late, and that wait is the server's doing."""
        stored = 0
        latencies: list[float] = []
        every = clients / rate  # seconds between one client's reports
        connections = await _connections(self.base, token, clients)
        began = time.perf_counter()

        async def client(c: int) -> None:
            nonlocal stored
            headers = {"Authorization": f"Bearer {token}"}
            due = began + random.uniform(0, every)
            http = connections[c]
            while due < began + seconds:
                await asyncio.sleep(max(due - time.perf_counter(), 0))
                try:
                    body = self.reports(c, 1)[0]
                    async with http.post("/api/reports", json=body, headers=headers) as r:
                        await r.read()
                        status = r.status
                except aiohttp.ClientError as e:
                    self.refuse(type(e).__name__)
                    continue
                finally:
                    latencies.append(time.perf_counter() - due)
                    due += every
                if status == 201:
                    stored += 1
                else:
                    self.refuse(str(status))

        await asyncio.gather(*(client(c) for c in range(clients)))
        took = time.perf_counter() - began
        await asyncio.gather(*(http.close() for http in connections))
        return stored, took, latencies


def _session(base: str) -> aiohttp.ClientSession:
    """A client with a connection of its own (clients never queue on a shared pool)."""
    return aiohttp.ClientSession(
        base_url=base,
        connector=aiohttp.TCPConnector(limit=1),
        cookie_jar=aiohttp.CookieJar(unsafe=True),  # keep the session cookie of 127.0.0.1
        timeout=aiohttp.ClientTimeout(total=120),
    )


async def _connections(base: str, token: str, clients: int) -> list[aiohttp.ClientSession]:
    """Each client's connection, opened and signed in before the clock starts: neither
    is what the phase measures."""
    made = [_session(base) for _ in range(clients)]
    headers = {"Authorization": f"Bearer {token}"}

    async def sign_in(http: aiohttp.ClientSession) -> None:
        async with http.get("/api/me", headers=headers) as r:
            r.raise_for_status()

    await asyncio.gather(*(sign_in(http) for http in made))
    return made


#: Seconds between two pages the dashboard's reader opens (a page is due every so
#: often, whether or not the last one has come: open loop, like the single reports).
PAGE_EVERY = 0.5


async def _dashboard(
    base: str, user: str, password: str, pages: list[str], until: asyncio.Event
) -> list[float]:
    """Open the pages in turn, one every `PAGE_EVERY` seconds, until told to stop; the
    latency of each, from when it was due."""
    latencies: list[float] = []
    async with _session(base) as http:
        async with http.post("/api/session", json={"name": user, "password": password}) as r:
            r.raise_for_status()
        due = time.perf_counter()
        while not until.is_set():
            for page in pages:
                await asyncio.sleep(max(due - time.perf_counter(), 0))
                async with http.get(page, allow_redirects=False) as r:
                    await r.read()
                    if r.status != 200:  # a page not shown (or the log-in page instead)
                        raise RuntimeError(f"{page}: HTTP {r.status}")
                latencies.append(time.perf_counter() - due)
                due += PAGE_EVERY
    return latencies


async def _with_dashboard(
    base: str, user: str, password: str, pages: list[str], work: Any
) -> tuple[Any, list[float]]:
    until = asyncio.Event()
    watcher = asyncio.create_task(_dashboard(base, user, password, pages, until))
    result = await work
    until.set()
    return result, await watcher


async def _quiet(base: str, user: str, password: str, pages: list[str], seconds: float) -> Any:
    return await _with_dashboard(base, user, password, pages, asyncio.sleep(seconds))


def _one_backend(
    backend: str,
    folder: Path,
    *,
    clients: int,
    seconds: float,
    batch: int,
    single_rate: float,
    port: int,
) -> dict[str, Any]:
    with fresh_database(backend, "api-load") as engine:
        log(f"{backend}: importing {folder.name}")
        summary = import_folder(engine, folder)
        accounts.password_hasher = PasswordHasher()  # as deployed
        add_user(engine, "load-admin", "load-password", Role.ADMIN)
        add_user(engine, "load-viewer", "load-password", Role.VIEWER, region=PROVINCE)
        token = issue_token(engine, "load-admin", "load")
        units = pl.read_parquet(folder / "units.parquet").filter(pl.col("closed").is_null())
        units = units.select("code", "product").sample(fraction=1.0, shuffle=True, seed=1)
        url = engine.url.render_as_string(hide_password=False)
        server = _serve(url, port)
        base = f"http://127.0.0.1:{port}"
        period = "1959-01"
        product = pl.read_csv(folder / "plans.csv").filter(pl.col("scope") == PROVINCE)["product"][
            0
        ]
        pages = [
            f"/regions/{PROVINCE}?product={product}&period={period}",
            f"/status?scope={PROVINCE}&product={product}&period={period}",
        ]
        load = _Load(base, units, date(1959, 1, 1) + timedelta(days=DAYS))
        viewer = ("load-viewer", "load-password")
        database = backend == "postgresql" and engine.url.host in (None, "127.0.0.1", "localhost")
        try:
            asyncio.run(_wait_up(base))
            log(f"{backend}: dashboard without load, {seconds:.0f} s")
            stolen, paged = _stolen(), _server_cpu(server.pid, False)[0]
            _, quiet = asyncio.run(_quiet(base, *viewer, pages, seconds))
            stolen_q = _stolen_share(stolen, seconds)
            page_ms = (_server_cpu(server.pid, False)[0] - paged) * 1000 / max(len(quiet), 1)
            log(f"{backend}: batches of {batch} from {clients} clients, {seconds:.0f} s")
            cpu, stolen, busy = time.process_time(), _stolen(), _busy()
            served = _server_cpu(server.pid, database)
            (stored_b, took_b, batch_lat), dash_b = asyncio.run(
                _with_dashboard(base, *viewer, pages, load.batches(token, clients, batch, seconds))
            )
            cpu_b = time.process_time() - cpu
            stolen_b, busy_b = _stolen_share(stolen, took_b), _busy_share(busy)
            cpu_per_b = _cpu_per_report(served, server.pid, stored_b)
            log(
                f"{backend}: singles from {clients} clients at {single_rate:.0f}/s, {seconds:.0f} s"
            )
            cpu, stolen, busy = time.process_time(), _stolen(), _busy()
            served = _server_cpu(server.pid, database)
            (stored_s, took_s, single_lat), dash_s = asyncio.run(
                _with_dashboard(
                    base, *viewer, pages, load.singles(token, clients, single_rate, seconds)
                )
            )
            cpu_s = time.process_time() - cpu
            stolen_s, busy_s = _stolen_share(stolen, took_s), _busy_share(busy)
            cpu_per_s = _cpu_per_report(served, server.pid, stored_s)
        finally:
            server.terminate()
            server.wait(timeout=60)
    return {
        "reports_stored_before": summary.reports_inserted,
        "batches": {
            "clients": clients,
            "reports_per_batch": batch,
            "seconds": round(took_b, 2),
            "reports_stored": stored_b,
            "reports_per_s": round(stored_b / took_b, 1),
            "batch_latency": _summary(batch_lat),
            "dashboard": _summary(dash_b),
            "clients_cpu_share": round(cpu_b / took_b, 2),
            "cpu_stolen_share": stolen_b,
            "cpu_busy_share": busy_b,
            "cpu_per_report": cpu_per_b,
        },
        "singles": {
            "clients": clients,
            "offered_per_s": single_rate,
            "seconds": round(took_s, 2),
            "reports_stored": stored_s,
            "reports_per_s": round(stored_s / took_s, 1),
            "latency": _summary(single_lat),
            "dashboard": _summary(dash_s),
            "clients_cpu_share": round(cpu_s / took_s, 2),
            "cpu_stolen_share": stolen_s,
            "cpu_busy_share": busy_s,
            "cpu_per_report": cpu_per_s,
        },
        "dashboard_without_load": _summary(quiet)
        | {"cpu_stolen_share": stolen_q, "server_cpu_per_page_ms": round(page_ms, 1)},
        "refused": load.refused,
    }


def run(
    *,
    units: int,
    clients: int = 200,
    seconds: float = 20.0,
    batch: int = 500,
    single_rate: float = 200.0,
    backends: list[str],
    port: int = 8765,
) -> dict[str, Any]:
    folder = synthetic_folder(units, DAYS)
    out: dict[str, Any] = {
        "units": units,
        "goals": {
            "batches_reports_per_s": ">= 5000",
            "single_p99_ms": "< 50",
            "dashboard_p95_ms": "< 300",
        },
    }
    for backend in backends:
        out[backend] = _one_backend(
            backend,
            folder,
            clients=clients,
            seconds=seconds,
            batch=batch,
            single_rate=single_rate,
            port=port,
        )
        log(f"{backend}: {out[backend]}")
        stolen = {
            phase: out[backend][phase]["cpu_stolen_share"]
            for phase in ("dashboard_without_load", "batches", "singles")
        }
        if max(stolen.values()) > STOLEN_WARNING:
            log(
                f"{backend}: the hypervisor took {stolen} of the machine's CPU time: "
                "latencies and rates in those phases say more about the host than planworks"
            )
    return out
