"""`python -m disclosure.store ingest …`: the ingest command without the rest of the CLI."""

from disclosure.store.cli import main

main()
