"""Run the benchmarks: `python -m benchmarks [--full] [--only NAME] [--backends ...]`."""

from __future__ import annotations

import argparse

from benchmarks import (
    api_load,
    audit_redteam,
    import_vs_bare,
    leontief_vs_pymrio,
    plan_vs_modeler,
    status_vs_groupby,
)
from benchmarks.common import log, write_result

SIZES = {
    # name: (default size, --full size); --full is the size the issue names
    "import": ({"units": 11_000, "days": 100}, {"units": 108_000, "days": 100}),
    "status": ({"units": 40_000}, {"units": 436_000}),
    "leontief": (
        {"sizes": [1_000, 3_000, 10_000, 100_000], "repeat": 5},
        {"sizes": [1_000, 3_000, 10_000, 30_000, 100_000], "repeat": 5},
    ),
    "plan": ({"units": 40_000}, {"units": 400_000}),
    # the served app under 200 clients: the size is a 400,000-unit country
    "api": ({"units": 40_000, "seconds": 10.0}, {"units": 400_000, "seconds": 20.0}),
    # the red team is the size either way; the daily audit grows to the country
    "audit": (
        {"units": 10_000, "days": 120, "daily_units": 40_000},
        {"units": 10_000, "days": 120, "daily_units": 400_000},
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--full", action="store_true", help="the issue's sizes (long)")
    parser.add_argument("--only", choices=sorted(SIZES), action="append")
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="status: keep the SQLite database in the work folder and reuse it next time",
    )
    args = parser.parse_args()
    for name in args.only or sorted(SIZES):
        size = SIZES[name][1 if args.full else 0]
        stores = f" on {', '.join(args.backends)}" if name in ("import", "status", "api") else ""
        log(f"benchmark {name} {size}{stores}")
        if name == "import":
            result = import_vs_bare.run(**size, backends=args.backends, repeat=args.repeat)
        elif name == "leontief":  # no database; its own repeat
            result = leontief_vs_pymrio.run(**size)
        elif name == "audit":  # no database: the checks on panels in memory
            result = audit_redteam.run(**size, repeat=args.repeat)
        elif name == "api":
            result = api_load.run(**size, backends=args.backends)
        elif name == "plan":  # SQLite only: the model, not the store, is measured
            result = plan_vs_modeler.run(**size, repeat=args.repeat)
        else:
            result = status_vs_groupby.run(
                **size, backends=args.backends, repeat=args.repeat, keep=args.keep
            )
        write_result(f"{name}{'-full' if args.full else ''}", result)


if __name__ == "__main__":
    main()
