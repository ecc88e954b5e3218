"""The seeded deterministic simulation (`tests.reliability.simulation`): at least 10,000 steps
through the ASGI app on SQLite, with the invariants checked after every step, the full
ledger check every 100 steps and at the end; and the proof that a seed replays exactly.

A failure names its seed and step and shows the last steps; replay it with
`XT_SIM_SEED=<seed> XT_SIM_STEPS=<step + 1> python -m pytest tests/reliability/test_simulation.py`
or `python -m tests.reliability.simulation --seed <seed> --steps <n> --log steps.log`.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from statemachine import ORDER_MACHINE
from tests.reliability.budget import Budget
from tests.reliability.processes import ROOT
from tests.reliability.simulation import simulate


async def test_seeded_simulation_keeps_every_invariant(tmp_path: Path, limits: Budget) -> None:
    for seed in limits.sim_seeds:
        print(f"simulation: seed {seed}, {limits.sim_steps} steps, log in {tmp_path}")
        folder = tmp_path / f"seed-{seed}"
        folder.mkdir()
        outcome = await simulate(seed, limits.sim_steps, folder, tmp_path / f"steps-{seed}.log")
        assert len(outcome.log) == limits.sim_steps + 1, outcome.log[-3:]
        assert outcome.log[-1].startswith("end: "), outcome.log[-1]
        if limits.sim_steps >= 10_000:  # long enough for every road to be taken
            never = sorted(set(ORDER_MACHINE.triggers) - set(outcome.fired))
            assert never == [], f"seed {seed} never fired {never}: {outcome.fired}"
        print(f"seed {seed}: {outcome.log[-1]}; fired {outcome.fired}")


async def test_a_seed_replays_exactly_in_another_process(tmp_path: Path) -> None:
    """The step log is a pure function of the seed: ids, wall-clock time and the process's
    hash seed (set iteration order) differ between the runs; the log does not."""
    seed, steps = 424242, 150
    (tmp_path / "here").mkdir()
    (tmp_path / "other").mkdir()
    here = await simulate(seed, steps, tmp_path / "here")
    elsewhere = tmp_path / "elsewhere.log"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.reliability.simulation", "--seed", str(seed),
        "--steps", str(steps), "--log", str(elsewhere),
        cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, errors = await asyncio.wait_for(process.communicate(), timeout=300)
    assert process.returncode == 0, errors.decode(errors="replace")[-3000:]
    replayed = elsewhere.read_text().splitlines()
    assert len(replayed) == len(here.log) == steps + 1
    first_difference = next(
        (i for i, (a, b) in enumerate(zip(here.log, replayed, strict=True)) if a != b), None
    )
    assert first_difference is None, (here.log[first_difference], replayed[first_difference])
    other = await simulate(seed + 1, 50, tmp_path / "other")
    assert other.log[:50] != here.log[:50], "the log does not depend on the seed"
