"""Parse files in isolated worker processes: one process per file, a time limit and a memory limit.

Why hand-written instead of `concurrent.futures.ProcessPoolExecutor`: a pool cannot kill one hung
task (its timeout only stops *waiting*; the worker keeps running and a crashed worker breaks the
whole pool). Here each file gets its own process, forked from a `forkserver` that has already
imported the parser (so a fork costs milliseconds, not an import), and the parent SIGKILLs it when
its deadline passes. The memory limit is RLIMIT_AS set inside the worker before parsing, so a huge
file ends in MemoryError or death of that one process, never of the batch or the machine.

The worker also flattens the parse into table rows, so a parse that breaks the contract fails here,
isolated and logged, like any other bad file.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import signal
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from disclosure.store import faults


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
    # CPU seconds (user + system) of the worker process, fork to result: with `seconds` (wall) it
    # tells a slow parse from a starved one on a loaded machine (scripts/bench_ingest.py --pdf).
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


def _child(path: str, max_memory_mb: int | None, conn: Connection, forkserver: int | None = None) -> None:
    """Worker body: limit memory, parse, flatten, send ('ok', rows) or ('err', reason)."""
    die_with_parent(forkserver)
    try:
        if max_memory_mb:
            base = _vm_size_mb()
            if base and base + 64 > max_memory_mb:
                conn.send(
                    (
                        "err",
                        f"memory limit {max_memory_mb} MB is below the worker's baseline "
                        f"{base:.0f} MB; raise --max-memory-mb",
                    )
                )
                return
            limit = max_memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        from disclosure.errors import InputError
        from disclosure.pipeline import parse_file
        from disclosure.store.flatten import ContractError, flatten

        try:
            faults.worker_fault(path)  # test-only hook (disclosure.store.faults); a no-op normally
            report = parse_file(path)
            rows = flatten(report)
        except InputError as exc:
            conn.send(("err", exc.reason))
            return
        except ContractError as exc:
            conn.send(("err", f"parser output breaks the contract: {exc}"))
            return
        except MemoryError:
            conn.send(("err", f"memory limit exceeded ({max_memory_mb} MB)"))
            return
        except RecursionError:
            conn.send(("err", "parser error: recursion too deep"))
            return
        except Exception as exc:  # noqa: BLE001 - any parser bug fails this file only, with its reason
            tb = traceback.extract_tb(exc.__traceback__)
            at = f" at {os.path.basename(tb[-1].filename)}:{tb[-1].lineno}" if tb else ""
            conn.send(("err", f"parser error: {type(exc).__name__}: {exc}{at}"))
            return
        used = resource.getrusage(resource.RUSAGE_SELF)
        conn.send(("ok", rows, used.ru_utime + used.ru_stime))
    except MemoryError:
        try:
            conn.send(("err", f"memory limit exceeded ({max_memory_mb} MB)"))
        except Exception:  # noqa: BLE001
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
class _Running:
    task: Task
    proc: mp.process.BaseProcess
    conn: Connection
    started: float


def run(
    tasks: Iterable[Task],
    jobs: int,
    timeout: float | None,
    max_memory_mb: int | None,
    on_start: Callable[[Task], None] | None = None,
) -> Iterator[Outcome]:
    """Yield one Outcome per task as workers finish (completion order, not task order)."""
    ctx = _context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()  # started now, so every worker can check it has the right parent
    queue = deque(tasks)
    running: dict[int, _Running] = {}
    jobs = max(1, jobs)
    try:
        while queue or running:
            while queue and len(running) < jobs:
                task = queue.popleft()
                parent_conn, child_conn = ctx.Pipe(duplex=False)
                proc = ctx.Process(
                    target=_child, args=(task.path, max_memory_mb, child_conn, _forkserver_pid()), daemon=True
                )
                proc.start()
                child_conn.close()
                running[task.index] = _Running(task, proc, parent_conn, time.monotonic())
                if on_start:
                    on_start(task)
            now = time.monotonic()
            wait_for = None
            if timeout:
                wait_for = max(0.0, min(r.started + timeout for r in running.values()) - now)
            handles: list[Any] = [r.conn for r in running.values()] + [
                r.proc.sentinel for r in running.values()
            ]
            wait(handles, timeout=wait_for)
            for idx, r in list(running.items()):
                outcome = _collect(r, timeout, max_memory_mb)
                if outcome is not None:
                    del running[idx]
                    yield outcome
    finally:
        for r in running.values():  # interrupted (Ctrl-C, generator closed): leave no orphans
            if r.proc.is_alive():
                r.proc.kill()
            r.proc.join(1)
            r.conn.close()


def _collect(r: _Running, timeout: float | None, max_memory_mb: int | None) -> Outcome | None:
    """Outcome of a finished/overdue worker, or None while it is still legitimately running."""
    elapsed = time.monotonic() - r.started
    message = None
    if r.conn.poll():
        try:
            message = r.conn.recv()
        except (EOFError, OSError):
            message = None
        else:
            r.proc.join(5)
            if r.proc.is_alive():
                r.proc.kill()
                r.proc.join()
    elif r.proc.is_alive():
        if timeout and elapsed >= timeout:
            r.proc.kill()
            r.proc.join()
            r.conn.close()
            return Outcome(
                r.task.index,
                r.task.path,
                False,
                None,
                f"timed out after {timeout:g} s (worker killed)",
                elapsed,
            )
        return None
    r.proc.join()
    r.conn.close()
    if message is None:
        code = r.proc.exitcode
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
            hint = f"; memory limit {max_memory_mb} MB may have been hit" if max_memory_mb else ""
            reason = f"worker died ({name}){hint}"
        else:
            reason = f"worker exited with code {code} without a result"
        return Outcome(r.task.index, r.task.path, False, None, reason, elapsed)
    status, payload, *cpu = message
    if status == "ok":
        return Outcome(r.task.index, r.task.path, True, payload, None, elapsed, cpu[0] if cpu else None)
    return Outcome(r.task.index, r.task.path, False, None, str(payload), elapsed)
