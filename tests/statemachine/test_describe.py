"""The machine described: data, Mermaid diagram and the shared `transitions` Machine, against
the oracle in `spec.py`."""

from __future__ import annotations

import re

import pytest

from statemachine import ORDER_MACHINE
from statemachine.describe import as_data, as_mermaid
from statemachine.machine import NEW
from tests.statemachine.spec import (
    EDGES,
    FINAL,
    RESOLVED_IN_FULL,
    REVIEW_PATHS,
    SPEC,
    STAGE_EDGES,
    STAGE_MOVES,
    STAGES,
    STATES,
    TRIGGERS,
)

EDGE_LINE = re.compile(r"^\s*(\w+) --> (\w+): (\w+)\b")
ENTRY_LINE = re.compile(r"^\s*\[\*\] --> (\w+): review (\w+)$")


def rows() -> dict[str, dict[str, object]]:
    return {r["trigger"]: r for r in as_data(ORDER_MACHINE)["transitions"]}


def test_as_data_lists_every_state_stage_and_trigger() -> None:
    data = as_data(ORDER_MACHINE)
    assert sorted(data["states"]) == sorted(STATES)
    assert data["stages"] == list(STAGES)
    assert data["review_paths"] == {r: list(path) for r, path in REVIEW_PATHS.items()}
    assert data["initial"] == "requested"
    assert sorted(data["final"]) == sorted(FINAL)
    triggers = [row["trigger"] for row in data["transitions"]]
    assert sorted(triggers) == sorted([*TRIGGERS, "create"])


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_as_data_rows_match_the_spec(trigger: str) -> None:
    row = rows()[trigger]
    sources, dest, who = SPEC[trigger]
    assert sorted(row["sources"]) == sorted(sources)  # type: ignore[call-overload]
    assert row["dest"] == dest
    assert row["actors"] == sorted(who)
    moves = [(m["from"], m["to"]) for m in row["stages"]]  # type: ignore[attr-defined]
    assert sorted(moves, key=str) == sorted(STAGE_MOVES.get(trigger, []), key=str)
    branches = [b["dest"] for b in row["branches"]]  # type: ignore[attr-defined]
    assert branches == ([RESOLVED_IN_FULL] if trigger == "resolve_dispute" else [])


def test_as_data_create_row() -> None:
    row = rows()["create"]
    assert (row["sources"], row["dest"], row["actors"]) == ([], "requested", ["brand"])


@pytest.mark.parametrize(
    ("trigger", "fields"),
    [
        ("flag_fake_traffic", {"reason", "evidence"}),
        ("refund", {"reason"}),
        ("publish", {"video_url"}),
        ("submit_script", {"content"}),
        ("submit_video", {"draft_url"}),
        ("request_script_changes", {"feedback"}),
        ("request_video_changes", {"feedback"}),
        ("open_dispute", {"reason", "evidence"}),
        ("resolve_dispute", {"reason", "refund_bps"}),
        ("approve_script", set()),
        ("withdraw_dispute", set()),
    ],
)
def test_as_data_names_what_callers_must_send(trigger: str, fields: set[str]) -> None:
    assert set(rows()[trigger]["requires"]) == fields  # type: ignore[call-overload]


# --- Mermaid --------------------------------------------------------------------------------


def diagram_parts() -> tuple[list[str], list[str]]:
    """The lines outside the composite state `accepted`, and those inside it."""
    outside: list[str] = []
    inside: list[str] = []
    into = outside
    for line in as_mermaid(ORDER_MACHINE).splitlines():
        if line.strip() == "state accepted {":
            into = inside
        elif line.strip() == "}":
            into = outside
        else:
            into.append(line)
    return outside, inside


def edges_of(lines: list[str]) -> set[tuple[str, str, str]]:
    return {(m[1], m[3], m[2]) for line in lines if (m := EDGE_LINE.match(line))}


def test_mermaid_draws_every_top_level_edge_once() -> None:
    """A review row is drawn inside `accepted`; publish leaves `accepted` (from
    `ready_to_publish`, drawn inside as an exit), as Mermaid draws edges out of a composite."""
    outside, _ = diagram_parts()
    assert outside[0].strip() == "stateDiagram-v2"
    assert any(line.strip().startswith("[*] --> requested: create") for line in outside)
    expected = {
        (src, trig, dest)
        for src, trig, dest in EDGES
        if not (src == "accepted" and trig in STAGE_MOVES)
    }
    expected.add(("accepted", "publish", "published"))
    drawn = [m.groups() for line in outside if (m := EDGE_LINE.match(line))]
    assert len(drawn) == len(expected)
    assert edges_of(outside) == expected


def test_mermaid_draws_the_stages_inside_accepted() -> None:
    _, inside = diagram_parts()
    entries = {m[2]: m[1] for line in inside if (m := ENTRY_LINE.match(line))}
    assert entries == {review: path[0] for review, path in REVIEW_PATHS.items()}
    drawn = [m.groups() for line in inside if (m := EDGE_LINE.match(line))]
    assert len(drawn) == len(STAGE_EDGES)
    assert edges_of(inside) == STAGE_EDGES
    exits = [line.strip() for line in inside if "--> [*]" in line]
    assert exits == ["ready_to_publish --> [*]: publish (creator)"]


@pytest.mark.parametrize("state", sorted(FINAL))
def test_mermaid_marks_the_final_states(state: str) -> None:
    assert f"{state} --> [*]" in as_mermaid(ORDER_MACHINE)


def test_mermaid_has_no_edge_out_of_a_final_state() -> None:
    for line in as_mermaid(ORDER_MACHINE).splitlines():
        if m := EDGE_LINE.match(line):
            assert m.group(1) not in FINAL, line


# --- the `transitions` Machine --------------------------------------------------------------

MACHINE = ORDER_MACHINE.machine


def test_machine_has_exactly_the_spec_triggers_as_events() -> None:
    assert sorted(MACHINE.events) == sorted([*TRIGGERS, "create"])
    assert not [name for name in MACHINE.events if name.startswith("to_")]
    assert MACHINE.auto_transitions is False


def test_machine_states_are_the_spec_states_and_stages() -> None:
    nested = [f"accepted.{stage}" for stage in STAGES]
    assert sorted(MACHINE.get_nested_state_names()) == sorted([*STATES, *nested, NEW])


def spec_machine_edges() -> set[tuple[str, str, str | None]]:
    """The oracle's edges as a hierarchical machine names them; None: an internal edge."""
    edges: set[tuple[str, str, str | None]] = {(NEW, "create", "requested")}
    for trigger, (sources, dest, _) in SPEC.items():
        if trigger in STAGE_MOVES:
            for start, end in STAGE_MOVES[trigger]:
                to = None if dest is None else f"accepted.{end}" if end else dest
                edges.add((f"accepted.{start}", trigger, to))
        elif dest == "accepted":
            edges |= {
                (s, trigger, f"accepted.{p[0]}") for s in sources for p in REVIEW_PATHS.values()
            }
        else:
            edges |= {(source, trigger, dest) for source in sources}
    edges |= {(s, "resolve_dispute", RESOLVED_IN_FULL) for s in SPEC["resolve_dispute"][0]}
    return edges


def test_machine_edges_are_the_spec_edges() -> None:
    edges = {
        (source, name, transition.dest)
        for name, event in MACHINE.events.items()
        for source, transitions in event.transitions.items()
        for transition in transitions
    }
    assert edges == spec_machine_edges()
