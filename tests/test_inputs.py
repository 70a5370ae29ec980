"""Reading articles: decoding bytes, walking folders and globs, JSONL lines, HTML pages."""

from __future__ import annotations

import gzip
import io
import json
import os
import unicodedata
from pathlib import Path

import pytest

from extractor.batch.inputs import Doc, InputError, count_docs, decode_bytes, html_to_text, read_docs
from tests.helpers import to_cp1258

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
VI = (
    "Ngày 16/11/2018, Thanh tra tỉnh Bắc Giang đơn vị Cụm trưởng Cụm thi đua số V đã tổ chức Hội nghị "
    "tổng kết công tác thi đua, khen thưởng năm 2018. Qua thanh tra, đã phát hiện sai phạm 160.596 triệu "
    "đồng, kiến nghị thu hồi hơn 5,6 tỷ đồng và 49.424 m2 đất; đạt 89,72%.\n\nỦy ban nhân dân tỉnh Đắk Lắk."
)




# --- decoding ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        VI.encode("utf-8"),
        b"\xef\xbb\xbf" + VI.encode("utf-8"),
        VI.encode("utf-16"),  # with BOM
        b"\xfe\xff" + VI.encode("utf-16-be"),
        VI.encode("utf-16-le"),  # no BOM: told by the NUL pattern
        VI.encode("utf-32"),
        to_cp1258(VI),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "utf16le-nobom", "utf32", "cp1258"],
)
def test_every_supported_encoding_gives_the_same_text(raw: bytes) -> None:
    assert decode_bytes(raw) == VI


def test_windows_1258_is_really_different_bytes_and_comes_back_composed() -> None:
    raw = to_cp1258(VI)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = decode_bytes(raw)
    assert text == unicodedata.normalize("NFC", text)
    assert "Đắk Lắk" in text


def test_whole_corpus_article_round_trips_through_windows_1258() -> None:
    text = (CORPUS / "art_001.txt").read_text(encoding="utf-8")
    assert decode_bytes(to_cp1258(text)) == unicodedata.normalize("NFC", text)


def test_nfd_utf8_is_passed_on_unchanged() -> None:
    # Normalising is the pipeline's first stage; reading must not change what it will index.
    nfd = unicodedata.normalize("NFD", VI)
    assert decode_bytes(nfd.encode("utf-8")) == nfd


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        (gzip.compress(VI.encode("utf-8")), "binary"),
        (bytes([0x81, 0x8D, 0x41, 0x9D, 0x42]) * 50, "cannot decode"),  # bytes Windows-1258 does not define
        (b"\xff\xfe" + b"\x00\xd8" * 3, "invalid utf-16"),  # lone surrogates after a BOM
        (b"abc\x01\x02\x03\x04\x05\x06\x07\x08" * 50, "binary"),  # valid UTF-8 but control bytes
    ],
    ids=["empty", "png", "gzip", "undefined-cp1258", "bad-utf16", "controls"],
)
def test_bad_bytes_give_a_one_line_reason(raw: bytes, words: str) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(raw)
    reason = str(info.value)
    assert words in reason.lower() and "\n" not in reason


def test_random_high_bytes_are_not_taken_for_windows_1258() -> None:
    rng = __import__("random").Random(7)
    undefined = {0x81, 0x8A, 0x8D, 0x8E, 0x8F, 0x90, 0x9A, 0x9D, 0x9E}
    for _ in range(50):
        raw = bytes(b for b in (rng.randrange(0x20, 256) for _ in range(2000)) if b not in undefined)
        with pytest.raises(InputError):
            decode_bytes(raw)


# --- files, folders, globs ---------------------------------------------------------------------------


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "b.txt").write_text("bee", encoding="utf-8")
    (root / "a.txt").write_text("ay", encoding="utf-8")
    (root / "sub" / "c.html").write_text("<p>see</p>", encoding="utf-8")
    (root / ".hidden" / "h.txt").write_text("hidden", encoding="utf-8")
    (root / "notes.pdf").write_bytes(b"%PDF")
    (root / "SOURCES.tsv").write_text("doc_id\turl\na\thttps://example.org/a\nb\t\n", encoding="utf-8")
    return root


def test_folder_is_walked_sorted_recursively_and_skips_other_files(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    docs = list(read_docs([str(root)]))
    assert [d.doc_id for d in docs] == ["a", "b", "c"]
    assert [d.fmt for d in docs] == ["txt", "txt", "html"]
    assert docs[0].url == "https://example.org/a"
    assert docs[1].url is None  # blank url column
    assert docs[0].load()[0] == "ay"


def test_output_and_errors_files_inside_the_input_folder_are_not_read(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "out.jsonl").write_text('{"id": "x", "text": "y"}\n', encoding="utf-8")
    (root / "out.errors.jsonl").write_text('{"id": "e", "text": "y"}\n', encoding="utf-8")
    ids = [d.doc_id for d in read_docs([str(root)], exclude=[root / "out.jsonl"])]
    assert ids == ["a", "b", "c"]


def test_globs_and_missing_paths(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    docs = list(
        read_docs(
            [str(root / "*.txt"), str(root / "**" / "*.html"), str(root / "nope.txt"), str(root / "z*.txt")]
        )
    )
    assert [d.doc_id for d in docs] == ["a", "b", "c", "nope", "z*"]
    assert docs[3].error == "no such file" and docs[4].error == "no such file"
    with pytest.raises(InputError, match="no such file"):
        docs[3].load()


def test_an_explicit_file_with_another_extension_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    path.write_text(VI, encoding="utf-8")
    (doc,) = read_docs([str(path)])
    assert doc.doc_id == "article" and doc.load()[0] == VI


def test_corpus_sources_give_urls() -> None:
    docs = {d.doc_id: d for d in read_docs([str(CORPUS)])}
    lines = (CORPUS / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()[1:]
    expected = {row.split("\t")[0]: row.split("\t")[1] or None for row in lines if row.strip()}
    assert {k: docs[k].url for k in expected if k in docs} == {k: v for k, v in expected.items() if k in docs}
    assert "SOURCES" not in docs and len(docs) == len(list(CORPUS.glob("*.txt")))


# --- JSONL -------------------------------------------------------------------------------------------

JSONL_LINES = [
    json.dumps({"id": "one", "text": VI, "url": "https://x/1", "title": "T", "published": "2020-01-02"}),
    "",
    '{"id": "two", "text": "broken',
    json.dumps({"id": "three"}),
    json.dumps({"text": "no id"}),
    json.dumps(["a", "list"]),
    json.dumps({"id": 4, "text": "int id"}),
    json.dumps({"id": "five", "text": 5}),
]


def _check_jsonl_docs(docs: list[Doc], name: str) -> None:
    assert [d.doc_id for d in docs] == ["one", None, "three", None, None, "4", "five"]
    assert docs[0].load() == (VI, "https://x/1", "T", "2020-01-02")
    assert docs[1].source == f"{name}:3" and "malformed JSON" in (docs[1].error or "")
    assert docs[2].error == 'missing "text"'
    assert docs[3].error == 'missing "id"' and docs[3].source == f"{name}:5"
    assert "not an object" in (docs[4].error or "")
    assert docs[5].load()[0] == "int id"
    assert "not a string" in (docs[6].error or "")


def test_jsonl_lines_and_their_errors(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(JSONL_LINES) + "\n", encoding="utf-8")
    _check_jsonl_docs(list(read_docs([str(path)])), str(path))


def test_gzipped_jsonl_and_stdin(tmp_path: Path) -> None:
    data = ("\n".join(JSONL_LINES) + "\n").encode("utf-8")
    path = tmp_path / "batch.jsonl.gz"
    path.write_bytes(gzip.compress(data))
    _check_jsonl_docs(list(read_docs([str(path)])), str(path))
    _check_jsonl_docs(list(read_docs(["-"], stdin=io.BytesIO(data))), "<stdin>")


def test_truncated_gzip_keeps_the_lines_before_the_damage(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"d{i}", "text": VI + str(i) + os.urandom(200).hex()}) for i in range(200)]
    packed = gzip.compress("\n".join(lines).encode("utf-8"))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    docs = list(read_docs([str(path)]))
    assert docs[0].doc_id == "d0" and docs[0].error is None
    assert docs[-1].doc_id is None and "cannot read further" in (docs[-1].error or "")


def test_non_utf8_jsonl_line(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"id": "a", "text": "ok"}\n' + to_cp1258('{"id": "b", "text": "Đắk Lắk"}') + b"\n")
    docs = list(read_docs([str(path)]))
    assert docs[0].error is None and docs[1].error == "line is not UTF-8"


def test_count_docs(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "more.jsonl").write_text("\n".join(JSONL_LINES) + "\n", encoding="utf-8")
    assert count_docs([str(root)]) == 3 + 7 == len(list(read_docs([str(root)])))
    assert count_docs(["-"]) is None


# --- HTML --------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Hội nghị tổng kết Cụm thi đua số V</title>
<meta property="article:published_time" content="2018-11-21T08:30:00+07:00">
<script>var ad = "Thanh tra tỉnh Lạng Sơn thu hồi 999 tỷ đồng";</script><style>p { color: red }</style></head>
<body><nav><a href="/">Trang chủ</a> | <a href="/tin">Tin tức</a></nav>
<article><h1>Hội nghị tổng kết Cụm thi đua số V</h1><p>PARA</p><p>PARA</p>
<script>document.write("quảng cáo 777 tỷ đồng")</script></article>
<footer>Bản quyền thuộc Báo Thanh tra</footer></body></html>"""


def test_html_main_text_title_and_date_without_scripts() -> None:
    page = PAGE.replace("PARA", VI.replace("\n\n", " "))
    text, title, published = html_to_text(page.encode("utf-8"))
    assert "160.596 triệu đồng" in text
    assert "999" not in text and "777" not in text and "color" not in text
    assert title == "Hội nghị tổng kết Cụm thi đua số V"
    assert published == "2018-11-21"


def test_html_in_windows_1258_and_html_without_text(tmp_path: Path) -> None:
    page = PAGE.replace("PARA", VI.replace("\n\n", " ")).replace('charset="utf-8"', 'charset="windows-1258"')
    (tmp_path / "p.html").write_bytes(to_cp1258(page))
    (tmp_path / "empty.html").write_bytes(b"<html><head><script>var x=1;</script></head><body></body></html>")
    docs = {d.doc_id: d for d in read_docs([str(tmp_path)])}
    assert "Đắk Lắk" in docs["p"].load()[0]
    with pytest.raises(InputError, match="no main text"):
        docs["empty"].load()
