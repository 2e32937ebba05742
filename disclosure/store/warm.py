"""Imported only by the parse forkserver (its preload list): warms the parser before any fork.

A module of its own so that the ingest parent process, which never parses, does not pay for it.
The forkserver needs no death signal of its own: multiprocessing ends it when the process that
started it dies (its "alive" pipe reaches EOF), and each worker dies with the forkserver
(worker.die_with_parent). A PR_SET_PDEATHSIG here would be tied to the starting *thread*, which in
the dashboard is a short-lived script thread, and would kill the forkserver under other sessions.
"""

from disclosure.store.worker import _warm_imports

_warm_imports()
