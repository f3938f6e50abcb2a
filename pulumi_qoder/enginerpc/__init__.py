"""The Pulumi engine's gRPC protocol, shared by both front ends and owned by neither.

`protos`: the SDK's generated protobuf and gRPC modules, loaded without importing the SDK
(the native plugin serves them; the dynamic host has the SDK loaded already). `log`: a
provider process's progress lines and warnings, sent to the engine's `Log` service (both
the dynamic host and the native plugin send them). Nothing here imports the core.
"""
