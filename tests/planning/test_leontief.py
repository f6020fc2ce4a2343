from __future__ import annotations

import subprocess
import sys
from typing import Any

import numpy as np
import pymrio
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from planworks.domain.errors import InputError, PlanworksError
from planworks.planning import leontief
from planworks.planning.leontief import (
    DIRECT_ALWAYS_N,
    Method,
    NotProductive,
    _block_order,
    average_by_kind,
    coefficient_matrix,
    gross_output,
    output_multipliers,
)

METHODS: tuple[Method, ...] = ("auto", "direct", "iterative")

#: The brief's chain: rolled steel <- steel <- iron <- ore and coal.
CHAIN = ["rolled", "steel", "iron", "ore", "coal"]
CHAIN_LINES = [
    ("rolled", "steel", 1.25),
    ("steel", "iron", 1.15),
    ("iron", "ore", 2.0),
    ("iron", "coal", 3.0),
]


def random_productive(n: int, per: int, seed: int) -> tuple[sp.csc_array[np.float64], Any]:
    """A random supplier network: `per` inputs a product, column sums 0.3 to 0.9."""
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, n, size=(n, per))
    values = rng.random((n, per))
    values *= (rng.uniform(0.3, 0.9, n) / values.sum(axis=1))[:, None]
    cols = np.repeat(np.arange(n), per)
    a = sp.coo_array((values.ravel(), (rows.ravel(), cols)), shape=(n, n)).tocsc()
    return a, rng.random(n) * 10


# ---- tiny exact cases ------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_two_product_chain(method: Method) -> None:
    a = coefficient_matrix(["iron", "ore"], [("iron", "ore", 0.5)])
    x = gross_output(a, [10.0, 0.0], method=method)
    np.testing.assert_allclose(x, [10.0, 5.0], rtol=1e-12)


@pytest.mark.parametrize("method", METHODS)
def test_steel_chain_and_its_multipliers(method: Method) -> None:
    a = coefficient_matrix(CHAIN, CHAIN_LINES)
    x = gross_output(a, [100.0, 0, 0, 0, 0], method=method)
    np.testing.assert_allclose(x, [100.0, 125.0, 143.75, 287.5, 431.25], rtol=1e-12)
    m = output_multipliers(a, method=method)
    # One unit of rolled steel sets off 1 + 1.25 + 1.4375 + 2.875 + 4.3125 units.
    np.testing.assert_allclose(m, [10.875, 7.9, 6.0, 1.0, 1.0], rtol=1e-12)


@pytest.mark.parametrize("method", METHODS)
def test_loop_with_known_inverse(method: Method) -> None:
    # (I - A)^-1 = [[4/3, 2/3], [2/3, 4/3]]
    a = np.array([[0.0, 0.5], [0.5, 0.0]])
    np.testing.assert_allclose(gross_output(a, [3.0, 0.0], method=method), [4.0, 2.0])
    np.testing.assert_allclose(output_multipliers(a, method=method), [2.0, 2.0])


def test_self_use() -> None:
    # Pits burn a tenth of their own coal.
    x = gross_output(coefficient_matrix(["coal"], [("coal", "coal", 0.1)]), [9.0])
    np.testing.assert_allclose(x, [10.0])


@pytest.mark.parametrize("scale", [5e-324, 1e-300, 1e300])
@pytest.mark.parametrize("method", METHODS)
def test_tiny_and_huge_demands(scale: float, method: Method) -> None:
    a = coefficient_matrix(["iron", "ore"], [("iron", "ore", 0.5)])
    x = gross_output(a, [scale, 0.0], method=method)
    np.testing.assert_allclose(x, [scale, scale * 0.5], rtol=1e-12)


def test_zero_demand_needs_nothing() -> None:
    a = coefficient_matrix(CHAIN, CHAIN_LINES)
    assert gross_output(a, np.zeros(5)).tolist() == [0.0] * 5


def test_a_column_sum_above_one_can_still_be_productive() -> None:
    # Each unit of b takes 1.5 of a, but a takes only 0.1 of b: the loop shrinks.
    a = np.array([[0.0, 1.5], [0.1, 0.0]])
    x = gross_output(a, [0.0, 1.0])
    np.testing.assert_allclose(x, np.linalg.solve(np.eye(2) - a, [0.0, 1.0]), rtol=1e-12)


def test_bad_arguments() -> None:
    a = coefficient_matrix(CHAIN, CHAIN_LINES)
    with pytest.raises(ValueError, match="shape"):
        gross_output(a, [1.0, 2.0])
    with pytest.raises(ValueError, match="method"):
        gross_output(a, np.ones(5), method="dense")
    with pytest.raises(ValueError, match="square"):
        gross_output(np.zeros((2, 3)), [1.0, 1.0])


# ---- not productive --------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_a_loop_that_needs_more_than_it_makes_is_not_productive(method: Method) -> None:
    # a takes 2 of b, b takes 0.6 of a: around the loop a needs 1.2 of itself.
    a = np.array([[0.0, 2.0], [0.6, 0.0]])
    with pytest.raises(NotProductive, match="cannot meet the demand") as caught:
        gross_output(a, [1.0, 1.0], method=method)
    assert isinstance(caught.value, PlanworksError)
    with pytest.raises(NotProductive):
        output_multipliers(a, method=method)


@pytest.mark.parametrize("method", METHODS)
def test_a_loop_of_exactly_one_is_not_productive(method: Method) -> None:
    # I - A is singular: the direct solve cannot factorise it, the series never shrinks.
    a = np.array([[0.0, 1.0], [1.0, 0.0]])
    with pytest.raises(NotProductive):
        gross_output(a, [1.0, 0.0], method=method)


def test_neumann_series_takes_over_when_the_krylov_solver_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(leontief.spla, "bicgstab", lambda *args, **kwargs: (None, 1))
    a, d = random_productive(500, 5, seed=2)
    x = gross_output(a, d, method="iterative")
    np.testing.assert_allclose(x, gross_output(a, d, method="direct"), rtol=1e-9)
    with pytest.raises(NotProductive, match="residual"):
        gross_output(np.array([[0.0, 2.0], [0.6, 0.0]]), [1.0, 1.0], method="iterative")


# ---- building A ------------------------------------------------------------------------


def test_coefficient_matrix_places_and_adds_lines() -> None:
    a = coefficient_matrix(
        ["iron", "ore", "coal"],
        [("iron", "ore", 2.0), ("iron", "coal", 1.0), ("iron", "coal", 2.0)],
    )
    assert isinstance(a, sp.csc_array)
    np.testing.assert_array_equal(a.toarray(), [[0, 0, 0], [2, 0, 0], [3, 0, 0]])


def test_coefficient_matrix_names_every_unknown_code() -> None:
    with pytest.raises(InputError) as caught:
        coefficient_matrix(
            ["iron", "ore"], [("iron", "ore", 2.0), ("iron", "coke", 1.0), ("pig", "ore", 1.0)]
        )
    messages = [p.message for p in caught.value.problems]
    assert messages == ["line 2: unknown product 'coke'", "line 3: unknown product 'pig'"]
    assert [p.column for p in caught.value.problems] == ["input", "product"]


def test_coefficient_matrix_refuses_negative_amounts() -> None:
    with pytest.raises(InputError, match="per_unit"):
        coefficient_matrix(["iron", "ore"], [("iron", "ore", -2.0)])


def test_average_by_kind_weights_by_capacity() -> None:
    lines = [("iron", "indigenous", "coal", 4.0), ("iron", "modern", "coal", 2.0)]
    weights = {("iron", "indigenous"): 1.0, ("iron", "modern"): 3.0}
    assert average_by_kind(lines, weights) == [("iron", "coal", 2.5)]


def test_average_by_kind_star_applies_to_every_kind_unless_overridden() -> None:
    lines = [
        ("iron", "*", "ore", 2.0),
        ("iron", "*", "coal", 3.0),
        ("iron", "modern", "coal", 2.0),  # modern furnaces override the coal line
    ]
    weights = {("iron", "indigenous"): 1.0, ("iron", "modern"): 1.0}
    assert average_by_kind(lines, weights) == [("iron", "ore", 2.0), ("iron", "coal", 2.5)]


def test_average_by_kind_without_weights_takes_the_plain_mean() -> None:
    lines = [
        ("iron", "indigenous", "coal", 4.0),
        ("iron", "large", "coal", 2.0),
        ("iron", "large", "ore", 1.6),  # indigenous furnaces name no ore: zero for them
        ("steel", "*", "iron", 1.15),
    ]
    assert average_by_kind(lines, {}) == [
        ("iron", "coal", 3.0),
        ("iron", "ore", 0.8),
        ("steel", "iron", 1.15),
    ]


def test_average_by_kind_adds_lines_and_ignores_kinds_without_capacity() -> None:
    lines = [
        ("iron", "indigenous", "coal", 3.0),
        ("iron", "indigenous", "coal", 1.0),
        ("iron", "modern", "coal", 2.0),
        ("iron", "large", "coal", 1.0),
    ]
    weights = {("iron", "indigenous"): 2.0, ("iron", "modern"): 0.0, ("iron", "large"): 2.0}
    assert average_by_kind(lines, weights) == [("iron", "coal", 2.5)]


def test_average_by_kind_reports_bad_input() -> None:
    with pytest.raises(InputError) as caught:
        average_by_kind(
            [("iron", "huge", "coal", 1.0), ("iron", "modern", "coal", 2.0)],
            {("iron", "large"): 5.0, ("iron", "modern"): -1.0},
        )
    text = str(caught.value)
    assert "unknown kind 'huge'" in text
    assert "iron has capacity of kind large but no recipe for it" in text
    assert "not non-negative" in text


def test_averaged_recipes_feed_the_matrix() -> None:
    lines = [
        ("iron", "indigenous", "ore", 2.5),
        ("iron", "modern", "ore", 1.7),
        ("iron", "*", "coal", 3.0),
    ]
    weights = {("iron", "indigenous"): 1.0, ("iron", "modern"): 1.0}
    a = coefficient_matrix(["iron", "ore", "coal"], average_by_kind(lines, weights))
    np.testing.assert_allclose(gross_output(a, [10.0, 0.0, 0.0]), [10.0, 21.0, 30.0])


# ---- against pymrio --------------------------------------------------------------------


@pytest.fixture(scope="module")
def pymrio_test_system() -> Any:
    io = pymrio.load_test()
    io.calc_all()
    return io


@pytest.mark.parametrize("method", METHODS)
def test_gross_output_matches_pymrio(pymrio_test_system: Any, method: Method) -> None:
    io = pymrio_test_system
    assert io.A.shape == (48, 48)
    a = sp.csc_array(io.A.to_numpy())
    y = io.Y.sum(axis=1).to_numpy()
    x = gross_output(a, y, method=method)
    np.testing.assert_allclose(x, io.x["indout"].to_numpy(), rtol=1e-9)


@pytest.mark.parametrize("method", METHODS)
def test_multipliers_match_pymrio(pymrio_test_system: Any, method: Method) -> None:
    io = pymrio_test_system
    m = output_multipliers(sp.csc_array(io.A.to_numpy()), method=method)
    np.testing.assert_allclose(m, io.L.sum(axis=0).to_numpy(), rtol=1e-9)


# ---- larger systems: the solvers agree -------------------------------------------------


def test_random_network_direct_and_iterative_agree() -> None:
    a, d = random_productive(2_000, 5, seed=7)
    assert _block_order(a, budget=10 * a.nnz) is None  # one big loop: auto goes iterative
    x = gross_output(a, d, method="iterative")
    np.testing.assert_allclose(gross_output(a, d, method="direct"), x, rtol=1e-9)
    np.testing.assert_allclose(gross_output(a, d), x, rtol=1e-9)
    m = output_multipliers(a, method="iterative")
    np.testing.assert_allclose(output_multipliers(a, method="direct"), m, rtol=1e-9)


def test_supply_chain_gets_block_triangular_order() -> None:
    # Inputs come from earlier products, with a few small loops (products 10 apart).
    rng = np.random.default_rng(3)
    n = 3 * DIRECT_ALWAYS_N
    cols = np.repeat(np.arange(n), 4)
    rows = (rng.random(cols.size) * cols).astype(np.int64)
    loops = cols % 50 == 0
    rows[loops] = np.minimum(cols[loops] + 10, n - 1)
    values = rng.uniform(0.01, 0.2, cols.size)
    a = sp.coo_array((values, (rows, cols)), shape=(n, n)).tocsc()
    order = _block_order(a, budget=10 * a.nnz)
    assert order is not None
    permuted = a[order][:, order].tocoo()
    below = permuted.coords[0] > permuted.coords[1]
    assert below.sum() <= loops.sum()  # only loops reach back
    d = rng.random(n)
    x = gross_output(a, d)
    np.testing.assert_allclose(gross_output(a, d, method="iterative"), x, rtol=1e-9)


# ---- property --------------------------------------------------------------------------


@st.composite
def productive_systems(draw: st.DrawFn) -> tuple[Any, Any]:
    n = draw(st.integers(1, 30))
    entries = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.floats(0.01, 1.0)),
            max_size=5 * n,
        )
    )
    caps = draw(st.lists(st.floats(0.0, 0.95), min_size=n, max_size=n))
    d = draw(st.lists(st.floats(0.0, 1e3), min_size=n, max_size=n))
    a = np.zeros((n, n))
    for i, j, v in entries:
        a[i, j] += v
    sums = a.sum(axis=0)
    a *= np.divide(caps, sums, out=np.zeros(n), where=sums > 0)  # column sums <= 0.95
    return sp.csc_array(a), np.asarray(d)


@settings(max_examples=150, deadline=None)
@given(productive_systems(), st.sampled_from(METHODS))
def test_output_meets_demand(system: tuple[Any, Any], method: Method) -> None:
    a, d = system
    x = gross_output(a, d, method=method)
    scale = max(float(np.abs(d).max(initial=0.0)), 1.0)
    np.testing.assert_allclose(x - a @ x, d, rtol=0, atol=1e-8 * scale)
    assert (x >= d - 1e-9 * scale).all()


def test_module_stays_pure() -> None:
    code = (
        "import sys, planworks.planning.leontief; "
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'typer', 'fastapi', 'pandas', 'polars') "
        "or m.startswith(('planworks.store', 'planworks.services', 'planworks.cli'))]; "
        "print(bad); sys.exit(bool(bad))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
