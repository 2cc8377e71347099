"""graph.falkor.cypher_literal writes the parameter text the falkordb client writes."""

from __future__ import annotations

import random

import pytest
from falkordb.helpers import stringify_param_value

from graph.falkor import cypher_literal, params_header

TRICKY = ["", "a", '引号"里', "反斜杠\\n", "\\", '"', "换行\n制表\t", "`", "全角＋ＡＢＣ", "\x00\x0c", "🙂"]


def _value(rng: random.Random, depth: int = 0) -> object:
    kind = rng.randrange(9 if depth < 3 else 6)
    if kind == 0:
        return rng.choice(TRICKY)
    if kind == 1:
        return rng.randint(-10**12, 10**12)
    if kind == 2:
        return rng.choice([0.1, -2.5e-7, 1e300, 3.0, float(rng.random())])
    if kind == 3:
        return rng.choice([True, False])
    if kind == 4:
        return None
    if kind == 5:
        return "".join(rng.choice("科技创新券\"\\ \n") for _ in range(rng.randrange(12)))
    if kind == 6:
        return [_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if kind == 7:
        return tuple(_value(rng, depth + 1) for _ in range(rng.randrange(3)))
    return {rng.choice(["id", "props", "名称", "a_b", "x1"]): _value(rng, depth + 1) for _ in range(rng.randrange(4))}


def test_same_text_as_the_client_on_random_values():
    rng = random.Random(20261201)
    for _ in range(3000):
        v = _value(rng)
        assert cypher_literal(v) == stringify_param_value(v), v


def test_params_header_of_a_document_write_shape():
    params = {"id": "国办发〔2020〕3号", "measures": [{"id": "m/1", "props": {"title": 'a"b', "seq": 1, "score": 0.5,
                                                                          "untitled": False, "x": None}}]}
    expected = "CYPHER " + " ".join(f"{k}={stringify_param_value(v)}" for k, v in params.items()) + " "
    assert params_header(params) == expected
    assert params_header({}) == "" and params_header(None) == ""


@pytest.mark.parametrize("bad", [{"": 1}, {"a`b": 1}])
def test_bad_map_keys_are_refused_as_the_client_refuses_them(bad):
    with pytest.raises(ValueError):
        cypher_literal(bad)
    with pytest.raises(ValueError):
        cypher_literal({"ok": [bad]})
