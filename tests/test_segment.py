from tests.helpers import article


def sentences(text):
    art = article(text)
    return [art.text[s:e] for s, e in art.sentences]


def test_splits_on_sentence_ends_and_lines():
    assert sentences("Kết thúc 22 cuộc. Kết luận 18 cuộc!\nĐoạn mới") == [
        "Kết thúc 22 cuộc.",
        "Kết luận 18 cuộc!",
        "Đoạn mới",
    ]


def test_keeps_abbreviations_decimals_and_initials_inside():
    assert sentences("Tại TP. Hồ Chí Minh thu hồi 71.5 tỷ đồng. Ảnh N. Xinh chụp.") == [
        "Tại TP. Hồ Chí Minh thu hồi 71.5 tỷ đồng.",
        "Ảnh N. Xinh chụp.",
    ]


def test_sentence_of_finds_the_containing_sentence():
    art = article("Câu một có 5 cuộc. Câu hai có 7 cuộc.")
    pos = art.text.index("7 cuộc")
    s, e = art.sentence_of(pos)
    assert art.text[s:e] == "Câu hai có 7 cuộc."
