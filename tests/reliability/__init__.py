"""Reliability tests: a concurrency soak and crashes on PostgreSQL with real processes, the
authorization matrix, a seeded deterministic simulation and bad input.

Each runs in a short form in the normal suite; `make soak` (XT_SOAK=1) runs the long form.
"""
