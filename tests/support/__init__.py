"""The test harness shared by every test directory.

- ``constants``: the agent, environment and tokens the tests use, one value each.
- ``emulator``: the emulator in process and served on 127.0.0.1 (one server per session,
  a fresh app and state for each test), the API prefix.
- ``hosts``: one gRPC client for both provider hosts (the SDK's dynamic host and our
  plugin), started as the engine starts plugins, and a stand-in engine that records logs.
- ``values``: engine values in and out (secrets, structs) as the SDK serializes them.
- ``pulumi_cli``: the pulumi CLI for engine tests, and when a missing one fails or skips.
- ``inputs``, ``runs``, ``parity``, ``recorded``: deployment inputs, run helpers, both
  front ends side by side, the API's recorded answers.
"""
