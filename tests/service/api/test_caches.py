"""The per-process cache's rules: off until live, a read that raced a change never stored,
everything dropped when the listener comes or goes."""

from __future__ import annotations

from service.api.caches import ProcessCache, forget_everywhere


def _live(size: int = 100, remembered: int = 10) -> ProcessCache[int]:
    cache: ProcessCache[int] = ProcessCache("test", size, remembered)
    cache.set_live(True)
    return cache


def test_off_until_live_and_dropped_when_the_listener_goes() -> None:
    cache: ProcessCache[int] = ProcessCache("test")
    cache.put("a", 1, cache.begin())
    assert cache.get("a") is None
    cache.set_live(True)
    cache.put("a", 1, cache.begin())
    assert cache.get("a") == 1
    cache.set_live(False)
    assert cache.get("a") is None
    cache.set_live(True)
    assert cache.get("a") is None  # nothing from before the gap comes back


def test_a_read_begun_before_a_change_is_not_stored() -> None:
    cache = _live()
    since = cache.begin()
    cache.forget("a")  # the change commits while the read runs
    cache.put("a", 1, since)
    assert cache.get("a") is None
    cache.put("a", 2, cache.begin())  # a read begun after the change is
    assert cache.get("a") == 2


def test_other_keys_changing_meanwhile_do_not_matter() -> None:
    cache = _live()
    since = cache.begin()
    cache.forget("b")
    cache.put("a", 1, since)
    assert cache.get("a") == 1


def test_a_change_forgets_the_entry() -> None:
    cache = _live()
    cache.put("a", 1, cache.begin())
    forget_everywhere("test", "a")
    assert cache.get("a") is None


def test_when_changes_are_no_longer_remembered_old_reads_are_not_stored() -> None:
    cache = _live(remembered=3)
    since = cache.begin()
    cache.forget("a")
    for key in "bcd":  # "a"'s change falls out of what the cache remembers
        cache.forget(key)
    cache.put("a", 1, since)
    assert cache.get("a") is None


def test_read_begun_before_going_live_is_not_stored() -> None:
    cache: ProcessCache[int] = ProcessCache("test")
    since = cache.begin()
    cache.set_live(True)
    cache.put("a", 1, since)
    assert cache.get("a") is None


def test_size_is_bounded() -> None:
    cache = _live(size=2)
    for n, key in enumerate("abc"):
        cache.put(key, n, cache.begin())
    assert cache.get("a") is None and cache.get("b") == 1 and cache.get("c") == 2


def test_trust_lapses_unless_renewed() -> None:
    """The listener renews trust after each round trip through its link; without one the
    cache answers nothing (and stores nothing), and a renewal trusts it again."""
    import time

    cache = _live()
    cache.put("a", 1, cache.begin())
    cache.trust_until(time.monotonic() - 0.001)
    assert cache.get("a") is None and not cache.trusted
    cache.put("b", 2, cache.begin())
    cache.trust_until(time.monotonic() + 60)
    assert cache.get("a") == 1 and cache.get("b") is None
