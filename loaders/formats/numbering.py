"""Word automatic numbering (w:numPr -> w:num -> w:abstractNum) rendered as printed.

python-docx gives a paragraph's text without its list label, but Chinese plans number
their items with Word's lists: 一、 （一） 1. （1）. The label is part of the printed text
the parsers read, so it is rebuilt here from the numbering definitions: each list
(abstractNum) keeps one counter per level; a level's counter restarts when a shallower
level advances; ``lvlText`` such as ``（%2）`` is filled with the counters formatted by
each level's ``numFmt``; ``w:lvlOverride/w:startOverride`` and ``w:start`` are honoured.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_DIGITS = "零一二三四五六七八九"
_TRAD_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 15 -> 十五, 23 -> 二十三, 105 -> 一百零五 (chineseCounting)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + _DIGITS[rest] if rest < 10 else
                                     ("一" + chinese_number(rest) if rest < 20 else chinese_number(rest)))
        return _DIGITS[n // 100] + "百" + tail
    return str(n)


def _letters(n: int, upper: bool) -> str:
    base = ord("A" if upper else "a")
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(base + r) + out
    return out


def _roman(n: int) -> str:
    vals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
            (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for v, s in vals:
        while n >= v:
            out, n = out + s, n - v
    return out


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# numFmt -> formatter. Word's Chinese formats all print 一二三 for the small numbers plans use.
FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
    "decimalHalfWidth": str,
    "chineseCounting": chinese_number,
    "chineseCountingThousand": chinese_number,
    "chineseLegalSimplified": lambda n: chinese_number(n).translate(str.maketrans("一二三四五六七八九十百", "壹贰叁肆伍陆柒捌玖拾佰")),
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "ideographDigital": lambda n: "".join(_TRAD_DIGITS[int(d)] for d in str(n)),
    "japaneseCounting": chinese_number,
    "taiwaneseCounting": chinese_number,
    "decimalEnclosedCircle": lambda n: _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n),
    "decimalEnclosedCircleChinese": lambda n: _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n),
    "decimalEnclosedParen": lambda n: f"({n})",
    "lowerLetter": lambda n: _letters(n, False),
    "upperLetter": lambda n: _letters(n, True),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperRoman": _roman,
    "none": lambda n: "",
}


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class Numbering:
    """The numbering definitions of one .docx and the running counters."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId -> ilvl -> level
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[tuple[str, int], int] = field(default_factory=dict)  # (numId, ilvl) -> start
    counters: dict[str, list[int]] = field(default_factory=dict)  # numId -> counter per level
    seen_override: set[tuple[str, int]] = field(default_factory=set)

    @classmethod
    def from_document(cls, document: Any) -> Numbering:
        out = cls()
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return out  # a document without lists
        for absn in root.iter(f"{W}abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in absn.iter(f"{W}lvl"):
                level = _Level()
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                if fmt is not None:
                    level.fmt = fmt.get(f"{W}val", "decimal")
                if text is not None:
                    level.text = text.get(f"{W}val", "")
                if start is not None:
                    level.start = int(start.get(f"{W}val", "1"))
                levels[int(lvl.get(f"{W}ilvl", "0"))] = level
            out.levels[absn.get(f"{W}abstractNumId", "")] = levels
        for num in root.iter(f"{W}num"):
            num_id = num.get(f"{W}numId", "")
            abs_el = num.find(f"{W}abstractNumId")
            if abs_el is not None:
                out.nums[num_id] = abs_el.get(f"{W}val", "")
            for ov in num.iter(f"{W}lvlOverride"):
                start = ov.find(f"{W}startOverride")
                if start is not None:
                    out.overrides[(num_id, int(ov.get(f"{W}ilvl", "0")))] = int(start.get(f"{W}val", "1"))
        return out

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the list's counter at `ilvl` and return the label as Word prints it."""
        abs_id = self.nums.get(num_id)
        if abs_id is None or num_id == "0":
            return ""  # numId 0 switches numbering off
        levels = self.levels.get(abs_id, {})
        level = levels.get(ilvl, _Level())
        # Lists that share an abstractNum share counters (Word continues them) unless restarted.
        counters = self.counters.setdefault(abs_id, [0] * 9)
        key = (num_id, ilvl)
        if key in self.overrides and key not in self.seen_override:
            self.seen_override.add(key)
            counters[ilvl] = self.overrides[key]
        elif counters[ilvl] == 0:
            counters[ilvl] = level.start
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if level.fmt == "bullet":
            return level.text
        out = level.text
        for n in range(ilvl, -1, -1):  # %10 never occurs: Word has 9 levels
            lv = levels.get(n, _Level())
            value = counters[n] or lv.start
            out = out.replace(f"%{n + 1}", FORMATS.get(lv.fmt, str)(value))
        return out
