"""Panels of daily reports and the history of revised reports, on both stores."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine

from planworks.domain.errors import NotFoundError
from planworks.domain.periods import day_number
from planworks.services.importing import import_folder
from planworks.store.panels import read_panel
from planworks.store.queries import product_info, resolve_scope
from planworks.store.revisions import report_history, unit_revisions

TINY = Path(__file__).parents[1] / "data" / "tiny-county"
JAN_1, JAN_31 = day_number(date(1959, 1, 1)), day_number(date(1959, 1, 31))


@pytest.fixture
def tiny(engine: Engine) -> Engine:
    import_folder(engine, TINY)
    return engine


def test_a_panel_holds_each_units_newest_figures(tiny: Engine) -> None:
    with tiny.connect() as conn:
        iron = product_info(conn, "iron")
        panel = read_panel(conn, resolve_scope(conn, "T"), iron.id or 0, JAN_1, JAN_31, 2.0)
    assert panel.codes == ("F1", "F2", "F3")
    assert panel.kinds == ("indigenous", "indigenous", "modern")
    assert panel.region_codes == ("T-A", "T-B-1", "T-B")
    np.testing.assert_array_equal(panel.capacity, [2.0, 3.0, 10.0])
    f1 = panel.quantity[0]
    assert f1[14] == 4.0  # the 15th as corrected, not 2 + 4
    assert f1[13] == 2.0
    assert np.isnan(panel.quantity[2, 0])  # F3 opened on the 5th
    # usable: graded at or above grade 2
    assert np.nansum(panel.usable) <= np.nansum(panel.quantity)
    assert np.isnan(panel.demonstrated).all()  # nothing before January


def test_a_panel_of_a_unit_and_of_nothing(tiny: Engine) -> None:
    with tiny.connect() as conn:
        iron = product_info(conn, "iron")
        one = read_panel(conn, resolve_scope(conn, "F2"), iron.id or 0, JAN_1, JAN_31, None)
        none = read_panel(
            conn, resolve_scope(conn, "T"), iron.id or 0, JAN_1 - 400, JAN_1 - 1, None
        )
    assert one.codes == ("F2",)
    np.testing.assert_array_equal(one.usable, one.quantity)
    assert none.quantity.shape == (0, 400)


def test_a_reports_history_runs_from_first_to_newest(tiny: Engine) -> None:
    with tiny.connect() as conn:
        history = report_history(conn, "F1-0115-fix")
        again = report_history(conn, history[0].id)
        with pytest.raises(NotFoundError):
            report_history(conn, "no-such-report")
    assert [v.quantity for v in history] == [2.0, 4.0]
    assert history == again
    assert history[1].reason == "scale misread"
    assert history[1].supersedes == history[0].id
    assert history[1].arrived is not None
    assert (history[0].unit, history[0].day) == ("F1", date(1959, 1, 15))


def test_units_revise_a_share_of_their_reports_one_way(tiny: Engine) -> None:
    with tiny.connect() as conn:
        scope = resolve_scope(conn, "T")
        (f1,) = unit_revisions(conn, scope, JAN_1, JAN_31)
        assert unit_revisions(conn, scope, JAN_1, JAN_1 + 10) == []
    assert (f1.unit, f1.revisions, f1.mean_change_pct) == ("F1", 1, 100.0)
    assert f1.reports == 31
    assert f1.share_pct == pytest.approx(100 / 31)
