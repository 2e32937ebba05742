"""`python -m disclosure` runs the same command as the `disclosure` console script."""

from disclosure.cli import main

if __name__ == "__main__":
    main()
