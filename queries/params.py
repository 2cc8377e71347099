"""What a named query's parameters may look like before they reach a store."""

from __future__ import annotations

import re
from typing import Any

PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def check_param_names(params: Any, where: str = "params") -> None:
    """Parameter names must be Cypher identifiers and map keys non-empty, at any depth:
    the drivers cannot send anything else (FalkorDB's client raises on an empty name),
    so such input is refused as bad input before it reaches a store. Raises ValueError
    (the caller turns it into its own bad-input answer)."""
    if isinstance(params, dict):
        for k, v in params.items():
            if where == "params" and not PARAM_NAME.fullmatch(str(k)):
                raise ValueError(f"parameter name {k!r} is not a Cypher identifier ([A-Za-z_][A-Za-z0-9_]*)")
            if where != "params" and (not str(k) or "`" in str(k)):
                raise ValueError(f"map key {k!r} inside params is empty or holds a backtick "
                                 "(FalkorDB's client cannot send such keys)")
            check_param_names(v, where=f"{where}.{k}")
    elif isinstance(params, list):
        for v in params:
            check_param_names(v, where=where)
