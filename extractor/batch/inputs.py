"""Reading articles: files, folders, globs, JSONL (plain, gzipped or stdin) → a stream of `Doc`s.

Everything here streams: folders are walked lazily, JSONL is read line by line, and a file's bytes are
read only when its `Doc` is taken. Decoding bytes into text (`decode_bytes`, `html_to_text`) happens in
`Doc.load`, which the batch runner calls inside the worker, so it is spread over the workers too.

Doc ids: a file's stem for .txt/.html, the `id` field for JSONL lines. A `SOURCES.tsv` (doc_id, url)
beside .txt/.html files gives their url.
"""

from __future__ import annotations

import codecs
import errno
import glob
import gzip
import io
import json
import logging
import os
import re
import stat
import sys
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

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
    max_chars: int | None = None  # decoded text longer than this is refused (files: known only then)

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
            text, title, published, url = html_page(self.raw)
            got = text, self.url or url, self.title or title, self.published or published
        else:
            got = decode_bytes(self.raw), self.url, self.title, self.published
        if self.max_chars is not None and len(got[0]) > self.max_chars:
            raise InputError(too_long(len(got[0]), Limits(max_chars=self.max_chars)))
        return got


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
_CONTROLS = re.compile(  # the control characters a text does not hold
    "[" + "".join(re.escape(chr(c)) for c in range(32) if chr(c) not in _OK_CONTROLS) + "]"
)
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
    controls = len(_CONTROLS.findall(sample))
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


_TAG_RE = re.compile(r"<(?:link|meta)\b[^<>]*>", re.IGNORECASE)
_ATTR_RE = re.compile(r"""([a-zA-Z:_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>]+))""")


def page_url(html: str) -> str | None:
    """The page's own address: <link rel="canonical" href> first, else <meta property="og:url">; only
    an absolute http(s) address (a relative one says nothing without the page's location)."""
    import html as html_lib

    found: dict[str, str] = {}
    head = html[: html.lower().find("</head>") + 7] if "</head>" in html.lower() else html[:200_000]
    for tag in _TAG_RE.finditer(head):
        attrs = {k.lower(): html_lib.unescape(a or b or c).strip() for k, a, b, c in _ATTR_RE.findall(tag[0])}
        if "canonical" in attrs.get("rel", "").lower().split() and attrs.get("href"):
            found.setdefault("canonical", attrs["href"])
        elif (attrs.get("property") or attrs.get("name") or "").lower() == "og:url" and attrs.get("content"):
            found.setdefault("og", attrs["content"])
    for key in ("canonical", "og"):
        url = found.get(key, "")
        if url.lower().startswith(("http://", "https://")) and " " not in url:
            return url
    return None


def html_to_text(raw: bytes) -> tuple[str, str | None, str | None]:
    """(main text, title, published date) of an HTML page, via trafilatura (offline)."""
    text, title, published, _ = html_page(raw)
    return text, title, published


def html_page(raw: bytes) -> tuple[str, str | None, str | None, str | None]:
    """(main text, title, published date, url) of an HTML page, via trafilatura (offline); the url from
    the page's canonical link or og:url."""
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
    return text, title, date, page_url(html)


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


@dataclass(frozen=True, slots=True)
class Entry:
    """A path to read, or one that cannot be (a symlink loop, a folder that cannot be listed): `error`."""

    path: str
    error: str | None = None


def _os_reason(exc: OSError) -> str:
    """One line for an OSError met while walking or opening."""
    if exc.errno == errno.ELOOP:
        return "symlink loop (the link points, through links, back to itself), not read"
    if exc.errno == errno.ENOENT:
        return "no such file"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return f"cannot read: {exc.strerror or exc}"


class _Walker:
    """Walks folders once each (by device and inode), never following a symlink back into a folder it is
    inside, and never opening anything: listing and stat only, so a FIFO or a device cannot block it."""

    def __init__(self, exclude: Iterable[str | os.PathLike]) -> None:
        self._seen: set[tuple[int, int]] = set()
        self._skip = {os.path.realpath(p) for p in exclude}
        self._skip_names = {os.path.basename(p) for p in self._skip}

    def excluded(self, path: str) -> bool:
        # realpath costs a stat per path component: only for the names the run writes to
        return os.path.basename(path) in self._skip_names and os.path.realpath(path) in self._skip

    def walk(self, folder: str, inside: frozenset[tuple[int, int]] = frozenset()) -> Iterator[Entry]:
        """Article files under `folder`, recursively, in sorted order; hidden entries skipped."""
        try:
            st = os.stat(folder)
        except OSError as exc:
            yield Entry(folder, _os_reason(exc))
            return
        key = (st.st_dev, st.st_ino)
        if key in inside:
            yield Entry(folder, "symlink loop (a link to a folder that contains it), not followed")
            return
        if key in self._seen:
            return  # the same folder under another name: already read
        self._seen.add(key)
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield Entry(folder, f"cannot list the folder: {_os_reason(exc)}")
            return
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            is_article = _kind(entry.name) is not None and not entry.name.endswith(".errors.jsonl")
            try:
                is_dir = entry.is_dir()  # follows a symlink: a link to itself raises ELOOP
            except OSError as exc:
                if is_article:
                    yield Entry(entry.path, _os_reason(exc))
                continue
            if is_dir:
                subdirs.append(entry.path)
            elif is_article and not self.excluded(entry.path):
                yield Entry(entry.path)  # a FIFO or device too: reading it says what it is
        for sub in subdirs:
            yield from self.walk(sub, inside | {key})


def expand_paths(args: Iterable[str], exclude: Iterable[str | os.PathLike] = ()) -> Iterator[Entry]:
    """What `args` (files, folders, globs, "-") name, lazily and in a stable order: each folder once.

    A path that does not exist and matches no glob is given as is, so that reading it reports it (the
    command line refuses such paths before it starts: `missing_paths`). Paths in `exclude` (the run's own
    output and errors files) are skipped.
    """
    walker = _Walker(exclude)
    for arg in args:
        if arg == STDIN:
            yield Entry(arg)
            continue
        if os.path.isdir(arg):
            yield from walker.walk(arg)
        elif os.path.lexists(arg) or not glob.has_magic(arg):
            if not walker.excluded(arg):
                yield Entry(arg)
        else:
            matches = sorted(glob.iglob(arg, recursive=True))
            if not matches:
                yield Entry(arg)  # reported as "no such file" when read
            for path in matches:
                if os.path.isdir(path):
                    yield from walker.walk(path)
                elif not walker.excluded(path):
                    yield Entry(path)


def missing_paths(args: Iterable[str]) -> list[str]:
    """The arguments that name nothing: a path that does not exist, a glob that matches no file."""
    out = []
    for arg in args:
        if arg == STDIN or os.path.lexists(arg):
            continue
        if not glob.has_magic(arg):
            out.append(f"no such file or folder: {arg}")
        elif next(glob.iglob(arg, recursive=True), None) is None:
            out.append(f"no file matches {arg!r}")
    return out


def named_files(args: Iterable[str]) -> Iterator[str]:
    """The files named directly by `args` (files and glob matches, not folder contents)."""
    for arg in args:
        if arg == STDIN or os.path.isdir(arg):
            continue
        if os.path.lexists(arg) or not glob.has_magic(arg):
            yield arg
        else:
            yield from (p for p in glob.iglob(arg, recursive=True) if not os.path.isdir(p))


COUNT_BYTES_MAX = 256 * 2**20  # a JSONL file larger than this is not counted for the progress bar


def count_docs(args: Iterable[str], exclude: Iterable[str | os.PathLike] = ()) -> int | None:
    """How many articles `read_docs(args)` will give, for a progress bar; None if it cannot be known
    cheaply (stdin, .gz, a very large JSONL file). Only regular files are opened."""
    total = 0
    for entry in expand_paths(args, exclude):
        path = entry.path
        if entry.error is not None:
            total += 1
            continue
        if path == STDIN or path.lower().endswith(".gz"):
            return None
        if _kind(path) != "jsonl":
            total += 1
            continue
        try:
            st = os.stat(path)
        except OSError:
            total += 1
            continue
        if not stat.S_ISREG(st.st_mode):
            total += 1
            continue
        if st.st_size > COUNT_BYTES_MAX:
            return None
        with open(path, "rb") as fh:
            total += sum(1 for line in fh if line.strip())
    return total


# ---------------------------------------------------------------------------------------------------
# Limits
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one input may make the reader hold; each is enforced while reading, and a breach is
    one error line (the run goes on)."""

    max_chars: int = 5_000_000  # characters of one article
    max_line_bytes: int | None = None  # one JSONL line; default: 6 bytes per character + 1 MiB
    max_input_bytes: int = 20 * 2**30  # decompressed bytes read from one input (.jsonl.gz, stdin)

    @property
    def line_bytes(self) -> int:
        # 6 bytes: a character written as a \uXXXX escape (ensure_ascii JSON), the most a line can need
        return self.max_line_bytes if self.max_line_bytes is not None else 6 * self.max_chars + 2**20

    @property
    def file_bytes(self) -> int:
        """Largest .txt or .html file read: 4 bytes per character (UTF-8's, and UTF-16's, most), + BOM."""
        return 4 * self.max_chars + 4


DEFAULT_LIMITS = Limits()


def human_bytes(n: int) -> str:
    for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n} bytes"


def too_long(n_chars: int, limits: Limits) -> str:
    return f"article too long: {n_chars:,} characters, more than --max-chars {limits.max_chars:,}"


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
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > 256 * 2**20:
            return urls
        with open(path, encoding="utf-8-sig") as fh:
            for line in fh:
                cols = line.rstrip("\r\n").split("\t")
                if len(cols) >= 2 and cols[0] and cols[0] != "doc_id":
                    urls[cols[0].strip()] = cols[1].strip()
    except (OSError, UnicodeDecodeError):
        pass
    return urls


_FILE_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe); to read a pipe, give - and pipe it to standard input"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def open_regular(path: str) -> tuple[int | None, int, str | None]:
    """(file descriptor, size, None) for a regular file; (None, 0, reason) for anything else.

    Checked before opening (a FIFO would block `open`, a device may do anything when opened) and again
    on the open descriptor, which is opened non-blocking in case the path changed in between."""
    try:
        st = os.stat(path)
    except OSError as exc:
        return None, 0, _os_reason(exc)
    if stat.S_ISDIR(st.st_mode):
        return None, 0, "is a directory"
    for test, what in _FILE_KINDS:
        if test(st.st_mode):
            return None, 0, f"not a regular file: {what}"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return None, 0, _os_reason(exc)
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        return None, 0, "not a regular file"
    os.set_blocking(fd, True)
    return fd, st.st_size, None


def _read_regular(fd: int, size: int, limit: int) -> bytes:
    """A regular file's bytes, at most `limit` + 1 (one byte more than allowed says it is too large): the
    size it had when opened in one read (no buffer of the limit's size), then to the end of the file (a
    short read, or bytes it grew by since)."""
    parts = [os.read(fd, min(size, limit) + 1)]
    total = len(parts[0])
    while parts[-1] and total <= limit:
        parts.append(os.read(fd, min(_CHUNK, limit + 1 - total)))
        total += len(parts[-1])
    data = [part for part in parts if part]
    return data[0] if len(data) == 1 else b"".join(data)  # one part: no copy


def read_docs(
    args: Iterable[str],
    exclude: Iterable[str | os.PathLike] = (),
    stdin: BinaryIO | Stdin | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Doc]:
    """Every article named by `args`, one `Doc` at a time (errors included, as `Doc.error`)."""
    sources = _Sources()
    for entry in expand_paths(args, exclude):
        path = entry.path
        if entry.error is not None:
            kind = _kind(path)
            yield Doc(Path(path).stem if kind and kind != "jsonl" else None, path, error=entry.error)
            continue
        if path == STDIN:
            sniffed = stdin if isinstance(stdin, Stdin) else sniff_stdin(stdin or sys.stdin.buffer, limits)
            if sniffed is not None:
                yield from read_jsonl(sniffed, "<stdin>", limits)
            continue
        kind = _kind(path)
        if kind == "jsonl":
            yield from _read_jsonl_file(path, limits)
            continue
        doc_id = Path(path).stem
        fd, size, error = open_regular(path)
        if fd is None:
            yield Doc(doc_id, path, error=error)
            continue
        try:
            if size > limits.file_bytes:
                yield Doc(doc_id, path, error=f"file too large: {human_bytes(size)}; " + _file_limit(limits))
                continue
            try:
                raw = _read_regular(fd, size, limits.file_bytes)
            except OSError as exc:
                yield Doc(doc_id, path, error=_os_reason(exc))
                continue
        finally:
            os.close(fd)
        if len(raw) > limits.file_bytes:  # it grew while we looked
            yield Doc(doc_id, path, error="file too large; " + _file_limit(limits))
            continue
        # Any other name given explicitly is read as text.
        yield Doc(
            doc_id,
            path,
            fmt="html" if kind == "html" else "txt",
            raw=raw,
            url=sources.url(path, doc_id),
            max_chars=limits.max_chars,
        )


def _file_limit(limits: Limits) -> str:
    return (
        f"an article has at most --max-chars {limits.max_chars:,} characters "
        f"({human_bytes(limits.file_bytes)} at 4 bytes each)"
    )


GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 2**20
_NONSPACE = re.compile(rb"[^ \t\r\n\f\v]")


def _read_some(fh: BinaryIO, n: int) -> bytes:
    """Up to n bytes, without waiting for n when fewer are there (a slow pipe is read as it comes)."""
    read1 = getattr(fh, "read1", None)
    return read1(n) if read1 is not None else fh.read(n)


class _Prefixed(io.RawIOBase):
    """A stream that gives `head` first, then the rest of `rest` (bytes already read while sniffing)."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        if self._head:
            n = min(len(buf), len(self._head))
            buf[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = _read_some(self._rest, len(buf))
        buf[: len(data)] = data
        return len(data)


def _gunzip_if_gzip(fh: BinaryIO) -> tuple[BinaryIO, bool]:
    """`fh`, decompressed when it starts with gzip's magic bytes (whatever its name says)."""
    head = b""
    while len(head) < 2:
        more = _read_some(fh, 2 - len(head))
        if not more:
            break
        head += more
    stream: BinaryIO = io.BufferedReader(_Prefixed(head, fh), buffer_size=_CHUNK)  # type: ignore[arg-type]
    if head == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=stream, mode="rb"), True  # type: ignore[return-value]
    return stream, False


class UsageError(ValueError):
    """Input that the command line refuses before it starts (the message says what to do instead)."""


@dataclass
class Stdin:
    """Standard input checked before the run starts: gzip or not, and the first line is JSON."""

    stream: BinaryIO
    gzipped: bool
    first_line: int  # number of the first non-blank line (blank lines before it are already read)


def sniff_stdin(raw: BinaryIO, limits: Limits = DEFAULT_LIMITS) -> Stdin | None:
    """Check that standard input is JSONL (plain or gzip, told by its magic bytes) before anything is
    written; None when it holds nothing but blank lines. Raises UsageError with a hint otherwise."""
    isatty = getattr(raw, "isatty", None)
    if isatty is not None and isatty():
        raise UsageError(
            "standard input is a terminal; pipe JSONL into it (zcat dump.jsonl.gz | extractor extract - ...) "
            "or name the files to read"
        )
    stream, gzipped = _gunzip_if_gzip(raw)
    lines_before, seen = 0, 0
    while True:
        try:
            chunk = _read_some(stream, _CHUNK)
        except (OSError, EOFError, zlib.error) as exc:
            raise UsageError(
                f"standard input starts like gzip but cannot be decompressed ({_one_line(exc)})"
            ) from None
        if not chunk:
            return None
        seen += len(chunk)
        m = None if chunk.isspace() else _NONSPACE.search(chunk)
        if m is None:  # blank lines: skipped at C speed, only counted
            lines_before += chunk.count(b"\n")
            if seen > limits.max_input_bytes:
                raise UsageError(
                    f"standard input: more than {human_bytes(limits.max_input_bytes)} of blank lines"
                )
            continue
        line_start = chunk.rfind(b"\n", 0, m.start()) + 1
        lines_before += chunk.count(b"\n", 0, line_start)
        rest = chunk[m.start() :]
        if not (rest.startswith(b"{") or rest.startswith(codecs.BOM_UTF8 + b"{")):
            while len(rest) < 40 and (more := _read_some(stream, 40)):  # enough to show what it is
                rest += more
            what = "gzip-compressed text" if gzipped else "text"
            shown = rest[:40].decode("utf-8", "replace").split("\n")[0]
            raise UsageError(
                f"standard input is {what} but not JSONL (it starts with {shown!r}; each line must be a JSON "
                'object such as {"id": "a1", "text": "..."}); to extract a text or HTML file, give its name: '
                "extractor extract FILE.txt -o out.jsonl"
            )
        replay = io.BufferedReader(_Prefixed(chunk[line_start:], stream), buffer_size=_CHUNK)  # type: ignore[arg-type]
        return Stdin(replay, gzipped, lines_before + 1)  # type: ignore[arg-type]


def _read_jsonl_file(path: str, limits: Limits) -> Iterator[Doc]:
    fd, _, error = open_regular(path)
    if fd is None:
        yield Doc(None, path, error=error)
        return
    with os.fdopen(fd, "rb") as raw:
        try:
            fh, _ = _gunzip_if_gzip(raw)
        except OSError as exc:
            yield Doc(None, path, error=_os_reason(exc))
            return
        yield from read_jsonl(fh, path, limits)


def read_jsonl(
    fh: BinaryIO | Stdin, name: str, limits: Limits = DEFAULT_LIMITS, first_line: int = 1
) -> Iterator[Doc]:
    """Articles from JSONL lines {"id", "text", "url"?, "title"?, "published"?}; a bad line: an error Doc.

    Read in blocks, not lines: blank lines are skipped at C speed (a gzip bomb of blank lines ends in
    seconds), a line longer than `limits.line_bytes` is one error and is skipped without being held, and
    reading stops, with one error, after `limits.max_input_bytes` decompressed bytes. Plain or gzip by
    magic bytes (stdin too, via `sniff_stdin`)."""
    if isinstance(fh, Stdin):
        fh, first_line = fh.stream, fh.first_line
    max_line = limits.line_bytes
    buf = bytearray()
    n = first_line - 1  # lines before `buf`
    total = 0
    skipping = False  # inside a line that was too long: drop bytes up to its end
    over = False  # the input went past max_input_bytes: the lines before the bound are read, then stop
    while True:
        try:
            chunk = _read_some(fh, _CHUNK)
        except (OSError, EOFError, zlib.error) as exc:  # truncated or corrupt .gz
            yield Doc(None, f"{name}:{n + 1}", error=f"cannot read further: {_one_line(exc)}")
            return
        if chunk:
            total += len(chunk)
            if total > limits.max_input_bytes:
                chunk = chunk[: len(chunk) - (total - limits.max_input_bytes)]
                over = True
        if skipping:
            nl = chunk.find(b"\n")
            if nl < 0 and chunk:
                continue
            skipping = False
            n += 1
            chunk = chunk[nl + 1 :] if nl >= 0 else b""
        buf += chunk
        if chunk and buf.isspace():  # the common case in a run of blank lines: one C-speed test
            n += buf.count(b"\n")
            buf.clear()
            continue
        pos = 0
        while True:
            m = _NONSPACE.search(buf, pos)
            if m is None:  # only blank lines left (and maybe the blank start of the next one): drop them
                n += buf.count(b"\n", pos)
                pos = len(buf)
                break
            before = buf.rfind(b"\n", pos, m.start())
            line_start = before + 1 if before >= 0 else pos
            n += buf.count(b"\n", pos, line_start)
            nl = buf.find(b"\n", m.start())
            if nl < 0:
                pos = line_start
                break
            n += 1
            if nl - line_start > max_line:
                yield _too_long_line(name, n, nl - line_start, max_line)
            else:
                yield _parse_line(bytes(buf[line_start:nl]), f"{name}:{n}", first=n == 1, limits=limits)
            pos = nl + 1
        del buf[:pos]
        if over:
            yield Doc(
                None,
                f"{name}:{n + 1}",
                error=f"input larger than {human_bytes(limits.max_input_bytes)} (--max-input-size): "
                "stopped reading it here",
            )
            return
        if len(buf) > max_line:  # a line that does not end within the limit: report it, drop the rest
            yield _too_long_line(name, n + 1, len(buf), max_line, at_least=True)
            buf.clear()
            skipping = True
            continue
        if not chunk:
            if buf.strip():
                n += 1
                yield _parse_line(bytes(buf), f"{name}:{n}", first=n == 1, limits=limits)
            return


def _too_long_line(name: str, n: int, size: int, max_line: int, at_least: bool = False) -> Doc:
    more = "more than " if at_least else ""
    return Doc(
        None,
        f"{name}:{n}",
        error=f"line too long: {more}{human_bytes(size)}, the limit is {human_bytes(max_line)} "
        "(--max-line-bytes, or raise --max-chars); skipped",
    )


def _parse_line(line: bytes, source: str, first: bool, limits: Limits = DEFAULT_LIMITS) -> Doc:
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
    if len(text) > limits.max_chars:
        return Doc(doc_id, source, error=too_long(len(text), limits))

    def opt(key: str) -> str | None:
        value = obj.get(key)
        return str(value) if value not in (None, "") else None

    return Doc(doc_id, source, text=text, url=opt("url"), title=opt("title"), published=opt("published"))
