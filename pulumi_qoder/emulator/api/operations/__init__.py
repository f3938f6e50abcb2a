"""One module per API operation: its request shape, the rules it applies, its state change.

    POST /deployments                       create.py    CreateBody, CONTRACT §4.1
    POST /deployments/{id}                  update.py    UpdateBody (merge-patch), §4.4
    POST /deployments/{id}/pause            pause.py     §4.5
    POST /deployments/{id}/unpause          unpause.py   §4.6
    POST /deployments/{id}/archive          archive.py   §4.7
    POST /deployments/{id}/run              run.py       §4.8
    GET  /deployments, /deployments/{id}, the run lists and runs    reads.py  §4.2-4.3, §5

Each operation is a function of a ``Context`` (the store, clock, ids and scheduler, and
the lookups every operation shares); ``DeploymentService`` runs it under its lock after
catching up with the clock. Value rules that several operations share (a name, an agent
reference, a schedule, metadata) are in ``api/validation.py``; the JSON body gate that
runs before any operation is ``api/bodies.py``.
"""
