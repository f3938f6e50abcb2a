"""The emulated Qoder Deployments API. It imports nothing from `harness/`.

`routes.py` is the route table and error rendering, `gateway.py` the layers in front of the
routes (request ids, auth, the body gate of `bodies.py`, Idempotency-Key replay),
`handlers.py` HTTP only, `service.py` the operations (each one's rules in `operations/`),
`scheduler.py` run lifecycles and fires, `responses.py` the response shapes, `openapi.py` the
document.
"""
