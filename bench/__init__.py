"""Benchmarks, run on demand with `make bench`; they print ratios measured side by side."""
