"""Regression: parse workers must not re-run the starting process's `__main__` script.

multiprocessing re-runs the parent's `__main__` file in each forkserver/spawn child as `__mp_main__`.
Under Streamlit that file is the dashboard's page script, so the 管理 upload page's workers imported the
whole dashboard (a 5.7 GB address space, over the worker's 4 GB RLIMIT_AS: every file then failed with
"memory limit … below the worker's baseline") and ran page code. Here the main script leaves a marker
whenever it is imported under another name, and the file must still parse within a 1 GB limit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
ROOT = Path(__file__).resolve().parents[1]

_SCRIPT = """
import json, sys
from pathlib import Path
if __name__ != "__main__":  # imported again by a child process: the bug
    Path(sys.argv[1]).write_text(__name__)
    import streamlit  # noqa: F401 - what the dashboard's script brings into every worker
if __name__ == "__main__":
    import streamlit  # noqa: F401 - a parent process that holds the dashboard's modules
    from disclosure.store import worker
    out = list(worker.run([worker.Task(0, sys.argv[2])], 1, 120.0, 1024))
    print(json.dumps([out[0].ok, out[0].reason]))
"""


def test_workers_do_not_rerun_the_main_script(tmp_path: Path) -> None:
    script = tmp_path / "page.py"
    script.write_text(_SCRIPT, encoding="utf-8")
    marker = tmp_path / "rerun.txt"
    proc = subprocess.run(
        [sys.executable, str(script), str(marker), str(CORPUS / "pingtan_2024.txt")],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    ok, reason = json.loads(proc.stdout.strip().splitlines()[-1])
    assert not marker.exists(), f"a worker re-ran the main script as {marker.read_text()}"
    assert ok, reason
