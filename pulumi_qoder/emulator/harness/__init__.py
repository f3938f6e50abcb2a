"""What tests and demos drive the emulator with, none of it part of Qoder's API.

`middleware.py` wraps the API's gateway with the injected faults (`faults.py`) and the
journal of API calls (`journal.py`); `control.py` is the `/_emulator` surface (clock,
journal, faults, run outcomes); `server.py` serves the app with uvicorn on a thread. The
harness imports the API; the API never imports the harness (`emulator.app` composes them).
"""
