"""Helpers shared by the layout tests: parse a text or a fixture of tests/data/layouts, and
read an item's names by role."""

from __future__ import annotations

from pathlib import Path

from loaders.decode import read_file
from loaders.layouts import LayoutResult, parse_best
from loaders.layouts.base import Item
from loaders.normalize import normalize

DATA = Path(__file__).resolve().parent.parent / "data" / "layouts"


def parse_text(text: str) -> LayoutResult:
    return parse_best(normalize(text))


def parse_fixture(name: str) -> LayoutResult:
    return parse_best(normalize(read_file(DATA / name).text), source=name)


def roles(it: Item) -> dict[str, list[str]]:
    assert it.responsibility is not None
    out: dict[str, list[str]] = {}
    for name, role in zip(it.responsibility.names, it.responsibility.roles, strict=True):
        out.setdefault(role, []).append(name)
    return out
