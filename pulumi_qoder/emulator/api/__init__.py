"""The emulated Qoder Deployments API.

`gateway.py` stands in front of the routes (request ids, auth, idempotency replay, and the
harness's faults and journal), `handlers.py` does HTTP only, `service.py` and `scheduler.py`
hold every rule of the lifecycle (CONTRACT §3-4), `schemas.py` and `validation.py` the
request shapes and value rules, `wire.py` the response shapes, `openapi.py` the document.
"""
