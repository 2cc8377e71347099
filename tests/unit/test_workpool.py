"""policygraph.workpool: results in input order, inputs drawn lazily (bounded), workers gone after."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator

import pytest

from policygraph import workpool


def slow_square(x: int) -> int:
    # Later inputs finish first: the order of results must still be the inputs'.
    time.sleep(0.02 * (5 - x % 5))
    return x * x


def pid_of(_: int) -> int:
    return os.getpid()


def boom(x: int) -> int:
    if x == 3:
        raise ValueError("three")
    return x


def test_results_in_input_order_from_other_processes() -> None:
    with workpool.ordered_map(slow_square, range(20), 2) as results:
        assert list(results) == [x * x for x in range(20)]
    with workpool.ordered_map(pid_of, range(6), 2) as results:
        assert os.getpid() not in set(results)


def test_inputs_are_drawn_lazily_within_the_window() -> None:
    drawn: list[int] = []

    def source() -> Iterator[int]:
        for x in range(100):
            drawn.append(x)
            yield x

    with workpool.ordered_map(slow_square, source(), 2, window=4) as results:
        first = next(results)
        assert first == 0 and len(drawn) <= 5  # the window, plus the one refilled
        rest = list(results)
    assert len(rest) == 99 and len(drawn) == 100


def test_one_worker_runs_here_and_stops_when_the_source_stops() -> None:
    def source() -> Iterator[int]:
        yield from range(3)

    with workpool.ordered_map(pid_of, source(), 1) as results:
        assert set(results) == {os.getpid()}


def test_an_exception_in_a_worker_reaches_the_caller_and_the_pool_is_shut() -> None:
    with pytest.raises(ValueError, match="three"), workpool.ordered_map(boom, range(10), 2) as results:
        for _ in results:
            pass
    # ...and its workers are gone, not left parsing (polled: a loaded machine reaps slowly).
    deadline = time.monotonic() + 20
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not multiprocessing.active_children()
