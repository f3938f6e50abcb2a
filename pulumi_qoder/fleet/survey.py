"""What both commands start from: the live deployments, those the given stacks hold, and
those left over (whose name starts with a prefix, when one is given)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pulumi_qoder.fleet.held import read_states
from pulumi_qoder.fleet.live import LiveDeployment, connect, list_live

__all__ = ["Survey", "survey"]


@dataclass(frozen=True)
class Survey:
    live: tuple[LiveDeployment, ...]
    """Every live deployment, oldest id first."""
    held: frozenset[str]
    """Ids the given stacks hold (some may no longer be live)."""
    taken_names: frozenset[str]
    """Resource names the given stacks use for our resources."""
    prefix: str
    pages: int
    """List pages read."""

    @property
    def matching(self) -> tuple[LiveDeployment, ...]:
        """The live deployments whose name starts with the prefix."""
        return tuple(d for d in self.live if d.name.startswith(self.prefix))

    @property
    def unheld(self) -> tuple[LiveDeployment, ...]:
        """The matching live deployments no given stack holds."""
        return tuple(d for d in self.matching if d.id not in self.held)


def survey(states: Sequence[str], prefix: str, region: str | None) -> Survey:
    """Read the state files first (bad ones fail before any call), then list the account."""
    held = read_states(states)
    with connect(region) as client:
        listing = list_live(client)
    return Survey(listing.deployments, held.ids, held.names, prefix, listing.pages)
