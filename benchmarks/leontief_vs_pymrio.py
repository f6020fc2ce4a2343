"""Gross output x = (I - A)^-1 d: planworks' sparse solves vs pymrio's dense inverse.

pymrio computes x the way its `calc_all` does when only A and Y are known: `calc_L(A)`,
the dense inverse of I - A, then `calc_x_from_L(L, y)`. planworks solves the sparse
system (`planworks.planning.leontief.gross_output`, method `auto`) without forming L.
Both get their input ready-made (pymrio a dense A, planworks a sparse one) and run
alternately, A B A B; their answers must agree to 1e-9 relative.

- **pymrio's test system** (`pymrio.load_test()`, 6 regions x 8 sectors, A and Y as
  pymrio's own DataFrames); planworks also with `direct` and `iterative` forced.
- **random supplier networks**: about 5 inputs a product, suppliers drawn at random,
  column sums 0.3 to 0.9. pymrio only up to `PYMRIO_MAX` products: its dense inverse
  takes seconds at 5,000 and would need 80 GB at 100,000.

Goals: 50 times faster than pymrio at 3,000 products; 100,000 products under 1 s.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pymrio
import scipy.sparse as sp

from benchmarks.common import log, median, timed
from planworks.planning.leontief import gross_output, output_multipliers

PYMRIO_MAX = 5_000
INPUTS_PER_PRODUCT = 5


def random_system(n: int, seed: int = 1) -> tuple[Any, Any]:
    """A random productive A (CSC) and a final demand d >= 0."""
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, n, size=(n, INPUTS_PER_PRODUCT))
    values = rng.random((n, INPUTS_PER_PRODUCT))
    values *= (rng.uniform(0.3, 0.9, n) / values.sum(axis=1))[:, None]
    cols = np.repeat(np.arange(n), INPUTS_PER_PRODUCT)
    a = sp.coo_array((values.ravel(), (rows.ravel(), cols)), shape=(n, n)).tocsc()
    return a, rng.random(n) * 100


def pymrio_x(a: Any, y: Any) -> Any:
    """What pymrio's calc_system does for x when it has A and Y."""
    return pymrio.calc_x_from_L(pymrio.calc_L(a), y)


def max_relative_difference(ours: Any, theirs: Any) -> float:
    theirs = np.asarray(theirs, dtype=np.float64).ravel()
    return float(np.max(np.abs(ours - theirs) / np.abs(theirs)))


def test_system(repeat: int) -> dict[str, Any]:
    io = pymrio.load_test()
    io.calc_all()
    a_frame, y_frame = io.A, io.Y.sum(axis=1)
    a, y = sp.csc_array(a_frame.to_numpy()), y_frame.to_numpy()
    times: dict[str, list[float]] = {"pymrio": [], "auto": [], "direct": [], "iterative": []}
    worst = 0.0
    for _ in range(repeat):
        s, theirs = timed(lambda: pymrio_x(a_frame, y_frame))
        times["pymrio"].append(s)
        for method in ("auto", "direct", "iterative"):
            s, ours = timed(lambda m=method: gross_output(a, y, method=m))
            times[method].append(s)
            worst = max(worst, max_relative_difference(ours, theirs))
    out: dict[str, Any] = {
        "products": a.shape[0],
        "seconds": times,
        **{f"{k}_ms_median": round(median(v) * 1000, 3) for k, v in times.items()},
        "speedup": round(median(times["pymrio"]) / median(times["auto"]), 1),
        "max_relative_difference": worst,
    }
    log(
        f"pymrio test system (48): pymrio {out['pymrio_ms_median']:.2f} ms, planworks "
        f"{out['auto_ms_median']:.2f} ms (direct {out['direct_ms_median']:.2f}, iterative "
        f"{out['iterative_ms_median']:.2f}): {out['speedup']}x, max diff {worst:.1e}"
    )
    return out


def random_size(n: int, repeat: int) -> dict[str, Any]:
    a, d = random_system(n)
    dense = a.toarray() if n <= PYMRIO_MAX else None
    ours_s: list[float] = []
    theirs_s: list[float] = []
    multipliers_s: list[float] = []
    worst = 0.0
    for i in range(repeat):
        s, ours = timed(lambda: gross_output(a, d))
        ours_s.append(s)
        m, _ = timed(lambda: output_multipliers(a))
        multipliers_s.append(m)
        line = f"{n:,} #{i + 1}: planworks {s * 1000:.1f} ms (multipliers {m * 1000:.1f} ms)"
        if dense is not None:
            t, theirs = timed(lambda: pymrio_x(dense, d))
            theirs_s.append(t)
            worst = max(worst, max_relative_difference(ours, theirs))
            line += f", pymrio {t:.2f} s"
        log(line)
    out: dict[str, Any] = {
        "products": n,
        "nonzeros": int(a.nnz),
        "planworks_seconds": ours_s,
        "planworks_ms_median": round(median(ours_s) * 1000, 2),
        "multipliers_ms_median": round(median(multipliers_s) * 1000, 2),
    }
    if theirs_s:
        out |= {
            "pymrio_seconds": theirs_s,
            "pymrio_s_median": round(median(theirs_s), 3),
            "speedup": round(median(theirs_s) / median(ours_s), 1),
            "max_relative_difference": worst,
        }
    else:
        out["pymrio"] = f"skipped: above {PYMRIO_MAX:,} products its dense inverse is too slow"
    return out


def run(*, sizes: list[int], repeat: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "repeat": repeat,
        "pymrio_test_system": test_system(repeat),
        "random": {},
        "pymrio_max_products": PYMRIO_MAX,
        # Both sides call BLAS (pymrio's inverse, the Krylov solver's inner products),
        # whose threads slow down badly when other work already holds the cores.
        "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "goal": "speedup >= 50 at 3,000 products and planworks_ms_median < 1000 at 100,000",
    }
    for n in sizes:
        out["random"][str(n)] = random_size(n, repeat)
    at_3000 = out["random"].get("3000", {})
    at_100k = out["random"].get("100000", {})
    out["speedup_at_3000"] = at_3000.get("speedup")
    out["ms_at_100000"] = at_100k.get("planworks_ms_median")
    return out
