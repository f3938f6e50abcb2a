"""Engine property values as the SDK serializes them: secrets, structs, the journal."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from pulumi.runtime import rpc

_DEPLOYMENT_ID = re.compile(r"dep_[0-9a-f]{32}")


def secret(value: Any) -> dict[str, Any]:
    """A value marked secret, as the engine sends `qoder:token`."""
    return {rpc._special_sig_key: rpc._special_secret_sig, "value": value}


def to_struct(props: dict[str, Any]):
    # A private loop: asyncio.run would unset the thread's loop, which Pulumi's mocks need.
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(rpc.serialize_properties(props, {}))
    finally:
        loop.close()


def from_struct(struct) -> dict[str, Any]:
    return rpc.deserialize_properties(struct, keep_unknowns=True)


def schema_names(props: dict[str, Any]) -> dict[str, Any]:
    """Core-named properties as the plugin sends them to the engine (its outbound adapter)."""
    from pulumi_qoder.native.structs import to_engine

    return from_struct(to_engine(props))


def core_names(props: dict[str, Any]) -> dict[str, Any]:
    """Schema-named properties as the plugin hands them to the core (its inbound adapter)."""
    from pulumi_qoder.native.structs import from_engine

    return from_engine(to_struct(props))[0]


def api_calls(served, *, keep_ids: bool = False, ledger: bool = False) -> list[str]:
    """The emulator journal as `METHOD /path`, API prefix dropped; ids shown as `{id}`
    unless `keep_ids`. The listing a client makes once for its archive ledger (at its
    first create answer, core/deployment/replays.py) is left out unless `ledger`: which
    test of a module's shared provider makes it depends on the order they run in."""
    calls = []
    for entry in served.journal():
        if not ledger and is_ledger_listing(entry):
            continue
        path = entry["path"].split("/api/v1/cloud", 1)[-1]
        calls.append(f"{entry['method']} {path if keep_ids else _DEPLOYMENT_ID.sub('{id}', path)}")
    return calls


def is_ledger_listing(entry: dict[str, Any]) -> bool:
    """Whether a journal entry is an archive ledger's listing (`replays._archived_ids`)."""
    query = entry.get("query") or ""
    return (entry["method"] == "GET" and entry["path"].endswith("/deployments")
            and "include_archived=true" in query and "limit=1000" in query)


def api_writes(served) -> list[str]:
    """The journal's writes (every call but GETs), with their ids."""
    return [call for call in api_calls(served, keep_ids=True) if not call.startswith("GET ")]
