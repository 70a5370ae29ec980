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


def test_a_sentence_longer_than_the_bound_is_cut_at_clause_marks():
    from extractor.stages.segment import MAX_SENTENCE

    clause = "đã phát hiện sai phạm 160.596 triệu đồng, kiến nghị thu hồi 5,6 tỷ đồng; "
    text = "Thanh tra tỉnh " + clause * 60 + "kết thúc."
    art = article(text)
    pieces = [art.text[s:e] for s, e in art.sentences]
    assert len(pieces) > 1 and all(len(p) <= MAX_SENTENCE for p in pieces)
    assert all(p.endswith((";", ".")) for p in pieces)  # cut after a ";" when there is one
    assert " ".join(pieces) == text.strip()  # nothing lost, nothing added
    inner = [b for _, b in art.sentences[:-1]] + [a for a, _ in art.sentences[1:]]
    assert set(inner) == set(art.sentence_cuts)


def test_without_clause_marks_it_is_cut_at_a_comma_then_a_space_then_anywhere():
    from extractor.stages.segment import MAX_SENTENCE, bound_sentence

    commas = "một hai ba, " * 300
    pieces = bound_sentence(commas, 0, len(commas))
    assert all(commas[s:e].endswith(",") for s, e in pieces[:-1])
    words = "Nguyễn Văn An " * 300
    pieces = bound_sentence(words, 0, len(words))
    assert all(e - s <= MAX_SENTENCE for s, e in pieces)
    assert " ".join(words[s:e] for s, e in pieces) == words.strip()
    blob = "x" * 2500
    assert bound_sentence(blob, 0, len(blob)) == [(0, 1000), (1000, 2000), (2000, 2500)]


def test_sentences_of_normal_length_are_not_cut():
    text = "Câu một có 5 cuộc, 7 vụ; 9 đơn. Câu hai."
    art = article(text)
    assert [art.text[s:e] for s, e in art.sentences] == ["Câu một có 5 cuộc, 7 vụ; 9 đơn.", "Câu hai."]
    assert not art.sentence_cuts


def test_a_decimal_comma_is_no_clause_mark():
    from extractor.stages.segment import bound_sentence

    text = "thu hồi 5,6 tỷ đồng và 89,72% " * 100
    pieces = bound_sentence(text, 0, len(text))
    assert len(pieces) > 1
    assert all(text[e - 1] != "," and text[s] != "6" for s, e in pieces)  # cut at spaces, not inside 5,6
