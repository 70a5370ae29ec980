"""The cue lexicon: phrase syntax, one left-to-right reading with the longest phrase at each word, promotions."""

from __future__ import annotations

import pytest

from extractor.stages.cues import Lexicon, expand, tokens


def _read(lex: Lexicon, text: str) -> list[tuple[str, list[str]]]:
    return [(text[c.start : c.end], [lex.names[k] for k in c.classes]) for c in lex.scan(text)]


def test_phrase_syntax_expands_options_and_alternatives() -> None:
    assert expand("kiến nghị [xử lý] thu (hồi|nộp)") == [
        ("kiến", "nghị", "thu", "hồi"), ("kiến", "nghị", "thu", "nộp"),
        ("kiến", "nghị", "xử", "lý", "thu", "hồi"), ("kiến", "nghị", "xử", "lý", "thu", "nộp"),
    ]
    assert expand("KN , TC") == [("kn", ",", "tc")]
    assert expand("[số tiền|tổng số tiền] phải thu") == [
        ("phải", "thu"), ("số", "tiền", "phải", "thu"), ("tổng", "số", "tiền", "phải", "thu")]
    with pytest.raises(ValueError, match="unclosed"):
        expand("kiến nghị [thu hồi")


def test_longest_phrase_wins_and_reading_resumes_after_it() -> None:
    lex = Lexicon([("recover", ["thu hồi"]), ("recovered", ["đã thu hồi", "đã thu"]),
                   ("recommend_recover", ["kiến nghị thu hồi"]), ("none", ["thu nhập"])])
    text = "Kiến nghị thu hồi 5 tỷ đồng, đã thu hồi 2 tỷ, đã thu 1 tỷ; thu nhập tăng; thu hồi nợ"
    assert _read(lex, text) == [
        ("Kiến nghị thu hồi", ["recommend_recover"]), ("đã thu hồi", ["recovered"]), ("đã thu", ["recovered"]),
        ("thu nhập", ["none"]), ("thu hồi", ["recover"]),
    ]


def test_whole_words_only_and_any_spacing() -> None:
    lex = Lexicon([("police", ["công an"]), ("complaint", ["KN , TC"]), ("tail", [":"])])
    text = "Công  an tỉnh; côngan; 37/40 vụ KN,TC và KN, TC: xong"
    assert _read(lex, text) == [("Công  an", ["police"]), ("KN,TC", ["complaint"]),
                                ("KN, TC", ["complaint"]), (":", ["tail"])]
    assert _read(lex, "Thanh tra tỉnh kiểm tra") == []  # "ra" is not a word here, and no phrase is


def test_a_phrase_may_belong_to_several_classes() -> None:
    lex = Lexicon([("individual", ["cá nhân"]), ("not_citizens", ["cá nhân", "cán bộ"])])
    assert _read(lex, "453 cá nhân") == [("cá nhân", ["individual", "not_citizens"])]


def test_promotion_within_a_clause() -> None:
    lex = Lexicon([("recommend", ["kiến nghị"]), ("recover", ["thu hồi"]), ("rr", ["kiến nghị thu hồi"])],
                  [{"promote": "recover", "after": ["recommend"], "within": 30, "stop": ",;.", "to": "rr"}])
    assert _read(lex, "kiến nghị xử lý về kinh tế và thu hồi 5 tỷ")[-1] == ("thu hồi", ["rr"])
    assert _read(lex, "kiến nghị xử lý, thu hồi 5 tỷ")[-1] == ("thu hồi", ["recover"])  # another clause
    assert _read(lex, "kiến nghị " + "x" * 40 + " thu hồi")[-1] == ("thu hồi", ["recover"])  # too far


def test_unknown_class_is_named() -> None:
    lex = Lexicon([("a", ["x"])])
    with pytest.raises(ValueError, match="unknown cue class 'b'"):
        lex.id("b")


def test_tokens_fold_case_and_compose() -> None:
    assert tokens("Đã  THU hồi,") == ("đã", "thu", "hồi", ",")
