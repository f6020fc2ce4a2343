"""Serve the app for a moment and read its main pages over real HTTP, as a person would:
sign in, open the Hebei first-quarter plan of 1960 and its bulletin, in English and in
Chinese. `planworks demo --check-pages` runs it (CI does), so that a broken page is
found before anyone opens it.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
import uvicorn
from sqlalchemy import Engine

from planworks.api import create_app

__all__ = ["PAGES", "check_pages", "serving"]

#: (what a person looks for, the page, what it must show), each in English and Chinese
PAGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Hebei 1960 first-quarter plan, completed 18 days ahead",
        "/status?scope=CN-HE&product=cement&period=1960-Q1&lang=en",
        ("1960 first-quarter plan", "18 days ahead"),
    ),
    (
        "河北1960年第一季度计划，提前18天完成",
        "/status?scope=CN-HE&product=cement&period=1960-Q1&lang=zh",
        ("1960 first-quarter plan", "提前18天"),
    ),
    (
        "Hebei bulletin, March 1960",
        "/bulletin?scope=CN-HE&period=1960-03&lang=en",
        ("Hebei",),
    ),
    (
        "河北新闻公报，1960年3月",
        "/bulletin?scope=CN-HE&period=1960-03&lang=zh",
        ("河北",),
    ),
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serving(engine: Engine) -> Iterator[str]:
    """The app served on a free loopback port in a thread; yields its base address."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(engine, writer="process"), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, name="check-pages", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def check_pages(
    engine: Engine, user: str, password: str, *, print_line: Callable[[str], None] = print
) -> list[str]:
    """Sign in and read each page of `PAGES`; returns what was missing (nothing: all well)."""
    failures: list[str] = []
    with serving(engine) as base, httpx.Client(base_url=base, timeout=60) as client:
        signed = client.post("/api/session", json={"name": user, "password": password})
        if signed.status_code != 200:
            return [f"signing in as {user}: HTTP {signed.status_code}"]
        for what, path, phrases in PAGES:
            page = client.get(path)
            missing = [p for p in phrases if p not in page.text]
            ok = page.status_code == 200 and not missing
            print_line(f"{'ok  ' if ok else 'FAIL'} {base}{path}: {what}")
            if not ok:
                failures.append(f"{path}: HTTP {page.status_code}, missing {missing}")
    return failures
