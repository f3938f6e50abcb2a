"""What tests and demos drive the emulator with, none of it part of Qoder's API.

`control.py` is the `/_emulator` surface (clock, journal, faults, run outcomes), `faults.py`
the injected faults the gateway applies, `journal.py` the record of API calls, `server.py`
the app served by uvicorn on a thread.
"""
