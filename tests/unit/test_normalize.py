"""Normalisation: what changes, what is kept, and that spans map back to the decoded text."""

from __future__ import annotations

import opencc

from base.config import SAMPLES_DIR
from loaders.normalize import TRADITIONAL_THRESHOLD, normalize, traditional_ratio


def test_full_width_ascii_becomes_half_width_but_chinese_punctuation_stays():
    n = normalize("“银行＋征信＋担保”２０２０年ＡＢＣ，（一）、《通知》〔２０２０〕３号：；")
    assert n.text == "“银行+征信+担保”2020年ABC，（一）、《通知》〔2020〕3号：；"


def test_spaces_line_endings_and_invisible_characters():
    n = normalize("\ufeff\u3000\u3000一、总体要求\r\n第二行\u00a0x\u200b\r第三行")
    assert n.text == "  一、总体要求\n第二行 x\n第三行"
    assert n.lines == ["  一、总体要求", "第二行 x", "第三行"]
    assert n.line_of(n.text.index("第三行")) == 3


def test_extraction_artefacts_are_dropped_but_tag_content_kept():
    n = normalize("[bookmark: _GoBack]\u3000（四）总结\n<b>二、科技管理体制创新方面（共6项）</b>\t\t")
    assert n.text == " （四）总结\n二、科技管理体制创新方面（共6项）\t\t"


def test_offsets_map_back_to_the_decoded_text():
    original = "<b>一、</b>科技＋金融\r\n[bookmark: x]二、人才"
    n = normalize(original)
    assert n.text == "一、科技+金融\n二、人才"
    for i, ch in enumerate(n.text):
        o = original[n.original_offset(i)]
        assert o == ch or (ch, o) in {("+", "＋"), ("\n", "\r")}, (i, ch, o)
    assert original[n.original_offset(n.text.index("二"))] == "二"


def test_simplified_text_is_not_converted():
    # t2s would turn 覆 into 复 (覆盖 -> 复盖); a simplified text must not be touched
    text = (SAMPLES_DIR / "national-2020-3-third-batch.txt").read_text(encoding="utf-8")
    n = normalize(text)
    assert not n.converted_from_traditional
    assert "覆盖" in n.text
    assert n.traditional_ratio < 0.01


def test_traditional_text_is_detected_converted_and_original_kept():
    simplified = "国务院办公厅关于推广第三批支持创新相关改革举措的通知「国办发〔2020〕3号」"
    traditional = opencc.OpenCC("s2t").convert(simplified)
    assert traditional != simplified
    assert traditional_ratio(traditional) >= TRADITIONAL_THRESHOLD
    n = normalize(traditional)
    assert n.converted_from_traditional
    assert n.text == simplified.replace("「", "“").replace("」", "”")
    assert n.original == traditional
    assert len(n.offsets) == len(n.text) + 1


def test_normalising_is_deterministic_and_idempotent():
    text = (SAMPLES_DIR / "guangdong-third-batch-plan.txt").read_text(encoding="utf-8")
    a, b = normalize(text), normalize(text)
    assert a == b
    assert normalize(a.text).text == a.text


def test_control_characters_are_dropped():
    n = normalize("一、\x00总\x07体\x1b[31m要求\u202e\x7f\x1a\x0c\n（一）工作")
    assert n.text == "一、总体要求\n（一）工作"


def test_pinyin_ruby_from_accessible_pages_is_removed() -> None:
    """Pages in 长者/无障碍 mode print pinyin after characters: 蓝(lán)谷. Read-aloud help, not text."""
    from loaders.normalize import normalize

    out = normalize("青岛蓝(lán)谷管理局；责(zé)任单位:市科技局；绿（lǜ）色").text
    assert out == "青岛蓝谷管理局；责任单位:市科技局；绿色"
    # a parenthesis of plain letters or digits is the document's own text
    assert normalize("措施(a)和(1)、第(ab)项").text == "措施(a)和(1)、第(ab)项"
