"""Input-output (Leontief) quantities: the gross output a final demand needs, and multipliers.

A[i, j] is how much of product i goes into one unit of product j. To deliver a final
demand d (what leaves the system: plan targets, stocks, exports), the system must make
x = A x + d, since the inputs of its own output are made too. So

    (I - A) x = d,        x = L d,   L = (I - A)^-1, the Leontief inverse,

and the column sums of L are the output multipliers: all the output, of every product,
that one unit of final demand for product j sets off.

Why sparse: a product has a handful of inputs, so A has about 5 nonzeros a column. L is
dense (every product depends on nearly every other through the chain), so forming it
costs O(n^3) time and 8 n^2 bytes: 80 GB at 100,000 products. Solving (I - A) x = d
on the sparse matrix costs a few dozen multiplications by it, or one sparse LU:

- `direct`: a sparse LU (SuperLU). Cheap only while its factors stay sparse. A supply
  chain that is nearly a tree (ore -> iron -> steel -> rolled steel, with small loops such
  as coal used by pits) has small strongly connected components; ordered so that inputs
  come before the products that use them, I - A is block triangular and its factors fill
  in only within those blocks. A random supplier network is one big loop and fills in
  heavily (41 M nonzeros at 10,000 products, 26 s).
- `iterative`: BiCGSTAB, a Krylov solver that only multiplies by I - A: about a dozen
  iterations for column sums well below 1, whatever the pattern; if it fails, the
  Neumann series x = d + A d + A^2 d + ..., which converges whenever the system is
  productive.
- `auto`: direct when the matrix is small or the predicted fill-in stays within a budget,
  else iterative.

Every answer is checked: a residual above the bound, or negative output for a demand
that is not negative, means the system is not productive (`NotProductive`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.sparse import csgraph

from planworks.domain.errors import InputError, InputProblem, PlanworksError
from planworks.domain.model import UnitKind

__all__ = [
    "ANY_KIND",
    "Method",
    "NotProductive",
    "average_by_kind",
    "coefficient_matrix",
    "gross_output",
    "output_multipliers",
]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Method = Literal["auto", "direct", "iterative"]
Matrix = sp.sparray[np.float64, tuple[int, int]] | sp.spmatrix[np.float64] | Floats

#: The kind of a recipe line that applies to every unit kind.
ANY_KIND = "*"
_KINDS = tuple(k.value for k in UnitKind)

#: Up to this many products a sparse LU costs at most a few milliseconds, whatever the
#: pattern (a dense LU of this size does too), so `auto` takes it without looking.
DIRECT_ALWAYS_N = 300
#: `auto` factorises larger systems only if the predicted nonzeros of the factors stay
#: within this many times those of I - A.
FILL_BUDGET = 10
_KRYLOV_MAX_ITER = 1_000
_NEUMANN_MAX_ITER = 10_000
#: The Neumann series gives up when its term has not shrunk over this many steps.
_NEUMANN_WINDOW = 50


class NotProductive(PlanworksError):  # noqa: N818 (reads as a state)
    """The system cannot meet the demand: some product needs more than one unit of itself.

    Directly or through the products it is made from, making one unit of some product
    would use up one unit or more of it, so no non-negative output delivers the demand.
    """

    def __init__(self, detail: str) -> None:
        super().__init__(
            "the system cannot meet the demand: some product needs more of itself, directly "
            f"or through others, than one unit ({detail})"
        )


def coefficient_matrix(
    products: Sequence[str], lines: Iterable[tuple[str, str, float]]
) -> sp.csc_array[np.float64]:
    """A[i, j] = units of product i per unit of product j, from (product j, input i, per_unit).

    Products are in the order of `products`. Several lines for the same pair add up.
    Unknown product codes and per-unit amounts that are negative or not finite raise an
    `InputError` listing every such line (numbered from 1).
    """
    index = {code: i for i, code in enumerate(products)}
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    problems: list[InputProblem] = []
    for number, (product, item, per_unit) in enumerate(lines, start=1):
        for code, column in ((product, "product"), (item, "input")):
            if code not in index:
                problems.append(
                    InputProblem(f"line {number}: unknown product {code!r}", column=column)
                )
        if not (math.isfinite(per_unit) and per_unit >= 0):
            problems.append(
                InputProblem(
                    f"line {number}: per_unit {per_unit!r} is not a non-negative number",
                    column="per_unit",
                )
            )
        if product in index and item in index:
            rows.append(index[item])
            cols.append(index[product])
            values.append(per_unit)
    if problems:
        raise InputError(problems)
    n = len(products)
    # COO -> CSC sums duplicate entries, which is what several lines for a pair mean.
    coo = sp.coo_array(
        (np.asarray(values, dtype=np.float64), (np.asarray(rows), np.asarray(cols))),
        shape=(n, n),
    )
    return coo.tocsc()


def average_by_kind(
    lines: Iterable[tuple[str, str, str, float]], weights: Mapping[tuple[str, str], float]
) -> list[tuple[str, str, float]]:
    """One recipe per product: the capacity-weighted mean of the recipes of its unit kinds.

    `lines` are (product, kind, input, per_unit), kind one of the `UnitKind` values or
    `*`; `weights` are capacities by (product, kind). A `*` line applies to every kind
    that has no line of its own for that input; lines for the same (product, kind, input)
    add up. A product is averaged over its kinds with positive weight; without weights,
    plainly over the kinds it has lines for (or its `*` lines alone). A kind that adds
    nothing to an input counts as zero for it. Returns (product, input, per_unit) in the
    order first seen, ready for `coefficient_matrix`.

    Raises `InputError` for an unknown kind, a negative or non-finite amount or weight,
    and a weighted kind of a product that has lines but none for that kind nor `*`.
    """
    recipes: dict[str, dict[str, dict[str, float]]] = {}  # product -> kind -> input -> amount
    problems: list[InputProblem] = []
    for number, (product, kind, item, per_unit) in enumerate(lines, start=1):
        if kind not in _KINDS and kind != ANY_KIND:
            problems.append(InputProblem(f"line {number}: unknown kind {kind!r}", column="kind"))
        if not (math.isfinite(per_unit) and per_unit >= 0):
            problems.append(
                InputProblem(
                    f"line {number}: per_unit {per_unit!r} is not a non-negative number",
                    column="per_unit",
                )
            )
        recipe = recipes.setdefault(product, {}).setdefault(kind, {})
        recipe[item] = recipe.get(item, 0.0) + per_unit
    for (product, kind), weight in weights.items():
        if kind not in _KINDS:
            problems.append(InputProblem(f"weight of {product} ({kind}): unknown kind"))
        elif not (math.isfinite(weight) and weight >= 0):
            problems.append(
                InputProblem(f"weight of {product} ({kind}) {weight!r} is not non-negative")
            )
        elif (
            weight > 0
            and product in recipes
            and kind not in recipes[product]
            and ANY_KIND not in recipes[product]
        ):
            problems.append(
                InputProblem(f"{product} has capacity of kind {kind} but no recipe for it")
            )
    if problems:
        raise InputError(problems)

    out: list[tuple[str, str, float]] = []
    for product, by_kind in recipes.items():
        general = by_kind.get(ANY_KIND, {})
        weighted = {k: weights.get((product, k), 0.0) for k in _KINDS}
        total = sum(weighted.values())
        if total > 0:
            shares = {k: w / total for k, w in weighted.items() if w > 0}
        else:
            own = [k for k in _KINDS if k in by_kind]
            shares = {k: 1 / len(own) for k in own} if own else {ANY_KIND: 1.0}
        items: dict[str, float] = {}
        for kind, share in shares.items():
            for item, per_unit in (general | by_kind.get(kind, {})).items():
                items[item] = items.get(item, 0.0) + share * per_unit
        # Items in order first seen for the product, whichever kind named them first.
        order = dict.fromkeys(item for recipe in by_kind.values() for item in recipe)
        out.extend((product, item, items[item]) for item in order if item in items)
    return out


def gross_output(
    A: Matrix,  # noqa: N803 (the input-output literature's name)
    final_demand: npt.ArrayLike,
    *,
    method: Method = "auto",
    rtol: float = 1e-12,
) -> Floats:
    """The gross output x with (I - A) x = d: what every product must make to deliver d.

    `method` chooses the solver (see the module's docstring); `rtol` is the relative
    residual the iterative solvers aim for. Raises `NotProductive` when the relative
    residual of the answer exceeds `max(1000 rtol, 1e-9)`, or when a non-negative demand
    would need negative output.
    """
    coefficients = _square(A)
    d = np.asarray(final_demand, dtype=np.float64)
    if d.shape != (coefficients.shape[0],):
        raise ValueError(f"final demand has shape {d.shape}, A has {coefficients.shape}")
    if not np.isfinite(d).all():
        raise ValueError("final demand has values that are not finite")
    return _solve(coefficients, d, method=method, rtol=rtol)


def output_multipliers(
    A: Matrix,  # noqa: N803
    *,
    method: Method = "auto",
    rtol: float = 1e-12,
) -> Floats:
    """Column sums of L = (I - A)^-1: all output set off by one unit of demand for each product.

    Solves (I - A)^T m = 1 rather than forming L; `method`, `rtol` and the checks are
    those of `gross_output`.
    """
    transposed = _square(A).T.tocsc()
    return _solve(transposed, np.ones(transposed.shape[0]), method=method, rtol=rtol)


def _square(a: Matrix) -> sp.csc_array[np.float64]:
    matrix = sp.csc_array(a, dtype=np.float64)
    if matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"A must be square, not {matrix.shape}")
    if not np.isfinite(matrix.data).all():
        raise ValueError("A has values that are not finite")
    return matrix


def _solve(c: sp.csc_array[np.float64], b: Floats, *, method: Method, rtol: float) -> Floats:
    """y with (I - C) y = b, C = A for output, A^T for multipliers; checked."""
    if method not in ("auto", "direct", "iterative"):
        raise ValueError(f"unknown method {method!r}: auto, direct or iterative")
    n = c.shape[0]
    if not b.any():
        return np.zeros(n)
    # Scale b to a largest entry near 1 (exactly, by a power of two): a tiny demand would
    # otherwise make the norms underflow and the tolerances vanish.
    _, exponent = math.frexp(float(np.abs(b).max()))
    b = np.ldexp(b, -exponent)
    system = (sp.eye_array(n, format="csc") - c).tocsc()
    order: Ints | None = None
    if method != "iterative":
        order = _block_order(c, budget=FILL_BUDGET * system.nnz)
    if method == "direct" or (method == "auto" and (n <= DIRECT_ALWAYS_N or order is not None)):
        y = _solve_direct(system, b, order)
    else:
        y = _solve_iterative(system, c, b, rtol=rtol)
    _check(system, y, b, bound=max(1000 * rtol, 1e-9))
    return np.ldexp(y, exponent)


def _block_order(c: sp.csc_array[np.float64], *, budget: int) -> Ints | None:
    """Products with inputs first, loops kept together; None if the LU would fill past budget.

    In this order I - C is block upper triangular, a block per strongly connected
    component. Its LU (pivoting stays within a block) fills in at most each diagonal block
    and, above it, each column's stretch of rows within one block: b_k^2 for a block of
    b_k products, plus at most b_k for every entry in block k's rows outside the block.
    """
    count, labels = csgraph.connected_components(c, directed=True, connection="strong")
    sizes = np.bincount(labels, minlength=count).astype(np.int64)
    if int(sizes.max(initial=0)) ** 2 > budget:
        return None
    rows, cols = c.tocoo().coords
    between = labels[rows] != labels[cols]
    # SciPy numbers components as it completes them (Pearce's variant of Tarjan), so an
    # input's component has a higher label than its user's; check rather than rely on it.
    if (labels[rows][between] < labels[cols][between]).any():
        return None
    # Entries of one column in the same block share a stretch, so this overcounts; it is
    # exact for a chain without loops, and counting distinct stretches costs more.
    fill = int((sizes**2).sum() + sizes[labels[rows][between]].sum())
    if fill > budget:
        return None
    return np.argsort(-labels, kind="stable").astype(np.int64)  # inputs first


def _solve_direct(system: sp.csc_array[np.float64], b: Floats, order: Ints | None) -> Floats:
    try:
        if order is None:
            return np.asarray(spla.splu(system).solve(b), dtype=np.float64)
        # Keep our block order: SuperLU's own column order (COLAMD) does not find it and
        # fills in even a triangular matrix.
        permuted = system[order][:, order].tocsc()
        y = np.empty_like(b)
        y[order] = spla.splu(permuted, permc_spec="NATURAL").solve(b[order])
    except RuntimeError as e:  # SuperLU: "Factor is exactly singular"
        raise NotProductive(f"I - A is singular: {e}") from e
    return y


def _solve_iterative(
    system: sp.csc_array[np.float64], c: sp.csc_array[np.float64], b: Floats, *, rtol: float
) -> Floats:
    rowwise = system.tocsr()  # a CSR product with a vector writes each entry once
    diagonal = system.diagonal()
    jacobi: spla.LinearOperator | None = None
    if (diagonal > 0).all():
        # Jacobi: cheap, and it helps where products use much of themselves (coal at pits).
        inverse = 1 / diagonal
        jacobi = spla.LinearOperator(rowwise.shape, matvec=lambda v: inverse * v.ravel())
    y, info = spla.bicgstab(rowwise, b, b, rtol=rtol, atol=0.0, maxiter=_KRYLOV_MAX_ITER, M=jacobi)
    if info == 0:
        return np.asarray(y, dtype=np.float64)
    return _neumann(c.tocsr(), b, rtol=rtol)


def _neumann(c: sp.csr_array[np.float64], b: Floats, *, rtol: float) -> Floats:
    """b + C b + C^2 b + ...: the residual after a term is the norm of the next term."""
    y = b.copy()
    term = b
    goal = rtol * float(np.linalg.norm(b))
    checkpoint = math.inf
    for step in range(1, _NEUMANN_MAX_ITER + 1):
        term = np.asarray(c @ term, dtype=np.float64)
        y += term
        size = float(np.linalg.norm(term))
        if size <= goal or not math.isfinite(size):
            break
        if step % _NEUMANN_WINDOW == 0:
            if size >= checkpoint:  # not shrinking: the series diverges
                break
            checkpoint = size
    return y


def _check(system: sp.csc_array[np.float64], y: Floats, b: Floats, *, bound: float) -> None:
    residual = float(np.linalg.norm(system @ y - b) / np.linalg.norm(b))
    if not residual <= bound:  # also catches NaN
        raise NotProductive(f"relative residual {residual:.3g} above {bound:.3g}")
    if (b >= 0).all():
        short = y < -bound * float(np.abs(y).max())
        if short.any():
            raise NotProductive(
                f"{int(short.sum())} product(s) would need negative output, the first at "
                f"index {int(np.flatnonzero(short)[0])}"
            )
