"""Parse files in isolated worker processes: a time limit and a memory limit per file.

Why hand-written instead of `concurrent.futures.ProcessPoolExecutor`: a pool cannot kill one hung
task (its timeout only stops *waiting*; the worker keeps running and a crashed worker breaks the
whole pool). Here at most `jobs` worker processes run, forked from a `forkserver` that has already
imported the parser (so a fork costs milliseconds, not an import); each parses up to
MAX_TASKS_PER_WORKER files one after another (a fork per file, with the copy-on-write faults of a
process holding the whole parser, cost more than parsing a text report). The parent SIGKILLs a
worker whose file is past its deadline and starts a fresh one for the next file. The memory limit
is RLIMIT_AS set inside the worker, so a huge file ends in MemoryError or death of that one process,
never of the batch or the machine; a file that fails that way in a worker that had parsed others
is tried once more in a fresh worker, so it is judged as if it had had a process of its own.

The worker also flattens the parse into table rows, so a parse that breaks the contract fails here,
isolated and logged, like any other bad file."""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import signal
import sys
import threading
import time
import traceback
import types
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from disclosure.store import faults

# Files one worker process parses before it is replaced: bounds what caches and fragmentation
# a long batch can leave behind, at the cost of one fork per this many files.
MAX_TASKS_PER_WORKER = 64


@dataclass(slots=True)
class Task:
    index: int
    path: str


@dataclass(slots=True)
class Outcome:
    index: int
    path: str
    ok: bool
    rows: dict[str, Any] | None
    reason: str | None
    seconds: float
    # CPU seconds (user + system) the worker spent on this file (parse and flatten): with `seconds`
    # (wall) it tells a slow parse from a starved one on a loaded machine (bench_ingest.py --pdf).
    cpu_seconds: float | None = None


def _warm_imports() -> None:
    """Import the whole parser once in the forkserver so each forked worker starts warm.

    The parser imports most of its modules lazily inside `parse_file`; without this every worker
    would pay those imports (about 0.7 s per file, several times the parse itself). A throw-away
    parse of a tiny synthetic text also compiles the regular expressions built on first use.
    """
    import importlib
    import pkgutil

    try:
        import disclosure

        for info in pkgutil.walk_packages(disclosure.__path__, "disclosure."):
            if info.name.startswith(
                (
                    "disclosure.readers",
                    "disclosure.parse",
                    "disclosure.checks",
                    "disclosure.r8",
                    "disclosure.rules",
                    "disclosure.pipeline",
                    "disclosure.numbers",
                )
            ) and not info.name.endswith("__main__"):
                try:
                    importlib.import_module(info.name)
                except Exception:  # noqa: BLE001 - optional parts (e.g. OCR) may be missing
                    pass
        import disclosure.store.flatten  # noqa: F401 - used by every worker
        from disclosure.pipeline import parse_document
        from disclosure.readers import read_bytes

        for text in _warm_up_texts():
            try:
                parse_document(read_bytes(text.encode("utf-8"), "warm-up.txt"))
            except Exception:  # noqa: BLE001 - only the side effect (warm caches) matters
                pass
    except Exception:  # noqa: BLE001 - a broken parser is reported per file by the worker
        pass


def _warm_up_texts() -> list[str]:
    """Synthetic 2021- and 2019-template reports built from the contract labels (no real data)."""
    from disclosure import contract

    texts = []
    for template, year in (("2021", 2024), ("2019", 2019)):
        lines = [
            f"某某县人民政府{year}年政府信息公开工作年度报告",
            f"本报告统计期限为{year}年1月1日至12月31日。",
            "一、总体情况",
            "政府网站全年发布信息1000余条，“某某发布”公众号推送信息200条，关注人数3000人。",
            "二、主动公开政府信息情况",
        ]
        for row, cols in contract.active_schema(template).items():
            lines.append(contract.ACTIVE_ROW_LABELS[row] + " " + " ".join("1" for _ in cols))
        lines.append("三、收到和处理政府信息公开申请情况")
        lines.append(" ".join(contract.REQUEST_COLUMN_LABELS.values()))
        for row in contract.request_row_keys(template):
            lines.append(
                contract.REQUEST_ROW_LABELS[row] + " " + " ".join("0" for _ in contract.REQUEST_COLUMNS)
            )
        lines.append("四、政府信息公开行政复议、行政诉讼情况")
        lines.append(" ".join("0" for _ in range(15)))
        lines += [
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
            "某某县人民政府办公室",
            f"{year + 1}年1月20日",
        ]
        texts.append("\n".join(lines))
    return texts


def _vm_size_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def die_with_parent(expected_parent: int | None = None) -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux prctl PR_SET_PDEATHSIG).

    Why the kernel and not a watchdog thread: a worker stuck in C code (a regular expression, PDFium)
    holds the GIL, so a Python thread could never run to end it. Each worker does this against the
    forkserver, which multiprocessing ends when the ingest process dies (see warm.py): killing only
    the ingest process (kill -9) ends the forkserver, which ends its workers — no orphan outlives its
    parent. If the parent died before the request took effect (a fork race), the process ends at once.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the parent's finally-block kill is all there is
        return
    if expected_parent is not None and os.getppid() != expected_parent:
        os._exit(1)
    # A forkserver child inherits the write end of the forkserver's "alive" pipe (so that it could
    # start processes itself); while any holder lives, the forkserver never sees the ingest process
    # die. Workers start nothing: drop it, so the forkserver ends with the ingest, and then us.
    try:
        from multiprocessing import forkserver

        fd = getattr(forkserver._forkserver, "_forkserver_alive_fd", None)  # noqa: SLF001
        if fd is not None:
            os.close(fd)
            setattr(forkserver._forkserver, "_forkserver_alive_fd", None)  # noqa: B010, SLF001 - private, not in the stubs
    except OSError:
        pass


def _limit_memory(max_memory_mb: int | None) -> str | None:
    """Set RLIMIT_AS for this worker; the reason every file fails when the limit is below its baseline."""
    if not max_memory_mb:
        return None
    base = _vm_size_mb()
    if base and base + 64 > max_memory_mb:
        return (
            f"memory limit {max_memory_mb} MB is below the worker's baseline "
            f"{base:.0f} MB; raise --max-memory-mb"
        )
    limit = max_memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return None


def _parse_one(path: str, max_memory_mb: int | None) -> tuple[Any, ...]:
    """('ok', rows, cpu seconds) or ('err', reason) or ('fatal', reason) for one file.

    'fatal': the worker's own state is suspect after it (memory exhausted, recursion blown): it
    reports the file and ends, and the parent starts a fresh worker for the next file.
    """
    from disclosure.errors import InputError
    from disclosure.pipeline import parse_file
    from disclosure.store.flatten import ContractError, flatten

    before = resource.getrusage(resource.RUSAGE_SELF)
    try:
        faults.worker_fault(path)  # test-only hook (disclosure.store.faults); a no-op normally
        report = parse_file(path)
        rows = flatten(report)
    except InputError as exc:
        return ("err", exc.reason)
    except ContractError as exc:
        return ("err", f"parser output breaks the contract: {exc}")
    except MemoryError:
        return ("fatal", f"memory limit exceeded ({max_memory_mb} MB)")
    except RecursionError:
        return ("fatal", "parser error: recursion too deep")
    except Exception as exc:  # noqa: BLE001 - any parser bug fails this file only, with its reason
        tb = traceback.extract_tb(exc.__traceback__)
        at = f" at {os.path.basename(tb[-1].filename)}:{tb[-1].lineno}" if tb else ""
        return ("err", f"parser error: {type(exc).__name__}: {exc}{at}")
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = used.ru_utime + used.ru_stime - before.ru_utime - before.ru_stime
    return ("ok", rows, cpu)


def _serve(max_memory_mb: int | None, conn: Connection, forkserver: int | None = None) -> None:
    """Worker body: limit memory once, then parse each path the parent sends until it sends None,
    MAX_TASKS_PER_WORKER files are done, or a file leaves the worker's state suspect ('fatal')."""
    die_with_parent(forkserver)
    try:
        refused = _limit_memory(max_memory_mb)
        for _ in range(MAX_TASKS_PER_WORKER):
            path = conn.recv()
            if path is None:
                return
            if refused:
                conn.send(("err", refused))
                continue
            try:
                message = _parse_one(path, max_memory_mb)
            except MemoryError:
                message = ("fatal", f"memory limit exceeded ({max_memory_mb} MB)")
            try:
                conn.send(message)
            except MemoryError:  # the rows could not even be pickled within the limit
                conn.send(("fatal", f"memory limit exceeded ({max_memory_mb} MB)"))
            if message[0] == "fatal":
                return
    except (EOFError, OSError):  # the parent went away: nothing to report to
        pass
    finally:
        conn.close()


def _context() -> mp.context.ForkServerContext | mp.context.SpawnContext:
    methods = mp.get_all_start_methods()
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["disclosure.store.worker", "disclosure.store.warm"])
        return ctx
    return mp.get_context("spawn")


def _forkserver_pid() -> int | None:
    """Pid of the running forkserver (the parent of every worker), None with other start methods."""
    from multiprocessing import forkserver

    return getattr(forkserver._forkserver, "_forkserver_pid", None)  # noqa: SLF001 - no public accessor


@dataclass(slots=True)
class _Worker:
    """One long-lived parse process and the file it is parsing (task None: idle)."""

    proc: mp.process.BaseProcess
    conn: Connection
    served: int = 0  # files sent to it so far
    task: Task | None = None
    started: float = 0.0
    retry: bool = False  # the current file is a second try in a fresh worker


_MAIN_SWAP = threading.Lock()


@contextmanager
def _without_main_script() -> Iterator[None]:
    """Hide the `__main__` script from multiprocessing while a worker starts.

    Why: a forkserver or spawn child first re-runs the parent's `__main__` file as `__mp_main__`
    (multiprocessing's "safe importing of main"). Under Streamlit `__main__` is the dashboard's page
    script (its script runner installs it, and AppTest leaves it there), so every parse worker started
    from the 管理 upload page re-ran app.py: it imported the whole dashboard (a 5.7 GB address space
    instead of 0.55 GB, above the worker's RLIMIT_AS) and executed page code in a worker. The worker's
    target lives in this importable module and needs nothing from `__main__`; a bare module named
    `__main__` (no file, no spec) makes multiprocessing skip the re-run. The swap lasts only while
    the start request is prepared, under a lock so two starting threads restore the right module.
    """
    with _MAIN_SWAP:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            if main is None:
                sys.modules.pop("__main__", None)
            else:
                sys.modules["__main__"] = main


def _start(ctx: Any, max_memory_mb: int | None) -> _Worker:
    parent_conn, child_conn = ctx.Pipe(duplex=True)
    proc = ctx.Process(target=_serve, args=(max_memory_mb, child_conn, _forkserver_pid()), daemon=True)
    with _without_main_script():
        proc.start()
    child_conn.close()
    return _Worker(proc, parent_conn)


def _retire(w: _Worker) -> None:
    if w.proc.is_alive():
        w.proc.kill()
    w.proc.join(5)
    w.conn.close()


def _send(ctx: Any, w: _Worker | None, task: Task, max_memory_mb: int | None) -> _Worker:
    """Hand `task` to `w` (or to a fresh worker when w is None or has died while idle)."""
    if w is not None:
        try:
            w.conn.send(task.path)
            return w
        except OSError:  # it died while idle (killed from outside): a fresh one takes the file
            _retire(w)
    w = _start(ctx, max_memory_mb)
    w.conn.send(task.path)
    return w


def run(
    tasks: Iterable[Task],
    jobs: int,
    timeout: float | None,
    max_memory_mb: int | None,
    on_start: Callable[[Task], None] | None = None,
) -> Iterator[Outcome]:
    """Yield one Outcome per task as workers finish (completion order, not task order).

    At most `jobs` worker processes, each parsing up to MAX_TASKS_PER_WORKER files one after the
    other (a fork and its copy-on-write faults per file cost several times a text report's parse).
    Isolation stays per file: an overdue worker is killed and its file alone times out; a worker
    that dies or runs out of memory fails its file, and is replaced. Because a worker that served
    earlier files might fail from their leftovers rather than this file, such a file is tried once
    more in a fresh worker before it is reported (a fresh worker is what every file got before).
    """
    ctx = _context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()  # started now, so every worker can check it has the right parent
    queue: deque[tuple[Task, bool]] = deque((t, False) for t in tasks)
    idle: list[_Worker] = []
    busy: list[_Worker] = []
    jobs = max(1, jobs)
    try:
        while queue or busy:
            while queue and len(busy) < jobs:
                task, retry = queue.popleft()
                w = idle.pop() if idle else None
                if retry and w is not None:
                    _retire(w)
                    w = None
                w = _send(ctx, w, task, max_memory_mb)
                w.task, w.started, w.retry = task, time.monotonic(), retry
                w.served += 1
                busy.append(w)
                if on_start:
                    on_start(task)
            now = time.monotonic()
            wait_for = None
            if timeout:
                wait_for = max(0.0, min(w.started + timeout for w in busy) - now)
            handles: list[Any] = [w.conn for w in busy] + [w.proc.sentinel for w in busy]
            wait(handles, timeout=wait_for)
            for w in list(busy):
                collected = _collect(w, timeout, max_memory_mb)
                if collected is None:
                    continue
                outcome, alive, retryable = collected
                busy.remove(w)
                done, w.task = w.task, None
                if alive and w.served < MAX_TASKS_PER_WORKER:
                    idle.append(w)
                else:
                    _retire(w)
                if retryable and w.served > 1 and not w.retry and done is not None:
                    queue.appendleft((done, True))
                    continue
                yield outcome
    finally:
        for w in busy + idle:  # done or interrupted (Ctrl-C, generator closed): leave no orphans
            _retire(w)


def _collect(
    w: _Worker, timeout: float | None, max_memory_mb: int | None
) -> tuple[Outcome, bool, bool] | None:
    """(outcome, worker still usable, worth a second try in a fresh worker) of a worker that
    answered, died or is overdue; None while it is still legitimately parsing."""
    task = w.task
    assert task is not None  # only busy workers are collected
    elapsed = time.monotonic() - w.started
    message = None
    if w.conn.poll():
        try:
            message = w.conn.recv()
        except (EOFError, OSError):
            message = None
    elif w.proc.is_alive():
        if timeout and elapsed >= timeout:
            w.proc.kill()
            reason = f"timed out after {timeout:g} s (worker killed)"
            return Outcome(task.index, task.path, False, None, reason, elapsed), False, False
        return None
    if message is None:
        w.proc.join(5)
        code = w.proc.exitcode
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
            hint = f"; memory limit {max_memory_mb} MB may have been hit" if max_memory_mb else ""
            reason = f"worker died ({name}){hint}"
        else:
            reason = f"worker exited with code {code} without a result"
        return Outcome(task.index, task.path, False, None, reason, elapsed), False, True
    status, payload, *cpu = message
    if status == "ok":
        return (
            Outcome(task.index, task.path, True, payload, None, elapsed, cpu[0] if cpu else None),
            True,
            False,
        )
    fatal = status == "fatal"
    return Outcome(task.index, task.path, False, None, str(payload), elapsed), not fatal, fatal
