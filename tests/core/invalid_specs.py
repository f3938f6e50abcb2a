"""A corpus of invalid deployment specs: one per check rule and per corner that once escaped it.

Each entry is `(id, change, property, rule)`: `change` is applied to a valid program
(`DROP` removes a key), and check must fail naming `property` (or a path inside it) with a
reason containing `rule`. Wherever a value can carry it, the bad value holds `MARKER`, which
no reason may ever contain: a value may have come from a secret.

Cron and timezone wording belongs to `core.schedule.cron` and its own tests; here each
corner is only run through check.
"""

from __future__ import annotations

from typing import Any

from tests.support.constants import AGENT, ENV

MARKER = "zq-marker-91c4"
"""A value no reason may echo."""
NUMBER = -987654321
"""A distinctive number: no reason may echo it either (as `987654321`)."""
DROP = object()
"""As a value in a change: remove the key from the program."""

VAULT = "vault_00000000000000000000000000000001"
FILE = "file_00000000000000000000000000000001"
MEMSTORE = "memstore_00000000000000000000000000000001"
VALID: dict[str, Any] = {
    "name": "daily-report",
    "agent": AGENT,
    "environment_id": ENV,
    "schedule": {"expression": "30 9 * * 1-5", "timezone": "Asia/Shanghai"},
    "initial_events": [{"type": "user.message", "content": "Generate today's status report"}],
}
REPO = {"type": "github_repository", "url": "https://github.com/o/r", "authorization_token": "t"}
OUTCOME = {"type": "user.define_outcome", "description": "d", "rubric": {"type": "text"}}
STORE = {"type": "memory_store", "memory_store_id": MEMSTORE}


def _schedule(**fields: Any) -> dict[str, Any]:
    return {"schedule": {"expression": "0 9 * * *", "timezone": "UTC", **fields}}


def _event(**fields: Any) -> dict[str, Any]:
    return {"initial_events": [{"type": "user.message", "content": "hi", **fields}]}


def _outcome(**fields: Any) -> dict[str, Any]:
    return {"initial_events": [{**OUTCOME, **fields}]}


def _content(content: Any) -> dict[str, Any]:
    return {"initial_events": [{"type": "user.message", "content": content}]}


def _resource(base: dict[str, Any], **fields: Any) -> dict[str, Any]:
    item = {**base, **fields}
    return {"resources": [{k: v for k, v in item.items() if v is not DROP}]}


def _agent(**fields: Any) -> dict[str, Any]:
    return {"agent": {"id": AGENT, **fields}}


INVALID_SPECS: list[tuple[str, dict[str, Any], str, str]] = [
    # name
    ("name-empty", {"name": ""}, "name", "must be a non-empty string"),
    ("name-blank", {"name": "   "}, "name", "must be a non-empty string"),
    ("name-number", {"name": 42}, "name", "must be a non-empty string"),
    ("name-list", {"name": [MARKER]}, "name", "must be a non-empty string"),
    ("name-object", {"name": {"a": MARKER}}, "name", "must be a non-empty string"),
    ("name-too-long", {"name": (MARKER * 20)[:257]}, "name", "at most 256 characters"),
    # description
    ("description-number", {"description": 5}, "description", "must be a string"),
    ("description-list", {"description": [MARKER]}, "description", "must be a string"),
    ("description-object", {"description": {"a": MARKER}}, "description", "must be a string"),
    # agent
    ("agent-bad-id", {"agent": "ag_" + MARKER}, "agent", "agent_<32 hex digits>"),
    ("agent-number", {"agent": 7}, "agent", "agent id or {id, version}"),
    ("agent-list", {"agent": [MARKER]}, "agent", "agent id or {id, version}"),
    ("agent-no-id", {"agent": {"version": 2}}, "agent.id", "is required"),
    ("agent-id-bad", {"agent": {"id": MARKER}}, "agent.id", "agent_<32 hex digits>"),
    ("agent-id-object", {"agent": {"id": {"a": 1}}}, "agent.id", "agent_<32 hex digits>"),
    ("agent-id-list", {"agent": {"id": [MARKER]}}, "agent.id", "agent_<32 hex digits>"),
    ("agent-version-zero", _agent(version=0), "agent.version", "at least 1"),
    ("agent-version-negative", _agent(version=NUMBER), "agent.version", "at least 1"),
    ("agent-version-fraction", _agent(version=1.5), "agent.version", "whole number"),
    ("agent-version-text", _agent(version=MARKER), "agent.version", "whole number"),
    ("agent-version-bool", _agent(version=True), "agent.version", "whole number"),
    ("agent-version-huge", _agent(version=1e300), "agent.version", "at most 9007199254740991"),
    ("agent-unknown-key", _agent(pin=MARKER), "agent.pin", "unknown property"),
    ("agent-type", _agent(type=MARKER), "agent.type", "must be 'agent'"),
    # environment_id
    ("environment-text", {"environment_id": MARKER}, "environment_id", "env_<32 hex digits>"),
    ("environment-not-hex", {"environment_id": "env_" + "g" * 32}, "environment_id", "env_<32"),
    ("environment-upper", {"environment_id": "ENV_" + "0" * 32}, "environment_id", "env_<32"),
    ("environment-short", {"environment_id": "env_" + "0" * 31}, "environment_id", "env_<32"),
    ("environment-number", {"environment_id": 5}, "environment_id", "env_<32 hex digits>"),
    ("environment-object", {"environment_id": {"a": MARKER}}, "environment_id", "env_<32"),
    # schedule
    ("schedule-text", {"schedule": MARKER}, "schedule", "must be {expression, timezone}"),
    ("schedule-list", {"schedule": [MARKER]}, "schedule", "must be {expression, timezone}"),
    ("schedule-no-expression", {"schedule": {"timezone": "UTC"}}, "schedule.expression",
     "is required"),
    ("schedule-no-timezone", {"schedule": {"expression": "0 9 * * *"}}, "schedule.timezone",
     "is required"),
    ("cron-four-fields", _schedule(expression="0 9 * *"), "schedule.expression", "5 fields"),
    ("cron-six-fields", _schedule(expression="* * * * * *"), "schedule.expression", "5 fields"),
    ("cron-out-of-range", _schedule(expression="61 9 * * *"), "schedule.expression",
     "values must be 0-59"),
    ("cron-never-fires", _schedule(expression="0 9 30 2 *"), "schedule.expression",
     "never fires"),
    ("cron-number", _schedule(expression=5), "schedule.expression", "must be a string"),
    ("cron-object", _schedule(expression={"a": 1}), "schedule.expression", "must be a string"),
    ("cron-list", _schedule(expression=["x"]), "schedule.expression", "must be a string"),
    ("cron-marker-field", _schedule(expression=f"{MARKER} 9 * * *"), "schedule.expression",
     "minute field"),
    ("cron-marker-shortcut", _schedule(expression=f"@{MARKER}"), "schedule.expression",
     "shortcuts"),
    ("cron-marker-step", _schedule(expression=f"*/{MARKER} 9 * * *"), "schedule.expression",
     "step"),
    ("cron-backwards-range", _schedule(expression="5-1 9 * * *"), "schedule.expression",
     "low to high"),
    ("cron-empty-item", _schedule(expression="0,,1 9 * * *"), "schedule.expression",
     "empty item"),
    ("cron-superscript-digit", _schedule(expression="\u00b2 9 * * *"), "schedule.expression",
     "ASCII digits"),
    ("cron-arabic-indic-digit", _schedule(expression="\u0663 9 * * *"), "schedule.expression",
     "ASCII digits"),
    ("cron-fullwidth-digit", _schedule(expression="\uff10 9 * * *"), "schedule.expression",
     "ASCII digits"),
    ("cron-no-break-space", _schedule(expression="0\u00a09 * * *"), "schedule.expression",
     "5 fields"),
    ("timezone-number", _schedule(timezone=5), "schedule.timezone", "IANA"),
    ("timezone-empty", _schedule(timezone=""), "schedule.timezone", "IANA"),
    ("timezone-unknown", _schedule(timezone=MARKER), "schedule.timezone", "IANA"),
    ("timezone-object", _schedule(timezone={"a": 1}), "schedule.timezone", "IANA"),
    ("schedule-type", _schedule(type=MARKER), "schedule.type", "must be 'cron'"),
    ("schedule-type-list", _schedule(type=["x"]), "schedule.type", "must be 'cron'"),
    ("schedule-unknown-key", _schedule(every=MARKER), "schedule.every", "unknown property"),
    # initial_events: the list
    ("events-empty", {"initial_events": []}, "initial_events", "must hold 1 to 50 items"),
    ("events-too-many", {"initial_events": VALID["initial_events"] * 51}, "initial_events",
     "must hold 1 to 50 items"),
    ("events-text", {"initial_events": MARKER}, "initial_events", "must be a list"),
    ("events-object", {"initial_events": {"type": "user.message"}}, "initial_events",
     "must be a list"),
    ("event-text", {"initial_events": [MARKER]}, "initial_events[0]", "must be an event object"),
    ("event-number", {"initial_events": [5]}, "initial_events[0]", "must be an event object"),
    # initial_events: type
    ("event-no-type", {"initial_events": [{"content": MARKER}]}, "initial_events[0].type",
     "is required"),
    ("event-type-object", {"initial_events": [{"type": {"a": 1}, "content": MARKER}]},
     "initial_events[0].type", "must be one of"),
    ("event-type-list", {"initial_events": [{"type": ["x"], "content": MARKER}]},
     "initial_events[0].type", "must be one of"),
    ("event-type-unknown", {"initial_events": [{"type": MARKER, "content": "x"}]},
     "initial_events[0].type", "must be one of"),
    # initial_events: fields by type
    ("message-no-content", {"initial_events": [{"type": "user.message"}]},
     "initial_events[0].content", "is required"),
    ("system-no-content", {"initial_events": [{"type": "system.message"}]},
     "initial_events[0].content", "is required"),
    ("outcome-no-description", {"initial_events": [{"type": "user.define_outcome",
                                                     "rubric": {}}]},
     "initial_events[0].description", "is required"),
    ("outcome-no-rubric", {"initial_events": [{"type": "user.define_outcome",
                                               "description": "d"}]},
     "initial_events[0].rubric", "is required"),
    ("event-unknown-key", _event(extra=MARKER), "initial_events[0].extra", "unknown property"),
    ("event-key-case", _event(Content=MARKER), "initial_events[0].Content", "unknown property"),
    ("content-number", _content(5), "initial_events[0].content", "text or a list"),
    ("content-object", _content({"a": MARKER}), "initial_events[0].content", "text or a list"),
    ("content-block-text", _content([MARKER]), "initial_events[0].content[0]",
     "must be a content block"),
    ("content-block-no-type", _content([{"text": MARKER}]), "initial_events[0].content[0].type",
     "is required"),
    ("content-block-type-number", _content([{"type": 5, "text": MARKER}]),
     "initial_events[0].content[0].type", "must be a string"),
    ("content-block-text-number", _content([{"type": "text", "text": 5}]),
     "initial_events[0].content[0].text", "must be a string"),
    ("outcome-description-number", _outcome(description=5), "initial_events[0].description",
     "must be a string"),
    ("outcome-rubric-text", _outcome(rubric=MARKER), "initial_events[0].rubric",
     "must be an object"),
    ("outcome-rubric-list", _outcome(rubric=[MARKER]), "initial_events[0].rubric",
     "must be an object"),
    ("iterations-too-many", _outcome(max_iterations=21), "initial_events[0].max_iterations",
     "from 1 to 20"),
    ("iterations-zero", _outcome(max_iterations=0), "initial_events[0].max_iterations",
     "from 1 to 20"),
    ("iterations-fraction", _outcome(max_iterations=1.5), "initial_events[0].max_iterations",
     "from 1 to 20"),
    ("iterations-huge", _outcome(max_iterations=1e300), "initial_events[0].max_iterations",
     "from 1 to 20"),
    ("iterations-text", _outcome(max_iterations=MARKER), "initial_events[0].max_iterations",
     "from 1 to 20"),
    ("iterations-object", _outcome(max_iterations={"a": 1}), "initial_events[0].max_iterations",
     "from 1 to 20"),
    # resources: the list and the type
    ("resources-text", {"resources": MARKER}, "resources", "must be a list"),
    ("resources-object", {"resources": {"type": "file"}}, "resources", "must be a list"),
    ("resources-too-many", {"resources": [{"type": "file", "file_id": FILE}] * 501}, "resources",
     "must hold 0 to 500 items"),
    ("resource-text", {"resources": [MARKER]}, "resources[0]", "must be a resource object"),
    ("resource-no-type", {"resources": [{}]}, "resources[0].type", "is required"),
    ("resource-type-object", {"resources": [{"type": {"a": 1}}]}, "resources[0].type",
     "must be one of"),
    ("resource-type-list", {"resources": [{"type": ["x"]}]}, "resources[0].type",
     "must be one of"),
    ("resource-type-unknown", {"resources": [{"type": MARKER}]}, "resources[0].type",
     "must be one of"),
    # resources: github_repository
    ("repo-no-url", _resource(REPO, url=DROP), "resources[0].url", "is required"),
    ("repo-url-empty", _resource(REPO, url=""), "resources[0].url", "must be a non-empty string"),
    ("repo-url-number", _resource(REPO, url=5), "resources[0].url", "must be a non-empty string"),
    ("repo-url-list", _resource(REPO, url=[MARKER]), "resources[0].url", "non-empty string"),
    ("repo-no-token", _resource(REPO, authorization_token=DROP), "resources[0].authorization_token",
     "is required"),
    ("repo-token-empty", _resource(REPO, authorization_token=""),
     "resources[0].authorization_token", "must be a non-empty string"),
    ("repo-unknown-key", _resource(REPO, branch=MARKER), "resources[0].branch",
     "unknown property"),
    ("repo-checkout-text", _resource(REPO, checkout=MARKER), "resources[0].checkout",
     "input should be a valid dictionary"),
    ("repo-mount-path-number", _resource(REPO, mount_path=5), "resources[0].mount_path",
     "input should be a valid string"),
    # resources: file and memory_store
    ("file-no-id", {"resources": [{"type": "file"}]}, "resources[0].file_id", "is required"),
    ("file-id-text", _resource({"type": "file"}, file_id=MARKER), "resources[0].file_id",
     "file_<32 hex digits>"),
    ("file-id-object", _resource({"type": "file"}, file_id={"a": 1}), "resources[0].file_id",
     "file_<32 hex digits>"),
    ("file-access", _resource({"type": "file", "file_id": FILE}, access="read_only"),
     "resources[0].access", "unknown property"),
    ("store-no-id", {"resources": [{"type": "memory_store"}]}, "resources[0].memory_store_id",
     "is required"),
    ("store-id-text", _resource(STORE, memory_store_id=MARKER), "resources[0].memory_store_id",
     "memstore_<32 hex digits>"),
    ("store-access", _resource(STORE, access=MARKER), "resources[0].access",
     "read_write or read_only"),
    ("store-access-list", _resource(STORE, access=["x"]), "resources[0].access",
     "read_write or read_only"),
    ("store-instructions-long", _resource(STORE, instructions=MARKER * 300),
     "resources[0].instructions", "at most 4096 characters"),
    ("store-instructions-number", _resource(STORE, instructions=5), "resources[0].instructions",
     "input should be a valid string"),
    # vault_ids
    ("vaults-text", {"vault_ids": MARKER}, "vault_ids", "must be a list"),
    ("vault-text", {"vault_ids": [MARKER]}, "vault_ids[0]", "vault_<32 hex digits>"),
    ("vault-object", {"vault_ids": [{"a": 1}]}, "vault_ids[0]", "vault_<32 hex digits>"),
    ("vaults-too-many", {"vault_ids": [VAULT] * 51}, "vault_ids", "must hold 0 to 50 items"),
    # metadata
    ("metadata-text", {"metadata": MARKER}, "metadata", "must be a map of strings"),
    ("metadata-list", {"metadata": [MARKER]}, "metadata", "must be a map of strings"),
    ("metadata-value-number", {"metadata": {"k": 5}}, 'metadata["k"]', "value must be a string"),
    ("metadata-value-object", {"metadata": {"k": {"a": MARKER}}}, 'metadata["k"]',
     "value must be a string"),
    ("metadata-value-list", {"metadata": {"k": [MARKER]}}, 'metadata["k"]',
     "value must be a string"),
    ("metadata-value-long", {"metadata": {"k": MARKER * 40}}, 'metadata["k"]',
     "at most 512 characters"),
    ("metadata-key-long", {"metadata": {"k" * 65: MARKER}}, "metadata[", "1 to 64 characters"),
    ("metadata-key-empty", {"metadata": {"": MARKER}}, 'metadata[""]', "1 to 64 characters"),
    ("metadata-too-many", {"metadata": {f"k{i}": MARKER for i in range(17)}}, "metadata",
     "at most 16 keys"),
    ("metadata-cas-config", {"metadata": {"cas_config": MARKER}}, 'metadata["cas_config"]',
     "is reserved"),
    # execution settings
    ("strategy-empty", {"session_strategy": ""}, "session_strategy", "non-empty string"),
    ("strategy-number", {"session_strategy": 5}, "session_strategy", "non-empty string"),
    ("strategy-list", {"session_strategy": [MARKER]}, "session_strategy", "non-empty string"),
    ("retries-negative", {"max_retries": NUMBER}, "max_retries", "at least 0"),
    ("retries-fraction", {"max_retries": 1.5}, "max_retries", "whole number"),
    ("retries-bool", {"max_retries": True}, "max_retries", "whole number"),
    ("retries-huge", {"max_retries": 1e300}, "max_retries", "at most 9007199254740991"),
    ("retries-beyond-exact", {"max_retries": 2.0**53}, "max_retries", "at most"),
    ("retries-text", {"max_retries": MARKER}, "max_retries", "whole number"),
    ("retries-nan", {"max_retries": float("nan")}, "max_retries", "whole number"),
    ("retries-infinite", {"max_retries": float("inf")}, "max_retries", "whole number"),
    ("timeout-zero", {"timeout_ms": 0}, "timeout_ms", "at least 1"),
    ("timeout-negative", {"timeout_ms": NUMBER}, "timeout_ms", "at least 1"),
    ("timeout-huge", {"timeout_ms": 1e300}, "timeout_ms", "at most"),
    ("concurrent-zero", {"max_concurrent": 0}, "max_concurrent", "at least 1"),
    ("concurrent-huge", {"max_concurrent": 1e300}, "max_concurrent", "at most"),
    ("concurrent-list", {"max_concurrent": [MARKER]}, "max_concurrent", "whole number"),
    # paused
    ("paused-text", {"paused": "yes"}, "paused", "must be true or false"),
    ("paused-number", {"paused": 1}, "paused", "must be true or false"),
    ("paused-marker", {"paused": MARKER}, "paused", "must be true or false"),
    # the program as a whole
    ("unknown-property", {"colour": MARKER}, "colour", "unknown property"),
    ("no-agent", {"agent": DROP}, "agent", "is required"),
    ("no-environment", {"environment_id": DROP}, "environment_id", "is required"),
    ("no-events", {"initial_events": DROP}, "initial_events", "is required"),
]


def program(change: dict[str, Any]) -> dict[str, Any]:
    """The valid program with `change` applied."""
    merged = {**VALID, **change}
    return {key: value for key, value in merged.items() if value is not DROP}
