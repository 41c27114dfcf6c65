"""factdb.workers.fork_map: work over data the caller holds, in forked worker processes."""
from __future__ import annotations

import os

import pytest

from factdb import workers

pytestmark = pytest.mark.skipif(not workers.can_fork(), reason="no fork on this platform")


def _sum_share(shared: tuple[list[int], int], k: int) -> tuple[int, int]:
    numbers, jobs = shared
    return os.getpid(), sum(numbers[k::jobs])


def _fail_on_two(shared, k: int) -> int:
    if k == 2:
        raise ValueError(f"part {k} of {len(shared)}")
    return k


def test_workers_see_the_callers_data_and_return_in_order():
    numbers = list(range(100_000))
    out = workers.fork_map(_sum_share, (numbers, 4), range(4), jobs=4)
    assert [total for _, total in out] == [sum(numbers[k::4]) for k in range(4)]
    assert sum(total for _, total in out) == sum(numbers)
    assert out[0][0] == os.getpid()  # the first part in the caller, the others in workers
    assert os.getpid() not in {pid for pid, _ in out[1:]}
    assert workers._shared is None  # not held after


def test_one_job_or_one_part_runs_in_the_caller():
    numbers = [1, 2, 3]
    assert workers.fork_map(_sum_share, (numbers, 1), [0], jobs=4) == [(os.getpid(), 6)]
    assert workers.fork_map(_sum_share, (numbers, 2), [0, 1], jobs=1) == [(os.getpid(), 4), (os.getpid(), 2)]


def test_a_workers_error_is_raised_in_the_caller():
    with pytest.raises(ValueError, match="part 2 of 3"):
        workers.fork_map(_fail_on_two, "abc", range(4), jobs=2)
    assert workers._shared is None
