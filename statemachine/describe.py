"""The machine described for people and programs: JSON-ready data and a Mermaid diagram."""

from __future__ import annotations

from typing import Any

from statemachine.machine import OrderMachine
from statemachine.review import PATHS, Stage
from statemachine.states import FINAL_STATES, State
from statemachine.table import Transition


def _row(t: Transition) -> dict[str, Any]:
    return {
        "trigger": t.trigger,
        "sources": [s.value for s in t.sources],
        "dest": t.dest.value if t.dest else None,
        "stages": [
            {"from": start.value, "to": end.value if end else None} for start, end in t.stages
        ],
        "branches": [{"when": b.description, "dest": b.dest.value} for b in t.branches],
        "marks": t.mark.value if t.mark else None,
        "actors": sorted(a.value for a in t.actors),
        "guards": [{"name": g.name, "description": g.description} for g in t.guards],
        "requires": list(t.input_fields),
        "description": t.description,
        "schedules": t.schedules.value if t.schedules else None,
        "fires_on": t.fires_on.value if t.fires_on else None,
        "money": t.money.value,
        "violation": t.violation,
        "suspends_order_rights": t.suspends_order_rights,
    }


def as_data(machine: OrderMachine) -> dict[str, Any]:
    return {
        "states": [s.value for s in State],
        "stages": [s.value for s in Stage],
        "review_paths": {review.value: [s.value for s in path] for review, path in PATHS.items()},
        "initial": machine.create.dest_from(State.REQUESTED).value,
        "final": sorted(s.value for s in FINAL_STATES),
        "transitions": [_row(t) for t in (machine.create, *machine.transitions)],
    }


def as_mermaid(machine: OrderMachine) -> str:
    """`accepted` is a composite state: its stages inside, entered at the first stage of the
    order's review; a row that stays where it is draws a self-loop."""
    assert machine.create.dest is not None
    lines = ["stateDiagram-v2", f"    [*] --> {machine.create.dest.value}: create"]
    inside = [f"    state {State.ACCEPTED.value} {{"]
    inside += [f"        [*] --> {path[0].value}: review {r.value}" for r, path in PATHS.items()]
    for t in machine.transitions:
        who = "/".join(sorted(a.value for a in t.actors))
        label = f"{t.trigger} ({who})"
        for start, end in t.stages:
            if end is None:  # leaves `accepted` from this stage: drawn from the composite
                inside.append(f"        {start.value} --> [*]: {label}")
                lines.append(
                    f"    {State.ACCEPTED.value} --> {t.dest_from(State.ACCEPTED).value}: "
                    f"{label}, at {start.value}"
                )
            else:
                inside.append(f"        {start.value} --> {end.value}: {label}")
        if t.stages:
            continue
        for source in t.sources:
            lines.append(f"    {source.value} --> {t.dest_from(source).value}: {label}")
        for branch in t.branches:
            for source in t.sources:
                lines.append(
                    f"    {source.value} --> {branch.dest.value}: {label}, {branch.description}"
                )
    lines.extend([*inside, "    }"])
    lines.extend(f"    {s.value} --> [*]" for s in State if s in FINAL_STATES)
    return "\n".join(lines) + "\n"
