"""Imported only by the parse forkserver (its preload list): warms the parser before any fork.

A module of its own so that the ingest parent process, which never parses, does not pay for it.
"""

from disclosure.store.worker import _warm_imports

_warm_imports()
