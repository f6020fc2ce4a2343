"""Linear programs as sparse matrices, solved with HiGHS.

The model is handed to HiGHS as arrays (costs, bounds, a CSC matrix) without a modelling
layer: building a million-column model this way takes under a second, where general
modellers take many (PERFORMANCE-NOTES.md). Results come back as small typed objects;
an infeasible model comes back with the constraints that conflict (HiGHS's irreducible
infeasible subsystem), for the caller to put in words.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

import highspy
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from planworks.domain.errors import PlanworksError

__all__ = [
    "INF",
    "InfeasibleError",
    "LinearProgram",
    "Solution",
    "SolveError",
    "Status",
    "solve",
]

INF = float("inf")
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


class Status(StrEnum):
    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    TIME_LIMIT = "time limit"
    OTHER = "other"


class SolveError(PlanworksError):
    """The solver ended without an optimal plan."""

    def __init__(self, message: str, status: Status) -> None:
        super().__init__(message)
        self.status = status


class InfeasibleError(SolveError):
    """No plan meets every constraint; `rows` and `columns` are an irreducible conflicting
    set, `capped` the columns of it held back by their upper bound."""

    def __init__(self, message: str, rows: Ints, columns: Ints, capped: Ints) -> None:
        super().__init__(message, Status.INFEASIBLE)
        self.rows = rows
        self.columns = columns
        self.capped = capped


@dataclass(frozen=True)
class LinearProgram:
    """minimise cost @ x  subject to  row_lower <= A x <= row_upper, col_lower <= x <= col_upper."""

    cost: Floats
    matrix: sp.csc_array
    row_lower: Floats
    row_upper: Floats
    col_lower: Floats
    col_upper: Floats

    def __post_init__(self) -> None:
        rows, cols = self.matrix.shape
        sizes = {
            "cost": (self.cost.size, cols),
            "col_lower": (self.col_lower.size, cols),
            "col_upper": (self.col_upper.size, cols),
            "row_lower": (self.row_lower.size, rows),
            "row_upper": (self.row_upper.size, rows),
        }
        for name, (got, want) in sizes.items():
            if got != want:
                raise ValueError(f"{name} has {got} entries, the matrix wants {want}")

    @property
    def shape(self) -> tuple[int, int]:
        rows, cols = self.matrix.shape
        return int(rows), int(cols)


@dataclass(frozen=True)
class Solution:
    """An optimal solution with its duals: what one more unit of each row or bound is worth.

    `row_dual[i]` is d(objective)/d(right-hand side of row i); `col_dual[j]` is the reduced
    cost of column j, nonzero where its bound holds it back. On a basic (simplex) solution
    they are exact vertex prices.
    """

    status: Status
    objective: float
    x: Floats
    row_value: Floats
    row_dual: Floats
    col_dual: Floats
    seconds: float
    iterations: int


_IIS_STRATEGY = int(highspy.IisStrategy.kIisStrategyFromLp) | int(
    highspy.IisStrategy.kIisStrategyIrreducible
)
_UPPER = [
    int(highspy.IisBoundStatus.kIisBoundStatusUpper),
    int(highspy.IisBoundStatus.kIisBoundStatusBoxed),
]

_STATUS = {
    highspy.HighsModelStatus.kOptimal: Status.OPTIMAL,
    highspy.HighsModelStatus.kInfeasible: Status.INFEASIBLE,
    highspy.HighsModelStatus.kUnbounded: Status.UNBOUNDED,
    highspy.HighsModelStatus.kUnboundedOrInfeasible: Status.UNBOUNDED,
    highspy.HighsModelStatus.kTimeLimit: Status.TIME_LIMIT,
}


def _finite(values: Floats) -> Floats:
    """HiGHS's infinity for numpy's."""
    return np.clip(values, -highspy.kHighsInf, highspy.kHighsInf)


def solve(
    lp: LinearProgram,
    *,
    method: str = "choose",
    time_limit: float | None = None,
    threads: int | None = None,
) -> Solution:
    """Solve with HiGHS (`method`: choose, simplex, ipm or pdlp); raise on no optimum."""
    started = time.perf_counter()
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.silent()
    h.setOptionValue("solver", method)
    # if it is infeasible, find an irreducible conflicting set, starting from the LP
    h.setOptionValue("iis_strategy", _IIS_STRATEGY)
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    if threads is not None:
        h.setOptionValue("threads", int(threads))
    model = highspy.HighsLp()
    rows, cols = lp.shape
    model.num_col_ = cols
    model.num_row_ = rows
    model.col_cost_ = np.ascontiguousarray(lp.cost, dtype=np.float64)
    model.col_lower_ = _finite(lp.col_lower.astype(np.float64))
    model.col_upper_ = _finite(lp.col_upper.astype(np.float64))
    model.row_lower_ = _finite(lp.row_lower.astype(np.float64))
    model.row_upper_ = _finite(lp.row_upper.astype(np.float64))
    matrix = sp.csc_array(lp.matrix)
    matrix.sort_indices()
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.num_col_ = cols
    model.a_matrix_.num_row_ = rows
    model.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    model.a_matrix_.index_ = matrix.indices.astype(np.int32)
    model.a_matrix_.value_ = matrix.data.astype(np.float64)
    h.passModel(model)
    h.run()
    status = _STATUS.get(h.getModelStatus(), Status.OTHER)
    if status is Status.INFEASIBLE:
        _, iis = h.getIis()
        columns = np.asarray(iis.col_index_, dtype=np.int64)
        bounds = np.asarray([int(b) for b in iis.col_bound_], dtype=np.int64)
        raise InfeasibleError(
            "no plan meets every constraint",
            np.asarray(iis.row_index_, dtype=np.int64),
            columns,
            columns[np.isin(bounds, _UPPER)],
        )
    if h.getModelStatus() == highspy.HighsModelStatus.kModelEmpty:  # nothing to decide
        return _empty(rows, cols, time.perf_counter() - started)
    if status is not Status.OPTIMAL:
        text = h.modelStatusToString(h.getModelStatus())
        raise SolveError(f"the solver stopped without an optimal plan: {text}", status)
    solution = h.getSolution()
    info = h.getInfo()
    return Solution(
        status=status,
        objective=float(info.objective_function_value),
        x=np.asarray(solution.col_value, dtype=np.float64),
        row_value=np.asarray(solution.row_value, dtype=np.float64),
        row_dual=np.asarray(solution.row_dual, dtype=np.float64),
        col_dual=np.asarray(solution.col_dual, dtype=np.float64),
        seconds=time.perf_counter() - started,
        iterations=int(info.simplex_iteration_count + info.ipm_iteration_count),
    )


def _empty(rows: int, cols: int, seconds: float) -> Solution:
    zeros = np.zeros(cols)
    return Solution(Status.OPTIMAL, 0.0, zeros, np.zeros(rows), np.zeros(rows), zeros, seconds, 0)
