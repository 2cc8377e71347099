"""Bad and hostile input files, generated at test time into a temporary directory.

Nothing here is committed as data: every case is derived from the real samples (so a
case that *should* load has real items in it) or built byte by byte. The 200 MB single
line is streamed to disk in chunks, never held in memory.

Each case says what a correct loader must do with it:

* ``expect="reject"``  a clear BadInputError (CLI exit 2) and nothing in the graph;
* ``expect="load"``    a correct extraction (items found, text readable);
* ``expect="either"``  refusing it clearly or loading it correctly are both right; what
                       is wrong is a crash, a hang, a half-written document or garbage
                       items (checked by the tests, which look at titles).
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
GUANGDONG = SAMPLES / "guangdong-third-batch-plan.txt"
JILIN = SAMPLES / "jilin-second-batch-plan.txt"
HEBEI = SAMPLES / "hebei-city-third-batch-tasks.txt"


@dataclass(frozen=True)
class Case:
    name: str
    expect: str  # reject | load | either
    why: str
    make: Callable[[Path], Path]


def _text(p: Path) -> str:
    return p.read_text(encoding="utf-8")


def utf16_no_bom(d: Path) -> Path:
    """UTF-16-LE without a byte-order mark: half the bytes are NUL, so a naive reader calls
    it binary; charset detection can still find it."""
    out = d / "utf16-nobom.txt"
    out.write_bytes(_text(JILIN).encode("utf-16-le"))
    return out


def latin1_mojibake(d: Path) -> Path:
    """UTF-8 bytes read as Latin-1 and saved again as UTF-8 (吉林 -> 'å\x90\x89æ\x9e\x97'): the
    classic web-export damage. Valid UTF-8, but no Chinese left to read."""
    out = d / "latin1-mojibake.txt"
    out.write_text(_text(JILIN).encode("utf-8").decode("latin-1"), encoding="utf-8")
    return out


def mixed_encodings(d: Path) -> Path:
    """First half UTF-8, second half GBK: two exports pasted together."""
    text = _text(GUANGDONG)
    half = len(text) // 2
    out = d / "mixed-utf8-gbk.txt"
    out.write_bytes(text[:half].encode("utf-8") + text[half:].encode("gbk", errors="replace"))
    return out


def empty(d: Path) -> Path:
    out = d / "empty.txt"
    out.write_bytes(b"")
    return out


def whitespace_only(d: Path) -> Path:
    out = d / "blank.txt"
    out.write_text("\n\n　　\t \r\n" * 50, encoding="utf-8")
    return out


def binary(d: Path) -> Path:
    """A PNG header then random bytes, named .txt as a mis-saved attachment would be."""
    rng = random.Random(7)
    out = d / "binary.txt"
    out.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(64 * 1024)))
    return out


def _sprinkle(text: str, junk: list[str], k: int, seed: int) -> str:
    rng = random.Random(seed)
    chars = list(text)
    for i in sorted(rng.sample(range(len(chars)), k=k), reverse=True):
        chars.insert(i, rng.choice(junk))
    return "".join(chars)


# C0 controls other than tab/newline, DEL, ANSI colour codes, bidi overrides, zero-width
# characters, a stray BOM, form feed: what copy-paste from PDFs and terminals leaves.
CONTROL_JUNK = ["\x07", "\x1b[31m", "\u202e", "\u200b", "\ufeff", "\x0c", "\x7f", "\x1a", "\x0b", "\x1c"]


def control_characters(d: Path) -> Path:
    """A real plan with control and invisible characters sprinkled in (no NUL): the
    items must still come out, the same as from the clean file, without those bytes."""
    out = d / "control-chars.txt"
    out.write_text(_sprinkle(_text(JILIN), CONTROL_JUNK, 200, 11), encoding="utf-8")
    return out


def nul_characters(d: Path) -> Path:
    """The same with a few NUL bytes: refusing it as binary or stripping them are both right."""
    out = d / "nul-chars.txt"
    out.write_text(_sprinkle(_text(JILIN), ["\x00"], 5, 13), encoding="utf-8")
    return out


def header_only_table(d: Path) -> Path:
    """A task list whose table is its header row and nothing else."""
    out = d / "header-only.txt"
    out.write_text("\n附件\n\n第三批支持创新相关改革举措推广任务清单\n\n序号\t改革举措\t主要内容\t责任部门\t推广范围\n",
                   encoding="utf-8")
    return out


def header_and_categories_table(d: Path) -> Path:
    """Header and a category row that announces 7 items, but no item rows."""
    out = d / "header-categories.txt"
    out.write_text(
        "\n附件\n\n第三批支持创新相关改革举措推广任务清单\n\n"
        "序号\t改革举措\t主要内容\t责任部门\t推广范围\n"
        "一、科技金融创新方面（共7项）\t\t\t\t\n",
        encoding="utf-8",
    )
    return out


def number_brackets(kind: str) -> Callable[[Path], Path]:
    """Guangdong's plan citing its parent with ASCII brackets instead of 〔〕."""
    variants = {"square": "国办发[2020]3号", "paren": "国办发(2020)3号", "fullparen": "国办发（2020）3号"}

    def make(d: Path) -> Path:
        out = d / f"cited-number-{kind}.txt"
        out.write_text(_text(GUANGDONG).replace("国办发〔2020〕3号", variants[kind]), encoding="utf-8")
        return out

    return make


def many_departments(d: Path, n: int = 10_000) -> Path:
    """A Jilin item whose responsible-department list holds 10,000 names."""
    names = "、".join(f"吉林省第{i}工作专班" for i in range(n))
    text = _text(JILIN).replace(
        "（责任单位：吉林省科技厅）", f"（责任单位：{names}，各单位按职责分工落实）", 1
    )
    out = d / "ten-thousand-departments.txt"
    out.write_text(text, encoding="utf-8")
    return out


def huge_single_line(d: Path, size: int = 200 * 1024 * 1024) -> Path:
    """~200 MB of Chinese text with no newline at all, streamed in 1 MB chunks."""
    out = d / "huge-single-line.txt"
    unit = _text(GUANGDONG).replace("\n", " ").encode("utf-8")
    chunk = (unit * (1024 * 1024 // len(unit) + 1))[: 1024 * 1024]
    with out.open("wb") as f:
        written = 0
        while written < size:
            f.write(chunk)
            written += len(chunk)
    return out


def huge_sparse(d: Path, size: int = 200 * 1024 * 1024) -> Path:
    """A 200 MB sparse file (one block on disk, all NUL): size checks must come before reads."""
    out = d / "huge-sparse.txt"
    with out.open("wb") as f:
        f.truncate(size)
    return out


CASES: list[Case] = [
    Case("utf16-no-bom", "either", "UTF-16 without BOM: decode it or refuse it, never garbage", utf16_no_bom),
    Case("latin1-mojibake", "either", "mojibake: repair it or refuse it (no Chinese items left)", latin1_mojibake),
    Case("mixed-encodings", "either", "UTF-8 + GBK halves", mixed_encodings),
    Case("empty", "reject", "0 bytes", empty),
    Case("whitespace-only", "reject", "nothing but blanks", whitespace_only),
    Case("binary", "reject", "PNG bytes named .txt", binary),
    Case("control-chars", "load", "control characters inside a real plan", control_characters),
    Case("nul-chars", "either", "NUL bytes inside a real plan", nul_characters),
    Case("header-only-table", "reject", "a table with no items", header_only_table),
    Case("header-categories-table", "either", "category rows but no items", header_and_categories_table),
    Case("cited-square", "load", "国办发[2020]3号", number_brackets("square")),
    Case("cited-paren", "load", "国办发(2020)3号", number_brackets("paren")),
    Case("cited-fullparen", "load", "国办发（2020）3号", number_brackets("fullparen")),
    Case("ten-thousand-departments", "either", "a department string of 10,000 names", many_departments),
]
SLOW_CASES: list[Case] = [
    Case("huge-single-line", "reject", "200 MB on one line", huge_single_line),
    Case("huge-sparse", "reject", "200 MB sparse file", huge_sparse),
]


def write_all(d: Path, *, slow: bool = False) -> dict[str, Path]:
    d.mkdir(parents=True, exist_ok=True)
    return {c.name: c.make(d) for c in CASES + (SLOW_CASES if slow else [])}


if __name__ == "__main__":  # python -m bench.hostile DIR  (for looking at the cases by hand)
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/out/hostile")
    for name, path in write_all(target, slow="--slow" in sys.argv).items():
        print(f"{name:28s} {os.path.getsize(path):>12,d}  {path}")
