"""The two front ends side by side: the dynamic provider's host and the plugin, each spoken
to in the core's snake_case (`FrontEnd`), and the program both are given."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pulumi_qoder.native.names import snake
from tests.support.constants import AGENT, ENV
from tests.support.values import core_names

PROGRAM = {
    "description": "Daily status report",
    "agent": AGENT,
    "environment_id": ENV,
    "schedule": {"expression": "30 9 * * 1-5", "timezone": "Asia/Shanghai"},
    "initial_events": [{"type": "user.message", "content": "Generate today's status report"}],
    "metadata": {"team": "infra"},
    "max_retries": 1,
}
SERVER_DECIDED = {"created_at", "updated_at", "name", "paused_reason", "stats", "last_run_at"}


@dataclass
class FrontEnd:
    """One front end, spoken to in the core's snake_case; names on the wire are its own."""

    kind: str
    target: Any

    def _send(self, props: dict[str, Any]) -> dict[str, Any]:
        if self.kind == "dynamic":
            return {**props, "__name": "parity"}
        return {("initialEvents" if k == "initial_events" else _camel(k)): v
                for k, v in props.items()}

    def _receive(self, props: dict[str, Any]) -> dict[str, Any]:
        return {snake(k): v for k, v in core_names(props).items() if not k.startswith("__")}

    def check(self, news: dict, olds: dict | None = None):
        inputs, failures = self.target.check(self._send(news), self._send(olds or {}))
        reasons = [f if isinstance(f, str) else f"{f[0]}: {f[1]}" if f[0] else f[1]
                   for f in failures]
        return inputs, sorted(snake(r.split(":")[0].split("[")[0].split(".")[0]) for r in reasons)

    def up(self, program: dict) -> tuple[str, Any, dict[str, Any]]:
        inputs, failures = self.target.check(self._send(program))
        assert failures == []
        id_, outs = self.target.create(inputs)
        return id_, outs, inputs

    def update(self, id_: str, outs: Any, olds_inputs: Any, news: dict) -> dict[str, Any]:
        checked, _ = self.target.check(self._send(news), olds_inputs)
        return self.target.update(id_, outs, checked)

    def outputs(self, outs: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in self._receive(outs).items() if k not in SERVER_DECIDED}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)
