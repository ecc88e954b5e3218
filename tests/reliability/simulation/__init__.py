"""A seeded, deterministic simulation of the marketplace through the ASGI app on SQLite.

Each step is one thing the world does, drawn from `random.Random(seed)`: a party calls the API
(every trigger, by the right and by wrong parties; orders, top-ups, withdrawals, messages,
retention changes, video removals, repeated requests with their Idempotency-Key), time jumps
on a ManualClock, the worker makes a pass (`app.state.worker.run_once()`), or the network
hands the brand's webhook receiver what it got, duplicated and out of order.

After every step the cheap invariants are checked: what the API answered against a model of
the orders (401 without a key, 404 for what the caller cannot see, 412 for a stale If-Match,
403 for a role that may never fire the trigger, 409 from the wrong state, and only the
table's destination on success), the history rows the step wrote against the transition
table, each new journal entry balanced, the escrow of every order the step moved, and no 5xx.
Every 100 steps and at the end: the full ledger check and every invariant of
`tests.reliability.invariants`. At the end the clock runs on until every order is final and
every webhook delivered, and the receiver's view must match the orders.

The step log names objects by aliases in creation order (o12, c3), never by their random ids,
so it is a pure function of the seed: a failing seed replays exactly, in another process too.

    python -m tests.reliability.simulation --seed 20261127 --steps 10000 --log steps.log

`world` holds the parties, the orders as the simulation models them and the plumbing of a
call; `outside` the payout provider and the brand's webhook receiver behind its network;
`actions` what a step may do and what each answer must be; `checks` the invariants after a
step and at the end; `runner` the loop of steps, the finish and `simulate`.
"""

from tests.reliability.simulation.runner import Outcome, simulate
from tests.reliability.simulation.world import SimulationFailure

__all__ = ["Outcome", "SimulationFailure", "simulate"]
