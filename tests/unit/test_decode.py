"""Decoding: encodings are detected, never assumed; unreadable files are refused clearly."""

from __future__ import annotations

import codecs

import pytest

from base.config import SAMPLES_DIR
from base.errors import BadInputError
from loaders.decode import decode_bytes, read_file

TEXT = "吉林省关于推广第二批支持创新相关改革举措的工作方案\n吉政办发〔2019〕19号\n（责任单位：吉林省科技厅）\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
    ],
)
def test_encodings_are_detected(data, encoding):
    decoded = decode_bytes(data)
    assert decoded.text.lstrip("\ufeff") == TEXT
    assert decoded.encoding == encoding
    assert decoded.size == len(data)


def test_gbk_sample_decodes_to_the_same_text(tmp_path):
    for path in SAMPLES_DIR.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        copy = tmp_path / path.name
        copy.write_bytes(text.encode("gbk"))
        decoded = read_file(copy)
        assert (decoded.text, decoded.encoding) == (text, "gb18030"), path.name


def test_sha256_is_of_the_raw_bytes(tmp_path):
    import hashlib

    data = TEXT.encode("gbk")
    (tmp_path / "a.txt").write_bytes(data)
    assert read_file(tmp_path / "a.txt").sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"   \n\t\r\n  ", "only whitespace"),
        ("\u3000\u3000\n".encode(), "only whitespace"),
        (codecs.BOM_UTF8 + b"\n\n", "only whitespace"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4, "binary"),
        (bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 50 + "中文".encode(), "binary"),
    ],
)
def test_unreadable_bytes_are_refused(data, words):
    with pytest.raises(BadInputError) as err:
        decode_bytes(data, source="x.txt")
    assert words in err.value.message
    assert "x.txt" in err.value.message
    assert err.value.hint  # says what to do


def test_missing_file(tmp_path):
    with pytest.raises(BadInputError, match="no such file"):
        read_file(tmp_path / "nope.txt")


JILIN = SAMPLES_DIR / "jilin-second-batch-plan.txt"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_detected(codec):
    text = JILIN.read_text(encoding="utf-8")
    decoded = decode_bytes(text.encode(codec))
    assert (decoded.text, decoded.encoding) == (text, codec)


def test_latin1_mojibake_is_repaired_and_reported():
    text = JILIN.read_text(encoding="utf-8")
    damaged = text.encode("utf-8").decode("latin-1").encode("utf-8")  # misread once, saved again
    decoded = decode_bytes(damaged)
    assert decoded.text == text
    assert decoded.note and "mojibake" in decoded.note


def test_utf8_and_gbk_halves_are_decoded_line_by_line():
    text = (SAMPLES_DIR / "guangdong-third-batch-plan.txt").read_text(encoding="utf-8")
    half = len(text) // 2  # the joint falls inside a line
    decoded = decode_bytes(text[:half].encode("utf-8") + text[half:].encode("gbk"))
    assert decoded.text == text
    assert decoded.encoding == "utf-8+gb18030" and decoded.note


def test_a_few_stray_control_bytes_do_not_make_a_text_binary():
    text = JILIN.read_text(encoding="utf-8")
    noisy = "\x00".join(text[i : i + 40] for i in range(0, len(text), 40))  # ~100 NULs in 12 KB
    decoded = decode_bytes(noisy.encode("utf-8"))
    assert decoded.encoding == "utf-8" and decoded.text == noisy

