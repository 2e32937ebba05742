"""Imported only by the parse forkserver (its preload list): warms the parser before any fork.

A module of its own so that the ingest parent process, which never parses, does not pay for it.
"""

import os

from disclosure.store.worker import PARENT_ENV, _warm_imports, die_with_parent

# This module runs in the forkserver only: it must not outlive the ingest process that started it.
die_with_parent(int(os.environ[PARENT_ENV]) if os.environ.get(PARENT_ENV, "").isdigit() else None)
_warm_imports()
