"""The test harness shared by every test directory.

- ``emulator``: the emulator in process and served on 127.0.0.1 (one server per session,
  a fresh app and state for each test), the test token and the API prefix.
- ``grpc``: one gRPC client for both provider hosts (the SDK's dynamic host and our plugin),
  started as the engine starts plugins, and a stand-in engine that records logs.
- ``values``: engine values in and out (secrets, structs) as the SDK serializes them.
"""
