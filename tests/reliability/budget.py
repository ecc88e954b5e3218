"""How hard the reliability tests push: a short form for every `pytest` run, a long one for
`make soak` (XT_SOAK=1). Single values can be overridden for a replay or a longer night."""

from __future__ import annotations

import os
from dataclasses import dataclass

SOAK = os.environ.get("XT_SOAK", "").lower() not in ("", "0", "false", "no")


def _int(name: str, short: int, soak: int) -> int:
    return int(os.environ.get(name, soak if SOAK else short))


@dataclass(frozen=True)
class Budget:
    clients: int  # concurrent HTTP clients in the soak and crash tests
    orders: int  # orders created before the load starts
    load_seconds: int  # how long the clients fire requests (soak)
    crash_load_seconds: int  # how long the load runs while processes are killed
    crashes: int  # kill -9 rounds (an API process and a worker each time)
    sim_steps: int  # steps of the deterministic simulation
    sim_seeds: tuple[int, ...]  # the seeds simulated


def budget() -> Budget:
    seeds = os.environ.get("XT_SIM_SEED")
    return Budget(
        clients=_int("XT_SOAK_CLIENTS", 32, 32),
        orders=_int("XT_SOAK_ORDERS", 500, 500),
        load_seconds=_int("XT_SOAK_SECONDS", 30, 600),
        crash_load_seconds=_int("XT_CRASH_SECONDS", 30, 300),
        crashes=_int("XT_CRASHES", 5, 20),
        sim_steps=_int("XT_SIM_STEPS", 10_000, 30_000),
        sim_seeds=(
            tuple(int(s) for s in seeds.split(","))
            if seeds
            else ((20261127,) if not SOAK else (20261127, 1, 2))
        ),
    )
