"""Object ids: what counts as one."""

from __future__ import annotations

from service.ids import looks_like_id, new_id


def test_an_id_is_its_prefix_and_a_ulid_and_nothing_more() -> None:
    made = new_id("ord")
    assert looks_like_id(made, "ord") and not looks_like_id(made, "msg")
    for bad in (made + "\n", made + "x", " " + made, made[:-1], made.lower(), "ord_"):
        assert not looks_like_id(bad, "ord"), bad
