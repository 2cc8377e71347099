"""TEST-ONLY: stop this process right after its k-th committed write statement.

tests/faults/test_kill_sweep.py sets ``POLICYGRAPH_TEST_STOP_AFTER=<k>:<KILL|TERM|INT>``
on a ``policygraph load`` subprocess to kill it (SIGKILL) or signal it (SIGTERM, SIGINT)
at an exact point of a load, linking included, instead of guessing a moment by time; or
``count`` to print how many write statements the load ran (``POLICYGRAPH_TEST_WRITES=n``
on stderr at exit). Unset (always, outside those tests) it costs one dict lookup per
write and does nothing.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys

ENV = "POLICYGRAPH_TEST_STOP_AFTER"
_SIGNALS = {"KILL": signal.SIGKILL, "TERM": signal.SIGTERM, "INT": signal.SIGINT}
_state = {"writes": 0, "fired": False}


def _plan() -> tuple[int, str] | None:
    spec = os.environ.get(ENV)
    if not spec:
        return None
    if spec == "count":
        return -1, "count"
    k, _, sig = spec.partition(":")
    return int(k), sig.upper()


def _report() -> None:
    sys.stderr.write(f"\nPOLICYGRAPH_TEST_WRITES={_state['writes']}\n")


def after_write(statements: int) -> None:
    """Called by the store after a write block committed, with its number of statements."""
    plan = _plan()
    if plan is None:
        return
    if plan[1] == "count" and _state["writes"] == 0:
        atexit.register(_report)
    _state["writes"] += statements
    k, sig = plan
    if sig != "count" and not _state["fired"] and _state["writes"] >= k:
        _state["fired"] = True
        os.kill(os.getpid(), _SIGNALS[sig])
