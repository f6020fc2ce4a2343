"""What if: a network changed by a few edits, and the plans before and after.

Edits, each also written the way the command line takes it:

    add units       REGION:KIND:PRODUCT:COUNT:CAPACITY   (capacity per unit per day)
    scale capacity  PRODUCT[@REGION][:KIND]=FACTOR       (every unit that matches)
    set a recipe    PRODUCT:KIND:INPUT=PER_UNIT           (KIND may be *)
    add a link      SOURCE:TARGET:MODE:CAPACITY           (per day)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from planworks.domain.errors import InputError, InputProblem
from planworks.domain.model import VALUE
from planworks.planning.network import Group, Network, RecipeInput, Route, Target
from planworks.planning.optimal import PlanResult, optimal_plan

__all__ = [
    "AddRoute",
    "AddUnits",
    "Comparison",
    "Edit",
    "ScaleCapacity",
    "SetRecipe",
    "apply_edits",
    "parse_edit",
    "what_if",
]


@dataclass(frozen=True)
class AddUnits:
    region: str
    kind: str
    product: str
    count: int
    capacity: float  # per unit per day

    def __str__(self) -> str:
        return (
            f"add {self.count} {self.kind} {self.product} units of {self.capacity:g} t/day "
            f"in {self.region}"
        )


@dataclass(frozen=True)
class ScaleCapacity:
    product: str
    factor: float
    region: str | None = None  # a region where units are, or a node
    kind: str | None = None

    def __str__(self) -> str:
        where = f" in {self.region}" if self.region else ""
        kind = f" {self.kind}" if self.kind else ""
        return f"{self.product}{kind} capacity{where} x {self.factor:g}"


@dataclass(frozen=True)
class SetRecipe:
    product: str
    kind: str
    item: str
    per_unit: float

    def __str__(self) -> str:
        return f"{self.product} ({self.kind}) takes {self.per_unit:g} {self.item} a unit"


@dataclass(frozen=True)
class AddRoute:
    source: str
    target: str
    mode: str
    capacity: float  # per day

    def __str__(self) -> str:
        return f"add {self.mode} link {self.source} -> {self.target} of {self.capacity:g} t/day"


Edit = AddUnits | ScaleCapacity | SetRecipe | AddRoute

_NUMBER = r"[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?"
_CODE = r"[^:@=|,\s]+"
_FORMS: list[tuple[str, re.Pattern[str]]] = [
    ("add-units", re.compile(rf"^({_CODE}):({_CODE}):({_CODE}):(\d+):({_NUMBER})$")),
    ("scale", re.compile(rf"^({_CODE})(?:@({_CODE}))?(?::({_CODE}))?=({_NUMBER})$")),
    ("recipe", re.compile(rf"^({_CODE}):({_CODE}|\*):({_CODE})=({_NUMBER})$")),
    ("add-link", re.compile(rf"^({_CODE}):({_CODE}):({_CODE}):({_NUMBER})$")),
]


def parse_edit(form: str, text: str) -> Edit:
    """An edit from its command-line form (`add-units`, `scale`, `recipe`, `add-link`)."""
    pattern = dict(_FORMS).get(form)
    m = pattern.match(text.strip()) if pattern else None
    if m is None:
        raise InputError(
            [InputProblem(f"{text!r} is not an edit of the form {_HELP[form]}", column=f"--{form}")]
        )
    g = m.groups()
    if form == "add-units":
        return AddUnits(g[0], g[1], g[2], int(g[3]), float(g[4]))
    if form == "scale":
        return ScaleCapacity(g[0], float(g[3]), g[1], g[2])
    if form == "recipe":
        return SetRecipe(g[0], g[1], g[2], float(g[3]))
    return AddRoute(g[0], g[1], g[2], float(g[3]))


_HELP = {
    "add-units": "REGION:KIND:PRODUCT:COUNT:CAPACITY",
    "scale": "PRODUCT[@REGION][:KIND]=FACTOR",
    "recipe": "PRODUCT:KIND:INPUT=PER_UNIT",
    "add-link": "SOURCE:TARGET:MODE:CAPACITY",
}


def apply_edits(network: Network, edits: Sequence[Edit]) -> Network:
    """The network with the edits made, in order."""
    groups = list(network.groups)
    recipes = list(network.recipes)
    routes = list(network.routes)
    for edit in edits:
        match edit:
            case AddUnits(region, kind, product, count, capacity):
                node = network.region_nodes.get(region, region if region in network.nodes else None)
                if node is None or product not in network.products:
                    raise InputError(
                        [
                            InputProblem(
                                f"cannot add units: {region!r} is not a region of the plan or "
                                f"{product!r} not a product",
                                column="--add-units",
                            )
                        ]
                    )
                added = capacity * count * network.days
                for i, g in enumerate(groups):
                    if (g.region, g.kind, g.product) == (region, kind, product):
                        groups[i] = replace(g, capacity=g.capacity + added)
                        break
                else:
                    groups.append(Group(region, node, kind, product, added))
            case ScaleCapacity(product, factor, region, kind):
                matched = False
                for i, g in enumerate(groups):
                    if (
                        g.product == product
                        and (region in (None, g.region, g.node))
                        and (kind in (None, g.kind))
                    ):
                        groups[i] = replace(g, capacity=g.capacity * factor)
                        matched = True
                if not matched:
                    raise InputError([InputProblem(f"no units match {edit}", column="--scale")])
            case SetRecipe(product, kind, item, per_unit):
                recipes = [
                    r for r in recipes if (r.product, r.kind, r.item) != (product, kind, item)
                ]
                recipes.append(RecipeInput(product, kind, item, per_unit))
            case AddRoute(source, target, mode, capacity):
                routes.append(Route(source, target, mode, capacity * network.days))
    # targets name groups by index: new groups join the targets whose scope holds them
    targets = tuple(_with_new_groups(network, t, groups) for t in network.targets)
    return replace(
        network, groups=tuple(groups), recipes=tuple(recipes), routes=tuple(routes), targets=targets
    )


def _with_new_groups(network: Network, target: Target, groups: list[Group]) -> Target:
    new = [
        i
        for i in range(len(network.groups), len(groups))
        if target.product in (VALUE, groups[i].product)
        and target.scope in (groups[i].region, *network.region_scopes.get(groups[i].region, ()))
    ]
    if not new:
        return target
    coefficients = target.coefficients
    if coefficients is not None:
        coefficients = coefficients + tuple(network.prices.get(groups[i].product, 0.0) for i in new)
    return replace(target, groups=target.groups + tuple(new), coefficients=coefficients)


@dataclass(frozen=True)
class Comparison:
    before: PlanResult
    after: PlanResult


def what_if(network: Network, edits: Sequence[Edit]) -> Comparison:
    """The optimal plans of the network as it is and as the edits would make it."""
    return Comparison(optimal_plan(network), optimal_plan(apply_edits(network, edits)))
