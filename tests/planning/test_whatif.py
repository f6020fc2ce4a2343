from __future__ import annotations

import pytest

from planworks.domain.errors import InputError
from planworks.planning.network import Group, Network, RecipeInput, Route, Target
from planworks.planning.whatif import (
    AddRoute,
    AddUnits,
    ScaleCapacity,
    SetRecipe,
    apply_edits,
    parse_edit,
    what_if,
)

DAYS = 10


def network() -> Network:
    """Coal at A (12 t/day), a rail link to B (20 t/day), iron at B taking 3 t of coal a t."""
    return Network(
        products=("coal", "iron"),
        nodes=("A", "B"),
        days=DAYS,
        groups=(
            Group("A1", "A", "indigenous", "coal", 12.0 * DAYS),
            Group("B", "B", "modern", "iron", 100.0 * DAYS),
        ),
        recipes=(RecipeInput("iron", "*", "coal", 3.0),),
        routes=(Route("A", "B", "rail", 20.0 * DAYS),),
        targets=(Target("B", "iron", 10.0 * DAYS, groups=(1,)),),
        region_nodes={"A1": "A", "A2": "A", "A": "A", "B": "B"},
        region_scopes={"A1": ("A1", "A"), "A2": ("A2", "A"), "B": ("B",)},
    )


def test_parse_each_form() -> None:
    assert parse_edit("add-units", "A2:modern:coal:4:5") == AddUnits("A2", "modern", "coal", 4, 5.0)
    assert parse_edit("scale", "coal@A:indigenous=1.5") == ScaleCapacity(
        "coal", 1.5, "A", "indigenous"
    )
    assert parse_edit("scale", "coal=2") == ScaleCapacity("coal", 2.0)
    assert parse_edit("recipe", "iron:*:coal=2.5") == SetRecipe("iron", "*", "coal", 2.5)
    assert parse_edit("add-link", "A:B:road:50") == AddRoute("A", "B", "road", 50.0)
    with pytest.raises(InputError, match="REGION:KIND:PRODUCT:COUNT:CAPACITY"):
        parse_edit("add-units", "A2:modern:coal:four:5")


def test_more_coal_helps_until_the_railway_binds() -> None:
    base = what_if(network(), [ScaleCapacity("coal", 2.0)])
    # before: 12 t of coal a day -> 4 t of iron; after: 20 t arrive by rail -> 6.67 t
    assert base.before.production[1] == pytest.approx(4 * DAYS)
    assert base.after.production[1] == pytest.approx(20 / 3 * DAYS)


def test_new_units_join_the_targets_of_their_region() -> None:
    changed = apply_edits(network(), [AddUnits("A2", "modern", "coal", 2, 10.0)])
    assert changed.groups[-1] == Group("A2", "A", "modern", "coal", 200.0)
    result = what_if(
        network(), [AddUnits("A2", "modern", "coal", 2, 10.0), AddRoute("A", "B", "road", 20.0)]
    )
    assert result.after.shortfall == pytest.approx([0.0], abs=1e-6)


def test_a_better_recipe_needs_less_coal() -> None:
    result = what_if(network(), [SetRecipe("iron", "*", "coal", 1.2)])
    assert result.after.production[1] == pytest.approx(10 * DAYS)  # 12 t of coal: 10 t of iron


def test_bad_edits_are_refused() -> None:
    with pytest.raises(InputError, match="no units match"):
        apply_edits(network(), [ScaleCapacity("steel", 2.0)])
    with pytest.raises(InputError, match="cannot add units"):
        apply_edits(network(), [AddUnits("Z", "modern", "coal", 1, 1.0)])
