"""The first-look parts of the benchmark: memory growth per session, the aims they report, and
the allocator setting every start path gives the server."""
from __future__ import annotations

from bench import report
from bench.session_memory import summarise
from board.launch import SERVER_ENVIRONMENT, server_environment


def test_growth_per_session_is_taken_past_the_fifth_and_gives_the_estimate_for_100():
    rss = {"0": 70.0, "1": 260.0, "5": 270.0, "10": 275.0, "20": 285.0, "peak": 290.0}
    result = summarise(rss, 20, 60.0)
    assert result["growth_mb_per_session"] == 1.0
    assert result["estimate_100_mb"] == 365


def test_first_look_aims_are_reported():
    results = {"side_by_side": {"ratio": 1.2, "visits": 5, "bare": {"median_s": 2.5},
                                "dashboard": {"median_s": 3.0}},
               "sessions": {"sessions": 20, "rss_mb": {"20": 450.0}}}
    checks = {aim: met for aim, _, met in report.aims(results)}
    assert checks["first chart ≤ 1.25× bare page"] is True
    assert checks["RSS after 20 sessions ≤ 400 MB"] is False


def test_the_server_gets_the_allocator_setting_unless_the_environment_sets_its_own():
    assert server_environment({}) == SERVER_ENVIRONMENT
    assert server_environment({"MALLOC_ARENA_MAX": "4"}) == {}
