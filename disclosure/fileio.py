"""Bounded, non-blocking reading of one input file, shared by the readers and the ingest parent.

Why not `Path.read_bytes()`: opening a FIFO blocks until a writer appears, `/dev/zero` never ends,
and a multi-GB file is read whole into memory. Here the file is opened with O_NONBLOCK (which makes
`open` of a FIFO return at once and is a no-op for regular files), checked with `fstat` on the open
descriptor (so a path swapped between check and read cannot slip through), refused unless it is a
regular file, and read at most `limit + 1` bytes. The ingest parent hashes files with the same
function, so it never blocks on a file either.

Also here: `display_name`, because POSIX file names are bytes and a name that is not valid UTF-8
arrives in Python as a str with lone surrogates, which every UTF-8 writer (Parquet, JSON, the
terminal) refuses. Such names are shown and stored with U+FFFD in place of the bad bytes.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from disclosure import limits
from disclosure.errors import InputError, display_name

__all__ = ["display_name", "read_limited", "sha256_limited"]

_KIND_NAMES = (
    (stat.S_ISDIR, "这是一个目录，不是文件 (is a directory)"),
    (stat.S_ISFIFO, "这是一个管道 (FIFO)，不是普通文件 (not a regular file: FIFO)"),
    (stat.S_ISCHR, "这是一个设备文件，不是普通文件 (not a regular file: character device)"),
    (stat.S_ISBLK, "这是一个设备文件，不是普通文件 (not a regular file: block device)"),
    (stat.S_ISSOCK, "这是一个套接字，不是普通文件 (not a regular file: socket)"),
)


def _not_regular(mode: int) -> str:
    for test, reason in _KIND_NAMES:
        if test(mode):
            return reason
    return "不是普通文件 (not a regular file)"


def _too_large(size: int, limit: int) -> str:
    return (
        f"文件过大：{size / 1048576:.2f} MB，超过上限 {limit / 1048576:g} MB "
        f"(file too large; raise --max-file-mb)"
    )


def _open(path: str | Path) -> int:
    try:
        return os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError(path, "文件不存在 (file not found)") from None
    except IsADirectoryError:
        raise InputError(path, _KIND_NAMES[0][1]) from None
    except OSError as exc:
        try:  # a socket cannot be opened at all (ENXIO): say what it is
            mode = os.stat(path).st_mode
        except OSError:
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode):
            raise InputError(path, _not_regular(mode)) from None
        raise InputError(path, f"无法读取文件 (cannot read file: {exc.strerror or exc})") from None


def _checked_fd(path: str | Path, limit: int) -> tuple[int, int]:
    """An open descriptor of a regular file no larger than `limit`, and its size."""
    fd = _open(path)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(path, _not_regular(st.st_mode))
        if st.st_size > limit:
            raise InputError(path, _too_large(st.st_size, limit))
    except BaseException:
        os.close(fd)
        raise
    return fd, st.st_size


def _chunks(fd: int, path: str | Path, limit: int, chunk: int = 1 << 20):  # noqa: ANN202 - generator
    total = 0
    while True:
        try:
            block = os.read(fd, chunk)
        except OSError as exc:
            raise InputError(path, f"无法读取文件 (cannot read file: {exc.strerror or exc})") from None
        if not block:
            return
        total += len(block)
        if total > limit:  # the file grew after fstat: still bounded
            raise InputError(path, _too_large(total, limit))
        yield block


def read_limited(path: str | Path, limit: int | None = None) -> bytes:
    """All bytes of a regular file of at most `limit` bytes (default: the configured limit)."""
    limit = limits.current().max_file_bytes if limit is None else limit
    fd, _size = _checked_fd(path, limit)
    try:
        return b"".join(_chunks(fd, path, limit))
    finally:
        os.close(fd)


def sha256_limited(path: str | Path, limit: int | None = None) -> str:
    """SHA-256 of a regular file, with the same refusals and bound as `read_limited`."""
    limit = limits.current().max_file_bytes if limit is None else limit
    fd, _size = _checked_fd(path, limit)
    h = hashlib.sha256()
    try:
        for block in _chunks(fd, path, limit):
            h.update(block)
    finally:
        os.close(fd)
    return h.hexdigest()
