"""Where the emulator keeps its records: in memory, or SQLite; plain data and queries, no rules.

`records.py` the records, `store.py` the stores, `paging.py` list queries and cursors,
`keystore.py` remembered Idempotency-Key answers.
"""
