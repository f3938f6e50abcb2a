"""Hostile input over loopback: every case is a 4xx in the error envelope or a documented
success, never a 500; earlier records still read back afterwards, and after a restart
of ``qoder-emulator --db`` (docs/emulator.md, "Hostile input")."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import pytest

from tests.emulator.emulator_support import body
from tests.support.constants import TEST_TOKEN

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}
MB = 1024 * 1024
UNKNOWN_DEP = "dep_019ec55a2b687b3f94eee77dd77e4b2a"


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def _with_content(raw_content: str) -> bytes:
    """A create body whose first event's content is ``raw_content`` (raw JSON text)."""
    text = json.dumps(body(name="hostile"))
    marker = json.dumps("Generate today's status report")
    return text.replace(marker, raw_content).encode()


@dataclass(frozen=True)
class Case:
    name: str
    send: Callable[[httpx.Client, str], httpx.Response]
    expect: int  # the status; a 4xx must carry the error envelope


def _post(path: str, content: bytes | str | None = None, headers: dict | None = None, **kw):
    def send(http: httpx.Client, root: str) -> httpx.Response:
        return http.post(root + path, content=content, headers=headers, **kw)
    return send


def _get(path: str, headers: dict | None = None, params=None):
    def send(http: httpx.Client, root: str) -> httpx.Response:
        return http.get(root + path, headers=headers, params=params)
    return send


def _update(content: bytes | str):
    """An update of the newest deployment (made by an earlier case, never a seeded one)."""
    def send(http: httpx.Client, root: str) -> httpx.Response:
        newest = http.get(root + CREATE, params={"limit": 1}).json()["data"][0]["id"]
        return http.post(f"{root}{CREATE}/{newest}", content=content)
    return send


def _chunks(total: int) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        yield b" " * min(MB, total - sent)
        sent += MB


API = "/api/v1/cloud"
CREATE = f"{API}/deployments"
CLOCK = "/_emulator/clock"
CASES = [
    # encodings
    Case("invalid-utf8", _post(CREATE, b'{"name": "\xff\xfe"}'), 400),
    Case("lone-surrogate-name", _post(CREATE, json.dumps(body(name="x\ud800y"))), 400),
    Case("lone-surrogate-content", _post(CREATE, _with_content('"a\\udfffb"')), 400),
    Case("lone-surrogate-key", _post(CREATE, '{"\\ud800": 1}'), 400),
    Case("bom", _post(CREATE, b"\xef\xbb\xbf" + json.dumps(body(name="bom")).encode()), 400),
    Case("surrogate-in-path", _get(f"{API}/deployments/%ED%A0%80"), 404),
    # sizes
    Case("10mb-name", _post(CREATE, json.dumps(body(name="n" * 10 * MB))), 400),
    Case("10mb-of-whitespace-is-fine",
         _post(CREATE, json.dumps(body(name="padded")) + " " * 10 * MB), 200),
    Case("33mb-declared", _post(CREATE, b" " * (33 * MB)), 400),
    Case("33mb-chunked", _post(CREATE, _chunks(33 * MB)), 400),
    # nesting
    Case("nesting-50-is-fine", _post(CREATE, _with_content(json.dumps(
        [{"type": "text", "text": "x", "deep": json.loads(_nested(50))}]))), 200),
    *[Case(f"nesting-{depth}", _post(CREATE, _with_content(_nested(depth))), 400)
      for depth in (100, 1_000, 10_000, 100_000)],
    Case("nesting-900-in-resources", _post(CREATE, json.dumps(body()).replace(
        '"initial_events"', f'"resources": [{{"type": "file", "x": {_nested(900)}}}],'
        ' "initial_events"')), 400),
    Case("nesting-100000-in-resources", _post(CREATE, json.dumps(body()).replace(
        '"initial_events"', f'"resources": [{{"type": "file", "x": {_nested(100_000)}}}],'
        ' "initial_events"')), 400),
    *[Case(f"update-nesting-{depth}-in-content", _update(
        '{"initial_events": [{"type": "user.message", "content": ' + _nested(depth) + "}]}"),
        400)
      for depth in (900, 100_000)],
    *[Case(f"update-nesting-{depth}-in-resources", _update(
        '{"resources": [{"type": "file", "x": ' + _nested(depth) + "}]}"), 400)
      for depth in (900, 100_000)],
    Case("update-lone-surrogate-name", _update('{"name": "x\\ud800y"}'), 400),
    Case("update-duplicate-keys", _update('{"description": "a", "description": "b"}'), 400),
    Case("update-float-overflow", _update('{"metadata": {"n": -1e999}}'), 400),
    Case("nesting-10000-on-control", _post(CLOCK, _nested(10_000)), 400),
    # JSON oddities
    Case("duplicate-keys", _post(CREATE, '{"name": "a", "name": "b"}'), 400),
    Case("nan", _post(CREATE, '{"name": NaN}'), 400),
    Case("float-overflow", _post(CREATE, '{"name": "x", "metadata": {"n": 1e400}}'), 400),
    Case("int-overflow", _post(CREATE, json.dumps(body()).replace(
        f'"{body()["agent"]}"', f'{{"id": "{body()["agent"]}", "version": {10**30}}}')), 400),
    Case("4300-digit-int", _post(CREATE, '{"name": ' + "9" * 5000 + "}"), 400),
    Case("text-plain-json-is-json",
         _post(CREATE, json.dumps(body(name="plain")), {"Content-Type": "text/plain"}), 200),
    Case("form-encoded-json-is-json", _post(CREATE, json.dumps(body(name="curl-d")), {
        "Content-Type": "application/x-www-form-urlencoded"}), 200),
    Case("form-fields-are-not-json", _post(CREATE, "name=x&agent=y", {
        "Content-Type": "application/x-www-form-urlencoded"}), 400),
    # headers
    Case("non-ascii-authorization", _get(f"{API}/deployments",
                                         {"Authorization": "Bearer pt-é€".encode()}), 401),
    Case("latin1-authorization", _get(f"{API}/deployments",
                                      {"Authorization": b"Bearer \xff\xfe"}), 401),
    Case("non-ascii-other-header", _get(f"{API}/deployments", {"X-Note": "ünïcödé".encode()}),
         200),
    Case("8kb-idempotency-key", _post(CREATE, json.dumps(body(name="long-key")),
                                      {"Idempotency-Key": "k" * 8192}), 200),
    Case("non-ascii-idempotency-key", _post(CREATE, json.dumps(body(name="odd-key")),
                                            {"Idempotency-Key": "ключ".encode()}), 200),
    # query parameters
    Case("huge-limit-is-capped", _get(CREATE, params={"limit": str(10**30)}), 200),
    Case("negative-huge-limit", _get(CREATE, params={"limit": str(-(10**30))}), 400),
    Case("5000-digit-limit", _get(CREATE, params={"limit": "9" * 5000}), 400),
    Case("5000-params", _get(CREATE + "?" + "&".join(f"p{i}=1" for i in range(5000))), 400),
    Case("float-limit", _get(CREATE, params={"limit": "1e3"}), 400),
    Case("year-99999", _get(f"{API}/deployment_runs",
                            params={"created_at[gte]": "99999-01-01T00:00:00Z"}), 400),
    Case("offset-overflow", _get(f"{API}/deployment_runs",
                                 params={"created_at[lt]": "9999-12-31T23:59:59-23:59"}), 400),
    Case("unknown-param", _get(CREATE, params={"colour": "red"}), 400),
    Case("repeated-param", _get(f"{CREATE}?limit=1&limit=2"), 400),
    Case("bad-bool", _get(f"{API}/deployment_runs", params={"has_error": "maybe"}), 400),
    # the control surface
    Case("advance-1e12", _post(CLOCK, '{"advance_seconds": 1e12}'), 400),
    Case("advance-1e308", _post(CLOCK, '{"advance_seconds": 1e308}'), 400),
    Case("advance-1e400", _post(CLOCK, '{"advance_seconds": 1e400}'), 400),
    Case("set-year-9999", _post(CLOCK, '{"set": "9999-12-31T23:59:59Z"}'), 400),
    Case("outcome-duration-overflow",
         _post("/_emulator/run_outcomes",
               '{"status": "completed", "duration_ms": 9223372036854775807}'), 400),
    Case("outcome-delay-overflow", _post("/_emulator/run_outcomes",
                                         '{"status": "failed", "start_delay_ms": 1e18}'), 400),
    Case("fault-count-overflow", _post("/_emulator/faults", '{"count": 1' + "0" * 30 + "}"),
         400),
    Case("fault-latency-overflow", _post("/_emulator/faults", '{"latency_ms": 1e300}'), 400),
]


def _serve(db, *extra: str) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "pulumi_qoder.emulator", "--port", "0", "--token", TEST_TOKEN,
         "--clock", "manual", "--start", "2026-06-14T08:58:01Z", "--db", str(db), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    base_url = process.stdout.readline().strip()
    assert base_url.endswith(API), process.stderr.read()
    return process, base_url.removesuffix(API)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=10)


def _seed(http: httpx.Client, root: str) -> list[dict]:
    """Three records in three states, plus a run."""
    made = [http.post(root + CREATE, json=body(name=f"seed-{i}")).json() for i in range(3)]
    http.post(f"{root}{CREATE}/{made[1]['id']}/pause")
    http.post(f"{root}{CREATE}/{made[2]['id']}/archive")
    http.post(f"{root}{CREATE}/{made[0]['id']}/run")
    return [http.get(f"{root}{CREATE}/{d['id']}").json() for d in made]


def _still_there(http: httpx.Client, root: str, seeded: list[dict]) -> None:
    for record in seeded:
        again = http.get(f"{root}{CREATE}/{record['id']}")
        assert again.status_code == 200 and again.json() == record
    listed = http.get(root + CREATE, params={"include_archived": "true", "limit": 1000})
    assert listed.status_code == 200
    assert {d["id"] for d in seeded} <= {d["id"] for d in listed.json()["data"]}
    runs = http.get(f"{root}{API}/deployment_runs")
    assert runs.status_code == 200 and len(runs.json()["data"]) >= 1


def _check(case: Case, response: httpx.Response) -> None:
    assert response.status_code == case.expect, (case.name, response.text[:300])
    if response.status_code >= 400:
        payload = response.json()
        assert payload["type"] == "error" and set(payload["error"]) >= {"type", "message"}


@pytest.fixture(scope="module")
def served_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("hostile") / "emulator.sqlite"
    process, root = _serve(db)
    with httpx.Client(headers=AUTH, timeout=60) as http:
        seeded = _seed(http, root)
        yield http, root, seeded
    _stop(process)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_is_refused_or_documented(served_db, case):
    http, root, seeded = served_db
    _check(case, case.send(http, root))
    _still_there(http, root, seeded)


def test_records_survive_the_whole_table_and_a_restart(tmp_path):
    db = tmp_path / "emulator.sqlite"
    process, root = _serve(db)
    try:
        with httpx.Client(headers=AUTH, timeout=60) as http:
            seeded = _seed(http, root)
            statuses = [case.send(http, root).status_code for case in CASES]
            _still_there(http, root, seeded)
    finally:
        _stop(process)
    assert 500 not in statuses
    process, root = _serve(db)
    try:
        with httpx.Client(headers=AUTH, timeout=60) as http:
            _still_there(http, root, seeded)
            everything = http.get(root + CREATE, params={"include_archived": "true"})
            names = {d["name"] for d in everything.json()["data"]}
            assert {"hostile", "padded", "plain", "curl-d", "long-key", "odd-key"} <= names
    finally:
        _stop(process)
