"""The machine described for people and programs: JSON-ready data and a Mermaid diagram."""

from __future__ import annotations

from typing import Any

from statemachine.states import FINAL_STATES, State
from statemachine.table import CREATE, TRANSITIONS, Transition


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


def as_data() -> dict[str, Any]:
    return {
        "states": [s.value for s in State],
        "initial": CREATE.dest.value,
        "final": sorted(s.value for s in FINAL_STATES),
        "transitions": [_row(t) for t in (CREATE, *TRANSITIONS)],
    }


def as_mermaid() -> str:
    lines = ["stateDiagram-v2", f"    [*] --> {CREATE.dest.value}: create"]
    for t in TRANSITIONS:
        who = "/".join(sorted(a.value for a in t.actors))
        for source in t.sources:
            lines.append(f"    {source.value} --> {t.dest.value}: {t.trigger} ({who})")
    lines.extend(f"    {s.value} --> [*]" for s in State if s in FINAL_STATES)
    return "\n".join(lines) + "\n"
