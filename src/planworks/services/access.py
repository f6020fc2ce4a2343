"""The scope rule of `planworks.domain.access` applied to stored places.

Every route asks `Reach` before it reads or writes: a place out of reach raises the same
`NotFoundError` as a place that does not exist, so a refusal tells nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection

from planworks.domain.access import Action, Principal, Role, may
from planworks.domain.errors import AccessError, NotFoundError
from planworks.store.places import RegionIndex, region_index, unit_regions

__all__ = ["Reach"]


@dataclass(frozen=True)
class Reach:
    """What one principal may reach in one database."""

    principal: Principal
    regions: RegionIndex

    @classmethod
    def of(cls, conn: Connection, principal: Principal) -> Reach:
        return cls(principal, region_index(conn))

    def require(self, action: Action) -> None:
        """`AccessError` unless the role allows the action somewhere."""
        if not self.principal.allows(action):
            raise AccessError(f"a {self.principal.role} may not {action.value}")

    def region(self, code: str, action: Action = Action.READ) -> bool:
        """The region exists and is within reach for the action."""
        return code in self.regions and may(self.principal, action, regions=self.regions.path(code))

    def units(
        self, conn: Connection, codes: Iterable[str], action: Action = Action.READ
    ) -> dict[str, bool]:
        """For each unit code: it exists and is within reach for the action."""
        wanted = set(codes)
        where = unit_regions(conn, wanted)
        return {code: self.unit(code, where.get(code), action) for code in wanted}

    def unit(self, code: str, region: str | None, action: Action = Action.READ) -> bool:
        """The unit `code`, in `region` (None: no such unit), is within reach for the action."""
        return region is not None and may(
            self.principal, action, regions=self.regions.path(region), unit=code
        )

    def scope(
        self, conn: Connection, code: str, action: Action = Action.READ, *, field: str = "scope"
    ) -> None:
        """`NotFoundError` unless `code` is a region or unit within reach for the action."""
        self.require(action)
        if code in self.regions:
            if self.region(code, action):
                return
        elif self.units(conn, [code], action).get(code):
            return
        raise NotFoundError(f"no region or unit {code!r} within your reach", field=field)

    @property
    def home(self) -> str | None:
        """Where the principal's view starts: its region (None: the top of the tree, or a
        reporter, who starts at its units)."""
        return self.principal.region

    def region_codes(self) -> set[str] | None:
        """Every region within reach for reading (None: all of them)."""
        if self.principal.sees_everything:
            return None
        if self.principal.role is Role.REPORTER or self.principal.region is None:
            return set()
        return set(self.regions.subtree(self.principal.region))

    def readable(self, conn: Connection, scopes: Iterable[str]) -> set[str]:
        """Those of these region or unit codes within reach for reading."""
        wanted = set(scopes)
        if self.principal.sees_everything:
            return wanted
        region_ok = {c for c in wanted if c in self.regions and self.region(c)}
        rest = {c for c in wanted if c not in self.regions}
        unit_ok = {c for c, ok in self.units(conn, rest).items() if ok}
        return region_ok | unit_ok
