"""Run one seed from the command line and write its step log:

python -m tests.reliability.simulation --seed 20261127 --steps 10000 --log steps.log
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

import tests.reliability.simulation as package
from tests.reliability.simulation.runner import simulate


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(package.__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--log", type=Path, required=True, help="write the step log here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(simulate(args.seed, args.steps, Path(folder), args.log))


if __name__ == "__main__":
    main()
