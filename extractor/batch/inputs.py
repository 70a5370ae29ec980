"""Reading articles: files, folders, globs, JSONL (plain, gzipped or stdin) → a stream of `Doc`s.

Everything here streams: folders are walked lazily, JSONL is read line by line, and a file's bytes are
read only when its `Doc` is taken. Decoding bytes into text (`decode_bytes`, `html_to_text`) happens in
`Doc.load`, which the batch runner calls inside the worker, so it is spread over the workers too.

Doc ids: a file's stem for .txt/.html, the `id` field for JSONL lines. A `SOURCES.tsv` (doc_id, url)
beside .txt/.html files gives their url.
"""

from __future__ import annotations

import codecs
import glob
import gzip
import json
import logging
import os
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
STDIN = "-"
SOURCES_FILE = "SOURCES.tsv"


class InputError(ValueError):
    """An input that cannot give article text; the message is the one-line reason."""


@dataclass(frozen=True, slots=True)
class Doc:
    """One article as read, before the pipeline: either raw file bytes or text from JSONL, or an error."""

    doc_id: str | None
    source: str  # where it came from: a path, or "path:line" for JSONL
    fmt: str = "text"  # "txt" / "html": `raw` still to decode; "text": `text` is ready
    raw: bytes | None = None
    text: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    error: str | None = None  # set when reading already failed (malformed JSONL line, unreadable file)

    def load(self) -> tuple[str, str | None, str | None, str | None]:
        """(text, url, title, published), decoding file bytes; raises InputError with the reason."""
        if self.error is not None:
            raise InputError(self.error)
        if self.fmt == "text":
            if not isinstance(self.text, str):
                raise InputError("no text")
            return self.text, self.url, self.title, self.published
        if self.raw is None:
            raise InputError("no content")
        if self.fmt == "html":
            text, title, published = html_to_text(self.raw)
            return text, self.url, self.title or title, self.published or published
        return decode_bytes(self.raw), self.url, self.title, self.published


# ---------------------------------------------------------------------------------------------------
# Decoding bytes
# ---------------------------------------------------------------------------------------------------

# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_OK_CONTROLS = frozenset("\t\n\r\f\v")
# Vietnamese tone marks as Windows-1258 writes them: separate combining characters after a vowel.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Punctuation a real Windows-1258 text uses from the 0x80–0xBF range; the other symbols there
# (¤ ¦ § ¨ © ª ¬ ¯ ± ² ³ ´ µ ¶ ¸ ¹ º ¼ ½ ¾ ¿ ‚ ƒ „ † ‡ ˆ ‰ ‹ Œ › œ Ÿ …) are what mojibake looks like.
_CP1258_PLAIN = frozenset("\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2022\u00ab\u00bb\u00b0\u00a0")


def decode_bytes(raw: bytes) -> str:
    """Text of a file's bytes: UTF-8 (with or without BOM), UTF-16/32 with BOM, UTF-16 without BOM,
    then Windows-1258 if the result looks like text. Binary or undecodable bytes raise InputError."""
    if not raw:
        raise InputError("empty file (0 bytes)")
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"invalid {codec.upper()} text after its byte-order mark ({exc.reason})"
                ) from None
            return _check_text(text, codec)
    if b"\x00" in raw:
        text = _utf16_without_bom(raw)
        if text is None:
            raise InputError("binary file (contains NUL bytes), not text")
        return text
    try:
        return _check_text(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1258")
    except UnicodeDecodeError:
        raise InputError("cannot decode: not UTF-8, UTF-16 or Windows-1258 text") from None
    if not _looks_like_cp1258(text):
        raise InputError("cannot decode: not UTF-8, UTF-16 or Windows-1258 text (binary?)")
    # Windows-1258 keeps tone marks as separate characters: compose them like every other input.
    return unicodedata.normalize("NFC", text)


def _check_text(text: str, codec: str) -> str:
    """Reject decoded text that is mostly control characters (a binary file that happens to decode)."""
    sample = text[:20000]
    controls = sum(1 for c in sample if c < " " and c not in _OK_CONTROLS)
    if controls > max(2, len(sample) // 100):
        raise InputError(f"binary file ({controls} control characters in its start), not {codec} text")
    return text


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 without a BOM shows NULs at every other byte for Latin text; None if it is not that."""
    if len(raw) % 2:
        return None
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    half = len(raw) // 2
    codec = "utf-16-le" if odd > 0.3 * half and even < 0.05 * half else None
    if codec is None and even > 0.3 * half and odd < 0.05 * half:
        codec = "utf-16-be"
    if codec is None:
        return None
    try:
        return _check_text(raw.decode(codec), codec)
    except (UnicodeDecodeError, InputError):
        return None


def _looks_like_cp1258(text: str) -> bool:
    """Whether bytes decoded as Windows-1258 read as text rather than mojibake or binary."""
    non_ascii = odd = loose_marks = 0
    prev = " "
    for c in text:
        if c < " " and c not in _OK_CONTROLS:
            odd += 1
        elif c >= "\x80":
            non_ascii += 1
            if c in _TONE_MARKS:
                if not prev.isalpha():
                    loose_marks += 1
            elif not c.isalpha() and c not in _CP1258_PLAIN:
                odd += 1
        prev = c
    if odd > max(2, len(text) // 200):
        return False
    return loose_marks <= max(1, non_ascii // 20)


# ---------------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------------

_quiet_loggers_done = False


def _quiet_loggers() -> None:
    # trafilatura and htmldate log every odd page at WARNING; the batch runner reports failures itself.
    global _quiet_loggers_done
    if not _quiet_loggers_done:
        for name in ("trafilatura", "htmldate", "justext", "courlan"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
        _quiet_loggers_done = True


def html_to_text(raw: bytes) -> tuple[str, str | None, str | None]:
    """(main text, title, published date) of an HTML page, via trafilatura (offline)."""
    import trafilatura

    _quiet_loggers()
    html = decode_bytes(raw)
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            # Only the page's own publication date (meta tags, time elements), not any date in the text.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # lxml and trafilatura raise many kinds on broken markup
        raise InputError(f"cannot parse HTML: {_one_line(exc)}") from None
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise InputError("HTML page has no main text")
    # One paragraph per line from trafilatura; blank lines between them, as in the .txt corpus.
    text = "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
    title = (getattr(doc, "title", None) or "").strip() or None
    date = (getattr(doc, "date", None) or "").strip() or None
    return text, title, date


def _one_line(exc: BaseException) -> str:
    msg = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {msg}"[:300] if msg else type(exc).__name__


# ---------------------------------------------------------------------------------------------------
# Walking paths
# ---------------------------------------------------------------------------------------------------


def _kind(path: str) -> str | None:
    name = path.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(TEXT_SUFFIXES):
        return "txt"
    return None


def _walk(folder: str) -> Iterator[str]:
    """Article files under `folder`, recursively, in sorted order; hidden entries skipped."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    subdirs = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            subdirs.append(entry.path)
        elif _kind(entry.name) is not None and not entry.name.endswith(".errors.jsonl"):
            yield entry.path
    for sub in subdirs:
        yield from _walk(sub)


def expand_paths(args: Iterable[str], exclude: Iterable[str | os.PathLike] = ()) -> Iterator[str]:
    """Files named by `args` (files, folders, globs, "-"), lazily and in a stable order.

    A path that does not exist and matches no glob is yielded as is, so that reading it reports it.
    Paths in `exclude` (the run's own output and errors files) are skipped.
    """
    skip = {os.path.realpath(p) for p in exclude}
    for arg in args:
        if arg == STDIN:
            yield arg
            continue
        if os.path.isdir(arg):
            candidates: Iterable[str] = _walk(arg)
        elif os.path.exists(arg) or not glob.has_magic(arg):
            candidates = (arg,)
        else:
            candidates = _glob(arg)
        for path in candidates:
            if os.path.realpath(path) not in skip:
                yield path


def _glob(pattern: str) -> Iterator[str]:
    matches = sorted(glob.iglob(pattern, recursive=True))
    if not matches:
        yield pattern  # reported as "no such file" when read
    for path in matches:
        if os.path.isdir(path):
            yield from _walk(path)
        else:
            yield path


def count_docs(args: Iterable[str], exclude: Iterable[str | os.PathLike] = ()) -> int | None:
    """How many articles `read_docs(args)` will give, for a progress bar; None if unknown (stdin, .gz)."""
    total = 0
    for path in expand_paths(args, exclude):
        if path == STDIN or path.lower().endswith(".gz"):
            return None
        if _kind(path) == "jsonl":
            try:
                with open(path, "rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total


# ---------------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------------


class _Sources:
    """url by doc_id from the SOURCES.tsv of each folder, read once per folder."""

    def __init__(self) -> None:
        self._by_dir: dict[str, dict[str, str]] = {}

    def url(self, path: str, doc_id: str) -> str | None:
        folder = os.path.dirname(os.path.abspath(path))
        urls = self._by_dir.get(folder)
        if urls is None:
            urls = self._by_dir[folder] = _read_sources(os.path.join(folder, SOURCES_FILE))
        return urls.get(doc_id) or None


def _read_sources(path: str) -> dict[str, str]:
    urls: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8-sig") as fh:
            for line in fh:
                cols = line.rstrip("\r\n").split("\t")
                if len(cols) >= 2 and cols[0] and cols[0] != "doc_id":
                    urls[cols[0].strip()] = cols[1].strip()
    except (OSError, UnicodeDecodeError):
        pass
    return urls


def read_docs(
    args: Iterable[str], exclude: Iterable[str | os.PathLike] = (), stdin: BinaryIO | None = None
) -> Iterator[Doc]:
    """Every article named by `args`, one `Doc` at a time (errors included, as `Doc.error`)."""
    sources = _Sources()
    for path in expand_paths(args, exclude):
        if path == STDIN:
            yield from read_jsonl(stdin if stdin is not None else sys.stdin.buffer, "<stdin>")
            continue
        kind = _kind(path)
        if kind == "jsonl":
            yield from _read_jsonl_file(path)
            continue
        doc_id = Path(path).stem
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
        except FileNotFoundError:
            yield Doc(doc_id, path, error="no such file")
            continue
        except IsADirectoryError:
            yield Doc(doc_id, path, error="is a directory")
            continue
        except OSError as exc:
            yield Doc(doc_id, path, error=f"cannot read: {exc.strerror or exc}")
            continue
        # Any other name given explicitly is read as text.
        yield Doc(
            doc_id, path, fmt="html" if kind == "html" else "txt", raw=raw, url=sources.url(path, doc_id)
        )


def _read_jsonl_file(path: str) -> Iterator[Doc]:
    try:
        fh: BinaryIO = gzip.open(path, "rb") if path.lower().endswith(".gz") else open(path, "rb")
    except OSError as exc:
        yield Doc(
            None, path, error="no such file" if isinstance(exc, FileNotFoundError) else f"cannot read: {exc}"
        )
        return
    with fh:
        yield from read_jsonl(fh, path)


def read_jsonl(fh: BinaryIO, name: str) -> Iterator[Doc]:
    """Articles from JSONL lines {"id", "text", "url"?, "title"?, "published"?}; a bad line: an error Doc."""
    n = 0
    try:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            yield _parse_line(line, f"{name}:{n}", first=n == 1)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:  # truncated or corrupt .gz
        yield Doc(None, f"{name}:{n + 1}", error=f"cannot read further: {_one_line(exc)}")


def _parse_line(line: bytes, source: str, first: bool) -> Doc:
    try:
        obj = json.loads(line.decode("utf-8-sig" if first else "utf-8"))
    except UnicodeDecodeError:
        return Doc(None, source, error="line is not UTF-8")
    except json.JSONDecodeError as exc:
        return Doc(None, source, error=f"malformed JSON line ({exc.msg} at column {exc.colno})")
    if not isinstance(obj, dict):
        return Doc(None, source, error=f"JSON line is a {type(obj).__name__}, not an object")
    raw_id = obj.get("id", obj.get("doc_id"))
    doc_id = str(raw_id).strip() if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else ""
    if not doc_id:
        return Doc(None, source, error='missing "id"')
    text = obj.get("text")
    if text is None:
        return Doc(doc_id, source, error='missing "text"')
    if not isinstance(text, str):
        return Doc(doc_id, source, error=f'"text" is a {type(text).__name__}, not a string')

    def opt(key: str) -> str | None:
        value = obj.get(key)
        return str(value) if value not in (None, "") else None

    return Doc(doc_id, source, text=text, url=opt("url"), title=opt("title"), published=opt("published"))
