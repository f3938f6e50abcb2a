"""The one-line failure a fleet command ends with, and its exit code."""

from __future__ import annotations

__all__ = ["API_FAILED", "BAD_INPUT", "NOTHING_TO_DO", "FleetProblem"]

API_FAILED = 1
"""The API could not be listed: unreachable, the token refused, an error answer."""
BAD_INPUT = 2
"""Bad input: a usage error, an unreadable or foreign state file, no token, a bad region."""
NOTHING_TO_DO = 3
"""`import-file` found nothing to import (none live, none matching the prefix, all held)."""


class FleetProblem(Exception):
    """Printed as `pulumi-qoder <command>: <message>` on stderr, then exit `code`."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
