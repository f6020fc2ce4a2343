"""The `planworks` command line: thin commands over the library's services."""

from __future__ import annotations

import gc
import json
import os
import secrets
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from sqlalchemy import Engine

from planworks import __version__
from planworks.audit.panel import Severity
from planworks.domain.access import Role
from planworks.domain.errors import InputError, InputProblem, PlanworksError
from planworks.domain.periods import Period, parse_date
from planworks.ingest.export import export_folder
from planworks.planning.balance import Basis, material_balance, product_coefficients
from planworks.planning.leontief import gross_output, output_multipliers
from planworks.planning.optimal import PlanResult, optimal_plan
from planworks.planning.weaklinks import LinkKind, chain_links, weak_links
from planworks.planning.whatif import parse_edit, what_if
from planworks.scenarios import SCENARIOS, get_scenario
from planworks.scenarios.base import BulletinSpec
from planworks.scenarios.synth import generate
from planworks.services.accounts import (
    add_user,
    disable_user,
    issue_token,
    revoke_token,
    set_password,
    users,
)
from planworks.services.audit import Audit, audit, describe, resolve
from planworks.services.breakdown import Into, breakdown, save_parts
from planworks.services.bulletin import bulletin, bulletin_json, retell
from planworks.services.claims import ClaimResult, check_claims
from planworks.services.importing import ImportSummary, import_folder
from planworks.services.planning import network_for, plan_json
from planworks.services.rankings import RankBy, rank
from planworks.services.scenarios import load_scenario, scenario_folder
from planworks.services.status import StatusRow, parse_period, status
from planworks.store.engine import in_memory, make_engine
from planworks.store.migrate import upgrade
from planworks.store.revisions import report_history

__all__ = ["app", "main"]

app = typer.Typer(
    name="planworks",
    help="Plans, daily reports and plan fulfilment for networks of small production units.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
scenario_app = typer.Typer(help="The shipped scenarios: list, load, check, and synthesise.")
app.add_typer(scenario_app, name="scenario")
plan_app = typer.Typer(help="Planning: balances, optimal plans, weak links, breakdowns, what-ifs.")
app.add_typer(plan_app, name="plan")
user_app = typer.Typer(help="User accounts: add, list, disable; API tokens.")
app.add_typer(user_app, name="user")

# piped output (a log, a file) is not cut to the 80 columns Rich assumes without a terminal
out = Console(width=None if sys.stdout.isatty() else 120)
err = Console(stderr=True, soft_wrap=not sys.stderr.isatty())  # one problem, one line

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database file or URL (default: $PLANWORKS_DATABASE_URL, else ./planworks.db).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@contextmanager
def _database(db: str | None, *, pooled: bool = False) -> Iterator[Engine]:
    """The database for one command, its connections closed when the command ends."""
    engine = make_engine(db, pooled=pooled)
    try:
        yield engine
    finally:
        engine.dispose()


def _date(text: str | None, name: str) -> date | None:
    return None if text is None else parse_date(text, field=name)


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int | None], None]]:
    """A progress bar for long work; yields progress(done, total or None)."""
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False,
) -> None:
    if version:
        out.print(f"planworks {__version__}")
        raise typer.Exit()


@app.command()
def init(db: DbOption = None) -> None:
    """Create the database, or bring its schema up to date."""
    with _database(db) as engine:
        upgrade(engine)
        out.print(f"ready: {engine.url.render_as_string(hide_password=True)}")


@app.command("import")
def import_(
    folder: Annotated[Path, typer.Argument(help="A scenario folder (CSV or Parquet files).")],
    db: DbOption = None,
    sender: Annotated[str | None, typer.Option(help="Who sends the data.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Import a scenario folder: all of it, or (on any error) nothing."""
    with _database(db) as engine, _progress(f"importing {folder}") as progress:
        summary = import_folder(engine, folder, sender=sender, progress=progress)
    if as_json:
        print(json.dumps(summary.as_dict(), default=str))
    else:
        _print_import(summary)


def _print_import(s: ImportSummary) -> None:
    table = Table(title=f"import {s.folder}", show_header=True)
    table.add_column("file")
    table.add_column("new", justify="right")
    table.add_column("changed", justify="right")
    table.add_column("unchanged", justify="right")
    files = ("regions", "products", "units", "recipes", "links", "stocks", "plans")
    operations = ("trials", "campaigns", "inspections", "workforce")
    ledgers = ("inputs", "balances", "shipments", "region_reports")
    for name in (*files, *operations, *ledgers):
        c = getattr(s, name)
        table.add_row(name, f"{c.inserted:,}", f"{c.updated:,}", f"{c.unchanged:,}")
    table.add_row(
        "reports",
        f"{s.reports_inserted:,}",
        f"{s.corrections:,} corrections",
        f"{s.reports_unchanged:,}",
    )
    out.print(table)
    if s.ignored:
        out.print(f"ignored (not planworks files): {', '.join(s.ignored)}")
    verdict = "changed" if s.changed_anything else "nothing changed (already imported)"
    out.print(f"{verdict}; {s.reports_read:,} report rows read in {s.seconds:.1f} s")


@app.command()
def export(
    folder: Annotated[Path, typer.Argument(help="The folder to write (created if missing).")],
    db: DbOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="csv, or parquet for units, reports, inputs, balances, shipments and "
            "region_reports.",
        ),
    ] = "csv",
) -> None:
    """Write the whole database as a scenario folder that imports back the same."""
    if fmt not in ("csv", "parquet"):
        raise InputError([InputProblem(f"{fmt!r} is not csv or parquet", column="--format")])
    chosen: Literal["csv", "parquet"] = "parquet" if fmt == "parquet" else "csv"
    with _database(db) as engine, _progress(f"exporting to {folder}") as progress:
        summary = export_folder(engine, folder, fmt=chosen, progress=progress)
    for name, rows in summary.files.items():
        out.print(f"{name}: {rows:,} rows")


@app.command("status")
def status_(
    scope: Annotated[
        str | None, typer.Argument(help="A region (with everything below it) or a unit.")
    ] = None,
    product: Annotated[
        str | None, typer.Option(help="A product code, or 'value' for total output value.")
    ] = None,
    period: Annotated[
        str | None, typer.Option(help="1960, 1960-Q1, 1960-02 or 1960-02-D1 (a ten-day 旬).")
    ] = None,
    start: Annotated[str | None, typer.Option(help="First day (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option(help="Last day (YYYY-MM-DD).")] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Count reports up to this day (default: the last reported)."),
    ] = None,
    with_merged: Annotated[
        bool,
        typer.Option("--with-merged", help="A unit's figures include the units merged into it."),
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The state of plans: fulfilment, completion, days ahead, growth.

    Without a scope: every plan in the database. With a scope, a product and a period:
    the plan for exactly that, or the actuals if there is none.
    """
    chosen = parse_period(period, _date(start, "start"), _date(end, "end"))
    with _database(db) as engine:
        rows = status(
            engine,
            scope=scope,
            product=product,
            period=chosen,
            as_of=_date(as_of, "as-of"),
            with_merged=with_merged,
        )
    if as_json:
        _print_json([r.to_json() for r in rows])
    elif not rows:
        out.print("no plans match")
    else:
        out.print(status_table(rows))


def _print_json(rows: Sequence[dict[str, Any]]) -> None:
    """A JSON array, one object per line."""
    print("[")
    print(",\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
    print("]")


def _num(x: float | None, digits: int = 0) -> str:
    return "" if x is None else f"{x:,.{digits}f}"


def status_table(rows: Sequence[StatusRow], title: str | None = None) -> Table:
    """Plans as a table that fits a terminal: the plan, then its figures."""
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("plan (as of)", overflow="fold", min_width=18)
    for name in ("target", "actual", "%", "usable %", "done", "vs plan", "yoy %", "prev %"):
        table.add_column(name, justify="left" if name == "done" else "right", no_wrap=True)
    for r in rows:
        done = "" if r.completion_date is None else f"{r.completion_date:%m-%d}"
        if r.days_ahead:
            done += f" +{r.days_ahead}d"
        if r.p_meet_pct is not None:  # in progress: the forecast's median day and chance
            likely = "later" if r.completion_p50 is None else f"{r.completion_p50:%m-%d}"
            done = f"~{likely} ({r.p_meet_pct:.0f}%)"
        table.add_row(
            f"{r.scope} {r.product} {r.period.label()} ({r.as_of.isoformat()})",
            _num(r.target),
            _num(r.cumulative),
            _num(r.fulfilment_pct, 1),
            _num(
                None if r.usable is None or not r.cumulative else 100 * r.usable / r.cumulative, 1
            ),
            done,
            "" if r.ahead_days is None else f"{r.ahead_days:+,.1f}d",
            _num(r.growth_yoy_pct, 1),
            _num(r.growth_prev_pct, 2),
        )
    return table


@scenario_app.command("list")
def scenario_list() -> None:
    """The shipped scenarios."""
    table = Table()
    for col in ("name", "title", "source", "shipped as"):
        table.add_column(col)
    for s in SCENARIOS.values():
        shipped = "committed folder" if s.committed else "built at load time"
        table.add_row(s.name, f"{s.title}\n{s.title_zh}", s.source, shipped)
    out.print(table)


@scenario_app.command("load")
def scenario_load(
    name: Annotated[str, typer.Argument(help="A scenario name (see `scenario list`).")],
    db: DbOption = None,
    again: Annotated[
        bool, typer.Option("--again", help="Import even if this folder was loaded before.")
    ] = False,
) -> None:
    """Import a shipped scenario (building its folder first if need be)."""
    scenario = get_scenario(name)
    with _progress(f"building {name}"):
        scenario_folder(scenario)
    with _database(db) as engine, _progress(f"loading {name}") as progress:
        upgrade(engine)
        summary = load_scenario(engine, scenario, progress=progress, again=again)
    if summary is None:
        out.print(f"{name} is loaded already (--again to import it anew)")
    else:
        _print_import(summary)


@scenario_app.command("check")
def scenario_check(
    name: Annotated[str, typer.Argument(help="A scenario name (see `scenario list`).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Compute the source's figures from the loaded data and compare them with its words."""
    scenario = get_scenario(name)
    missing: list[str] = []
    with _database(db) as engine:
        results = check_claims(engine, scenario.claims, scenario.as_of)
        if scenario.bulletin is not None:
            _, missing = retell(engine, scenario.bulletin)
    if as_json:
        _print_json(
            [
                {
                    "key": r.claim.key,
                    "value": r.value.isoformat() if isinstance(r.value, date) else r.value,
                    "holds": r.holds,
                    "source_says": r.claim.expect.describe(),
                    "text": r.claim.text,
                }
                for r in results
            ]
        )
    else:
        out.print(claims_table(scenario.title, results))
        if scenario.bulletin is not None:
            _print_missing(scenario.bulletin, missing)
    if not all(r.holds for r in results) or missing:
        raise typer.Exit(1)


def _print_missing(spec: BulletinSpec, missing: Sequence[str]) -> None:
    phrases = len(spec.phrases) + len(spec.phrases_en)
    found = phrases - len(missing)
    out.print(f"bulletin: {found} of the source's {phrases} phrases", highlight=False)
    for phrase in missing:
        out.print(f"  missing: {phrase}", highlight=False)


def claims_table(title: str, results: Sequence[ClaimResult]) -> Table:
    """Each figure computed from the reports, beside the article's words."""
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("computed from the reports", overflow="fold")
    table.add_column("value", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("the article says (原文)", overflow="fold")
    for r in results:
        value = r.value
        shown = (
            value.isoformat()
            if isinstance(value, date)
            else ""
            if value is None
            else f"{value:,.2f}".rstrip("0").rstrip(".")
        )
        table.add_row(
            r.claim.query.describe(),
            shown,
            "✓" if r.holds else "✗",
            f"{r.claim.text}\n{r.claim.text_zh}",
        )
    return table


@scenario_app.command("synth")
def scenario_synth(
    units: Annotated[int, typer.Option(help="How many production units.")],
    days: Annotated[int, typer.Option(help="How many days of reports.")],
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same files).")] = 0,
    start: Annotated[str, typer.Option(help="First day (YYYY-MM-DD).")] = "1959-01-01",
    out_dir: Annotated[Path, typer.Option("--out", help="The folder to write.")] = Path("synth"),
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
) -> None:
    """Write a synthetic network's scenario folder (regions, units, plans, daily reports)."""
    chosen: Literal["csv", "parquet"] = "csv" if fmt == "csv" else "parquet"
    with _progress(f"synthesising {units:,} units x {days:,} days") as progress:
        summary = generate(
            out_dir,
            units=units,
            days=days,
            seed=seed,
            start=parse_date(start, field="start"),
            fmt=chosen,
            progress=lambda done, total: progress(done, total),
        )
    out.print(
        f"{out_dir}: {summary.regions:,} regions, {summary.units:,} units, "
        f"{summary.plans:,} plans, {summary.reports:,} reports in {summary.seconds:.1f} s"
    )


HostOption = Annotated[str, typer.Option(help="The address to listen on.")]
PortOption = Annotated[int, typer.Option(help="The port to listen on.")]


@app.command()
def serve(host: HostOption = "127.0.0.1", port: PortOption = 8000, db: DbOption = None) -> None:
    """Serve the dashboard and the REST API (its document at /api/openapi.json)."""
    with _database(db, pooled=True) as engine:
        _serve(engine, host, port)


def _serve(engine: Engine, host: str, port: int) -> None:
    import uvicorn

    from planworks.api import create_app

    application = create_app(engine, writer="thread" if in_memory(engine) else "process")
    # threads that wait on the database take the interpreter back within 1 ms of their
    # answer, not 5: requests keep moving while the report writer computes
    sys.setswitchinterval(0.001)
    # most of a server's heap lives as long as it does (modules, routes, the region
    # tree): keep it out of collections, and collect young objects every 50,000
    # allocations rather than 700; at 700 a busy server spent a tenth of its time there
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    err.print(f"planworks serves http://{host}:{port}/ (the API: /api/docs); Ctrl+C stops")
    uvicorn.run(application, host=host, port=port, log_level="warning")


@app.command()
def demo(
    db: DbOption = None,
    serve: Annotated[
        bool, typer.Option("--serve", help="Then serve the dashboard, signed in as 'demo'.")
    ] = False,
    check_pages: Annotated[
        bool,
        typer.Option(
            "--check-pages",
            help="Then serve on a free port, read the main pages once over HTTP, and stop.",
        ),
    ] = False,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
) -> None:
    """Load the seed replays and show their plans and the articles' figures."""
    with _database(db) as engine:
        _demo(engine)
        if not (serve or check_pages):
            return
        password = _demo_user(engine)
    with _database(db, pooled=True) as engine:
        if check_pages:
            from planworks.web.check import check_pages as check

            failures = check(engine, DEMO_USER, password, print_line=out.print)
            if failures:
                raise typer.Exit(1)
            return
        out.print(
            f"sign in at http://{host}:{port}/ as [bold]{DEMO_USER}[/bold] "
            f"with the password [bold]{password}[/bold] (new each run)"
        )
        _serve(engine, host, port)


DEMO_USER = "demo"


def _demo_user(engine: Engine) -> str:
    """The demo administrator, with a new password (returned)."""
    password = secrets.token_urlsafe(9)
    if any(u.name == DEMO_USER for u in users(engine)):
        set_password(engine, DEMO_USER, password)
    else:
        add_user(engine, DEMO_USER, password, Role.ADMIN)
    return password


def _demo(engine: Engine) -> None:
    upgrade(engine)
    for scenario in SCENARIOS.values():
        with _progress(f"building {scenario.name}"):
            scenario_folder(scenario)
        with _progress(f"loading {scenario.name}") as progress:
            summary = load_scenario(engine, scenario, progress=progress)
        if summary is None:
            err.print(f"{scenario.name}: loaded already")
        else:
            err.print(
                f"{scenario.name}: loaded {summary.reports_inserted:,} reports "
                f"in {summary.seconds:.0f} s"
            )
    out.print(status_table(status(engine), title="Plans (as of each scope's last report)"))
    for scenario in SCENARIOS.values():
        if scenario.claims:
            results = check_claims(engine, scenario.claims, scenario.as_of)
            out.print(claims_table(scenario.title, results))
        if scenario.plan_check is not None:
            scope, period = scenario.plan_check
            network, _ = network_for(engine, scope, Period.parse(period))
            plan = optimal_plan(network)
            out.print(_chain_table(plan), highlight=False)
            out.print(f"{scope} {period}: {_binding_words(plan)}", highlight=False)
        if scenario.audit_check is not None:
            _print_audit_check(engine, *scenario.audit_check)
        if scenario.bulletin is not None:
            written, missing = retell(engine, scenario.bulletin)
            out.print(escape(written.text("zh")), highlight=False, soft_wrap=True)
            _print_missing(scenario.bulletin, missing)


def _print_audit_check(engine: Engine, scope: str, day: str) -> None:
    """The crises the audit finds in a scope on a day."""
    on = parse_date(day)
    result = audit(engine, scope, start=on, end=on)
    crises = [f for f in result.findings if f.finding.severity is Severity.CRISIS]
    out.print(
        f"audit of {scope} on {day}: {len(result.findings):,} findings, {len(crises):,} crises",
        highlight=False,
    )
    for f in crises:
        out.print(
            f"  crisis: {f.finding.unit} reported {f.finding.quantity:,.1f} {f.product}: "
            f"{describe(f)} (held by {f.held_by})",
            highlight=False,
        )


@app.command("rank")
def rank_(
    scope: Annotated[
        str | None, typer.Argument(help="A region (default: the top of the tree).")
    ] = None,
    product: Annotated[str, typer.Option(help="A product code, or 'value'.")] = "value",
    period: Annotated[
        str | None, typer.Option(help="1960, 1960-Q1, 1960-02 or 1960-02-D1 (a ten-day 旬).")
    ] = None,
    start: Annotated[str | None, typer.Option(help="First day (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option(help="Last day (YYYY-MM-DD).")] = None,
    by: Annotated[
        str,
        typer.Option(
            help="output, fulfilment, growth-yoy, growth-prev, quality, usable or usable-share."
        ),
    ] = "fulfilment",
    level: Annotated[str, typer.Option(help="regions (just below) or units.")] = "regions",
    top: Annotated[int, typer.Option(help="How many to show (0: all).")] = 0,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Count reports up to this day.")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Rank the regions just below a region, or its units, by one figure."""
    if by not in {b.value for b in RankBy}:
        raise InputError([InputProblem(f"{by!r} is not a figure to rank by", column="--by")])
    chosen = parse_period(period, _date(start, "start"), _date(end, "end"))
    if chosen is None:
        raise InputError([InputProblem("give --period, or --start and --end", column="--period")])
    with _database(db) as engine:
        rows = rank(
            engine, scope, product, chosen, by=RankBy(by), level=level, as_of=_date(as_of, "as-of")
        )
    shown = rows if top <= 0 else rows[:top]
    if as_json:
        _print_json([r.__dict__ for r in shown])
        return
    table = Table(
        title=f"{scope or 'top'}: {level} by {by}, {product}, {chosen.label()}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    columns = ["rank", "code", "name", by, "output", "usable", "target"]
    if by == RankBy.OUTPUT.value:
        columns.remove("output")  # it is the figure ranked by
    if by == RankBy.USABLE.value or all(r.usable is None for r in shown):
        columns.remove("usable")  # ranked by it, or no grades to tell it
    for name in columns:
        table.add_column(name, justify="left" if name in ("code", "name") else "right")
    for r in shown:
        cells = {
            "rank": "" if r.rank is None else str(r.rank),
            "code": r.code,
            "name": r.name,
            by: "" if r.value is None else f"{r.value:,.2f}",
            "output": _num(r.output),
            "usable": _num(r.usable),
            "target": _num(r.target),
        }
        table.add_row(*(cells[c] for c in columns))
    out.print(table)


@app.command("audit")
def audit_(
    scope: Annotated[
        str | None, typer.Argument(help="A region or unit (default: the top of the tree).")
    ] = None,
    start: Annotated[str | None, typer.Option(help="First day (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option(help="Last day (YYYY-MM-DD).")] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="The day whose desks hold the findings (alone: audit it)."),
    ] = None,
    top: Annotated[int, typer.Option(help="How many findings to show (0: all).")] = 50,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check every unit's daily reports: what cannot be true, what is unlikely, what is
    usable, and who must look at each finding."""
    with _database(db) as engine:
        result = audit(
            engine,
            scope,
            start=_date(start, "start"),
            end=_date(end, "end"),
            as_of=_date(as_of, "as-of"),
        )
    if as_json:
        print(json.dumps(audit_json(result), ensure_ascii=False, indent=1))
        return
    title = f"{result.scope}: audit {result.start} to {result.end}, as of {result.as_of}"
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("product", "units", "unit-days", "reported", "usable", "usable %", "flagged"):
        table.add_column(name, justify="left" if name == "product" else "right")
    for p in result.products:
        share = 100.0 * p.usable / p.reported if p.reported else None
        table.add_row(
            p.product,
            f"{p.units:,}",
            f"{p.unit_days:,}",
            _num(p.reported),
            _num(p.usable),
            _num(share, 1),
            f"{p.flagged_units:,}",
        )
    out.print(table)
    shown = result.findings if top <= 0 else result.findings[:top]
    found = Table(
        title=f"{len(result.findings):,} findings ({result.count(Severity.CRISIS):,} crises)"
        + ("" if len(shown) == len(result.findings) else f", the first {len(shown)}"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    for name in ("day", "unit or region", "product", "check", "level", "figure", "held by", "what"):
        found.add_column(name, justify="right" if name == "figure" else "left")
    for f in shown:
        found.add_row(
            str(f.finding.day),
            f.finding.unit,
            f.product,
            f.finding.check.value,
            f.finding.severity.name.lower(),
            _num(f.finding.quantity, 1),
            f.held_by if f.resolution is None else f"{f.resolution.verdict.value} ({f.held_by})",
            describe(f),
        )
    out.print(found)
    if result.revisions:
        revised = Table(title="units that revised reports", title_justify="left")
        for name in ("unit", "reports", "revised", "% revised", "mean change %"):
            revised.add_column(name, justify="left" if name == "unit" else "right")
        for r in result.revisions:
            revised.add_row(
                r.unit,
                f"{r.reports:,}",
                f"{r.revisions:,}",
                _num(r.share_pct, 1),
                _num(r.mean_change_pct, 1),
            )
        out.print(revised)


@app.command("verdict")
def verdict_(
    unit: Annotated[
        str, typer.Argument(help="The unit of the finding (of a region_total finding: the region).")
    ],
    day: Annotated[str, typer.Argument(help="The day of the finding (YYYY-MM-DD).")],
    check: Annotated[str, typer.Argument(help="The check that flagged it (e.g. step, capacity).")],
    product: Annotated[str, typer.Option(help="The product of the finding.")],
    verdict: Annotated[
        str, typer.Option(help="confirmed (the report was false) or explained (it was true).")
    ],
    by: Annotated[str, typer.Option(help="Who resolved it.")],
    note: Annotated[str, typer.Option(help="Why: what was found.")],
    on: Annotated[
        str | None, typer.Option(help="The day it was resolved (default: today).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Resolve a finding of the audit: it stops climbing the region tree."""
    found = _date(day, "day")
    if found is None:
        raise InputError([InputProblem("give the day of the finding", column="day")])
    with _database(db) as engine:
        r = resolve(
            engine,
            unit,
            product,
            found,
            check,
            verdict=verdict,
            by=by,
            note=note,
            on=_date(on, "on"),
        )
    out.print(f"{r.unit} {r.day} {r.check}: {r.verdict.value} on {r.resolved_on} by {r.by}")


@app.command("history")
def history_(
    report: Annotated[str, typer.Argument(help="A report_id (or a report's row number).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Every version of a report: what it said, when it arrived, who sent it, and why."""
    with _database(db) as engine, engine.connect() as conn:
        key: str | int = int(report) if report.isdigit() else report
        versions = report_history(conn, key)
    if as_json:
        _print_json(
            [
                {
                    **v.__dict__,
                    "day": v.day.isoformat(),
                    "arrived": None if v.arrived is None else v.arrived.isoformat(),
                }
                for v in versions
            ]
        )
        return
    first = versions[0]
    table = Table(
        title=f"{first.unit} {first.product} {first.day}", title_justify="left", box=box.SIMPLE_HEAD
    )
    for name in ("row", "report_id", "quantity", "grade", "arrived", "from", "sender", "reason"):
        table.add_column(name, justify="right" if name in ("row", "quantity", "grade") else "left")
    for v in versions:
        table.add_row(
            str(v.id),
            v.report_id or "",
            _num(v.quantity, 1),
            _num(v.grade, 0),
            "" if v.arrived is None else f"{v.arrived:%Y-%m-%d %H:%M}",
            v.source or "",
            v.sender or "",
            v.reason or "",
        )
    out.print(table)


def audit_json(result: Audit) -> dict[str, Any]:
    """An audit as plain data: what was read, every finding, the revisions."""
    return {
        "scope": result.scope,
        "start": result.start.isoformat(),
        "end": result.end.isoformat(),
        "as_of": result.as_of.isoformat(),
        "products": [p.__dict__ for p in result.products],
        "findings": [
            {
                "day": f.finding.day.isoformat(),
                "unit": f.finding.unit,
                "region": f.region,
                "product": f.product,
                "check": f.finding.check.value,
                "severity": f.finding.severity.name.lower(),
                "score": None if np.isnan(f.finding.score) else f.finding.score,
                "reported": None if np.isnan(f.finding.quantity) else f.finding.quantity,
                "held_by": f.held_by,
                "what": describe(f),
                "resolution": None
                if f.resolution is None
                else {
                    "verdict": f.resolution.verdict.value,
                    "resolved_on": f.resolution.resolved_on.isoformat(),
                    "by": f.resolution.by,
                    "note": f.resolution.note,
                },
            }
            for f in result.findings
        ],
        "revisions": [{**r.__dict__, "share_pct": r.share_pct} for r in result.revisions],
    }


@app.command("bulletin")
def bulletin_(
    scope: Annotated[
        str | None, typer.Argument(help="A region or unit (default: the top of the tree).")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(help="1960, 1960-Q1, 1960-02 or 1960-02-D1 (default: the last month)."),
    ] = None,
    start: Annotated[str | None, typer.Option(help="First day (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option(help="Last day (YYYY-MM-DD).")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Count reports up to this day.")
    ] = None,
    lang: Annotated[str, typer.Option(help="en or zh.")] = "en",
    explain: Annotated[
        bool, typer.Option("--explain", help="List the query behind every figure.")
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write a scope's news bulletin for a period, every figure computed from the reports."""
    if lang not in ("en", "zh"):
        raise InputError([InputProblem(f"{lang!r} is not a language: en or zh", column="--lang")])
    chosen = parse_period(period, _date(start, "start"), _date(end, "end"))
    with _database(db) as engine:
        written = bulletin(engine, scope, chosen, _date(as_of, "as-of"))
    if as_json:
        out.print_json(data=bulletin_json(written), ensure_ascii=False)
        return
    out.print(escape(written.text(lang)), highlight=False, soft_wrap=True)
    if explain:
        table = Table(
            title="Where each figure comes from", title_justify="left", box=box.SIMPLE_HEAD
        )
        for name in ("figure", "value", "query"):
            table.add_column(name, justify="right" if name == "value" else "left")
        for f in written.figures():
            table.add_row(f.label, _value(f.value), f.query.describe())
        out.print(table)


def _value(x: float | date | None) -> str:
    if x is None:
        return ""
    if isinstance(x, date):
        return x.isoformat()
    if x != 0 and abs(x) < 1:
        return f"{x:.4g}"  # a ratio: 0.01296, not 0.01
    return f"{x:,.2f}"


PeriodOption = Annotated[
    str | None, typer.Option(help="1960, 1960-Q1, 1960-02 or 1960-02-D1 (a ten-day 旬).")
]
StartOption = Annotated[str | None, typer.Option(help="First day (YYYY-MM-DD).")]
EndOption = Annotated[str | None, typer.Option(help="Last day (YYYY-MM-DD).")]
ScopeArgument = Annotated[str, typer.Argument(help="The region to plan (with all below it).")]


def _plan_period(period: str | None, start: str | None, end: str | None) -> Period:
    chosen = parse_period(period, _date(start, "start"), _date(end, "end"))
    if chosen is None:
        raise InputError([InputProblem("give --period, or --start and --end", column="--period")])
    return chosen


@plan_app.command("balance")
def plan_balance(
    scope: ScopeArgument,
    period: PeriodOption = None,
    start: StartOption = None,
    end: EndOption = None,
    basis: Annotated[
        str, typer.Option(help="plan: targets (capacity where none); capacity: all at capacity.")
    ] = "plan",
    by_node: Annotated[bool, typer.Option("--by-node", help="One balance per node.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The material balance: resources against uses, product by product."""
    if basis not in ("plan", "capacity"):
        raise InputError([InputProblem(f"{basis!r} is not plan or capacity", column="--basis")])
    with _database(db) as engine:
        network, _ = network_for(engine, scope, _plan_period(period, start, end))
    lines = material_balance(network, Basis(basis), by_node=by_node)
    if as_json:
        _print_json(
            [
                {
                    **line.__dict__,
                    "resources": line.resources,
                    "needs": line.needs,
                    "surplus": line.surplus,
                }
                for line in lines
            ]
        )
        return
    table = Table(title=f"material balance: {scope}", title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("node", "product", "basis", "stock", "production", "in", "uses", "out", "surplus"):
        table.add_column(name, justify="left" if name in ("node", "product", "basis") else "right")
    for line in lines:
        surplus = _num(line.surplus)
        table.add_row(
            line.node or scope,
            network.name(line.product),
            line.basis.value,
            _num(line.opening_stock),
            _num(line.production),
            _num(line.carried_in),
            _num(line.uses),
            _num(line.carried_out),
            f"[red]{surplus}[/red]" if line.surplus < 0 else surplus,
        )
    out.print(table)


@plan_app.command("solve")
def plan_solve(
    scope: ScopeArgument,
    period: PeriodOption = None,
    start: StartOption = None,
    end: EndOption = None,
    hard: Annotated[
        bool, typer.Option("--hard", help="Allow no shortfall: say why if it cannot be.")
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The optimal plan: least weighted shortfall of the targets, then least cost."""
    with _database(db) as engine:
        network, _ = network_for(engine, scope, _plan_period(period, start, end))
    result = optimal_plan(network, hard_targets=hard)
    if as_json:
        print(json.dumps(plan_json(result), ensure_ascii=False))
        return
    _print_plan(result)


def _print_plan(result: PlanResult) -> None:
    net = result.network
    targets = Table(title="targets", title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("scope", "product", "target", "planned", "short"):
        targets.add_column(name, justify="left" if name in ("scope", "product") else "right")
    for i, t in enumerate(net.targets):
        short = float(result.shortfall[i])
        targets.add_row(
            t.scope,
            net.name(t.product),
            _num(t.quantity),
            _num(t.quantity - short),
            _num(short) if short > 1e-6 else "",
        )
    out.print(targets)
    out.print(_chain_table(result))
    out.print(
        f"cost {result.cost:,.0f}; model built in {result.build_seconds:.2f} s, "
        f"solved in {result.solve_seconds:.2f} s"
    )


def _chain_table(result: PlanResult) -> Table:
    """Each product's producers along the chain, and the routes used to the full."""
    net = result.network
    table = Table(title="links of the chain", title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("link", "capacity", "planned", "used %", "+1 t/day gives", ""):
        table.add_column(name, justify="left" if name in ("link", "") else "right")
    gives = next((w.gives for w in weak_links(result) if w.gives), None)
    links = chain_links(result)
    room = 0
    for c in links:
        if c.kind is LinkKind.TRANSPORT and not c.full:
            room += 1
            continue
        worth = (
            "" if c.value <= 0 else f"{c.value:.3g}" + (f" t {net.name(gives)}" if gives else "")
        )
        table.add_row(
            c.label(net),
            _num(c.capacity),
            _num(c.used),
            _num(100 * c.utilisation, 1),
            worth,
            "[bold red]binds[/bold red]" if c.binds else "",
        )
    if room:
        table.caption = f"{room} other route(s) have capacity to spare"
    return table


@plan_app.command("weaklinks")
def plan_weaklinks(
    scope: ScopeArgument,
    period: PeriodOption = None,
    start: StartOption = None,
    end: EndOption = None,
    lang: Annotated[str, typer.Option(help="en or zh.")] = "en",
    top: Annotated[int, typer.Option(help="How many to show (0: all).")] = 10,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Which limits hold the plan back, ranked by what one more unit of each is worth."""
    with _database(db) as engine:
        network, _ = network_for(engine, scope, _plan_period(period, start, end))
    result = optimal_plan(network)
    links = weak_links(result)
    shown = links if top <= 0 else links[:top]
    if as_json:
        _print_json([w.to_json() for w in shown])
        return
    if not links:
        out.print("every target can be met: nothing holds the plan back")
        return
    out.print(_chain_table(result))
    for i, w in enumerate(shown, start=1):
        out.print(f"{i:>3}. {w.text_zh if lang == 'zh' else w.text}", highlight=False)


@plan_app.command("breakdown")
def plan_breakdown(
    scope: ScopeArgument,
    product: Annotated[str, typer.Option(help="The plan's product (or 'value').")],
    into: Annotated[str, typer.Option(help="units, days or dekads (ten-day periods, 旬).")],
    period: PeriodOption = None,
    start: StartOption = None,
    end: EndOption = None,
    by_plan: Annotated[
        bool, typer.Option("--by-plan", help="Units by the optimal plan, not by capacity.")
    ] = False,
    save: Annotated[bool, typer.Option("--save", help="Store the parts as plans.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Break a plan down to its units, or to days or ten-day periods, and keep the parts."""
    if into not in {i.value for i in Into}:
        raise InputError([InputProblem(f"{into!r} is not units, days or dekads", column="--into")])
    chosen = _plan_period(period, start, end)
    with _database(db) as engine:
        plan, parts = breakdown(engine, scope, product, chosen, into=Into(into), by_plan=by_plan)
        saved = save_parts(engine, plan, parts, product) if save else None
    if as_json:
        _print_json(
            [
                {
                    "scope": p.scope,
                    "product": product,
                    "start": p.start.isoformat(),
                    "end": p.end.isoformat(),
                    "target": p.target,
                }
                for p in parts
            ]
        )
    else:
        table = Table(
            title=f"{scope} {product} {chosen.label()}: {_num(plan.target)} broken down",
            title_justify="left",
            box=box.SIMPLE_HEAD,
        )
        for name in ("scope", "from", "to", "target"):
            table.add_column(name, justify="right" if name == "target" else "left")
        for p in parts:
            table.add_row(p.scope, p.start.isoformat(), p.end.isoformat(), _num(p.target, 3))
        out.print(table)
    if saved is not None:
        err.print(f"saved: {saved.inserted} plan(s) new or changed")


@plan_app.command("whatif")
def plan_whatif(
    scope: ScopeArgument,
    period: PeriodOption = None,
    start: StartOption = None,
    end: EndOption = None,
    add_units: Annotated[
        list[str] | None,
        typer.Option("--add-units", help="REGION:KIND:PRODUCT:COUNT:CAPACITY (t/day each)."),
    ] = None,
    scale: Annotated[
        list[str] | None,
        typer.Option("--scale", help="PRODUCT[@REGION][:KIND]=FACTOR: scale capacities."),
    ] = None,
    recipe: Annotated[
        list[str] | None,
        typer.Option("--recipe", help="PRODUCT:KIND:INPUT=PER_UNIT: change a recipe line."),
    ] = None,
    add_link: Annotated[
        list[str] | None,
        typer.Option("--add-link", help="SOURCE:TARGET:MODE:CAPACITY (t/day): a new link."),
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The optimal plan as it is and after some changes, side by side."""
    edits = [
        parse_edit(form, text)
        for form, texts in (
            ("add-units", add_units),
            ("scale", scale),
            ("recipe", recipe),
            ("add-link", add_link),
        )
        for text in texts or []
    ]
    if not edits:
        raise InputError([InputProblem("give at least one change (see --help)")])
    with _database(db) as engine:
        network, _ = network_for(engine, scope, _plan_period(period, start, end))
    result = what_if(network, edits)
    if as_json:
        print(
            json.dumps(
                {
                    "edits": [str(e) for e in edits],
                    "before": plan_json(result.before),
                    "after": plan_json(result.after),
                },
                ensure_ascii=False,
            )
        )
        return
    net = result.before.network
    table = Table(
        title="what if: " + "; ".join(map(str, edits)), title_justify="left", box=box.SIMPLE_HEAD
    )
    for name in ("target", "planned", "short", "planned after", "short after"):
        table.add_column(name, justify="left" if name == "target" else "right")
    for i, t in enumerate(net.targets):
        before, after = result.before.shortfall[i], result.after.shortfall[i]
        table.add_row(
            f"{t.scope} {net.name(t.product)} {_num(t.quantity)}",
            _num(t.quantity - before),
            _num(before),
            _num(t.quantity - after),
            _num(after),
        )
    out.print(table)
    for label, plan in (("before", result.before), ("after", result.after)):
        out.print(f"{label}: {_binding_words(plan)}", highlight=False)


def _binding_words(plan: PlanResult) -> str:
    """What binds, and where one more unit is worth most."""
    links = weak_links(plan)
    if not links:
        return "every target met"
    net = plan.network
    binding = [c.label(net) for c in chain_links(plan) if c.binds]
    binds = f"binds: {', '.join(binding)}; " if binding else ""
    return f"{binds}worth most: {links[0].text}"


@plan_app.command("io")
def plan_io(
    scope: ScopeArgument,
    demand: Annotated[
        list[str], typer.Option(help="PRODUCT=QUANTITY of final demand (repeatable).")
    ],
    period: PeriodOption = None,
    start: StartOption = None,
    end: EndOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Input-output: the gross output a final demand needs, x = (I - A)^-1 d, and the
    output multipliers, with A the region's recipes averaged by capacity."""
    with _database(db) as engine:
        network, _ = network_for(engine, scope, _plan_period(period, start, end))
    final = np.zeros(len(network.products))
    for text in demand:
        product, _, quantity = text.partition("=")
        try:
            final[network.product_index[product.strip()]] += float(quantity)
        except (KeyError, ValueError):
            raise InputError(
                [
                    InputProblem(
                        f"{text!r} is not PRODUCT=QUANTITY of a known product", column="--demand"
                    )
                ]
            ) from None
    a = product_coefficients(network)
    gross = gross_output(a, final)
    multipliers = output_multipliers(a)
    if as_json:
        _print_json(
            [
                {
                    "product": p,
                    "final_demand": float(final[j]),
                    "gross_output": float(gross[j]),
                    "multiplier": float(multipliers[j]),
                }
                for j, p in enumerate(network.products)
            ]
        )
        return
    table = Table(title=f"input-output: {scope}", title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("product", "final demand", "gross output", "output multiplier"):
        table.add_column(name, justify="left" if name == "product" else "right")
    for j, p in enumerate(network.products):
        table.add_row(
            network.name(p),
            _num(float(final[j])),
            _num(float(gross[j])),
            f"{float(multipliers[j]):.4f}",
        )
    out.print(table)


#: the new user's password, for scripts; without it `user add` asks for it twice
PASSWORD_ENV = "PLANWORKS_PASSWORD"
UserArgument = Annotated[str, typer.Argument(help="The user's name (to sign in with).")]


@user_app.command("add")
def user_add(
    name: UserArgument,
    role: Annotated[Role, typer.Option(help="What the user may do (see docs/cli.md).")],
    region: Annotated[
        str | None,
        typer.Option(help="The region (with all below it) of a planner, statistician or viewer."),
    ] = None,
    unit: Annotated[
        list[str] | None, typer.Option(help="A reporter's unit (repeatable).", show_default=False)
    ] = None,
    db: DbOption = None,
) -> None:
    """Add a user; the password comes from $PLANWORKS_PASSWORD, else it is asked for."""
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _database(db) as engine:
        added = add_user(engine, name, password, role, region=region, units=unit or ())
    where = added.region or ", ".join(sorted(added.units)) or "everywhere"
    out.print(f"added {added.name}: {added.role.value}, {where}", highlight=False)


@user_app.command("token")
def user_token(
    name: UserArgument,
    label: Annotated[
        str, typer.Option(help="A name for the token, to revoke it by (one per user).")
    ] = "default",
    db: DbOption = None,
) -> None:
    """Issue an API token for a user and print it, once."""
    with _database(db) as engine:
        secret = issue_token(engine, name, label)
    print(secret)  # alone on stdout, for $(planworks user token ...)
    err.print(
        f"the API token {label!r} of {name}: it will not be shown again, keep it now "
        "(send it as: Authorization: Bearer TOKEN)",
        highlight=False,
    )


@user_app.command("revoke")
def user_revoke(
    name: UserArgument,
    label: Annotated[str, typer.Option(help="The token's label.")] = "default",
    db: DbOption = None,
) -> None:
    """Revoke a user's API token: it stops working at once."""
    with _database(db) as engine:
        revoke_token(engine, name, label)
    out.print(f"revoked the token {label!r} of {name}", highlight=False)


@user_app.command("list")
def user_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Every user: role, region or units, live API tokens, disabled or not."""
    with _database(db) as engine:
        found = users(engine)
    if as_json:
        _print_json(
            [
                {
                    "name": u.name,
                    "role": u.role.value,
                    "region": u.region,
                    "units": sorted(u.units),
                    "tokens": list(u.tokens),
                    "created_at": u.created_at.isoformat(),
                    "disabled": u.disabled,
                }
                for u in found
            ]
        )
        return
    if not found:
        out.print("no users: add one with `planworks user add NAME --role admin`")
        return
    table = Table(title="users", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("name", "role", "region or units", "tokens", "created", "disabled"):
        table.add_column(column, overflow="fold")
    for u in found:
        table.add_row(
            escape(u.name),
            u.role.value,
            escape(u.region or ", ".join(sorted(u.units))),
            escape(", ".join(u.tokens)),
            f"{u.created_at:%Y-%m-%d %H:%M}",
            "disabled" if u.disabled else "",
        )
    out.print(table)


@user_app.command("disable")
def user_disable(name: UserArgument, db: DbOption = None) -> None:
    """Disable a user: passwords, API tokens and open sessions all refused."""
    with _database(db) as engine:
        disable_user(engine, name)
    out.print(f"disabled {name}", highlight=False)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line; planworks' own errors print as messages, not tracebacks."""
    try:
        app(args=list(argv) if argv is not None else None)
    except PlanworksError as e:
        err.print("[red]error:[/red] " + escape(str(e)), highlight=False)
        sys.exit(1)
