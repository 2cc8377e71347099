"""Bad input is refused with a BadInputError that says what is wrong and what to do."""

from __future__ import annotations

import pathlib

import pytest

from base.config import MAX_FILE_BYTES, SAMPLES_DIR
from base.errors import BadInputError
from loaders.extract import extract_file, extract_text


def _refused(path) -> BadInputError:
    with pytest.raises(BadInputError) as err:
        extract_file(path)
    assert err.value.hint, "every refusal tells the user what to do"
    assert err.value.to_dict()["error"] == "bad_input"
    return err.value


def test_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert "empty" in _refused(tmp_path / "empty.txt").message


def test_whitespace_only_file(tmp_path):
    (tmp_path / "blank.txt").write_text("  \n\u3000\u3000\n\t\n", encoding="utf-8")
    assert "whitespace" in _refused(tmp_path / "blank.txt").message


def test_binary_file(tmp_path):
    (tmp_path / "plan.txt").write_bytes(b"%PDF-1.7\n\x00\x01\x02\xff\xfe" + bytes(range(256)) * 8)
    err = _refused(tmp_path / "plan.txt")
    assert "binary" in err.message
    assert "text" in err.hint


def test_huge_file_is_refused_by_size_without_reading_it(tmp_path, monkeypatch):
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:  # sparse: 50 MB on paper, nothing written
        fh.truncate(50 * 1024 * 1024)
    assert big.stat().st_size > MAX_FILE_BYTES

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened; size must be checked first")

    monkeypatch.setattr(pathlib.Path, "open", no_reading)
    monkeypatch.setattr(pathlib.Path, "read_bytes", no_reading)
    err = _refused(big)
    assert "50.0 MB" in err.message and "limit" in err.message


def test_text_without_items(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("各位同事：\n\n下周一上午九点在三楼会议室开会，请准时参加。\n\n办公室\n", encoding="utf-8")
    err = _refused(path)
    assert "no recognisable measures" in err.message
    # the hint says what the loader looks for
    assert "序号" in err.hint and "（一）" in err.hint and "责任单位" in err.hint


def test_extract_text_refuses_text_without_items():
    with pytest.raises(BadInputError, match="no recognisable measures"):
        extract_text("这是一段没有任何编号条目的文字。", "note.txt")


# ------------------------------------------------------------------ sidecars


def _sample_copy(tmp_path, name="guangdong-third-batch-plan.txt"):
    copy = tmp_path / name
    copy.write_bytes((SAMPLES_DIR / name).read_bytes())
    return copy


def test_sidecar_values_win_with_provenance(tmp_path):
    copy = _sample_copy(tmp_path)
    copy.with_suffix(".yaml").write_text(
        "title: 广东省推广第三批支持创新相关改革举措工作方案\ndate: 2020-05-06\nregion: '440000'\n"
        "number: 粤府办〔2020〕9号\n",
        encoding="utf-8",
    )
    x = extract_file(copy)
    d = x.document
    assert d.title == "广东省推广第三批支持创新相关改革举措工作方案"
    assert d.date == "2020-05-06"
    assert d.number == d.id == "粤府办〔2020〕9号"
    assert d.region_id == "440000"
    for field in ("title", "date", "region", "number"):
        assert d.provenance[field].method == "sidecar"
    assert all(m.date == "2020-05-06" and m.id.startswith("粤府办〔2020〕9号/") for m in x.measures)


def test_json_sidecar_with_region_name(tmp_path):
    copy = _sample_copy(tmp_path, "hebei-city-third-batch-tasks.txt")
    copy.with_suffix(".json").write_text('{"region": "石家庄市", "issuer": "石家庄市人民政府办公室"}', encoding="utf-8")
    d = extract_file(copy).document
    assert d.region_id == "130100" and d.provenance["region"].method == "sidecar"
    assert d.issuer == "石家庄市人民政府办公室"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("date: 2020-02-30\n", "not a valid date"),
        ("date: sometime\n", "not a valid date"),
        ("level: county\n", "level"),
        ("region: 亚特兰蒂斯\n", "region"),
        ("number: 第九号\n", "number"),
        ("publisher: 某某\n", "unknown sidecar key"),
        ("- a list\n", "mapping"),
        ("title: [unclosed\n", "cannot read"),
    ],
)
def test_bad_sidecar_values_are_refused(tmp_path, content, words):
    copy = _sample_copy(tmp_path)
    copy.with_suffix(".yaml").write_text(content, encoding="utf-8")
    err = _refused(copy)
    assert words in err.message


def test_table_with_headers_but_no_rows_is_refused(tmp_path):
    # A category announcing 7 items makes untitled measures only beside real rows.
    path = tmp_path / "header-only.txt"
    path.write_text(
        "第三批支持创新相关改革举措推广任务清单\n\n序号\t改革举措\t主要内容\t责任部门\t推广范围\n"
        "一、科技金融创新方面（共7项）\t\t\t\t\n",
        encoding="utf-8",
    )
    assert "no recognisable measures" in _refused(path).message
