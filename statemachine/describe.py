"""The machine described for people and programs: JSON-ready data and a Mermaid diagram."""

from __future__ import annotations

from typing import Any

from statemachine.machine import OrderMachine
from statemachine.states import FINAL_STATES, State
from statemachine.table import Transition


def _row(t: Transition) -> dict[str, Any]:
    return {
        "trigger": t.trigger,
        "sources": [s.value for s in t.sources],
        "dest": t.dest.value,
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
        "initial": machine.create.dest.value,
        "final": sorted(s.value for s in FINAL_STATES),
        "transitions": [_row(t) for t in (machine.create, *machine.transitions)],
    }


def as_mermaid(machine: OrderMachine) -> str:
    lines = ["stateDiagram-v2", f"    [*] --> {machine.create.dest.value}: create"]
    for t in machine.transitions:
        who = "/".join(sorted(a.value for a in t.actors))
        for source in t.sources:
            lines.append(f"    {source.value} --> {t.dest.value}: {t.trigger} ({who})")
    lines.extend(f"    {s.value} --> [*]" for s in State if s in FINAL_STATES)
    return "\n".join(lines) + "\n"
